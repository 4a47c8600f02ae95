"""Reading the Parcoursup files: each is recognised by its header, each row read or reported.

Three files are known:

- the admissions export « Parcoursup – vœux de poursuite d'études et réponses des
  établissements » (semicolon-separated, 118 columns, one row per formation and
  establishment, a session's figures);
- the listing of formations and establishments (comma-separated: statut, UAI,
  établissement, région, filière, GPS);
- the outcomes of bac général candidates by pair of spécialités and group of
  formations (semicolon-separated, one row per year, pair and group).

Columns are found by their names, not their places. Figures may be empty, « NC »
or written with a decimal comma; a row that cannot be read is reported (file,
line, why) and skipped, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import LineProblem
from ..models import Departement, Referential
from ..places import Places
from ..text import fold, normalize
from .models import Admissions, Offer, Source, SpecialiteOutcome

Kind = str  # "admissions", "listing", "specialites"


RowProblem = LineProblem  # a row (or a whole file, line 0) that cannot be read, and why


class BadFile(Exception):
    """A file that cannot be read at all (not found, not UTF-8, unknown header)."""

    def __init__(self, problem: RowProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _key(name: str) -> str:
    """A column name as compared: accents, case, apostrophes and spacing aside."""
    return normalize(name.replace("’", "'"))


# The columns read, by the normalised start of their names.
ADMISSIONS = {
    "session": "session",
    "statut": "statut de l etablissement de la filiere de formation",
    "uai": "code uai de l etablissement",
    "etablissement": "etablissement",
    "departement_code": "code departemental de l etablissement",
    "departement": "departement de l etablissement",
    "region": "region de l etablissement",
    "academie": "academie de l etablissement",
    "commune": "commune de l etablissement",
    "label": "filiere de formation",
    "filiere": "filiere de formation#2",  # its second column of that name: the type and domain
    "mention": "filiere de formation detaillee bis",
    "detail": "filiere de formation tres detaillee",
    "selectivity": "selectivite",
    "gps": "coordonnees gps de la formation",
    "places": "capacite de l etablissement par formation",
    "candidates": "effectif total des candidats pour une formation",
    "proposals": "effectif total des candidats ayant recu une proposition d admission de la part de l etablissement",
    "admitted": "effectif total des candidats ayant accepte la proposition de l etablissement admis",
    "admitted_neo": "effectif des admis neo bacheliers",
    "admitted_general": "effectif des admis neo bacheliers generaux",
    "admitted_techno": "effectif des admis neo bacheliers technologiques",
    "admitted_pro": "effectif des admis neo bacheliers professionnels",
    "cod_aff_form": "cod aff form",
    "url": "lien de la formation sur la plateforme parcoursup",
    "access_rate": "taux d acces",
}
LISTING = {
    "statut": "statut de l etablissement de la filiere de formation",
    "uai": "code uai de l etablissement",
    "etablissement": "etablissement",
    "region": "region de l etablissement",
    "label": "filiere de formation",
    "gps": "coordonnees gps de la formation",
}
SPECIALITES = {
    "year": "annee du baccalaureat",
    "pair": "enseignements de specialite",
    "group": "formation",
    "candidates": "nombre de candidats bacheliers ayant confirme au moins un voeu",
    "proposals": "nombre de candidats bacheliers ayant recu au moins une proposition d admission",
    "accepted": "nombre de candidats bacheliers ayant accepte une proposition d admission",
}
_SIGNATURES = {
    "admissions": ("cod aff form", "taux d acces"),
    "listing": ("coordonnees gps de la formation", "code uai de l etablissement"),
    "specialites": ("enseignements de specialite", "annee du baccalaureat"),
}


def recognise(header: list[str]) -> Kind | None:
    keys = {_key(h) for h in header}
    for kind, needed in _SIGNATURES.items():
        if all(n in keys for n in needed):
            return kind
    return None


def _columns(header: list[str], wanted: dict[str, str]) -> dict[str, int]:
    """Field → column index; « name#2 » is the second column of that name (« Filière de formation »)."""
    keys = [_key(h) for h in header]
    out: dict[str, int] = {}
    for field, name in wanted.items():
        name, _, nth = name.partition("#")
        found = [i for i, key in enumerate(keys) if key == name] or [i for i, key in enumerate(keys) if key.startswith(name + " ")]
        position = int(nth or 1) - 1
        if len(found) > position:
            out[field] = found[position]
    return out


