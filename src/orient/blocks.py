"""Records laid one after the other in the tail of a store, each checked when it is read.

A store (:mod:`orient.storage`) is a checked head and a tail. The head says where each block of
records lies in the tail (:class:`Block`: where it starts, where each record starts, the CRC-32 of
each); a reader takes a record as a slice of the mapped file (:class:`Slices`) and checks it
before decoding it. Opening a store then checks its small head only: a command pays for the
records it reads, and a damaged record is said by every command reading it, never half-read.

A block may hold named parts (:class:`Parts`): one record each, or a run of buckets, an index cut
by the hash of its keys (:func:`bucket_of`), so that a lookup reads one bucket.
"""

from __future__ import annotations

import copy
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence, Sized
from pathlib import Path
from typing import Any, overload

import msgspec

from . import storage
from .atomic import release_pages

BUCKET = 128  # keys per bucket of an index, about


class Block(msgspec.Struct, frozen=True, array_like=True):
    """Where a block of records lies in the store's tail (``start``), where each record starts in it
    (``offsets``, packed ``Q``: one more than records, the last is the block's end) and the CRC-32 of
    each (``crcs``, packed ``I``): a reader slices a record out without copying it, and checks it
    before decoding it."""

    start: int = 0
    offsets: bytes = b""
    crcs: bytes = b""


def write_block(tail: bytearray, values: Iterable[Any], encoder: msgspec.msgpack.Encoder) -> Block:
    """Append ``values`` to ``tail``, each its own record (a :class:`msgspec.Raw` as it is), and say
    where they lie. The records are encoded into the tail itself: never held twice."""
    start = len(tail)
    offsets, crcs = array("Q", [0]), array("I")
    view_start = start
    for value in values:
        if isinstance(value, msgspec.Raw):
            tail.extend(value)
        else:
            encoder.encode_into(value, tail, -1)
        offsets.append(len(tail) - start)
        with memoryview(tail) as view:
            crcs.append(zlib.crc32(view[view_start:]))
        view_start = len(tail)
    return Block(start, _packed(offsets), _packed(crcs))


class Slices(Sequence[memoryview]):
    """The records of a block of ``tail``, each a view of its bytes, checked against its CRC-32 when
    taken (a damaged one raises :class:`~orient.errors.StoreError` for the store ``kind`` at ``path``)."""

    def __init__(self, tail: memoryview, block: Block, path: Path, kind: str) -> None:
        self._tail = tail
        self._start = block.start
        try:
            self._offsets = _numbers("Q", block.offsets)
            self._crcs = _numbers("I", block.crcs)
        except ValueError:  # not a whole number of numbers
            raise storage.damaged(path, kind, "index des fiches incohérent") from None
        self._path = path
        self._kind = kind
        if (self._offsets or self._crcs) and (
            len(self._offsets) != len(self._crcs) + 1 or self._offsets[0] != 0 or self._start + self._offsets[-1] > len(tail)
        ):
            raise storage.damaged(path, kind, "index des fiches incohérent")

    def __len__(self) -> int:
        return len(self._crcs)

    def run(self, first: int, count: int) -> Slices:
        """The ``count`` records from the ``first``-th (the buckets of one index), checked as these are."""
        part = copy.copy(self)
        part._offsets = self._offsets[first : first + count + 1]
        part._crcs = self._crcs[first : first + count]
        return part

    def release(self, n: int) -> None:
        """Let the system take back the memory of the records before the ``n``-th, once they are
        decoded: a command reading them all (``check``) then holds its records, not the file too.
        Only for a mapped file, whose pages are read again from the file if a record is taken again."""
        base = self._tail.obj
        if 0 < n <= len(self) and isinstance(base, Sized):
            first = len(base) - len(self._tail) + self._start  # the tail ends the file: where the block starts in it
            release_pages(base, first, first + self._offsets[n])

    @overload
    def __getitem__(self, n: int) -> memoryview: ...
    @overload
    def __getitem__(self, n: slice) -> Sequence[memoryview]: ...
    def __getitem__(self, n: int | slice) -> memoryview | Sequence[memoryview]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if not 0 <= n < len(self):
            raise IndexError(n)
        raw = self._tail[self._start + self._offsets[n] : self._start + self._offsets[n + 1]]
        if zlib.crc32(raw) != self._crcs[n]:
            raise storage.damaged(self._path, self._kind, "contenu altéré (somme de contrôle fausse)")
        return raw


