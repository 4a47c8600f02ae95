"""Interests, strengths and fit: reading free text, scoring, ranking, the CLI."""

from __future__ import annotations

import json

import pytest

from orient.fit import FIT_LEVELS, assess_fit, fit_level, read_wishes
from orient.preferences import StrengthReader, split_terms

CHECK = ["check", "--bac", "STI2D", "--specialite", "SIN"]
DOD = [*CHECK, "--interets", "cinéma, lumière, caméra", "--atouts", "travail en équipe, anglais"]


# -- reading --atouts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("anglais", "langues étrangères"),
        ("Anglais", "langues étrangères"),
        ("travail en équipe", "travail en équipe"),
        ("équipe", "travail en équipe"),
        ("sciences", "sciences et technologie"),
        ("maths", "mathématiques"),
        ("bon en anglais", "langues étrangères"),
        ("rigueur", "rigueur"),
        ("empathie", "sens du relationnel"),
        ("bureautique", "compétences numériques"),
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


# -- bad input ----------------------------------------------------------------------------


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
        ("STI2D", ["SIN"], "caméra", None, "strong"),
        ("STI2D", ["SIN"], "cinéma, lumière, caméra", "travail en équipe, anglais", "good"),
        ("STI2D", ["SIN"], "cinéma", None, "partial"),
        ("général", [], "animaux", None, "weak"),
    ],
)
def test_each_fit_level_is_reached_on_the_seed_card(dataset, reader, bac, specs, interets, atouts, level):
    fit = _seed_fit(dataset, reader, bac, specs, interets, atouts)
    assert fit.code == level, fit.score
    assert 0 <= fit.score <= 1


def test_fit_levels_cover_zero_to_one():
    assert [fit_level(x) for x in (0.0, 0.24, 0.25, 0.5, 0.74, 0.75, 1.0)] == [
        "weak",
        "weak",
        "partial",
        "good",
        "good",
        "strong",
        "strong",
    ]
    assert FIT_LEVELS[-1][1] == 0.0


def test_attendus_say_where_each_strength_comes_from(dataset, reader):
    fit = _seed_fit(dataset, reader, "STI2D", ["SIN"], "caméra, lumière", "travail en équipe")
    met = {a.label: a.covered_by for a in fit.attendus_met}
    science = next(label for label in met if "scientifiques" in label)
    assert met[science] == ("déduit de votre bac STI2D",)
    assert ("indiqué par vous : « travail en équipe »",) in met.values()
    assert any(origin.startswith("vos centres d'intérêt") for origins in met.values() for origin in origins)
    assert any(advice.startswith("Pratiquer régulièrement l'anglais") for advice in fit.advice)


def test_without_deduction_the_bac_gives_no_strength(dataset, reader):
    fit = _seed_fit(dataset, reader, "STI2D", ["SIN"], "cinéma", None, deduce=False)
    assert not any("déduit" in o for a in fit.attendus_met for o in a.covered_by)
    assert any(advice.startswith("Consolider vos bases scientifiques et technologiques") for advice in fit.advice)


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
    assert " ".join(verdict_column.split()) == "accès direct adéquation : bon (0,53)"
    text = " ".join(result.stdout.split())
    assert "Intérêt — caméra : dans sa présentation ; au sens de cadreur" in text
    assert "Pour progresser :" in text and "Prêt pour 4 attendus sur 7." in text
    assert "Vos atouts : travail en équipe ; langues étrangères" in result.stderr
    assert "Atouts déduits : sciences et technologie ; mathématiques ; communication technique (déduit de votre bac STI2D)" in result.stderr


def test_with_interests_the_best_match_comes_first_weighed_by_how_reachable(run):
    first = run(*DOD, "-f", "json").stdout
    assert first == run(*DOD, "-f", "json").stdout  # stable
    rows = json.loads(first)
    from orient.records import REACH

    assert REACH["later"] < REACH["unknown"] < REACH["possible"]  # what needs years of study first comes after
    keys = [round((r["fit_score"] or 0) * REACH[r["verdict"]], 6) for r in rows]
    assert keys == sorted(keys, reverse=True)


def test_tri_verdict_puts_access_first(run):
    rows = json.loads(run(*DOD, "--tri", "verdict", "-f", "json").stdout)
    ranks = ["recommended", "possible", "bridge", "later", "unknown", "excluded"]
    keys = [(ranks.index(r["verdict"]), -(r["fit_score"] or -1)) for r in rows]
    assert keys == sorted(keys)


def test_readiness_breaks_ties_but_never_lowers_a_match(run):
    rows = json.loads(run(*DOD, "-f", "json").stdout)
    with_attendus = [r for r in rows if r["readiness"] is not None and r["fit_score"]]
    without = [r for r in rows if r["readiness"] is None and r["fit_score"]]
    assert with_attendus and without
    # A formation publishing no attendus is not pushed below one that does with a lower match.
    pairs = [(a, b) for a in with_attendus for b in without if b["verdict"] == a["verdict"] and b["fit_score"] > a["fit_score"]]
    assert pairs  # the rule is put to the test on this profile
    assert all(rows.index(b) < rows.index(a) for a, b in pairs)


def test_csv_flattens_fit_details(run):
    out = run(*DOD, "-f", "csv").stdout
    header = out.splitlines()[0].split(",")
    assert {"fit", "fit_score", "interest_matches", "attendus_met", "attendus_missing", "advice"} <= set(header)


def test_metiers_ranked_by_interests(run):
    rows = json.loads(run("metiers", "--interets", "son, musique", "-f", "json").stdout)
    scores = [r["interest_score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    top = [r["id"] for r in rows[:4]]
    assert "ingenieur-son" in top
    match = next(r for r in rows if r["id"] == "ingenieur-son")["interest_matches"]
    assert match[0]["input"] == "son" and "name" in match[0]["fields"]
    table = " ".join(run("metiers", "--interets", "son", env={"COLUMNS": "250"}).stdout.split())
    assert "Intérêts retrouvés" in table and "son : dans le nom du métier" in table


def test_interets_lists_the_taxonomy_and_the_strengths(run):
    rows = json.loads(run("interets", "-f", "json").stdout)
    assert len(rows) == 32
    cinema = next(r for r in rows if r["id"] == "tv-cine-radio")
    assert cinema["label"] == "TV, ciné, radios : ces univers me fascinent" and "cinéma" in cinema["keywords"]
    tags = json.loads(run("interets", "--atouts", "-f", "json").stdout)
    assert {"label", "keywords", "advice"} == set(tags[0])
    assert any(t["label"] == "langues étrangères" and "anglais" in t["keywords"] for t in tags)


@pytest.mark.parametrize(
    ("specs", "tags"),
    [
        (["maths", "nsi"], {"raisonnement et esprit critique", "mathématiques", "compétences numériques"}),
        (["pc", "svt"], {"raisonnement et esprit critique", "sciences et technologie"}),
        (["ses", "hggsp"], {"raisonnement et esprit critique", "expression écrite et orale", "économie, droit et gestion"}),
        (["llcer", "hlp"], {"expression écrite et orale", "langues étrangères", "culture générale"}),
    ],
)
def test_the_specialites_give_the_reasoning_and_writing_their_programmes_train(dataset, reader, specs, tags):
    """A scientific spécialité trains reasoning as much as HLP does; SES and HGGSP, argued writing too."""
    wishes = read_wishes(dataset, reader.profile("général", specs, None, None), None, None, deduce=True)
    assert tags <= {s.tag for s in wishes.strengths}
