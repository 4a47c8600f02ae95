"""Reading many card files on every core: each file is read and parsed on its own.

Every card is independent of the others: past :data:`PARALLEL_FROM` files, they
are read by worker processes (one per core, at most :data:`MOST_WORKERS`), in
chunks, and come back in the order of the files, so that the import is the same
whichever way they were read; the importing process meanwhile makes what each
card gives alone (see :meth:`~.build.Builder.ahead`). An import keeps the
workers (:func:`worker_pool`) to build its search index while it writes its
store. Workers are started fresh (``spawn``): they share nothing with the
importing process, which holds the lock of the data directory and may run a
progress bar's thread. As with any ``spawn`` worker, a program that imports a
large folder from a script of its own guards its entry point
(``if __name__ == "__main__":``); ``orient`` and ``python -m orient`` do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from .cards import Card, CardProblem, FormationCard, MetierCard
from .markdown import read_card

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_FROM = 4_000  # below, starting the workers costs more than it saves
MOST_WORKERS = 4
CHUNK = 250  # files per task: few enough round trips, a steady progress bar


def read_files(
    files: Sequence[Path | str], labels: list[str], *, workers: int | None = None, pool: ProcessPoolExecutor | None = None
) -> Iterator[Card | CardProblem]:
    """The card (or why it cannot be read) of each file, in the order of ``files``; ``labels``:
    how each file is named in messages. ``workers``: processes to read with (by default one per
    core past :data:`PARALLEL_FROM` files, else none); or ``pool``, worker processes started by
    :func:`worker_pool`, which its caller stops. A worker that dies (killed, out of memory)
    leaves the files it had not sent back to be read here."""
    if pool is not None:
        yield from _read(files, labels, pool)
        return
    own = _pool(workers_for(len(files)) if workers is None else workers)
    try:
        yield from _read(files, labels, own)
    finally:  # stopped early (an error, Ctrl-C): the chunks not started are dropped, not read
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)


def workers_for(files: int) -> int:
    """How many processes read ``files`` files: one per core past :data:`PARALLEL_FROM`, else one."""
    return min(_cores(), MOST_WORKERS) if files >= PARALLEL_FROM else 1


@contextmanager
def worker_pool(files: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes to read ``files`` files with (and, for an import, to do some of its work
    after reading), stopped on leaving; None when one process reads them, or when worker processes
    cannot start. Stopped early, the tasks not started are dropped."""
    pool = _pool(workers_for(files))
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _read(files: Sequence[Path | str], labels: list[str], pool: ProcessPoolExecutor | None) -> Iterator[Card | CardProblem]:
    done = 0
    if pool is not None:
        from concurrent.futures.process import BrokenProcessPool

        chunks = [(files[i : i + CHUNK], labels[i : i + CHUNK]) for i in range(0, len(files), CHUNK)]
        decoder = msgspec.msgpack.Decoder(_Chunk)
        try:
            for data in pool.map(_read_chunk, chunks):
                cards = _cards(decoder.decode(data)) if isinstance(data, bytes) else data
                yield from cards
                done += len(cards)
        except BrokenProcessPool:
            pass  # the rest is read below
    for path, label in zip(files[done:], labels[done:], strict=True):
        yield read_card(path, label)


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None for one or where the system cannot start them (no semaphores in a
    sandbox…): the files are then read here."""
    if workers <= 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_to_importer)
    except (OSError, ImportError, NotImplementedError):
        return None


WORKER_NICENESS = 2  # a step below: enough to come second at equal load, not to starve under others


def _yield_to_importer() -> None:
    """Run a worker at a lower priority than the importing process: on a machine with fewer cores
    than processes, the importing process (which makes each card as it comes, and writes the store
    while a worker builds the index) is the one the others wait for."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on every system; a worker still works at the same priority
        pass


def _cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every system
        return os.cpu_count() or 1


class _Chunk(msgspec.Struct, array_like=True):
    """What a worker read, sent back as msgpack (several times faster than pickling the cards):
    the cards of each kind in order, and the kind of each file (0 formation, 1 métier, 2 problem)."""

    kinds: list[int]
    formations: list[FormationCard]
    metiers: list[MetierCard]
    problems: list[CardProblem]


def _cards(chunk: _Chunk) -> list[Card | CardProblem]:
    kinds: list[Iterator[Card | CardProblem]] = [iter(chunk.formations), iter(chunk.metiers), iter(chunk.problems)]
    return [next(kinds[kind]) for kind in chunk.kinds]


def _read_chunk(chunk: tuple[Sequence[Path | str], list[str]]) -> bytes | list[Card | CardProblem]:
    out = _Chunk([], [], [], [])
    cards = [read_card(path, label) for path, label in zip(*chunk, strict=True)]
    for card in cards:
        if isinstance(card, FormationCard):
            out.kinds.append(0)
            out.formations.append(card)
        elif isinstance(card, MetierCard):
            out.kinds.append(1)
            out.metiers.append(card)
        else:
            out.kinds.append(2)
            out.problems.append(card)
    try:
        return msgspec.msgpack.encode(out)
    except UnicodeEncodeError:  # a name that is not text (undecodable bytes): sent as Python objects
        return cards
