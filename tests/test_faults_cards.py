"""Faults of ONISEP cards and of the paths given to an import: each card that cannot be read or
made into a record is reported (file, why) and skipped, the others are imported; never a
traceback or a hang (a named pipe among the cards is refused, not read)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from faults import BROKEN, MINI, deadline, needs_permissions, posix, said


@posix
def test_cards_that_cannot_be_read_or_built_are_skipped_and_said(run, tmp_path):
    cards = tmp_path / "cards"
    cards.mkdir()
    good = next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*"))
    shutil.copy(good, cards)
    for path in (BROKEN / "cards").iterdir():
        shutil.copy(path, cards)
    os.mkfifo(cards / "FOR.90210_tube.md")
    (cards / "FOR.90211_casse.md").symlink_to(tmp_path / "rien.md")
    (cards / "FOR.90212_boucle.md").symlink_to("FOR.90212_boucle.md")
    (cards / "encore").symlink_to(cards)  # a link to a folder is not followed: no endless walk
    mini = {"ORIENT_DATA": str(MINI)}
    with deadline():  # the named pipe is never opened for reading
        result = run("data", "import", "onisep", str(cards), env=mini)
    assert result.exit_code == 0
    said(
        result,
        "FOR.90201_duree_invraisemblable.md: fiche ignorée : durée illisible ou invraisemblable « 99999 ans »",
        "FOR.90202_latin1.md: le fichier n'est pas en UTF-8",
        "MET.90203_salaire_enorme.md: fiche ignorée : un nombre y est trop grand",
        "FOR.90210_tube.md: fichier ignoré : ce n'est pas un fichier ordinaire",
        "FOR.90211_casse.md: fichier ignoré : lien symbolique cassé",
        "FOR.90212_boucle.md: fichier ignoré : boucle de liens symboliques",
    )
    ids = {r["id"] for r in json.loads(run("formations", "-f", "json", env=mini).stdout)}
    assert "FOR.90002" in ids and not ids & {"FOR.90201", "FOR.90202"}
    strict = run("data", "import", "onisep", str(cards), "--strict", env=mini)
    assert strict.exit_code == 1
    said(strict, "--strict")


@posix
def test_a_card_whose_file_name_is_not_text_is_imported(run, tmp_path):
    # A name with bytes that are not UTF-8 (a card copied from an old system): named with « � ».
    cards = tmp_path / "cards"
    cards.mkdir()
    good = next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*"))
    shutil.copy(good, os.fsdecode(bytes(cards) + b"/FOR.90002_cr\xe9ation.md"))
    shutil.copy(BROKEN / "cards" / "FOR.90202_latin1.md", os.fsdecode(bytes(cards) + b"/FOR.90202_\xe9.md"))
    mini = {"ORIENT_DATA": str(MINI)}
    result = run("data", "import", "onisep", str(cards), env=mini)
    assert result.exit_code == 0 and "Traceback" not in result.output
    said(result, "cards/FOR.90202_\ufffd.md: le fichier n'est pas en UTF-8")
    assert run("show", "FOR.90002", env=mini).exit_code == 0


@needs_permissions
@posix
def test_unreadable_card_and_card_folder(run, tmp_path):
    cards = tmp_path / "cards"
    hidden = cards / "cachees"
    hidden.mkdir(parents=True)
    shutil.copy(next((FIXTURES / "onisep" / "formations").glob("FOR.90002_*")), cards)
    shutil.copy(next((FIXTURES / "onisep" / "formations").glob("FOR.90001_*")), hidden)
    locked = cards / "FOR.90003_fermee.md"
    shutil.copy(next((FIXTURES / "onisep" / "formations").glob("FOR.90003_*")), locked)
    locked.chmod(0)
    hidden.chmod(0)
    try:
        result = run("data", "import", "onisep", str(cards), env={"ORIENT_DATA": str(MINI)})
    finally:
        hidden.chmod(0o755)
    assert result.exit_code == 0
    said(result, f"{hidden}: dossier illisible : permission refusée", "FOR.90003_fermee.md: fichier ignoré : permission refusée")


def test_a_card_the_builder_fails_on_is_left_out_with_its_links(tmp_path, monkeypatch, mini):
    from orient.onisep import build
    from orient.onisep.importer import run_import
    from orient.onisep.store import read_store

    original = build.Builder._formation

    def failing(self, card, *args):
        if card.onisep == "FOR.90002":
            raise ValueError("cannot convert")
        return original(self, card, *args)

    monkeypatch.setattr(build.Builder, "_formation", failing)
    summary = run_import([FIXTURES / "onisep" / "formations", FIXTURES / "onisep" / "metiers"], mini)
    failed = [p for p in summary.problems if "FOR.90002" in p.file]
    assert [p.message for p in failed] == ["fiche ignorée : elle n'a pas pu être convertie (erreur interne ValueError : cannot convert)"]
    assert summary.skipped == 1
    stored = read_store()
    assert "FOR.90002" not in {f.id for f in stored.formations}
    assert all("FOR.90002" not in m.formations for m in stored.metiers)
    assert "FOR.90001" in {f.id for f in stored.formations}


def test_paths_longer_than_the_system_allows(run, tmp_path):
    long = tmp_path / ("x" * 300)
    mini = {"ORIENT_DATA": str(MINI)}
    imported = run("data", "import", "onisep", str(long), env=mini)
    assert imported.exit_code == 1
    said(imported, "nom de fichier trop long")
    # Nothing can be imported at such a place: commands go on without, an import says why it cannot.
    env = {**mini, "ORIENT_DATA_DIR": str(long)}
    result = run("formations", "-f", "json", env=env)
    assert result.exit_code == 0 and "Erreur" not in result.stderr, result.stderr
    assert len(json.loads(result.stdout)) == len(list((MINI / "formations").glob("*.toml")))
    refused = run("data", "import", "onisep", str(FIXTURES / "onisep" / "metiers"), env=env)
    assert refused.exit_code == 1
    said(refused, str(long)[:60], "nom de fichier trop long")


_CARD_TEXT = st.text(st.characters(codec="utf-8", blacklist_categories=("Cs",)), max_size=120)
_VALUES = st.one_of(
    _CARD_TEXT, st.sampled_from(["2 ans", "3ans", "0 an", "99999 ans", "niveau 5 (bac + 2)", "niveau 12", "bac + 99", "", "niveau -1"])
)
_BASE = next((FIXTURES / "onisep" / "formations").glob("FOR.90001_*")).read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(["Durée", "Niveau de certification", "Type", "Code scolarité"]), _VALUES, max_size=4),
    st.dictionaries(st.sampled_from(["Description", "Accès", "Attendus", "Poursuites d'études", "Métiers"]), _CARD_TEXT, max_size=5),
    _CARD_TEXT,
)
def test_any_card_text_is_read_built_or_reported_never_a_crash(mini, fields, sections, title):
    """A real card with any of its fields and sections replaced by any text gives a record or a
    reported problem, never an exception."""
    import re

    from orient.onisep.access import AccessParser
    from orient.onisep.build import Builder
    from orient.onisep.cards import CardProblem, FormationCard
    from orient.onisep.markdown import parse_card

    text = _BASE
    for field, value in fields.items():
        text = re.sub(rf"(\*\*{re.escape(field)}:\*\*) [^\n]*", lambda m, value=value: f"{m.group(1)} {value}", text)
    for heading, body in sections.items():
        text = re.sub(rf"(## {re.escape(heading)}\n\n)(?:(?!\n## ).)*", lambda m, body=body: m.group(1) + body, text, flags=re.S)
    if title.strip():
        text = re.sub(r"^# [^\n]*", lambda _m: f"# {title}", text)
    card = parse_card(text, "FOR.97001_carte.md", "FOR.97001_carte.md")
    if isinstance(card, CardProblem):
        assert card.message
        return
    assert isinstance(card, FormationCard)
    builder = Builder(mini, AccessParser(mini.referential))
    records, _metiers, _parsed = builder.build([card], [], {card.onisep: dt.date(2026, 12, 1)})
    assert len(records) == 1 or card.onisep in builder.failed


def test_the_card_the_random_cases_start_from_builds(mini):
    from orient.onisep.cards import FormationCard
    from orient.onisep.markdown import parse_card

    assert isinstance(parse_card(_BASE, "FOR.97001_carte.md", "FOR.97001_carte.md"), FormationCard)
