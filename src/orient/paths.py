"""Paths of study: from where a student stands to a métier or a formation, step by step.

A path is a chain of formations. The first is entered with the student's bac
(or the level already reached); each next one is either a poursuite listed by
the previous formation (``link = "poursuite"``) or a formation whose only rule
is a level the student then has, such as a school recruiting « après un
bac+2 » (``link = "niveau"``). A path to a métier ends at a formation that
leads to it; a path to a formation ends at that formation.

Every step carries the verdict of :func:`~orient.eligibility.assess` for the
student *at that point*: after a BTS the level is bac+2 (so a « bac+2 » rule
is met) and the age, when given, has grown by the years studied. Steps whose
verdict is ``later`` or ``excluded`` are not taken; ``unknown`` steps are kept
and said to be unknown.

Level and age along a path follow one model, :class:`Position`: completing a formation
gives its level, leaving it early a level per whole year studied; the age grows with
the whole years studied since the start; and no level is ever held sooner than a year of
study per level above the starting one.

Years: a formation entered at a later year (« en troisième année après un
bac+2 ») lasts what remains of it, and so does one whose card counts its years
from the bac though it is entered later (a bac+5 of five years entered after a
first year of PASS or L.AS: four years more); a poursuite open before the end
(« dès la L2 validée ») counts only the years needed first; a mise à niveau
adds its own year.

Ranking (best first): fewest steps with an unknown verdict, then the fewest levels left
below the métier's minimum level of access (its card's « niveau d'accès minimum »: for an
expert-comptable at bac+8, a DCG then a DSCG, bac+5, before a DCG alone, bac+3), then the fewest years,
then the fewest steps off the planned way (a mise à niveau, or a route that does not
name the student's bac; a formation open to every bachelier is not off it; or a leap across
fields: a step its previous card does not name, reached by level from a formation sharing a
métier with it but hardly a word of its name, a licence of économie before a master of droit),
then the
fewest steps not listed by the previous formation's card, then the fewest steps, then
the best mean fit when interests are given, then the closest fields where a step is
not named by the previous card (the least close step counting: a licence of droit
before a master of droit rather than a BUT sharing one word with it), then a path
ending at a formation named after the métier, by its usual name or another (« CAP
pâtissier » before « CAP cuisine » for a pâtissier, « CAP cuisine » first for a chef
de cuisine, also called cuisinier), by its usual name before another, and the most closely
first (« CAP agent de sécurité » before « BP agent technique de prévention et de sécurité »),
then the names. The search is best-first on the
first six with a bound on the number of steps, and never visits a formation twice in
a path, so cycles in the data cannot loop. On a dense graph of poursuites the number
of paths grows exponentially with the steps: the search stops after
:data:`MAX_PARTIAL` partial paths or :data:`MAX_PATHS` paths, and its result says so
(``truncated``); the paths found until then are the best ones.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Literal, NamedTuple

import msgspec

from .dataset import Dataset
from .eligibility import Verdict, assess, level_route, own_bac
from .fields import SHARED_WORDS, link_affinity, linked, name_keys, names_metier, same_field
from .fit import Wishes, assess_fit
from .levels import diploma_level, parse_level
from .models import Formation, Metier, Poursuite
from .profile import Profile
from .text import after_fr, join_fr

DEFAULT_MAX_STEPS = 4
MAX_STEPS_LIMIT = 6
DEFAULT_LIMIT = 5
BLOCKING_VERDICTS = ("later", "excluded")
# Bounds of one search: partial paths built, and paths kept. Through the whole ONISEP corpus, in
# 6 steps, a search builds some 6,000 partial paths for 1,000 paths; on a dense graph of poursuites
# their number grows as the number of formations to the power of the steps. Each bound costs
# about a second.
MAX_PARTIAL = 20_000
MAX_PATHS = 1_000

Link = Literal["bac", "poursuite", "niveau"]


class Position(NamedTuple):
    """Where the student stands at a point of a path: the level held (bac+N), the years of study
    since the path began, and the age then (None when not given)."""

    level: int
    years: float = 0.0
    age: int | None = None

    @classmethod
    def start(cls, profile: Profile) -> Position:
        return cls(profile.level, 0.0, profile.age)

    def advance(self, years: float, diploma: int | None = None) -> Position:
        """After ``years`` more of study: the level of the ``diploma`` obtained (never below the level
        held), or without a diploma (leaving early) a level per whole year studied. The age grows
        with the whole years studied since the start."""
        total = self.years + years
        level = max(self.level, diploma) if diploma is not None else self.level + int(years)
        age = None if self.age is None else self.age + int(total) - int(self.years)
        return Position(level, total, age)

    def earliest(self, level: int) -> Position:
        """The soonest ``level`` can be held from here: a year of study per level."""
        return self.advance(max(0, level - self.level), level)

    def within_reach(self, start: Position) -> bool:
        """Is this level within reach of the years studied since ``start`` (at most a level a year)?"""
        return self.level <= start.level + self.years - start.years


class Step(msgspec.Struct, frozen=True):
    """One formation of a path, as the student would meet it."""

    formation: Formation
    verdict: Verdict
    link: Link  # how the step is reached: from the bac, a listed poursuite, a level rule
    condition: str  # in French: « sur concours après un bac+2 », « sur dossier, en alternance possible »
    years: float  # years spent in this formation on this path
    level_before: int
    level_after: int
    completes: bool  # True when the diploma is obtained; False when leaving early for the next step
    # Reached by level from a formation of another field: linked by a métier in common alone, their
    # names sharing less than same_field asks (« licence mention économie » → « master mention droit »).
    leap: bool = False

    @property
    def weak(self) -> bool:
        """Off the planned way: a mise à niveau first, or a candidature on a route that does not name
        the student's bac (a formation open to every bachelier, licence or PASS, is not weak)."""
        return self.verdict.code == "bridge" or (self.verdict.code == "possible" and self.verdict.distance >= 1)


