"""What each card gives alone, made while the other cards are read (``Builder.ahead``), builds the
same records, the same reports and the same failures as building every card at the end."""

from __future__ import annotations

import datetime as dt

import msgspec

from conftest import FIXTURES
from orient.national import Types, complete
from orient.onisep.access import AccessParser
from orient.onisep.build import Builder
from orient.onisep.cards import FormationCard, MetierCard
from orient.onisep.markdown import card_files, read_card
from orient.prepare import prepare, prepare_completed

DAY = dt.date(2026, 3, 2)


def _cards() -> tuple[list[FormationCard], list[MetierCard]]:
    cards = [read_card(p, p.name) for p in card_files([FIXTURES / "onisep", FIXTURES / "onisep-merge"])]
    formations = {c.onisep: c for c in cards if isinstance(c, FormationCard)}
    metiers = {c.onisep: c for c in cards if isinstance(c, MetierCard)}
    # One card no record can be made of (an implausible duration), one that names the left-out one.
    broken = msgspec.structs.replace(next(iter(formations.values())), onisep="FOR.99990", duration="40 ans")
    formations[broken.onisep] = broken
    return [formations[k] for k in sorted(formations)], [metiers[k] for k in sorted(metiers)]


def _built(dataset, ahead: set[str], day_ahead: dt.date = DAY):
    formations, metiers = _cards()
    builder = Builder(dataset, AccessParser(dataset.referential))
    for card in [*formations, *metiers]:
        if card.onisep in ahead:
            builder.ahead(card, day_ahead)
    dates = {c.onisep: DAY for c in [*formations, *metiers]}
    records, metier_records, parsed = builder.build(formations, metiers, dates)
    encoded = msgspec.msgpack.encode((records, metier_records, parsed, builder.unknown_types))
    return encoded, list(builder.failed.items())


def test_cards_made_ahead_build_what_the_cards_build_at_the_end(dataset):
    formations, metiers = _cards()
    everything = {c.onisep for c in [*formations, *metiers]}
    alone = _built(dataset, set())
    assert alone[1] and alone[1][0][0] == "FOR.99990"  # the broken card is reported, and left out
    assert _built(dataset, everything) == alone
    assert _built(dataset, {c.onisep for c in formations[::2]} | {metiers[0].onisep}) == alone


def test_a_card_made_ahead_for_another_day_is_made_again(dataset):
    formations, metiers = _cards()
    assert _built(dataset, {c.onisep for c in [*formations, *metiers]}, day_ahead=DAY - dt.timedelta(days=1)) == _built(dataset, set())


def test_prepare_is_complete_then_prepare_completed(dataset):
    formations = list(dataset.formations.values())
    types = Types(dataset.referential)
    assert prepare(formations, dataset.referential) == prepare_completed([complete(f, types) for f in formations], dataset.referential)


def test_the_import_so_far_is_read_first_but_stops_an_import_where_it_did(tmp_path, mini):
    """The store is read before the cards (their days are known as they come), and what it holds
    stops the import only once the cards are read and found importable, as before."""
    import pytest

    from orient.errors import ImportFailed, StoreError
    from orient.onisep.importer import run_import
    from orient.onisep.store import store_path

    empty, malformed = tmp_path / "vide", FIXTURES / "onisep" / "malformed"
    empty.mkdir()
    good = [FIXTURES / "onisep" / "formations"]
    store = store_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"pas un import")  # damaged
    with pytest.raises(ImportFailed) as nothing:
        run_import([empty], mini)
    assert nothing.value.code == "import.nothing"
    with pytest.raises(ImportFailed) as strict:
        run_import([malformed, *good], mini, strict=True)
    assert strict.value.code == "import.strict" and all("abîmé" not in p.message for p in strict.value.problems)
    with pytest.raises(ImportFailed) as damaged:
        run_import(good, mini, strict=True)
    assert damaged.value.code == "import.strict" and "abîmé" in damaged.value.problems[0].message
    store.unlink()
    store.mkdir()  # cannot be read at all
    with pytest.raises(ImportFailed) as nothing:
        run_import([empty], mini)
    assert nothing.value.code == "import.nothing"
    with pytest.raises(StoreError):
        run_import(good, mini)


