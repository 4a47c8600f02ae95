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


@needs_permissions
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


_CARD_TEXT = st.text(st.characters(codec="utf-8", blacklist_categories=("Cs",)), max_size=80)
_FIELD_VALUES = st.one_of(_CARD_TEXT, st.sampled_from(["2 ans", "3ans", "0 an", "99999 ans", "niveau 5 (bac + 2)", "niveau 12", "bac + 99", ""]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(["Durée", "Niveau de certification", "Type", "Niveau", "Salaire", "Code ROME"]), _FIELD_VALUES), max_size=5),
    st.lists(st.tuples(st.sampled_from(["Description", "Accès", "Admission", "Poursuites d'études", "Métiers", "Attendus", "Salaire"]), _CARD_TEXT), max_size=5),
    st.sampled_from(["FOR.97001_carte.md", "MET.97001_carte.md"]),
    _CARD_TEXT,
)
def test_any_card_text_is_read_built_or_reported_never_a_crash(mini, fields, sections, name, title):
    """Whatever a card holds, reading and building it gives a record or a reported problem."""
    from orient.onisep.access import AccessParser
    from orient.onisep.build import Builder
    from orient.onisep.cards import CardProblem, FormationCard, MetierCard
    from orient.onisep.markdown import parse_card

    text = f"# {title}\n\n## Informations générales\n\n" + "".join(f"**{k}:** {v}\n" for k, v in fields)
    text += "".join(f"\n## {heading}\n\n{body}\n" for heading, body in sections)
    card = parse_card(text, name, name)
    if isinstance(card, CardProblem):
        assert card.message
        return
    builder = Builder(mini, AccessParser(mini.referential))
    formations = [card] if isinstance(card, FormationCard) else []
    metiers = [card] if isinstance(card, MetierCard) else []
    records, metier_records, _parsed = builder.build(formations, metiers, {card.onisep: dt.date(2026, 12, 1)})
    built = len(records) + len(metier_records)
    assert built == 1 or card.onisep in builder.failed
