"""The search engine: French analysis, the index, reading a query, scoring, and the CLI around it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, make_formation
from orient.analysis import Analyzer, pairs
from orient.dataset import load
from orient.retrieval import Engine
from orient.search_index import build_index, formation_documents
from orient.text import fold


@pytest.fixture(scope="module")
def analyzer(dataset) -> Analyzer:
    return dataset.analyzer


@pytest.fixture(scope="module")
def engine(dataset) -> Engine:
    return Engine(dataset)


# -- analysis --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "family",
    [
        ("journalisme", "journaliste", "journalistes"),
        ("psychologie", "psychologue", "psychologues"),
        ("jeux", "jeu"),
        ("vidéo", "vidéos", "video", "VIDÉOS"),
        ("informatique", "informaticien", "informaticienne"),
        ("mécanique", "mécanicien"),
        ("cuisine", "cuisinier", "cuisinière"),
        ("animaux", "animal"),
        ("enseigner", "enseignement", "enseignant"),
        # A trade's workshop and its worker (« -erie », « -ier »).
        ("boulangerie", "boulanger", "boulangers"),
        ("pâtisserie", "pâtissier", "pâtissière", "patisserie"),
        ("bijouterie", "bijoutier"),
        ("chaudronnerie", "chaudronnier"),
        ("gendarmerie", "gendarme"),
    ],
)
def test_a_family_of_words_shares_one_stem(analyzer, family):
    assert len({analyzer.stem(w.lower()) for w in family}) == 1, [analyzer.stem(w.lower()) for w in family]


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("loisirs", "lois"),
        ("opéra", "opérateur"),
        ("équitable", "équitation"),
        ("équipe", "équipements"),
        ("tennis", "tenir"),
        ("CAPES", "CAP"),
        ("publicité", "publique"),
        ("communication", "commune"),
        ("collectivités", "collection"),
        ("armée", "béton armé"),
        ("chantiers", "chant"),
        ("vente", "vent"),
        ("mère", "mer"),
        ("livres", "livrer"),
        ("données", "donner"),
        ("assurances", "assurer"),
        ("génie civil", "les gens"),
        ("télé", "telle"),
        ("mobilier", "applications mobiles"),
        ("fichiers", "fiche"),
    ],
)
def test_unrelated_words_keep_apart(analyzer, word, other):
    assert analyzer.terms(word) != analyzer.terms(other)


def test_a_word_loses_its_sense_in_a_locution(analyzer):
    sport = set(analyzer.terms("activités physiques et sportives"))
    assert analyzer.terms("activités physiques") == analyzer.terms("activité physique")
    assert analyzer.terms("activites physiques")[-1] == analyzer.terms("activités physiques")[-1]  # typed without accents
    assert analyzer.stem("physique") not in sport and set(analyzer.terms("activités sportives")) <= sport
    assert analyzer.stem("dehors") not in analyzer.terms("en dehors des heures de cours")
    assert analyzer.terms("travailler dehors")[-1] == analyzer.stem("dehors")


def test_a_locution_no_record_holds_is_not_an_unknown_word(engine):
    term = engine.read_term("en dehors")
    assert term.unknown == () and term.corrected == ()


def test_words_drop_elisions_stop_words_letters_and_numbers(analyzer):
    assert analyzer.words("L'informatique et les jeux-vidéo d'aujourd'hui, 3D, bac+2") == [
        "informatique",
        "jeux",
        "vidéo",
        "aujourd",
        "hui",
        "3d",
        "bac",
    ]
    assert analyzer.words("le son") == ["son"]  # a field, not « his »


def test_short_words_and_acronyms_are_kept_whole(analyzer):
    assert [analyzer.stem(w) for w in ("bts", "sio", "art", "jeu")] == ["bts", "sio", "art", "jeu"]


def test_pairs_join_consecutive_stems():
    assert pairs(["jeu", "video", "jeu"]) == ["jeu_video", "video_jeu"]
    assert pairs(["son", "son"]) == []


@given(st.text(max_size=60))
def test_analysis_of_any_text_gives_ascii_keys(text):
    for folded, stem in Analyzer(["le"]).keys(text):
        assert folded and stem and " " not in stem


# -- the index -----------------------------------------------------------------------------------


def test_a_name_counts_more_than_a_description(mini):
    index = build_index(formation_documents(mini), mini.analyzer)
    found = index.lookup(mini.analyzer.stem("formation"))
    assert found is not None and len(found.docs) == len(found.impacts) == len(found.masks)
    assert all(impact > 0 for impact in found.impacts)


def test_every_record_is_indexed_once(dataset):
    index = dataset.search_index
    assert sorted(index.formations.ids) == sorted(dataset.formations)
    assert sorted(index.metiers.ids) == sorted(dataset.metiers)


# -- reading a query ---------------------------------------------------------------------------------


def test_thesaurus_phrases_are_read_before_words(engine):
    term = engine.read_term("j'aime les jeux vidéo")
    assert "jeu vidéo" in term.synonyms and "jeu_video" in term.tokens
    assert not term.unknown


def test_a_taste_word_gives_way_to_the_longer_phrase_after_it(engine):
    # « devenir prof » is a phrase, but « prof de sport » reaches further: a coach, not any teacher.
    (concept,) = engine.read_term("devenir prof de sport").concepts
    assert "coach sportif" in concept.synonyms and "enseignant" not in concept.synonyms
    assert "enseignant" in engine.read_term("devenir prof").synonyms


def test_overlapping_phrases_of_one_entry_are_one_concept(engine):
    # « labo d'analyses » and « analyses médicales »: « médicales » is not read apart as all of health.
    (concept,) = engine.read_term("labo d'analyses médicales").concepts
    assert "biologie médicale" in concept.synonyms and "santé" not in concept.synonyms


@pytest.mark.parametrize(
    ("typed", "means"),
    [
        ("agriculture", ("viticulteur", "horticulteur", "arboriculteur", "maraîcher")),
        ("architecture", ("architecte d'intérieur", "architecte naval", "architecte du patrimoine")),
        ("banque", ("gestion de patrimoine", "microcrédit")),
        ("comptabilité", ("contrôleur de gestion",)),
        ("langues étrangères", ("linguiste",)),
        ("psychologie", ("psychomotricien",)),
        ("paramédical", ("orthophoniste", "ergothérapeute", "audioprothésiste")),
    ],
)
def test_the_thesaurus_gives_a_field_its_trades(engine, typed, means):
    assert set(means) <= set(engine.read_term(typed).synonyms)


def test_paramedical_is_not_everything_medical(engine):
    assert "médical" not in engine.read_term("paramédical").synonyms


def test_a_phrase_of_the_thesaurus_keeps_its_taste_words_apart(engine, analyzer):
    """« devenir » of « devenir médecin » scores like its other words, but no record meets the
    phrase by it alone; a centre d'intérêt the whole phrase names stands for it."""
    concept = engine.read_term("devenir médecin").concepts[0]
    assert concept.fillers == (analyzer.stem("devenir"),) and analyzer.stem("médecin") in concept.tokens
    assert engine.read_term("langues étrangères").concepts[0].interests == ("langues",)
    assert engine.read_term("devenir").unknown == () and not engine.read_term("devenir").understood


