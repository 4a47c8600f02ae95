"""Reading many card files on every core: each file is read and parsed on its own.

Reading and parsing the cards is a third of a large import's time, and every
card is independent of the others: past :data:`PARALLEL_FROM` files, they are
read by worker processes (one per core, at most :data:`MOST_WORKERS`), in
chunks, and come back in the order of the files, so that the import is the same
whichever way they were read. Workers are started fresh (``spawn``): they share
nothing with the importing process, which holds the lock of the data directory
and may run a progress bar's thread. As with any ``spawn`` worker, a program
that imports a large folder from a script of its own guards its entry point
(``if __name__ == "__main__":``); ``orient`` and ``python -m orient`` do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import msgspec

from .cards import Card, CardProblem, FormationCard, MetierCard
from .markdown import read_card

PARALLEL_FROM = 4_000  # below, starting the workers costs more than it saves
MOST_WORKERS = 4
CHUNK = 250  # files per task: few enough round trips, a steady progress bar


def read_cards(files: list[Path], labels: list[str], *, workers: int | None = None) -> Iterator[Card | CardProblem]:
    """The card (or why it cannot be read) of each file, in the order of ``files``; ``labels``:
    how each file is named in messages. ``workers``: processes to read with (by default one per
    core past :data:`PARALLEL_FROM` files, else none)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, MOST_WORKERS) if len(files) >= PARALLEL_FROM else 1
    if workers <= 1:
        for path, label in zip(files, labels, strict=True):
            yield read_card(path, label)
        return
    import multiprocessing

    chunks = [([str(f) for f in files[i : i + CHUNK]], labels[i : i + CHUNK]) for i in range(0, len(files), CHUNK)]
    decoder = msgspec.msgpack.Decoder(_Chunk)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for data in pool.imap(_read_chunk, chunks):
            chunk = decoder.decode(data)
            kinds: list[Iterator[Card | CardProblem]] = [iter(chunk.formations), iter(chunk.metiers), iter(chunk.problems)]
            for kind in chunk.kinds:
                yield next(kinds[kind])


class _Chunk(msgspec.Struct, array_like=True):
    """What a worker read, sent back as msgpack (several times faster than pickling the cards):
    the cards of each kind in order, and the kind of each file (0 formation, 1 métier, 2 problem)."""

    kinds: list[int]
    formations: list[FormationCard]
    metiers: list[MetierCard]
    problems: list[CardProblem]


def _read_chunk(chunk: tuple[list[str], list[str]]) -> bytes:
    out = _Chunk([], [], [], [])
    for path, label in zip(*chunk, strict=True):
        card = read_card(Path(path), label)
        if isinstance(card, FormationCard):
            out.kinds.append(0)
            out.formations.append(card)
        elif isinstance(card, MetierCard):
            out.kinds.append(1)
            out.metiers.append(card)
        else:
            out.kinds.append(2)
            out.problems.append(card)
    return msgspec.msgpack.encode(out)
