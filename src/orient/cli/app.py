"""The ``orient`` command line: parses options, calls the core, hands rows to the output module.

No ``from __future__ import annotations`` here: typer reads every command's
annotations at start-up, and real objects cost less to read than strings.
"""

import errno
import gc
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import InputError, OrientError
from ..text import count_fr, of_fr, sort_key
from . import output
from .messages import BadUsage, Failure, describe
from .parser_messages import french_help, french_usage_error

if TYPE_CHECKING:
    from typer._click import Context

    from ..parallel import Buffer


def _typeset_help(command) -> None:
    """No-break spaces in a command's help texts before they are wrapped (« : » never starts a line)."""
    typeset = output.typeset
    for attr in ("help", "short_help"):
        if getattr(command, attr, None):
            setattr(command, attr, typeset(getattr(command, attr)))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = typeset(param.help)


class OrientCommand(TyperCommand):
    """A command whose help page is in French."""

    def get_help(self, ctx: "Context") -> str:
        _typeset_help(self)
        return french_help(super().get_help(ctx))


class OrientGroup(TyperGroup):
    """Turns every error into a French message and an exit code; never a traceback."""

    def get_help(self, ctx: "Context") -> str:
        _typeset_help(self)
        return french_help(super().get_help(ctx))

    def invoke(self, ctx: "Context") -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _reader_gone()

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> NoReturn:
        from typer._click.exceptions import UsageError

        argv = list(sys.argv[1:] if args is None else args)
        _closed_streams()
        unreadable = next((a for a in argv if _undecodable(a)), None)
        if unreadable is not None:
            shown = unreadable.encode("utf-8", "replace").decode("utf-8")
            output.error(
                f"L'argument « {shown[:80]} » contient des octets qui ne sont pas du texte UTF-8.",
                hint="Retapez-le, ou vérifiez l'encodage du terminal (UTF-8).",
            )
            sys.exit(2)
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "orient",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except UsageError as exc:
            text, suggestions, hint = french_usage_error(exc, argv, self)
            output.error(text, suggestions=suggestions, hint=hint)
            sys.exit(2)
        except OrientError as exc:
            text, hint, candidates = describe(exc)
            output.error(text, suggestions=exc.suggestions, hint=hint, candidates=candidates)
            sys.exit(2 if isinstance(exc, InputError) else 1)
        except (typer.Abort, KeyboardInterrupt):
            output.message("Interrompu.")
            sys.exit(130)
        except BrokenPipeError:
            _reader_gone()
        except OSError as exc:
            _cannot_write(exc)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_gone()
        except OSError as exc:
            _cannot_write(exc)
        sys.exit(result if isinstance(result, int) else 0)


def _undecodable(arg: str) -> bool:
    """An argument with bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Closed(io.TextIOBase):
    """Standard output closed by the caller (``orient … >&-``): writing to it fails as writing to a
    closed descriptor does, and the command says so."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _closed_streams() -> None:
    """A standard stream the caller closed is None: stdout fails when written to, stderr (the
    messages) is sent nowhere, as asked. An output in another encoding than UTF-8
    (``PYTHONIOENCODING=latin-1``) shows « ? » for a character it lacks, where writing it failed
    (the machine formats are written in UTF-8 whatever the encoding)."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    elif isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        sys.stdout.reconfigure(errors="replace")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the life of the process)


def _cannot_write(exc: OSError) -> NoReturn:
    """Writing failed (a full disk, a closed output…): said in French, exit 1. What was still
    buffered goes to /dev/null, so that Python's exit does not try again."""
    reasons = {errno.ENOSPC: "plus de place sur le disque", errno.EBADF: "la sortie est fermée", errno.EFBIG: "fichier trop grand"}
    if exc.errno in reasons:
        output.error(f"Écriture impossible : {reasons[exc.errno]}.")
    else:
        output.error(f"Erreur du système : {exc.strerror or exc}.")
    _drop_stdout()
    sys.exit(1)


def _reader_gone() -> NoReturn:
    """The reader of stdout went away (``orient … | head -1``): stop quietly, as Unix tools do.
    Whatever was still buffered goes to /dev/null so that Python's exit does not complain."""
    _drop_stdout()
    sys.exit(0)


def _drop_stdout() -> None:
    """Standard output pointed at /dev/null: what is still buffered is not written at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no descriptor of its own (closed, replaced)
        pass


app = typer.Typer(
    cls=OrientGroup,
    name="orient",
    help="Où mène mon bac ? Les formations accessibles après le bac, le verdict pour chacune, ses règles et ses débouchés.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
data_app = typer.Typer(
    cls=OrientGroup,
    help="Le jeu de données : vérifier, importer des fiches ONISEP, voir ce qui est chargé.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(data_app, name="data")
import_app = typer.Typer(
    cls=OrientGroup,
    help="Importer des fiches dans le jeu de données (format : onisep).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
data_app.add_typer(import_app, name="import")

FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="Format de sortie : table, json, jsonl, csv ou tsv.", metavar="FORMAT"),
]

LimitOption = Annotated[Optional[str], typer.Option("--limit", "-l", metavar="N", help="Au plus N lignes, les premières (0 : toutes).")]
SCREEN_ROWS = 25  # rows of « orient check » shown in a terminal without --limit


def _limit(value: str | None, fmt: str = "", *, screen: bool = False) -> int | None:
    """``--limit N`` read (0 or absent: no limit); with ``screen``, a table on a terminal shows
    :data:`SCREEN_ROWS` rows by default."""
    if value is None:
        return SCREEN_ROWS if screen and fmt == "table" and output.use_rich(sys.stdout) else None
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 1_000_000:
        raise BadUsage(f"--limit attend un nombre entier positif (0 pour tout voir) : « {value[:40]} ».")
    return number or None


BacOption = Annotated[
    str, typer.Option("--bac", "-b", help="Votre bac : STI2D, « STI2D SIN », général, « bac pro photo »… (liste : orient bacs).")
]
SpecialiteOption = Annotated[
    Optional[list[str]],
    typer.Option("--specialite", "-s", help="Spécialité ou option du bac (répétable) : SIN, maths, cinéma-audiovisuel…"),
]
NiveauOption = Annotated[Optional[str], typer.Option("--niveau", "-n", help="Niveau déjà atteint : bac, bac+1, bac+2…")]
AgeOption = Annotated[Optional[str], typer.Option("--age", metavar="ANS", help="Votre âge, pour les limites d'âge des concours.")]
InterestsOption = Annotated[
    Optional[str],
    typer.Option(
        "--interets",
        "-i",
        help="Vos centres d'intérêt, séparés par des virgules : « cinéma, lumière, technique » (liste : orient interets).",
        metavar="MOTS",
    ),
]


def _format(value: str) -> str:
    value = value.strip().lower()
    if value in output.FORMATS:
        return value
    from ..text import suggest

    raise BadUsage(
        f"Format inconnu : « {value} ».",
        suggestions=suggest(value, output.FORMATS, limit=1, cutoff=50),
        hint="Formats : " + ", ".join(output.FORMATS) + ".",
    )


def _dataset():
    """The dataset commands work on: embedded (or $ORIENT_DATA) plus the user's ONISEP import, if any."""
    from ..dataset import IMPORT_FILE, data_dir
    from ..storage import present

    if not present(data_dir() / IMPORT_FILE):
        return _embedded()  # nothing imported: the import code is not even loaded (anything else is read, or said unreadable)
    from ..onisep.store import load_merged

    configured = os.environ.get("ORIENT_DATA")
    dataset = load_merged(Path(configured) if configured else None)
    if dataset.import_outdated:
        output.message(OUTDATED_IMPORT)
    return dataset


