"""Every verdict, on the real cards of the embedded dataset and on a tiny test dataset."""

from __future__ import annotations

import pytest

from orient.eligibility import VERDICTS, assess
from orient.profile import BacReader
from orient.records import check


def verdict(dataset, formation_id, bac, specialites=(), niveau=None, age=None):
    profile = BacReader(dataset.referential).profile(bac, list(specialites), niveau, age)
    return assess(dataset.formations[formation_id], profile, dataset)


# -- the seed card: BTS métiers de l'audiovisuel option métiers de l'image --------


def test_sti2d_sin_is_recommended_for_the_seed_card(dataset):
    v = verdict(dataset, "bts-mav-image", "STI2D", ["SIN"])
    assert v.code == "recommended"
    assert "bac STI2D spécialité SIN" in v.reasons[0]
    assert "FOR.5810" in v.reasons[0]


def test_sti2d_ee_is_possible_and_names_sin(dataset):
    v = verdict(dataset, "bts-mav-image", "STI2D", ["EE"])
    assert v.code == "possible"
    assert "SIN" in v.reasons[0] and "EE" not in v.reasons[0]  # the student's own spécialité is in their profile
    assert any("mise à niveau" in r for r in v.reasons)  # the bridge is listed as well
    # Without a spécialité, the reason says that none was given.
    bare = verdict(dataset, "bts-mav-image", "STI2D")
    assert bare.code == "possible" and "vous n'avez pas indiqué la vôtre avec --specialite" in bare.reasons[0]


@pytest.mark.parametrize("bac", ["général", "bac pro", "bac pro photo", "classe de mise à niveau"])
def test_listed_routes_of_the_seed_card(dataset, bac):
    assert verdict(dataset, "bts-mav-image", bac).code == "recommended"


def test_unlisted_bac_is_possible_with_the_bridge_in_the_reasons(dataset):
    v = verdict(dataset, "bts-mav-image", "STMG")
    assert v.code == "possible"
    assert "n'est pas parmi les voies d'accès listées" in v.reasons[0]
    assert v.reasons[1] == "Autre chemin prévu : une année de mise à niveau avant d'entrer en formation."


# -- the other options differ ---------------------------------------------------


def test_stl_spcl_is_listed_for_son_and_tiee_only(dataset):
    assert verdict(dataset, "bts-mav-son", "STL SPCL").code == "recommended"
    assert verdict(dataset, "bts-mav-tiee", "STL SPCL").code == "recommended"
    assert verdict(dataset, "bts-mav-image", "STL SPCL").code == "possible"


def test_no_bac_pro_route_for_tiee(dataset):
    v = verdict(dataset, "bts-mav-tiee", "bac pro")
    assert v.code == "possible"
    assert "bac professionnel" not in v.reasons[0].split("listées")[1]


@pytest.mark.parametrize("formation", ["bts-mav-gestion-production", "bts-mav-montage"])
def test_stmg_and_std2a_for_production_and_montage(dataset, formation):
    assert verdict(dataset, formation, "STMG").code == "recommended"
    assert verdict(dataset, formation, "STD2A").code == "recommended"
    assert verdict(dataset, formation, "STI2D SIN").code == "possible"


# -- the écoles ---------------------------------------------------------------------


@pytest.mark.parametrize("formation", ["femis-image", "ensll-cinema"])
def test_ecoles_are_later_after_the_bac_and_name_the_way_there(dataset, formation):
    v = verdict(dataset, formation, "STI2D SIN")
    assert v.code == "later"
    assert "bac+2" in v.reasons[0]
    assert dataset.formations["bts-mav-image"].name in v.reasons[1]


def test_ecole_is_recommended_at_bac_plus_2(dataset):
    assert verdict(dataset, "ensll-cinema", "STI2D SIN", niveau="bac+2").code == "recommended"


def test_age_limit_excludes(dataset):
    v = verdict(dataset, "femis-image", "général", niveau="bac+2", age=31)
    assert v.code == "excluded"
    assert v.reasons[0].startswith("Limite d'âge dépassée : 29 ans au plus")
    assert verdict(dataset, "femis-image", "général", niveau="bac+2", age=22).code == "recommended"


