"""Records as plain data: the rows every command prints and the JSON keys they carry.

These functions know nothing of output formats; they only decide what a
formation, a métier, a verdict or a bac looks like as a dict with English keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

import msgspec

from .dataset import Dataset
from .eligibility import SharedVerdicts, Verdict, assess, listed_after_bac, route_label, with_evidence
from .fit import Fit, InterestMatch, SharedFits, Wishes, assess_fit, covered_tags
from .levels import level_label
from .models import Formation, FormationCore, FormationType, Metier, Referential, Salary, Sector, Source, Track
from .profile import Profile
from .search import search_formations
from .storage import quiet_gc
from .text import sort_key

if TYPE_CHECKING:  # paths, Parcoursup data and the search engine: imported only by the commands that use them
    from .parcoursup.query import Parcoursup, Place, Summary, Where
    from .paths import NextStep, Path, PathResult, Step
    from .retrieval import Engine


# -- shapes --------------------------------------------------------------------
# Every key a kind of record has, a dict for each nested object: what the CSV/TSV columns are
# made of (the same whatever rows a listing shows, and also without any). A test checks that the
# rows keep to them.

FORMATION_SHAPE: dict[str, Any] = {
    "id": None,
    "name": None,
    "type": None,
    "type_name": None,
    "codes": {"scolarite": None, "rncp": None, "onisep": None},
    "duration_years": None,
    "level": {"bac_plus": None, "cec": None},
    "imported": None,
}
RULE_SHAPE: dict[str, Any] = {"basis": None, "id": None, "source": None, "url": None}
SHARES_SHAPE: dict[str, Any] = {"general": None, "techno": None, "pro": None}
ADMISSIONS_SHAPE: dict[str, Any] = {
    "session": None,
    "offers": None,
    "places": None,
    "candidates": None,
    "access_rate": None,
    "admitted_neo": None,
    "admitted_share": SHARES_SHAPE,
    "source": None,
    "scope": None,
}
PAIR_SHAPE: dict[str, Any] = dict.fromkeys(
    ("specialites", "specialite_names", "broader", "group", "year", "candidates", "proposals", "proposal_rate", "source")
)
CHECK_SHAPE: dict[str, Any] = {
    **FORMATION_SHAPE,
    "verdict": None,
    "reasons": None,
    "rule": RULE_SHAPE,
    "selection": None,
    "selection_note": None,
    "poursuites_note": None,
    "next_formations": None,
    "metiers": None,
    "fit": None,
    "fit_score": None,
    "interest_matches": None,
    "attendus_met": None,
    "attendus_missing": None,
    "attendus_unknown": None,
    "admissions": ADMISSIONS_SHAPE,
    "specialites_outcome": PAIR_SHAPE,
    "readiness": None,
    "advice": None,
}
AFTER_SHAPE: dict[str, Any] = {**CHECK_SHAPE, "years": None, "condition": None}
SALARY_SHAPE: dict[str, Any] = dict.fromkeys(("min", "max", "excludes_bonuses", "varies", "several"))
METIER_SHAPE: dict[str, Any] = {
    "id": None,
    "name": None,
    "rome": None,
    "min_level": None,
    "salary": SALARY_SHAPE,
    "formations": None,
    "imported": None,
}
RANKED_METIER_SHAPE: dict[str, Any] = {**METIER_SHAPE, "interest_score": None, "interest_matches": None}
TYPE_SHAPE: dict[str, Any] = {
    **dict.fromkeys(("code", "name", "aliases", "onisep", "stage", "formations")),
    "rule": dict.fromkeys(("id", "summary", "source", "url", "checked")),
}
BAC_SHAPE: dict[str, Any] = dict.fromkeys(("code", "family", "name", "specialites", "aliases", "level"))
SPECIALITE_SHAPE: dict[str, Any] = dict.fromkeys(("code", "name", "track", "group", "aliases", "former"))
LEVEL_SHAPE: dict[str, Any] = dict.fromkeys(("bac_plus", "name", "aliases"))
INTEREST_SHAPE: dict[str, Any] = dict.fromkeys(("id", "label", "keywords"))
STRENGTH_SHAPE: dict[str, Any] = dict.fromkeys(("label", "keywords", "advice"))
SECTOR_SHAPE: dict[str, Any] = dict.fromkeys(("id", "name", "families", "metiers", "formations"))
PAIR_OUTCOME_SHAPE: dict[str, Any] = dict.fromkeys(
    ("group", "type", "specialites", "codes", "year", "candidates", "proposals", "accepted", "proposal_rate", "small")
)
WHERE_SHAPE: dict[str, Any] = {
    **dict.fromkeys(
        (
            "formation",
            "offer",
            "parcoursup_label",
            "parcoursup_name",
            "cod_aff_form",
            "uai",
            "etablissement",
            "commune",
            "departement",
            "departement_code",
            "region",
            "statut",
            "lat",
            "lon",
            "distance_km",
            "places",
            "candidates",
            "access_rate",
            "admitted_neo",
        )
    ),
    "admitted_share": SHARES_SHAPE,
    **dict.fromkeys(("session", "parcoursup_url", "sources")),
}


def type_name(formation: Formation, dataset: Dataset) -> str:
    """The full French name of a formation's type (« licence professionnelle » for « licence pro »)."""
    kind = dataset.types.by_code.get(formation.type)
    return kind.name if kind is not None else formation.type


def formation_row(formation: Formation, dataset: Dataset) -> dict:
    codes = formation.codes
    return {
        "id": formation.id,
        "name": formation.name,
        "type": formation.type,
        "type_name": type_name(formation, dataset),
        "codes": {"scolarite": codes.scolarite or None, "rncp": codes.rncp or None, "onisep": codes.onisep or None},
        "duration_years": _number(formation.duration_years),
        "level": {"bac_plus": formation.level.bac_plus, "cec": formation.level.cec},
        "imported": formation.imported.isoformat() if formation.imported else None,
    }


