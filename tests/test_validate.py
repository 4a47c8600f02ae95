"""The dataset validator (``orient data validate``): each rule it checks, reported as ``file:field: message``."""

from __future__ import annotations

import shutil

from conftest import FIXTURES

ROOT = FIXTURES.parents[1]


def test_validator_checks_bridge_years_and_early_exits(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    direct = data / "formations" / "t-direct.toml"
    text = direct.read_text().replace('condition = "sur concours"', 'condition = "sur concours"\nafter_years = 2')
    text = text.replace('  kind = "bac"\n  track = "GENERAL"', '  kind = "bac"\n  track = "GENERAL"\n  years = 1', 1)
    direct.write_text(text)
    lines = run("data", "validate", str(data)).stdout.splitlines()
    assert any(
        line.startswith("formations/t-direct.toml:poursuites[0].after_years: after_years doit être compris entre 0 et") for line in lines
    )
    assert 'formations/t-direct.toml:access.routes[0].years: seule une passerelle (kind = "bridge") a une durée' in lines


def test_validator_checks_the_families_of_bac_pro_specialites(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    pro = data / "bac-pro.toml"
    text = pro.read_text(encoding="utf-8")
    assert 'sectors = ["industriel"]' in text
    text = text.replace('sectors = ["industriel"]', 'sectors = ["industrielle"]', 1)
    text = text.replace('words = ["production agricole"]', 'words = ["production agricole", "agricoles"]')
    pro.write_text(text, encoding="utf-8")
    result = run("data", "validate", str(data))
    assert result.exit_code == 1
    assert "famille inconnue « industrielle »" in result.stdout
    assert "« agricoles » nomme déjà la famille « agricole »" in result.stdout


def test_validator_checks_the_groups_of_the_specialites_file(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    psup = data / "parcoursup.toml"
    text = psup.read_text(encoding="utf-8")
    assert 'formations = ["pass"]' in text and 'offers = ["but production"]' in text
    text = text.replace('formations = ["pass"]', 'formations = ["passe"]')
    text = text.replace('offers = ["but production"]', 'offers = ["BUT - Production"]')
    text += '\n[[groupe]]\nprefix = "pass"\noffers = ["pass"]\n'
    psup.write_text(text, encoding="utf-8")
    result = run("data", "validate", str(data))
    assert result.exit_code == 1
    assert "formation inconnue « passe »" in result.stdout
    assert "« BUT - Production » : à écrire sans accents ni majuscules ni ponctuation" in result.stdout
    assert "regroupement « pass » en double" in result.stdout
    assert "offers et mention choisissent parmi les formations des types : indiquez-les" in result.stdout
