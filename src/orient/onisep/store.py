"""The imported cards on disk, and their merge with the embedded dataset.

One msgpack file in the user's data directory holds the whole import: the
records every command reads, the coverage report, and the cards themselves
(kept raw, so that a later import can rebuild the links across all of them).
Each record is its own msgpack value: a command maps the file and decodes only
the records it reads (:class:`~orient.lazy.LazyRecords`), with their ids and
the indexes between them (which formations lead to which, which lead to a
métier) computed once, by the import. It is written to a temporary file, flushed and
renamed over the old one, so a failed or interrupted import leaves the
previous import whole. It is framed and checked (:mod:`orient.storage`): a
damaged file is said to be one, never half-read: its head (small: where the rest lies) when it is
opened, each record and each part of an index when it is read (a checksum per record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence, Sized
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import msgspec

from .. import blocks, storage
from ..atomic import read_regular, release_pages
from ..blocks import Block, Parts, Slices, bucket_of, laid_out, write_block
from ..check_records import CheckRecord, RowParts
from ..dataset import IMPORT_FILE, Dataset, Leading, data_dir
from ..errors import StoreError  # noqa: F401  (raised by the functions below; imported from here by callers)
from ..models import Access, Attendu, Formation, FormationCore, Metier, Parcours
from ..text import normalize
from .cards import FormationCard, MetierCard

STORE_FORMAT = 8
T = TypeVar("T")
F = TypeVar("F", bound=FormationCore)


class Phrase(msgspec.Struct, frozen=True):
    text: str
    count: int


class TypeCoverage(msgspec.Struct, frozen=True):
    """For one type of formation: how many cards are decided by their own text, by a national rule, or not at all."""

    type: str
    formations: int
    card: int
    national: int
    unknown: int


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """How well the imported formation cards are understood: access texts, and what decides each verdict."""

    formations: int = 0
    metiers: int = 0
    with_access: int = 0  # cards with an « Accès » section
    complete: int = 0
    partial: int = 0
    unparsed: int = 0
    phrases: tuple[Phrase, ...] = ()  # most frequent fragments not understood
    # What decides the verdicts: the card's own text, a national rule, or nothing (unknown).
    by_card: int = 0
    by_national: int = 0
    by_nothing: int = 0
    by_type: tuple[TypeCoverage, ...] = ()
    unknown_types: tuple[Phrase, ...] = ()  # ONISEP type labels no type knows (imported as « autre »)


class Merged(msgspec.Struct, frozen=True):
    """An imported card that a curated record already describes: the curated record stands for it.

    ``why`` says how they were found to be one: the ONISEP id the curated record gives
    (``onisep``), a scolarité or RNCP code they share and no other card has (``scolarite``,
    ``rncp``), the same name and type with no code that tells them apart (``name``), or the card's
    name being the curated record's followed by « parcours … » (``parcours``: one applies to the
    formation, and picks the parcours later)."""

    card: str  # FOR.8008
    into: str  # but-mmi
    why: str
    name: str = ""  # the card's name
    parcours: str = ""  # ``parcours``: the parcours' own name (« création numérique »)


class ImportSource(msgspec.Struct, frozen=True):
    path: str
    date: dt.date
    cards: int


class StoredCards(msgspec.Struct, frozen=True):
    formations: list[FormationCard]
    metiers: list[MetierCard]
    dates: dict[str, dt.date]


class Indexes(msgspec.Struct, frozen=True):
    """What the import computes once over the merged dataset, so that a command reading a few
    records never walks them all: the ids of the records in file order, and the links between
    records seen from their target. Valid for the embedded dataset it was computed with
    (``embedded``, its identity)."""

    embedded: str
    formation_ids: list[str]
    metier_ids: list[str]
    leads_to: dict[str, list[str]]  # formation id → the formations whose poursuites cite it
    by_metier: dict[str, list[str]]  # métier id → the formations leading there
    # Identifier or code, folded (« for.8009 », « 25132606 », « rncp36052 », « l1203 ») → the records
    # bearing it: ``orient show ID`` finds its record without reading the others.
    formation_codes: dict[str, list[str]] = {}
    metier_codes: dict[str, list[str]] = {}
    name_order: list[str] = []  # formation ids sorted by name the French way (see ``Dataset.name_order``)
    # Each name, normalised (« bts metiers de l audiovisuel ») → the records bearing it: ``orient show NOM``
    # reads the records so named, not all of them.
    formation_names: dict[str, list[str]] = {}
    metier_names: dict[str, list[str]] = {}
    level_only: dict[str, int] = {}  # see ``Dataset.level_only``
    before_bac: list[str] | None = None  # see ``Dataset.before_bac``; None: an import that did not list them
    # The records' links to the cards curated records describe already point at the curated ones
    # (:func:`pointed`): nothing to redirect as each is read.
    linked: bool = False
    metier_interests: dict[str, list[str]] | None = None  # see ``Dataset.metier_interests``; None: not listed
    formation_titles: dict[str, str] | None = None  # see ``Dataset.formation_name``; None: not listed
    leading: dict[str, Leading] | None = None  # see ``Dataset.leading``; None: not listed (older imports)
    leading_reasons: dict[str, str] | None = None  # see ``Dataset.leading_reasons``; None: not written
    # The access rules several imported formations hold (None for a rule of one formation) and the
    # sets of attendus, by their numbers (``Formation.access_number``, ``attendus_number``); None:
    # not numbered.
    access_rules: list[Access | None] | None = None
    attendus_sets: list[tuple[Attendu, ...]] | None = None


class Stored(msgspec.Struct, frozen=True, kw_only=True):
    format: int = STORE_FORMAT
    updated: dt.date
    sources: tuple[ImportSource, ...] = ()
    report: Report = Report()
    formations: list[Formation] = []
    metiers: list[Metier] = []
    # The imported cards curated records already describe, found once at import (None: an import
    # written before they were recorded, found again when read).
    merged: tuple[Merged, ...] | None = None
    cards: msgspec.Raw = msgspec.Raw(b"")  # StoredCards, decoded only by the next import
    indexes: Indexes | None = None  # found once at import; None: found again when read
    # The imported formations' parts of a check row, made by the import, written with what check
    # reads of them (:class:`CheckRecord`); not read back: an import read back holds the CRC-32 of
    # those records instead (``cores``), which its digest covers.
    rows: dict[str, RowParts] = {}
    cores: bytes = b""


class _Disk(msgspec.Struct, frozen=True, kw_only=True):
    """The head of the store as written, checked whole when the file is opened: the small parts, and
    where each record of the tail lies (the records of each kind one after the other, then the report
    and the cards, each one record)."""

    format: int = STORE_FORMAT
    updated: dt.date
    sources: tuple[ImportSource, ...] = ()
    merged: tuple[Merged, ...] | None = None
    indexes: _DiskIndexes | None = None
    formations: Block = Block()
    metiers: Block = Block()
    report: Block = Block()
    cards: Block = Block()
    cores: Block = Block()  # what check reads of the formations (:class:`CheckRecord`), in the same order; none in older imports


class _DiskIndexes(msgspec.Struct, frozen=True):
    """:class:`Indexes` as written. The head holds only where each of its parts lies: the parts
    are the records of a block of the tail (``parts``), each checked when it is read, so that
    opening the store checks and decodes none of them. A part is one record (the ids, the order by
    name, the level-only formations) or a run of buckets: an index cut by the hash of its keys
    (:func:`bucket_of`), each bucket a msgpack map, so that a lookup reads one bucket."""

    embedded: str
    parts: Block
    layout: dict[str, tuple[int, int]]  # part → its first record in ``parts``, and how many
    linked: bool = False


# Parts cut into buckets: the indexes, and the place of each record among its kind (id → place),
# so that reading one record decodes neither the ids of all the others nor a map of them.
_BUCKETED = (
    "leads_to",
    "by_metier",
    "formation_codes",
    "metier_codes",
    "formation_names",
    "metier_names",
    "formation_places",
    "metier_places",
    "metier_interests",
    "formation_titles",
    "leading",
    "leading_reasons",
)


def _index_parts(indexes: Indexes) -> tuple[dict[str, tuple[int, int]], list[msgspec.Raw]]:
    """The parts of ``indexes`` as written (see :class:`_DiskIndexes`): where each lies, and the records."""
    return laid_out(
        {
            "formation_ids": indexes.formation_ids,
            "metier_ids": indexes.metier_ids,
            "name_order": indexes.name_order,
            "level_only": indexes.level_only,
            "before_bac": indexes.before_bac,  # None for an import that did not list them: left out
            "leads_to": indexes.leads_to,
            "by_metier": indexes.by_metier,
            "formation_codes": indexes.formation_codes,
            "metier_codes": indexes.metier_codes,
            "formation_names": indexes.formation_names,
            "metier_names": indexes.metier_names,
            "formation_places": {record_id: n for n, record_id in enumerate(indexes.formation_ids)},
            "metier_places": {record_id: n for n, record_id in enumerate(indexes.metier_ids)},
            "metier_interests": indexes.metier_interests,  # None for an import that did not list them: left out
            "formation_titles": indexes.formation_titles,  # likewise
            "leading": indexes.leading,  # likewise
            "leading_reasons": indexes.leading_reasons,  # likewise
            "access_rules": indexes.access_rules,  # likewise, and the one below
            "attendus_sets": indexes.attendus_sets,
        },
        _BUCKETED,
    )


def _from_disk(indexes: _DiskIndexes, tail: memoryview, path: Path) -> Indexes:
    """The indexes of a store, every part decoded (imports compare them with those they make)."""
    parts = _parts(tail, indexes, path)
    index = dict[str, list[str]]
    return Indexes(
        indexes.embedded,
        parts.one("formation_ids", list[str]),
        parts.one("metier_ids", list[str]),
        parts.whole("leads_to", index),
        parts.whole("by_metier", index),
        parts.whole("formation_codes", index),
        parts.whole("metier_codes", index),
        parts.one("name_order", list[str]),
        parts.whole("formation_names", index),
        parts.whole("metier_names", index),
        parts.one("level_only", dict[str, int]),
        parts.one("before_bac", list[str]) if "before_bac" in parts else None,
        indexes.linked,
        parts.whole("metier_interests", index) if "metier_interests" in parts else None,
        parts.whole("formation_titles", dict[str, str]) if "formation_titles" in parts else None,
        parts.whole("leading", dict[str, Leading]) if "leading" in parts else None,
        parts.whole("leading_reasons", dict[str, str]) if "leading_reasons" in parts else None,
        parts.one("access_rules", list[Access | None]) if "access_rules" in parts else None,
        parts.one("attendus_sets", list[tuple[Attendu, ...]]) if "attendus_sets" in parts else None,
    )


def _parts(tail: memoryview, indexes: _DiskIndexes, path: Path) -> Parts:
    return Parts(tail, indexes.parts, indexes.layout, path, KIND)


def _slices(tail: memoryview, block: Block, path: Path) -> Slices:
    """The records of a block of this store."""
    return Slices(tail, block, path, KIND)


class _Records(msgspec.Struct, frozen=True):
    """What commands read of the head (:class:`_Disk`): where the records lie, and the indexes;
    the report and the cards are skipped."""

    format: int
    merged: tuple[Merged, ...] | None = None
    indexes: _DiskIndexes | None = None
    formations: Block = Block()
    metiers: Block = Block()
    cores: Block = Block()


def packed(formation: Formation, row: RowParts | None, rules: Sequence[Access | None] | None) -> CheckRecord:
    """What ``check`` reads of ``formation``, as the store holds it; with ``rules`` (the store's
    shared rules, by number), its access rule when shared and its attendus held apart, once each,
    in the store's indexes (see :func:`unpacked`)."""
    core = {name: getattr(formation, name) for name in FormationCore.__struct_fields__}
    if rules is not None and 0 <= formation.access_number < len(rules) and rules[formation.access_number] is not None:
        core["access"] = None
    if rules is not None and formation.attendus_number >= 0:
        core["attendus"] = ()
    return CheckRecord(**core, row=row)