def source_rows(sources: tuple[Source, ...]) -> list[dict]:
    return [{"label": s.label, "url": s.url or None, "onisep": s.onisep or None} for s in sources]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def formation_detail(formation: Formation, dataset: Dataset) -> dict:
    """Everything known of a formation, for ``orient show``."""
    row = formation_row(formation, dataset)
    access = formation.access
    tracks = dataset.tracks
    row.update(
        {
            "aliases": list(formation.aliases),
            "parcours": [{"name": p.name, "onisep": p.onisep or None} for p in formation.parcours],
            "description": formation.description.strip(),
            "access": None
            if access is None
            else {
                "summary": access.summary,
                "routes": [
                    {
                        k: v
                        for k, v in {
                            "kind": r.kind,
                            "track": r.track or None,
                            "specialites": list(r.specialites),
                            "label": r.label or None,
                            "min_level": r.min_level or None,
                            "formation": r.formation or None,
                            "note": r.note or None,
                            "text": route_label(r, tracks),
                        }.items()
                        if v not in (None, [])
                    }
                    for r in access.routes
                ],
                "others": access.others,
                "selection": list(access.selection),
                "selection_note": access.selection_note or None,
                "age_min": access.age_min,
                "age_max": access.age_max,
                "age_note": access.age_note or None,
                "max_attempts": access.max_attempts,
                "requirements": list(access.requirements),
                "recommendations": list(access.recommendations),
                "basis": access.basis,
                "rule": access.rule or None,
                "source": access.source,
                "url": access.url or None,
            },
            "access_text": " ".join(formation.access_text.split()) or None,
            "entry_level": formation.entry_level,
            "after_bac": formation.after_bac,
            "attendus": [{"label": a.label, "tags": list(a.tags)} for a in formation.attendus],
            "poursuites": [
                {"formation": p.formation or None, "label": p.label or _name(dataset, p.formation), "condition": p.condition or None}
                for p in formation.poursuites
            ],
            "poursuites_note": formation.poursuites_note or None,
            "next_formations": [p.formation for p in formation.poursuites if p.formation],
            "metiers": list(formation.metiers),
            "alternance": formation.alternance,
            "statut": list(formation.statut),
            "establishments": list(formation.establishments),
            "recognition": list(formation.recognition),
            "sources": source_rows(formation.sources),
            "checked": formation.checked.isoformat(),
            "leads_here": dataset.leads_to.get(formation.id, []),
        }
    )
    return row


def _name(dataset: Dataset, formation_id: str) -> str:
    formation = dataset.formations.get(formation_id)
    return formation.name if formation else formation_id


class CheckResult(msgspec.Struct, frozen=True):
    formation: FormationCore  # whole, or its core only (a long listing: see ``check(light=True)``)
    verdict: Verdict
    fit: Fit
    admissions: Summary | None = None  # Parcoursup figures, when imported and linked
    specialites: SpecialitePair | None = None  # how candidates with the student's pair fared in its own group


class SpecialitePair(msgspec.Struct, frozen=True):
    """Bac général candidates with a pair of spécialités in one group of formations of the
    spécialités file (the formation's own group), one year: one row of the file."""

    pair: tuple[str, ...]  # the student's codes
    names: tuple[str, ...]  # the file's names of the pair (« Maths », « Physique-Chimie »)
    group: str  # the file's group (« BUT Production »)
    year: int
    candidates: int
    proposals: int
    broader: tuple[str, ...] = ()  # the file's names that group several spécialités of the student's (« Art »)

    @property
    def rate(self) -> float | None:
        return self.proposals / self.candidates if self.candidates else None


class Area(msgspec.Struct, frozen=True):
    """Where ``check --region / --departement / --pres-de`` keeps formations."""

    region: str | None = None  # its official name
    near: Place | None = None
    radius_km: float | None = None
    departement: tuple[str, str] | None = None  # code, name

    def seen_from(self, parcoursup: Parcoursup) -> Parcoursup:
        """``parcoursup`` seen from this area (:meth:`~orient.parcoursup.query.Parcoursup.in_area`)."""
        return parcoursup.in_area(
            region=self.region,
            departement=self.departement[0] if self.departement else None,
            near=self.near,
            radius_km=self.radius_km,
        )


SORTS = ("verdict", "fit")


def step_order(formation: FormationCore, profile: Profile) -> int:
    """How usual a formation is as the student's next step, best lowest: a diploma two or three
    years above the student's level first (BTS, BUT, licence), then longer courses, then courses
    that give no higher level than the student has."""
    gain = formation.level.bac_plus - profile.level
    if 2 <= gain <= 3:
        return 0
    if gain > 3:
        return 1
    return 2 if gain > 0 else 3


def usual_order(formation: FormationCore, profile: Profile, types: Mapping[str, FormationType]) -> int:
    """How usual the formation's type is after the student's bac family, best lowest
    (:attr:`~orient.models.FormationType.usual_for`): 0 when the type is the usual next step of
    that family (a licence for a bac général, a BTS for a bac pro), 1 when the type names no
    family, 2 when it names others (a BTS for a bac général)."""
    kind = types.get(formation.type)
    if kind is None or not kind.usual_for:
        return 1
    return 0 if profile.track.family in kind.usual_for else 2


