"""The indexes the linking of Parcoursup labels looks records up in (:mod:`orient.parcoursup.link`):
the names of a filière's records by their words, the schools' diplomas by their schools' names,
word sets by their words and starts. Each is built once per import, so that a label is compared
with the few records that share its words, never with every record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Generic, TypeVar

import msgspec

from ..models import Formation

T = TypeVar("T")
SHORT = 4  # letters from which a word cut short (« techn. ») meets the word it starts


class Name(msgspec.Struct, frozen=True, gc=False):
    """One name of a record (its name, an alias, or the name a card says it succeeds) read as labels are."""

    formation: Formation
    main: frozenset[str]
    detail: frozenset[str]
    order: tuple[str, ...]
    double: bool
    former: bool  # the name the formation had before (« succède au … »)


class School(msgspec.Struct, frozen=True, gc=False):
    """A record of a school's diploma, with the stems of its name and of each of its aliases."""

    formation: Formation
    stems: tuple[str, ...]
    own: tuple[str, ...]  # the stems of its school's name (without the spécialité, nor the partner)
    own_words: frozenset[str]  # the same words, not stemmed (« ISAE » is not « ISA »)
    aliases: tuple[tuple[str, ...], ...]  # the words of each alias, not stemmed
    school: str  # its school's name: the records of one school share it
    partner: bool
    double: bool
    specialty: bool = False  # its name names a spécialité (« … spécialité génie civil »)


class Names:
    """The names of a filière's records, by what a label is compared with: their mention's words
    (and whether they are a double diploma), the starts of their mentions, each of their words."""

    def __init__(self, names: list[Name]) -> None:
        self.names = names
        self.by_main: dict[tuple[bool, frozenset[str]], list[Name]] = {}
        self.by_start: dict[tuple[bool, tuple[str, ...]], list[Name]] = {}  # names without detail
        self.by_stem: dict[tuple[bool, str], list[Name]] = {}
        self.alone: dict[bool, set[str]] = {}  # the records entered right after the bac
        for name in names:
            self.by_main.setdefault((name.double, name.main), []).append(name)
            if not name.detail:
                for size in range(1, len(name.order)):
                    self.by_start.setdefault((name.double, name.order[:size]), []).append(name)
            for stem in name.main:
                self.by_stem.setdefault((name.double, stem), []).append(name)
            if name.formation.after_bac and name.formation.entry_level == 0:
                self.alone.setdefault(name.double, set()).add(name.formation.id)
        self.sharing = Sharing([name.main | name.detail for name in names])

    def within(self, words: AbstractSet[str], double: bool) -> list[Name]:
        """The names whose mention's words are all among ``words``."""
        hits: dict[int, int] = {}
        found: dict[int, Name] = {}
        for word in words:
            for name in self.by_stem.get((double, word), ()):
                hits[id(name)] = hits.get(id(name), 0) + 1
                found[id(name)] = name
        return [name for key, name in found.items() if hits[key] == len(name.main)]


