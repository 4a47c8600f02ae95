"""The indexes the import links cards with give the answers the scans they replace gave.

Each index is checked against the scan it replaced, kept here as the reference: on
generated names and texts (small alphabets, so that ties, repeats and near misses
abound), and on the shared ONISEP corpus when it is there.
"""

from __future__ import annotations

import random

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from conftest import make_formation
from orient.fields import MAX_FEEDERS, demanded_fields, discipline_key, feeders, field_keys, generic_set, name_keys, same_field
from orient.models import Formation
from orient.onisep.build import FUZZY_CUTOFF, AttenduTagger, _FormationNames, expand_gender
from orient.onisep.names import CitedNames, CloseNames
from orient.parcoursup.link import _overlap
from orient.parcoursup.link_index import Holders, Sharing
from orient.text import normalize

# - the scans replaced, as they were -


class ScannedFormationNames:
    def __init__(self, formations):
        self.by_first = {}
        for formation_id, name in formations:
            key = normalize(name)
            if len(key) < 15 or " " not in key:
                continue
            self.by_first.setdefault(key.split(" ")[0], []).append((key, formation_id))

    def cited(self, text, own):
        key = f" {normalize(text)} "
        found = []
        for word in set(key.split()):
            for name, formation_id in self.by_first.get(word, ()):
                if formation_id != own and f" {name} " in key and formation_id not in found:
                    found.append(formation_id)
        return sorted(found)


def scanned_closest(query, names, cutoff):
    best = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best is not None else None


def scanned_tags(tags, label, locutions=()):
    words = f" {normalize(label)} "

    def places(key):  # where `` key `` is in ``words``: its first and last characters, spaces included
        start = words.find(f" {key} ")
        while start >= 0:
            yield start, start + len(key) + 2
            start = words.find(f" {key} ", start + 1)

    cited = [(start, end, tag) for tag in tags for k in tag.keywords for start, end in places(normalize(k))]
    hidden = []  # the locutions: where each is, and where the word that loses its sense starts
    for locution in locutions:
        word = normalize(locution.word)
        for phrase in map(normalize, locution.phrases):
            before = next((phrase.split(" ")[:i] for i, w in enumerate(phrase.split(" ")) if w == word or w.startswith(word[:-1])), [])
            hidden += [(start, end, start + len(" ".join(before)) + bool(before)) for start, end in places(phrase)]
    kept = [
        tag
        for start, end, tag in cited
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in cited)
        and not any(s <= start <= at < end - 1 <= e - 1 and e - s > end - start for s, e, at in hidden)
    ]
    found = [t for t in tags if t in kept]
    if words.lstrip().startswith(("etre titulaire", "titulaire")) and not any(t.met_by_bac for t in found):
        return ()
    return tuple(t.label for t in found)


def scanned_feeders(targets, pool, generic):
    pool = [f for f in pool if f.after_bac]
    by_key = {}
    for formation in pool:
        for key in (*formation.fields, "t:" + formation.type):
            by_key.setdefault(key, []).append(formation)
    out = {}
    for target in targets:
        entry = target.entry_level
        if entry is None or entry < 1:
            continue
        shared, found = {}, {}
        wanted = demanded_fields(target, generic)
        for key in (*target.fields, *sorted(wanted)):
            for other in by_key.get(key, ()):
                if other.id == target.id:
                    continue
                level = other.level.bac_plus
                if entry <= level and (level < target.level.bac_plus or target.level.cec == 0):
                    shared[other.id] = shared.get(other.id, 0) + 1
                    found[other.id] = other
        kept = [i for i in shared if scanned_linked(found[i], target, generic)]
        kept.sort(key=lambda i: (-shared[i], found[i].name, i))
        if kept:
            out[target.id] = tuple(kept[:MAX_FEEDERS])
    return out


