"""National rules by type of diploma (``data/diplomes.toml``) and the formation types people name."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED
from orient.dataset import embedded_data_dir
from orient.eligibility import assess
from orient.models import Access, Codes, Formation, Level, Route, Source
from orient.national import complete, is_unplaced
from orient.profile import BacReader
from orient.validate import validate_folder


def card(type_: str, cec: int, years: float, name: str = "formation de test", **extra) -> Formation:
    bac_plus = {0: 0, 3: -1, 4: 0, 5: 2, 6: 3, 7: 5}[cec]
    return Formation(
        id="FOR.1",
        name=name,
        type=type_,
        codes=Codes(onisep="FOR.1"),
        duration_years=years,
        level=Level(cec=cec, bac_plus=bac_plus),
        description="—",
        sources=(Source(label="Fiche ONISEP FOR.1", onisep="FOR.1"),),
        checked=dt.date(2026, 12, 1),
        **extra,
    )


def verdict(dataset, formation: Formation, bac: str, niveau: str | None = None, age: int | None = None):
    formation = complete(formation, dataset.types)
    profile = BacReader(dataset.referential).profile(bac, niveau=niveau, age=age)
    return assess(formation, profile, dataset), formation


@pytest.mark.parametrize(
    ("type_", "cec", "years", "lycéen", "entry", "words"),
    [
        ("master", 7, 2, "later", 3, "licence"),
        ("licence pro", 6, 1, "later", 2, "bac+2"),
        ("MS", 7, 1, "later", 5, "bac+5"),
        ("ingénieur", 7, 3, "later", 2, "bac+2"),
        ("ingénieur", 7, 5, "possible", 0, "cinq ans après le bac"),
        ("école de commerce", 7, 2, "later", 3, "bac+3"),
        ("école de commerce", 7, 5, "possible", 0, "après le bac"),
        ("diplôme d'école", 7, 2, "later", 3, "niveau 7 en 2 ans"),
        ("diplôme d'école", 6, 1, "later", 2, "niveau 6 en 1 an"),
        ("diplôme d'école", 7, 5, "unknown", 0, "ne dit rien de l'accès"),
        ("licence", 6, 3, "possible", 0, "tout titulaire du bac"),
        ("BTS", 5, 2, "possible", 0, "bacheliers professionnels"),
        ("DEUST", 5, 2, "possible", 0, "après le bac"),
        ("magistère", 0, 3, "later", 2, "deux années d'études supérieures"),
        ("fonction publique", 0, 1, "later", None, "concours"),
        ("TP", 5, 1, "possible", -3, "sans condition de diplôme"),
        ("DU", 0, 1, "unknown", None, "chaque université"),
        ("DE social", 6, 3, "possible", 0, "niveau 6 en 3 ans : se prépare après le bac"),
        ("DE social", 4, 2, "possible", 0, "niveau 4 en 2 ans : se prépare avec ou sans le bac"),
        ("DE social", 3, 1, "possible", 0, "niveau 3 en 1 an : se prépare avec ou sans le bac"),
        ("école de commerce", 6, 4, "possible", 0, "niveau 6 en 4 ans : se prépare après le bac"),
    ],
)
def test_type_rules_for_a_lycéen(dataset, type_, cec, years, lycéen, entry, words):
    found, formation = verdict(dataset, card(type_, cec, years), "général")
    assert found.code == lycéen, found.reasons
    assert formation.entry_level == entry
    assert words in " ".join(found.reasons)
    assert found.basis == ("none" if lycéen == "unknown" else "national")
    if found.basis == "national":
        assert found.rule and "source : règle" in found.reasons[0]


def test_a_level_reached_opens_the_national_rule_but_never_as_the_planned_way(dataset):
    found, _ = verdict(dataset, card("master", 7, 2), "général", niveau="bac+3")
    assert found.code == "possible" and "Code de l'éducation, art. L612-6" in found.source
    found, _ = verdict(dataset, card("licence pro", 6, 1), "STMG", niveau="bac+2")
    assert found.code == "possible"


def test_a_rule_that_only_says_bacheliers_never_recommends(dataset):
    for bac in ("général", "STMG", "bac pro cuisine", "ST2S"):
        found, _ = verdict(dataset, card("licence", 6, 3), bac)
        assert found.code == "possible"


def test_national_texts_naming_routes_are_encoded(dataset):
    found, _ = verdict(dataset, card("BTS", 5, 2), "bac pro")
    assert "places réservées aux bacheliers professionnels" in found.reasons[0]
    found, _ = verdict(dataset, card("BUT", 6, 3), "STI2D")
    assert "bacheliers technologiques" in found.reasons[0]
    found, _ = verdict(dataset, card("CPGE", 0, 2, name="CPGE TSI technologie et sciences industrielles"), "STI2D")
    assert found.code == "recommended"
    found, _ = verdict(dataset, card("CPGE", 0, 2, name="CPGE MPSI"), "général")
    assert found.code == "recommended"


def test_formations_after_another_diploma_say_so(dataset):
    found, _ = verdict(dataset, card("CS", 3, 1), "général")
    assert "CAP du même secteur" in found.reasons[0]
    found, _ = verdict(dataset, card("CS", 4, 1), "bac pro")
    assert "bac professionnel ou un BP du même secteur" in found.reasons[0]
    found, _ = verdict(dataset, card("FCIL", 0, 1), "général")
    assert "diplôme du même domaine" in found.reasons[0]


def test_a_cs_of_level_5_follows_a_bts_of_its_sector_which_a_bac_plus_2_may_hold(dataset):
    found, _ = verdict(dataset, card("CS", 5, 1), "général")
    assert found.code == "later" and "BTS du même secteur" in found.reasons[0]
    found, _ = verdict(dataset, card("CS", 5, 1), "STAV", niveau="bac+2")
    assert found.code == "possible" and found.basis == "national"


def test_variants_by_name_and_duration(dataset):
    found, formation = verdict(dataset, card("DE santé", 7, 5, name="diplôme d'État de masseur kinésithérapeute"), "général")
    assert found.code == "later" and formation.entry_level == 1
    found, _ = verdict(dataset, card("DE santé", 6, 3, name="diplôme d'État d'infirmier"), "ST2S")
    assert found.code == "possible"
    found, formation = verdict(dataset, card("architecture", 7, 1, name="habilitation à l'exercice de la maîtrise d'oeuvre"), "général")
    assert formation.entry_level == 5
    # The formation of the fonctionnaires of a corps, in the singular or the plural: after the concours.
    for name in ("formation des conservateurs spécialité archives", "formation de commissaire de police", "formation des magistrats"):
        found, _ = verdict(dataset, card("diplôme d'école", 7, 2, name=name), "général", "bac+5")
        assert found.code == "later", name


def test_the_card_always_wins_over_the_national_rule(dataset):
    own = Access(routes=(Route(kind="bac", track="STI2D"),), source="fiche")
    found, formation = verdict(dataset, card("licence", 6, 3, access=own), "STI2D")
    assert found.code == "recommended" and found.basis == "card" and formation.access is own


def test_a_card_text_that_is_not_understood_stays_unknown_unless_its_type_places_it_after_higher_studies(dataset):
    found, _ = verdict(dataset, card("BTS", 5, 2, access_text="Une phrase que rien ne comprend sur les diplômes."), "général")
    assert found.code == "unknown" and "Règles d'accès incertaines" in found.reasons[0]
    found, _ = verdict(dataset, card("master", 7, 2, access_text="Une phrase que rien ne comprend sur les diplômes."), "général")
    assert found.code == "later" and "n'a pas pu être lu en entier" in found.reasons[-1]


def test_pre_bac_types_and_cap_levels_stay_out_of_the_default_listing(dataset):
    assert not complete(card("CAP", 3, 2), dataset.types).after_bac
    assert not complete(card("bac pro", 4, 3), dataset.types).after_bac
    assert not complete(card("diplôme d'école", 4, 1), dataset.types).after_bac
    assert complete(card("BTS", 5, 2), dataset.types).after_bac


@pytest.mark.parametrize(
    ("type_", "name", "bac", "code"),
    [
        ("bac techno", "bac techno STHR sciences et technologies de l'hôtellerie et de la restauration", "STHR", "excluded"),
        ("bac techno", "bac techno STHR sciences et technologies de l'hôtellerie et de la restauration", "STMG", "possible"),
        ("bac général", "bac général", "général", "excluded"),
        ("bac pro", "bac pro cuisine", "bac pro cuisine", "excluded"),
        ("bac pro", "bac pro cuisine", "bac pro commerce", "possible"),
        ("bac pro", "bac pro cuisine", "bac pro", "possible"),  # which spécialité is not said: no guess
    ],
)
def test_the_students_own_bac_is_no_way_on(dataset, type_, name, bac, code):
    """A bac général or technologique, open after a seconde, stays a possible application for a
    bachelier of another série (off the planned way); his own bac he holds or prepares."""
    found, _ = verdict(dataset, card(type_, 4, 2 if type_ != "bac pro" else 3, name=name), bac)
    assert found.code == code
    if code == "excluded":
        assert found.reasons == (f"C'est votre bac ({name}) : vous l'avez déjà, ou le préparez.",)
        assert found.basis == "national" and found.rule and found.source


def test_a_formation_nothing_places_is_listed_only_with_every_level(dataset):
    """No certification level, no rule for its type, no access text: not known to follow the bac."""
    unplaced = complete(card("DU", 0, 1), dataset.types)
    assert not unplaced.after_bac and is_unplaced(unplaced)
    # Any one clue places it: an access text, a level, a rule giving an entry level.
    assert complete(card("DU", 0, 1, access_text="Accessible aux titulaires d'un bac+2."), dataset.types).after_bac
    assert complete(card("DU", 6, 1), dataset.types).after_bac
    assert complete(card("magistère", 0, 3), dataset.types).after_bac


@settings(max_examples=200, deadline=None)
@given(
    type_=st.sampled_from(["diplôme d'école", "DU", "bachelor", "titre certifié", "santé"]),
    cec=st.sampled_from([0, 4, 5, 6, 7]),
    years=st.sampled_from([1, 2, 3, 4, 5, 6]),
)
def test_entry_levels_from_the_level_and_the_duration_are_consistent(dataset, type_, cec, years):
    """For the types whose entry follows from the level and the duration, whatever the combination."""
    formation = complete(card(type_, cec, years), dataset.types)
    if formation.entry_level is not None and formation.level.cec:
        # Entered after the bac+N that, with its duration, gives its level (or at the bac for longer courses).
        assert formation.entry_level <= max(formation.level.bac_plus, 0)
        assert formation.entry_level >= formation.level.bac_plus - years or formation.entry_level <= 0
    if formation.access is not None:
        assert formation.access.basis == "national" and formation.access.source
        levels = [r.min_level for r in formation.access.routes if r.kind == "level"]
        if levels and not any(r.kind == "bac" for r in formation.access.routes):
            assert formation.entry_level == min(levels)


def test_every_type_of_the_referential_is_usable(dataset):
    rules = {r.id for r in dataset.referential.rules}
    codes = [t.code for t in dataset.referential.formation_types]
    assert len(codes) == len(set(codes)) >= 50
    for kind in dataset.referential.formation_types:
        assert kind.rule in rules, kind.code
        assert dataset.types.find(kind.code) is kind and dataset.types.find(kind.name) is kind
    for rule in dataset.referential.rules:
        assert rule.source and rule.summary and rule.checked <= dt.date.today()


def test_every_onisep_type_of_the_corpus_has_a_clean_type():
    folder = SHARED / "corpus" / "onisep" / "formations"
    if not folder.is_dir():
        pytest.skip("../shared absent")
    from orient.dataset import load

    types = load().types
    labels = set()
    for path in folder.glob("FOR.*.md"):
        match = re.search(r"^\*\*Type:\*\* (.+)$", path.read_text(encoding="utf-8"), re.M)
        if match:
            labels.add(match.group(1).strip())
    unknown = sorted(label for label in labels if types.of_onisep(label) is None)
    assert not unknown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('rule = "bts"', 'rule = "inexistante"'), "règle inconnue « inexistante »"),
        (('aliases = ["btsa", ', 'aliases = ["bts", '), "désigne déjà le type BTS"),
        (
            (
                'entry = { kind = "bac", tracks = ["ANY"], grants = "possible", selection = ["dossier"] }\n\n[[rule]]\nid = "bts"',
                'entry = { kind = "bac", tracks = ["NIMPORTE"], grants = "possible", selection = ["dossier"] }\n\n[[rule]]\nid = "bts"',
            ),
            "code de bac inconnu « NIMPORTE »",
        ),
        (
            (
                'kind = "level", min_level = 3, label = "une licence (bac+3)"',
                'kind = "level", min_level = 0, label = "une licence (bac+3)"',
            ),
            "un niveau va de -3",
        ),
    ],
)
def test_broken_national_rules_are_reported(tmp_path, change, message):
    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "diplomes.toml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    problems = [str(p) for p in validate_folder(root)]
    assert any(message in p and p.startswith("diplomes.toml") for p in problems), problems


def test_a_formation_type_must_be_a_code_of_the_referential(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "formations" / "bts-mav-image.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('type = "BTS"', 'type = "brevet de technicien supérieur (BTS)"'), encoding="utf-8"
    )
    assert any("type de formation inconnu" in str(p) for p in validate_folder(root))


def test_decisions_are_stored_with_the_record(dataset):
    """National rules are applied once (on load, on import), not in each command."""
    tp = dataset.formations["tp-monteur-audiovisuel"]
    assert tp.access is not None and tp.access.basis == "national" and tp.access.rule == "tp"
    assert msgspec.json.decode(msgspec.json.encode(tp), type=Formation) == tp


@pytest.mark.parametrize(
    ("name", "cec", "years", "entry", "words"),
    [
        ("diplôme d'État de docteur en pharmacie", 0, 6, 1, "PASS ou L.AS"),
        ("diplôme d'État de préparateur en pharmacie hospitalière", 6, 1, 2, "Se prépare après un bac+2"),
    ],
)
def test_pharmacy_studies_follow_a_first_year_of_health_studies_not_a_hospital_pharmacy_diploma(dataset, name, cec, years, entry, words):
    """« pharmacie » in a name is not the pharmacy studies: the préparateur en pharmacie hospitalière
    follows a bac+2 (its level and duration), not a PASS."""
    found, formation = verdict(dataset, card("DE santé", cec, years, name=name), "ST2S")
    assert found.code == "later" and formation.entry_level == entry
    assert words in " ".join(found.reasons)


def test_a_bpa_follows_the_3e_not_a_cap_of_its_sector(dataset):
    """The brevet professionnel agricole (niveau 3) is entered after the 3e, a CAP or a CAPA (Code rural,
    art. D811-163-3), not after a CAP of its sector as the BP of the Éducation nationale."""
    found, formation = verdict(dataset, card("BPA", 3, 2, name="BPA travaux de la production horticole"), "général")
    assert formation.access.rule == "bpa" and formation.entry_level == -3
    assert "CAP du même secteur" not in " ".join(found.reasons)
    assert found.code == "possible"
