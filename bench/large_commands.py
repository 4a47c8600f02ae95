"""Command benchmark on the ONISEP corpus copied K times: does a command pay only for what it reads?

Builds the corpus copied K times (10 by default, about 31,000 cards) as
``large_corpus.py`` does, imports it once, then times, as a user runs them
(one process each, median of N runs, peak memory of the slowest process):

- ``show ID`` and ``metier ID`` on the import, against the same commands on the
  embedded set alone (an empty data folder): the target is a ratio of at most 1.3;
- ``check --bac STI2D --format json``: target < 400 ms median;
- ``check --bac STI2D --interets "cinéma, lumière" --format json``: target < 500 ms;
- ``show`` by name and ``path --vers`` (read only the records they find: near ``show ID``);
- peak memory of every command: target < 200 MB.

Usage: python bench/large_commands.py [CARDS] [--copies 10] [--runs 7] [--keep DOSSIER]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_corpus import DEFAULT_CARDS, build, run_once  # noqa: E402

SHOW_RATIO = 1.3
CHECK_MS = 400.0
INTERETS_MS = 500.0
MEMORY_MB = 200.0
PATH_MS = 500.0  # show by name, path: not targets of their own; reading only what they find keeps them near show
FORMATION = "FOR.10000"  # a card of the corpus (TP tailleur de pierre), not merged with a curated record
METIER = "MET.100"


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time (ms) of ``runs`` runs after a warm-up, and the peak memory (MB) seen."""
    run_once(cmd, env)  # warm-up: caches of the system and of orient
    times, peak = [], 0
    for _ in range(runs):
        elapsed, _cpu, kb = run_once(cmd, env)
        times.append(elapsed * 1000)
        peak = max(peak, kb)
    return statistics.median(times), peak / 1024


def pick(env: dict[str, str], kind: str, wanted: str) -> str:
    """``wanted`` if the corpus has it, else the first id of that kind the import lists."""
    cmd = [sys.executable, "-m", "orient", kind, wanted, "--format", "json"]
    if subprocess.run(cmd, env=env, capture_output=True).returncode == 0:
        return wanted
    listing = "formations" if kind == "show" else "metiers"
    out = subprocess.run(
        [sys.executable, "-m", "orient", listing, "--format", "tsv", "--limit", "1"], env=env, capture_output=True, text=True
    )
    return out.stdout.splitlines()[1].split("\t")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cards", nargs="?", type=Path, default=DEFAULT_CARDS)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="dossier où garder le corpus construit")
    args = parser.parse_args()
    if not (args.cards / "formations").is_dir():
        print(f"Dossier de fiches introuvable : {args.cards}", file=sys.stderr)
        return 2
    base = args.keep or Path(tempfile.mkdtemp(prefix="orient-bench-commands-"))
    folder = base / f"corpus-{args.copies}"
    if not (folder / "formations").is_dir():
        build(args.cards, folder, args.copies)
    env = {k: v for k, v in os.environ.items() if k not in ("ORIENT_DATA", "PYTHONDONTWRITEBYTECODE")}
    embedded = dict(
        env, ORIENT_DATA_DIR=tempfile.mkdtemp(prefix="orient-bench-empty-"), ORIENT_CACHE_DIR=tempfile.mkdtemp(prefix="orient-bench-cache-")
    )
    env.update(
        ORIENT_DATA_DIR=tempfile.mkdtemp(prefix="orient-bench-data-"), ORIENT_CACHE_DIR=tempfile.mkdtemp(prefix="orient-bench-cache-")
    )
    start = time.perf_counter()
    run_once([sys.executable, "-m", "orient", "data", "import", "onisep", str(folder)], env)
    print(f"Corpus copié {args.copies} fois, importé en {time.perf_counter() - start:.1f} s.")

    orient = [sys.executable, "-m", "orient"]
    formation, metier = pick(env, "show", FORMATION), pick(env, "metier", METIER)
    floor_show = timed([*orient, "show", "bts-mav-image"], embedded, args.runs)
    floor_metier = timed([*orient, "metier", "directeur-photo"], embedded, args.runs)
    # Each case: its command, the floor it is compared with (or None), and its target: a ratio to the
    # floor, or a median in milliseconds.
    cases: dict[str, tuple[list[str], float | None, float | None, float | None]] = {
        f"show {formation}": ([*orient, "show", formation], floor_show[0], SHOW_RATIO, None),
        f"metier {metier}": ([*orient, "metier", metier], floor_metier[0], SHOW_RATIO, None),
        "show par le nom « TP tailleur de pierre »": ([*orient, "show", "TP tailleur de pierre"], floor_show[0], None, PATH_MS),
        "path --bac STI2D --vers directeur photo": (
            [*orient, "path", "--bac", "STI2D", "--vers", "directeur de la photographie"],
            None,
            None,
            PATH_MS,
        ),
        "check --bac STI2D --format json": ([*orient, "check", "--bac", "STI2D", "--format", "json"], None, None, CHECK_MS),
        "check … --interets « cinéma, lumière »": (
            [*orient, "check", "--bac", "STI2D", "--interets", "cinéma, lumière", "--format", "json"],
            None,
            None,
            INTERETS_MS,
        ),
    }
    print(f"Jeu intégré seul : show {floor_show[0]:.0f} ms, metier {floor_metier[0]:.0f} ms")
    print(f"{'commande':<42} {'médiane':>9} {'rapport':>8} {'mémoire max':>12}")
    ok = True
    for name, (cmd, floor, most_ratio, most_ms) in cases.items():
        median, peak = timed(cmd, env, args.runs)
        ratio = median / floor if floor else None
        print(f"{name:<42} {median:>6.0f} ms {f'{ratio:.2f}' if ratio else '':>8} {peak:>9.0f} Mo")
        if most_ratio is not None and ratio is not None:
            ok = ok and ratio <= most_ratio
        if most_ms is not None:
            ok = ok and median < most_ms
        ok = ok and peak < MEMORY_MB
    print(
        f"Cibles : show et metier ≤ {SHOW_RATIO}× le jeu intégré seul, check < {CHECK_MS:.0f} ms, "
        f"--interets < {INTERETS_MS:.0f} ms, show par le nom et path < {PATH_MS:.0f} ms, mémoire < {MEMORY_MB:.0f} Mo."
    )
    print("Cibles atteintes." if ok else "Cible dépassée.")
    for place in (embedded, env):
        shutil.rmtree(place["ORIENT_DATA_DIR"], ignore_errors=True)
        shutil.rmtree(place["ORIENT_CACHE_DIR"], ignore_errors=True)
    if not args.keep:
        shutil.rmtree(base)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
