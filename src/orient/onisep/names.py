"""Indexes of the names the import links cards by: a look-up reads what the query leads to, not every name.

:class:`CloseNames` finds, among many names, the one rapidfuzz's ``fuzz.ratio`` scores
highest (at least a cutoff) against a query, as ``process.extractOne`` over all the names
would, but scores only the few names that can reach the cutoff: those of a close length
that hold, near the same place, a segment of the query (see :class:`CloseNames`).

:class:`CitedNames` finds the names a text cites, whole words for whole words, by walking a
tree of the names' words from each word of the text: the cost grows with the text, not with
the number of names.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

Id = TypeVar("Id", bound=Hashable)


def _max_distance(total: int, cutoff: float) -> int:
    """The largest indel distance at which two texts of ``total`` letters in all still score ``cutoff``
    (``fuzz.ratio`` is 100 × (1 − distance / total)); the margin keeps a score that float rounding puts
    a hair under the cutoff."""
    return math.floor(total * (100.0 - cutoff) / 100.0 + 1e-9)


def _fits(length: int, other: int, cutoff: float) -> bool:
    """Can texts of these lengths score ``cutoff``? Their distance is at least their difference in length."""
    return abs(length - other) <= _max_distance(length + other, cutoff)


def _parts(length: int, count: int) -> list[tuple[int, int]]:
    """``count`` segments, as even as can be, of a text of ``length`` letters: (start, size) each."""
    size, longer = divmod(length, count)
    out = []
    start = 0
    for index in range(count):
        width = size + (index >= count - longer)
        out.append((start, width))
        start += width
    return out


class CloseNames:
    """Names, for finding the closest one to a query by ``fuzz.ratio`` (rapidfuzz) above a cutoff.

    The score is 100 × (1 − d / total length), d the indel distance: the fewest letters to delete
    from the name and insert into it to make the query. A query that scores the cutoff is at most
    some distance ``D`` from a name, fixed by their lengths. So each name is cut into one segment
    more than the largest such distance for its length, and the index keeps the segments by the
    name's length and the segment's rank: the pass-join method (Li, Deng, Wang and Feng, 2011).

    Count each edit against one segment: a deletion against the segment of the letter, an insertion
    against the segment of the letter before it (the first segment, at the start). Going through the
    segments in order, the first time the edits so far fall short of the segments so far, at segment
    ``r`` (from 0), that segment has no edit and at most ``r`` before it, hence at most ``D − r``
    after it. The query holds it whole, moved by no more than ``r`` letters, and with lengths after
    it no further apart than ``D − r``. A query looks up, for each length a close name may have,
    the pieces of itself at those places: only the names found are scored."""

    def __init__(self, names: Iterable[str], cutoff: float) -> None:
        self.names = list(names)
        self.cutoff = cutoff
        self.by_length: dict[int, list[int]] = {}
        for position, name in enumerate(self.names):
            self.by_length.setdefault(len(name), []).append(position)
        self.parts: dict[int, list[tuple[int, int]]] = {}  # by length: how its names are cut, or [] when uncut
        self.segments: dict[int, list[dict[str, list[int]]]] = {}  # by length, by rank: segment → names
        self._probed: dict[int, list[tuple[dict[str, list[int]] | None, int, int, int]]] = {}  # see ``_probes``
        self._best: dict[str, str | None] = {}  # by query: what ``best`` gave
        for length, positions in self.by_length.items():
            count = self._spread(length) + 1 if cutoff > 0 else length + 1  # at 0, every name scores: none is cut
            parts = self.parts[length] = _parts(length, count) if count <= length else []
            tables: list[dict[str, list[int]]] = [{} for _ in parts]
            self.segments[length] = tables
            for position in positions if parts else ():
                name = self.names[position]
                for (start, size), table in zip(parts, tables, strict=True):
                    table.setdefault(name[start : start + size], []).append(position)

    def _spread(self, length: int) -> int:
        """The largest distance between a name of ``length`` letters and a text that scores the cutoff against it
        (the cutoff above 0)."""
        longest = length
        while _fits(longest + 1, length, self.cutoff):
            longest += 1
        return max(0, _max_distance(length + longest, self.cutoff))

    def candidates(self, query: str) -> set[int]:
        """Positions of the names that may score ``cutoff`` or more against ``query``: every name that
        does is among them."""
        if self.cutoff <= 0:  # every name scores that
            return set(range(len(self.names)))
        found: set[int] = set()
        for table, width, low, high in self._probes(len(query)):
            if table is None:  # names too short to cut: all of them
                found.update(self.by_length[width])
                continue
            for at in range(low, high + 1):
                hit = table.get(query[at : at + width])
                if hit is not None:
                    found.update(hit)
        return found

    def _probes(self, size: int) -> list[tuple[dict[str, list[int]] | None, int, int, int]]:
        """Where a query of ``size`` letters is looked up: for each segment of each length a close name
        may have, its table, its width and the first and last places of the query it may be at (a
        table of None: the names of that length, given instead of its width, are all candidates).
        The same for every query of that size: worked out once."""
        probes = self._probed.get(size)
        if probes is not None:
            return probes
        probes = []
        shortest, longest = size, size
        while shortest > 0 and _fits(size, shortest - 1, self.cutoff):
            shortest -= 1
        while _fits(size, longest + 1, self.cutoff):
            longest += 1
        for length in range(shortest, longest + 1):
            if length not in self.by_length:
                continue
            parts = self.parts[length]
            if not parts:  # too short to cut: every name of that length
                probes.append((None, length, 0, -1))
                continue
            distance = _max_distance(size + length, self.cutoff)
            # The letters the query lacks before a segment move it left, those it adds, right.
            lacks, adds, longer = (distance + length - size) // 2, (distance + size - length) // 2, size - length
            for rank, ((start, width), table) in enumerate(zip(parts, self.segments[length], strict=True)):
                low = max(-lacks, -rank, longer - (distance - rank))
                high = min(adds, rank, longer + (distance - rank))
                first, last = max(0, start + low), min(size - width, start + high)
                if first <= last:
                    probes.append((table, width, first, last))
        self._probed[size] = probes
        return probes

    def best(self, query: str) -> str | None:
        """The name ``process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=cutoff)`` gives:
        the first, in the names' order, of those that score best, if that is the cutoff or more."""
        if query in self._best:
            return self._best[query]
        from rapidfuzz import fuzz, process

        positions = list(self.candidates(query))
        found = None
        if positions:
            names = self.names
            choices = list(map(names.__getitem__, positions))
            # Most queries come close to no name: one quick pass says so. For the others, the first in
            # the names' order of those scoring best.
            if process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff) is not None:
                scored = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=None)
                top = max(score for _name, score, _index in scored)
                found = names[min(positions[index] for _name, score, index in scored if score == top)]
        self._best[query] = found
        return found


