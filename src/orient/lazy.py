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
from collections.abc import Set as AbstractSet
from typing import Any, Generic, TypeVar, overload

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
        where: Mapping[str, int] | None = None,
        hidden: frozenset[str] = frozenset(),
        adjust: Callable[[T], T] | None = None,
        damaged: Callable[[], Exception] | None = None,
        light: tuple[type, Callable[[Any], Any] | None, Sequence[Any] | None] | None = None,
    ) -> None:
        self._base = dict(base)
        self._left_out = hidden.union(self._base)  # few: the curated records and those they stand for
        self._ids = ids
        if where is None:  # the place of each record found here, from its id
            where = {key: n for n, key in enumerate(ids) if key not in self._left_out}
        self._where = where
        self._raws = raws
        self._decoder = msgspec.msgpack.Decoder(model)
        self._adjust = adjust
        self._damaged = damaged  # the error to raise for a record that cannot be decoded
        # A lighter type the records may be read as (a base type of ``model``, fewer fields), what
        # adjusts a record so read, and where they are so encoded (parallel to ``raws``; None:
        # ``raws`` themselves): see :meth:`light`.
        self._light: tuple[msgspec.msgpack.Decoder, Callable[[Any], Any] | None, Sequence[Any]] | None = None
        if light is not None:
            self._light = msgspec.msgpack.Decoder(light[0]), light[1], light[2] if light[2] is not None else raws
        self._decoded: dict[str, T] = {}
        self._count: int | None = None
        self._all_places: dict[str, int] | None = None

    def __getitem__(self, key: str) -> T:
        found = self._base.get(key)
        if found is not None:
            return found
        found = self._decoded.get(key)
        if found is not None:
            return found
        if key in self._left_out:
            raise KeyError(key)
        return self._load(key, self._where[key])  # KeyError when unknown

    def _load(self, key: str, n: int) -> T:
        """The ``n``-th encoded record, ``key``, decoded and kept."""
        record = self._decode(self._decoder, n)
        if self._adjust is not None:
            record = self._adjust(record)
        self._decoded[key] = record
        return record

    def _decode(self, decoder: msgspec.msgpack.Decoder, n: int, raws: Sequence[Any] | None = None) -> Any:
        """The ``n``-th encoded record (of ``raws``, by default the records'), decoded by ``decoder``;
        ``damaged()`` raised when it cannot be."""
        try:
            return decoder.decode((self._raws if raws is None else raws)[n])
        except (msgspec.DecodeError, msgspec.ValidationError, IndexError):  # IndexError: a place past the records
            if self._damaged is None:
                raise
            raise self._damaged() from None

    def __contains__(self, key: object) -> bool:
        return key in self._base or (key not in self._left_out and key in self._where)

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        left_out = self._left_out
        for key in self._ids:
            if key not in left_out:
                yield key

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._base) + sum(1 for key in self._ids if key not in self._left_out)
        return self._count

    def values(self) -> ValuesView[T]:
        self._decode_all()
        return super().values()

    def items(self) -> ItemsView[str, T]:
        self._decode_all()
        return super().items()

    def _decode_all(self) -> None:
        """Every record decoded, in one pass with the collector paused (``check`` reads them all)."""
        if len(self._decoded) < len(self) - len(self._base):
            self.many(key for key in self._ids if key not in self._left_out)

    def many(self, keys: Iterable[str]) -> list[T]:
        """The records of ``keys``, in that order, decoded in one pass with the collector paused;
        the pages of a mapped file read so far are let go as it goes (``check`` reads most records)."""
        return self._pass(keys, self._load, self._raws)

    def light(self, keys: Iterable[str]) -> list[Any]:
        """The records of ``keys`` as :meth:`many` gives them, but those not decoded yet read as the
        lighter type given (``light``, a base type of the records' own) and not kept: ``check``
        reads what judging needs of every formation, not what their cards show. Without a lighter
        type, :meth:`many`."""
        if self._light is None:
            return self.many(keys)
        decoder, adjust, raws = self._light

        def load(key: str, n: int) -> Any:
            record = self._decode(decoder, n, raws)
            return record if adjust is None else adjust(record)

        return self._pass(keys, load, raws)

    def _pass(self, keys: Iterable[str], load: Callable[[str, int], Any], raws: Sequence[Any]) -> list[Any]:
        release = getattr(raws, "release", None)  # a mapped file's pages, let go once decoded
        out = []
        places = self._places()
        with quiet_gc():
            for n, key in enumerate(keys, 1):
                found = self._base.get(key)
                if found is None:
                    found = self._decoded.get(key)
                if found is None:
                    if key in self._left_out:
                        raise KeyError(key)
                    found = load(key, places[key])
                out.append(found)
                if release is not None and not n % RELEASE_EVERY and key not in self._base:
                    release(places[key])
            if release is not None:
                release(len(raws))
        return out

    def _places(self) -> Mapping[str, int]:
        """The place of every record, as one dictionary: for a pass over many records, where a
        lookup in the index of places (``where``, in buckets) hashes each id again."""
        if self._all_places is None:
            self._all_places = {key: n for n, key in enumerate(self._ids)}
        return self._all_places

    def decoded(self) -> int:
        """How many imported records have been decoded so far (for tests and benchmarks)."""
        return len(self._decoded)


