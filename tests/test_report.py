"""HTML reports of ``orient batch --rapport``: safe file names, escaped text, pages that stand alone."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from orient.cli.labels import STEP_LABELS, VERDICT_LABELS
from orient.cli.report import FileNames, slugify, write_reports
from orient.fit import read_wishes
from orient.paths import find_paths
from orient.records import check, check_row, path_rows, profile_row
from orient.search import resolve_target

LIMIT = 6
STUDENTS = (
    # identifier, bac, spécialités, niveau, âge, intérêts, vers
    ("Élodie Martin", "general", ["maths", "nsi"], None, 17, "informatique, jeux vidéo", "showrunner"),
    ("<script>alert(1)</script>", "STI2D", [], None, None, None, None),
    ("../../evil", "pro", [], None, 19, None, None),
)


def student_record(dataset, reader, identifier, bac, specialites, niveau, age, interets, vers) -> dict:
    """A student as ``orient batch`` hands it to the reports: built by the same row builders as ``check`` and ``path``."""
    profile = reader.profile(bac, specialites, niveau, age)
    wishes = read_wishes(dataset, profile, interets, None)
    results = check(dataset, profile, wishes=wishes, sort="fit" if interets else "verdict")
    rows = [check_row(r, dataset) for r in results[:LIMIT]]
    missing = Counter(a["label"] for row in rows for a in row["attendus_missing"])
    paths, vers_name = [], None
    if vers is not None:
        target = resolve_target(dataset, vers)
        paths, vers_name = path_rows(find_paths(dataset, profile, target, limit=3)), target.name
    return {
        "student": identifier,
        "profile": profile_row(profile),
        "profile_text": profile.describe(),
        "wishes": {"interests": [t.input for t in wishes.terms if t.understood], "strengths": []},
        "rows": rows,
        "summary": {
            "counts": dict(Counter(r.verdict.code for r in results)),
            "best": [{"id": r["id"], "name": r["name"], "verdict": r["verdict"]} for r in rows[:3]],
            "missing_attendus": [{"label": label, "count": n} for label, n in missing.most_common()],
        },
        "paths": paths,
        "vers": vers,
        "vers_name": vers_name,
    }


@pytest.fixture(scope="module")
def students(dataset, reader) -> list[dict]:
    return [student_record(dataset, reader, *s) for s in STUDENTS]


@pytest.fixture(scope="module")
def written(students, tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("reports") / "classe" / "terminale"  # created with its parents
    return folder, write_reports(iter(students), folder)  # one pass over the students


class Checker(HTMLParser):
    """Balanced tags (void elements aside), and the text of the page as a reader sees it."""

    VOID = {"meta", "br", "link", "img", "hr", "input", "wbr", "col", "area", "base", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "srcset", "data"):
            if attrs.get(name):
                self.loaded.append(f"{tag} {name}={attrs[name]}")
        if tag == "link" and attrs.get("href"):
            self.loaded.append(f"link href={attrs['href']}")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'} at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Checker:
    checker = Checker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, f"unclosed: {checker.stack}"
    return checker


def plain(text: str) -> str:
    """Text with French no-break spaces as plain spaces, blanks collapsed: words, not typography."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def page_text(checker: Checker) -> str:
    return plain(" ".join(checker.text))


def test_one_page_per_student_then_the_index_inside_the_folder(written):
    folder, paths = written
    assert [p.name for p in paths] == ["elodie-martin.html", "script-alert-1-script.html", "evil.html", "index.html"]
    for path in paths:
        assert path.parent == folder and path.is_file()
        assert re.fullmatch(r"[a-z0-9-]+\.html", path.name)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)  # no temporary file left
    assert not (folder.parent.parent / "evil.html").exists()


def test_a_page_says_the_centres_d_interet_the_fit_reads(written):
    _folder, paths = written
    assert "Centres d'intérêt informatique, jeux vidéo" in " ".join(page_text(parse(paths[0])).split())
    assert "Centres d'intérêt" not in page_text(parse(paths[1]))  # none given


def test_pages_are_well_formed_french_and_stand_alone(written):
    _folder, paths = written
    for path in paths:
        source = path.read_text(encoding="utf-8")
        assert source.startswith("<!DOCTYPE html>")
        assert '<html lang="fr">' in source and '<meta charset="utf-8">' in source
        assert "<style>" in source and "@page { size: A4" in source and "break-inside: avoid" in source
        checker = parse(path)
        assert checker.loaded == []  # no script, image, font or style sheet fetched
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", source, re.IGNORECASE)
        assert all(link.endswith(".html") or link.startswith("https://") for link in checker.links)


def test_identifiers_are_text_never_markup(written):
    folder, _paths = written
    page = folder / "script-alert-1-script.html"
    source = page.read_text(encoding="utf-8")
    assert "<script>" not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<script>alert(1)</script>" in page_text(parse(page))  # what a reader sees: the identifier as typed
    index = parse(folder / "index.html")
    assert "<script>alert(1)</script>" in page_text(index) and "../../evil" in page_text(index)