def unpacked(core: CheckRecord, rules: Sequence[Access | None], attendus: Sequence[tuple[Attendu, ...]]) -> CheckRecord:
    """A record as :func:`packed` holds it, with its rule and attendus, the same objects for every
    record that has them (a verdict, a fit found once for them all). Raises ``IndexError`` for a
    number the tables do not hold."""
    access = core.access
    if access is None and core.access_number >= 0:
        access = rules[core.access_number]
        if access is None:  # a rule of one formation, said to be held apart
            raise IndexError(core.access_number)
    held = attendus[core.attendus_number] if core.attendus_number >= 0 else core.attendus
    if access is core.access and held is core.attendus:
        return core
    return msgspec.structs.replace(core, access=access, attendus=held)


Encoded = tuple[bytes, bytearray]  # the store's head and tail, as :func:`storage.frame` writes them


def _one(tail: memoryview, block: Block, path: Path) -> memoryview | None:
    """The single record of a block (the report, the cards), checked; None when there is none."""
    return blocks.one(tail, block, path, KIND)


def store_path() -> Path:
    return data_dir() / IMPORT_FILE


KIND = "onisep"


def read_store(path: Path | None = None) -> Stored | None:
    """The whole import file, None when there is none; raises :class:`StoreError` when it cannot be
    read or is damaged (``damaged`` set)."""
    path = path or store_path()
    data = storage.read_store_parts(path, KIND)
    if data is None:
        return None
    return from_bytes(data, path)


