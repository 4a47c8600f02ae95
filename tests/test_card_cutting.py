"""A card is cut into title, fields and sections as reading each line in full cuts it: the cutter
that takes most lines for text at their first letter gives the same, whatever the lines hold."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from orient.onisep.markdown import _Card

_FIELD = re.compile(r"^\*\*([^*]+?):\*\*\s*(.*)$")


def cut_line_by_line(text: str) -> tuple[str, int, dict[str, tuple[str, int]], dict[str, list[str]]]:
    """Title, its line, fields and the lines of each section, each line read in full."""
    title, title_line = "", 0
    fields: dict[str, tuple[str, int]] = {}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("# ") and not title:
            title, title_line = line[2:].strip(), number
            continue
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
            continue
        stripped = line.lstrip()
        field = _FIELD.match(stripped) if stripped.startswith("**") else None
        if field and not raw.startswith(" "):
            fields[field.group(1).strip()] = (field.group(2).strip(), number)
            current = sections.setdefault(f"**{field.group(1).strip()}", [])
            continue
        if current is not None:
            current.append(line)
    return title, title_line, fields, sections


def cut(text: str) -> tuple[str, int, dict[str, tuple[str, int]], dict[str, list[str]]]:
    card = _Card(text)
    return card.title, card.title_line, card.fields, card.sections


LINES = st.sampled_from(
    [
        "# Titre",
        "# Autre titre ",
        "#",
        "# ",
        "#  \u00a0",
        "## Accès",
        "##  ",
        "   ## Après le bac",
        "### Salaire du débutant",
        "**Type:** licence",
        " **Type:** BTS",
        "\t**Durée:** 2 ans",
        "\u00a0**Sigle:** BTS",
        "\u2003 **Lien:** x",
        "**Pas un champ**",
        "*italique*",
        "- Féminin: cadreuse",
        "texte",
        "  texte en retrait  ",
        "",
        "   ",
        "\t",
    ]
)
BREAKS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\x0b", "\x85", "\u2028"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(LINES, st.text(max_size=12)), BREAKS), max_size=25))
def test_a_card_is_cut_as_line_by_line(lines):
    text = "".join(line + brk for line, brk in lines)
    assert cut(text) == cut_line_by_line(text)


def test_the_fixture_cards_are_cut_as_line_by_line():
    files = sorted((FIXTURES / "onisep").rglob("*.md"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert cut(text) == cut_line_by_line(text), path.name
