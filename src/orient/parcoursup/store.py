"""The Parcoursup import file: one msgpack file in the user's data directory, replaced whole.

It holds every offer and spécialités outcome imported so far, the files they came
from, the links of each offer to the dataset's formation records (with the dataset
they were made against: links made against other records are made again), and the
last import's report. Its head is small and checked when the file is opened; the other parts
lie in its tail, each checked and decoded when a command reads it (:mod:`orient.blocks`):
``show`` reads one bucket of the figures and of the offers, not the 20 MB of the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from .. import storage
from ..blocks import Block, Parts, bucket_of, laid_out, write_block
from ..dataset import data_dir
from ..errors import StoreError  # noqa: F401  (raised by the functions below; imported from here by callers)
from ..lazy import LazyIndex
from .models import Offer, SpecialiteOutcome, Summary

# 5: régions and départements under their official names (data/parcoursup.toml). An import of
# format 4 is laid out the same: still read, its places put under those names as they are read.
STORE_FORMAT = 5
SAME_LAYOUT = (4, STORE_FORMAT)
STORE_FILE = "parcoursup-import.msgpack"


class ImportedFile(msgspec.Struct, frozen=True):
    name: str
    kind: str
    rows: int
    date: dt.date


class TypeLinks(msgspec.Struct, frozen=True):
    filiere: str  # the label's start, as parcoursup.toml names it; « (inconnue) » when none does
    rows: int
    linked: int
    counted: bool  # its types have formation records in the dataset: counts toward the coverage
    label: str = ""  # the filière as the labels write it (« D.E », « Formation d'ingénieur »), accents put back


class Report(msgspec.Struct, frozen=True, kw_only=True):
    offers: int = 0
    outcomes: int = 0
    linked: int = 0  # offers linked to at least one record
    counted: int = 0  # offers of a filière whose types have records
    counted_linked: int = 0
    by_filiere: tuple[TypeLinks, ...] = ()
    unlinked: tuple[tuple[str, int], ...] = ()  # most frequent unlinked labels, with their counts


class Stored(msgspec.Struct, frozen=True, kw_only=True):
    format: int = STORE_FORMAT
    updated: dt.date
    files: tuple[ImportedFile, ...] = ()
    offers: list[Offer] = []
    outcomes: list[SpecialiteOutcome] = []
    links: dict[str, tuple[str, ...]] = {}  # offer key → formation ids
    linked_with: str = ""  # identity of the dataset the links were made against
    report: Report = Report()
    # Made once per import (and per relink) for the commands: each linked formation's figures,
    # the latest outcome of each pair of spécialités in each group of the spécialités file
    # (« BUT Production|Maths|SI »: one row of the file), and each formation's own group.
    summaries: dict[str, Summary] = {}
    group_pairs: dict[str, tuple[int, int, int]] = {}  # year, candidates, proposals
    groups: dict[str, str] = {}  # formation id → group
    # Each linked formation's offers, encoded apart: a formation's card decodes only its own.
    by_formation: dict[str, bytes] = {}


KIND = "parcoursup"


def store_path() -> Path:
    return data_dir() / STORE_FILE


def read_store(path: Path | None = None) -> Stored | None:
    """The whole import file, decoded; None when there is none. Raises :class:`StoreError`."""
    path = path or store_path()
    loaded = load_store(path)
    if loaded is None:
        return None
    return Stored(
        format=loaded.format,
        updated=loaded.updated,
        files=loaded.files,
        offers=decode_offers(loaded),
        outcomes=decode_outcomes(loaded),
        links=decode_links(loaded),
        linked_with=loaded.linked_with,
        report=loaded.report,
        summaries=dict(loaded.summaries),
        group_pairs=loaded.group_pairs or {},
        groups=loaded.groups or {},
        by_formation=loaded.encoded_offers(),
    )


class _Disk(msgspec.Struct, frozen=True, kw_only=True):
    """The head of the import file, checked whole when it is opened: the small parts, and where the
    others lie in its tail (:mod:`orient.blocks`), each checked when a command reads it: the
    figures of each formation and the offers of each, cut into buckets by formation, the figures of
    the pairs of spécialités, the links, the offers and the outcomes."""

    format: int = STORE_FORMAT
    updated: dt.date
    files: tuple[ImportedFile, ...] = ()
    report: Report = Report()
    linked_with: str = ""
    parts: Block = Block()
    layout: dict[str, tuple[int, int]] = {}


_BY_FORMATION = ("summaries", "by_formation")  # the parts cut into buckets by formation id


class _Format(msgspec.Struct):
    format: int = 0


class _Format3(msgspec.Struct, frozen=True, kw_only=True):
    """An import file of format 3 (the one before this), whole in its head: still read, so that an
    update of orient does not make the import unreadable; the next import writes it anew."""

    updated: dt.date
    files: tuple[ImportedFile, ...] = ()
    report: Report = Report()
    linked_with: str = ""
    summaries: dict[str, Summary] = {}
    pairs: dict[str, tuple[int, int, int]] = {}
    by_formation: dict[str, bytes] = {}
    links: bytes = b""
    offers: bytes = b""
    outcomes: bytes = b""


class Loaded:
    """The import file as commands read it: its head decoded, each other part checked and decoded
    when a command first asks for it (:meth:`summary` reads one bucket of the figures)."""

    def __init__(self, disk: _Disk | _Format3, path: Path, parts: Parts | None = None) -> None:
        self.format = 3 if isinstance(disk, _Format3) else disk.format
        self.updated = disk.updated
        self.files = disk.files
        self.report = disk.report
        self.linked_with = disk.linked_with
        self.path = str(path)
        self._parts = parts
        self._older = disk if isinstance(disk, _Format3) else None

    def _damaged(self) -> Exception:
        return storage.damaged(Path(self.path), KIND, "contenu illisible")

    def _part(self, name: str, type: Any) -> Any:
        if self._parts is not None:
            return self._parts.one(name, type) if name in self._parts else None
        data = getattr(self._older, name)
        return _decode(data, self, type) if data else None

    @cached_property
    def summaries(self) -> Mapping[str, Summary]:
        """Each linked formation's figures, made at import."""
        if self._parts is None:
            return self._older.summaries if self._older is not None else {}
        return LazyIndex(self._parts.buckets("summaries"), bucket_of, type=dict[str, Summary], damaged=self._damaged)

    @cached_property
    def group_pairs(self) -> dict[str, tuple[int, int, int]] | None:
        """The latest outcome of each pair of spécialités in each group (« BUT Production|Maths|SI »):
        year, candidates, proposals; None in a file written before groups were kept apart."""
        if self._parts is None or "group_pairs" not in self._parts:
            return None
        return self._part("group_pairs", dict[str, tuple[int, int, int]])

    @cached_property
    def groups(self) -> dict[str, str] | None:
        """Each formation's own group of the spécialités file; None in a file written before."""
        if self._parts is None or "groups" not in self._parts:
            return None
        return self._part("groups", dict[str, str])

    @cached_property
    def _offers_by_formation(self) -> Mapping[str, Any]:
        if self._parts is None:
            return self._older.by_formation if self._older is not None else {}
        return LazyIndex(self._parts.buckets("by_formation"), bucket_of, type=dict[str, msgspec.Raw], damaged=self._damaged)

    @cached_property
    def _listed(self) -> frozenset[str] | None:
        """Ids of the formations some offer is linked to, kept apart by the import (None in a file written before)."""
        if self._parts is None or "listed" not in self._parts:
            return None
        return frozenset(self._part("listed", list[str]))

    def has_offers(self, formation_id: str) -> bool:
        """Is some offer linked to this formation?"""
        if self._listed is not None:
            return formation_id in self._listed
        return formation_id in self._offers_by_formation  # one bucket read, its offers left encoded

    def offers_of(self, formation_id: str) -> list[Offer]:
        """The offers linked to one formation: only that formation's bucket is decoded."""
        found = self._offers_by_formation.get(formation_id)
        return _decode(found, self, list[Offer]) if found is not None else []

    def encoded_offers(self) -> dict[str, bytes]:
        """Each linked formation's offers, still encoded."""
        return {k: bytes(v) for k, v in self._offers_by_formation.items()}


