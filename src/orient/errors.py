"""Exceptions of the core library.

Each carries a French message meant for a person. The CLI turns
:class:`InputError` into exit code 2 and every other :class:`OrientError`
into exit code 1; the core never prints nor exits.
"""

from __future__ import annotations

import msgspec


class OrientError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions or [])
        self.hint = hint


class InputError(OrientError):
    """What the user typed cannot be used (unknown bac, empty query…)."""


class NotFoundError(InputError):
    """A formation, métier or other record asked for by name does not exist."""


class AmbiguousError(InputError):
    """A query matches several records equally well."""

    def __init__(self, message: str, *, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class Problem(msgspec.Struct, frozen=True):
    """One problem found in a dataset: ``file:field: message``."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class DataError(OrientError):
    """The dataset cannot be loaded: a file is unreadable or invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        from .text import count_fr  # the text helpers raise InputError: imported here, not at the top

        first = problems[0] if problems else Problem("?", "", "jeu de données invalide")
        more = f" (et {count_fr(len(problems) - 1, 'autre problème', 'autres problèmes')})" if len(problems) > 1 else ""
        super().__init__(
            f"Jeu de données invalide : {first}{more}",
            hint="Lancez « orient data validate » pour la liste complète.",
        )
