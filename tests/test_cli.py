"""The public command line, as a person or a script uses it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from orient import __version__

LISTINGS = [
    ["check", "--bac", "STI2D", "--specialite", "SIN"],
    ["bacs"],
    ["formations"],
    ["formations", "audiovisuel"],
    ["metiers"],
    ["metiers", "son"],
    ["secteur"],
    ["interets"],
    ["interets", "--atouts"],
    ["metiers", "--interets", "son, lumière"],
    ["check", "--bac", "STI2D", "--interets", "cinéma", "--atouts", "anglais", "--tri", "fit"],
    ["check", "--bac", "général", "--apres", "licence-arts-spectacle"],
    ["path", "--bac", "STI2D SIN", "--vers", "directeur-photo"],
    ["path", "--bac", "général", "--vers", "femis-image", "--interets", "cinéma", "--tous"],
]
CARDS = [
    ["show", "bts-mav-image"],
    ["show", "femis-image", "--bac", "général"],
    ["metier", "cadreur"],
    ["metier", "cadreur", "--bac", "bac pro"],
    ["secteur", "audiovisuel"],
]
FORMATS = ["table", "json", "jsonl", "csv", "tsv"]


@pytest.mark.parametrize("args", LISTINGS + CARDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_command_in_every_format(run, args, fmt):
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.strip()
    if fmt == "json":
        data = json.loads(out)
        assert isinstance(data, dict if args in CARDS else list)
    elif fmt == "jsonl":
        lines = [json.loads(line) for line in out.splitlines()]
        assert lines and all(isinstance(x, dict) for x in lines)
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert rows and all(len(r) == len(rows[0]) for r in rows)
    else:
        assert "Traceback" not in out


def test_check_json_keys_and_seed_card_first(run):
    result = run("check", "--bac", "STI2D", "--specialite", "SIN", "--format", "json")
    rows = json.loads(result.stdout)
    first = rows[0]
    assert set(first) >= {
        "id",
        "name",
        "type",
        "codes",
        "duration_years",
        "level",
        "verdict",
        "reasons",
        "selection",
        "next_formations",
        "metiers",
    }
    assert first["id"] == "bts-mav-image"
    assert first["verdict"] == "recommended"
    assert first["codes"] == {"scolarite": "32032329", "rncp": "RNCP37021", "onisep": "FOR.5810"}
    assert first["duration_years"] == 2
    assert first["selection"] == ["dossier", "tests", "entretien"]
    assert first["next_formations"] == ["lp-techniques-son-image", "licence-arts-spectacle", "femis-image", "ensll-cinema"]
    assert first["metiers"][:4] == ["regisseur-lumiere", "cadreur", "scripte", "directeur-photo"]


def test_check_table_is_in_french_and_profile_goes_to_stderr(run):
    result = run("check", "--bac", "bac techno STI2D spécialité SIN")
    assert result.exit_code == 0
    assert "accès direct" in result.stdout and "plus tard" in result.stdout
    assert result.stderr.startswith("Profil : Bac technologique STI2D")
    assert "Profil" not in result.stdout


def test_check_filters(run):
    rows = json.loads(run("check", "--bac", "général", "--type", "bts", "-f", "json").stdout)
    assert rows and {r["type"] for r in rows} == {"BTS"}
    rows = json.loads(run("check", "--bac", "général", "--formation", "fémis", "-f", "json").stdout)
    assert rows and all(r["id"].startswith("femis-") for r in rows)


def test_check_age_and_level(run):
    rows = json.loads(run("check", "--bac", "général", "--niveau", "bac+2", "--age", "35", "-f", "json").stdout)
    by_id = {r["id"]: r["verdict"] for r in rows}
    assert by_id["femis-image"] == "excluded"
    assert by_id["ensll-cinema"] == "recommended"


def test_show_json_is_one_object_with_everything(run):
    card = json.loads(run("show", "bts audiovisuel image", "--format", "json").stdout)
    assert card["id"] == "bts-mav-image"
    assert len(card["attendus"]) == 7
    assert card["access"]["selection"] == ["dossier", "tests", "entretien"]
    assert {r["kind"] for r in card["access"]["routes"]} == {"bac", "bridge"}
    assert card["sources"] and card["checked"]


def test_show_card_has_every_section(run):
    out = run("show", "metiers de l'image").stdout
    titles = ("Informations générales", "Description", "Accès", "Attendus Parcoursup", "Poursuite d'études", "Métiers associés", "Sources")
    for title in titles:
        assert title in out
    assert "32032329" in out and "RNCP37021" in out


def test_metier_accepts_the_feminine_and_lists_formations(run):
    card = json.loads(run("metier", "cadreuse", "--format", "json").stdout)
    assert card["id"] == "cadreur"
    assert "bts-mav-image" in card["formations"]
    assert card["rome"] == ["L1505"]


def test_metiers_json_keys(run):
    rows = json.loads(run("metiers", "-f", "json").stdout)
    assert rows and set(rows[0]) == {"id", "name", "rome", "min_level", "salary", "formations", "imported"}


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"orient {__version__}"


# -- bad input: a French message on stderr, exit 2, never a traceback --------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bac", "STI2"], "Erreur : Bac inconnu : « STI2 ».\nVouliez-vous dire STI2D ?\n"),
        (["check", "--bac", "STI2D", "--specialite", "SPCL"], "Erreur : Spécialité inconnue pour STI2D : « SPCL ».\n"),
        (["check"], "Erreur : Option obligatoire manquante : --bac.\n"),
        (["check", "--bac", ""], "Erreur : Le bac est vide.\n"),
        (["check", "--bac", "STI2D", "--age", "abc"], "Erreur : Âge invalide : « abc »."),
        (["check", "--bac", "STI2D", "--format", "xml"], "Erreur : Format inconnu : « xml ».\n"),
        (["check", "--bac", "STI2D", "--type", "BTTS"], "Erreur : Type de formation inconnu : « BTTS ».\nVouliez-vous dire BTS ?\n"),
        (["show", ""], "Erreur : La recherche est vide.\n"),
        (["show", "zzzzqqq"], "Erreur : Aucune formation ne correspond à « zzzzqqq ».\n"),
        (["metier", "   "], "Erreur : La recherche est vide.\n"),
        (["secteur", "boulangerie"], "Erreur : Aucun secteur ne correspond à « boulangerie ».\n"),
        (["show", "bts audiovisuel"], "Erreur : « bts audiovisuel » correspond à plusieurs formations :\n"),
        (["chek"], "Erreur : Commande inconnue : « chek ».\nVouliez-vous dire check ?\n"),
        (["check", "--bac", "STI2D", "--formato", "json"], "Erreur : Option inconnue : --formato.\n"),
    ],
)
def test_bad_input(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_ambiguous_query_lists_the_candidates(run):
    result = run("show", "bts audiovisuel")
    assert result.exit_code == 2
    for option in ("bts-mav-image", "bts-mav-son", "bts-mav-tiee", "bts-mav-montage", "bts-mav-gestion-production"):
        assert option in result.stderr


# -- data validate --------------------------------------------------------------------


def test_validate_embedded_dataset_has_no_problem(run):
    result = run("data", "validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "Jeu de données valide" in result.stderr


def test_validate_reports_each_problem_as_file_field_message(run, tmp_path):
    from conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    path = data / "formations" / "t-direct.toml"
    text = path.read_text()
    text = text.replace('track = "STI2D"', 'track = "STI3D"').replace('formation = "t-ecole"', 'formation = "t-absente"')
    path.write_text(text)
    (data / "formations" / "t-double.toml").write_text(
        (data / "formations" / "t-ferme.toml").read_text().replace("duration_years = 2", 'duration_years = "deux"')
    )
    (data / "metiers" / "m-casse.toml").write_text('id = "m-casse"\nnames = {')
    result = run("data", "validate", str(data))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "formations/t-direct.toml:access.routes[1].track: code de bac inconnu « STI3D »" in lines
    assert "formations/t-direct.toml:poursuites[0].formation: formation inconnue « t-absente »" in lines
    assert "formations/t-double.toml:duration_years: type attendu : nombre, trouvé : texte" in lines
    assert "metiers/m-casse.toml: syntaxe TOML invalide (fin du fichier : clé invalide)" in lines
    assert f"{len(lines)} problèmes dans" in result.stderr
    rows = json.loads(run("data", "validate", str(data), "--format", "json").stdout)
    assert [f"{r['file']}:{r['field']}: {r['message']}" if r["field"] else f"{r['file']}: {r['message']}" for r in rows] == lines


def test_validate_finds_duplicates_and_one_sided_links(run, tmp_path):
    from conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    (data / "formations" / "copie.toml").write_text((data / "formations" / "t-ferme.toml").read_text())
    metier = data / "metiers" / "m-test.toml"
    metier.write_text(metier.read_text().replace('formations = ["t-direct", "t-ecole"]', 'formations = ["t-direct"]'))
    lines = run("data", "validate", str(data)).stdout.splitlines()
    assert any("formations/t-ferme.toml:id: identifiant « t-ferme » déjà utilisé" in line or "copie.toml:id" in line for line in lines)
    assert "metiers/m-test.toml:formations: « t-ecole » cite ce métier mais n'est pas dans sa liste de formations" in lines


def test_broken_data_file_is_a_runtime_error_not_a_traceback(run, tmp_path):
    from conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    (data / "formations" / "t-ferme.toml").write_text("id = [")
    result = run("check", "--bac", "général", env={"ORIENT_DATA": str(data)})
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : Jeu de données invalide : formations/t-ferme.toml: syntaxe TOML invalide")
    assert "orient data validate" in result.stderr


def test_data_folder_from_the_environment(run):
    from conftest import FIXTURES

    rows = json.loads(run("formations", "-f", "json", env={"ORIENT_DATA": str(FIXTURES / "mini")}).stdout)
    assert {r["id"] for r in rows} == {"t-direct", "t-passerelle", "t-ferme", "t-ecole", "t-inconnue"}


# -- the installed entry points --------------------------------------------------------


def test_python_dash_m_works_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "orient", "check", "--bac", "STI2D", "-f", "jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"ORIENT_CACHE_DIR": str(tmp_path / "c"), "ORIENT_DATA_DIR": str(tmp_path / "d"), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["verdict"]


def test_json_output_does_not_import_rich(tmp_path):
    code = (
        "import os, sys\nfrom orient.cli.app import main\nsys.argv=['orient','check','--bac','STI2D','-f','json']\n"
        "def leave(code):\n    raise SystemExit(code)\nos._exit = leave\n"  # (the process would end at once)
        "try:\n    main()\nexcept SystemExit:\n    pass\nsys.stderr.write(str('rich' in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"ORIENT_CACHE_DIR": str(tmp_path), "ORIENT_DATA_DIR": str(tmp_path / "d")},
    )
    assert result.stderr.endswith("False")


def test_check_without_specialite_suggests_giving_one(run):
    result = run("check", "--bac", "STI2D")
    assert "Astuce : indiquez votre spécialité (--specialite AC, EE, ITEC, SIN…)" in result.stderr
    assert "Astuce" not in run("check", "--bac", "STI2D SIN").stderr


def test_help_pages_are_in_french(run):
    for args in ([], ["check"], ["path"], ["show"], ["metier"], ["secteur"], ["interets"], ["metiers"], ["data"], ["data", "validate"]):
        out = run(*args, "--help").stdout
        assert out.startswith("Utilisation : orient")
        assert "Affiche cette aide et quitte." in out
        assert "Show this message" not in out and "Usage:" not in out


# -- machine formats: the columns of a kind of record, empty listings ----------


def _header(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[0].split(",")


def _flat(row: dict, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in row.items():
        keys |= _flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"}
    return keys


def test_csv_columns_are_those_of_the_record_kind_whatever_the_rows(run):
    from conftest import FIXTURES
    from orient.cli.output import flat_keys
    from orient.records import CHECK_SHAPE, WISHED_PROFILE_SHAPE

    assert run("data", "import", "parcoursup", str(FIXTURES / "parcoursup")).exit_code == 0
    check = ["check", "--bac", "général", "-s", "maths", "-s", "pc", "--format"]
    expected = flat_keys({"profile": WISHED_PROFILE_SHAPE, **CHECK_SHAPE})
    for limit in ("1", "30", "0"):
        assert _header(run(*check, "csv", "--limit", limit)) == expected
    assert "admissions" not in expected and "admissions.places" in expected and "specialites_outcome.year" in expected
    # The rows keep to their shape: every key of every row (nested objects filled or null) has its column.
    rows = json.loads(run(*check, "json", "--limit", "0").stdout)
    assert any(r["admissions"] for r in rows) and any(r["admissions"] is None for r in rows)
    for row in rows:
        assert {k for k in _flat(row) if k not in ("admissions", "specialites_outcome")} <= set(expected)
    assert run(*check, "tsv", "--limit", "1").stdout.splitlines()[0].split("\t") == expected
    metiers = [_header(run("metiers", "--format", "csv", "--limit", n)) for n in ("1", "0")]
    assert metiers[0] == metiers[1] and "salary" not in metiers[0] and "salary.min" in metiers[0]
    types = [_header(run("types", "--format", "csv", "--limit", n)) for n in ("1", "0")]
    assert types[0] == types[1] and "rule" not in types[0] and "rule.summary" in types[0]
    ou = run("ou", "--format", "csv", "--limit", "1")
    assert "admitted_share.general" in _header(ou)
    nowhere = run("ou", "licence-arts-spectacle", "--departement", "69", "--format", "csv")
    assert nowhere.stdout.splitlines() == [",".join(_header(ou))] and "Aucun établissement" in nowhere.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["formations", "zzzzz"],
        ["metiers", "zzzzz"],
        ["check", "--bac", "STI2D", "--formation", "zzzzz"],
        ["check", "--bac", "STI2D", "--formation", "BTS", "--verdict", "excluded", "--type", "BUT"],
        ["check", "--bac", "STI2D", "--apres", "bts-mav-image", "--verdict", "excluded,unknown,later"],
    ],
    ids=lambda a: " ".join(a),
)
def test_an_empty_listing_gives_its_header_and_a_message_in_every_format(run, args):
    table = run(*args)
    assert table.exit_code == 0 and table.stdout == "" and table.stderr.strip()
    message = next(line for line in table.stderr.splitlines() if line.startswith("Aucun"))
    for fmt in ("json", "jsonl", "csv", "tsv"):
        result = run(*args, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert message in result.stderr, fmt
        out = result.stdout
        if fmt == "json":
            assert json.loads(out) == []
        elif fmt == "jsonl":
            assert out == ""
        else:
            lines = out.splitlines()
            assert len(lines) == 1 and "id" in lines[0].split("," if fmt == "csv" else "\t"), fmt


def test_check_profile_carries_interests_and_deduced_strengths(run):
    result = run("check", "--bac", "STI2D", "-s", "SIN", "--interets", "cinéma", "--atouts", "anglais", "-f", "json", "-l", "1")
    profile = json.loads(result.stdout)[0]["profile"]
    assert profile["interests"] == ["cinéma"] and profile["strengths"] == ["langues étrangères"]
    deduced = profile["deduced_strengths"]
    assert deduced and all(set(d) == {"tag", "origin"} for d in deduced)
    table = run("check", "--bac", "STI2D", "-s", "SIN", "--interets", "cinéma", "-l", "1")
    assert all(d["tag"] in table.stderr for d in deduced)
    bare = json.loads(run("check", "--bac", "STI2D", "--sans-deduction", "-f", "json", "-l", "1").stdout)[0]["profile"]
    assert bare["interests"] == [] and bare["strengths"] == [] and bare["deduced_strengths"] == []


def test_bacs_machine_formats_say_where_the_levels_are(run):
    result = run("bacs", "--format", "json")
    assert "orient bacs --niveaux" in result.stderr
    levels = json.loads(run("bacs", "--niveaux", "--format", "json").stdout)
    table = run("bacs").stdout
    assert levels and all(level["name"] in table for level in levels)
    assert _header(run("bacs", "--niveaux", "--format", "csv")) == ["bac_plus", "name", "aliases"]
    assert run("bacs", "pro", "--niveaux").exit_code == 2


def test_a_missing_option_value_hints_at_the_command_help(run):
    result = run("check", "--bac", "STI2D", "--format")
    assert result.exit_code == 2
    assert "orient check --help" in result.stderr


def test_after_a_formation_whose_card_names_kinds_of_studies_only_says_so(run):
    result = run("check", "--bac", "général", "--apres", "cnsad")
    assert result.exit_code == 0
    assert "ne nomme aucune formation précise du jeu de données parmi ses poursuites d'études ; elle dit :" in result.stderr
    assert "ne cite aucune poursuite" not in result.stderr


def test_path_json_profile_says_the_interests_it_ranked_by(run):
    rows = json.loads(run("path", "--bac", "STI2D", "--vers", "cadreur", "--interets", "cinéma", "-f", "json").stdout)
    assert rows and rows[0]["profile"]["interests"] == ["cinéma"]
    plain = json.loads(run("path", "--bac", "STI2D", "--vers", "cadreur", "-f", "json").stdout)
    assert plain[0]["profile"]["interests"] == [] and plain[0]["profile"]["deduced_strengths"] == []