class Path(msgspec.Struct, frozen=True):
    steps: tuple[Step, ...]
    metier: Metier | None  # None for a path to a formation
    fit: float | None = None  # mean fit of its formations, when interests or strengths are given

    @property
    def total_years(self) -> float:
        return sum(s.years for s in self.steps)

    @property
    def final_level(self) -> int:
        return self.steps[-1].level_after

    @property
    def key(self) -> tuple:
        need = needed_level(self.metier)
        return _key(self.steps, short=shortfall(need, self.steps[-1].formation, self.steps[0].level_before))

    def named(self, generic: frozenset[str]) -> bool:
        """Does the formation a path ends at say its métier by one of its names, the usual one or
        another (« cuisinier » for « chef de cuisine »: :func:`~orient.fields.names_metier`)?"""
        return self.naming(generic)[0] > 0

    def naming(self, generic: frozenset[str]) -> tuple[int, float]:
        """How closely the formation a path ends at is named after its métier, best highest: 2 when
        it says the métier's usual name, 1 another of its names, 0 none (:meth:`named`); then the
        share of the distinctive words of its name that this name holds (« CAP agent de sécurité »
        1, « BP agent technique de prévention et de sécurité » 0.5 for an agent de sécurité)."""
        if self.metier is None:
            return (0, 0.0)
        formation = self.steps[-1].formation.name
        keys = name_keys(formation, generic)
        found = [
            (2 if usual else 1, len(name_keys(name, generic)) / len(keys))
            for usual, name in ((True, self.metier.names.masculine), *((False, other) for other in self.metier.other_names))
            if names_metier(name, formation, generic)
        ]
        return max(found, default=(0, 0.0))

    def affinity(self, generic: frozenset[str]) -> float:
        """How close in field each step not named by the previous formation's card is to that
        formation (:func:`~orient.fields.link_affinity`), the least close counting: 1 when the cards
        name every step."""
        pairs = pairwise(self.steps)
        return min((link_affinity(a.formation, b.formation, generic) for a, b in pairs if b.link == "niveau"), default=1.0)


class PathResult(msgspec.Struct, frozen=True):
    """The best paths found, and what is needed to explain an empty answer."""

    paths: tuple[Path, ...]
    more: bool  # more paths exist than those returned
    target: Formation | Metier
    ends: tuple[str, ...]  # formations a path may end at (leading to the métier, or the formation itself)
    max_steps: int
    truncated: bool = False  # the search stopped at its bounds (MAX_PARTIAL, MAX_PATHS): more paths may exist


class NextStep(msgspec.Struct, frozen=True):
    """A poursuite after a formation, with its verdict at the level then reached."""

    poursuite: Poursuite
    step: Step | None  # None when the poursuite names no formation of the dataset


# -- conditions ---------------------------------------------------------------


