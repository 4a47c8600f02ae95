"""docs/cli.md is the help pages, word for word: it cannot drift from the commands."""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date():
    from orient.cli.reference import render

    assert REFERENCE.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: python -m orient.cli.reference > docs/cli.md"


def test_cli_reference_covers_every_command():
    from orient.cli.reference import render

    text = render()
    for command in ("check", "path", "show", "metier", "ou", "specialites", "data import onisep", "data import parcoursup", "data reset"):
        assert f"`orient {command}`" in text
    assert "Usage:" not in text and "Show this message" not in text  # French only
