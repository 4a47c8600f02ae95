"""The search index: every formation and métier, weighted by field, ready to score.

Built once per dataset (on import, or on the first search after the embedded
data changed) and kept in the cache folder; a command only reads it.

Scoring is BM25 field by field, weighted and summed: a word counts more in a
short field than in a long one, more in a name than in a description, less the
more records carry it, and a word repeated in one field soon stops adding (so a
description that repeats a word never outweighs a name that holds it once).
Each record's score for each word is computed here, at build time, so that a
query only adds up the scores of its words ("impact" postings). The build
computes on arrays (numpy, which only a build imports: the commands that read
the index start without it).

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
import re
import zlib
from array import array
from collections.abc import Iterable
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import msgspec

from .analysis import LOCUTION, Analyzer, pairs
from .blocks import bucket_of, bucketed
from .lazy import LazyIndex
from .models import Referential
from .text import fold, normalize

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .dataset import Dataset

INDEX_FORMAT = 9
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


class Index(msgspec.Struct, frozen=True, dict=True):
    """One kind of record (formations or métiers), searchable."""

    ids: tuple[str, ...]
    # Stem → docs, impacts, masks, packed, kept as encoded (a msgpack « bin »), in buckets by the
    # hash of the stem (:func:`~orient.blocks.bucket_of`), each bucket a msgpack map kept encoded:
    # read from the cache, a bucket is a view of the mapped file, and a query decodes only the
    # buckets of the stems it looks up, never the map of every stem.
    postings: tuple[msgspec.Raw, ...]
    # Folded words of the records → how many records hold them, kept encoded (:func:`decoded`):
    # only a word not understood (a spelling to correct) needs them.
    words: msgspec.Raw

    @classmethod
    def of(cls, ids: tuple[str, ...], postings: dict[str, msgspec.Raw], words: msgspec.Raw) -> Index:
        """The index of ``ids``, its postings (stem → packed blob) cut into buckets."""
        return cls(ids, tuple(bucketed(postings)) if postings else (), words)

    @cached_property
    def _stems(self) -> LazyIndex[msgspec.Raw]:
        """The postings read bucket by bucket, as a stem is looked up (each bucket decoded once)."""
        return LazyIndex(self.postings, bucket_of, type=dict[str, msgspec.Raw])

    def holds(self, token: str) -> bool:
        """Whether some record holds ``token``."""
        return token in self._stems

    def tokens(self) -> dict[str, msgspec.Raw]:
        """Every stem and its packed postings (every bucket decoded: for tests and checks)."""
        return dict(self._stems.items())

    def lookup(self, token: str) -> Postings | None:
        raw = self._stems.get(token)
        if raw is None:
            return None
        view = _payload(raw)
        n = len(view) // 9
        return Postings(view[: 4 * n].cast("I"), view[4 * n : 8 * n].cast("f"), view[8 * n :])


_BIN_HEADS = {0xC4: 2, 0xC5: 3, 0xC6: 5}  # msgpack bin 8, 16, 32: the type byte and the length


def _payload(raw: msgspec.Raw) -> memoryview:
    """The bytes of a posting list, without their msgpack header."""
    view = memoryview(raw)
    return view[_BIN_HEADS[view[0]] :]


EMPTY = msgspec.Raw(b"\x80")  # an empty msgpack map
Phrases = dict[str, tuple[str, ...]]


class SearchIndex(msgspec.Struct, frozen=True, gc=False):
    identity: str
    formations: Index
    metiers: Index
    # The thesaurus and the centres d'intérêt by the stems of what students type (« jeu video »),
    # and the tokens each word of the thesaurus's « means » stands for (``Phrases``): read once,
    # here, and kept encoded (:func:`decoded`), for a query that reads its words as typed needs none.
    # The thesaurus, in buckets by phrase (:func:`~orient.blocks.bucketed`): a query decodes those
    # of the phrases it looks up.
    thesaurus: tuple[msgspec.Raw, ...] = ()
    means: msgspec.Raw = EMPTY
    interests: msgspec.Raw = EMPTY
    # A word of the records typed without its accents, folded, → the stem its accented form has,
    # where the two differ (« securite » → « secur », like « sécurité »): :func:`_accents`.
    accents: msgspec.Raw = EMPTY
    # Each formation that is a parcours or option of a diploma with several (its position in the
    # formations' index) → the number of that diploma: :func:`_siblings`.
    siblings: msgspec.Raw = EMPTY


def encoded(value: object) -> msgspec.Raw:
    """``value`` as a field of the index keeps it: encoded, the same bytes in the cache file."""
    return msgspec.Raw(msgspec.msgpack.encode(value))


T = TypeVar("T")


def decoded(raw: msgspec.Raw, kind: type[T]) -> T:
    """A field the index keeps encoded (:func:`encoded`), decoded: its words or phrases."""
    return msgspec.msgpack.decode(raw, type=kind)


Document = tuple[str, dict[str, list[str]]]  # id, field → texts


def formation_documents(dataset: Dataset) -> Iterable[Document]:
    # Each métier's names and centres d'intérêt, read once: a métier is named by every formation leading to it.
    metiers = {
        key: (list(dict.fromkeys((metier.names.masculine, metier.names.feminine))), metier.interests)
        for key, metier in dataset.metiers.items()
    }
    formations = dataset.formations
    for formation in formations.values():
        linked = [metiers[m] for m in formation.metiers if m in metiers]
        interests = set(formation.interests)
        for _names, more in linked:
            interests.update(more)
        poursuites = []
        for p in formation.poursuites:
            target = formations.get(p.formation) if p.formation else None
            poursuites.append(target.name if target else p.label)
        yield (
            formation.id,
            {
                "name": [formation.name],
                "alias": list(formation.aliases),
                "metier": [name for names, _interests in linked for name in names],
                "interest": [INTEREST_TOKEN + i for i in sorted(interests)],
                "description": [formation.description],
                "poursuite": [p for p in poursuites if p],
            },
        )


def metier_documents(dataset: Dataset) -> Iterable[Document]:
    names = {key: formation.name for key, formation in dataset.formations.items()}  # read once, as above
    for metier in dataset.metiers.values():
        masculine, feminine = metier.names.masculine, metier.names.feminine
        yield (
            metier.id,
            {
                "name": list(dict.fromkeys((masculine, feminine))),
                "alias": [n for n in dict.fromkeys(metier.other_names) if n not in (masculine, feminine)],
                "interest": [INTEREST_TOKEN + i for i in metier.interests],
                "description": [metier.description],
                "formation": [names[f] for f in dataset.formations_by_metier.get(metier.id, []) if f in names],
            },
        )


class _Numbers(dict[str, int]):
    """Strings numbered in the order they are first looked up; ``names``: the strings by number."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self.names)
        self.names.append(key)
        return number


