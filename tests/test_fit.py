"""Interests, strengths and fit: reading free text, scoring, ranking, the CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orient.fit import FIT_LEVELS, assess_fit, fit_level, read_wishes
from orient.preferences import InterestReader, StrengthReader, split_terms

CHECK = ["check", "--bac", "STI2D", "--specialite", "SIN"]
DOD = [*CHECK, "--interets", "cinéma, lumière, caméra", "--atouts", "travail en équipe, anglais"]


@pytest.fixture(scope="module")
def interests(dataset):
    return InterestReader(dataset)


# -- reading --interets and --atouts -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "interest"),
    [
        ("cinéma", "tv-cine-radio"),
        ("CINEMA", "tv-cine-radio"),  # case and accents
        ("cinémas", "tv-cine-radio"),  # plural
        ("cinma", "tv-cine-radio"),  # typo
        ("lumieres", "spectacle"),
        ("j'aime le cinéma", "tv-cine-radio"),  # inside a phrase
        ("caméra", "tv-cine-radio"),
        ("cadrage", "tv-cine-radio"),
        ("théatre", "spectacle"),  # wrong accent
        ("jeux vidéos", "numerique"),
        ("effets spéciaux", "numerique"),
        ("voyages", "etranger"),
        ("dessins", "dessin"),
        ("budget", "organiser"),
        ("réalisateur", "tv-cine-radio"),  # synonym
        ("guitare", "spectacle"),
        ("opérateur", "tv-cine-radio"),  # a word of many métier names
    ],
)
def test_free_text_maps_to_interests(interests, text, interest):
    term = interests.read_term(text)
    assert term is not None and interest in term.interests, term


@pytest.mark.parametrize(
    ("text", "metier"),
    [("son", "ingenieur-son"), ("lumière", "regisseur-lumiere"), ("caméra", "assistant-operateur"), ("dessin", "animateur-2d-3d")],
)
def test_words_inside_metier_names_point_to_those_metiers(interests, text, metier):
    assert metier in interests.read_term(text).metiers


def test_a_word_in_many_metier_names_names_none_of_them(interests):
    assert interests.read_term("opérateur").metiers == ()


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("anglais", "anglais"),
        ("Anglais", "anglais"),
        ("travail en équipe", "travail en équipe"),
        ("équipe", "travail en équipe"),
        ("sciences", "sciences et technologie"),
        ("maths", "sciences et technologie"),
        ("bon en anglais", "anglais"),
        ("rigueur", "organisation et autonomie"),
        ("oral", "expression écrite et orale"),
        ("dessins", "dessin"),
        ("creatif", "créativité"),
    ],
)
def test_free_text_maps_to_strengths(dataset, text, tag):
    assert tag in StrengthReader(dataset.referential).read_term(text)


def test_terms_are_split_on_commas_semicolons_and_slashes():
    assert split_terms("cinéma, lumière ; son / montage", "x") == ["cinéma", "lumière", "son", "montage"]
    assert split_terms("sciences et technologie", "x") == ["sciences et technologie"]


@given(st.text(max_size=40))
def test_reading_any_text_never_crashes(text):
    from conftest import FIXTURES
    from orient.dataset import load

    reader = InterestReader(load(FIXTURES / "mini"))
    term = reader.read_term(text) if text.strip() else None
    assert term is None or term.interests or term.metiers


# -- bad input ----------------------------------------------------------------------------


def test_unknown_interest_is_refused_with_a_suggestion(run):
    result = run(*CHECK, "--interets", "cinéma, peinturlure")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Erreur : Centre d'intérêt non reconnu : « peinturlure ».\nVouliez-vous dire peinture")
    assert "orient interets" in result.stderr


def test_several_unknown_words_are_all_named(run):
    result = run("metiers", "--interets", "peinturlure, aquarelle")
    assert result.exit_code == 2
    assert "Centres d'intérêt non reconnus : « peinturlure », « aquarelle »." in result.stderr
    assert "« peinturlure » → peinture" in result.stderr


def test_unknown_strength_is_refused(run):
    result = run(*CHECK, "--atouts", "jonglage")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : Atout non reconnu : « jonglage ».")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*CHECK, "--tri", "fit"], "Erreur : --tri fit classe par adéquation : indiquez aussi --interets ou --atouts.\n"),
        ([*CHECK, "--tri", "fitt", "--interets", "son"], "Erreur : Ordre inconnu : « fitt ».\nVouliez-vous dire fit ?\n"),
        ([*CHECK, "--interets", " , "], "Erreur : La liste de centres d'intérêt est vide.\n"),
    ],
)
def test_bad_fit_options(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


# -- fit -----------------------------------------------------------------------------------


def _seed_fit(dataset, reader, bac, specs=(), interets=None, atouts=None, deduce=True):
    profile = reader.profile(bac, list(specs), None, None)
    wishes = read_wishes(dataset, profile, interets, atouts, deduce=deduce)
    return assess_fit(dataset.formations["bts-mav-image"], dataset, wishes)


@pytest.mark.parametrize(
    ("bac", "specs", "interets", "atouts", "level"),
    [
        ("STI2D", ["SIN"], "cinéma, lumière, caméra", "travail en équipe, anglais", "strong"),
        ("STI2D", ["SIN"], "cinéma", None, "good"),
        ("général", [], "musique", None, "partial"),
        ("général", [], "animaux", None, "weak"),
    ],
)
def test_each_fit_level_is_reached_on_the_seed_card(dataset, reader, bac, specs, interets, atouts, level):
    fit = _seed_fit(dataset, reader, bac, specs, interets, atouts)
    assert fit.code == level, fit.score
    assert 0 <= fit.score <= 1


def test_fit_levels_cover_zero_to_one():
    assert [fit_level(x) for x in (0.0, 0.24, 0.25, 0.5, 0.74, 0.75, 1.0)] == [
        "weak", "weak", "partial", "good", "good", "strong", "strong"
    ]
    assert FIT_LEVELS[-1][1] == 0.0


def test_attendus_say_where_each_strength_comes_from(dataset, reader):
    fit = _seed_fit(dataset, reader, "STI2D", ["SIN"], "cinéma, lumière", "travail en équipe")
    met = {a.label: a.covered_by for a in fit.attendus_met}
    science = next(label for label in met if "scientifiques" in label)
    assert met[science] == ("déduit de votre bac STI2D",)
    assert ("indiqué par vous : « travail en équipe »",) in met.values()
    assert any(origin.startswith("vos centres d'intérêt") for origins in met.values() for origin in origins)
    assert "Renforcer l'anglais écrit et oral" in fit.advice


def test_without_deduction_the_bac_gives_no_strength(dataset, reader):
    fit = _seed_fit(dataset, reader, "STI2D", ["SIN"], "cinéma", None, deduce=False)
    assert not any("déduit" in o for a in fit.attendus_met for o in a.covered_by)
    assert "Consolider les bases scientifiques et technologiques (mathématiques, physique)" in fit.advice


def test_cinema_specialite_shows_an_interest_for_the_domain(dataset, reader):
    fit = _seed_fit(dataset, reader, "général", ["cinéma"], None, "anglais")
    origins = [o for a in fit.attendus_met for o in a.covered_by]
    assert "déduit de votre spécialité ARTS-CINEMA" in origins
    assert "culture artistique" in {t for a in fit.attendus_met for t in a.tags} or not any(
        "culture artistique" in a.tags for a in dataset.formations["bts-mav-image"].attendus
    )


def test_no_fit_without_interests_or_strengths(run):
    rows = json.loads(run(*CHECK, "-f", "json").stdout)
    assert all(r["fit"] is None and r["fit_score"] is None for r in rows)
    # attendus are still checked against what the bac implies
    seed = next(r for r in rows if r["id"] == "bts-mav-image")
    assert seed["attendus_met"] and seed["attendus_missing"]


# -- the student of the issue, ranking, CLI ----------------------------------------------------


def test_sti2d_sin_student_sees_the_seed_card_first(run):
    result = run(*DOD, "-f", "json")
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout)[0]
    assert first["id"] == "bts-mav-image"
    assert first["fit"] in ("strong", "good")
    assert {m["input"] for m in first["interest_matches"]} == {"cinéma", "lumière", "caméra"}
    assert first["attendus_missing"] and first["advice"]
    for key in ("fit", "fit_score", "interest_matches", "attendus_met", "attendus_missing", "advice"):
        assert key in first


def test_table_explains_fit_and_what_to_work_on(run):
    result = run(*DOD)
    assert result.exit_code == 0
    first_block = result.stdout.split("\n\n")[0].splitlines()[2:]
    verdict_column = " ".join(line[:14].strip() for line in first_block)
    assert " ".join(verdict_column.split()) == "accès direct adéquation : excellent (0,77)"
    assert "À travailler :" in result.stdout and "Attendus couverts : 4 sur 7." in result.stdout
    assert "Vos atouts : travail en équipe, anglais" in result.stderr
    assert "Atouts déduits : sciences et technologie, communication technique (déduit de votre bac STI2D)" in result.stderr


def test_ranking_is_stable_and_sorted(run):
    first = run(*DOD, "-f", "json").stdout
    assert first == run(*DOD, "-f", "json").stdout
    rows = json.loads(first)
    ranks = ["recommended", "possible", "bridge", "later", "unknown", "excluded"]
    keys = [(ranks.index(r["verdict"]), -(r["fit_score"] or -1)) for r in rows]
    assert keys == sorted(keys)


def test_tri_fit_sorts_by_fit_alone(run):
    rows = json.loads(run(*DOD, "--tri", "fit", "-f", "json").stdout)
    scores = [r["fit_score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["verdict"] == "recommended"


def test_csv_flattens_fit_details(run):
    out = run(*DOD, "-f", "csv").stdout
    header = out.splitlines()[0].split(",")
    assert {"fit", "fit_score", "interest_matches", "attendus_met", "attendus_missing", "advice"} <= set(header)


def test_metiers_ranked_by_interests(run):
    rows = json.loads(run("metiers", "--interets", "son, musique", "-f", "json").stdout)
    assert rows[0]["interest_score"] == 1.0 or rows[0]["interest_score"] >= rows[-1]["interest_score"]
    top = [r["id"] for r in rows[:4]]
    assert "ingenieur-son" in top
    match = next(r for r in rows if r["id"] == "ingenieur-son")["interest_matches"]
    assert match[0]["input"] == "son" and match[0]["metiers"] == ["ingenieur-son"]
    table = run("metiers", "--interets", "son").stdout
    assert "Intérêts retrouvés" in table and "son : ingénieur/e du son" in table


def test_interets_lists_the_taxonomy_and_the_strengths(run):
    rows = json.loads(run("interets", "-f", "json").stdout)
    assert len(rows) == 32
    cinema = next(r for r in rows if r["id"] == "tv-cine-radio")
    assert cinema["label"] == "TV, ciné, radios : ces univers me fascinent" and "cinéma" in cinema["keywords"]
    tags = json.loads(run("interets", "--atouts", "-f", "json").stdout)
    assert {"label", "keywords", "advice"} == set(tags[0])
    assert any(t["label"] == "anglais" for t in tags)