def from_bytes(data: tuple[Any, Any], path: Path) -> Stored:
    """An import file's head and tail, decoded whole (imports, ``data status``: what reads everything)."""
    head, tail = memoryview(data[0]), memoryview(data[1])
    _format_of(head, path)
    disk = storage.decode(head, KIND, path, _Disk)
    report = _one(tail, disk.report, path)
    cards = _one(tail, disk.cards, path)
    return Stored(
        format=disk.format,
        updated=disk.updated,
        sources=disk.sources,
        report=storage.decode(report, KIND, path, Report) if report is not None else Report(),
        formations=_decoded(_slices(tail, disk.formations, path), Formation, path),
        metiers=_decoded(_slices(tail, disk.metiers, path), Metier, path),
        merged=disk.merged,
        cards=msgspec.Raw(cards if cards is not None else b""),
        indexes=_from_disk(disk.indexes, tail, path) if disk.indexes is not None else None,
        cores=disk.cores.crcs,
    )


def content_digest(stored: Stored) -> bytes:
    """A digest of what the import holds, leaving aside when and from where it was made: of
    ``msgspec.msgpack.encode((formations, metiers, report, merged, indexes, cores))`` (``cores``: the
    CRC-32 of what check reads, see :class:`Stored`), worked out one record at a time (an import
    compares the one it makes with the one so far without holding both)."""
    return _digest(
        stored.formations,
        len(stored.formations),
        stored.metiers,
        len(stored.metiers),
        stored.report,
        stored.merged,
        stored.indexes,
        stored.cores,
    )