def check(
    dataset: Dataset,
    profile: Profile,
    *,
    types: list[str] | None = None,
    query: str | None = None,
    wishes: Wishes | None = None,
    sort: str = "verdict",
    all_levels: bool = False,
    parcoursup: Parcoursup | None = None,
    area: Area | None = None,
    ids: Sequence[str] | None = None,
    ranked: bool = True,
    light: bool = False,
) -> list[CheckResult]:
    """Every formation (optionally filtered) with its verdict and fit, best first; ``ids``: only
    these (a part of :func:`listed_ids`, when the listing is judged in parts); ``ranked=False``:
    in no particular order (the caller ranks them, by :func:`rank_key`); ``light`` (with ``ids``):
    the imported formations read as their core (:class:`~orient.models.FormationCore`), for a
    caller that writes few rows, or writes them from parts made by the import (:mod:`orient.check_lines`).

    With the Parcoursup import (``parcoursup``), each formation gets its figures beside its rule
    (:func:`~orient.eligibility.with_evidence`), and ``area`` keeps the formations taught there,
    with their figures there (over all their offers, said so, when none of those there has any).

    ``sort="verdict"``: verdict, then fit, then closeness to a listed route;
    ``sort="fit"``: fit weighted by how reachable the formation is (:data:`REACH`),
    then verdict, then attendus readiness. A search query keeps its relevance
    order within each verdict. Equal keys fall back to name and id, so the same
    input always gives the same order.
    """
    wishes = wishes or Wishes()
    if area is not None and parcoursup is not None and parcoursup.here is None:  # (not already seen from it)
        parcoursup = area.seen_from(parcoursup)
    formations: Sequence[FormationCore]
    if ids is not None:
        from .lazy import read_light, read_many

        formations = (read_light if light else read_many)(dataset.formations, ids)
    else:
        formations = check_formations(dataset, types=types, query=query, all_levels=all_levels, parcoursup=parcoursup, area=area)
    engine = _engine(dataset, wishes)
    covered = covered_tags(dataset, wishes)
    shared = SharedVerdicts()  # verdicts by access rule, for this profile (see eligibility.assess)
    fits = SharedFits()  # fits by attendus, for these wishes (see fit.assess_fit)
    with quiet_gc():  # a verdict and a fit per formation, and no cycle: collections would free nothing
        results = [result(f, profile, dataset, wishes, engine, parcoursup, covered, shared, fits) for f in formations]
        if ranked:
            rank(results, profile, sort=sort, query=query, order=dataset.name_order, types=dataset.types.by_code)
    return results


def _engine(dataset: Dataset, wishes: Wishes) -> Engine | None:
    """The search engine, for the interests' matches; imported only when the student gave interests."""
    if not wishes.terms:
        return None
    from .retrieval import Engine

    return Engine(dataset)


def check_formations(
    dataset: Dataset,
    *,
    types: list[str] | None = None,
    query: str | None = None,
    all_levels: bool = False,
    parcoursup: Parcoursup | None = None,
    area: Area | None = None,
) -> list[Formation]:
    """The formations :func:`check` judges, in no particular order."""
    listed = listed_ids(dataset, types=types, query=query, all_levels=all_levels, parcoursup=parcoursup, area=area)
    if listed is not None:  # only the formations judged are read from the import
        from .lazy import read_many

        return read_many(dataset.formations, listed)
    here = _here(parcoursup, area)
    formations = search_formations(dataset, query, types, ordered=False)
    if not types and not all_levels:
        formations = [f for f in formations if f.after_bac]
    return formations if here is None else [f for f in formations if f.id in here]


def listed_ids(
    dataset: Dataset,
    *,
    types: list[str] | None = None,
    query: str | None = None,
    all_levels: bool = False,
    parcoursup: Parcoursup | None = None,
    area: Area | None = None,
) -> list[str] | None:
    """The ids :func:`check` judges, known without reading a record: without a query or a type,
    all but those entered before the bac (CAP, bac pro…, unless ``all_levels``), kept to those
    taught in ``area``; None with a query or a type (the records are read to find them)."""
    if query is not None or types:
        return None
    here = _here(parcoursup, area)
    return [i for i in _listed_ids(dataset, all_levels) if here is None or i in here]


def _here(parcoursup: Parcoursup | None, area: Area | None) -> AbstractSet[str] | None:
    """The formations taught in ``area``, when one is given."""
    if area is None or parcoursup is None:
        return None
    return (parcoursup if parcoursup.here is not None else area.seen_from(parcoursup)).here


def _listed_ids(dataset: Dataset, all_levels: bool) -> list[str]:
    """The ids :func:`check` judges without a query or a type: all, but those entered before the
    bac (CAP, bac pro…) unless ``all_levels``."""
    from .lazy import LazySet

    skip = frozenset() if all_levels else dataset.before_bac
    if isinstance(skip, LazySet):
        skip = skip.loaded()  # (looked up once per formation)
    return [i for i in dataset.formations if i not in skip]


def placed_nowhere(
    dataset: Dataset, parcoursup: Parcoursup, *, types: list[str] | None = None, query: str | None = None, all_levels: bool = False
) -> int:
    """How many of the formations :func:`check` judges no offer of Parcoursup is linked to: an area
    (``--region``, ``--pres-de``) keeps none of them, for want of knowing where they are taught."""
    placed = parcoursup.placed
    if query is None and not types:
        return sum(1 for i in _listed_ids(dataset, all_levels) if i not in placed)
    return sum(1 for f in check_formations(dataset, types=types, query=query, all_levels=all_levels) if f.id not in placed)


def rank(
    results: list[CheckResult],
    profile: Profile,
    *,
    sort: str = "verdict",
    query: str | None = None,
    order: Mapping[str, int] | None = None,
    types: Mapping[str, FormationType] | None = None,
) -> None:
    """Sort ``results`` best first, in place: the order of :func:`check`. ``order``: the place of each
    formation by name (:attr:`Dataset.name_order`), sparing the French sort keys of the names;
    ``types``: the formation types by code, whose usual bac families (:func:`usual_order`) rank a
    type usual for the student's bac before the others among equal verdicts."""
    if query is not None:  # the search's relevance order kept within each verdict (a stable sort)
        results.sort(key=lambda r: (r.verdict.rank, -_fit(r)))
        return
    results.sort(key=rank_key(profile, sort=sort, order=order, types=types, ids=[r.formation.id for r in results]))


