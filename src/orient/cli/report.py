"""The HTML reports of ``orient batch --rapport``: one printable page per student, and an index.

A page says how the student's profile was read, their best formations with the verdict, its reasons
and the rule's source, what to work on (attendus not yet met, advice), and the paths toward their
target (``vers``) step by step. Pages stand alone: the style sheet is inline, nothing is fetched
(no script, font or image), so a page opens from a USB key and prints on A4, one formation never
cut across two sheets.

Students are read one at a time: only a line per student is kept for the index, written last.
File names come from the student's identifier, folded to ``[a-z0-9-]`` (:class:`FileNames`): an
identifier never names a file outside the folder. A page bears :data:`GENERATOR`: only such pages
(of an earlier run) are ever replaced; a file of the folder's owner of the same name is left whole
(a student's page takes another name; an ``index.html`` of theirs stops the run before it starts).
Every text is escaped by Jinja2 (autoescape on), which is imported only when reports are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..atomic import remove_stale_in, replace_file
from ..levels import level_label
from ..text import count_fr, fold, join_fr, number_fr, percent_fr
from .labels import FIT_LABELS, STEP_LABELS, VERDICT_LABELS, reasons_of, selection_text, short_of_metier
from .output import typeset as _typeset

if TYPE_CHECKING:
    import jinja2

INDEX = "index.html"
SUFFIX = ".html"
MAX_NAME = 60  # characters of a file name taken from an identifier, before « -2 » and « .html »
UNNAMED = "eleve"  # the file name of an identifier with no letter or digit
# Names a page never takes: the index, and those Windows keeps for devices.
RESERVED = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
GENERATOR = '<meta name="generator" content="orient">'  # in every page written (templates)
# How pages written before they bore GENERATOR began, after their first lines.
_EARLIER = b'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Orientation \xe2\x80\x94 '
VERDICT_ORDER = ("recommended", "possible", "bridge", "later", "unknown", "excluded")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# The same reasons, sources and attendus come back student after student: each is typeset once.
typeset = lru_cache(maxsize=8192)(_typeset)


class FileNames:
    """File names for identifiers: accents folded, anything but ``[a-z0-9]`` made a hyphen, and a
    number added on a collision (``dupont``, ``dupont-2``…), so two students never share a page."""

    def __init__(self, folder: Path | None = None) -> None:
        self.taken: set[str] = set(RESERVED)
        self.folder = folder  # where a file not written here is never replaced

    def take(self, identifier: str) -> str:
        base = slugify(str(identifier))
        name, n = base, 1
        while name in self.taken or self.folder is not None and foreign(self.folder / (name + SUFFIX)):
            n += 1
            name = f"{base}-{n}"
        self.taken.add(name)
        return name + SUFFIX


def foreign(path: Path) -> bool:
    """Whether ``path`` is a file this module did not write (without :data:`GENERATOR` near its start)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # unreadable, or a folder: not ours either
    return GENERATOR.encode() not in head and _EARLIER not in head


def slugify(identifier: str) -> str:
    """« Élodie Dupont » → ``elodie-dupont``; ``../../etc`` → ``etc``; nothing readable → ``eleve``."""
    slug = _NOT_SLUG.sub("-", fold(identifier)).strip("-")
    return slug[:MAX_NAME].rstrip("-") or UNNAMED


