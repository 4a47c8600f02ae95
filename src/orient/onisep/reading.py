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

from .cards import Card, CardProblem
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

    chunks = [(files[i : i + CHUNK], labels[i : i + CHUNK]) for i in range(0, len(files), CHUNK)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for cards in pool.imap(_read_chunk, chunks):
            yield from cards


def _read_chunk(chunk: tuple[list[Path], list[str]]) -> list[Card | CardProblem]:
    files, labels = chunk
    return [read_card(path, label) for path, label in zip(files, labels, strict=True)]
