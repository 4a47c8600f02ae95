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
damaged file is said to be one by every command, never half-read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

import msgspec

from .. import storage
from ..dataset import IMPORT_FILE, Dataset, data_dir
from ..errors import StoreError  # noqa: F401  (raised by the functions below; imported from here by callers)
from ..models import Formation, Metier, Parcours
from ..text import normalize
from .cards import FormationCard, MetierCard

STORE_FORMAT = 6
T = TypeVar("T")


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


class _Disk(msgspec.Struct, frozen=True, kw_only=True):
    """:class:`Stored` as written: the records of each kind one after the other in one block of
    bytes, with where each starts (``*_offsets``, one more than records: the end), and the report
    and the cards as blocks of bytes too. A reader skips a block in one step, and slices a record
    out of its block without copying it."""

    format: int = STORE_FORMAT
    updated: dt.date
    sources: tuple[ImportSource, ...] = ()
    merged: tuple[Merged, ...] | None = None
    indexes: Indexes | None = None
    formation_offsets: list[int] = []
    metier_offsets: list[int] = []
    formations: bytes = b""
    metiers: bytes = b""
    report: bytes = b""
    cards: bytes = b""


class _RawIndexes(msgspec.Struct, frozen=True):
    """:class:`Indexes` as commands read it: each index left encoded until it is looked into."""

    embedded: str
    formation_ids: list[str]
    metier_ids: list[str]
    leads_to: msgspec.Raw
    by_metier: msgspec.Raw
    formation_codes: msgspec.Raw = msgspec.Raw(b"\x80")  # an empty map
    metier_codes: msgspec.Raw = msgspec.Raw(b"\x80")


class _Records(msgspec.Struct, frozen=True):
    """What commands read of :class:`_Disk`: the records, left encoded in their blocks (views of
    the mapped file) until one is read, and the indexes; the report and the cards are skipped."""

    format: int
    merged: tuple[Merged, ...] | None = None
    indexes: _RawIndexes | None = None
    formation_offsets: list[int] = []
    metier_offsets: list[int] = []
    formations: memoryview = memoryview(b"")
    metiers: memoryview = memoryview(b"")


class Slices(Sequence[memoryview]):
    """The records of a block, each a view of its bytes (``offsets``: where each starts, then the end)."""

    def __init__(self, block: memoryview, offsets: list[int]) -> None:
        self._block = block
        self._offsets = offsets

    def __len__(self) -> int:
        return max(len(self._offsets) - 1, 0)

    @overload
    def __getitem__(self, n: int) -> memoryview: ...
    @overload
    def __getitem__(self, n: slice) -> Sequence[memoryview]: ...
    def __getitem__(self, n: int | slice) -> memoryview | Sequence[memoryview]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if not 0 <= n < len(self):
            raise IndexError(n)
        return self._block[self._offsets[n] : self._offsets[n + 1]]


def _block(records: list[Formation] | list[Metier]) -> tuple[bytes, list[int]]:
    encoder = msgspec.msgpack.Encoder()
    parts = [encoder.encode(r) for r in records]
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return b"".join(parts), offsets


def _check_block(block: memoryview, offsets: list[int], path: Path) -> None:
    """The offsets span the block (a record sliced between offsets out of order is empty, and
    refused as damaged when decoded)."""
    if offsets and (offsets[0] != 0 or offsets[-1] != len(block)):
        raise storage.damaged(path, KIND, "index des fiches incohérent")


def store_path() -> Path:
    return data_dir() / IMPORT_FILE


KIND = "onisep"


def read_store(path: Path | None = None) -> Stored | None:
    """The whole import file, None when there is none; raises :class:`StoreError` when it cannot be
    read or is damaged (``damaged`` set)."""
    path = path or store_path()
    data = storage.read_store(path, KIND)
    if data is None:
        return None
    return from_bytes(data, path)


def from_bytes(data: Any, path: Path) -> Stored:
    """An import file's payload, decoded whole (imports, ``data status``: what reads everything)."""
    _format_of(data, path)
    disk = storage.decode(data, KIND, path, _Disk)
    _check_block(memoryview(disk.formations), disk.formation_offsets, path)
    _check_block(memoryview(disk.metiers), disk.metier_offsets, path)
    return Stored(
        format=disk.format,
        updated=disk.updated,
        sources=disk.sources,
        report=storage.decode(disk.report, KIND, path, Report) if disk.report else Report(),
        formations=_decoded(Slices(memoryview(disk.formations), disk.formation_offsets), Formation, path),
        metiers=_decoded(Slices(memoryview(disk.metiers), disk.metier_offsets), Metier, path),
        merged=disk.merged,
        cards=msgspec.Raw(disk.cards),
        indexes=disk.indexes,
    )


class _Format(msgspec.Struct):
    format: int = 0


def _format_of(data: Any, path: Path) -> None:
    """Refuse a file of another version before reading it as this one."""
    if storage.decode(data, KIND, path, _Format).format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")


def read_cards(stored: Stored, path: Path | None = None) -> StoredCards:
    """The cards kept in ``stored`` (read from ``path``)."""
    if not bytes(stored.cards):
        return StoredCards([], [], {})
    return storage.decode(stored.cards, KIND, path or store_path(), StoredCards)