class _WordNumbers(dict[str, tuple[int, int] | None]):
    """Lower-case word → the numbers of its stem (a token) and of its folded form; None for a word
    without weight (:meth:`Analyzer.key`)."""

    def __init__(self, analyzer: Analyzer, tokens: _Numbers, words: _Numbers) -> None:
        super().__init__()
        self.analyzer, self.tokens, self.words = analyzer, tokens, words

    def __missing__(self, word: str) -> tuple[int, int] | None:
        key = self.analyzer.key(word)
        numbers = self[word] = None if key is None else (self.tokens[key[1]], self.words[key[0]])
        return numbers


class _PairNumbers(dict[tuple[int, int], int]):
    """Two different stems, by number → the number of their pair (a token, see :func:`pairs`)."""

    def __init__(self, tokens: _Numbers) -> None:
        super().__init__()
        self.tokens = tokens

    def __missing__(self, stems: tuple[int, int]) -> int:
        number = self[stems] = self.tokens[pairs([self.tokens.names[n] for n in stems])[0]]
        return number


class Texts:
    """The texts of the records, numbered, each with its tokens and folded words, numbered too.

    Each distinct text is analysed once for all the indexes of a build (a métier's name is a field
    of the métier and of each formation leading to it; a formation's name, of the formation and of
    its métiers), each distinct word once for all the texts. The tokens of text ``n`` are
    ``token_rows[token_end[n] : token_end[n + 1]]``: its stems in order, repeats kept, then, if its
    field has them, the pairs of its stems; likewise its folded words in ``word_rows``."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.tokens, self.words = _Numbers(), _Numbers()
        self.numbers: dict[bool, dict[str, int]] = {False: {}, True: {}}  # text → its number, with or without pairs
        self.token_rows, self.token_end = array("I"), array("Q", [0])
        self.word_rows, self.word_end = array("I"), array("Q", [0])
        self._word_numbers = _WordNumbers(analyzer, self.tokens, self.words)
        self._pair_numbers = _PairNumbers(self.tokens)

    def word_numbers(self) -> dict[str, tuple[int, int] | None]:
        """Each lower-case word analysed → the numbers of its stem and folded form (None: no weight)."""
        return self._word_numbers

    def analyse(self, text: str, with_pairs: bool) -> int:
        """Analyse ``text`` (not numbered yet, for this ``with_pairs``): append its tokens and words; its number."""
        if text.startswith(INTEREST_TOKEN):
            self.token_rows.append(self.tokens[text])
        else:
            keys = [numbers for numbers in map(self._word_numbers.__getitem__, self.analyzer.split(text)) if numbers]
            if keys:
                stems, words = zip(*keys, strict=True)
                self.token_rows.extend(stems)
                if with_pairs:
                    self.token_rows.extend([self._pair_numbers[a, b] for a, b in pairwise(stems) if a != b])
                self.word_rows.extend(words)
        self.token_end.append(len(self.token_rows))
        self.word_end.append(len(self.word_rows))
        number = self.numbers[with_pairs][text] = len(self.token_end) - 2
        return number


def build_index(documents: Iterable[Document], analyzer: Analyzer, texts: Texts | None = None) -> Index:
    """BM25F impacts of every token of every record.

    The records are read once, into arrays of numbers: the number of each text of each field of each
    record (a « slot »). Counts and scores are then computed on whole arrays (numpy), with the
    operations of the formula written field by field, and in its order, so that each impact is the
    very float that formula gives. Indexes built with one :class:`Texts` analyse each text once."""
    import numpy as np  # a build only: the commands that read the index start without numpy

    texts = texts or Texts(analyzer)
    fields_at = {name: (position, spec.pairs, texts.numbers[spec.pairs]) for position, (name, spec) in enumerate(FIELDS.items())}
    ids: list[str] = []
    occurrences = array("I")  # the number of each text of each slot, slot after slot
    # Each slot's field and where its texts end in ``occurrences``; where each record's slots end.
    slot_field, slot_end, doc_end = array("B"), array("Q"), array("Q")
    for record_id, fields in documents:
        ids.append(record_id)
        for name, field_texts in fields.items():
            position, with_pairs, known = fields_at[name]
            for text in field_texts:
                number = known.get(text)
                occurrences.append(texts.analyse(text, with_pairs) if number is None else number)
            slot_field.append(position)
            slot_end.append(len(occurrences))
        doc_end.append(len(slot_field))
    n_docs, n_slots, n_tokens = len(ids), len(slot_field), len(texts.tokens)
    text_of = np.frombuffer(occurrences, dtype=np.uint32).astype(np.intp)
    token_of_row, row_occurrence = _rows(texts.token_rows, texts.token_end, text_of)
    if not len(token_of_row):
        return Index.of(tuple(ids), {}, EMPTY)
    field_of = np.frombuffer(slot_field, dtype=np.uint8).astype(np.intp)
    doc_of = np.repeat(np.arange(n_docs), _sizes(doc_end))
    slot_of = np.repeat(np.arange(n_slots), _sizes(slot_end))  # the slot of each occurrence

    # How many records hold each word: the distinct (word, record) pairs, counted by word.
    word_of_row, word_occurrence = _rows(texts.word_rows, texts.word_end, text_of)
    key = np.sort(word_of_row * n_docs + doc_of[slot_of[word_occurrence]])
    held = np.bincount(key[_run_starts(key)] // n_docs, minlength=len(texts.words)).tolist()
    words = {word: n for word, n in zip(texts.words.names, held, strict=True) if n}

    # The distinct (token, slot) pairs, sorted by token then slot (so by record, then field in the
    # record's order), and how many times each comes: the token's frequency in the field.
    row_slot = slot_of[row_occurrence]
    key = np.sort(token_of_row * n_slots + row_slot)
    start = _run_starts(key)
    tf = np.diff(start, append=len(key)).astype(np.float64)
    token, slot = np.divmod(key[start], n_slots)
    field, doc = field_of[slot], doc_of[slot]

    # BM25 of each: the field's weight, saturation and normalisation, the slot's length (its tokens)
    # against the field's average (over the records having the field).
    specs = list(FIELDS.values())
    length = np.bincount(row_slot, minlength=n_slots)
    totals = np.bincount(field_of, weights=length, minlength=len(specs)).tolist()
    slots = np.bincount(field_of, minlength=len(specs)).tolist()
    average = np.array([int(total) / n if n and total else 1.0 for total, n in zip(totals, slots, strict=True)])
    b = np.array([spec.b for spec in specs])[field_of]
    norm = K1 * (1 - b + b * length / average[field_of])
    tf = np.where(np.array([spec.once for spec in specs])[field], 1.0, tf)
    term = np.array([spec.weight for spec in specs])[field] * tf * (K1 + 1) / (tf + norm[slot])
    bits = np.array([spec.bit for spec in specs], dtype=np.uint8)[field]

    # Each token's score in each record: its fields' terms added in the record's order of fields
    # (another order may change the last bit of the sum), and the bits of those fields.
    start = _run_starts(token * n_docs + doc)
    size = np.diff(start, append=len(token))
    score = term[start]
    for step in range(1, int(size.max())):
        more = size > step
        score[more] += term[start[more] + step]
    masks = np.bitwise_or.reduceat(bits, start)
    token, doc = token[start], doc[start]

    # Impacts: the score times the token's idf, from how many records hold it.
    held_by = np.bincount(token, minlength=n_tokens).tolist()
    idf = {n: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for n in set(held_by)}
    impacts = (np.array([idf[n] for n in held_by])[token] * score).astype(np.float32)

    # Each token's postings, one blob (records, impacts, fields), tokens in the order the records
    # first hold them.
    first = np.full(n_tokens, len(token_of_row))
    np.minimum.at(first, token_of_row, np.arange(len(token_of_row)))
    held_here = np.flatnonzero(first < len(token_of_row))
    docs_blob, impacts_blob, masks_blob = doc.astype(np.uint32).tobytes(), impacts.tobytes(), masks.tobytes()
    ends = np.cumsum(held_by).tolist()
    postings: dict[str, msgspec.Raw] = {}
    encode = msgspec.msgpack.encode
    for number in held_here[np.argsort(first[held_here])].tolist():
        begin, end = ends[number] - held_by[number], ends[number]
        blob = docs_blob[4 * begin : 4 * end] + impacts_blob[4 * begin : 4 * end] + masks_blob[begin:end]
        postings[texts.tokens.names[number]] = msgspec.Raw(encode(blob))
    return Index.of(tuple(ids), postings, encoded(words))


def _sizes(ends: array[int]) -> NDArray[np.int64]:
    """The sizes of consecutive parts of an array, from where each ends."""
    import numpy as np

    bounds = np.frombuffer(ends, dtype=np.uint64).astype(np.int64)
    return np.diff(bounds, prepend=bounds.dtype.type(0))


def _rows(rows: array[int], ends: array[int], text_of: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The rows of the texts (``rows[ends[n] : ends[n + 1]]`` for text ``n``) one occurrence after
    the other, and the occurrence each comes from."""
    import numpy as np

    bounds = np.frombuffer(ends, dtype=np.uint64).astype(np.int64)
    sizes = np.diff(bounds)[text_of]
    occurrence = np.repeat(np.arange(len(text_of), dtype=np.int64), sizes)
    offset = np.arange(len(occurrence), dtype=np.int64) + np.repeat(bounds[text_of] - (np.cumsum(sizes) - sizes), sizes)
    return np.frombuffer(rows, dtype=np.uint32).astype(np.int64)[offset], occurrence