def test_a_taste_word_of_a_phrase_scores_only_where_the_phrase_is_met(engine, analyzer):
    """« devenir » of « devenir médecin » adds to the records that meet the phrase otherwise, and
    to none that only hold « devenir »."""
    met = set(engine.score("metiers", [engine.read_term("médecin")]))
    holding = engine.index.metiers.lookup(analyzer.stem("devenir"))
    assert holding is not None and {engine.index.metiers.ids[d] for d in holding.docs} - met
    assert set(engine.score("metiers", [engine.read_term("devenir médecin")])) == met


def test_fillers_are_dropped_from_wishes_only(engine):
    assert engine.read_term("travailler dans le cinéma").tokens == engine.read_term("cinéma").tokens
    assert engine.read_term("je veux être réalisateur").tokens == engine.read_term("réalisateur").tokens != ()
    assert len(engine.read_term("métiers de l'image", wish=False).tokens) == 3  # two words and their pair
    assert len(engine.read_term("métiers de l'image").tokens) == 1


def test_a_misspelt_word_is_read_as_the_closest_word(engine):
    term = engine.read_term("cinémma")
    assert term.corrected == (("cinémma", "cinema"),) and term.understood
    # Read as that word whole: what the thesaurus gives it too, the typed word kept as the input.
    right = engine.read_term("cinéma")
    assert term.concepts == right.concepts and term.input == "cinémma" and right.concepts[0].synonyms


