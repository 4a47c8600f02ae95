"""The search engine: what a person typed, read and scored against the index.

A query is a list of terms (``--interets "informatique, jeux vidéo"`` has two).
Each term is read word by word:

- phrases of the thesaurus (``thesaurus.toml``) are found first, longest first:
  « bosser dehors » adds the cards' words « nature », « plein air »; a phrase
  that starts with a taste word gives way to a longer one starting after it
  (« devenir prof de sport » is « prof de sport », not « devenir prof »), and
  phrases of one entry that overlap are one (« labo d'analyses médicales »);
- words that only say a taste (« j'aime », « travailler », « devenir »,
  ``query_fillers``) are dropped; in a phrase of the thesaurus (« devenir
  médecin ») they still score, but only in the records that meet the phrase
  otherwise;
- every other word is looked up by its stem (typed without its accents,
  « securite », the stem of the word the records write, « sécurité »: Snowball
  reads the accents of a suffix; a trade said in the feminine, « directrice »,
  the stem of its masculine, which every card names); a word no record holds is read as
  the closest word of the records when it is a clear typo (« infromatique »),
  otherwise it is reported as unknown, with suggestions;
- words of ONISEP's centres d'intérêt (``vocabulaire.toml``) add that interest.

A term's score in a record is the sum of the impacts of its stems and of its
two-word phrases, plus half those of its thesaurus words (a phrase of three
words or more only where the record holds it whole) and those of its centres
d'intérêt. A term of several concepts (« mécanique automobile »), or whose
thesaurus phrase has several words (« relations internationales »), is then
scaled by the square of the share of it the record meets, each concept or word
weighed by its rarity (BM25's idf, from how many records meet it): a record that
only meets « automobile » keeps more than one that only meets « mécanique »,
and « relations publiques » meets little of « relations internationales ». A
record holding a word the thesaurus gives a phrase, or the centre d'intérêt the
whole phrase names, meets all of it. The score is then divided by the best
score any record gets for that term, so that each term counts between 0 and 1. The
parcours (or options) of one diploma share its description: when one of them names the term
and another does not, the other counts :data:`SIBLING_WEIGHT` of its score. A record's score is the mean over the terms
understood: for a formation the plain mean, for a métier a power mean that
favours the métiers meeting every term (:data:`TERMS_POWER`); a term an index
meets only through centres d'intérêt (all their holders alike) weighs less
(:data:`INTEREST_ONLY_WEIGHT`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from .analysis import LOCUTION, pairs
from .errors import InputError
from .search_index import FIELD_NAMES, FIELDS, INTEREST_TOKEN, Index, Phrases, SearchIndex, decoded, phrase_key
from .text import fold

if TYPE_CHECKING:
    from .dataset import Dataset

T = TypeVar("T")

EXPANSION_WEIGHT = 0.5
# A parcours of a diploma whose name does not say the term, when another parcours's does: this much.
SIBLING_WEIGHT = 0.3
INTEREST_WEIGHT = 1.0
# How the scores of a query's terms make a record's score: their power mean with this exponent (a
# term that misses the record counts 0). A formation, a programme of many subjects, may serve each
# taste apart: the plain mean. A métier is one job: below 1, one that meets every term (« enseigner,
# enfants ») ranks above one that meets a single term as well (« enseignant-chercheur »).
TERMS_POWER = {"formations": 1.0, "metiers": 0.75}
# A term read only through a centre d'intérêt (« dehors »: its records hold it, all alike) weighs
# this much in a record's score, against 1 for a term whose words the records hold.
INTEREST_ONLY_WEIGHT = 0.2
# A word no record holds is read as a record's word this close (rapidfuzz ratio), when one is.
TYPO_CUTOFF = 85.0
LONGEST_PHRASE = 5  # words, in the thesaurus
SUGGEST_CUTOFF = 70.0  # a word this close to an unknown one is suggested
MAX_TERMS = 30  # terms in one query
MAX_TYPOS = 10  # words of a term looked up as typos; the next unknown ones are only reported


class Concept(msgspec.Struct, frozen=True):
    """One thing a term asks for: a word, or a phrase of the thesaurus, with what it stands for."""

    tokens: tuple[str, ...] = ()  # stems of its own words
    synonyms: tuple[str, ...] = ()  # the thesaurus words it stands for (« soins », « santé »)
    synonym_tokens: tuple[tuple[str, ...], ...] = ()  # their tokens, one tuple per synonym
    # Stems of its words that only say a taste (« travailler » of « travailler dehors »): they score
    # like its other words, but a record does not meet the concept by them.
    fillers: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()  # centres d'intérêt its whole phrase names: a record holding one meets it


class Term(msgspec.Struct, frozen=True):
    """One term of a query (« mécanique automobile ») and how it was read."""

    input: str
    concepts: tuple[Concept, ...] = ()  # « mécanique », « automobile »: a record should meet both
    pairs: tuple[str, ...] = ()  # two-word phrases of the words understood (« mecan_automobil »)
    interests: tuple[str, ...] = ()  # ONISEP centres d'intérêt ids
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    unknown: tuple[str, ...] = ()  # words found nowhere

    @property
    def understood(self) -> bool:
        return bool(self.concepts or self.interests)

    @property
    def tokens(self) -> tuple[str, ...]:
        """Stems of the words understood, and their two-word phrases."""
        return tuple(dict.fromkeys([*(t for c in self.concepts for t in c.tokens), *self.pairs]))

    @property
    def synonyms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for c in self.concepts for s in c.synonyms))

    @property
    def synonym_tokens(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for c in self.concepts for tokens in c.synonym_tokens for t in tokens))


class Hit(msgspec.Struct, frozen=True):
    """How one term meets one record."""

    input: str
    score: float  # 0 to 1: the share of the best score any record gets for this term
    fields: tuple[str, ...]  # where its own words are: name, metier, interest, description…
    synonyms: tuple[str, ...] = ()  # thesaurus words found in the record
    interests: tuple[str, ...] = ()  # centres d'intérêt shared


class Unknown(msgspec.Struct, frozen=True):
    word: str
    suggestions: tuple[str, ...]


class Engine:
    """Reads queries and scores them, for one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.analyzer = dataset.analyzer
        self._named_cache: dict[str, frozenset[str]] = {}

    @cached_property
    def index(self):
        return self.dataset.search_index

    @cached_property
    def _fillers(self) -> frozenset[str]:
        return frozenset(fold(w) for w in self.dataset.referential.query_fillers)

    @property
    def _words(self) -> dict[str, int]:
        """Folded words of every record, with how many records hold them."""

        def merged() -> dict[str, int]:
            words = decoded(self.index.formations.words, dict[str, int])
            for word, count in decoded(self.index.metiers.words, dict[str, int]).items():
                words[word] = words.get(word, 0) + count
            return words

        return _opened(self.index, "words", merged)

    # The index's phrases, decoded once they are needed (a query whose words are read as typed needs
    # none); the thesaurus, bucket by bucket, as its phrases are looked up.
    @property
    def _thesaurus(self) -> Mapping[str, tuple[str, ...]]:
        from .blocks import bucket_of
        from .lazy import LazyIndex

        def opened() -> Mapping[str, tuple[str, ...]]:
            return LazyIndex(self.index.thesaurus, bucket_of, type=Phrases)

        return _opened(self.index, "thesaurus", opened)

    @property
    def _means(self) -> Phrases:
        return _opened(self.index, "means", lambda: decoded(self.index.means, Phrases))

    @property
    def _interest_phrases(self) -> Phrases:
        return _opened(self.index, "interests", lambda: decoded(self.index.interests, Phrases))

    @property
    def _accents(self) -> dict[str, str]:
        return _opened(self.index, "accents", lambda: decoded(self.index.accents, dict[str, str]))

    def _stem(self, word: str) -> str:
        """The stem of a word typed. One typed without the accents the records write it with
        (« securite ») has the stem of the word written (« sécurité »). (For a trade said in the
        feminine, see :meth:`_masculine_stem`.)"""
        stem = self.analyzer.stem(word)
        if word.isascii() and not self._known(stem):
            return self._accents.get(word, stem)
        return stem

    def _masculine_stem(self, word: str, stem: str) -> str:
        """The stem of a word read alone (the thesaurus says its own phrases whole): a trade said in
        the feminine (« coiffeuse », « conductrice », « boulangère ») has the stem of its masculine,
        which every card names, when the records hold it (« précieuse » is not « précieur »)."""
        masculine = _masculine(word)
        if masculine is None:
            return stem
        other = self._stem(masculine)
        return other if other != stem and self._known(other) else stem

    def _known(self, stem: str) -> bool:
        return self.index.formations.holds(stem) or self.index.metiers.holds(stem)

    def read(self, text: str) -> list[Term]:
        """The terms of ``text`` (comma-separated), each read; raises when none is understood."""
        from .preferences import split_terms

        texts = list(dict.fromkeys(t.strip() for t in split_terms(text, "interets")))  # each once
        if len(texts) > MAX_TERMS:
            raise InputError("interets.too_many", count=len(texts), limit=MAX_TERMS)
        terms = [self.read_term(t) for t in texts]
        if not any(t.understood for t in terms):
            unknown = [w for t in terms for w in t.unknown] or [t.input for t in terms]
            raise InputError(
                "interets.none_understood", words=unknown, suggestions=[s for u in self.unknown_words(terms) for s in u.suggestions][:3]
            )
        return terms

    def read_term(self, text: str, *, wish: bool = True, expand: bool = True) -> Term:
        """One term, read. ``wish`` drops the words that only say a taste (« j'aime »), for
        --interets; ``expand`` adds the words the thesaurus gives each phrase. A word read as
        another (a typo) is read again as that word, so that the thesaurus expands it too."""
        term = self._read_term(text, wish, expand)
        if not term.corrected:
            return term
        fixed = text
        for typed, read in term.corrected:
            fixed = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", read, fixed)
        again = self._read_term(fixed, wish, expand)
        return msgspec.structs.replace(again, input=term.input, corrected=term.corrected, unknown=term.unknown)

    def _read_term(self, text: str, wish: bool, expand: bool) -> Term:
        words = self.analyzer.words(text)
        folded = [fold(w) for w in words]
        word_stems = [self._stem(w) for w in words]
        # Thesaurus phrases first, the longest at each position; then each other word alone.
        spans: list[tuple[int, int, tuple[str, ...]]] = []  # start, end, what it means
        start = 0
        while start < len(words):
            found: tuple[int, tuple[str, ...]] | None = None
            for size in range(min(LONGEST_PHRASE, len(words) - start), 0, -1):
                means = self._thesaurus.get(phrase_key(word_stems[start : start + size])) if expand else None
                if means is None:
                    continue
                if wish and folded[start] in self._fillers and self._phrase_reaches(word_stems, start + 1, start + size):
                    break  # « devenir pilote de ligne »: the taste word gives way to the longer phrase after it
                found = (size, means)
                break
            if found is None:
                spans.append((start, start + 1, ()))
                start += 1
            else:
                end = self._overlapped(word_stems, start, start + found[0], found[1])
                spans.append((start, end, found[1]))
                start = end
        concepts: list[Concept] = []
        stems: list[str] = []  # understood, in order, for the two-word phrases
        corrected: list[tuple[str, str]] = []
        unknown: list[str] = []
        interests, interest_words = self._interests(word_stems)
        for begin, end, means in spans:
            own: list[str] = []
            fillers: list[str] = []
            for i in range(begin, end):
                word, key, stem = words[i], folded[i], word_stems[i] if means else self._masculine_stem(words[i], word_stems[i])
                if wish and key in self._fillers:
                    if means and self._known(stem):
                        fillers.append(stem)
                        own.append(stem)
                    continue
                if self._known(stem):
                    own.append(stem)
                elif means or i in interest_words:
                    continue  # the thesaurus, or a centre d'intérêt (« sensations »), says what it means
                elif LOCUTION in stem:
                    continue  # a locution no record holds (« en dehors »): its word means nothing of its own there
                elif len(corrected) + len(unknown) < MAX_TYPOS and (fixed := self._typo(key)) is not None:
                    corrected.append((word, fixed))
                    own.append(self._stem(fixed))
                else:
                    unknown.append(word)
            stems.extend(own)
            if own or means:
                tokens = tuple(self._means.get(m, ()) for m in means)
                named = self._interest_phrases.get(phrase_key(word_stems[begin:end]), ()) if end - begin > 1 else ()
                concepts.append(Concept(tuple(dict.fromkeys(own)), means, tokens, tuple(dict.fromkeys(fillers)), named))
        return Term(
            input=text.strip(),
            concepts=tuple(concepts),
            pairs=tuple(dict.fromkeys(pairs(stems))),
            interests=tuple(sorted(interests)),
            corrected=tuple(corrected),
            unknown=tuple(unknown),
        )

    def _phrase_reaches(self, stems: list[str], start: int, end: int) -> bool:
        """Whether a phrase of the thesaurus begins at ``start`` and ends after ``end``."""
        return any(
            phrase_key(stems[start : start + size]) in self._thesaurus
            for size in range(end - start + 1, min(LONGEST_PHRASE, len(stems) - start) + 1)
        )

    def _overlapped(self, stems: list[str], start: int, end: int, means: tuple[str, ...]) -> int:
        """Where the phrase ``stems[start:end]`` ends once joined to the phrases of the same entry that
        begin inside it and end further (« labo d'analyses » and « analyses médicales »: one thing)."""
        extended = True
        while extended:
            extended = False
            for inner in range(start + 1, end):
                for size in range(min(LONGEST_PHRASE, len(stems) - inner), end - inner, -1):
                    if self._thesaurus.get(phrase_key(stems[inner : inner + size])) == means:
                        end, extended = inner + size, True
                        break
                if extended:
                    break
        return end

    def _interests(self, stems: list[str]) -> tuple[set[str], set[int]]:
        """Centres d'intérêt whose label or keyword is the term, or a phrase of it, and the
        positions of the words that name them."""
        found: set[str] = set()
        named: set[int] = set()
        for size in range(1, min(LONGEST_PHRASE, len(stems)) + 1):
            for start in range(len(stems) - size + 1):
                ids = self._interest_phrases.get(phrase_key(stems[start : start + size]), ())
                if ids:
                    found.update(ids)
                    named.update(range(start, start + size))
        return found, named

    def _typo(self, key: str) -> str | None:
        if len(key) < 4:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._words.keys(), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return best[0] if best else None

    def unknown_words(self, terms: list[Term], limit: int = 5) -> list[Unknown]:
        """Words of ``terms`` found nowhere (the first ``limit``), each with the closest words of the
        records, most common first."""
        from rapidfuzz import fuzz, process

        out: list[Unknown] = []
        for term in terms:
            for word in term.unknown:
                if len(out) >= limit:
                    return out
                found = process.extract(fold(word), self._words.keys(), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=10)
                best = sorted(found, key=lambda item: (-round(item[1] / 5), -self._words[item[0]]))
                out.append(Unknown(word, tuple(choice for choice, _score, _key in best[:3])))
        return out

    # -- scoring ---------------------------------------------------------------

    def score(self, kind: str, terms: list[Term]) -> dict[str, tuple[float, tuple[Hit, ...]]]:
        """Record id → (score 0–1, one hit per term that meets it), for records met by any term.
        Kept for the last queries (a class of students types the same interests again and again):
        the answer is shared, never change it."""
        understood = tuple(t for t in terms if t.understood)
        kept = _kept(_SCORED, self.index)
        found = kept.get((kind, understood))
        if found is None:
            if len(kept) >= KEPT_TERMS:
                kept.pop(next(iter(kept)))
            found = kept[(kind, understood)] = self._score(kind, understood)
        return found

    def _score(self, kind: str, understood: tuple[Term, ...]) -> dict[str, tuple[float, tuple[Hit, ...]]]:
        index: Index = getattr(self.index, kind)
        siblings = self._siblings if kind == "formations" else {}
        ids = index.ids
        if len(understood) == 1:  # the same, without merging: the common case of a batch of students
            scored = _term_scores(index, understood[0], siblings)
            return {ids[doc]: (round(hit.score, 4), (hit,)) for doc, hit in scored.items()}
        each = [_term_scores(index, term, siblings) for term in understood]
        weights = {
            term.input: INTEREST_ONLY_WEIGHT if all(not h.fields and not h.synonyms for h in scored.values()) else 1.0
            for term, scored in zip(understood, each, strict=True)
        }
        total = sum(weights.values()) or 1.0
        power = TERMS_POWER.get(kind, 1.0)
        shares = {name: weight / total for name, weight in weights.items()}
        out: dict[str, tuple[float, tuple[Hit, ...]]] = {}
        # Each record in the order the terms first meet it, with one hit per term meeting it, in the
        # terms' order (a class of students merges thousands of records each).
        for n, scored in enumerate(each):
            earlier, later = each[:n], each[n + 1 :]
            for doc, hit in scored.items():
                if n == 1 and doc in earlier[0] or n > 1 and any(doc in other for other in earlier):
                    continue
                if len(later) == 1:  # two terms, the usual case: written out
                    second = later[0].get(doc)
                    found: tuple[Hit, ...] = (hit,) if second is None else (hit, second)
                else:
                    found = (hit, *(other[doc] for other in later if doc in other))
                if power == 1.0:  # :func:`_combine` written out
                    value = 0.0
                    for one in found:
                        value += one.score * shares[one.input]
                else:
                    value = _combine([(h.score, shares[h.input]) for h in found], power)
                out[ids[doc]] = (round(value, 4), found)
        return out

    @property
    def _siblings(self) -> dict[int, int]:
        return _opened(self.index, "siblings", lambda: decoded(self.index.siblings, dict[int, int]))

    def rank(self, kind: str, terms: list[Term]) -> list[tuple[str, float, tuple[Hit, ...]]]:
        """Records met by ``terms``, best first (ties by id, so the order is stable)."""
        scored = self.score(kind, terms)
        return sorted(((i, s, h) for i, (s, h) in scored.items()), key=lambda item: (-item[1], item[0]))

    def matching_metiers(self, metiers: tuple[str, ...], hit: Hit, term: Term) -> tuple[str, ...]:
        """Those of a formation's ``metiers`` whose names hold the term's words (or its synonyms)."""
        if "metier" not in hit.fields and not hit.synonyms:
            return ()
        named = self._named(term)
        return tuple(m for m in metiers if m in named)

    def _named(self, term: Term) -> frozenset[str]:
        """Métiers whose names (or other appellations) hold a token of ``term``, from the index."""
        cached = self._named_cache.get(term.input)
        if cached is None:
            names = FIELDS["name"].bit | FIELDS["alias"].bit
            found: set[str] = set()
            for token in {*term.tokens, *term.synonym_tokens}:
                postings = self.index.metiers.lookup(token)
                if postings is not None:
                    found.update(self.index.metiers.ids[d] for d, m in zip(postings.docs, postings.masks, strict=False) if m & names)
            cached = self._named_cache[term.input] = frozenset(found)
        return cached