def write_reports(students: Iterable[dict], folder: Path, unread: Sequence[dict] = ()) -> list[Path]:
    """Write a page per student (rows as ``orient batch`` builds them) and ``index.html`` into
    ``folder`` (created if missing); returns the pages in the students' order, then the index.
    ``unread``: the rows that could not be read ({``line``, ``student``, ``reason``}), listed in the
    index — read once every student is written, as a batch fills it while they come.

    Each file is replaced whole (a reader sees the old page or the new one); pages of an earlier
    run whose student is not in this one are left as they are, unlinked from the new index.
    Raises :class:`OSError` when the folder or a file cannot be written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_in(folder, SUFFIX)  # once for the folder, not once per page
    environment = _environment()
    page, index = environment.get_template("student.html.j2"), environment.get_template("index.html.j2")
    footer = _footer()
    names = FileNames(folder)
    shared: dict[Any, Any] = {}  # one copy of what students share in the index (profiles, counts)
    entries: list[Entry] = []
    written: list[Path] = []
    for student in students:
        path = folder / names.take(student["student"])
        view = student_view(student)
        _write(path, page.render(page=view, footer=footer).encode("utf-8"))
        written.append(path)
        entries.append(index_entry(view, path.name, shared))
    path = folder / INDEX
    any_vers = any(entry.vers for entry in entries)
    html = bytearray()  # an académie's index: encoded as it is rendered, never held twice
    unread_view = [{**row, "reason": typeset(row["reason"])} for row in unread]
    pieces = index.generate(entries=entries, total=count_fr(len(entries), "élève"), any_vers=any_vers, unread=unread_view, footer=footer)
    for piece in pieces:
        html += piece.encode("utf-8")
    _write(path, html)
    written.append(path)
    return written


def _write(path: Path, html: bytes | bytearray) -> None:
    replace_file(path, html, durable=False, clean=False)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("orient.cli", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _footer() -> str:
    from .. import __version__

    today = dt.date.today()
    day = "1er" if today.day == 1 else str(today.day)
    return typeset(
        f"Établi par orient {__version__} le {day} {MONTHS[today.month - 1]} {today.year}. "
        "Chaque verdict s'appuie sur la règle citée : vérifiez-la auprès de l'établissement avant de candidater."
    )


# -- what a page shows ----------------------------------------------------------------------------


def student_view(student: dict) -> dict:
    """Everything a student's page shows, as French text ready to print (typography applied)."""
    rows = student.get("rows") or []
    summary = student.get("summary") or {}
    paths = student.get("paths") or []
    vers = student.get("vers")
    asking: dict[str, list[str]] = {}  # attendu → the formations on the page that ask for it
    for row in rows:
        for attendu in row.get("attendus_missing") or []:
            asking.setdefault(attendu["label"], []).append(row["name"])
    return {
        "student": student["student"],
        "profile_text": typeset(student.get("profile_text") or ""),
        "facts": profile_facts(student.get("profile") or {}, student.get("profile_text") or "", student.get("wishes") or {}),
        "vers": typeset(student.get("vers_name") or vers or ""),
        "counts": verdict_counts(summary.get("counts") or {}),
        "examined": _examined(sum((summary.get("counts") or {}).values())),
        "formations": [formation_view(row) for row in rows],
        "missing": [
            {"label": typeset(m["label"].rstrip(" .")), "asked_by": _asked_by(m["count"], asking.get(m["label"], []))}
            for m in summary.get("missing_attendus") or []
        ],
        "advice": [typeset(a) for a in _unique(a for row in rows for a in row.get("advice") or [])],
        "to_check": [typeset(a) for a in _unique(a for row in rows for a in row.get("attendus_unknown") or [])],
        "paths": [path_view(p, student.get("vers_name")) for p in paths] if vers else [],
        "best": [{"name": typeset(b["name"]), "verdict": _verdict(b["verdict"])} for b in summary.get("best") or []],
    }


def profile_facts(profile: dict, text: str = "", wishes: dict | None = None) -> list[dict]:
    """The profile as read, one fact a line: bac and spécialités (``text`` when given), level, age,
    and the centres d'intérêt and atouts understood (``wishes``), which the fit of each formation reads."""
    facts = []
    if text:
        facts.append(("Profil", text))
    else:
        if profile.get("bac_name"):
            facts.append(("Bac", profile["bac_name"]))
        if profile.get("specialite_names"):
            label = "Spécialités" if len(profile["specialite_names"]) > 1 else "Spécialité"
            facts.append((label, ", ".join(profile["specialite_names"])))
    if profile.get("level"):
        facts.append(("Niveau atteint", level_label(profile["level"])))
    if profile.get("age") is not None:
        facts.append(("Âge", f"{profile['age']} ans"))
    if wishes and wishes.get("interests"):
        facts.append(("Centres d'intérêt", ", ".join(wishes["interests"])))
    if wishes and wishes.get("strengths"):
        facts.append(("Atouts", " ; ".join(wishes["strengths"])))
    return [{"label": label, "value": typeset(value)} for label, value in facts]


def verdict_counts(counts: dict) -> list[dict]:
    """Counts by verdict, in the order of verdicts (best first), those at zero left out."""
    order = [*VERDICT_ORDER, *sorted(set(counts) - set(VERDICT_ORDER))]
    return [{"code": code, "label": _verdict(code), "count": number_fr(counts[code])} for code in order if counts.get(code)]


def formation_view(row: dict) -> dict:
    level = row.get("level") or {}
    facts = [row.get("type_name") or row.get("type") or ""]
    if level.get("bac_plus") is not None:
        facts.append(level_label(level["bac_plus"]))
    if row.get("duration_years"):
        facts.append(_years(row["duration_years"]))
    rule = row.get("rule") or {}
    met, missing = row.get("attendus_met") or [], row.get("attendus_missing") or []
    readiness = []
    if met or missing:
        readiness.append(f"Prêt pour {count_fr(len(met), 'attendu')} sur {len(met) + len(missing)}")
    if row.get("attendus_unknown"):
        readiness.append(f"{count_fr(len(row['attendus_unknown']), 'attendu')} à vérifier soi-même")
    fit = row.get("fit")
    return {
        "id": row.get("id") or "",
        "name": typeset(row["name"]),
        "facts": typeset(" · ".join(f for f in facts if f)),
        "verdict_code": _css(row["verdict"]),
        "verdict": _verdict(row["verdict"]),
        "fit": typeset(f"{FIT_LABELS.get(fit, fit)} ({_score(row['fit_score'])})") if fit and row.get("fit_score") is not None else "",
        "reasons": [typeset(r) for r in reasons_of(row)],
        "condition": typeset(row.get("condition") or ""),
        "selection": typeset(selection_text(row.get("selection") or [])) if row.get("selection") else "",
        "source": typeset(rule.get("source") or ""),
        "url": _address(rule.get("url")),
        "admissions": admissions_text(row.get("admissions")),
        "attendus": typeset(" ; ".join(readiness) + ".") if readiness else "",
    }


