"""The files orient keeps for itself: the import files (stores) and the caches.

Every such file is framed: a header of 28 bytes (a magic word, the payload's length, the CRC-32
of its head and the head's length) followed by the payload. A file cut short, written by another
program or another version of the frame, or whose head has flipped bits, is recognised as soon as
it is opened. The head is the whole payload for every file but the ONISEP store, whose head holds
its indexes and the checksum of each record that follows it: a command checks the records it
decodes, so that ``orient show ID`` pays for one record out of tens of thousands, and a damaged
record is said to be one by every command that reads it, never half-read.

- Stores (``onisep-import.msgpack``, ``parcoursup-import.msgpack``): a store that cannot be read,
  decoded or written raises :class:`~orient.errors.StoreError` naming the file and what to do.
  Their read-modify-write (imports, ``data reset``) runs under :func:`lock`, a lock on the data
  directory, so that two imports at once never lose one of them.
- Caches (validated datasets, search indexes): optional. One that cannot be read, or is damaged,
  is rebuilt; one that cannot be written only costs time. They never raise. ``data reset``
  removes those built from the imports (:func:`remove_caches`).
"""

from __future__ import annotations

import errno
import functools
import gc
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import msgspec

from .atomic import read_regular, release_pages, remove_file, remove_stale, replace_file
from .errors import LockedError, StoreError, os_reason

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

MAGIC = b"ORNT"
VERSION = 2
# Magic, frame version, (padding), payload length, CRC-32 of the payload's head, length of that head.
_HEADER = struct.Struct(">4sHxxQIQ")
HEADER_SIZE = _HEADER.size
# The frame of version 1, still read: its CRC-32 covers the whole payload (a Parcoursup import or a
# cache written before version 2 stays readable).
_HEADER_1 = struct.Struct(">4sHxxQI")

LOCK_FILE = "orient.lock"
# How long an import or a reset waits for another one to finish before giving up: a whole ONISEP
# import takes about 10 s and a Parcoursup one about 5 s, so a command started meanwhile simply
# waits its turn; a wait beyond this means the other process is stuck, and the person is told
# which lock is held rather than left waiting without a word.
LOCK_TIMEOUT = 60.0


class Damaged(ValueError):
    """The bytes are not a whole frame: why, in French."""


def frame(payload: bytes, tail: bytes = b"") -> bytes:
    """``payload`` with its header, checked whole; then ``tail``, whose parts the reader checks itself
    (see :func:`unframe_parts`)."""
    return b"".join(_framed(payload, tail))


def _framed(payload: bytes, tail: bytes | bytearray = b"") -> tuple[bytes, bytes, bytes | bytearray]:
    """What :func:`frame` joins: written one after the other, a large store is not copied whole first."""
    return _HEADER.pack(MAGIC, VERSION, len(payload) + len(tail), zlib.crc32(payload), len(payload)), payload, tail


def unframe(data: Any) -> memoryview:
    """The payload of a framed file of one part (``bytes`` or a memory map), checked; raises :class:`Damaged`."""
    head, tail = unframe_parts(data)
    if len(tail):  # written whole, so checked whole: a tail here is a damaged header
        raise Damaged("contenu altéré (somme de contrôle fausse)")
    return head


def unframe_parts(data: Any) -> tuple[memoryview, memoryview]:
    """The head (checked) and the tail (unchecked: its reader checks each part it reads) of a framed file."""
    view = memoryview(data)
    if not len(view):
        raise Damaged("fichier vide")
    if bytes(view[: len(MAGIC)]) != MAGIC[: len(view)]:
        raise Damaged("ce n'est pas un fichier d'orient, ou il vient d'une version plus ancienne")
    version = _version(view) if len(view) >= len(MAGIC) + 2 else VERSION
    if version == 1 and len(view) >= _HEADER_1.size:
        _magic, version, length, crc = _HEADER_1.unpack_from(view)
        payload, checked = view[_HEADER_1.size :], length
    elif version not in (1, VERSION):
        raise Damaged("écrit par une autre version d'orient")
    elif len(view) < HEADER_SIZE:
        raise Damaged("fichier tronqué")
    else:
        _magic, version, length, crc, checked = _HEADER.unpack_from(view)
        payload = view[HEADER_SIZE:]
    if len(payload) != length:
        raise Damaged("fichier tronqué" if len(payload) < length else "fichier plus long que prévu")
    if checked > length or zlib.crc32(payload[:checked]) != crc:
        raise Damaged("contenu altéré (somme de contrôle fausse)")
    return payload[:checked], payload[checked:]


def _version(view: memoryview) -> int:
    return int.from_bytes(view[len(MAGIC) : len(MAGIC) + 2], "big")


# -- stores ----------------------------------------------------------------------------------------


def damaged(path: Path, kind: str, reason: str) -> StoreError:
    """The error of a store that was read but cannot be used."""
    return StoreError(path=path, kind=kind, action="read", reason=reason, damaged=True)


def read_store(path: Path, kind: str, *, mapped: bool = False) -> memoryview | None:
    """The checked payload of a store, None when there is none; with ``mapped``, mapped in memory
    rather than read (the parts a command does not decode are then never loaded from disk).
    Raises :class:`StoreError`."""
    parts = read_store_parts(path, kind, mapped=mapped)
    if parts is None:
        return None
    head, tail = parts
    if len(tail):  # written whole, so checked whole: a tail here is a damaged header
        raise damaged(path, kind, "contenu altéré (somme de contrôle fausse)")
    return head