@pytest.mark.parametrize("word", ["sécurité", "activités", "lumière", "électricité", "créativité", "activités physiques"])
def test_a_word_typed_without_its_accents_reads_as_the_cards_write_it(engine, word):
    # Snowball reads the accents of a suffix: « securite » alone would stem « securit », « sécurité » « secur ».
    typed = engine.read_term(fold(word))
    assert typed.tokens == engine.read_term(word).tokens and not typed.corrected and not typed.unknown


@pytest.mark.parametrize(("feminine", "masculine"), [("directrice", "directeur"), ("productrice", "producteur")])
def test_a_trade_said_in_the_feminine_reads_as_its_masculine(engine, feminine, masculine):
    assert engine.read_term(feminine).tokens == engine.read_term(masculine).tokens


@pytest.mark.parametrize("phrase", ["carrières sociales", "personnes handicapées", "gestion financière", "maison connectée"])
def test_a_phrase_of_the_thesaurus_typed_without_its_accents_is_the_phrase(engine, phrase):
    assert engine.read_term(fold(phrase)).synonyms == engine.read_term(phrase).synonyms != ()


def test_a_noun_that_is_also_a_form_of_avoir_is_a_word(analyzer):
    assert analyzer.terms("les avions") == ["avion"]


def test_a_word_found_nowhere_is_unknown_with_suggestions(engine):
    term = engine.read_term("peinturlure")
    assert term.unknown == ("peinturlure",) and not term.understood
    assert engine.unknown_words([term])[0].suggestions[0] == "peinture"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_reading_any_text_never_crashes(text):
    engine = Engine(load(FIXTURES / "mini"))
    term = engine.read_term(text)
    assert term.understood or term.unknown or not text.strip() or not engine.analyzer.words(text)


def test_same_words_same_results(engine):
    ranks = [[(i, s) for i, s, _h in engine.rank("formations", [engine.read_term(q)])] for q in ("jeux video", "jeu vidéo", "Jeux vidéos")]
    assert ranks[0] == ranks[1] == ranks[2] and ranks[0]


# -- scoring --------------------------------------------------------------------------------------


def test_the_rarer_word_of_a_term_counts_more_and_long_phrases_count_whole(analyzer):
    from orient.retrieval import Concept, Term, _score_term

    documents = [(str(n), {"name": ["mécanique générale"]}) for n in range(8)]
    documents += [
        ("car", {"name": ["carrosserie"], "description": ["un long texte sur les ateliers, l'automobile, la peinture et le reste"]}),
        ("meca", {"name": ["mécanique"], "description": ["mécanique"]}),
        ("school", {"name": ["école nationale supérieure"]}),
        ("archi", {"name": ["école nationale supérieure d'architecture"]}),
    ]
    index = build_index(documents, analyzer)
    stem = analyzer.stem
    term = Term("mécanique automobile", concepts=(Concept((stem("mécanique"),)), Concept((stem("automobile"),))))
    scores = {index.ids[d]: h.score for d, h in _score_term(index, term).items()}
    # « automobile », in one record, says more of the term than « mécanique », in nine, even in a name.
    assert 0 < scores["meca"] < 0.1 * scores["car"]
    phrase = "écoles nationales supérieures d'architecture"
    term = Term("architecte", concepts=(Concept((stem("architecte"),), (phrase,), (tuple(pairs(analyzer.terms(phrase))),)),))
    assert [index.ids[d] for d in _score_term(index, term)] == ["archi"]  # not every « école nationale supérieure »


def test_each_word_of_a_phrase_counts_and_its_synonyms_meet_it_whole(analyzer):
    """« relations internationales »: a record holding only one of its words meets that part of the
    phrase (the rarer the word, the larger the part); one holding a word the thesaurus gives the
    phrase meets all of it."""
    from orient.retrieval import Concept, Term, _score_term

    documents = [(f"client{n}", {"name": ["relations clients"]}) for n in range(4)]
    documents += [
        ("publiques", {"name": ["relations publiques"]}),
        ("internationales", {"name": ["relations internationales"]}),
        ("diplomatie", {"name": ["diplomatie"]}),
        ("commerce", {"name": ["commerce international"]}),
    ]
    index = build_index(documents, analyzer)
    stem = analyzer.stem
    words = (stem("relations"), stem("internationales"))
    term = Term("relations internationales", concepts=(Concept(words, ("diplomatie",), ((stem("diplomatie"),),)),))
    scores = {index.ids[d]: h.score for d, h in _score_term(index, term).items()}
    # « relations », in six records of eight, is the lesser half: « relations publiques » meets little of it.
    assert scores["internationales"] == 1.0 and scores["publiques"] < 0.05
    assert scores["diplomatie"] > scores["commerce"] > scores["publiques"]