def test_an_import_with_worker_processes_stores_what_one_process_stores(tmp_path, monkeypatch, dataset):
    """Worker processes read the cards and build the search index: the same store, the same index."""
    from orient import search_index
    from orient.onisep import reading
    from orient.onisep.importer import run_import
    from orient.onisep.store import content_digest, load_merged, read_store
    from orient.storage import read_cache

    def imported(folder: str, workers: int):
        monkeypatch.setenv("ORIENT_DATA_DIR", str(tmp_path / folder / "data"))
        monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path / folder / "cache"))
        monkeypatch.setattr(reading, "workers_for", lambda files: workers)
        if workers > 1:  # built by a worker, not here

            def here(dataset):
                raise AssertionError("index built by the importing process")

            monkeypatch.setattr(search_index, "build", here)
        summary = run_import([FIXTURES / "onisep" / "formations", FIXTURES / "onisep" / "metiers"], dataset, today=DAY)
        merged = load_merged()
        path = search_index._cache_file(merged)
        index = read_cache(path, search_index.SearchIndex) if path is not None else None
        assert index is not None and index.identity == search_index._identity(merged)  # commands use it as it is
        return msgspec.structs.replace(summary, path=""), content_digest(read_store()), msgspec.structs.replace(index, identity="")

    alone = imported("seul", 1)
    assert imported("workers", 2) == alone


def test_the_content_digest_is_that_of_the_content_encoded_whole(tmp_path, monkeypatch, dataset):
    import hashlib

    from orient.onisep.importer import run_import
    from orient.onisep.store import _array_header, content_digest, encode, encoded_digest, from_bytes, read_store, store_path

    for count in (0, 1, 15, 16, 65_535, 65_536):
        assert _array_header(count) == msgspec.msgpack.encode([None] * count)[: -count or None]
    run_import([FIXTURES / "onisep" / "formations", FIXTURES / "onisep" / "metiers"], dataset, today=DAY)
    stored = read_store()
    whole = msgspec.msgpack.encode((stored.formations, stored.metiers, stored.report, stored.merged, stored.indexes, stored.cores))
    assert stored.cores and content_digest(stored) == hashlib.blake2b(whole, digest_size=32).digest()
    data = encode(stored)
    assert encoded_digest(data, store_path()) == content_digest(from_bytes(data, store_path()))
    # What check reads of the formations is covered: an import that would write it otherwise is written.
    bare = encode(msgspec.structs.replace(stored, rows={}))
    assert encoded_digest(bare, store_path()) != encoded_digest(encode(msgspec.structs.replace(stored, rows=_rows(stored))), store_path())


def _rows(stored):
    from orient.check_records import RowParts

    return {f.id: RowParts(b'"id":' + f.id.encode(), b'"x":1') for f in stored.formations}


def test_metier_names_looked_up_by_workers_are_those_found_here(dataset):
    """The close names of métiers, looked up by worker processes in parts, are those ``find`` finds."""
    from concurrent.futures import ThreadPoolExecutor

    from orient.onisep.build import _MetierIndex

    metiers = list(dataset.metiers.values())
    asked = [*(n for m in metiers for n in (m.names.masculine, m.names.feminine)), "cadreur/euse", "chef op/ératrice", ""]
    asked += [name[:-1] + "x" for name in asked if len(name) > 12]  # close to a name, not one
    here = _MetierIndex(metiers)
    expected = {name: here.find(name) for name in asked}
    assert any(expected.values()) and not all(expected.values())
    for parts in (1, 2, 5):
        index = _MetierIndex(metiers)
        with ThreadPoolExecutor(2) as pool:  # as a process pool is used: tasks given encoded arguments
            index.find_elsewhere(asked, pool, parts)()
        assert index._close is None  # no close name looked up here
        assert {name: index.find(name) for name in asked} == expected