OUTDATED_IMPORT = (
    "Attention : les fiches importées l'ont été avec d'autres données intégrées (une mise à jour d'orient depuis) ; "
    "elles suivent les règles nationales d'alors. « orient data import onisep » (sans dossier) les relit avec les "
    "règles actuelles (et rend les commandes plus rapides)."
)


DEFAULT_RADIUS_KM = 30.0

RegionOption = Annotated[
    Optional[str],
    typer.Option(
        "--region",
        metavar="RÉGION",
        help="Seulement ce qui s'enseigne dans cette région (données Parcoursup) : son nom ou son abréviation (PACA, IDF, AURA…).",
    ),
]
DepartementOption = Annotated[
    Optional[str],
    typer.Option("--departement", metavar="DÉPARTEMENT", help="Seulement ce qui s'enseigne dans ce département (nom ou code)."),
]
NearOption = Annotated[
    Optional[str],
    typer.Option(
        "--pres-de", metavar="LIEU", help="Près de ce lieu : une commune ou un département des données Parcoursup, ou « lat,lon »."
    ),
]
RadiusOption = Annotated[
    Optional[str],
    typer.Option("--rayon", metavar="KM", help=f"Distance maximale de --pres-de, en km (par défaut {DEFAULT_RADIUS_KM:.0f} pour check)."),
]


def _area(parcoursup, region, near, radius, *, default_radius=None, departement=None):
    """``--region``, ``--departement``, ``--pres-de`` and ``--rayon`` read against the Parcoursup import (None when none is given)."""
    if region is None and near is None and radius is None and departement is None:
        return None
    if radius is not None and near is None:
        raise BadUsage("--rayon mesure une distance à --pres-de : indiquez aussi --pres-de LIEU.")
    if parcoursup is None:
        raise Failure(
            "Aucune donnée Parcoursup importée : --region, --departement et --pres-de ne peuvent rien filtrer.",
            hint="Importez-les d'abord : orient data import parcoursup FICHIER…",
        )
    from ..records import Area

    km = _radius(radius) if radius is not None else default_radius
    return Area(
        region=parcoursup.region(region) if region is not None else None,
        near=parcoursup.place(near) if near is not None else None,
        radius_km=km if near is not None else None,
        departement=parcoursup.departement(departement) if departement is not None else None,
    )


def _radius(value: str) -> float:
    try:
        km = float(value.replace(",", ".").strip())
    except ValueError:
        raise BadUsage(f"Rayon illisible : « {value} ».", hint="Un nombre de kilomètres : --rayon 30") from None
    if not 0 < km <= 2000:
        raise BadUsage(f"Rayon hors limites : « {value} ».", hint="De 1 à 2000 km.")
    return km


def _area_line(area) -> str:
    parts = []
    if area.region:
        parts.append(f"en région {area.region}")
    if area.departement:
        code, name = area.departement
        parts.append(f"dans le département {name}" + (f" ({code})" if code else ""))
    if area.near is not None:
        within = f"à moins de {area.radius_km:g} km " if area.radius_km is not None else "près "
        parts.append(within + _of_place(area.near))
    return "Lieu : formations enseignées " + " et ".join(parts) + " (données Parcoursup)."


def _of_place(place) -> str:
    """« de Lyon », « du Mans », « des Sables-d'Olonne », « du département Finistère », « du point 45.76, 4.84 »."""
    if place.kind == "departement":  # their names go with an article of their own (« du Finistère »): said apart
        return f"du département {place.label}"
    if place.kind == "point":
        return f"du point {place.label}"
    first, _, rest = place.label.partition(" ")
    article = {"le": "du", "les": "des"}.get(first.lower())
    return f"{article} {rest}" if article and rest else f"de {place.label}"


SHOWN_PROBLEMS = 20  # problems of an import listed on stderr; the rest are counted


def problem_lines(problems) -> None:
    """An import's problems on stderr, the first :data:`SHOWN_PROBLEMS` of them, then how many more."""
    for problem in problems[:SHOWN_PROBLEMS]:
        output.message(f"  {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        output.message(f"  … et {len(problems) - SHOWN_PROBLEMS} autres lignes ignorées.")


def waiting_for_lock(lock: Path, timeout: float) -> None:
    """Said on stderr when another import or reset holds the lock of the data directory."""
    from ..text import number_fr

    output.message(
        f"Un autre import ou une remise à zéro est en cours (verrou {lock}) : attente de sa fin, {number_fr(round(timeout))} s au plus…"
    )


def run_with_progress(run_import, description: str, *args, **kwargs):
    """An import (ONISEP or Parcoursup ``run_import``) with a progress bar on a terminal; when it
    fails, the problems that stopped it are listed on stderr before the error."""
    from ..errors import ImportFailed

    with output.progress_bar(description) as advance:
        try:
            return run_import(*args, progress=advance, waiting=waiting_for_lock, **kwargs)
        except ImportFailed as exc:
            problem_lines(exc.problems)
            raise


def _parcoursup(dataset):
    """The Parcoursup import linked to ``dataset``, or None (its code is not even loaded without it)."""
    from ..dataset import data_dir
    from ..storage import present

    if not present(data_dir() / "parcoursup-import.msgpack"):
        return None
    from ..parcoursup.query import Parcoursup

    return Parcoursup.load(dataset)


def _embedded():
    from ..dataset import load

    configured = os.environ.get("ORIENT_DATA")
    return load(Path(configured) if configured else None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"orient {__version__}")
        raise typer.Exit()


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell() -> str:
    """The shell to complete for: detected from the parent process, else $SHELL."""
    from typer._completion_shared import _get_shell_name

    name = _get_shell_name() or Path(os.environ.get("SHELL", "")).name
    if name not in SHELLS:
        raise Failure(
            f"Shell non pris en charge pour la complétion : « {name or 'inconnu'} ».",
            hint="Shells pris en charge : bash, zsh, fish et PowerShell. Lancez la commande depuis l'un d'eux.",
        )
    return name


def _install_completion(value: bool) -> None:
    if not value:
        return
    from typer._completion_shared import install

    shell, path = install(shell=_shell(), prog_name="orient", complete_var="_ORIENT_COMPLETE")
    output.message(f"Complétion {shell} installée dans {path}.")
    output.message("Elle fonctionnera dans les nouveaux terminaux (ou après avoir rechargé la configuration du shell).")
    raise typer.Exit()


def _show_completion(value: bool) -> None:
    if not value:
        return
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="orient", complete_var="_ORIENT_COMPLETE", shell=_shell()))
    raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", help="Affiche la version et quitte.", callback=_version, is_eager=True),
    ] = None,
    install_completion: Annotated[
        Optional[bool],
        typer.Option(
            "--install-completion",
            help="Installe la complétion des commandes pour votre shell (bash, zsh, fish, PowerShell) et quitte.",
            callback=_install_completion,
            is_eager=True,
        ),
    ] = None,
    show_completion: Annotated[
        Optional[bool],
        typer.Option(
            "--show-completion",
            help="Affiche le script de complétion de votre shell, pour l'installer à la main, et quitte.",
            callback=_show_completion,
            is_eager=True,
        ),
    ] = None,
) -> None:
    """Où mène mon bac ? Les formations accessibles après le bac, le verdict pour chacune, ses règles et ses débouchés."""


