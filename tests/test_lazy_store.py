"""Imported records are decoded when read: the same dataset as decoding them all, for less."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SHARED


def _same_as_eager(root=None, core="CheckRecord"):
    from orient.dataset import load
    from orient.lazy import LazyRecords
    from orient.models import Access, FormationCore
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
    # The order by name the import stored is the one the names' French sort keys give.
    assert dict(lazy.name_order) == fresh.name_order and len(fresh.name_order) == len(fresh.formations)
    assert dict(lazy.level_only) == fresh.level_only
    assert lazy.before_bac == fresh.before_bac
    assert dict(lazy.metier_interests) == fresh.metier_interests and type(lazy.metier_interests).__name__ == "LazyIndex"
    # Each formation's name, kept by the import: read without decoding its record.
    assert lazy.formation_titles is not None
    assert {k: lazy.formation_name(k) for k in eager.formations} == {k: f.name for k, f in eager.formations.items()}
    # What leads to each formation, said by the import: what the records say.
    from orient.eligibility import _feeders, leading_reason

    assert lazy.leading_reasons is not None and fresh.leading_reasons is None
    said = {k: _feeders(f, lazy) for k, f in eager.formations.items()}
    assert said == {k: leading_reason(f, fresh) for k, f in eager.formations.items()}
    assert len(set(said.values())) > 3 and "Y mènent dans le jeu de données" in " ".join(said.values())
    leading = {k: fresh.leading(f) for k, f in eager.formations.items()}
    assert any(total > len(ids) == 4 for _, total, ids in leading.values()) and any(t == 0 for _, t, _ in leading.values())
    assert all(cited <= total and len(ids) == min(total, 4) for cited, total, ids in leading.values())
    # The cores of the formations, read from the store's own block: the formations' own.
    cores = load_merged(root).formations.light(list(eager.formations))  # (none decoded whole yet)
    assert [type(c).__name__ for c in cores if c.imported] and all(type(c).__name__ == core for c in cores if c.imported)
    assert all(getattr(c, name) == getattr(eager.formations[c.id], name) for c in cores for name in FormationCore.__struct_fields__)
    # Equal access rules, equal numbers: a verdict is found once per number.
    numbers: dict[int, Access] = {}
    assert all(numbers.setdefault(c.access_number, c.access) == c.access for c in cores if c.access_number >= 0)
    assert all(c.access_number >= 0 for c in cores if c.imported and c.access is not None)
    return lazy


def test_the_lazy_dataset_is_the_merged_dataset(run):
    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(FIXTURES / "onisep-merge")).exit_code == 0
    lazy = _same_as_eager()
    assert "FOR.8009" not in lazy.formations  # a parcours folded into its curated record


def test_a_formation_s_name_is_read_without_its_record(run):
    from orient.onisep.store import load_merged

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    dataset = load_merged()
    names = {i: dataset.formation_name(i) for i in list(dataset.formations)}
    assert names["FOR.90002"] and all(names.values())
    assert dataset.formations.decoded() == 0  # type: ignore[attr-defined]


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


def test_check_reads_only_the_formations_it_judges(run):
    from orient.onisep.store import load_merged, load_records
    from orient.profile import BacReader
    from orient.records import check

    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(FIXTURES / "onisep-merge")).exit_code == 0
    dataset = load_merged()
    before = dataset.before_bac
    assert before and before < set(dataset.formations)  # the fixture has CAP and bac pro cards
    results = check(dataset, BacReader(dataset.referential).profile("STI2D"))
    assert {r.formation.id for r in results} == set(dataset.formations) - before
    assert dataset.formations.decoded() < len(dataset.formations) - len(dataset.formations._base)  # type: ignore[attr-defined]
    # The import pointed the links of its records at the curated records: none cites a card they stand for.
    formations, metiers, merged = load_records()
    hidden = {m.card for m in merged or ()}
    assert hidden and not any(hidden & {*f.metiers, *f.feeders, *(p.formation for p in f.poursuites)} for f in formations)
    assert not any(hidden & set(m.formations) for m in metiers)


def test_an_import_whose_links_were_not_pointed_is_pointed_as_read(run, monkeypatch):
    """An import written before links were pointed at the curated records by the import (no
    ``linked`` in its indexes) reads the same: its records are pointed as they are decoded."""
    from orient.onisep import importer, store

    monkeypatch.setattr(importer, "pointed", lambda _embedded, _merged, formations, metiers: (formations, metiers))
    monkeypatch.setattr(importer, "Indexes", lambda **fields: store.Indexes(**{**fields, "linked": False}))
    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(FIXTURES / "onisep-merge")).exit_code == 0
    formations, _metiers, merged = store.load_records()
    hidden = {m.card for m in merged or ()}
    assert any(hidden & {*f.metiers, *f.feeders, *(p.formation for p in f.poursuites)} for f in formations)  # as stored
    lazy = _same_as_eager(core="Formation")  # (their links pointed as read: read whole)
    assert not any(hidden & {*f.metiers, *f.feeders, *(p.formation for p in f.poursuites)} for f in lazy.formations.values())


def test_indexes_of_another_embedded_dataset_are_not_used(run, monkeypatch):
    from orient.lazy import LazyRecords
    from orient.onisep import store

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    mapped = store._read_records(store.store_path())
    assert mapped is not None and mapped.records.indexes is not None
    stale = store.msgspec.structs.replace(mapped.records.indexes, embedded="ailleurs#0")
    records = store.msgspec.structs.replace(mapped.records, indexes=stale)
    monkeypatch.setattr(store, "_read_records", lambda _path: mapped._replace(records=records))
    dataset = store.load_merged()
    assert not isinstance(dataset.formations, LazyRecords) and "FOR.90002" in dataset.formations


def test_the_corpus_reads_the_same_lazily(run):
    folder = SHARED / "corpus" / "onisep"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/onisep absent")
    assert run("data", "import", "onisep", str(folder)).exit_code == 0
    _same_as_eager()


def _damage_record(record_id: str) -> None:
    """Flip one bit in the middle of the stored record ``record_id``, nowhere else."""
    from orient.onisep import store

    path = store.store_path()
    data = bytearray(path.read_bytes())
    head, tail = store.storage.unframe_parts(bytes(data))
    raw = bytes(store._read_records(path).formations[store.read_store(path).indexes.formation_ids.index(record_id)])
    at = len(data) - len(tail) + bytes(tail).index(raw) + len(raw) // 2
    data[at] ^= 1
    path.write_bytes(bytes(data))


def test_a_damaged_record_is_said_by_the_commands_reading_it(run):
    # Each record is checked when it is read: a command reading another one still answers, one
    # reading it says the store is damaged and how to repair it, never reads half of it.
    from orient.onisep import store

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    ids = store.read_store().indexes.formation_ids
    damaged, other = ids[0], ids[-1]
    _damage_record(damaged)
    assert run("show", other).exit_code == 0
    for command in (("show", damaged), ("check", "--bac", "STI2D"), ("data", "status")):
        result = run(*command)
        assert result.exit_code == 1, command
        assert "est abîmé" in result.output and "somme de contrôle" in result.output and "orient data reset --yes" in result.output
    fixed = run("data", "import", "onisep", str(FIXTURES / "onisep"))
    assert fixed.exit_code == 0 and "abîmé" in fixed.output
    assert run("show", damaged).exit_code == 0


def _damage_part(name: str) -> None:
    """Flip one bit in the middle of the index part ``name`` of the import file (its first record)."""
    from orient.onisep import store

    path = store.store_path()
    data = bytearray(path.read_bytes())
    mapped = store._read_records(path)
    first, _count = mapped.records.indexes.layout[name]
    raw = bytes(store._slices(mapped.tail, mapped.records.indexes.parts, path)[first])
    at = len(data) - len(mapped.tail) + bytes(mapped.tail).index(raw) + len(raw) // 2
    data[at] ^= 1
    path.write_bytes(bytes(data))


def test_opening_the_import_reads_none_of_its_indexes(run):
    # The indexes are checked part by part when read: showing one record neither checks nor decodes
    # the ids of all the others, so a damaged list of ids is said only by the commands that read it.
    from orient.onisep.store import load_merged

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    dataset = load_merged()
    assert dataset.formations["FOR.90002"].id == "FOR.90002"
    assert dataset.formations._ids._list._load is not None  # type: ignore[attr-defined]  # the ids: not read
    assert dataset.formations._where.decoded() == 1  # type: ignore[attr-defined]  # one bucket of the places
    _damage_part("formation_ids")
    assert run("show", "FOR.90002").exit_code == 0
    result = run("check", "--bac", "STI2D")
    assert result.exit_code == 1
    assert "est abîmé" in result.output and "somme de contrôle" in result.output


def test_an_index_lookup_decodes_one_bucket():
    from orient.lazy import LazyIndex
    from orient.onisep import store

    index = {f"for.{n}": [f"FOR.{n}", f"FOR.{n + 1}"] for n in range(1000)}
    lazy = LazyIndex(store.blocks.bucketed(index), store.bucket_of)
    assert len(lazy._raw) > 1
    assert lazy["for.517"] == ["FOR.517", "FOR.518"]
    assert lazy.decoded() == 1  # the other buckets are still encoded
    with pytest.raises(KeyError):
        lazy["for.100000"]
    assert dict(lazy) == index and len(lazy) == 1000
    assert dict(LazyIndex(store.blocks.bucketed({}), store.bucket_of)) == {}


def test_a_lookup_by_name_decodes_only_the_records_so_named(run):
    from orient.dataset import load
    from orient.onisep.store import load_merged, load_records, merge
    from orient.search import resolve_formation, search_formations

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    name = "Licence pro mention techniques du son et de l'image parcours éclairage scénique"
    lazy = load_merged()
    assert lazy.name_index is not None
    found = resolve_formation(lazy, name.upper())  # typed as it comes: case and accents aside
    assert found.id == "FOR.90003"
    assert lazy.formations.decoded() <= 2 < len(lazy.formations)  # type: ignore[attr-defined]
    eager = merge(load(), *load_records())
    for query in (name, "techniques du son", "FOR.90003", "eclairage scenique"):
        assert [f.id for f in search_formations(load_merged(), query)] == [f.id for f in search_formations(eager, query)]


def test_a_path_reads_the_records_on_its_way_only(run):
    from orient.onisep.store import load_merged
    from orient.paths import find_paths
    from orient.profile import BacReader

    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(FIXTURES / "onisep-merge")).exit_code == 0
    dataset = load_merged()
    assert dataset.level_only  # computed by the import, read as it is
    eager = run("path", "--bac", "STI2D", "--vers", "directeur-photo", "--format", "json")
    assert eager.exit_code == 0
    found = find_paths(dataset, BacReader(dataset.referential).profile("STI2D"), dataset.metiers["directeur-photo"])
    assert found.paths
    assert dataset.formations.decoded() < len(dataset.formations) - len(dataset.formations._base)  # type: ignore[attr-defined]


_MASTER = """# master mention {name}