def read_store_parts(path: Path, kind: str, *, mapped: bool = False) -> tuple[memoryview, memoryview] | None:
    """The head (checked) and tail (see :func:`unframe_parts`) of a store, None when there is none."""
    try:
        data = read_regular(path, mapped=mapped)
    except FileNotFoundError as exc:
        if os.path.islink(path):  # a link to nothing is not « nothing imported »
            raise _failed(path, kind, "read", exc) from exc
        return None
    except OSError as exc:
        raise _failed(path, kind, "read", exc) from exc
    try:
        return unframe_parts(data)
    except Damaged as exc:
        raise damaged(path, kind, str(exc)) from None


@contextmanager
def quiet_gc() -> Iterator[None]:
    """The garbage collector paused while a file is decoded: decoding builds many objects and no
    cycle, so the collections its allocations would trigger walk a growing heap and free nothing.

    On leaving, what was built is set aside (``gc.freeze``, in constant time) before collections
    resume: else the first one would walk all of it at once, for nothing again. Those objects are
    still freed as usual when no longer used; only a cycle among them would be kept."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def decode(data: Any, kind: str, path: Path, type: type[T]) -> T:
    """``data``, a part of a store, decoded as ``type``; raises :class:`StoreError` when it is not one."""
    try:
        with quiet_gc():
            return msgspec.msgpack.decode(data, type=type)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise damaged(path, kind, "contenu illisible") from exc


def write_store(path: Path, kind: str, payload: bytes, tail: bytes | bytearray = b"") -> None:
    """Replace a store in one step: never half-written; the previous one stays when this fails.
    ``tail``: parts the reader checks itself, after the checked ``payload`` (see :func:`frame`)."""
    try:
        replace_file(path, _framed(payload, tail))
    except OSError as exc:
        raise _failed(path, kind, "write", exc) from exc


def remove_store(path: Path, kind: str) -> bool:
    """Remove a store; False when there was none. Raises :class:`StoreError`."""
    try:
        return remove_file(path)
    except OSError as exc:
        raise _failed(path, kind, "remove", exc) from exc


def present(path: Path) -> bool:
    """Whether something is at ``path`` that a command should try to read (and report if it cannot):
    False only when nothing can be there (not even a broken link), True when it cannot be told."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        return exc.errno != errno.ENAMETOOLONG
    except ValueError:  # a NUL byte in the name
        return False
    return True


def _failed(path: Path, kind: str, action: str, exc: OSError) -> StoreError:
    return StoreError(path=path, kind=kind, action=action, reason=os_reason(exc))


Waiting = Callable[[Path, float], None]  # told the lock held by another process, and how long it waits for it


@contextmanager
def lock(folder: Path, timeout: float | None = None, waiting: Waiting | None = None) -> Iterator[Path]:
    """Hold the lock of the data directory ``folder`` (imports, reset): a second holder waits up to
    ``timeout`` seconds (:data:`LOCK_TIMEOUT` by default), then :class:`LockedError` is raised;
    ``waiting`` is called first, when it has to wait. The lock is released when the block ends, or
    when the process dies, even killed outright."""
    from filelock import FileLock, Timeout

    path = folder / LOCK_FILE
    wait = LOCK_TIMEOUT if timeout is None else timeout
    try:
        folder.mkdir(parents=True, exist_ok=True)
        held = FileLock(path, timeout=wait)
        try:
            held.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting(path, wait)
            held.acquire()
    except Timeout:
        raise LockedError(path=path, timeout=wait) from None
    except OSError as exc:
        raise StoreError(path=path, kind="lock", action="write", reason=os_reason(exc)) from exc
    try:
        yield path
    finally:
        held.release()


def locked(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run under the lock of the data directory (see :func:`lock`): an import, whose
    read-modify-write of a store must not meet another one's. Its ``waiting`` argument, when given,
    is told when it waits for another one."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        from .dataset import data_dir

        with lock(data_dir(), waiting=kwargs.get("waiting")):  # type: ignore[arg-type]
            return function(*args, **kwargs)

    return run


# -- caches ----------------------------------------------------------------------------------------


def read_cache(path: Path, type: type[T]) -> T | None:
    """A cache file decoded as ``type``; None when it is absent, unreadable or damaged (rebuilt then)."""
    try:
        data = read_regular(path, mapped=True)  # mapped, and let go once decoded: never twice in memory
        with quiet_gc():
            value = msgspec.msgpack.decode(unframe(data), type=type)
        release_pages(data)
        return value
    except (OSError, ValueError, msgspec.DecodeError, msgspec.ValidationError):  # Damaged is a ValueError
        return None


def write_cache(path: Path, value: object) -> bool:
    """Write a cache file in one step; False when it cannot be (the cache only saves time)."""
    try:
        payload = msgspec.msgpack.encode(value)
    except (OverflowError, TypeError, ValueError):
        return False
    try:
        replace_file(path, frame(payload), durable=False)
    except OSError:
        return False
    return True


class _Named(msgspec.Struct):
    identity: str = ""  # what a search index was built from (see :func:`orient.search_index.build`)


def remove_caches(folder: Path | None, sources: Iterable[Path]) -> list[Path]:
    """Remove the cache files of ``folder`` built from any of ``sources`` (the search indexes of
    datasets merged with an import file), the damaged ones, and the temporary files of dead
    writers; the caches of the datasets alone stay. Returns what was removed."""
    if folder is None:
        return []
    names = [str(p) for p in sources]
    removed: list[Path] = []
    try:
        found = sorted(folder.glob("index-*.msgpack"))
    except OSError:
        return removed
    for path in found:
        removed += remove_stale(path)
        named = read_cache(path, _Named)
        if named is not None and not any(name in named.identity for name in names):
            continue
        try:
            if remove_file(path):
                removed.append(path)
        except OSError:
            pass
    return removed