def rank_key(
    profile: Profile,
    *,
    sort: str = "verdict",
    order: Mapping[str, int] | None = None,
    types: Mapping[str, FormationType] | None = None,
    ids: Sequence[str] = (),
) -> Callable[[CheckResult], tuple]:
    """The key :func:`rank` sorts by without a search query (``ids``: the formations ranked, all of
    which ``order`` must hold for it to stand in for their names). No two formations have the same
    key: results ranked apart (in parts, by several processes) merge into the order of one sort."""
    kinds: Mapping[str, FormationType] = types or {}
    by_name: Callable[[FormationCore], Any]
    from .lazy import LazyMap

    places = order.loaded() if isinstance(order, LazyMap) else order  # (looked up once per formation)
    if places is not None and all(i in places for i in ids):
        by_name = lambda f: places[f.id]  # noqa: E731
    else:
        by_name = lambda f: (sort_key(f.name), f.id)  # noqa: E731
    if sort == "fit":
        return lambda r: (-fit_rank(r), r.verdict.rank, -_readiness(r), r.verdict.distance, by_name(r.formation))
    usual: dict[str, int] = {}  # usual_order by type, and step_order by level: the same for many formations
    steps: dict[int, int] = {}

    def key(r: CheckResult) -> tuple:
        formation, verdict = r.formation, r.verdict
        kind, level = formation.type, formation.level.bac_plus
        order = usual.get(kind)
        if order is None:
            order = usual[kind] = usual_order(formation, profile, kinds)
        step = steps.get(level)
        if step is None:
            step = steps[level] = step_order(formation, profile)
        score = r.fit.score
        return (
            verdict.rank,
            1.0 if score is None else -score,
            verdict.distance,
            -verdict.named,
            step,
            order,
            kind,
            by_name(formation),
        )

    return key


def result(
    formation: FormationCore,
    profile: Profile,
    dataset: Dataset,
    wishes: Wishes,
    engine: Engine | None,
    parcoursup: Parcoursup | None,
    covered: dict[str, str] | None = None,
    shared: SharedVerdicts | None = None,
    fits: SharedFits | None = None,
) -> CheckResult:
    """One formation's verdict, fit and figures for ``profile`` (``covered`` and ``fits``: see
    :func:`~orient.fit.assess_fit`; ``shared``: see :func:`~orient.eligibility.assess`)."""
    if parcoursup is None:  # (no figures: the verdict alone, as judge gives it)
        verdict, summary, pair = assess(formation, profile, dataset, shared), None, None
    else:
        verdict, summary, pair = judge(formation, profile, dataset, parcoursup, shared)
    fit = assess_fit(formation, dataset, wishes, engine, covered, verdict, fits)
    return CheckResult(formation, verdict, fit, summary, pair)


def judge(
    formation: FormationCore, profile: Profile, dataset: Dataset, parcoursup: Parcoursup | None, shared: SharedVerdicts | None = None
) -> tuple[Verdict, Summary | None, SpecialitePair | None]:
    """What :func:`result` gives ``formation`` whatever the student likes: the verdict for ``profile``,
    with the Parcoursup figures beside its rule, and how candidates with the student's pair of spécialités fared."""
    verdict, summary = judge_rules(formation, profile, dataset, parcoursup, shared)
    return verdict, summary, specialites_outcome(profile, formation.id, parcoursup)


def judge_rules(
    formation: FormationCore, profile: Profile, dataset: Dataset, parcoursup: Parcoursup | None, shared: SharedVerdicts | None = None
) -> tuple[Verdict, Summary | None]:
    """The verdict for ``profile`` with the Parcoursup figures beside its rule: what :func:`judge`
    gives before the student's pair of spécialités (which depends on the formation's type only)."""
    verdict = assess(formation, profile, dataset, shared)
    if parcoursup is None:
        return verdict, None
    if verdict.code == "later" and verdict.basis == "national":
        verdict = listed_after_bac(verdict, formation, dataset, parcoursup.listed)
    summary = parcoursup.summary(formation.id)
    return with_evidence(verdict, summary, profile), summary


def specialites_outcome(profile: Profile, formation_id: str, parcoursup: Parcoursup | None) -> SpecialitePair | None:
    """How candidates with the student's pair of spécialités fared in the formation's own group of
    the spécialités file (a bac général student who gave two), None when unknown or when the
    formation has no group of its own."""
    if parcoursup is None or profile.track.code != "GENERAL" or len(profile.specialites) != 2:
        return None
    group = parcoursup.group_of(formation_id)
    return None if group is None else pair_in_group(profile, group, parcoursup)


def pair_in_group(profile: Profile, group: str, parcoursup: Parcoursup) -> SpecialitePair | None:
    codes = [s.code for s in profile.specialites]
    names = parcoursup.pair_names(codes)
    found = parcoursup.pair_outcome(codes, group)
    if names is None or found is None:
        return None
    return SpecialitePair(tuple(codes), names, group, *found, broader=parcoursup.broader(codes))


# How much a verdict keeps of the fit when ranking by fit: what the student can enter now comes
# first, a formation of unknown access follows its equals; one for later (years of study first: a
# master, a school after a bac+2) comes after what leads there, an excluded one sinks.
REACH = {"recommended": 1.0, "possible": 1.0, "bridge": 0.9, "later": 0.6, "unknown": 0.8, "excluded": 0.5}


def fit_rank(result: CheckResult) -> float:
    """The fit score as ranked: weighted by how reachable the formation is (:data:`REACH`)."""
    return _fit(result) * REACH.get(result.verdict.code, 0.5)


