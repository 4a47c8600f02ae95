"""Verdicts on card shapes a third reading of real cards found misread: cards written for these tests."""

from __future__ import annotations

import pytest

from conftest import build_cards
from orient.eligibility import assess
from orient.profile import BacReader

CARDS = {
    "FOR.99101_bts.md": (
        "BTS maintenance des équipements",
        "niveau 5",
        "2 ans",
        "brevet de technicien supérieur (BTS)",
        "Le BTS est ouvert aux titulaires d'un bac STI2D, d'un bac général ou d'un bac professionnel industriel. Admission sur dossier.",
    ),
    "FOR.99102_btsa.md": (
        "BTSA conduite de cultures",
        "niveau 5",
        "2 ans",
        "brevet de technicien supérieur agricole (BTSA)",
        "Le BTSA est ouvert aux titulaires d'un bac STAV, d'un bac général ou d'un bac professionnel agricole.",
    ),
    "FOR.99103_cs.md": (
        "CS conduite d'un troupeau",
        "niveau 4",
        "1 an",
        "certificat de spécialisation (CS)",
        "Ce CS est ouvert aux titulaires d'un baccalauréat professionnel du secteur de la production agricole.",
    ),
    "FOR.99104_but.md": (
        "BUT génie des matériaux",
        "niveau 6",
        "3 ans",
        "bachelor universitaire de technologie (BUT)",
        "Le BUT est ouvert aux titulaires d'un bac général ou d'un bac STL. "
        "Spécialités de bac général recommandées : mathématiques, physique-chimie.",
    ),
    "FOR.99105_cs_patisserie.md": (
        "CS (ex MC) pâtisserie de vitrine",
        "niveau 3",
        "1 an",
        "certificat de spécialisation (ex MC) (CS (ex MC))",
        "Ce CS est ouvert aux titulaires du CAP pâtissier ou du bac professionnel boulanger-pâtissier.",
    ),
    "FOR.99106_cap.md": (
        "CAP pâtissier",
        "niveau 3",
        "2 ans",
        "CAP (CAP)",
        "Ce CAP se prépare en 2 ans après la 3e, ou en 1 an après un bac professionnel.",
    ),
    "FOR.99107_dentaire.md": (
        "diplôme d'État de docteur en chirurgie dentaire",
        "niveau 7",
        "6 ans",
        "diplôme d'État du médical",
        "On y entre après avoir validé une PASS ou une L.AS. La préinscription se fait sur Parcoursup.",
    ),
    "FOR.99108_ski.md": (
        "diplôme d'État de ski - moniteur national de ski de fond",
        "niveau 5",
        "3 ans",
        "diplôme professionnel de l'animation et du sport",
        "Le test technique d'accès est ouvert aux candidats âgés d'au moins 17 ans. Pour commencer la formation, il faut le PSC 1.",
    ),
    "FOR.99109_bp.md": (
        "BP électricien",
        "niveau 4",
        "2 ans",
        "brevet professionnel (BP)",
        "En apprentissage, le BP se prépare directement après un CAP, un BP ou un bac pro du même secteur professionnel.",
    ),
    "FOR.99110_bac_pro.md": (
        "bac pro conduite de bateaux",
        "niveau 4",
        "3 ans",
        "baccalauréat professionnel",
        "Ce bac pro se prépare en 3 ans après la 3e. Une classe de 1re pro accueille les titulaires du brevet de marin.",
    ),
    "FOR.99111_bts_produits.md": (
        "BTS conception de produits",
        "niveau 5",
        "2 ans",
        "brevet de technicien supérieur (BTS)",
        "Le BTS est accessible avec un bac STI2D, un bac professionnel industriel de la production ou un bac général.",
    ),
    "FOR.99112_licence.md": (
        "licence mention sociologie",
        "niveau 6",
        "3 ans",
        "licence",
        "En L1 (admission via la procédure Parcoursup) : les bacheliers généraux sont majoritaires.\n\n"
        "En L2 ou L3 (admission sur dossier) : les étudiants ayant déjà effectué 2 années d'études supérieures, "
        "notamment une classe prépa lettres et sciences sociales qui peut donner lieu à des équivalences de L1 voire L2 sociologie.",
    ),
    "FOR.99113_but.md": (
        "BUT génie industriel et maintenance",
        "niveau 6",
        "3 ans",
        "bachelor universitaire de technologie (BUT)",
        "Le BUT est accessible à tout titulaire d'un baccalauréat technologique (STI2D), professionnel "
        "(dans le domaine industriel et avec un très bon niveau) ou général. Accès sur dossier.",
    ),
    "FOR.99114_cs_reseaux.md": (
        "CS (ex MC) technicien en réseaux électriques",
        "niveau 4",
        "1 an",
        "certificat de spécialisation (ex MC) (CS (ex MC))",
        "Le certificat de spécialisation recrute sur Parcoursup des bacheliers professionnels et des titulaires "
        "du brevet professionnel (BP) du secteur de l'électricité.",
    ),
    "FOR.99115_cs_desserts.md": (
        "CS (ex MC) desserts de restaurant",
        "niveau 4",
        "1 an",
        "certificat de spécialisation (ex MC) (CS (ex MC))",
        "L'accès est ouvert aux candidats titulaires des diplômes de niveau CAP, bac pro, bac techno ou BTS du secteur de la restauration.",
    ),
    "FOR.99116_cs_aero.md": (
        "CS (ex MC) aéronautique option avions à moteurs à turbines",
        "niveau 4",
        "1 an",
        "certificat de spécialisation (ex MC) (CS (ex MC))",
        "Le CS recrute sur Parcoursup des bacheliers professionnels spécialités « aéronautique » et « aviation générale ». "
        "L'option « structure » du bac pro aéronautique étant moins adaptée à la poursuite dans ce CS, les diplômés "
        "doivent fournir un effort de mise à niveau important.",
    ),
}