def test_every_formation_verdict_and_reason_is_on_the_page(written, students):
    _folder, paths = written
    for student, path in zip(students, paths, strict=False):
        text = page_text(parse(path))
        assert plain(student["student"]) in text
        assert plain(student["profile"]["bac_name"]) in text
        assert student["rows"]
        for row in student["rows"]:
            assert plain(row["name"]) in text
            assert VERDICT_LABELS[row["verdict"]] in text
            for reason in row["reasons"]:
                assert plain(reason) in text
            if row["rule"]["source"]:
                assert plain(row["rule"]["source"]) in text
        for missing in student["summary"]["missing_attendus"]:
            assert plain(missing["label"]) in text
        for advice in {a for row in student["rows"] for a in row["advice"]}:
            assert plain(advice) in text


def test_paths_toward_the_target_step_by_step(written, students):
    _folder, paths = written
    student = students[0]
    assert student["paths"], "the example needs paths"
    text = page_text(parse(paths[0]))
    assert f"Vers {plain(student['vers_name'])}" in text
    for path in student["paths"]:
        for step in path["steps"]:
            assert plain(step["name"]) in text and STEP_LABELS[step["verdict"]] in text
            for reason in step["reasons"]:
                assert plain(reason) in text
    assert "Vers " not in page_text(parse(paths[1]))  # no target, no section


def test_index_links_every_page_with_a_summary(written, students):
    folder, paths = written
    index = parse(folder / "index.html")
    assert index.links == [p.name for p in paths[:-1]]
    text = page_text(index)
    assert "3 élèves" in text
    for student in students:
        assert plain(student["summary"]["best"][0]["name"]) in text
    for page in paths[:-1]:
        assert "index.html" in parse(page).links


def test_french_typography_on_the_page(written):
    source = written[1][0].read_text(encoding="utf-8")
    assert re.search(r"\w :", html.unescape(source)) is None  # a colon never starts a line


def test_file_names_are_safe_and_distinct():
    names = FileNames()
    taken = [names.take(i) for i in ("Dupont", "dupont", "DUPONT", "dupont-2", "../../etc/passwd", "", "…", "index", "CON", "Zoé Lefèvre")]
    assert taken == [
        "dupont.html",
        "dupont-2.html",
        "dupont-3.html",
        "dupont-2-2.html",
        "etc-passwd.html",
        "eleve.html",
        "eleve-2.html",
        "index-2.html",
        "con-2.html",
        "zoe-lefevre.html",
    ]
    assert slugify("a" * 500) == "a" * 60
    assert slugify("/abs/olu\\te\x00 ") == "abs-olu-te"


def test_a_second_run_replaces_pages_and_clears_what_a_killed_run_left(tmp_path, students):
    folder = tmp_path / "rapports"
    first = write_reports(students[:1], folder)
    stale = folder / f".{first[0].name}.999999999.tmp"  # a run killed while writing: no such process
    stale.write_text("partial")
    kept = [
        folder / "notes.txt",
        folder / ".notes.txt.999999999.tmp",  # not a page's: not ours to remove
        folder / f".autre.html.{os.getpid()}.tmp",  # a process still running (this one) may be writing it
    ]
    for path in kept:
        path.write_text("kept")
    again = write_reports(students[:1], folder)
    assert again == first and not stale.exists()
    assert all(path.read_text() == "kept" for path in kept)


def test_a_page_of_the_folders_owner_is_never_replaced(tmp_path, students):
    folder = tmp_path / "rapports"
    folder.mkdir()
    theirs = folder / f"{slugify(students[0]['student'])}.html"
    theirs.write_text("<p>ma page</p>")
    first = write_reports(students[:1], folder)
    assert theirs.read_text() == "<p>ma page</p>" and first[0].name.endswith("-2.html")
    assert write_reports(students[:1], folder) == first  # its own page of the first run, replaced


def test_an_index_of_the_folders_owner_stops_the_batch_before_it_starts(run, tmp_path):
    folder = tmp_path / "rapports"
    folder.mkdir()
    (folder / "index.html").write_text("<p>mon index</p>")
    classe = tmp_path / "classe.csv"
    classe.write_text("identifiant;bac\nA1;STI2D\n", encoding="utf-8")
    result = run("batch", str(classe), "--rapport", str(folder))
    assert result.exit_code == 1 and "n'est pas un rapport d'orient" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["index.html"] and "mon index" in (folder / "index.html").read_text()
    # An index of an earlier run, even of a version that did not mark its pages, is replaced.
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Orientation — 1 élève</title>',
        encoding="utf-8",
    )
    assert run("batch", str(classe), "--rapport", str(folder)).exit_code == 0
    assert 'content="orient"' in (folder / "index.html").read_text(encoding="utf-8")


