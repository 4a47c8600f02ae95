"""A long listing judged on several cores of one machine: the list is cut in parts, forked
processes take all parts but the first, the calling process takes the first.

A forked process starts with everything already loaded (the dataset, the profile): it costs a
few milliseconds, where a new interpreter would load it all again. A part's result is a pair:
what MessagePack encodes (its tuples read back as lists, for every part), and a block of bytes
(rows already written out) that the work writes as it goes to a stream it is given. A child's
stream is memory shared with the calling process, mapped before the fork, which reads the block
where it was written, without a copy; what MessagePack encodes comes through a pipe, read by a
thread of the calling process while it does its own part (reading waits outside the
interpreter's lock), so that a child is never held up writing. A process that fails or dies
(its block too large for the shared memory, say), or a system without ``fork``, leaves its part
to the calling process: the result never depends on how the work was split.
"""

from __future__ import annotations

import io
import mmap
import os
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

if TYPE_CHECKING:
    import threading

T = TypeVar("T")
# A part's block: a view of the memory it was written to (the calling process's own, or shared with a
# child), or a bytearray when it came through the pipe.
Buffer = bytes | bytearray | memoryview
# What a part's work writes its block to: ``write(bytes)``, as a binary file.
Stream = io.BytesIO | mmap.mmap
Work = Callable[[Sequence[T], Stream], Any]

# macOS has fork, but its system libraries are not safe in a forked child (hence Python's
# multiprocessing spawns there): one process.
CAN_FORK = hasattr(os, "fork") and sys.platform != "darwin"
# Below this many items, one process: a fork and the way back cost more than they save.
SPLIT_FROM = 1000
JOBS_VARIABLE = "ORIENT_JOBS"  # how many processes at most (1: never split)
MOST_JOBS = 32  # ``$ORIENT_JOBS`` beyond this is read as this: each process holds a pipe and its memory
# Room for a child's block in the memory it shares with the calling process, per item of its part
# (a row of ``check`` takes 2 to 3 KiB). Only the pages written are ever given memory.
SHARED_PER_ITEM = 8192


