"""Reading bacs, spécialités and levels from what people type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orient.cli.messages import MESSAGES, describe
from orient.errors import InputError
from orient.preferences import split_terms
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
    assert (info.value.code, info.value.data) == ("bac.unknown", {"text": "STI2"})
    assert describe(info.value)[0] == "Bac inconnu : « STI2 »."
    assert info.value.suggestions[0] == "STI2D"


def test_specialite_alone_points_to_its_serie(reader):
    with pytest.raises(InputError) as info:
        reader.parse_bac("SIN")
    assert "STI2D SIN" in info.value.suggestions


def test_unknown_specialite_for_the_serie(reader):
    track, _ = reader.parse_bac("STI2D")
    with pytest.raises(InputError) as info:
        reader.parse_specialites(track, ["SPCL"])
    assert describe(info.value)[:2] == ("Spécialité inconnue pour STI2D : « SPCL ».", "Spécialités possibles : AC, EE, ITEC, SIN.")


def test_two_bacs_at_once_is_an_error(reader):
    with pytest.raises(InputError) as info:
        reader.parse_bac("bac pro STI2D")
    assert "plusieurs bacs" in describe(info.value)[0]


@pytest.mark.parametrize(("text", "level"), [("bac", 0), ("bac+2", 2), ("bac + 3", 3), ("L2", 2), ("BTS", 2), ("master", 5), ("Bac+5", 5)])
def test_parse_level(reader, text, level):
    assert reader.parse_level(text) == level


def test_bad_level_and_age(reader):
    for call, start in (
        (lambda: reader.parse_level("doctorat ès cinéma"), "Niveau inconnu"),
        (lambda: reader.profile("STI2D", age="dix-huit"), "Âge invalide"),
        (lambda: reader.profile("STI2D", age=4), "Âge invalide"),
    ):
        with pytest.raises(InputError) as info:
            call()
        assert describe(info.value)[0].startswith(start)


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
        assert exc.code in MESSAGES and describe(exc)[0]
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


# -- hostile input: bounded, refused in French, never slow ------------------------------------------

COMMANDS = {
    "check": ["check"],
    "path": ["path", "--vers", "cadreur"],
    "show": ["show", "bts-mav-image"],
    "metier": ["metier", "cadreur"],
}
HOSTILE = {
    "10k": "sti2d pro général sin " * 455,  # words the readers know, mixed: the worst case for the matchers
    "100k": "sti2d pro général sin " * 4546,
    "surrogate": "son\udcff",  # what Python makes of an undecodable byte of the command line
}


def _refused(result, started: float) -> str:
    import time

    assert time.perf_counter() - started < 5, "hostile input must be refused at once"
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert isinstance(result.exception, SystemExit)  # handled, not a traceback
    assert "Traceback" not in result.stderr and result.stdout == ""
    first = " ".join(result.stderr.splitlines()[0].replace("\xa0", " ").replace("\u202f", " ").split())
    assert first.startswith("Erreur : ") and len(first) < 200  # the text itself is never repeated
    return first


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("option", ["--bac", "--specialite"])
@pytest.mark.parametrize("value", sorted(HOSTILE))
def test_hostile_bac_and_specialite_are_refused_fast_in_french(run, command, option, value):
    import time

    args = [*COMMANDS[command], "--bac", "STI2D"] if option == "--specialite" else list(COMMANDS[command])
    started = time.perf_counter()
    first = _refused(run(*args, option, HOSTILE[value]), started)
    what = "le bac" if option == "--bac" else "la spécialité"
    if value == "surrogate":  # refused by the command line, or by the core (see below)
        assert "UTF-8" in first
    else:
        assert first.startswith(f"Erreur : Texte trop long pour {what} : ") and first.endswith(" caractères, 200 au plus.")


@pytest.mark.parametrize(
    ("option", "what", "limit"),
    [
        ("--niveau", "le niveau", "200"),
        ("--age", "l'âge", "200"),
        ("--interets", "la liste de centres d'intérêt", "2 000"),
        ("--atouts", "la liste d'atouts", "2 000"),
    ],
)
@pytest.mark.parametrize("value", sorted(HOSTILE))
def test_every_profile_field_is_bounded(run, option, what, limit, value):
    import time

    started = time.perf_counter()
    first = _refused(run("check", "--bac", "STI2D", option, HOSTILE[value]), started)
    if value == "surrogate":
        assert "UTF-8" in first
    else:
        assert first.startswith(f"Erreur : Texte trop long pour {what} : ") and first.endswith(f", {limit} au plus.")


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda r, text: r.parse_bac(text), "le bac"),
        (lambda r, text: r.parse_specialites(r.track("STI2D"), [text]), "la spécialité"),
        (lambda r, text: r.parse_level(text), "le niveau"),
        (lambda r, text: r.profile("STI2D", age=text), "l'âge"),
        (lambda r, text: split_terms(text, "atouts"), "la liste d'atouts"),
    ],
)
def test_the_core_refuses_an_undecodable_byte_without_repeating_it(reader, call, what):
    with pytest.raises(InputError) as info:
        call(reader, "son\udcff")
    assert describe(info.value)[0] == f"Caractère illisible dans {what} : un octet n'est pas du texte UTF-8."


def test_every_name_of_the_referential_fits_the_bound_with_room_to_spare(dataset):
    from orient.profile import MAX_FIELD

    for track in dataset.referential.tracks:
        for spec in track.specialites:
            for alias in (spec.name, *spec.aliases):
                assert len(f"bac technologique {track.code} spécialité {alias}") < MAX_FIELD * 0.7, alias


def test_phrase_matching_grows_linearly_with_the_text(reader, monkeypatch):
    """Without the bound, a text a thousand times longer takes about a thousand times longer, not a million."""
    import time

    import orient.profile

    monkeypatch.setattr(orient.profile, "MAX_FIELD", 10**7)
    for text in ("sti2d pro général " * 3000, "cuisine sin photo " * 3000):
        started = time.perf_counter()
        with pytest.raises(InputError):
            reader.parse_bac(text)
        assert time.perf_counter() - started < 3
    started = time.perf_counter()
    with pytest.raises(InputError):
        reader.parse_specialites(reader.track("STI2D"), ["sin x " * 10000])
    assert time.perf_counter() - started < 3


def test_tracks_are_named_from_one_place(dataset):
    from orient.eligibility import route_label
    from orient.models import Route
    from orient.profile import bac_phrase, route_name, short_name

    tracks = {t.code: t for t in dataset.referential.tracks}
    names = {code: (short_name(t), bac_phrase(t), route_name(t)) for code, t in tracks.items()}
    assert names["STI2D"] == ("STI2D", "bac STI2D", "bac STI2D")
    assert names["GENERAL"] == ("bac général", "bac général", "bac général")
    assert names["PRO"] == ("bac pro", "bac pro", "bac professionnel")
    assert names["DAEU"] == ("DAEU", "DAEU", "DAEU")
    for code, track in tracks.items():
        assert route_label(Route(kind="bac", track=code), tracks) == route_name(track)
