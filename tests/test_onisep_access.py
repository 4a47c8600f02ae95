"""The access parser: sentence shapes of ONISEP's « Accès » texts, rewritten for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, build_cards
from orient.eligibility import assess
from orient.onisep.access import AccessParser
from orient.onisep.access.fragments import LONGEST_FRAGMENT, LONGEST_TEXT
from orient.profile import BacReader


@pytest.fixture(scope="module")
def parser(dataset) -> AccessParser:
    return AccessParser(dataset.referential)


def routes(result) -> set[tuple]:
    return {(r.kind, r.track, r.specialites, r.min_level) for r in result.access.routes}


def test_a_text_read_again_gives_the_same_rules_with_its_own_source(parser):
    # The import reads each distinct text once: a second card with the same text keeps its own source.
    text = "Le BTS est accessible avec un bac STI2D ou un bac professionnel. Admission sur dossier."
    first = parser.parse(text, source="fiche A")
    second = parser.parse(text, source="fiche B")
    assert first.access.source == "fiche A"
    assert second.access.source == "fiche B"
    assert routes(second) == routes(first) == {("bac", "STI2D", (), 0), ("bac", "PRO", (), 0)}
    assert second.access.summary == first.access.summary
    assert parser.parse(text, source="fiche A") == first


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
    result = parser.parse(
        "Le BTS image imprimée est accessible avec un bac pro réalisation de produits imprimés et plurimédia "
        "ou un bac pro cuisine moléculaire."
    )
    found = {(r.specialites, r.other_specialites) for r in result.access.routes if r.track == "PRO"}
    assert (("RPIP",), ()) in found
    assert ((), ("cuisine moléculaire",)) in found


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
    result = parser.parse(
        "L'école recrute sur concours après un bac + 2. Il faut avoir moins de 27 ans au 31 décembre de l'année du concours."
    )
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


@pytest.mark.parametrize(
    "text",
    [
        "Ce bac professionnel se prépare en 3 ans après la classe de 3e.",
        "Les élèves issus d'une classe de 3e peuvent préparer ce bac pro en 3 ans.",
        "Ce bac pro se prépare en trois ans après la classe de troisième.\n\n"
        "Dans les établissements de l'Éducation nationale, les élèves entrent directement dans cette spécialité "
        "de bac professionnel sans passer par une 2de professionnelle famille de métiers.",
        "Ce bac pro se prépare en 3 ans après la classe de 3e.\n\nDans les établissements agricoles, les élèves "
        "entrent en 2de professionnelle agricole productions pour préparer cette spécialité du bac professionnel.",
    ],
)
def test_the_wordings_of_a_bac_pro_prepared_after_the_troisieme(parser, text):
    result = parser.parse(text)
    assert result.status == "complete", result.unparsed
    assert routes(result) == {("level", "", (), -3)}


def test_quoted_pro_specialites_and_an_option_said_less_suited(parser):
    # « spécialités « A » et « B » »: two quoted names; the option the card says is less suited leaves the planned way.
    text = "Le CS recrute sur Parcoursup des bacheliers professionnels spécialités « aéronautique » et « aviation générale »."
    assert routes(parser.parse(text)) == {("bac", "PRO", ("AERO", "AVIATION"), 0)}
    text += (
        ' L\'option "structure" du bac pro aéronautique étant moins adaptée à la poursuite dans ce CS, '
        "les diplômés doivent fournir un effort de mise à niveau."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert routes(result) == {("bac", "PRO", ("AERO-AVIONIQUE", "AERO-SYSTEMES", "AVIATION"), 0)}


def test_formation_name_as_subject_is_not_a_route(parser):
    result = parser.parse("Le BTS conception est accessible avec un bac STI2D.")
    assert routes(result) == {("bac", "STI2D", (), 0)}  # « BTS » names the formation, not a bac+2 route


def test_requirements_are_kept_word_for_word(parser):
    text = (
        "- Aucun diplôme scolaire requis, sauf pour les candidatures via Parcoursup, qui nécessitent le bac\n"
        "- Présenter un certificat médical de non-contre-indication à la pratique sportive"
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert result.access.requirements == ("Présenter un certificat médical de non-contre-indication à la pratique sportive",)


def test_named_diploma_is_listed_never_met(parser):
    result = parser.parse("Le certificat recrute des titulaires d'un brevet professionnel du secteur de la boulangerie.")
    assert [r.kind for r in result.access.routes] == ["diploma"]


def test_condition_sentence_is_kept_as_a_requirement(parser):
    result = parser.parse(
        "Le BTS est accessible avec un bac général. Une lettre du parrain est exigée après trois saisons en salle labellisée."
    )
    assert result.status == "complete"
    assert result.access.requirements == ("Une lettre du parrain est exigée après trois saisons en salle labellisée",)


def test_unknown_diploma_makes_the_card_uncertain(parser):
    result = parser.parse("Le BTS est accessible avec un bac général. Accès aussi aux titulaires du certificat XYZ des arts forains.")
    assert result.status == "partial"
    assert result.access is None
    assert result.unparsed == ("Accès aussi aux titulaires du certificat XYZ des arts forains.",)


def test_recommendation_changes_no_rule(parser):
    result = parser.parse("Le BTS est ouvert aux bacheliers STI2D. La pratique d'un instrument est vivement recommandée.")
    assert result.status == "complete"
    assert routes(result) == {("bac", "STI2D", (), 0)}
    assert result.access.recommendations == ("La pratique d'un instrument est vivement recommandée",)
    assert result.access.requirements == ()


def test_figures_and_exemptions_add_no_route(parser):
    result = parser.parse(
        "Le diplôme est accessible après un bac + 2. En 2022, 40 % des admis venaient d'un bac technologique. "
        "Les titulaires d'un BTS du secteur sont dispensés de l'épreuve écrite."
    )
    assert result.status == "complete"
    assert routes(result) == {("level", "", (), 2)}


def test_later_year_entry_does_not_close_the_first_year(parser):
    result = parser.parse(
        "En 1re année : concours avec le bac de l'année.\nEn 3e année : passerelle réservée aux étudiants de l'IUT voisin."
    )
    assert result.status == "complete"
    assert result.access.others == "possible"
    assert routes(result) == {("bac", "ANY", (), 0)}
    assert result.access.requirements == ()


def test_pro_field_list_is_kept_in_the_card_words(parser):
    result = parser.parse("Le BTS est accessible avec un bac pro du domaine de la logistique ou du transport, ou un bac général.")
    assert result.status == "complete"
    pro = next(r for r in result.access.routes if r.track == "PRO")
    assert pro.other_specialites == ("domaine de la logistique ou du transport",)


def test_pro_list_without_repeating_bac(parser):
    result = parser.parse("Accessible avec un bac STAV ou un bac pro forêt ou gestion des milieux naturels et de la faune.")
    pro = next(r for r in result.access.routes if r.track == "PRO")
    assert pro.specialites == ("FORET", "GMNF") and not pro.other_specialites


def test_pro_list_keeps_unknown_names_in_the_card_words(parser):
    result = parser.parse("Accessible avec un bac STAV ou un bac pro tonnellerie ou gestion des volcans.")
    pro = next(r for r in result.access.routes if r.track == "PRO")
    assert pro.other_specialites == ("tonnellerie ou gestion des volcans",)


def test_pro_acronyms_are_read_as_specialites(parser):
    result = parser.parse("Ce BTS recrute des titulaires d'un bac pro MELEC ou d'un bac pro ASSP.")
    found = {c for r in result.access.routes if r.track == "PRO" for c in r.specialites}
    assert found == {"MELEC", "ASSP"}


def test_general_bac_with_named_specialities(parser):
    result = parser.parse("Le BTS est ouvert avec un bac général aux enseignements de sciences de l'ingénieur ou physique-chimie.")
    assert routes(result) == {("bac", "GENERAL", ("SI", "PC"), 0)}


def test_techno_speciality_in_brackets(parser):
    result = parser.parse("Le BTS est accessible avec un bac STI2D (spécialité architecture et construction) ou un bac général.")
    assert ("bac", "STI2D", ("AC",), 0) in routes(result)


def test_preferred_speciality_does_not_restrict(parser):
    result = parser.parse("Accessible avec un bac technologique (STL, de préférence sciences physiques et chimiques en laboratoire).")
    assert ("bac", "STL", (), 0) in routes(result)


def test_series_named_without_the_word_bac(parser):
    result = parser.parse("En L1 : les bacheliers technologiques (selon l'orientation de la licence : STI2D, STL).")
    # The bracket says which séries of the family fit this licence: those, not every technological bac.
    assert routes(result) == {("bac", "STI2D", (), 0), ("bac", "STL", (), 0)}


def test_ages_in_words_and_ranges(parser):
    words = parser.parse("Le cycle est accessible aux candidats âgés de dix-huit ans au moins. Sans diplôme requis.")
    assert words.access.age_min == 18
    span = parser.parse("Entrée sur concours après un bac. Des conditions d'âge s'appliquent (de 18 à 25 ans).")
    assert (span.access.age_min, span.access.age_max) == (18, 25)


def test_named_cap_and_state_diploma_carry_their_level(parser):
    cap = parser.parse("Ce CS est ouvert aux titulaires du CAP « pâtissier ».")
    # A CAP sits one level below the bac.
    assert [(r.kind, r.min_level, r.label) for r in cap.access.routes] == [("diploma", -1, "un CAP (« pâtissier »)")]
    state = parser.parse("La formation est accessible sur concours aux titulaires du DE d'infirmier ou de sage-femme.")
    assert [(r.kind, r.min_level) for r in state.access.routes] == [("diploma", 3)]
    assert "infirmier ou de sage-femme" in state.access.routes[0].label


def test_state_diploma_of_unknown_level_stays_uncertain(parser):
    result = parser.parse("La formation est accessible aux titulaires du diplôme d'État de dresseur de chevaux de trait.")
    assert result.status != "complete"


def test_level_four_diploma_means_any_bac(parser):
    result = parser.parse("Les candidats doivent être titulaires d'un diplôme de niveau 4 (bac).")
    assert routes(result) == {("bac", "ANY", (), 0)}


def test_higher_diploma_route_means_later_for_a_lyceen(parser, dataset):
    import msgspec

    from orient.eligibility import assess
    from orient.profile import BacReader

    access = parser.parse("La formation est accessible sur concours aux titulaires du DE d'infirmier.").access
    formation = msgspec.structs.replace(dataset.formations["bts-mav-image"], access=access)
    profile = BacReader(dataset.referential).profile("STI2D", ["SIN"], None, None)
    verdict = assess(formation, profile, dataset)
    assert verdict.code == "later"
    assert "infirmier" in verdict.reasons[0]


def test_text_without_any_route_is_not_complete(parser):
    result = parser.parse("Accès sur dossier et entretien.")
    # Understood, but naming no way in: the conditions are kept for the national rule to complete.
    assert result.status == "partial" and not result.access.routes
    assert result.access.selection == ("dossier", "entretien")


def test_franco_sentence_is_information(parser):
    result = parser.parse("Le BTS est accessible avec un bac général. Un double diplôme franco-allemand est ouvert aux bacheliers STI2D.")
    assert result.status == "complete"
    assert routes(result) == {("bac", "GENERAL", (), 0)}


# -- texts far longer than any access text: not read, and the card stays uncertain -----------------


def test_over_long_sentence_is_not_read(parser):
    sentence = " ".join(["les bacheliers professionnels ou technologiques de la spécialité"] * 40)
    assert len(sentence) > LONGEST_FRAGMENT
    result = parser.parse(f"Le BTS est accessible avec un bac général. {sentence.capitalize()}")
    assert (result.status, result.access, result.fragments) == ("partial", None, 2)
    # The sentence is named by its start only, cut between two words.
    (named,) = result.unparsed
    head = named.removesuffix(" […]")
    assert head != named and sentence.capitalize().startswith(head) and sentence[len(head)] == " "
    assert 150 < len(named) < 220


def test_over_long_text_is_not_read(parser):
    text = "Le BTS est accessible avec un bac général."
    assert parser.parse(text.ljust(LONGEST_TEXT)).status == "complete"
    result = parser.parse(text.ljust(LONGEST_TEXT + 1))
    assert (result.status, result.access, result.unparsed) == ("none", None, (text,))


# -- shapes found by a third reading of real cards --------------------------------------


def test_health_studies_after_a_first_year_are_no_way_in_for_a_bachelier(parser):
    # Parcoursup is where the first year (PASS, L.AS) is asked for, not a way into the formation itself.
    text = (
        "On entre en formation après avoir validé une PASS ou une licence avec option accès santé (L.AS). "
        "La préinscription se fait sur Parcoursup."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert routes(result) == {("level", "", (), 1)}
    # The first year it names is the PASS (or an L.AS), not any year of the health field (a DEUST).
    assert [r.field for r in result.access.routes] == ["PASS ou L.AS"]
    # Parcoursup with a selection of its own stays a way in beside the first year.
    text = "L'admission se fait sur dossier via Parcoursup, ou après une première année universitaire (PASS, L.AS)."
    assert ("bac", "ANY", (), 0) in routes(parser.parse(text))


def test_an_age_to_have_and_a_date_that_does_not_hide_the_bac(parser):
    result = parser.parse("Pour entrer en formation, il faut avoir 18 ans et une attestation de réussite au probatoire.")
    assert result.access.age_min == 18 and result.access.age_max is None
    result = parser.parse(
        "Les candidats doivent être âgés de 17 ans au moins au 31 décembre de l'année d'entrée et titulaires "
        "d'un baccalauréat ou d'un titre équivalent. Sélection sur dossier et entretien."
    )
    assert result.status == "complete"
    assert routes(result) == {("bac", "ANY", (), 0)}
    assert result.access.age_min == 17
    assert parser.parse("Il faut avoir 25 ans au plus à l'entrée en formation.").access.age_max == 25


def test_advised_specialites_of_the_bac_general_make_its_planned_way(parser):
    from orient.models import ADVISED_NOTE

    text = (
        "Le BUT est ouvert aux titulaires d'un bac général ou d'un bac STI2D. "
        "Spécialités de bac général conseillées : mathématiques ; physique-chimie ; sciences de l'ingénieur."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert routes(result) == {("bac", "GENERAL", ("MATHS", "PC", "SI"), 0), ("bac", "STI2D", (), 0)}
    (general,) = [r for r in result.access.routes if r.track == "GENERAL"]
    assert general.note == ADVISED_NOTE
    assert result.access.recommendations  # the advice is shown too
    text = (
        "Le BUT est ouvert aux bacheliers généraux et STMG. Les enseignements de spécialités, adaptés, sont les "
        "suivants : humanités, littérature et philosophie ; histoire, géographie et sciences politiques."
    )
    assert ("bac", "GENERAL", ("HLP", "HGGSP"), 0) in routes(parser.parse(text))


def test_named_diplomas_of_art_and_architecture_are_diplomas_not_levels(parser):
    result = parser.parse("Être titulaire du DEEA (diplôme d'études en architecture).")
    assert [(r.kind, r.min_level) for r in result.access.routes] == [("diploma", 3)]
    result = parser.parse("Le DNSEP est ouvert aux titulaires d'un DNA ou d'un premier cycle d'études supérieures validé.")
    assert {(r.kind, r.min_level) for r in result.access.routes} == {("diploma", 3), ("level", 3)}


def test_national_attendus_are_not_conditions_of_entry(parser):
    text = (
        "Admission sur dossier et entretien. Qualités humaines et capacités relationnelles : aptitude à écouter et à travailler en équipe."
    )
    result = parser.parse(text)
    assert result.access is not None and result.access.requirements == ()
    assert parser.parse("Un certificat médical d'aptitude est exigé.").access.requirements


WORDS = (
    "Les titulaires d'un bac STHR sciences et technologies de l'hôtellerie et de la restauration entrent directement "
    "en première année tout comme les bacheliers professionnels des spécialités cuisine ou commercialisation et "
    "services en restauration admission sur dossier et entretien de motivation"
)


@pytest.mark.parametrize("filler", [WORDS + " ", "bac pro ou bac techno, "], ids=["words", "phrase"])
def test_card_with_a_350_kb_sentence_imports_as_unknown(dataset, tmp_path, filler):
    """A card whose access text is 350 KB without a full stop once took hours to import."""
    card = (FIXTURES / "labelled" / "formations" / "FOR.91005_bts_bioqualité.md").read_text(encoding="utf-8")
    head, rest = card.split("## Accès\n", 1)
    access = (filler * (350_000 // len(filler) + 1))[:350_000]
    (tmp_path / "FOR.91005.md").write_text(f"{head}## Accès\n\n{access}\n\n## {rest.split('## ', 1)[1]}", encoding="utf-8")
    merged = build_cards(tmp_path, dataset)
    assert merged.parsed["FOR.91005"].status == "none"  # type: ignore[attr-defined]
    (named,) = merged.parsed["FOR.91005"].unparsed  # type: ignore[attr-defined]
    assert named.startswith(filler[:20]) and named.endswith(" […]") and len(named) < 220
    formation = merged.formations["FOR.91005"]
    assert formation.access is None
    assert formation.description.startswith("Le technicien en bioqualité")  # the rest of the card is read

    from orient.eligibility import assess
    from orient.profile import BacReader

    profile = BacReader(dataset.referential).profile("STL", ["BIOTECH"], None, None)
    assert assess(formation, profile, merged).code == "unknown"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=300))
def test_parser_never_fails_and_is_consistent(parser, text):
    result = parser.parse(text)
    assert result.status in ("complete", "partial", "none")
    assert (result.access is not None and bool(result.access.routes)) == (result.status == "complete")
    if result.status == "complete":
        assert not result.unparsed
    if result.access is not None and not result.access.routes:
        assert result.unparsed == ("(aucune voie d'accès reconnue)",)
    assert parser.parse(text) == result  # same text, same rules


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["un bac général", "un bac STI2D", "un bac STMG", "un bac professionnel", "une mise à niveau"]),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_any_list_of_known_routes_parses_completely(parser, items):
    text = f"Le BTS est accessible avec {', '.join(items)}. Accès sur dossier."
    result = parser.parse(text)
    assert result.status == "complete"
    assert len(result.access.routes) == len(items)


# -- entries for students already in higher education, and fields named by their family ---------------


def _verdict(parser, dataset, text, bac, specialites=(), niveau=None, age=None):
    import msgspec

    from orient.eligibility import assess
    from orient.profile import BacReader

    access = parser.parse(text, source="fiche").access
    formation = msgspec.structs.replace(dataset.formations["bts-mav-image"], access=access)
    profile = BacReader(dataset.referential).profile(bac, list(specialites), niveau, age)
    return assess(formation, profile, dataset)


def test_a_level_said_again_in_credits_names_no_field(parser):
    result = parser.parse("En 3e année : sur examen pour les candidats qui ont validé un bac + 2 (120 crédits ECTS).")
    (route,) = result.access.routes
    assert (route.kind, route.min_level, route.grants, route.field) == ("level", 2, "recommended", "")


def test_a_franco_clause_leaves_the_start_of_its_sentence_read(parser):
    text = "En 4e année : sur examen pour les titulaires d'un bac + 3 (180 crédits ECTS), cursus franco-italien : sur concours."
    result = parser.parse(text)
    assert result.status == "complete"
    assert [(r.kind, r.min_level, r.grants) for r in result.access.routes] == [("level", 3, "recommended")]


RECENT = "En 1re année : concours commun avec le bac de l'année ou de l'année précédente. En 4e année : sur examen avec un bac + 3."


@pytest.mark.parametrize(("niveau", "expected"), [(None, "possible"), ("bac+1", "possible"), ("bac+2", "later"), ("bac+3", "recommended")])
def test_a_first_year_for_recent_bacheliers_only(parser, dataset, niveau, expected):
    first = parser.parse(RECENT).access.routes[0]
    assert (first.track, first.grants, first.max_level) == ("ANY", "possible", 1)
    verdict = _verdict(parser, dataset, RECENT, "STHR", niveau=niveau)
    assert verdict.code == expected
    if expected == "later":
        assert "réservée aux bacheliers de l'année ou de l'année précédente" in verdict.reasons[2]  # after what leads there


def test_the_bac_of_the_year_alone_rules_out_a_student_further_on(parser, dataset):
    text = "En 1re année : admission sur dossier des bacheliers de l'année."
    assert _verdict(parser, dataset, text, "STMG", niveau="bac+1").code == "excluded"
    assert _verdict(parser, dataset, text, "STMG").code == "possible"
    # « ou des années antérieures »: any bac, whenever obtained.
    later = parser.parse("En 1re année : sur concours avec le bac de l'année ou des années antérieures.")
    assert [(r.track, r.max_level) for r in later.access.routes] == [("ANY", None)]


def test_a_family_with_series_as_examples_is_a_way_in(parser):
    examples = parser.parse("Le BUT est ouvert à tout titulaire d'un bac, technologique (STMG, STD2A…) ou général.")
    assert ("bac", "TECHNO", (), 0) in routes(examples)
    closed = parser.parse("Le BTS est accessible avec un bac technologique (STI2D, STL) ou un bac général.")
    assert routes(closed) == {("bac", "STI2D", (), 0), ("bac", "STL", (), 0), ("bac", "GENERAL", (), 0)}


def test_studies_in_a_suitable_field_are_not_a_planned_way(parser):
    text = "En L2 : pour ceux qui ont déjà fait une année d'études supérieures, par exemple un BUT ou un BTS dans un domaine adapté."
    result = parser.parse(text)
    assert result.access.routes and {r.grants for r in result.access.routes if r.kind == "level"} == {"possible"}


def test_a_bac_of_the_same_field(parser, dataset):
    text = "Le BM se prépare en deux ans pour les titulaires d'un diplôme de niveau bac ou équivalent du même domaine."
    (route,) = parser.parse(text).access.routes
    assert (route.track, route.other_specialites, route.label) == ("ANY", ("même domaine",), "un bac ou équivalent du même domaine")


@pytest.mark.parametrize(
    ("text", "bac", "expected"),
    [
        ("un bac pro du secteur de la restauration et de l'alimentation", "bac pro cuisine", "recommended"),
        ("un bac pro du secteur de la restauration et de l'alimentation", "bac pro boulanger-pâtissier", "recommended"),
        ("un bac pro du secteur de la restauration et de l'alimentation", "bac pro commerce", "possible"),
        ("un bac pro du secteur de l'aménagement ou de l'agroéquipement", "bac pro forêt", "recommended"),
        ("un bac pro du secteur de l'aménagement ou de l'agroéquipement", "bac pro gestion des milieux naturels", "recommended"),
        ("un bac pro du secteur de l'aménagement ou de l'agroéquipement", "bac pro CGEA", "possible"),
        ("un bac pro des secteurs de l'énergie", "bac pro maintenance et efficacité énergétique", "recommended"),
        ("un bac pro des secteurs de l'énergie", "bac pro MFER", "recommended"),
        ("un bac pro des secteurs de l'énergie", "bac pro commerce", "possible"),
    ],
)
def test_a_bac_pro_family_named_by_its_sector(parser, dataset, text, bac, expected):
    assert _verdict(parser, dataset, f"Le certificat est ouvert aux titulaires d'{text}.", bac).code == expected


def test_a_sector_closing_a_list_narrows_a_bac_techno_named_bare(parser, dataset):
    text = "Le certificat est ouvert aux titulaires des diplômes de niveau CAP, bac pro, bac techno ou BTS du secteur de la restauration."
    (techno,) = [r for r in parser.parse(text).access.routes if r.track == "TECHNO"]
    assert techno.other_specialites == ("du secteur de la restauration",)
    assert "bac technologique du secteur de la restauration" in parser.parse(text).access.summary
    assert _verdict(parser, dataset, text, "STHR").code == "recommended"
    assert _verdict(parser, dataset, text, "STL", ["SPCL"]).code == "possible"


def test_the_professionals_experience_route_of_a_bp_is_no_condition_on_all(parser):
    text = (
        "Traditionnellement accessible aux professionnels, il faut justifier de 5 ans d'expérience dans un emploi en rapport "
        "avec la finalité de ce BP. Dans le cadre de l'apprentissage, il peut aussi être préparé directement après un CAP du "
        "même secteur professionnel."
    )
    result = parser.parse(text)
    assert result.status == "complete" and not result.access.requirements
    assert {r.label for r in result.access.routes} == {"un CAP du même secteur"}


def test_a_bracketed_list_of_examples_is_never_cut(parser, dataset):
    # A field with its examples in brackets: the examples are spécialités named, the field besides, no bracket cut.
    text = (
        "Le BTS est accessible avec un bac professionnel du secteur du bois (technicien constructeur bois, "
        "technicien menuisier-agenceur, etc.), un bac STI2D ou un bac général. Accès sur dossier."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    (pro,) = [r for r in result.access.routes if r.track == "PRO"]
    assert set(pro.specialites) == {"TCB", "TMA"} and pro.other_specialites == ("secteur du bois",)
    assert "(technicien constructeur bois ou" not in result.access.summary and "secteur du bois" in result.access.summary
    assert _verdict(parser, dataset, text, "bac pro", ["TCB"]).code == "recommended"
    # The same list parted by a semicolon.
    semicolon = parser.parse(
        "Le BTS est accessible avec un bac pro du secteur du bois (technicien constructeur bois ; technicien menuisier-agenceur)."
    )
    assert {s for r in semicolon.access.routes for s in r.specialites} == {"TCB", "TMA"}
    # A spécialité glossed in brackets is that spécialité, whatever commas the gloss holds.
    glossed = parser.parse(
        "Ou encore avec un bac professionnel : optique lunetterie, CIEL (cybersécurité, informatique et réseaux, électronique), "
        "microtechniques."
    )
    (route,) = glossed.access.routes
    assert set(route.specialites) == {"OPTIQUE-LUNETTERIE", "CIEL", "MICROTECHNIQUES"} and not route.other_specialites


def test_a_concours_after_the_bac_is_open_to_bacheliers(parser, dataset):
    text = (
        'Les 4 écoles publiques recrutent sur concours commun dénommé concours "véto", post bac ou après 2 années '
        "d'études supérieures pour entrer en seconde année du cursus. UniLaSalle Rouen recrute uniquement après le bac."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert routes(result) == {("bac", "ANY", (), 0), ("level", "", (), 2)}
    assert result.access.selection == ("concours",)
    verdict = _verdict(parser, dataset, text, "STMG")
    assert verdict.code == "possible" and "concours" in " ".join(verdict.reasons).lower()
    # « uniquement » before a bac that is named keeps the sentence unread: it may close the way to others.
    assert parser.parse("L'école recrute uniquement après un bac pro.").status == "none"


def test_the_winners_of_named_concours_trained_at_a_school(parser, dataset):
    text = (
        "Seuls les lauréats des concours externes de technicien supérieur de l'Équipement ou de technicien supérieur "
        "de la Ville sont formés à l'École nationale des techniciens (ENT). Pour les bacheliers, la formation dure deux "
        "années. Pour certains diplômés de niveau bac + 2, la formation ne dure qu'une année."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    (route,) = result.access.routes
    assert route.kind == "concours"
    assert route.label == "la réussite aux concours externes de technicien supérieur de l'Équipement ou de technicien supérieur de la Ville"
    assert _verdict(parser, dataset, text, "général", ["maths", "pc"]).code == "later"
    # How long the training lasts after the concours names no way in: a bac+2 passes the concours first too.
    assert _verdict(parser, dataset, text, "général", ["maths", "pc"], niveau="bac+2").code == "later"
    # One concours: its name stops where the sentence goes on.
    (one,) = parser.parse("Seuls les lauréats du concours externe de technicien sont formés à l'école.").access.routes
    assert one.label == "la réussite au concours externe de technicien"


def test_a_cap_first_in_a_list_of_diplomas_of_one_sector_is_of_that_sector(parser, dataset):
    text = (
        "Le brevet professionnel se prépare en deux ans. En apprentissage, on peut aussi le préparer directement "
        "après un CAP, BP ou bac pro du même secteur professionnel."
    )
    result = parser.parse(text)
    caps = [r for r in result.access.routes if r.min_level == -1]
    # The sector closes the whole list: the CAP is one of that sector, not any diploma of its level.
    assert caps and all(r.kind == "diploma" and r.in_field for r in caps)
    verdict = _verdict(parser, dataset, text, "général", ["maths", "pc"])
    assert verdict.code == "possible" and "n'est pas parmi les voies" in " ".join(verdict.reasons)
    # A CAP named alone still stands for any diploma of its level.
    (alone,) = parser.parse("Ce BP se prépare en deux ans après un CAP.").access.routes
    assert (alone.kind, alone.min_level) == ("level", -1)


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        (
            "L'accès en formation est ouvert aux candidats titulaires des diplômes de niveau CAP, bac pro, bac techno ou BTS "
            "du secteur de la restauration.",
            "un CAP du secteur de la restauration",
        ),
        ("Ce CS est ouvert aux titulaires des diplômes de niveau BEP ou CAP du secteur social.", "un CAP du secteur social"),
        (
            "Ce CS est ouvert aux candidats titulaires des diplômes de niveau CAP ou bac du secteur de la restauration "
            "et de l'alimentation.",
            "un CAP du secteur de la restauration et de l'alimentation",
        ),
    ],
)
def test_diplomas_of_a_level_and_a_sector_are_of_that_sector(parser, dataset, text, cap):
    """« des diplômes de niveau CAP, bac pro… du secteur de la restauration »: the sector closes the
    list, from the CAP on (one CAP, named with its sector); a bachelier of another field is not told
    they may enter."""
    caps = [r for r in parser.parse(text).access.routes if r.min_level == -1]
    assert [(r.kind, r.in_field, r.label) for r in caps] == [("diploma", True, cap)]
    verdict = _verdict(parser, dataset, text, "général", ["maths", "pc"])
    assert verdict.code == "possible" and "n'est pas parmi les voies" in verdict.reasons[0]
    assert "vous pouvez y entrer" not in " ".join(verdict.reasons)


def test_the_technological_bacs_narrowed_by_a_bracket_saying_which_fit(parser, dataset):
    text = (
        "En L1 : les bacheliers généraux ayant suivi des spécialités scientifiques ou bacheliers technologiques "
        "(selon l'orientation de la licence : STI2D, STL, par exemple)."
    )
    tracks = {r.track for r in parser.parse(text).access.routes if r.kind == "bac"}
    assert {"STI2D", "STL"} <= tracks and "TECHNO" not in tracks
    assert _verdict(parser, dataset, text, "STL", ["SPCL"]).code == "recommended"
    assert _verdict(parser, dataset, text, "STMG", ["GF"]).code == "possible"
    # Séries given as examples of the family keep the family open.
    examples = parser.parse("Accès avec un bac technologique (STMG, STD2A…).").access.routes
    assert "TECHNO" in {r.track for r in examples}


@pytest.mark.parametrize("words", ["sont les mieux préparés", "sont les mieux armés", "sont les plus nombreux"])
def test_the_bacheliers_a_card_calls_best_prepared_are_its_planned_way_beside_every_bac(parser, dataset, words):
    # « Toutes les séries … Les bacheliers généraux à spécialités scientifiques sont les mieux préparés »: the
    # first year is open to every bac, and the bacheliers the card singles out are the way it plans.
    text = (
        "En L1 (admission via Parcoursup) : accessible à toutes les séries de bac. Les bacheliers généraux ayant "
        f"suivi des spécialités scientifiques {words} pour suivre cette filière."
    )
    assert parser.parse(text).status == "complete"
    assert _verdict(parser, dataset, text, "général", ["svt", "pc"]).code == "recommended"
    assert _verdict(parser, dataset, text, "général", ["ses", "hggsp"]).code == "possible"
    assert _verdict(parser, dataset, text, "STMG", ["GF"]).code == "possible"


def test_the_diplomas_of_a_sentence_of_conditions_are_still_ways_in(parser, dataset):
    # « … ouvert aux titulaires d'un BMA ou d'un bac … complété d'une expérience professionnelle »: the experience is
    # a condition kept beside the verdict, the diplomas it goes with are the ways in, read from the card.
    text = (
        "Ce certificat est ouvert aux candidats titulaires d'un BMA « reliure » ou d'un bac général, technologique ou "
        "professionnel complété d'une expérience professionnelle dans la dorure."
    )
    result = parser.parse(text)
    assert result.status == "complete"
    assert {r.kind for r in result.access.routes} >= {"bac", "diploma"}
    assert result.access.requirements == (text.rstrip("."),)
    verdict = _verdict(parser, dataset, text, "général", ["hlp", "llcer"])
    assert (verdict.code, verdict.basis) == ("possible", "card")
    # A condition that names no holder stays a condition only.
    alone = parser.parse("Il faut justifier de 5 ans d'expérience professionnelle dans le métier.")
    assert alone.access is None or not alone.access.routes


def test_selection_modes_said_only_some_times_stay_so(parser):
    # « voire tests et/ou entretien »: some candidates only; the modes alone would make them all required.
    text = "Le BTS est accessible avec un bac STMG ou un bac général. Accès sur dossier, voire tests et/ou entretien."
    access = parser.parse(text, source="fiche").access
    assert access.selection == ("dossier", "tests", "entretien")
    assert (
        access.selection_note == "dossier, voire tests ou entretien" and "sélection : dossier, voire tests ou entretien" in access.summary
    )
    plain = parser.parse("Le BTS est accessible avec un bac STMG. Accès sur dossier et entretien.", source="fiche").access
    assert plain.selection == ("dossier", "entretien") and plain.selection_note == ""


def test_a_bac_pro_of_the_field_is_not_any_bac_pro(parser):
    # « un bac pro du domaine »: of the formation's own field (its verdicts read it so), not every bac pro.
    result = parser.parse("Le BTS est accessible principalement avec un bac pro du domaine ou un bac STI2D.")
    pro = [r for r in result.access.routes if r.track == "PRO"]
    assert [(r.specialites, r.other_specialites) for r in pro] == [((), ("du même secteur",))]
    # « du domaine (notamment A, B) »: A and B first, then the other bacs pro of the field.
    result = parser.parse(
        "Accessible avec un bac pro du domaine (notamment technicien d'études du bâtiment option B assistant en architecture "
        "ou menuiserie aluminium-verre), ou un bac STI2D."
    )
    pro = [r for r in result.access.routes if r.track == "PRO"]
    assert pro[-1].other_specialites == ("du même secteur",) and pro[0].specialites
    # « un bac pro, notamment A »: every bac pro, A first.
    result = parser.parse("Le BTS est accessible avec un bac pro, notamment MELEC.")
    assert ((), ()) in [(r.specialites, r.other_specialites) for r in result.access.routes if r.track == "PRO"]


def test_a_bac_pro_of_another_field_is_no_planned_way(corpus):
    """The BTS enveloppe des bâtiments, « principalement avec un bac pro du domaine »: planned for a bac pro of
    the building trades, possible only for a bac pro cuisine."""
    reader = BacReader(corpus.referential)
    formation = corpus.formations["FOR.292"]
    assert assess(formation, reader.profile("bac pro AFB"), corpus).code == "recommended"
    verdict = assess(formation, reader.profile("bac pro cuisine"), corpus)
    assert verdict.code == "possible"
    assert "une spécialité du même secteur que la formation" in verdict.reasons[0]


def test_another_way_in_with_its_own_condition_is_no_condition_on_the_first(parser):
    text = (
        "Le BM est accessible aux titulaires d'un BTM de pâtissier-confiseur-glacier-traiteur. Il est également accessible "
        "pour les personnes titulaires d'un BTM chocolatier-confiseur avec 4 ans d'expérience professionnelle dans la pâtisserie."
    )
    result = parser.parse(text)
    assert result.access.requirements == ()
    assert len([r for r in result.access.routes if r.kind == "diploma"]) == 2


def test_a_bac_pro_of_the_field_is_no_diploma_of_the_bac_s_level(corpus):
    """The BM pâtissier asks for a BTM: a bac pro cuisine, of the same trade, does not hold one."""
    verdict = assess(corpus.formations["FOR.7465"], BacReader(corpus.referential).profile("bac pro cuisine"), corpus)
    assert not any("répond à la voie listée" in r for r in verdict.reasons)
    assert not any(r.startswith("À remplir aussi") for r in verdict.reasons)


def test_a_first_year_announcing_a_list_of_first_years_is_not_a_way_of_its_own(parser):
    """« après une première année universitaire : une L.AS, une PASS, une L1 STAPS ou L1 biologie »: the
    first years listed, each in its field (STAPS, a discipline, not a diploma's acronym); each label its own."""
    text = (
        "L'accès en formation peut être envisagé après une première année universitaire : une licence avec une option "
        '"accès santé" (L.AS), un parcours d\'accès spécifique santé (PASS), une L1 STAPS ou L1 biologie offrant une prépa kiné.'
    )
    routes = parser.parse(text).access.routes
    assert [(r.min_level, r.field) for r in routes] == [(1, "PASS ou L.AS"), (1, "STAPS"), (1, "biologie")]
    assert [r.label for r in routes][1:] == [
        "une première année d'études supérieures validée (STAPS)",
        "une première année d'études supérieures validée (biologie)",
    ]
    # A first year said alone is still one, whatever its field.
    (alone,) = parser.parse("Accès après une première année universitaire validée.").access.routes
    assert (alone.min_level, alone.field) == (1, "")
    # Several first years, each in its discipline, to the end of the sentence.
    several = parser.parse("Accès après une première année universitaire : une L1 STAPS, une L1 AES, une L1 LEA ou une L1 MIASHS.")
    assert [r.field for r in several.access.routes] == ["STAPS", "AES", "LEA", "MIASHS"]
    # A list given as examples (« notamment ») keeps the level it follows open to any field.
    examples = parser.parse("En 3e année après 2 années d'études supérieures : BUT carrières juridiques ou classes prépa, notamment.")
    assert (2, "") in {(r.min_level, r.field) for r in examples.access.routes if r.kind == "level"}


@pytest.mark.parametrize(
    "text",
    [
        "Ce CS se prépare en 1 an après un brevet professionnel (BP), un bac professionnel ou un BTSA par la voie de l'apprentissage.",
        "Ce CS est accessible aux titulaires d'un brevet de technicien supérieur agricole.",
    ],
)
def test_a_btsa_is_of_its_field_not_any_bac_plus_2(parser, dataset, text):
    """« un BTSA » is the agricultural BTS (its type), not any bac+2: a licence student may apply, not more."""
    (btsa,) = [r for r in parser.parse(text).access.routes if r.kind == "level" and r.min_level == 2]
    assert (btsa.label, btsa.field, btsa.grants) == ("un BTSA", "BTSA", "possible")
    assert _verdict(parser, dataset, text, "général", ["maths", "pc"], niveau="bac+2").code == "possible"


def test_another_way_in_for_those_without_the_diplomas_is_no_condition_on_the_others(parser, dataset):
    """« En l'absence de l'un de ces diplômes, le candidat doit justifier de 3 ans de pratique », « soit
    d'un diplôme … et justifier de quatre ans d'expérience »: no condition on the diplomas' holders."""
    text = (
        "Le BTM est accessible aux titulaires d'un diplôme professionnel de niveau CAP dans le secteur d'activité. "
        "En l'absence de l'un de ces diplômes le candidat doit justifier d'une pratique professionnelle de 3 ans."
    )
    assert parser.parse(text).access.requirements == ()
    soit = (
        "Les candidats doivent être titulaires :\n\n- soit d'un diplôme de niveau bac + 3\n"
        "- soit d'un diplôme de travail social de niveau bac et justifier de quatre ans d'expérience\n"
    )
    result = parser.parse(soit)
    assert result.access.requirements == () and {r.min_level for r in result.access.routes} == {3}


def test_students_changing_course_may_apply_on_the_jury_s_decision_not_more(parser, dataset):
    """« D'autres candidats souhaitant se réorienter : étudiants de licence (L1 ou L2)… peuvent être admis
    sous réserve de la décision du jury »: any série at that level may apply (possible), no more."""
    text = (
        "D'autres candidats souhaitant se réorienter : étudiants de licence (L1 ou L2), de classe préparatoire "
        "peuvent être admis sous réserve de la décision du jury."
    )
    levels = [r for r in parser.parse(text).access.routes if r.kind == "level"]
    assert levels and all(r.grants == "possible" for r in levels)
    assert _verdict(parser, dataset, text, "STMG", niveau="bac+2").code == "possible"


def test_a_bac_pro_of_another_sector_is_told_the_sector_not_a_spécialité_named_after_it(parser, dataset):
    text = "Le CS est accessible aux titulaires d'un baccalauréat professionnel du secteur industriel."
    verdict = _verdict(parser, dataset, text, "bac pro", ["cuisine"])
    assert verdict.code == "possible"
    assert "mais seulement pour une spécialité du secteur industriel" in verdict.reasons[0]
    assert "la spécialité secteur" not in verdict.reasons[0]


def test_a_bac_pro_for_the_spécialités_of_a_sector_keeps_the_sector(parser, dataset):
    text = "Accessible aux candidats majeurs titulaires d'un baccalauréat professionnel pour les spécialités du secteur de l'aménagement."
    (pro,) = [r for r in parser.parse(text).access.routes if r.kind == "bac"]
    assert pro.track == "PRO" and pro.other_specialites == ("secteur de l'aménagement",)
    assert _verdict(parser, dataset, text, "bac pro", ["aménagements paysagers"]).code == "recommended"
    other = _verdict(parser, dataset, text, "bac pro", ["cuisine"])
    assert other.code == "possible" and "seulement pour une spécialité du secteur de l'aménagement" in other.reasons[0]


def test_a_student_who_gave_a_spécialité_without_its_option_is_asked_which_option(parser, dataset):
    text = "Le BTS est accessible avec un bac pro technicien d'études du bâtiment option A études et économie."
    assert _verdict(parser, dataset, text, "bac pro", ["TEB-A"]).code == "recommended"
    parent = _verdict(parser, dataset, text, "bac pro", ["TEB"])
    assert parent.code == "possible"
    assert "une option de votre spécialité : accès direct si c'est la vôtre (précisez-la : --specialite TEB-A)" in parent.reasons[0]
    assert _verdict(parser, dataset, text, "bac pro", ["TEB-B"]).code == "possible"


def test_spécialités_a_card_advises_are_advice_not_a_way_meant_for_them(parser, dataset):
    """A bac général with « spécialités conseillées » (often seven or eight) is as close as a bac
    général named bare: a long list of advice does not rank a BUT before the licence of the student's field."""
    text = "Accès avec un bac général. Spécialités conseillées : mathématiques, NSI."
    advised = _verdict(parser, dataset, text, "général", ["maths", "nsi"])
    bare = _verdict(parser, dataset, "Accès avec un bac général.", "général", ["maths", "nsi"])
    assert advised.code == bare.code == "recommended"
    assert (advised.distance, advised.named) == (bare.distance, bare.named) == (1, 0)


def test_séries_after_voire_may_apply_without_being_the_planned_way(parser, dataset):
    text = "Le BUT est accessible aux titulaires d'un bac STI2D, STL, STMG voire STHR, ST2S, STD2A."
    grants = {r.track: r.grants for r in parser.parse(text).access.routes}
    assert grants == {
        "STI2D": "recommended",
        "STL": "recommended",
        "STMG": "recommended",
        "STHR": "possible",
        "ST2S": "possible",
        "STD2A": "possible",
    }
    assert _verdict(parser, dataset, text, "STHR").code == "possible"
    assert _verdict(parser, dataset, text, "STMG").code == "recommended"


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Le BTS est accessible avec un bac général, technologique ou professionnel dans le domaine de l'énergétique.",
            {"GENERAL", "TECHNO"},
        ),
        ("Le CS est ouvert aux bacheliers technologiques ou professionnels des secteurs commercial et administratif.", {"TECHNO"}),
    ],
)
def test_a_field_closing_a_list_of_families_holds_for_them_all(parser, dataset, text, families):
    """The field after « général, technologique ou professionnel » is that of every bac the list names:
    checked for the bac pro, it leaves the families bare « possible » (a S2TMD student is no longer on the way)."""
    routes = [r for r in parser.parse(text).access.routes if r.kind == "bac"]
    assert {r.track: r.grants for r in routes if r.track != "PRO"} == dict.fromkeys(families, "possible")
    assert _verdict(parser, dataset, text, "S2TMD").code == "possible"


def test_a_field_of_the_bac_pro_alone_leaves_the_others_on_the_way(parser, dataset):
    for text in (
        "Accès avec un bac général ou un bac pro du secteur industriel.",
        "Le BTS est accessible avec un bac pro du domaine du transport ou de la logistique, un bac technologique ou un bac général.",
    ):
        grants = {r.track: r.grants for r in parser.parse(text).access.routes if r.kind == "bac"}
        assert grants["GENERAL"] == "recommended", text