def _fit(result: CheckResult) -> float:
    return result.fit.score if result.fit.score is not None else -1.0


def _readiness(result: CheckResult) -> float:
    readiness = result.fit.readiness
    return readiness if readiness is not None else -1.0


def admissions_row(summary: Summary | None) -> dict | None:
    """Parcoursup figures of a formation (``null`` without them): places and candidates summed over
    its offers, the taux d'accès weighted by candidates, the share of admitted néo-bacheliers by family.
    ``scope``: over ``all`` its offers, those of the ``area`` asked, or those ``elsewhere`` (none there has figures)."""
    if summary is None:
        return None
    return {
        "session": summary.session,
        "offers": summary.offers,
        "places": summary.places,
        "candidates": summary.candidates,
        "access_rate": summary.access_rate,
        "admitted_neo": summary.admitted_neo,
        "admitted_share": {k: None if v is None else round(v, 4) for k, v in summary.shares.items()},
        "source": f"Parcoursup, session {summary.session}",
        "scope": summary.scope,
    }


def pair_row(pair: SpecialitePair | None) -> dict | None:
    if pair is None:
        return None
    return {
        "specialites": list(pair.pair),
        "specialite_names": list(pair.names),
        "broader": list(pair.broader),
        "group": pair.group,
        "year": pair.year,
        "candidates": pair.candidates,
        "proposals": pair.proposals,
        "proposal_rate": None if pair.rate is None else round(pair.rate, 4),
        "source": "Parcoursup, candidats du bac général par enseignements de spécialité",
    }


def rule_row(verdict: Verdict) -> dict:
    """What decided a verdict: the card's own rules, a national rule, or nothing; and where to read it."""
    return {"basis": verdict.basis, "id": verdict.rule or None, "source": verdict.source or None, "url": verdict.url or None}


def unplaced(dataset: Dataset) -> list[Formation]:
    """Formations nothing places (no level, no rule, no access text): left out of ``check`` unless every level is asked for."""
    from .national import is_unplaced

    return [f for f in dataset.formations.values() if is_unplaced(f)]


def check_row(result: CheckResult, dataset: Dataset) -> dict:
    """A check result as a row: the formation, its verdict, what its listing shows of it, the fit,
    the figures; the parts :func:`check_row_parts` gives, in this order."""
    row: dict = {}
    for part in check_row_parts(result, dataset):
        row.update(part)
    return row


def check_row_parts(result: CheckResult, dataset: Dataset) -> tuple[dict, dict, dict, dict, dict, dict]:
    """The parts of :func:`check_row`, each of which depends on one thing only: the formation
    (:func:`formation_row`, :func:`listing_row`), the verdict (:func:`verdict_row`), the fit
    (:func:`fit_row`, :func:`readiness_row`), the figures (:func:`evidence_row`). A long listing
    writes each part once for all the rows that share it (:mod:`orient.check_lines`)."""
    formation = whole(result.formation, dataset)
    return (
        formation_row(formation, dataset),
        verdict_row(result.verdict),
        listing_row(formation),
        fit_row(result.fit),
        evidence_row(result.admissions, result.specialites),
        readiness_row(result.fit),
    )


def whole(formation: FormationCore, dataset: Dataset) -> Formation:
    """The formation whole, when ``check`` read only its core (:func:`~orient.lazy.read_light`)."""
    return formation if isinstance(formation, Formation) else dataset.formations[formation.id]


def verdict_row(verdict: Verdict) -> dict:
    return {"verdict": verdict.code, "reasons": list(verdict.reasons), "rule": rule_row(verdict)}


def listing_row(formation: Formation) -> dict:
    """What a listing shows of a formation beside its verdict: how it selects, what follows it."""
    access = formation.access
    return {
        "selection": list(access.selection) if access else [],
        "selection_note": (access.selection_note or None) if access else None,
        "poursuites_note": formation.poursuites_note or None,
        "next_formations": [p.formation for p in formation.poursuites if p.formation],
        "metiers": list(formation.metiers),
    }


def fit_row(fit: Fit) -> dict:
    return {
        "fit": fit.code,
        "fit_score": fit.score,
        "interest_matches": [match_row(m) for m in fit.interest_matches],
        "attendus_met": [{"label": a.label, "tags": list(a.tags), "covered_by": list(a.covered_by)} for a in fit.attendus_met],
        "attendus_missing": [{"label": a.label, "tags": list(a.tags)} for a in fit.attendus_missing],
        "attendus_unknown": [a.label for a in fit.attendus_unknown],
    }


def evidence_row(admissions: Summary | None, specialites: SpecialitePair | None) -> dict:
    return {"admissions": admissions_row(admissions), "specialites_outcome": pair_row(specialites)}


def readiness_row(fit: Fit) -> dict:
    return {"readiness": None if fit.readiness is None else round(fit.readiness, 2), "advice": list(fit.advice)}


def interest_rows(referential: Referential) -> list[dict]:
    return [{"id": i.id, "label": i.label, "keywords": list(i.keywords)} for i in referential.interests]


def strength_rows(referential: Referential) -> list[dict]:
    return [{"label": t.label, "keywords": list(t.keywords), "advice": t.advice} for t in referential.attendu_tags]


def match_row(match: InterestMatch) -> dict:
    """How one term of --interets meets a record: where its words are (name, metier, description…),
    which of the formation's métiers hold them, the thesaurus words and centres d'intérêt met."""
    return {
        "input": match.input,
        "score": match.score,
        "fields": list(match.fields),
        "metiers": list(match.metiers),
        "synonyms": list(match.synonyms),
        "interests": list(match.interests),
    }


