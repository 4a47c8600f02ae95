"""The search index: every formation and métier, weighted by field, ready to score.

Built once per dataset (on import, or on the first search after the embedded
data changed) and kept in the cache folder; a command only reads it.

Scoring is BM25 field by field, weighted and summed: a word counts more in a
short field than in a long one, more in a name than in a description, less the
more records carry it, and a word repeated in one field soon stops adding (so a
description that repeats a word never outweighs a name that holds it once).
Each record's score for each word is computed here, at build time, so that a
query only adds up the scores of its words ("impact" postings).

Fields of a formation: its name; its aliases; the names of its métiers; its
ONISEP centres d'intérêt (and its métiers'); its description; the names of the
studies it leads to. Fields of a métier: its names (féminin, masculin); its other
appellations; its description; its centres d'intérêt; the names of the
formations that lead to it. Names of two words or more also give tokens for
each pair of consecutive words (« jeu_video »), so that a phrase typed whole
ranks above its words found apart.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from .analysis import Analyzer, pairs
from .text import fold, normalize

if TYPE_CHECKING:
    from .dataset import Dataset

INDEX_FORMAT = 5
K1 = 1.2
INTEREST_TOKEN = "@"  # « @<interest id> »: a centre d'intérêt, a token no word can be


class Field(NamedTuple):
    bit: int
    weight: float
    b: float  # how much a long field weakens each word (BM25's length normalisation)
    pairs: bool  # phrases of two words indexed too
    once: bool = False  # a word counts once however many texts of the field hold it (lists of names)


FIELDS: dict[str, Field] = {
    "name": Field(1, 5.0, 0.5, True),
    "metier": Field(2, 2.5, 0.75, True),
    "interest": Field(4, 1.0, 0.0, False),
    "description": Field(8, 1.0, 0.75, False),
    "poursuite": Field(16, 0.3, 0.3, True, once=True),
    "formation": Field(32, 1.0, 0.3, True, once=True),
    "alias": Field(64, 3.0, 0.5, True),
}
FIELD_NAMES = {f.bit: name for name, f in FIELDS.items()}


class Postings(NamedTuple):
    docs: memoryview[int]  # uint32 positions in ``Index.ids``
    impacts: memoryview[float]  # float32 score of the word in each record
    masks: memoryview  # uint8 bits of the fields holding it


class Index(msgspec.Struct, frozen=True, gc=False):
    """One kind of record (formations or métiers), searchable."""

    ids: tuple[str, ...]
    postings: dict[str, bytes]  # stem → docs, impacts, masks, packed
    words: dict[str, int]  # folded words of the records → how many records hold them

    def lookup(self, token: str) -> Postings | None:
        blob = self.postings.get(token)
        if blob is None:
            return None
        n = len(blob) // 9
        view = memoryview(blob)
        return Postings(view[: 4 * n].cast("I"), view[4 * n : 8 * n].cast("f"), view[8 * n :])


class SearchIndex(msgspec.Struct, frozen=True, gc=False):
    identity: str
    formations: Index
    metiers: Index
    # The thesaurus and the centres d'intérêt by the stems of what students type (« jeu video »),
    # and the tokens each word of the thesaurus's « means » stands for: read once, here.
    thesaurus: dict[str, tuple[str, ...]] = {}
    means: dict[str, tuple[str, ...]] = {}
    interests: dict[str, tuple[str, ...]] = {}


Document = tuple[str, dict[str, list[str]]]  # id, field → texts


def formation_documents(dataset: Dataset) -> Iterable[Document]:
    for formation in dataset.formations.values():
        metiers = [dataset.metiers[m] for m in formation.metiers if m in dataset.metiers]
        interests = set(formation.interests)
        for metier in metiers:
            interests.update(metier.interests)
        poursuites = []
        for p in formation.poursuites:
            target = dataset.formations.get(p.formation) if p.formation else None
            poursuites.append(target.name if target else p.label)
        yield (
            formation.id,
            {
                "name": [formation.name],
                "alias": list(formation.aliases),
                "metier": [n for m in metiers for n in dict.fromkeys((m.names.masculine, m.names.feminine))],
                "interest": [INTEREST_TOKEN + i for i in sorted(interests)],
                "description": [formation.description],
                "poursuite": [p for p in poursuites if p],
            },
        )


def metier_documents(dataset: Dataset) -> Iterable[Document]:
    for metier in dataset.metiers.values():
        formations = [dataset.formations[f] for f in dataset.formations_by_metier.get(metier.id, []) if f in dataset.formations]
        yield (
            metier.id,
            {
                "name": list(dict.fromkeys((metier.names.masculine, metier.names.feminine))),
                "alias": [n for n in dict.fromkeys(metier.other_names) if n not in (metier.names.masculine, metier.names.feminine)],
                "interest": [INTEREST_TOKEN + i for i in metier.interests],
                "description": [metier.description],
                "formation": [f.name for f in formations],
            },
        )


def build_index(documents: Iterable[Document], analyzer: Analyzer) -> Index:
    """BM25F impacts of every token of every record."""
    ids: list[str] = []
    fields_tf: list[dict[str, Counter[str]]] = []
    lengths: dict[str, list[int]] = {name: [] for name in FIELDS}
    words: Counter[str] = Counter()
    # The tokens and words of each text, by text: the names of métiers and formations come back in
    # many records (a métier's name in each formation leading to it), so each is analysed once.
    analysed: dict[tuple[str, bool], tuple[Counter[str], frozenset[str]]] = {}
    for record_id, fields in documents:
        ids.append(record_id)
        per_field: dict[str, Counter[str]] = {}
        seen_words: set[str] = set()
        for name, texts in fields.items():
            spec = FIELDS[name]
            counts: Counter[str] = Counter()
            for text in texts:
                if text.startswith(INTEREST_TOKEN):
                    counts[text] += 1
                    continue
                known = analysed.get((text, spec.pairs))
                if known is None:
                    keys = analyzer.keys(text)
                    stems = [stem for _folded, stem in keys]
                    tokens = Counter(stems)
                    if spec.pairs:
                        tokens.update(pairs(stems))
                    known = analysed[text, spec.pairs] = (tokens, frozenset(folded for folded, _stem in keys))
                counts.update(known[0])
                seen_words |= known[1]
            per_field[name] = counts
            lengths[name].append(counts.total())
        words.update(seen_words)
        fields_tf.append(per_field)
    average = {name: (sum(values) / len(values) if values and sum(values) else 1.0) for name, values in lengths.items()}
    # Pseudo-frequency of each token in each record, over its fields.
    postings: dict[str, list[tuple[int, float, int]]] = {}
    for doc, per_field in enumerate(fields_tf):
        score: dict[str, float] = {}
        masks: dict[str, int] = {}
        for name, counts in per_field.items():
            if not counts:
                continue
            spec = FIELDS[name]
            norm = K1 * (1 - spec.b + spec.b * counts.total() / average[name])
            weight, bit = spec.weight, spec.bit
            for token, tf in counts.items():
                if spec.once:
                    tf = 1
                score[token] = score.get(token, 0.0) + weight * tf * (K1 + 1) / (tf + norm)
                masks[token] = masks.get(token, 0) | bit
        for token, value in score.items():
            entry = (doc, value, masks[token])
            try:
                postings[token].append(entry)
            except KeyError:
                postings[token] = [entry]
    total = len(ids)
    packed: dict[str, bytes] = {}
    for token, entries in postings.items():
        idf = math.log(1 + (total - len(entries) + 0.5) / (len(entries) + 0.5))
        docs, values, bits = zip(*entries, strict=True)
        packed[token] = array("I", docs).tobytes() + array("f", [idf * v for v in values]).tobytes() + bytes(bits)
    return Index(tuple(ids), packed, dict(words))


def build(dataset: Dataset) -> SearchIndex:
    analyzer = dataset.analyzer
    thesaurus, means = _thesaurus(dataset, analyzer)
    return SearchIndex(
        identity=_identity(dataset),
        formations=build_index(formation_documents(dataset), analyzer),
        metiers=build_index(metier_documents(dataset), analyzer),
        thesaurus=thesaurus,
        means=means,
        interests=_interests(dataset, analyzer),
    )


def phrase_key(stems: Iterable[str]) -> str:
    return " ".join(stems)


def _thesaurus(dataset: Dataset, analyzer: Analyzer) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """What students type, by its stems → the words it means; and each of those words → its tokens.

    Two phrases with the same stems: the one read whole wins (« sport » is the sport entry's,
    not the « e-sport » of the video games one, which loses its « e »). A word the thesaurus
    means counts as a phrase: « commissaire aux comptes » does not stand for every « commissaire »."""
    out: dict[str, tuple[str, ...]] = {}
    whole: set[str] = set()
    means: dict[str, tuple[str, ...]] = {}
    for entry in dataset.referential.thesaurus:
        for phrase in entry.words:
            words = analyzer.words(phrase)
            key = phrase_key(analyzer.stem(w) for w in words)
            if not key:
                continue
            exact = " ".join(fold(w) for w in words) == normalize(phrase)
            if key not in out or (exact and key not in whole):
                out[key] = entry.means
                if exact:
                    whole.add(key)
        for word in entry.means:
            stems = analyzer.terms(word)
            means[word] = tuple(pairs(stems) or stems)
    return out, means


def _interests(dataset: Dataset, analyzer: Analyzer) -> dict[str, tuple[str, ...]]:
    """ONISEP centres d'intérêt by the stems of their label and keywords."""
    out: dict[str, list[str]] = {}
    for interest in dataset.referential.interests:
        for phrase in (interest.label, *interest.keywords):
            key = phrase_key(analyzer.terms(phrase))
            if key and interest.id not in out.setdefault(key, []):
                out[key].append(interest.id)
    return {key: tuple(ids) for key, ids in out.items()}


def _identity(dataset: Dataset) -> str:
    return f"{INDEX_FORMAT}:{dataset.identity}"


def _cache_file(dataset: Dataset) -> Path | None:
    from .dataset import cache_dir

    folder = cache_dir()
    if folder is None or not dataset.identity:
        return None
    place = dataset.identity.partition("#")[0]  # one file per place, rewritten when its records change
    return folder / f"index-{zlib.crc32(place.encode('utf-8', 'surrogateescape')):08x}.msgpack"


def load_or_build(dataset: Dataset) -> SearchIndex:
    """The dataset's index from the cache, or built now and cached for the next commands (a cache
    that cannot be read, or is damaged, is rebuilt; one that cannot be written only costs time)."""
    from .storage import read_cache, write_cache

    path = _cache_file(dataset)
    if path is not None:
        cached = read_cache(path, SearchIndex)
        if cached is not None and cached.identity == _identity(dataset):
            return cached
    index = build(dataset)
    if path is not None:
        write_cache(path, index)
    return index
