"""Linking a Parcoursup formation to the formation records of the dataset, from its label.

The rule (also in the README):

1. The label's start names the filière (``parcoursup.toml``): « BTS - Services »,
   « D.E Infirmier », « Licence ». It gives the types of formation to look in, and
   the words that only name a domain (« Services », « Sciences humaines et
   sociales ») are dropped. A filière whose label cannot name one formation (a
   business school without its name, a double licence) is never linked.
2. What remains is cut in two at « option », « parcours » or « spécialité »: the
   mention (« Gestion de la PME ») and the detail. Both sides are compared as sets
   of word stems, without the words of the type's own name (« brevet de technicien
   supérieur ») nor « mention », « parcours »…
3. A record of those types whose mention has exactly the same words is the link.
   When several have it, the detail decides (« option A »); without a detail to
   tell them apart, the label is linked to all of them — the options or parcours of
   one mention share its first year, where Parcoursup admits.
4. Failing an exact mention, the closest record is linked only when its words
   overlap the label's by at least 80 % and no other record comes close: an
   ambiguous label stays unlinked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import msgspec

from ..models import Filiere, Formation
from ..text import normalize
from .models import Offer

if TYPE_CHECKING:
    from ..dataset import Dataset

# Words that cut a name into its mention and its detail.
_DETAIL_MARKERS = ("option", "options", "opt", "parcours", "specialite", "specialites", "dominante")
# Words that say nothing of which formation it is.
_NEUTRAL = frozenset(
    "mention portail parcours option options opt specialite specialites dominante cursus ref referentiel"
    " trice trices euse euses ice ienne".split()  # « manipulateur/trice »
)
# Words of establishments' names that say what kind of place they are, not which one.
_SCHOOL_WORDS = (
    "ecole ecoles institut nationale national superieure superieur universite universitaire site campus"
    " groupe centre faculte faculté lycee academie international internationale management business school"
    " ingenieurs ingenieur commerce"
).split()
_BRACKETS = re.compile(r"\([^()]*\)")
FUZZY_FLOOR = 0.8  # share of words in common for a link that is not exact
FUZZY_MARGIN = 0.1  # how far ahead the best record must be
DETAIL_FLOOR = 0.34  # share of words in common for an option or parcours that is not written the same
SHORT = 4  # letters from which a word cut short (« techn. ») meets the word it starts


def by_prefix(entries: Iterable, text: str):
    """The entry of ``entries`` (filières, groups: anything with a ``prefix``) whose prefix starts
    ``text``, normalised; the longest wins (« bts agricole » before « bts »). None when none does."""
    key = normalize(text)
    best = None
    for entry in entries:
        if (key == entry.prefix or key.startswith(entry.prefix + " ")) and (best is None or len(entry.prefix) > len(best.prefix)):
            best = entry
    return best


class Label:
    """A label read: its filière, its mention and detail as word stems."""

    def __init__(self, filiere: Filiere | None, main: frozenset[str], detail: frozenset[str]) -> None:
        self.filiere = filiere
        self.main = main
        self.detail = detail


class Linker:
    """Links offers to the formation records of one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.analyzer = dataset.analyzer
        referential = dataset.referential
        self.filieres = referential.psup_filieres
        # Words of a type's names, and of the filières that name it (« certificat de capacité »):
        # they say the type, not which formation of it.
        self.type_words: dict[str, frozenset[str]] = {}
        for kind in referential.formation_types:
            words = " ".join((kind.code, kind.name, *kind.aliases, *(f.prefix for f in self.filieres if kind.code in f.types)))
            self.type_words[kind.code] = frozenset(self.analyzer.terms(words))
        self.neutral = frozenset(self.analyzer.stem(w) for w in _NEUTRAL)
        self.rewrites = [(normalize(old), normalize(new)) for old, new in referential.psup_rewrites]
        self._links: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._schools: dict[tuple[str, str], tuple[str, ...]] = {}
        self._names: dict[str, frozenset[str]] = {}
        self.school_words = frozenset(self.analyzer.terms(" ".join(_SCHOOL_WORDS)))
        self._by_filiere: dict[str, list] = {}
        self._holders: dict[str, _Holders] = {}
        self._sharing: dict[str, _Sharing] = {}
        self.by_type: dict[str, list[tuple[Formation, frozenset[str], frozenset[str]]]] = {}
        for formation in dataset.formations.values():
            for name in (formation.name, *formation.aliases):
                main, detail = self._split(name, formation.type)
                self.by_type.setdefault(formation.type, []).append((formation, main, detail))

    def _stems(self, text: str, types: Iterable[str]) -> frozenset[str]:
        drop = self._drop(types)
        return frozenset(s for s in self.analyzer.terms(text) if s not in drop)

    def _drop(self, types: Iterable[str]) -> frozenset[str]:
        drop = set(self.neutral)
        for code in types:
            drop |= self.type_words.get(code, frozenset())
        return frozenset(drop)

    def _split(self, text: str, *types: str) -> tuple[frozenset[str], frozenset[str]]:
        text = f" {normalize(_BRACKETS.sub(' ', text))} "  # « (PASS) », « (1ère année commune) »
        for old, new in self.rewrites:
            text = text.replace(f" {old} ", f" {new} ")
        words = text.split()
        cut = next((i for i, w in enumerate(words) if w in _DETAIL_MARKERS and i > 0), len(words))
        return self._stems(" ".join(words[:cut]), types), self._stems(" ".join(words[cut:]), types)

    def read(self, offer: Offer) -> Label:
        full = normalize(" ".join(offer.parts) or offer.label)
        filiere = by_prefix(self.filieres, full)
        if filiere is None:
            return Label(None, frozenset(), frozenset())
        rest = full[len(filiere.prefix) :].strip()
        for domain in sorted(filiere.domains, key=len, reverse=True):
            if rest == domain or rest.startswith(domain + " "):
                rest = rest[len(domain) :].strip()
                break
        main, detail = self._split(rest, *filiere.types)
        return Label(filiere, main, detail)

    def link(self, offer: Offer) -> tuple[str, ...]:
        """The ids of the records ``offer`` is, or () when its label does not say which."""
        key = offer.parts or (offer.label,)
        found = self._links.get(key)
        if found is None:
            label = self.read(offer)
            if label.filiere is not None and label.filiere.by_school:
                return self._school(offer.etablissement, label.filiere)
            found = self._links[key] = self._link(label)
        return found

    def _school(self, etablissement: str, filiere: Filiere) -> tuple[str, ...]:
        """The diplomas of the filière's types whose names hold every distinctive word of the
        establishment's name (« École nationale d'ingénieurs de Brest » → the ENIB's diploma)."""
        key = (filiere.prefix, etablissement)
        found = self._schools.get(key)
        if found is None:
            words = self._stems(etablissement, filiere.types) - self.school_words
            # An acronym (« HEI Lille », « ESEO Angers ») names the school whatever the town.
            acronyms = {self.analyzer.stem(w.lower()) for w in re.findall(r"\b[A-Z]{3,}\b", etablissement)}
            acronyms -= self.school_words
            found = ()
            candidates = self._named_by(filiere)
            if len(words) >= 2:
                found = tuple(sorted(f.id for f in candidates.holding(words)))
            if not found and acronyms:
                # By its acronym alone, only a school with one name in the dataset: « EGC » has campuses.
                named = {f.id: f for f in candidates.holding(acronyms)}
                schools = {frozenset(self._name_words(f) - self.type_words.get(f.type, frozenset())) for f in named.values()}
                found = tuple(sorted(named)) if len(schools) == 1 else ()
            self._schools[key] = found
        return found

    def _named_by(self, filiere: Filiere) -> _Holders:
        """The records of the filière's types by the words of their names."""
        found = self._holders.get(filiere.prefix)
        if found is None:
            records = {formation.id: formation for formation, _main, _detail in self._candidates(filiere)}
            found = self._holders[filiere.prefix] = _Holders((f, self._name_words(f)) for f in records.values())
        return found

    def _name_words(self, formation: Formation) -> frozenset[str]:
        found = self._names.get(formation.id)
        if found is None:
            found = self._names[formation.id] = frozenset(self.analyzer.terms(formation.name))
        return found

    def _candidates(self, filiere: Filiere) -> list:
        """The records of the filière's types, their words read as the filière's labels are."""
        found = self._by_filiere.get(filiere.prefix)
        if found is None:
            drop = self._drop(filiere.types)
            found = self._by_filiere[filiere.prefix] = [
                (formation, main - drop, detail - drop) for code in filiere.types for formation, main, detail in self.by_type.get(code, [])
            ]
        return found

    def _link(self, label: Label) -> tuple[str, ...]:
        if label.filiere is None or not label.filiere.link or label.filiere.by_school:
            return ()
        candidates = self._candidates(label.filiere)
        if not label.main:  # « Diplôme de comptabilité et de gestion »: the filière is the formation
            alone = {c[0].id for c in candidates if c[0].after_bac}
            return tuple(alone) if len(alone) == 1 else ()
        same = [c for c in candidates if c[1] == label.main]
        if same:
            if label.detail:
                detailed = [c for c in same if c[2] == label.detail]
                if detailed:
                    return _ids(detailed)
                closest = _best([(c, _overlap(label.detail, c[2])) for c in same if c[2]], DETAIL_FLOOR)
                if closest is not None:
                    return _ids([closest])
            plain = [c for c in same if not c[2]]
            if plain:
                return _ids(plain)
            if label.detail:
                return ()  # an option none of the records has
            # No option named: the first year is common to the options or parcours of the mention —
            # unless one lone option card stands for it (« CPGE lettres » is not its cinema option).
            return _ids(same) if len({c[0].id for c in same}) > 1 or self._parcours(same[0][0]) else ()
        if len(label.main) >= 2 and not label.detail:
            # A mention whose cards all add their parcours to its name (« STAPS management du sport »).
            wider = [c for c in candidates if label.main < c[1] and not c[2]]
            if wider:
                return _ids(wider)
        return self._closest(label, candidates)

    def _parcours(self, formation: Formation) -> bool:
        """The record's name names a parcours (chosen after a common first year), not an option."""
        return " parcours " in f" {normalize(formation.name)} "

    def _closest(self, label: Label, candidates: list) -> tuple[str, ...]:
        """The one record whose words overlap the label's by ``FUZZY_FLOOR`` at least, ``FUZZY_MARGIN``
        ahead of any other. Only the records sharing a word with the label (or a word that starts one
        of its words, or that one of them starts) overlap it at all: those are the ones scored."""
        if label.filiere is None:
            return ()
        sharing = self._sharing.get(label.filiere.prefix)
        if sharing is None:
            sharing = self._sharing[label.filiere.prefix] = _Sharing([main | detail for _formation, main, detail in candidates])
        words = label.main | label.detail
        best: dict[str, float] = {}
        for position in sorted(sharing.overlapping(words)):
            formation, main, detail = candidates[position]
            theirs = main | detail
            best[formation.id] = max(best.get(formation.id, 0.0), _overlap(words, theirs))
        scored = sorted(((score, record_id) for record_id, score in best.items()), reverse=True)
        if not scored or scored[0][0] < FUZZY_FLOOR:
            return ()
        if len(scored) > 1 and scored[1][0] > scored[0][0] - FUZZY_MARGIN:
            return ()
        return (scored[0][1],)


