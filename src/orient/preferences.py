"""What a student says they are good at, read from free text, and what their bac implies.

``--atouts "anglais, travail en équipe"`` becomes attendu tags: the reader folds
case and accents, accepts a plural, a typo (rapidfuzz) or a word inside a longer
phrase, and refuses a word it cannot place, with suggestions. (``--interets`` is
read by the search engine, :mod:`orient.retrieval`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

import msgspec

from .errors import InputError
from .models import Referential
from .profile import Profile, bac_phrase, specialite_label
from .text import checked_input, normalize, suggest

# Below this rapidfuzz ratio a misspelt word is not taken for a keyword.
FUZZY_CUTOFF = 85.0
_SEPARATORS = re.compile(r"[,;/+\n]")
# Characters in one list (--interets, --atouts): thirty terms (the most a query reads) of some sixty characters.
MAX_LIST = 2000


class Strength(msgspec.Struct, frozen=True):
    """An attendu tag the student is taken to have, and why."""

    tag: str
    origin: str  # « vous l'avez indiqué (anglais) », « déduit de votre bac STI2D »…
    declared: bool = True


def split_terms(text: str, what: str) -> list[str]:
    """``"cinéma, lumière ; son"`` → ``["cinéma", "lumière", "son"]``; ``what`` is the field
    (``interets``, ``atouts``)."""
    terms = [t.strip() for t in _SEPARATORS.split(checked_input(text, what, MAX_LIST))]
    terms = [t for t in terms if normalize(t)]
    if not terms:
        raise InputError("list.empty", field=what)
    return terms


def _variants(key: str) -> list[str]:
    """The key and its singular: « cameras » → « camera », « effets speciaux » → « effet special »."""
    out = [key]
    words = key.split()
    singular = " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)
    if singular != key:
        out.append(singular)
    aux = " ".join(w[:-3] + "al" if w.endswith("aux") and len(w) > 4 else w for w in words)
    if aux != key:
        out.append(aux)
    return out


def _phrase_index(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    """Normalised phrase → the values it names (an interest id, a tag label)."""
    index: dict[str, set[str]] = {}
    for value, phrases in entries:
        for phrase in phrases:
            index.setdefault(normalize(phrase), set()).add(value)
    return index


def _contained(key: str, phrases: dict[str, set[str]]) -> set[str]:
    """Values of the phrases that appear as whole words inside ``key`` (« j'aime le cinema »)."""
    padded = f" {key} "
    found: set[str] = set()
    for phrase, values in phrases.items():
        if len(phrase) >= 3 and f" {phrase} " in padded:
            found |= values
    return found


def _fuzzy(key: str, phrases: dict[str, set[str]]) -> tuple[set[str], str]:
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, list(phrases), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return set(), ""
    return set(phrases[best[0]]), best[0]


_KEYWORDS: dict[int, tuple[Referential, dict[str, set[str]]]] = {}  # id → (referential, keyword index)


class StrengthReader:
    """Reads ``--atouts`` against the attendu tags and their keywords."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential

    @cached_property
    def _keywords(self) -> dict[str, set[str]]:
        # Built once per referential, not per reader: a batch of students reads atouts thousands of times.
        known = _KEYWORDS.get(id(self.referential))
        if known is None or known[0] is not self.referential:
            index = _phrase_index((t.label, (t.label, *t.keywords)) for t in self.referential.attendu_tags)
            known = _KEYWORDS[id(self.referential)] = (self.referential, index)
        return known[1]

    def read_term(self, term: str) -> list[str]:
        key = normalize(term)
        for variant in _variants(key):
            if variant in self._keywords:
                return self._ordered(self._keywords[variant])
        found: set[str] = set()
        for variant in _variants(key):
            found = _contained(variant, self._keywords)
            if found:
                break
        if not found:
            found, _ = _fuzzy(key, self._keywords)
        return self._ordered(found)

    def _ordered(self, tags: set[str]) -> list[str]:
        return [t.label for t in self.referential.attendu_tags if t.label in tags]

    def read(self, text: str) -> list[Strength]:
        terms = split_terms(text, "atouts")
        read = [(t, self.read_term(t)) for t in terms]
        unknown = [t for t, tags in read if not tags]
        if unknown:
            choices = [k for t in self.referential.attendu_tags for k in (t.label, *t.keywords)]
            raise _unknown_words(unknown, choices)
        strengths: dict[str, Strength] = {}
        for term, tags in read:
            for tag in tags:
                strengths.setdefault(tag, Strength(tag, f"indiqué par vous : « {term} »"))
        return list(strengths.values())


def _unknown_words(unknown: list[str], choices: list[str]) -> InputError:
    """The strengths not recognised, each with the close ones (``close``: word → suggestions)."""
    if len(unknown) == 1:
        return InputError("atouts.unknown", words=unknown, close={}, suggestions=suggest(unknown[0], choices, limit=3, cutoff=70))
    close = {word: found for word in unknown if (found := suggest(word, choices, limit=2, cutoff=70))}
    return InputError("atouts.unknown", words=unknown, close=close)


def implied_strengths(profile: Profile, referential: Referential) -> list[Strength]:
    """Attendu tags a bac (and its spécialités, and the families of a bac pro's) gives, each stated as deduced."""
    out: dict[str, Strength] = {}
    for tag in profile.track.implies:
        out.setdefault(tag, Strength(tag, f"déduit de votre {bac_phrase(profile.track)}", declared=False))
    sectors = {s.code: s.implies for s in profile.track.sectors}
    for spec in profile.specialites:
        for tag in (*spec.implies, *(t for code in spec.sectors for t in sectors.get(code, ()))):
            out.setdefault(tag, Strength(tag, f"déduit de votre spécialité {specialite_label(profile.track, spec)}", declared=False))
    return list(out.values())


def implied_interests(profile: Profile) -> dict[str, str]:
    """Interest id → the spécialité or the bac that shows it: cinéma-audiovisuel → TV, ciné, radios;
    the série STL → experiments; a bac pro of the agricultural family → nature."""
    out: dict[str, str] = {}
    sectors = {s.code: s.interests for s in profile.track.sectors}
    for spec in profile.specialites:
        for interest in (*spec.interests, *(i for code in spec.sectors for i in sectors.get(code, ()))):
            out.setdefault(interest, f"déduit de votre spécialité {specialite_label(profile.track, spec)}")
    for interest in profile.track.interests:
        out.setdefault(interest, f"déduit de votre {bac_phrase(profile.track)}")
    return out