def test_the_index_lists_the_rows_that_could_not_be_read(run, tmp_path):
    classe = tmp_path / "classe.csv"
    classe.write_text("identifiant;bac\nA1;STI2D\nLéo T.;STI3D\n;STMGG\n", encoding="utf-8")
    result = run("batch", str(classe), "--rapport", str(tmp_path / "pages"))
    assert result.exit_code == 1 and "ligne 3 (Léo T.) : Bac inconnu" in result.stderr
    text = page_text(parse(tmp_path / "pages" / "index.html"))
    assert "Lignes non traitées" in text and "Ligne 3 (Léo T.) : Bac inconnu : « STI3D »" in text
    assert "Ligne 4 : Bac inconnu : « STMGG »" in text and "(ligne 4)" not in text


def test_no_students_still_gives_an_index(tmp_path):
    (index,) = write_reports([], tmp_path / "vide")
    assert index.name == "index.html" and "Aucun élève" in page_text(parse(index))


def test_jinja_is_loaded_only_to_write_reports():
    code = "import sys, orient.cli.app, orient.cli.report; print('jinja2' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


BROWSERS = (
    "chromium",
    "chromium-headless-shell",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "msedge",
)

# Headless, and every host name unknown: the page must not need the network.
OFFLINE = ("--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND")


def _browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def test_pages_render_in_a_real_browser(written, students):
    """The pages as a browser lays them out, from files, with the network off."""
    folder, paths = written
    browser = _browser()
    if browser is not None:
        for student, path in zip(students, paths, strict=False):
            out = subprocess.run(
                [browser, *OFFLINE, "--dump-dom", path.as_uri()],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert out.returncode == 0, out.stderr
            assert html.escape(student["student"], quote=False) in out.stdout
        pdf = folder.parent / "page.pdf"
        subprocess.run(
            [browser, *OFFLINE, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", paths[0].as_uri()],
            capture_output=True,
            timeout=60,
            check=True,
        )
        document = pdf.read_bytes()
        assert document.startswith(b"%PDF")
        assert re.search(rb"/MediaBox \[0 0 59[45]\.?\d* 84[12]", document)  # A4, as the print style sheet asks
        return
    try:
        from playwright.sync_api import Error, sync_playwright  # type: ignore[import-not-found]
    except ImportError:
        pytest.skip("no headless browser installed (chromium, chrome, or playwright)")
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch()
            try:
                page = launched.new_context(offline=True).new_page()
                for student, path in zip(students, paths, strict=False):
                    page.goto(path.as_uri())
                    assert student["student"] in page.inner_text("h1")
            finally:
                launched.close()
    except Error as error:  # playwright without its browsers
        pytest.skip(f"playwright cannot start a browser: {error}")


def _bare(identifier: str, **more) -> dict:
    profile = {"bac": "GENERAL", "bac_name": "Bac général", "specialites": [], "specialite_names": [], "level": 0, "age": None}
    student = {"student": identifier, "profile": profile, "profile_text": "Bac général", "rows": [], "summary": {}, "paths": []}
    return {**student, "vers": None, "vers_name": None, **more}


def test_a_student_with_nothing_found_gets_a_page_that_says_so(tmp_path):
    page, _index = write_reports([_bare("Léa", vers="astronaute", vers_name="astronaute")], tmp_path)
    text = page_text(parse(page))
    assert "Aucune formation ne correspond à ce profil." in text
    assert "Vers astronaute" in text and "Aucun chemin trouvé vers cet objectif pour ce profil." in text


def test_only_web_addresses_are_links_and_figures_read_french(tmp_path, students):
    row = {
        **students[0]["rows"][0],
        "rule": {"basis": "card", "id": None, "source": "Une source", "url": "javascript:alert(1)"},
        "admissions": {"session": 2024, "places": 1500, "candidates": 12000, "access_rate": 45.0},
    }
    page, _index = write_reports([_bare("Léo", rows=[row])], tmp_path)
    checker = parse(page)
    assert checker.links == ["index.html"]
    text = page_text(checker)
    assert "Source : Une source" in text and "javascript" not in page.read_text(encoding="utf-8")
    assert "Parcoursup, session 2024 : 1 500 places, 12 000 candidats, taux d'accès moyen 45 %." in text


def test_an_unread_row_names_the_choices_and_the_hint_says_it_is_one(run, tmp_path):
    classe = tmp_path / "classe.csv"
    classe.write_text("identifiant;bac;vers\nA1;STI2D;\nB2;général;assistant\n", encoding="utf-8")
    result = run("batch", str(classe), "--rapport", str(tmp_path / "pages"))
    assert result.exit_code == 1 and "ligne 3 (B2) : « assistant » correspond à plusieurs" in result.stderr
    assert "\nAide : Précisez la recherche ou utilisez un identifiant." in result.stderr
    text = page_text(parse(tmp_path / "pages" / "index.html"))
    assert "métier assistant-realisateur assistant/e réalisateur/trice" in text