def selection_phrase(formation: Formation) -> str:
    """« sur concours », « sur dossier et portfolio »… from the selection modes."""
    access = formation.access
    if access is None or not access.selection:
        return ""
    modes: list[str] = list(access.selection)  # the codes are the French words
    if "concours" in modes:
        modes = ["concours", *(m for m in modes if m in ("audition", "portfolio"))]
    return "sur " + join_fr(modes, "et")


def _with_alternance(text: str, formation: Formation) -> str:
    if formation.alternance:
        return f"{text}, en alternance possible" if text else "en alternance possible"
    return text


def entry_condition(formation: Formation, verdict: Verdict, entry_level: int) -> str:
    """The condition of a step entered with the bac or a level rule, in French."""
    access = formation.access
    if access is None:
        return "règles d'accès inconnues : voir la fiche officielle"
    parts = []
    bridges = [r.label for r in access.routes if r.kind == "bridge"]
    if verdict.code == "bridge" and bridges:
        parts.append(after_fr(join_fr(bridges)))
    selection = selection_phrase(formation)
    if selection:
        parts.append(selection)
    route = level_route(access, entry_level)
    if route is not None:
        parts.append(f"ouvert {after_fr(route.label)}")
    return _with_alternance(", ".join(parts) or "sélection non précisée", formation)


# -- durations ----------------------------------------------------------------


def step_years(formation: Formation, verdict: Verdict, entry_level: int) -> float:
    """Years spent in ``formation`` entered at ``entry_level``, to its diploma."""
    years = float(formation.duration_years)
    access = formation.access
    if access is not None:
        levels = [r.min_level for r in access.routes if r.kind == "level"]
        if levels:
            start = 0 if any(r.kind in ("bac", "bridge") for r in access.routes) or _counts_from_bac(formation) else min(levels)
            route = level_route(access, entry_level)
            if route is not None and route.min_level > start:
                years = max(1.0, years - (route.min_level - start))
        if verdict.code == "bridge":
            years += max((r.years for r in access.routes if r.kind == "bridge"), default=0)
    return years


def _diploma(formation: Formation) -> int:
    """The level ``formation`` leaves its student at (:func:`~orient.levels.diploma_level`)."""
    level = formation.level
    return diploma_level(level.cec, level.bac_plus, formation.entry_level, formation.duration_years)


def _counts_from_bac(formation: Formation) -> bool:
    """Does the duration of ``formation`` count from the bac, though it is entered later? So it does
    when it lasts at least as many years as its level has above the bac: the card counts the first
    year of studies it is entered after (« diplôme d'État de masseur kinésithérapeute », 5 years for
    a bac+5, the first one in PASS or L.AS)."""
    level = formation.level
    return level.cec != 0 and level.bac_plus >= 1 and formation.duration_years >= level.bac_plus


_PLANNED = Verdict("recommended", ())


def _skipped(formation: Formation, entry_level: int) -> bool:
    """True when ``formation`` is entered at a later year than its first."""
    return step_years(formation, _PLANNED, entry_level) < formation.duration_years


# -- search -------------------------------------------------------------------


def level_only(formations: Iterable[Formation]) -> dict[str, int]:
    """Formations recruiting only after some higher education (a level, or a diploma of higher
    education such as the DE d'infirmier), by the level they ask (computed once, on load or import:
    see :attr:`Dataset.level_only`)."""
    out: dict[str, int] = {}
    for formation in formations:
        access = formation.access
        if access is None:
            continue
        levels = [r.min_level for r in access.routes if r.kind == "level" or (r.kind == "diploma" and r.min_level >= 1)]
        if levels and not any(r.kind in ("bac", "bridge") for r in access.routes):
            out[formation.id] = min(levels)
    return out


