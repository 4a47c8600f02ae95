"""The command line as a person and a script meet it: French parser messages, limits and filters,
spreadsheet-safe CSV, quiet pipes, completion, and the interpreted profile in machine output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (["show", "bts", "audiovisuel", "image"], '"bts audiovisuel image"'),
        (["path", "--bac", "STI2D", "SIN", "--vers", "cadreur"], '--bac "STI2D SIN"'),
    ],
)
def test_stray_words_are_shown_with_the_quotes_they_need(run, args, quoted):
    result = run(*args)
    assert result.exit_code == 2
    assert "en trop" in result.stderr and quoted in result.stderr
    assert "Got unexpected" not in result.output and "argument(s)" not in result.output


def test_an_undecodable_argument_is_refused_in_french(run):
    from orient.cli.app import main

    for args in (["check", "--bac", "STI2D", "--interets", "son\udcff"], ["show", "bts\udcc3"]):
        result = subprocess.run(
            [sys.executable, "-c", "import sys; from orient.cli.app import main; sys.argv[1:] = " + repr(args) + "; main()"],
            capture_output=True,
            text=True,
            errors="replace",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.returncode == 2, result.stderr
        assert "UTF-8" in result.stderr and "Traceback" not in result.stderr and result.stdout == ""
    assert main  # the entry point is what the script runs


@pytest.mark.parametrize("args", [["bacs"], ["check", "--bac", "STI2D", "--format", "csv"], ["formations", "-f", "jsonl"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(args):
    """``orient … | head -1``: exit 0, nothing on stderr (no « Exception ignored … BrokenPipeError »)."""
    command = [sys.executable, "-m", "orient", *args]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # the reader is gone
    _out, err = producer.communicate(timeout=60)
    assert producer.returncode == 0
    assert err.decode() == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["bacs"], ["check", "--bac", "STI2D", "--format", "json"], ["formations", "-f", "csv"]])
def test_a_full_disk_or_a_closed_output_is_said_in_french(args):
    command = [sys.executable, "-m", "orient", *args]
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Erreur\xa0: Écriture impossible\xa0: plus de place sur le disque." in result.stderr
    closed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60, close_fds=True,
                            preexec_fn=lambda: os.close(1))  # fmt: skip
    assert closed.returncode == 1 and "Écriture impossible\xa0: la sortie est fermée." in closed.stderr
    assert "Traceback" not in closed.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_an_output_in_another_encoding_than_utf8_never_fails(fmt):
    # A terminal in latin-1 or ascii: the table shows « ? » for what it cannot show; the machine
    # formats stay in UTF-8, whole.
    command = [sys.executable, "-m", "orient", "check", "--bac", "STI2D", "--limit", "3", "--format", fmt]
    for encoding in ("latin-1", "ascii"):
        result = subprocess.run(command, capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": encoding})
        assert result.returncode == 0 and b"Traceback" not in result.stderr
        if fmt == "table":
            assert b"STI2D" in result.stdout
        else:
            text = result.stdout.decode("utf-8")  # UTF-8 whatever the output's encoding
            assert "accès direct" in text or "recommended" in text


def test_cells_that_a_spreadsheet_would_run_stay_text():
    from orient.cli.output import Column, emit_rows

    rows = [{"id": '=HYPERLINK("http://x")', "name": "+33 1", "note": "-2", "who": "@moi", "ok": "bac+2", "n": -2}]
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        out = io.StringIO()
        emit_rows(rows, fmt, [Column("id", "Id")], out=out)
        parsed = next(csv.DictReader(io.StringIO(out.getvalue()), delimiter=delimiter))
        assert parsed["id"] == '\'=HYPERLINK("http://x")' and parsed["name"] == "'+33 1"
        assert parsed["note"] == "'-2" and parsed["who"] == "'@moi" and parsed["ok"] == "bac+2" and parsed["n"] == "-2"
    out = io.StringIO()
    emit_rows(rows, "json", [Column("id", "Id")], out=out)
    assert json.loads(out.getvalue())[0]["id"] == '=HYPERLINK("http://x")'  # JSON keeps the exact text


def test_limit_keeps_the_first_rows_and_a_table_counts_the_rest(run):
    every = json.loads(run("check", "--bac", "STI2D", "-f", "json").stdout)
    three = json.loads(run("check", "--bac", "STI2D", "-f", "json", "--limit", "3").stdout)
    assert [r["id"] for r in three] == [r["id"] for r in every[:3]]
    assert len(json.loads(run("check", "--bac", "STI2D", "-f", "json", "--limit", "0").stdout)) == len(every)
    table = run("check", "--bac", "STI2D", "--limit", "2")
    assert f"… et {len(every) - 2} autres : --limit 0 pour tout voir." in table.stderr
    for command in (["formations"], ["metiers"], ["bacs"], ["types"], ["interets"], ["secteur"]):
        rows = json.loads(run(*command, "-f", "json", "--limit", "1").stdout)
        assert len(rows) == 1, command
    bad = run("check", "--bac", "STI2D", "--limit", "beaucoup")
    assert bad.exit_code == 2 and "--limit attend un nombre entier" in bad.stderr


def test_verdict_filter_takes_codes_and_french_words(run):
    every = json.loads(run("check", "--bac", "STI2D", "-f", "json").stdout)
    kept = json.loads(run("check", "--bac", "STI2D", "-f", "json", "--verdict", "recommended, Inconnu").stdout)
    assert kept == [r for r in every if r["verdict"] in ("recommended", "unknown")]
    wrong = run("check", "--bac", "STI2D", "--verdict", "possibel")
    assert wrong.exit_code == 2 and "Vouliez-vous dire possible ?" in wrong.stderr


def test_machine_output_carries_the_interpreted_profile(run):
    rows = json.loads(run("check", "--bac", "bac pro photographie", "-f", "json", "--limit", "2").stdout)
    assert rows[0]["profile"]["bac"] == "PRO" and rows[0]["profile"]["specialites"] == ["PHOTO"]
    assert rows[0]["profile"]["specialite_names"] == ["photographie"] and list(rows[0])[0] == "profile"
    paths = json.loads(run("path", "--bac", "STI2D SIN", "--vers", "cadreur", "-f", "json").stdout)
    assert paths and all(p["profile"]["specialites"] == ["SIN"] for p in paths)
    card = json.loads(run("show", "bts-mav-image", "--bac", "STI2D", "-f", "json").stdout)
    assert card["profile"]["bac"] == "STI2D"


def test_an_empty_path_listing_keeps_its_csv_header(run):
    from orient.records import path_step_headers

    result = run("path", "--bac", "bac pro", "--vers", "maquilleur", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [",".join(path_step_headers())]


def test_show_json_knows_what_the_card_shows(run):
    card = json.loads(run("show", "cinefabrique", "-f", "json").stdout)
    assert card["establishments"] and card["access"]["routes"][0]["text"]
    assert {"requirements", "recommendations"} <= set(card["access"])
    table = run("show", "cinefabrique", env={"COLUMNS": "200"}).stdout
    assert "Où : " + " ; ".join(card["establishments"]) in table


def test_import_and_validate_speak_json(run, tmp_path):
    assert json.loads(run("data", "validate", "-f", "json").stdout) == []
    from conftest import FIXTURES

    record = json.loads(run("data", "import", "onisep", str(FIXTURES / "onisep"), "-f", "json").stdout)
    assert record["changed"] is True and record["formations"] > 0 and isinstance(record["problems"], list)


def test_completion_is_offered_in_french(run, monkeypatch):
    import typer._completion_shared

    monkeypatch.setattr(typer._completion_shared, "_get_shell_name", lambda: None)  # $SHELL decides
    help_text = run("--help").stdout
    assert "--install-completion" in help_text and "Installe la complétion" in help_text
    script = run("--show-completion", env={"SHELL": "/bin/bash"})
    assert script.exit_code == 0 and "_ORIENT_COMPLETE" in script.stdout
    odd = run("--show-completion", env={"SHELL": "/bin/tcsh"})
    assert odd.exit_code == 1 and "Shell non pris en charge" in odd.stderr


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TEXT, max_size=5), st.sampled_from(["check", "show", "path", "metier", "formations", "metiers", "ou", "bacs"]))
def test_no_argument_makes_a_traceback(run, words, command):
    """Whatever is typed after a command: an answer, or a French error with exit code 1 or 2."""
    args = [command, *words]
    if command in ("check", "path"):
        args = [command, "--bac", *(words[:1] or ["STI2D"]), *(["--vers", "cadreur"] if command == "path" else []), *words[1:]]
    result = run(*args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code:
        assert result.stderr.startswith("Erreur") or "Utilisation" in result.stderr, result.stderr


def test_a_named_command_is_built_alone_and_anything_else_gets_the_whole_app():
    from orient.cli.app import _app_for, app

    alone = _app_for(["check", "--bac", "STI2D"])
    assert alone is not app and [c.callback.__name__ for c in alone.registered_commands] == ["check"]
    assert [g.name for g in _app_for(["data", "status"]).registered_groups] == ["data"]
    for argv in ([], ["--help"], ["chek"], ["--version"]):
        assert _app_for(argv) is app
    result = subprocess.run([sys.executable, "-m", "orient", "ou", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Utilisation\u00a0: orient ou" in result.stdout


# A valid run of each command, to which one option at a time is given a blank value.
_BASES = {
    "check": ["check", "--bac", "STI2D"],
    "path": ["path", "--bac", "STI2D", "--vers", "cadreur"],
    "bacs": ["bacs"],
    "types": ["types"],
    "formations": ["formations"],
    "show": ["show", "bts-mav-image"],
    "metiers": ["metiers"],
    "interets": ["interets"],
    "metier": ["metier", "cadreur"],
    "secteur": ["secteur", "audiovisuel"],
    "ou": ["ou"],
    "specialites": ["specialites"],
}


def _valued_options(name: str) -> list[str]:
    import typer.main

    from orient.cli.app import app

    command = typer.main.get_command(app).get_command(None, name)  # type: ignore[attr-defined]
    return [max(p.opts, key=len) for p in command.params if p.param_type_name == "option" and not p.is_flag and not p.hidden]


@pytest.mark.parametrize("command", list(_BASES))
def test_a_blank_option_value_is_refused_or_ignored_never_a_crash(run, command):
    if command in ("ou", "specialites"):  # their options are read only with Parcoursup data
        from conftest import FIXTURES

        assert run("data", "import", "parcoursup", str(FIXTURES / "parcoursup")).exit_code == 0
    options = _valued_options(command)
    assert options
    for option in options:
        result = run(*_BASES[command], option, "   ")
        assert result.exception is None or isinstance(result.exception, SystemExit), (option, result.exception, result.output)
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, option
        if result.exit_code:
            assert result.stderr.startswith("Erreur : ") and result.stdout == "", option
