"""Exceptions of the core library.

Each carries a stable ``code`` (« bac.unknown ») and the data its message needs
(``text``, ``series``…); the words a person reads are the CLI's
(:mod:`orient.cli.messages`). The CLI turns :class:`InputError` into exit code 2
and every other :class:`OrientError` into exit code 1; the core never prints
nor exits.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec


class OrientError(Exception):
    """Base of every error the core raises on purpose: a ``code``, its ``data``, and
    ``suggestions`` (values the person may have meant, shown as « Vouliez-vous dire … ? »)."""

    def __init__(self, code: str, /, *, suggestions: Sequence[str] = (), **data: Any) -> None:
        super().__init__(code)
        self.code = code
        self.data = data
        self.suggestions = list(suggestions)

    def __str__(self) -> str:  # for logs and tests; people read the CLI's wording
        return f"{self.code} {self.data}" if self.data else self.code


class InputError(OrientError):
    """What the user typed cannot be used (unknown bac, empty query…)."""


class NotFoundError(InputError):
    """A formation, métier or other record asked for by name does not exist."""


class AmbiguousError(InputError):
    """A query matches several records equally well: ``matches`` holds (kind, id, name) of each."""

    def __init__(self, code: str, /, *, matches: Sequence[tuple[str, str, str]], **data: Any) -> None:
        super().__init__(code, matches=list(matches), **data)
        self.matches = list(matches)


class ImportFailed(OrientError):
    """Nothing was imported (``import.nothing``, ``import.none_built``; ``import.nothing_stored``: no
    imported card to build again, ``damaged`` when the import cannot be read), or a problem stopped a strict
    import (``import.strict``, the problem first in ``problems``): the previous import is untouched.
    ``source`` is the import (``onisep``, ``parcoursup``)."""

    def __init__(self, code: str, /, *, source: str, problems: Sequence[Any], **data: Any) -> None:
        super().__init__(code, source=source, problems=list(problems), **data)
        self.problems = list(problems)


class Problem(msgspec.Struct, frozen=True):
    """One problem found in a dataset: ``file:field: message``."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class LineProblem(msgspec.Struct, frozen=True):
    """A line of an imported file (an ONISEP card, a Parcoursup row; line 0: the whole file) that
    cannot be read, and why: ``file:line: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class DataError(OrientError):
    """The dataset cannot be loaded: a file is unreadable or invalid (``problems``, first first)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("dataset.invalid", problems=problems)
        self.problems = problems


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

    ``path`` is the file, ``kind`` the import (``onisep``, ``parcoursup``, or ``lock`` for the lock
    of the data directory), ``action`` what failed (``read``, ``write``, ``remove``), ``reason`` why
    (the system's reason, :func:`os_reason`); ``damaged`` is true when the file was read but its
    content is not a whole, valid import of this version of orient."""

    def __init__(self, *, path: Path, kind: str, action: str, reason: str, damaged: bool = False) -> None:
        code = "store.damaged" if damaged else f"store.{action}"
        super().__init__(code, path=path, kind=kind, action=action, reason=reason)
        self.path = path
        self.kind = kind
        self.action = action
        self.reason = reason
        self.damaged = damaged


class LockedError(OrientError):
    """Another process holds the lock of the data directory (an import or a reset) for too long."""

    def __init__(self, *, path: Path, timeout: float) -> None:
        super().__init__("store.locked", path=path, folder=path.parent, timeout=timeout)
        self.path = path
        self.timeout = timeout