class _Search:
    """State shared by one search: the profile, the memo of verdicts, the graph bounds."""

    def __init__(self, dataset: Dataset, profile: Profile, wishes: Wishes | None) -> None:
        self.dataset = dataset
        self.profile = profile
        self.wishes = wishes if wishes is not None and wishes.requested else None
        self.start = Position.start(profile)
        self._verdicts: dict[tuple[str, int, int | None, str], Verdict] = {}
        self.level_links: dict[str, list[str]] = {}  # formation → formations it may lead to by level (see bounds)
        self._fits: dict[str, float | None] = {}
        self._own: dict[str, float] = {}
        self.level_only = dataset.level_only

    def verdict(self, formation: Formation, at: Position, held: Formation | None = None) -> Verdict:
        """The verdict of ``formation`` for the student ``at`` a point of a path, having just
        completed ``held`` (which may be the diploma a route names)."""
        key = (formation.id, at.level, at.age, held.id if held is not None else "")
        found = self._verdicts.get(key)
        if found is None:
            profile = self.profile
            if at.level != profile.level or at.age != profile.age:
                profile = msgspec.structs.replace(profile, level=at.level, age=at.age)
            found = assess(formation, profile, self.dataset)
            if found.code == "later" and held is not None:
                found = _held_diploma(found, formation, held, at.level) or found
            self._verdicts[key] = found
        return found

    def own_trade(self, formation: Formation) -> bool:
        """Does the student's bac pro spécialité name every distinctive word of ``formation``'s name
        (« CAP cuisine » for a bac pro cuisine, « CAP pâtissier » for a bac pro boulanger-pâtissier)?"""
        generic = self.dataset.generic_words
        keys = name_keys(formation.name, generic)
        return bool(keys) and any(
            keys <= name_keys(name, generic) for spec in self.profile.specialites for name in (spec.name, *spec.aliases)
        )

    def entry_met(self, formation: Formation, level: int) -> bool:
        """Does the student at ``level`` have the level ``formation`` is entered at? Unknown: no."""
        return formation.entry_level is not None and formation.entry_level <= level

    def fit(self, formation: Formation) -> float | None:
        if self.wishes is None:
            return None
        if formation.id not in self._fits:
            self._fits[formation.id] = assess_fit(formation, self.dataset, self.wishes).score
        return self._fits[formation.id]

    def generic_ok(self, source: Formation, target_id: str, level: int) -> bool:
        """May ``source``, completed at ``level``, lead to ``target_id`` unnamed: by the level the target
        asks, which the student then has, and a field both share (same métier or mention)?"""
        need = self.level_only.get(target_id)
        target = self.dataset.formations[target_id]
        return (
            need is not None
            and need <= level
            # a step up (or into a formation whose level no certification states: a CAPA after a master)
            and (source.level.bac_plus < target.level.bac_plus or target.level.cec == 0)
            and linked(source, target, self.dataset.generic_words)
        )

    def bounds(self, ends: set[str], max_steps: int, need: int | None = None) -> tuple[dict[str, int], dict[str, tuple[int, float, int]]]:
        """For each formation that can lead to an end: the fewest steps (ends count 1),
        up to ``max_steps``, and a lower bound of what is still to come once it is
        done, as (levels short of ``need`` at the end, see :func:`shortfall`; years; steps not
        listed by the previous formation).

        A formation leads to another when its card names it as a poursuite, or when
        the other recruits only after some higher education that it gives, in the
        same field (:meth:`generic_ok`).
        """
        formations = self.dataset.formations
        preds: dict[str, list[tuple[str, int]]] = {}  # target → (predecessor, 1 when not listed)

        def predecessors(target_id: str) -> list[tuple[str, int]]:
            found = preds.get(target_id)
            if found is None:
                found = [(s, 0) for s in self.dataset.leads_to.get(target_id, [])]
                if target_id in self.level_only:
                    listed = {s for s, _ in found}
                    target = formations[target_id]
                    found += [
                        (i, 1)
                        for i in target.feeders
                        if i in formations and i not in listed and self.generic_ok(formations[i], target_id, formations[i].level.bac_plus)
                    ]
                preds[target_id] = found
            return found

        # Fewest steps, breadth first; the level links met on the way, kept for the search forwards.
        dist = {f: 1 for f in ends}
        frontier = list(ends)
        for depth in range(2, max_steps + 1):
            reached: list[str] = []
            for target_id in frontier:
                for pred, unlisted in predecessors(target_id):
                    if unlisted:
                        self.level_links.setdefault(pred, []).append(target_id)
                    if pred not in dist:
                        dist[pred] = depth
                        reached.append(pred)
            frontier = reached
            if not frontier:
                break
        # Least (levels short, years, unlisted steps) after each formation: Dijkstra backwards from the ends.
        start = self.start.level
        rest: dict[str, tuple[int, float, int]] = {f: (shortfall(need, formations[f], start), 0.0, 0) for f in ends}
        heap = [((short, self.own_years(formations[f]), 0), f) for f, (short, _y, _u) in rest.items()]
        heapq.heapify(heap)
        done: set[str] = set()
        while heap:
            (short, years, unlisted), target_id = heapq.heappop(heap)
            if target_id in done:
                continue
            done.add(target_id)
            for pred, extra in predecessors(target_id):
                candidate = (short, years, unlisted + extra)
                if pred in dist and candidate < rest.get(pred, (LEVELS, float("inf"), 0)):
                    rest[pred] = candidate
                    heapq.heappush(heap, ((short, years + self.own_years(formations[pred]), unlisted + extra), pred))
        return dist, rest

    def own_years(self, formation: Formation) -> float:
        """The fewest years a path may spend in ``formation`` (later entry, early exit)."""
        found = self._own.get(formation.id)
        if found is None:
            years = min(float(formation.duration_years), step_years(formation, _PLANNED, 99))
            for poursuite in formation.poursuites:
                if poursuite.after_years is not None:
                    years = min(years, float(poursuite.after_years))
            found = self._own[formation.id] = years
        return found


