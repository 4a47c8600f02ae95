"""The one place that writes results: tables, cards, JSON, JSONL, CSV and TSV.

Commands hand over rows (plain dicts with English keys) and say which columns a
person should see; this module decides how they look. Data goes to stdout,
messages to stderr. rich is imported only for tables on a colour terminal;
piped output and ``NO_COLOR`` get plain text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

import msgspec

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


def use_rich(stream: TextIO) -> bool:
    """Colours and boxes only on a real terminal, and never with NO_COLOR set."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width(stream: TextIO) -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    if use_rich(stream):
        return os.get_terminal_size(stream.fileno()).columns
    return 120


# -- machine formats ---------------------------------------------------------


def _flatten(row: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, (list, tuple)):
            flat[name] = LIST_SEPARATOR.join(
                _json_compact(v) if isinstance(v, (dict, list)) else as_text(v) for v in value
            )
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = "" if value is None else value
    return flat


def _json_compact(value: Any) -> str:
    return _json(value)


def _write_delimited(rows: list[dict], delimiter: str, out: TextIO) -> None:
    import csv

    flat = [_flatten(r) for r in rows]
    headers: list[str] = []
    for row in flat:
        for key in row:
            if key not in headers:
                headers.append(key)
    for row in flat:
        for key, value in row.items():
            if not isinstance(value, str):
                continue
            if delimiter == "\t":
                # TSV: one record per line, so tabs and line breaks inside values become spaces.
                row[key] = " ".join(value.split())
            elif "\r" in value:
                # CSV: one kind of line break inside quoted values.
                row[key] = value.replace("\r\n", "\n").replace("\r", "\n")
    writer = csv.DictWriter(out, fieldnames=headers, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(flat)


# Line separators other than \n, escaped in JSON so that no reader splits a record.
_SEPARATORS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json(value: Any, indent: int = 0) -> str:
    # msgspec writes UTF-8 JSON (accents kept as they are) and is already loaded.
    raw = msgspec.json.encode(value)
    text = (msgspec.json.format(raw, indent=indent) if indent else raw).decode()
    for char, escaped in _SEPARATORS.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


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


def _write_machine(data: list[dict] | dict, fmt: str, out: TextIO, *, per_line: tuple[str, str] | None = None) -> None:
    rows = data if isinstance(data, list) else [data]
    if per_line is not None and fmt in ("csv", "tsv"):
        rows = explode(rows, *per_line)
    if fmt == "json":
        out.write(_json(data, indent=2) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(_json(row) + "\n")
    elif fmt == "csv":
        _write_delimited(rows, ",", out)
    elif fmt == "tsv":
        _write_delimited(rows, "\t", out)
    else:  # pragma: no cover - formats are checked by the CLI
        raise ValueError(fmt)


# -- tables ------------------------------------------------------------------


def emit_rows(
    rows: list[dict],
    fmt: str,
    columns: Sequence[Column],
    *,
    empty: str = "Aucun résultat.",
    out: TextIO | None = None,
) -> None:
    """Write ``rows`` in ``fmt``; ``columns`` choose what a table shows."""
    out = out or sys.stdout
    if fmt != "table":
        _write_machine(rows, fmt, out)
        return
    if not rows:
        message(empty)
        return
    if use_rich(out):
        _rich_table(rows, columns, out)
    else:
        _plain_table(rows, columns, out)


def wrap_words(text: str, width: int) -> list[str]:
    """Greedy word wrap of one paragraph; words longer than ``width`` are cut.

    A plain loop rather than :mod:`textwrap`: tables wrap hundreds of cells and
    this is several times faster, with the same result for ordinary text.
    """
    if len(text) <= width:
        return [text.strip(" ")]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):  # only plain spaces break a line: a no-break space holds
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
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


def _plain_table(rows: list[dict], columns: Sequence[Column], out: TextIO) -> None:
    """Aligned columns without colours; long cells wrap inside their column."""
    cells = [[c.text(r) for c in columns] for r in rows]
    width = terminal_width(out)
    natural = [max(len(c.header), *(len(line) for row in cells for line in row[i].splitlines() or [""])) for i, c in enumerate(columns)]
    widths = [min(n, c.max_width) if c.max_width else n for n, c in zip(natural, columns)]
    gap = 2
    budget = width - gap * (len(columns) - 1)
    # Shrink the widest columns until the table fits the width, keeping a floor.
    while (excess := sum(widths) - budget) > 0 and max(widths) > 12:
        widest = widths.index(max(widths))
        runner_up = max((w for i, w in enumerate(widths) if i != widest), default=12)
        # Down to the next widest column at most, so that wide columns shrink together.
        widths[widest] -= max(1, min(excess, widths[widest] - max(runner_up, 12)))

    def wrap(text: str, w: int) -> list[str]:
        lines: list[str] = []
        for para in text.splitlines() or [""]:
            lines.extend(wrap_words(para, w))
        return lines

    def emit_line(parts: list[list[str]]) -> None:
        height = max(len(p) for p in parts)
        for k in range(height):
            segs = [(p[k] if k < len(p) else "").ljust(widths[i]) for i, p in enumerate(parts)]
            out.write((" " * gap).join(segs).rstrip() + "\n")

    wrapped = [[wrap(text, widths[i]) for i, text in enumerate(row)] for row in cells]
    spaced = any(len(part) > 1 for row in wrapped for part in row)
    emit_line([wrap(c.header, widths[i]) for i, c in enumerate(columns)])
    out.write((" " * gap).join("─" * w for w in widths) + "\n")
    for k, row in enumerate(wrapped):
        if spaced and k:
            out.write("\n")  # multi-line rows read better with air between them
        emit_line(row)


def _rich_table(rows: list[dict], columns: Sequence[Column], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    table = Table(show_lines=True, header_style="bold")
    for column in columns:
        table.add_column(column.header, overflow="fold", max_width=column.max_width)
    for row in rows:
        cells = []
        for column in columns:
            text = column.text(row)
            style = column.style(row.get(column.key)) if column.style else ""
            cells.append(f"[{style}]{_escape(text)}[/]" if style else _escape(text))
        table.add_row(*cells)
    console.print(table)


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


# -- cards -------------------------------------------------------------------


def emit_card(card: Card | None, record: dict, fmt: str, *, out: TextIO | None = None) -> None:
    """One record: a readable card in ``table`` format, one object otherwise."""
    out = out or sys.stdout
    if fmt != "table":
        _write_machine(record if fmt in ("json", "jsonl") else [record], fmt, out)
        return
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
    out: TextIO | None = None,
) -> None:
    """Several records: one card each in ``table`` format, a list otherwise.

    ``per_line`` (list key, index name) makes CSV and TSV write one line per
    item of that list, numbered, instead of one line per record.
    """
    out = out or sys.stdout
    if fmt != "table":
        _write_machine(records, fmt, out, per_line=per_line)
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


def _plain_card(card: Card, out: TextIO) -> None:
    import textwrap

    width = min(terminal_width(out), 100)
    out.write(card.title + "\n")
    if card.subtitle:
        out.write(card.subtitle + "\n")
    out.write("═" * min(width, max(len(card.title), len(card.subtitle))) + "\n")
    for section in card.sections:
        if not section.lines:
            continue
        if section.title:
            out.write(f"\n{section.title}\n" + "─" * len(section.title) + "\n")
        if section.numbered:
            for first, rest, text in _numbered(section):
                out.write(textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest) + "\n")
            continue
        for line in section.lines:
            if section.bullets:
                out.write(textwrap.fill(line, width, initial_indent="  • ", subsequent_indent="    ") + "\n")
            else:
                out.write(textwrap.fill(line, width) + "\n")


