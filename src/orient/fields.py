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
from functools import lru_cache

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


@lru_cache(maxsize=16_384)  # verdicts compare the same names over and over (a batch of students)
def name_keys(name: str, generic: frozenset[str]) -> frozenset[str]:
    """Stems of the distinctive words of a formation's name."""
    keys = set()
    for word in normalize(field_words(name)).split():
        if len(word) < MIN_WORD or word in generic or word.isdigit():
            continue
        keys.add("w:" + stem(word))
    return frozenset(keys)


def field_keys(formation: Formation, generic: frozenset[str]) -> tuple[str, ...]:
    keys = {f"m:{m}" for m in formation.metiers} | name_keys(formation.name, generic)
    return tuple(sorted(keys))


def generic_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


SHARED_WORDS = 0.25  # share of the name stems two formations must have in common, without a common métier
MAX_FEEDERS = 60  # formations kept that may lead to one by level and field: the closest ones


@lru_cache(maxsize=8192)
def _split(fields: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(k for k in fields if k.startswith("m:")), frozenset(k for k in fields if k.startswith("w:"))


def same_field(a: Formation, b: Formation) -> bool:
    """Do ``a`` and ``b`` belong to the same field: a métier in common, or enough of their names' words
    (« licence mention chimie » and « master mention chimie », not « BTS économie sociale et familiale »
    and « statistique et économie »)?"""
    metiers_a, words_a = _split(a.fields)
    metiers_b, words_b = _split(b.fields)
    if not metiers_a.isdisjoint(metiers_b):
        return True
    shared = words_a & words_b
    return bool(shared) and len(shared) / len(words_a | words_b) >= SHARED_WORDS


def demanded_fields(target: Formation, generic: frozenset[str]) -> set[str]:
    """The name stems of the fields the ways into ``target`` name (« un master 1 en droit »,
    « une première année d'études de santé »)."""
    routes = [r for r in target.access.routes if r.kind in ("level", "diploma") and r.field] if target.access else []
    return set().union(*(name_keys(r.field, generic) for r in routes)) if routes else set()


def linked(source: Formation, target: Formation, generic: frozenset[str]) -> bool:
    """May ``source`` lead to ``target`` by its field: one the target's rules name, or else the same field?
    When every way in names a field (« un master 1 en droit »), only those count."""
    wanted = demanded_fields(target, generic)
    if wanted & name_keys(source.name, generic):
        return True
    routes = [r for r in target.access.routes if r.kind in ("level", "diploma")] if target.access else []
    if routes and all(r.field for r in routes):
        return False
    return same_field(source, target)


def feeders(targets: Iterable[Formation], pool: Iterable[Formation], generic: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """For each target entered after some higher education (bac+1 or more): the formations of
    ``pool`` of its field (or of the field its rules name) that end at a level it is entered at,
    below its own (or into a target whose level no certification states), most keys in common first."""
    pool = [f for f in pool if f.after_bac]
    by_key: dict[str, list[Formation]] = {}
    for formation in pool:
        for key in formation.fields:
            by_key.setdefault(key, []).append(formation)
    out: dict[str, tuple[str, ...]] = {}
    for target in targets:
        entry = target.entry_level
        if entry is None or entry < 1:
            continue
        shared: dict[str, int] = {}
        found: dict[str, Formation] = {}
        wanted = demanded_fields(target, generic)
        for key in (*target.fields, *sorted(wanted)):
            for other in by_key.get(key, ()):
                if other.id == target.id:
                    continue
                level = other.level.bac_plus
                if entry <= level and (level < target.level.bac_plus or target.level.cec == 0):
                    shared[other.id] = shared.get(other.id, 0) + 1
                    found[other.id] = other
        kept = [i for i in shared if linked(found[i], target, generic)]
        kept.sort(key=lambda i: (-shared[i], found[i].name, i))
        if kept:
            out[target.id] = tuple(kept[:MAX_FEEDERS])
    return out
