"""The French the core writes itself (verdict reasons, path conditions, deduced strengths): no doubled
word (« ouvert après après », « bac bac », « de de »), no « (s) » plural and no plural after « 1 »,
over every formation."""

from __future__ import annotations

import json
import re

import msgspec
import pytest

from orient.eligibility import assess, route_label
from orient.errors import DataError, Problem
from orient.models import Formation
from orient.paths import _PLANNED, entry_condition, find_paths, next_steps
from orient.preferences import implied_interests, implied_strengths
from orient.profile import BacReader, Profile

# A word written twice in a row, only spaces between; « nous nous », « vous vous » are French, and case
# counts (« le DE de moniteur » is the diplôme d'État).
_DOUBLED = re.compile(r"(?<!\w)(?!nous |vous )(\w+) +\1(?!\w)")
_PLURAL_MARK = re.compile(r"\w+\((?:s|es|x)\)")  # « problème(s) », « année(s) »
# « 1 autres », « 1 tentatives »: one, then a plural (words ending in s in both numbers aside).
_ONE_PLURAL = re.compile(r"(?<![\w+.,\u202f])1 (?!fois|mois|cours|plus|pas|sans|dans|sous|vers)\w+s\b")


# « de » or « que » not elided before a vowel (« métier de assistant »); « de un » aside, and names
# in capitals (« ENS de Lyon », « de ONISEP » are rare, and checked by hand).
_UNELIDED = re.compile(r"(?<![\w'’])(?:de|que) (?=[aeiouéèêàâîïôû][a-zà-ÿ])(?!un\b|une\b|onze\b)\w+")


def faults(text: str) -> list[str]:
    """The doubled words, « (s) » plurals, plurals after « 1 » and « de » not elided of ``text``."""
    found = [m.group(0) for m in _DOUBLED.finditer(text)] + _PLURAL_MARK.findall(text) + _ONE_PLURAL.findall(text)
    return found + [m.group(0) for m in _UNELIDED.finditer(text)]


def test_the_checker_finds_what_it_looks_for():
    assert faults("ouvert après après la classe de 3e") == ["après après"]
    assert faults("déduit de votre bac bac pro") == ["bac bac"]
    assert faults("1 problème(s)") == ["problème(s)"]
    assert faults("Y mènent : A, B (et 1 autres)") == ["1 autres"]
    assert faults("en 1 mois, bac+1 puis L1 sciences, 2 autres") == []
    assert faults("le DE de moniteur éducateur ; vous vous inscrivez") == []
    assert faults("métier de assistant réalisateur, plus que un") == ["de assistant"]
    assert faults("métier d'assistant, de une à deux années, de Orléans") == []


PROFILES = [
    ("STI2D SIN", None, 18),
    ("général", None, 26),
    ("bac pro cuisine", None, 17),
    ("bac pro", None, None),
    ("STMG", "bac+2", 21),
    ("DAEU", None, 30),
    ("classe de mise à niveau", None, None),
]


def _profiles(dataset) -> list[Profile]:
    reader = BacReader(dataset.referential)
    return [reader.profile(bac, niveau=niveau, age=age) for bac, niveau, age in PROFILES]