def scanned_linked(source: Formation, target: Formation, generic) -> bool:
    if demanded_fields(target, generic) & (name_keys(source.name, generic) | {"t:" + source.type}):
        return True
    routes = [r for r in target.access.routes if r.kind in ("level", "diploma")] if target.access else []
    if routes and all(r.field for r in routes):
        return False
    if not same_field(source, target):
        return False
    # Of its discipline too, when the target names a mention: a métier in common, or the mention's word.
    discipline = discipline_key(target.name, generic)
    metiers = {k for k in source.fields if k.startswith("m:")} & {k for k in target.fields if k.startswith("m:")}
    words = {k for k in source.fields if k.startswith("w:")} & {k for k in target.fields if k.startswith("w:")}
    return discipline is None or discipline in source.fields or bool(metiers and words)


# - generated names and texts -

WORDS = ["bts", "design", "de", "mode", "arts", "a", "licence", "art", "design graphique"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(names=st.lists(phrases, max_size=12), text=st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join))
def test_cited_names_are_the_names_the_text_holds_whole(names, text):
    cited = CitedNames((number, name) for number, name in enumerate(names))
    assert cited.cited(text) == {number for number, name in enumerate(names) if f" {name} " in f" {text} "}


@settings(max_examples=100, deadline=None)
@given(
    names=st.lists(st.text("ab c", max_size=14), max_size=25),
    queries=st.lists(st.text("ab c", max_size=14), min_size=1, max_size=6),
    cutoff=st.sampled_from([0.0, 50.0, 75.0, 90.0, 95.0, 100.0]),
)
def test_close_names_give_what_extract_one_gives(names, queries, cutoff):
    close = CloseNames(names, cutoff)
    for query in queries:
        assert close.best(query) == scanned_closest(query, names, cutoff)
        scoring = {p for p, name in enumerate(names) if fuzz.ratio(query, name) >= cutoff}
        assert scoring <= close.candidates(query)


def test_close_names_tie_goes_to_the_first_name():
    names = ["abcf", "abce", "abcg"]
    assert CloseNames(names, 70.0).best("abcd") == scanned_closest("abcd", names, 70.0) == "abcf"


FOLDED = ["tech", "techn", "technique", "techniques", "art", "arts", "design", "des", "gestion", "gest"]
word_sets = st.frozensets(st.sampled_from(FOLDED), max_size=4)


@settings(max_examples=100, deadline=None)
@given(sets=st.lists(word_sets, max_size=12), words=word_sets)
def test_sharing_finds_every_set_that_overlaps(sets, words):
    found = Sharing(sets).overlapping(words)
    assert found == {p for p, theirs in enumerate(sets) if theirs and _overlap(words, theirs) > 0}


@settings(max_examples=100, deadline=None)
@given(sets=st.lists(word_sets, max_size=12), words=word_sets.filter(bool))
def test_holders_are_the_records_holding_every_word(sets, words, dataset):
    records = list(dataset.formations.values())[: len(sets)]
    holders = Holders(zip(records, sets, strict=False))
    assert holders.holding(words) == [r for r, theirs in zip(records, sets, strict=False) if words <= theirs]


# - on the shared corpus -


def test_poursuites_cite_what_the_scan_found(corpus):
    named = [(f.id, f.name) for f in corpus.formations.values()]
    new, old = _FormationNames(named), ScannedFormationNames(named)
    texts = [(f.poursuites_note, f.id) for f in corpus.formations.values() if f.poursuites_note]
    assert len(texts) > 400
    found = 0
    for text, own in texts:
        assert new.cited(text, own) == old.cited(text, own)
        found += bool(old.cited(text, own))
    assert found > 30  # the sample holds citations, not only texts that cite nothing


