"""The commands of the Parcoursup data: import, « orient ou », « orient specialites »."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..text import normalize
from . import output
from .app import (
    DepartementOption,
    FormatOption,
    LimitOption,
    NearOption,
    OrientCommand,
    RadiusOption,
    RegionOption,
    _area,
    _area_line,
    _dataset,
    _format,
    _limit,
    _parcoursup,
    app,
    import_app,
    problem_lines,
    run_with_progress,
)
from .messages import BadUsage, Failure


@import_app.command("parcoursup", cls=OrientCommand, short_help="Importer des fichiers Parcoursup (données ouvertes).")
def import_parcoursup(
    paths: Annotated[list[Path], typer.Argument(help="Fichiers CSV de Parcoursup, ou dossiers qui en contiennent.", metavar="FICHIER…")],
    strict: Annotated[
        bool, typer.Option("--strict", help="Toute ligne illisible ou en double arrête l'import, sans rien changer.")
    ] = False,
    fmt: FormatOption = "table",
) -> None:
    """Importer les données ouvertes de Parcoursup, chaque fichier reconnu à son en-tête.

    - l'export des admissions (« vœux de poursuite d'études et réponses des établissements ») :
      places, candidats, admis par type de bac, taux d'accès ;
    - la liste des formations et de leurs établissements (statut, région, coordonnées) ;
    - les résultats des candidats du bac général par paire d'enseignements de spécialité.

    Chaque formation de Parcoursup est reliée, quand son libellé le permet sans ambiguïté, à la
    formation du jeu de données qu'elle est ; l'import s'ajoute aux précédents.
    """
    from ..parcoursup.importer import run_import
    from ..text import count_fr, number_fr, percent_fr
    from .views import parcoursup_report_card

    fmt = _format(fmt)
    summary = run_with_progress(run_import, "Lecture des fichiers Parcoursup", paths, _dataset(), strict=strict)
    problem_lines(summary.problems)
    kinds = {"admissions": "admissions", "listing": "liste des formations", "specialites": "spécialités"}
    read = ", ".join(f"{f.name} ({kinds[f.kind]}, {count_fr(f.rows, 'ligne')})" for f in summary.files)
    output.message(f"Fichiers lus : {read} ; {count_fr(summary.skipped, 'ligne ignorée', 'lignes ignorées')}.")
    if summary.changed:
        output.message(
            f"Import enregistré : {count_fr(summary.offers, 'formation')} de Parcoursup et "
            f"{count_fr(summary.outcomes, 'résultat')} par spécialités "
            f"({summary.path})."
        )
    else:
        output.message("Rien n'a changé : l'import contenait déjà exactement ces données.")
    report = summary.report
    if report.counted:
        output.message(
            f"Reliées à une formation du jeu de données : {number_fr(report.counted_linked)} sur {number_fr(report.counted)} "
            f"({percent_fr(report.counted_linked / report.counted)}) — détail : orient data rapport"
        )
    if fmt != "table":
        card, record = parcoursup_report_card(report)
        output.emit_card(card, record, fmt)


@app.command(cls=OrientCommand, short_help="Où une formation s'enseigne : établissements, places, taux d'accès.")
def ou(
    formation: Annotated[
        Optional[str], typer.Argument(help="La formation (toutes les formations de Parcoursup sans argument).", metavar="FORMATION")
    ] = None,
    region: RegionOption = None,
    departement: DepartementOption = None,
    pres_de: NearOption = None,
    rayon: RadiusOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Les établissements qui enseignent une formation, d'après Parcoursup : commune, statut, places,
    taux d'accès, part des admis par type de bac ; les plus proches d'abord avec --pres-de.

    Sans FORMATION, toutes les formations importées de Parcoursup, chacune avec la formation du jeu de
    données à laquelle elle est reliée (`formation` vaut null quand elle ne l'est pas)."""
    from ..records import WHERE_SHAPE, where_row
    from ..search import resolve_formation
    from .views import where_columns

    fmt = _format(fmt)
    dataset = _dataset()
    parcoursup = _parcoursup(dataset)
    if parcoursup is None:
        raise Failure(
            "Aucune donnée Parcoursup importée.",
            hint="Importez-les d'abord : orient data import parcoursup FICHIER…",
        )
    target = resolve_formation(dataset, formation) if formation is not None else None
    area = _area(parcoursup, region, pres_de, rayon, departement=departement)
    found = parcoursup.where(
        target.id if target else None,
        region=area.region if area else None,
        departement=area.departement[0] if area and area.departement else None,
        near=area.near if area else None,
        radius_km=area.radius_km if area else None,
    )
    if fmt == "table":
        if target is not None:
            output.message(f"Formation : {target.name} ({target.id})")
        if area is not None:
            output.message(_area_line(area).replace("formations enseignées", "établissements"))
    rows = [where_row(w, parcoursup) for w in found]
    empty = (
        "Aucun établissement de Parcoursup ne correspond."
        if target is None
        else "Aucun établissement de Parcoursup n'est relié à cette formation ici."
    )
    output.emit_rows(rows, fmt, where_columns(dataset), empty=empty, headers=output.flat_keys(WHERE_SHAPE), limit=_limit(limit))
    if fmt == "table" and rows:
        output.message("Source : Parcoursup, données ouvertes du ministère de l'Enseignement supérieur (Licence Ouverte / Etalab 2.0).")


