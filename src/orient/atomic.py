"""Files read and replaced safely: the one place where orient touches a file's bytes.

- :func:`read_regular` reads regular files only: a named pipe, a device or a folder is refused
  at once (reading a named pipe would wait forever for a writer), a broken symbolic link is said
  to be one.
- :func:`replace_file` writes the new content beside the file, flushes it, then renames it over
  the file: a reader sees the old file or the new one, never half of one. When writing fails or is
  interrupted, the old file stays and the temporary one goes; a temporary file left by a process
  killed outright (``kill -9``) is removed by the next write of the same file. That costs a scan of
  the folder: a caller writing thousands of files in one folder scans it once
  (:func:`remove_stale_in`) and writes each with ``clean=False``.

Failures raise :class:`OSError`; :func:`orient.errors.os_reason` says why in French.
"""

from __future__ import annotations

import errno
import mmap
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import BrokenLink, NotRegularFile

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_regular(path: Path, *, mapped: bool = False) -> bytes | mmap.mmap:
    """The bytes of ``path``, a regular file (symbolic links followed); with ``mapped``, the file
    mapped in memory rather than read (an empty file gives ``b""``).

    Raises :class:`IsADirectoryError` for a folder, :class:`~orient.errors.NotRegularFile` for a
    named pipe, a device or a socket, :class:`~orient.errors.BrokenLink` for a link to nothing,
    and any other :class:`OSError` as the system gives it."""
    try:
        fd = os.open(path, _FLAGS)  # non-blocking: opening a named pipe does not wait for a writer
    except FileNotFoundError:
        if os.path.islink(path):
            raise BrokenLink(errno.ENOENT, "broken symbolic link", str(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        if mapped:
            return mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if info.st_size else b""
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def release_pages(data: object, start: int = 0, end: int | None = None) -> None:
    """Let the system take back the memory holding bytes ``start`` to ``end`` of a mapped file
    (:func:`read_regular` with ``mapped``) once they are decoded: they are read again from the file
    if touched again. Nothing happens for bytes read whole, or where the system cannot do it."""
    if not isinstance(data, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return
    end = len(data) if end is None else min(end, len(data))
    start -= start % mmap.PAGESIZE
    end -= end % mmap.PAGESIZE if end < len(data) else 0
    if end > start:
        data.madvise(mmap.MADV_DONTNEED, start, end - start)


def _temporary(path: Path, pid: int) -> Path:
    return path.with_name(f".{path.name}.{pid}.tmp")


def replace_file(path: Path, data: bytes | bytearray, *, durable: bool = True, clean: bool = True) -> None:
    """Replace ``path`` with ``data``; ``durable`` also waits for the disk (imports, not caches);
    ``clean`` first removes what killed processes left of it (:func:`remove_stale`).
    Raises :class:`OSError` when it cannot be done; the old file is then untouched."""
    tmp = _temporary(path, os.getpid())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if clean:
            remove_stale(path)
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Wait for the rename itself to reach the disk (POSIX; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` left by processes that no longer run (killed while
    writing it); those of running processes are left alone. Returns what was removed."""
    prefix = f".{path.name}."
    return _remove_stale(path.parent, lambda name: name[len(prefix) : -len(".tmp")] if name.startswith(prefix) else "")


def remove_stale_in(folder: Path, suffix: str) -> list[Path]:
    """:func:`remove_stale` for every file of ``folder`` whose name ends with ``suffix`` (``.html``),
    in one scan of the folder. Returns what was removed."""

    def pid(name: str) -> str:
        head, _, number = name[: -len(".tmp")].rpartition(".")
        return number if name.startswith(".") and head.endswith(suffix) and len(head) > len(suffix) + 1 else ""

    return _remove_stale(folder, pid)


def _remove_stale(folder: Path, pid_of: Callable[[str], str]) -> list[Path]:
    """Remove the temporary files of ``folder`` whose process (``pid_of`` their name; ``""`` for a
    file that is not one) no longer runs."""
    if os.name != "posix":  # no cheap, safe way to ask whether a process runs
        return []
    own = os.getpid()
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        pid = pid_of(name) if name.endswith(".tmp") else ""
        if not (pid.isascii() and pid.isdigit()):  # not « ² »
            continue
        if int(pid) == own or _running(int(pid)):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def remove_file(path: Path) -> bool:
    """Remove ``path``; False when there was nothing to remove. Raises :class:`OSError` otherwise."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
