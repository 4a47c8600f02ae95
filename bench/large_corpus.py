"""Import benchmark on the ONISEP corpus copied K times: does the import grow linearly?

Builds, in a temporary folder, the corpus (by default ``../shared/corpus/onisep``,
about 2,150 formation and 950 métier cards) copied K times for each K asked
(1, 2 and 10 by default), then times ``orient data import onisep FOLDER`` on
each, with its own data and cache folders, and reports the wall time, the
ratios to 1× and the peak memory of the import process.

Copy 1 is the corpus as it is. Copy n (n ≥ 2) is a corpus of its own: its ids
are shifted (``FOR.5810`` → ``FOR.1005810`` for copy 2, ``FOR.2005810`` for
copy 3…, likewise for ``MET.`` and the RNCP codes; its scolarité codes end in
``Cn``), its formation and métier names end in « (n) », as in
``large_dataset.py``, and its links stay inside it: its métier cards recommend
its formations, its formation cards name its métiers, and the poursuites of its
formation cards cite its formations (« (n) » is written after each formation
name the text cites, so that the import finds the same links in every copy; a
name nested in a longer cited name loses that one link in the copies).

The mark is short on purpose: a long one (« (copie n) ») would give a tenth of
the names the same last eight letters, which no real corpus does, and make every
name of a copy look alike to the fuzzy matching of métier names. Access texts,
descriptions and attendus are the same in every copy, so what the import
computes once per distinct text (the tags of an attendu) costs less in the
copies than in a real corpus of that size.

Targets: the import of the corpus copied 10 times under 15 s, and the import of
2 copies at most 2.2 times as long as that of one.

Usage: python bench/large_corpus.py [CARDS] [--copies 1 2 10] [--runs N] [--keep DOSSIER]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from orient.text import fold, normalize  # noqa: E402

DEFAULT_CARDS = ROOT.parent / "shared" / "corpus" / "onisep"
IMPORT_TARGET_S = 15.0  # at 10 copies
RATIO_TARGET = 2.2  # 2 copies against 1
SHIFT = 1_000_000  # ids of copy n: the original number plus (n − 1) × SHIFT

_ID = re.compile(r"\b(FOR|MET)\.(\d+)")
_RNCP = re.compile(r"(rncp/)(\d+)")
_WORD = re.compile(r"[0-9a-z+]+")


def shift_ids(text: str, copy: int) -> str:
    return _ID.sub(lambda m: f"{m.group(1)}.{int(m.group(2)) + (copy - 1) * SHIFT}", text)


def words_with_ends(raw: str) -> list[tuple[str, int]] | None:
    """The words of ``normalize(raw)``, each with the offset in ``raw`` where it ends; None when the
    words cannot be traced back to ``raw`` (then the text is left as it is)."""
    folded: list[str] = []
    owner: list[int] = []  # the character of ``raw`` each folded character comes from
    for index, char in enumerate(raw):
        for piece in fold(char):
            folded.append(piece)
            owner.append(index)
    words: list[tuple[str, int]] = []
    for match in _WORD.finditer("".join(folded)):
        word, end = match.group(), owner[match.end() - 1] + 1
        if words and (words[-1][0].endswith("+") or word.startswith("+")):  # « bac + 2 » is one word: « bac+2 »
            words[-1] = (words[-1][0] + word, end)
        else:
            words.append((word, end))
    return words if " ".join(w for w, _ in words) == normalize(raw) else None


class Citations:
    """The formation names a poursuite text cites, found as the import finds them (whole words)."""

    def __init__(self, names: list[str]) -> None:
        self.trie: dict[str, dict] = {}
        for name in names:
            key = normalize(name)
            if len(key) < 15 or " " not in key:
                continue  # names the import does not look for
            node = self.trie
            for word in key.split(" "):
                node = node.setdefault(word, {})
            node[""] = {}  # a name ends here

    def ends(self, words: list[str]) -> list[int]:
        """Indexes of the words where a cited name ends."""
        found = set()
        for start in range(len(words)):
            node = self.trie
            for index in range(start, len(words)):
                node = node.get(words[index])  # type: ignore[assignment]
                if node is None:
                    break
                if "" in node:
                    found.add(index)
        return sorted(found)


def cite_copy(raw: str, citations: Citations, suffix: str) -> str:
    """``raw`` with ``suffix`` written after each formation name it cites."""
    words = words_with_ends(raw)
    if words is None:
        return raw
    for index in reversed(citations.ends([w for w, _ in words])):
        end = words[index][1]
        raw = raw[:end] + suffix + raw[end:]
    return raw


def _section(line: str, current: str) -> str:
    if line.startswith("## "):
        return line[3:].strip()
    if line.startswith("**") and ":**" in line:
        return line[2:].split(":**", 1)[0].strip()
    return current


def copy_formation(text: str, copy: int, citations: Citations) -> str:
    suffix = f" ({copy})"
    lines = text.split("\n")
    out: list[str] = []
    poursuite: list[str] = []
    section, titled = "", False
    for line in lines:
        section = _section(line, section)
        if section == "Poursuite d'études" and not line.startswith("## "):
            poursuite.append(line)
            continue
        if poursuite:
            out.append(cite_copy("\n".join(poursuite), citations, suffix))
            poursuite = []
        if line.startswith("# ") and not titled:
            line, titled = line.rstrip() + suffix, True
        elif section == "Code scolarité" and line.startswith("**Code scolarité:**"):
            line = f"{line.rstrip()}C{copy}"
        elif section == "Lien":
            line = _RNCP.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + (copy - 1) * SHIFT}", line)
        elif section == "Métiers associés" and line.strip() not in ("", "-") and not line.startswith(("#", "## ")):
            line = line.rstrip() + suffix
        out.append(line)
    if poursuite:
        out.append(cite_copy("\n".join(poursuite), citations, suffix))
    return shift_ids("\n".join(out), copy)


def copy_metier(text: str, copy: int) -> str:
    suffix = f" ({copy})"
    out: list[str] = []
    section, titled = "", False
    for line in text.split("\n"):
        section = _section(line, section)
        stripped = line.strip()
        if line.startswith("# ") and not titled:
            line, titled = line.rstrip() + suffix, True
        elif section == "Appellations" and stripped.startswith("- "):
            line = line.rstrip() + suffix
        elif section == "Autres appellations" and (stripped.startswith("- ") or stripped.startswith("###")):
            line = line.rstrip() + suffix
        out.append(line)
    return shift_ids("\n".join(out), copy)


def build(cards: Path, target: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` copies of the corpus under ``target``; return (formation cards, métier cards)."""
    if target.exists():
        shutil.rmtree(target)
    formations = sorted((cards / "formations").glob("*.md"))
    metiers = sorted((cards / "metiers").glob("*.md"))
    texts = {path: path.read_text(encoding="utf-8") for path in (*formations, *metiers)}
    titles = [text.split("\n", 1)[0].removeprefix("# ").strip() for path, text in texts.items() if path in set(formations)]
    citations = Citations(titles)
    for copy in range(1, copies + 1):
        for kind, paths in (("formations", formations), ("metiers", metiers)):
            folder = target / kind if copy == 1 else target / f"{kind}-{copy}"
            folder.mkdir(parents=True)
            for path in paths:
                text = texts[path]
                name = path.name
                if copy > 1:
                    text = copy_formation(text, copy, citations) if kind == "formations" else copy_metier(text, copy)
                    name = shift_ids(name, copy)
                (folder / name).write_text(text, encoding="utf-8")
    return len(formations) * copies, len(metiers) * copies


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall time (s), processor time (s) and peak memory (KB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    errors = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec : {' '.join(cmd)}\n{errors}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cards", nargs="?", type=Path, default=DEFAULT_CARDS)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 10])
    parser.add_argument("--runs", type=int, default=3, help="imports mesurés pour chaque taille (médiane)")
    parser.add_argument("--keep", type=Path, help="dossier où garder les corpus construits")
    args = parser.parse_args()
    if not (args.cards / "formations").is_dir():
        print(f"Dossier de fiches introuvable : {args.cards}", file=sys.stderr)
        return 2

    base = args.keep or Path(tempfile.mkdtemp(prefix="orient-bench-corpus-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("ORIENT_DATA", None)
    # The code of this checkout, whatever the environment has installed.
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    orient = [sys.executable, "-m", "orient", "data", "import", "onisep"]
    seconds: dict[int, float] = {}
    processor: dict[int, float] = {}
    memory: dict[int, int] = {}
    print(f"{'copies':>6} {'fiches':>7} {'import':>9} {'processeur':>11} {'rapport à 1×':>13} {'mémoire max':>12}")
    for copies in args.copies:
        folder = base / f"corpus-{copies}"
        formations, metiers = build(args.cards, folder, copies)
        times, cpu = [], []
        for _ in range(args.runs):
            env["ORIENT_DATA_DIR"] = tempfile.mkdtemp(prefix="orient-bench-data-")
            env["ORIENT_CACHE_DIR"] = tempfile.mkdtemp(prefix="orient-bench-cache-")
            elapsed, used, kb = run_once([*orient, str(folder)], env)
            times.append(elapsed)
            cpu.append(used)
            memory[copies] = max(memory.get(copies, 0), kb)
            shutil.rmtree(env["ORIENT_DATA_DIR"])
            shutil.rmtree(env["ORIENT_CACHE_DIR"])
        seconds[copies] = statistics.median(times)
        processor[copies] = statistics.median(cpu)
        # The ratio of processor times too: on a busy machine, the wall time also counts the others' work.
        ratio = f"{seconds[copies] / seconds[1]:.2f} ({processor[copies] / processor[1]:.2f})" if 1 in seconds else ""
        print(
            f"{copies:>5}× {formations + metiers:>7} {seconds[copies]:>7.2f} s {processor[copies]:>9.2f} s {ratio:>13}"
            f" {memory[copies] / 1024:>9.0f} Mo"
        )
    if not args.keep:
        shutil.rmtree(base)
    ok = True
    if 10 in seconds:
        ok = seconds[10] < IMPORT_TARGET_S
        print(f"Import à 10× : {seconds[10]:.2f} s (cible < {IMPORT_TARGET_S:.0f} s)")
    if 1 in seconds and 2 in seconds:
        ok = ok and seconds[2] / seconds[1] <= RATIO_TARGET
        print(f"2× / 1× : {seconds[2] / seconds[1]:.2f} (cible ≤ {RATIO_TARGET})")
    print("Cibles atteintes." if ok else "Cible dépassée.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
