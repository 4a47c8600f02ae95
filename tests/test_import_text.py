"""Text of imported records: tidy French typography, names without list labels, clean attendus,
accents restored on accent-less labels, and names sorted the French way."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orient.onisep.build import attendu_labels, other_names
from orient.onisep.cards import FormationCard, MetierCard
from orient.onisep.markdown import parse_card
from orient.text import fold, sort_key
from orient.typography import Accents, tidy

# -- what must never remain in an imported text ---------------------------------------------------

GLUED_SENTENCE = re.compile(r"[a-zà-ÿ]{2}[.!?][A-ZÀ-Ý][a-zà-ÿ]")
DOUBLE_SPACE = re.compile(r"[ \u00a0]{2}")
SPACE_BEFORE = re.compile(r" [,](?!\d)| \.(?!\.)")
LIST_LABEL = re.compile(r"^(?:Féminin|Masculin)\s*:")
TRAILING_LIST_PUNCTUATION = re.compile(r"[,;]\s*$")
HEADING_GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]{3,}|\b[A-ZÀ-Ý]{4,} [A-ZÀ-Ý]{4,}\s*$")


def problems(text: str) -> list[str]:
    found = []
    checks = (("phrases collées", GLUED_SENTENCE), ("espaces doubles", DOUBLE_SPACE), ("espace avant ponctuation", SPACE_BEFORE))
    for name, pattern in checks:
        if pattern.search(text):
            found.append(name)
    if text != text.strip():
        found.append("espaces en trop aux bords")
    return found


# -- tidy -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, tidied",
    [
        ("On y mène des projets.Le BUT dure trois ans.", "On y mène des projets. Le BUT dure trois ans."),
        ("Des stages (en atelier).En fin d'année, un examen.", "Des stages (en atelier). En fin d'année, un examen."),
        ("Des ateliers, des visites, etc.Puis un stage.", "Des ateliers, des visites, etc. Puis un stage."),
        ("Après la classe de 3e.Un an de plus.", "Après la classe de 3e. Un an de plus."),
        ("Un choix du lycée...Il hésite.", "Un choix du lycée... Il hésite."),
        ("Un diplôme du BTSA.L'élève part.", "Un diplôme du BTSA. L'élève part."),
        ("Deux  espaces   ici", "Deux espaces ici"),
        ("avant la virgule , et le point .", "avant la virgule, et le point."),
        ("  au bord  ", "au bord"),
        ("la liste,puis la suite", "la liste, puis la suite"),
        ("deux virgules,, une seule", "deux virgules, une seule"),
        ("des outils ... .", "des outils..."),
        ("( entre parenthèses )", "(entre parenthèses)"),
        ("un espace\u00a0 insécable :", "un espace insécable :"),
        ("un titre\u00a0 :", "un titre\u00a0:"),
    ],
)
def test_tidy_fixes_each_class(raw, tidied):
    assert tidy(raw) == tidied


@pytest.mark.parametrize(
    "text",
    [
        "Niveau bac+2. La suite en bac+3.",
        "Un M.Sc en un an, puis un Ph.D si l'on veut.",
        "Le B.U.T. remplace le DUT ; la L.AS aussi existe.",
        "Une moyenne de 12.5 ou de 12,5 sur 20.",
        "Voir https://www.exemple.fr/Guide.Pdf et www.exemple.fr/Page.Suite pour le détail.",
        "Écrire à contact@exemple.fr.Merci ; ou sur exemple.fr.La page.",
        "Le langage .NET et le C#, et les fichiers rapport_final.Docx.",
        "Deux paragraphes.\n\nLe second.",
    ],
)
def test_tidy_leaves_abbreviations_decimals_and_addresses_alone(text):
    assert tidy(text) == text


def test_tidy_keeps_paragraphs_and_drops_blank_runs():
    assert tidy("Un.\n\n\n\n  Deux.  \n") == "Un.\n\nDeux."


french_text = st.text(alphabet=st.sampled_from(list("abcdeéèàçôLEÉM.,;:!?()'- \u00a0\n0123456789+/@_")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(french_text)
def test_tidy_is_idempotent_and_keeps_the_words(text):
    once = tidy(text)
    assert tidy(once) == once
    assert "".join(re.findall(r"\w", once)) == "".join(re.findall(r"\w", text))


# -- métier names ---------------------------------------------------------------------------------

METIER = """# pâtissier/ère
**ID:** MET.99001

**Appellations:**
- Féminin: pâtissière
- Masculin: pâtissier

## Autres appellations

### chef/fe pâtissier/ère
- Féminin: cheffe pâtissière
- Masculin: chef pâtissier

