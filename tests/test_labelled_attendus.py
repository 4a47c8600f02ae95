"""Hand-labelled attendus: the tags and the met / missing / check answers of a careful reader,
against what the import and ``orient check`` give.

``fixtures/labelled/attendus.toml`` names attendus of real ONISEP cards by card and position (its
header says how they were drawn and labelled, before the tagger was run on them):

- ``[[sentence]]``: 120 attendus with the tags a careful reader gives them, scored by precision and
  recall over the tags (an attendu labelled ``[]`` counts its tags found as wrong ones);
- ``[[profile]]``: 64 students, each with a card and, attendu by attendu, what a professeur
  principal answers; scored by agreement.

Scores measured on the real cards before the fixes that came with these labels: tag precision 0.864,
recall 0.890 (38 attendus of 120 differ); profile agreement 0.692 (240 answers of 347). After them:
precision 0.892, recall 0.950 (27 differ); agreement 0.813 (282). The targets below are set from the
latter. The real cards are read from
``../shared``; the tests that need them skip when it is absent, the others use text of their own.
"""

from __future__ import annotations

import copy
import hashlib
import tomllib
from collections import Counter

import msgspec
import pytest

from conftest import FIXTURES, SHARED, make_formation
from orient.eligibility import Verdict, assess
from orient.fit import assess_fit, read_wishes
from orient.models import Attendu, Formation
from orient.onisep.build import AttenduTagger, attendu_labels
from orient.onisep.markdown import read_card
from orient.profile import BacReader
from orient.text import normalize

LABELS = tomllib.loads((FIXTURES / "labelled" / "attendus.toml").read_text(encoding="utf-8"))
SENTENCES = LABELS["sentence"]
PROFILES = LABELS["profile"]
ANSWERS = ("met", "missing", "check")

# Set from the scores measured after the fixes, a little below them.
PRECISION_TARGET = 0.88
RECALL_TARGET = 0.93
AGREEMENT_TARGET = 0.78


def _digest(text: str) -> str:
    return hashlib.sha1(normalize(text).encode()).hexdigest()[:10]


CARDS = SHARED / "corpus" / "onisep" / "formations"


@pytest.fixture(scope="module")
def cards():
    """Card id → its attendus as the import lists them, read from ``../shared`` (skips when absent)."""
    if not CARDS.is_dir():
        pytest.skip("../shared/corpus/onisep absent")
    wanted = {s["card"] for s in SENTENCES} | {p["card"] for p in PROFILES}
    out = {}
    for path in CARDS.glob("FOR.*.md"):
        card_id = path.name.partition("_")[0]
        if card_id in wanted:
            out[card_id] = attendu_labels(read_card(path, path.name).attendus)
    return out


def _record(dataset, card: str, labels: tuple[str, ...]) -> Formation:
    """The imported record of ``card`` with the attendus the import tags on the card's own text (a card
    the curated dataset describes keeps its hand-written attendus in the record)."""
    formation = dataset.formations.get(card) or next(f for f in dataset.formations.values() if f.codes.onisep == card)
    tagger = AttenduTagger(dataset.referential.attendu_tags, dataset.referential.locutions)
    return msgspec.structs.replace(formation, attendus=tuple(Attendu(label=label, tags=tagger(label)) for label in labels))


def tag_scores(found: list[set[str]], expected: list[set[str]]) -> tuple[float, float]:
    """Micro precision and recall of the tags ``found`` against the tags ``expected``, attendu by attendu."""
    right = sum(len(f & e) for f, e in zip(found, expected, strict=True))
    given = sum(len(f) for f in found)
    wanted = sum(len(e) for e in expected)
    return (right / given if given else 1.0), (right / wanted if wanted else 1.0)


def answers(formation, dataset, bac: str, specialites: list[str], atouts: str) -> list[str]:
    """What ``orient check`` answers for each attendu of ``formation``, in order: met, missing or check."""
    profile = BacReader(dataset.referential).profile(bac, specialites)
    verdict = assess(formation, profile, dataset)
    fit = assess_fit(formation, dataset, read_wishes(dataset, profile, None, atouts or None), verdict=verdict)
    by_label = {a.label: "met" for a in fit.attendus_met}
    by_label |= {a.label: "missing" for a in fit.attendus_missing}
    by_label |= {a.label: "check" for a in fit.attendus_unknown}
    return [by_label[a.label] for a in formation.attendus]


