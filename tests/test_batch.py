"""« orient batch »: a class file read the way spreadsheets write it, each student's rows exactly
those of « orient check », failures said per line, the same output on one or several processes."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orient.batch import MAX_RECORD, Context, Failure, Profiled, Student, profile_student, read_class, run_profiles
from orient.errors import InputError, OrientError
from orient.fit import read_wishes
from orient.records import check, check_row

HEADER = "identifiant;bac;specialites;niveau;age;interets;atouts;vers"
CLASS = [
    "A1;STI2D;SIN;;17;cinéma, son;anglais;cadreur",
    "B2;général;maths, pc;;18;informatique;;",
    "C3;bac pro;photographie;;19;;;",
    "D4;STMG;;;;;travail en équipe;",
    "E5;général;ses hggsp;bac+1;;;;",
]


def write(tmp_path: Path, lines: list[str], name: str = "classe.csv", *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def students(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(r["student"] for r in rows))


# -- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_with_any_separator_and_a_byte_order_mark(run, tmp_path, sep):
    lines = [HEADER.replace(";", sep)] + [line.replace(", ", "/").replace(";", sep) for line in CLASS]
    result = run("batch", str(write(tmp_path, lines, bom=True)), "--format", "jsonl", "--limit", "2")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert students(rows) == ["A1", "B2", "C3", "D4", "E5"]
    assert len(rows) == 10
    assert rows[0]["profile"]["specialites"] == ["SIN"] and rows[2]["profile"]["specialites"] == ["MATHS", "PC"]


def test_quoted_cells_and_blank_rows(run, tmp_path):
    lines = ["identifiant,bac,specialites,interets", '"Durand, Léa",général,"maths, pc","cinéma, son"', ",,,", "", "Noé,STI2D,SIN,"]
    result = run("batch", str(write(tmp_path, lines)), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 0, result.stderr
    assert students(jsonl(result.stdout)) == ["Durand, Léa", "Noé"]


def test_header_names_as_people_type_them(tmp_path):
    header = "Élève;Série du bac;Spécialités;Niveau;Âge;Centres d'intérêt;Points forts;Objectif;Classe"
    path = write(tmp_path, [header, "Zoé;STI2D;SIN;;17;cinéma;anglais;cadreur;T2"])
    with path.open("rb") as stream:
        opened = read_class(stream)
        rows = list(opened.rows())
    assert opened.kind == "csv" and opened.delimiter == ";" and opened.ignored == ["Classe"]
    assert set(opened.columns) == {"student", "bac", "specialites", "niveau", "age", "interets", "atouts", "vers"}
    assert rows == [
        Student(line=2, id="Zoé", bac="STI2D", specialites=("SIN",), age=17, interets="cinéma", atouts="anglais", vers="cadreur")
    ]


def test_the_identifier_column_wins_over_the_name(tmp_path):
    path = write(tmp_path, ["Nom,Identifiant,Bac", "Martin,M-07,STMG", "Petit,,STMG"])
    with path.open("rb") as stream:
        rows = list(read_class(stream).rows())
    assert [r.id for r in rows] == ["M-07", "ligne 3"]


@pytest.mark.parametrize("cell", ["maths, pc", "Maths/PC", "maths et pc", "maths pc", "maths;pc", "MATHS + PC", "pc | maths"])
def test_a_list_cell_the_way_people_fill_it(reader, cell):
    from orient.batch import read_profile

    profile = read_profile(reader, Student(line=2, id="x", bac="général", specialites=(cell,)))
    assert sorted(s.code for s in profile.specialites) == ["MATHS", "PC"]


def test_a_bac_pro_name_with_commas_is_read_whole(reader):
    from orient.batch import read_profile

    profile = read_profile(reader, Student(line=2, id="x", bac="bac pro", specialites=("accompagnement, soins et services à la personne",)))
    assert [s.code for s in profile.specialites] == ["ASSP"]


def test_a_misspelt_specialite_in_a_list_is_named_alone(reader):
    from orient.batch import read_profile

    with pytest.raises(InputError) as caught:
        read_profile(reader, Student(line=2, id="x", bac="général", specialites=("Maths/PCC",)))
    assert caught.value.code == "specialite.unknown" and caught.value.data["text"] == "PCC"
    assert "PC" in caught.value.suggestions


def test_jsonl_with_lists_and_numbers(run, tmp_path):
    lines = [
        '{"identifiant": 12, "bac": "général", "spécialités": ["maths", "pc"], "âge": 18, "intérêts": ["cinéma", "son"]}',
        "",
        '{"Élève": "Léo", "Bac": "STI2D SIN", "vers": "cadreur"}',
        '{"id": "N3", "bac": "général", "niveau": 2, "age": 20.0}',
    ]
    result = run("batch", str(write(tmp_path, lines, "classe.jsonl", bom=True)), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert students(rows) == ["12", "Léo", "N3"]
    assert rows[0]["profile"]["specialites"] == ["MATHS", "PC"] and rows[0]["profile"]["age"] == 18
    assert rows[2]["profile"]["level"] == 2 and rows[2]["profile"]["age"] == 20


def test_standard_input(run):
    text = "\n".join([HEADER, *CLASS[:2]]) + "\n"
    result = run("batch", "-", "-f", "jsonl", "-l", "1", input=text)
    assert result.exit_code == 0, result.stderr
    assert students(jsonl(result.stdout)) == ["A1", "B2"]


# -- output -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "tsv"])
@pytest.mark.parametrize("resume", [False, True])
def test_every_format(run, tmp_path, fmt, resume):
    path = write(tmp_path, [HEADER, *CLASS])
    result = run("batch", str(path), "-f", fmt, "-l", "3", *(["--resume"] if resume else []))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    per_student = 1 if resume else 3
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "jsonl":
        rows = jsonl(out)
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert all(len(r) == len(rows[0]) for r in rows)
    else:
        for name in ("A1", "B2", "C3", "D4", "E5"):
            assert name in out
        assert "Traceback" not in out
        return
    assert len(rows) == 5 * per_student
    assert list(rows[0])[:2] == (["student", "profile"] if fmt in ("json", "jsonl") else ["student", "profile.bac"])
    assert [r["student"] for r in rows][::per_student] == ["A1", "B2", "C3", "D4", "E5"]


BATCH_ONLY = ("student", "vers", "vers_name", "paths")  # a batch row: those, and a check row


def test_rows_are_those_of_check(run, tmp_path):
    path = write(tmp_path, [HEADER, *CLASS])
    rows = jsonl(run("batch", str(path), "-f", "jsonl", "-l", "0").stdout)
    for student, args in [
        ("A1", ["--bac", "STI2D", "-s", "SIN", "--age", "17", "--interets", "cinéma, son", "--atouts", "anglais"]),
        ("C3", ["--bac", "bac pro", "-s", "photographie", "--age", "19"]),
        ("D4", ["--bac", "STMG", "--atouts", "travail en équipe"]),
        ("E5", ["--bac", "général", "-s", "ses", "-s", "hggsp", "--niveau", "bac+1"]),
    ]:
        expected = json.loads(run("check", *args, "-f", "json", "-l", "0").stdout)
        mine = [r for r in rows if r["student"] == student]
        assert [{k: v for k, v in r.items() if k not in BATCH_ONLY} for r in mine] == expected, student
        assert list(mine[0])[:3] == ["student", "profile", "id"]


def test_with_parcoursup_figures_the_rows_are_still_those_of_check(run, tmp_path):
    from conftest import FIXTURES

    assert run("data", "import", "parcoursup", str(FIXTURES / "parcoursup")).exit_code == 0
    path = write(tmp_path, [HEADER, "P1;général;maths pc;;;;;", "P2;STI2D;SIN;;;cinéma;;", "P3;général;maths pc;;;;;"])
    rows = jsonl(run("batch", str(path), "-f", "jsonl", "-l", "0").stdout)
    for student, args in [
        ("P1", ["--bac", "général", "-s", "maths", "-s", "pc"]),
        ("P2", ["--bac", "STI2D", "-s", "SIN", "--interets", "cinéma"]),
        ("P3", ["--bac", "général", "-s", "maths", "-s", "pc"]),
    ]:
        expected = json.loads(run("check", *args, "-f", "json", "-l", "0").stdout)
        assert [{k: v for k, v in r.items() if k not in BATCH_ONLY} for r in rows if r["student"] == student] == expected, student
    assert any(r["specialites_outcome"] and r["admissions"] for r in rows if r["student"] == "P1")
    table = list(csv.DictReader(io.StringIO(run("batch", str(path), "-f", "csv", "-l", "0").stdout)))
    assert len(table) == len(rows) and any(r["admissions.places"] for r in table)
    header = set(table[0])
    for row in rows:  # every value of the JSON rows has its column
        assert {key for key, value in _flat(row) if value is not None} <= header


def test_the_pair_of_specialites_does_not_split_the_verdicts_profiles_share(run, monkeypatch):
    """The outcome of a pair of spécialités depends on the formation's own group alone: with the
    Parcoursup figures, two bac général students with other pairs still share every verdict
    whose rule names no spécialité."""
    from conftest import FIXTURES
    from orient import batch
    from orient.cli.app import _dataset, _parcoursup
    from orient.profile import BacReader

    assert run("data", "import", "parcoursup", str(FIXTURES / "parcoursup")).exit_code == 0
    dataset = _dataset()
    context = batch.Context(dataset, _parcoursup(dataset))
    reader = BacReader(dataset.referential)
    judged = []
    original = batch.judge_rules
    monkeypatch.setattr(batch, "judge_rules", lambda *args: judged.append(args[0].id) or original(*args))
    context.verdicts(reader.profile("général", ["maths", "pc"]))
    first = len(judged)
    context.verdicts(reader.profile("général", ["ses", "hggsp"]))
    named = {f.id for f in context.formations if f.access and any(r.specialites or r.other_specialites for r in f.access.routes)}
    assert first == len(context.formations) and set(judged[first:]) <= named
    assert context.pair(reader.profile("général", ["maths", "pc"]), "but-mmi") is not None


def _flat(row: dict, prefix: str = ""):
    for key, value in row.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value


def test_limit_and_resume(run, tmp_path):
    path = write(tmp_path, [HEADER, *CLASS])
    rows = jsonl(run("batch", str(path), "-f", "jsonl").stdout)
    assert len(rows) == 5 * 10  # ten formations each by default
    summary = jsonl(run("batch", str(path), "-f", "jsonl", "--resume", "-l", "4").stdout)
    first = summary[0]
    assert list(first) == ["student", "profile", "counts", "best", "missing_attendus", "vers", "vers_name", "paths"]
    assert first["student"] == "A1" and first["vers"] == "cadreur" and first["paths"]
    assert set(first["counts"]) == {"recommended", "possible", "bridge", "later", "unknown", "excluded"}
    everything = json.loads(run("check", "--bac", "STI2D", "-s", "SIN", "--age", "17", "-f", "json", "-l", "0").stdout)
    assert sum(first["counts"].values()) == len(everything)
    assert [b["id"] for b in first["best"]] == [r["id"] for r in rows if r["student"] == "A1"][:3]
    assert all(m["count"] >= 1 for m in first["missing_attendus"])
    counts = [m["count"] for m in first["missing_attendus"]]
    assert counts == sorted(counts, reverse=True)


def test_the_table_shows_each_student_and_the_paths(run, tmp_path):
    result = run("batch", str(write(tmp_path, [HEADER, *CLASS[:2]])), "-l", "2")
    assert result.exit_code == 0
    assert "A1" in result.stdout and "17 ans" in result.stdout and "Chemins vers cadreur" in result.stdout
    resume = run("batch", str(write(tmp_path, [HEADER, *CLASS[:2]])), "--resume")
    assert "Élève" in resume.stdout and "accès direct" in resume.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_several_processes_give_the_same_output(run, tmp_path, fmt):
    # In JSON, the workers write the rows out themselves: the same text as one process writes.
    lines = [HEADER, *CLASS, "F6;STI3D;;;;;;", "G7;STMG;;;;;;son", *CLASS]
    path = write(tmp_path, lines)
    one = run("batch", str(path), "-f", fmt, "-l", "3")
    two = run("batch", str(path), "-f", fmt, "-l", "3", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert "ligne 8 (G7) : « son » correspond à plusieurs métiers ou formations :\n  métier " in one.stderr


# -- failures -----------------------------------------------------------------------------------


def test_a_bad_row_is_said_with_its_line_and_the_others_are_processed(run, tmp_path):
    lines = [HEADER, CLASS[0], "X9;STI3D;;;;;;", CLASS[1], "Y8;;;;;;;", "Z7;général;maths;;deux;;;"]
    result = run("batch", str(write(tmp_path, lines)), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1
    assert students(jsonl(result.stdout)) == ["A1", "B2"]
    assert "ligne 3 (X9) : Bac inconnu : « STI3D ». Vouliez-vous dire STI2D ?" in result.stderr
    assert "ligne 5 (Y8) : Bac manquant." in result.stderr
    assert "ligne 6 (Z7) : Âge invalide : « deux »" in result.stderr
    assert "3 lignes non traitées sur 5" in result.stderr
    assert "Liste des bacs : orient bacs" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_target_or_interest_fails_its_row_only(run, tmp_path):
    lines = [HEADER, "A1;STI2D;;;;;;xqzwv plomb", "B2;STI2D;;;;zzqqxx;;", "C3;STMG;;;;;;"]
    result = run("batch", str(write(tmp_path, lines)), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1
    assert students(jsonl(result.stdout)) == ["C3"]
    assert "ligne 2 (A1) : Aucun métier ni aucune formation ne correspond à « xqzwv plomb »" in result.stderr
    assert "ligne 3 (B2) : Aucun mot compris" in result.stderr


def test_a_file_without_a_bac_column_is_refused(run, tmp_path):
    result = run("batch", str(write(tmp_path, ["nom;serie_bacc;spe", "A;STI2D;SIN"])))
    assert result.exit_code == 2
    assert "Aucune colonne « bac »" in result.stderr and "« serie_bacc »" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "vide"),
        (b"\n  \n", "vide"),
        ("Élève;Spécialités;Bac\n".encode("latin-1"), "UTF-8"),
        (b"x" * (MAX_RECORD + 10), "dépasse"),
    ],
    ids=["empty", "blank", "latin-1", "huge-header"],
)
def test_an_unreadable_file_is_refused(run, tmp_path, content, expected):
    path = tmp_path / "classe.csv"
    path.write_bytes(content)
    result = run("batch", str(path))
    assert result.exit_code == 2 and expected in result.stderr
    assert "Traceback" not in result.output


def test_a_header_alone_is_an_empty_class(run, tmp_path):
    path = write(tmp_path, [HEADER])
    assert run("batch", str(path), "-f", "json").stdout == "[]\n"
    table = run("batch", str(path))
    assert table.exit_code == 0 and "Aucun élève traité." in table.stderr
    header = run("batch", str(path), "-f", "csv").stdout
    assert header.startswith("student,profile.bac,")


def test_hostile_rows(run, tmp_path):
    path = tmp_path / "classe.csv"
    huge = "B2;général;" + "maths " * (MAX_RECORD // 5) + ";;;;;"
    path.write_bytes(
        (HEADER + "\n" + CLASS[0] + "\n").encode()
        + "C3;g\xe9n\xe9ral;;;;;;\n".encode("latin-1")
        + (huge + "\n").encode()
        + b'D4;"STMG;;;;;;\n'
        + (CLASS[3] + "\n").encode()
    )
    result = run("batch", str(path), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1
    assert "ligne 3 (C3) : Caractères illisibles" in result.stderr
    assert "ligne 4 : Ligne trop longue" in result.stderr
    assert "Traceback" not in result.output
    assert students(jsonl(result.stdout))[0] == "A1"


def test_bad_jsonl_lines(run, tmp_path):
    lines = ['{"bac": "STI2D"}', "{pas du json", "[1, 2]", '{"bac": 12}', '{"bac": "STMG", "specialites": [1]}']
    result = run("batch", str(write(tmp_path, lines, "c.jsonl")), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1
    assert students(jsonl(result.stdout)) == ["ligne 1"]
    for number, text in [(2, "ce n'est pas du JSON"), (3, "pas un objet"), (4, "« bac »"), (5, "« specialites »")]:
        assert f"ligne {number} : " in result.stderr and text in result.stderr


def test_bad_options(run, tmp_path):
    path = write(tmp_path, [HEADER, *CLASS])
    assert run("batch", str(path), "--jobs", "x").exit_code == 2
    assert run("batch", str(path), "--limit", "-3").exit_code == 2
    missing = run("batch", str(tmp_path / "absent.csv"))
    assert missing.exit_code == 2 and "introuvable" in missing.stderr
    folder = run("batch", str(tmp_path))
    assert folder.exit_code == 2 and "dossier" in folder.stderr


# -- privacy and reports ------------------------------------------------------------------------


def test_nothing_of_a_student_is_written_to_the_data_or_cache_folders(run, tmp_path):
    secret = "Zyxwvut-Quarante-Deux"
    lines = [HEADER, f"{secret};STI2D;SIN;;17;cinéma, son, {secret};anglais;cadreur"]
    result = run("batch", str(write(tmp_path, lines)), "-f", "jsonl", "--jobs", "2")
    assert secret in result.stdout
    for folder in (os.environ["ORIENT_DATA_DIR"], os.environ["ORIENT_CACHE_DIR"]):
        for path in Path(folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert secret.encode() not in data and secret.lower().encode() not in data, path


def test_reports_receive_each_student_as_it_comes(run, tmp_path, monkeypatch):
    seen: list[dict] = []

    def write_reports(reports, folder, unread=()):
        for report in reports:
            seen.append(report)
        (folder / "index.html").write_text("index", encoding="utf-8")
        return [folder / "index.html"]

    stub = types.SimpleNamespace(write_reports=write_reports, INDEX="index.html", foreign=lambda path: False)
    monkeypatch.setitem(sys.modules, "orient.cli.report", stub)
    folder = tmp_path / "pages" / "classe"
    result = run("batch", str(write(tmp_path, [HEADER, *CLASS[:2], "X;STI3D;;;;;;"])), "--rapport", str(folder))
    assert result.exit_code == 1 and result.stdout == ""
    assert [r["student"] for r in seen] == ["A1", "B2"]
    assert set(seen[0]) == {"student", "profile", "profile_text", "wishes", "rows", "summary", "paths", "vers", "vers_name"}
    wishes = seen[0]["wishes"]
    assert wishes["interests"] == ["cinéma", "son"] and wishes["strengths"] == ["langues étrangères"]
    assert set(seen[0]["summary"]) == {"counts", "best", "missing_attendus"}
    assert seen[0]["vers"] == "cadreur" and seen[0]["vers_name"] and seen[0]["paths"]
    assert seen[1]["vers"] is None and seen[1]["paths"] == []
    assert "pages écrites dans" in result.stderr and "index.html" in result.stderr
    with_rows = run("batch", str(write(tmp_path, [HEADER, *CLASS[:1]])), "--rapport", str(folder), "-f", "jsonl", "-l", "1")
    assert students(jsonl(with_rows.stdout)) == ["A1"]


# -- the core -----------------------------------------------------------------------------------


def test_run_profiles_keeps_the_input_order_and_the_failures(dataset):
    rows = [Student(line=n, id=str(n), bac=bac) for n, bac in enumerate(["STI2D", "STI3D", "STMG"], 2)]
    rows.insert(1, Failure(line=9, student=None, code="batch.csv"))
    out = list(run_profiles(rows, Context(dataset), limit=2))
    assert [type(o) for o in out] == [Profiled, Failure, Failure, Profiled]
    assert out[2].code == "bac.unknown" and out[2].line == 3 and out[2].suggestions == ("STI2D",)
    assert out[2].error().code == "bac.unknown"
    with pytest.raises(ValueError):
        list(run_profiles(rows))


def _unloadable() -> Context:
    from orient.errors import DataError, Problem

    raise DataError([Problem("formations/x.toml", "name", "champ manquant")])


def test_a_worker_that_cannot_load_its_data_says_why():
    with pytest.raises(OrientError) as caught:
        list(run_profiles([Student(line=2, id="a", bac="STI2D")], loader=_unloadable, jobs=2))
    assert caught.value.code == "dataset.invalid" and "champ manquant" in str(caught.value.data["problems"][0])


BACS = [("STI2D", ("SIN",)), ("STI2D", ()), ("général", ("maths pc",)), ("général", ("ses, hggsp",)), ("bac pro", ("photographie",))]
BACS += [("STMG", ()), ("bac pro", ("cuisine",)), ("ST2S", ()), ("DAEU", ())]
INTERESTS = [None, "cinéma", "cinéma, son", "informatique", "santé", "sport, nature", "lumière"]
STRENGTHS = [None, "anglais", "rigueur, travail en équipe"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bac=st.sampled_from(BACS),
    age=st.sampled_from([None, 17, 19, 30]),
    niveau=st.sampled_from([None, "bac+2"]),
    interests=st.sampled_from(INTERESTS),
    strengths=st.sampled_from(STRENGTHS),
    limit=st.sampled_from([1, 2, 5, 10, 40, None]),
)
def test_a_student_gets_the_first_rows_of_check(labelled, bac, age, niveau, interests, strengths, limit):
    context = _context(labelled)
    student = Student(line=2, id="x", bac=bac[0], specialites=bac[1], niveau=niveau, age=age, interets=interests, atouts=strengths)
    report = profile_student(context, student, limit=limit).report
    profile = context.reader.profile(bac[0], list(bac[1]), niveau, age)
    wishes = read_wishes(labelled, profile, interests, strengths)
    expected = check(labelled, profile, wishes=wishes, sort="fit" if interests else "verdict")
    assert report["rows"] == [check_row(r, labelled) for r in expected[:limit]]
    assert report["summary"]["counts"] == {code: sum(1 for r in expected if r.verdict.code == code) for code in report["summary"]["counts"]}


_CONTEXTS: dict[int, Context] = {}


def _context(dataset) -> Context:
    """One context per dataset for the whole run: what it shares between profiles is under test too."""
    return _CONTEXTS.setdefault(id(dataset), Context(dataset))


def test_the_whole_corpus_gives_the_rows_of_check(corpus):
    context = Context(corpus)
    for bac, specialites, interests, strengths in [
        ("STI2D", ("SIN",), "cinéma, son", "anglais"),
        ("général", ("maths, pc",), None, None),
        ("général", ("ses hggsp",), "droit", None),
        ("bac pro", ("cuisine",), None, "rigueur"),
        ("STMG", (), "commerce", None),
        ("général", ("arts-cinema et arts-musique",), "enfant", "respecter les règles"),  # scores equal but for their last bit
    ]:
        student = Student(line=2, id="x", bac=bac, specialites=specialites, age=18, interets=interests, atouts=strengths)
        report = profile_student(context, student, limit=10).report
        profile = context.reader.profile(bac, list(specialites), None, 18)
        wishes = read_wishes(corpus, profile, interests, strengths)
        expected = check(corpus, profile, wishes=wishes, sort="fit" if interests else "verdict")
        assert report["rows"] == [check_row(r, corpus) for r in expected[:10]], (bac, specialites)


_PROFILES = [
    ("bac pro", ["cuisine"]),
    ("bac pro", ["MELEC"]),
    ("bac pro", ["ASSP"]),
    ("bac pro", ["photographie"]),
    ("bac pro", []),
    ("général", ["maths", "pc"]),
    ("général", ["ses", "hggsp"]),
    ("général", ["svt", "pc"]),
    ("STI2D", ["SIN"]),
    ("STI2D", ["EE"]),
    ("STMG", []),
    ("STL", []),
]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_PROFILES), st.sampled_from([0, 0, 2]), st.sampled_from([None, 17, 30])), min_size=2, max_size=4))
def test_a_shared_verdict_is_the_verdict_of_the_profile(labelled, drawn):
    # Verdicts are shared between the profiles that read the same attributes and give the same
    # answers to the questions asked of their spécialités: never another verdict than their own.
    from orient.profile import BacReader
    from orient.records import judge_rules

    context = Context(labelled)
    reader = BacReader(labelled.referential)
    for (bac, specialites), level, age in drawn:
        profile = reader.profile(bac, specialites, f"bac+{level}" if level else None, age)
        shared = context.verdicts(profile).verdicts
        assert list(shared) == [judge_rules(f, profile, labelled, None)[0] for f in context.formations], (bac, specialites, level, age)


_CODES = ("recommended", "possible", "bridge", "later", "unknown", "excluded")
_SCORES = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.004, 0.005, 0.0051, 0.015, 0.125, 0.5, 0.9949, 0.995, 1.0]))


@settings(max_examples=150, deadline=None)
@given(
    drawn=st.lists(st.tuples(st.sampled_from(_CODES), st.one_of(st.none(), _SCORES)), min_size=1, max_size=60),
    limit=st.integers(1, 12),
)
def test_the_formations_placed_first_by_fit_are_those_a_whole_sort_places(drawn, limit):
    # The batch rounds only the scores near the best ones: the formations it keeps are those that
    # rounding every score, then sorting them all, can place among the first ``limit``.
    from orient.batch import _best_by_fit, _Verdicts
    from orient.records import REACH

    table = _Verdicts(tuple(types.SimpleNamespace(code=code) for code, _score in drawn))  # type: ignore[misc]
    context = types.SimpleNamespace(position={f"F{i}": i for i in range(len(drawn))})
    scores = {f"F{i}": (score, ()) for i, (_code, score) in enumerate(drawn) if score is not None}
    wishes = types.SimpleNamespace(scores=scores)
    whole = sorted(
        (-fit, table.ranks[i], i)
        for i, (code, score) in enumerate(drawn)
        if score is not None and (fit := round(score, 2) * REACH.get(code, 0.5)) > 0
    )
    if len(whole) >= limit:
        expected = {i for fit, rank_, i in whole if (fit, rank_) <= whole[limit - 1][:2]}
    else:
        taken = {i for _f, _r, i in whole}
        expected = taken | set(table.best_ranks(limit - len(whole), [i for i in range(len(drawn)) if i not in taken]))
    assert set(_best_by_fit(context, table, wishes, limit)) == expected  # type: ignore[arg-type]


def test_machine_rows_carry_the_paths_toward_vers_and_a_fixed_header(run, tmp_path):
    path = write(tmp_path, [HEADER, *CLASS])
    rows = jsonl(run("batch", str(path), "-f", "jsonl", "-l", "2").stdout)
    first = rows[0]
    assert list(first)[:3] == ["student", "profile", "id"] and list(first)[-3:] == ["vers", "vers_name", "paths"]
    assert first["student"] == "A1" and first["vers"] == "cadreur" and first["paths"]
    assert first["paths"] == json.loads(run("batch", str(path), "-f", "json", "--resume").stdout)[0]["paths"]
    assert first["profile"]["interests"] == ["cinéma", "son"] and "deduced_strengths" in first["profile"]
    other = next(r for r in rows if r["student"] == "B2")
    assert other["vers"] is None and other["paths"] == []
    headers = {n: run("batch", str(path), "-f", "csv", "-l", n).stdout.splitlines()[0].split(",") for n in ("1", "3")}
    assert headers["1"] == headers["3"]
    header = headers["1"]
    assert "admissions" not in header and "admissions.places" in header and header[-3:] == ["vers", "vers_name", "paths"]
    table = run("batch", str(path), "-l", "1").stdout
    assert "Chemins vers" in table


def test_an_empty_class_says_so_in_every_format(run, tmp_path):
    path = write(tmp_path, [HEADER, "X;STI3D;;;;;;"])
    for fmt in ("table", "json", "csv"):
        result = run("batch", str(path), "-f", fmt)
        assert result.exit_code == 1 and "Aucun élève traité" in result.stderr, fmt
    assert run("batch", str(path), "-f", "csv").stdout.startswith("student,profile.bac,")


def test_a_former_serie_is_read_as_its_successor_with_a_note(run, tmp_path):
    classe = tmp_path / "classe.csv"
    classe.write_text("identifiant;bac\nA1;S\nB2;STI2D\n", encoding="utf-8")
    result = run("batch", str(classe), "--resume", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "ligne 2 : l'ancienne série S (scientifique) est lue comme le bac général." in result.stderr
    assert "ligne 3" not in result.stderr
    assert [r["profile"]["bac"] for r in json.loads(result.stdout)] == ["GENERAL", "STI2D"]


def test_a_too_long_quoted_cell_is_skipped_whole_and_the_next_student_read(run, tmp_path):
    # A remark over many lines, longer than a row may be: skipped up to the line that closes its
    # quotes, never read as students of its own, and the student after it is read.
    remark = '"' + "Très bon trimestre, élève sérieux\n" * 600 + 'participe"'
    path = write(tmp_path, ["identifiant;bac;remarque", "A1;STI2D;ok", f"B2;STMG;{remark}", "C3;général;ok"])
    result = run("batch", str(path), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1
    assert students(jsonl(result.stdout)) == ["A1", "C3"]
    assert result.stderr.count("ligne ") == 2  # « ligne 3 : Ligne trop longue », and the count of lines not read
    assert "ligne 3 : Ligne trop longue" in result.stderr and "1 ligne non traitée sur 3 ;" in result.stderr


def test_a_quote_never_closed_is_an_error_not_a_lost_end_of_file(run, tmp_path):
    path = write(tmp_path, ["identifiant;bac;interets", 'A1;STI2D;"son', "B2;STMG;", "C3;général;cinéma"])
    result = run("batch", str(path), "-f", "jsonl", "-l", "1")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ligne 2 : Guillemets ouverts et jamais fermés" in result.stderr
    assert "1 ligne non traitée sur 1. Corrigez cette ligne" in result.stderr  # no « les autres élèves sont traités »


def test_jsonl_numbers_are_whole_and_in_range_as_in_csv(run, tmp_path):
    lines = [
        '{"bac": "général", "niveau": -1}',  # not « bac+1 »
        '{"bac": "général", "age": 17.5}',
        '{"bac": "général", "age": 1e308}',
        '{"bac": "général", "age": true}',
        '{"identifiant": 7, "bac": "STI2D", "age": 17.0, "niveau": 1}',
    ]
    result = run("batch", str(write(tmp_path, lines, "c.jsonl")), "--resume", "-f", "jsonl")
    assert result.exit_code == 1
    rows = jsonl(result.stdout)
    assert [(r["student"], r["profile"]["age"], r["profile"]["level"]) for r in rows] == [("7", 17, 1)]
    assert "ligne 1 : Valeur illisible pour « niveau » : un nombre entier d'années après le bac" in result.stderr
    for line in (2, 3, 4):
        assert f"ligne {line} : Valeur illisible pour « age » : un âge en années" in result.stderr
    assert "1" * 40 not in result.stderr  # no 309-digit number written back


def test_a_level_written_with_a_minus_is_unknown(run):
    result = run("check", "--bac", "général", "--niveau", "bac+-1")
    assert result.exit_code == 2 and "Niveau inconnu : « bac+-1 »" in result.stderr


def test_one_specialite_per_column_as_school_software_exports_them(run, tmp_path):
    csv_path = write(tmp_path, ["Élève;Bac;Spécialité 1;Spécialité 2", "A1;général;Maths;Physique-chimie", "B2;général;SES;"])
    rows = jsonl(run("batch", str(csv_path), "--resume", "-f", "jsonl").stdout)
    assert [r["profile"]["specialites"] for r in rows] == [["MATHS", "PC"], ["SES"]]
    lines = ['{"eleve": "A1", "bac": "général", "Spécialité 1": "maths", "spe2": "svt"}']
    rows = jsonl(run("batch", str(write(tmp_path, lines, "c.jsonl")), "--resume", "-f", "jsonl").stdout)
    assert rows[0]["profile"]["specialites"] == ["MATHS", "SVT"]


def test_the_readme_s_example_class_reads_the_same_in_csv_and_jsonl(run):
    docs = Path(__file__).resolve().parents[1] / "docs"
    from_csv = run("batch", str(docs / "exemple-classe.csv"), "-f", "jsonl", "-l", "3")
    from_jsonl = run("batch", str(docs / "exemple-classe.jsonl"), "-f", "jsonl", "-l", "3")
    assert from_csv.exit_code == from_jsonl.exit_code == 0
    assert from_csv.stdout == from_jsonl.stdout
    assert students(jsonl(from_csv.stdout)) == ["Léa M.", "Hugo B.", "Inès K.", "Sami T.", "Chloé D."]


def test_the_summary_s_profile_is_the_rows_profile(run, tmp_path):
    path = write(tmp_path, [HEADER, CLASS[0]])
    row = jsonl(run("batch", str(path), "-f", "jsonl", "-l", "1").stdout)[0]
    summary = jsonl(run("batch", str(path), "--resume", "-f", "jsonl").stdout)[0]
    assert summary["profile"] == row["profile"] and summary["profile"]["interests"] == ["cinéma", "son"]


@pytest.mark.parametrize("start", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
def test_a_workbook_is_told_to_be_saved_as_csv(run, tmp_path, start):
    path = tmp_path / "classe.xlsx"
    path.write_bytes(start + bytes(range(256)) * 4)
    result = run("batch", str(path))
    assert result.exit_code == 2 and "classeur de tableur" in result.stderr and "CSV UTF-8" in result.stderr