def read_text(path: Path) -> str:
    from ..atomic import read_regular
    from ..errors import os_reason

    try:
        raw = bytes(read_regular(path))  # a regular file only: a named pipe would wait forever
    except FileNotFoundError as exc:
        raise BadFile(RowProblem(str(path), 0, "fichier introuvable")) from exc
    except OSError as exc:
        raise BadFile(RowProblem(str(path), 0, f"impossible de lire ce fichier : {os_reason(exc)}")) from exc
    except ValueError as exc:  # a NUL byte in the name
        raise BadFile(RowProblem(repr(str(path)), 0, "nom de fichier invalide")) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(RowProblem(str(path), 0, "le fichier n'est pas en UTF-8")) from exc


def read_file(path: Path, referential: Referential, today: dt.date) -> tuple[Kind, list, list[RowProblem]]:
    """The kind of ``path``, its records (offers or outcomes) and the rows that could not be read."""
    text = read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile(RowProblem(str(path), 0, "fichier vide")) from None
    kind = recognise(header)
    if kind is None:
        raise BadFile(
            RowProblem(str(path), 1, "en-tête inconnu : ni l'export des admissions, ni la liste des formations, ni les spécialités")
        )
    name = path.name
    columns = _columns(header, {"admissions": ADMISSIONS, "listing": LISTING, "specialites": SPECIALITES}[kind])
    records: list = []
    problems: list[RowProblem] = []
    vocabulary = _SpecialiteNames(referential) if kind == "specialites" else None
    by_uai = {d.uai: d for d in referential.departements}
    places = Places(referential)
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(RowProblem(name, line, f"{len(row)} colonnes au lieu de {len(header)}"))
            continue
        source = Source(kind, name, line, today)
        try:
            if kind == "admissions":
                records.append(_admissions(row, columns, source))
            elif kind == "listing":
                records.append(_listing(row, columns, source, by_uai, places))
            else:
                records.append(_outcome(row, columns, source, vocabulary))  # type: ignore[arg-type]
        except ValueError as exc:
            problems.append(RowProblem(name, line, str(exc)))
    return kind, records, problems


# -- cells ----------------------------------------------------------------------------------------

_MISSING = {"", "nc", "n c", "nd", "-", "s", "secret"}
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return row[index].strip() if index is not None else ""


def _number(text: str, what: str) -> float | None:
    """« 12 », « 12.5 », « 12,5 » → a number; empty or « NC » → None; anything else is a problem."""
    cleaned = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if cleaned.lower() in _MISSING:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(f"{what} illisible : « {text} »")
    return float(cleaned.replace(",", "."))


def _count(text: str, what: str) -> int | None:
    value = _number(text, what)
    if value is None:
        return None
    if value < 0 or not value.is_integer():
        raise ValueError(f"{what} n'est pas un effectif : « {text} »")
    return int(value)


def _gps(text: str) -> tuple[float | None, float | None]:
    """« 44.8335, -0.57096 » → (lat, lon); empty → (None, None)."""
    if not text.strip():
        return None, None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise ValueError(f"coordonnées GPS illisibles : « {text} »")
    lat, lon = _number(parts[0], "latitude"), _number(parts[1], "longitude")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordonnées GPS illisibles : « {text} »")
    return lat, lon


# -- rows -----------------------------------------------------------------------------------------