# -- the labels themselves -------------------------------------------------------------------------


def test_the_labels_are_many_distinct_and_use_the_vocabulary(dataset):
    vocabulary = {t.label for t in dataset.referential.attendu_tags}
    assert len(SENTENCES) >= 120 and len(PROFILES) >= 60
    assert len({(s["card"], s["position"]) for s in SENTENCES}) == len(SENTENCES)
    assert len({s["digest"] for s in SENTENCES}) == len(SENTENCES)
    assert len({s["card"] for s in SENTENCES}) >= 40
    for sentence in SENTENCES:
        assert set(sentence["tags"]) <= vocabulary, sentence
    assert sum(1 for s in SENTENCES if not s["tags"]) >= 5  # « à vérifier » is labelled too
    for profile in PROFILES:
        assert set(profile["expected"]) <= set(ANSWERS), profile
    assert {p["bac"] for p in PROFILES} >= {"général", "bac pro", "STMG", "ST2S", "STI2D", "STL", "STD2A", "STAV", "S2TMD"}
    assert Counter(p["bac"] for p in PROFILES)["bac pro"] >= 12
    assert {a for p in PROFILES for a in p["expected"]} == set(ANSWERS)


def test_tag_scores_count_each_tag_once():
    assert tag_scores([{"a", "b"}, set()], [{"a"}, {"c"}]) == (0.5, 0.5)
    assert tag_scores([set()], [set()]) == (1.0, 1.0)


# -- without ../shared: attendus of our own, in the cards' usual wordings ----------------------------

OWN_ATTENDUS = [
    ("Avoir une bonne culture générale et être ouvert au monde", {"culture générale"}),
    ("Disposer de capacités d'organisation et d'autonomie", {"organisation et autonomie"}),
    ("Savoir travailler en groupe et faire preuve d'esprit d'équipe", {"travail en équipe"}),
    ("Montrer de l'intérêt pour les métiers du paysage", {"intérêt pour le domaine"}),
    ("Disposer d'une bonne condition physique", {"aptitudes physiques et sportives"}),
    ("Savoir s'exprimer à l'écrit et à l'oral, en français et en anglais", {"expression écrite et orale", "langues étrangères"}),
    ("Être titulaire d'un bac professionnel de la maintenance des véhicules", set()),
]


@pytest.mark.parametrize(("text", "tags"), OWN_ATTENDUS)
def test_own_attendus_get_the_tags_a_reader_gives(dataset, text, tags):
    assert set(AttenduTagger(dataset.referential.attendu_tags, dataset.referential.locutions)(text)) == tags


def test_own_profiles_get_the_answers_a_teacher_gives(dataset):
    tagger = AttenduTagger(dataset.referential.attendu_tags, dataset.referential.locutions)
    texts = [text for text, _ in OWN_ATTENDUS]
    formation = make_formation("T.ATT", "Formation de test", "BTS", 2, attendus=[{"label": t, "tags": list(tagger(t))} for t in texts])
    assert answers(formation, dataset, "général", ["HGGSP", "EPPCS"], "autonomie, travail en équipe") == [
        "met", "met", "met", "missing", "met", "missing", "check",
    ]  # fmt: skip
    assert answers(formation, dataset, "STMG", [], "anglais, expression orale, motivation") == [
        "missing", "missing", "missing", "met", "missing", "met", "check",
    ]  # fmt: skip


# -- on the real cards -----------------------------------------------------------------------------


def test_the_labelled_attendus_are_the_cards(cards):
    for sentence in SENTENCES:
        assert _digest(cards[sentence["card"]][sentence["position"] - 1]) == sentence["digest"], sentence
    for profile in PROFILES:
        assert len(cards[profile["card"]]) == len(profile["expected"]), profile