### confiseur/euse
- Féminin: confiseuse
- Masculin: confiseur

### glacier
- Féminin: glacier
- Masculin: glacier

**Codes ROME:**
- D1104

## Présentation

Il prépare des gâteaux.Le matin surtout.
"""


def test_other_names_are_names_without_list_labels():
    card = parse_card(METIER, "MET.99001.md")
    assert isinstance(card, MetierCard)
    assert card.other_names == ("chef pâtissier", "cheffe pâtissière", "confiseur", "confiseuse", "glacier")


def test_other_names_of_an_earlier_import_lose_their_labels_too():
    stored = ("Féminin: cheffe pâtissière", "Masculin: chef  pâtissier", "pâtissier", "glacier")
    assert other_names(stored, ("pâtissier", "pâtissière")) == ("cheffe pâtissière", "chef pâtissier", "glacier")


# -- attendus -------------------------------------------------------------------------------------

FORMATION = """# BTS pâtisserie d'essai
**ID:** FOR.99001
**Durée:** 2 ans
**Niveau de certification:** niveau 5
**Type:** BTS

## Attendus

### Attendus nationaux de la plateforme d'inscription dans l'enseignement supérieur Parcoursup
            COMPETENCES GENERALES
                -
                    Savoir suivre une recette avec précision,
                -
                    Avoir le goût du travail manuel ;
            QUALITES HUMAINES
                -
                    Etre ponctuel et soigneux.
                -
                    Manifester de l'intérêt pour les domaines suivants :
            Cuisine, service
                -
                    Chimie des aliments,
            Compétences scientifiquesAvoir des bases en biologie
            Disposer du sens de l'organisationMontrer de la curiosité
            Cette formation demande en effet une bonne endurance. Les journées sont longues.
"""

LICENCE = """# licence mention essai
**ID:** FOR.99002
**Durée:** 3 ans
**Niveau de certification:** niveau 6
**Type:** licence

## Attendus

### Attendus nationaux de la plateforme d'inscription dans l'enseignement supérieur Parcoursup
            Les éléments de cadrage national sont rappelés ici pour informer les candidats.
            Il est attendu des candidats en licence Mention ESSAI :
             Disposer de compétences en communication
            Cette mention demande en effet de rédiger souvent.
             Pouvoir travailler de façon autonome
            Cet attendu marque l'importance du travail personnel.