def _key(steps: tuple[Step, ...], years_adjust: float = 0.0, short: int = 0) -> tuple[int, int, float, int, int, int]:
    """The ranking key of a path (see the module docstring), best lowest; ``short``: its :func:`shortfall`."""
    unknown = sum(1 for s in steps if s.verdict.code == "unknown")
    weak = sum(1 for s in steps if s.weak or s.leap)
    years = sum(s.years for s in steps) + years_adjust
    unlisted = sum(1 for s in steps if s.link == "niveau")
    return (unknown, short, years, weak, unlisted, len(steps))


LEVELS = 99  # more levels short than any path can be


def bac_leading_to(dataset: Dataset, profile: Profile, metier: Metier) -> Formation | None:
    """The student's own bac, when the records say it leads to ``metier`` (a bac pro of the trade):
    the métier is within reach once the bac is passed, and every path found goes further."""

    for formation_id in dataset.formations_by_metier.get(metier.id, ()):
        formation = dataset.formations.get(formation_id)
        if formation is not None and own_bac(formation, profile, dataset):
            return formation
    return None


def needed_level(metier: Metier | None) -> int | None:
    """The métier's minimum level of access as years after the bac (its card's « niveau d'accès
    minimum »), None for a formation or when the card does not say."""
    return parse_level(metier.min_level) if metier is not None and metier.min_level else None


def shortfall(need: int | None, end: Formation, start: int) -> int:
    """How many levels a path ending with ``end`` leaves the student below ``need`` (0 when it is
    reached or unknown): a DCG (bac+3) is 5 short of the expert-comptable's bac+8, a DSCG 3."""
    if need is None:
        return 0
    return max(0, need - max(start, end.level.bac_plus))


def _advance(
    search: _Search,
    formation: Formation,
    at: Position,
    link: Link,
    condition: str,
    *,
    keep_closed: bool = False,
    held: Formation | None = None,
    leap: bool = False,
) -> Step | None:
    """The step into ``formation`` from ``at``; None if it cannot be taken then, unless
    ``keep_closed`` (to show a closed poursuite with its verdict).

    A step is taken only when the student has the formation's entry level at that point (an
    unknown verdict is no way in unless its entry level is known and met), and when the level
    it gives is within reach of the years studied: the final level of a path is never more than
    the starting level plus its years of study.
    """
    verdict = search.verdict(formation, at, held)
    years = step_years(formation, verdict, at.level)
    after = at.advance(years, _diploma(formation))
    if not keep_closed:
        if verdict.code in BLOCKING_VERDICTS:
            return None
        if verdict.code == "unknown" and not search.entry_met(formation, at.level):
            return None
        if _through_field_diploma(formation) and (held is None or not same_field(held, formation)):
            return None  # « après un CAP du même secteur »: the path goes through that CAP first
        if at.level >= 0 and _is_a_bac(formation, search.dataset):
            return None  # a bachelier (or a student preparing one) does not prepare another bac on the way
        if at.level >= 0 > formation.level.bac_plus and search.own_trade(formation):
            return None  # nor the CAP of the trade of their own bac pro (a CAP cuisine after a bac pro cuisine)
        if not after.within_reach(search.start):
            return None
    return Step(
        formation=formation,
        verdict=verdict,
        link=link,
        condition=condition,
        years=years,
        level_before=at.level,
        level_after=after.level,
        completes=True,
        leap=leap,
    )


