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
from ..models import Formation, Metier
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
    cards: msgspec.Raw = msgspec.Raw(b"")  # StoredCards, decoded only by the next import


class _Records(msgspec.Struct, frozen=True):
    """What commands read: the records, not the cards."""

    format: int
    formations: list[Formation] = []
    metiers: list[Metier] = []


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


def load_records(path: Path | None = None) -> tuple[list[Formation], list[Metier]]:
    path = path or store_path()
    data = storage.read_store(path, KIND)
    if data is None:
        return [], []
    records = storage.decode(data, KIND, path, _Records)
    if records.format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")
    return records.formations, records.metiers


def with_links(formation: Formation, rename: dict[str, str]) -> Formation:
    """``formation`` with its links to shadowed records pointed at the curated ones."""
    if (
        rename.keys().isdisjoint(formation.metiers)
        and rename.keys().isdisjoint(formation.feeders)
        and rename.keys().isdisjoint(p.formation for p in formation.poursuites)
    ):
        return formation
    metiers = tuple(rename.get(m, m) for m in formation.metiers)
    poursuites = tuple(
        msgspec.structs.replace(p, formation=rename[p.formation]) if p.formation in rename else p for p in formation.poursuites
    )
    feeders = tuple(dict.fromkeys(rename.get(f, f) for f in formation.feeders))
    if metiers == formation.metiers and poursuites == formation.poursuites and feeders == formation.feeders:
        return formation
    return msgspec.structs.replace(formation, metiers=metiers, poursuites=poursuites, feeders=feeders)


def shadowed(embedded: Dataset, formations: list[Formation], metiers: list[Metier]) -> dict[str, str]:
    """Imported id → curated id, for the cards a curated record already covers."""
    by_code: dict[str, str] = {}
    for formation in embedded.formations.values():
        for code in (formation.codes.onisep, formation.codes.scolarite):
            if code:
                by_code[code] = formation.id
    for metier in embedded.metiers.values():
        for source in metier.sources:
            if source.onisep:
                by_code[source.onisep] = metier.id
    rename: dict[str, str] = {}
    for formation in formations:
        curated = by_code.get(formation.codes.onisep) or by_code.get(formation.codes.scolarite)
        if curated:
            rename[formation.id] = curated
    for metier in metiers:
        if metier.id in by_code:
            rename[metier.id] = by_code[metier.id]
    return rename


def merge(embedded: Dataset, formations: list[Formation], metiers: list[Metier], identity: str = "") -> Dataset:
    """The embedded dataset plus the imported records it does not already cover (curated wins).

    ``identity`` names the import the records come from (see :attr:`Dataset.identity`)."""
    if not formations and not metiers:
        return embedded
    rename = shadowed(embedded, formations, metiers)
    merged_formations = dict(embedded.formations)
    for formation in formations:
        if formation.id not in rename:
            merged_formations[formation.id] = with_links(formation, rename)
    merged_metiers = dict(embedded.metiers)
    for metier in metiers:
        if metier.id in rename:
            curated = merged_metiers[rename[metier.id]]
            merged_metiers[curated.id] = completed(curated, metier)
            continue
        if any(f in rename for f in metier.formations):
            metier = msgspec.structs.replace(metier, formations=tuple(dict.fromkeys(rename.get(f, f) for f in metier.formations)))
        merged_metiers[metier.id] = metier
    return Dataset(
        embedded.referential, merged_formations, merged_metiers, embedded.files, embedded.root, embedded.sectors, identity
    )


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
    formations, metiers = load_records(path)
    return merge(embedded, formations, metiers, merged_identity(embedded, path))


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
