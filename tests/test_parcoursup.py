"""Parcoursup open data: reading the files, the import, links to formations, and what users see.

The fixtures (``fixtures/parcoursup``) are written in the files' real headers, with their quirks:
a byte-order mark, empty figures, « NC », a decimal comma, duplicate rows, unreadable rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SHARED
from orient.dataset import Dataset
from orient.eligibility import Verdict, with_evidence
from orient.models import Formation, Level, Source
from orient.parcoursup.files import BadFile, read_file
from orient.parcoursup.link import Linker
from orient.parcoursup.link_index import Name, Names
from orient.parcoursup.models import Offer, Summary
from orient.parcoursup.query import Place, distance_km
from orient.parcoursup.store import read_store, store_path

DATA = FIXTURES / "parcoursup"
DAY = dt.date(2026, 12, 1)


# -- reading ----------------------------------------------------------------------------------------


def test_each_file_is_recognised_by_its_header(dataset):
    kinds = {path.name: read_file(path, dataset.referential, DAY)[0] for path in DATA.glob("*.csv")}
    assert kinds == {"admissions.csv": "admissions", "liste-formations.csv": "listing", "specialites.csv": "specialites"}


def test_admissions_figures_empty_nc_and_decimal_commas(dataset):
    _kind, offers, problems = read_file(DATA / "admissions.csv", dataset.referential, DAY)
    by_code = {o.cod_aff_form: o for o in offers}
    image = by_code["90001"].admissions
    assert (image.places, image.candidates, image.admitted_neo, image.access_rate, image.session) == (24, 612, 22, 18.0, 2025)
    assert by_code["90002"].admissions.places is None and by_code["90002"].admissions.access_rate is None  # « NC », empty
    assert by_code["90003"].admissions.access_rate == 34.5  # « 34,5 »
    assert by_code["90003"].commune == "Bordeaux" and by_code["90003"].lat == pytest.approx(44.8378)
    reasons = {p.line: p.message for p in problems}
    assert reasons[6] == "effectif de candidats illisible : « abc »"
    assert "sans code de formation" in reasons[7]


def test_listing_with_a_byte_order_mark_and_bad_coordinates(dataset):
    _kind, offers, problems = read_file(DATA / "liste-formations.csv", dataset.referential, DAY)
    assert offers[0].statut == "Public" and offers[0].parts == ("BTS", "Services", "Metiers de l audiovisuel opt : metiers de l image")
    assert [p.line for p in problems] == [7] and "illisible" in problems[0].message


def test_an_unknown_header_or_encoding_is_refused(tmp_path, dataset):
    strange = tmp_path / "autre.csv"
    strange.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(BadFile, match="en-tête inconnu"):
        read_file(strange, dataset.referential, DAY)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Année du Baccalauréat;Enseignements de spécialité\n2024;Maths,SES\n".encode("latin-1"))
    with pytest.raises(BadFile, match="UTF-8"):
        read_file(latin, dataset.referential, DAY)


# -- import ----------------------------------------------------------------------------------------


def test_import_reports_bad_rows_and_duplicates_then_changes_nothing_again(run):
    result = run("data", "import", "parcoursup", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "admissions.csv:5: ligne en double (déjà lue ligne 2) : ignorée" in result.stderr
    assert "specialites.csv:9: spécialité inconnue : « Astrologie »" in result.stderr
    assert "Import enregistré : 11 formations de Parcoursup et 11 résultats par spécialités" in result.stderr
    before = store_path().read_bytes()
    again = run("data", "import", "parcoursup", str(DATA))
    assert again.exit_code == 0 and "Rien n'a changé" in again.stderr
    assert store_path().read_bytes() == before


def test_importing_again_after_the_data_changed_keeps_the_links_made_against_them(run):
    """Links made against other data are made again by each command, in memory: importing the same
    files again stores them, so that commands stop doing it (the import's date kept)."""
    from orient.parcoursup.store import write_store

    assert run("data", "import", "parcoursup", str(DATA)).exit_code == 0
    stored = read_store()
    current = stored.linked_with
    write_store(msgspec.structs.replace(stored, linked_with="un autre jeu de données", updated=dt.date(2020, 1, 1)))
    again = run("data", "import", "parcoursup", str(DATA))
    assert again.exit_code == 0 and "Rien n'a changé" in again.stderr
    now = read_store()
    assert now.linked_with == current and now.updated == dt.date(2020, 1, 1) and now.links == stored.links


def test_an_outcome_spelt_otherwise_by_an_earlier_import_is_replaced_not_doubled(run):
    """The names of spécialités are stored as the referential spells them: an import made when it
    spelt one otherwise (without its accent) is replaced by the next import, not kept beside it."""
    from orient.parcoursup.store import write_store

    assert run("data", "import", "parcoursup", str(DATA)).exit_code == 0
    stored = read_store()
    older = [msgspec.structs.replace(o, pair=tuple(sorted(n.upper() for n in o.pair))) for o in stored.outcomes]
    write_store(msgspec.structs.replace(stored, outcomes=older))
    assert run("data", "import", "parcoursup", str(DATA)).exit_code == 0
    assert read_store().outcomes == stored.outcomes


def test_strict_stops_without_writing_and_nothing_read_is_an_error(run, tmp_path):
    strict = run("data", "import", "parcoursup", "--strict", str(DATA))
    assert strict.exit_code == 1 and "Import arrêté (--strict)" in strict.stderr
    assert not store_path().exists()
    empty = tmp_path / "vide.csv"
    empty.write_text("", encoding="utf-8")
    failed = run("data", "import", "parcoursup", str(empty))
    assert failed.exit_code == 1 and "Aucun fichier Parcoursup importé." in failed.stderr


def test_listing_rows_join_the_admissions_offer_of_the_same_place(run):
    assert run("data", "import", "parcoursup", str(DATA)).exit_code == 0
    stored = read_store()
    image = next(o for o in stored.offers if o.cod_aff_form == "90001")
    assert {s.kind for s in image.sources} == {"admissions", "listing"}
    assert not any(o.key.startswith("liste:0690001A") for o in stored.offers)


def test_status_rapport_and_reset_cover_the_import(run):
    assert run("data", "import", "parcoursup", str(DATA)).exit_code == 0
    status = json.loads(run("data", "status", "-f", "json").stdout)
    psup = next(s for s in status if s["source"] == "parcoursup")
    assert psup["formations"] == 11 and {f["path"] for f in psup["from"]} == {"admissions.csv", "liste-formations.csv", "specialites.csv"}
    report = json.loads(run("data", "rapport", "-f", "json").stdout)["parcoursup"]
    assert report["counted"] == 10 and report["counted_linked"] == 8  # no card for the two BUT of the listing
    assert {f["filiere"] for f in report["by_filiere"]} >= {"bts", "but", "dn made", "licence"}
    assert run("data", "reset", "--yes").exit_code == 0
    assert not store_path().exists()


# -- links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("BTS - Services", "Métiers de l'audiovisuel opt : métiers de l'image"), ("bts-mav-image",)),
        (("BTS", "Services", "Metiers de l audio visuel opt : metiers du son"), ("bts-mav-son",)),  # « audio visuel »
        (("BUT - Service", "Métiers du multimédia et de l'internet"), ("but-mmi",)),
        (("DN MADE", "Animation"), ("dnmade-animation",)),
        (("BTS", "Services", "Metiers de l audiovisuel opt : metiers de la lune"), ()),  # an option no record has
        (("Double licence", "Histoire / Sociologie"), ()),  # never one formation
        (("Formation des ecoles de commerce et de management Bac + 3",), ()),
    ],
)
def test_a_label_links_only_when_it_says_which_formation(dataset, parts, expected):
    offer = Offer(key="x", label=" ".join(parts), parts=parts)
    assert Linker(dataset).link(offer) == expected