class _Sharing:
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


class _Holders:
    """Records by the words of their names, for finding those whose names hold every word of a set."""

    def __init__(self, records: Iterable[tuple[Formation, frozenset[str]]]) -> None:
        self.records: list[Formation] = []
        self.by_word: dict[str, set[int]] = {}
        for position, (record, words) in enumerate(records):
            self.records.append(record)
            for word in words:
                self.by_word.setdefault(word, set()).add(position)

    def holding(self, words: AbstractSet[str]) -> list[Formation]:
        """The records, in order, whose names hold all of ``words`` (all of them when ``words`` is empty)."""
        if not words:
            return list(self.records)
        postings = sorted((self.by_word.get(w, set()) for w in words), key=len)
        return [self.records[p] for p in sorted(postings[0].intersection(*postings[1:]))]


class Spelling:
    """Puts back the accents and apostrophes the listing of formations drops (« Maintenance des
    systemes », « Diplome National d Art »): a word is spelt as the dataset's names (the curated
    records and the imported ONISEP cards) and the offers written with accents (the admissions
    export) spell it, when they spell it one way only (see :class:`~orient.text.Accents`)."""

    def __init__(self, dataset: Dataset, offers: Iterable[Offer] = ()) -> None:
        from ..typography import Accents

        texts: list[str] = []
        for formation in dataset.formations.values():
            texts += (formation.name, *formation.aliases, *(p.name for p in formation.parcours))
        for metier in dataset.metiers.values():
            texts += (metier.names.masculine, metier.names.feminine)
        for offer in offers:  # the admissions export is written with accents, the listing without
            if any(source.kind == "admissions" for source in offer.sources):
                texts += (offer.label, offer.etablissement, offer.statut, offer.region, offer.commune)
        self.accents = Accents(texts)

    def named(self, offer: Offer) -> Offer:
        """``offer`` with its label as shown (:attr:`Offer.name`); the label itself stays as the file gives it."""
        name = self.accents.restore(" ".join(offer.label.split()))
        return offer if name == offer.name else msgspec.structs.replace(offer, name=name)

    def offer(self, offer: Offer) -> Offer:
        """A row just read: its label named, its establishment, status and region spelt."""
        return msgspec.structs.replace(
            self.named(offer),
            etablissement=self.accents.restore(offer.etablissement),
            statut=self.accents.restore(offer.statut),
            region=self.accents.restore(offer.region),
        )


