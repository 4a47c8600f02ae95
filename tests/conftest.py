"""Shared fixtures: the embedded dataset, a tiny test dataset, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from orient.cli.app import app
from orient.dataset import Dataset, embedded_data_dir, load
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


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load(embedded_data_dir())


@pytest.fixture(scope="session")
def mini() -> Dataset:
    return load(FIXTURES / "mini")


@pytest.fixture(scope="session")
def reader(dataset) -> BacReader:
    return BacReader(dataset.referential)


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None):
        return self.runner.invoke(app, list(args), env=env)


@pytest.fixture
def run() -> Run:
    return Run()