RULES = tomllib.loads((DATA / "link-rules.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rule_linker(dataset) -> Linker:
    """A linker over the formations of ``link-rules.toml`` alone."""
    formations = {
        record["id"]: Formation(
            id=record["id"],
            name=record["name"],
            aliases=tuple(record.get("aliases", ())),
            type=record["type"],
            duration_years=float(record.get("years", 2)),
            level=Level(cec=0, bac_plus=record.get("bac_plus", 2)),
            description=record.get("description", ""),
            sources=(Source(label="link-rules.toml"),),
            checked=DAY,
            imported=DAY,
            entry_level=record.get("entry", 0),
        )
        for record in RULES["formation"]
    }
    return Linker(Dataset(dataset.referential, formations, {}))


@pytest.mark.parametrize("case", RULES["case"], ids=[case["rule"] for case in RULES["case"]])
def test_each_link_rule_links_what_it_names_and_nothing_else(rule_linker, case):
    parts = tuple(case["parts"])
    offer = Offer(key="x", label=" ".join(parts), parts=parts, etablissement=case.get("etablissement", ""))
    assert rule_linker.link(offer) == tuple(sorted(case["formations"]))


STEMS = ["droit", "econom", "gestion", "histoir", "art", "scienc"]
orders = st.lists(st.sampled_from(STEMS), max_size=4).map(tuple)


@settings(max_examples=50, deadline=None)
@given(
    names=st.lists(st.tuples(orders, st.booleans(), st.booleans()), max_size=10),
    order=orders.filter(bool),
    words=st.frozensets(st.sampled_from(STEMS)),
    double=st.booleans(),
)
def test_the_name_indexes_answer_as_the_scans_they_replace(dataset, names, order, words, double):
    formation = next(iter(dataset.formations.values()))
    built = [Name(formation, frozenset(o), frozenset({"opt"}) if detailed else frozenset(), o, d, False) for o, d, detailed in names]
    index = Names(built)
    starting = [n for n in built if n.double == double and not n.detail and len(n.order) > len(order) and n.order[: len(order)] == order]
    assert index.by_start.get((double, order), []) == starting
    assert sorted(map(id, index.within(words, double))) == sorted(id(n) for n in built if n.double == double and n.main and n.main <= words)
    assert index.by_main.get((double, frozenset(order)), []) == [n for n in built if n.double == double and n.main == frozenset(order)]


def test_the_hand_checked_sample_of_real_links(corpus):
    """50 links of the real listing, checked by hand: every one is still made, and only those."""
    sample = tomllib.loads((DATA / "links-sample.toml").read_text(encoding="utf-8"))["link"]
    assert len(sample) == 50
    _assert_links(Linker(corpus), sample)


def test_a_second_hand_checked_sample_of_real_links(corpus):
    """150 more links of the real listing, drawn by filière and checked by hand: every one is still
    made, and only those; the wrong link the rule still makes (`reste`) is still made, so that
    setting it right shows here."""
    sample = tomllib.loads((DATA / "links-sample-2.toml").read_text(encoding="utf-8"))["link"]
    assert len(sample) == 150 and len({(tuple(e["parts"]), e["etablissement"]) for e in sample}) == 150
    linker = Linker(corpus)
    _assert_links(linker, [entry for entry in sample if "reste" not in entry])
    for entry in (entry for entry in sample if "reste" in entry):
        offer = Offer(key="x", label=" ".join(entry["parts"]), parts=tuple(entry["parts"]), etablissement=entry["etablissement"])
        assert linker.link(offer) != tuple(entry["formations"]), f"now right, drop its `reste`: {entry}"


def test_a_third_hand_checked_sample_of_real_links(corpus):
    """A third draw of the real listing, by filière, checked by hand: the links found right are
    still made, and only those; the drawn labels found without a card stay unlinked."""
    sample = tomllib.loads((DATA / "links-sample-3.toml").read_text(encoding="utf-8"))["link"]
    assert len(sample) == 89 and len({(tuple(e["parts"]), e["etablissement"]) for e in sample}) == 89
    assert sum(not entry["formations"] for entry in sample) == 21
    _assert_links(Linker(corpus), sample)


def test_the_hand_checked_links_of_the_added_rules(corpus):
    """Links the added rules make on the real listing, and labels they must leave unlinked, checked
    by hand (a random draw of new links, then labels chosen for each rule)."""
    sample = tomllib.loads((DATA / "links-rules-sample.toml").read_text(encoding="utf-8"))["link"]
    assert len(sample) >= 70 and sum(not entry["formations"] for entry in sample) >= 15
    _assert_links(Linker(corpus), sample)


def _assert_links(linker: Linker, sample: list[dict]) -> None:
    for entry in sample:
        offer = Offer(key="x", label=" ".join(entry["parts"]), parts=tuple(entry["parts"]), etablissement=entry["etablissement"])
        assert linker.link(offer) == tuple(entry["formations"]), entry


def test_the_shared_files_link_most_rows_of_types_with_cards(corpus, tmp_path):
    folder = SHARED / "data"
    if not folder.is_dir():
        pytest.skip("../shared/data absent")
    from orient.parcoursup.importer import run_import

    files = [folder / "parcoursup-formations-etablissements.csv", folder / "fr-esr-parcoursup-2025-sample.csv"]
    summary = run_import(files, corpus, today=DAY)
    report = summary.report
    assert summary.offers > 12000
    # Measured coverage (see the README: many Parcoursup formations have no ONISEP card in the corpus).
    assert report.counted_linked / report.counted >= 0.80
    # Every région under its official name, whichever way each file writes it (« Ile de France »,
    # « Ile-de-France », « Centre », « Grand-Est »…); rows of no région (overseas collectivities) stay so.
    offers = read_store().offers
    official = {r.name for r in corpus.referential.regions}
    assert {o.region for o in offers} - {""} <= official
    assert sum(o.region == "Île-de-France" for o in offers) > 2400 and any(o.region == "Centre-Val de Loire" for o in offers)
    assert {o.departement for o in offers if o.departement_code == "66"} == {"Pyrénées-Orientales"}
    # Listing line 5371: a Lyon 2 licence pro taught in Roanne does not take the town of Lyon 2's campus in Bron.
    roanne = [o for o in offers if o.uai == "0692198P" and o.lat == 46.0369]
    assert roanne and all(o.commune == "" for o in roanne)


# -- what users see ------------------------------------------------------------------------------------


@pytest.fixture
def imported(run):
    result = run("data", "import", "parcoursup", str(DATA))
    assert result.exit_code == 0, result.stderr
    return run


def test_ou_lists_establishments_nearest_first(imported):
    rows = json.loads(imported("ou", "bts-mav-image", "--pres-de", "45.76,4.84", "-f", "json").stdout)
    assert rows and rows[0]["formation"] == "bts-mav-image"
    keys = {
        "formation",
        "parcoursup_label",
        "cod_aff_form",
        "uai",
        "etablissement",
        "commune",
        "departement",
        "region",
        "statut",
        "lat",
        "lon",
        "distance_km",
        "places",
        "access_rate",
        "session",
        "parcoursup_url",
    }
    assert keys <= set(rows[0])
    assert rows[0]["cod_aff_form"] == "90001" and rows[0]["distance_km"] < 1 and rows[0]["places"] == 24
    every = json.loads(imported("ou", "-f", "json").stdout)
    assert {r["formation"] for r in every} >= {"bts-mav-image", "bts-mav-son", "but-mmi", "dnmade-animation", None}
    near = json.loads(imported("ou", "--pres-de", "Lyon", "--rayon", "20", "-f", "json").stdout)
    assert near and all(r["distance_km"] <= 20 for r in near)
    assert [r["distance_km"] for r in near] == sorted(r["distance_km"] for r in near)


def test_a_card_that_does_not_say_public_or_private_takes_it_from_parcoursup(imported, dataset):
    from orient.cli.views import formation_card

    detail = json.loads(imported("show", "bts-mav-image", "-f", "json").stdout)
    assert detail["where"] and {row["statut"] for row in detail["where"]} == {"Public"}

    def statut(detail: dict) -> str:
        card = formation_card(detail, dataset)
        return next(line for section in card.sections for line in section.lines if line.startswith("Établissements"))

    assert statut({**detail, "statut": ["public"]}) == "Établissements : public"  # the card's own
    assert statut({**detail, "statut": []}) == "Établissements : public (d'après Parcoursup)"
    assert statut({**detail, "statut": [], "where": []}) == "Établissements : non précisé"


def test_without_a_place_the_establishments_the_files_place_nowhere_come_last(imported):
    rows = json.loads(imported("ou", "bts-mav-image", "-f", "json").stdout)
    assert [r["etablissement"] for r in rows][-1] == "Lycée du Pacifique" and rows[-1]["region"] is None
    assert all(r["region"] for r in rows[:-1])
    # The card shows those with figures first: places and taux d'accès say most.
    card = imported("show", "bts-mav-image").stdout
    where = card[card.index("Où se former") :]
    assert where.index("24 places") < where.index("Lycée du Pacifique")


def test_a_city_of_arrondissements_is_found_by_its_name_and_an_offer_far_away_does_not_move_it(run, tmp_path):
    """« Lyon 8e  Arrondissement » (as the files write it) is in Lyon; a town's place is the median of
    its offers, so that one course taught overseas by a Lyon school does not drag it away."""
    rows = (DATA / "admissions.csv").read_text(encoding="utf-8-sig").splitlines()
    header, body = rows[0].split(";"), [line.split(";") for line in rows[1:]]
    commune, gps = header.index("Commune de l’établissement"), header.index("Coordonnées GPS de la formation")
    code = next(i for i, value in enumerate(body[0]) if value == "90001")
    for cells in body:
        if cells[commune] == "Lyon":
            cells[commune] = "Lyon 8e  Arrondissement"
    far = list(body[0])
    far[gps], far[code] = "-12.8673, 45.2067", "90991"  # the same school's course in Mayotte
    lines = [rows[0], *(";".join(cells) for cells in [*body, far])]
    (tmp_path / "admissions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("data", "import", "parcoursup", str(tmp_path / "admissions.csv")).exit_code == 0
    near = run("ou", "--pres-de", "lyon", "--rayon", "20", "-f", "json")
    assert near.exit_code == 0, near.stderr
    found = json.loads(near.stdout)
    assert found and all(r["distance_km"] <= 20 for r in found) and found[0]["distance_km"] < 5
    assert "à moins de 20 km de lyon" in run("ou", "--pres-de", "lyon", "--rayon", "20").stderr


@pytest.mark.parametrize(
    ("place", "said"),
    [
        (Place("Lyon", 0, 0), "de Lyon"),
        (Place("Le Mans", 0, 0), "du Mans"),
        (Place("Les Sables-d'Olonne", 0, 0), "des Sables-d'Olonne"),
        (Place("La Rochelle", 0, 0), "de La Rochelle"),
        (Place("Finistère", 0, 0, "departement"), "du département Finistère"),
        (Place("45.76, 4.84", 0, 0, "point"), "du point 45.76, 4.84"),
    ],
)
def test_a_place_is_said_with_the_article_its_name_takes(place, said):
    from orient.cli.app import _of_place

    assert _of_place(place) == said


def test_listing_rows_get_the_département_their_uai_code_starts_with(run, tmp_path):
    """The listing names no département: « 0130006F » (région PACA) is in the Bouches-du-Rhône; a
    row whose région is not that département's keeps none (no guess)."""
    text = (DATA / "liste-formations.csv").read_text(encoding="utf-8-sig")
    wrong = 'Public,0130099Z,Lycee Ailleurs,Bretagne,BTS   Services   Tourisme,"48.11, -1.68"\n'
    (tmp_path / "liste.csv").write_text(text + wrong, encoding="utf-8")
    assert run("data", "import", "parcoursup", str(tmp_path / "liste.csv")).exit_code == 0
    rows = json.loads(run("ou", "--departement", "13", "-f", "json").stdout)
    assert rows and {r["uai"] for r in rows} == {"0130006F", "0130007G"}
    assert {(r["departement_code"], r["departement"]) for r in rows} == {("13", "Bouches-du-Rhône")}
    by_name = json.loads(run("ou", "--departement", "bouches du rhone", "-f", "json").stdout)
    assert by_name == rows
    every = json.loads(run("ou", "-f", "json").stdout)
    assert [r["departement"] for r in every if r["uai"] == "0130099Z"] == [None]


def test_the_départements_of_the_data_are_checked(tmp_path):
    import shutil

    from orient.dataset import embedded_data_dir
    from orient.validate import validate_folder

    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "parcoursup.toml"
    text = path.read_text(encoding="utf-8")
    assert 'code = "69"\nname = "Rhône"\nregion = "Auvergne-Rhône-Alpes"\nuai = "069"' in text
    path.write_text(text.replace('uai = "069"', 'uai = "075"'), encoding="utf-8")
    problems = [str(p) for p in validate_folder(root)]
    assert any("parcoursup.toml" in p and "« 075 »" in p for p in problems), problems


def test_ou_refuses_unknown_places_with_suggestions(imported):
    result = imported("ou", "--region", "Auvergne Rhone Alpe")
    assert result.exit_code == 2 and "Vouliez-vous dire" in result.stderr
    far = imported("ou", "--pres-de", "Lyonn")
    assert far.exit_code == 2 and "Lieu inconnu des données Parcoursup : « Lyonn »." in far.stderr
    # A place is suggested for its whole name: « Ain » is in « Saint-Étienne », and no suggestion.
    assert "Vouliez-vous dire" not in imported("ou", "--pres-de", "Saint-Étienne").stderr
    assert imported("ou", "--rayon", "10").exit_code == 2
    for option in ("--region", "--departement"):  # an empty place is refused, not read as « anywhere »
        empty = imported("ou", option, "")
        assert empty.exit_code == 2 and "« »" in empty.stderr


def test_show_says_where_to_study_and_check_filters_by_place(imported):
    card = " ".join(imported("show", "bts-mav-image").stdout.split())
    assert "Où se former" in card and "24 places" in card and "taux d'accès 18" in card
    detail = json.loads(imported("show", "bts-mav-image", "-f", "json").stdout)
    assert detail["admissions"]["places"] == 24 and detail["where"][0]["cod_aff_form"] == "90001"
    rows = json.loads(imported("check", "--bac", "STI2D", "--region", "Nouvelle-Aquitaine", "-f", "json").stdout)
    assert [r["id"] for r in rows] == ["dnmade-animation"]
    near = json.loads(imported("check", "--bac", "STI2D", "--pres-de", "Lyon", "--rayon", "30", "-f", "json").stdout)
    assert {r["id"] for r in near} == {"bts-mav-image", "but-mmi"}
    # The formations no offer is linked to are counted, not silently left out.
    everywhere = json.loads(imported("check", "--bac", "STI2D", "-f", "json").stdout)
    linked = {"bts-mav-image", "bts-mav-son", "but-mmi", "dnmade-animation", "licence-arts-spectacle"}
    nowhere = sum(1 for r in everywhere if r["id"] not in linked)
    table = imported("check", "--bac", "STI2D", "--region", "Nouvelle-Aquitaine")
    assert f"Non listées ici : {nowhere} formations que les données Parcoursup ne situent nulle part" in table.stderr


def test_figures_stand_beside_the_rule_in_reasons_and_json(imported):
    rows = json.loads(imported("check", "--bac", "STI2D", "-s", "SIN", "-f", "json").stdout)
    image = next(r for r in rows if r["id"] == "bts-mav-image")
    assert image["admissions"]["admitted_share"] == {"general": 0.1818, "techno": 0.5455, "pro": 0.2727}
    assert image["admissions"]["session"] == 2025 and image["admissions"]["access_rate"] == 18.0
    assert (
        "En 2025, sur 1 formation de Parcoursup, 55 % des admis néo-bacheliers venaient d'un bac technologique ; taux d'accès 18 %"
        in image["reasons"][-1]
    )
    assert image["verdict"] == "recommended"  # the written rule decides; the figures only stand beside it


def test_figures_decide_only_where_no_rule_does_and_never_on_small_numbers(reader):
    unknown = Verdict("unknown", ("Pas de règle d'accès connue.",), basis="none")
    profile = reader.profile("pro")
    many = Summary(
        session=2025,
        offers=3,
        places=60,
        candidates=900,
        access_rate=40.0,
        admitted_neo=50,
        admitted={"general": 20, "techno": 18, "pro": 12},
    )
    decided = with_evidence(unknown, many, profile)
    assert decided.code == "possible" and decided.basis == "parcoursup" and "12 sur 50" in decided.reasons[0]
    few = Summary(
        session=2025, offers=1, places=8, candidates=40, access_rate=40.0, admitted_neo=8, admitted={"general": 2, "techno": 2, "pro": 4}
    )
    assert with_evidence(unknown, few, profile).code == "unknown"
    excluded = Verdict("excluded", ("Réservé au bac général.",))
    assert with_evidence(excluded, many, profile).code == "excluded"  # a written rule stands


def test_specialites_rank_pairs_group_by_group_never_summed(imported):
    rows = json.loads(imported("specialites", "--type", "BUT", "-f", "json").stdout)
    # One row of the file each: BUT Production and BUT Service are never added up.
    assert [(r["group"], r["specialites"], r["candidates"], r["proposals"]) for r in rows] == [
        ("BUT Production", ["Maths", "Physique-Chimie"], 1200, 900),
        ("BUT Service", ["Maths", "Physique-Chimie"], 800, 500),
        ("BUT Service", ["Art", "Maths"], 60, 30),
        ("BUT Service", ["Art", "HLP"], 40, 20),  # fewer than 50 candidates: last of its group
    ]
    assert {r["year"] for r in rows} == {2024} and rows[0]["proposal_rate"] == 0.75 and rows[0]["type"] == "BUT"
    result = imported("specialites", "--type", "BUT")
    assert "regroupements « BUT Production » et « BUT Service », chacun à part" in result.stderr
    table = result.stdout
    assert all(line.startswith(("BUT Production", "BUT Service")) for line in table.splitlines()[2:])
    assert "1 200" in table and "2 000" not in table  # counts as French writes them; never 1 200 + 800
    first = json.loads(imported("specialites", "--type", "BUT", "--limit", "1", "-f", "json").stdout)
    assert [r["group"] for r in first] == ["BUT Production", "BUT Service"]  # --limit: the first pairs of each group
    everyone = json.loads(imported("specialites", "-f", "json").stdout)
    assert {r["group"] for r in everyone} == {"Ensemble des bacheliers"}


def test_specialites_type_takes_a_group_or_a_type(imported):
    passed = imported("specialites", "--type", "PASS")
    assert passed.exit_code == 0 and "regroupement « PASS »" in passed.stderr and "2 000" in passed.stdout
    production = json.loads(imported("specialites", "--type", "but production", "-f", "json").stdout)
    assert {r["group"] for r in production} == {"BUT Production"} and production[0]["type"] is None
    bad = imported("specialites", "--type", "BTTS")
    assert bad.exit_code == 2 and "Vouliez-vous dire BTS" in bad.stderr
    near = imported("specialites", "--type", "PAS")
    assert near.exit_code == 2 and "PASS" in near.stderr
    pro = imported("specialites", "--type", "licence pro")
    assert pro.exit_code == 0 and "None" not in pro.stdout + pro.stderr
    assert "aucun regroupement pour les formations de type licence professionnelle" in pro.stdout + pro.stderr


def test_specialites_annee_outside_the_file_is_a_usage_error(imported):
    result = imported("specialites", "--annee", "1990")
    assert result.exit_code == 2 and "1990" in result.stderr and "2021, 2023 et 2024" in result.stderr
    older = json.loads(imported("specialites", "--type", "BUT Production", "--annee", "2021", "-f", "json").stdout)
    assert [(r["year"], r["candidates"]) for r in older] == [(2021, 900)]


def test_check_says_how_the_pair_fared_in_the_formations_own_group(imported):
    checked = json.loads(imported("check", "--bac", "général", "-s", "maths", "-s", "pc", "-f", "json").stdout)
    mmi = next(r for r in checked if r["id"] == "but-mmi")
    # MMI's offers are « BUT - Service - … »: BUT Service's row alone, not BUT Production's nor a sum.
    outcome = mmi["specialites_outcome"]
    assert (outcome["group"], outcome["candidates"], outcome["proposals"], outcome["proposal_rate"]) == ("BUT Service", 800, 500, 0.625)
    assert outcome["specialite_names"] == ["Maths", "Physique-Chimie"] and outcome["specialites"] == ["MATHS", "PC"]
    card = imported("show", "but-mmi", "--bac", "général", "-s", "maths", "-s", "pc").stdout
    assert (
        "Avec Maths + Physique-Chimie, sur les 800 candidats du bac général ayant cette paire qui ont fait un vœu "
        "en BUT du secteur des services, 62 % ont reçu une proposition en 2024 (source : Parcoursup)."
    ) in " ".join(card.split())
    assert "MATHS + PC" not in card
    table = imported("check", "--bac", "général", "-s", "maths", "-s", "pc", "--type", "BUT").stdout
    assert "Avec Maths + Physique-Chimie" in table  # the check table says it too, among the reasons
    art = json.loads(imported("show", "but-mmi", "--bac", "général", "-s", "cinéma", "-s", "maths", "-f", "json").stdout)
    assert art["specialites_outcome"]["broader"] == ["Art"] and art["specialites_outcome"]["candidates"] == 60
    shown = " ".join(imported("show", "but-mmi", "--bac", "général", "-s", "cinéma", "-s", "maths").stdout.split())
    assert "Avec Art + Maths (Art : le fichier réunit sous ce nom plusieurs spécialités, dont la vôtre), sur les 60 candidats" in shown


def test_pass_figures_go_to_the_pass_alone(imported):
    from orient.cli.app import _dataset, _parcoursup

    dataset = _dataset()
    parcoursup = _parcoursup(dataset)
    assert {f for f, g in parcoursup.groups.items() if g == "PASS"} == {"pass"}
    assert parcoursup.group_of("but-mmi") == "BUT Service"
    shown = json.loads(imported("show", "pass", "--bac", "général", "-s", "maths", "-s", "pc", "-f", "json").stdout)
    assert shown["specialites_outcome"]["group"] == "PASS" and shown["specialites_outcome"]["candidates"] == 2000


def _rules(dataset, groups):
    from orient.parcoursup.query import _rules

    return _rules(dataset.referential, groups)


GROUPS = [
    "BUT Production", "BUT Service", "BTS Production", "BTS Service", "CPGE S", "CPGE L", "CPGE ECG", "CUPGE", "PASS",
    "Licence Chimie", "Licence Physique et chimie", "Licence L.AS", "Licence Pluri Sciences", "Ensemble des bacheliers",
    "Autres formations", "Ecoles d'ingénieurs", "Sciences po", "Formations des écoles nationales vétérinaires",
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind", "labels", "expected"),
    [
        ("BUT génie biologique", "BUT", [("BUT", "Production", "Génie biologique")], "BUT Production"),
        ("BUT carrières sociales", "BUT", [("BUT", "Service", "Carrières sociales")], "BUT Service"),
        ("BUT informatique", "BUT", [("BUT", "Informatique")], None),  # the listing says no domain: no group
        ("BUT ambigu", "BUT", [("BUT", "Production", "X"), ("BUT", "Service", "X")], None),  # two groups claim it
        ("BTS tourisme", "BTS", [("BTS", "Services", "Tourisme")], "BTS Service"),
        ("BTS bâtiment", "BTS", [("BTS", "Production", "Bâtiment")], "BTS Production"),
        ("CPGE MPSI", "CPGE", [("CPGE", "MPSI")], "CPGE S"),
        ("CPGE ECG", "CPGE", [("Classe préparatoire économique et commerciale", "ECG")], "CPGE ECG"),
        ("Classe préparatoire littéraire (hypokhâgne)", "CPGE", [], "CPGE L"),
        ("licence mention chimie", "licence", [], "Licence Chimie"),
        ("licence mention physique, chimie", "licence", [], "Licence Physique et chimie"),
        ("licence mention chimie et biologie", "licence", [], None),  # not the mention of any group
        ("licence mention mathématiques", "licence", [("CUPGE", "Mathématiques")], None),  # no « Licence Mathématiques » here
        ("DTS imagerie médicale", "santé", [], None),  # PASS's figures are not the other health formations'
        ("diplôme d'ostéopathe", "santé", [], None),
        ("diplôme d'ingénieur de l'École centrale", "ingénieur", [], "Ecoles d'ingénieurs"),
        ("diplôme de l'Institut d'études politiques de Lyon", "IEP", [], "Sciences po"),
        ("diplôme d'État de docteur vétérinaire", "diplôme d'école", [], "Formations des écoles nationales vétérinaires"),
        ("licence pro chimie", "licence pro", [], None),
    ],
)
def test_a_formation_has_one_group_of_its_own_or_none(dataset, name, kind, labels, expected):
    from conftest import make_formation
    from orient.parcoursup.query import own_group

    formation = make_formation("f", name, kind, 3)
    offers = [Offer(key=str(i), label=" - ".join(parts), parts=parts) for i, parts in enumerate(labels)]
    assert own_group(_rules(dataset, GROUPS), formation, lambda _id: offers) == expected


def test_the_pass_group_is_the_pass_records_alone(dataset):
    from orient.parcoursup.query import own_group, own_groups

    rules = _rules(dataset, GROUPS)
    assert own_group(rules, dataset.formations["pass"], lambda _id: []) == "PASS"
    assert [f for f, g in own_groups(dataset, GROUPS, lambda _id: []).items() if g == "PASS"] == ["pass"]


def test_every_figure_shown_from_the_shared_file_is_one_row_of_it(corpus):
    """Over the real spécialités file: each figure a formation shows is one row of the file (its
    own group's, the latest year), never a sum; PASS's are the PASS's alone."""
    import csv

    path = SHARED / "data" / "parcoursup-specialites-bac-general-2021-2024.csv"
    if not path.is_file():
        pytest.skip("../shared/data absent")
    from orient.parcoursup.files import read_file
    from orient.parcoursup.query import own_groups, pair_key, pair_table
    from orient.text import normalize

    _kind, outcomes, _problems = read_file(path, corpus.referential, DAY)
    with path.open(encoding="utf-8-sig") as handle:
        raw = {
            (int(r[0]), tuple(sorted(normalize(n) for n in r[1].split(","))), r[2]): (int(r[3]), int(float(r[4])))
            for r in csv.reader(handle, delimiter=";")
            if r[0].isdigit()
        }
    table = pair_table(outcomes)
    for key, (year, candidates, proposals) in table.items():
        group, *pair = key.split("|")
        assert raw[(year, tuple(sorted(normalize(n) for n in pair)), group)] == (candidates, proposals), key
    groups = own_groups(corpus, sorted({o.group for o in outcomes}), lambda _id: [])
    assert [f for f, g in groups.items() if g == "PASS"] == ["pass"]
    assert not {"Ensemble des bacheliers", "Autres formations"} & set(groups.values())
    assert all(corpus.formations[f].type != "santé" for f in groups if groups[f] == "PASS")
    licences = {f: g for f, g in groups.items() if g.startswith("Licence ")}
    assert licences and all(corpus.formations[f].type == "licence" for f in licences)
    latest = max(o.year for o in outcomes)
    assert table[pair_key("PASS", ("Maths", "Physique-Chimie"))][0] == latest


def test_without_an_import_the_commands_say_what_to_do(run):
    result = run("ou")
    assert result.exit_code == 1 and "orient data import parcoursup" in result.stderr
    filtered = run("check", "--bac", "STI2D", "--region", "Bretagne")
    assert filtered.exit_code == 1 and "Aucune donnée Parcoursup importée" in filtered.stderr


def test_distances_are_great_circle_kilometres():
    assert distance_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(392, abs=3)  # Paris–Lyon
    assert distance_km(1.0, 1.0, 1.0, 1.0) == 0.0


def test_a_failed_write_leaves_the_previous_import_whole(run, monkeypatch):
    assert run("data", "import", "parcoursup", str(DATA / "admissions.csv")).exit_code == 0
    before = store_path().read_bytes()

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("orient.atomic.os.replace", broken)
        result = run("data", "import", "parcoursup", str(DATA))
    assert result.exit_code == 1 and "Impossible d'écrire l'import Parcoursup" in result.stderr
    assert store_path().read_bytes() == before
    assert not list(store_path().parent.glob(".*.tmp"))


def test_an_establishment_reads_with_its_town_and_departement_or_region():
    from orient.cli.views import where_line

    base = {"etablissement": "IUT 2", "commune": None, "departement": None, "region": None, "statut": None}
    base |= {"places": None, "access_rate": None, "admitted_share": None, "distance_km": None, "session": None}
    assert where_line(base | {"departement": "Isère"}) == "IUT 2 (Isère)"
    assert where_line(base | {"commune": "Grenoble", "departement": "Isère"}) == "IUT 2, Grenoble (Isère)"
    assert where_line(base | {"region": "Bretagne"}) == "IUT 2 (Bretagne)"
    assert where_line(base) == "IUT 2"


def _format_3(stored) -> bytes:
    """An import file as the previous version wrote it: everything in its head, the offers, outcomes
    and links each a block of bytes."""
    import struct
    import zlib

    from orient import storage

    encode = msgspec.msgpack.encode
    payload = encode(
        {
            "format": 3,
            "updated": stored.updated,
            "files": stored.files,
            "report": stored.report,
            "linked_with": stored.linked_with,
            "summaries": stored.summaries,
            "pairs": {},  # by type of formation then: never read again
            "by_formation": stored.by_formation,
            "links": encode(stored.links),
            "offers": encode(stored.offers),
            "outcomes": encode(stored.outcomes),
        }
    )
    return struct.pack(">4sHxxQI", storage.MAGIC, 1, len(payload), zlib.crc32(payload)) + payload


def test_an_import_of_the_previous_version_is_still_read(imported):
    from orient.parcoursup import store

    stored = read_store()
    expected = json.loads(imported("show", "bts-mav-image", "-f", "json").stdout)
    store_path().write_bytes(_format_3(stored))
    assert read_store() == msgspec.structs.replace(stored, format=3, group_pairs={}, groups={})
    assert json.loads(imported("show", "bts-mav-image", "-f", "json").stdout) == expected
    again = imported("data", "import", "parcoursup", str(DATA))  # written anew, in this version's format
    assert again.exit_code == 0 and read_store() == stored
    head, _tail = store.storage.unframe_parts(store_path().read_bytes())
    assert msgspec.msgpack.decode(head, type=store._Format).format == store.STORE_FORMAT


def test_a_damaged_part_of_the_import_is_said_by_the_commands_reading_it(imported):
    # Each part is checked when read: the figures of one formation do not read the offers of all.
    from orient.blocks import Slices
    from orient.parcoursup import store

    path = store_path()
    head, tail = store.storage.unframe_parts(path.read_bytes())
    disk = msgspec.msgpack.decode(head, type=store._Disk)
    first, _count = disk.layout["offers"]
    raw = bytes(Slices(memoryview(tail), disk.parts, path, store.KIND)[first])
    data = bytearray(path.read_bytes())
    data[len(data) - len(tail) + bytes(tail).index(raw) + len(raw) // 2] ^= 1
    path.write_bytes(bytes(data))
    assert imported("show", "bts-mav-image").exit_code == 0
    listing = imported("ou")
    assert listing.exit_code == 1 and "est abîmé" in listing.stderr and "somme de contrôle" in listing.stderr


# -- places: official names, towns, figures of an area -------------------------------------------------


def test_régions_and_départements_are_stored_under_their_official_names(imported):
    rows = json.loads(imported("ou", "-f", "json").stdout)
    by_uai = {r["uai"]: r for r in rows}
    # The files write « Centre », « Ile de France », « Provence Alpes Cote d Azur », « Ille-et-vilaine ».
    assert (by_uai["0450001A"]["region"], by_uai["0450001A"]["departement"]) == ("Centre-Val de Loire", "Loiret")
    assert by_uai["0750008H"]["region"] == "Île-de-France"
    assert by_uai["0130006F"]["region"] == "Provence-Alpes-Côte d'Azur"
    assert (by_uai["0350010K"]["departement"], by_uai["0350010K"]["region"]) == ("Ille-et-Vilaine", "Bretagne")
    official = {
        "Île-de-France", "Centre-Val de Loire", "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d'Azur",
        "Nouvelle-Aquitaine", "Bretagne",
    }  # fmt: skip
    assert {r["region"] for r in rows} == official | {None}


@pytest.mark.parametrize(
    ("typed", "uais"),
    [
        ("Centre-Val de Loire", {"0450001A"}),
        ("Centre", {"0450001A"}),
        ("région Centre", {"0450001A"}),
        ("PACA", {"0130006F", "0130007G"}),
        ("provence alpes cote d azur", {"0130006F", "0130007G"}),
        ("IDF", {"0750008H"}),
        ("Île-de-France", {"0750008H"}),
        ("AURA", {"0690001A", "0690002B"}),
    ],
)
def test_region_reads_official_names_variants_and_abbreviations(imported, typed, uais):
    result = imported("ou", "--region", typed, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert {r["uai"] for r in json.loads(result.stdout)} == uais


def test_an_unknown_région_is_answered_with_official_names(imported):
    result = imported("ou", "--region", "Centre-Val de Loir")
    assert result.exit_code == 2 and "Vouliez-vous dire Centre-Val de Loire" in result.stderr
    paca = imported("ou", "--region", "PACAA")
    assert "Vouliez-vous dire Provence-Alpes-Côte d'Azur" in paca.stderr and "Pays" not in paca.stderr
    # A région of the referential that the data do not teach in is known, not refused.
    corse = imported("ou", "--region", "Corse")
    assert corse.exit_code == 0 and "Aucun établissement" in corse.stdout + corse.stderr


def test_the_régions_of_the_data_are_checked(tmp_path):
    import shutil

    from orient.dataset import embedded_data_dir
    from orient.validate import validate_folder

    root = tmp_path / "data"
    shutil.copytree(embedded_data_dir(), root)
    path = root / "parcoursup.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count("[[region]]") == 18
    text = text.replace('variants = ["PACA", "Région Sud"]', 'variants = ["PACA", "Région Sud", "Centre"]')
    path.write_text(text.replace('region = "Bretagne"\nuai = "029"', 'region = "Bretagne Sud"\nuai = "029"'), encoding="utf-8")
    problems = [str(p) for p in validate_folder(root)]
    assert any("« Centre » désigne déjà la région Centre-Val de Loire" in p for p in problems), problems
    assert any("région inconnue « Bretagne Sud »" in p for p in problems), problems


def _as_format_4(stored) -> None:
    """Write ``stored`` as the version before official place names wrote it (the same layout, format 4)."""
    from orient.parcoursup import store

    store.write_store(stored)
    path = store_path()
    head, tail = store.storage.unframe_parts(path.read_bytes())
    disk = msgspec.msgpack.decode(head, type=store._Disk)
    store.storage.write_store(path, store.KIND, msgspec.msgpack.encode(msgspec.structs.replace(disk, format=4)), bytes(tail))


def test_an_import_written_before_official_names_is_read_under_them_then_rewritten(imported):
    from orient.parcoursup import store

    stored = read_store()
    written = {"Centre-Val de Loire": "Centre", "Île-de-France": "Ile de France", "Auvergne-Rhône-Alpes": "Auvergne Rhone Alpes"}
    offers = [msgspec.structs.replace(o, region=written.get(o.region, o.region)) for o in stored.offers]
    _as_format_4(msgspec.structs.replace(stored, offers=offers, by_formation=store.group_offers(offers, stored.links)))
    assert read_store().format == 4 and "Centre" in {o.region for o in read_store().offers}
    rows = json.loads(imported("ou", "--region", "Centre-Val de Loire", "-f", "json").stdout)
    assert [(r["uai"], r["region"]) for r in rows] == [("0450001A", "Centre-Val de Loire")]
    shown = json.loads(imported("show", "bts-mav-image", "-f", "json").stdout)
    assert {w["region"] for w in shown["where"]} <= {"Auvergne-Rhône-Alpes", None}
    assert imported("data", "import", "parcoursup", str(DATA)).exit_code == 0  # written anew, under the official names
    again = read_store()
    assert again.format == store.STORE_FORMAT and "Centre" not in {o.region for o in again.offers}


def test_a_listing_row_takes_the_town_of_its_establishment_only_where_that_is_taught(imported):
    rows = json.loads(imported("ou", "-f", "json").stdout)
    iut = {r["parcoursup_label"]: r for r in rows if r["uai"] == "0690002B" and r["cod_aff_form"] is None}
    near = iut["BUT Informatique"]  # 300 m from the IUT's admissions offer in Lyon
    assert (near["commune"], near["departement"]) == ("Lyon", "Rhône")
    far = iut["BUT Genie industriel et maintenance"]  # GPS in Roanne, 60 km away: its town is not Lyon
    assert far["commune"] is None and far["lat"] == 46.0369


def test_an_unknown_town_is_answered_with_what_to_type_and_no_far_fetched_town(imported):
    from orient.parcoursup.query import _distinct
    from orient.text import suggest

    result = imported("ou", "--pres-de", "Nantes")
    assert result.exit_code == 2 and "Lieu inconnu des données Parcoursup : « Nantes »." in result.stderr
    assert "département" in result.stderr and "--pres-de 47.22,-1.55" in result.stderr
    assert "Vouliez-vous dire Lyon" in imported("ou", "--pres-de", "Lyonn").stderr
    towns = ["Saint-Quentin", "Saint-Étienne-du-Rouvray", "Saint-Étienne", "Lyon"]
    assert suggest("Saint-Étiene", towns, limit=3, cutoff=75, whole=True, processor=_distinct)[0] == "Saint-Étienne"
    assert "Saint-Quentin" not in suggest("Saint-Étienne", towns[:2], limit=3, cutoff=75, whole=True, processor=_distinct)
    # A département, by name or code, is a place too.
    assert json.loads(imported("ou", "--pres-de", "69", "--rayon", "20", "-f", "json").stdout)
    assert json.loads(imported("ou", "--pres-de", "Ille-et-Vilaine", "--rayon", "20", "-f", "json").stdout)


def _figures(run, *options: str) -> dict:
    rows = json.loads(run("check", "--bac", "STI2D", *options, "-f", "json").stdout)
    return {r["id"]: r for r in rows}


def test_check_in_an_area_quotes_the_figures_of_the_offers_there(imported):
    # DN MADE Animation: 30 places in Bordeaux (450 candidates, 34.5 %), 12 in Rennes (300, 60 %).
    everywhere = _figures(imported)["dnmade-animation"]["admissions"]
    assert (everywhere["scope"], everywhere["offers"], everywhere["places"], everywhere["candidates"]) == ("all", 2, 42, 750)
    assert everywhere["access_rate"] == round((34.5 * 450 + 60 * 300) / 750, 1)  # weighted by candidates
    bretagne = _figures(imported, "--region", "Bretagne")["dnmade-animation"]
    assert bretagne["admissions"] | {"admitted_share": None} == {
        "session": 2025,
        "offers": 1,
        "places": 12,
        "candidates": 300,
        "access_rate": 60.0,
        "admitted_neo": 10,
        "admitted_share": None,
        "source": "Parcoursup, session 2025",
        "scope": "area",
    }
    assert any("sur 1 formation de Parcoursup de la zone demandée" in reason for reason in bretagne["reasons"])
    assert _figures(imported, "--departement", "35")["dnmade-animation"]["admissions"] == bretagne["admissions"]
    aquitaine = _figures(imported, "--region", "Nouvelle-Aquitaine")["dnmade-animation"]["admissions"]
    assert (aquitaine["places"], aquitaine["access_rate"], aquitaine["scope"]) == (30, 34.5, "area")
    # Taught in Polynesia, with figures in Lyon only: those, said to be from elsewhere.
    image = _figures(imported, "--pres-de", "-17.537,-149.562", "--rayon", "5")["bts-mav-image"]
    assert image["admissions"]["scope"] == "elsewhere" and image["admissions"]["places"] == 24
    assert any(
        "sur 1 formation de Parcoursup hors de la zone demandée (aucune de celles de la zone n'a de chiffres)" in r
        for r in image["reasons"]
    )


def test_the_figures_of_an_area_follow_the_one_rule_of_summarise(dataset):
    from orient.parcoursup.query import AREA, summarise

    def offer(code: str, places: int, candidates: int, rate: float) -> Offer:
        from orient.parcoursup.models import Admissions

        figures = Admissions(session=2025, places=places, candidates=candidates, access_rate=rate, admitted_neo=candidates // 10)
        return Offer(key=f"psup:{code}", label="x", admissions=figures)

    summary = summarise([offer("1", 10, 100, 20.0), offer("2", 30, 300, 60.0)], scope=AREA)
    assert (summary.places, summary.candidates, summary.access_rate, summary.scope) == (40, 400, 50.0, "area")


def test_the_summary_says_how_few_of_the_listed_formations_its_figures_cover():
    from orient.cli.views import _where_sections

    row = {"formation": "x", "etablissement": "IFSI", "commune": "Saint-Gaudens", "departement": "Haute-Garonne", "region": None}
    row |= {"statut": "public", "places": None, "access_rate": None, "admitted_share": None, "distance_km": None, "session": 2025}
    shares = {"general": 5 / 11, "techno": 3 / 11, "pro": 3 / 11}
    one = {"session": 2025, "offers": 1, "places": 17, "access_rate": 29.0, "admitted_neo": 11, "admitted_share": shares}
    text = " ".join(" ".join(_where_sections({"id": "x", "admissions": one, "where": [row] * 343})[0].lines).split())
    assert "chiffres de Parcoursup pour 1 des 343 formations listées" in text
    assert "taux d'accès 29 %" in text and "moyen" not in text  # one offer: no mean
    assert "45 % bac général" in text and "(sur 11 admis seulement)" in text  # 5 of 11, rounded once
    many = one | {"offers": 4, "admitted_neo": 120}
    text = " ".join(" ".join(_where_sections({"id": "x", "admissions": many, "where": [row] * 4})[0].lines).split())
    assert "pour 4 formations : " in text and "taux d'accès moyen 29 % (pondéré par les candidats)" in text
    assert "seulement" not in text


def test_a_cycle_ingenieur_parcoursup_lists_is_open_after_the_bac(dataset):
    """A three-year diplôme d'ingénieur is entered after a bac+2 by the national rule's variant; linked
    to a Parcoursup offer, it is the school's five-year way after the bac: « possible »."""
    from conftest import make_formation
    from orient.dataset import prepared
    from orient.profile import BacReader
    from orient.records import judge_rules

    school = make_formation("ing", "diplôme d'ingénieur de l'école test spécialité mécanique", "ingénieur", 5, years=3)
    data = prepared(Dataset(dataset.referential, {"ing": school}, dict(dataset.metiers)))
    formation = data.formations["ing"]

    class Listing:  # what judge_rules asks of the Parcoursup import
        def __init__(self, listed: bool) -> None:
            self._listed = listed

        def listed(self, formation_id: str) -> bool:
            return self._listed

        def summary(self, formation_id: str) -> None:
            return None

    profile = BacReader(data.referential).profile("général")
    alone, _ = judge_rules(formation, profile, data, Listing(False))
    assert alone.code == "later" and alone.basis == "national"
    listed, _ = judge_rules(formation, profile, data, Listing(True))
    assert listed.code == "possible" and listed.rule == alone.rule and listed.basis == "national"
    assert "Parcoursup liste une entrée après le bac" in listed.reasons[0] and "source :" in listed.reasons[0]
    # A formation whose rule does not say so stays « later » (a licence pro is entered after 120 credits).
    lp = make_formation("lp", "licence pro mention test", "licence pro", 3, years=1)
    data = prepared(Dataset(dataset.referential, {"lp": lp}, dict(dataset.metiers)))
    assert judge_rules(data.formations["lp"], profile, data, Listing(True))[0].code == "later"


def test_ou_names_each_parcoursup_formation_so_that_repeated_rows_can_be_told(imported):
    rows = json.loads(imported("ou", "--limit", "0", "-f", "json").stdout)
    assert rows and all(r["offer"] and r["offer"].startswith(("psup:", "liste:")) for r in rows)
    by_offer: dict[str, list[str | None]] = {}
    for r in rows:
        by_offer.setdefault(r["offer"], []).append(r["formation"])
    # An offer comes back once per linked record, never twice for the same one.
    assert all(len(formations) == len(set(formations)) for formations in by_offer.values())
    coded = [r for r in rows if r["cod_aff_form"]]
    assert all(r["offer"] == f"psup:{r['cod_aff_form']}" for r in coded)


def test_the_import_keeps_which_formations_have_offers(imported):
    from orient.parcoursup.store import load_store

    loaded = load_store()
    assert loaded is not None and loaded._listed is not None  # read without the offers' buckets
    assert loaded.has_offers("bts-mav-image") and not loaded.has_offers("cnsad")
    assert loaded._listed == frozenset(loaded.encoded_offers())


def test_specialites_csv_has_its_header_even_when_empty(imported):
    import csv as csv_module
    import io

    full = imported("specialites", "--type", "BUT", "-f", "csv")
    header = next(csv_module.reader(io.StringIO(full.stdout)))
    rows = json.loads(imported("specialites", "--type", "BUT", "-f", "json").stdout)
    assert rows and set(rows[0]) == set(header)
    empty = imported("specialites", "--type", "licence pro", "-f", "csv")
    assert empty.exit_code == 0 and empty.stdout.splitlines() == [",".join(header)]
    assert "aucun regroupement" in empty.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
@pytest.mark.parametrize(
    "where", [[], ["--region", "Nouvelle-Aquitaine"], ["--pres-de", "Lyon", "--rayon", "30"], ["--departement", "Rhône"]]
)
def test_check_in_parts_gives_the_same_figures_and_area(imported, monkeypatch, where):
    # The Parcoursup figures and the area are read by every part as by one process.
    monkeypatch.setenv("ORIENT_JOBS", "1")
    one = imported("check", "--bac", "STI2D", "-s", "SIN", *where, "-f", "json")
    monkeypatch.setenv("ORIENT_JOBS", "2")
    two = imported("check", "--bac", "STI2D", "-s", "SIN", *where, "-f", "json")
    assert one.exit_code == two.exit_code == 0 and one.raw_stdout == two.raw_stdout
    assert json.loads(one.raw_stdout)