def one(tail: memoryview, block: Block, path: Path, kind: str) -> memoryview | None:
    """The single record of a block, checked; None when there is none."""
    slices = Slices(tail, block, path, kind)
    return slices[0] if len(slices) else None


def bucket_of(key: str, buckets: int) -> int:
    """Which of ``buckets`` buckets holds ``key`` (the same on every machine and every run)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


def bucketed(index: dict[str, Any]) -> list[msgspec.Raw]:
    """``index`` cut into buckets of about :data:`BUCKET` keys by :func:`bucket_of`, each encoded."""
    buckets: list[dict[str, Any]] = [{} for _ in range(max(1, len(index) // BUCKET))]
    for key, value in index.items():
        buckets[bucket_of(key, len(buckets))][key] = value
    encoder = msgspec.msgpack.Encoder()
    return [msgspec.Raw(encoder.encode(bucket)) for bucket in buckets]


def laid_out(values: dict[str, Any], cut: Iterable[str]) -> tuple[dict[str, tuple[int, int]], list[msgspec.Raw]]:
    """Named parts as the records of one block: each of ``values`` one record, or, when its name is
    in ``cut``, its buckets (:func:`bucketed`); a None value is left out. Returns where each part
    lies (its first record, and how many) and the records."""
    encoder = msgspec.msgpack.Encoder()
    cut = set(cut)
    layout: dict[str, tuple[int, int]] = {}
    records: list[msgspec.Raw] = []
    for name, value in values.items():
        if value is None:
            continue
        encoded = bucketed(value) if name in cut else [msgspec.Raw(encoder.encode(value))]
        layout[name] = (len(records), len(encoded))
        records += encoded
    return layout, records


class Parts:
    """The named parts of a block (see :func:`laid_out`), each checked and decoded when read."""

    def __init__(self, tail: memoryview, block: Block, layout: dict[str, tuple[int, int]], path: Path, kind: str) -> None:
        self._slices = Slices(tail, block, path, kind)
        self._layout = layout
        self._path = path
        self._kind = kind
        for first, count in layout.values():
            if first < 0 or count < 0 or first + count > len(self._slices):
                raise storage.damaged(path, kind, "index des fiches incohérent")

    def __contains__(self, name: str) -> bool:
        return name in self._layout

    def buckets(self, name: str) -> Sequence[memoryview]:
        """The buckets of an index, each checked when taken (none when the store lacks it)."""
        first, count = self._layout.get(name, (0, 0))
        return self._slices.run(first, count)

    def one(self, name: str, type: Any) -> Any:
        """A part of one record, checked and decoded as ``type``."""
        first, count = self._layout.get(name, (0, 0))
        if count != 1:
            raise storage.damaged(self._path, self._kind, "index des fiches incohérent")
        return storage.decode(self._slices[first], self._kind, self._path, type)

    def whole(self, name: str, type: Any) -> dict:
        """An index cut into buckets, every bucket decoded as ``type`` (a dict type) and merged."""
        out: dict = {}
        for bucket in self.buckets(name):
            out.update(storage.decode(bucket, self._kind, self._path, type))
        return out

    def raw(self, name: str) -> memoryview:
        """A part of one record, checked, left encoded."""
        first, count = self._layout.get(name, (0, 0))
        if count != 1:
            raise storage.damaged(self._path, self._kind, "index des fiches incohérent")
        return self._slices[first]


def _packed(numbers: array) -> bytes:
    """Numbers as little-endian bytes, whatever the machine: a store copied elsewhere reads the same."""
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _numbers(typecode: str, data: bytes) -> array:
    numbers = array(typecode, data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