def admissions_text(admissions: dict | None) -> str:
    """« Parcoursup 2024 : 120 places, 1 500 candidats, taux d'accès moyen 45 %. »"""
    if not admissions:
        return ""
    figures = []
    if admissions.get("places") is not None:
        figures.append(count_fr(admissions["places"], "place"))
    if admissions.get("candidates") is not None:
        figures.append(count_fr(admissions["candidates"], "candidat"))
    if admissions.get("access_rate") is not None:
        figures.append(f"taux d'accès moyen {percent_fr(admissions['access_rate'] / 100)}")
    if not figures:
        return ""
    return typeset(f"Parcoursup, session {admissions.get('session')} : " + ", ".join(figures) + ".")


def path_view(path: dict, target: str | None) -> dict:
    start = path.get("start_level") or 0
    since = "après le bac" if start == 0 else f"à partir du niveau {level_label(start)}"
    final = (path.get("final_level") or {}).get("bac_plus")
    title = f"Chemin {path['path']} : {_years(path['total_years'])} d'études {since}"
    if final is not None:
        title += f", niveau final {level_label(final)}"
    return {
        "title": typeset(title),
        "steps": [step_view(step) for step in path.get("steps") or []],
        "metier": typeset(target or path["metier"]) if path.get("metier") else "",
        "short": typeset(short_of_metier(path)),
    }


def step_view(step: dict) -> dict:
    years = _years(step["years"]) if step.get("years") is not None else ""
    if years and step.get("completes") is False and step.get("duration_years"):
        years += f" sur {step['duration_years']} (sans aller jusqu'au diplôme)"
    return {
        "name": typeset(step["name"]),
        "years": typeset(years),
        "verdict_code": _css(step["verdict"]),
        "verdict": STEP_LABELS.get(step["verdict"], step["verdict"]),
        "condition": typeset(step.get("condition") or ""),
        "off_route": bool(step.get("off_route")),
        "reasons": [typeset(r) for r in step.get("reasons") or []],
    }


class Entry(NamedTuple):
    """A student's line in the index: kept for every student until the index is written, so small."""

    student: str
    file: str
    profile: str
    counts: tuple[str, ...]
    best: str
    vers: str
    paths: str


def index_entry(view: dict, file_name: str, shared: dict[Any, Any] | None = None) -> Entry:
    """The index line of a student's page; texts equal to one in ``shared`` are kept once."""
    share = (lambda value: value) if shared is None else (lambda value: shared.setdefault(value, value))
    best = view["best"][0] if view["best"] else (view["formations"][0] if view["formations"] else None)
    return Entry(
        student=view["student"],
        file=file_name,
        profile=share(view["profile_text"]),
        counts=share(tuple(typeset(f"{c['label']} : {c['count']}") for c in view["counts"])),
        best=share(f"{best['name']} ({best['verdict']})" if best else ""),
        vers=share(view["vers"]),
        paths=share(count_fr(len(view["paths"]), "chemin") if view["vers"] else ""),
    )


def _examined(total: int) -> str:
    if total == 1:
        return typeset("Le verdict de la formation examinée :")
    return typeset(f"Les verdicts des {count_fr(total, 'formation')} examinées :")


def _verdict(code: str) -> str:
    return VERDICT_LABELS.get(code, code)


def _css(code: str) -> str:
    """A verdict code as a class name (codes are words; anything else is folded to one)."""
    return _NOT_SLUG.sub("-", fold(str(code))).strip("-")


def _address(url: Any) -> str:
    """A link only to a web address: nothing else (``javascript:``…) is put in an ``href``."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s\"'<>]+$", url) else ""


def _years(value: float) -> str:
    n = int(value) if float(value).is_integer() else str(value).replace(".", ",")
    return f"{n} an" if n == 1 else f"{n} ans"


def _score(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _asked_by(count: int, names: list[str]) -> str:
    """« demandé par BTS photographie et DN MADE mention numérique », else « demandé par 4 formations »."""
    if names and len(names) == count:
        return typeset("demandé par " + join_fr(names, "et"))
    return typeset(f"demandé par {count_fr(count, 'formation')}")


def _unique(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
