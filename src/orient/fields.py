"""The field of a formation: what a formation must share with another to lead to it unnamed.

A path may go from one formation to another that its card does not name, when
the student then has the level the next one asks for *and* both are of the same
field. The field of a formation is a set of keys: the métiers it leads to
(``m:MET.262``) and the distinctive words of its name, cut to a common stem so
that « informatique » and « informaticien », « mécanique » and « mécanicien »
meet (``w:inform``). Words every type of formation uses (« master »,
« mention », « sciences »…) are listed in ``data/vocabulaire.toml``
(``generic_words``) and never count. A formation named after a mention (« master
mention droit social ») is reached from its discipline, the mention's first word
(« licence mention droit »), or from a formation sharing a métier *and* a word of its
name with it; not from a qualifier of it alone (« diplôme d'État d'assistant de service
social »), nor from a métier in common alone (a licence pro of aéronautique and a master
of traduction both lead to rédacteur technique).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
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


@lru_cache(maxsize=65_536)  # verdicts compare the same names over and over (a batch of students), an import each of its own
def name_keys(name: str, generic: frozenset[str]) -> frozenset[str]:
    """Stems of the distinctive words of a formation's name."""
    return frozenset("w:" + stem(word) for word in _distinctive(name, generic))


def _distinctive(name: str, generic: frozenset[str]) -> Iterator[str]:
    """The words of a name that say its field, in order: long enough, not generic, not a number."""
    for word in normalize(field_words(name)).split():
        if len(word) >= MIN_WORD and word not in generic and not word.isdigit():
            yield word


def names_metier(metier: str, formation: str, generic: frozenset[str]) -> bool:
    """Does the name of a formation say a métier: every distinctive word of the métier's name
    (``metier``, its masculine form), cut to its stem (« CAP pâtissier » for « pâtissier »; not
    « CAP cuisine » for « chef de cuisine », nor « ENS Louis-Lumière, spécialité photographie » for
    « directeur de la photographie »)?"""
    wanted = name_keys(metier, generic)
    return bool(wanted) and wanted <= name_keys(formation, generic)


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


def affinity(a: Formation, b: Formation) -> float:
    """How close the fields of ``a`` and ``b`` are, from 0 to 1: the share of their names' stems they
    have in common (« licence mention droit » and « master mention droit »: 1; and « master mention
    droit social »: 0.5), what their names say of their discipline; the share of their métiers when
    a name has no distinctive word."""
    metiers_a, words_a = _split(a.fields)
    metiers_b, words_b = _split(b.fields)
    return _share(words_a, words_b) if words_a and words_b else _share(metiers_a, metiers_b)


