"""The Parcoursup import file: one msgpack file in the user's data directory, replaced whole.

It holds every offer and spécialités outcome imported so far, the files they came
from, the links of each offer to the dataset's formation records (with the dataset
they were made against: links made against other records are made again), and the
last import's report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from .. import storage
from ..dataset import data_dir
from ..errors import StoreError  # noqa: F401  (raised by the functions below; imported from here by callers)
from .models import Offer, SpecialiteOutcome, Summary

STORE_FORMAT = 3
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
    # and the latest outcome of each pair of spécialités in each type (« BUT|Maths|SI »).
    summaries: dict[str, Summary] = {}
    pairs: dict[str, tuple[int, int, int]] = {}  # year, candidates, proposals
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
        updated=loaded.updated,
        files=loaded.files,
        offers=decode_offers(loaded),
        outcomes=decode_outcomes(loaded),
        links=decode_links(loaded),
        linked_with=loaded.linked_with,
        report=loaded.report,
        summaries=loaded.summaries,
        pairs=loaded.pairs,
        by_formation={k: _payload(v, loaded) for k, v in loaded.by_formation.items()},
    )


class Loaded(msgspec.Struct, frozen=True, kw_only=True):
    """The import file as written: the offers, outcomes and links are kept encoded (msgpack ``bin``),
    so that reading the figures skips them at no cost; they are decoded only when asked for."""

    format: int
    updated: dt.date
    files: tuple[ImportedFile, ...] = ()
    report: Report = Report()
    linked_with: str = ""
    summaries: dict[str, Summary] = {}
    pairs: dict[str, tuple[int, int, int]] = {}
    by_formation: dict[str, msgspec.Raw] = {}
    links: msgspec.Raw = msgspec.Raw(b"")
    offers: msgspec.Raw = msgspec.Raw(b"")
    outcomes: msgspec.Raw = msgspec.Raw(b"")
    # Where it was read from, for messages about its parts: set on reading (empty in the file).
    path: str = ""


def load_store(path: Path | None = None) -> Loaded | None:
    """The import file as commands read it (see :class:`Loaded`): mapped, not read, so that the
    encoded offers and outcomes a command does not need are never even loaded from disk (the whole
    file is checked all the same: a damaged one is refused by every command)."""
    path = path or store_path()
    data = storage.read_store(path, KIND, mapped=True)
    if data is None:
        return None
    loaded = storage.decode(data, KIND, path, Loaded)
    if loaded.format != STORE_FORMAT:
        raise storage.damaged(path, KIND, "écrit par une autre version d'orient")
    return msgspec.structs.replace(loaded, path=str(path))


def _bin(data: bytes) -> msgspec.Raw:
    """``data`` as a msgpack ``bin`` value: readers skip it by its length, without looking inside."""
    return msgspec.Raw(msgspec.msgpack.encode(data))


def _decode(data, loaded: Loaded, type):
    return storage.decode(data, KIND, Path(loaded.path) if loaded.path else store_path(), type)


def _payload(raw: msgspec.Raw, loaded: Loaded) -> bytes:
    return _decode(raw, loaded, bytes) if len(raw) else b""


def decode_offers(loaded: Loaded) -> list[Offer]:
    data = _payload(loaded.offers, loaded)
    return _decode(data, loaded, list[Offer]) if data else []


def decode_links(loaded: Loaded) -> dict[str, tuple[str, ...]]:
    data = _payload(loaded.links, loaded)
    return _decode(data, loaded, dict[str, tuple[str, ...]]) if data else {}


def decode_offers_of(loaded: Loaded, formation_id: str) -> list[Offer]:
    raw = loaded.by_formation.get(formation_id)
    return _decode(_payload(raw, loaded), loaded, list[Offer]) if raw is not None else []


def group_offers(offers: list[Offer], links: dict[str, tuple[str, ...]]) -> dict[str, bytes]:
    """Each linked formation's offers, encoded apart."""
    grouped: dict[str, list[Offer]] = {}
    for offer in offers:
        for formation_id in links.get(offer.key, ()):
            grouped.setdefault(formation_id, []).append(offer)
    return {formation_id: msgspec.msgpack.encode(found) for formation_id, found in grouped.items()}


def decode_outcomes(loaded: Loaded) -> list[SpecialiteOutcome]:
    data = _payload(loaded.outcomes, loaded)
    return _decode(data, loaded, list[SpecialiteOutcome]) if data else []


def write_store(stored: Stored, path: Path | None = None) -> None:
    """Replace the import file in one step: never half-written, even when interrupted."""
    path = path or store_path()
    written = Loaded(
        format=STORE_FORMAT,
        updated=stored.updated,
        files=stored.files,
        report=stored.report,
        linked_with=stored.linked_with,
        summaries=stored.summaries,
        pairs=stored.pairs,
        by_formation={k: _bin(v) for k, v in stored.by_formation.items()},
        links=_bin(msgspec.msgpack.encode(stored.links)),
        offers=_bin(msgspec.msgpack.encode(stored.offers)),
        outcomes=_bin(msgspec.msgpack.encode(stored.outcomes)),
    )
    storage.write_store(path, KIND, msgspec.msgpack.encode(written))


def remove_store(path: Path | None = None) -> bool:
    return storage.remove_store(path or store_path(), KIND)
