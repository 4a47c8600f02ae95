"""Card files read by worker processes give what reading them one by one gives, in the same order."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES
from orient.onisep.markdown import card_files, read_card
from orient.onisep.reading import read_files


def test_workers_read_the_cards_as_one_process_does():
    files = sorted(card_files([FIXTURES / "onisep", FIXTURES / "onisep-merge", FIXTURES / "broken"]))
    labels = [f"carte {n}" for n in range(len(files))]
    alone = list(read_files(files, labels, workers=1))
    assert len(alone) == len(files) > 10
    assert {type(card).__name__ for card in alone} >= {"FormationCard", "MetierCard", "LineProblem"}
    assert list(read_files(files, labels, workers=2)) == alone
    assert list(read_files([], [], workers=2)) == []


def test_a_file_name_that_is_not_text_is_read_by_a_worker_too():
    # Undecodable bytes in a name are surrogates in Python, which msgpack cannot carry.
    from orient.onisep.reading import _read_chunk

    card = next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*"))
    sent = _read_chunk(([card], ["formations/bad\udcfe.md"]))
    assert isinstance(sent, list) and sent[0].onisep == "FOR.90002"


def test_the_cards_of_a_killed_worker_are_read_by_the_importing_process(tmp_path, monkeypatch):
    import multiprocessing
    import os
    import shutil
    import signal

    from orient.onisep import reading

    source = sorted(card_files([FIXTURES / "onisep"]))
    files = []
    for n in range(1200):  # several chunks
        copy = tmp_path / f"{n:04d}_{source[n % len(source)].name}"
        shutil.copy(source[n % len(source)], copy)
        files.append(copy)
    labels = [str(f) for f in files]
    alone = list(read_files(files, labels, workers=1))
    here = []  # cards read by this process (the workers are processes of their own)
    monkeypatch.setattr(reading, "read_card", lambda path, label: here.append(path) or read_card(path, label))
    cards = read_files(files, labels, workers=2)
    first = next(cards)
    for worker in multiprocessing.active_children():
        os.kill(worker.pid, signal.SIGKILL)
    assert [first, *cards] == alone
    assert 0 < len(here) < len(files)  # what the workers had not sent back


def test_a_field_after_a_tab_is_a_field_after_spaces_is_text():
    from orient.onisep.markdown import parse_card

    card = next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*"))
    text = card.read_text(encoding="utf-8")
    tabbed = parse_card(text.replace("**Durée:** 3 ans", "\t**Durée:** 2 ans"), "carte", card.name)
    assert tabbed.duration == "2 ans"
    spaced = parse_card(text.replace("**Sigle:** BUT CNI", "    **Sigle:** BUT CNI"), "carte", card.name)
    assert spaced.sigle == "" and parse_card(text, "carte", card.name).sigle == "BUT CNI"


def test_where_no_worker_can_start_the_cards_are_read_here(monkeypatch):
    import concurrent.futures

    def refused(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # no semaphores, as in some sandboxes

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    files = sorted(card_files([FIXTURES / "onisep"]))
    labels = [str(f) for f in files]
    assert list(read_files(files, labels, workers=2)) == list(read_files(files, labels, workers=1))


def _listed_with_paths(paths):
    """The files in the order the import listed them before: a Path for each, sorted by its parts."""
    import os

    out = []
    for path in paths:
        if not os.path.isdir(path):
            out.append(Path(path))
            continue
        found = []
        for folder, _dirs, names in os.walk(path):
            found += (Path(folder) / n for n in names if n.endswith(".md") and not n.startswith("."))
        found.sort(key=lambda p: p.parts)
        out += found
    return out


def test_card_paths_are_the_texts_of_the_files_in_the_same_order(tmp_path, monkeypatch):
    from orient.onisep.markdown import card_paths, is_card_name

    for name in ("b/FOR.1.md", "b/z/FOR.2.md", "b/FOR.10.md", "b.md/x.md", "a/..md", "a/.x.md", "a/x..md", "a/x.MD", "a/y.md.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for roots in ([tmp_path], [Path(".")], [Path("b")], [Path("b/")], [Path("./b"), Path("a/x..md")], [Path("a/x.MD"), Path("b.md")]):
        texts = card_paths(roots)
        assert texts == [str(p) for p in _listed_with_paths(roots)]
        assert [is_card_name(t) for t in texts] == [Path(t).suffix == ".md" for t in texts]