def encode(stored: Stored) -> bytes:
    """``stored`` as written on disk (see :class:`_Disk`)."""
    formations, formation_offsets = _block(stored.formations)
    metiers, metier_offsets = _block(stored.metiers)
    return msgspec.msgpack.encode(
        _Disk(
            format=stored.format,
            updated=stored.updated,
            sources=stored.sources,
            merged=stored.merged,
            indexes=stored.indexes,
            formation_offsets=formation_offsets,
            metier_offsets=metier_offsets,
            formations=formations,
            metiers=metiers,
            report=msgspec.msgpack.encode(stored.report),
            cards=bytes(stored.cards),
        )
    )


def write_store(data: bytes, path: Path | None = None) -> None:
    """Replace the import file with ``data`` in one step: never half-written."""
    storage.write_store(path or store_path(), KIND, data)


def remove_store(path: Path | None = None) -> bool:
    return storage.remove_store(path or store_path(), KIND)


def _read_records(path: Path) -> _Records | None:
    """The import file as commands read it (records still encoded), None when there is none."""
    data = storage.read_store(path, KIND, mapped=True)
    if data is None:
        return None
    _format_of(data, path)
    records = storage.decode(data, KIND, path, _Records)
    _check_block(records.formations, records.formation_offsets, path)
    _check_block(records.metiers, records.metier_offsets, path)
    return records


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
    records = _read_records(path)
    if records is None:
        return [], [], ()
    return _decoded(_formation_slices(records), Formation, path), _decoded(_metier_slices(records), Metier, path), records.merged


def _formation_slices(records: _Records) -> Slices:
    return Slices(records.formations, records.formation_offsets)


def _metier_slices(records: _Records) -> Slices:
    return Slices(records.metiers, records.metier_offsets)


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
        if any(f in rename for f in metier.formations):
            metier = msgspec.structs.replace(metier, formations=tuple(dict.fromkeys(rename.get(f, f) for f in metier.formations)))
        merged_metiers[metier.id] = metier
    return Dataset(embedded.referential, merged_formations, merged_metiers, embedded.files, embedded.root, embedded.sectors, identity)


def completed(curated: Metier, card: Metier) -> Metier:
    """A curated métier with what only its ONISEP card gives (starting salary, minimum level):
    the curated record wins on every field it fills, the card's source is named with it."""
    salary = curated.salary if curated.salary is not None else card.salary
    min_level = curated.min_level or card.min_level
    if salary is curated.salary and min_level == curated.min_level:
        return curated
    named = {s.onisep for s in curated.sources if s.onisep}
    sources = curated.sources + tuple(s for s in card.sources if not s.onisep or s.onisep not in named)
    return msgspec.structs.replace(curated, salary=salary, min_level=min_level, sources=sources)


def load_merged(root: Path | None = None) -> Dataset:
    """The dataset commands work on: embedded (or ``root``) plus the user's import, whose records
    are decoded as they are read when the import's indexes fit the embedded dataset (else all at
    once, as :func:`merge` does)."""
    from ..dataset import load

    embedded = load(root)
    path = store_path()
    records = _read_records(path)
    if records is None:
        return embedded
    identity = merged_identity(embedded, path)
    indexes = records.indexes
    if indexes is None or records.merged is None or not embedded.identity or indexes.embedded != embedded.identity:
        formations, metiers = _decoded(_formation_slices(records), Formation, path), _decoded(_metier_slices(records), Metier, path)
        return merge(embedded, formations, metiers, identity, records.merged)
    if len(indexes.formation_ids) != len(_formation_slices(records)) or len(indexes.metier_ids) != len(_metier_slices(records)):
        raise storage.damaged(path, KIND, "index des fiches incohérent")
    return _lazy_merge(embedded, records, indexes, identity, path)


def _lazy_merge(embedded: Dataset, records: _Records, indexes: _RawIndexes, identity: str, path: Path) -> Dataset:
    """What :func:`merge` gives, with the imported records decoded only when read."""
    from ..lazy import LazyIndex, LazyRecords

    merged = records.merged or ()
    rename, formations = _curated_side(embedded, merged)
    metiers = dict(embedded.metiers)
    position = {metier_id: n for n, metier_id in enumerate(indexes.metier_ids)}
    for card, into in rename.items():
        if into in embedded.metiers and card in position:
            metiers[into] = completed(metiers[into], _decoded([_metier_slices(records)[position[card]]], Metier, path)[0])

    def formation_links(formation: Formation) -> Formation:
        return with_links(formation, rename)

    def metier_links(metier: Metier) -> Metier:
        if any(f in rename for f in metier.formations):
            return msgspec.structs.replace(metier, formations=tuple(dict.fromkeys(rename.get(f, f) for f in metier.formations)))
        return metier

    hidden = frozenset(rename)

    def damaged() -> Exception:
        return storage.damaged(path, KIND, "contenu illisible")

    dataset = Dataset(
        embedded.referential,
        LazyRecords(
            formations, indexes.formation_ids, _formation_slices(records), Formation, hidden=hidden, adjust=formation_links, damaged=damaged
        ),
        LazyRecords(metiers, indexes.metier_ids, _metier_slices(records), Metier, hidden=hidden, adjust=metier_links, damaged=damaged),
        embedded.files,
        embedded.root,
        embedded.sectors,
        identity,
    )
    # Indexes found by the import over these very records: set rather than computed from them all.
    dataset.__dict__["leads_to"] = LazyIndex(indexes.leads_to)
    dataset.__dict__["formations_by_metier"] = LazyIndex(indexes.by_metier)
    dataset.code_index = {"formations": LazyIndex(indexes.formation_codes), "metiers": LazyIndex(indexes.metier_codes)}
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
