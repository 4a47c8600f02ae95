"""A whole class at once: read a file of students, judge every formation for each, keep the best.

A class file is CSV (comma, semicolon or tab, found from the header line; UTF-8 with or without
a byte-order mark) or JSONL (one object per line, found from its first character ``{``). Its
columns are those of ``orient check``: ``identifiant`` (or ``nom``, ``élève``, ``id``), ``bac``,
``specialites``, ``niveau``, ``age``, ``interets``, ``atouts``, and ``vers`` for a métier or a
formation to reach. Column names are read the way a person types them: accents, case, spaces,
hyphens and underscores do not count (``Spécialités``, ``Intérêts``, ``Âge``, ``Élève``).

:func:`read_class` streams the rows (:class:`Student`, or :class:`Failure` for a row that cannot
be read) and :func:`run_profiles` streams the results (:class:`Profiled` or :class:`Failure`), in
the input order, on one process or ``jobs`` worker processes that each load the dataset once. A
row that fails never stops the others. Nothing of a student is written anywhere: the results are
only yielded.

Each student's rows are exactly the first rows ``orient check`` gives for the same profile. Most of
the work of ``check`` is the verdict of every formation, which depends only on the profile read
(bac, spécialités, level, age), not on what the student likes: a :class:`Context` keeps each
verdict with what it read of the profile, for every later profile alike in that, and for each
student only the formations that can rank among the best are assessed for fit, then put in order
by :func:`orient.records.rank` itself.
"""

from __future__ import annotations

import csv
import heapq
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar, cast

import msgspec

from .dataset import Dataset
from .eligibility import VERDICTS, Verdict
from .errors import InputError, OrientError
from .fit import Fit, Wishes, assess_fit, covered_tags, read_wishes
from .models import Formation, Metier
from .profile import MAX_FIELD, BacReader, Profile
from .records import (
    REACH,
    CheckResult,
    SpecialitePair,
    check_formations,
    check_row,
    judge_rules,
    pair_in_group,
    path_rows,
    profile_row,
    rank,
    wishes_row,
)
from .retrieval import Engine
from .text import checked_input, normalize

DEFAULT_LIMIT = 10  # formations kept per student, best first
PATHS = 3  # paths kept toward a student's ``vers``
BEST = 3  # formations named in a student's summary
MAX_RECORD = 16_384  # characters of one row (over its lines, for a quoted cell that holds line breaks)
CHUNK = 16  # students sent to a worker at once

# Column names, folded without spaces, for each field; the first present wins.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "student": ("identifiant", "id", "ident", "eleve", "eleves", "etudiant", "candidat", "nomeleve", "nom"),
    "bac": ("bac", "baccalaureat", "seriedubac", "seriebac", "serie", "voie", "filiere"),
    "specialites": ("specialites", "specialite", "spes", "spe", "specialitesdubac", "enseignementsdespecialite", "options", "option"),
    "niveau": ("niveau", "niveauatteint", "niveauactuel", "niveaudetudes"),
    "age": ("age", "ans"),
    "interets": ("interets", "interet", "centresdinteret", "centredinteret", "centresinteret", "gouts"),
    "atouts": ("atouts", "atout", "pointsforts", "pointfort", "qualites"),
    "vers": ("vers", "but", "objectif", "metiervise", "formationvisee", "metier"),
}
_COLUMNS = {name: field for field, names in COLUMN_NAMES.items() for name in names}
# « Spécialité 1 », « Spécialité 2 », « Enseignement de spécialité 3 », « Spé n°1 »: one spécialité
# per column, as school software exports them; read together, in order.
_NUMBERED_SPECIALITE = re.compile(r"^(?:specialites?|spes?|enseignements?(?:de)?specialites?)(?:no|n)?[1-3]$")
_LIST = re.compile(r"\s*(?:[,;/|+&\n]|\bet\b)\s*", re.IGNORECASE)  # « maths, pc », « maths/pc », « maths et pc »
_AGE = re.compile(r"^\s*(\d{1,3})\s*(?:ans?)?\s*$", re.IGNORECASE)  # « 17 », « 17 ans »
_DELIMITERS = (",", ";", "\t")


class Student(msgspec.Struct, frozen=True, kw_only=True):
    """One row of a class file, as typed (cells stripped; an empty cell is None)."""

    line: int  # where the row starts in the file, 1 for the first line
    id: str  # the ``identifiant`` column, or « ligne N » without one
    bac: str
    specialites: tuple[str, ...] = ()
    niveau: str | None = None
    age: int | str | None = None
    interets: str | None = None
    atouts: str | None = None
    vers: str | None = None