@pytest.fixture(scope="module")
def shapes(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("shapes")
    for name, (title, level, duration, kind, access) in CARDS.items():
        text = (
            f"# {title}\n\n## Informations générales\n\n**Durée:** {duration}\n**Niveau de certification:** {level}\n"
            f"**Type:** {kind}\n\n## Accès\n\n{access}\n"
        )
        (folder / name).write_text(text, encoding="utf-8")
    return build_cards(folder, dataset)


def verdict(data, formation_id, bac, specialites=(), niveau=None, age=None):
    profile = BacReader(data.referential).profile(bac, list(specialites), niveau, age)
    return assess(data.formations[formation_id], profile, data)


@pytest.mark.parametrize(
    ("formation", "bac", "specialites", "expected"),
    [
        # « un bac pro industriel », « agricole », « du secteur de la production agricole »: the families of spécialités.
        ("FOR.99101", "bac pro", ["MELEC"], "recommended"),
        ("FOR.99101", "bac pro", ["cuisine"], "possible"),
        ("FOR.99102", "bac pro", ["aménagements paysagers"], "recommended"),
        ("FOR.99102", "bac pro", ["MELEC"], "possible"),
        ("FOR.99103", "bac pro", ["CGEA"], "recommended"),
        ("FOR.99103", "bac pro", ["SAPAT"], "possible"),  # agricole, but not of the production agricole
        # Advised spécialités of the bac général: one of them makes the planned way.
        ("FOR.99104", "général", ["maths", "ses"], "recommended"),
        ("FOR.99104", "général", ["ses", "hggsp"], "possible"),
        ("FOR.99104", "STL", ["SPCL"], "recommended"),
        # A CS at the CAP's level naming the student's own bac pro; a CAP open after any bac pro.
        ("FOR.99105", "bac pro", ["boulanger-pâtissier"], "recommended"),
        ("FOR.99105", "bac pro", ["cuisine"], "possible"),
        ("FOR.99106", "bac pro", ["boulanger-pâtissier"], "possible"),
        # After a first year of health studies, whatever the bac.
        ("FOR.99107", "général", ["svt", "pc"], "later"),
        # National rule of the diplômes d'État de ski: no diploma, a technical test.
        ("FOR.99108", "STMG", ["GF"], "possible"),
        # « du même secteur professionnel » is the formation's own field.
        ("FOR.99109", "bac pro", ["MELEC"], "recommended"),
    ],
)
def test_verdicts_on_shapes_of_real_cards(shapes, formation, bac, specialites, expected):
    assert verdict(shapes, formation, bac, specialites).code == expected


@pytest.mark.parametrize(
    ("formation", "bac", "specialites", "niveau", "expected"),
    [
        # « un bac professionnel industriel de la production »: the family of the production industrielle.
        ("FOR.99111", "bac pro", ["TRPM"], None, "recommended"),
        ("FOR.99111", "bac pro", ["AGORA"], None, "possible"),
        # What a prépa is worth (« des équivalences de L1 voire L2 sociologie ») is no field the L2 entry demands.
        ("FOR.99112", "STMG", ["RHC"], "bac+2", "recommended"),
        ("FOR.99112", "STMG", ["RHC"], None, "possible"),
        # « professionnel (dans le domaine industriel et avec un très bon niveau) »: the family, and an advice.
        ("FOR.99113", "bac pro", ["MELEC"], None, "recommended"),
        ("FOR.99113", "bac pro", ["cuisine"], None, "possible"),
        # A sector closing a list (« bacheliers professionnels et titulaires du BP du secteur de l'électricité »)
        # is that of the bac pro named bare in it.
        ("FOR.99114", "bac pro", ["MELEC"], None, "recommended"),
        ("FOR.99114", "bac pro", ["cuisine"], None, "possible"),
        ("FOR.99115", "bac pro", ["cuisine"], None, "recommended"),
        ("FOR.99115", "bac pro", ["MCV"], None, "possible"),
        # An option of a listed bac pro that the card says is less suited may apply, not more.
        ("FOR.99116", "bac pro", ["aéronautique option avionique"], None, "recommended"),
        ("FOR.99116", "bac pro", ["aéronautique option structure"], None, "possible"),
    ],
)
def test_verdicts_on_shapes_a_fifth_reading_found(shapes, formation, bac, specialites, niveau, expected):
    assert verdict(shapes, formation, bac, specialites, niveau).code == expected


def test_the_reasons_say_what_was_read(shapes):
    advised = verdict(shapes, "FOR.99104", "général", ["ses", "hggsp"])
    assert "la fiche conseille les spécialités MATHS ou PC" in advised.reasons[0]
    industrial = verdict(shapes, "FOR.99101", "bac pro", ["MELEC"])
    assert "bac professionnel industriel" in industrial.reasons[0]
    electric = verdict(shapes, "FOR.99114", "bac pro", ["MELEC"])
    assert "bac professionnel du secteur de l'électricité" in electric.reasons[0]
    ski = verdict(shapes, "FOR.99108", "général", ["svt", "ses"], age=16)
    assert ski.code == "excluded" and "17 ans" in ski.reasons[0]
    assert verdict(shapes, "FOR.99108", "général", ["svt", "ses"]).basis == "national"
    # A formation before the bac whose text is not read entirely: open to a bachelier, as its national rule says.
    unread = verdict(shapes, "FOR.99110", "général", ["maths", "pc"])
    assert shapes.parsed["FOR.99110"].status == "partial"  # type: ignore[attr-defined]
    assert unread.code == "possible" and unread.basis == "national"
    assert "n'a pas pu être lu en entier" in unread.reasons[-1]
    dentaire = verdict(shapes, "FOR.99107", "général", ["svt", "pc"], niveau="bac+1")
    assert dentaire.code == "possible"  # a bac+1 may be the PASS the card asks for: a level does not say which
