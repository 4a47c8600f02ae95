"""Names typed with their short forms, weak matches refused, and the bacs an adult may still hold
(former séries, a diploma typed as a bac, a level beyond the doctorate): through the library and the CLI."""

from __future__ import annotations

import pytest

from orient.errors import InputError, NotFoundError
from orient.search import readings, resolve_formation, resolve_metier, resolve_target


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bts compta", ["bts comptabilité", "bts comptable"]),
        ("licence psycho", ["licence psychologie", "licence psychologue"]),
        ("prof des écoles", ["professeur des écoles"]),
        ("prépa HEC", ["classe préparatoire économique et commerciale"]),
        ("info-com", ["information-communication"]),
        ("biologie", ["biologie"]),  # a whole word only: « bio » is not read inside « biologie »
        ("Prof de MATHS", ["professeur de mathématiques"]),
    ],
)
def test_short_forms_are_read_as_whole_words(dataset, query, expected):
    assert readings(dataset, query) == expected


def test_every_short_form_of_the_thesaurus_has_a_sense(dataset):
    forms = [w for entry in dataset.referential.abbreviations for w in entry.words]
    assert {"prof", "psycho", "compta", "prépa", "bio", "info", "éco", "méca", "élec", "kiné", "véto", "ortho"} <= set(forms)
    assert all(entry.means for entry in dataset.referential.abbreviations)


def test_a_short_form_finds_the_record_it_stands_for(dataset):
    assert resolve_metier(dataset, "ingé son").id == resolve_metier(dataset, "ingénieur du son").id
    assert resolve_target(dataset, "ingé son").id == resolve_metier(dataset, "ingénieur du son").id


def test_a_name_absent_from_the_data_is_not_read_as_another(dataset):
    # No teacher in the embedded data: not a film director, which only shares « école ».
    with pytest.raises(NotFoundError):
        resolve_target(dataset, "prof des écoles")


def test_a_record_sharing_no_word_with_the_query_is_not_picked(dataset):
    with pytest.raises(NotFoundError) as caught:
        resolve_formation(dataset, "licence astrophysique quantique")
    assert caught.value.code == "formation.not_found"


def test_a_weak_match_is_an_error_with_suggestions_on_the_cli(run):
    result = run("show", "licence astrophysique quantique")
    assert result.exit_code == 2
    assert "Aucune formation ne correspond à « licence astrophysique quantique »" in result.stderr


@pytest.mark.parametrize(
    ("text", "track", "series"),
    [("S", "GENERAL", "S"), ("bac ES", "GENERAL", "ES"), ("série L", "GENERAL", "L"), ("STG", "STMG", "STG"),
     ("STT", "STMG", "STT"), ("STI", "STI2D", "STI"), ("SMS", "ST2S", "SMS"), ("STL", "STL", None), ("STAV", "STAV", None)],
)  # fmt: skip
def test_former_series_are_read_as_their_successor(reader, text, track, series):
    assert reader.parse_bac(text)[0].code == track
    former = reader.former_series(text)
    assert (former.code if former else None) == series


def test_a_former_series_is_said_on_the_cli(run):
    result = run("check", "--bac", "S", "--limit", "1")
    assert result.exit_code == 0
    assert "l'ancienne série S (scientifique) est lue comme le bac général" in result.stderr
    result = run("check", "--bac", "STG", "--limit", "1")
    assert "l'ancienne série STG (sciences et technologies de la gestion) est lue comme le bac STMG, qui lui a succédé" in result.stderr


def test_a_diploma_of_higher_education_is_not_a_bac(reader, run):
    with pytest.raises(InputError) as caught:
        reader.parse_bac("BTS")
    assert caught.value.code == "bac.is_level" and caught.value.data["bac_plus"] == 2
    result = run("check", "--bac", "BTS")
    assert result.exit_code == 2
    assert "« BTS » n'est pas un bac" in result.stderr and "--niveau bac+2" in result.stderr


def test_a_level_beyond_the_doctorate_says_the_range(reader, run):
    with pytest.raises(InputError) as caught:
        reader.parse_level("bac+10")
    assert caught.value.code == "niveau.out_of_range" and not caught.value.suggestions
    result = run("check", "--bac", "général", "--niveau", "bac+10")
    assert result.exit_code == 2
    assert "de bac à bac+8" in result.stderr and "bac+0 ou bac+1" not in result.stderr
