"""The one place that writes results: tables, cards, JSON, JSONL, CSV and TSV.

Commands hand over rows (plain dicts with English keys) and say which columns a
person should see; this module decides how they look. Data goes to stdout,
messages to stderr. rich is imported only for tables on a colour terminal;
piped output and ``NO_COLOR`` get plain text.
"""

from __future__ import annotations

import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, TextIO

import msgspec

from ..jsontext import ENCODER, encoded, escaped, members

if TYPE_CHECKING:
    import csv

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
LIST_SEPARATOR = " | "


class Column(msgspec.Struct, frozen=True):
    """A column of a table: which key of the row, its French header, how to show it."""

    key: str
    header: str
    show: Callable[[Any, dict], str] | None = None
    max_width: int | None = None
    style: Callable[[Any], str] | None = None  # rich style from the raw value

    def text(self, row: dict) -> str:
        value = row.get(self.key)
        if self.show is not None:
            return self.show(value, row)
        return as_text(value)


class Section(msgspec.Struct, frozen=True):
    """A part of a card (the full view of one record); an empty title prints no heading.

    With ``numbered``, lines are numbered 1, 2, 3…; the text after a line's
    first line break is indented under its number (a step and its details).
    """

    title: str
    lines: Sequence[str]
    bullets: bool = False
    numbered: bool = False


class Card(msgspec.Struct):
    title: str
    subtitle: str = ""
    sections: list[Section] = []


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_NBSP, _NNBSP = "\u00a0", "\u202f"
_PATTERNS = {
    "colon": r" +(?=:(?:[\s»)]|$))",
    "punct": r" +(?=[;?!](?:[\s»).,]|$))",  # « … encodage ?). »: the mark closes a parenthesis too
    "unit": r"(?<=\d) (?=(?:ans?|mois|km|places?|€|h|%)(?![\w-]))",
    "open": r"«[ \u00a0]*",
    "close": r"[ \u00a0]*»",
}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    """The typography patterns, compiled on first use (machine formats never need them)."""
    return re.compile(_PATTERNS[name])


def typeset(text: str) -> str:
    """French typography for what a person reads: no-break spaces before « : », « ; », « ? », « ! »,
    inside « » and between a number and its unit, so that a line never starts with a colon, a
    closing guillemet or a lone unit.
    Machine formats keep the exact text."""
    if not text:
        return text
    # Each rule first replaces its usual case as plain text (« x : y »), which is several times
    # faster than a pattern; the pattern then sees only what is left (a table typesets every cell).
    if ":" in text:
        if "  :" not in text:
            text = text.replace(" : ", _NBSP + ": ")
        if " :" in text:
            text = _pattern("colon").sub(_NBSP, text)
    if ";" in text or "?" in text or "!" in text:
        for mark in ";?!":
            if mark in text and f"  {mark}" not in text:
                text = text.replace(f" {mark} ", f"{_NNBSP}{mark} ")
        if " ;" in text or " ?" in text or " !" in text:
            text = _pattern("punct").sub(_NNBSP, text)
    if " " in text and any(digit in text for digit in "0123456789"):  # « 2 ans »: the number stays with its unit
        text = _pattern("unit").sub(_NBSP, text)
    if "«" in text:
        if text.count("« ") == text.count("«") and "«  " not in text and "« \u00a0" not in text:
            text = text.replace("« ", "«" + _NBSP)
        else:
            text = _pattern("open").sub("«" + _NBSP, text)
    if "»" in text:
        if text.count(" »") == text.count("»") and "  »" not in text and "\u00a0 »" not in text:
            text = text.replace(" »", _NBSP + "»")
        else:
            text = _pattern("close").sub(_NBSP + "»", text)
    return text


def use_rich(stream: TextIO) -> bool:
    """Colours and boxes only on a real terminal, and never with NO_COLOR set."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width(stream: TextIO) -> int:
    """$COLUMNS, else the width of the terminal ``stream`` is (with or without colours: ``NO_COLOR``
    changes colours, never the layout), else 120."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):
            pass
    return 120


# -- machine formats ---------------------------------------------------------


def _flatten(row: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, (list, tuple)):
            flat[name] = LIST_SEPARATOR.join(_json_compact(v) if isinstance(v, (dict, list)) else as_text(v) for v in value)
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = "" if value is None else value
    return flat


def _json_compact(value: Any) -> str:
    return _json(value)


