"""A long listing judged on several cores of one machine: the list is cut in parts, forked
processes take all parts but the first, the calling process takes the first.

A forked process starts with everything already loaded (the dataset, the profile): it costs a
few milliseconds, where a new interpreter would load it all again. Each part's result comes back
in MessagePack through a pipe (its tuples read back as lists), read by a thread of the calling
process while it does its own part (reading waits outside the interpreter's lock), so that a
child is never held up writing. A process that fails or dies, or a system without ``fork``,
leaves its part to the calling process: the result never depends on how the work was split.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

if TYPE_CHECKING:
    import threading

T = TypeVar("T")

# Below this many items, one process: a fork and the way back cost more than they save.
SPLIT_FROM = 4000
JOBS_VARIABLE = "ORIENT_JOBS"  # how many processes at most (1: never split)


def jobs_for(count: int) -> int:
    """How many processes a listing of ``count`` items is split over: ``$ORIENT_JOBS`` when set (a
    whole number from 1), else two on a machine of several cores for a long listing, else one."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return min(int(wanted), max(count, 1))
    if count < SPLIT_FROM or (os.cpu_count() or 1) < 2:
        return 1
    return 2


def split_map(work: Callable[[Sequence[T]], Any], items: Sequence[T], jobs: int) -> list[Any]:
    """``work`` over ``jobs`` consecutive parts of ``items``: the list of the parts' results (never
    None), in the order of the parts; those of forked processes as MessagePack decodes them."""
    size = -(-len(items) // max(jobs, 1)) or 1
    parts = [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]
    encoder = msgspec.msgpack.Encoder()
    children = [_Child(work, part, encoder) if hasattr(os, "fork") else None for part in parts[1:]]
    for child in children:  # every process forked before any thread starts
        if child is not None:
            child.start()
    out = [work(parts[0])]
    for part, child in zip(parts[1:], children, strict=True):
        data = child.result() if child is not None else None
        try:
            out.append(msgspec.msgpack.decode(data) if data is not None else None)
        except msgspec.DecodeError:
            out.append(None)
        if out[-1] is None:  # a failed child: its part done here
            out[-1] = work(part)
    return out


class _Child:
    """A forked process doing ``work(part)`` and writing its result to a pipe, and the thread of the
    calling process that reads it as it comes."""

    def __init__(self, work: Callable[[Sequence[T]], Any], part: Sequence[T], encoder: msgspec.msgpack.Encoder) -> None:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        self.chunks: list[bytes] = []
        self.pid = 0
        self.reader: threading.Thread | None = None
        read, write = os.pipe()
        _widen(write)
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if not self.pid:
            _run(work, part, encoder, read, write)
        os.close(write)
        self.read = read

    def start(self) -> None:
        """Reading begins, in a thread."""
        import threading  # only here: a short listing never loads it

        if self.pid:
            self.reader = threading.Thread(target=self._read, args=(self.read,), daemon=True)
            self.reader.start()

    def _read(self, read: int) -> None:
        with open(read, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 20):
                self.chunks.append(chunk)

    def result(self) -> bytes | None:
        """What the process wrote, once it has ended well; None when it failed (or never started)."""
        if not self.pid or self.reader is None:
            return None
        self.reader.join()
        _, status = os.waitpid(self.pid, 0)
        return b"".join(self.chunks) if os.waitstatus_to_exitcode(status) == 0 else None


def _run(work: Callable[[Sequence[T]], Any], part: Sequence[T], encoder: msgspec.msgpack.Encoder, read: int, write: int) -> None:
    """The child: its result into the pipe, then out at once (no handler, no buffer of the parent's run again)."""
    status = 1
    try:
        os.close(read)
        data = memoryview(encoder.encode(work(part)))
        while data:
            data = data[os.write(write, data) :]
        status = 0
    finally:
        os._exit(status)


def _widen(fd: int) -> None:
    """A pipe of 1 MiB where the system allows it (Linux): fewer, larger writes."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