# The scores of the last terms read, by index: a class of students (« orient batch ») types the
# same words again and again. Only in memory, and only :data:`KEPT_TERMS` terms per index.
KEPT_TERMS = 128
_KEPT: dict[int, tuple[Index, dict[Term, dict[int, Hit]]]] = {}
# The scores of the last queries, by search index (records of both kinds): see :meth:`Engine.score`.
_SCORED: dict[int, tuple[SearchIndex, dict[tuple[str, tuple[Term, ...]], dict[str, tuple[float, tuple[Hit, ...]]]]]] = {}
# What the index keeps encoded (its words and phrases), decoded once for all the engines of a
# command; for the last index only.
_OPENED: dict[int, tuple[SearchIndex, dict[str, Any]]] = {}


def _opened(index: SearchIndex, name: str, decode: Callable[[], T]) -> T:
    kept = _OPENED.get(id(index))
    if kept is None or kept[0] is not index:
        _OPENED.clear()
        kept = _OPENED[id(index)] = (index, {})
    if name not in kept[1]:
        kept[1][name] = decode()
    return kept[1][name]


def _kept(store: dict[int, tuple[Any, dict]], index: Any) -> dict:
    """What ``store`` keeps for ``index`` (the same object, not another at its address)."""
    kept = store.get(id(index))
    if kept is None or kept[0] is not index:
        kept = store[id(index)] = (index, {})
    return kept[1]


