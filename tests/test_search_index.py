"""The search index build (on arrays) gives the very index of the BM25F formula written record by record."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from array import array
from collections import Counter
from collections.abc import Iterable

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orient.analysis import Analyzer, pairs
from orient.search_index import (
    FIELDS,
    INTEREST_TOKEN,
    K1,
    Document,
    Index,
    Texts,
    build,
    build_index,
    decoded,
    encoded,
    formation_documents,
    metier_documents,
)


def reference_index(documents: Iterable[Document], analyzer: Analyzer) -> Index:
    """The formula as it reads: record by record, field by field, token by token."""
    ids: list[str] = []
    fields_tf: list[dict[str, Counter[str]]] = []
    lengths: dict[str, list[int]] = {name: [] for name in FIELDS}
    words: Counter[str] = Counter()
    for record_id, fields in documents:
        ids.append(record_id)
        per_field: dict[str, Counter[str]] = {}
        seen_words: set[str] = set()
        for name, texts in fields.items():
            counts: Counter[str] = Counter()
            for text in texts:
                if text.startswith(INTEREST_TOKEN):
                    counts[text] += 1
                    continue
                keys = analyzer.keys(text)
                stems = [stem for _folded, stem in keys]
                counts.update(stems)
                if FIELDS[name].pairs:
                    counts.update(pairs(stems))
                seen_words.update(folded for folded, _stem in keys)
            per_field[name] = counts
            lengths[name].append(counts.total())
        words.update(seen_words)
        fields_tf.append(per_field)
    average = {name: (sum(values) / len(values) if values and sum(values) else 1.0) for name, values in lengths.items()}
    postings: dict[str, list[tuple[int, float, int]]] = {}
    for doc, per_field in enumerate(fields_tf):
        score: dict[str, float] = {}
        masks: dict[str, int] = {}
        for name, counts in per_field.items():
            spec = FIELDS[name]
            norm = K1 * (1 - spec.b + spec.b * counts.total() / average[name])
            for token, count in counts.items():
                tf = 1 if spec.once else count
                score[token] = score.get(token, 0.0) + spec.weight * tf * (K1 + 1) / (tf + norm)
                masks[token] = masks.get(token, 0) | spec.bit
        for token, value in score.items():
            postings.setdefault(token, []).append((doc, value, masks[token]))
    packed: dict[str, msgspec.Raw] = {}
    for token, entries in postings.items():
        idf = math.log(1 + (len(ids) - len(entries) + 0.5) / (len(entries) + 0.5))
        docs, values, bits = zip(*entries, strict=True)
        blob = array("I", docs).tobytes() + array("f", [idf * v for v in values]).tobytes() + bytes(bits)
        packed[token] = msgspec.Raw(msgspec.msgpack.encode(blob))  # kept as encoded, as the index keeps it
    return Index.of(tuple(ids), packed, encoded(dict(words)))


def assert_same(built: Index, expected: Index) -> None:
    assert built.ids == expected.ids
    assert decoded(built.words, dict[str, int]) == decoded(expected.words, dict[str, int])
    assert list(built.tokens()) == list(expected.tokens())  # same tokens, in the same order
    assert built.tokens() == expected.tokens()  # same records, fields and impacts, to the bit


@pytest.mark.parametrize("documents", [formation_documents, metier_documents])
def test_the_embedded_index_is_the_formula_s(dataset, documents):
    assert_same(build_index(documents(dataset), dataset.analyzer), reference_index(documents(dataset), dataset.analyzer))


def test_indexes_built_together_are_those_built_apart(dataset):
    index = build(dataset)
    assert_same(index.formations, build_index(formation_documents(dataset), dataset.analyzer))
    assert_same(index.metiers, build_index(metier_documents(dataset), dataset.analyzer, Texts(dataset.analyzer)))


def test_no_record_and_no_token():
    analyzer = Analyzer(["le"])
    assert_same(build_index([], analyzer), reference_index([], analyzer))
    empty: list[Document] = [("A", {}), ("B", {"name": ["le"], "description": [""]})]
    assert_same(build_index(empty, analyzer), reference_index(empty, analyzer))


WORDS = ["jeu", "jeux", "vidéo", "vidéos", "le", "de", "l'art", "2024", "a", "informatique", "informaticien", "cuisine", "jeu-vidéo"]
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    st.sampled_from([INTEREST_TOKEN + "1", INTEREST_TOKEN + "2"]),
)
FIELD_LISTS = st.permutations(list(FIELDS)).flatmap(lambda names: st.integers(0, len(names)).map(lambda n: names[:n]))
RECORD = FIELD_LISTS.flatmap(lambda names: st.fixed_dictionaries({name: st.lists(TEXTS, max_size=4) for name in names}))


@settings(max_examples=60, deadline=None)
@given(st.lists(RECORD, max_size=8))
def test_any_records_give_the_formula_s_index(records):
    """Fields in any order and any number (the sum over fields keeps each record's order), texts
    repeated within a field and across fields, texts without a word of weight."""
    analyzer = Analyzer(["le", "de"])
    documents = [(f"R{n}", fields) for n, fields in enumerate(records)]
    assert_same(build_index(documents, analyzer), reference_index(documents, analyzer))


def test_reading_the_index_does_not_load_numpy(tmp_path):
    """numpy is for the build only: a command that reads the index starts without it."""
    code = "import sys; from orient.dataset import load; load().search_index; print('numpy' in sys.modules)"
    env = {
        **os.environ,
        "ORIENT_CACHE_DIR": str(tmp_path),
        "ORIENT_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    run = [sys.executable, "-c", code]
    assert subprocess.run(run, check=True, env=env, capture_output=True, text=True).stdout.split() == ["True"]  # built
    assert subprocess.run(run, check=True, env=env, capture_output=True, text=True).stdout.split() == ["False"]  # read


def test_an_index_built_by_another_process_is_cached_as_this_one_would_cache_it(dataset, tmp_path, monkeypatch):
    from orient import search_index
    from orient.storage import read_cache

    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))
    assert dataset.identity  # what names its cache file
    built = search_index.build_elsewhere(search_index.build_request(dataset))  # what a worker sends back
    search_index.write_built(dataset, built)
    path = search_index._cache_file(dataset)
    assert path is not None
    cached = path.read_bytes()
    assert read_cache(path, search_index.SearchIndex) == build(dataset)
    path.unlink()
    search_index.load_or_build(dataset)
    assert path.read_bytes() == cached


def test_an_index_read_from_its_cache_finds_what_the_built_one_finds(dataset, tmp_path, monkeypatch):
    """Read from the cache, posting lists are views of the mapped file, not copies: every lookup
    must still give the records, impacts and fields of the index as built."""
    from orient import search_index

    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))
    built = build(dataset)
    first = search_index.load_or_build(dataset)  # built and cached
    cached = search_index.load_or_build(dataset)  # read back
    assert first == built and cached == built
    for kind in ("formations", "metiers"):
        index, expected = getattr(cached, kind), getattr(built, kind)
        assert index.tokens().keys() == expected.tokens().keys()
        for token in expected.tokens():
            found, wanted = index.lookup(token), expected.lookup(token)
            assert found is not None and wanted is not None
            assert (list(found.docs), list(found.impacts), bytes(found.masks)) == (
                list(wanted.docs),
                list(wanted.impacts),
                bytes(wanted.masks),
            )
    assert cached.formations.lookup("pas un mot de l'index") is None