def read_many(records: Mapping[str, T], keys: Iterable[str]) -> list[T]:
    """The records of ``keys`` in that order: decoded in one pass when they are imported ones."""
    if isinstance(records, LazyRecords):
        return records.many(keys)
    return [records[key] for key in keys]


def read_light(records: Mapping[str, T], keys: Iterable[str]) -> list[Any]:
    """The records of ``keys`` in that order, those not decoded yet read as their lighter type
    (:meth:`LazyRecords.light`)."""
    if isinstance(records, LazyRecords):
        return records.light(keys)
    return [records[key] for key in keys]


class LazyIndex(Mapping[str, V], Generic[V]):
    """An index of the import (id → ids, or id → place) kept encoded, in buckets by the hash of its
    keys (``bucket_of(key, buckets)``), until a command looks into it: a lookup decodes (and, for the
    parts of a store, checks) one bucket. ``type``: what a bucket decodes as."""

    def __init__(
        self,
        buckets: Sequence[msgspec.Raw] | Sequence[memoryview],
        bucket_of: Callable[[str, int], int],
        *,
        type: Any = dict[str, list[str]],
        damaged: Callable[[], Exception] | None = None,
    ) -> None:
        self._raw = buckets
        self._bucket_of = bucket_of
        self._type = type
        self._damaged = damaged
        self._buckets: dict[int, dict[str, V]] = {}
        # Every bucket decoded (a pass over all the records looks into all of them): their keys in
        # one map, looked up without hashing a key to its bucket first.
        self._whole: dict[str, V] | None = None

    def _bucket(self, n: int) -> dict[str, V]:
        found = self._buckets.get(n)
        if found is None:
            found = self._buckets[n] = decode(self._raw[n], self._type, self._damaged)
            if len(self._buckets) == len(self._raw):
                self._whole = {key: value for bucket in self._buckets.values() for key, value in bucket.items()}
        return found

    def decoded(self) -> int:
        """How many buckets have been decoded so far (for tests)."""
        return len(self._buckets)

    def __getitem__(self, key: str) -> V:
        if not self._raw:
            raise KeyError(key)
        return self._bucket(self._bucket_of(key, len(self._raw)))[key]

    def get(self, key: str, default: Any = None) -> Any:  # without raising for the many keys not there
        if self._whole is not None:
            return self._whole.get(key, default)
        if not self._raw:
            return default
        return self._bucket(self._bucket_of(key, len(self._raw))).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        for n in range(len(self._raw)):
            yield from self._bucket(n)

    def __len__(self) -> int:
        return sum(len(self._bucket(n)) for n in range(len(self._raw)))


def decode(raw: msgspec.Raw | memoryview, type: Any, damaged: Callable[[], Exception] | None = None) -> Any:
    """``raw`` decoded as ``type``, the collector paused; ``damaged()`` raised when it cannot be."""
    try:
        with quiet_gc():
            return msgspec.msgpack.decode(raw, type=type)
    except (msgspec.DecodeError, msgspec.ValidationError):
        if damaged is None:
            raise
        raise damaged() from None


class Later(Generic[V]):
    """A value of the import made when first asked for (``load()``), then kept."""

    def __init__(self, load: Callable[[], V]) -> None:
        self._load: Callable[[], V] | None = load
        self._value: V | None = None

    def value(self) -> V:
        if self._load is not None:
            self._value = self._load()
            self._load = None
        return self._value  # type: ignore[return-value]


class LazyMap(Mapping[str, V], Generic[V]):
    """A map of the import (id → value) made when first read (``load()``)."""

    def __init__(self, load: Callable[[], dict[str, V]]) -> None:
        self._map = Later(load)

    def loaded(self) -> dict[str, V]:
        """The map itself, for many lookups in a row."""
        return self._map.value()

    def __getitem__(self, key: str) -> V:
        return self._map.value()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._map.value()

    def __iter__(self) -> Iterator[str]:
        return iter(self._map.value())

    def __len__(self) -> int:
        return len(self._map.value())


class LazyList(Sequence[V], Generic[V]):
    """A list of the import made when first read (``load()``): the ids of its records, in file order."""

    def __init__(self, load: Callable[[], list[V]]) -> None:
        self._list = Later(load)

    @overload
    def __getitem__(self, n: int) -> V: ...
    @overload
    def __getitem__(self, n: slice) -> list[V]: ...
    def __getitem__(self, n: int | slice) -> V | list[V]:
        return self._list.value()[n]

    def __iter__(self) -> Iterator[V]:
        return iter(self._list.value())

    def __len__(self) -> int:
        return len(self._list.value())


class LazySet(AbstractSet[str]):
    """A set of ids of the import made when first read (``load()``)."""

    def __init__(self, load: Callable[[], frozenset[str]]) -> None:
        self._set = Later(load)

    @classmethod
    def _from_iterable(cls, items: Iterable[Any]) -> frozenset[Any]:  # what set operations with it make
        return frozenset(items)

    def loaded(self) -> frozenset[str]:
        """The set itself, for many lookups in a row."""
        return self._set.value()

    def __contains__(self, key: object) -> bool:
        return key in self._set.value()

    def __iter__(self) -> Iterator[str]:
        return iter(self._set.value())

    def __len__(self) -> int:
        return len(self._set.value())


def places(ids: Callable[[], list[str]]) -> LazyMap[int]:
    """Ids in an order the import computed (by name, say), as id → place, made when first read."""
    return LazyMap(lambda: {record_id: n for n, record_id in enumerate(ids())})
