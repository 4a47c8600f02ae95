"""Start-up benchmark: ``orient check --bac STI2D`` against the import floor.

The floor is a bare interpreter importing typer, rich and rapidfuzz: what any
CLI built on them pays before doing anything. The target is that orient's own
work adds at most 30 % to it (ratio ≤ 1.3). It also checks that
``--format json`` never imports rich.

Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_RATIO = 1.3


def timed(cases: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command in milliseconds.

    Runs are interleaved (one of each command per round, after a warm-up round)
    so that a slower moment of the machine weighs on every command alike.
    """
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(runs + 1):
        for name, cmd in cases.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if round_:
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    env = dict(os.environ)
    # Measure what an installed copy does: byte-code cached like site-packages.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A cache folder of its own, found the normal way (platformdirs and XDG).
    env.pop("ORIENT_CACHE_DIR", None)
    env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="orient-bench-")
    # The embedded dataset alone: no import of the machine's user is read.
    env.pop("ORIENT_DATA_DIR", None)
    env["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="orient-bench-data-")
    py = sys.executable
    cases = {
        "plancher (import typer, rich, rapidfuzz)": [py, "-c", "import typer, rich, rapidfuzz"],
        "orient check --bac STI2D (table, sortie redirigée)": [py, "-m", "orient", "check", "--bac", "STI2D"],
        "orient check --bac STI2D --format json": [py, "-m", "orient", "check", "--bac", "STI2D", "--format", "json"],
    }
    informative = {}
    if shutil.which("script"):
        # On a terminal the table goes through rich: measured, reported, not part of the target.
        informative["orient check --bac STI2D (terminal, rich)"] = [
            "script",
            "-qc",
            shlex.join([py, "-m", "orient", "check", "--bac", "STI2D"]),
            "/dev/null",
        ]
        informative["plancher sous terminal (script + import)"] = [
            "script",
            "-qc",
            shlex.join([py, "-c", "import typer, rich, rapidfuzz"]),
            "/dev/null",
        ]
    results = timed({**cases, **informative}, args.runs, env)
    floor = results[next(iter(cases))]
    print(f"{'mesure':58} {'médiane':>10} {'ratio':>7}")
    worst = 0.0
    for name in cases:
        ms = results[name]
        ratio = ms / floor
        if name != next(iter(cases)):
            worst = max(worst, ratio)
        print(f"{name:58} {ms:8.1f} ms {ratio:7.2f}")
    if informative:
        tty_floor = results["plancher sous terminal (script + import)"]
        tty = results["orient check --bac STI2D (terminal, rich)"]
        print(f"{'(info) orient check sur un terminal, ratio à son plancher':58} {tty:8.1f} ms {tty / tty_floor:7.2f}")

    probe = subprocess.run(
        [
            py,
            "-c",
            "import os, sys; sys.argv=['orient','check','--bac','STI2D','--format','json']\n"
            "def leave(code):\n    raise SystemExit(code)\n"
            "os._exit = leave  # (orient ends its process at once: here, to look at it after)\n"
            "import orient.cli.app as a\ntry: a.main()\nexcept SystemExit: pass\n"
            "print('rich' in sys.modules, file=sys.stderr)",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    rich_loaded = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "?"
    print(f"rich importé par --format json : {'oui' if rich_loaded == 'True' else 'non'}")
    ok = worst <= TARGET_RATIO and rich_loaded == "False"
    print(f"objectif ratio ≤ {TARGET_RATIO} : {'atteint' if ok else 'MANQUÉ'} (pire ratio {worst:.2f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
