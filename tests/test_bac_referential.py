"""The whole bac referential: every bac pro spécialité, its former names, its options, as typed and as cards write them."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SHARED
from orient.errors import InputError
from orient.onisep.access import AccessParser


def codes(profile) -> set[str]:
    return {s.code for s in profile.specialites}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("bac pro cuisine", "CUISINE"),
        ("bac pro commerce", "MCV"),  # former names lead to the current spécialité
        ("bac pro vente", "MCV"),
        ("bac pro MELEC", "MELEC"),
        ("bac pro ELEEC", "MELEC"),
        ("bac pro SN", "CIEL"),
        ("bac pro gestion-administration", "AGORA"),
        ("bac pro ASSP", "ASSP"),
        ("bac professionnel boulanger-pâtissier", "BOULANGER-PATISSIER"),
        ("bac pro aviation générale", "AVIATION"),  # « générale » is a word of the spécialité, not the bac général
        ("bac pro aéronautique option avionique", "AERO-AVIONIQUE"),
    ],
)
def test_bac_pro_specialites_are_read_as_people_type_them(reader, typed, code):
    assert codes(reader.profile(typed)) == {code}


def test_specialite_in_the_bac_or_apart_gives_the_same_profile(reader):
    assert reader.profile("bac pro cuisine") == reader.profile("bac pro", ["cuisine"])
    assert reader.profile("bac pro", ["métiers de l'électricité et de ses environnements connectés"]).specialites[0].code == "MELEC"


def test_a_typo_gets_a_suggestion_and_the_list_command(reader):
    with pytest.raises(InputError) as error:
        reader.profile("bac pro cuisne")
    assert error.value.suggestions == ["cuisine"]
    from orient.cli.messages import describe

    assert "orient bacs pro" in describe(error.value)[1]


def test_an_option_meets_the_routes_naming_its_diploma(reader):
    profile = reader.profile("bac pro", ["MCV option A"])
    assert codes(profile) == {"MCV-A"} and profile.met_codes == {"MCV-A", "MCV"}


def test_the_referential_is_complete(reader):
    pro = reader.track("PRO")
    diplomas = [s for s in pro.specialites if not s.group]
    assert len(diplomas) >= 85
    for spec in pro.specialites:
        assert spec.name[:1].isupper() and spec.aliases, spec.code
        assert codes(reader.profile("bac pro", [spec.name])) == {spec.code}
        for former in spec.former:
            # A former name leads to its spécialité, or (too common a word) to a question: never to another one.
            try:
                assert codes(reader.profile("bac pro", [former])) == {spec.code}, (spec.code, former)
            except InputError:
                pass


def test_every_bac_pro_card_of_the_corpus_names_a_known_specialite(reader):
    folder = SHARED / "corpus" / "onisep" / "formations"
    if not folder.is_dir():
        pytest.skip("../shared absent")
    missing = []
    for path in folder.glob("FOR.*.md"):
        text = path.read_text(encoding="utf-8")
        if "**Type:** baccalauréat professionnel" not in text:
            continue
        title = re.match(r"# bac pro (.+)", text).group(1)
        try:
            reader.parse_bac(f"bac pro {title}")
        except InputError:
            missing.append(title)
    assert not missing


def test_the_access_parser_uses_the_same_referential(dataset):
    parser = AccessParser(dataset.referential)
    result = parser.parse(
        "Ce BTS est accessible aux titulaires d'un bac pro cuisine ou d'un bac pro commercialisation et services en restauration."
    )
    found = {c for r in result.access.routes if r.track == "PRO" for c in r.specialites}
    assert found == {"CUISINE", "CSR"}


def test_a_card_naming_bac_pro_cuisine_recommends_it(run, tmp_path):
    card = tmp_path / "FOR.99001_bts_hotellerie.md"
    card.write_text(
        "# BTS management en hôtellerie-restauration\n\n## Informations générales\n\n**Durée:** 2 ans\n"
        "**Niveau de certification:** niveau 5\n**Type:** brevet de technicien supérieur (BTS)\n\n## Accès\n\n### Accès\n"
        "Accès direct avec un bac STHR, un bac pro cuisine ou un bac pro commercialisation et services en restauration. "
        "Avec un autre bac, une année de mise à niveau est obligatoire.\n",
        encoding="utf-8",
    )
    assert run("data", "import", "onisep", str(card)).exit_code == 0
    by_bac = {}
    for bac in ("bac pro cuisine", "bac pro MELEC", "général"):
        rows = json.loads(run("check", "--bac", bac, "--formation", "FOR.99001", "-f", "json").stdout)
        by_bac[bac] = rows[0]["verdict"]
    assert by_bac == {"bac pro cuisine": "recommended", "bac pro MELEC": "bridge", "général": "bridge"}


def test_orient_bacs_lists_every_specialite(run):
    rows = json.loads(run("bacs", "pro", "-f", "json").stdout)
    by_code = {r["code"]: r for r in rows}
    assert "CUISINE" in by_code and by_code["MCV"]["former"] and by_code["MCV-A"]["group"] == "MCV"
    table = run("bacs", "pro")
    assert table.exit_code == 0 and "Cuisine" in table.stdout
    overview = json.loads(run("bacs", "-f", "json").stdout)
    assert any(s["code"] == "CUISINE" for t in overview if t["code"] == "PRO" for s in t["specialites"])