def encoded_digest(data: Encoded, path: Path) -> bytes:
    """:func:`content_digest` of the import ``data`` holds, as reading it gives it (decoding makes
    the numbers of a record alike: a route's 1 year reads back as 1.0), each record decoded in turn."""
    head, tail = memoryview(data[0]), memoryview(data[1])
    disk = storage.decode(head, KIND, path, _Disk)
    report = _one(tail, disk.report, path)
    formations, metiers = _slices(tail, disk.formations, path), _slices(tail, disk.metiers, path)
    return _digest(
        map(msgspec.msgpack.Decoder(Formation).decode, formations),
        len(formations),
        map(msgspec.msgpack.Decoder(Metier).decode, metiers),
        len(metiers),
        storage.decode(report, KIND, path, Report) if report is not None else Report(),
        disk.merged,
        _from_disk(disk.indexes, tail, path) if disk.indexes is not None else None,
        disk.cores.crcs,
    )


def _digest(formations: Iterable[Formation], n_formations: int, metiers: Iterable[Metier], n_metiers: int, *rest: Any) -> bytes:
    """The digest of the msgpack array of the formations, the métiers and ``rest``, written a part at a
    time (an array is its header, then its items one after the other)."""
    import hashlib  # at import time only: the commands that read the store never load it

    encoder = msgspec.msgpack.Encoder()
    digest = hashlib.blake2b(digest_size=32)
    digest.update(_array_header(2 + len(rest)))
    for records, count in ((formations, n_formations), (metiers, n_metiers)):
        digest.update(_array_header(count))
        for record in records:
            digest.update(encoder.encode(record))
    for part in rest:
        digest.update(encoder.encode(part))
    return digest.digest()


def _array_header(count: int) -> bytes:
    """The head of a msgpack array of ``count`` items."""
    if count < 16:
        return bytes([0x90 | count])
    return b"\xdc" + count.to_bytes(2, "big") if count < 1 << 16 else b"\xdd" + count.to_bytes(4, "big")


class _Format(msgspec.Struct):
    format: int = 0


def _format_of(data: Any, path: Path) -> None:
    """Refuse a file of another version before reading it as this one."""
    if storage.decode(data, KIND, path, _Format).format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")


class _Format6(msgspec.Struct):
    """What an import file of format 6 still gives: its cards and sources."""

    format: int = 0
    updated: dt.date | None = None
    sources: tuple[ImportSource, ...] = ()
    cards: bytes = b""


class _Format7(msgspec.Struct):
    """What an import file of format 7 (the one before this: its indexes in its head) still gives:
    its cards (in its tail, where this one keeps them) and sources."""

    format: int = 0
    updated: dt.date | None = None
    sources: tuple[ImportSource, ...] = ()
    cards: Block = Block()


def read_older(path: Path | None = None) -> Stored | None:
    """The cards and sources of an import file written by an earlier version (format 6 or 7), for
    the next import to rebuild them with its own; None when it is not one, or cannot be read."""
    path = path or store_path()
    try:
        head, tail = storage.unframe_parts(read_regular(path))
        version = msgspec.msgpack.decode(head, type=_Format).format
        if version == 6 and not len(tail):
            older = msgspec.msgpack.decode(head, type=_Format6)
            cards = older.cards
        elif version == 7:
            seven = msgspec.msgpack.decode(head, type=_Format7)
            found = _one(memoryview(tail), seven.cards, path)
            updated, sources, cards = seven.updated, seven.sources, bytes(found) if found is not None else b""
            older = _Format6(7, updated, sources, cards)
        else:
            return None
        if older.updated is None or not cards:
            return None
        read_cards(Stored(updated=older.updated, cards=msgspec.Raw(cards)), path)  # whole, or not at all
    except (OSError, ValueError, msgspec.DecodeError, msgspec.ValidationError, StoreError):
        return None
    return Stored(format=version, updated=older.updated, sources=older.sources, cards=msgspec.Raw(cards))


