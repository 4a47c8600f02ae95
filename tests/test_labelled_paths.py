"""Hand-labelled paths toward métiers over the real ONISEP corpus: what a careful counselor expects
first and last, against the paths ``orient`` ranks best.

``fixtures/labelled/paths.toml`` holds the cases and how they were written. Two scores: the first
formation of the best path is acceptable (top-1), and a path among the first three begins and ends
with acceptable formations (top-3). Skips when ``../shared`` is absent.
"""

from __future__ import annotations

import tomllib

import pytest

from conftest import FIXTURES
from orient.dataset import Dataset
from orient.models import Formation
from orient.paths import Path, find_paths
from orient.profile import BacReader

CASES = tomllib.loads((FIXTURES / "labelled" / "paths.toml").read_text(encoding="utf-8"))["case"]
# The least share of cases each score must reach (scores measured when set: see the fixture's header).
FLOORS = {"top1": 0.91, "top3": 0.95}


def matches(formation: Formation, names: list[str]) -> bool:
    """Is ``formation`` one of ``names``: an id, « type ~ words » (« * »: any type), or « * »?"""
    for name in names:
        if name == "*" or name == formation.id:
            return True
        if " ~ " in name:
            kind, words = name.split(" ~ ", 1)
            if kind in ("*", formation.type) and words.strip().lower() in formation.name.lower():
                return True
    return False


def acceptable(path: Path, case: dict) -> bool:
    return matches(path.steps[0].formation, case["first"]) and matches(path.steps[-1].formation, case["last"])


def judge(corpus: Dataset, case: dict) -> tuple[bool, bool, str]:
    """(top-1 agreement, an acceptable path among the first three, the best path in words)."""
    profile = BacReader(corpus.referential).profile(case["bac"], case["specialites"])
    result = find_paths(corpus, profile, corpus.metiers[case["metier"]], limit=3)
    if not result.paths:
        return False, False, "aucun chemin"
    best = result.paths[0]
    top1 = matches(best.steps[0].formation, case["first"])
    top3 = any(acceptable(p, case) for p in result.paths)
    return top1, top3, " → ".join(f"{s.formation.name} ({s.formation.id})" for s in best.steps)


def test_cases_are_well_formed():
    seen = set()
    for case in CASES:
        assert {"metier", "bac", "specialites", "first", "last", "why"} <= case.keys(), case
        assert case["first"] and case["last"] and case["why"].strip()
        key = (case["metier"], case["bac"], tuple(case["specialites"]))
        assert key not in seen, key
        seen.add(key)


@pytest.fixture(scope="module")
def judged(corpus) -> list[tuple[dict, bool, bool, str]]:
    return [(case, *judge(corpus, case)) for case in CASES]


def test_cases_name_formations_of_the_corpus(corpus):
    for case in CASES:
        metier = corpus.metiers[case["metier"]]
        ends = [corpus.formations[f] for f in corpus.formations_by_metier.get(metier.id, []) if f in corpus.formations]
        assert any(matches(f, case["last"]) for f in ends), case["metier"]
        for name in case["first"] + case["last"]:
            if " ~ " not in name and name != "*":
                assert name in corpus.formations, name


@pytest.mark.parametrize("score", ["top1", "top3"])
def test_labelled_paths_agree(judged, score):
    index = 1 if score == "top1" else 2
    missed = [f"{c['metier']} {c['bac']} {' '.join(c['specialites'])}: {best}" for c, *r, best in judged if not r[index - 1]]
    share = 1 - len(missed) / len(judged)
    assert share >= FLOORS[score], f"{score} {share:.2f} < {FLOORS[score]}:\n" + "\n".join(missed)
