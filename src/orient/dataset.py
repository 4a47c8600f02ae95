"""Loading a dataset folder: referential, formations and métiers, with their indices.

A dataset folder holds ``bacs.toml``, ``vocabulaire.toml``, ``formations/*.toml``,
``metiers/*.toml`` and ``secteurs/*.toml``. :func:`load` reads it, validates it completely (any
problem raises :class:`~orient.errors.DataError`) and keeps the validated result
in a cache file keyed by the files' names, sizes and modification times, so
that later runs skip parsing.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import msgspec

from . import __version__
from .errors import DataError, Problem, os_reason
from .models import Formation, FormationCore, Metier, Referential, Sector, Track

if TYPE_CHECKING:
    from .profile import BacReader, Profile

CACHE_FORMAT = 10
KINDS = ("formations", "metiers", "secteurs")
LEADING_NAMED = 4  # formations named as the way to a formation for later (Dataset.leading)


class Leading(NamedTuple):
    """What leads to a formation (:meth:`Dataset.leading`): how many formations cite it among their
    poursuites, how many lead there in all (those, then those of its field), and the first
    :data:`LEADING_NAMED` of them, in that order."""

    cited: int
    total: int
    first: list[str]


def embedded_data_dir() -> Path:
    """The dataset shipped with the package (or the checkout's ``data/``)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"


class Dataset:
    """Validated records and the indices commands need."""

    def __init__(
        self,
        referential: Referential,
        formations: Mapping[str, Formation],
        metiers: Mapping[str, Metier],
        files: dict[str, str] | None = None,
        root: Path | None = None,
        sectors: dict[str, Sector] | None = None,
        identity: str = "",
    ) -> None:
        self.referential = referential
        self.formations = formations
        self.metiers = metiers
        self.sectors = sectors or {}
        self.files = files or {}  # "formations/<id>" → file, relative to the folder
        self.root = root
        # What the records were read from, « place#version » (folders and files, then their sizes
        # and dates): the place names the cached search index, the version says whether it is of
        # exactly these records. Empty for a dataset built in memory: never cached.
        self.identity = identity
        # Folded identifier or code → ids of the records bearing it, per kind (``formations``,
        # ``metiers``), when an import computed it; None: lookups walk the records.
        self.code_index: dict[str, Mapping[str, list[str]]] | None = None
        # Normalised name → ids of the records bearing it, per kind, when an import computed it; None:
        # a lookup by name reads every record.
        self.name_index: dict[str, Mapping[str, list[str]]] | None = None
        # The import was made with other embedded data (an upgrade since): its indexes cannot be
        # used, every record is decoded at once until the next import.
        self.import_outdated = False
        # Formation id → its name, when an import computed it (:meth:`formation_name`); None: the
        # record is read.
        self.formation_titles: Mapping[str, str] | None = None
        # Formation id → what :meth:`leading` gives, when an import computed it; None: found from the records.
        self.leading_index: Mapping[str, Leading] | None = None
        # Formation id → what a verdict for later says leads there (:func:`~orient.eligibility.leading_reason`),
        # when an import wrote it (``check`` says it for thousands of formations); None: said from the records.
        self.leading_reasons: Mapping[str, str] | None = None
        # The imported formations are read for ``check`` with their parts of a row
        # (:class:`~orient.check_records.CheckRecord`): rows are joined from them, not made anew.
        self.check_rows = False

    @cached_property
    def analyzer(self):
        """The French analysis of the search engine (:class:`~orient.analysis.Analyzer`)."""
        from .analysis import Analyzer

        return Analyzer(self.referential.stop_words, self.referential.locutions)

    @cached_property
    def search_index(self):
        """Every formation and métier, searchable (:class:`~orient.search_index.SearchIndex`)."""
        from .search_index import load_or_build

        return load_or_build(self)

    @cached_property
    def leads_to(self) -> dict[str, list[str]]:
        """Formation id → ids of the formations whose poursuites point to it."""
        index: dict[str, list[str]] = {}
        for formation in self.formations.values():
            for poursuite in formation.poursuites:
                if poursuite.formation:
                    index.setdefault(poursuite.formation, []).append(formation.id)
        return index

    @cached_property
    def level_only(self) -> Mapping[str, int]:
        """Formation id → the level it asks, for the formations entered only after some higher
        education (:func:`orient.paths.level_only`; computed by the import for its records)."""
        from .paths import level_only

        return level_only(self.formations.values())

    @cached_property
    def metier_interests(self) -> Mapping[str, list[str]]:
        """Métier id → its centres d'intérêt, for the métiers that have some: what the fit reads of
        a formation's métiers, without reading the métiers themselves (computed by the import for
        its records)."""
        return {m.id: list(m.interests) for m in self.metiers.values() if m.interests}

    @cached_property
    def before_bac(self) -> frozenset[str]:
        """Ids of the formations prepared before the bac (CAP, bac pro…), which ``check`` leaves out
        unless asked for: it then reads only the others (computed by the import for its records)."""
        return frozenset(f.id for f in self.formations.values() if not f.after_bac)

    @cached_property
    def name_order(self) -> Mapping[str, int]:
        """Formation id → its place when formations are sorted by name the French way (then by id):
        sorting by it is sorting by :func:`~orient.text.sort_key` of the names, without computing them.
        Computed by the import for its records."""
        from .text import sort_key

        ordered = sorted(self.formations.items(), key=lambda item: (sort_key(item[1].name), item[0]))
        return {formation_id: n for n, (formation_id, _formation) in enumerate(ordered)}

    @cached_property
    def formations_by_metier(self) -> dict[str, list[str]]:
        """Métier id → formations leading there (either side of the link counts)."""
        index: dict[str, list[str]] = {m: list(metier.formations) for m, metier in self.metiers.items()}
        for formation in self.formations.values():
            for metier_id in formation.metiers:
                ids = index.setdefault(metier_id, [])
                if formation.id not in ids:
                    ids.append(formation.id)
        return index

    @cached_property
    def families_by_metier(self) -> dict[str, list[tuple[Sector, str]]]:
        """Métier id → the (sector, family name) pairs it belongs to."""
        index: dict[str, list[tuple[Sector, str]]] = {}
        for sector in self.sectors.values():
            for family in sector.families:
                for metier_id in family.metiers:
                    index.setdefault(metier_id, []).append((sector, family.name))
        return index

    @cached_property
    def interests(self) -> dict[str, str]:
        return {i.id: i.label for i in self.referential.interests}

    @cached_property
    def tag_advice(self) -> dict[str, str]:
        """What to work on for each attendu tag (``vocabulaire.toml``)."""
        return {t.label: t.advice for t in self.referential.attendu_tags}

    @cached_property
    def bac_tags(self) -> tuple[str, ...]:
        """Attendu tags that holding the bac meets."""
        return tuple(t.label for t in self.referential.attendu_tags if t.met_by_bac)

    @cached_property
    def types(self):
        """The formation types and national rules of the referential (:class:`~orient.national.Types`)."""
        from .national import Types

        return Types(self.referential)

    @cached_property
    def generic_words(self) -> frozenset[str]:
        """Words of formation names that say nothing of a field (``vocabulaire.toml``), folded."""
        from .fields import generic_set

        return generic_set(self.referential.generic_words)

    def formation_name(self, formation_id: str) -> str:
        """The name of a formation the dataset holds (a formation that leads to another, cited in a
        reason): from the import's index of names, without decoding its record, when there is one;
        kept once asked (a few formations lead to many: ``check`` names them again and again)."""
        names = self._names
        name = names.get(formation_id)
        if name is None:
            if self.formation_titles is not None:
                name = self.formation_titles.get(formation_id)
            if name is None:
                name = self.formations[formation_id].name
            names[formation_id] = name
        return name

    def feeders(self, target: Formation) -> list[str]:
        """Formations that lead to ``target``: those whose poursuites cite it, then those of its field
        that end at a level it is entered at (computed once, on load or import; kept once asked, as
        a class or a check asks again for the same formations)."""
        found = self._feeders.get(target.id)
        if found is None:
            known = self._formation_ids
            cited = self._cited(target)
            first = set(cited)
            if known.issuperset(target.feeders):  # as always in an import: nothing to leave out
                found = cited + ([i for i in target.feeders if i not in first] if first else list(target.feeders))
            else:
                found = cited + [i for i in target.feeders if i not in first and i in known]
            self._feeders[target.id] = found
        return found

    def _cited(self, target: FormationCore) -> list[str]:
        """The formations of the dataset whose poursuites cite ``target``."""
        known = self._formation_ids
        return [i for i in self.leads_to.get(target.id, ()) if i in known]

    def leading(self, target: FormationCore) -> Leading:
        """What leads to ``target`` (:class:`Leading`, from :meth:`feeders`): what a verdict for later
        says of the way there. From the import's index when there is one (``check`` says it for
        thousands of formations)."""
        if self.leading_index is not None:
            return self.leading_index.get(target.id) or Leading(0, 0, [])
        ids = self.feeders(target if isinstance(target, Formation) else self.formations[target.id])
        return Leading(len(self._cited(target)), len(ids), ids[:LEADING_NAMED])

    def bac_read(self, name: str) -> Profile | None:
        """The bac a formation's name reads as (« bac pro cuisine »), or None; read once per name."""
        cache = self._bacs_read
        if name not in cache:
            from .errors import InputError

            try:
                cache[name] = self._bac_reader.profile(name)
            except InputError:
                cache[name] = None
        return cache[name]

    @cached_property
    def _bacs_read(self) -> dict[str, Profile | None]:
        return {}

    @cached_property
    def _bac_reader(self) -> BacReader:
        from .profile import BacReader

        return BacReader(self.referential)

    def memo(self, kind: str) -> dict:
        """A table of values the engine derives from the records alone (a route's label, what it
        asks for, the bacs pro leading to a formation's métiers), kept while the dataset lives: verdicts
        ask them again for every profile. ``kind`` names the table; its keys are values, never
        identities."""
        return self._memo.setdefault(kind, {})

    @cached_property
    def _memo(self) -> dict[str, dict]:
        return {}

    @cached_property
    def tracks(self) -> dict[str, Track]:
        """The bac tracks of the referential by code."""
        return {t.code: t for t in self.referential.tracks}

    @cached_property
    def _feeders(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def _names(self) -> dict[str, str]:
        return {}

    @cached_property
    def _formation_ids(self) -> frozenset[str]:
        return frozenset(self.formations)


class _Blob(msgspec.Struct, frozen=True):
    fingerprint: str
    referential: Referential
    formations: list[Formation]
    metiers: list[Metier]
    sectors: list[Sector]
    files: dict[str, str]


# -- reading -----------------------------------------------------------------


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _record_files(root: Path, kind: str) -> tuple[list[Path], list[Problem]]:
    """The ``.toml`` files of the folder ``kind``; an absent folder has none, one that cannot be listed is a problem."""
    folder = root / kind
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        if _exists(folder):
            return [], [Problem(kind, "", "ce n'est pas un dossier")]
        return [], []
    except OSError as exc:
        return [], [Problem(kind, "", f"impossible de lire ce dossier : {os_reason(exc)}")]
    return sorted(folder / n for n in names if n.endswith(".toml") and not n.startswith(".")), []


def _exists(path: Path) -> bool:
    """Whether anything is at ``path``, a broken link included."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


# Numbers of a data file stay within these bounds (a count, a level, a salary in euros…): beyond them
# a value is a typing slip, and one beyond 64 bits could not even be cached.
NUMBER_LIMIT = 1_000_000_000
_LIMIT_TEXT = "1\u202f000\u202f000\u202f000"
# Tables and lists nest no deeper than this in a data file.
MAX_DEPTH = 32


def read_toml(path: Path, root: Path) -> tuple[dict | None, list[Problem]]:
    """Parse one TOML file (a regular file only: never a named pipe, which would wait forever);
    unreadable files, syntax errors, nesting too deep and numbers out of bounds become problems,
    never exceptions."""
    import tomllib

    from .atomic import read_regular

    name = _relative(path, root)
    try:
        data = tomllib.loads(read_regular(path).decode("utf-8"))  # type: ignore[union-attr]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(name, "", f"syntaxe TOML invalide ({_toml_position(str(exc))})")]
    except UnicodeDecodeError:
        return None, [Problem(name, "", "le fichier n'est pas en UTF-8")]
    except ValueError:  # tomllib lets Python's own limit through: an integer of thousands of digits
        return None, [Problem(name, "", f"nombre hors limites ({_LIMIT_TEXT} au plus en valeur absolue)")]
    except RecursionError:
        return None, [Problem(name, "", f"tables ou listes imbriquées trop profondément ({MAX_DEPTH} niveaux au plus)")]
    except OSError as exc:
        return None, [Problem(name, "", f"impossible de lire ce fichier : {os_reason(exc)}")]
    problems = _check_values(data, name)
    return (None if problems else data), problems


def _check_values(data: dict, name: str) -> list[Problem]:
    """Numbers out of bounds (or not finite) and nesting too deep, found without recursion."""
    import math

    problems: list[Problem] = []
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    while stack:
        where, value, depth = stack.pop()
        if isinstance(value, bool):
            continue
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                problems.append(Problem(name, where, f"tables ou listes imbriquées trop profondément ({MAX_DEPTH} niveaux au plus)"))
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{where}[{key}]" if isinstance(key, int) else (f"{where}.{key}" if where else str(key))
                stack.append((child, item, depth + 1))
        elif isinstance(value, int) and abs(value) > NUMBER_LIMIT:
            problems.append(Problem(name, where, f"nombre hors limites ({_LIMIT_TEXT} au plus en valeur absolue)"))
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(name, where, "nombre non défini (inf ou nan)"))
        elif isinstance(value, float) and abs(value) > NUMBER_LIMIT:
            problems.append(Problem(name, where, f"nombre hors limites ({_LIMIT_TEXT} au plus en valeur absolue)"))
    problems.sort(key=lambda p: p.field)
    return problems


_TOML_MESSAGES = {
    "Expected '=' after a key": "« = » attendu après une clé",
    "Invalid value": "valeur invalide",
    "Unterminated string": "texte sans guillemet fermant",
    "Unclosed array": "liste non fermée",
    "Unclosed inline table": "table non fermée",
    "Invalid initial character for a key part": "clé invalide",
    "Cannot overwrite a value": "valeur définie deux fois",
    "Cannot declare": "table déclarée deux fois",
    "Invalid date or datetime": "date invalide",
    "Expected newline or end of document": "fin de ligne attendue",
}


def _toml_position(message: str) -> str:
    """French version of a tomllib error: where it is, and what it is when known."""
    import re

    detail = message.split(" (at ")[0]
    french = next((fr for en, fr in _TOML_MESSAGES.items() if detail.startswith(en)), detail)
    match = re.search(r"at line (\d+), column (\d+)", message)
    if match:
        return f"ligne {match.group(1)}, colonne {match.group(2)} : {french}"
    if "end of document" in message:
        return f"fin du fichier : {french}"
    return french


_T = TypeVar("_T")


def convert(data: dict, kind: type[_T], name: str) -> tuple[_T | None, list[Problem]]:
    """Turn parsed TOML into a typed record; schema errors become problems in French."""
    try:
        return msgspec.convert(data, kind), []
    except msgspec.ValidationError as exc:
        field_path, message = _translate_validation(str(exc))
        return None, [Problem(name, field_path, message)]


def _translate_validation(message: str) -> tuple[str, str]:
    import re

    text, _, where = message.partition(" - at `$")
    path = where.rstrip("`").lstrip(".")
    patterns = [
        (r"Object missing required field `(\w+)`", lambda m: ("champ obligatoire manquant", m.group(1))),
        (r"Object contains unknown field `(\w+)`", lambda m: ("champ inconnu", m.group(1))),
        (r"Expected `(.+?)`, got `(.+?)`", lambda m: (f"type attendu : {_type_fr(m.group(1))}, trouvé : {_type_fr(m.group(2))}", "")),
        (r"Invalid enum value (.+)", lambda m: (f"valeur non permise : {m.group(1)}", "")),
    ]
    for pattern, build in patterns:
        match = re.search(pattern, text)
        if match:
            french, extra = build(match)
            full = ".".join(p for p in (path, extra) if p)
            return full, french
    return path, text


def _type_fr(name: str) -> str:
    return {
        "str": "texte",
        "int": "nombre entier",
        "float": "nombre",
        "bool": "booléen (true/false)",
        "array": "liste",
        "object": "table",
        "date": "date (AAAA-MM-JJ)",
        "null": "rien",
    }.get(name, name)


# The referential's files: required, then optional (absent from small test datasets).
REFERENTIAL_FILES = ("bacs.toml", "vocabulaire.toml")
OPTIONAL_FILES = ("diplomes.toml", "bac-pro.toml", "thesaurus.toml", "parcoursup.toml")
# Top-level names of parcoursup.toml, as fields of the referential.
_PARCOURSUP = {
    "filiere": "psup_filieres",
    "specialite": "psup_specialites",
    "groupe": "psup_groups",
    "rewrites": "psup_rewrites",
    "words": "psup_words",
    "departement": "departements",
    "region": "regions",
}
_RENAMED = {
    "track": "tracks",
    "level": "levels",
    "interest": "interests",
    "attendu_tag": "attendu_tags",
    "type": "formation_types",
    "rule": "rules",
    "synonym": "thesaurus",
    "abbreviation": "abbreviations",
    "locution": "locutions",
}
# Where a field of the referential comes from, to name the file in a problem.
_FIELD_FILES = {
    "formation_types": "diplomes.toml",
    "rules": "diplomes.toml",
    "interests": "vocabulaire.toml",
    "attendu_tags": "vocabulaire.toml",
    "generic_words": "vocabulaire.toml",
    "stop_words": "vocabulaire.toml",
    "query_fillers": "vocabulaire.toml",
    "locutions": "vocabulaire.toml",
    "thesaurus": "thesaurus.toml",
    "abbreviations": "thesaurus.toml",
    "psup_filieres": "parcoursup.toml",
    "psup_specialites": "parcoursup.toml",
    "psup_groups": "parcoursup.toml",
    "psup_rewrites": "parcoursup.toml",
    "psup_words": "parcoursup.toml",
    "departements": "parcoursup.toml",
    "regions": "parcoursup.toml",
}


def read_referential(root: Path) -> tuple[Referential | None, list[Problem]]:
    """The bac referential and the vocabularies: ``bacs.toml``, ``vocabulaire.toml``, and when present
    ``diplomes.toml`` (types of formation, national rules) and ``bac-pro.toml`` (the bac pro spécialités)."""
    problems: list[Problem] = []
    merged: dict = {}
    pro: list = []
    sectors: list = []
    for name in (*REFERENTIAL_FILES, *OPTIONAL_FILES):
        path = root / name
        if not _exists(path):
            if name in REFERENTIAL_FILES:
                problems.append(Problem(name, "", "fichier manquant"))
            continue
        data, errs = read_toml(path, root)
        problems += errs
        if data is None:
            continue
        if name == "bac-pro.toml":
            pro = data.get("specialite", [])
            sectors = data.get("sector", [])
            continue
        if name == "parcoursup.toml":
            for key, value in data.items():
                merged[_PARCOURSUP.get(key, key)] = value
            continue
        for key, value in data.items():
            merged[_RENAMED.get(key, key)] = value
    if problems:
        return None, problems
    if pro:
        track = next((t for t in merged.get("tracks", []) if isinstance(t, dict) and t.get("code") == "PRO"), None)
        if track is None:
            return None, [Problem("bac-pro.toml", "", "le bac professionnel (code PRO) manque dans bacs.toml")]
        track["specialites"] = [*track.get("specialites", []), *pro]
        track["sectors"] = [*track.get("sectors", []), *sectors]
    referential, errs = convert(merged, Referential, "bacs.toml")
    errs = [Problem(_FIELD_FILES.get(p.field.split("[")[0].split(".")[0], p.file), p.field, p.message) for p in errs]
    return referential, errs


def read_folder(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read every file of a dataset folder, collecting problems instead of stopping."""
    try:
        if not stat.S_ISDIR(os.stat(root).st_mode):
            return None, [Problem(str(root), "", "ce n'est pas un dossier")]
    except FileNotFoundError:
        return None, [Problem(str(root), "", "dossier introuvable")]
    except OSError as exc:
        return None, [Problem(str(root), "", f"impossible de lire ce dossier : {os_reason(exc)}")]
    except ValueError:  # a NUL byte in the name
        return None, [Problem(repr(str(root)), "", "nom de dossier invalide")]
    referential, problems = read_referential(root)
    formations: dict[str, Formation] = {}
    metiers: dict[str, Metier] = {}
    sectors: dict[str, Sector] = {}
    files: dict[str, str] = {}
    problems += _read_records(root, "formations", Formation, formations, files)
    problems += _read_records(root, "metiers", Metier, metiers, files)
    problems += _read_records(root, "secteurs", Sector, sectors, files)
    if referential is None:
        return None, problems
    return Dataset(referential, formations, metiers, files, root, sectors), problems


_Record = TypeVar("_Record", Formation, Metier, Sector)


def _read_records(root: Path, kind: str, model: type[_Record], target: dict[str, _Record], files: dict[str, str]) -> list[Problem]:
    """Read the records of one folder (``kind``) into ``target``, their files into ``files``."""
    problems: list[Problem] = []
    paths, errs = _record_files(root, kind)
    problems += errs
    for path in paths:
        name = _relative(path, root)
        data, errs = read_toml(path, root)
        problems += errs
        if data is None:
            continue
        record, errs = convert(data, model, name)
        problems += errs
        if record is None:
            continue
        if record.id in target:
            problems.append(Problem(name, "id", f"identifiant « {record.id} » déjà utilisé par {files[f'{kind}/{record.id}']}"))
            continue
        target[record.id] = record
        files[f"{kind}/{record.id}"] = name
    return problems


# -- cache -------------------------------------------------------------------


def _fingerprint(root: Path) -> str:
    """Names, sizes and modification times of the folder's files: changes when any file does."""
    parts = [f"{__version__}:{CACHE_FORMAT}"]
    for sub in ("", *KINDS):
        folder = root / sub if sub else root
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".toml"):
                try:
                    info = entry.stat()
                except OSError as exc:  # a broken link, a loop: read_folder says what is wrong
                    parts.append(f"{sub}/{entry.name}:!{exc.errno}")
                    continue
                parts.append(f"{sub}/{entry.name}:{info.st_size}:{info.st_mtime_ns}:{info.st_mode}")
    return ";".join(parts)


def _user_dir(kind: str) -> Path:
    """The platform's user cache or data directory for orient (platformdirs' answer;
    on Linux, computed without its import cost on every start)."""
    if sys.platform.startswith("linux"):
        variable, default = {"cache": ("XDG_CACHE_HOME", ".cache"), "data": ("XDG_DATA_HOME", ".local/share")}[kind]
        base = os.environ.get(variable, "").strip()
        return (Path(base) if base else Path.home() / default) / "orient"
    import platformdirs

    finder = platformdirs.user_cache_dir if kind == "cache" else platformdirs.user_data_dir
    return Path(finder("orient", appauthor=False))


def cache_dir() -> Path | None:
    """Where validated datasets are cached; ``ORIENT_CACHE_DIR=""`` turns the cache off."""
    configured = os.environ.get("ORIENT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    return _user_dir("cache")


def data_dir() -> Path:
    """Where imports live; ``ORIENT_DATA_DIR`` overrides the platform's user data directory."""
    configured = os.environ.get("ORIENT_DATA_DIR")
    return Path(configured) if configured else _user_dir("data")


IMPORT_FILE = "onisep-import.msgpack"


def _read_cache(path: Path, root: Path, fingerprint: str) -> Dataset | None:
    from .storage import read_cache

    blob = read_cache(path, _Blob)
    if blob is None or blob.fingerprint != fingerprint:
        return None
    return Dataset(
        blob.referential,
        {f.id: f for f in blob.formations},
        {m.id: m for m in blob.metiers},
        blob.files,
        root,
        {s.id: s for s in blob.sectors},
        f"{root}#{fingerprint}",
    )


def _write_cache(path: Path, dataset: Dataset, fingerprint: str) -> None:
    blob = _Blob(
        fingerprint,
        dataset.referential,
        list(dataset.formations.values()),
        list(dataset.metiers.values()),
        list(dataset.sectors.values()),
        dataset.files,
    )
    from .storage import write_cache

    write_cache(path, blob)  # a cache that cannot be written only costs speed


def prepared(dataset: Dataset) -> Dataset:
    """``dataset`` with its formations completed once: national rules, entry levels, fields."""
    from .prepare import prepare

    formations = {f.id: f for f in prepare(dataset.formations.values(), dataset.referential)}
    return Dataset(dataset.referential, formations, dataset.metiers, dataset.files, dataset.root, dataset.sectors, dataset.identity)


def load(root: Path | None = None) -> Dataset:
    """Load and validate a dataset folder (the embedded one by default).

    Raises :class:`DataError` listing the problems if the folder is invalid.
    """
    root = (root or embedded_data_dir()).resolve()
    folder = cache_dir()
    fingerprint = _fingerprint(root)
    # One cache file per dataset folder, overwritten when the folder changes.
    key = f"{zlib.crc32(str(root).encode('utf-8', 'surrogateescape')):08x}"
    cache_file = folder / f"dataset-{key}.msgpack" if folder else None
    if cache_file is not None:
        cached = _read_cache(cache_file, root, fingerprint)
        if cached is not None:
            return cached
    from .validate import validate

    dataset, problems = read_folder(root)
    if dataset is not None:
        problems += validate(dataset)
    if problems or dataset is None:
        raise DataError(problems)
    dataset = prepared(dataset)
    dataset.identity = f"{root}#{fingerprint}"
    if cache_file is not None:
        _write_cache(cache_file, dataset, fingerprint)
    return dataset
