"""Fit: how well a formation matches what a student likes and how ready they are.

The rule, item by item (also in the README):

- **Interests.** A formation's interest profile is the union of its métiers'
  ONISEP « centres d'intérêt » and its own. Each word of ``--interets`` scores
  1 when it names one of the formation's métiers (« lumière » → régisseur
  lumière), 0.7 when one of its interests is in the profile, 0 otherwise; the
  interest score is the mean over the words.
- **Attendus.** An attendu is met when each of its tags is covered: declared
  with ``--atouts``, deduced from the bac (unless ``--sans-deduction``), or, for
  « intérêt pour le domaine », shown by an interest score of at least 0.5 or a
  spécialité such as cinéma-audiovisuel. The attendus score is the share met.
- **Fit score** = 0.6 × interests + 0.4 × attendus. A formation that publishes
  no attendus counts 0.5 there (unknown, neither for nor against); without
  ``--interets`` the score is the attendus share alone. Levels: ≥ 0.75 ``strong`` (excellent), ≥ 0.5 ``good`` (bon),
  ≥ 0.25 ``partial`` (partiel), below ``weak`` (faible).
"""

from __future__ import annotations

import msgspec

from .dataset import Dataset
from .models import Formation, Metier
from .preferences import InterestReader, InterestTerm, Strength, StrengthReader, implied_interests, implied_strengths
from .profile import Profile

DIRECT_MATCH = 1.0
INTEREST_MATCH = 0.7
INTEREST_WEIGHT = 0.6
UNKNOWN_ATTENDUS = 0.5  # attendus part of a formation that publishes none
DOMAIN_TAG = "intérêt pour le domaine"
DOMAIN_THRESHOLD = 0.5
FIT_LEVELS = (("strong", 0.75), ("good", 0.5), ("partial", 0.25), ("weak", 0.0))
FIT_LABELS = {"strong": "excellent", "good": "bon", "partial": "partiel", "weak": "faible"}


class Wishes(msgspec.Struct, frozen=True, kw_only=True):
    """Everything fit is computed from, read once per command."""

    terms: tuple[InterestTerm, ...] = ()
    strengths: tuple[Strength, ...] = ()  # declared and deduced
    implied_interests: dict[str, str] = {}  # interest id → origin
    requested: bool = False  # the student gave --interets or --atouts


class InterestMatch(msgspec.Struct, frozen=True):
    input: str
    score: float
    interests: tuple[str, ...]
    metiers: tuple[str, ...]


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
    advice: tuple[str, ...]

    @property
    def label(self) -> str:
        return FIT_LABELS.get(self.code or "", "inconnue")


def read_wishes(
    dataset: Dataset,
    profile: Profile | None,
    interests: str | None = None,
    strengths: str | None = None,
    *,
    deduce: bool = True,
) -> Wishes:
    """Read ``--interets`` and ``--atouts``; add what the bac implies unless ``deduce`` is off."""
    terms = tuple(InterestReader(dataset).read(interests)) if interests is not None else ()
    declared = StrengthReader(dataset.referential).read(strengths) if strengths is not None else []
    deduced = implied_strengths(profile, dataset.referential) if deduce and profile is not None else []
    known = {s.tag for s in declared}
    return Wishes(
        terms=terms,
        strengths=(*declared, *(s for s in deduced if s.tag not in known)),
        implied_interests=implied_interests(profile) if deduce and profile is not None else {},
        requested=interests is not None or strengths is not None,
    )


def fit_level(score: float) -> str:
    return next(code for code, floor in FIT_LEVELS if score >= floor)


def formation_interests(formation: Formation, dataset: Dataset) -> set[str]:
    profile = set(formation.interests)
    for metier_id in formation.metiers:
        metier = dataset.metiers.get(metier_id)
        if metier is not None:
            profile.update(metier.interests)
    return profile


def match_terms(terms: tuple[InterestTerm, ...], interests: set[str], metiers: set[str]) -> list[InterestMatch]:
    """How each word of ``--interets`` meets a record's interests and métiers."""
    out = []
    for term in terms:
        direct = tuple(m for m in term.metiers if m in metiers)
        shared = tuple(i for i in term.interests if i in interests)
        score = DIRECT_MATCH if direct else INTEREST_MATCH if shared else 0.0
        out.append(InterestMatch(term.input, score, shared, direct))
    return out


def assess_fit(formation: Formation, dataset: Dataset, wishes: Wishes) -> Fit:
    # Interests are only looked up when the wishes can meet them.
    profile = formation_interests(formation, dataset) if wishes.terms or wishes.implied_interests else set()
    matches = match_terms(wishes.terms, profile, set(formation.metiers)) if wishes.terms else []
    interest_score = sum(m.score for m in matches) / len(matches) if matches else None

    covered = {s.tag: s.origin for s in wishes.strengths}
    if interest_score is not None and interest_score >= DOMAIN_THRESHOLD:
        words = ", ".join(m.input for m in matches if m.score)
        covered.setdefault(DOMAIN_TAG, f"vos centres d'intérêt ({words})")
    for interest, origin in wishes.implied_interests.items():
        if interest in profile:
            covered.setdefault(DOMAIN_TAG, origin)

    met: list[AttenduCheck] = []
    missing: list[AttenduCheck] = []
    advice: list[str] = []
    tag_advice = dataset.tag_advice
    for attendu in formation.attendus:
        if attendu.tags and all(tag in covered for tag in attendu.tags):
            met.append(AttenduCheck(attendu.label, attendu.tags, tuple(covered[t] for t in attendu.tags)))
            continue
        missing.append(AttenduCheck(attendu.label, attendu.tags))
        for tag in attendu.tags:
            text = tag_advice.get(tag)
            if tag not in covered and text and text not in advice:
                advice.append(text)
    attendus_score = len(met) / len(formation.attendus) if formation.attendus else None

    score: float | None = None
    if wishes.requested:
        if interest_score is not None:
            # No published attendus (écoles hors Parcoursup): that half is unknown, counted neutral.
            readiness = attendus_score if attendus_score is not None else UNKNOWN_ATTENDUS
            score = INTEREST_WEIGHT * interest_score + (1 - INTEREST_WEIGHT) * readiness
        else:
            score = attendus_score
    score = None if score is None else round(score, 2)
    return Fit(
        code=None if score is None else fit_level(score),
        score=score,
        interest_score=None if interest_score is None else round(interest_score, 2),
        interest_matches=tuple(m for m in matches if m.score),
        attendus_met=tuple(met),
        attendus_missing=tuple(missing),
        advice=tuple(advice),
    )


def rank_metiers(dataset: Dataset, terms: tuple[InterestTerm, ...]) -> list[tuple[Metier, float, list[InterestMatch]]]:
    """Métiers matching at least one word of ``--interets``, best first (stable)."""
    ranked = []
    for metier in dataset.metiers.values():
        matches = match_terms(terms, set(metier.interests), {metier.id})
        score = round(sum(m.score for m in matches) / len(matches), 2)
        if score > 0:
            ranked.append((metier, score, [m for m in matches if m.score]))
    ranked.sort(key=lambda item: (-item[1], item[0].name, item[0].id))
    return ranked