def _run_starts(values: NDArray[np.int64]) -> NDArray[np.intp]:
    """Where each run of equal values starts, in a sorted array."""
    import numpy as np

    starts = np.ones(len(values), dtype=bool)
    starts[1:] = values[1:] != values[:-1]
    return np.flatnonzero(starts)


def build(dataset: Dataset) -> SearchIndex:
    return _build(dataset.referential, dataset.analyzer, formation_documents(dataset), metier_documents(dataset), _identity(dataset))


def _build(
    referential: Referential, analyzer: Analyzer, formations: Iterable[Document], metiers: Iterable[Document], identity: str
) -> SearchIndex:
    from .storage import quiet_gc

    thesaurus, means = _thesaurus(referential, analyzer)
    texts = Texts(analyzer)
    names: list[str] = []

    def named(documents: Iterable[Document]) -> Iterable[Document]:
        for document in documents:
            names.append(next(iter(document[1].get("name", [])), ""))
            yield document

    with quiet_gc():  # many small objects and no cycle: the collections they would start free nothing
        formation_index = build_index(named(formations), analyzer, texts)
        metier_index = build_index(metiers, analyzer, texts)
    return SearchIndex(
        identity=identity,
        formations=formation_index,
        metiers=metier_index,
        thesaurus=tuple(bucketed(thesaurus)),
        means=encoded(means),
        interests=encoded(_interests(referential, analyzer)),
        accents=encoded(_accents(texts, analyzer, (formation_index, metier_index))),
        siblings=encoded(_siblings(names)),
    )