def _tag_misses(dataset, cards) -> tuple[float, float, list[str]]:
    tagger = AttenduTagger(dataset.referential.attendu_tags, dataset.referential.locutions)
    found = [set(tagger(cards[s["card"]][s["position"] - 1])) for s in SENTENCES]
    expected = [set(s["tags"]) for s in SENTENCES]
    misses = [
        f"{s['card']}#{s['position']} ({s['gist']}): +{sorted(f - e)} -{sorted(e - f)}"
        for s, f, e in zip(SENTENCES, found, expected, strict=True)
        if f != e
    ]
    precision, recall = tag_scores(found, expected)
    return precision, recall, misses


def test_tags_of_the_labelled_attendus(dataset, cards):
    precision, recall, misses = _tag_misses(dataset, cards)
    assert precision >= PRECISION_TARGET and recall >= RECALL_TARGET, f"{precision:.3f} {recall:.3f}\n" + "\n".join(misses)


def test_answers_for_the_labelled_profiles(corpus, cards):
    right = total = 0
    misses: list[str] = []
    for case in PROFILES:
        formation = _record(corpus, case["card"], cards[case["card"]])
        got = answers(formation, corpus, case["bac"], case["specialites"], case["atouts"])
        for position, (answer, expected) in enumerate(zip(got, case["expected"], strict=True), 1):
            total += 1
            right += answer == expected
            if answer != expected:
                misses.append(
                    f"{case['card']}#{position} {case['bac']} {case['specialites']} « {case['atouts']} »: {answer}, attendu {expected}"
                )
    assert right / total >= AGREEMENT_TARGET, f"{right / total:.3f}\n" + "\n".join(misses)


# -- the general causes of the misses, each on text of our own -------------------------------------


@pytest.fixture(scope="module")
def tagger(dataset) -> AttenduTagger:
    return AttenduTagger(dataset.referential.attendu_tags, dataset.referential.locutions)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        # A keyword inside a longer one counts only as part of it.
        ("Avoir le sens de l'intérêt général", {"engagement et implication"}),
        ("Avoir une pratique artistique régulière", {"pratique artistique"}),
        ("Montrer de la curiosité pour la création contemporaine", {"intérêt pour le domaine", "culture artistique"}),
        ("Connaître les techniques d'analyse d'un laboratoire", {"sciences et technologie"}),
        # A word a locution of the vocabulary hides; the locution's other words keep their sense.
        ("Accepter un métier physique", set()),
        ("Connaître la vente physique en magasin", {"sens commercial et relation client"}),
        ("Avoir de bonnes qualités physiques", {"aptitudes physiques et sportives"}),
        # Wordings of the cards the vocabulary missed.
        ("Faire preuve d'ouverture au monde", {"culture générale"}),
        ("Disposer de bonnes connaissances linguistiques", {"langues étrangères"}),
        ("Savoir réagir vite face à un imprévu", {"adaptabilité"}),
        ("Savoir anticiper les étapes d'un projet", {"organisation et autonomie"}),
        ("Avoir le goût et le sens du service", {"intérêt pour le domaine"}),
        ("Montrer de l'appétence pour la fabrication d'objets", {"intérêt pour le domaine", "sens pratique et habileté manuelle"}),
        # « curiosité » inside « curiosité intellectuelle » is not counted: the focus says the interest.
        (
            "Faire preuve de curiosité intellectuelle et plus particulièrement pour la philosophie",
            {"intérêt pour le domaine", "culture générale"},
        ),
        ("Réfléchir aux enjeux sociétaux de son métier", {"culture générale"}),
    ],
)
def test_general_causes_of_tagging_misses(tagger, text, tags):
    assert set(tagger(text)) == tags