def load_store(path: Path | None = None) -> Loaded | None:
    """The import file as commands read it (see :class:`Loaded`): mapped, not read, so that the parts
    a command does not need are never even loaded from disk. Its head is checked when it is opened,
    each other part when it is read: a damaged part is said by every command reading it."""
    path = path or store_path()
    data = storage.read_store_parts(path, KIND, mapped=True)
    if data is None:
        return None
    head, tail = data
    version = storage.decode(head, KIND, path, _Format).format
    if version == 3 and not len(tail):
        return Loaded(storage.decode(head, KIND, path, _Format3), path)
    if version not in SAME_LAYOUT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")
    disk = storage.decode(head, KIND, path, _Disk)
    return Loaded(disk, path, Parts(tail, disk.parts, disk.layout, path, KIND))


def _decode(data: Any, loaded: Loaded, type: Any) -> Any:
    return storage.decode(data, KIND, Path(loaded.path) if loaded.path else store_path(), type)


def decode_offers(loaded: Loaded) -> list[Offer]:
    return loaded._part("offers", list[Offer]) or []


def decode_links(loaded: Loaded) -> dict[str, tuple[str, ...]]:
    return loaded._part("links", dict[str, tuple[str, ...]]) or {}


def group_offers(offers: list[Offer], links: dict[str, tuple[str, ...]]) -> dict[str, bytes]:
    """Each linked formation's offers, encoded apart."""
    grouped: dict[str, list[Offer]] = {}
    for offer in offers:
        for formation_id in links.get(offer.key, ()):
            grouped.setdefault(formation_id, []).append(offer)
    return {formation_id: msgspec.msgpack.encode(found) for formation_id, found in grouped.items()}


def decode_outcomes(loaded: Loaded) -> list[SpecialiteOutcome]:
    return loaded._part("outcomes", list[SpecialiteOutcome]) or []


def write_store(stored: Stored, path: Path | None = None) -> None:
    """Replace the import file in one step: never half-written, even when interrupted."""
    path = path or store_path()
    layout, records = laid_out(
        {
            "summaries": stored.summaries,
            "by_formation": {k: msgspec.Raw(v) for k, v in stored.by_formation.items()},
            "group_pairs": stored.group_pairs,
            "groups": stored.groups,
            "listed": sorted(stored.by_formation),  # which formations have offers, without their buckets
            "links": stored.links,
            "offers": stored.offers,
            "outcomes": stored.outcomes,
        },
        _BY_FORMATION,
    )
    encoder = msgspec.msgpack.Encoder()
    tail = bytearray()
    parts = write_block(tail, records, encoder)
    head = _Disk(
        updated=stored.updated,
        files=stored.files,
        report=stored.report,
        linked_with=stored.linked_with,
        parts=parts,
        layout=layout,
    )
    storage.write_store(path, KIND, encoder.encode(head), tail)


def remove_store(path: Path | None = None) -> bool:
    return storage.remove_store(path or store_path(), KIND)
