"""What a student says they like and are good at, read from free text.

``--interets "cinéma, lumière, caméra"`` becomes ONISEP « centres d'intérêt »
(and the métiers whose names contain the words); ``--atouts "anglais, travail
en équipe"`` becomes attendu tags. Both readers fold case and accents, accept a
plural, a typo (rapidfuzz) or a word inside a longer phrase, and refuse a word
they cannot place, with suggestions: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property

import msgspec

from .dataset import Dataset
from .errors import InputError
from .models import Referential
from .profile import Profile, bac_phrase
from .text import normalize, suggest

# Below this rapidfuzz ratio a misspelt word is not taken for a keyword.
FUZZY_CUTOFF = 85.0
# A word found in more métier names than this is too general to name one.
MAX_METIERS_PER_WORD = 4
# Words too common to say anything about a métier on their own.
_STOPWORDS = frozenset("de du des la le les l d et en a au aux un une pour sur ou".split())
_SEPARATORS = re.compile(r"[,;/+\n]")


class InterestTerm(msgspec.Struct, frozen=True):
    """One word or phrase of ``--interets`` and what it was understood as."""

    input: str
    interests: tuple[str, ...]
    metiers: tuple[str, ...] = ()  # métiers whose names contain the word
    matched: str = ""  # the keyword or métier name it was read as


class Strength(msgspec.Struct, frozen=True):
    """An attendu tag the student is taken to have, and why."""

    tag: str
    origin: str  # « vous l'avez indiqué (anglais) », « déduit de votre bac STI2D »…
    declared: bool = True


def split_terms(text: str, what: str) -> list[str]:
    """``"cinéma, lumière ; son"`` → ``["cinéma", "lumière", "son"]``."""
    terms = [t.strip() for t in _SEPARATORS.split(text)]
    terms = [t for t in terms if normalize(t)]
    if not terms:
        raise InputError(f"La liste {what} est vide.", hint="Séparez les mots par des virgules, par exemple : \"cinéma, lumière\".")
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


class InterestReader:
    """Reads ``--interets`` against the interest taxonomy and the métiers' names."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @cached_property
    def _keywords(self) -> dict[str, set[str]]:
        return _phrase_index((i.id, (i.id, i.label, *i.keywords)) for i in self.dataset.referential.interests)

    @cached_property
    def _metier_words(self) -> dict[str, set[str]]:
        """Each meaningful word of a métier's names → the métiers carrying it (specific words only)."""
        return {word: ids for word, ids in self._all_metier_words.items() if len(ids) <= MAX_METIERS_PER_WORD}

    @cached_property
    def _all_metier_words(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for metier in self.dataset.metiers.values():
            for name in (metier.names.masculine, metier.names.feminine, *metier.other_names):
                for word in normalize(name).split():
                    if len(word) >= 3 and word not in _STOPWORDS:
                        index.setdefault(word, set()).add(metier.id)
        return index

    def _metiers_for(self, key: str) -> set[str]:
        words = self._metier_words
        for variant in _variants(key):
            if variant in words:
                return set(words[variant])
        if " " in key:  # a phrase: métiers whose name contains it
            return {
                m.id
                for m in self.dataset.metiers.values()
                if any(f" {key} " in f" {normalize(n)} " for n in (m.names.masculine, m.names.feminine, *m.other_names))
            }
        if len(key) >= 5:  # « camera » inside « cameraman », « eclairage » inside « eclairagiste »
            return {m for word, ids in words.items() if word.startswith(key) for m in ids}
        return set()

    def read_term(self, term: str) -> InterestTerm | None:
        key = normalize(term)
        interests: set[str] = set()
        matched = ""
        for variant in _variants(key):
            if variant in self._keywords:
                interests, matched = set(self._keywords[variant]), variant
                break
        for variant in _variants(key) if not interests else ():
            interests = _contained(variant, self._keywords)
            if interests:
                matched = variant
                break
        metiers = self._metiers_for(key)
        if not interests and not metiers:
            interests, matched = _fuzzy(key, self._keywords)
        if not interests and not metiers:
            fuzzy_metiers, word = _fuzzy(key, self._metier_words)
            metiers, matched = fuzzy_metiers, word
        named = metiers
        if not interests and not metiers:
            # A word in many names (« opérateur », « chef ») points to no métier in particular,
            # but those métiers still say which interests it belongs to.
            for variant in _variants(key):
                named = self._all_metier_words.get(variant, set())
                if named:
                    break
        if not interests and named:
            # Only métier names matched: take the interests most of those métiers share.
            counts = Counter(i for m in named for i in self.dataset.metiers[m].interests)
            if counts:
                top = max(counts.values())
                interests = {i for i, n in counts.items() if n == top}
        if not interests and not metiers:
            return None
        order = [i.id for i in self.dataset.referential.interests]
        return InterestTerm(
            input=term,
            interests=tuple(sorted(interests, key=order.index)),
            metiers=tuple(sorted(metiers)),
            matched=matched,
        )

    def read(self, text: str) -> list[InterestTerm]:
        terms = split_terms(text, "de centres d'intérêt")
        read = [(t, self.read_term(t)) for t in terms]
        unknown = [t for t, r in read if r is None]
        if unknown:
            choices = [k for i in self.dataset.referential.interests for k in i.keywords]
            raise _unknown_words(unknown, choices, "Centre d'intérêt non reconnu", "Centres d'intérêt non reconnus", "orient interets")
        return [r for _t, r in read if r is not None]


class StrengthReader:
    """Reads ``--atouts`` against the attendu tags and their keywords."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential

    @cached_property
    def _keywords(self) -> dict[str, set[str]]:
        return _phrase_index((t.label, (t.label, *t.keywords)) for t in self.referential.attendu_tags)

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
        terms = split_terms(text, "d'atouts")
        read = [(t, self.read_term(t)) for t in terms]
        unknown = [t for t, tags in read if not tags]
        if unknown:
            choices = [k for t in self.referential.attendu_tags for k in (t.label, *t.keywords)]
            raise _unknown_words(unknown, choices, "Atout non reconnu", "Atouts non reconnus", "orient interets --atouts")
        strengths: dict[str, Strength] = {}
        for term, tags in read:
            for tag in tags:
                strengths.setdefault(tag, Strength(tag, f"indiqué par vous : « {term} »"))
        return list(strengths.values())


def _unknown_words(unknown: list[str], choices: list[str], one: str, several: str, listing: str) -> InputError:
    if len(unknown) == 1:
        return InputError(
            f"{one} : « {unknown[0]} ».",
            suggestions=suggest(unknown[0], choices, limit=3, cutoff=70),
            hint=f"La liste et ses mots clés : {listing}",
        )
    close = []
    for word in unknown:
        found = suggest(word, choices, limit=2, cutoff=70)
        if found:
            close.append(f"« {word} » → " + " ou ".join(found))
    hint = ("Proches : " + " ; ".join(close) + ". " if close else "") + f"La liste et ses mots clés : {listing}"
    return InputError(f"{several} : " + ", ".join(f"« {w} »" for w in unknown) + ".", hint=hint)


def implied_strengths(profile: Profile, referential: Referential) -> list[Strength]:
    """Attendu tags a bac (and its spécialités) gives, each stated as deduced."""
    out: dict[str, Strength] = {}
    for tag in profile.track.implies:
        out.setdefault(tag, Strength(tag, f"déduit de votre {bac_phrase(profile.track)}", declared=False))
    for spec in profile.specialites:
        for tag in spec.implies:
            out.setdefault(tag, Strength(tag, f"déduit de votre spécialité {spec.name.lower() if profile.track.code == 'PRO' else spec.code}", declared=False))
    return list(out.values())


def implied_interests(profile: Profile) -> dict[str, str]:
    """Interest id → the spécialité that shows it (cinéma-audiovisuel → TV, ciné, radios)."""
    out: dict[str, str] = {}
    for spec in profile.specialites:
        for interest in spec.interests:
            out.setdefault(interest, f"déduit de votre spécialité {spec.code}")
    return out