def test_each_term_scores_between_zero_and_one(engine):
    terms = engine.read("cinéma, son")
    scored = engine.score("formations", terms)
    assert scored and all(0 < score <= 1 for score, _hits in scored.values())
    assert max(score for score, _hits in scored.values()) <= 1
    best = max(h.score for _s, hits in scored.values() for h in hits if h.input == "son")
    assert best == 1.0


def test_a_métier_meeting_every_term_ranks_above_one_meeting_a_single_term_as_well(monkeypatch, engine):
    """Métiers: the terms' power mean (below 1); formations: the plain mean."""
    from orient import retrieval
    from orient.retrieval import Hit, Term

    given = {"piano": {0: 1.0, 1: 0.4}, "jardin": {1: 0.4}}  # record 0 meets one term, record 1 both
    scores = lambda index, term, _siblings: {d: Hit(term.input, s, ()) for d, s in given[term.input].items()}  # noqa: E731
    monkeypatch.setattr(retrieval, "_term_scores", scores)
    terms = [Term("piano", interests=("musique",)), Term("jardin", interests=("nature",))]
    for kind, first in (("metiers", 1), ("formations", 0)):
        ids = getattr(engine.index, kind).ids
        assert [i for i, _score, _hits in engine.rank(kind, terms)] == [ids[first], ids[1 - first]], kind
    scored = engine.score("formations", terms)
    assert scored[engine.index.formations.ids[0]][0] == 0.5  # the plain mean, as before


def test_hits_say_where_the_words_are(engine):
    scored = engine.score("metiers", engine.read("son"))
    _score, hits = scored["ingenieur-son"]
    assert "name" in hits[0].fields


# -- the CLI ------------------------------------------------------------------------------------------


def test_an_unknown_word_is_reported_and_the_others_still_rank(run):
    result = run("check", "--bac", "STI2D", "--interets", "cinéma, peinturlure", "-f", "json")
    assert result.exit_code == 0
    assert "Mot inconnu, ignoré : « peinturlure ». Vouliez-vous dire « peinture » ?" in result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["fit_score"] > 0 and {m["input"] for m in rows[0]["interest_matches"]} == {"cinéma"}


def test_nothing_understood_is_a_usage_error(run):
    result = run("metiers", "--interets", "xqzw, blorp")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Erreur : Aucun mot compris : « xqzw », « blorp ».")


def test_a_huge_query_is_answered_or_refused_quickly(run):
    result = run("metiers", "--interets", ", ".join(["cinéma"] * 200), "-f", "json")  # one term, repeated
    assert result.exit_code == 0 and json.loads(result.stdout)
    many = run("metiers", "--interets", ", ".join(f"mot{i}" for i in range(200)))
    assert many.exit_code == 2 and "Trop de centres d'intérêt : 200 ; 30 au plus." in many.stderr
    long_term = run("metiers", "--interets", "cinéma " + " ".join(f"zzq{i}" for i in range(300)), "-f", "json")
    assert long_term.exit_code == 0 and json.loads(long_term.stdout)
    huge = run("metiers", "--interets", ", ".join(["cinéma"] * 2000))  # beyond the bound of a list
    assert huge.exit_code == 2 and "Texte trop long pour la liste de centres d'intérêt" in huge.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("metier", "cadreur"), "cadreur"),
        (("metier", "ingénieur du son"), "ingenieur-son"),
        (("show", "BTS métiers de l'audiovisuel option métiers de l'image"), "bts-mav-image"),
    ],
)
def test_an_exact_name_always_wins(run, args, expected):
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == expected