"""


def test_attendus_lose_headings_list_punctuation_and_glue():
    card = parse_card(FORMATION, "FOR.99001.md")
    assert isinstance(card, FormationCard)
    assert card.attendus == (
        "Savoir suivre une recette avec précision",
        "Avoir le goût du travail manuel",
        "Etre ponctuel et soigneux.",
        "Manifester de l'intérêt pour les domaines suivants : Cuisine, service ; Chimie des aliments",
        "Avoir des bases en biologie",
        "Disposer du sens de l'organisation",
        "Montrer de la curiosité",
    )


def test_attendus_written_as_lines_are_read_without_their_explanations():
    card = parse_card(LICENCE, "FOR.99002.md")
    assert isinstance(card, FormationCard)
    assert card.attendus == ("Disposer de compétences en communication", "Pouvoir travailler de façon autonome")


def test_attendus_lose_their_list_punctuation_and_get_the_accents_of_their_capitals():
    assert attendu_labels(["Avoir du goût,", "Avoir  du goût", "Etre curieux ;", "Elaborer un plan", "En équipe"]) == (
        "Avoir du goût",
        "Être curieux",
        "Élaborer un plan",
        "En équipe",
    )


# -- accents --------------------------------------------------------------------------------------

NAMES = [
    "BTS maintenance des systèmes option A systèmes de production",
    "diplôme d'État d'éducateur spécialisé",
    "mise à niveau en hôtellerie-restauration",
    "DN MADE mention matériaux",
    "licence mention sciences de l'éducation",
    "BTS côte et littoral",
    "BTS cote et prix",
]


@pytest.mark.parametrize(
    "label, restored",
    [
        (
            "BTS Production Maintenance des systemes option A Systemes de production",
            "BTS Production Maintenance des systèmes option A Systèmes de production",
        ),
        ("Diplome d Etat d educateur specialise", "Diplôme d'État d'éducateur spécialisé"),
        ("Mise a niveau Hotellerie restauration", "Mise à niveau Hôtellerie restauration"),
        ("DN MADE Mention MATERIAUX", "DN MADE Mention MATÉRIAUX"),
        ("Licence L AS Sciences de l education", "Licence L AS Sciences de l'éducation"),
        ("BTS Cote", "BTS Cote"),  # « cote » and « côte » are both words: left as written
        ("A la maison", "A la maison"),  # « a » is restored only after a word that says which
        ("Mise à niveau Hotellerie", "Mise à niveau Hôtellerie"),  # a word at a time
    ],
)
def test_accents_are_restored_only_where_the_names_say_how(label, restored):
    assert Accents(NAMES).restore(label) == restored


@given(st.text(alphabet=st.sampled_from(list("aeiouystmdlAESTD ")), max_size=40))
def test_restoring_accents_changes_nothing_but_accents_and_apostrophes(label):
    restored = Accents(NAMES).restore(label)
    assert fold(restored).replace("'", " ") == fold(label)


# -- French sort ----------------------------------------------------------------------------------


def test_french_order():
    words = ["biologie", "Zèbre", "côte", "bâtiment", "cote", "BTS 10", "BTS 2", "École", "ecrire", "abricot", ""]
    expected = ["", "abricot", "bâtiment", "biologie", "BTS 2", "BTS 10", "cote", "côte", "École", "ecrire", "Zèbre"]
    assert sorted(words, key=sort_key) == expected


names = st.text(alphabet=st.sampled_from(list("aàâbcçeéèêiîoôuùûAÉÈ- '0123456789")), max_size=12)


def _base(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@given(st.lists(names, max_size=20))
def test_sort_key_is_a_total_order_that_sorts_stably(words):
    once = sorted(words, key=sort_key)
    assert sorted(once, key=sort_key) == once
    assert sorted(words[1:] + words[:1], key=sort_key) == once  # no two different texts tie, whatever the input order
    keys = [sort_key(w) for w in once]
    assert all(a <= b for a, b in itertools.pairwise(keys))


@given(names, names)
def test_accents_and_case_only_decide_between_words_otherwise_equal(a, b):
    if _base(a) != _base(b) and sort_key(_base(a))[0] != sort_key(_base(b))[0]:
        assert (sort_key(a) < sort_key(b)) == (sort_key(_base(a)) < sort_key(_base(b)))


@given(names)
def test_an_unaccented_word_comes_before_its_accented_forms(word):
    plain = _base(word)
    assert sort_key(plain) <= sort_key(word.lower()) or plain == word.lower()


# -- the whole corpus -----------------------------------------------------------------------------


def test_no_imported_text_of_the_corpus_keeps_these_faults(corpus):
    faults: list[str] = []
    for formation in corpus.formations.values():
        if formation.imported is None:
            continue
        texts = [formation.name, formation.description, formation.poursuites_note, *formation.aliases]
        for label, text in ((f"{formation.id} {i}", t) for i, t in enumerate(texts)):
            faults += [f"{label}: {p}" for p in problems(text)]
        for attendu in formation.attendus:
            faults += [f"{formation.id} attendu: {p}" for p in problems(attendu.label)]
            if TRAILING_LIST_PUNCTUATION.search(attendu.label) or HEADING_GLUED.search(attendu.label):
                faults.append(f"{formation.id} attendu: {attendu.label[-60:]}")
    for metier in corpus.metiers.values():
        if metier.imported is None:
            continue
        for name in (metier.names.masculine, metier.names.feminine, *metier.other_names):
            faults += [f"{metier.id} nom: {p}" for p in problems(name)]
            if LIST_LABEL.search(name):
                faults.append(f"{metier.id} nom: {name}")
        faults += [f"{metier.id} description: {p}" for p in problems(metier.description)]
    assert not faults, faults[:20]


def test_parcoursup_labels_are_shown_with_their_accents_and_kept_as_written(run):
    from conftest import FIXTURES

    assert run("data", "import", "parcoursup", str(FIXTURES / "parcoursup")).exit_code == 0
    rows = {r["uai"]: r for r in json.loads(run("ou", "-f", "json").stdout)}
    son = rows["0130006F"]
    assert son["parcoursup_label"] == "BTS Services Metiers de l audio visuel opt : metiers du son"  # as the file gives it
    assert son["parcoursup_name"] == "BTS Services Métiers de l'audio visuel opt : métiers du son"
    assert son["etablissement"] == "Lycée du Son"  # the admissions export writes « Lycée »
    assert rows["0130007G"]["parcoursup_name"] == "Licence Arts du spectacle Parcours Cinéma et audiovisuel"
    table = " ".join(run("ou", "bts-mav-son").stdout.split())
    assert "Métiers de l'audio visuel" in table and "Metiers" not in table
    report = json.loads(run("data", "rapport", "-f", "json").stdout)["parcoursup"]
    assert {f["filiere"]: f["label"] for f in report["by_filiere"]}["dn made"] == "DN MADE"
    assert "• DN MADE : 2 reliées sur 2" in run("data", "rapport").stdout