# -- the rules the real data does not use yet ----------------------------------------


def test_bridge_only_formation(mini):
    v = verdict(mini, "t-passerelle", "STI2D")
    assert v.code == "bridge"
    assert "l'accès passe par une année de mise à niveau" in v.reasons[0]
    assert verdict(mini, "t-passerelle", "général").code == "recommended"


def test_closed_formation_excludes_other_bacs(mini):
    assert verdict(mini, "t-ferme", "général").code == "excluded"
    assert verdict(mini, "t-ferme", "bac pro").code == "recommended"


def test_no_rules_means_unknown_never_a_guess(mini):
    v = verdict(mini, "t-inconnue", "général")
    assert v.code == "unknown"
    assert "Pas de règle d'accès connue" in v.reasons[0]


def test_later_names_the_formations_leading_there(mini):
    v = verdict(mini, "t-ecole", "général")
    assert v.code == "later"
    assert "BTS test accès direct" not in v.reasons[0]  # the rule's reason, with its source at its end
    assert v.reasons[0].endswith(")."), v.reasons[0]
    assert v.reasons[1].startswith("Y mènent dans le jeu de données : ") and "BTS test accès direct" in v.reasons[1]
    assert "Entrée sur concours." in v.reasons
    assert "Au plus 3 tentatives au concours." in v.reasons


def test_every_verdict_is_reached_on_the_test_dataset(mini):
    reader = BacReader(mini.referential)
    seen = set()
    for bac, niveau, age in [("STI2D SIN", None, None), ("STI2D EE", None, None), ("STI2D", None, 30), ("général", "bac+2", 30)]:
        for result in check(mini, reader.profile(bac, [], niveau, age)):
            seen.add(result.verdict.code)
    assert seen == set(VERDICTS)


def test_check_sorts_best_first_and_is_stable(dataset):
    profile = BacReader(dataset.referential).profile("STI2D", ["SIN"])
    first = [r.formation.id for r in check(dataset, profile)]
    assert first == [r.formation.id for r in check(dataset, profile)]
    ranks = [VERDICTS.index(r.verdict.code) for r in check(dataset, profile)]
    assert ranks == sorted(ranks)
    assert first[0] == "bts-mav-image"


_CARD = """# {title}

## Informations générales

**Durée:** 2 ans
**Niveau de certification:** niveau 4
**Type:** {kind}

## Accès

### Accès
            {access}

## Métiers associés

- {metier}
"""


def test_a_bac_pro_of_the_same_sector_by_the_metiers_they_lead_to(dataset, tmp_path):
    """« après un CAP, BP ou bac pro du même secteur »: a bac pro whose diploma leads to one of the formation's
    métiers is of its sector, though their names share no word (câbleur and électricité)."""
    from conftest import build_cards

    cards = {
        "FOR.99001_bp_monteur_cableur.md": (
            "BP monteur câbleur de tableaux",
            "brevet professionnel (BP)",
            "Dans le cadre de l'apprentissage, il peut aussi être préparé directement après un CAP, BP ou bac pro du même "
            "secteur professionnel.",
            "chef électricien/ne",
        ),
        "FOR.99002_bac_pro_melec.md": (
            "bac pro métiers de l'électricité et de ses environnements connectés",
            "baccalauréat professionnel",
            "Ce bac pro se prépare en 3 ans après la classe de 3e.",
            "chef électricien/ne",
        ),
        "FOR.99003_bac_pro_cuisine.md": (
            "bac pro cuisine",
            "baccalauréat professionnel",
            "Ce bac pro se prépare en 3 ans après la classe de 3e.",
            "cadreur/euse",
        ),
    }
    for name, (title, kind, access, metier) in cards.items():
        (tmp_path / name).write_text(_CARD.format(title=title, kind=kind, access=access, metier=metier), encoding="utf-8")
    merged = build_cards(tmp_path, dataset)
    reader = BacReader(merged.referential)
    bp = merged.formations["FOR.99001"]
    assert merged.formations["FOR.99002"].metiers == bp.metiers
    assert assess(bp, reader.profile("bac pro", ["MELEC"]), merged).code == "recommended"
    assert assess(bp, reader.profile("bac pro", ["CUISINE"]), merged).code == "possible"