def read_cards(stored: Stored, path: Path | None = None) -> StoredCards:
    """The cards kept in ``stored`` (read from ``path``)."""
    if not bytes(stored.cards):
        return StoredCards([], [], {})
    return storage.decode(stored.cards, KIND, path or store_path(), StoredCards)


def encode(stored: Stored) -> Encoded:
    """``stored`` as written on disk: the head (see :class:`_Disk`), then the records, the report and
    the cards. The records are encoded one after the other into the tail itself: never held twice,
    once apart and once joined."""
    encoder = msgspec.msgpack.Encoder()
    tail = bytearray()

    def block(values: Sequence[Any]) -> Block:
        return write_block(tail, values, encoder)

    formations = block(stored.formations)
    metiers = block(stored.metiers)
    rules = stored.indexes.access_rules if stored.indexes is not None and stored.indexes.attendus_sets is not None else None
    cores = block([packed(f, stored.rows.get(f.id), rules) for f in stored.formations])
    indexes = None
    if stored.indexes is not None:
        layout, parts = _index_parts(stored.indexes)
        indexes = _DiskIndexes(stored.indexes.embedded, block(parts), layout, stored.indexes.linked)
    report = block([stored.report])
    cards = block([stored.cards] if len(stored.cards) else [])
    head = encoder.encode(
        _Disk(
            format=stored.format,
            updated=stored.updated,
            sources=stored.sources,
            merged=stored.merged,
            indexes=indexes,
            formations=formations,
            metiers=metiers,
            report=report,
            cards=cards,
            cores=cores,
        )
    )
    return head, tail


def write_store(data: Encoded, path: Path | None = None) -> None:
    """Replace the import file with ``data`` (see :func:`encode`) in one step: never half-written."""
    storage.write_store(path or store_path(), KIND, *data)


def remove_store(path: Path | None = None) -> bool:
    return storage.remove_store(path or store_path(), KIND)


class _Mapped(NamedTuple):
    """The import file as commands read it: its head decoded, its records still encoded in the tail."""

    records: _Records
    formations: Slices
    metiers: Slices
    tail: memoryview
    cores: Slices


def _read_records(path: Path) -> _Mapped | None:
    """The import file as commands read it (records still encoded), None when there is none."""
    data = storage.read_store_parts(path, KIND, mapped=True)
    if data is None:
        return None
    head, tail = data
    _format_of(head, path)
    records = storage.decode(head, KIND, path, _Records)
    # Checked and decoded: the head's pages go back to the system (its indexes, kept as views of
    # the file, are read again from it when a lookup needs one of their buckets).
    release_pages(head.obj, 0, storage.HEADER_SIZE + len(head))
    return _Mapped(
        records, _slices(tail, records.formations, path), _slices(tail, records.metiers, path), tail, _slices(tail, records.cores, path)
    )


def _decoded(raws: Sequence[Any], model: type[T], path: Path) -> list[T]:
    decoder = msgspec.msgpack.Decoder(model)
    try:
        with storage.quiet_gc():
            return [decoder.decode(raw) for raw in raws]
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise storage.damaged(path, KIND, "contenu illisible") from exc


def load_records(path: Path | None = None) -> tuple[list[Formation], list[Metier], tuple[Merged, ...] | None]:
    """The imported records, all decoded, and the cards among them that curated records describe
    (see :class:`Merged`)."""
    path = path or store_path()
    mapped = _read_records(path)
    if mapped is None:
        return [], [], ()
    return _decoded(mapped.formations, Formation, path), _decoded(mapped.metiers, Metier, path), mapped.records.merged


def with_links(formation: Formation, rename: dict[str, str]) -> Formation:
    """``formation`` with its links to shadowed records pointed at the curated ones."""
    if (
        rename.keys().isdisjoint(formation.metiers)
        and rename.keys().isdisjoint(formation.feeders)
        and rename.keys().isdisjoint(p.formation for p in formation.poursuites)
    ):
        return formation
    metiers = tuple(dict.fromkeys(rename.get(m, m) for m in formation.metiers))
    poursuites = tuple(
        msgspec.structs.replace(p, formation=rename[p.formation]) if p.formation in rename else p for p in formation.poursuites
    )
    poursuites = tuple({(p.formation, p.label): p for p in poursuites if p.formation != formation.id}.values())
    feeders = tuple(dict.fromkeys(f for f in (rename.get(f, f) for f in formation.feeders) if f != formation.id))
    if metiers == formation.metiers and poursuites == formation.poursuites and feeders == formation.feeders:
        return formation
    return msgspec.structs.replace(formation, metiers=metiers, poursuites=poursuites, feeders=feeders)


