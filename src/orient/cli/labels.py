"""French names of the core's codes: verdicts, selection modes, fit, recognitions, statuts.

The core speaks in codes (``recommended``, ``dossier``, ``prive``…); every word
a person reads for them is here, in one place.
"""

from __future__ import annotations

from ..levels import level_label

VERDICT_LABELS = {
    "recommended": "accès direct",
    "possible": "possible",
    "bridge": "après une mise à niveau",
    "later": "plus tard (bac+N / concours)",
    "unknown": "inconnu",
    "excluded": "exclu",
}
# What --verdict accepts for each code, besides the code itself (accents and case ignored).
VERDICT_WORDS = {
    "recommended": ("direct", "acces direct", "recommande"),
    "possible": (),
    "bridge": ("mise a niveau", "passerelle"),
    "later": ("plus tard",),
    "unknown": ("inconnu",),
    "excluded": ("exclu",),
}
# In a path, a step on the planned way is not an « accès direct » but the expected route.
STEP_LABELS = {**VERDICT_LABELS, "recommended": "voie prévue"}

SELECTION_LABELS = {
    "dossier": "dossier",
    "tests": "tests",
    "entretien": "entretien",
    "concours": "concours",
    "audition": "audition",
    "portfolio": "portfolio",
}

FIT_LABELS = {"strong": "excellent", "good": "bon", "partial": "partiel", "weak": "faible"}

RECOGNITION_LABELS = {
    "diplome_etat": "diplôme d'État",
    "rncp": "inscrit au RNCP",
    "vise": "diplôme visé",
    "grade": "grade universitaire",
    "culture": "école reconnue par le ministère de la Culture",
    "cnc": "école reconnue par le CNC",
}

STATUT_LABELS = {"public": "public", "prive": "privé"}


def selection_text(modes, note: str = "") -> str:
    """How candidates are chosen, in French: the card's own wording first, else the modes named."""
    return note or ", ".join(SELECTION_LABELS.get(m, m) for m in modes) or "non précisée"


# The groups of the Parcoursup spécialités file, as a sentence names them after « un vœu »; the
# licences (« Licence Chimie ») are named by :func:`group_phrase` from their mention.
GROUP_PHRASES = {
    "autres formations": "dans une autre formation",
    "bts agricole": "en BTS agricole",
    "bts production": "en BTS du secteur de la production",
    "bts service": "en BTS du secteur des services",
    "but production": "en BUT du secteur de la production",
    "but service": "en BUT du secteur des services",
    "cpge ecg": "en classe préparatoire économique et commerciale",
    "cpge l": "en classe préparatoire littéraire",
    "cpge s": "en classe préparatoire scientifique",
    "cupge": "en cycle universitaire préparatoire aux grandes écoles (CUPGE)",
    "d e sanitaire": "en formation à un diplôme d'État du secteur sanitaire",
    "d e social": "en formation à un diplôme d'État du secteur social",
    "dcg": "en DCG",
    "deust": "en DEUST",
    "ecoles d ingenieurs": "en école d'ingénieurs",
    "ecoles de commerce": "en école de commerce",
    "ensemble des bacheliers": "dans une formation, quelle qu'elle soit",
    "formations d art": "en formation d'art",
    "formations des ecoles nationales veterinaires": "en école nationale vétérinaire",
    "licence l as": "en L.AS (licence avec option accès santé)",
    "pass": "en PASS",
    "sciences po": "en institut d'études politiques (Sciences Po)",
}
# The groups as a table names them: the file's name with its accents, apostrophes and capitals put back.
GROUP_NAMES = {
    "d e sanitaire": "D.E. sanitaire",
    "d e social": "D.E. social",
    "ecoles d ingenieurs": "Écoles d'ingénieurs",
    "ecoles de commerce": "Écoles de commerce",
    "formations d art": "Formations d'art",
    "sciences po": "Sciences Po",
}
_WORDS_BACK = {"Electronique": "Électronique", "Epistémologie": "Épistémologie", "Ethno": "Ethnologie"}