def test_a_bac_pro_of_the_same_sector_by_the_trade_the_name_says(dataset, tmp_path):
    """« après un CAP du même secteur »: a trade of a family (ébéniste, tonnelier: the bois) is of the sector
    of the bac pro spécialités of that family, though their names share no word and no métier links them."""
    from conftest import build_cards

    access = "Ce brevet se prépare en deux ans après un CAP du même secteur professionnel."
    (tmp_path / "FOR.99011_btm_ebeniste.md").write_text(
        _CARD.format(title="BTM ébéniste d'art", kind="brevet technique des métiers (BTM)", access=access, metier="cadreur/euse"),
        encoding="utf-8",
    )
    (tmp_path / "FOR.99012_bp_barman.md").write_text(
        _CARD.format(title="BP barman", kind="brevet professionnel (BP)", access=access, metier="cadreur/euse"), encoding="utf-8"
    )
    merged = build_cards(tmp_path, dataset)
    reader = BacReader(merged.referential)
    btm, bp = merged.formations["FOR.99011"], merged.formations["FOR.99012"]
    for wood in ("TFBMA", "TMA", "TCB"):
        assert assess(btm, reader.profile("bac pro", [wood]), merged).code == "recommended", wood
    assert assess(btm, reader.profile("bac pro", ["CSR"]), merged).code == "possible"
    assert assess(bp, reader.profile("bac pro", ["CSR"]), merged).code == "recommended"
    assert assess(bp, reader.profile("bac pro", ["TFBMA"]), merged).code == "possible"
    assert assess(bp, reader.profile("général", ["ses", "svt"]), merged).code == "possible"


def test_the_trades_of_the_electricite_and_of_the_mode(dataset, tmp_path):
    """An électricien is of the énergie family (the bac pro of the électricité), a brodeur of the mode (the bac
    pro of the couture): « après un CAP du même secteur » is met by those bacs pro, not by others."""
    from conftest import build_cards

    access = "Accès possible aux candidats titulaires d'un CAP du même secteur professionnel."
    (tmp_path / "FOR.99021_bp_electricien.md").write_text(
        _CARD.format(title="BP électricien du bâtiment", kind="brevet professionnel (BP)", access=access, metier="cadreur/euse"),
        encoding="utf-8",
    )
    (tmp_path / "FOR.99022_bma_broderie.md").write_text(
        _CARD.format(title="BMA broderie main", kind="brevet des métiers d'art (BMA)", access=access, metier="cadreur/euse"),
        encoding="utf-8",
    )
    merged = build_cards(tmp_path, dataset)
    reader = BacReader(merged.referential)
    bp, bma = merged.formations["FOR.99021"], merged.formations["FOR.99022"]
    assert assess(bp, reader.profile("bac pro", ["MELEC"]), merged).code == "recommended"
    assert assess(bp, reader.profile("bac pro", ["MCC"]), merged).code == "possible"
    assert assess(bma, reader.profile("bac pro", ["MCC"]), merged).code == "recommended"
    assert assess(bma, reader.profile("bac pro", ["MELEC"]), merged).code == "possible"


def test_a_route_naming_the_serie_ranks_before_one_open_to_the_whole_family(dataset):
    """For a STMG student, a BTS whose card names « bac STMG » comes before one open to « tout bac
    technologique », whatever their names: both are listed ways, one was written for the série."""
    from conftest import make_formation
    from orient.dataset import Dataset, prepared

    named = {"routes": [{"kind": "bac", "track": "STMG"}], "source": "test"}
    family = {"routes": [{"kind": "bac", "track": "TECHNO"}], "source": "test"}
    formations = {
        "t-a": make_formation("t-a", "BTS A (tout bac technologique)", "BTS", 2, years=2, access=family),
        "t-z": make_formation("t-z", "BTS Z (bac STMG)", "BTS", 2, years=2, access=named),
    }
    data = prepared(Dataset(dataset.referential, formations, {}))
    profile = BacReader(dataset.referential).profile("STMG")
    verdicts = {f.id: assess(f, profile, data) for f in formations.values()}
    assert {v.code for v in verdicts.values()} == {"recommended"}
    assert verdicts["t-z"].distance < verdicts["t-a"].distance
    assert [r.formation.id for r in check(data, profile)] == ["t-z", "t-a"]


