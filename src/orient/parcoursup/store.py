"""The Parcoursup import file: one msgpack file in the user's data directory, replaced whole.

It holds every offer and spécialités outcome imported so far, the files they came
from, the links of each offer to the dataset's formation records (with the dataset
they were made against: links made against other records are made again), and the
last import's report.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import msgspec

from ..dataset import data_dir
from ..errors import OrientError
from .models import Offer, SpecialiteOutcome, Summary

STORE_FORMAT = 1
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


class Loaded(msgspec.Struct, frozen=True, kw_only=True):
    """What commands read of the import file: the offers and outcomes are decoded only when asked for."""

    format: int
    links: dict[str, tuple[str, ...]] = {}
    linked_with: str = ""
    summaries: dict[str, Summary] = {}
    pairs: dict[str, tuple[int, int, int]] = {}
    offers: msgspec.Raw = msgspec.Raw(b"")
    outcomes: msgspec.Raw = msgspec.Raw(b"")


class StoreError(OrientError):
    """The Parcoursup import file cannot be read or written."""


def store_path() -> Path:
    return data_dir() / STORE_FILE


def read_store(path: Path | None = None) -> Stored | None:
    path = path or store_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Lecture impossible de l'import Parcoursup {path} : {exc.strerror or exc}.") from exc
    try:
        stored = msgspec.msgpack.decode(data, type=Stored)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise _damaged(path) from exc
    if stored.format != STORE_FORMAT:
        raise _damaged(path)
    return stored


def load_store(path: Path | None = None) -> Loaded | None:
    """The import file as commands read it (see :class:`Loaded`)."""
    path = path or store_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Lecture impossible de l'import Parcoursup {path} : {exc.strerror or exc}.") from exc
    try:
        loaded = msgspec.msgpack.decode(data, type=Loaded)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise _damaged(path) from exc
    if loaded.format != STORE_FORMAT:
        raise _damaged(path)
    return loaded


def decode_offers(loaded: Loaded) -> list[Offer]:
    return msgspec.msgpack.decode(loaded.offers, type=list[Offer]) if bytes(loaded.offers) else []


def decode_outcomes(loaded: Loaded) -> list[SpecialiteOutcome]:
    return msgspec.msgpack.decode(loaded.outcomes, type=list[SpecialiteOutcome]) if bytes(loaded.outcomes) else []


def _damaged(path: Path) -> StoreError:
    return StoreError(
        f"L'import Parcoursup {path} est illisible (fichier abîmé ou d'une autre version d'orient).",
        hint="Relancez « orient data import parcoursup … » ou effacez-le avec « orient data reset --yes ».",
    )


def write_store(stored: Stored, path: Path | None = None) -> None:
    """Replace the import file in one step: never half-written, even when interrupted."""
    path = path or store_path()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(msgspec.msgpack.encode(stored))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        raise StoreError(f"Écriture impossible de l'import Parcoursup dans {path.parent} : {exc.strerror or exc}.") from exc


def remove_store(path: Path | None = None) -> bool:
    path = path or store_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"Suppression impossible de {path} : {exc.strerror or exc}.") from exc
    return True