def _share(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def link_affinity(source: Formation, target: Formation, generic: frozenset[str]) -> float:
    """How closely ``source`` leads to ``target`` by its field (:func:`linked`): 1 when it is of a field
    the target's rules name (« un master 1 en droit »), else :func:`affinity`."""
    if demanded_fields(target, generic) & source_keys(source, generic):
        return 1.0
    return affinity(source, target)


# A diploma a way in names by its acronym (« le DCG », « une PASS ou une L.AS »): a type of formation.
_ACRONYM = re.compile(r"(?<![\w.])[A-Z](?:[A-Z0-9]|\.(?=[A-Z]))+(?![\w.])")


def demanded_fields(target: Formation, generic: frozenset[str]) -> set[str]:
    """The keys of the fields the ways into ``target`` name: the stems of their words (« un master 1
    en droit », « une PASS ») and the types their acronyms name (« le DCG »: ``t:DCG``)."""
    routes = [r for r in target.access.routes if r.kind in ("level", "diploma") and r.field] if target.access else []
    return set().union(*(name_keys(r.field, generic) | type_keys(r.field) for r in routes)) if routes else set()


def type_keys(words: str) -> frozenset[str]:
    """The types of formation some words name by their acronym (« le DCG » → ``t:DCG``)."""
    return frozenset("t:" + acronym for acronym in _ACRONYM.findall(words))


def source_keys(source: Formation, generic: frozenset[str]) -> frozenset[str]:
    """What a field a way in names is compared with: the distinctive words of a formation's name, and its type."""
    return name_keys(source.name, generic) | {"t:" + source.type}


def linked(source: Formation, target: Formation, generic: frozenset[str]) -> bool:
    """May ``source`` lead to ``target`` by its field: one the target's rules name, or else the same field?
    When every way in names a field (« un master 1 en droit », « le DCG »), only those count."""
    if demanded_fields(target, generic) & source_keys(source, generic):
        return True
    if _fields_only(target):
        return False
    return same_field(source, target) and _of_its_discipline(source, target, generic)


_MENTION = re.compile(r"\smention\s", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def discipline_key(name: str, generic: frozenset[str]) -> str | None:
    """The stem of a mention's discipline, its first distinctive word (« master mention droit social »:
    ``w:droit``); None for a name without a mention."""
    if not _MENTION.search(_ASIDE.sub(" ", name)):
        return None
    first = next(_distinctive(name, generic), None)
    return None if first is None else "w:" + stem(first)


def _of_its_discipline(source: Formation, target: Formation, generic: frozenset[str]) -> bool:
    """Is ``source``, of the same field as ``target``, of its discipline too? When the target names a
    mention: the mention's discipline (« licence mention droit » for « master mention droit social »,
    not « diplôme d'État d'assistant de service social », which shares only a qualifier of it), or a
    métier and a word of the name in common."""
    metiers_a, words_a = _split(source.fields)
    metiers_b, words_b = _split(target.fields)
    discipline = discipline_key(target.name, generic)
    if discipline is None or discipline in words_a:
        return True
    # A métier in common, with a word of the name too: a licence pro of the aéronautique shares a
    # métier (rédacteur technique) with a master of traduction, not its discipline.
    return not metiers_a.isdisjoint(metiers_b) and not words_a.isdisjoint(words_b)


def _fields_only(target: Formation) -> bool:
    """Does every way into ``target`` name a field?"""
    routes = [r for r in target.access.routes if r.kind in ("level", "diploma")] if target.access else []
    return bool(routes) and all(r.field for r in routes)


def feeders(targets: Iterable[Formation], pool: Iterable[Formation], generic: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """For each target entered after some higher education (bac+1 or more): the formations of
    ``pool`` of its field and discipline (or of the field its rules name: :func:`linked`) that end at a level it is entered at,
    below its own (or into a target whose level no certification states), most keys in common first.

    The formations of each key are kept by the level they end at, so that those a target may be fed
    by are one slice of them (found by bisection), and counted slice by slice: how many keys each
    shares with the target, how many métier keys, how many word keys. Whether a formation is of the
    target's field (:func:`same_field`) follows from those counts, without reading it again."""
    pool = [f for f in pool if f.after_bac]
    # Ranked by name (then id): the order kept among formations with as many keys in common.
    ranked = sorted(pool, key=lambda f: (f.name, f.id))
    rank = {f.id: position for position, f in enumerate(ranked)}
    by_key: dict[str, list[tuple[int, int]]] = {}
    for position, formation in enumerate(ranked):
        for key in (*formation.fields, "t:" + formation.type):  # its type: a way in may name it (« le DCG »)
            by_key.setdefault(key, []).append((formation.level.bac_plus, position))
    levels: dict[str, list[int]] = {}
    ranks: dict[str, list[int]] = {}
    for key, entries in by_key.items():
        entries.sort()
        levels[key] = [level for level, _ in entries]
        ranks[key] = [position for _, position in entries]
    word_counts = [sum(1 for k in f.fields if k.startswith("w:")) for f in ranked]
    name_keys_of: dict[str, frozenset[str]] = {}  # by name
    size = len(ranked)
    out: dict[str, tuple[str, ...]] = {}
    for target in targets:
        entry = target.entry_level
        if entry is None or entry < 1:
            continue
        wanted = demanded_fields(target, generic)
        fields_only = _fields_only(target)
        if fields_only and not wanted:
            continue  # no formation is linked to it
        shared: Counter[int] = Counter()  # by rank: keys in common with the target
        by_metier: set[int] = set()  # a métier key in common
        by_words: Counter[int] = Counter()  # word keys in common
        for number, key in enumerate((*target.fields, *sorted(wanted))):
            if key not in levels:
                continue
            # Levels from the entry up to the target's own, excluded (or all of them, into an uncertified one).
            start = bisect_left(levels[key], entry)
            end = bisect_left(levels[key], target.level.bac_plus) if target.level.cec else len(levels[key])
            found = ranks[key][start:end]
            shared.update(found)
            if number >= len(target.fields):
                continue  # a field the target's rules name
            if key.startswith("m:"):
                by_metier.update(found)
            else:
                by_words.update(found)
        own = rank.get(target.id, -1)
        shared.pop(own, None)
        own_words = sum(1 for k in target.fields if k.startswith("w:"))
        # Of the same field (:func:`same_field`), from the counts: a métier in common, or enough words
        # (the formations counted there are among those sharing a key: only they are read).
        same = by_metier.union(
            [position for position, common in by_words.items() if common / (own_words + word_counts[position] - common) >= SHARED_WORDS]
        )
        same.discard(own)
        discipline = discipline_key(target.name, generic)
        if discipline is not None:  # of its discipline too (:func:`linked`): the mention's word, or a métier and a word
            same = {
                position for position in same if discipline in ranked[position].fields or (position in by_metier and by_words[position] > 0)
            }
        linked = same
        if wanted:  # those its rules name, and (unless it names only those) those of the same field
            named = set()
            for position in shared:
                name = ranked[position].name
                keys = name_keys_of.get(name)
                if keys is None:
                    keys = name_keys_of[name] = name_keys(name, generic)
                if not wanted.isdisjoint(keys) or "t:" + ranked[position].type in wanted:
                    named.add(position)
            linked = named if fields_only else named | same
        # Most keys in common first, then by rank: one number each, sorted.
        order = sorted(position - shared[position] * size for position in linked)
        kept = [ranked[value % size].id for value in order[:MAX_FEEDERS]]
        if kept:
            out[target.id] = tuple(kept)
    return out
