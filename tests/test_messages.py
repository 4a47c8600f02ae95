"""The core raises codes; every one has its French wording in the CLI, and the core holds no hint."""

from __future__ import annotations

import re
from pathlib import Path

from orient.cli.messages import MESSAGES, describe
from orient.errors import AmbiguousError, InputError

CORE = Path(__file__).resolve().parents[1] / "src" / "orient"
_RAISED = re.compile(r"(?:Error|ImportFailed)\(\s*\"([a-z_]+\.[a-z_]+)\"")


def _core_files():
    return [p for p in CORE.rglob("*.py") if "cli" not in p.relative_to(CORE).parts]


def test_every_code_the_core_raises_has_a_wording():
    codes = {code for path in _core_files() for code in _RAISED.findall(path.read_text(encoding="utf-8"))}
    codes |= {f"{kind}.{what}" for kind in ("formation", "metier", "sector") for what in ("not_found", "ambiguous")}
    codes |= {"store.damaged", "store.read", "store.write", "store.remove", "store.locked", "dataset.invalid"}
    assert len(codes) > 30
    assert sorted(codes - set(MESSAGES)) == []


def test_the_core_words_no_error_and_names_no_command():
    for path in _core_files():
        text = path.read_text(encoding="utf-8")
        assert "hint=" not in text, path
        assert not re.search(r"Error\(\s*f?\"[A-ZÀ-Ý«]", text), path  # a French sentence as an error


def test_an_ambiguous_query_lists_its_matches_aligned_and_capped():
    error = AmbiguousError("metier.ambiguous", query="dev", matches=[("metier", f"m{i}", f"Métier {i}") for i in range(15)])
    text, hint, lines = describe(error)
    assert text == "« dev » correspond à plusieurs métiers :" and "identifiant" in hint
    assert len(lines) == 12 and lines[0] == "m0   Métier 0" and lines[-1] == "… et 4 autres"


def test_an_unknown_code_still_says_something():
    assert describe(InputError("nouveau.code"))[0] == "Erreur (nouveau.code)."
