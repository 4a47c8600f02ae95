"""Records described twice appear once: imported cards that curated records already describe are
found at import and folded into them, the parcours of a curated formation kept on it."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import FIXTURES, build_cards
from orient.onisep.store import duplicates, read_store
from orient.search import resolve_formation, search_formations
from orient.text import normalize

CARDS = FIXTURES / "onisep-merge"


@pytest.fixture(scope="module")
def merged(dataset):
    return build_cards(CARDS, dataset)


def _imported_records(dataset):
    import datetime as dt

    from orient.onisep.access import AccessParser
    from orient.onisep.build import Builder
    from orient.onisep.cards import FormationCard
    from orient.onisep.markdown import card_files, read_card

    cards = [c for c in (read_card(p, p.name) for p in card_files([CARDS])) if isinstance(c, FormationCard)]
    records, _metiers, _parsed = Builder(dataset, AccessParser(dataset.referential)).build(
        cards, [], {c.onisep: dt.date(2026, 12, 1) for c in cards}
    )
    return records


def test_each_rule_finds_its_duplicate_and_codes_a_family_shares_find_none(dataset):
    found = {m.card: (m.into, m.why) for m in duplicates(dataset, _imported_records(dataset), [])}
    assert found == {
        "FOR.99201": ("but-mmi", "parcours"),
        "FOR.99202": ("but-mmi", "parcours"),
        "FOR.99203": ("pass", "name"),
        "FOR.99204": ("bts-mav-son", "scolarite"),
    }
    # FOR.99205 and FOR.99206 share a code: a family of variants, not one formation; FOR.99208 has
    # the name of a curated record that names another card as its own: another formation.


def test_the_parcours_fold_into_the_curated_formation(merged):
    assert {"FOR.99201", "FOR.99202", "FOR.99203", "FOR.99204"}.isdisjoint(merged.formations)
    assert {"FOR.99205", "FOR.99206", "FOR.99208"} <= merged.formations.keys()
    mmi = merged.formations["but-mmi"]
    assert [(p.name, p.onisep) for p in mmi.parcours] == [("jeux en ligne", "FOR.99201"), ("sons et images", "FOR.99202")]
    assert mmi.description == merged.formations["but-mmi"].description  # the curated record is kept whole


def test_a_search_lists_the_formation_once_and_a_parcours_id_finds_it(merged):
    listed = [f.id for f in search_formations(merged, "métiers du multimédia et de l'internet")]
    assert listed.count("but-mmi") == 1 and not any(i.startswith("FOR.992") for i in listed)
    assert resolve_formation(merged, "FOR.99202").id == "but-mmi"


def test_links_to_a_folded_card_lead_to_the_curated_record(merged):
    assert "but-mmi" in [p.formation for p in merged.formations["FOR.99207"].poursuites]
    assert merged.metiers["MET.99201"].formations == ("but-mmi",)


def test_import_records_the_merges_and_status_and_report_say_them(run):
    result = run("data", "import", "onisep", str(CARDS))
    assert result.exit_code == 0, result.output
    stored = read_store()
    assert stored is not None and stored.merged is not None
    assert {m.card for m in stored.merged} == {"FOR.99201", "FOR.99202", "FOR.99203", "FOR.99204"}

    status = run("data", "status")
    assert "4 fiches importées décrivent une formation ou un métier du jeu intégré" in status.stderr
    assert "dont 2 parcours" in status.stderr
    rows = json.loads(run("data", "status", "--format", "json").stdout)
    assert rows[1]["shadowed"] == 4 and rows[1]["formations"] == 4 and rows[1]["metiers"] == 1
    assert {m["card"]: m["into"] for m in rows[1]["merged"]}["FOR.99201"] == "but-mmi"

    report = json.loads(run("data", "rapport", "--format", "json").stdout)
    assert {m["card"]: m["why"] for m in report["merged"]}["FOR.99204"] == "scolarite"
    table = " ".join(run("data", "rapport").stdout.split())
    assert "FOR.99201" in table and "l'un de ses parcours" in table

    shown = json.loads(run("show", "FOR.99201", "--format", "json").stdout)
    assert shown["id"] == "but-mmi" and shown["parcours"][0] == {"name": "jeux en ligne", "onisep": "FOR.99201"}
    assert "Parcours (choisi après l'admission) : jeux en ligne (FOR.99201)" in " ".join(run("show", "but-mmi").stdout.split())


def test_the_corpus_shows_each_formation_once(corpus, dataset):
    mmi = corpus.formations["but-mmi"]
    assert {p.onisep for p in mmi.parcours} == {"FOR.8008", "FOR.8009", "FOR.8010"}
    listed = [f.id for f in search_formations(corpus, "métiers du multimédia et de l'internet")]
    assert listed.count("but-mmi") == 1 and not {"FOR.8008", "FOR.8009", "FOR.8010"} & set(listed)
    # No two records of one type keep the same name, nor the same ONISEP id.
    names = Counter((f.type, normalize(f.name)) for f in corpus.formations.values())
    assert [key for key, n in names.items() if n > 1] == []
    onisep = Counter(f.codes.onisep for f in corpus.formations.values() if f.codes.onisep)
    assert [key for key, n in onisep.items() if n > 1] == []
    # Every curated record that names its card stands for it.
    for formation in dataset.formations.values():
        if formation.codes.onisep:
            assert formation.codes.onisep not in corpus.formations