class Failure(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """A row that could not be read or run: where, whose, and the core error as data (``code``,
    ``data``, ``suggestions``), so that it crosses process boundaries; :meth:`error` rebuilds it."""

    line: int
    student: str | None
    code: str
    data: dict[str, Any] = {}
    suggestions: tuple[str, ...] = ()

    @classmethod
    def of(cls, line: int, student: str | None, error: OrientError) -> Failure:
        return cls(line=line, student=student, code=error.code, data=dict(error.data), suggestions=tuple(error.suggestions))

    def error(self) -> OrientError:
        return OrientError(self.code, suggestions=self.suggestions, **self.data)


class Profiled(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """One student's results: ``report`` holds ``student``, ``profile``, ``profile_text``, ``rows``
    (``check`` rows, best first), ``summary`` (``counts`` by verdict, ``best`` formations,
    ``missing_attendus`` with how many of the rows miss each), ``paths`` toward ``vers``, ``vers``
    and ``vers_name``. ``corrected`` and ``unknown`` are the words of ``interets`` read as another
    word, or found nowhere; ``former``, the former série of the bac typed, read as its successor."""

    line: int
    report: dict[str, Any]
    corrected: tuple[tuple[str, str], ...] = ()
    unknown: tuple[str, ...] = ()
    former: str = ""  # the former série of the bac typed (« S »), read as the track that succeeded it


Row = Student | Failure
Outcome = Profiled | Failure


# -- reading a class file ------------------------------------------------------------------------


class _TooLong(Exception):
    """A row longer than :data:`MAX_RECORD` characters: skipped up to its end (the end of its line,
    or for a CSV row, the end of the line that closes its quoted cells)."""


class _Lines:
    """The lines of a text stream, each read with a bound: a row (which may span several lines in
    a quoted cell) is at most :data:`MAX_RECORD` characters. ``number`` counts the lines read.

    For a CSV file (``quoted``), :attr:`in_quotes` says whether the row read so far leaves a quoted
    cell open (an odd number of « " »: a doubled quote inside a cell counts twice), which tells the
    row's true end when it is skipped, and a quote never closed at the end of the file."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.number = 0
        self.budget = MAX_RECORD
        self.pushed: list[str] = []
        self.quoted = False
        self.in_quotes = False

    def start_row(self) -> int:
        """A new row starts: the budget is whole again. Returns the number of its first line."""
        self.budget = MAX_RECORD
        self.in_quotes = False
        return self.number + 1 - len(self.pushed)

    def push(self, line: str) -> None:
        self.pushed.append(line)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pushed:
            line = self.pushed.pop()
            self.budget -= len(line)
            self._quotes(line)
            return line
        line = self.text.readline(self.budget + 1)
        if not line:
            raise StopIteration
        self.number += 1
        self._quotes(line)
        if len(line) > self.budget:
            rest = line
            while rest and not (rest.endswith("\n") and not self.in_quotes):
                new_line = rest.endswith("\n")  # what comes next starts a line of its own
                rest = self.text.readline(65_536)
                self.number += bool(rest) and new_line
                self._quotes(rest)
            raise _TooLong
        self.budget -= len(line)
        return line

    def _quotes(self, text: str) -> None:
        if self.quoted and '"' in text and text.count('"') % 2:
            self.in_quotes = not self.in_quotes


class ClassFile:
    """A class file opened: its kind (``csv`` or ``jsonl``), the delimiter of a CSV, the column of
    each field (``columns``: field → the header as written) and the columns no field uses."""

    def __init__(self, lines: _Lines, kind: str, delimiter: str = ",") -> None:
        self._lines = lines
        self.kind = kind
        self.delimiter = delimiter
        self.columns: dict[str, str] = {}
        self.ignored: list[str] = []
        self._index: dict[str, int] = {}
        self._numbered: list[int] = []  # the columns of one spécialité each (:data:`_NUMBERED_SPECIALITE`)

    def rows(self) -> Iterator[Row]:
        """Every student of the file, in order; blank rows are skipped."""
        return self._json_rows() if self.kind == "jsonl" else self._csv_rows()

    # -- CSV

    def _read_header(self) -> None:
        reader = csv.reader(self._lines, delimiter=self.delimiter)
        self._lines.start_row()
        try:
            header = next(reader)
        except _TooLong:
            raise InputError("batch.header_too_long", limit=MAX_RECORD) from None
        except csv.Error:
            raise InputError("batch.header_unreadable") from None
        self._reader = reader
        for position, cell in enumerate(header):
            name = cell.strip()
            if _undecodable(name):
                raise InputError("batch.encoding")
            if _NUMBERED_SPECIALITE.match(_column_key(name)):
                self._numbered.append(position)
                self.columns["specialites"] = ", ".join([*self.columns.get("specialites", "").split(", "), name]).strip(", ")
                continue
            field = _COLUMNS.get(_column_key(name))
            if field is None or field in self._index and not _prefer(field, name, self.columns[field]):
                if name:
                    self.ignored.append(name)
                continue
            if field in self._index:
                self.ignored.append(self.columns[field])
            self._index[field] = position
            self.columns[field] = name
        if "bac" not in self._index:
            raise InputError("batch.no_bac", columns=[c.strip() for c in header if c.strip()])

    def _csv_rows(self) -> Iterator[Row]:
        reader = self._reader
        while True:
            line = self._lines.start_row()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except _TooLong:
                yield Failure(line=line, student=None, code="batch.too_long", data={"limit": MAX_RECORD})
                continue
            except csv.Error:
                yield Failure(line=line, student=None, code="batch.csv")
                continue
            if self._lines.in_quotes:  # the file ended inside a quoted cell: the rest of it was taken in
                yield Failure(line=line, student=None, code="batch.unclosed_quote")
                return
            values = {field: cells[i].strip() for field, i in self._index.items() if i < len(cells)}
            if self._numbered:
                one_each = [cells[i].strip() for i in self._numbered if i < len(cells) and cells[i].strip()]
                values["specialites"] = ", ".join(x for x in (values.get("specialites", ""), *one_each) if x)
            if not any(v for v in values.values()) and not any(c.strip() for c in cells):
                continue  # a blank row (spreadsheets export « ;;;; » lines)
            yield _student(line, values)

    # -- JSONL

    def _json_rows(self) -> Iterator[Row]:
        while True:
            line = self._lines.start_row()
            try:
                text = next(self._lines)
            except StopIteration:
                return
            except _TooLong:
                yield Failure(line=line, student=None, code="batch.too_long", data={"limit": MAX_RECORD})
                continue
            if not text.strip():
                continue
            if _undecodable(text):
                yield Failure(line=line, student=None, code="batch.undecodable")
                continue
            try:
                record = msgspec.json.decode(text)
            except msgspec.DecodeError:
                yield Failure(line=line, student=None, code="batch.json")
                continue
            if not isinstance(record, dict):
                yield Failure(line=line, student=None, code="batch.not_object")
                continue
            values: dict[str, Any] = {}
            wrong = None
            numbered: list[str] = []
            for key, value in record.items():
                field = _COLUMNS.get(_column_key(str(key)))
                if field is None and _NUMBERED_SPECIALITE.match(_column_key(str(key))) and isinstance(value, str):
                    numbered.append(value.strip())
                    continue
                if field is None or field in values:
                    continue
                cell = _json_value(field, value)
                if cell is _WRONG:
                    wrong = wrong or field
                    continue
                values[field] = cell
            if numbered:
                given = values.get("specialites") or []
                values["specialites"] = [*([given] if isinstance(given, str) else given), *(n for n in numbered if n)]
            if wrong is not None:
                student = values.get("student") if isinstance(values.get("student"), str) else None
                yield Failure(line=line, student=student or None, code="batch.value", data={"field": wrong})
                continue
            yield _student(line, values)


_WRONG = object()


def _json_value(field: str, value: Any) -> Any:
    """A JSON value as the cell it stands for: text, a number for ``age`` or the identifier, a
    number of years after the bac for ``niveau``, a list of texts for the list fields; anything
    else is wrong (:data:`_WRONG`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _WRONG
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and field in ("age", "student", "niveau"):
        whole = isinstance(value, int) or value.is_integer()
        if field == "student":
            return str(int(value)) if whole else str(value)
        if not whole or not 0 <= value <= 999:  # an age or a level is a small whole number (« 17.5 » is not)
            return _WRONG
        if field == "niveau":
            return f"bac+{int(value)}"  # the ``level`` of a profile: years after the bac
        return int(value)
    if isinstance(value, list) and field in ("specialites", "interets", "atouts") and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return _WRONG


def _student(line: int, values: dict[str, Any]) -> Row:
    """A row's cells as a :class:`Student`, or the :class:`Failure` that says why not."""
    ident = values.get("student")
    ident = str(ident) if ident not in (None, "") else None
    try:
        for field, value in values.items():
            if isinstance(value, str) and _undecodable(value):
                return Failure(line=line, student=None if field == "student" else ident, code="batch.undecodable")
        if ident is not None:
            checked_input(ident, "identifiant", MAX_FIELD)
        bac = values.get("bac")
        if not bac:
            return Failure(line=line, student=ident, code="batch.missing", data={"field": "bac"})
        specialites = values.get("specialites") or ()
        age = values.get("age")
        if isinstance(age, str):
            found = _AGE.match(age)
            age = int(found.group(1)) if found else age or None
        vers = values.get("vers") or None
        if vers is not None:
            checked_input(vers, "vers", MAX_FIELD)
        return Student(
            line=line,
            id=ident if ident is not None else f"ligne {line}",
            bac=bac,
            specialites=(specialites,) if isinstance(specialites, str) else tuple(specialites),
            niveau=values.get("niveau") or None,
            age=age,
            interets=_joined(values.get("interets")),
            atouts=_joined(values.get("atouts")),
            vers=vers,
        )
    except OrientError as exc:
        return Failure.of(line, ident, exc)


def _joined(value: Any) -> str | None:
    if isinstance(value, list):
        return ", ".join(value) or None
    return value or None


def _column_key(name: str) -> str:
    return normalize(name).replace(" ", "")


def _prefer(field: str, name: str, current: str) -> bool:
    """Two columns for one field: the name listed first in :data:`COLUMN_NAMES` wins (``identifiant`` over ``nom``)."""
    order = COLUMN_NAMES[field]
    return order.index(_column_key(name)) < order.index(_column_key(current))


def _undecodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _delimiter(header: str) -> str:
    """The delimiter a header line uses most, outside quotes: comma, semicolon or tab (comma by default)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# How workbook files start: .xlsx and .ods (zip archives), .xls (OLE2 compound document).
_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def read_class(stream: IO[bytes]) -> ClassFile:
    """Open a class file (bytes: a file, or standard input) and read its header; the rows are then
    read one at a time by :meth:`ClassFile.rows`. Raises :class:`InputError` when the file has no
    line (``batch.empty``), when its header is not UTF-8 text (``batch.encoding``), is unreadable
    or names no ``bac`` column (``batch.no_bac``)."""
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)  # type: ignore[type-var]  # (any stream of bytes: read ahead below)
    start = stream.peek(8)[:8]
    if start.startswith(_SPREADSHEETS):  # a workbook, not its CSV export: said plainly
        raise InputError("batch.spreadsheet")
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline=None)
    lines = _Lines(text)
    while True:
        lines.start_row()
        try:
            first = next(lines)
        except StopIteration:
            raise InputError("batch.empty") from None
        except _TooLong:
            raise InputError("batch.header_too_long", limit=MAX_RECORD) from None
        if first.strip():
            break
    lines.push(first)
    if first.lstrip().startswith("{"):
        return ClassFile(lines, "jsonl")
    lines.quoted = True
    opened = ClassFile(lines, "csv", _delimiter(first))
    opened._read_header()
    return opened


# -- running the profiles ------------------------------------------------------------------------

K = TypeVar("K")
V = TypeVar("V")


class _Recent(dict[K, V]):
    """A dict that keeps its ``size`` most recently used items."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_recent(self, key: K) -> V | None:
        value = self.pop(key, None)
        if value is not None:
            self[key] = value
        return value

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            del self[next(iter(self))]

    def keep(self, key: K, value: V) -> V:
        self[key] = value
        return value


_RANKS = {code: rank_ for rank_, code in enumerate(VERDICTS)}  # as :attr:`~orient.eligibility.Verdict.rank`
_REACH = tuple(REACH.get(code, 0.5) for code in VERDICTS)  # by rank: what of the fit each verdict keeps (fit_rank)


class _Verdicts:
    """Every formation's verdict for one profile (in the order of :attr:`Context.formations`),
    before the outcome of the student's pair of spécialités (:meth:`Context.pair`), and how many
    of each."""

    __slots__ = ("verdicts", "ranks", "counts")

    def __init__(self, verdicts: tuple[Verdict, ...]) -> None:
        self.verdicts = verdicts
        codes = [v.code for v in verdicts]
        self.ranks = bytes(map(_RANKS.__getitem__, codes))
        self.counts = {code: codes.count(code) for code in VERDICTS}

    def best_ranks(self, wanted: int, among: Iterable[int] | None = None) -> list[int]:
        """The formations (of ``among``, all by default) whose verdict is one of the best that
        ``wanted`` formations need: every formation of the last of these verdicts comes too."""
        ranks = self.ranks
        indexes = range(len(ranks)) if among is None else among
        counts = [0] * len(VERDICTS)
        for i in indexes:
            counts[ranks[i]] += 1
        total, worst = 0, len(VERDICTS) - 1
        for rank_, count in enumerate(counts):
            total += count
            if total >= wanted:
                worst = rank_
                break
        return [i for i in (range(len(ranks)) if among is None else among) if ranks[i] <= worst]


class _Asked(tuple):
    """A question a verdict asked of a profile (:func:`~orient.profile.asked`), with its arguments:
    records of the dataset, told apart by identity (the context keeps them all alive). A tuple of
    the question and those identities, so that hashing it is quick."""

    args: tuple

    def __new__(cls, question: Callable[..., Any], args: tuple) -> _Asked:
        asked = super().__new__(cls, (question, *map(id, args)))
        asked.args = args
        return asked

    def answer(self, profile: Profile) -> Any:
        return self[0](profile, *self.args)


class _Watched:
    """A profile that notes which of its attributes are read, and which questions are asked of it
    (:func:`~orient.profile.asked`): their answers, not what they read, then key the verdict."""

    __slots__ = ("_profile", "_read")

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._read: list[str | _Asked] = []

    def __getattr__(self, name: str) -> Any:
        if name not in self._read:
            self._read.append(name)
        return getattr(self._profile, name)

    def ask(self, question: Callable[..., Any], args: tuple) -> Any:
        asked = _Asked(question, args)
        if asked not in self._read:
            self._read.append(asked)
        return asked.answer(self._profile)


class _Values(dict[str | _Asked, Any]):
    """A profile's attributes as the keys of shared verdicts, read when first asked for. A record
    of the referential (a bac, a spécialité) stands for itself by identity: comparing two of them
    field by field, or hashing one, costs as much as the verdict. ``pinned`` keeps every record
    so named alive, so that no other object ever takes its identity."""

    def __init__(self, profile: Profile, pinned: dict[int, Any]) -> None:
        super().__init__()
        self.profile = profile
        self.pinned = pinned

    def __missing__(self, name: str | _Asked) -> Any:
        if isinstance(name, _Asked):
            value = self[name] = name.answer(self.profile)
        else:
            value = self[name] = self._key(getattr(self.profile, name))
        return value

    def _key(self, value: Any) -> Any:
        if isinstance(value, msgspec.Struct):
            self.pinned[id(value)] = value
            return (_RECORD, id(value))
        if isinstance(value, tuple):
            return tuple(self._key(v) for v in value)
        hash(value)  # anything else is a key as it is (a level, an age, a set of codes)
        return value


_RECORD = object()  # marks a record's identity in a key
_BASE = frozenset(("track", "level"))  # what profiles of one bac and one level read alike (see Context.verdicts)


class Context:
    """What running profiles needs, loaded once: the dataset, the Parcoursup import (or None), and
    what profiles share. Everything it keeps stays in memory.

    A formation's verdict (:func:`~orient.records.judge_rules`) is a function of the formation and of
    the attributes of the profile it reads: a formation open to any bac reads only the level and
    the age, one whose rule names a série reads the bac too. The spécialités are read through
    questions (:func:`~orient.profile.asked`: does the route name one of them, how many, does one
    belong to the sector named), whose answers stand for them. Each verdict is kept with the
    attributes it read and the answers it got, and serves every later profile that has the same
    values and gives the same answers (at most :data:`SHARED` per formation). The verdicts of the
    :data:`PROFILES` profiles met last are kept whole, and the targets of ``vers`` and the paths
    toward them as well."""

    PROFILES = 2048  # some 15 kB each, with the ONISEP corpus
    BASES = 256  # bacs and levels: some 15 kB each too
    SHARED = 256  # a bound: a class of 2,000 gives a formation at most 59 (answers, levels, ages), its spécialités no longer
    KEYS = 65_536  # distinct values kept per set of attributes read
    TARGETS = 512
    PATH_SETS = 1024

    def __init__(self, dataset: Dataset, parcoursup: Any = None) -> None:
        self.dataset = dataset
        self.parcoursup = parcoursup
        self.reader = BacReader(dataset.referential)
        self.formations: list[Formation] = check_formations(dataset, parcoursup=parcoursup)
        self.position = {f.id: i for i, f in enumerate(self.formations)}
        self._verdicts: _Recent[tuple, _Verdicts] = _Recent(self.PROFILES)
        # Per formation: (shape, key → judged), a shape being a set of attributes read, by number,
        # and a key the number of their values (one hash per profile and shape, not per formation).
        self._shared: list[list[tuple[int, dict[int, tuple]]]] = [[] for _ in self.formations]
        self._shapes: dict[tuple[str | _Asked, ...], int] = {}
        self._names: list[tuple[str | _Asked, ...]] = []  # by shape number: attributes read and questions asked
        self._keys: list[dict[tuple, int]] = []  # by shape: the values of its attributes → their number
        self._pinned: dict[int, Any] = {}
        # By bac and level: every formation's verdict for the first profile met, and the formations
        # whose verdict read more than these two (spécialités, age): the only ones looked up for the next.
        self._bases: _Recent[tuple, tuple[tuple[Verdict, ...], list[int]]] = _Recent(self.BASES)
        self._targets: _Recent[str, Formation | Metier | OrientError] = _Recent(self.TARGETS)
        self._paths: _Recent[tuple, list[dict]] = _Recent(self.PATH_SETS)
        self._bounds: _Recent[tuple, tuple] = _Recent(self.TARGETS)  # of the graph toward a target, by level (see find_paths)
        self._pairs: dict[tuple, SpecialitePair | None] = {}  # a few thousand at most: pairs × groups

    def verdicts(self, profile: Profile) -> _Verdicts:
        key = _profile_key(profile)
        found = self._verdicts.get_recent(key)
        if found is None:
            values = _Values(profile, self._pinned)
            keys: dict[int, int | None] = {}  # shape → the number of this profile's values for it
            base_key = (profile.track.code, profile.level)
            base = self._bases.get_recent(base_key)
            if base is None:  # the first profile of this bac and level: every formation looked up
                verdicts: list[Verdict] = []
                pending: list[int] = []  # the formations whose verdict read more than the bac and the level
                for number, formation in enumerate(self.formations):
                    judged, shape = self._lookup(number, formation, profile, values, keys)
                    verdicts.append(judged[0])
                    if not _BASE.issuperset(self._names[shape]):
                        pending.append(number)
                self._bases.keep(base_key, (tuple(verdicts), pending))
            else:  # the others: only the formations whose verdict read more
                template, pending = base
                verdicts = list(template)
                formations = self.formations
                for number in pending:
                    verdicts[number] = self._lookup(number, formations[number], profile, values, keys)[0][0]
            found = self._verdicts.keep(key, _Verdicts(tuple(verdicts)))
        return found

    def _lookup(self, number: int, formation: Formation, profile: Profile, values: _Values, keys: dict) -> tuple[tuple, int]:
        """The verdict of one formation for ``profile`` (:meth:`_judge`'s), shared when a profile with
        the same values for what it reads met it, and the shape it was kept with."""
        for shape, known in self._shared[number]:
            value = keys[shape] if shape in keys else keys.setdefault(shape, self._key(shape, values))
            judged = known.get(value) if value is not None else None
            if judged is not None:
                return judged, shape
        return self._judge(number, formation, profile, values, keys)

    def pair(self, profile: Profile, formation_id: str) -> SpecialitePair | None:
        """How candidates with the student's pair of spécialités fared in the formation's own group
        of the spécialités file (:func:`~orient.records.specialites_outcome`), found once per pair and group."""
        if self.parcoursup is None or profile.track.code != "GENERAL" or len(profile.specialites) != 2:
            return None
        group = self.parcoursup.group_of(formation_id)
        if group is None:
            return None
        key = (tuple(s.code for s in profile.specialites), group)
        if key not in self._pairs:
            self._pairs[key] = pair_in_group(profile, group, self.parcoursup)
        return self._pairs[key]

    def _key(self, shape: int, values: _Values) -> int | None:
        """The number of the profile's values for the attributes of ``shape`` (None past
        :data:`KEYS` of them: such a verdict is then computed, not kept)."""
        numbers = self._keys[shape]
        found = tuple(map(values.__getitem__, self._names[shape]))
        number = numbers.get(found)
        if number is None and len(numbers) < self.KEYS:
            number = numbers[found] = len(numbers)
        return number

    def _judge(self, number: int, formation: Formation, profile: Profile, values: _Values, keys: dict) -> tuple[tuple, int]:
        """:func:`~orient.records.judge` of one formation, kept with the attributes of the profile it
        read (its shape, returned with it)."""
        watched = _Watched(profile)
        judged = judge_rules(formation, cast(Profile, watched), self.dataset, self.parcoursup)
        names = tuple(watched._read)
        shape = self._shapes.get(names)
        if shape is None:
            shape = self._shapes[names] = len(self._names)
            self._names.append(names)
            self._keys.append({})
        for known_shape, table in self._shared[number]:
            if known_shape == shape:
                known = table
                break
        else:
            known = {}
            self._shared[number].append((shape, known))
        value = keys[shape] if shape in keys else keys.setdefault(shape, self._key(shape, values))
        if value is not None and len(known) < self.SHARED:
            known[value] = judged
        return judged, shape

    def target(self, text: str) -> Formation | Metier:
        found = self._targets.get_recent(text)
        if found is None:
            from .search import resolve_target

            try:
                found = resolve_target(self.dataset, text)
            except OrientError as exc:
                found = exc
            self._targets.keep(text, found)
        if isinstance(found, OrientError):
            raise found
        return found

    def paths(self, profile: Profile, target: Formation | Metier, limit: int) -> list[dict]:
        key = (_profile_key(profile), target.id, isinstance(target, Metier), limit)
        found = self._paths.get_recent(key)
        if found is None:
            from .paths import find_paths

            found = self._paths.keep(key, path_rows(find_paths(self.dataset, profile, target, limit=limit, bounds=self._bounds)))
        return found


def _profile_key(profile: Profile) -> tuple:
    return (profile.track.code, tuple(s.code for s in profile.specialites), profile.level, profile.age)


def read_profile(reader: BacReader, student: Student) -> Profile:
    """The student's profile, as ``check --bac … --specialite … --niveau … --age …`` reads it. A
    spécialités cell is read whole first (« maths pc », « Maths/PC », « maths et pc » are read so),
    then split at its separators, then at its spaces: the last reading that fails names the
    spécialité not understood."""
    tries = [list(student.specialites)]
    split = [p for value in student.specialites for p in _LIST.split(value) if p.strip()]
    if split != tries[0]:
        tries.append(split)
    words = [w for value in split for w in value.split()]
    if words != split:
        tries.append(words)
    error: InputError | None = None
    for values in tries:
        try:
            return reader.profile(student.bac, values, student.niveau, student.age)
        except InputError as exc:
            if not exc.code.startswith("specialite."):
                raise
            error = exc
    assert error is not None
    raise error


def profile_student(context: Context, student: Student, *, limit: int | None = DEFAULT_LIMIT, paths: int = PATHS) -> Profiled:
    """One student's report (see :class:`Profiled`): the rows ``orient check`` gives first for the
    same profile, interests and strengths (``limit`` of them, all with None), and with ``vers``
    the best ``paths`` toward it. Raises the core's :class:`OrientError` for a row that cannot be
    read (unknown bac, interests none understood, unknown target…)."""
    dataset = context.dataset
    profile = read_profile(context.reader, student)
    target = context.target(student.vers) if student.vers is not None else None
    wishes = read_wishes(dataset, profile, student.interets, student.atouts)
    sort = "fit" if wishes.terms else "verdict"
    results = _best(context, profile, wishes, sort, limit)
    rows = [check_row(r, dataset) for r in results]
    table = context.verdicts(profile)
    missing: dict[str, int] = {}
    for row in rows:
        for attendu in row["attendus_missing"]:
            missing[attendu["label"]] = missing.get(attendu["label"], 0) + 1
    report = {
        "student": student.id,
        "profile": profile_row(profile),
        "profile_text": profile.describe(),
        # What the fit reads: the centres d'intérêt understood, the atouts the student gave.
        "wishes": wishes_row(wishes),
        "rows": rows,
        "summary": {
            "counts": dict(table.counts),
            "best": [{"id": r["id"], "name": r["name"], "verdict": r["verdict"]} for r in rows[:BEST]],
            "missing_attendus": [{"label": k, "count": n} for k, n in sorted(missing.items(), key=lambda item: (-item[1], item[0]))],
        },
        "paths": context.paths(profile, target, paths) if target is not None else [],
        "vers": target.id if target is not None else None,
        "vers_name": target.name if target is not None else None,
    }
    corrected = tuple(pair for term in wishes.terms for pair in term.corrected)
    unknown = tuple(word for term in wishes.terms for word in term.unknown)
    former = context.reader.former_series(student.bac)
    return Profiled(line=student.line, report=report, corrected=corrected, unknown=unknown, former=former.code if former else "")


def _best(context: Context, profile: Profile, wishes: Wishes, sort: str, limit: int | None) -> list[CheckResult]:
    """The first ``limit`` results of ``check`` for ``profile`` and ``wishes``: only the formations
    whose verdict (and interest score, sorting by fit) can place them there are assessed for fit,
    then :func:`~orient.records.rank` orders them as ``check`` does."""
    dataset, parcoursup = context.dataset, context.parcoursup
    table = context.verdicts(profile)
    count = len(table.verdicts)
    if limit is None or limit >= count:
        chosen: Iterable[int] = range(count)
    elif sort == "verdict":
        chosen = table.best_ranks(limit)  # the verdict comes first in that order
    else:
        chosen = _best_by_fit(context, table, wishes, limit)
    engine = Engine(dataset) if wishes.terms else None
    covered = covered_tags(dataset, wishes)
    # Sorting by verdict, the fit ranks only the formations of a student who said what they have
    # (--atouts: attendus met); else only the fit of the ``limit`` first is assessed.
    later = sort == "verdict" and not wishes.requested and limit is not None
    results = []
    for i in chosen:
        formation = context.formations[i]
        summary = parcoursup.summary(formation.id) if parcoursup is not None else None
        fit = _UNRANKED if later else assess_fit(formation, dataset, wishes, engine, covered, table.verdicts[i])
        results.append(CheckResult(formation, table.verdicts[i], fit, summary, context.pair(profile, formation.id)))
    rank(results, profile, sort=sort, order=dataset.name_order, types=dataset.types.by_code)
    if limit is not None:
        del results[limit:]
    if later:
        verdicts, position = table.verdicts, context.position
        results = [
            msgspec.structs.replace(r, fit=assess_fit(r.formation, dataset, wishes, engine, covered, verdicts[position[r.formation.id]]))
            for r in results
        ]
    return results


# The fit of a formation whose fit does not rank it (no --interets, nor --atouts): as assess_fit's.
_UNRANKED = Fit(
    code=None, score=None, interest_score=None, interest_matches=(), attendus_met=(), attendus_missing=(), attendus_unknown=(), advice=()
)


_ROUNDING = 0.011  # twice what rounding to two decimals can move a score, and a margin


def _best_by_fit(context: Context, table: _Verdicts, wishes: Wishes, limit: int) -> list[int]:
    """The formations that can be among the first ``limit`` sorting by fit: the interest score
    (as :func:`~orient.fit.assess_fit` rounds it) weighted by the verdict's reach comes first, then
    the verdict; formations no interest meets all score 0, and come in the order of their verdicts.
    The weighted score is the very float :func:`~orient.records.fit_rank` computes: compared
    exactly, as the sort does (0.09 × 0.8 and 0.08 × 0.9 differ in their last bit)."""
    ranks, reach, position = table.ranks, _REACH, context.position
    # Rounding is slow: it is done only for the formations whose unrounded weighted score is near
    # the ``limit`` best or above. Rounding moves a score by 0.005 at most, so a formation further
    # below can neither pass those nor equal them.
    scores = wishes.scores
    found = zip(map(position.get, scores), scores.values(), strict=True)
    raw = [(score * reach[ranks[i]], i, score) for i, (score, _hits) in found if i is not None]
    if len(raw) > limit and (floor := heapq.nlargest(limit, raw)[-1][0] - _ROUNDING) > 0:
        raw = [item for item in raw if item[0] >= floor]
    scored = [(-fit, ranks[i], i) for _raw, i, score in raw if (fit := round(score, 2) * reach[ranks[i]]) > 0]
    if len(scored) >= limit:
        worst, rank_, _i = heapq.nsmallest(limit, scored)[-1]
        bound = (worst, rank_, len(ranks))  # its equals come too
        return [i for key in scored if key < bound for i in key[2:]]
    chosen = [i for _fit, _rank, i in scored]
    taken = set(chosen)
    rest = [i for i in range(len(ranks)) if i not in taken]
    return chosen + table.best_ranks(limit - len(chosen), rest)


Finish = Callable[[Profiled], Profiled]  # what becomes of a report where it is made (see run_profiles)


def run_one(context: Context, row: Row, *, limit: int | None = DEFAULT_LIMIT, paths: int = PATHS, finish: Finish | None = None) -> Outcome:
    """One row run: a :class:`Failure` passes through, a :class:`Student` is profiled (then
    ``finish``-ed), or fails."""
    if isinstance(row, Failure):
        return row
    try:
        profiled = profile_student(context, row, limit=limit, paths=paths)
    except OrientError as exc:
        return Failure.of(row.line, row.id, exc)
    return finish(profiled) if finish is not None else profiled


def run_profiles(
    rows: Iterable[Row],
    context: Context | None = None,
    *,
    loader: Callable[[], Context] | None = None,
    jobs: int = 1,
    limit: int | None = DEFAULT_LIMIT,
    paths: int = PATHS,
    chunk: int = CHUNK,
    finish: Finish | None = None,
) -> Iterator[Outcome]:
    """Every row run (:func:`run_one`), in the input order, as they come: rows are read only as
    fast as results are taken, so that memory stays the same however long the input.

    With ``jobs`` > 1, the rows go to ``jobs`` worker processes (started afresh, the way every
    platform can), each of which builds its own context once with ``loader``, a function
    importable by name. A row goes to the worker of its profile as typed (bac, spécialités, age,
    level), so that each worker meets a share of the profiles and keeps their verdicts; rows go by
    chunks of ``chunk``, and at most ``4 × jobs × chunk`` rows are on their way at any time.
    Otherwise everything runs here, on ``context`` (or ``loader()``).

    ``finish``, a function importable by name, is applied to each report where it is made: in a
    worker, what the caller would do with it first (write its rows out, say) is then done there, and
    only what it gives crosses back to this process.

    The same call maps a partition of a distributed engine: ``rdd.mapPartitions(lambda part:
    run_profiles(part, loader=load))`` in Spark, ``bag.map_partitions`` in Dask.
    """
    if jobs <= 1:
        if context is None:
            if loader is None:
                raise ValueError("run_profiles needs a context or a loader")
            context = loader()
        for row in rows:
            yield run_one(context, row, limit=limit, paths=paths, finish=finish)
        return
    if loader is None:
        raise ValueError("worker processes need a loader")
    yield from _Workers(loader, jobs, limit, paths, chunk, finish).run(rows)


class _Workers:
    """Worker processes, one pool each, and the rows on their way, put back in the input order."""

    def __init__(self, loader: Callable[[], Context], jobs: int, limit: int | None, paths: int, chunk: int, finish: Finish | None) -> None:
        import multiprocessing

        spawn = multiprocessing.get_context("spawn")
        self.pools = [spawn.Pool(1, initializer=_start_worker, initargs=(loader, limit, paths, finish)) for _ in range(jobs)]
        self.chunk = chunk
        self.window = 4 * jobs * chunk
        self.buffers: list[list[tuple[int, Student]]] = [[] for _ in range(jobs)]
        self.buffered: dict[int, int] = {}  # number of a row not sent yet → its worker
        self.sent: dict[int, tuple[Any, list[int]]] = {}  # number of a row sent → (its chunk's result, the chunk's numbers)
        self.done: dict[int, Outcome] = {}

    def run(self, rows: Iterable[Row]) -> Iterator[Outcome]:
        following = 0  # the number of the next row to yield
        count = 0
        try:
            for count, row in enumerate(rows, 1):
                number = count - 1
                if isinstance(row, Failure):
                    self.done[number] = row
                else:
                    worker = _route(row) % len(self.pools)
                    self.buffers[worker].append((number, row))
                    self.buffered[number] = worker
                    if len(self.buffers[worker]) >= self.chunk:
                        self._send(worker)
                while following in self.done or count - following > self.window:
                    if following not in self.done:
                        self._wait(following)
                    yield self.done.pop(following)
                    following += 1
            while following < count:
                if following not in self.done:
                    self._wait(following)
                yield self.done.pop(following)
                following += 1
            for pool in self.pools:
                pool.close()
        finally:
            for pool in self.pools:
                pool.terminate()
                pool.join()

    def _send(self, worker: int) -> None:
        part, self.buffers[worker] = self.buffers[worker], []
        numbers = [number for number, _row in part]
        result = self.pools[worker].apply_async(_work, ([row for _number, row in part],))
        for number in numbers:
            del self.buffered[number]
            self.sent[number] = (result, numbers)

    def _wait(self, number: int) -> None:
        if number in self.buffered:
            self._send(self.buffered[number])
        result, numbers = self.sent[number]
        try:
            outcomes = _DECODER.decode(result.get())
        except _NotLoaded as exc:
            code, data, suggestions = exc.args
            raise OrientError(code, suggestions=suggestions, **data) from None
        for done, outcome in zip(numbers, outcomes, strict=True):
            self.done[done] = outcome
            del self.sent[done]


def _route(student: Student) -> int:
    """The worker of a row: the same for the same profile as typed, whatever the order of its words."""
    words = sorted(normalize(" ".join((student.bac, *student.specialites, str(student.age), student.niveau or ""))).split())
    return zlib.crc32(" ".join(words).encode("utf-8", "surrogateescape"))


_WORKER: dict[str, Any] = {}


class _NotLoaded(Exception):
    """A worker could not load its context: the core error as data (it crosses back to the parent)."""


def _start_worker(loader: Callable[[], Context], limit: int | None, paths: int, finish: Finish | None) -> None:
    """A worker process starts: it loads its context once. Ctrl-C is the parent's to handle. An
    error is kept for the first chunk to raise: a pool whose workers fail to start starts new
    ones forever."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER.update(context=loader(), limit=limit, paths=paths, finish=finish)
    except OrientError as exc:
        _WORKER.update(failed=(exc.code, exc.data, exc.suggestions))


# Results go back to the parent in MessagePack: decoded twice as fast as pickled dicts, and the
# parent decodes every student's results. (A value msgpack lacks, a path, goes as text.)
_ENCODER = msgspec.msgpack.Encoder(enc_hook=str)
_DECODER = msgspec.msgpack.Decoder(list[Profiled | Failure])


def _work(part: list[Row]) -> bytes:
    if "failed" in _WORKER:
        raise _NotLoaded(*_WORKER["failed"])
    context = _WORKER["context"]
    done = [run_one(context, row, limit=_WORKER["limit"], paths=_WORKER["paths"], finish=_WORKER["finish"]) for row in part]
    return _ENCODER.encode(done)
