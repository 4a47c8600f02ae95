"""The imported cards on disk, and their merge with the embedded dataset.

One msgpack file in the user's data directory holds the whole import: the
records every command reads, the coverage report, and the cards themselves
(kept raw, so that a later import can rebuild the links across all of them).
Every command reads all imported records at once, so one file decoded in one
call is the fastest store; it is written to a temporary file, flushed and
renamed over the old one, so a failed or interrupted import leaves the
previous import whole. It is framed and checked (:mod:`orient.storage`): a
damaged file is said to be one by every command, never half-read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from .. import storage
from ..dataset import IMPORT_FILE, Dataset, data_dir
from ..errors import StoreError  # noqa: F401  (raised by the functions below; imported from here by callers)
from ..models import Formation, Metier, Parcours
from ..text import normalize
from .cards import FormationCard, MetierCard

STORE_FORMAT = 5


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


class _Records(msgspec.Struct, frozen=True):
    """What commands read: the records, not the cards."""

    format: int
    formations: list[Formation] = []
    metiers: list[Metier] = []
    merged: tuple[Merged, ...] | None = None


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
    stored = storage.decode(data, KIND, path, Stored)
    if stored.format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")
    return stored


def read_cards(stored: Stored, path: Path | None = None) -> StoredCards:
    """The cards kept in ``stored`` (read from ``path``)."""
    if not bytes(stored.cards):
        return StoredCards([], [], {})
    return storage.decode(stored.cards, KIND, path or store_path(), StoredCards)


def encode(stored: Stored) -> bytes:
    return msgspec.msgpack.encode(stored)


def write_store(data: bytes, path: Path | None = None) -> None:
    """Replace the import file with ``data`` in one step: never half-written."""
    storage.write_store(path or store_path(), KIND, data)


def remove_store(path: Path | None = None) -> bool:
    return storage.remove_store(path or store_path(), KIND)


def load_records(path: Path | None = None) -> tuple[list[Formation], list[Metier], tuple[Merged, ...] | None]:
    """The imported records, and the cards among them that curated records describe (see :class:`Merged`)."""
    path = path or store_path()
    data = storage.read_store(path, KIND)
    if data is None:
        return [], [], ()
    records = storage.decode(data, KIND, path, _Records)
    if records.format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")
    return records.formations, records.metiers, records.merged


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
    known = embedded.formations.keys() | embedded.metiers.keys()
    rename = {m.card: m.into for m in merged if m.into in known}
    merged_formations = dict(embedded.formations)
    parcours: dict[str, list[Parcours]] = {}
    for m in merged:
        if m.why == "parcours" and m.into in embedded.formations:
            parcours.setdefault(m.into, []).append(Parcours(name=m.parcours, onisep=m.card))
    for formation_id, found in parcours.items():
        curated = merged_formations[formation_id]
        named = {p.onisep for p in curated.parcours if p.onisep}
        extra = tuple(p for p in found if p.onisep not in named)
        if extra:
            merged_formations[formation_id] = msgspec.structs.replace(curated, parcours=curated.parcours + extra)
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
    """The dataset commands work on: embedded (or ``root``) plus the user's import."""
    from ..dataset import load

    embedded = load(root)
    path = store_path()
    formations, metiers, merged = load_records(path)
    return merge(embedded, formations, metiers, merged_identity(embedded, path), merged)


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
