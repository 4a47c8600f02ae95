"""Build a dataset N times larger than the embedded one, for benchmarks.

Copy 0 keeps the embedded ids (so ``--vers directeur-photo`` still works);
copy k renames every formation and métier ``<id>-c<k>`` and its name « … (k) ».
Links stay inside a copy, except that a share of the poursuites (30 % by
default, fixed seed) point to the same formation in another copy: the graph is
one connected whole, as a national dataset would be, not 50 separate islands.

Usage: python bench/large_dataset.py DOSSIER [--copies 50]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EMBEDDED = ROOT / "data"
_QUOTED = re.compile(r'"([a-z0-9][a-z0-9-]*)"')
_POURSUITE = re.compile(r'^formation = "([a-z0-9-]+)"$', re.M)
_NAME = re.compile(r'^name = "(.*)"$', re.M)


def build(target: Path, copies: int = 50, cross_links: float = 0.3, seed: int = 5) -> tuple[int, int]:
    """Write the enlarged dataset to ``target``; return (formations, métiers)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    for path in sorted(EMBEDDED.glob("*.toml")):  # the referential: bacs, bac pro, types and rules, vocabularies
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)
    shutil.copytree(EMBEDDED / "secteurs", target / "secteurs")
    ids = {p.stem for kind in ("formations", "metiers") for p in (EMBEDDED / kind).glob("*.toml")}
    counts = []
    for kind in ("formations", "metiers"):
        folder = target / kind
        folder.mkdir()
        files = sorted((EMBEDDED / kind).glob("*.toml"))
        for k in range(copies):
            for path in files:
                text = path.read_text(encoding="utf-8")
                if k:
                    text = _QUOTED.sub(lambda m, k=k: f'"{m.group(1)}-c{k}"' if m.group(1) in ids else m.group(0), text)
                    text = _NAME.sub(lambda m, k=k: f'name = "{m.group(1)} ({k})"', text, count=1)
                if kind == "formations":
                    text = _POURSUITE.sub(lambda m: _cross(m.group(1), rng, copies, cross_links), text)
                stem = path.stem if not k else f"{path.stem}-c{k}"
                (folder / f"{stem}.toml").write_text(text, encoding="utf-8")
        counts.append(len(files) * copies)
    return counts[0], counts[1]


def _cross(ref: str, rng: random.Random, copies: int, share: float) -> str:
    if rng.random() >= share:
        return f'formation = "{ref}"'
    base = ref.rsplit("-c", 1)[0] if re.search(r"-c\d+$", ref) else ref
    k = rng.randrange(copies)
    return f'formation = "{base}"' if k == 0 else f'formation = "{base}-c{k}"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    formations, metiers = build(args.folder, args.copies)
    print(f"{formations} formations et {metiers} métiers écrits dans {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
