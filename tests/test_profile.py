"""Reading bacs, spécialités and levels from what people type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orient.errors import InputError
from orient.text import normalize


@pytest.mark.parametrize(
    ("text", "track", "specs"),
    [
        ("sti2d", "STI2D", set()),
        ("STI2D", "STI2D", set()),
        ("STI2D SIN", "STI2D", {"SIN"}),
        ("bac techno STI2D spécialité SIN", "STI2D", {"SIN"}),
        ("Bac technologique STI2D, spécialité SIN", "STI2D", {"SIN"}),
        ("général", "GENERAL", set()),
        ("generale", "GENERAL", set()),
        ("GÉNÉRAL", "GENERAL", set()),
        ("bac général maths physique", "GENERAL", {"MATHS", "PC"}),
        ("bac général spécialités cinéma-audiovisuel et HLP", "GENERAL", {"ARTS-CINEMA", "HLP"}),
        ("bac pro photo", "PRO", {"PHOTO"}),
        ("bac pro", "PRO", set()),
        ("Bac professionnel CIEL", "PRO", {"CIEL"}),
        ("bac pro systèmes numériques", "PRO", {"CIEL"}),
        ("STL SPCL", "STL", {"SPCL"}),
        ("stmg mercatique", "STMG", {"MERC"}),
        ("S2TMD théâtre", "S2TMD", {"THEATRE"}),
        ("std2a", "STD2A", set()),
        ("DAEU", "DAEU", set()),
        ("classe de mise à niveau", "MAN", set()),
    ],
)
def test_parse_bac(reader, text, track, specs):
    found, spec_list = reader.parse_bac(text)
    assert found.code == track
    assert {s.code for s in spec_list} == specs


def test_every_alias_of_the_referential_resolves_to_its_track(reader, dataset):
    for track in dataset.referential.tracks:
        for alias in (track.code, *track.aliases):
            assert reader.parse_bac(alias)[0].code == track.code, alias
        for spec in track.specialites:
            for alias in (spec.code, spec.name, *spec.aliases):
                found, specs = reader.parse_bac(f"{track.code} {alias}")
                assert (found.code, [s.code for s in specs]) == (track.code, [spec.code]), alias


def test_unknown_bac_suggests_the_closest(reader):
    with pytest.raises(InputError) as info:
        reader.parse_bac("STI2")
    assert info.value.message == "Bac inconnu : « STI2 »."
    assert info.value.suggestions[0] == "STI2D"


def test_specialite_alone_points_to_its_serie(reader):
    with pytest.raises(InputError) as info:
        reader.parse_bac("SIN")
    assert "STI2D SIN" in info.value.suggestions


def test_unknown_specialite_for_the_serie(reader):
    track, _ = reader.parse_bac("STI2D")
    with pytest.raises(InputError) as info:
        reader.parse_specialites(track, ["SPCL"])
    assert info.value.message == "Spécialité inconnue pour STI2D : « SPCL »."
    assert info.value.hint == "Spécialités possibles : AC, EE, ITEC, SIN."


def test_two_bacs_at_once_is_an_error(reader):
    with pytest.raises(InputError, match="plusieurs bacs"):
        reader.parse_bac("bac pro STI2D")


@pytest.mark.parametrize(("text", "level"), [("bac", 0), ("bac+2", 2), ("bac + 3", 3), ("L2", 2), ("BTS", 2), ("master", 5), ("Bac+5", 5)])
def test_parse_level(reader, text, level):
    assert reader.parse_level(text) == level


def test_bad_level_and_age(reader):
    with pytest.raises(InputError, match="Niveau inconnu"):
        reader.parse_level("doctorat ès cinéma")
    with pytest.raises(InputError, match="Âge invalide"):
        reader.profile("STI2D", age="dix-huit")
    with pytest.raises(InputError, match="Âge invalide"):
        reader.profile("STI2D", age=4)


def test_profile_combines_bac_text_and_options(reader):
    profile = reader.profile("bac général maths", ["HLP, cinéma"], "bac+1", 19)
    assert [s.code for s in profile.specialites] == ["MATHS", "HLP", "ARTS-CINEMA"]
    assert (profile.level, profile.age) == (1, 19)
    assert profile.describe() == "Bac général spécialités MATHS, HLP et ARTS-CINEMA, niveau bac+1"


@given(st.text(max_size=40))
def test_parse_bac_never_fails_otherwise_than_with_a_message(reader, text):
    try:
        track, specs = reader.parse_bac(text)
    except InputError as exc:
        assert exc.message
    else:
        assert track.code and all(s.code for s in specs)


@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_plain(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.lower()
    assert all(c.isascii() for c in once)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=40))
def test_fold_strips_latin_accents_like_unicode_does(text):
    import unicodedata

    from orient.text import fold

    reference = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    reference = "".join(c for c in unicodedata.normalize("NFKD", reference) if not unicodedata.combining(c)).lower()
    assert fold(text) == reference
