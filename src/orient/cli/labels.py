"""French names of the core's codes: verdicts, selection modes, fit, recognitions, statuts.

The core speaks in codes (``recommended``, ``dossier``, ``prive``…); every word
a person reads for them is here, in one place.
"""

from __future__ import annotations

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