def flat_keys(shape: dict) -> list[str]:
    """The CSV/TSV columns of a kind of record, from its shape: a row with every key, a dict for
    each nested object (``{"codes": {"rncp": None, …}}``) and anything else for the other values.

    The columns of a listing are those of its kind, never those of the rows shown: a nested object
    that is ``null`` in a row leaves its cells (``admissions.places``…) empty."""
    return list(_flatten(shape))


_FORMULA_STARTS = frozenset("=+-@\t\r")


def _write_delimited(rows: list[dict], delimiter: str, out: TextIO, *, headers: Sequence[str] = ()) -> None:
    """CSV or TSV: the columns are ``headers`` when given (the record kind's, :func:`flat_keys`),
    else the flattened keys of the rows; the header line is written even without rows."""
    flat = [_flatten(r) for r in rows]
    fields = list(headers)
    if not fields:
        for row in flat:
            fields.extend(key for key in row if key not in fields)
    for row in flat:
        _safe_cells(row, delimiter)
    if not fields:
        return
    target, sent = _in_utf8(out)
    writer = _delimited_writer(target, fields, delimiter)
    writer.writeheader()
    writer.writerows(flat)
    sent()


def _in_utf8(out: TextIO) -> tuple[TextIO, Callable[[], None]]:
    """Where to write CSV or TSV text so that it reaches ``out`` in UTF-8, as every machine format
    orient writes, whatever the output's own encoding (``PYTHONIOENCODING=latin-1``), and what sends
    what was written there: ``out`` itself when it is UTF-8 already, else a buffer sent as bytes."""
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or getattr(out, "buffer", None) is None:
        return out, lambda: None
    text = io.StringIO()

    def sent() -> None:
        _write_bytes(out, text.getvalue().encode("utf-8", "surrogateescape"))
        text.seek(0)
        text.truncate()

    return text, sent


class _TsvWriter:
    """TSV as tools read it: cells written as they are, between tabs, without quotes (tabs and
    line breaks inside values are already spaces, :func:`_safe_cells`)."""

    def __init__(self, out: TextIO, fields: list[str]) -> None:
        self.out = out
        self.fields = fields

    def writeheader(self) -> None:
        self.out.write("\t".join(self.fields) + "\n")

    def writerows(self, rows: list[dict[str, Any]]) -> None:
        self.out.write("".join("\t".join(_cell(row.get(k, "")) for k in self.fields) + "\n" for row in rows))


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _delimited_writer(out: TextIO, fields: list[str], delimiter: str) -> csv.DictWriter | _TsvWriter:
    if delimiter == "\t":
        return _TsvWriter(out, fields)
    import csv  # machine formats other than CSV never need it

    return csv.DictWriter(out, fieldnames=fields, delimiter=delimiter, lineterminator="\n", extrasaction="ignore", restval="")


# What would split a TSV record or a cell: tabs, and what str.splitlines() reads as line breaks.
_TSV_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def _safe_cells(row: dict[str, Any], delimiter: str) -> None:
    """A flattened row's text cells made safe to open in a spreadsheet, in place."""
    for key, value in row.items():
        if not isinstance(value, str):
            continue
        if value[:1] in _FORMULA_STARTS:
            # A spreadsheet would run it as a formula (OWASP CSV injection): a leading quote keeps it text.
            value = row[key] = "'" + value
        if delimiter == "\t":
            # TSV: one record per line, so tabs and line breaks inside values become spaces; every
            # other character stays as it is (the no-break spaces of « 2 ans », « 1 631 »).
            if _TSV_BREAKS.search(value):
                row[key] = _TSV_BREAKS.sub(" ", value)
        elif "\r" in value:
            # CSV: one kind of line break inside quoted values.
            row[key] = value.replace("\r\n", "\n").replace("\r", "\n")


def _json(value: Any) -> str:
    # msgspec writes UTF-8 JSON (accents kept as they are) and is already loaded.
    return encoded(value).decode()


def rendered(fmt: str, rows: list[dict]) -> bytes:
    """``rows`` as :func:`row_stream` writes them in ``fmt`` (json or jsonl), done beforehand (maybe
    by another process; :func:`row_stream` copies such bytes as they are): one
    compact object per line, each line ended; in JSON, every line but the last ended by a comma
    (:func:`row_stream` adds the brackets and the comma between two batches of rows)."""
    lines = _json_lines(rows)
    if fmt == "jsonl" or not lines:
        return lines
    return lines[:-1].replace(b"\n", b",\n") + b"\n"  # JSON text holds no raw line break but these