def _term_scores(index: Index, term: Term, siblings: dict[int, int]) -> dict[int, Hit]:
    """:func:`_score_term` :func:`_apart_from_siblings`, kept for the last terms (the answer is
    shared: never change it; an index has always the same siblings)."""
    known = _kept(_KEPT, index)
    found = known.get(term)
    if found is None:
        if len(known) >= KEPT_TERMS:
            known.pop(next(iter(known)))
        found = known[term] = _apart_from_siblings(_score_term(index, term), siblings)
    return found


def _score_term(index: Index, term: Term) -> dict[int, Hit]:
    """Each record's score for ``term``: its concepts, its two-word phrases, its centres d'intérêt;
    scaled by the square of the share of its concepts the record meets (each weighed by its
    rarity), then by the best score."""
    scores: dict[int, float] = {}
    masks: dict[int, int] = {}
    met: dict[int, float] = {}  # concepts met, weighed
    weights: list[float] = []  # each concept's weight
    synonyms: dict[int, list[str]] = {}
    interests: dict[int, list[str]] = {}

    def add(token: str, weight: float, seen: set[int] | None = None, own: bool = False, within: set[int] | None = None) -> list[int]:
        found = index.lookup(token)
        if found is None:
            return []
        if within is not None:
            kept = [(d, i, m) for d, i, m in zip(found.docs, found.impacts, found.masks, strict=False) if d in within]
            for doc, impact, mask in kept:
                scores[doc] = scores.get(doc, 0.0) + weight * impact
                if own:
                    masks[doc] = masks.get(doc, 0) | mask
                if seen is not None:
                    seen.add(doc)
            return [d for d, _i, _m in kept]
        for doc, impact, mask in zip(found.docs, found.impacts, found.masks, strict=False):
            scores[doc] = scores.get(doc, 0.0) + weight * impact
            if own:
                masks[doc] = masks.get(doc, 0) | mask
            if seen is not None:
                seen.add(doc)
        return list(found.docs)

    for concept in term.concepts:
        # Each of its own words is a part of the concept; a word the thesaurus gives it meets them all.
        # A word that only says a taste (« travailler » of « travailler dehors ») scores only where
        # the record meets the concept otherwise (below).
        own_seen: list[set[int]] = []
        for token in concept.tokens:
            if token in concept.fillers:
                postings = index.lookup(token)
                own_seen.append(set(postings.docs) if postings is not None else set())
            else:
                own_seen.append(set())
                add(token, 1.0, own_seen[-1], own=True)
        parts = [seen for token, seen in zip(concept.tokens, own_seen, strict=True) if token not in concept.fillers]
        whole: set[int] = set()
        for interest in concept.interests:
            postings = index.lookup(INTEREST_TOKEN + interest)
            if postings is not None:
                whole.update(postings.docs)
        for phrase, tokens in zip(concept.synonyms, concept.synonym_tokens, strict=True):
            if tokens and all(t in concept.tokens for t in tokens):  # « langues » for « langues étrangères »
                whole.update(set.intersection(*(own_seen[concept.tokens.index(t)] for t in tokens)))
            tokens = tuple(t for t in tokens if t not in concept.tokens)
            docs = None
            if len(tokens) > 1:  # a phrase of three words or more counts only where it is whole (all its pairs)
                docs = _whole(index, tokens)
                if not docs:
                    continue
            for token in tokens:
                for doc in add(token, EXPANSION_WEIGHT, whole, within=docs):
                    names = synonyms.setdefault(doc, [])
                    if phrase not in names:
                        names.append(phrase)
        if concept.fillers:
            meeting = whole.union(*parts)
            for token in concept.fillers:
                add(token, 1.0, own=True, within=meeting)
        for seen in [own | whole for own in parts] or [whole]:
            weight = _rarity(len(index.ids), len(seen))
            weights.append(weight)
            for doc in seen:
                met[doc] = met.get(doc, 0.0) + weight
    for token in term.pairs:
        add(token, 1.0, own=True)
    for interest in term.interests:
        for doc in add(INTEREST_TOKEN + interest, INTEREST_WEIGHT):
            interests.setdefault(doc, []).append(interest)
    if not scores:
        return {}
    if len(weights) > 1:
        # The share of the term a record meets, each concept weighed by how rare it is among the
        # records: « automobile » says more of « mécanique automobile » than « mécanique » does.
        total = sum(weights)
        for doc in scores:
            scores[doc] *= (met.get(doc, 0.0) / total) ** 2
    best = max(scores.values())
    if best <= 0:
        return {}
    return {
        doc: Hit(
            input=term.input,
            score=round(score / best, 4),
            fields=tuple(name for bit, name in FIELD_NAMES.items() if masks.get(doc, 0) & bit and name != "interest"),
            synonyms=tuple(synonyms.get(doc, ())),
            interests=tuple(interests.get(doc, ())),
        )
        for doc, score in scores.items()
        if score > 0
    }


