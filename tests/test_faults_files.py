"""Faults of the files orient reads and caches: every one is a French problem naming the file, or
a rebuilt cache; never a traceback, a hang or a stale file.

The broken data files are in ``fixtures/broken/toml``; symbolic links, named pipes and unreadable
files cannot be kept in git, so each test makes its own.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faults import BROKEN, MINI, deadline, mini_copy, needs_permissions, posix, said
from orient import storage
from orient.atomic import read_regular
from orient.dataset import _Blob, load, read_toml
from orient.errors import BrokenLink, NotRegularFile, os_reason

# -- data files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("t-cec-enorme.toml", "level.cec: nombre hors limites"),
        ("t-chiffres-sans-fin.toml", "nombre hors limites"),
        ("t-duree-nan.toml", "duration_years: nombre non défini"),
        ("t-imbrique.toml", "imbriquées trop profondément"),
        ("t-latin1.toml", "pas en UTF-8"),
    ],
)
def test_a_broken_data_file_is_a_problem_naming_it(run, tmp_path, name, why):
    data = mini_copy(tmp_path)
    shutil.copy(BROKEN / "toml" / name, data / "formations" / name)
    validated = run("data", "validate", str(data))
    assert validated.exit_code == 1
    said(validated, f"formations/{name}", why)
    loaded = run("formations", env={"ORIENT_DATA": str(data)})
    assert loaded.exit_code == 1
    said(loaded, f"formations/{name}", "orient data validate")


def test_nesting_below_the_interpreter_limit_is_bounded_too(tmp_path):
    path = tmp_path / "profond.toml"
    path.write_text("x = " + "[" * 40 + "]" * 40 + "\n")
    data, problems = read_toml(path, tmp_path)
    assert data is None and "imbriquées trop profondément" in problems[0].message


def test_an_integer_beyond_64_bits_never_reaches_the_cache(tmp_path):
    assert not storage.write_cache(tmp_path / "dataset-x.msgpack", {"cec": 10**30})
    assert list(tmp_path.iterdir()) == []


@posix
def test_links_pipes_and_folders_among_data_files(run, tmp_path):
    data = mini_copy(tmp_path)
    folder = data / "formations"
    (folder / "boucle.toml").symlink_to("boucle.toml")
    (folder / "casse.toml").symlink_to(tmp_path / "nulle-part.toml")
    os.mkfifo(folder / "tube.toml")
    (folder / "dossier.toml").mkdir()
    with deadline():  # the named pipe is never opened for reading
        result = run("data", "validate", str(data))
        loaded = run("formations", env={"ORIENT_DATA": str(data)})
    assert result.exit_code == 1
    said(
        result,
        "formations/boucle.toml: impossible de lire ce fichier : boucle de liens symboliques",
        "formations/casse.toml: impossible de lire ce fichier : lien symbolique cassé",
        "formations/tube.toml: impossible de lire ce fichier : ce n'est pas un fichier ordinaire",
        "formations/dossier.toml: impossible de lire ce fichier : c'est un dossier",
        "4 problème",
    )
    assert loaded.exit_code == 1


@posix
def test_a_missing_referential_file_a_file_for_a_folder_and_a_folder_for_the_dataset(run, tmp_path):
    data = mini_copy(tmp_path)
    (data / "bacs.toml").unlink()
    (data / "bacs.toml").symlink_to(tmp_path / "ailleurs.toml")
    shutil.rmtree(data / "metiers")
    (data / "metiers").write_text("")
    said(
        run("data", "validate", str(data)),
        "bacs.toml: impossible de lire ce fichier : lien symbolique cassé",
        "metiers: ce n'est pas un dossier",
    )
    plain = tmp_path / "fichier"
    plain.write_text("")
    said(run("data", "validate", str(plain)), "ce n'est pas un dossier")


@needs_permissions
def test_unreadable_data_file_and_folder(run, tmp_path):
    data = mini_copy(tmp_path)
    (data / "formations" / "t-ferme.toml").chmod(0)
    (data / "secteurs").chmod(0)
    try:
        result = run("data", "validate", str(data))
    finally:
        (data / "secteurs").chmod(0o755)
    said(
        result,
        "formations/t-ferme.toml: impossible de lire ce fichier : permission refusée",
        "secteurs: impossible de lire ce dossier : permission refusée",
    )


def test_names_longer_than_the_system_allows(run, tmp_path):
    long = tmp_path / ("x" * 300)
    mini = {"ORIENT_DATA": str(MINI)}
    validated = run("data", "validate", str(long))
    assert validated.exit_code == 1
    said(validated, "nom de fichier trop long")
    # Nothing can be cached at such a place: commands go on without.
    result = run("formations", "-f", "json", env={**mini, "ORIENT_CACHE_DIR": str(long)})
    assert result.exit_code == 0 and "Erreur" not in result.stderr, result.stderr
    assert len(json.loads(result.stdout)) == len(list((MINI / "formations").glob("*.toml")))


_TOML_BITS = st.text(alphabet="[]{}=\"'.,#\n 0123456789abcdefxe+-_:TZ\\", max_size=120).map(str.encode)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), _TOML_BITS))
def test_any_bytes_as_a_data_file_are_data_or_problems(tmp_path, content):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    data, problems = read_toml(path, tmp_path)
    assert (data is None) == bool(problems)


@posix
def test_read_regular_refuses_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "tube")
    (tmp_path / "casse").symlink_to(tmp_path / "rien")
    with pytest.raises(NotRegularFile) as pipe, deadline():
        read_regular(tmp_path / "tube")
    with pytest.raises(BrokenLink) as link:
        read_regular(tmp_path / "casse")
    with pytest.raises(IsADirectoryError) as folder:
        read_regular(tmp_path)
    assert [os_reason(e.value).split(" ")[0] for e in (pipe, link, folder)] == ["ce", "lien", "c'est"]
    with pytest.raises(NotRegularFile), deadline():
        read_regular(tmp_path / "tube", mapped=True)
    (tmp_path / "vide").write_bytes(b"")
    assert read_regular(tmp_path / "vide", mapped=True) == b""


# -- caches ----------------------------------------------------------------------------------------


def _flip(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x10
    path.write_bytes(bytes(data))


def test_a_cache_with_flipped_bits_is_rebuilt_never_served(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))
    first = load(MINI)
    assert first.search_index.formations.ids
    (dataset_cache,) = tmp_path.glob("dataset-*.msgpack")
    (index_cache,) = tmp_path.glob("index-*.msgpack")
    for path in (dataset_cache, index_cache):
        _flip(path)
        assert storage.read_cache(path, _Blob if path is dataset_cache else type(first.search_index)) is None
    again = load(MINI)
    assert again.formations == first.formations and again.search_index == first.search_index
    assert storage.read_cache(dataset_cache, _Blob) is not None  # written whole again


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=300), st.binary(max_size=200).map(storage.frame)))
def test_any_bytes_as_a_cache_are_ignored(tmp_path, content):
    path = tmp_path / "dataset-x.msgpack"
    path.write_bytes(content)
    assert storage.read_cache(path, _Blob) is None


def test_a_cache_folder_that_cannot_be_used_only_costs_time(run, tmp_path):
    plain = tmp_path / "fichier"
    plain.write_text("")
    for folder in (plain, plain / "cache"):  # a file where the folder should be, or above it
        result = run("formations", "-f", "json", env={"ORIENT_DATA": str(MINI), "ORIENT_CACHE_DIR": str(folder)})
        assert result.exit_code == 0 and not result.stderr
    assert plain.read_text() == ""


@needs_permissions
def test_a_cache_folder_without_permissions_only_costs_time(run, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    load(MINI)  # fills the session's cache, not this one
    folder.chmod(0)
    try:
        result = run("formations", env={"ORIENT_DATA": str(MINI), "ORIENT_CACHE_DIR": str(folder)})
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 0 and "Erreur" not in result.stderr


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full)
        dataset = load(MINI)
    assert dataset.formations and list(tmp_path.iterdir()) == []


@posix
def test_temporary_files_of_dead_writers_go_with_the_next_write(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))
    load(MINI)
    (cache,) = tmp_path.glob("dataset-*.msgpack")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = tmp_path / f".{cache.name}.{int(dead.stdout)}.tmp"
    alive = tmp_path / f".{cache.name}.{os.getppid()}.tmp"  # another process's write, under way
    stale.write_bytes(b"half")
    alive.write_bytes(b"half")
    cache.unlink()
    load(MINI)
    assert cache.is_file() and not stale.exists() and alive.exists()


def test_a_damaged_frame_says_why():
    payload = msgspec.msgpack.encode({"a": 1})
    framed = storage.frame(payload)
    assert bytes(storage.unframe(framed)) == payload
    cases = {
        b"": "fichier vide",
        framed[:-1]: "fichier tronqué",
        framed[:10]: "fichier tronqué",
        framed + b"x": "fichier plus long que prévu",
        payload: "ce n'est pas un fichier d'orient",
        framed[:-1] + bytes([framed[-1] ^ 1]): "somme de contrôle fausse",
    }
    for data, why in cases.items():
        with pytest.raises(storage.Damaged, match=why):
            storage.unframe(data)


def test_a_frame_of_the_first_version_is_still_read():
    # A Parcoursup import or a cache written before records had checksums of their own.
    import struct
    import zlib

    payload = msgspec.msgpack.encode({"a": 1})
    old = struct.pack(">4sHxxQI", storage.MAGIC, 1, len(payload), zlib.crc32(payload)) + payload
    assert bytes(storage.unframe(old)) == payload
    with pytest.raises(storage.Damaged, match="somme de contrôle fausse"):
        storage.unframe(old[:-1] + bytes([old[-1] ^ 1]))
    with pytest.raises(storage.Damaged, match="autre version"):
        storage.unframe(struct.pack(">4sHxxQI", storage.MAGIC, 9, len(payload), zlib.crc32(payload)) + payload)


def test_a_frame_with_a_tail_checks_its_head_only():
    head, tail = b"head", b"tail, checked by its reader"
    framed = storage.frame(head, tail)
    assert [bytes(p) for p in storage.unframe_parts(framed)] == [head, tail]
    flipped = framed[:-1] + bytes([framed[-1] ^ 1])
    assert bytes(storage.unframe_parts(flipped)[1]) == tail[:-1] + bytes([tail[-1] ^ 1])
    with pytest.raises(storage.Damaged, match="somme de contrôle fausse"):
        storage.unframe(framed)  # a file of one part has no tail
    at = storage.HEADER_SIZE + 1
    with pytest.raises(storage.Damaged, match="somme de contrôle fausse"):
        storage.unframe_parts(framed[:at] + bytes([framed[at] ^ 1]) + framed[at + 1 :])