def emit_lines(fmt: str, lines: Iterable[bytes | memoryview], out: TextIO | None = None, *, head: dict | None = None) -> int:
    """Rows as JSON lines (unended, as :mod:`orient.check_lines` makes them) written in ``fmt`` (json
    or jsonl) as :func:`row_stream` writes them, line by line (a long listing is never copied
    whole); how many were written. ``head``:
    the keys every row begins with, left out of the lines and written at the start of each (their
    text made once: the profile of ``check``, the same on every row)."""
    write = _byte_writer(out or sys.stdout)
    opening = b"{" + members(head) if head else b""
    count = 0
    first, between = (b"[\n" if fmt == "json" else b""), (b"\n" if fmt == "jsonl" else b",\n")
    for count, line in enumerate(lines, 1):
        start = first if count == 1 else between
        if opening:  # « {"profile":{…}, » then the line without its « { » (or « } » alone for an empty row)
            start, line = start + opening + (b"," if len(line) > 2 else b""), line[1:]
        write(start)
        write(line)
    if fmt == "json":
        write(b"\n]\n" if count else b"[]\n")
    elif count:
        write(b"\n")
    return count


def _json_lines(rows: list[dict]) -> bytes:
    """One JSON object per line, each line ended (what ``--format jsonl`` writes)."""
    return escaped(ENCODER.encode_lines(rows))


def _write_bytes(out: TextIO, data: bytes) -> None:
    """``data`` (UTF-8) written to ``out`` (see :func:`_byte_writer`)."""
    _byte_writer(out)(data)