_PARCOURS = " parcours "


def pointed(
    embedded: Dataset, merged: Sequence[Merged], formations: list[Formation], metiers: list[Metier]
) -> tuple[list[Formation], list[Metier]]:
    """The imported records with their links to the cards curated records describe (``merged``)
    pointed at the curated records, as :func:`merge` points them: done once, at import."""
    rename, _curated = _curated_side(embedded, merged)
    if not rename:
        return formations, metiers
    return [with_links(f, rename) for f in formations], [_metier_links(m, rename) for m in metiers]


def _metier_links(metier: Metier, rename: dict[str, str]) -> Metier:
    if any(f in rename for f in metier.formations):
        return msgspec.structs.replace(metier, formations=tuple(dict.fromkeys(rename.get(f, f) for f in metier.formations)))
    return metier


def duplicates(embedded: Dataset, formations: list[Formation], metiers: list[Metier]) -> tuple[Merged, ...]:
    """The imported cards that curated records already describe, each with the curated record that
    stands for it and why (see :class:`Merged`); a card is matched once, by the first rule that holds."""
    curated = list(embedded.formations.values())
    by_onisep = {f.codes.onisep: f.id for f in curated if f.codes.onisep}
    # A scolarité or RNCP code that several imported cards share names a family (the options of a
    # diploma, its apprenticeship and partnership variants, one school in several towns): not one card.
    shared: dict[tuple[str, str], int] = {}
    for formation in formations:
        for kind in ("scolarite", "rncp"):
            code = getattr(formation.codes, kind)
            if code:
                shared[(kind, code)] = shared.get((kind, code), 0) + 1
    by_code = {(kind, getattr(f.codes, kind)): f.id for f in curated for kind in ("scolarite", "rncp") if getattr(f.codes, kind)}
    by_name: dict[tuple[str, str], set[str]] = {}
    for formation in curated:
        for name in (formation.name, *formation.aliases):
            by_name.setdefault((formation.type, normalize(name)), set()).add(formation.id)
    names = {key: next(iter(ids)) for key, ids in by_name.items() if len(ids) == 1}  # a name two records share names neither
    found: list[Merged] = []
    for formation in formations:
        own = formation.codes
        into, why = by_onisep.get(formation.id) or by_onisep.get(own.onisep, ""), "onisep"
        for kind in ("scolarite", "rncp"):
            code = getattr(own, kind)
            if not into and code and shared.get((kind, code)) == 1 and (kind, code) in by_code:
                into, why = by_code[(kind, code)], kind
        key = normalize(formation.name)
        if not into and (formation.type, key) in names and not _other_codes(formation, embedded.formations[names[(formation.type, key)]]):
            into, why = names[(formation.type, key)], "name"
        parcours = ""
        if not into and _PARCOURS in f" {key} ":
            head = f" {key} ".split(_PARCOURS)[0].strip()
            if (formation.type, head) in names:
                into, why = names[(formation.type, head)], "parcours"
                parcours = _parcours_name(formation.name)
        if into:
            found.append(Merged(formation.id, into, why, formation.name, parcours))
    by_source: dict[str, str] = {}
    for metier in embedded.metiers.values():
        for source in metier.sources:
            if source.onisep:
                by_source[source.onisep] = metier.id
    found += [Merged(m.id, by_source[m.id], "onisep", m.name) for m in metiers if m.id in by_source]
    return tuple(found)


def _other_codes(card: Formation, curated: Formation) -> bool:
    """Whether a code of ``curated`` says it is another formation than ``card`` (another ONISEP card,
    another scolarité or RNCP code): then a name they share is a coincidence."""
    if curated.codes.onisep and curated.codes.onisep != card.id:
        return True
    return any(
        getattr(curated.codes, kind) and getattr(card.codes, kind) and getattr(curated.codes, kind) != getattr(card.codes, kind)
        for kind in ("scolarite", "rncp")
    )


def _parcours_name(name: str) -> str:
    """« BUT métiers du multimédia et de l'internet parcours création numérique » → « création numérique »."""
    at = name.lower().find(_PARCOURS)
    return name[at + len(_PARCOURS) :].strip() if at >= 0 else name


def shadowed(embedded: Dataset, formations: list[Formation], metiers: list[Metier]) -> dict[str, str]:
    """Imported id → curated id, for the cards a curated record already covers."""
    return {m.card: m.into for m in duplicates(embedded, formations, metiers)}


