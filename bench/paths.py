"""Path search benchmark: ``orient path`` on a dataset 50 times the embedded one.

Builds the dataset with ``large_dataset.py`` (about 2,200 formations and
2,150 métiers, poursuites crossing between copies), loads it once so that the
cache exists, then measures the median wall time of each command and its peak
memory. Target: every measured command under 300 ms.

Usage: python bench/paths.py [--runs N] [--copies N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_dataset import build  # noqa: E402

TARGET_MS = 300.0


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (ms) and peak memory (KB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec : {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="orient-bench-data-")) / "data"
    formations, metiers = build(folder, args.copies)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["ORIENT_DATA"] = str(folder)
    env["ORIENT_CACHE_DIR"] = tempfile.mkdtemp(prefix="orient-bench-cache-")
    orient = [sys.executable, "-m", "orient"]
    cases = {
        "path STI2D SIN → directeur-photo (table)": [*orient, "path", "--bac", "STI2D SIN", "--vers", "directeur-photo"],
        "path STI2D SIN → directeur-photo --format json": [
            *orient,
            "path",
            "--bac",
            "STI2D SIN",
            "--vers",
            "directeur-photo",
            "-f",
            "json",
        ],
        "path général → femis-image --format json": [*orient, "path", "--bac", "général", "--vers", "femis-image", "-f", "json"],
        "path bac pro → cadreur --interets cinéma (json)": [
            *orient,
            "path",
            "--bac",
            "bac pro",
            "--vers",
            "cadreur",
            "--interets",
            "cinéma",
            "-f",
            "json",
        ],
    }
    informative = {
        "(info) path général → directeur-photo --tous (json)": [
            *orient,
            "path",
            "--bac",
            "général",
            "--vers",
            "directeur-photo",
            "--tous",
            "-f",
            "json",
        ],
    }
    print(f"Jeu de données : {formations} formations, {metiers} métiers ({args.copies} copies)")
    first, _ = run_once([*orient, "formations", "-f", "json"], env)
    print(f"Premier chargement (validation complète, écriture du cache) : {first:.0f} ms")

    times: dict[str, list[float]] = {name: [] for name in {**cases, **informative}}
    memory: dict[str, int] = {name: 0 for name in times}
    for round_ in range(args.runs + 1):
        for name, cmd in {**cases, **informative}.items():
            ms, kb = run_once(cmd, env)
            if round_:  # the first round only warms up
                times[name].append(ms)
                memory[name] = max(memory[name], kb)
    print(f"{'mesure':55} {'médiane':>10} {'mémoire max':>12}")
    worst = 0.0
    for name in times:
        median = statistics.median(times[name])
        if name in cases:
            worst = max(worst, median)
        print(f"{name:55} {median:7.1f} ms {memory[name] / 1024:9.1f} Mo")
    ok = worst < TARGET_MS
    print(f"objectif < {TARGET_MS:.0f} ms : {'atteint' if ok else 'MANQUÉ'} (pire médiane {worst:.1f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