def test_a_type_usual_for_the_students_bac_ranks_first_among_equal_verdicts(dataset):
    """Both open to the student's whole série: a bac général student sees the licence before the BTS,
    a bac pro student the BTS before the BUT (types' ``usual_for``, diplomes.toml), whatever their names."""
    from conftest import make_formation
    from orient.dataset import Dataset, prepared

    def opened(track):
        return {"routes": [{"kind": "bac", "track": track}], "source": "test"}

    formations = {
        "u-bts": make_formation("u-bts", "BTS A", "BTS", 2, years=2, access=opened("GENERAL")),
        "u-lic": make_formation("u-lic", "licence Z", "licence", 3, years=3, access=opened("GENERAL")),
        "p-but": make_formation("p-but", "BUT A", "BUT", 3, years=3, access=opened("PRO")),
        "p-bts": make_formation("p-bts", "BTS Z", "BTS", 2, years=2, access=opened("PRO")),
    }
    data = prepared(Dataset(dataset.referential, formations, {}))
    reader = BacReader(dataset.referential)
    general = [r.formation.id for r in check(data, reader.profile("général", ["HLP", "LLCER"]))]
    assert general[:2] == ["u-lic", "u-bts"]
    pro = [r.formation.id for r in check(data, reader.profile("bac pro MCV"))]
    assert pro[:2] == ["p-bts", "p-but"]


def test_a_bac_pro_named_beside_the_specialites_it_is_meant_for_ranks_after_a_plain_bac_pro(dataset):
    """« un bac professionnel (notamment technicien modeleur) »: open to every bac pro, but meant for
    one; a student of another spécialité sees it after a card open to « un bac professionnel » plainly,
    and a student of that spécialité reads the named way, whatever the order of the routes."""
    from conftest import make_formation
    from orient.dataset import Dataset, prepared

    plain = {"routes": [{"kind": "bac", "track": "PRO"}], "source": "test"}
    meant = {
        "routes": [{"kind": "bac", "track": "PRO"}, {"kind": "bac", "track": "PRO", "specialites": ["MELEC"]}],
        "source": "test",
    }
    formations = {
        "n-a": make_formation("n-a", "BTS A (notamment MELEC)", "BTS", 2, years=2, access=meant),
        "n-z": make_formation("n-z", "BTS Z (bac pro)", "BTS", 2, years=2, access=plain),
    }
    data = prepared(Dataset(dataset.referential, formations, {}))
    reader = BacReader(dataset.referential)
    other = reader.profile("bac pro MCV")
    assert {assess(f, other, data).code for f in formations.values()} == {"recommended"}
    assert [r.formation.id for r in check(data, other)] == ["n-z", "n-a"]
    own = assess(formations["n-a"], reader.profile("bac pro", ["MELEC"]), data)
    assert own.distance == 0
    assert "électricité" in own.reasons[0]


def test_a_family_named_beside_the_serie_it_is_meant_for_ranks_after_the_family_alone(dataset):
    """« un bac technologique, notamment STI2D »: a STHR student sees it after a card open to « un bac
    technologique » alone; a STI2D student reads the série, though the card names the family first."""
    from conftest import make_formation
    from orient.dataset import Dataset, prepared

    family = {"routes": [{"kind": "bac", "track": "TECHNO"}], "source": "test"}
    meant = {"routes": [{"kind": "bac", "track": "TECHNO"}, {"kind": "bac", "track": "STI2D"}], "source": "test"}
    formations = {
        "f-a": make_formation("f-a", "BTS A (notamment STI2D)", "BTS", 2, years=2, access=meant),
        "f-z": make_formation("f-z", "BTS Z (bac techno)", "BTS", 2, years=2, access=family),
    }
    data = prepared(Dataset(dataset.referential, formations, {}))
    reader = BacReader(dataset.referential)
    assert [r.formation.id for r in check(data, reader.profile("STHR"))] == ["f-z", "f-a"]
    sti2d = assess(formations["f-a"], reader.profile("STI2D"), data)
    assert sti2d.code == "recommended" and sti2d.distance == 1
    assert "bac STI2D" in sti2d.reasons[0]