def ranked_metier_row(metier: Metier, dataset: Dataset, score: float, matches: tuple[InterestMatch, ...]) -> dict:
    row = metier_row(metier, dataset)
    row["interest_score"] = score
    row["interest_matches"] = [match_row(m) for m in matches]
    return row


def metier_row(metier: Metier, dataset: Dataset) -> dict:
    return {
        "id": metier.id,
        "name": metier.name,
        "rome": list(metier.rome),
        "min_level": metier.min_level or None,
        "salary": salary_row(metier.salary),
        "formations": dataset.formations_by_metier.get(metier.id, list(metier.formations)),
        "imported": metier.imported.isoformat() if metier.imported else None,
    }


def salary_row(salary: Salary | None) -> dict | None:
    """A beginner's pay: ``min`` and ``max`` in euros gross per month (``null`` when the card says
    nothing of it; ``min`` null when it gives no monthly figure)."""
    if salary is None:
        return None
    return {
        "min": salary.min,
        "max": salary.max,
        "excludes_bonuses": salary.excludes_bonuses,
        "varies": salary.varies,
        "several": salary.several,
    }


def metier_detail(metier: Metier, dataset: Dataset) -> dict:
    row = metier_row(metier, dataset)
    row.update(
        {
            "names": {"feminine": metier.names.feminine, "masculine": metier.names.masculine},
            "other_names": list(metier.other_names),
            "description": metier.description.strip(),
            "access_text": metier.access_text or None,  # the card's « Accès au métier »
            "interests": list(metier.interests),
            "statuts": list(metier.statuts),
            "families": [{"sector": sector.id, "family": family} for sector, family in dataset.families_by_metier.get(metier.id, [])],
            "sources": source_rows(metier.sources),
            "checked": metier.checked.isoformat(),
        }
    )
    return row


def sector_formations(sector: Sector, dataset: Dataset) -> list[str]:
    """Ids of the formations leading to at least one of the sector's métiers, by name."""
    ids = {f for family in sector.families for m in family.metiers for f in dataset.formations_by_metier.get(m, [])}
    return sorted((i for i in ids if i in dataset.formations), key=lambda i: sort_key(dataset.formations[i].name))


def sector_row(sector: Sector, dataset: Dataset) -> dict:
    return {
        "id": sector.id,
        "name": sector.name,
        "families": [family.name for family in sector.families],
        "metiers": sum(len(family.metiers) for family in sector.families),
        "formations": len(sector_formations(sector, dataset)),
    }


def sector_detail(sector: Sector, dataset: Dataset) -> dict:
    """Everything known of a sector, for ``orient secteur``."""
    return {
        "id": sector.id,
        "name": sector.name,
        "aliases": list(sector.aliases),
        "description": sector.description.strip(),
        "covers": list(sector.covers),
        "families": [
            {
                "id": family.id,
                "name": family.name,
                "description": family.description,
                "metiers": [{"id": m, "name": dataset.metiers[m].name} for m in family.metiers if m in dataset.metiers],
            }
            for family in sector.families
        ],
        "advice": [{"title": a.title, "text": " ".join(a.text.split()), "source": a.source} for a in sector.advice],
        "formations": sector_formations(sector, dataset),
        "sources": source_rows(sector.sources),
        "checked": sector.checked.isoformat(),
    }


def bac_rows(referential: Referential) -> list[dict]:
    rows = []
    for track in referential.tracks:
        rows.append(
            {
                "code": track.code,
                "family": track.family,
                "name": track.name,
                "specialites": [{"code": s.code, "name": s.name, "group": s.group or None} for s in track.specialites],
                "aliases": list(track.aliases),
                "level": level_label(track.level),
            }
        )
    return rows


def specialite_rows(track: Track) -> list[dict]:
    """The spécialités (or options) of one track, for ``orient bacs TRACK``."""
    return [
        {
            "code": s.code,
            "name": s.name,
            "track": track.code,
            "group": s.group or None,
            "aliases": list(s.aliases),
            "former": list(s.former),
        }
        for s in track.specialites
    ]


def type_rows(dataset: Dataset) -> list[dict]:
    """The types of formation, with the national rule of entry of each (``orient types``)."""
    counts: dict[str, int] = {}
    for formation in dataset.formations.values():
        counts[formation.type] = counts.get(formation.type, 0) + 1
    rows = []
    for kind in dataset.referential.formation_types:
        rule = dataset.types.rule(kind)
        rows.append(
            {
                "code": kind.code,
                "name": kind.name,
                "aliases": list(kind.aliases),
                "onisep": list(kind.onisep),
                "stage": kind.stage,
                "formations": counts.get(kind.code, 0),
                "rule": None
                if rule is None
                else {
                    "id": rule.id,
                    "summary": rule.summary,
                    "source": rule.source,
                    "url": rule.url or None,
                    "checked": rule.checked.isoformat(),
                },
            }
        )
    return rows


def level_rows(referential: Referential) -> list[dict]:
    return [{"bac_plus": e.bac_plus, "name": e.name, "aliases": list(e.aliases)} for e in referential.levels]


# -- paths ---------------------------------------------------------------------


def step_row(step: Step) -> dict:
    formation = step.formation
    return {
        "formation": formation.id,
        "name": formation.name,
        "type": formation.type,
        "verdict": step.verdict.code,
        "condition": step.condition or None,
        "years": _number(step.years),
        "duration_years": _number(formation.duration_years),
        "completes": step.completes,
        "link": step.link,
        "level_after": step.level_after,
        "off_route": step.weak,
        "reasons": list(step.verdict.reasons),
        "rule": rule_row(step.verdict),
    }