def generated_texts(dataset, profiles: list[Profile], metiers) -> list[tuple[str, str]]:
    """(where, text) for every text the core composes about ``dataset`` for ``profiles``."""
    out: list[tuple[str, str]] = []
    tracks = {t.code: t for t in dataset.referential.tracks}
    for formation in dataset.formations.values():
        access = formation.access
        if access is not None:
            out += [(formation.id, route_label(r, tracks)) for r in access.routes]
            for verdict in (_PLANNED, msgspec.structs.replace(_PLANNED, code="bridge")):
                out += [(formation.id, entry_condition(formation, verdict, level)) for level in range(-1, 6)]
        for profile in profiles:
            out += [(formation.id, reason) for reason in assess(formation, profile, dataset).reasons]
    for track in dataset.referential.tracks:  # every bac and spécialité, as deduced strengths and interests
        for specs in [(), *((s,) for s in track.specialites)]:
            profile = Profile(track=track, specialites=specs)
            out += [(track.code, s.origin) for s in implied_strengths(profile, dataset.referential)]
            out += [(track.code, origin) for origin in implied_interests(profile).values()]
    for profile in profiles[:3]:
        for metier in metiers:
            for path in find_paths(dataset, profile, metier, limit=None, max_partial=2000).paths:
                for step in path.steps:
                    out += [(step.formation.id, step.condition), *((step.formation.id, r) for r in step.verdict.reasons)]
        for formation in list(dataset.formations.values())[:: max(1, len(dataset.formations) // 20)]:
            for nxt in next_steps(dataset, profile, formation):
                if nxt.step is not None:
                    out += [(nxt.step.formation.id, nxt.step.condition), *((nxt.step.formation.id, r) for r in nxt.step.verdict.reasons)]
    return out


def _assert_clean(texts: list[tuple[str, str]]) -> None:
    where = {text: place for place, text in texts}  # the same sentence comes back for many formations
    found = sorted((where[text], fault, text) for text in where for fault in faults(text))
    assert not found, found[:10]


def test_the_embedded_dataset_reads_well(dataset):
    texts = generated_texts(dataset, _profiles(dataset), list(dataset.metiers.values()))
    assert len(texts) > 5000
    _assert_clean(texts)


def test_the_whole_corpus_reads_well(corpus):
    metiers = list(corpus.metiers.values())[::40]
    texts = generated_texts(corpus, _profiles(corpus), metiers)
    assert len(texts) > 50000
    _assert_clean(texts)


def test_a_level_route_already_saying_when_is_not_preceded_by_apres():
    formation = msgspec.convert(
        {
            "id": "t-cap",
            "name": "CAP test",
            "type": "CAP",
            "duration_years": 2,
            "level": {"cec": 3, "bac_plus": -1},
            "description": "test",
            "access": {"routes": [{"kind": "level", "min_level": -3, "label": "après la classe de 3e"}], "source": "test"},
            "sources": [{"label": "test"}],
            "checked": "2025-01-01",
        },
        Formation,
    )
    assert entry_condition(formation, _PLANNED, 0) == "ouvert après la classe de 3e"


@pytest.mark.parametrize(("count", "text"), [(2, " (et 1 autre problème)"), (4, " (et 3 autres problèmes)")])
def test_core_errors_count_in_proper_french(count, text):
    from orient.cli.messages import describe

    error = DataError([Problem("a.toml", "", "invalide")] * count)
    assert describe(error)[0].endswith(text)


@pytest.mark.parametrize(
    "args",
    [
        ["--bac", "bac pro", "--specialite", "commerce", "--interets", "vente, cinéma"],
        ["--bac", "général", "-s", "maths", "-s", "pc", "--atouts", "anglais", "--interets", "son"],
        ["--bac", "STI2D", "--interets", "lumière"],
    ],
)
def test_the_check_table_reads_well(run, args):
    """What the CLI adds to the core's reasons (« Prêt pour 1 attendu sur 4 ») counts in French too."""
    result = run("check", *args, "--limit", "0")
    assert result.exit_code == 0 and "Prêt pour" in result.stdout
    cells = [cell for line in result.stdout.splitlines() for cell in re.split(r" {2,}", line)]  # columns apart
    assert not [fault for cell in cells for fault in faults(cell)]


def test_a_check_table_row_gives_the_first_advice_and_counts_the_rest(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # each reason on a line of its own
    args = ["check", "--bac", "ST2S", "--interets", "santé", "--limit", "0"]
    rows = json.loads(run(*args, "--format", "json").stdout)
    most = max(len(r["advice"]) for r in rows)
    table = run(*args).stdout
    assert most > 3 and table.count("Pour progresser :") == sum(1 for r in rows if r["advice"])
    assert f"{most - 3} autres conseils en --format json ou csv" in table