def test_a_route_naming_both_specialites_ranks_before_one_naming_one(dataset):
    """A SVT-PC student: a card naming SVT and PC comes before one naming PC alone, whatever the names."""
    from conftest import make_formation
    from orient.dataset import Dataset, prepared

    def naming(*codes):
        return {"routes": [{"kind": "bac", "track": "GENERAL", "specialites": list(codes)}], "source": "test"}

    formations = {
        "s-a": make_formation("s-a", "BUT A", "BUT", 3, years=3, access=naming("MATHS", "PC", "SI")),
        "s-z": make_formation("s-z", "BUT Z", "BUT", 3, years=3, access=naming("PC", "SVT")),
    }
    data = prepared(Dataset(dataset.referential, formations, {}))
    profile = BacReader(dataset.referential).profile("général", ["SVT", "PC"])
    verdicts = [assess(f, profile, data) for f in formations.values()]
    assert [(v.code, v.distance) for v in verdicts] == [("recommended", 0)] * 2
    assert [r.formation.id for r in check(data, profile)] == ["s-z", "s-a"]


@pytest.mark.parametrize("formation", ["dnmade-graphisme", "dnmade-animation", "dnmade-evenement", "dnmade-numerique", "dnmade-spectacle"])
def test_a_dn_made_is_open_to_every_option_of_the_bac_pro_artisanat_et_metiers_d_art(dataset, formation):
    """The cards name the bac pro artisanat et métiers d'art without an option: each option is the listed way."""
    options = [s.code for s in dataset.tracks["PRO"].specialites if s.group == "AMA"]
    assert len(options) >= 4
    assert {code: verdict(dataset, formation, "pro", [code]).code for code in options} == dict.fromkeys(options, "recommended")


@pytest.mark.parametrize(
    ("cited", "total", "expected"),
    [
        (0, 0, "Le jeu de données ne cite pas encore de formation qui y prépare."),
        (2, 2, "Y mènent dans le jeu de données : A ou B."),
        (6, 6, "Y mènent dans le jeu de données : A, B, C ou D (et 2 autres)."),
        (1, 3, "Y mènent dans le jeu de données : A ; du même domaine : B ou C."),
        (4, 9, "Y mènent dans le jeu de données : A, B, C ou D, et 5 formations du même domaine."),
        (2, 7, "Y mènent dans le jeu de données : A ou B ; du même domaine : C ou D (et 3 autres)."),
        (0, 1, "Formations du même domaine dans le jeu de données (aucune ne la cite dans ses poursuites) : A."),
    ],
)
def test_what_leads_there_tells_cited_formations_from_those_of_the_field(dataset, cited, total, expected):
    """Formations whose poursuites cite the target « y mènent »; those of its field only are said to be so."""
    from orient.dataset import Leading
    from orient.eligibility import leading_reason

    class Known:
        def leading(self, formation):
            return Leading(cited, total, ["a", "b", "c", "d"][: min(total, 4)])

        def formation_name(self, formation_id):
            return formation_id.upper()

    assert leading_reason(dataset.formations["femis-image"], Known()) == expected


def test_a_route_open_to_every_bac_is_a_candidature_not_the_planned_way(dataset):
    """« tout bac » is read as « possible » on imported cards; the curated records say so too: no
    formation open to every bachelier is « accès direct » for all of them (the CNSAD for a bac ST2S)."""
    bare = [
        (f.id, r.grants)
        for f in dataset.formations.values()
        if f.access is not None
        for r in f.access.routes
        if r.kind == "bac" and r.track == "ANY" and not r.specialites and not r.other_specialites
    ]
    assert bare and all(grants == "possible" for _, grants in bare), bare
    st2s = verdict(dataset, "cnsad", "ST2S")
    assert st2s.code == "possible" and "pratique théâtrale" in st2s.reasons[0]