def _is_a_bac(formation: Formation, dataset: Dataset) -> bool:
    """Is ``formation`` a bac (« bac techno STHR… », « bac pro cuisine »): of the bac's level, before
    it, named as a bac?"""
    return formation.level.bac_plus == 0 and not formation.after_bac and dataset.bac_read(formation.name) is not None


def _position(search: _Search, steps: tuple[Step, ...]) -> Position:
    """Where the student stands after ``steps``."""
    at = search.start
    for step in steps:
        at = at.advance(step.years, _diploma(step.formation) if step.completes else None)
    return at


def _successors(
    search: _Search,
    steps: tuple[Step, ...],
    dist: dict[str, int],
    remaining: int,
    *,
    generic: bool = True,
    keep_closed: bool = False,
) -> Iterator[tuple[Step, Step]]:
    """(the last step as left, the next step) for every way on from the last step;
    ``keep_closed`` also yields listed poursuites closed at that point."""
    last = steps[-1]
    formation = last.formation
    visited = {s.formation.id for s in steps}
    before = _position(search, steps[:-1])  # where the last step was entered
    done = before.advance(last.years, _diploma(formation))  # and where it leaves the student
    formations = search.dataset.formations
    listed: set[str] = set()
    for poursuite in formation.poursuites:
        target_id = poursuite.formation
        if not target_id or target_id in visited or dist.get(target_id, 99) > remaining:
            continue
        listed.add(target_id)
        left, at = last, done
        if poursuite.after_years is not None and not _skipped(formation, last.level_before):
            years = float(poursuite.after_years)
            at = before.advance(years)  # left early, without the diploma
            left = msgspec.structs.replace(last, years=years, level_after=at.level, completes=False)
        target = formations[target_id]
        condition = _with_alternance(poursuite.condition, target) or entry_condition(target, _PLANNED, at.level)
        nxt = _advance(
            search,
            target,
            at,
            "poursuite",
            condition,
            keep_closed=keep_closed,
            held=formation if left.completes else None,
        )
        if nxt is not None:
            yield left, nxt
    for target_id in search.level_links.get(formation.id, ()) if generic else ():
        if target_id in visited or target_id in listed or dist.get(target_id, 99) > remaining:
            continue
        if not search.generic_ok(formation, target_id, done.level):
            continue
        target = formations[target_id]
        verdict = search.verdict(target, done, formation)
        condition = entry_condition(target, verdict, done.level)
        leap = link_affinity(formation, target, search.dataset.generic_words) < SHARED_WORDS
        nxt = _advance(search, target, done, "niveau", condition, held=formation, leap=leap)
        if nxt is not None:
            yield last, nxt


def _through_field_diploma(formation: Formation) -> bool:
    """Is ``formation`` entered only after a diploma of its own field (« un CAP du même secteur »)?"""
    access = formation.access
    return access is not None and bool(access.routes) and all(r.kind == "diploma" and r.in_field for r in access.routes)


def _held_diploma(verdict: Verdict, target: Formation, held: Formation, level: int) -> Verdict | None:
    """A « later » that the formation just completed may lift: a route naming a diploma of higher
    education (« le DE d'infirmier ») of the level ``held`` gives, in its field."""
    if target.access is None or not same_field(held, target):
        return None
    for route in target.access.routes:
        if route.kind == "diploma" and 1 <= route.min_level <= min(level, held.level.bac_plus):
            return msgspec.structs.replace(
                verdict,
                code="possible",
                # (the rule's reason, then what leads there: the formation just completed does)
                reasons=(f"Avec {held.name}, vous pouvez répondre à la condition : {route.label}.", *verdict.reasons[2:]),
            )
    return None


def _partial_key(steps: tuple[Step, ...], rest: dict[str, tuple[int, float, int]]) -> tuple[int, int, float, int, int, int]:
    """A lower bound of the key of every path that extends ``steps`` (``rest``: see ``_Search.bounds``)."""
    last = steps[-1]
    short, years, unlisted = rest.get(last.formation.id, (0, 0.0, 0))
    unknown, _short, total, weak, unlisted_so_far, count = _key(steps, _pending(last.formation, last) - last.years + years)
    return (unknown, short, total, weak, unlisted_so_far + unlisted, count)


