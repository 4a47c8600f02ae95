"""Records decoded when they are read: a command pays for the records it looks at.

An import file holds each record as its own msgpack value; :class:`LazyRecords` keeps them
encoded (slices of the file, no copy) and decodes one the first time it is asked for. ``orient
show ID`` therefore decodes a handful of records out of tens of thousands, while ``check``,
which judges every formation, still decodes them all, once.

The mapping lays imported records over the embedded ones: a curated record always wins, and
the imported records that curated ones stand for (``hidden``) are not there at all.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from typing import Any, Generic, TypeVar

import msgspec

from .storage import quiet_gc

T = TypeVar("T")
RELEASE_EVERY = 2048  # records decoded between two releases of the pages read
V = TypeVar("V")


class LazyRecords(Mapping[str, T], Generic[T]):
    """``base`` (curated, decoded) over imported records kept encoded until read.

    ``ids`` and ``raws`` are parallel: the id of each encoded record and its msgpack bytes;
    ``adjust`` is applied to an imported record once decoded (its links to hidden records pointed
    at the curated ones)."""

    def __init__(
        self,
        base: Mapping[str, T],
        ids: Sequence[str],
        raws: Sequence[msgspec.Raw] | Sequence[memoryview],
        model: type[T],
        *,
        hidden: frozenset[str] = frozenset(),
        adjust: Callable[[T], T] | None = None,
        damaged: Callable[[], Exception] | None = None,
    ) -> None:
        self._base = dict(base)
        self._where = dict(zip(ids, range(len(ids)), strict=True))
        for key in (*hidden, *self._base):  # few: the curated records and those they stand for
            self._where.pop(key, None)
        self._raws = raws
        self._decoder = msgspec.msgpack.Decoder(model)
        self._adjust = adjust
        self._damaged = damaged  # the error to raise for a record that cannot be decoded
        self._decoded: dict[str, T] = {}

    def __getitem__(self, key: str) -> T:
        found = self._base.get(key)
        if found is not None:
            return found
        found = self._decoded.get(key)
        if found is not None:
            return found
        raw = self._raws[self._where[key]]  # KeyError when unknown
        try:
            record = self._decoder.decode(raw)
        except (msgspec.DecodeError, msgspec.ValidationError):
            if self._damaged is None:
                raise
            raise self._damaged() from None
        if self._adjust is not None:
            record = self._adjust(record)
        self._decoded[key] = record
        return record

    def __contains__(self, key: object) -> bool:
        return key in self._base or key in self._where

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from self._where

    def __len__(self) -> int:
        return len(self._base) + len(self._where)

    def values(self) -> ValuesView[T]:
        self._decode_all()
        return super().values()

    def items(self) -> ItemsView[str, T]:
        self._decode_all()
        return super().items()

    def _decode_all(self) -> None:
        """Every record decoded, in one pass with the collector paused (``check`` reads them all)."""
        if len(self._decoded) < len(self._where):
            self.many(self._where)

    def many(self, keys: Iterable[str]) -> list[T]:
        """The records of ``keys``, in that order, decoded in one pass with the collector paused;
        the pages of a mapped file read so far are let go as it goes (``check`` reads most records)."""
        release = getattr(self._raws, "release", None)  # a mapped file's pages, let go once decoded
        out = []
        with quiet_gc():
            for n, key in enumerate(keys, 1):
                out.append(self[key])
                if release is not None and not n % RELEASE_EVERY and key in self._where:
                    release(self._where[key])
            if release is not None:
                release(len(self._raws))
        return out

    def decoded(self) -> int:
        """How many imported records have been decoded so far (for tests and benchmarks)."""
        return len(self._decoded)


def read_many(records: Mapping[str, T], keys: Iterable[str]) -> list[T]:
    """The records of ``keys`` in that order: decoded in one pass when they are imported ones."""
    if isinstance(records, LazyRecords):
        return records.many(keys)
    return [records[key] for key in keys]


class LazyIndex(Mapping[str, list[str]]):
    """An index of the import (id → ids) kept encoded, in buckets by the hash of its keys
    (``bucket_of(key, buckets)``), until a command looks into it: a lookup decodes one bucket."""

    def __init__(
        self,
        buckets: Sequence[msgspec.Raw],
        bucket_of: Callable[[str, int], int],
        *,
        damaged: Callable[[], Exception] | None = None,
    ) -> None:
        self._raw: list[msgspec.Raw | None] = list(buckets)
        self._bucket_of = bucket_of
        self._damaged = damaged
        self._buckets: list[dict[str, list[str]]] = [{} for _ in self._raw]

    def _bucket(self, n: int) -> dict[str, list[str]]:
        raw = self._raw[n]
        if raw is not None:
            self._buckets[n] = decode(raw, dict[str, list[str]], self._damaged)
            self._raw[n] = None
        return self._buckets[n]

    def __getitem__(self, key: str) -> list[str]:
        if not self._raw:
            raise KeyError(key)
        return self._bucket(self._bucket_of(key, len(self._raw)))[key]

    def get(self, key: str, default: Any = None) -> Any:  # without raising for the many keys not there
        if not self._raw:
            return default
        return self._bucket(self._bucket_of(key, len(self._raw))).get(key, default)

    def __iter__(self) -> Iterator[str]:
        for n in range(len(self._raw)):
            yield from self._bucket(n)

    def __len__(self) -> int:
        return sum(len(self._bucket(n)) for n in range(len(self._raw)))


def decode(raw: msgspec.Raw, type: Any, damaged: Callable[[], Exception] | None = None) -> Any:
    """``raw`` decoded as ``type``, the collector paused; ``damaged()`` raised when it cannot be."""
    try:
        with quiet_gc():
            return msgspec.msgpack.decode(raw, type=type)
    except (msgspec.DecodeError, msgspec.ValidationError):
        if damaged is None:
            raise
        raise damaged() from None


class LazyMap(Mapping[str, V], Generic[V]):
    """A map of the import (id → value) kept encoded until first read; ``read`` makes it of the bytes."""

    def __init__(self, raw: msgspec.Raw, read: Callable[[msgspec.Raw], dict[str, V]]) -> None:
        self._raw: msgspec.Raw | None = raw
        self._read = read
        self._map: dict[str, V] = {}

    def _loaded(self) -> dict[str, V]:
        if self._raw is not None:
            self._map = self._read(self._raw)
            self._raw = None
        return self._map

    def __getitem__(self, key: str) -> V:
        return self._loaded()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def places(raw: msgspec.Raw, damaged: Callable[[], Exception] | None = None) -> LazyMap[int]:
    """Ids in an order the import computed (by name, say), as id → place, decoded when first read."""
    return LazyMap(raw, lambda data: {record_id: n for n, record_id in enumerate(decode(data, list[str], damaged))})