def _rich_card(card: Card, out: TextIO) -> None:
    from rich.console import Console

    console = Console(file=out)
    console.print(f"[bold]{_escape(card.title)}[/]")
    if card.subtitle:
        console.print(f"[dim]{_escape(card.subtitle)}[/]")
    for section in card.sections:
        if not section.lines:
            continue
        if section.title:
            console.print(f"\n[bold cyan]{_escape(section.title)}[/]")
        if section.numbered:
            from rich.table import Table

            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right")
            grid.add_column()
            for number, line in enumerate(section.lines, 1):
                head, *details = line.split("\n")
                body = _escape(head) + "".join(f"\n[dim]{_escape(d)}[/]" for d in details)
                grid.add_row(f" {number}.", body)
            console.print(grid)
            continue
        for line in section.lines:
            console.print(f"  • {_escape(line)}" if section.bullets else _escape(line))


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
    sys.stderr.write(text.rstrip("\n") + "\n")


def error(text: str, *, suggestions: Sequence[str] = (), hint: str = "", candidates: Sequence[str] = ()) -> None:
    lines = [f"Erreur : {text}"]
    lines += [f"  {c}" for c in candidates]
    if suggestions:
        quoted = " ou ".join(suggestions) if len(suggestions) <= 2 else ", ".join(suggestions[:-1]) + " ou " + suggestions[-1]
        lines.append(f"Vouliez-vous dire {quoted} ?")
    if hint:
        lines.append(hint)
    message("\n".join(lines))
