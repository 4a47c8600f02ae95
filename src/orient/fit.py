"""Fit: how well a formation matches what a student likes, and how ready they are.

The rule, item by item (also in the README):

- **Interests.** ``--interets`` is read and scored by the search engine
  (:mod:`orient.retrieval`): each term scores 0 to 1 in each formation (1 for
  the formation that matches it best), and the interest score is the mean over
  the terms. With ``--interets``, the fit score *is* the interest score.
- **Attendus.** An attendu is met when each of its tags is covered: declared
  with ``--atouts``, deduced from the bac (unless ``--sans-deduction``), met by
  holding the bac (« être titulaire du baccalauréat »), or, for « intérêt pour
  le domaine », shown by an interest score of at least 0.5 or by a centre
  d'intérêt the formation shares with a spécialité (cinéma-audiovisuel), the
  série technologique (STL) or the family of the bac pro (agricole). An
  attendu no tag describes is « à vérifier », never
  missing; but one that asks for a given diploma (« Être titulaire d'un bac pro
  du secteur industriel ») is met when the card's own access rules list the
  student's bac as a direct route, missing when they rule it out. Readiness (attendus met out of those that can be judged) is shown
  beside the score and breaks ties; it never lowers a formation.
- Without ``--interets`` but with ``--atouts``, the fit score is the share of
  attendus met.
- **Levels**: ≥ 0.75 ``strong``, ≥ 0.5 ``good``, ≥ 0.25 ``partial``, below ``weak``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import msgspec

from .dataset import Dataset
from .models import Attendu, FormationCore, Metier
from .preferences import Strength, StrengthReader, implied_interests, implied_strengths
from .profile import Profile
from .text import normalize, sort_key

if TYPE_CHECKING:  # the search engine is imported when a command reads interests, not before
    from .eligibility import Verdict
    from .retrieval import Engine, Hit, Term

DOMAIN_TAG = "intérêt pour le domaine"
# How an attendu that asks for a given diploma starts (« Être titulaire du bac pro… »), normalised.
DIPLOMA_ATTENDU = ("etre titulaire", "titulaire")
LISTED_BAC = "votre bac, voie d'accès que la fiche nomme"
DOMAIN_THRESHOLD = 0.5
FIT_LEVELS = (("strong", 0.75), ("good", 0.5), ("partial", 0.25), ("weak", 0.0))


class Wishes(msgspec.Struct, frozen=True, kw_only=True):
    """Everything fit is computed from, read once per command."""

    terms: tuple[Term, ...] = ()
    # Formation id → (interest score, hits), for the formations any term meets.
    scores: dict[str, tuple[float, tuple[Hit, ...]]] = {}
    strengths: tuple[Strength, ...] = ()  # declared and deduced
    implied_interests: dict[str, str] = {}  # interest id → origin
    requested: bool = False  # the student gave --interets or --atouts


class InterestMatch(msgspec.Struct, frozen=True):
    """How one term of ``--interets`` meets a record, and where."""

    input: str
    score: float
    fields: tuple[str, ...]  # name, metier, description, poursuite, formation
    metiers: tuple[str, ...] = ()  # the formation's métiers whose names hold the words
    synonyms: tuple[str, ...] = ()  # thesaurus words the record holds
    interests: tuple[str, ...] = ()  # ONISEP centres d'intérêt shared


class AttenduCheck(msgspec.Struct, frozen=True):
    label: str
    tags: tuple[str, ...]
    covered_by: tuple[str, ...] = ()  # one origin per tag, for attendus met


class Fit(msgspec.Struct, frozen=True):
    code: str | None
    score: float | None
    interest_score: float | None
    interest_matches: tuple[InterestMatch, ...]
    attendus_met: tuple[AttenduCheck, ...]
    attendus_missing: tuple[AttenduCheck, ...]
    attendus_unknown: tuple[AttenduCheck, ...]  # no tag says what they ask: to check by hand
    advice: tuple[str, ...]

    @property
    def readiness(self) -> float | None:
        """Attendus met out of those that can be judged (None when none can)."""
        judged = len(self.attendus_met) + len(self.attendus_missing)
        return len(self.attendus_met) / judged if judged else None


def read_wishes(
    dataset: Dataset,
    profile: Profile | None,
    interests: str | None = None,
    strengths: str | None = None,
    *,
    deduce: bool = True,
    formations: bool = True,
) -> Wishes:
    """Read ``--interets`` and ``--atouts``; add what the bac implies unless ``deduce`` is off;
    score the formations against the interests unless ``formations`` is off (métiers only)."""
    terms: tuple[Term, ...] = ()
    scores: dict[str, tuple[float, tuple[Hit, ...]]] = {}
    if interests is not None:
        from .retrieval import Engine

        engine = Engine(dataset)
        terms = tuple(engine.read(interests))
        if formations:
            scores = engine.score("formations", list(terms))
    declared = StrengthReader(dataset.referential).read(strengths) if strengths is not None else []
    deduced = implied_strengths(profile, dataset.referential) if deduce and profile is not None else []
    known = {s.tag for s in declared}
    return Wishes(
        terms=terms,
        scores=scores,
        strengths=(*declared, *(s for s in deduced if s.tag not in known)),
        implied_interests=implied_interests(profile) if deduce and profile is not None else {},
        requested=interests is not None or strengths is not None,
    )


def fit_level(score: float) -> str:
    return next(code for code, floor in FIT_LEVELS if score >= floor)


def interest_matches(
    hits: tuple[Hit, ...], terms: tuple[Term, ...], engine: Engine | None, metiers: tuple[str, ...] = ()
) -> tuple[InterestMatch, ...]:
    """How each term meets a record; with ``engine``, which of the record's ``metiers`` (a formation's) it names."""
    by_input = {t.input: t for t in terms}
    out = []
    for hit in hits:
        term = by_input.get(hit.input)
        named = engine.matching_metiers(metiers, hit, term) if engine is not None and term is not None else ()
        out.append(InterestMatch(hit.input, round(hit.score, 2), hit.fields, named, hit.synonyms, hit.interests))
    return tuple(out)


def covered_tags(dataset: Dataset, wishes: Wishes) -> dict[str, str]:
    """Attendu tags the student covers whatever the formation, each with where it comes from: the
    strengths declared and deduced, then what holding the bac meets."""
    covered = {s.tag: s.origin for s in wishes.strengths}
    for tag in dataset.bac_tags:
        covered.setdefault(tag, "le baccalauréat")
    return covered


class SharedFits:
    """Fits kept over one listing for the same wishes (:func:`assess_fit`), by the formation's
    attendus (their number, :attr:`~orient.models.FormationCore.attendus_number`, or themselves),
    the verdict's basis and code (which judge the attendus asking for a diploma), where the
    interest in the field comes from, if from anywhere, and the interest score (0 where no term
    meets it); and, by attendus, whether they ask for an interest in the field."""

    def __init__(self) -> None:
        self.fits: dict[tuple[int | tuple[Attendu, ...], str, str, str | None, float | None], Fit] = {}
        self.asks_domain: dict[int | tuple[Attendu, ...], bool] = {}


def assess_fit(
    formation: FormationCore,
    dataset: Dataset,
    wishes: Wishes,
    engine: Engine | None = None,
    covered: dict[str, str] | None = None,
    verdict: Verdict | None = None,
    shared: SharedFits | None = None,
) -> Fit:
    """``formation``'s fit for ``wishes``; ``covered``: :func:`covered_tags`, when the caller judges
    many formations for the same wishes; ``verdict``: the student's, which judges the attendus that
    ask for a given diploma (without it they are to check); ``shared``: a table kept over a listing
    for the same wishes and ``covered``, where formations share their fit when it reads nothing
    else of them (no term of ``--interets`` meets them): a few hundred for tens of thousands of formations."""
    interest_score: float | None = None
    matches: tuple[InterestMatch, ...] = ()
    if wishes.terms:
        interest_score, hits = wishes.scores.get(formation.id, (0.0, ()))
        matches = interest_matches(hits, wishes.terms, engine, formation.metiers)

    covered = covered if covered is not None else covered_tags(dataset, wishes)
    held = formation.attendus_number if formation.attendus_number >= 0 else formation.attendus
    # The interest in the field, shown by this formation's score or centres d'intérêt (its métiers'
    # read only for a formation that asks for it: most have no attendu at all).
    domain = None
    if DOMAIN_TAG not in covered and _asks_domain(formation, held, shared):
        if interest_score is not None and interest_score >= DOMAIN_THRESHOLD:
            domain = "vos centres d'intérêt (" + ", ".join(m.input for m in matches) + ")"
        elif wishes.implied_interests:
            own = _interests(formation, dataset)
            domain = next((origin for interest, origin in wishes.implied_interests.items() if interest in own), None)
    if shared is None or matches:  # (the terms' matches are the formation's own)
        return _fit(formation.attendus, dataset, wishes, covered, domain, verdict, interest_score, matches)
    key = (held, verdict.basis if verdict else "", verdict.code if verdict else "", domain, interest_score)
    found = shared.fits.get(key)
    if found is None:
        found = shared.fits[key] = _fit(formation.attendus, dataset, wishes, covered, domain, verdict, interest_score, matches)
    return found


def _asks_domain(formation: FormationCore, held: int | tuple[Attendu, ...], shared: SharedFits | None) -> bool:
    """Does an attendu of ``formation`` ask for an interest in the field (kept in ``shared`` by attendus)?"""
    found = shared.asks_domain.get(held) if shared is not None else None
    if found is None:
        found = any(DOMAIN_TAG in a.tags for a in formation.attendus)
        if shared is not None:
            shared.asks_domain[held] = found
    return found


def _fit(
    attendus: tuple[Attendu, ...],
    dataset: Dataset,
    wishes: Wishes,
    covered: dict[str, str],
    domain: str | None,
    verdict: Verdict | None,
    interest_score: float | None,
    matches: tuple[InterestMatch, ...],
) -> Fit:
    if domain is not None:
        covered = {**covered, DOMAIN_TAG: domain}
    met: list[AttenduCheck] = []
    missing: list[AttenduCheck] = []
    unknown: list[AttenduCheck] = []
    advice: list[str] = []
    tag_advice = dataset.tag_advice
    for attendu in attendus:
        if not attendu.tags:
            held = _diploma_held(attendu.label, verdict)
            if held is None:
                unknown.append(AttenduCheck(attendu.label, ()))
            elif held:
                met.append(AttenduCheck(attendu.label, (), (LISTED_BAC,)))
            else:
                missing.append(AttenduCheck(attendu.label, ()))
        elif all(tag in covered for tag in attendu.tags):
            met.append(AttenduCheck(attendu.label, attendu.tags, tuple(covered[t] for t in attendu.tags)))
        else:
            missing.append(AttenduCheck(attendu.label, attendu.tags))
            for tag in attendu.tags:
                text = tag_advice.get(tag)
                if tag not in covered and text and text not in advice:
                    advice.append(text)
    judged = len(met) + len(missing)
    readiness = len(met) / judged if judged else None

    score: float | None = None
    if wishes.terms:
        score = interest_score
    elif wishes.requested:
        score = readiness
    score = None if score is None else round(score, 2)
    return Fit(
        code=None if score is None else fit_level(score),
        score=score,
        interest_score=None if interest_score is None else round(interest_score, 2),
        interest_matches=matches,
        attendus_met=tuple(met),
        attendus_missing=tuple(missing),
        attendus_unknown=tuple(unknown),
        advice=tuple(advice),
    )


def _diploma_held(label: str, verdict: Verdict | None) -> bool | None:
    """Whether the student holds the diploma an attendu asks for, as the card's own access rules say
    (a direct route: yes; ruled out: no); None when the attendu asks for none, or nothing says."""
    if verdict is None or verdict.basis != "card" or verdict.code not in ("recommended", "excluded") or not _asks_diploma(label):
        return None
    return verdict.code == "recommended"


@lru_cache(maxsize=1024)  # a batch asks again for each student
def _asks_diploma(label: str) -> bool:
    return normalize(label).startswith(DIPLOMA_ATTENDU)


def _interests(formation: FormationCore, dataset: Dataset) -> frozenset[str]:
    """The formation's centres d'intérêt and its métiers'."""
    table = dataset.memo("interests")  # asked again for every student of a class
    key = (formation.interests, formation.metiers)
    found = table.get(key)
    if found is None:
        gathered = set(formation.interests)
        interests = dataset.metier_interests
        for metier_id in formation.metiers:
            gathered.update(interests.get(metier_id, ()))
        found = table[key] = frozenset(gathered)
    return found


def rank_metiers(dataset: Dataset, terms: tuple[Term, ...]) -> list[tuple[Metier, float, tuple[InterestMatch, ...]]]:
    """Métiers met by at least one term of ``--interets``, best first (ties by name, then id)."""
    from .retrieval import Engine

    engine = Engine(dataset)
    ranked = []
    for metier_id, score, hits in engine.rank("metiers", list(terms)):
        metier = dataset.metiers[metier_id]
        ranked.append((metier, round(score, 2), interest_matches(hits, terms, None)))
    ranked.sort(key=lambda item: (-item[1], sort_key(item[0].name), item[0].id))
    return ranked