def path_row(path: Path, number: int) -> dict:
    """One path for machine output: ``steps``, ``metier``, ``total_years``, ``final_level``;
    ``metier_level``: the métier's minimum level of access (bac+N) its card gives, and
    ``levels_short``: how many levels the path ends below it (both ``null`` when unknown)."""
    from .paths import needed_level, shortfall

    last = path.steps[-1].formation
    need = needed_level(path.metier)
    return {
        "path": number,
        "steps": [step_row(s) for s in path.steps],
        "metier": path.metier.id if path.metier else None,
        "total_years": _number(path.total_years),
        "start_level": path.steps[0].level_before,
        "final_level": {"bac_plus": path.final_level, "cec": last.level.cec},
        "metier_level": need,
        "levels_short": None if need is None else shortfall(need, last, path.steps[0].level_before),
        "fit": path.fit,
    }


def path_rows(result: PathResult) -> list[dict]:
    return [path_row(p, n) for n, p in enumerate(result.paths, 1)]


STEP_KEYS = (
    "formation",
    "name",
    "type",
    "verdict",
    "condition",
    "years",
    "duration_years",
    "completes",
    "link",
    "level_after",
    "off_route",
    "reasons",
    "rule",
)
RULE_KEYS = ("basis", "id", "source", "url")
PROFILE_KEYS = ("bac", "bac_name", "specialites", "specialite_names", "level", "age")
WISHES_KEYS = ("interests", "strengths", "deduced_strengths")
PROFILE_SHAPE: dict[str, Any] = dict.fromkeys(PROFILE_KEYS)
# The profile of ``check`` and ``batch`` rows: with what the student likes and is good at.
WISHED_PROFILE_SHAPE: dict[str, Any] = dict.fromkeys((*PROFILE_KEYS, *WISHES_KEYS))


def path_step_headers() -> list[str]:
    """The columns of ``orient path`` in CSV/TSV (one line per step), also when no path is found."""
    step = [f"rule.{k}" if k == "rule" else k for k in STEP_KEYS]
    step = [h for k in step for h in ([f"rule.{r}" for r in RULE_KEYS] if k.startswith("rule.") else [k])]
    return [
        *(f"profile.{k}" for k in (*PROFILE_KEYS, *WISHES_KEYS)),
        "path",
        "step",
        *step,
        "metier",
        "total_years",
        "start_level",
        "final_level.bac_plus",
        "final_level.cec",
        "metier_level",
        "levels_short",
        "fit",
    ]


def next_step_row(next_step: NextStep) -> dict:
    """A poursuite after a formation, with its verdict once there (for ``orient show --bac``)."""
    poursuite = next_step.poursuite
    if next_step.step is None:
        return {
            "formation": None,
            "name": poursuite.label,
            "verdict": "unknown",
            "condition": poursuite.condition or None,
            "years": None,
            "reasons": [NOT_IN_DATASET],
        }
    row = step_row(next_step.step)
    return {k: row[k] for k in ("formation", "name", "verdict", "condition", "years", "reasons")}


NOT_IN_DATASET = "Formation citée sans fiche dans le jeu de données : pas de verdict possible."


class AfterResult(msgspec.Struct, frozen=True):
    """One poursuite for ``orient check --apres``: the check result, or only a label."""

    next_step: NextStep
    result: CheckResult | None


def after(
    dataset: Dataset,
    profile: Profile,
    held: Formation,
    *,
    types: list[str] | None = None,
    wishes: Wishes | None = None,
    sort: str = "verdict",
) -> list[AfterResult]:
    """What comes after ``held``: its poursuites with their verdicts at the level then reached, best first
    (``sort`` as for :func:`check`; poursuites without a record come last)."""
    from .paths import next_steps

    wishes = wishes or Wishes()
    engine = _engine(dataset, wishes)
    out: list[AfterResult] = []
    for next_step in next_steps(dataset, profile, held):
        step = next_step.step
        if step is None:
            if not types:
                out.append(AfterResult(next_step, None))
            continue
        if types and step.formation.type not in types:
            continue
        fit = assess_fit(step.formation, dataset, wishes, engine, verdict=step.verdict)
        out.append(AfterResult(next_step, CheckResult(step.formation, step.verdict, fit)))

    def key(item: AfterResult) -> tuple:
        if item.result is None:
            return (1, 0, 0.0, sort_key(item.next_step.poursuite.label))
        score = -(item.result.fit.score if item.result.fit.score is not None else -1.0)
        rank = item.result.verdict.rank
        name = sort_key(item.result.formation.name)
        return (0, score, rank, name) if sort == "fit" else (0, rank, score, name)

    return sorted(out, key=key)


def after_row(item: AfterResult, dataset: Dataset) -> dict:
    """A ``check`` row for a poursuite, with its ``condition``; a poursuite without a record has null fields."""
    poursuite = item.next_step.poursuite
    row: dict[str, Any]
    if item.result is None:
        row = {key: None for key in check_row_keys()}
        row.update(
            {
                "name": poursuite.label,
                "codes": {"scolarite": None, "rncp": None, "onisep": None},
                "verdict": "unknown",
                "reasons": [NOT_IN_DATASET],
                "rule": {"basis": "none", "id": None, "source": None, "url": None},
                "selection": [],
                "next_formations": [],
                "metiers": [],
                "interest_matches": [],
                "attendus_met": [],
                "attendus_missing": [],
                "attendus_unknown": [],
                "advice": [],
            }
        )
    else:
        row = check_row(item.result, dataset)
        step = item.next_step.step
        row["years"] = _number(step.years) if step else None
    row["condition"] = poursuite.condition or None
    return row


def check_row_keys() -> list[str]:
    return [
        "id",
        "name",
        "type",
        "type_name",
        "codes",
        "duration_years",
        "level",
        "imported",
        "verdict",
        "reasons",
        "rule",
        "selection",
        "selection_note",
        "next_formations",
        "metiers",
        "fit",
        "fit_score",
        "interest_matches",
        "attendus_met",
        "attendus_missing",
        "attendus_unknown",
        "readiness",
        "advice",
        "admissions",
        "specialites_outcome",
        "poursuites_note",
        "years",
    ]