def _curated_side(embedded: Dataset, merged: Sequence[Merged]) -> tuple[dict[str, str], dict[str, Formation]]:
    """Imported id → curated id for the cards curated records stand for, and the curated formations
    with the parcours folded into them."""
    known = embedded.formations.keys() | embedded.metiers.keys()
    rename = {m.card: m.into for m in merged if m.into in known}
    formations = dict(embedded.formations)
    parcours: dict[str, list[Parcours]] = {}
    for m in merged:
        if m.why == "parcours" and m.into in embedded.formations:
            parcours.setdefault(m.into, []).append(Parcours(name=m.parcours, onisep=m.card))
    for formation_id, found in parcours.items():
        curated = formations[formation_id]
        named = {p.onisep for p in curated.parcours if p.onisep}
        extra = tuple(p for p in found if p.onisep not in named)
        if extra:
            formations[formation_id] = msgspec.structs.replace(curated, parcours=curated.parcours + extra)
    return rename, formations


def merge(
    embedded: Dataset,
    formations: list[Formation],
    metiers: list[Metier],
    identity: str = "",
    merged: tuple[Merged, ...] | None = None,
) -> Dataset:
    """The embedded dataset plus the imported records it does not already cover (curated wins).

    ``merged`` names the imported cards curated records describe, as the import found them
    (:func:`duplicates`; found now when None); the parcours among them are kept on the curated
    record. ``identity`` names the import the records come from (see :attr:`Dataset.identity`)."""
    if not formations and not metiers:
        return embedded
    if merged is None:
        merged = duplicates(embedded, formations, metiers)
    rename, merged_formations = _curated_side(embedded, merged)
    for formation in formations:
        if formation.id not in rename:
            merged_formations[formation.id] = with_links(formation, rename)
    merged_metiers = dict(embedded.metiers)
    for metier in metiers:
        if metier.id in rename:
            curated_metier = merged_metiers[rename[metier.id]]
            merged_metiers[curated_metier.id] = completed(curated_metier, metier)
            continue
        merged_metiers[metier.id] = _metier_links(metier, rename)
    return Dataset(embedded.referential, merged_formations, merged_metiers, embedded.files, embedded.root, embedded.sectors, identity)


def completed(curated: Metier, card: Metier) -> Metier:
    """A curated métier with what only its ONISEP card gives (starting salary, minimum level):
    the curated record wins on every field it fills, the card's source is named with it."""
    salary = curated.salary if curated.salary is not None else card.salary
    min_level = curated.min_level or card.min_level
    access_text = curated.access_text or card.access_text
    if salary is curated.salary and min_level == curated.min_level and access_text == curated.access_text:
        return curated
    named = {s.onisep for s in curated.sources if s.onisep}
    sources = curated.sources + tuple(s for s in card.sources if not s.onisep or s.onisep not in named)
    return msgspec.structs.replace(curated, salary=salary, min_level=min_level, sources=sources, access_text=access_text)


def load_merged(root: Path | None = None) -> Dataset:
    """The dataset commands work on: embedded (or ``root``) plus the user's import, whose records
    are decoded as they are read when the import's indexes fit the embedded dataset (else all at
    once, as :func:`merge` does)."""
    from ..dataset import load

    embedded = load(root)
    path = store_path()
    mapped = _read_records(path)
    if mapped is None:
        return embedded
    records = mapped.records
    identity = merged_identity(embedded, path)
    indexes = records.indexes
    if indexes is None or records.merged is None or not embedded.identity or indexes.embedded != embedded.identity:
        formations, metiers = _decoded(mapped.formations, Formation, path), _decoded(mapped.metiers, Metier, path)
        dataset = merge(embedded, formations, metiers, identity, records.merged)
        dataset.import_outdated = indexes is not None and bool(embedded.identity) and indexes.embedded != embedded.identity
        return dataset
    return _lazy_merge(embedded, mapped, indexes, identity, path)