_FEMININE = (
    ("euses", "eur"),
    ("euse", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("ères", "er"),
    ("ère", "er"),
    ("eres", "er"),
    ("ere", "er"),
)


def _masculine(word: str) -> str | None:
    """The masculine of a word that may be a trade said in the feminine (« vendeuse » → « vendeur »,
    « directrice » → « directeur », « bouchère » → « boucher »); None for any other word."""
    for ending, replaced in _FEMININE:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)] + replaced
    return None


def _apart_from_siblings(scored: dict[int, Hit], siblings: dict[int, int]) -> dict[int, Hit]:
    """``scored`` where a parcours of a diploma whose name does not hold the term's words weighs
    :data:`SIBLING_WEIGHT` when another parcours of the same diploma names them: « diététique »
    meets every parcours of the BUT génie biologique by their shared description, and names one."""
    named = {siblings[doc] for doc, hit in scored.items() if doc in siblings and "name" in hit.fields}
    if not named:
        return scored
    return {
        doc: msgspec.structs.replace(hit, score=round(hit.score * SIBLING_WEIGHT, 4))
        if siblings.get(doc) in named and "name" not in hit.fields
        else hit
        for doc, hit in scored.items()
    }


def _combine(scores: list[tuple[float, float]], power: float) -> float:
    """The weighted power mean of the scores of a query's terms, each given with its share of the
    weight (a term missing from ``scores`` counts 0)."""
    if power == 1.0:
        return sum(score * share for score, share in scores)
    return sum(score**power * share for score, share in scores) ** (1 / power)


def _rarity(records: int, holding: int) -> float:
    """How rare a concept met by ``holding`` of ``records`` records is: BM25's idf."""
    return math.log(1 + (records - holding + 0.5) / (holding + 0.5))


def _whole(index: Index, tokens: tuple[str, ...]) -> set[int]:
    """The records holding every one of ``tokens``."""
    found: set[int] | None = None
    for token in tokens:
        postings = index.lookup(token)
        docs = set(postings.docs) if postings is not None else set()
        found = docs if found is None else found & docs
        if not found:
            return set()
    return found or set()