CARD_PATHS = 3  # paths shown on a métier's or formation's card


def profile_row(profile: Profile) -> dict:
    """How the profile was read: the bac (code and name), its spécialités (codes and names), level and age."""
    from .profile import specialite_label

    return {
        "bac": profile.track.code,
        "bac_name": profile.track.name,
        "specialites": [s.code for s in profile.specialites],
        "specialite_names": [specialite_label(profile.track, s) for s in profile.specialites],
        "level": profile.level,
        "age": profile.age,
    }


def wishes_row(wishes: Wishes) -> dict:
    """What the fit reads: ``interests`` (the terms of --interets understood), ``strengths`` (the
    atouts given) and ``deduced_strengths`` [{``tag``, ``origin``}] (those taken from the bac and
    its spécialités)."""
    return {
        "interests": [term.input for term in wishes.terms if term.understood],
        "strengths": [s.tag for s in wishes.strengths if s.declared],
        "deduced_strengths": [{"tag": s.tag, "origin": s.origin} for s in wishes.strengths if not s.declared],
    }


def metier_route(dataset: Dataset, profile: Profile, metier: Metier) -> dict:
    """What ``orient metier --bac`` adds: the profile and its best paths to the métier."""
    from .paths import find_paths

    result = find_paths(dataset, profile, metier, limit=CARD_PATHS)
    return {"profile": profile_row(profile), "paths": path_rows(result), "more_paths": result.more}


def formation_route(dataset: Dataset, profile: Profile, formation: Formation, parcoursup: Parcoursup | None = None) -> dict:
    """What ``orient show --bac`` adds: the verdict (with the Parcoursup figures beside its rule), how to
    get there when not direct, what comes next."""
    from .paths import find_paths, next_steps

    checked = result(formation, profile, dataset, Wishes(), None, parcoursup)
    verdict = checked.verdict
    paths: list[dict] = []
    more = False
    if verdict.code != "recommended":
        found = find_paths(dataset, profile, formation, limit=CARD_PATHS)
        paths, more = path_rows(found), found.more
    return {
        "profile": profile_row(profile),
        "verdict": verdict.code,
        "reasons": list(verdict.reasons),
        "rule": rule_row(verdict),
        "specialites_outcome": pair_row(checked.specialites),
        "paths": paths,
        "more_paths": more,
        "next": [next_step_row(n) for n in next_steps(dataset, profile, formation)],
    }


def where_row(where: Where, parcoursup: Parcoursup) -> dict:
    """One establishment teaching one formation (``orient ou``, « Où se former »)."""
    offer = where.offer
    admissions = offer.admissions
    shares: dict[str, float | None] = {"general": None, "techno": None, "pro": None}
    if admissions is not None and admissions.admitted_neo:
        shares = {
            "general": round((admissions.admitted_general or 0) / admissions.admitted_neo, 4),
            "techno": round((admissions.admitted_techno or 0) / admissions.admitted_neo, 4),
            "pro": round((admissions.admitted_pro or 0) / admissions.admitted_neo, 4),
        }
    return {
        "formation": where.formation,
        "offer": offer.key,  # one per Parcoursup formation: a row per linked record repeats it
        "parcoursup_label": offer.label,  # as the file gives it
        "parcoursup_name": offer.name or offer.label,  # as shown: accents the file dropped put back
        "cod_aff_form": offer.cod_aff_form,
        "uai": offer.uai or None,
        "etablissement": offer.etablissement,
        "commune": offer.commune or None,
        "departement": offer.departement or None,
        "departement_code": offer.departement_code or None,
        "region": offer.region or None,
        "statut": offer.statut or None,
        "lat": offer.lat,
        "lon": offer.lon,
        "distance_km": where.distance_km,
        "places": admissions.places if admissions else None,
        "candidates": admissions.candidates if admissions else None,
        "access_rate": admissions.access_rate if admissions else None,
        "admitted_neo": admissions.admitted_neo if admissions else None,
        "admitted_share": shares,
        "session": admissions.session if admissions else None,
        "parcoursup_url": offer.url or None,
        "sources": [{"file": s.file, "line": s.line, "imported": s.imported.isoformat()} for s in offer.sources],
    }


def pair_outcome_rows(parcoursup: Parcoursup, groups: list[str], year: int, type_code: str | None = None) -> list[dict]:
    """Pairs of spécialités of each group by share of candidates who received a proposal, one
    year: one row of the file each, never a sum over groups (a candidate with vœux in several
    groups counts in each). Group by group, in the order given; pairs of fewer than 50 candidates
    come last in their group."""
    from .parcoursup.query import MIN_ADMITTED

    codes = {s.name: s.codes for s in parcoursup.dataset.referential.psup_specialites}
    order = {group: i for i, group in enumerate(groups)}
    rows: list[dict[str, Any]] = []
    for outcome in parcoursup.outcomes(groups):
        if outcome.year != year:
            continue
        candidates = outcome.candidates
        rows.append(
            {
                "group": outcome.group,
                "type": type_code,
                "specialites": list(outcome.pair),
                "codes": [list(codes.get(name, ())) for name in outcome.pair],
                "year": year,
                "candidates": candidates,
                "proposals": outcome.proposals,
                "accepted": outcome.accepted,
                "proposal_rate": round(outcome.proposals / candidates, 4) if candidates else None,
                "small": candidates < MIN_ADMITTED * 2.5,
            }
        )
    rows.sort(key=lambda r: (order[r["group"]], r["small"], -(r["proposal_rate"] or 0), -r["candidates"], r["specialites"]))
    return rows