def test_close_metier_names_are_those_the_scan_found(corpus):
    names = list(
        dict.fromkeys(normalize(n) for m in corpus.metiers.values() for n in (m.names.masculine, m.names.feminine, *m.other_names))
    )
    close = CloseNames(names, FUZZY_CUTOFF)
    rng = random.Random(7)
    queries = [form for name in rng.sample(names, 150) for form in expand_gender(name)]
    for name in rng.sample(names, 250):  # names with a few letters added, dropped or changed
        letters = list(name)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(letters) + 1)
            if rng.random() < 0.5 or not letters:
                letters.insert(at, rng.choice("aeiostr "))
            else:
                letters[min(at, len(letters) - 1)] = rng.choice("aeiostr ") if rng.random() < 0.5 else ""
        queries.append("".join(letters))
    matched = 0
    for query in queries:
        expected = scanned_closest(query, names, FUZZY_CUTOFF)
        assert close.best(query) == expected
        matched += expected is not None
    assert 100 < matched < len(queries)


def test_attendus_are_tagged_as_the_scan_tagged_them(corpus):
    tags, locutions = corpus.referential.attendu_tags, corpus.referential.locutions
    tagger = AttenduTagger(tags, locutions)
    labels = sorted({a.label for f in corpus.formations.values() for a in f.attendus})
    assert len(labels) > 500
    for label in random.Random(3).sample(labels, 200):
        assert tagger(label) == scanned_tags(tags, label, locutions)


def test_feeders_are_those_the_scan_found(corpus, dataset):
    generic = generic_set(corpus.referential.generic_words)
    imported = [f for f in corpus.formations.values() if f.id not in dataset.formations]
    pool = [*imported, *dataset.formations.values()]
    found = feeders(imported, pool, generic)
    assert found == scanned_feeders(imported, pool, generic)
    assert len(found) > 500


@pytest.mark.parametrize("text, own, expected", [("Poursuite en BTS design graphique option A", "x", ["a"]), ("rien", "x", [])])
def test_a_formation_does_not_cite_itself(text, own, expected):
    names = _FormationNames([("a", "BTS design graphique"), ("x", "BTS design graphique option A")])
    assert names.cited(text, own) == expected


def test_a_way_in_naming_a_diploma_is_fed_by_that_diploma_only():
    """« après le DCG » is the DCG, not any formation of accounting ending at bac+3 (a BUT GEA);
    « une PASS ou une L.AS » is the PASS, not any formation of the health field (a DEUST)."""
    generic = frozenset()

    def formation(fid, name, kind, level, metier, routes=None):
        access = {"routes": routes, "source": "test"} if routes else None
        made = make_formation(fid, name, kind, level, metiers=[metier], access=access, entry_level=routes[0]["min_level"] if routes else 0)
        return msgspec.structs.replace(made, fields=field_keys(made, generic))

    pool = [
        formation("dcg", "diplôme de comptabilité et de gestion", "DCG", 3, "m-compta"),
        formation("gea", "BUT gestion des entreprises et des administrations", "BUT", 3, "m-compta"),
        formation("pass", "PASS, parcours d'accès spécifique santé", "licence", 1, "m-med"),
        formation("deust", "DEUST produits de santé", "DEUST", 2, "m-med"),
    ]
    targets = [
        formation(
            "dscg",
            "diplôme supérieur de comptabilité et de gestion",
            "DSCG",
            5,
            "m-compta",
            [{"kind": "level", "min_level": 3, "label": "le DCG (bac+3)", "field": "DCG", "grants": "possible"}],
        ),
        formation(
            "med",
            "diplôme d'État de docteur en médecine",
            "DE santé",
            5,
            "m-med",
            [{"kind": "level", "min_level": 1, "label": "une PASS ou une L.AS", "field": "PASS ou L.AS", "grants": "possible"}],
        ),
    ]
    found = feeders(targets, [*pool, *targets], generic)
    assert found == {"dscg": ("dcg",), "med": ("pass",)}
    assert found == scanned_feeders(targets, [*pool, *targets], generic)
    # Without the named diploma, the same field feeds them, as before.
    unnamed = [
        msgspec.structs.replace(
            t, access=msgspec.structs.replace(t.access, routes=tuple(msgspec.structs.replace(r, field="") for r in t.access.routes))
        )
        for t in targets
    ]
    assert set(feeders(unnamed, [*pool, *unnamed], generic)["dscg"]) == {"dcg", "gea"}
