"""Relevance of --interets over the ONISEP corpus, query by query, against the hand-made keys.

For each query of ``tests/fixtures/relevance/*.toml``: precision at 10 of the
formations (``orient check --bac PROFILE --interets TEXT``) and of the métiers
(``orient metiers --interets TEXT``), and the share of the relevant formations
found in the first 50. Builds the corpus in memory (about 10 s).

Usage: python bench/relevance.py [KEY.toml ...] [--show N]
  --show N   print the first N results of each query, marked + when relevant
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from conftest import FIXTURES, SHARED, build_cards  # noqa: E402
from orient.dataset import embedded_data_dir, load  # noqa: E402
from test_relevance import mean, measure, read_key  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", type=Path, default=sorted((FIXTURES / "relevance").glob("*.toml")))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    folder = SHARED / "corpus" / "onisep"
    if not folder.is_dir():
        print(f"Corpus introuvable : {folder}", file=sys.stderr)
        return 2
    dataset = build_cards(folder, load(embedded_data_dir()))
    for key in args.keys:
        measures = [measure(dataset, q) for q in read_key(key)]
        print(f"\n{key.stem}")
        print(f"{'requête':32} {'P@10 form.':>10} {'P@10 mét.':>10} {'R@50 form.':>10}")
        for m in measures:
            print(f"{m.query.text:32} {m.precision('formations'):10.2f} {m.precision('metiers'):10.2f} {m.recall('formations'):10.2f}")
            if args.show:
                relevant_f, relevant_m = set(m.query.formations), set(m.query.metiers)
                for i in m.formations[: args.show]:
                    print(f"    {'+' if i in relevant_f else ' '} {i:11} {dataset.formations[i].name[:80]}")
                for i in m.metiers[: args.show]:
                    print(f"    {'+' if i in relevant_m else ' '} {i:11} {dataset.metiers[i].name[:80]}")
        print(
            f"{'moyenne':32} {mean([m.precision('formations') for m in measures]):10.2f} "
            f"{mean([m.precision('metiers') for m in measures]):10.2f} {mean([m.recall('formations') for m in measures]):10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
