"""The output module: one path for every format, plain text off a terminal."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from orient.cli.output import Column, emit_rows, use_rich

ROWS = [
    {"id": "a", "name": "Éléonore", "codes": {"x": "1", "y": None}, "tags": ["un", "deux"], "ok": True},
    {"id": "b", "name": "Bob\tle\nbricoleur", "codes": {"x": "2", "y": "3"}, "tags": [], "ok": False},
]
COLUMNS = [Column("id", "Identifiant"), Column("name", "Nom"), Column("tags", "Étiquettes")]


def render(fmt: str, rows=ROWS) -> str:
    out = io.StringIO()
    emit_rows(rows, fmt, COLUMNS, out=out)
    return out.getvalue()


def test_json_keeps_accents_and_nesting():
    data = json.loads(render("json"))
    assert data[0]["name"] == "Éléonore" and data[0]["codes"] == {"x": "1", "y": None}
    assert "Éléonore" in render("json")


def test_csv_flattens_nested_keys_and_lists():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert list(rows[0]) == ["id", "name", "codes.x", "codes.y", "tags", "ok"]
    assert rows[0]["tags"] == "un | deux" and rows[0]["ok"] == "true"
    assert rows[1]["name"] == "Bob\tle\nbricoleur"


def test_tsv_has_one_line_per_record():
    lines = render("tsv").splitlines()
    assert len(lines) == 3
    assert lines[2].split("\t")[1] == "Bob le bricoleur"


def test_plain_table_off_a_terminal():
    text = render("table")
    assert text.splitlines()[0].split() == ["Identifiant", "Nom", "Étiquettes"]
    assert "un, deux" in text
    assert "\x1b[" not in text


def test_no_color_disables_rich(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert use_rich(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_rich(Tty())


@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(max_size=10), "name": st.text(max_size=200), "tags": st.lists(st.text(max_size=5), max_size=3)}
        ),
        max_size=5,
    )
)
def test_every_format_round_trips_the_ids(rows):
    assert [r["id"] for r in json.loads(render("json", rows))] == [r["id"] for r in rows]
    assert [json.loads(line)["id"] for line in render("jsonl", rows).splitlines()] == [r["id"] for r in rows]
    assert [json.loads(line)["name"] for line in render("jsonl", rows).split("\n")[:-1]] == [r["name"] for r in rows]
    if rows:
        parsed = list(csv.DictReader(io.StringIO(render("csv", rows), newline="")))
        assert len(parsed) == len(rows)


@given(st.text(alphabet=st.sampled_from("abcdé  -'\u00a0"), max_size=200), st.integers(min_value=1, max_value=40))
def test_wrap_words_never_cuts_a_word_and_fits_whatever_can_fit(text, width):
    from orient.cli.output import wrap_words

    lines = wrap_words(text, width)
    words = [w for w in text.split(" ") if w]
    # Every word comes out whole, in order: only plain spaces break (a no-break space holds).
    assert [w for w in " ".join(lines).split(" ") if w] == words
    # A line is over the width only when it is one word longer than the width.
    assert all(len(line) <= width or " " not in line for line in lines)


@given(
    st.lists(st.text(alphabet=st.sampled_from("abcdefgh-/()"), min_size=1, max_size=30), min_size=1, max_size=40),
    st.integers(min_value=20, max_value=120),
)
def test_tables_never_break_a_word_and_fit_the_width(words, width):
    """A table cell is cut between words only; what cannot fit drops columns, not letters."""
    import os

    from orient.cli.output import Column, emit_rows

    half = len(words) // 2 or 1
    rows = [{"id": words[0], "a": " ".join(words[:half]), "b": " ".join(words[half:]) or "x"}]
    columns = [Column("id", "Identifiant"), Column("a", "Première"), Column("b", "Seconde")]
    out = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        emit_rows(rows, "table", columns, out=out)
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    body = out.getvalue().splitlines()[2:]  # after the header and its rule
    known = set(words) | {"x"}
    assert all(token in known for line in body for token in line.split())  # no word is ever cut
    assert all(len(line) <= max(width, *(len(w) for w in words)) for line in body)
    assert words[0] in out.getvalue().split()  # the first column always stays


def test_typeset_puts_no_break_spaces_where_french_wants_them():
    from orient.cli.output import typeset

    assert typeset("Erreur : « STI2D » ; vraiment ?") == "Erreur\u00a0: «\u00a0STI2D\u00a0»\u202f; vraiment\u202f?"
    assert typeset("https://www.onisep.fr/x et 14:00") == "https://www.onisep.fr/x et 14:00"


@given(st.text(alphabet=st.sampled_from("ab :;?!«» \u00a0"), max_size=40))
def test_typeset_is_idempotent_and_keeps_the_words(text):
    from orient.cli.output import typeset

    once = typeset(text)
    assert typeset(once) == once
    assert once.replace("\u00a0", "").replace("\u202f", "").replace(" ", "") == text.replace("\u00a0", "").replace(" ", "")


@given(st.lists(st.sampled_from(["a", "b", " ", "  ", ":", ";", "?", "!", "«", "»", "\u00a0", "2", "ans", "km", "%", "\n"]), max_size=25))
def test_typeset_reads_text_as_its_patterns_do(parts):
    """The plain-text shortcuts of :func:`typeset` give what its patterns alone give."""
    import re

    from orient.cli.output import _NBSP, _NNBSP, _PATTERNS, typeset

    text = "".join(parts)
    expected = re.sub(_PATTERNS["colon"], _NBSP, text)
    expected = re.sub(_PATTERNS["punct"], _NNBSP, expected)
    expected = re.sub(_PATTERNS["unit"], _NBSP, expected)
    expected = re.sub(_PATTERNS["open"], "«" + _NBSP, expected)
    expected = re.sub(_PATTERNS["close"], _NBSP + "»", expected)
    assert typeset(text) == expected


def test_explode_gives_one_row_per_item_numbered_in_place():
    from orient.cli.output import explode

    rows = [{"path": 1, "steps": [{"id": "a"}, {"id": "b"}], "years": 5}, {"path": 2, "steps": [], "years": 1}]
    assert explode(rows, "steps", "step") == [
        {"path": 1, "step": 1, "id": "a", "years": 5},
        {"path": 1, "step": 2, "id": "b", "years": 5},
    ]


# -- the columns of a kind of record, whatever rows are shown -----------------

SHAPE = {"id": None, "admissions": {"places": None, "share": {"general": None}}, "tags": None}
SHAPED = [
    {"id": "a", "admissions": None, "tags": ["x"]},
    {"id": "b", "admissions": {"places": 12, "share": {"general": 0.5}}, "tags": []},
]


def delimited(rows: list[dict], fmt: str = "csv", shape: dict = SHAPE) -> str:
    from orient.cli.output import flat_keys

    out = io.StringIO()
    emit_rows(rows, fmt, COLUMNS, headers=flat_keys(shape), out=out)
    return out.getvalue()


def test_a_null_object_leaves_its_columns_empty_and_adds_no_column():
    expected = "id,admissions.places,admissions.share.general,tags"
    for rows in (SHAPED[:1], SHAPED[1:], SHAPED, SHAPED[::-1]):
        assert delimited(rows).splitlines()[0] == expected
    lines = delimited(SHAPED).splitlines()
    assert lines[1:] == ["a,,,x", "b,12,0.5,"]


def test_an_empty_listing_writes_its_header_and_says_so_on_stderr(capsys):
    for fmt in ("csv", "tsv"):
        out = io.StringIO()
        from orient.cli.output import flat_keys

        emit_rows([], fmt, COLUMNS, empty="Aucune ligne.", headers=flat_keys(SHAPE), out=out)
        header = "id,admissions.places,admissions.share.general,tags"
        assert out.getvalue().splitlines() == [header.replace(",", "," if fmt == "csv" else "\t")]
        assert "Aucune ligne." in capsys.readouterr().err
    out = io.StringIO()
    emit_rows([], "json", COLUMNS, empty="Aucune ligne.", out=out)
    assert out.getvalue() == "[]\n" and "Aucune ligne." in capsys.readouterr().err


def test_tsv_writes_cells_verbatim_without_quotes():
    rows = [{"id": 'un "mot"', "name": "a,b", "tags": ['c"d', "e"]}]
    text = render("tsv", rows)
    assert text.splitlines()[1].split("\t") == ['un "mot"', "a,b", 'c"d | e']
    assert list(csv.reader(io.StringIO(render("csv", rows))))[1][0] == 'un "mot"'  # CSV still quotes


def test_no_color_keeps_the_terminal_width(monkeypatch):
    import os

    from orient.cli.output import terminal_width

    class Tty(io.StringIO):
        def isatty(self):
            return True

        def fileno(self):
            return 1

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((72, 24)))
    assert terminal_width(Tty()) == 72
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal_width(Tty()) == 72
    assert terminal_width(io.StringIO()) == 120  # not a terminal


def test_a_json_listing_has_one_compact_row_per_line():
    # As sqlite-utils writes them: the array's brackets alone on their lines, one row per line
    # in between, each but the last ended by a comma; a long listing reads (and greps) row by row.
    lines = render("json").splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(ROWS) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == ROWS
    assert lines[1].endswith(",") and not lines[-2].endswith(",")
    assert render("json", []) == "[]\n"


@given(st.lists(st.text(alphabet="a\u2028\u2029\u0085\xe9\u2019\xc5 ", max_size=12), min_size=1, max_size=5))
def test_json_escapes_the_line_separators_and_keeps_everything_else(names):
    rows = [{"id": str(n), "name": name} for n, name in enumerate(names)]
    for fmt in ("json", "jsonl"):
        text = render(fmt, rows)
        assert not any(char in text for char in "\u2028\u2029\u0085")
        lines = text.splitlines()
        assert len(lines) == len(rows) + (2 if fmt == "json" else 0)  # what a reader splits on, too
        assert (json.loads(text) if fmt == "json" else [json.loads(line) for line in lines]) == rows


def test_lines_written_with_a_common_head_read_as_the_whole_rows():
    # check in parts: each row's line lacks the profile, written once for all at the head of each.
    from orient.cli.output import emit_lines
    from orient.jsontext import encoded

    rows = [{"id": "a", "name": "Éléonore\u2028"}, {}]
    block = b"".join(map(encoded, rows))
    lengths = [len(encoded(row)) for row in rows]
    view, lines, start = memoryview(block), [], 0
    for length in lengths:
        lines.append(view[start : start + length])
        start += length
    for fmt in ("json", "jsonl"):
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding="utf-8")
        assert emit_lines(fmt, lines, out, head={"profile": {"bac": "STI2D"}}) == 2
        out.flush()
        text = raw.getvalue().decode()
        whole = [{"profile": {"bac": "STI2D"}, **row} for row in rows]
        assert (json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]) == whole
        assert "\u2028" not in text


def test_tsv_changes_only_what_would_split_a_record():
    rows = [{"id": "a", "name": "2\u202fans\u00a0:  deux\tespaces\r\npuis\u2028fin"}]
    line = render("tsv", rows).splitlines()[1]
    assert line == "a\t2\u202fans\u00a0:  deux espaces puis fin"


def test_a_mark_before_a_closing_parenthesis_gets_its_no_break_space():
    from orient.cli.output import typeset

    assert typeset("(dans un autre encodage ?).") == "(dans un autre encodage\u202f?)."
    assert typeset("(voir :) ici") == "(voir\u00a0:) ici"
