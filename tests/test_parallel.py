"""A long listing judged in parts by forked processes gives what one process gives."""

from __future__ import annotations

import os

import pytest

from orient import parallel

needs_fork = pytest.mark.skipif(not parallel.CAN_FORK, reason="no fork on this system")


def square_all(part, out):
    out.write(bytes(part))
    return [(n, n * n) for n in part]


def squares(parts):
    """The pairs and the bytes of each part, as lists whichever process made them."""
    return [([list(pair) for pair in meta], bytes(block)) for meta, block in parts]


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2, 3, 7])
def test_parts_come_back_in_order_whatever_the_split(jobs):
    items = list(range(20))
    parts = squares(parallel.split_map(square_all, items, jobs))
    assert [pair for meta, _ in parts for pair in meta] == [[n, n * n] for n in items]
    assert b"".join(block for _, block in parts) == bytes(items)  # each block as it was sent
    assert len(parts) == min(jobs, len(items))


@needs_fork
def test_a_failing_child_leaves_its_part_to_the_caller():
    parent = os.getpid()

    def work(part, out):
        if os.getpid() != parent:
            raise RuntimeError("a worker that dies")
        out.write(b"ok")
        return [n + 1 for n in part]

    assert [(meta, bytes(block)) for meta, block in parallel.split_map(work, [1, 2, 3, 4], 2)] == [([2, 3], b"ok"), ([4, 5], b"ok")]


def test_without_fork_the_caller_does_every_part(monkeypatch):
    monkeypatch.setattr(parallel, "CAN_FORK", False)
    assert squares(parallel.split_map(square_all, [1, 2, 3], 2)) == [([[1, 1], [2, 4]], b"\x01\x02"), ([[3, 9]], b"\x03")]


def test_an_empty_list_is_one_empty_part():
    assert parallel.split_map(square_all, [], 2) == [([], b"")]


def test_jobs_follow_the_variable_then_the_length_of_the_listing(monkeypatch):
    monkeypatch.delenv(parallel.JOBS_VARIABLE, raising=False)
    assert parallel.jobs_for(10) == 1  # short: not worth a fork
    assert parallel.jobs_for(parallel.SPLIT_FROM) == (2 if (os.cpu_count() or 1) >= 2 and parallel.CAN_FORK else 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel.jobs_for(10**6) == 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "3")
    assert parallel.jobs_for(10) == 3 and parallel.jobs_for(2) == 2
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "beaucoup")  # not a number: as if unset
    assert parallel.jobs_for(10) == 1


@needs_fork
@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json"],
        ["--format", "jsonl", "--interets", "cinéma, son"],
        ["--format", "csv", "--verdict", "possible,later"],
        ["--tri", "fit", "--interets", "lumière", "--format", "tsv"],
        ["--limit", "7"],  # a table: the first rows of the merged parts
        ["--format", "json", "--verdict", "excluded", "--specialite", "SIN"],
    ],
)
def test_check_in_parts_writes_what_one_process_writes(run, monkeypatch, args):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    one = run("check", "--bac", "STI2D", *args)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "3")
    three = run("check", "--bac", "STI2D", *args)
    assert one.exit_code == three.exit_code == 0
    assert one.raw_stdout == three.raw_stdout and one.raw_stderr == three.raw_stderr
    assert one.raw_stdout.strip()


@needs_fork
def test_children_reaped_by_the_system_still_give_their_parts():
    # SIGCHLD ignored by whoever started orient (« trap '' CHLD »): no exit status to read.
    import signal

    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        parts = squares(parallel.split_map(square_all, list(range(9)), 3))
    finally:
        signal.signal(signal.SIGCHLD, before)
    assert [pair for meta, _ in parts for pair in meta] == [[n, n * n] for n in range(9)]


@needs_fork
def test_a_closed_stderr_or_no_pipe_left_changes_nothing(monkeypatch):
    monkeypatch.setattr("sys.stderr", None)
    assert squares(parallel.split_map(square_all, [1, 2], 2)) == [([[1, 1]], b"\x01"), ([[2, 4]], b"\x02")]

    def no_pipe():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_pipe)
    assert squares(parallel.split_map(square_all, [1, 2], 2)) == [([[1, 1]], b"\x01"), ([[2, 4]], b"\x02")]


@needs_fork
def test_an_interrupted_caller_leaves_no_child_behind(monkeypatch):
    parent, forked, fork = os.getpid(), [], os.fork

    def counted_fork():
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    def work(part, out):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return list(part)

    monkeypatch.setattr(os, "fork", counted_fork)
    with pytest.raises(KeyboardInterrupt):
        parallel.split_map(work, [1, 2, 3], 3)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):  # ended and reaped: nothing left to wait for
            os.waitpid(pid, os.WNOHANG)


def test_sizes_no_child_writes_read_as_a_failed_child():
    read, write = os.pipe()
    os.write(write, parallel._SIZE.pack(1 << 62, 0, False))
    os.close(write)
    child = parallel._Child.__new__(parallel._Child)
    child.read, child.received = read, None
    child._read()  # no exception, nothing received: the calling process does the part
    assert child.received is None


def test_jobs_are_capped(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "300")
    assert parallel.jobs_for(10**6) == parallel.MOST_JOBS


@needs_fork
def test_no_thread_to_read_a_child_leaves_its_part_to_the_caller(monkeypatch):
    import threading

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    assert squares(parallel.split_map(square_all, [1, 2, 3, 4], 2)) == [([[1, 1], [2, 4]], b"\x01\x02"), ([[3, 9], [4, 16]], b"\x03\x04")]


@needs_fork
def test_a_block_comes_through_shared_memory_or_else_the_pipe(monkeypatch):
    """A child writes its block to the memory it shares with the caller, which reads it there; one
    too large for that memory fails the child (the caller does its part), and a system that gives
    none sends it through the pipe: the same parts."""
    items = list(range(12))
    expected = squares(parallel.split_map(square_all, items, 3))
    assert [type(block).__name__ for _, block in parallel.split_map(square_all, items, 3)] == ["memoryview"] * 3
    parent, wrote = os.getpid(), []

    def counted(part, out):
        if os.getpid() == parent:
            wrote.append(len(part))
        return square_all(part, out)

    monkeypatch.setattr(parallel, "SHARED_PER_ITEM", 0)  # (one byte in all: too small)
    assert squares(parallel.split_map(counted, items, 3)) == expected
    assert wrote == [4, 4, 4]  # every part done here
    monkeypatch.setattr(parallel, "_shared", lambda size: None)
    assert squares(parallel.split_map(square_all, items, 3)) == expected
