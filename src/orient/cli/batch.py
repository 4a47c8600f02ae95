"""« orient batch »: a whole class from a CSV or JSONL file, each student's best formations."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, Optional

import msgspec
import typer

from . import output
from .app import OrientCommand, _dataset, _format, _limit, _parcoursup, app
from .messages import BadUsage, Failure, describe

if TYPE_CHECKING:
    from ..batch import Context, Outcome, Profiled
    from ..dataset import Dataset

SHOWN_NOTES = 20  # notes on words of « interets » printed; the rest are counted
MAX_JOBS = 64


def load_context() -> Context:
    """The context of ``orient batch``: the dataset the other commands use, with the Parcoursup
    import when there is one (each worker process calls it once)."""
    from ..batch import Context

    dataset = _dataset()
    return Context(dataset, _parcoursup(dataset))


@app.command(cls=OrientCommand, short_help="Toute une classe d'un coup : les formations de chaque élève d'un fichier.")
def batch(
    fichier: Annotated[
        str,
        typer.Argument(help="Le fichier de la classe, CSV ou JSONL (« - » : l'entrée standard).", metavar="FICHIER", show_default=False),
    ],
    limit: Annotated[
        Optional[str],
        typer.Option("--limit", "-l", metavar="N", help="Au plus N formations par élève, les meilleures (par défaut 10 ; 0 : toutes)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Une ligne par élève : ses verdicts comptés, ses meilleures formations, les attendus qui lui manquent."
        ),
    ] = False,
    jobs: Annotated[
        str,
        typer.Option(
            "--jobs", "-j", metavar="N", show_default=False, help="Répartir les élèves sur N processus (0 : un par cœur ; par défaut 1)."
        ),
    ] = "1",
    rapport: Annotated[
        Optional[Path],
        typer.Option("--rapport", metavar="DOSSIER", help="Écrire une page HTML imprimable par élève, et un index, dans DOSSIER."),
    ] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format de sortie : table, json, jsonl, csv ou tsv (avec --rapport : les pages seules, sauf si --format est donné).",
        ),
    ] = None,
) -> None:
    """Pour chaque élève d'un fichier (une ligne par élève), ce que donnerait « orient check » :
    les formations les meilleures d'abord, avec leur verdict, et avec la colonne « vers » les
    meilleurs chemins vers un métier ou une formation.

    Colonnes : identifiant (ou nom, élève), bac, specialites, niveau, age, interets, atouts, vers ;
    accents, majuscules, espaces et tirets n'y comptent pas. Le fichier est en CSV (virgules ou
    points-virgules, UTF-8) ou en JSONL (un objet JSON par ligne). Une ligne illisible est signalée
    avec son numéro, les autres élèves sont traités, et le code de sortie vaut alors 1."""
    from ..batch import DEFAULT_LIMIT, Context, read_class, run_profiles

    shown = _format(fmt or "table")
    per_student = DEFAULT_LIMIT if limit is None else _limit(limit)
    workers = _jobs(jobs)
    if rapport is not None:
        _folder(rapport)
    with ExitStack() as stack:
        opened = read_class(stack.enter_context(_opened(fichier)))
        if opened.ignored:
            output.message("Colonnes ignorées : " + ", ".join(f"« {c[:40]} »" for c in opened.ignored[:10]) + ".")
        # Loaded here too with --jobs: what cannot be loaded is said before any worker starts. The
        # workers judge the formations; this process then only writes.
        dataset = _dataset()
        parcoursup = _parcoursup(dataset)
        context = Context(dataset, parcoursup) if workers <= 1 else None
        # The rows in JSON are written out where they are made: with --jobs, the worker does it, and
        # this process only copies the text (reading them back would cost it as much as the workers).
        finish = (
            partial(rendered_rows, shown) if shown in ("json", "jsonl") and fmt is not None and not resume and rapport is None else None
        )
        outcomes = run_profiles(opened.rows(), context, loader=load_context, jobs=workers, limit=per_student, finish=finish)
        # With --rapport alone, the pages are the output.
        writer = stack.enter_context(_Writer(dataset, shown if fmt is not None or rapport is None else None, resume=resume))
        advance = stack.enter_context(_progress(fichier, opened.kind))
        reports = writer.reports(outcomes, advance)
        pages = _write_reports(reports, rapport, writer.unread) if rapport is not None else []
        for _report in reports:  # every student, also those the pages did not ask for
            pass
    writer.finish()
    if rapport is not None:
        from ..text import count_fr

        index = next((p for p in pages if p.name == "index.html"), None)
        where = f" ; ouvrez {index}" if index is not None else ""
        if writer.students:
            output.message(f"Rapport : {count_fr(writer.students, 'élève')}, pages écrites dans {rapport}{where}.")
        elif index is not None:
            output.message(f"Rapport : aucun élève traité ; les lignes non traitées sont dans {index}.")
        else:
            output.message("Rapport : aucune page écrite, faute d'élève traité.")
    if writer.failed:
        raise typer.Exit(1)


def rendered_rows(fmt: str, outcome: Profiled) -> Profiled:
    """A student's report with its rows written out in ``fmt`` (json or jsonl), as the output
    writes them, in place of the rows themselves."""
    report = outcome.report
    return msgspec.structs.replace(outcome, report={**report, "rows": None, "rendered": output.rendered(fmt, student_rows(report))})


def student_rows(report: dict) -> list[dict]:
    """A student's rows in the machine formats: ``student``, ``profile`` (with the wishes, as in
    ``check``), the keys of a ``check`` row, then ``vers``, ``vers_name`` and ``paths`` (the same
    on each of the student's rows: the best paths toward ``vers``, empty without it)."""
    person = {**report["profile"], **report["wishes"]}
    toward = {"vers": report["vers"], "vers_name": report["vers_name"], "paths": report["paths"]}
    return [{"student": report["student"], "profile": person, **row, **toward} for row in report["rows"]]


def _jobs(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_JOBS:
        raise BadUsage(f"--jobs attend un nombre de processus de 0 à {MAX_JOBS} : « {value[:40]} ».", hint="0 : un par cœur.")
    return number or os.cpu_count() or 1


def _folder(folder: Path) -> None:
    """The report folder, made if missing; one whose ``index.html`` was not written by a report is
    refused before any student is read (it is its owner's)."""
    from ..errors import os_reason
    from .report import INDEX, foreign

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Failure(f"Impossible de créer le dossier du rapport {folder} : {os_reason(exc)}.") from None
    if foreign(folder / INDEX):
        raise Failure(
            f"Le dossier {folder} contient déjà un fichier {INDEX} qui n'est pas un rapport d'orient : il n'est pas remplacé.",
            hint="Choisissez un autre dossier (--rapport), ou déplacez ce fichier.",
        )


def _write_reports(students: Iterator[dict], folder: Path, unread: list[dict]) -> list[Path]:
    from .report import write_reports

    return write_reports(students, folder, unread)


@contextmanager
def _opened(name: str) -> Iterator[IO[bytes]]:
    """The class file as bytes: standard input for « - », else the file."""
    if name == "-":
        yield sys.stdin.buffer
        return
    from ..errors import os_reason

    try:
        stream = open(name, "rb")  # noqa: SIM115  (closed below)
    except OSError as exc:  # like every input that cannot be read: a usage error (code 2)
        raise BadUsage(
            f"Impossible de lire {name} : {os_reason(exc)}.", hint="Indiquez un fichier CSV ou JSONL, ou « - » pour l'entrée standard."
        ) from None
    with stream:
        yield stream


@contextmanager
def _progress(name: str, kind: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal and the data goes elsewhere (a file, a pipe),
    for a class file whose lines can be counted first; otherwise a callback that does nothing."""
    if name == "-" or not output.use_rich(sys.stderr) or output.use_rich(sys.stdout):
        yield lambda _done: None
        return
    total = max(_count_lines(Path(name)) - (1 if kind == "csv" else 0), 1)
    with output.progress_bar("Élèves") as advance:
        yield lambda done: advance(done, max(done, total), "")


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return 0


UNREAD_LISTED = 1000  # failed rows listed in the report's index; the others are counted on stderr


class _Writer:
    """Writes each student's outcome as it comes: the rows (or the summary) on stdout in the
    format asked, a failed row or a note on stderr."""

    def __init__(self, dataset: Dataset, fmt: str | None, *, resume: bool) -> None:
        self.dataset = dataset
        self.fmt = fmt
        self.resume = resume
        self.out = sys.stdout  # taken now: a progress bar redirects sys.stdout to the terminal
        self.students = 0
        self.failed = 0
        self.notes = 0
        self.hints: list[str] = []
        self.unread: list[dict] = []  # the failed rows, for the report's index (the first UNREAD_LISTED)
        self.table_rows: list[dict] = []
        self._write: Any = None
        self._stream: Any = None

    def __enter__(self) -> _Writer:
        if self.fmt is not None and self.fmt != "table":
            template = _resume_template(self.dataset) if self.resume else _row_template(self.dataset)
            self._stream = output.row_stream(self.fmt, template=template, out=self.out)
            self._write = self._stream.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._stream is not None:
            self._stream.__exit__(*exc)

    def reports(self, outcomes: Iterable[Outcome], advance: Callable[[int], None]) -> Iterator[dict]:
        """Each outcome written as it comes; the report of each student read, for the pages."""
        for done, outcome in enumerate(outcomes, 1):
            advance(done)
            report = self.take(outcome)
            if report is not None:
                yield report

    def take(self, outcome: Outcome) -> dict | None:
        from ..batch import Failure as RowFailure

        if isinstance(outcome, RowFailure):
            self.failed += 1
            self._failure(outcome)
            return None
        self.students += 1
        self._notes(outcome)
        report = outcome.report
        if self.fmt is None:
            pass
        elif self.resume and self.fmt == "table":
            self.table_rows.append(report)
        elif self.resume:
            self._write([_resume_row(report)])
        elif self.fmt == "table":
            self._student_table(report)
        elif report.get("rendered") is not None:
            self._write(report["rendered"])
        else:
            self._write(student_rows(report))
        return report

    def finish(self) -> None:
        from ..text import count_fr

        if self.resume and self.fmt == "table":
            columns = _resume_columns(self.dataset)
            output.emit_rows(self.table_rows, "table", columns, empty="Aucun élève traité.", out=self.out)
        elif self.fmt is not None and not self.students:
            output.message("Aucun élève traité.")
        if self.notes > SHOWN_NOTES:
            output.message(f"… et {count_fr(self.notes - SHOWN_NOTES, 'autre remarque', 'autres remarques')} sur les centres d'intérêt.")
        if self.failed:
            from ..text import number_fr

            total = number_fr(self.failed + self.students)
            lines = count_fr(self.failed, "ligne non traitée", "lignes non traitées")
            others = " ; les autres élèves sont traités" if self.students else ""
            fix = "Corrigez cette ligne" if self.failed == 1 else "Corrigez ces lignes"
            output.message(f"{lines} sur {total}{others}. {fix}, puis relancez.")
            for hint in self.hints:
                output.message(f"Aide : {hint}")

    # -- stderr

    def _failure(self, failure: Any) -> None:
        from ..text import join_fr

        text, hint, candidates = describe(failure.error())
        if failure.suggestions:
            text += f" Vouliez-vous dire {join_fr(list(failure.suggestions), 'ou')} ?"
        whose = f" ({failure.student})" if failure.student and failure.student != f"ligne {failure.line}" else ""
        output.message("\n".join([f"ligne {failure.line}{whose} : {text}", *(f"  {c}" for c in candidates)]))
        if len(self.unread) < UNREAD_LISTED:
            # The choices it lists, in the sentence (« … plusieurs métiers ou formations : métier MET.36 technicien/ne chimiste ; … »).
            listed = " ; ".join(" ".join(c.split()) for c in candidates)
            reason = f"{text} {listed}." if candidates and text.endswith(":") else text
            self.unread.append({"line": failure.line, "student": failure.student, "reason": reason})
        if hint and hint not in self.hints:
            self.hints.append(hint)

    def _former(self, code: str) -> str:
        from ..profile import BacReader
        from .labels import former_note

        reader = BacReader(self.dataset.referential)
        former = reader.former_series(code)
        return former_note(former, reader.track(former.track)) if former is not None else ""

    def _notes(self, outcome: Profiled) -> None:
        notes = [self._former(outcome.former)] if outcome.former else []
        notes += [f"« {typed} » lu comme « {read} »" for typed, read in outcome.corrected]
        notes += [f"mot inconnu, ignoré : « {word} »" for word in outcome.unknown]
        for note in notes:
            self.notes += 1
            if self.notes <= SHOWN_NOTES:
                output.message(f"ligne {outcome.line} : {note}.")

    # -- stdout, table

    def _student_table(self, report: dict) -> None:
        from .output import Card, Section
        from .views import check_columns, path_summary

        sections = []
        if report["vers"] is not None:
            lines = [path_summary(p) for p in report["paths"]] or [_no_path(report)]
            sections.append(Section(f"Chemins vers {report['vers_name']}", lines, bullets=bool(report["paths"])))
        if self.students > 1:
            self.out.write("\n")
        age = report["profile"]["age"]
        subtitle = report["profile_text"] + (f", {age} ans" if age is not None else "")
        output.emit_card(Card(title=report["student"], subtitle=subtitle, sections=sections), {}, "table", out=self.out)
        with_fit = any(row["fit"] is not None for row in report["rows"])
        output.emit_rows(report["rows"], "table", check_columns(self.dataset, with_fit=with_fit), empty="Aucune formation.", out=self.out)


def _no_path(report: dict) -> str:
    profile = report["profile"]
    bac = " ".join([profile["bac"], *profile["specialites"]])
    bac = f'"{bac}"' if " " in bac else bac
    return f"Aucun chemin pour ce profil ; la raison : orient path --bac {bac} --vers {report['vers']}"


def _resume_row(report: dict) -> dict:
    """A student's summary, for ``--resume`` in the machine formats."""
    summary = report["summary"]
    return {
        "student": report["student"],
        "profile": {**report["profile"], **report["wishes"]},  # as on the rows, and in ``check``
        "counts": summary["counts"],
        "best": summary["best"],
        "missing_attendus": summary["missing_attendus"],
        "vers": report["vers"],
        "vers_name": report["vers_name"],
        "paths": report["paths"],
    }


def _resume_columns(dataset: Dataset) -> list[output.Column]:
    from ..levels import level_label
    from ..profile import short_name
    from ..text import number_fr
    from .labels import VERDICT_LABELS
    from .output import Column
    from .views import path_summary

    tracks = {t.code: t for t in dataset.referential.tracks}

    def profile(value: dict, _row: dict) -> str:
        track = tracks.get(value["bac"])
        text = " ".join([short_name(track) if track is not None else value["bac"], *value["specialite_names"]])
        if value["level"] and track is not None and value["level"] != track.level:
            text += f", {level_label(value['level'])}"
        return text + (f", {value['age']} ans" if value["age"] is not None else "")

    def counts(value: dict, _row: dict) -> str:
        return "\n".join(f"{VERDICT_LABELS[code]} : {number_fr(n)}" for code, n in value.items() if n)

    def best(_value: Any, row: dict) -> str:
        return "\n".join(f"{b['name']} — {VERDICT_LABELS[b['verdict']]}" for b in row["summary"]["best"]) or "—"

    def missing(_value: Any, row: dict) -> str:
        found = row["summary"]["missing_attendus"]
        return "\n".join(f"{m['label'].rstrip(' .')} ({m['count']})" for m in found[:3]) or "—"

    def toward(_value: Any, row: dict) -> str:
        if row["vers"] is None:
            return "—"
        return f"{row['vers_name']} :\n" + (path_summary(row["paths"][0]) if row["paths"] else "aucun chemin trouvé")

    return [
        Column("student", "Élève", max_width=20),
        Column("profile", "Profil", profile, max_width=24),
        Column("summary", "Verdicts", lambda v, r: counts(v["counts"], r)),
        Column("rows", "Meilleures formations", best, max_width=40),
        Column("attendus", "Attendus manquants (dans combien de formations)", missing, max_width=30),
        Column("paths", "Vers", toward, max_width=40),
    ]


def _row_template(dataset: Dataset) -> dict:
    """The shape of a student's rows (:func:`student_rows`), for the CSV/TSV header."""
    from ..records import CHECK_SHAPE, WISHED_PROFILE_SHAPE

    return {"student": None, "profile": WISHED_PROFILE_SHAPE, **CHECK_SHAPE, "vers": None, "vers_name": None, "paths": None}


def _resume_template(dataset: Dataset) -> dict:
    from ..eligibility import VERDICTS
    from ..records import WISHED_PROFILE_SHAPE

    return {
        "student": None,
        "profile": WISHED_PROFILE_SHAPE,
        "counts": dict.fromkeys(VERDICTS),
        "best": None,
        "missing_attendus": None,
        "vers": None,
        "vers_name": None,
        "paths": None,
    }