class _Node(Generic[Id]):
    __slots__ = ("ids", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node[Id]] = {}
        self.ids: list[Id] = []  # of the names that end here


class CitedNames(Generic[Id]):
    """Names made of words separated by single spaces (as :func:`~orient.text.normalize` writes them),
    for finding those a text written the same way cites."""

    def __init__(self, names: Iterable[tuple[Id, str]]) -> None:
        """``names``: (id, name) pairs; several ids may share a name."""
        self.root: _Node[Id] = _Node()
        for name_id, name in names:
            node = self.root
            for word in name.split(" "):
                node = node.next.setdefault(word, _Node())
            node.ids.append(name_id)

    def cited(self, text: str) -> set[Id]:
        """The ids of the names whose words ``text`` holds in a row, whole (`` name `` in `` text ``)."""
        return {name_id for _start, _end, ids in self.spans(text) for name_id in ids}

    def spans(self, text: str) -> list[tuple[int, int, list[Id]]]:
        """Where ``text`` cites names: for each run of words that is a name, its first word, the word
        after its last (positions among the words of ``text``) and the ids of that name."""
        words = text.split(" ")
        found: list[tuple[int, int, list[Id]]] = []
        for start in range(len(words)):
            node = self.root.next.get(words[start])
            end = start + 1
            while node is not None:
                if node.ids:
                    found.append((start, end, node.ids))
                if end == len(words):
                    break
                node = node.next.get(words[end])
                end += 1
        return found


def firsts_best(names: list[str], cutoff: float, queries: list[list[str]]) -> list[str | None]:
    """For each list of queries, the name :meth:`CloseNames.best` gives for the first of them that has
    one (None when none has), among ``names``."""
    close = CloseNames(names, cutoff)
    out: list[str | None] = []
    for forms in queries:
        found = None
        for form in forms:
            found = close.best(form)
            if found is not None:
                break
        out.append(found)
    return out


def firsts_best_elsewhere(request: bytes) -> bytes:
    """:func:`firsts_best` for its arguments encoded (in another process: a large import splits its
    look-ups of close names between its worker processes)."""
    import msgspec

    names, cutoff, queries = msgspec.msgpack.decode(request, type=tuple[list[str], float, list[list[str]]])
    return msgspec.msgpack.encode(firsts_best(names, cutoff, queries))
