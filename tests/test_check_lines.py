"""A long ``check`` listing is written from parts the import wrote (:mod:`orient.check_lines`): the
same JSON as each row encoded whole, for any profile and any wishes, on the fixture cards and on
the whole corpus; and the verdicts and fits shared over a listing are those found alone."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SHARED
from orient.check_lines import CheckLines
from orient.check_records import CheckRecord
from orient.dataset import Dataset
from orient.eligibility import assess
from orient.fit import assess_fit, covered_tags, read_wishes
from orient.jsontext import encoded
from orient.profile import Profile
from orient.records import check, check_row, listed_ids

INTERESTS = [None, "cinéma, lumière", "soigner", "mécanique automobile", "droit", "informatique, jeux vidéo"]
STRENGTHS = [None, "anglais, travail en équipe", "sciences"]


def _imported(run, *folders) -> Dataset:
    from orient.onisep.store import load_merged

    assert run("data", "import", "onisep", *map(str, folders)).exit_code == 0
    dataset = load_merged()
    assert dataset.check_rows
    return dataset


def _profiles(dataset: Dataset) -> st.SearchStrategy[tuple[Profile, str | None, str | None]]:
    tracks = list(dataset.referential.tracks)

    @st.composite
    def draw(draw) -> tuple[Profile, str | None, str | None]:
        track = draw(st.sampled_from(tracks))
        specs = draw(st.lists(st.sampled_from(track.specialites), max_size=2, unique=True)) if track.specialites else []
        profile = Profile(
            track=track,
            specialites=tuple(specs),
            level=draw(st.integers(min_value=0, max_value=5)),
            age=draw(st.none() | st.integers(min_value=15, max_value=45)),
        )
        return profile, draw(st.sampled_from(INTERESTS)), draw(st.sampled_from(STRENGTHS))

    return draw()


def _same_lines(dataset: Dataset, profile: Profile, interests: str | None, strengths: str | None) -> int:
    """Every line joined from parts is the row encoded whole, and every shared verdict and fit is the
    one found alone; how many formations were listed."""
    wishes = read_wishes(dataset, profile, interests, strengths)
    results = check(dataset, profile, wishes=wishes, ids=listed_ids(dataset), light=True)
    lines = list(CheckLines(dataset).lines(results))
    covered = covered_tags(dataset, wishes)
    engine = None
    if wishes.terms:
        from orient.retrieval import Engine

        engine = Engine(dataset)
    for result, line in zip(results, lines, strict=True):
        assert line == encoded(check_row(result, dataset)), result.formation.id
        alone = assess(result.formation, profile, dataset)
        assert result.verdict == alone, result.formation.id
        assert result.fit == assess_fit(result.formation, dataset, wishes, engine, covered, alone), result.formation.id
    return len(results)


def test_lines_from_parts_are_the_rows_on_the_fixture_cards(run):
    dataset = _imported(run, FIXTURES / "onisep", FIXTURES / "onisep-merge", FIXTURES / "labelled" / "formations")
    # (read as what check reads of them, until a row made whole reads them whole)
    results = check(dataset, Profile(track=dataset.tracks["STI2D"]), ids=listed_ids(dataset), light=True)
    assert all(isinstance(r.formation, CheckRecord) and r.formation.row is not None for r in results if r.formation.imported)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(_profiles(dataset))
    def same(drawn: tuple[Profile, str | None, str | None]) -> None:
        _same_lines(dataset, *drawn)

    same()


def test_the_cli_writes_the_rows_it_joins(run):
    """``check --format json``, joined from parts, against the rows the library gives."""
    dataset = _imported(run, FIXTURES / "onisep", FIXTURES / "onisep-merge")
    out = run("check", "--bac", "STI2D", "--interets", "cinéma", "--format", "json")
    assert out.exit_code == 0
    rows = json.loads(out.stdout)
    profile = Profile(track=dataset.tracks["STI2D"])
    wishes = read_wishes(dataset, profile, "cinéma", None)
    expected = [check_row(r, dataset) for r in check(dataset, profile, wishes=wishes, sort="fit", ids=listed_ids(dataset))]
    assert [{k: v for k, v in row.items() if k != "profile"} for row in rows] == expected
    assert len({json.dumps(row["profile"]) for row in rows}) == 1


def test_lines_from_parts_are_the_rows_over_the_corpus(run):
    folder = SHARED / "corpus" / "onisep"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/onisep absent")
    dataset = _imported(run, folder)
    tracks = dataset.tracks
    maths_pc = tuple(s for s in tracks["GENERAL"].specialites if s.code in ("MATHS", "PC"))
    cases = [
        (Profile(track=tracks["STI2D"]), None, None),
        (Profile(track=tracks["STI2D"]), "cinéma, lumière", None),
        (Profile(track=tracks["GENERAL"], specialites=maths_pc), None, "anglais"),
        (Profile(track=tracks["STMG"], level=2, age=30), "commerce", None),
        (Profile(track=tracks["PRO"], specialites=tracks["PRO"].specialites[:1]), None, None),
    ]
    assert all(_same_lines(dataset, *case) > 1000 for case in cases)


def test_a_damaged_check_record_is_said_by_check(run):
    """What ``check`` reads of a formation is checked as the formation is: a damaged one is said."""
    from orient.onisep import store

    _imported(run, FIXTURES / "onisep")
    path = store.store_path()
    data = bytearray(path.read_bytes())
    mapped = store._read_records(path)
    raw = bytes(mapped.cores[0])
    at = len(data) - len(mapped.tail) + bytes(mapped.tail).index(raw) + len(raw) // 2
    data[at] ^= 1
    path.write_bytes(bytes(data))
    result = run("check", "--bac", "STI2D", "--format", "json")
    assert result.exit_code == 1
    assert "est abîmé" in result.output and "somme de contrôle" in result.output


def test_an_import_written_without_check_records_lists_the_same(run, monkeypatch):
    """An import written by an earlier version (no record of what check reads): the formations are
    read whole, and the listing is the same."""
    from orient.blocks import Block
    from orient.onisep import store

    _imported(run, FIXTURES / "onisep", FIXTURES / "onisep-merge")
    args = ("check", "--bac", "STI2D", "--interets", "cinéma", "--format", "json")
    expected = run(*args)
    read = store._read_records

    def without_check_records(path):
        mapped = read(path)
        return mapped._replace(cores=store._slices(mapped.tail, Block(), path))

    monkeypatch.setattr(store, "_read_records", without_check_records)
    assert not store.load_merged().check_rows
    again = run(*args)
    assert again.exit_code == expected.exit_code == 0 and again.stdout == expected.stdout


def test_results_are_left_to_the_end_of_the_process_only_when_it_ends_at_once(run, monkeypatch):
    """A long listing's results are kept for the system to free when ``orient`` ends its process
    at once; called from Python (here), nothing is kept."""
    from orient.cli import app

    assert run("check", "--bac", "STI2D", "--format", "json").exit_code == 0
    assert app._SPARED == []
    monkeypatch.setattr(app, "_SPARED", [])
    monkeypatch.setattr(app, "_ENDS_AT_ONCE", True)
    assert run("check", "--bac", "STI2D", "--format", "json").exit_code == 0
    assert app._SPARED and all(r.verdict for kept in app._SPARED for results in kept for r in results)