# -- built by another process --------------------------------------------------------------------


def build_request(dataset: Dataset) -> bytes:
    """What :func:`build_elsewhere` needs to build the index of ``dataset`` in another process (a
    large import builds it there while it writes its store): the referential and the documents."""
    return msgspec.msgpack.encode((dataset.referential, list(formation_documents(dataset)), list(metier_documents(dataset))))


def build_elsewhere(request: bytes) -> bytes:
    """The index :func:`build_request` asks for, encoded, without its identity (:func:`write_built` gives it)."""
    from .analysis import Analyzer

    referential, formations, metiers = msgspec.msgpack.decode(request, type=tuple[Referential, list[Document], list[Document]])
    return msgspec.msgpack.encode(_build(referential, Analyzer(referential.stop_words, referential.locutions), formations, metiers, ""))


class _Built(msgspec.Struct, frozen=True):
    """An index from :func:`build_elsewhere`, its parts left encoded."""

    formations: msgspec.Raw
    metiers: msgspec.Raw
    thesaurus: msgspec.Raw
    means: msgspec.Raw
    interests: msgspec.Raw
    accents: msgspec.Raw
    siblings: msgspec.Raw


class _Cached(msgspec.Struct, frozen=True):
    """A :class:`SearchIndex` as its cache file holds it (the same fields, in the same order), its
    parts already encoded: written as it came, not decoded and encoded again."""

    identity: str
    formations: msgspec.Raw
    metiers: msgspec.Raw
    thesaurus: msgspec.Raw
    means: msgspec.Raw
    interests: msgspec.Raw
    accents: msgspec.Raw
    siblings: msgspec.Raw