@app.command(cls=OrientCommand, short_help="Les formations accessibles et le verdict pour chacune.")
def check(
    bac: BacOption,
    specialite: SpecialiteOption = None,
    niveau: NiveauOption = None,
    age: AgeOption = None,
    type_: Annotated[
        Optional[list[str]],
        typer.Option(
            "--type",
            "-t",
            help="Seulement ce type de formation (répétable) : BTS, licence, « licence pro », ingénieur, CAP… (liste : orient types).",
        ),
    ] = None,
    tous_niveaux: Annotated[
        bool, typer.Option("--tous-niveaux", help="Lister aussi les formations d'avant le bac (CAP, bac pro, BP…).")
    ] = False,
    formation: Annotated[
        Optional[str], typer.Option("--formation", help="Seulement les formations qui correspondent à cette recherche.")
    ] = None,
    interets: InterestsOption = None,
    atouts: Annotated[
        Optional[str],
        typer.Option(
            "--atouts", "-a", help="Vos points forts, séparés par des virgules : « anglais, travail en équipe, sciences ».", metavar="MOTS"
        ),
    ] = None,
    sans_deduction: Annotated[
        bool, typer.Option("--sans-deduction", help="Ne pas déduire de points forts de votre bac et de vos spécialités.")
    ] = False,
    tri: Annotated[
        Optional[str],
        typer.Option(
            "--tri",
            help="Ordre : fit (adéquation d'abord, par défaut avec --interets) ou verdict (accès d'abord, par défaut sinon).",
            metavar="ORDRE",
        ),
    ] = None,
    apres: Annotated[
        Optional[str],
        typer.Option(
            "--apres",
            metavar="FORMATION",
            help="Après cette formation (obtenue ou en cours) : ses poursuites, avec votre verdict à la sortie.",
        ),
    ] = None,
    region: RegionOption = None,
    departement: DepartementOption = None,
    pres_de: NearOption = None,
    rayon: RadiusOption = None,
    verdict: Annotated[
        Optional[str],
        typer.Option(
            "--verdict",
            "-v",
            metavar="VERDICTS",
            help="Seulement ces verdicts, séparés par des virgules : recommended (accès direct), possible, bridge (mise à niveau), "
            "later (plus tard), unknown (inconnu), excluded (exclu).",
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Toutes les formations avec leur verdict pour votre profil, les meilleures d'abord
    (dans un terminal, les 25 premières : --limit 0 pour tout voir)."""
    from ..check_lines import CheckLines
    from ..fit import read_wishes
    from ..parallel import jobs_for
    from ..records import CHECK_SHAPE, WISHED_PROFILE_SHAPE, check_row, listed_ids, profile_row, wishes_row
    from ..records import check as run_check
    from ..search import check_types
    from ..storage import quiet_gc
    from .views import check_columns

    fmt = _format(fmt)
    shown = _limit(limit, fmt, screen=True)
    verdicts = _verdicts(verdict) if verdict is not None else None
    sort = _sort(tri) if tri is not None else ("fit" if interets is not None else "verdict")
    dataset = _dataset()
    profile = _profile(dataset, bac, specialite, niveau, age)
    type_name = check_types(dataset, type_) if type_ else None
    wishes = read_wishes(dataset, profile, interets, atouts, deduce=not sans_deduction)
    _word_notes(wishes.terms, dataset)
    if sort == "fit" and not wishes.requested:
        raise BadUsage("--tri fit classe par adéquation : indiquez aussi --interets ou --atouts.")
    if apres is not None:
        _check_after(dataset, profile, apres, niveau, formation, type_name, wishes, sort, fmt, verdicts, shown)
        return
    parcoursup = _parcoursup(dataset)
    area = _area(parcoursup, region, pres_de, rayon, default_radius=DEFAULT_RADIUS_KM, departement=departement)
    if area is not None and parcoursup is not None:  # seen from the area once, for every part
        parcoursup = area.seen_from(parcoursup)
    ids = listed_ids(dataset, types=type_name, query=formation, all_levels=tous_niveaux, parcoursup=parcoursup, area=area)
    jobs = jobs_for(len(ids)) if ids is not None else 1
    # The formations read as their core (see records.check) when few rows are written whole, or
    # rows are joined from parts the import wrote (check_lines).
    light = fmt == "table" or (fmt in ("json", "jsonl") and dataset.check_rows)
    if jobs == 1:
        results = run_check(
            dataset,
            profile,
            types=type_name,
            query=formation,
            wishes=wishes,
            sort=sort,
            all_levels=tous_niveaux,
            parcoursup=parcoursup,
            area=area,
            ids=ids,
            light=light,
        )
    if area is not None and fmt == "table":
        from ..records import placed_nowhere

        output.message(_area_line(area))
        nowhere = placed_nowhere(dataset, parcoursup, types=type_name, query=formation, all_levels=tous_niveaux)
        if nowhere:
            output.message(
                f"Non listées ici : {count_fr(nowhere, 'formation')} que les données Parcoursup ne situent nulle part "
                "(hors Parcoursup, ou non reliées) ; sans --region, --departement ni --pres-de pour les voir."
            )
    if fmt == "table":
        output.message(f"Profil : {profile.describe()}" + (f", {profile.age} ans" if profile.age else ""))
        for line in _wishes_lines(wishes, dataset):
            output.message(line)
        if profile.track.specialites and not profile.specialites:
            codes = ", ".join(s.code for s in profile.track.specialites[:6])
            output.message(f"Astuce : indiquez votre spécialité (--specialite {codes}…) pour des verdicts plus précis.")
    columns = check_columns(dataset, with_fit=wishes.requested)
    person = {**profile_row(profile), **wishes_row(wishes)}
    empty = "Aucune formation ne correspond."
    headers = output.flat_keys({"profile": WISHED_PROFILE_SHAPE, **CHECK_SHAPE})
    if jobs > 1 and ids is not None:  # a long listing: judged, ranked and written out in parts, on several cores
        total, payloads = _check_in_parts(
            dataset, profile, ids, jobs, wishes, sort, tous_niveaux, parcoursup, area, verdicts, shown, fmt, person, light
        )
        if fmt in ("json", "jsonl"):
            if not output.emit_lines(fmt, payloads, head={"profile": person}):
                output.message(empty)
        else:
            output.emit_rows(payloads, fmt, columns, empty=empty, headers=headers, more=total - len(payloads))
    else:
        _spare(results)
        if verdicts is not None:
            results = [r for r in results if r.verdict.code in verdicts]
        kept = results if shown is None else results[:shown]  # rows are built for what is written only
        with quiet_gc():  # many rows and no cycle: collections would walk them and free nothing
            if fmt in ("json", "jsonl"):  # written as they are made: a long listing never piles up in memory
                if not output.emit_lines(fmt, CheckLines(dataset).lines(kept), head={"profile": person}):
                    output.message(empty)
            else:
                rows = [{"profile": person, **check_row(r, dataset)} for r in kept]
                output.emit_rows(rows, fmt, columns, empty=empty, headers=headers, more=len(results) - len(kept))
    if fmt == "table" and not (type_name or tous_niveaux or formation):  # the count is of the whole listing
        from ..records import unplaced

        hidden = len(unplaced(dataset))
        if hidden:
            output.message(
                f"Non listées : {count_fr(hidden, 'formation')} dont ni le niveau ni les conditions d'accès ne sont connus "
                "(--tous-niveaux pour les voir, avec les formations d'avant le bac)."
            )


def _check_in_parts(dataset, profile, ids, jobs, wishes, sort, all_levels, parcoursup, area, verdicts, shown, fmt, person, light):
    """``check`` over ``ids`` cut in ``jobs`` parts, each judged, ranked and written out by its own
    process (:func:`~orient.parallel.split_map`): the number of formations listed, and the rows
    (or, in JSON, views of their lines) of those shown, merged in the order one process gives."""
    from operator import itemgetter

    from ..check_lines import CheckLines
    from ..parallel import Stream, split_map
    from ..records import check as run_check
    from ..records import check_row, rank_key
    from ..storage import quiet_gc

    key = rank_key(profile, sort=sort, order=dataset.name_order, types=dataset.types.by_code, ids=ids)

    def part(some: Sequence[str], out: Stream) -> tuple[int, list[tuple], list[Any]]:
        """How many formations of ``some`` are listed, the rank keys of those shown, and their rows;
        in JSON, the lengths of their lines, the lines written to ``out``, one after the other."""
        results = run_check(
            dataset,
            profile,
            wishes=wishes,
            sort=sort,
            all_levels=all_levels,
            parcoursup=parcoursup,
            area=area,
            ids=some,
            ranked=False,
            light=light,
        )
        if verdicts is not None:
            results = [r for r in results if r.verdict.code in verdicts]
        ranked = sorted(zip(map(key, results), results, strict=True), key=itemgetter(0))  # each key computed once
        keys = [k for k, _ in ranked[:shown]]
        kept = [r for _, r in ranked[:shown]]
        _spare(ranked)
        with quiet_gc():  # many rows and no cycle
            if fmt not in ("json", "jsonl"):
                return len(results), keys, [{"profile": person, **check_row(r, dataset)} for r in kept]
            lengths = list[int]()  # the profile, the same on every row, is written with them (emit_lines)
            write = out.write
            for line in CheckLines(dataset).lines(kept):
                lengths.append(write(line))
        return len(results), keys, lengths

    parts = split_map(part, ids, jobs)
    rows = [row for (_, keys, shown_rows), block in parts for row in _keyed(keys, shown_rows, block, fmt)]
    rows.sort(key=itemgetter(0))  # the parts, each in order already: merged (and equal keys, were there any, in part order)
    return sum(count for (count, _, _), _ in parts), [payload for _, payload in rows[:shown]]


def _keyed(keys: list, rows: list, block: "Buffer", fmt: str) -> Iterator[tuple[list, Any]]:
    """A part's rows with their rank keys (lists, as MessagePack gives them back); in JSON, each
    row's line, a view of the part's block."""
    if fmt not in ("json", "jsonl"):
        yield from zip(keys, rows, strict=True)
        return
    view, start = memoryview(block), 0
    for key, length in zip(keys, rows, strict=True):
        yield key, view[start : start + length]
        start += length


def _check_after(dataset, profile, apres, niveau, query, type_name, wishes, sort, fmt, verdicts, shown) -> None:
    """``orient check --apres FORMATION``: the poursuites of a formation, with verdicts at the level it gives."""
    from ..levels import level_label
    from ..records import AFTER_SHAPE, WISHED_PROFILE_SHAPE, after, after_row, profile_row, wishes_row
    from ..search import resolve_formation
    from .views import check_columns

    if niveau is not None:
        raise BadUsage("--apres fixe déjà le niveau (celui de la formation obtenue) : retirez --niveau.")
    if query is not None:
        raise BadUsage("--apres et --formation ne vont pas ensemble : --apres liste déjà les poursuites de la formation.")
    held = resolve_formation(dataset, apres)
    items = after(dataset, profile, held, types=type_name, wishes=wishes, sort=sort)
    if fmt == "table":
        output.message(f"Profil : {profile.describe()}, après {held.name} ({level_label(held.level.bac_plus)})")
        for line in _wishes_lines(wishes, dataset):
            output.message(line)
    if verdicts is not None:
        items = [i for i in items if (i.result.verdict.code if i.result else "unknown") in verdicts]
    columns = check_columns(dataset, with_fit=wishes.requested)
    person = {**profile_row(profile), **wishes_row(wishes)}
    rows = [{"profile": person, **after_row(i, dataset)} for i in items]
    if verdicts is not None:
        empty = "Aucune poursuite n'a ces verdicts."
    elif held.poursuites_note and fmt == "table":  # its text names kinds of studies, no formation of the data: said below
        empty = f"La fiche de {held.name} ne nomme aucune formation précise du jeu de données parmi ses poursuites d'études ; elle dit :"
    else:
        empty = f"La fiche de {held.name} ne cite aucune poursuite d'études."
    headers = output.flat_keys({"profile": WISHED_PROFILE_SHAPE, **AFTER_SHAPE})
    output.emit_rows(rows, fmt, columns, empty=empty, headers=headers, limit=shown)
    if fmt == "table":
        if held.poursuites_note:
            output.message(held.poursuites_note)
        output.message(
            f"D'autres formations recrutent au niveau {level_label(held.level.bac_plus)} sans citer celle-ci : "
            f"orient check --bac … --niveau {level_label(held.level.bac_plus)}"
        )


def _verdicts(value: str) -> set[str]:
    """``--verdict recommended,possible`` (codes or their French words) read as a set of codes."""
    from ..eligibility import VERDICTS
    from ..text import normalize, suggest
    from .labels import VERDICT_WORDS

    words = {normalize(w): code for code, others in VERDICT_WORDS.items() for w in (code, *others)}
    codes: set[str] = set()
    for item in value.split(","):
        key = normalize(item)
        if not key:
            continue
        if key not in words:
            raise BadUsage(
                f"Verdict inconnu : « {item.strip()[:40]} ».",
                suggestions=suggest(item, list(words), limit=1, cutoff=60),
                hint="Verdicts : " + ", ".join(VERDICTS) + ".",
            )
        codes.add(words[key])
    if not codes:
        raise BadUsage("--verdict est vide.", hint="Par exemple : --verdict recommended,possible")
    return codes


def _sort(value: str) -> str:
    from ..records import SORTS
    from ..text import normalize, suggest

    key = normalize(value)
    if key in SORTS:
        return key
    raise BadUsage(f"Ordre inconnu : « {value} ».", suggestions=suggest(value, SORTS, limit=1, cutoff=50), hint="Ordres : verdict, fit.")


def _word_notes(terms, dataset) -> None:
    """Words of --interets read as another word, or found nowhere: said on stderr, whatever the format."""
    if not any(t.corrected or t.unknown for t in terms):
        return
    from ..retrieval import Engine
    from ..text import join_fr

    for term in terms:
        for typed, read in term.corrected:
            output.message(f"« {typed} » lu comme « {read} ».")
    shown = Engine(dataset).unknown_words(list(terms))
    for unknown in shown:
        hint = f" Vouliez-vous dire {join_fr([f'« {s} »' for s in unknown.suggestions], 'ou')} ?" if unknown.suggestions else ""
        output.message(f"Mot inconnu, ignoré : « {unknown.word} ».{hint}")
    more = sum(len(t.unknown) for t in terms) - len(shown)
    if more > 0:
        output.message(f"… et {more} autres mots inconnus, ignorés.")


def _wishes_lines(wishes, dataset) -> list[str]:
    """How --interets and --atouts were understood, for the person (stderr)."""
    lines = []
    if wishes.terms:
        parts = []
        for term in wishes.terms:
            if not term.understood:
                continue
            read = []
            if term.synonyms:
                more = "…" if len(term.synonyms) > 4 else ""
                read.append("au sens " + of_fr(", ".join(term.synonyms[:4])) + more)
            names = [dataset.interests[i] for i in term.interests if i in dataset.interests]
            if names:
                read.append("centre d'intérêt ONISEP « " + " », « ".join(names) + " »")
            parts.append(term.input + (f" ({' ; '.join(read)})" if read else ""))
        lines.append("Vos centres d'intérêt : " + " | ".join(parts))
    # Atouts apart by semicolons: their names have commas (« économie, droit et gestion »).
    declared = [s.tag for s in wishes.strengths if s.declared]
    if declared:
        lines.append("Vos atouts : " + " ; ".join(declared))
    deduced: dict[str, list[str]] = {}
    for strength in wishes.strengths:
        if not strength.declared:
            deduced.setdefault(strength.origin, []).append(strength.tag)
    if deduced:
        parts = [f"{' ; '.join(tags)} ({origin})" for origin, tags in deduced.items()]
        lines.append("Atouts déduits : " + " | ".join(parts) + " — --sans-deduction pour les ignorer")
    return lines


@app.command(cls=OrientCommand, short_help="Les chemins d'études vers un métier ou une formation.")
def path(
    bac: BacOption,
    vers: Annotated[
        str,
        typer.Option(
            "--vers", help="Le but : un métier (directeur de la photographie) ou une formation (ENS Louis-Lumière cinéma).", metavar="BUT"
        ),
    ],
    specialite: SpecialiteOption = None,
    niveau: NiveauOption = None,
    age: AgeOption = None,
    max_etapes: Annotated[str, typer.Option("--max-etapes", metavar="N", help="Nombre maximal de formations par chemin (1 à 6).")] = "4",
    tous: Annotated[bool, typer.Option("--tous", help="Tous les chemins, pas seulement les 5 meilleurs (comme --limit 0).")] = False,
    interets: InterestsOption = None,
    limit: Annotated[
        Optional[str], typer.Option("--limit", "-l", metavar="N", help="Au plus N chemins, les meilleurs (par défaut 5 ; 0 : tous).")
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """Tous les chemins réalistes de votre bac vers un métier ou une formation, étape par étape, les meilleurs d'abord."""
    from ..fit import Wishes, read_wishes
    from ..models import Metier
    from ..paths import DEFAULT_LIMIT, bac_leading_to, closest_metiers, find_paths, why_no_path
    from ..records import path_rows, path_step_headers, profile_row, wishes_row
    from ..search import resolve_target
    from .views import no_path_lines, path_card

    fmt = _format(fmt)
    steps = _max_steps(max_etapes)
    wanted = None if tous else (_limit(limit) if limit is not None else DEFAULT_LIMIT)
    dataset = _dataset()
    profile = _profile(dataset, bac, specialite, niveau, age)
    target = resolve_target(dataset, vers)
    wishes = read_wishes(dataset, profile, interets) if interets is not None else None
    if wishes is not None:
        _word_notes(wishes.terms, dataset)
    result = find_paths(dataset, profile, target, max_steps=steps, limit=wanted, wishes=wishes)
    person = {**profile_row(profile), **wishes_row(wishes or Wishes())}
    rows = [{"profile": person, **row} for row in path_rows(result)]
    held = bac_leading_to(dataset, profile, target) if isinstance(target, Metier) else None
    if fmt == "table":
        output.message(f"Profil : {profile.describe()}" + (f", {profile.age} ans" if profile.age else ""))
        output.message(f"Objectif : {target.name}" + (" (métier)" if isinstance(target, Metier) else " (formation)"))
        if held is not None and rows:
            output.message(f"Votre bac y mène déjà d'après les fiches ({held.name}) : les chemins ci-dessous poursuivent les études.")
        if wishes is not None:
            for line in _wishes_lines(wishes, dataset):
                output.message(line)
    if not rows and held is not None:
        output.message(f"Votre bac y mène déjà d'après les fiches ({held.name}) ; aucun chemin trouvé ne va plus loin.")
    elif not rows and not result.truncated:
        for line in no_path_lines(result, why_no_path(result, dataset, profile)):
            output.message(line)
        if isinstance(target, Metier):
            near = closest_metiers(dataset, target, profile)
            if near:
                output.message("Métiers proches que vous pouvez viser : " + ", ".join(f"{m.name} ({m.id})" for m in near) + ".")
    output.emit_cards([path_card(r, dataset) for r in rows], rows, fmt, per_line=("steps", "step"), headers=path_step_headers())
    if result.truncated:
        output.message(f"Recherche arrêtée après {count_fr(len(rows), 'chemin')} : précisez --vers ou réduisez --max-etapes.")
    elif fmt == "table" and result.more:
        shown = "Le meilleur chemin est affiché" if len(rows) == 1 else f"Les {len(rows)} meilleurs chemins sont affichés"
        output.message(f"{shown} ; --tous ou --limit 0 pour les voir tous.")


def _max_steps(value: str) -> int:
    from ..paths import MAX_STEPS_LIMIT

    try:
        steps = int(value.strip())
    except ValueError:
        steps = 0
    if not 1 <= steps <= MAX_STEPS_LIMIT:
        raise BadUsage(f"--max-etapes attend un nombre entier de 1 à {MAX_STEPS_LIMIT} : « {value} ».")
    return steps


@app.command(cls=OrientCommand, short_help="Les bacs, spécialités et niveaux reconnus.")
def bacs(
    bac: Annotated[
        Optional[str], typer.Argument(help="Un bac (pro, STI2D, général…) : la liste complète de ses spécialités.", metavar="BAC")
    ] = None,
    niveaux: Annotated[bool, typer.Option("--niveaux", help="Lister seulement les niveaux que --niveau reconnaît.")] = False,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Les bacs et autres voies d'accès reconnus, avec leurs spécialités et ce que l'on peut taper ;
    avec un bac, toutes ses spécialités, leurs anciens noms et ce que l'on peut taper.

    Le tableau donne ensuite les niveaux pour --niveau ; en JSON, CSV ou TSV, une liste n'a qu'un
    genre de lignes : les niveaux s'obtiennent avec --niveaux."""
    from ..records import BAC_SHAPE, LEVEL_SHAPE, SPECIALITE_SHAPE, bac_rows, level_rows, specialite_rows
    from .views import bac_columns, level_columns, specialite_columns

    fmt = _format(fmt)
    dataset = _dataset()
    if niveaux:
        if bac is not None:
            raise BadUsage("--niveaux liste les niveaux, de tous les bacs : retirez le bac.")
        levels = level_rows(dataset.referential)
        output.emit_rows(levels, fmt, level_columns(), headers=output.flat_keys(LEVEL_SHAPE), limit=_limit(limit))
        return
    if bac is not None:
        from ..profile import BacReader

        track, _specs = BacReader(dataset.referential).parse_bac(bac)
        output.emit_rows(
            specialite_rows(track),
            fmt,
            specialite_columns(),
            empty=f"{track.name} : pas de spécialité à choisir.",
            headers=output.flat_keys(SPECIALITE_SHAPE),
            limit=_limit(limit),
        )
        return
    rows = bac_rows(dataset.referential)
    output.emit_rows(rows, fmt, bac_columns(), headers=output.flat_keys(BAC_SHAPE), limit=_limit(limit))
    if fmt != "table":
        output.message("Les niveaux pour --niveau : orient bacs --niveaux" + f" --format {fmt}.")
        return
    sys.stdout.write(output.typeset("\nNiveaux pour --niveau :\n"))  # the heading of the second table: with the data
    output.emit_rows(level_rows(dataset.referential), fmt, level_columns())


@app.command(cls=OrientCommand, short_help="Les types de formation (--type) et leur règle nationale d'accès.")
def types(limit: LimitOption = None, fmt: FormatOption = "table") -> None:
    """Les types de formation que --type reconnaît, avec la règle nationale d'accès de chacun et sa source."""
    from ..records import TYPE_SHAPE, type_rows
    from .views import type_columns

    fmt = _format(fmt)
    dataset = _dataset()
    output.emit_rows(type_rows(dataset), fmt, type_columns(), headers=output.flat_keys(TYPE_SHAPE), limit=_limit(limit))
    if fmt == "table":
        output.message("Une règle de la fiche d'une formation l'emporte toujours sur la règle nationale de son type.")


@app.command(cls=OrientCommand, short_help="Chercher des formations.")
def formations(
    query: Annotated[
        Optional[str], typer.Argument(help="Mots recherchés (sans accents ni majuscules obligatoires).", metavar="RECHERCHE")
    ] = None,
    type_: Annotated[
        Optional[list[str]], typer.Option("--type", "-t", help="Seulement ce type (répétable) : BTS, licence… (liste : orient types).")
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Chercher des formations (toutes sans recherche)."""
    from ..records import FORMATION_SHAPE, formation_row
    from ..search import check_types, search_formations
    from .views import formation_columns

    fmt = _format(fmt)
    dataset = _dataset()
    type_name = check_types(dataset, type_) if type_ else None
    found = search_formations(dataset, query, type_name)
    output.emit_rows(
        [formation_row(f, dataset) for f in found],
        fmt,
        formation_columns(),
        empty="Aucune formation ne correspond.",
        headers=output.flat_keys(FORMATION_SHAPE),
        limit=_limit(limit),
    )


@app.command(cls=OrientCommand, short_help="La fiche complète d'une formation.")
def show(
    formation: Annotated[str, typer.Argument(help="Identifiant, code ou nom de la formation.", metavar="FORMATION")],
    bac: Annotated[
        Optional[str], typer.Option("--bac", "-b", help="Votre bac : ajoute votre verdict, comment y accéder et la suite.")
    ] = None,
    specialite: SpecialiteOption = None,
    niveau: NiveauOption = None,
    age: AgeOption = None,
    fmt: FormatOption = "table",
) -> None:
    """La fiche complète d'une formation ; avec --bac, votre verdict, comment y accéder et où elle mène."""
    from ..records import formation_detail
    from ..search import resolve_formation
    from .views import formation_card

    fmt = _format(fmt)
    dataset = _dataset()
    found = resolve_formation(dataset, formation)
    detail = formation_detail(found, dataset)
    parcoursup = _parcoursup(dataset)
    if parcoursup is not None:
        from ..records import admissions_row, where_row

        detail["admissions"] = admissions_row(parcoursup.summary(found.id))
        detail["where"] = [where_row(w, parcoursup) for w in parcoursup.where(found.id)]
    if bac is not None:
        from ..records import formation_route

        profile = _profile(dataset, bac, specialite, niveau, age)
        detail.update(formation_route(dataset, profile, found, parcoursup))
    elif specialite or niveau or age:
        raise BadUsage("--specialite, --niveau et --age précisent un profil : indiquez aussi --bac.")
    output.emit_card(formation_card(detail, dataset), detail, fmt)


def _profile(dataset, bac, specialite, niveau, age):
    from ..profile import BacReader
    from .labels import former_note

    reader = BacReader(dataset.referential)
    found = reader.profile(bac, specialite, niveau, age)
    former = reader.former_series(bac)
    if former is not None:
        output.message(f"Note : {former_note(former, found.track)}.")
    return found


@app.command(cls=OrientCommand, short_help="Chercher des métiers, ou les classer selon vos centres d'intérêt.")
def metiers(
    query: Annotated[Optional[str], typer.Argument(help="Mots recherchés.", metavar="RECHERCHE")] = None,
    interets: InterestsOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Chercher des métiers (tous sans recherche) ; avec --interets, les classer selon vos centres d'intérêt."""
    from ..records import METIER_SHAPE, RANKED_METIER_SHAPE, metier_row, ranked_metier_row
    from ..search import search_metiers
    from .views import metier_columns

    fmt = _format(fmt)
    dataset = _dataset()
    found = search_metiers(dataset, query)
    if interets is None:
        output.emit_rows(
            [metier_row(m, dataset) for m in found],
            fmt,
            metier_columns(dataset),
            empty="Aucun métier ne correspond.",
            headers=output.flat_keys(METIER_SHAPE),
            limit=_limit(limit),
        )
        return
    from ..fit import rank_metiers, read_wishes

    wishes = read_wishes(dataset, None, interets, formations=False)
    _word_notes(wishes.terms, dataset)
    if fmt == "table":
        for line in _wishes_lines(wishes, dataset):
            output.message(line)
    allowed = {m.id for m in found}
    rows = [ranked_metier_row(m, dataset, score, matches) for m, score, matches in rank_metiers(dataset, wishes.terms) if m.id in allowed]
    output.emit_rows(
        rows,
        fmt,
        metier_columns(dataset, ranked=True),
        empty="Aucun métier ne correspond à ces centres d'intérêt.",
        headers=output.flat_keys(RANKED_METIER_SHAPE),
        limit=_limit(limit),
    )


@app.command(cls=OrientCommand, short_help="Les centres d'intérêt (--interets) et les atouts (--atouts) reconnus.")
def interets(
    atouts: Annotated[bool, typer.Option("--atouts", help="Lister plutôt les atouts, avec le conseil donné quand ils manquent.")] = False,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Les centres d'intérêt ONISEP et leurs mots clés ; avec --atouts, les atouts reconnus."""
    from ..records import INTEREST_SHAPE, STRENGTH_SHAPE, interest_rows, strength_rows
    from .views import interest_columns, strength_columns

    fmt = _format(fmt)
    dataset = _dataset()
    if atouts:
        headers = output.flat_keys(STRENGTH_SHAPE)
        output.emit_rows(strength_rows(dataset.referential), fmt, strength_columns(), headers=headers, limit=_limit(limit))
    else:
        headers = output.flat_keys(INTEREST_SHAPE)
        output.emit_rows(interest_rows(dataset.referential), fmt, interest_columns(), headers=headers, limit=_limit(limit))


@app.command(cls=OrientCommand, short_help="La fiche complète d'un métier.")
def metier(
    name: Annotated[str, typer.Argument(help="Identifiant ou nom du métier (au masculin ou au féminin).", metavar="METIER")],
    bac: Annotated[Optional[str], typer.Option("--bac", "-b", help="Votre bac : ajoute les meilleurs chemins pour y arriver.")] = None,
    specialite: SpecialiteOption = None,
    niveau: NiveauOption = None,
    age: AgeOption = None,
    fmt: FormatOption = "table",
) -> None:
    """La fiche complète d'un métier, avec les formations qui y mènent ; avec --bac, comment y accéder."""
    from ..records import metier_detail
    from ..search import resolve_metier
    from .views import metier_card

    fmt = _format(fmt)
    dataset = _dataset()
    found = resolve_metier(dataset, name)
    detail = metier_detail(found, dataset)
    if bac is not None:
        from ..records import metier_route

        detail.update(metier_route(dataset, _profile(dataset, bac, specialite, niveau, age), found))
    elif specialite or niveau or age:
        raise BadUsage("--specialite, --niveau et --age précisent un profil : indiquez aussi --bac.")
    output.emit_card(metier_card(detail, dataset), detail, fmt)


@app.command(cls=OrientCommand, short_help="Un secteur : ses métiers par famille, comment y entrer.")
def secteur(
    name: Annotated[Optional[str], typer.Argument(help="Identifiant ou nom du secteur (tous sans argument).", metavar="SECTEUR")] = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Ce que couvre un secteur, ses métiers regroupés par famille et des conseils pour y entrer."""
    from ..records import SECTOR_SHAPE, sector_detail, sector_row
    from ..search import resolve_sector
    from .views import sector_card, sector_columns

    fmt = _format(fmt)
    dataset = _dataset()
    if name is None:
        rows = [sector_row(s, dataset) for s in sorted(dataset.sectors.values(), key=lambda s: sort_key(s.name))]
        output.emit_rows(
            rows,
            fmt,
            sector_columns(),
            empty="Aucun secteur dans le jeu de données.",
            headers=output.flat_keys(SECTOR_SHAPE),
            limit=_limit(limit),
        )
        if fmt == "table" and rows:
            output.message(f"Détail d'un secteur : orient secteur {rows[0]['id']}")
        return
    detail = sector_detail(resolve_sector(dataset, name), dataset)
    output.emit_card(sector_card(detail, dataset), detail, fmt)


@data_app.command("validate", cls=OrientCommand, short_help="Vérifier un jeu de données.")
def data_validate(
    path: Annotated[
        Optional[Path], typer.Argument(help="Dossier du jeu de données (par défaut : le jeu intégré).", metavar="DOSSIER")
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """Vérifier un jeu de données : schéma, codes de bac, références, identifiants en double.

    Chaque problème est une ligne « fichier:champ: message » (ou un enregistrement avec --format) ;
    le code de sortie vaut 1 s'il y en a."""
    from ..dataset import embedded_data_dir
    from ..validate import validate_folder
    from .views import problem_columns

    fmt = _format(fmt)
    root = path or Path(os.environ.get("ORIENT_DATA") or embedded_data_dir())
    problems = validate_folder(root)
    rows = [{"file": p.file, "field": p.field or None, "message": p.message} for p in problems]
    if fmt != "table":
        output.emit_rows(rows, fmt, problem_columns(), empty="", headers=("file", "field", "message"))
    else:  # one « fichier:champ: message » line each, the way compilers list errors (editors jump to them)
        for problem in problems:
            typer.echo(str(problem))
    if problems:
        output.message(f"{count_fr(len(problems), 'problème')} dans {root}.")
        raise typer.Exit(1)
    output.message(f"Jeu de données valide : {root}")


@import_app.command("onisep", cls=OrientCommand, short_help="Importer des fiches ONISEP (Markdown).")
def import_onisep(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            help="Fiches FOR.*.md / MET.*.md, ou dossiers qui en contiennent ; sans chemin, les fiches déjà importées sont relues.",
            metavar="[CHEMIN…]",
            show_default=False,
        ),
    ] = None,
    rapport: Annotated[bool, typer.Option("--rapport", help="Afficher ensuite le rapport de couverture des textes d'accès.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Tout problème (fiche illisible, en double…) arrête l'import, sans rien changer.")
    ] = False,
    fmt: FormatOption = "table",
) -> None:
    """Importer des fiches ONISEP : formations (FOR.*) et métiers (MET.*), règles d'accès lues dans leur texte.

    Sans chemin, les fiches déjà importées sont relues avec les règles et les données de cette
    version d'orient (après une mise à jour), sans qu'il faille retrouver leur dossier.

    L'import s'ajoute aux précédents (une fiche déjà importée est remplacée) et
    se fond dans le jeu intégré : une fiche qui décrit une formation ou un métier du jeu
    intégré (même identifiant ONISEP, même code scolarité ou RNCP qu'aucune autre fiche ne
    porte, même nom, ou l'un de ses parcours) cède la place à celui-ci ; la liste est dans
    « orient data rapport ».
    """
    from ..onisep.importer import run_import
    from .views import import_lines, import_record, report_card

    fmt = _format(fmt)
    description = "Lecture des fiches" if paths else "Relecture des fiches importées"
    summary = run_with_progress(run_import, description, paths or [], _embedded(), strict=strict)
    for line in import_lines(summary):
        output.message(line)
    if rapport:  # the same report as « orient data rapport »
        card, record = report_card(summary.report, summary.merged)
        output.emit_card(card, record, fmt)
    elif fmt != "table":  # what the run did, for scripts
        output.emit_card(None, import_record(summary), fmt)


@data_app.command("status", cls=OrientCommand, short_help="Ce qui est chargé : jeu intégré et fiches importées.")
def data_status(fmt: FormatOption = "table") -> None:
    """Ce qui est chargé : le jeu intégré et l'import ONISEP, avec leurs effectifs, sources et dates."""
    from ..onisep.store import duplicates, read_store, store_path
    from .views import merged_row, status_columns

    fmt = _format(fmt)
    embedded = _embedded()
    checked = max((r.checked for r in (*embedded.formations.values(), *embedded.metiers.values())), default=None)
    rows: list[dict[str, Any]] = [
        {
            "source": "embedded",
            "label": "jeu intégré",
            "formations": len(embedded.formations),
            "metiers": len(embedded.metiers),
            "shadowed": 0,
            "date": checked.isoformat() if checked else None,
            "path": str(embedded.root),
            "from": [],
        }
    ]
    stored = read_store()
    merged: tuple = ()
    if stored is not None:
        merged = stored.merged if stored.merged is not None else duplicates(embedded, stored.formations, stored.metiers)
        rename = {m.card for m in merged}
        rows.append(
            {
                "source": "onisep",
                "label": "fiches ONISEP importées",
                "formations": sum(1 for f in stored.formations if f.id not in rename),
                "metiers": sum(1 for m in stored.metiers if m.id not in rename),
                "shadowed": len(rename),
                "date": stored.updated.isoformat(),
                "path": str(store_path()),
                "from": [{"path": s.path, "date": s.date.isoformat(), "cards": s.cards} for s in stored.sources],
                "merged": [merged_row(m) for m in merged],
                # made with other embedded data (rules, vocabularies) than this version's
                "outdated": stored.indexes is not None and bool(embedded.identity) and stored.indexes.embedded != embedded.identity,
            }
        )
    from ..parcoursup import store as psup

    parcoursup = psup.read_store()
    if parcoursup is not None:
        rows.append(
            {
                "source": "parcoursup",
                "label": "données Parcoursup importées",
                "formations": len(parcoursup.offers),
                "metiers": 0,
                "shadowed": 0,
                "date": parcoursup.updated.isoformat(),
                "path": str(psup.store_path()),
                "from": [{"path": f.name, "date": f.date.isoformat(), "cards": f.rows} for f in parcoursup.files],
            }
        )
    output.emit_rows(rows, fmt, status_columns(), headers=STATUS_HEADERS)
    if fmt == "table" and stored is not None and rows[1].get("outdated"):
        output.message(OUTDATED_IMPORT)
    if fmt == "table" and stored is None:
        output.message("Aucune fiche importée (orient data import onisep DOSSIER pour en ajouter).")
    elif fmt == "table" and merged:
        parcours = sum(1 for m in merged if m.why == "parcours")
        detail = f", dont {parcours} parcours rattachés à leur formation" if parcours else ""
        output.message(
            f"{count_fr(len(merged), 'fiche importée décrit', 'fiches importées décrivent')} une formation ou un métier "
            f"du jeu intégré : fusionnées avec eux{detail} (liste : orient data rapport)."
        )


STATUS_HEADERS = ("source", "label", "formations", "metiers", "shadowed", "date", "path", "from", "merged", "outdated")


@data_app.command(
    "rapport", cls=OrientCommand, short_help="Le rapport des imports : textes d'accès compris, formations Parcoursup reliées."
)
def data_rapport(fmt: FormatOption = "table") -> None:
    """Combien de textes d'accès importés sont compris en entier, en partie ou pas du tout, et les phrases non comprises."""
    from ..onisep.store import duplicates, read_store
    from ..parcoursup import store as psup
    from .views import parcoursup_report_card, report_card

    fmt = _format(fmt)
    stored = read_store()
    parcoursup = psup.read_store()
    if stored is None and parcoursup is None:
        raise Failure("Aucune fiche importée : pas de rapport.", hint="Importez d'abord : orient data import onisep DOSSIER --rapport")
    record: dict = {}
    if stored is not None:
        merged = stored.merged if stored.merged is not None else duplicates(_embedded(), stored.formations, stored.metiers)
        card, record = report_card(stored.report, merged)
        if fmt == "table":
            output.emit_card(card, record, fmt)
    if parcoursup is not None:
        card, psup_record = parcoursup_report_card(parcoursup.report)
        if fmt == "table":
            output.emit_card(card, psup_record, fmt)
        record = {**record, "parcoursup": psup_record}
    if fmt != "table":
        output.emit_card(None, record, fmt)


@data_app.command("reset", cls=OrientCommand, short_help="Retirer tous les imports (ONISEP, Parcoursup).")
def data_reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ne pas demander de confirmation (scripts).")] = False,
) -> None:
    """Retirer les imports (fiches ONISEP, données Parcoursup) : il ne reste que le jeu intégré."""
    from ..imports import onisep_cards, reset
    from ..onisep.store import store_path
    from ..parcoursup import store as psup
    from ..storage import present

    path, psup_path = store_path(), psup.store_path()
    has_onisep, has_psup = present(path), present(psup_path)
    if not (has_onisep or has_psup):
        output.message("Aucun import : rien à retirer.")
        return
    count = onisep_cards(path) if has_onisep else None
    cards = f"les {count} fiches importées" if count is not None else "l'import ONISEP, illisible"
    drop_psup = has_psup and (yes or output.confirm(f"Retirer les données Parcoursup importées ({psup_path}) ?"))
    drop_onisep = has_onisep and (yes or output.confirm(f"Retirer {cards} ({path}) ?"))
    if not (drop_psup or drop_onisep):
        output.message("Rien n'a été retiré.")
        raise typer.Exit(1)
    removed = reset(onisep=drop_onisep, parcoursup=drop_psup, embedded=_embedded, waiting=waiting_for_lock)
    if removed.parcoursup:
        output.message("Données Parcoursup retirées.")
    if removed.onisep:
        output.message(f"Import ONISEP retiré ({count_fr(count, 'fiche')})." if count is not None else "Import ONISEP retiré.")
    if removed.caches:
        n = len(removed.caches)
        output.message(f"Index de recherche des fiches importées {'effacé' if n == 1 else 'effacés'} ({count_fr(n, 'fichier')}).")
    if not (present(path) or present(psup_path)):
        output.message("Seul le jeu intégré reste chargé.")


from . import batch as _batch_commands  # noqa: E402,F401  (registers « orient batch »)
from . import parcoursup as _parcoursup_commands  # noqa: E402,F401  (registers its commands)


def main() -> None:
    """Entry point of the ``orient`` script."""
    if "_ORIENT_COMPLETE" in os.environ:  # the shell asks for completions: load what answers it
        from typer.completion import completion_init

        completion_init()
        app(prog_name="orient")
        return
    global _ENDS_AT_ONCE
    _ENDS_AT_ONCE = True
    try:
        _app_for(sys.argv[1:])(prog_name="orient")
    except SystemExit as done:
        _leave(done)
    finally:
        # The command is done. The collections the interpreter runs as it exits would walk every
        # object loaded (typer's, the dataset's) for nothing: a process ending frees its memory.
        # Frozen objects are skipped; files are still closed and buffers written.
        gc.freeze()


# The process ends as soon as its command has (``main``, :func:`_leave`): what a command made and
# no longer needs is left to the system rather than freed object by object (:func:`_spare`).
_ENDS_AT_ONCE = False
_SPARED: list[Any] = []


def _spare(*made: Any) -> None:
    """Keep ``made`` (the results of a long listing: tens of thousands of objects) until the
    process ends at once, which frees them all in one go; freeing them one by one, as the
    function holding them returns, would cost a long listing a tenth of its time. Elsewhere (the
    application called from Python, the tests), nothing is kept."""
    if _ENDS_AT_ONCE:
        _SPARED.append(made)


def _leave(done: SystemExit) -> NoReturn:
    """The command has ended, its output written: the process ends at once, without the
    interpreter freeing one by one every object it loaded (tens of thousands after a long listing;
    the system takes the memory back whole). Anything unusual leaves the usual way: an exit code
    that is not a number, a stream that cannot be flushed, a thread still running."""
    code = 0 if done.code is None else done.code
    if not isinstance(code, int):
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    threading = sys.modules.get("threading")
    if threading is not None and any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise done
    os._exit(code)


def _app_for(argv: list[str]) -> typer.Typer:
    """The application with only the command ``argv`` names, when it names one: typer reads the
    signature of every command it holds at start-up, and one command reads faster than twenty.
    Anything else (no command, an option first, a mistyped name) gets the whole application."""
    name = argv[0] if argv else ""
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__.replace("_", "-")) == name]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    alone = typer.Typer(
        cls=OrientGroup,
        name="orient",
        help=app.info.help,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    alone.registered_callback = app.registered_callback
    alone.registered_commands = commands
    alone.registered_groups = groups
    return alone
