"""Parcoursup import benchmark.

In a temporary data directory, after importing the ONISEP cards (``../shared/corpus/onisep``,
not timed), measures:

- the import of the three shared Parcoursup files (``../shared/data``; target: under 5 s);
- the import of a full-size admissions export of about 14,000 rows, built from the shared
  sample's 214 rows with new formation codes and establishments (target: under 15 s);
- then the median wall time of ``orient show`` and ``orient check --bac STI2D --format json``
  (target: under 150 ms each), and, for scale, of starting Python with typer, rich and rapidfuzz.

Usage: python bench/parcoursup_import.py [--runs N]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paths import run_once  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
FILES_TARGET_S = 5.0
FULL_TARGET_S = 15.0
COMMAND_TARGET_MS = 150.0
FULL_ROWS = 14_000


def full_size_export(sample: Path, target: Path, rows: int = FULL_ROWS) -> None:
    """``rows`` rows in the sample's shape: its rows repeated with new codes, UAIs and coordinates."""
    with sample.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        base = list(reader)
    code = header.index("cod_aff_form")
    uai = header.index("Code UAI de l'établissement")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for n in range(rows):
            row = list(base[n % len(base)])
            row[code] = str(500_000 + n)
            row[uai] = f"{9_000_000 + n // len(base):07d}Z"
            writer.writerow(row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    data, cards = SHARED / "data", SHARED / "corpus" / "onisep"
    if not data.is_dir() or not cards.is_dir():
        print(f"Données introuvables : {data} ou {cards}", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ORIENT_DATA", None)
    env["ORIENT_DATA_DIR"] = tempfile.mkdtemp(prefix="orient-bench-psup-")
    env["ORIENT_CACHE_DIR"] = tempfile.mkdtemp(prefix="orient-bench-psup-cache-")
    orient = [sys.executable, "-m", "orient"]
    run_once([*orient, "data", "import", "onisep", str(cards)], env)

    files, kb = run_once([*orient, "data", "import", "parcoursup", str(data)], env)
    print(f"Import des trois fichiers de {data} : {files / 1000:.2f} s, mémoire max {kb / 1024:.0f} Mo (cible < {FILES_TARGET_S:.0f} s)")
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "admissions-complet.csv"
        full_size_export(data / "fr-esr-parcoursup-2025-sample.csv", full)
        whole, kb = run_once([*orient, "data", "import", "parcoursup", str(full)], env)
    print(
        f"Import d'un export des admissions de {FULL_ROWS} lignes : {whole / 1000:.2f} s, "
        f"mémoire max {kb / 1024:.0f} Mo (cible < {FULL_TARGET_S:.0f} s)"
    )

    cases = {
        "show FOR.10529 (BTS comptabilité et gestion)": [*orient, "show", "FOR.10529"],
        "check --bac STI2D --format json": [*orient, "check", "--bac", "STI2D", "--format", "json"],
        "(plancher) import typer, rich, rapidfuzz": [sys.executable, "-c", "import typer, rich, rapidfuzz"],
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(args.runs + 1):
        for name, cmd in cases.items():
            ms, _kb = run_once(cmd, env)
            if round_:
                times[name].append(ms)
    ok = files / 1000 < FILES_TARGET_S and whole / 1000 < FULL_TARGET_S
    print(f"{'mesure':48} {'médiane':>10}")
    for name, values in times.items():
        median = statistics.median(values)
        if not name.startswith("("):
            ok = ok and median < COMMAND_TARGET_MS
        print(f"{name:48} {median:8.1f} ms")
    print("Cibles atteintes." if ok else "Cible dépassée.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
