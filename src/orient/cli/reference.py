"""The command-line reference (``docs/cli.md``), generated from the help pages themselves.

``python -m orient.cli.reference > docs/cli.md`` rewrites it; a test checks that the
file is up to date, so the reference never drifts from ``--help``.
"""

from __future__ import annotations

import sys

WIDTH = 100  # help pages are written at this width, whatever the terminal

HEADER = """# Référence de la ligne de commande

Chaque section reprend la page d'aide d'une commande (`orient COMMANDE --help`).
Ce fichier est produit par `python -m orient.cli.reference > docs/cli.md` : ne le modifiez pas à la main.
"""


def _pages():
    """(command path, help text) of the root and of every command and sub-command, in help order."""
    import typer.main

    from .app import app

    root = typer.main.get_command(app)

    def walk(command, ctx):
        yield ctx.command_path, command.get_help(ctx)
        for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            yield from walk(sub, _context(sub, name, ctx))

    yield from walk(root, _context(root, "orient", None))


def _context(command, name: str, parent):
    from typer._click import Context

    settings = {**getattr(command, "context_settings", {}), "terminal_width": WIDTH, "max_content_width": WIDTH}
    return Context(command, info_name=name, parent=parent, **settings)


def render() -> str:
    parts = [HEADER]
    for path, text in _pages():
        level = "#" * min(2 + path.count(" "), 4)
        parts.append(f"\n{level} `{path}`\n\n```text\n{text.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
