"""Paths that can really be walked: invariants checked with hypothesis and over the real corpus."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orient.fields import linked
from orient.paths import find_paths
from orient.profile import BacReader
from orient.search import resolve_target

BACS = ["général", "STMG", "STI2D SIN", "ST2S", "STL", "STD2A", "bac pro", "bac pro photo", "bac pro cuisine", "STAV"]


def check_path(path, profile, path_dataset) -> None:
    """Every invariant a path must keep."""
    elapsed = 0.0
    level = profile.level
    for number, step in enumerate(path.steps):
        # Each step is taken at the level the student has then, and is open at that level.
        assert step.level_before == level
        assert step.verdict.code not in ("later", "excluded"), step.formation.id
        if step.verdict.code == "unknown":
            assert step.formation.entry_level is not None and step.formation.entry_level <= level
        if number == 0:
            assert step.link == "bac"
        else:
            previous = path.steps[number - 1].formation
            if step.link == "poursuite":
                assert step.formation.id in {p.formation for p in previous.poursuites}
            else:  # a level link: the same field (or the one the rules name), a step up
                assert step.link == "niveau" and linked(previous, step.formation, path_dataset.generic_words)
        elapsed += step.years
        # The level reached is within reach of the years studied.
        assert step.level_after <= profile.level + elapsed, [s.formation.id for s in path.steps]
        level = step.level_after
    assert path.final_level <= profile.level + path.total_years
    assert len({s.formation.id for s in path.steps}) == len(path.steps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bac=st.sampled_from(BACS), niveau=st.sampled_from([None, "bac+1", "bac+2", "bac+3"]), data=st.data())
def test_paths_of_the_labelled_dataset_keep_every_invariant(labelled, bac, niveau, data):
    targets = sorted(labelled.metiers) + sorted(labelled.formations)
    target_id = data.draw(st.sampled_from(targets))
    target = labelled.metiers.get(target_id) or labelled.formations[target_id]
    profile = BacReader(labelled.referential).profile(bac, niveau=niveau)
    result = find_paths(labelled, profile, target, limit=None, max_steps=4)
    for path in result.paths:
        check_path(path, profile, labelled)


PROFILES = [("général", ["maths", "pc"]), ("STMG", []), ("bac pro", []), ("ST2S", []), ("STI2D", ["SIN"])]
METIERS = [
    "infirmier",
    "avocat",
    "développeur informatique",
    "data scientist",
    "journaliste",
    "masseur-kinésithérapeute",
    "ingénieur en mécanique",
    "boulanger",
    "comptable",
    "designer graphique",
    "électricien installateur",
    "directeur de la photographie",
]


def test_paths_over_the_corpus_keep_every_invariant(corpus):
    reader = BacReader(corpus.referential)
    found = 0
    for name in METIERS:
        target = resolve_target(corpus, name)
        for bac, specialites in PROFILES:
            profile = reader.profile(bac, specialites)
            for path in find_paths(corpus, profile, target, limit=5).paths:
                check_path(path, profile, corpus)
                found += 1
    assert found >= 200


@pytest.mark.parametrize(
    ("metier", "first"),
    [
        ("infirmier", [("diplôme d'État d'infirmier",)]),
        (
            "avocat",
            [
                ("licence mention droit", "BUT carrières juridiques"),
                ("master mention droit",),
                ("certificat d'aptitude à la profession d'avocat",),
            ],
        ),
        ("masseur-kinésithérapeute", [("PASS",), ("diplôme d'État de masseur kinésithérapeute",)]),
        ("comptable", [("BTS comptabilité et gestion",)]),
        ("journaliste", [("BUT information-communication parcours journalisme",)]),
        # A step the cards do not name, found by the field both names share (« architecture », « architecte »).
        ("architecte", [("diplôme d'études en architecture",), ("diplôme d'État d'architecte",)]),
        ("sage-femme", [("PASS",), ("diplôme d'État de docteur en maïeutique",)]),
        ("pharmacien d'officine", [("PASS",), ("diplôme d'État de docteur en pharmacie",)]),
        ("orthophoniste", [("certificat de capacité d'orthophoniste",)]),
        ("assistant de service social", [("diplôme d'État d'assistant de service social",)]),
        ("technicien logistique", [("BTS gestion des transports et logistique associée",)]),
        # As long as other ways: the formation named after the métier first.
        ("éducateur spécialisé", [("diplôme d'État d'éducateur spécialisé", "BUT carrières sociales parcours éducation spécialisée")]),
        ("pâtissier", [("CAP pâtissier",)]),
        ("maçon", [("TP maçon",)]),
    ],
)
def test_the_first_path_over_the_corpus_is_one_a_counselor_recognises(corpus, metier, first):
    profile = BacReader(corpus.referential).profile("général", ["maths", "ses"])
    path = find_paths(corpus, profile, resolve_target(corpus, metier), limit=1).paths[0]
    names = [s.formation.name for s in path.steps]
    assert len(names) == len(first) and all(n.startswith(choices) for n, choices in zip(names, first, strict=True)), names


def test_formations_entered_after_higher_studies_are_never_entered_straight_after_the_bac(corpus):
    profile = BacReader(corpus.referential).profile("général")
    later = [f for f in corpus.formations.values() if f.type in ("master", "MS", "licence pro") and f.after_bac]
    assert len(later) > 300
    reached = 0
    for formation in later[::15]:
        for path in find_paths(corpus, profile, formation, limit=2).paths:
            assert path.steps[0].formation.type not in ("master", "MS", "licence pro")
            assert path.total_years >= formation.entry_level + formation.duration_years
            reached += 1
    assert reached


@pytest.mark.parametrize(("metier", "years"), [("masseur-kinésithérapeute", 5), ("sage-femme", 6), ("pharmacien d'officine", 6)])
def test_health_studies_after_pass_count_its_year_once(corpus, metier, years):
    """The cards of these diplômes d'État count the first year (PASS or L.AS) in their duration."""
    profile = BacReader(corpus.referential).profile("général", ["maths", "pc"])
    path = find_paths(corpus, profile, resolve_target(corpus, metier), limit=1).paths[0]
    assert path.steps[0].formation.name.startswith("PASS") and path.total_years == years
