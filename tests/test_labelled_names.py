"""Hand-labelled abbreviated or partial names over the real ONISEP corpus: the record a careful
reader expects a name typed to open, against the one ``orient`` resolves it to.

``fixtures/labelled/names.toml`` holds the cases and how they were written: an identifier, a list
of records an ambiguous answer may offer, or an error (no record fits: suggestions, not a silent
pick). Skips when ``../shared`` is absent.
"""

from __future__ import annotations

import tomllib

from conftest import FIXTURES
from orient.dataset import Dataset
from orient.errors import AmbiguousError, NotFoundError
from orient.search import resolve_formation, resolve_metier, resolve_target

CASES = tomllib.loads((FIXTURES / "labelled" / "names.toml").read_text(encoding="utf-8"))["case"]
RESOLVERS = {"formation": resolve_formation, "metier": resolve_metier, "target": resolve_target}
# The least share of cases that must agree (measured when set: 41 of 45).
FLOOR = 0.9


def judge(corpus: Dataset, case: dict) -> tuple[bool, str]:
    """(agreement, what the resolution gave, in words)."""
    try:
        found = RESOLVERS[case["kind"]](corpus, case["query"])
    except AmbiguousError as exc:
        ids = [i for _k, i, _n in exc.matches]
        return "among" in case and set(ids) <= set(case["among"]), "ambiguous: " + ", ".join(ids)
    except NotFoundError as exc:
        return bool(case.get("error")) and bool(exc.suggestions), f"not found ({exc.code}), suggestions {exc.suggestions}"
    if "expect" in case:
        return found.id == case["expect"], f"{found.id} {found.name}"
    return found.id in case.get("among", ()), f"{found.id} {found.name}"


def test_cases_are_well_formed():
    seen = set()
    for case in CASES:
        assert case["kind"] in RESOLVERS, case
        assert sum(k in case for k in ("expect", "among", "error")) == 1, case
        assert (case["kind"], case["query"]) not in seen, case
        seen.add((case["kind"], case["query"]))
    assert len(CASES) >= 30


def test_cases_name_records_of_the_corpus(corpus):
    for case in CASES:
        for record_id in [case["expect"]] if "expect" in case else case.get("among", []):
            assert record_id in corpus.formations or record_id in corpus.metiers, record_id


def test_labelled_names_agree(corpus):
    judged = [(case, *judge(corpus, case)) for case in CASES]
    missed = [f"{c['kind']} « {c['query']} »: {said}" for c, ok, said in judged if not ok]
    share = 1 - len(missed) / len(judged)
    assert share >= FLOOR, f"{share:.2f} < {FLOOR}:\n" + "\n".join(missed)