def _pending(formation: Formation, step: Step) -> float:
    """A lower bound of the years the last step of a partial path will count."""
    years = step.years
    if not _skipped(formation, step.level_before):
        for poursuite in formation.poursuites:
            if poursuite.after_years is not None:
                years = min(years, float(poursuite.after_years))
    return years


def find_paths(
    dataset: Dataset,
    profile: Profile,
    target: Formation | Metier,
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
    limit: int | None = DEFAULT_LIMIT,
    wishes: Wishes | None = None,
    max_partial: int | None = None,
    bounds: dict | None = None,
) -> PathResult:
    """The best paths from ``profile`` to ``target`` (all of them when ``limit`` is None, up to
    :data:`MAX_PATHS`), building at most ``max_partial`` partial paths (:data:`MAX_PARTIAL` by
    default); the result says when these bounds stopped the search.

    ``bounds``: where to keep the bounds of the graph toward ``target`` (:meth:`_Search.bounds`),
    which depend on the student's level alone, for the next search toward it (a class of students
    aiming at the same métiers): a dict the caller keeps, and never changes."""
    if isinstance(target, Metier):
        ends = {f for f in dataset.formations_by_metier.get(target.id, []) if f in dataset.formations}
        metier: Metier | None = target
    else:
        ends = {target.id}
        metier = None
    search = _Search(dataset, profile, wishes)
    need = needed_level(metier)
    key = (target.id, metier is not None, max_steps, search.start.level)
    known = bounds.get(key) if bounds is not None else None
    if known is None:
        dist, rest = search.bounds(ends, max_steps, need)
        if bounds is not None:
            bounds[key] = (dist, rest, search.level_links)
    else:
        dist, rest, search.level_links = known

    # Items: (key, order, kind, payload). A start is only assessed once it is
    # the best candidate left, from a bound of its key: most never are.
    START, PARTIAL, COMPLETE = 0, 1, 2
    heap: list[tuple[tuple, int, int, Formation | tuple[Step, ...]]] = []
    counter = 0

    def push(key: tuple, kind: int, payload: Formation | tuple[Step, ...]) -> None:
        nonlocal counter
        heapq.heappush(heap, (key, counter, kind, payload))
        counter += 1

    for formation_id in sorted(dist, key=lambda i: (dataset.formations[i].name, i)):
        formation = dataset.formations[formation_id]
        short, years, unlisted = rest[formation_id]
        push((0, short, search.own_years(formation) + years, 0, unlisted, 1), START, formation)

    found: list[Path] = []
    cutoff: tuple | None = None  # key of the last path wanted; equal keys are kept for the fit tie-break
    more = stopped = False
    budget = MAX_PARTIAL if max_partial is None else max_partial
    built = 0  # partial paths pushed, bounded by the budget
    while heap:
        key, _n, kind, payload = heapq.heappop(heap)
        if isinstance(payload, Formation):  # kind == START
            formation = payload
            verdict = search.verdict(formation, search.start)
            step = _advance(search, formation, search.start, "bac", entry_condition(formation, verdict, profile.level))
            if step is not None:
                push(_partial_key((step,), rest), PARTIAL, (step,))
            continue
        steps = payload
        if kind == COMPLETE:
            if cutoff is not None and key > cutoff:
                more = True
                break
            fits = [search.fit(s.formation) for s in steps]
            known = [f for f in fits if f is not None]
            found.append(Path(steps, metier, round(sum(known) / len(known), 2) if known else None))
            if limit is not None and len(found) >= limit and cutoff is None:
                cutoff = key
            if len(found) >= MAX_PATHS and heap:
                stopped = True
                break
            continue
        if steps[-1].formation.id in ends:
            push(_key(steps, short=shortfall(need, steps[-1].formation, steps[0].level_before)), COMPLETE, steps)
        remaining = max_steps - len(steps)
        if remaining <= 0:
            continue
        if built >= budget:
            stopped = True
            break
        for left, nxt in _successors(search, steps, dist, remaining):
            extended = (*steps[:-1], left, nxt)
            push(_partial_key(extended, rest), PARTIAL, extended)
            built += 1

    # Stopped at a bound once the paths asked for are found (a cutoff is set), the search only
    # leaves unknown whether more exist: it says « more », and its answer is whole.
    truncated = stopped and cutoff is None
    more = more or (stopped and cutoff is not None)
    found.sort(
        key=lambda p: (
            p.key,
            -(p.fit if p.fit is not None else -1.0),
            -p.affinity(dataset.generic_words),
            tuple(-n for n in p.naming(dataset.generic_words)),
            [s.formation.name for s in p.steps],
            [s.formation.id for s in p.steps],
        )
    )
    if limit is not None and len(found) > limit:
        found = found[:limit]
        more = True
    return PathResult(tuple(found), more, target, tuple(sorted(ends)), max_steps, truncated)


