"""Faults of the import files (stores): a store that cannot be read, is damaged or cannot be written
is an error naming the file and what to do, said alike by every command; ``data reset`` removes
what it says it removes, a damaged store included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from faults import needs_permissions, said
from orient import storage
from orient.cli.messages import describe
from orient.dataset import cache_dir, data_dir
from orient.errors import StoreError
from orient.onisep import store as onisep
from orient.parcoursup import store as psup

MINI = {"ORIENT_DATA": str(FIXTURES / "mini")}
CARD = str(next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*")))


def _write_stores() -> tuple[Path, Path]:
    """Small valid stores of both kinds, written as an import would."""
    today = dt.date(2026, 12, 1)
    cards = msgspec.Raw(msgspec.msgpack.encode(onisep.StoredCards([], [], {})))
    onisep.write_store(onisep.encode(onisep.Stored(updated=today, cards=cards)))
    psup.write_store(psup.Stored(updated=today))
    return onisep.store_path(), psup.store_path()


def _payload(path: Path) -> bytes:
    return b"".join(bytes(part) for part in storage.unframe_parts(path.read_bytes()))


def _flip_head(data: bytes) -> bytes:
    at = storage.HEADER_SIZE + 2  # in the head, which every reader checks
    return data[:at] + bytes([data[at] ^ 4]) + data[at + 1 :]


DAMAGES = {
    "vide": lambda path: b"",
    "tronqué": lambda path: path.read_bytes()[:-7],
    "bit": lambda path: _flip_head(path.read_bytes()),
    "en-tête": lambda path: (lambda b: b[:20] + bytes([b[20] ^ 4]) + b[21:])(path.read_bytes()),
    "ancien": lambda path: _payload(path),  # written without a frame, as earlier versions did
    "forme": lambda path: storage.frame(msgspec.msgpack.encode({"format": 5, "updated": "2026-12-01", "formations": "x", "report": "x"})),
    "version": lambda path: storage.frame(msgspec.msgpack.encode({"format": 1, "updated": "2026-12-01"})),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_store_is_an_error_naming_it(damage):
    for path in _write_stores():
        path.write_bytes(DAMAGES[damage](path))
    readers = [onisep.read_store, onisep.load_records, psup.read_store, psup.load_store]
    for reader in readers:
        with pytest.raises(StoreError) as caught:
            reader()
        error = caught.value
        text, hint, _lines = describe(error)
        assert error.damaged and error.action == "read" and error.code == "store.damaged" and str(error.path) in text
        assert "est abîmé" in text and "orient data reset --yes" in hint


@pytest.mark.parametrize("kind", ["onisep", "parcoursup"])
def test_every_command_says_a_store_is_damaged(run, kind):
    onisep_path, psup_path = _write_stores()
    path = onisep_path if kind == "onisep" else psup_path
    path.write_bytes(DAMAGES["bit"](path))
    # Every command that reads the store (the list of formations has no use for Parcoursup's figures).
    commands = [("check", "--bac", "STI2D"), ("show", "t-direct"), ("data", "status"), ("data", "rapport")]
    commands.append(("ou",) if kind == "parcoursup" else ("formations",))
    for command in commands:
        result = run(*command, env=MINI)
        assert result.exit_code == 1, (command, result.output)
        said(result, str(path), "est abîmé", "orient data reset --yes")


def test_an_import_replaces_a_damaged_store_and_says_so(run):
    onisep_path, psup_path = _write_stores()
    for path in (onisep_path, psup_path):
        path.write_bytes(DAMAGES["tronqué"](path))
    strict = run("data", "import", "onisep", CARD, "--strict", env=MINI)
    assert strict.exit_code == 1
    said(strict, "--strict", "import précédent abîmé")
    result = run("data", "import", "onisep", CARD, env=MINI)
    assert result.exit_code == 0
    said(
        result,
        f"{onisep_path}: import précédent abîmé (fichier tronqué) : remplacé par celui-ci",
        f"{psup_path}: import Parcoursup non relié",
    )
    assert [f.id for f in onisep.read_store().formations] == ["FOR.90002"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(storage.frame)))
def test_any_bytes_as_a_store_are_a_store_error(content):
    for module in (onisep, psup):
        module.store_path().parent.mkdir(parents=True, exist_ok=True)
        module.store_path().write_bytes(content)
    for reader in (onisep.read_store, onisep.load_records, psup.read_store, psup.load_store):
        try:
            reader()
        except StoreError as exc:
            assert exc.damaged
        else:
            pytest.fail(f"{reader.__qualname__} read {content!r}")


def test_a_folder_at_the_store_path(run):
    path = onisep.store_path()
    path.mkdir(parents=True)
    for command in (("formations",), ("data", "status"), ("data", "import", "onisep", CARD)):
        result = run(*command, env=MINI)
        assert result.exit_code == 1
        said(result, f"Impossible de lire l'import ONISEP {path} : c'est un dossier, pas un fichier.")
    refused = run("data", "reset", "--yes", env=MINI)
    assert refused.exit_code == 1 and path.is_dir()
    said(refused, f"Impossible de supprimer l'import ONISEP {path}")


def test_a_data_directory_that_cannot_be_one(run, tmp_path):
    plain = tmp_path / "fichier"
    plain.write_text("")
    env = {**MINI, "ORIENT_DATA_DIR": str(plain / "data")}
    assert run("formations", env=env).exit_code == 0  # nothing can be imported there: nothing to read
    result = run("data", "import", "onisep", CARD, env=env)
    assert result.exit_code == 1
    said(result, f"Impossible de verrouiller le dossier des imports {plain / 'data'} : un élément du chemin n'est pas un dossier.")


@needs_permissions
def test_an_unwritable_data_directory(run):
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / storage.LOCK_FILE).touch()
    folder.chmod(0o555)
    try:
        result = run("data", "import", "onisep", CARD, env=MINI)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    said(result, "Impossible d'écrire l'import ONISEP", "permission refusée")
    assert [p.name for p in folder.iterdir()] == [storage.LOCK_FILE]


def test_reset_removes_what_it_says_a_damaged_store_included(run):
    _write_stores()
    assert run("data", "import", "onisep", CARD, env=MINI).exit_code == 0  # caches the merged dataset's index
    onisep_path = onisep.store_path()
    caches = cache_dir()

    def merged_indexes() -> list[Path]:
        named = {p: storage.read_cache(p, storage._Named) for p in caches.glob("index-*.msgpack")}
        return [p for p, n in named.items() if n is None or str(onisep_path) in n.identity]

    assert merged_indexes()
    onisep_path.write_bytes(DAMAGES["bit"](onisep_path))  # removed all the same
    stale = data_dir() / f".{onisep_path.name}.999999999.tmp"  # left by an import killed while writing
    stale.write_bytes(b"x")
    datasets = sorted(caches.glob("dataset-*.msgpack"))
    result = run("data", "reset", "--yes", env=MINI)
    assert result.exit_code == 0
    said(
        result,
        "Données Parcoursup retirées.",
        "Import ONISEP retiré.",
        "Index de recherche des fiches importées effacé (1 fichier)",
        "Seul le jeu intégré reste chargé.",
    )
    assert [p.name for p in data_dir().iterdir()] == [storage.LOCK_FILE]
    assert merged_indexes() == [] and sorted(caches.glob("dataset-*.msgpack")) == datasets
    again = run("data", "reset", "--yes", env=MINI)
    assert again.exit_code == 0
    said(again, "Aucun import : rien à retirer.")


def _format_6(cards: list, day: dt.date) -> bytes:
    """An import file as the previous version wrote it: a frame of version 1 around a map holding
    the cards encoded in a block of bytes."""
    import struct
    import zlib

    stored = onisep.StoredCards(cards, [], {c.onisep: day for c in cards})
    payload = msgspec.msgpack.encode(
        {
            "format": 6,
            "updated": day,
            "sources": [{"path": "/ailleurs/fiches", "date": day, "cards": len(cards)}],
            "merged": None,
            "indexes": None,
            "formation_offsets": [],
            "metier_offsets": [],
            "formations": b"",
            "metiers": b"",
            "report": b"",
            "cards": msgspec.msgpack.encode(stored),
        }
    )
    return struct.pack(">4sHxxQI", storage.MAGIC, 1, len(payload), zlib.crc32(payload)) + payload


def _format_7(cards: list, day: dt.date) -> bytes:
    """An import file as the previous version wrote it: its indexes in its head (left out here: an
    import reads only its cards, sources and date), its cards a record of its tail."""
    stored = onisep.StoredCards(cards, [], {c.onisep: day for c in cards})
    older = onisep.Stored(
        format=7,
        updated=day,
        sources=(onisep.ImportSource("/ailleurs/fiches", day, len(cards)),),
        cards=msgspec.Raw(msgspec.msgpack.encode(stored)),
    )
    return storage.frame(*onisep.encode(older))


@pytest.mark.parametrize("older", [_format_6, _format_7])
def test_an_import_of_an_earlier_version_is_said_then_taken_over_by_the_next_import(run, older):
    from orient.onisep.markdown import read_card

    earlier = read_card(next((FIXTURES / "onisep" / "formations").glob("FOR.90001_*")), "FOR.90001.md")
    path = onisep.store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(older([earlier], dt.date(2026, 11, 30)))
    refused = run("show", "FOR.90001", env=MINI)
    assert refused.exit_code == 1
    said(refused, "écrit par une autre version d'orient", "orient data reset --yes")
    result = run("data", "import", "onisep", CARD, env=MINI)
    assert result.exit_code == 0
    said(result, "import fait par une version précédente : ses fiches sont reprises dans celui-ci")
    assert {f.id for f in onisep.read_store().formations} == {"FOR.90001", "FOR.90002"}
    assert "/ailleurs/fiches" in {s.path for s in onisep.read_store().sources}
    assert onisep.read_cards(onisep.read_store()).dates["FOR.90001"] == dt.date(2026, 11, 30)


@pytest.mark.parametrize("older", [_format_6, _format_7])
def test_a_damaged_import_of_an_earlier_version_is_replaced(older):
    path = onisep.store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = older([], dt.date(2026, 11, 30))
    for broken in (data[:-3], data[:30] + bytes([data[30] ^ 1]) + data[31:], b"ORNT\x00\x01"):
        path.write_bytes(broken)
        assert onisep.read_older(path) is None