@app.command(cls=OrientCommand, short_help="Les paires de spécialités du bac général et ce qu'elles ouvrent.")
def specialites(
    type_: Annotated[
        Optional[str],
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help="Pour ce regroupement de formations du fichier (PASS, « BUT Production », « Licence Chimie »…) "
            "ou pour chacun de ceux d'un type (BTS, BUT, licence, CPGE…) ; sans lui, toutes formations confondues.",
        ),
    ] = None,
    annee: Annotated[Optional[int], typer.Option("--annee", metavar="ANNÉE", help="L'année du bac (la plus récente par défaut).")] = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Pour chaque paire d'enseignements de spécialité du bac général : combien de candidats ont fait
    au moins un vœu dans un regroupement de formations, et quelle part y a reçu une proposition
    d'admission (données Parcoursup), la meilleure d'abord.

    Le fichier compte un candidat dans chaque regroupement où il a fait un vœu : les regroupements
    d'un type (« BUT Production », « BUT Service ») sont montrés chacun à part, jamais additionnés ;
    --limit y vaut pour chacun.
    Sans --type, tous les candidats, toutes formations confondues (« Ensemble des bacheliers »)."""
    from ..records import PAIR_OUTCOME_SHAPE, pair_outcome_rows
    from ..text import join_fr
    from .labels import group_name
    from .views import pair_columns

    fmt = _format(fmt)
    shown = _limit(limit)
    dataset = _dataset()
    parcoursup = _parcoursup(dataset)
    if parcoursup is None or not parcoursup.outcomes_all:
        raise Failure(
            "Aucun résultat par spécialités importé.",
            hint="Importez le fichier des spécialités : orient data import parcoursup parcoursup-specialites-bac-general-2021-2024.csv",
        )
    years = parcoursup.years
    if annee is not None and annee not in years:
        raise BadUsage(
            f"Le fichier des spécialités ne donne pas l'année {annee} : il donne {_years_fr(years)}.",
            hint=f"Par exemple : orient specialites --annee {years[-1]}",
        )
    if type_ is None:
        code, groups = None, [g for g in parcoursup.group_names if normalize(g) == "ensemble des bacheliers"]
    else:
        code, groups = parcoursup.asked_groups(type_)
    kind = dataset.types.by_code.get(code) if code else None
    if not groups:
        empty = f"Le fichier des spécialités n'a aucun regroupement pour les formations de type {kind.name if kind else code}."
        output.emit_rows([], fmt, pair_columns(), empty=empty, headers=output.flat_keys(PAIR_OUTCOME_SHAPE))
        return
    year = annee if annee is not None else max(o.year for o in parcoursup.outcomes(groups))
    rows = pair_outcome_rows(parcoursup, groups, year, code)
    if fmt == "table":
        if type_ is None:
            where = "toutes formations confondues"
        elif code is None:
            where = f"regroupement « {group_name(groups[0])} »"
        elif len(groups) == 1:
            where = f"{kind.name if kind else code} : regroupement « {group_name(groups[0])} »"
        elif len(groups) <= 6:
            names = join_fr([f"« {group_name(g)} »" for g in groups], "et")
            where = f"{kind.name if kind else code} : regroupements {names}, chacun à part"
        else:
            where = f"{kind.name if kind else code} : {len(groups)} regroupements du fichier, chacun à part"
        output.message(f"Candidats du bac général, {where}, bac {year} (source : Parcoursup).")
    more = 0
    if shown is not None and len(groups) > 1:  # --limit: the first pairs of each group
        rows, more, shown = *_first_of_each(rows, shown), None
    empty = "Aucun résultat pour ce regroupement cette année-là."
    headers = output.flat_keys(PAIR_OUTCOME_SHAPE)
    output.emit_rows(rows, fmt, pair_columns(with_group=type_ is not None), empty=empty, limit=shown, more=more, headers=headers)


def _first_of_each(rows: list[dict], limit: int) -> tuple[list[dict], int]:
    """The first ``limit`` rows of each group, and how many are left out."""
    kept: list[dict] = []
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["group"]] = seen.get(row["group"], 0) + 1
        if seen[row["group"]] <= limit:
            kept.append(row)
    return kept, len(rows) - len(kept)


def _years_fr(years: list[int]) -> str:
    """« les années 2021 à 2024 », « l'année 2024 »."""
    if len(years) == 1:
        return f"l'année {years[0]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"les années {years[0]} à {years[-1]}"
    return "les années " + ", ".join(str(y) for y in years[:-1]) + f" et {years[-1]}"