def test_the_index_is_built_by_the_import_and_reused(run, tmp_path):
    from orient.dataset import cache_dir

    card = FIXTURES / "onisep" / "formations"
    assert run("data", "import", "onisep", str(card)).exit_code == 0
    built = sorted(cache_dir().glob("index-*.msgpack"))
    assert built
    stamp = {p: p.stat().st_mtime_ns for p in built}
    assert run("metiers", "--interets", "lumière", "-f", "json").exit_code == 0
    assert {p: p.stat().st_mtime_ns for p in cache_dir().glob("index-*.msgpack")} == stamp


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ('[[synonym]]\nwords = ["soigner"]\nmeans = ["santé"]\n', "« soigner » est déjà dans l'entrée 0"),
        ('[[synonym]]\nwords = ["zyx"]\nmeans = []\n', "entrée sans mots (words) ou sans sens (means)"),
        ('[[synonym]]\nwords = ["zyx"]\nsens = ["a"]\n', "champ inconnu"),
    ],
)
def test_a_broken_thesaurus_is_reported(tmp_path, addition, message):
    import shutil

    from orient.dataset import embedded_data_dir
    from orient.validate import validate_folder

    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "thesaurus.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + addition, encoding="utf-8")
    problems = [str(p) for p in validate_folder(root)]
    assert any("thesaurus.toml" in p and message in p for p in problems), problems


def test_a_locution_without_its_word_is_reported(tmp_path):
    import shutil

    from orient.dataset import embedded_data_dir
    from orient.validate import validate_folder

    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "vocabulaire.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[locution]]\nword = "physique"\nphrases = ["chimie", "activités sportives"]\n',
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_folder(root)]
    assert sum("vocabulaire.toml" in p and "n'est pas une locution de « physique »" in p for p in problems) == 2, problems


def test_a_name_resolves_to_the_formation_of_the_type_it_names_and_no_more(dataset):
    """« licence de droit » is the licence (not a licence pro whose name holds both words); « master
    droit » the master of droit alone (not droit social); a bare field (« droit ») or a bare type
    (« master ») still names several."""
    from orient.dataset import Dataset, prepared
    from orient.errors import AmbiguousError
    from orient.search import resolve_formation

    records = [
        make_formation("t-licence", "licence mention droit", "licence", 3),
        make_formation("t-lpro", "licence pro mention métiers du droit social", "licence pro", 3),
        make_formation("t-master", "master mention droit", "master", 5),
        make_formation("t-social", "master mention droit social", "master", 5),
        make_formation("t-prive", "master mention droit privé", "master", 5),
    ]
    data = prepared(Dataset(dataset.referential, {f.id: f for f in records}, dict(dataset.metiers)))
    assert resolve_formation(data, "licence de droit").id == "t-licence"
    assert resolve_formation(data, "master droit").id == "t-master"
    assert resolve_formation(data, "master droit social").id == "t-social"
    for several in ("droit", "master"):
        with pytest.raises(AmbiguousError):
            resolve_formation(data, several)


def test_a_target_named_without_a_diploma_word_is_a_métier(dataset):
    """« path --vers électricien »: words that name no diploma name a job, so the métiers they may
    mean are the candidates, not the CAP électricien too; « CAP électricien » is the formation."""
    import msgspec

    from orient.dataset import Dataset, prepared
    from orient.models import Metier
    from orient.search import resolve_target

    cap = make_formation("t-cap", "CAP électricien", "CAP", -1)
    job = msgspec.convert(
        {
            "id": "t-job",
            "names": {"feminine": "électricienne installatrice", "masculine": "électricien installateur"},
            "description": "Métier de test.",
            "sources": [{"label": "test"}],
            "checked": "2026-12-01",
        },
        Metier,
    )
    data = prepared(Dataset(dataset.referential, {cap.id: cap}, {job.id: job}))
    assert resolve_target(data, "électricien").id == "t-job"
    assert resolve_target(data, "CAP électricien").id == "t-cap"


def test_every_keyword_of_a_centre_d_interet_is_understood(engine, dataset):
    """A word that names a centre d'intérêt (« sensations ») is never reported unknown, even when
    no record holds it: the centre d'intérêt says what it means."""
    for interest in dataset.referential.interests:
        for keyword in interest.keywords:
            term = engine.read_term(keyword)
            assert not term.unknown and interest.id in term.interests, (interest.id, keyword)