def _byte_writer(out: TextIO) -> Callable[[bytes | memoryview], object]:
    """What writes UTF-8 bytes to ``out``: the bytes beneath it when it has them (no decoding a long
    listing to encode it again), after the text written before; else its text."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        return lambda data: out.write(bytes(data).decode())
    out.flush()
    return buffer.write


def _json_array(rows: list[dict]) -> bytes:
    """A listing in JSON: an array with one compact row per line, as sqlite-utils writes them (a long
    listing stays readable line by line, and costs no indentation)."""
    if not rows:
        return b"[]\n"
    return b"[\n" + rendered("json", rows) + b"]\n"


def explode(rows: list[dict], key: str, index: str) -> list[dict]:
    """One row per item of each row's list ``key``, numbered under ``index``.

    >>> explode([{"path": 1, "steps": [{"id": "a"}, {"id": "b"}], "years": 5}], "steps", "step")
    [{'path': 1, 'step': 1, 'id': 'a', 'years': 5}, {'path': 1, 'step': 2, 'id': 'b', 'years': 5}]
    """
    out: list[dict] = []
    for row in rows:
        for number, item in enumerate(row.get(key) or [], 1):
            flat: dict = {}
            for name, value in row.items():
                if name == key:
                    flat[index] = number
                    flat.update(item)
                else:
                    flat[name] = value
            out.append(flat)
    return out


def _write_machine(
    data: list[dict] | dict, fmt: str, out: TextIO, *, per_line: tuple[str, str] | None = None, headers: Sequence[str] = ()
) -> None:
    rows = data if isinstance(data, list) else [data]
    if per_line is not None and fmt in ("csv", "tsv"):
        rows = explode(rows, *per_line)
    if fmt == "json":
        if isinstance(data, list):
            _write_bytes(out, _json_array(data))
        else:  # one record: indented, to be read; in UTF-8, as every JSON orient writes
            _write_bytes(out, escaped(msgspec.json.format(msgspec.json.encode(data), indent=2)) + b"\n")
    elif fmt == "jsonl":
        _write_bytes(out, _json_lines(rows))
    elif fmt == "csv":
        _write_delimited(rows, ",", out, headers=headers)
    elif fmt == "tsv":
        _write_delimited(rows, "\t", out, headers=headers)
    else:  # pragma: no cover - formats are checked by the CLI
        raise ValueError(fmt)


@contextmanager
def row_stream(fmt: str, *, template: dict | None = None, out: TextIO | None = None) -> Iterator[Callable[[list[dict] | bytes], None]]:
    """Rows written as they come, in a machine format (json, jsonl, csv, tsv), so that a long listing
    neither waits for its end nor piles up in memory: the same text :func:`emit_rows` would write.

    The CSV/TSV header is written with the first rows (or on leaving, when there were none): the
    columns of ``template`` (the record kind's shape, :func:`flat_keys`), or without one those of
    the first rows. A key the header lacks is not written. The JSON array is closed on leaving,
    unless an error stops the listing."""
    out = out or sys.stdout
    target, sent = _in_utf8(out) if fmt in ("csv", "tsv") else (out, lambda: None)
    delimiter = "," if fmt == "csv" else "\t"
    writer: csv.DictWriter | _TsvWriter | None = None
    started = False

    def header(flat: list[dict[str, Any]]) -> csv.DictWriter | _TsvWriter:
        headers = flat_keys(template) if template else []
        if not headers:
            for row in flat:
                headers.extend(key for key in row if key not in headers)
        opened = _delimited_writer(target, headers, delimiter)
        opened.writeheader()
        return opened

    def write(rows: list[dict] | bytes) -> None:
        nonlocal writer, started
        if fmt in ("json", "jsonl"):
            text = rows if isinstance(rows, bytes) else rendered(fmt, rows)
            if fmt == "jsonl":
                _write_bytes(out, text)
            elif text:  # the rows, one per line, without the array's brackets: « [\n{…},\n{…}\n] »
                _write_bytes(out, (b",\n" if started else b"[\n") + text[:-1])
                started = True
        elif isinstance(rows, list) and rows:  # (rows rendered beforehand are JSON)
            flat = [_flatten(r) for r in rows]
            writer = writer or header(flat)
            for row in flat:
                _safe_cells(row, delimiter)
            writer.writerows(flat)
            sent()

    yield write
    if fmt == "json":
        _write_bytes(out, b"\n]\n" if started else b"[]\n")
    elif fmt in ("csv", "tsv") and writer is None and template:
        header([])
        sent()


# -- tables ------------------------------------------------------------------


def emit_rows(
    rows: list[dict],
    fmt: str,
    columns: Sequence[Column],
    *,
    empty: str = "Aucun résultat.",
    headers: Sequence[str] = (),
    limit: int | None = None,
    more: int = 0,
    out: TextIO | None = None,
) -> None:
    """Write ``rows`` in ``fmt``; ``columns`` choose what a table shows; ``headers`` are the CSV/TSV
    columns (:func:`flat_keys` of the record kind's shape), the same whatever rows are shown, also
    without any; ``limit`` keeps the first rows (a table says how many are left); ``more``: rows of
    the listing left out before (counted by a table as left). Without rows, ``empty`` goes to
    stderr in every format (unless blank), and the machine formats still write ``[]`` or the header."""
    out = out or sys.stdout
    rest = more
    if limit is not None and len(rows) > limit:
        rows, rest = rows[:limit], len(rows) - limit + more
    if fmt != "table":
        _write_machine(rows, fmt, out, headers=headers)
        if not rows and empty:
            message(empty)
        return
    if not rows:
        if empty:
            message(empty)
        return
    _table(rows, columns, out, rich=use_rich(out))
    if rest:
        message(more_rows(rest))


def more_rows(rest: int) -> str:
    from ..text import number_fr

    return f"… et {number_fr(rest)} {'autre' if rest == 1 else 'autres'} : --limit 0 pour tout voir."


def wrap_words(text: str, width: int) -> list[str]:
    """Greedy word wrap of one paragraph. Only plain spaces break a line (a no-break space holds),
    and a word is never cut: a word longer than ``width`` stands alone on its line.

    A plain loop rather than :mod:`textwrap`: tables wrap hundreds of cells and
    this is several times faster, with the same result for ordinary text.
    """
    if len(text) <= width:
        return [text.strip(" ")]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


GAP = 2  # spaces between two columns
MIN_COLUMN = 12  # a column is not narrowed below this, unless its longest word is shorter


def layout(cells: list[list[str]], columns: Sequence[Column], width: int) -> tuple[list[int], list[int]]:
    """The columns to show and their widths so that the table fits ``width`` without cutting a word.

    Wide columns shrink together down to their longest word; when that is not
    enough, the last columns are left out (a narrow terminal gets fewer
    columns, never broken words). Returns (indexes shown, their widths)."""
    count = len(columns)
    natural = [max(len(c.header), *(len(line) for row in cells for line in row[i].splitlines() or [""])) for i, c in enumerate(columns)]
    floor = [max(_longest_word(c.header), *(_longest_word(row[i]) for row in cells)) for i, c in enumerate(columns)]
    wanted = [max(min(n, c.max_width) if c.max_width else n, f) for n, f, c in zip(natural, floor, columns, strict=True)]
    minimum = [min(w, max(f, MIN_COLUMN)) for w, f in zip(wanted, floor, strict=True)]
    shown = list(range(count))
    while len(shown) > 1 and sum(minimum[i] for i in shown) + GAP * (len(shown) - 1) > width:
        shown.pop()  # the rightmost columns say the least
    widths = [wanted[i] for i in shown]
    low = [minimum[i] for i in shown]
    budget = width - GAP * (len(shown) - 1)
    # Shrink the widest columns until the table fits, down to the next widest at most, so that
    # wide columns shrink together, and never below a column's minimum.
    while (excess := sum(widths) - budget) > 0:
        movable = [k for k in range(len(widths)) if widths[k] > low[k]]
        if not movable:
            break
        widest = max(movable, key=lambda k: widths[k])
        runner_up = max((widths[k] for k in movable if k != widest), default=low[widest])
        widths[widest] -= max(1, min(excess, widths[widest] - max(runner_up, low[widest])))
    return shown, widths


def _wrap_cell(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines.extend(wrap_words(para, width))
    return lines


def _table(rows: list[dict], columns: Sequence[Column], out: TextIO, *, rich: bool) -> None:
    """A table whose cells wrap between words only; plain text, or colours and boxes on a terminal."""
    cells = [[typeset(c.text(r)) for c in columns] for r in rows]
    width = terminal_width(out)
    if rich:
        width -= 1 + 3 * len(columns)  # rich's borders and padding
    shown, widths = layout(cells, columns, width)
    if len(shown) < len(columns):
        left_out = ", ".join(columns[i].header for i in range(len(columns)) if i not in shown)
        message(typeset(f"Colonnes non affichées faute de place : {left_out} (terminal plus large, ou --format csv pour tout voir)."))
    picked = [columns[i] for i in shown]
    wrapped = [[_wrap_cell(row[i], w) for i, w in zip(shown, widths, strict=True)] for row in cells]
    if rich:
        _rich_table(rows, picked, widths, wrapped, out)
    else:
        _plain_table(picked, widths, wrapped, out)


def _plain_table(columns: Sequence[Column], widths: list[int], wrapped: list[list[list[str]]], out: TextIO) -> None:
    """Aligned columns without colours; multi-line rows get a blank line between them."""

    gap = " " * GAP
    lines: list[str] = []

    def emit_line(parts: list[list[str]]) -> None:
        for segs in zip_longest(*parts, fillvalue=""):  # the k-th line of every cell
            lines.append(gap.join(map(str.ljust, segs, widths)).rstrip())

    spaced = any(len(part) > 1 for row in wrapped for part in row)
    emit_line([_wrap_cell(typeset(c.header), widths[i]) for i, c in enumerate(columns)])
    lines.append(gap.join("─" * w for w in widths))
    for k, row in enumerate(wrapped):
        if spaced and k:
            lines.append("")  # multi-line rows read better with air between them
        emit_line(row)
    out.write("\n".join(lines) + "\n")


def _rich_table(rows: list[dict], columns: Sequence[Column], widths: list[int], wrapped: list[list[list[str]]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=max(terminal_width(out), sum(widths) + 3 * len(widths) + 1))
    table = Table(show_lines=True, header_style="bold")
    for column, width in zip(columns, widths, strict=True):
        table.add_column(typeset(column.header), width=width, no_wrap=True, overflow="ignore")
    for row, parts in zip(rows, wrapped, strict=True):
        cells = []
        for column, lines in zip(columns, parts, strict=True):
            text = _escape("\n".join(lines))
            style = column.style(row.get(column.key)) if column.style else ""
            cells.append(f"[{style}]{text}[/]" if style else text)
        table.add_row(*cells)
    console.print(table, crop=False)


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


# -- cards -------------------------------------------------------------------


def emit_card(card: Card | None, record: dict, fmt: str, *, out: TextIO | None = None) -> None:
    """One record: a readable card in ``table`` format, one object otherwise."""
    out = out or sys.stdout
    if fmt != "table":
        _write_machine(record if fmt in ("json", "jsonl") else [record], fmt, out)
        return
    if card is None:
        raise ValueError("the table format needs a card")
    if use_rich(out):
        _rich_card(card, out)
    else:
        _plain_card(card, out)


def emit_cards(
    cards: Sequence[Card],
    records: list[dict],
    fmt: str,
    *,
    per_line: tuple[str, str] | None = None,
    headers: Sequence[str] = (),
    out: TextIO | None = None,
) -> None:
    """Several records: one card each in ``table`` format, a list otherwise.

    ``per_line`` (list key, index name) makes CSV and TSV write one line per
    item of that list, numbered, instead of one line per record.
    """
    out = out or sys.stdout
    if fmt != "table":
        _write_machine(records, fmt, out, per_line=per_line, headers=headers)
        return
    rich = use_rich(out)
    for number, card in enumerate(cards):
        if number:
            out.write("\n")
        if rich:
            _rich_card(card, out)
        else:
            _plain_card(card, out)


def _numbered(section: Section) -> list[tuple[str, str, str]]:
    """(first indent, next indent, text) of each printed paragraph of a numbered section."""
    parts: list[tuple[str, str, str]] = []
    for number, line in enumerate(section.lines, 1):
        head, *details = line.split("\n")
        label = f"  {number}. "
        parts.append((label, " " * len(label), head))
        parts.extend((" " * len(label), " " * len(label), d) for d in details)
    return parts


def _fill(text: str, width: int, first: str = "", rest: str = "") -> str:
    """One paragraph wrapped between words only (a long address or identifier is never cut)."""
    import textwrap

    return (
        textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False)
        or first.rstrip()
    )


def _card_lines(card: Card, width: int) -> Iterator[tuple[str, str]]:
    """(kind, text) of each printed line of a card: title, subtitle, rule, heading, body, detail."""
    title, subtitle = typeset(card.title), typeset(card.subtitle)
    yield "title", title
    if subtitle:
        yield "subtitle", subtitle
    yield "rule", "═" * min(width, max(len(title), len(subtitle)))
    for section in card.sections:
        if not section.lines:
            continue
        if section.title:
            heading = typeset(section.title)
            yield "blank", ""
            yield "heading", heading
            yield "underline", "─" * len(heading)
        if section.numbered:
            for first, rest, text in _numbered(section):
                kind = "body" if first.strip() else "detail"
                yield kind, _fill(typeset(text), width, first, rest)
            continue
        for line in section.lines:
            if section.bullets:
                yield "body", _fill(typeset(line), width, "  • ", "    ")
            else:
                yield "body", _fill(typeset(line), width)


_CARD_STYLES = {"title": "bold", "subtitle": "dim", "heading": "bold cyan", "underline": "cyan", "detail": "dim"}


def _plain_card(card: Card, out: TextIO) -> None:
    width = min(terminal_width(out), 100)
    for _kind, text in _card_lines(card, width):
        out.write(text + "\n")


def _rich_card(card: Card, out: TextIO) -> None:
    from rich.console import Console

    width = min(terminal_width(out), 100)
    console = Console(file=out, width=max(terminal_width(out), width))
    for kind, text in _card_lines(card, width):
        style = _CARD_STYLES.get(kind)
        text = _escape(text)
        console.print(f"[{style}]{text}[/]" if style and text else text, no_wrap=True, overflow="ignore", crop=False)


# -- progress ----------------------------------------------------------------


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr when it is a terminal; otherwise a callback that does nothing."""
    if not use_rich(sys.stderr):
        yield lambda _number, _total, _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(number: int, total: int, _label: str) -> None:
            bar.update(task, completed=number, total=total)

        yield advance


# -- messages ----------------------------------------------------------------


def message(text: str) -> None:
    """A note for the person (never data): stderr."""
    sys.stdout.flush()
    sys.stderr.write(typeset(text.rstrip("\n")) + "\n")


_YES = frozenset({"o", "oui", "y", "yes"})
_NO = frozenset({"n", "non", "no", ""})


def confirm(question: str) -> bool:
    """Ask on stderr, read the answer on stdin: « o », « oui » (or y/yes) say yes; Entrée, « n », « non »
    or the end of input say no. Another answer asks again, three times at most."""
    for _ in range(3):
        sys.stderr.write(typeset(f"{question} [o/N] "))
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            sys.stderr.write("\n")
            return False
        answer = line.strip().lower()
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        message("Répondez « o » (oui) ou « n » (non).")
    return False


def error(text: str, *, suggestions: Sequence[str] = (), hint: str = "", candidates: Sequence[str] = ()) -> None:
    lines = [f"Erreur : {text}"]
    lines += [f"  {c}" for c in candidates]
    if suggestions:
        quoted = " ou ".join(suggestions) if len(suggestions) <= 2 else ", ".join(suggestions[:-1]) + " ou " + suggestions[-1]
        lines.append(f"Vouliez-vous dire {quoted} ?")
    if hint:
        lines.append(hint)
    message("\n".join(lines))
