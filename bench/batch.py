"""Batch benchmark: ``orient batch`` over generated classes, profiles per second and peak memory.

It imports the ONISEP corpus (``../shared/corpus/onisep`` when present, else it runs on the
embedded set), and the Parcoursup files of ``../shared/data`` with it, into data and cache
folders of its own, writes class files of N students drawn
from the referential (bacs and their spécialités written the ways people write them, ages,
levels, centres d'intérêt, atouts and a métier to reach for some), then runs
``orient batch FILE --format jsonl`` with each ``--jobs`` value, output to /dev/null.

For each run: wall time, profiles per second, the CPU time of all the processes (and what
the rate would be with that many cores free: students over CPU time per process), the peak
resident memory of the largest process (``ru_maxrss`` of the children, measured in a wrapper
process per run, so that runs do not mix), and the load of the machine. Targets: at least
200 profiles per second with two processes after the corpus import, and a peak that does not
grow with the number of students.

Usage: python bench/batch.py [--rows 2000 20000] [--jobs 1 2] [--corpus DOSSIER] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "onisep"
PARCOURSUP = ROOT.parent / "shared" / "data"
TARGET_RATE = 200.0
# Shares of a cohort of terminale students by kind of bac (about those of the bac sessions).
FAMILIES = (("general", 0.55), ("techno", 0.25), ("pro", 0.20))


def generate(path: Path, rows: int, seed: int, env: dict[str, str]) -> None:
    """A class file of ``rows`` students (CSV, semicolons), drawn from the dataset's referential."""
    script = f"""
import csv, json, random, sys
from orient.cli.app import _dataset
dataset = _dataset()
ref = dataset.referential
rng = random.Random({seed})
tracks = {{f: [t for t in ref.tracks if t.family == f] for f in ("general", "techno", "pro")}}
families = {json.dumps(FAMILIES)}
interests = [k for i in ref.interests for k in i.keywords[:4]]
strengths = [k for t in ref.attendu_tags if not t.met_by_bac for k in t.keywords[:2]]
metiers = rng.sample(sorted(dataset.metiers), 40)  # the métiers a class aims at: a few dozen, not all
joins = [", ", "/", " et ", " ", ";"]
out = csv.writer(open({str(path)!r}, "w", encoding="utf-8", newline=""), delimiter=";")
out.writerow(["Identifiant", "Bac", "Spécialités", "Niveau", "Âge", "Intérêts", "Atouts", "Vers"])
for n in range({rows}):
    family = rng.choices([f for f, _w in families], [w for _f, w in families])[0]
    track = rng.choice(tracks[family])
    bac = {{"general": rng.choice(["général", "bac général", "Général"]), "pro": "bac pro"}}.get(family, track.code)
    specs = []
    if track.specialites:
        count = 2 if family == "general" else 1
        specs = [s.code.lower() for s in rng.sample(track.specialites, count)]
    age = rng.choice(["", "", "17", "18", "18 ans", "19"])
    level = rng.choice([""] * 18 + ["bac+1", "bac+2"])
    likes = ", ".join(rng.sample(interests, rng.choice([0, 1, 1, 2, 2, 3])))
    good = ", ".join(rng.sample(strengths, rng.choice([0, 0, 1, 2])))
    vers = rng.choice(metiers) if rng.random() < 0.15 else ""
    out.writerow([f"E{{n:06d}}", bac, rng.choice(joins).join(specs), level, age, likes, good, vers])
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def measure(path: Path, jobs: int, env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds of all the processes, peak resident memory in MB of the largest
    process, exit code, last stderr line)."""
    wrapper = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
lines = done.stderr.strip().splitlines()
print(wall, used.ru_utime + used.ru_stime, used.ru_maxrss // 1024, done.returncode, lines[-1] if lines else "", sep="\\t")
"""
    cmd = [sys.executable, "-m", "orient", "batch", str(path), "--format", "jsonl", "--jobs", str(jobs)]
    found = subprocess.run([sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, text=True, check=True)
    wall, cpu, peak, code, last = found.stdout.rstrip("\n").split("\t")
    return float(wall), float(cpu), int(peak), int(code), last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="orient-bench-batch-"))
    env = dict(os.environ)
    env["ORIENT_DATA_DIR"] = str(work / "data")
    env["ORIENT_CACHE_DIR"] = str(work / "cache")
    env.pop("ORIENT_DATA", None)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if args.corpus.is_dir():
        start = time.perf_counter()
        command = [sys.executable, "-m", "orient", "data", "import", "onisep", str(args.corpus)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        print(f"Import du corpus {args.corpus} : {time.perf_counter() - start:.1f} s")
        # The Parcoursup figures too, as a counselor has them: they add reasons and a pair outcome.
        tables = sorted(PARCOURSUP.glob("*.csv")) if PARCOURSUP.is_dir() else []
        if tables:
            command = [sys.executable, "-m", "orient", "data", "import", "parcoursup", *map(str, tables)]
            subprocess.run(command, env=env, check=True, capture_output=True)
            print(f"Import Parcoursup : {len(tables)} fichiers de {PARCOURSUP}")
    else:
        print(f"Corpus absent ({args.corpus}) : jeu intégré seul.")
    # « à cœurs libres » : the students over the CPU time shared by the processes, what the wall
    # time would be if nothing else ran on the machine (the other measures depend on that).
    columns = ("élèves", 8), ("--jobs", 6), ("durée", 9), ("profils/s", 10), ("temps CPU", 10), ("à cœurs libres", 15)
    print(" ".join(f"{name:>{width}}" for name, width in (*columns, ("pic mémoire", 12), ("charge", 7))))
    rates: dict[tuple[int, int], float] = {}
    for rows in args.rows:
        path = work / f"classe-{rows}.csv"
        generate(path, rows, args.seed, env)
        for jobs in args.jobs:
            wall, cpu, peak, code, last = measure(path, jobs, env)
            if code != 0:
                print(f"orient batch a échoué (code {code}) : {last}", file=sys.stderr)
                return 1
            rates[rows, jobs] = rows / wall
            load = os.getloadavg()[0]  # other work on the machine slows the wall time, not the CPU time
            free = rows / (cpu / jobs)
            print(f"{rows:>8} {jobs:>6} {wall:>8.1f}s {rows / wall:>10.0f} {cpu:>9.1f}s {free:>12.0f}/s {peak:>9} Mo {load:>7.1f}")
    best = max(rates.values(), default=0.0)
    print(json.dumps({f"{r}x{j}": round(v, 1) for (r, j), v in rates.items()}))
    verdict = "atteint" if best >= TARGET_RATE else "non atteint"
    print(f"Objectif ≥ {TARGET_RATE:.0f} profils/s : {verdict} (meilleur : {best:.0f}).")
    return 0 if best >= TARGET_RATE else 1


if __name__ == "__main__":
    sys.exit(main())