def _admissions(row: list[str], columns: dict[str, int], source: Source) -> Offer:
    code = _cell(row, columns, "cod_aff_form")
    label = _cell(row, columns, "label")
    session = _count(_cell(row, columns, "session"), "session")
    if not code or not label or session is None:
        raise ValueError("ligne sans code de formation (cod_aff_form), sans libellé ou sans session")
    lat, lon = _gps(_cell(row, columns, "gps"))
    rate = _number(_cell(row, columns, "access_rate"), "taux d'accès")
    if rate is not None and not 0 <= rate <= 100:
        raise ValueError(f"taux d'accès hors de 0 à 100 : « {rate:g} »")
    selectivity = fold(_cell(row, columns, "selectivity"))
    admissions = Admissions(
        session=session,
        selective=None if not selectivity else not selectivity.startswith("formation non"),
        places=_count(_cell(row, columns, "places"), "capacité"),
        candidates=_count(_cell(row, columns, "candidates"), "effectif de candidats"),
        proposals=_count(_cell(row, columns, "proposals"), "effectif de propositions"),
        admitted=_count(_cell(row, columns, "admitted"), "effectif d'admis"),
        admitted_neo=_count(_cell(row, columns, "admitted_neo"), "effectif d'admis néo-bacheliers"),
        admitted_general=_count(_cell(row, columns, "admitted_general"), "effectif d'admis de bac général"),
        admitted_techno=_count(_cell(row, columns, "admitted_techno"), "effectif d'admis de bac technologique"),
        admitted_pro=_count(_cell(row, columns, "admitted_pro"), "effectif d'admis de bac professionnel"),
        access_rate=rate,
    )
    parts = [p.strip() for p in _cell(row, columns, "filiere").split(" - ")]
    parts += [_cell(row, columns, "mention"), _cell(row, columns, "detail")]
    return Offer(
        key=f"psup:{code}",
        label=label,
        parts=tuple(p for p in parts if p),
        cod_aff_form=code,
        uai=_cell(row, columns, "uai").upper(),
        etablissement=_cell(row, columns, "etablissement"),
        commune=" ".join(_cell(row, columns, "commune").split()),  # « Paris 16e  Arrondissement »: one space
        departement_code=_cell(row, columns, "departement_code"),
        departement=_cell(row, columns, "departement"),
        region=_cell(row, columns, "region"),
        academie=_cell(row, columns, "academie"),
        statut=_cell(row, columns, "statut"),
        lat=lat,
        lon=lon,
        url=_cell(row, columns, "url"),
        admissions=admissions,
        sources=(source,),
    )


def _listing(
    row: list[str], columns: dict[str, int], source: Source, by_uai: dict[str, Departement] | None = None, places: Places | None = None
) -> Offer:
    """A row of the listing. It names no commune nor département: the département is the one the
    UAI code starts with (« 069… »: Rhône), when the row's région is that département's."""
    label = _cell(row, columns, "label")
    parts = tuple(p.strip() for p in label.split("   ") if p.strip())  # parts are separated by three spaces
    uai = _cell(row, columns, "uai").upper()
    if not parts or not uai:
        raise ValueError("ligne sans filière ou sans code UAI")
    lat, lon = _gps(_cell(row, columns, "gps"))
    region = _cell(row, columns, "region")
    departement = (by_uai or {}).get(uai[:3])
    if departement is not None and (places.region(region) if places is not None else region) != departement.region:
        departement = None
    return Offer(
        key=f"liste:{uai}:{normalize(label)}" + (f":{lat:.4f},{lon:.4f}" if lat is not None and lon is not None else ""),
        label=" ".join(parts),
        parts=parts,
        uai=uai,
        etablissement=" ".join(_cell(row, columns, "etablissement").split()),
        departement_code=departement.code if departement is not None else "",
        departement=departement.name if departement is not None else "",
        region=region,
        statut=_cell(row, columns, "statut"),
        lat=lat,
        lon=lon,
        sources=(source,),
    )


class _SpecialiteNames:
    def __init__(self, referential: Referential) -> None:
        self.names = {fold(s.name): s.name for s in referential.psup_specialites}

    def pair(self, text: str) -> tuple[str, str]:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2:
            raise ValueError(f"paire de spécialités illisible : « {text} »")
        names = []
        for part in parts:
            name = self.names.get(fold(part))
            if name is None:
                raise ValueError(f"spécialité inconnue : « {part} » (parcoursup.toml)")
            names.append(name)
        return tuple(sorted(names))  # type: ignore[return-value]


def _outcome(row: list[str], columns: dict[str, int], source: Source, names: _SpecialiteNames) -> SpecialiteOutcome:
    year = _count(_cell(row, columns, "year"), "année")
    group = _cell(row, columns, "group")
    figures = [_count(_cell(row, columns, f), f) for f in ("candidates", "proposals", "accepted")]
    if year is None or not group or any(f is None for f in figures):
        raise ValueError("ligne incomplète (année, formation ou effectifs manquants)")
    candidates, proposals, accepted = figures
    return SpecialiteOutcome(
        year=year,
        pair=names.pair(_cell(row, columns, "pair")),
        group=group,
        candidates=candidates,  # type: ignore[arg-type]
        proposals=proposals,  # type: ignore[arg-type]
        accepted=accepted,  # type: ignore[arg-type]
        source=source,
    )


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files given, and the ``.csv`` files inside the folders given, in a stable order."""
    for path in paths:
        if os.path.isdir(path):  # False, not an error, for a path the system refuses: read_text says why
            yield from sorted(p for p in path.glob("*.csv") if not p.name.startswith("."))
        else:
            yield path
