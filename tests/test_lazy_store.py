"""Imported records are decoded when read: the same dataset as decoding them all, for less."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SHARED


def _same_as_eager(root=None):
    from orient.dataset import load
    from orient.lazy import LazyRecords
    from orient.onisep.store import load_merged, load_records, merge

    lazy = load_merged(root)
    assert isinstance(lazy.formations, LazyRecords) and isinstance(lazy.metiers, LazyRecords)
    embedded = load(root)
    formations, metiers, merged = load_records()
    eager = merge(embedded, formations, metiers, "", merged)
    assert list(lazy.formations) == list(eager.formations) and list(lazy.metiers) == list(eager.metiers)
    assert all(lazy.formations[k] == eager.formations[k] for k in eager.formations)
    assert all(lazy.metiers[k] == eager.metiers[k] for k in eager.metiers)
    fresh = merge(embedded, formations, metiers, "", merged)
    assert lazy.leads_to == fresh.leads_to and lazy.formations_by_metier == fresh.formations_by_metier
    return lazy


def test_the_lazy_dataset_is_the_merged_dataset(run):
    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(FIXTURES / "onisep-merge")).exit_code == 0
    lazy = _same_as_eager()
    assert "FOR.8009" not in lazy.formations  # a parcours folded into its curated record


def test_showing_one_record_decodes_only_a_few(run):
    from orient.onisep.store import load_merged
    from orient.records import formation_detail
    from orient.search import resolve_formation

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    dataset = load_merged()
    total = len(dataset.formations)
    formation = resolve_formation(dataset, "FOR.90002")
    formation_detail(formation, dataset)
    assert formation.id == "FOR.90002" and dataset.formations.decoded() <= 3 < total  # type: ignore[attr-defined]


def test_indexes_of_another_embedded_dataset_are_not_used(run, monkeypatch):
    from orient.lazy import LazyRecords
    from orient.onisep import store

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    records = store._read_records(store.store_path())
    assert records is not None and records.indexes is not None
    stale = store.msgspec.structs.replace(records.indexes, embedded="ailleurs#0")
    monkeypatch.setattr(store, "_read_records", lambda _path: store.msgspec.structs.replace(records, indexes=stale))
    dataset = store.load_merged()
    assert not isinstance(dataset.formations, LazyRecords) and "FOR.90002" in dataset.formations


def test_the_corpus_reads_the_same_lazily(run):
    folder = SHARED / "corpus" / "onisep"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/onisep absent")
    assert run("data", "import", "onisep", str(folder)).exit_code == 0
    _same_as_eager()
