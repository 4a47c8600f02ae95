"""The access parser: sentence shapes of ONISEP's « Accès » texts, rewritten for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orient.onisep.access import AccessParser


@pytest.fixture(scope="module")
def parser(dataset) -> AccessParser:
    return AccessParser(dataset.referential)


def routes(result) -> set[tuple]:
    return {(r.kind, r.track, r.specialites, r.min_level) for r in result.access.routes}


def test_bts_with_bridge_general_techno_speciality_and_pro(parser):
    text = (
        "Le BTS cinéma option lumière est accessible après une mise à niveau, un bac général, un bac technologique "
        "STI2D (sciences et technologies de l'industrie et du développement durable) spécialité systèmes "
        "d'information et numérique ou un bac professionnel. Accès sur dossier, voire tests et/ou entretien."
    )
    result = parser.parse(text, source="fiche")
    assert result.status == "complete"
    assert routes(result) == {
        ("bridge", "MAN", (), 0),
        ("bac", "GENERAL", (), 0),
        ("bac", "STI2D", ("SIN",), 0),
        ("bac", "PRO", (), 0),
    }
    assert result.access.selection == ("dossier", "tests", "entretien")
    assert result.access.source == "fiche"


def test_full_series_name_with_speciality_full_name(parser):
    text = (
        "Le BTS mesures est accessible avec un bac sciences et technologies de laboratoire spécialité sciences "
        "physiques et chimiques en laboratoire ou un bac général."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert ("bac", "STL", ("SPCL",), 0) in routes(result)


def test_acronym_list_in_brackets_and_generic_techno(parser):
    result = parser.parse(
        "Le BUT chimie est accessible à tout titulaire d'un baccalauréat technologique (STL, STI2D), général ou professionnel."
    )
    assert result.status == "complete"
    assert routes(result) == {("bac", "STL", (), 0), ("bac", "STI2D", (), 0), ("bac", "GENERAL", (), 0), ("bac", "PRO", (), 0)}


def test_techno_with_examples_keeps_every_serie_open(parser):
    result = parser.parse("Le BTS tourisme vert est accessible avec un bac technologique, notamment STAV, ou un bac général.")
    assert ("bac", "TECHNO", (), 0) in routes(result)
    assert ("bac", "STAV", (), 0) in routes(result)


def test_pro_speciality_known_and_unknown(parser):
    result = parser.parse("Le BTS image imprimée est accessible avec un bac pro réalisation de produits imprimés et plurimédia ou un bac pro cuisine.")
    found = {(r.specialites, r.other_specialites) for r in result.access.routes if r.track == "PRO"}
    assert (("RPIP",), ()) in found
    assert ((), ("cuisine",)) in found


def test_prior_level_routes(parser):
    result = parser.parse("Cette licence pro recrute des titulaires d'un bac + 2 (BTS, BUT ou L2) du domaine, sur dossier et entretien.")
    assert result.status == "complete"
    assert {r.min_level for r in result.access.routes} == {2}
    assert all(r.kind == "level" for r in result.access.routes)


def test_licence_years_of_entry(parser):
    text = (
        "En L1 (admission via la procédure Parcoursup) : les bacheliers généraux sont majoritaires.\n"
        "En L2 ou L3 (admission sur dossier) : pour ceux ayant déjà effectué 1 ou 2 années d'études supérieures."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert ("bac", "GENERAL", (), 0) in routes(result)
    assert ("level", "", (), 1) in routes(result)


def test_concours_and_age_limit(parser):
    result = parser.parse("L'école recrute sur concours après un bac + 2. Il faut avoir moins de 27 ans au 31 décembre de l'année du concours.")
    assert result.status == "complete"
    assert result.access.age_max == 26
    assert "concours" in result.access.selection


def test_minimum_age(parser):
    result = parser.parse("Les candidats doivent être âgés de 18 ans au moins à l'entrée en formation. Accès sur dossier via Parcoursup.")
    assert result.access.age_min == 18


def test_pre_bac_formation_after_troisieme(parser):
    result = parser.parse("Ce CAP se prépare en 2 ans après la 3e.")
    assert result.status == "complete"
    assert routes(result) == {("level", "", (), -3)}


def test_formation_name_as_subject_is_not_a_route(parser):
    result = parser.parse("Le BTS conception est accessible avec un bac STI2D.")
    assert routes(result) == {("bac", "STI2D", (), 0)}  # « BTS » names the formation, not a bac+2 route


def test_requirements_are_kept_word_for_word(parser):
    text = "- Aucun diplôme scolaire requis, sauf pour les candidatures via Parcoursup, qui nécessitent le bac\n- Présenter un certificat médical de non-contre-indication à la pratique sportive"
    result = parser.parse(text)
    assert result.status == "complete"
    assert result.access.requirements == ("Présenter un certificat médical de non-contre-indication à la pratique sportive",)


def test_named_diploma_is_listed_never_met(parser):
    result = parser.parse("Le certificat recrute des titulaires d'un brevet professionnel du secteur de la boulangerie.")
    assert [r.kind for r in result.access.routes] == ["diploma"]


def test_unknown_fragment_makes_the_card_uncertain(parser):
    result = parser.parse("Le BTS est accessible avec un bac général. Une lettre du parrain est exigée après trois saisons en salle labellisée.")
    assert result.status == "partial"
    assert result.access is None
    assert result.unparsed == ("Une lettre du parrain est exigée après trois saisons en salle labellisée.",)


def test_text_without_any_route_is_not_complete(parser):
    result = parser.parse("Accès sur dossier et entretien.")
    assert result.status != "complete" and result.access is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=300))
def test_parser_never_fails_and_is_consistent(parser, text):
    result = parser.parse(text)
    assert result.status in ("complete", "partial", "none")
    assert (result.access is not None) == (result.status == "complete")
    if result.access is not None:
        assert result.access.routes and not result.unparsed
    assert parser.parse(text) == result  # same text, same rules


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["un bac général", "un bac STI2D", "un bac STMG", "un bac professionnel", "une mise à niveau"]), min_size=1, max_size=4, unique=True))
def test_any_list_of_known_routes_parses_completely(parser, items):
    text = f"Le BTS est accessible avec {', '.join(items)}. Accès sur dossier."
    result = parser.parse(text)
    assert result.status == "complete"
    assert len(result.access.routes) == len(items)