def _lazy_merge(embedded: Dataset, mapped: _Mapped, indexes: _DiskIndexes, identity: str, path: Path) -> Dataset:
    """What :func:`merge` gives, with the imported records decoded only when read, and the indexes
    of the import read only when looked into."""
    from ..lazy import Later, LazyIndex, LazyList, LazyMap, LazyRecords, LazySet, places

    parts = _parts(mapped.tail, indexes, path)

    def damaged() -> Exception:
        return storage.damaged(path, KIND, "contenu illisible")

    def index(name: str, type: Any = dict[str, list[str]]) -> LazyIndex:
        return LazyIndex(parts.buckets(name), bucket_of, type=type, damaged=damaged)

    def ids(name: str, records: Sized) -> list[str]:
        found = parts.one(name, list[str])
        if len(found) != len(records):
            raise storage.damaged(path, KIND, "index des fiches incohérent")
        return found

    merged = mapped.records.merged or ()
    rename, formations = _curated_side(embedded, merged)
    metiers = dict(embedded.metiers)
    metier_places = index("metier_places", dict[str, int])
    for card, into in rename.items():
        if into in embedded.metiers and card in metier_places:
            metiers[into] = completed(metiers[into], _decoded([mapped.metiers[metier_places[card]]], Metier, path)[0])
    # Those few records read, the memory of the file they lie in goes back to the system (the system
    # maps a file by large pages: a few records spread over it would keep megabytes of it).
    mapped.metiers.release(len(mapped.metiers))

    accesses: dict[Access, Access] = {}

    linked = indexes.linked  # links pointed at the curated records by the import: nothing to redirect

    def shared_access(formation: F) -> F:
        """What many records hold the same is held once: their access rules (a type's national
        rule, one text on many cards; ``check`` finds its verdict once for them all)."""
        access = formation.access if formation.access is None else accesses.setdefault(formation.access, formation.access)
        return msgspec.structs.replace(formation, access=access)

    def formation_links(formation: Formation) -> Formation:
        return shared_access(formation if linked else with_links(formation, rename))

    def metier_links(metier: Metier) -> Metier:
        return metier if linked else _metier_links(metier, rename)

    hidden = frozenset(rename)
    # Links pointed by the import: a record read as its core for ``check`` needs no other change; it
    # is read from the cores the import wrote, whose access rules are numbered (none to share).
    light: tuple[type, Callable[[Any], Any] | None, Sequence[Any] | None] | None = None
    if linked and len(mapped.cores) == len(mapped.formations) and "access_rules" in parts and "attendus_sets" in parts:
        tables = Later(lambda: (parts.one("access_rules", list[Access | None]), parts.one("attendus_sets", list[tuple[Attendu, ...]])))

        def whole_core(core: CheckRecord) -> CheckRecord:
            rules, attendus = tables.value()
            try:
                return unpacked(core, rules, attendus)
            except IndexError:  # a number past the tables
                raise damaged() from None

        light = (CheckRecord, whole_core, mapped.cores)
    elif linked:
        light = (FormationCore, shared_access, None)
    dataset = Dataset(
        embedded.referential,
        LazyRecords(
            formations,
            LazyList(lambda: ids("formation_ids", mapped.formations)),
            mapped.formations,
            Formation,
            where=index("formation_places", dict[str, int]),
            hidden=hidden,
            adjust=formation_links,
            damaged=damaged,
            light=light,
        ),
        LazyRecords(
            metiers,
            LazyList(lambda: ids("metier_ids", mapped.metiers)),
            mapped.metiers,
            Metier,
            where=metier_places,
            hidden=hidden,
            adjust=metier_links,
            damaged=damaged,
        ),
        embedded.files,
        embedded.root,
        embedded.sectors,
        identity,
    )

    dataset.check_rows = light is not None and light[0] is CheckRecord
    # Indexes found by the import over these very records: set rather than computed from them all.
    dataset.__dict__["leads_to"] = index("leads_to")
    dataset.__dict__["formations_by_metier"] = index("by_metier")
    dataset.code_index = {"formations": index("formation_codes"), "metiers": index("metier_codes")}
    dataset.name_index = {"formations": index("formation_names"), "metiers": index("metier_names")}
    dataset.__dict__["level_only"] = LazyMap(lambda: parts.one("level_only", dict[str, int]))
    if "before_bac" in parts:
        dataset.__dict__["before_bac"] = LazySet(lambda: frozenset(parts.one("before_bac", list[str])))
    if "metier_interests" in parts:
        dataset.__dict__["metier_interests"] = index("metier_interests")
    if "formation_titles" in parts:
        dataset.formation_titles = index("formation_titles", dict[str, str])
    if "leading" in parts:
        dataset.leading_index = index("leading", dict[str, Leading])
    if "leading_reasons" in parts:
        dataset.leading_reasons = index("leading_reasons", dict[str, str])
    dataset.__dict__["name_order"] = places(lambda: parts.one("name_order", list[str]))
    return dataset


def merged_identity(embedded: Dataset, path: Path) -> str:
    """What names the merged dataset: the embedded one's identity and the import file's (replaced
    whole by each import, so its size, date and inode change with it); empty if either is unknown."""
    if not embedded.identity:
        return ""
    try:
        stat = path.stat()
    except OSError:
        return ""
    place, _, version = embedded.identity.partition("#")
    return f"{place}+{path}#{version}+{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"
