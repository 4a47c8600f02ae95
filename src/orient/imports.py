"""The user's imports as a whole (ONISEP cards, Parcoursup data): what is there, and removing it.

``orient data reset`` removes the import files, under the data directory's lock (an import
running meanwhile finishes first, or this waits for it), then the cache files built from them:
the search indexes of the datasets merged with an import, which hold the imported records'
words. The caches of the datasets alone stay, and so does the lock file: it holds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from . import storage
from .atomic import remove_stale
from .dataset import cache_dir, data_dir
from .errors import StoreError

if TYPE_CHECKING:
    from .dataset import Dataset


class Removed(msgspec.Struct, frozen=True):
    """What a reset removed."""

    onisep: bool  # the ONISEP import file
    parcoursup: bool  # the Parcoursup import file
    caches: tuple[str, ...]  # cache files built from the imports removed (search indexes)


def onisep_cards(path: Path | None = None) -> int | None:
    """How many cards the ONISEP import holds; None when it cannot be told (damaged, unreadable)."""
    from .onisep.store import read_store

    try:
        stored = read_store(path)
    except StoreError:
        return None
    return len(stored.formations) + len(stored.metiers) if stored is not None else 0


def reset(
    *,
    onisep: bool = True,
    parcoursup: bool = True,
    embedded: Callable[[], Dataset] | None = None,
    waiting: storage.Waiting | None = None,
) -> Removed:
    """Remove the chosen imports, then the caches built from them. A Parcoursup import kept while the
    ONISEP one goes is linked again to ``embedded()`` (the dataset left), since its links pointed to
    imported cards. Raises :class:`~orient.errors.StoreError` or :class:`~orient.errors.LockedError`."""
    from .onisep import store as onisep_store
    from .parcoursup import store as psup_store

    removed_onisep = removed_psup = False
    with storage.lock(data_dir(), waiting=waiting):
        if parcoursup:
            removed_psup = psup_store.remove_store()
        if onisep:
            removed_onisep = onisep_store.remove_store()
        if removed_onisep and not parcoursup and embedded is not None:
            from .parcoursup.importer import relink

            try:
                kept = psup_store.read_store()
            except StoreError as exc:
                if not exc.damaged:
                    raise
                kept = None  # every command says it is damaged; nothing to link
            if kept is not None:
                psup_store.write_store(relink(kept, embedded()))
        for path in (onisep_store.store_path(), psup_store.store_path()):
            remove_stale(path)  # left by an import killed while writing
        # The search indexes of the dataset merged with the ONISEP import hold its records' words.
        caches = storage.remove_caches(cache_dir(), [onisep_store.store_path()] if removed_onisep else [])
    return Removed(onisep=removed_onisep, parcoursup=removed_psup, caches=tuple(str(p) for p in caches))