def jobs_for(count: int) -> int:
    """How many processes a listing of ``count`` items is split over: ``$ORIENT_JOBS`` when set (a
    whole number from 1, at most :data:`MOST_JOBS`), else two when this process may run on several
    cores and the listing is long, else one."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return min(int(wanted), MOST_JOBS, max(count, 1))
    if count < SPLIT_FROM or _cores() < 2 or not CAN_FORK:
        return 1
    return 2


def _cores() -> int:
    """The cores this process may run on (``taskset`` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every system
        return os.cpu_count() or 1


def split_map(work: Work[T], items: Sequence[T], jobs: int) -> list[tuple[Any, Buffer]]:
    """``work(part, stream)`` over ``jobs`` consecutive parts of ``items``: the list of the parts'
    results, in the order of the parts, each a pair: what ``work`` returns (MessagePack encodes it:
    the first part's too, so that every part reads the same, its tuples as lists), and the block it
    wrote to ``stream``."""
    size = -(-len(items) // max(jobs, 1)) or 1
    parts = [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]
    children = [_Child(work, part) if CAN_FORK else None for part in parts[1:]]
    try:
        for child in children:  # every process forked before any thread starts
            if child is not None:
                child.start()
        out = [_here(work, parts[0])]
        for part, child in zip(parts[1:], children, strict=True):
            found = child.result() if child is not None else None
            out.append(found if found is not None else _here(work, part))  # a failed child: its part done here
        return out
    finally:  # also when interrupted: no child left behind, running or unreaped
        for child in children:
            if child is not None:
                child.end()


def _here(work: Work[T], part: Sequence[T]) -> tuple[Any, Buffer]:
    """``work(part)`` done by the calling process, read as a child's is (its tuples as lists)."""
    stream = io.BytesIO()
    meta = work(part, stream)
    return msgspec.msgpack.decode(msgspec.msgpack.encode(meta)), stream.getbuffer()


# What a child writes first: the lengths of its MessagePack and of its block, and whether the block
# is in the shared memory (else it follows the MessagePack in the pipe).
_SIZE = struct.Struct("<QQ?")


class _Child:
    """A forked process doing ``work(part)`` and writing its result to a pipe, and the thread of the
    calling process that reads it as it comes."""

    def __init__(self, work: Work[T], part: Sequence[T]) -> None:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice (a closed stream is None)
            if stream is not None:
                stream.flush()
        self.pid = 0
        self.shared: mmap.mmap | None = None
        self.reader: threading.Thread | None = None
        self.received: tuple[bytearray, Buffer] | None = None
        try:
            read, write = os.pipe()
        except OSError:  # no descriptor left: this part is done by the calling process
            return
        _widen(write)
        self.shared = _shared(len(part) * SHARED_PER_ITEM)
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if not self.pid:
            _run(work, part, read, write, self.shared)
        os.close(write)
        self.read = read

    def start(self) -> None:
        """Reading begins, in a thread."""
        import threading  # only here: a short listing never loads it

        if self.pid:
            reader = threading.Thread(target=self._read, daemon=True)
            try:
                reader.start()
            except RuntimeError:  # no thread to be had: the child is stopped, its part done here
                return
            self.reader = reader

    def _read(self) -> None:
        with open(self.read, "rb", buffering=0) as pipe:
            try:
                sizes = _read_exactly(pipe, _SIZE.size)
                if sizes is None:
                    return
                meta_size, block_size, shared = _SIZE.unpack(sizes)
                meta = _read_exactly(pipe, meta_size)
                block: Buffer | None
                if shared:
                    if self.shared is None or block_size > len(self.shared):  # sizes no child writes
                        return
                    block = memoryview(self.shared)[:block_size]
                else:
                    block = _read_exactly(pipe, block_size)
            except (OSError, MemoryError, OverflowError):  # sizes no child writes: as if it had failed
                return
            if meta is not None and block is not None:
                self.received = meta, block

    def result(self) -> tuple[Any, Buffer] | None:
        """What the process sent, once it has ended; None when it failed (or never started). A child
        writes only once its part is done, the sizes first: all that the sizes announce, received,
        is a success, even where its exit status cannot be read (SIGCHLD ignored by whoever started
        ``orient``: the system reaps children at once)."""
        if not self.pid or self.reader is None:
            return None
        self.reader.join()
        if self._wait() not in (0, None) or self.received is None:
            return None
        meta, block = self.received
        try:
            return msgspec.msgpack.decode(meta), block
        except msgspec.DecodeError:
            return None

    def _wait(self) -> int | None:
        """The child's exit code, once it has ended; None when the system has reaped it already."""
        pid, self.pid = self.pid, 0
        try:
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        except ChildProcessError:
            return None

    def end(self) -> None:
        """A child not waited for yet (the calling process was interrupted): stopped and reaped."""
        if self.pid and self.reader is None:  # its pipe, never read
            os.close(self.read)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass
            self._wait()


def _read_exactly(pipe: io.RawIOBase, size: int) -> bytearray | None:
    """``size`` bytes of ``pipe`` in one buffer, or None when it ends before."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    while view:
        got = pipe.readinto(view)
        if not got:
            return None
        view = view[got:]
    return buffer


def _shared(size: int) -> mmap.mmap | None:
    """Memory of ``size`` bytes shared with the processes forked next, None where none is to be had."""
    try:
        return mmap.mmap(-1, max(size, 1))
    except (OSError, ValueError, OverflowError):
        return None


def _run(work: Work[T], part: Sequence[T], read: int, write: int, shared: mmap.mmap | None) -> None:
    """The child: its block written to the shared memory (or, without, kept to send), what
    MessagePack encodes and the block's size (or the block) into the pipe, then out at once (no
    handler, no buffer of the parent's run again). A block too large for the shared memory fails
    the child: the calling process does its part."""
    status = 1
    try:
        os.close(read)
        block: Buffer = b""
        if shared is not None:
            meta = work(part, shared)
            size = shared.tell()
        else:
            buffer = io.BytesIO()
            meta = work(part, buffer)
            block = buffer.getbuffer()
            size = len(block)
        encoded = msgspec.msgpack.encode(meta)
        for data in (_SIZE.pack(len(encoded), size, shared is not None), encoded, block):
            view = memoryview(data)
            while view:
                view = view[os.write(write, view) :]
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