def write_built(dataset: Dataset, built: bytes) -> None:
    """Keep in the cache folder the index of ``dataset`` that :func:`build_elsewhere` built, as
    :func:`load_or_build` would have."""
    from .storage import write_cache

    path = _cache_file(dataset)
    if path is not None:
        parts = msgspec.msgpack.decode(built, type=_Built)
        write_cache(
            path,
            _Cached(
                _identity(dataset),
                parts.formations,
                parts.metiers,
                parts.thesaurus,
                parts.means,
                parts.interests,
                parts.accents,
                parts.siblings,
            ),
        )


def phrase_key(stems: Iterable[str]) -> str:
    return " ".join(stems)


def _thesaurus(referential: Referential, analyzer: Analyzer) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """What students type, by its stems → the words it means; and each of those words → its tokens.

    Two phrases with the same stems: the one read whole wins (« sport » is the sport entry's,
    not the « e-sport » of the video games one, which loses its « e »). A word the thesaurus
    means counts as a phrase: « commissaire aux comptes » does not stand for every « commissaire »."""
    out: dict[str, tuple[str, ...]] = {}
    whole: set[str] = set()
    means: dict[str, tuple[str, ...]] = {}
    typed: dict[str, tuple[str, ...]] = {}
    for entry in referential.thesaurus:
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
            typed.setdefault(phrase_key(analyzer.stem(fold(w)) for w in words), entry.means)
        for word in entry.means:
            stems = analyzer.terms(word)
            means[word] = tuple(pairs(stems) or stems)
    for key, meant in typed.items():  # typed without accents, where Snowball stems otherwise (« securite routiere »)
        out.setdefault(key, meant)
    return out, means


