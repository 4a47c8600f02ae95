"""Types of formation as people name them: --type, --tous-niveaux, orient types, and no raw ONISEP label shown."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES

CARDS = [str(FIXTURES / "onisep" / "formations"), str(FIXTURES / "onisep" / "metiers")]


@pytest.fixture
def imported(run):
    assert run("data", "import", "onisep", *CARDS).exit_code == 0
    return run


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("licence pro", "licence pro"),
        ("licence professionnelle", "licence pro"),
        ("Diplôme d'ingénieur", "ingénieur"),
        ("cap", "CAP"),
        ("CS (ex MC)", "CS"),
        ("mastère spécialisé", "MS"),
        ("école de commerce", "école de commerce"),
    ],
)
def test_types_are_read_by_code_name_alias_or_onisep_label(dataset, typed, code):
    from orient.search import check_types

    assert check_types(dataset, [typed]) == [code]


def test_several_types_at_once(imported):
    rows = json.loads(imported("check", "--bac", "général", "--type", "BTS", "--type", "BUT", "-f", "json").stdout)
    assert rows and {r["type"] for r in rows} == {"BTS", "BUT"}
    same = json.loads(imported("check", "--bac", "général", "--type", "BTS,BUT", "-f", "json").stdout)
    assert [r["id"] for r in same] == [r["id"] for r in rows]


def test_an_unknown_type_gets_a_suggestion(run):
    result = run("check", "--bac", "général", "--type", "licence prof")
    assert result.exit_code == 2
    assert "Type de formation inconnu" in result.stderr and "Vouliez-vous dire licence pro" in result.stderr
    assert "orient types" in result.stderr


def test_pre_bac_formations_appear_only_when_asked_for(imported):
    default = {r["id"] for r in json.loads(imported("check", "--bac", "général", "-f", "json").stdout)}
    everything = {r["id"] for r in json.loads(imported("check", "--bac", "général", "--tous-niveaux", "-f", "json").stdout)}
    caps = json.loads(imported("check", "--bac", "général", "--type", "CAP", "-f", "json").stdout)
    assert "FOR.90006" not in default and "FOR.90006" in everything
    assert [r["id"] for r in caps] == ["FOR.90006"] and caps[0]["verdict"] == "possible"
    shown = json.loads(imported("show", "FOR.90006", "--bac", "général", "-f", "json").stdout)
    assert shown["verdict"] == "possible" and shown["rule"]["basis"] in ("card", "national")


def test_rows_carry_the_type_code_and_name_and_the_rule(imported):
    rows = json.loads(imported("check", "--bac", "général", "-f", "json").stdout)
    lp = next(r for r in rows if r["id"] == "FOR.90003")
    assert (lp["type"], lp["type_name"]) == ("licence pro", "licence professionnelle")
    for row in rows:
        assert set(row["rule"]) == {"basis", "id", "source", "url"}
        assert row["rule"]["basis"] in ("card", "national", "none")
        assert row["rule"]["source"]


def test_no_raw_onisep_label_reaches_a_person(imported, dataset):
    codes = {t.code for t in dataset.referential.formation_types}
    rows = json.loads(imported("check", "--bac", "général", "--tous-niveaux", "-f", "json").stdout)
    assert {r["type"] for r in rows} <= codes
    table = imported("check", "--bac", "général", "--tous-niveaux").stdout
    for label in ("(CS (ex MC))", "bac + 3", "après concours", "diplôme d'université (DU)"):
        assert label not in table


def test_orient_types_lists_each_type_with_its_rule_and_source(run):
    rows = json.loads(run("types", "-f", "json").stdout)
    by_code = {r["code"]: r for r in rows}
    assert by_code["master"]["rule"]["source"].startswith("Code de l'éducation")
    assert by_code["CAP"]["stage"] == "pre-bac" and by_code["BTS"]["stage"] == "post-bac"
    table = run("types")
    assert table.exit_code == 0 and "licence professionnelle" in table.stdout and "avant le bac" in table.stdout


def test_data_rapport_reports_what_decides_the_verdicts_by_type(imported):
    report = json.loads(imported("data", "rapport", "-f", "json").stdout)
    assert report["decided"]["card"] + report["decided"]["national"] + report["decided"]["unknown"] == report["formations"]
    by_type = {c["type"]: c for c in report["by_type"]}
    assert by_type["master"]["card"] == 1  # the fixture master says which licence it wants
    assert sum(c["formations"] for c in report["by_type"]) == report["formations"]
    table = imported("data", "rapport").stdout
    assert "Ce qui décide les verdicts" in table and "règle nationale" in table
