"""The embedded audiovisual and cinema dataset: its scope, as promised to counselors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

SEED_METIERS = [
    "regisseur-lumiere",
    "cadreur",
    "scripte",
    "directeur-photo",
    "regisseur-production",
    "charge-production",
    "exploitant-salle",
    "directeur-production",
    "showrunner",
    "distributeur",
    "responsable-programmes",
]
CREW_METIERS = [
    "chef-operateur-son",
    "ingenieur-son",
    "mixeur-son",
    "perchman",
    "bruiteur",
    "monteur",
    "chef-monteur",
    "etalonneur",
    "charge-post-production",
    "truquiste",
    "assistant-operateur",
    "chef-electricien",
    "machiniste",
    "regisseur-general",
    "producteur",
    "realisateur",
    "assistant-realisateur",
    "scenariste",
    "decorateur",
    "costumier",
    "maquilleur",
    "animateur-2d-3d",
    "technicien-realisateur-radio",
    "jri",
    "projectionniste",
    "programmateur-salle",
    "photographe",
]
FEMIS = ["realisation", "scenario", "image", "son", "montage", "decor", "production", "scripte", "distribution-exploitation", "series"]
SCHOOLS = [
    *(f"femis-{d}" for d in FEMIS),
    "ensll-cinema",
    "ensll-son",
    "ensll-photographie",
    "cinefabrique",
    "ensav",
    "ina-sup",
    "ensad",
    "gobelins-animation",
    "cnsad",
    "cnsmd-son",
]
STUDIES = [
    "but-mmi",
    "dnmade-animation",
    "dnmade-numerique",
    "dnmade-spectacle",
    "dnmade-graphisme",
    "dnmade-evenement",
    "licence-arts-spectacle",
    "lp-techniques-son-image",
    "master-cinema-audiovisuel",
    "cpge-lettres-cinema",
    "tp-monteur-audiovisuel",
    "fcil-audiovisuel",
    "cinema-animation-ecole",
    "bachelor-cinema-audiovisuel",
    "datt-son",
    "datt-lumiere",
    "regisseur-spectacle-evenement",
]
BTS = {
    "bts-mav-image": ("32032329", "RNCP37021"),
    "bts-mav-son": ("32032330", "RNCP37196"),
    "bts-mav-gestion-production": ("32032328", "RNCP37019"),
    "bts-mav-tiee": ("32032331", "RNCP37022"),
    "bts-mav-montage": ("32032332", "RNCP37020"),
}


def test_size(dataset):
    assert len(dataset.formations) >= 35
    assert len(dataset.metiers) >= 40


@pytest.mark.parametrize("metier_id", SEED_METIERS + CREW_METIERS)
def test_every_metier_of_the_brief_is_there(dataset, metier_id):
    metier = dataset.metiers[metier_id]
    assert metier.interests and metier.sources and metier.description, metier_id


@pytest.mark.parametrize("formation_id", [*BTS, *SCHOOLS, *STUDIES])
def test_every_formation_of_the_brief_is_there(dataset, formation_id):
    formation = dataset.formations[formation_id]
    assert formation.sources and formation.description, formation_id


def test_metiers_are_described_with_rome_codes_and_statuts_where_known(dataset):
    metiers = list(dataset.metiers.values())
    assert sum(bool(m.rome) for m in metiers) >= 0.85 * len(metiers)
    assert sum(bool(m.statuts) for m in metiers) >= 0.85 * len(metiers)
    assert all(re.fullmatch(r"[A-N]\d{4}", code) for m in metiers for code in m.rome)


@pytest.mark.parametrize(("formation_id", "codes"), BTS.items())
def test_each_bts_option_has_its_own_codes(dataset, formation_id, codes):
    formation = dataset.formations[formation_id]
    assert (formation.codes.scolarite, formation.codes.rncp) == codes
    assert len(formation.attendus) >= 5 and formation.poursuites and formation.metiers


def _routes(dataset, formation_id):
    return {(r.track, r.specialites) for r in dataset.formations[formation_id].access.routes if r.kind == "bac"}


def test_bts_options_differ_in_their_routes(dataset):
    assert ("STL", ("SPCL",)) in _routes(dataset, "bts-mav-son")
    assert ("STL", ("SPCL",)) in _routes(dataset, "bts-mav-tiee")
    for option in ("bts-mav-gestion-production", "bts-mav-montage"):
        assert {("STMG", ()), ("STD2A", ())} <= _routes(dataset, option)
    assert not any(track == "PRO" for track, _ in _routes(dataset, "bts-mav-tiee"))
    assert ("PRO", ()) in _routes(dataset, "bts-mav-image")


def test_femis_departments_are_on_concours_after_a_bac_plus_2(dataset):
    for department in FEMIS:
        access = dataset.formations[f"femis-{department}"].access
        assert access is not None and "concours" in access.selection, department


def test_unknown_facts_are_shown_as_unknown_not_left_out(run):
    known = run("show", "bts-mav-image").stdout
    assert "Alternance : possible" in known and "Établissements : public et privé" in known
    unknown = run("show", "cinema-animation-ecole").stdout
    assert "Alternance : non précisée" in unknown and "Établissements : non précisé" in unknown
    assert "Règles d'accès inconnues dans le jeu de données" in unknown


def test_every_metier_has_a_family_in_the_sector(dataset):
    sector = dataset.sectors["audiovisuel"]
    placed = Counter(m for family in sector.families for m in family.metiers)
    assert set(placed) == set(dataset.metiers)
    assert max(placed.values()) == 1


def test_sector_families_and_advice(dataset):
    sector = dataset.sectors["audiovisuel"]
    names = {family.name for family in sector.families}
    assert {
        "Production",
        "Image",
        "Son",
        "Montage et postproduction",
        "Régie",
        "Diffusion et exploitation",
        "Écriture et réalisation",
    } <= names
    advice = " ".join(a.title + " " + a.text for a in sector.advice).lower()
    for idea in ("alternance", "ministère de la culture", "stages", "réseau"):
        assert idea in advice, idea
    assert all(a.source for a in sector.advice)


def test_readme_states_the_coverage_by_type(dataset):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("### Couverture")[1].split("\n#")[0]
    stated = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^\| ([^|]+?) \| (\d+) \|$", section, re.M)}
    actual = Counter(f.type for f in dataset.formations.values())
    assert {k: v for k, v in stated.items() if k in actual} == dict(actual)
    assert stated["Formations"] == len(dataset.formations)
    assert stated["Métiers"] == len(dataset.metiers)


def test_a_metier_without_formation_says_so(run):
    out = run("metier", "projectionniste").stdout
    assert "Formations qui y mènent" in out
    assert "Aucune formation du jeu de données n'y mène pour l'instant." in out
