"""Shared fixtures: the embedded dataset, a tiny test dataset, a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from orient.cli.app import app
from orient.dataset import Dataset, embedded_data_dir, load
from orient.models import Formation
from orient.profile import BacReader

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never touch the user's cache or imports, nor depend on them."""
    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("ORIENT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("ORIENT_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")  # tables as piped output gets them, whatever runs the tests


@pytest.fixture(scope="session")
def _session_dirs(tmp_path_factory):
    """The cache and data folders of the session-wide fixtures, made before any test's own
    (:func:`_isolated_cache`, the same cache folder): never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ORIENT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
        patch.setenv("ORIENT_DATA_DIR", str(tmp_path_factory.mktemp("session-data")))
        patch.delenv("ORIENT_DATA", raising=False)
        yield


@pytest.fixture(scope="session")
def dataset(_session_dirs) -> Dataset:
    return load(embedded_data_dir())


@pytest.fixture(scope="session")
def mini(_session_dirs) -> Dataset:
    return load(FIXTURES / "mini")


@pytest.fixture(scope="session")
def reader(dataset) -> BacReader:
    return BacReader(dataset.referential)


class Result:
    """A CLI run: ``stdout`` and ``stderr`` with French no-break spaces read as plain spaces (tests
    check words, not typography); ``raw_stdout`` and ``raw_stderr`` as printed."""

    def __init__(self, result) -> None:
        self.result = result
        self.exit_code = result.exit_code
        self.exception = result.exception
        self.raw_stdout = result.stdout
        self.raw_stderr = result.stderr
        self.stdout = _plain(result.stdout)
        self.stderr = _plain(result.stderr)
        self.output = _plain(result.output)


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return Result(self.runner.invoke(app, list(args), env=env, input=input))


@pytest.fixture
def run() -> Run:
    return Run()


def build_cards(folder: Path, embedded: Dataset) -> Dataset:
    """The embedded dataset merged with the ONISEP cards of ``folder`` (formations and métiers), built in memory."""
    import datetime as dt

    from orient.onisep.access import AccessParser
    from orient.onisep.build import Builder
    from orient.onisep.cards import FormationCard, MetierCard
    from orient.onisep.markdown import card_files, read_card
    from orient.onisep.store import merge

    cards = [read_card(p, p.name) for p in card_files([folder]) if p.suffix == ".md"]
    formations = [c for c in cards if isinstance(c, FormationCard)]
    metiers = [c for c in cards if isinstance(c, MetierCard)]
    day = dt.date(2026, 12, 1)
    builder = Builder(embedded, AccessParser(embedded.referential))
    records, metier_records, parsed = builder.build(formations, metiers, {c.onisep: day for c in (*formations, *metiers)})
    merged = merge(embedded, records, metier_records)
    merged.parsed = parsed  # type: ignore[attr-defined]  # how each card's access text was read, for coverage tests
    return merged


@pytest.fixture(scope="session")
def labelled(dataset) -> Dataset:
    """The embedded dataset with the hand-labelled fixture cards (``fixtures/labelled``)."""
    return build_cards(FIXTURES / "labelled" / "formations", dataset)


@pytest.fixture(scope="session")
def corpus(dataset) -> Dataset:
    """The embedded dataset with the whole shared ONISEP corpus; skips when ``../shared`` is absent."""
    folder = SHARED / "corpus" / "onisep"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/onisep absent")
    return build_cards(folder, dataset)


CEC = {-1: 3, 0: 4, 1: 0, 2: 5, 3: 6, 5: 7}  # the certification level (cadre européen) of a bac+N (none at bac+1)


def make_formation(fid: str, name: str, kind: str, bac_plus: int, *, years: float = 2, **fields: Any) -> Formation:
    """A formation record for a test: its id, name, type and level (bac+N), and any other field."""
    return msgspec.convert(
        {
            "id": fid,
            "name": name,
            "type": kind,
            "duration_years": years,
            "level": {"cec": CEC[bac_plus], "bac_plus": bac_plus},
            "description": "Formation de test.",
            "sources": [{"label": "test"}],
            "checked": "2026-12-01",
            **fields,
        },
        Formation,
    )