def next_steps(dataset: Dataset, profile: Profile, formation: Formation) -> list[NextStep]:
    """The poursuites listed after ``formation``, each with its verdict once it is done (or left early)."""
    search = _Search(dataset, profile, None)
    verdict = search.verdict(formation, search.start)
    years = step_years(formation, verdict, profile.level)
    start = Step(
        formation=formation,
        verdict=verdict,
        link="bac",
        condition="",
        years=years,
        level_before=profile.level,
        level_after=search.start.advance(years, _diploma(formation)).level,
        completes=True,
    )
    dist = {f: 1 for f in dataset.formations}
    # Closed poursuites (later, excluded at that level) are kept: shown with their verdict.
    steps = {nxt.formation.id: nxt for _left, nxt in _successors(search, (start,), dist, 1, generic=False, keep_closed=True)}
    return [NextStep(p, steps.get(p.formation) if p.formation in dataset.formations else None) for p in formation.poursuites]


# -- when there is no path ---------------------------------------------------


class Blocked(msgspec.Struct, frozen=True):
    """A formation leading to the target that the profile cannot enter, and why (its verdict)."""

    formation: Formation
    verdict: Verdict
    # When an age limit shuts it: the level needed first, the age at which it is reached, the limit.
    need_level: int | None = None
    age_then: int | None = None


class NoPath(msgspec.Struct, frozen=True):
    """Why a search found no path: what leads there and blocks, and a longer search that succeeds."""

    blocked: tuple[Blocked, ...]
    steps_needed: int | None  # a path exists with this many steps, beyond the limit asked for


def why_no_path(result: PathResult, dataset: Dataset, profile: Profile, *, shown: int = 6) -> NoPath:
    """Why ``result`` holds no path, most telling first (no ``blocked`` when nothing leads to the target)."""
    blocked: list[Blocked] = []
    for formation_id in result.ends[:shown]:
        formation = dataset.formations[formation_id]
        if own_bac(formation, profile, dataset):  # the student's own bac leads there: no obstacle (see bac_leading_to)
            continue
        verdict = assess(formation, profile, dataset)
        access = formation.access
        need = min((r.min_level for r in access.routes if r.kind == "level"), default=None) if access is not None else None
        if verdict.code == "later" and access is not None and access.age_max is not None and need is not None:
            age_then = Position.start(profile).earliest(need).age
            if age_then is not None and age_then > access.age_max:
                blocked.append(Blocked(formation, verdict, need_level=need, age_then=age_then))
                continue
        blocked.append(Blocked(formation, verdict))
    steps_needed = None
    if result.ends and result.max_steps < MAX_STEPS_LIMIT:
        longer = find_paths(dataset, profile, result.target, max_steps=MAX_STEPS_LIMIT, limit=1)
        if longer.paths:
            steps_needed = len(longer.paths[0].steps)
    return NoPath(tuple(blocked), steps_needed)


def closest_metiers(dataset: Dataset, metier: Metier, profile: Profile, *, limit: int = 3) -> list[Metier]:
    """Métiers near ``metier`` (same family, shared interests) that ``profile`` can reach."""
    families = {name for _sector, name in dataset.families_by_metier.get(metier.id, [])}
    mine = set(metier.interests)
    scored: list[tuple[float, str, Metier]] = []
    for other in dataset.metiers.values():
        if other.id == metier.id:
            continue
        theirs = set(other.interests)
        same = 1.0 if families & {name for _s, name in dataset.families_by_metier.get(other.id, [])} else 0.0
        shared = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        if same + shared > 0:
            scored.append((-(same + shared), other.name, other))
    scored.sort(key=lambda item: (item[0], item[1]))
    found: list[Metier] = []
    for _score, _name, other in scored[: limit * 4]:
        if find_paths(dataset, profile, other, limit=1, max_partial=MAX_PARTIAL // 10).paths:  # a quick look at each
            found.append(other)
            if len(found) == limit:
                break
    return found