def written_prefix(text: str, prefix: str) -> str:
    """The words of ``text`` that make ``prefix`` once normalised: « D.E Infirmier », « d e » → « D.E »."""
    words = text.split()
    for end in range(1, len(words) + 1):
        key = normalize(" ".join(words[:end]))
        if key == prefix:
            return " ".join(words[:end])
        if not prefix.startswith(key):
            break
    return ""


def _best(scored: list, floor: float):
    """The one candidate clearly ahead, scoring at least ``floor``; None otherwise."""
    scored = sorted(scored, key=lambda item: -item[1])
    if not scored or scored[0][1] < floor:
        return None
    if len(scored) > 1 and scored[1][1] > scored[0][1] - FUZZY_MARGIN and scored[1][0][0].id != scored[0][0][0].id:
        return None
    return scored[0][0]


def _ids(found: list) -> tuple[str, ...]:
    return tuple(sorted({c[0].id for c in found}))


def _overlap(ours: frozenset[str], theirs: frozenset[str]) -> float:
    """Share of words in common; a word cut short (« techn. », « exploit. ») meets the word it starts."""
    matched = 0
    for word in ours:
        if word in theirs or (len(word) >= SHORT and any(w.startswith(word) or word.startswith(w) for w in theirs if len(w) >= SHORT)):
            matched += 1
    return matched / (len(ours) + len(theirs) - matched)
