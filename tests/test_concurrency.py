"""Several orient processes on one data directory: imports take turns (none is lost), one that
waits too long refuses naming the lock, readers agree and never see half a file, and an import
killed outright leaves the previous one whole and its temporary file only until the next write.

Processes are forked (POSIX), from the small ``fixtures/mini`` dataset, so that each test stays
well under a second or two.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import time

import msgspec
import pytest

from conftest import FIXTURES
from orient import storage
from orient.dataset import data_dir, load
from orient.onisep.importer import run_import
from orient.onisep.store import load_records, read_store, store_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="forked processes")
CTX = multiprocessing.get_context("fork") if os.name == "posix" else None
MINI = FIXTURES / "mini"
FORMATIONS = FIXTURES / "onisep" / "formations"
WAIT = 30  # seconds: a bound for every wait, never reached when things work


def _card(number: int):
    return next(FORMATIONS.glob(f"FOR.{number}_*"))


def _finish(processes) -> None:
    for process in processes:
        process.join(WAIT)
        if process.is_alive():
            process.kill()
            pytest.fail("a process did not finish")


def _import(kind, paths, dataset, barrier, results) -> None:
    try:
        barrier.wait(WAIT)
        if kind == "onisep":
            run_import(paths, dataset)
        else:
            from orient.parcoursup.importer import run_import as run_parcoursup

            run_parcoursup(paths, dataset)
        results.put("ok")
    except BaseException as exc:  # reported to the test, whatever it is
        results.put(repr(exc))


@pytest.mark.parametrize("kind", ["onisep", "parcoursup"])
def test_two_imports_at_once_both_count(kind, mini):
    if kind == "onisep":
        batches = [[_card(90001)], [_card(90002)]]
    else:
        batches = [[FIXTURES / "parcoursup" / "admissions.csv"], [FIXTURES / "parcoursup" / "specialites.csv"]]
    barrier, results = CTX.Barrier(len(batches)), CTX.Queue()
    processes = [CTX.Process(target=_import, args=(kind, paths, mini, barrier, results)) for paths in batches]
    for process in processes:
        process.start()
    _finish(processes)
    assert [results.get(timeout=WAIT) for _ in processes] == ["ok", "ok"]
    if kind == "onisep":
        assert {f.id for f in read_store().formations} == {"FOR.90001", "FOR.90002"}
    else:
        from orient.parcoursup.store import read_store as read_parcoursup

        assert {f.name for f in read_parcoursup().files} == {"admissions.csv", "specialites.csv"}


def test_an_import_waits_its_turn_then_refuses_naming_the_lock(run, monkeypatch):
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.1)
    env = {"ORIENT_DATA": str(MINI)}
    with storage.lock(data_dir()) as lock:
        started = time.monotonic()
        result = run("data", "import", "onisep", str(_card(90001)), env=env)
        assert time.monotonic() - started < WAIT / 2
    assert result.exit_code == 1 and "Traceback" not in result.output
    # Said at once, before waiting; then, once the wait is over, why nothing was done.
    waited = f"Un autre import ou une remise à zéro est en cours (verrou {lock}) : attente de sa fin"
    refusal = f"Un autre import ou une remise à zéro est en cours dans {data_dir()} : le verrou {lock}"
    assert waited in result.stderr and refusal in result.stderr
    assert result.stderr.index(waited) < result.stderr.index(refusal)
    assert not store_path().exists()
    assert run("data", "import", "onisep", str(_card(90001)), env=env).exit_code == 0  # once released
    with storage.lock(data_dir()):
        refused = run("data", "reset", "--yes", env=env)
    assert refused.exit_code == 1 and str(lock) in refused.stderr and store_path().exists()
    assert "attente de sa fin" in refused.stderr
    quiet = run("data", "import", "onisep", str(_card(90001)), env=env)
    assert quiet.exit_code == 0 and "attente" not in quiet.stderr  # nobody else: nothing said


def _read(root, barrier, results) -> None:
    try:
        barrier.wait(WAIT)
        dataset = load(root)
        index = dataset.search_index
        results.put(hashlib.sha256(msgspec.msgpack.encode([sorted(dataset.formations), index.formations.ids])).hexdigest())
    except BaseException as exc:
        results.put(repr(exc))


def test_eight_readers_after_a_cache_wipe_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path))
    barrier, results = CTX.Barrier(8), CTX.Queue()
    processes = [CTX.Process(target=_read, args=(MINI, barrier, results)) for _ in range(8)]
    for process in processes:
        process.start()
    _finish(processes)
    digests = {results.get(timeout=WAIT) for _ in processes}
    assert len(digests) == 1 and len(next(iter(digests))) == 64, digests
    assert not list(tmp_path.glob(".*.tmp"))
    (dataset_cache,) = tmp_path.glob("dataset-*.msgpack")
    assert storage.read_cache(dataset_cache, msgspec.Raw) is not None


def _read_while_written(stop, results) -> None:
    reads = errors = 0
    while not stop.is_set():
        try:
            load_records()
            reads += 1
        except BaseException:
            errors += 1
    results.put((reads, errors))


def test_readers_never_see_half_an_import(mini):
    run_import([_card(90001)], mini)
    stop, results = CTX.Event(), CTX.Queue()
    readers = [CTX.Process(target=_read_while_written, args=(stop, results)) for _ in range(3)]
    for reader in readers:
        reader.start()
    run_import([_card(90002)], mini)
    stop.set()
    _finish(readers)
    counts = [results.get(timeout=WAIT) for _ in readers]
    assert all(errors == 0 for _reads, errors in counts) and sum(reads for reads, _ in counts) > 0


def _stuck_import(path, dataset, writing) -> None:
    real = os.replace

    def stuck(source, target):
        if str(target).endswith(store_path().name):
            writing.set()
            time.sleep(WAIT)
        return real(source, target)

    os.replace = stuck
    run_import([path], dataset)


def test_an_import_killed_while_writing_leaves_the_previous_one_whole(mini):
    run_import([_card(90001)], mini)
    before = store_path().read_bytes()
    writing = CTX.Event()
    process = CTX.Process(target=_stuck_import, args=(_card(90002), mini, writing))
    process.start()
    assert writing.wait(WAIT), "the import never reached its write"
    os.kill(process.pid, signal.SIGKILL)
    process.join(WAIT)
    assert store_path().read_bytes() == before and read_store() is not None
    assert [p.name for p in data_dir().glob("*.tmp")] == [f".{store_path().name}.{process.pid}.tmp"]
    # Its lock died with it: the next import runs at once, and its write removes the dead one's file.
    started = time.monotonic()
    run_import([_card(90003)], mini)
    assert time.monotonic() - started < WAIT / 2
    assert not list(data_dir().glob("*.tmp"))
    assert {f.id for f in read_store().formations} == {"FOR.90001", "FOR.90003"}
