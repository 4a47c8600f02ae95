"""A long listing judged on several cores of one machine: the list is cut in parts, forked
processes take all parts but the first, the calling process takes the first.

A forked process starts with everything already loaded (the dataset, the profile): it costs a
few milliseconds, where a new interpreter would load it all again. Each part's result comes back
in MessagePack through a pipe (its tuples read back as lists). A process that fails or dies,
or a system without ``fork``, leaves its part to the calling process: the result never depends on
how the work was split.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import msgspec

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
    children = [_fork(work, part, encoder) if hasattr(os, "fork") else None for part in parts[1:]]
    out = [work(parts[0])]
    for part, child in zip(parts[1:], children, strict=True):
        data = _collect(child) if child is not None else None
        try:
            out.append(msgspec.msgpack.decode(data) if data is not None else None)
        except msgspec.DecodeError:
            out.append(None)
        if out[-1] is None:  # a failed child: its part done here
            out[-1] = work(part)
    return out


def _fork(work: Callable[[Sequence[T]], Any], part: Sequence[T], encoder: msgspec.msgpack.Encoder) -> tuple[int, int] | None:
    """A child process doing ``work(part)`` and writing its result to a pipe: (pid, read end), or None."""
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    status = 1
    try:  # the child: its result, then out at once (no handler, no buffer of the parent's run again)
        os.close(read)
        data = memoryview(encoder.encode(work(part)))
        while data:
            data = data[os.write(write, data) :]
        status = 0
    finally:
        os._exit(status)


def _collect(child: tuple[int, int]) -> bytes | None:
    """What a child wrote, once it has ended well; None when it failed."""
    pid, read = child
    chunks = []
    with open(read, "rb", buffering=0) as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None