def group_name(group: str) -> str:
    """A group of the spécialités file as a person reads it (« Licence Sciences de l'éducation »)."""
    from ..text import normalize

    named = GROUP_NAMES.get(normalize(group))
    if named is not None:
        return named
    words = [_WORDS_BACK.get(w.rstrip(","), w.rstrip(",")) + ("," if w.endswith(",") else "") for w in group.split()]
    text = " ".join(words)
    for vowel in "aeiouyéèêh":  # « l information » → « l'information »
        text = text.replace(f" l {vowel}", f" l'{vowel}")
    return text


def group_phrase(group: str) -> str:
    """« en BUT du secteur de la production », « en licence de chimie », « en école d'ingénieurs »."""
    from ..text import normalize

    phrase = GROUP_PHRASES.get(normalize(group))
    if phrase is not None:
        return phrase
    name = group_name(group)
    if name.startswith("Licence Pluri "):
        return f"en licence pluridisciplinaire ({_lower(name[len('Licence Pluri ') :])})"
    if name.startswith("Licence "):
        mention = _lower(name[len("Licence ") :])
        article = "d'" if mention[:1].lower() in "aeiouyéèêh" else "de "
        return f"en licence {article}{mention}"
    return f"en {name}"


def _lower(text: str) -> str:
    """The words in lower case, but the acronyms (« AES », « STAPS »)."""
    return " ".join(w if w.rstrip(",").isupper() and len(w.rstrip(",")) > 1 else w.lower() for w in text.split())


def pair_sentence(outcome: dict) -> str:
    """How candidates with the student's pair of spécialités fared in the formation's own group of
    the spécialités file (a ``specialites_outcome`` row): « Avec Maths + Physique-Chimie, sur les
    800 candidats du bac général ayant cette paire qui ont fait un vœu en BUT du secteur des
    services, 62 % ont reçu une proposition en 2024 (source : Parcoursup). »"""
    from ..text import number_fr, percent_fr

    pair = " + ".join(outcome["specialite_names"])
    broader = "".join(f" ({name} : le fichier réunit sous ce nom plusieurs spécialités, dont la vôtre)" for name in outcome["broader"])
    where = group_phrase(outcome["group"])
    if not outcome["candidates"]:
        return (
            f"Avec {pair}{broader}, aucun candidat du bac général ayant cette paire n'a fait de vœu {where} "
            f"en {outcome['year']} (source : Parcoursup)."
        )
    return (
        f"Avec {pair}{broader}, sur les {number_fr(outcome['candidates'])} candidats du bac général ayant cette paire "
        f"qui ont fait un vœu {where}, {percent_fr(outcome['proposal_rate'])} ont reçu une proposition "
        f"en {outcome['year']} (source : Parcoursup)."
    )


def reasons_of(row: dict) -> list[str]:
    """A verdict's reasons, then how candidates with the student's pair of spécialités fared, when known."""
    reasons = list(row.get("reasons") or [])
    if row.get("specialites_outcome"):
        reasons.append(pair_sentence(row["specialites_outcome"]))
    return reasons


def former_note(former, track) -> str:
    """« l'ancienne série S (scientifique) est lue comme le bac général » (``former``: a
    :class:`~orient.models.FormerSeries`; ``track``: the track that succeeded it)."""
    from ..profile import short_name

    name = short_name(track)
    successor = name if name.startswith("bac") else f"bac {name}, qui lui a succédé"
    return f"l'ancienne série {former.code} ({former.name}) est lue comme le {successor}"


def short_of_metier(path: dict) -> str:
    """What a path leaves to do for its métier, when it ends below the minimum level the métier's
    card gives (``levels_short``), else an empty string."""
    if not path.get("levels_short"):
        return ""
    final = path["final_level"]["bac_plus"]
    return f"Niveau minimum du métier d'après sa fiche : {level_label(path['metier_level'])} (ce chemin : {level_label(final)})."
