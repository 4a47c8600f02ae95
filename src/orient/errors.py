"""Exceptions of the core library.

Each carries a French message meant for a person. The CLI turns
:class:`InputError` into exit code 2 and every other :class:`OrientError`
into exit code 1; the core never prints nor exits.
"""

from __future__ import annotations

import errno
from pathlib import Path

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


# -- files ---------------------------------------------------------------------------------------

_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ELOOP: "boucle de liens symboliques",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long pour le système",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota du disque dépassé",
    errno.EROFS: "disque en lecture seule",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EBUSY: "fichier occupé",
    errno.EXDEV: "déplacement entre deux disques impossible",
}


class NotRegularFile(OSError):
    """A path that is neither a regular file nor a folder (named pipe, device, socket): never read,
    since reading a named pipe waits for a writer that may never come."""


class BrokenLink(FileNotFoundError):
    """A symbolic link whose target does not exist."""


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in a few French words (« permission refusée »)."""
    if isinstance(exc, NotRegularFile):
        return "ce n'est pas un fichier ordinaire (tube nommé, périphérique…)"
    if isinstance(exc, BrokenLink):
        return "lien symbolique cassé (sa cible n'existe pas)"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno or 0)
    return f"erreur du système ({name})" if name else f"erreur du système ({exc})"


class StoreError(OrientError):
    """An import file (ONISEP or Parcoursup) cannot be read, decoded, written or removed.

    ``path`` is the file, ``kind`` the import (``onisep``, ``parcoursup``), ``action`` what failed
    (``read``, ``write``, ``remove``), ``reason`` why in French; ``damaged`` is true when the file
    was read but its content is not a whole, valid import of this version of orient."""

    def __init__(
        self, message: str, *, path: Path, kind: str, action: str, reason: str, damaged: bool = False, hint: str = ""
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.kind = kind
        self.action = action
        self.reason = reason
        self.damaged = damaged


class LockedError(OrientError):
    """Another process holds the lock of the data directory (an import or a reset) for too long."""

    def __init__(self, message: str, *, path: Path, timeout: float, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.timeout = timeout
