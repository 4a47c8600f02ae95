"""Sectors: the record, its validation and ``orient secteur``."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES
from orient.records import sector_detail
from orient.search import resolve_sector
from orient.validate import validate_folder

MINI = {"ORIENT_DATA": str(FIXTURES / "mini")}


def test_listing_names_each_sector_with_its_counts(run):
    result = run("secteur", "-f", "json", env=MINI)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"id": "s-test", "name": "Essais et contrôles", "families": ["Essais"], "metiers": 1, "formations": 2}
    ]


def test_listing_table_points_to_the_detail(run):
    result = run("secteur", env=MINI)
    assert "Essais et contrôles" in result.stdout
    assert result.stderr.strip() == "Détail d'un secteur : orient secteur s-test"


@pytest.mark.parametrize("query", ["s-test", "essai", "ESSAIS ET CONTROLES", "Essais"])
def test_a_sector_is_found_by_id_alias_name_or_family(mini, query):
    assert resolve_sector(mini, query).id == "s-test"


def test_card_shows_families_advice_training_and_sources(run):
    result = run("secteur", "essai", env=MINI)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "s-test · 1 métier en 1 famille" in out
    assert "Famille · Essais\n" in out
    assert "Métiers : testeur/euse" in out
    assert "Tester tôt. Un conseil de test. (Source : Source de test.)" in out
    assert "BTS : 1" in out and "diplôme d'école : 1" in out
    assert "Vérifié le 2025-01-15" in out


def test_detail_json_links_metiers_and_formations(mini):
    detail = sector_detail(mini.sectors["s-test"], mini)
    assert detail["families"][0]["metiers"] == [{"id": "m-test", "name": "testeur/euse"}]
    assert detail["formations"] == ["t-direct", "t-ecole"]
    assert detail["advice"] == [{"title": "Tester tôt", "text": "Un conseil de test.", "source": "Source de test"}]


def test_metier_card_names_its_family(run):
    out = run("metier", "testeur", env=MINI).stdout
    assert "Famille : Essais (secteur essais et contrôles : orient secteur s-test)" in out
    data = json.loads(run("metier", "testeur", "-f", "json", env=MINI).stdout)
    assert data["families"] == [{"sector": "s-test", "family": "Essais"}]


def test_validator_checks_families(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    path = data / "secteurs" / "s-test.toml"
    text = path.read_text().replace('metiers = ["m-test"]', 'metiers = ["m-test", "m-absent"]')
    text += '\n[[families]]\nid = "tests"\nname = "Encore"\nmetiers = ["m-test"]\n'
    path.write_text(text)
    problems = {str(p) for p in validate_folder(data)}
    assert "secteurs/s-test.toml:families[0].metiers: métier inconnu « m-absent »" in problems
    assert "secteurs/s-test.toml:families[1].id: famille « tests » en double" in problems
    assert "secteurs/s-test.toml:families[1].metiers: « m-test » est déjà dans la famille « Essais »" in problems


def test_validator_wants_a_source_and_a_matching_file_name(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    path = data / "secteurs" / "s-test.toml"
    text = path.read_text().replace('id = "s-test"', 'id = "autre"')
    text = text.split("[[sources]]")[0] + "sources = []\n" + "[[families]]" + text.split("[[families]]")[1]
    path.write_text(text)
    problems = {str(p) for p in validate_folder(data)}
    assert "secteurs/s-test.toml:id: l'identifiant « autre » ne correspond pas au nom du fichier (s-test.toml)" in problems
    assert "secteurs/s-test.toml:sources: au moins une source est obligatoire" in problems
