"""ONISEP import benchmark: import a folder of cards, then time two commands on the merged dataset.

Imports every card under CARDS (by default ``../shared/corpus/onisep``, about
2,150 formations and 950 métiers) into a temporary data directory and measures
the import's wall time (target: under 10 s). Then, over the merged dataset, the
median wall time of ``orient check --bac STI2D --format json`` and of
``orient formations audiovisuel`` (target: under 150 ms each), of ``orient check
--bac général --interets "informatique, jeux vidéo" --format json`` (target:
under 200 ms), and their peak memory; and, for scale, the time this machine
takes only to start Python and import typer, rich and rapidfuzz.

Usage: python bench/onisep_import.py [CARDS] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paths import run_once  # noqa: E402

IMPORT_TARGET_S = 10.0
COMMAND_TARGET_MS = 150.0
INTERESTS_TARGET_MS = 200.0
DEFAULT_CARDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "onisep"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cards", nargs="?", type=Path, default=DEFAULT_CARDS)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not args.cards.exists():
        print(f"Dossier de fiches introuvable : {args.cards}", file=sys.stderr)
        return 2

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ORIENT_DATA", None)
    env["ORIENT_DATA_DIR"] = tempfile.mkdtemp(prefix="orient-bench-import-")
    env["ORIENT_CACHE_DIR"] = tempfile.mkdtemp(prefix="orient-bench-cache-")
    orient = [sys.executable, "-m", "orient"]

    imported, kb = run_once([*orient, "data", "import", "onisep", str(args.cards)], env)
    again, _ = run_once([*orient, "data", "import", "onisep", str(args.cards)], env)
    print(f"Import de {args.cards} : {imported / 1000:.2f} s, mémoire max {kb / 1024:.0f} Mo (cible < {IMPORT_TARGET_S:.0f} s)")
    print(f"Même import relancé (rien ne change) : {again / 1000:.2f} s")

    cases = {
        "check --bac STI2D --format json": [*orient, "check", "--bac", "STI2D", "--format", "json"],
        "formations audiovisuel": [*orient, "formations", "audiovisuel"],
        "check --interets « informatique, jeux vidéo »": [
            *orient,
            "check",
            "--bac",
            "général",
            "--interets",
            "informatique, jeux vidéo",
            "--format",
            "json",
        ],
        "(plancher) import typer, rich, rapidfuzz": [sys.executable, "-c", "import typer, rich, rapidfuzz"],
    }
    targets = {name: COMMAND_TARGET_MS for name in cases}
    targets["check --interets « informatique, jeux vidéo »"] = INTERESTS_TARGET_MS
    times: dict[str, list[float]] = {name: [] for name in cases}
    memory: dict[str, int] = {name: 0 for name in cases}
    for round_ in range(args.runs + 1):
        for name, cmd in cases.items():
            ms, kb = run_once(cmd, env)
            if round_:  # the first round only warms up (cache, bytecode)
                times[name].append(ms)
                memory[name] = max(memory[name], kb)
    print(f"{'mesure':46} {'médiane':>10} {'mémoire max':>12} {'cible':>9}")
    ok = imported / 1000 < IMPORT_TARGET_S
    for name, values in times.items():
        median = statistics.median(values)
        floor = name.startswith("(")
        ok = ok and (floor or median < targets[name])
        target = "" if floor else f"< {targets[name]:.0f} ms"
        print(f"{name:46} {median:8.1f} ms {memory[name] / 1024:9.0f} Mo {target:>9}")
    print("Cibles atteintes." if ok else "Cible dépassée.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