def _accents(texts: Texts, analyzer: Analyzer, indexes: tuple[Index, ...]) -> dict[str, str]:
    """Each accented word of the records whose folded form stems otherwise, folded → the stem of the
    word as written. Snowball reads the accents of a suffix (« sécurité » → « secur », « securite »
    → « securit »): what a person types without accents must meet the cards all the same. Two words
    folding alike (« pêche », « péché »): the stem more records hold."""
    out: dict[str, str] = {}
    held: dict[str, int] = {}
    for word, numbers in texts.word_numbers().items():
        if numbers is None or word.isascii() or LOCUTION in word:
            continue
        folded, stemmed = texts.words.names[numbers[1]], texts.tokens.names[numbers[0]]
        plain = analyzer.key(folded)
        if plain is not None and plain[1] == stemmed:
            continue
        if stemmed not in held:
            held[stemmed] = sum(len(found.docs) for found in (index.lookup(stemmed) for index in indexes) if found is not None)
        if folded not in out or held[stemmed] > held[out[folded]]:
            out[folded] = stemmed
    return out


PARCOURS = re.compile(" (?:parcours|option) ")


def _siblings(names: list[str]) -> dict[int, int]:
    """The formations named « DIPLOMA parcours … » or « DIPLOMA option … », by their position, → a
    number for DIPLOMA, for the diplomas of two parcours or more: they share its description."""
    groups: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        parts = PARCOURS.split(name, maxsplit=1)
        if len(parts) == 2:
            groups.setdefault(parts[0], []).append(position)
    return {position: number for number, members in enumerate(m for m in groups.values() if len(m) > 1) for position in members}


def _interests(referential: Referential, analyzer: Analyzer) -> dict[str, tuple[str, ...]]:
    """ONISEP centres d'intérêt by the stems of their label and keywords."""
    out: dict[str, list[str]] = {}
    for interest in referential.interests:
        for phrase in (interest.label, *interest.keywords):
            # As written, and typed without accents where Snowball stems otherwise.
            for key in dict.fromkeys((phrase_key(analyzer.terms(phrase)), phrase_key(analyzer.terms(fold(phrase))))):
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