class Schools:
    """The records of a school's diploma, found from an establishment's name."""

    def __init__(self, records: list[School]) -> None:
        self.records = records
        self.holders = Holders((record, frozenset(record.own)) for record in records)
        self.by_alias: dict[str, list[tuple[School, tuple[str, ...]]]] = {}  # each word of an alias
        self.by_word: dict[str, list[School]] = {}  # each word of the school's name
        for record in records:
            for alias in record.aliases:
                for word in set(alias):
                    self.by_alias.setdefault(word, []).append((record, alias))
            for word in record.own_words:
                self.by_word.setdefault(word, []).append(record)

    def named(
        self, distinct: list[tuple[str, str]], words: AbstractSet[str], kinds: AbstractSet[str], capitals: AbstractSet[str]
    ) -> tuple[list[School], list[tuple[str, str]]]:
        """The records whose school an establishment's name names, and the words left over that none
        of them holds (a campus: « ESEO Angers »). ``distinct``: the name's own words (word, stem), in
        order; ``words``: all its words; ``kinds``: the stems of those saying what kind of school it
        is (« école », « institut »); ``capitals``: its words written in capitals.

        - Its words, all of them and in order, are in the name of the record's school (« Télécom
          Saint-Étienne », not « … de Saint-Étienne de l'Institut Mines-Télécom »); a single word
          only with words saying what kind of school it is (« École nationale d'ingénieurs de
          Tarbes », not « IUT de Tarbes »).
        - Else its first word is an acronym of the record (one of its aliases, all of whose words
          the establishment has: « ESME Sudria Lille »; or a word in capitals the record's name has:
          « ESSCA School of Management Lyon »); the words after it narrow the schools that share it
          (« INSA Lyon », « Polytech Nantes »).
        - Else an acronym further on (« École supérieure d'ingénieur des travaux de la construction
          ESITC Metz »), every other word being in its school's name, in order."""
        stems = [s for _w, s in distinct]
        found = [
            r
            for r in self.holders.holding(frozenset(stems))
            if in_order(stems, r.own) and (len(stems) > 1 or (kinds and kinds <= set(r.own)))
        ]
        if found:
            return found, []
        first = distinct[0][0]
        matched, used = self._aliased(first, words)
        if not matched and first in capitals:
            matched, used = {id(r): r for r in self.by_word.get(first, ())}, {first}
        if matched:
            rest = [(w, s) for w, s in distinct if w not in used]
            narrowed = [r for r in matched.values() if in_order([s for _w, s in rest], r.own)]
            if narrowed or not rest:
                return narrowed or list(matched.values()), []
            return list(matched.values()), rest
        for word, _stem in distinct[1:]:
            matched, used = self._aliased(word, words)
            rest_stems = [s for w, s in distinct if w not in used]
            narrowed = [r for r in matched.values() if in_order(rest_stems, r.own)]
            if narrowed:
                return narrowed, []
        return [], []

    def _aliased(self, word: str, words: AbstractSet[str]) -> tuple[dict[int, School], set[str]]:
        """The records with an alias that holds ``word`` and whose words the establishment has all."""
        matched: dict[int, School] = {}
        used = {word}
        for record, alias in self.by_alias.get(word, ()):
            if set(alias) <= words:
                matched[id(record)] = record
                used |= set(alias)
        return matched, used


def in_order(words: Sequence[str], stems: Sequence[str]) -> bool:
    """``words`` are in ``stems`` in the same order (others between them)."""
    position = 0
    for word in words:
        try:
            position = stems.index(word, position) + 1
        except ValueError:
            return False
    return True


class Sharing:
    """Word sets by their words, and by the starts (``SHORT`` letters or more) of their longer words."""

    def __init__(self, sets: list[frozenset[str]]) -> None:
        self.by_word: dict[str, set[int]] = {}
        self.by_start: dict[str, set[int]] = {}
        for position, words in enumerate(sets):
            for word in words:
                self.by_word.setdefault(word, set()).add(position)
                for end in range(SHORT, len(word) + 1):
                    self.by_start.setdefault(word[:end], set()).add(position)

    def overlapping(self, words: Iterable[str]) -> set[int]:
        """The sets that hold one of ``words``, a word one of them starts, or the start of one of them."""
        found: set[int] = set()
        for word in words:
            found |= self.by_word.get(word, set())
            if len(word) >= SHORT:
                found |= self.by_start.get(word, set())  # their word starts with ours
                for end in range(SHORT, len(word)):
                    found |= self.by_word.get(word[:end], set())  # ours starts with theirs
        return found


class Holders(Generic[T]):
    """Records by the words of their names, for finding those whose names hold every word of a set."""

    def __init__(self, records: Iterable[tuple[T, frozenset[str]]]) -> None:
        self.records: list[T] = []
        self.by_word: dict[str, set[int]] = {}
        for position, (record, words) in enumerate(records):
            self.records.append(record)
            for word in words:
                self.by_word.setdefault(word, set()).add(position)

    def holding(self, words: AbstractSet[str]) -> list[T]:
        """The records, in order, whose names hold all of ``words`` (all of them when ``words`` is empty)."""
        if not words:
            return list(self.records)
        postings = sorted((self.by_word.get(w, set()) for w in words), key=len)
        return [self.records[p] for p in sorted(postings[0].intersection(*postings[1:]))]