@pytest.mark.parametrize(
    ("bac", "specialites", "tags"),
    [
        ("ST2S", [], {"sciences et technologie"}),  # biologie et physiopathologie humaines
        ("STL", [], {"mathématiques"}),  # physique-chimie et mathématiques
        ("STI2D", [], {"mathématiques"}),
        ("général", ["HLP", "SES"], {"raisonnement et esprit critique"}),  # philosophie
        ("général", ["arts plastiques", "maths"], {"pratique artistique", "créativité", "sens pratique et habileté manuelle"}),
        ("STD2A", [], {"pratique artistique", "créativité", "sens pratique et habileté manuelle"}),
        ("S2TMD", ["danse"], {"pratique artistique", "créativité"}),
        ("bac pro", ["Aménagements paysagers"], {"sens pratique et habileté manuelle"}),  # the agricultural families
        ("bac pro", ["Technicien d'usinage"], {"sciences et technologie", "sens pratique et habileté manuelle"}),  # industrial
    ],
)
def test_what_a_bac_gives(dataset, bac, specialites, tags):
    profile = BacReader(dataset.referential).profile(bac, specialites)
    assert tags <= {s.tag for s in read_wishes(dataset, profile).strengths}


@pytest.mark.parametrize(
    ("bac", "specialites", "interests", "met"),
    [
        ("STL", [], ["experiences"], True),  # the série's field
        ("STAV", [], ["nature"], True),
        ("général", ["SVT", "physique-chimie"], ["experiences"], True),
        ("bac pro", ["Aménagements paysagers"], ["nature"], True),  # the family's field
        ("bac pro", ["Technicien d'usinage"], ["technologies"], True),
        ("STMG", [], ["experiences"], False),
        ("bac pro", ["Métiers du commerce et de la vente"], ["nature"], False),
    ],
)
def test_the_interest_in_the_field_shown_by_the_bac(dataset, bac, specialites, interests, met):
    formation = make_formation(
        "T.DOM",
        "Formation de test",
        "BTS",
        2,
        interests=interests,
        attendus=[{"label": "S'intéresser au domaine", "tags": ["intérêt pour le domaine"]}],
    )
    profile = BacReader(dataset.referential).profile(bac, specialites)
    fit = assess_fit(formation, dataset, read_wishes(dataset, profile))
    assert bool(fit.attendus_met) is met
    if met:
        assert fit.attendus_met[0].covered_by[0].startswith("déduit de votre")


@pytest.mark.parametrize(
    ("verdict", "answer"),
    [
        (Verdict("recommended", (), basis="card"), "met"),  # the card lists the student's bac
        (Verdict("excluded", (), basis="card"), "missing"),  # the card rules it out
        (Verdict("possible", (), basis="card"), "check"),
        (Verdict("recommended", (), basis="national"), "check"),  # a type's rule says nothing of this card
        (None, "check"),
    ],
)
def test_an_attendu_asking_for_a_diploma_is_judged_by_the_cards_rules(dataset, verdict, answer):
    labels = ["Être titulaire d'un bac professionnel du secteur industriel", "Avoir le goût des voyages lointains"]
    formation = make_formation("T.DIP", "Formation de test", "CS", 0, years=1, attendus=[{"label": label, "tags": []} for label in labels])
    fit = assess_fit(formation, dataset, read_wishes(dataset, None), verdict=verdict)
    got = {
        a.label: kind
        for kind, checks in (("met", fit.attendus_met), ("missing", fit.attendus_missing), ("check", fit.attendus_unknown))
        for a in checks
    }
    assert got == {labels[0]: answer, labels[1]: "check"}  # an attendu no tag describes and asking no diploma stays to check


def test_what_a_bac_gives_is_checked_against_the_vocabulary(dataset):
    from orient.validate import _check_referential

    ref = dataset.referential
    tracks = []
    for track in ref.tracks:
        if track.code == "STL":
            track = msgspec.structs.replace(track, interests=("laboratoires",))
        if track.sectors:
            sectors = (msgspec.structs.replace(track.sectors[0], implies=("habileté",), interests=("terre",)), *track.sectors[1:])
            track = msgspec.structs.replace(track, sectors=sectors)
        tracks.append(track)
    broken = copy.copy(dataset)
    broken.referential = msgspec.structs.replace(ref, tracks=tuple(tracks))
    messages = {p.message for p in _check_referential(broken)}
    assert {
        "centre d'intérêt inconnu « laboratoires »",
        "centre d'intérêt inconnu « terre »",
        "étiquette d'attendu inconnue « habileté »",
    } <= messages
    assert not list(_check_referential(dataset))