## Informations générales

**Code scolarité:** {code}
**Durée:** 2 ans
**Niveau de certification:** niveau 7
**Type:** master

## Description

Un master de {name}.
"""


def test_reading_every_record_lets_the_mapped_file_go_and_shares_what_records_repeat(run, monkeypatch, tmp_path):
    """``check`` decodes every record: the file's pages are let go behind it (its records stay
    readable), and what many records hold the same (access rules, cited ids) is held once."""
    from orient.onisep import store

    cards = tmp_path / "formations"
    cards.mkdir()
    for number, name in ((90101, "sociologie"), (90102, "histoire")):  # the national rule of masters, twice
        (cards / f"FOR.{number}_master_{name}.md").write_text(_MASTER.format(name=name, code=number), encoding="utf-8")
    assert run("data", "import", "onisep", str(FIXTURES / "onisep"), str(tmp_path)).exit_code == 0
    released: list[int] = []
    original = store.blocks.Slices.release

    def watched(self, n):
        released.append(n)
        original(self, n)

    monkeypatch.setattr(store.blocks.Slices, "release", watched)
    dataset = store.load_merged()
    imported = [f for f in dataset.formations.values() if f.imported]
    assert released and released[-1] == len(store._read_records(store.store_path()).formations)
    again = store.load_merged()
    for formation in imported:  # the records decoded after their pages went are the same records
        assert again.formations[formation.id] == formation
    accesses = [f.access for f in imported if f.access is not None]
    equal = [(a, b) for n, a in enumerate(accesses) for b in accesses[n + 1 :] if a == b]
    assert equal and all(a is b for a, b in equal)


def test_pages_are_let_go_only_from_a_mapped_file(tmp_path):
    from orient.atomic import read_regular, release_pages

    path = tmp_path / "f.bin"
    content = bytes(range(256)) * 100
    path.write_bytes(content)
    mapped = read_regular(path, mapped=True)
    release_pages(mapped, 10, 20_000)
    release_pages(mapped)
    assert bytes(mapped) == content  # read again from the file
    read = read_regular(path)
    release_pages(read)
    assert read == content


def test_an_import_made_with_other_embedded_data_is_said_and_still_read(run, monkeypatch, tmp_path):
    """After an upgrade, the import's indexes no longer fit the embedded data: commands read every
    record (the same answers, slower) and say that the cards still follow the national rules of then,
    and that a new import applies the current ones (and makes commands fast again)."""
    import shutil

    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    before = run("show", "FOR.90002", "--format", "json")
    upgraded = tmp_path / "data"
    shutil.copytree(FIXTURES.parents[1] / "data", upgraded)
    monkeypatch.setenv("ORIENT_DATA", str(upgraded))
    after = run("show", "FOR.90002", "--format", "json")
    assert after.exit_code == 0 and after.stdout == before.stdout
    assert "« orient data import onisep » (sans dossier)" in after.stderr and "règles nationales d'alors" in after.stderr
    assert "alors" not in before.stderr
    assert run("data", "import", "onisep", str(FIXTURES / "onisep")).exit_code == 0
    again = run("show", "FOR.90002", "--format", "json")
    assert again.stdout == before.stdout and "alors" not in again.stderr


def test_importing_without_a_folder_builds_the_imported_cards_again_with_the_current_rules(run, monkeypatch, tmp_path):
    """After an upgrade of the embedded data, the imported records still follow the national rules
    of their import; « data import onisep » without a folder reads the stored cards again (their
    import dates kept), and the commands follow the current rules, quickly again."""
    import json
    import re
    import shutil

    card = next((FIXTURES / "onisep" / "formations").glob("FOR.90003_*")).read_text(encoding="utf-8")
    without_access = re.sub(r"## Accès\n.*?(?=## Poursuite)", "", card, flags=re.S)
    assert "## Accès" not in without_access
    (tmp_path / "FOR.90301_lpro.md").write_text(without_access, encoding="utf-8")
    assert run("data", "import", "onisep", str(tmp_path / "FOR.90301_lpro.md")).exit_code == 0
    before = json.loads(run("show", "FOR.90301", "--format", "json").stdout)
    assert before["access"]["basis"] == "national" and "120 crédits" in before["access"]["summary"]

    upgraded = tmp_path / "data"
    shutil.copytree(FIXTURES.parents[1] / "data", upgraded)
    rules = upgraded / "diplomes.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("après 120 crédits validés", "après 120 crédits ECTS validés"), encoding="utf-8")
    monkeypatch.setenv("ORIENT_DATA", str(upgraded))
    stale = run("show", "FOR.90301", "--format", "json")
    assert "120 crédits validés" in json.loads(stale.stdout)["access"]["summary"]  # the rule of its import…
    assert "règles nationales d'alors" in stale.stderr and "« orient data import onisep » (sans dossier)" in stale.stderr

    status = run("data", "status", "--format", "json")
    assert "règles nationales d'alors" not in status.stderr and json.loads(status.stdout)[1]["outdated"] is True
    assert "règles nationales d'alors" in run("data", "status").stderr

    again = run("data", "import", "onisep")
    assert again.exit_code == 0 and "Fiches déjà importées relues" in again.stderr and "Import enregistré" in again.stderr
    assert json.loads(run("data", "status", "--format", "json").stdout)[1]["outdated"] is False
    after = run("show", "FOR.90301", "--format", "json")
    record = json.loads(after.stdout)
    assert "120 crédits ECTS validés" in record["access"]["summary"] and "alors" not in after.stderr
    assert record["imported"] == before["imported"]


def test_importing_again_without_a_folder_needs_an_import_that_can_be_read(run):
    """Nothing imported: nothing to read again. A damaged import: said, and left as it is."""
    from orient.onisep import store

    nothing = run("data", "import", "onisep")
    assert nothing.exit_code == 1 and "Aucune fiche ONISEP n'est encore importée" in nothing.stderr
    assert "orient data import onisep DOSSIER" in nothing.stderr
    assert run("data", "import", "onisep", str(FIXTURES / "onisep" / "formations")).exit_code == 0
    path = store.store_path()
    damaged = bytearray(path.read_bytes())
    damaged[100:107] = b"garbage"
    path.write_bytes(bytes(damaged))
    again = run("data", "import", "onisep")
    assert again.exit_code == 1 and "L'import ONISEP est abîmé" in again.stderr and "Traceback" not in again.stderr
    assert path.read_bytes() == bytes(damaged)
