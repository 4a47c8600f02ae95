"""The field of a formation: what a formation must share with another to lead to it unnamed.

A path may go from one formation to another that its card does not name, when
the student then has the level the next one asks for *and* both are of the same
field. The field of a formation is a set of keys: the métiers it leads to
(``m:MET.262``) and the distinctive words of its name, cut to a common stem so
that « informatique » and « informaticien », « mécanique » and « mécanicien »
meet (``w:inform``). Words every type of formation uses (« master »,
« mention », « sciences »…) are listed in ``data/vocabulaire.toml``
(``generic_words``) and never count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Formation
from .text import normalize

STEM = 6  # letters kept of a word: « informatique » → « inform »
MIN_WORD = 4


def stem(word: str) -> str:
    return word[:STEM]


_ASIDE = re.compile(r"\([^()]*\)|\s(?:en partenariat|en convention|en alternance)\b.*$", re.IGNORECASE)
_MARKER = re.compile(r"\s(?:spécialité|specialite|mention)\s", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s'’-]+")


def field_words(name: str) -> str:
    """The part of a name that says the field: after « spécialité » or « mention », without
    partners, brackets and proper nouns (« de l'École nationale supérieure de géologie de
    Lorraine » → « de nationale supérieure de géologie de »)."""
    text = _ASIDE.sub(" ", name)
    marker = _MARKER.search(text)
    if marker:
        text = text[marker.end() :]
    tokens = _TOKEN.findall(text)
    kept = [t for i, t in enumerate(tokens) if i == 0 and not marker or not t[:1].isupper()]
    return " ".join(kept)


def name_keys(name: str, generic: frozenset[str]) -> set[str]:
    """Stems of the distinctive words of a formation's name."""
    keys = set()
    for word in normalize(field_words(name)).split():
        if len(word) < MIN_WORD or word in generic or word.isdigit():
            continue
        keys.add("w:" + stem(word))
    return keys


def field_keys(formation: Formation, generic: frozenset[str]) -> tuple[str, ...]:
    keys = {f"m:{m}" for m in formation.metiers} | name_keys(formation.name, generic)
    return tuple(sorted(keys))


def generic_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


SHARED_WORDS = 0.25  # share of the name stems two formations must have in common, without a common métier


def same_field(a: Formation, b: Formation) -> bool:
    """Do ``a`` and ``b`` belong to the same field: a métier in common, or enough of their names' words
    (« licence mention chimie » and « master mention chimie », not « BTS économie sociale et familiale »
    and « statistique et économie »)?"""
    metiers_a = {k for k in a.fields if k.startswith("m:")}
    if not metiers_a.isdisjoint(b.fields):
        return True
    words_a = {k for k in a.fields if k.startswith("w:")}
    words_b = {k for k in b.fields if k.startswith("w:")}
    shared = words_a & words_b
    return bool(shared) and len(shared) / len(words_a | words_b) >= SHARED_WORDS
