"""Study levels: « bac », « bac+2 », « CAP »… as numbers of years after the bac."""

from __future__ import annotations

import math
import re

from .text import normalize

# Levels below the bac, as negative numbers, for métiers open without a bac.
_BELOW_BAC = {
    "sans diplome": -3,
    "3e": -3,
    "diplome national du brevet": -3,
    "brevet": -3,
    "cap": -1,
    "cap ou equivalent": -1,
    "bep": -1,
}
_MINUS = re.compile(r"\+\s*[-−–]")
_BAC_PLUS = re.compile(r"^(?:niveau )?bac(?: ou equivalent)?(?:\+(\d+))?(?: et plus)?$")


def signed_minus(label: str) -> bool:
    """Whether ``label`` writes a minus after its « + » (« bac+-1 », « bac + −2 »): no level, though
    its normal form (which drops the sign) reads as one."""
    return _MINUS.search(label) is not None


def parse_level(label: str) -> int | None:
    """Return the number of years after the bac ``label`` stands for, or None.

    >>> parse_level("bac + 2"), parse_level("bac"), parse_level("CAP")
    (2, 0, -1)
    """
    if signed_minus(label):
        return None
    key = normalize(label)
    if key in _BELOW_BAC:
        return _BELOW_BAC[key]
    match = _BAC_PLUS.match(key)
    if match:
        return int(match.group(1) or 0)
    return None


# Level of the European qualifications framework (CEC) → years after the bac.
CEC_BAC_PLUS = {3: -1, 4: 0, 5: 2, 6: 3, 7: 5, 8: 8}


def diploma_level(cec: int, bac_plus: int, entry_level: int | None, years: float) -> int:
    """The level a formation leaves its student at (years after the bac): its certification's; for
    one no certification level states (CEC 0: a school's diploma not inscribed at the RNCP), its
    years of study from the level it is entered at, when the card says it (the docteur vétérinaire,
    6 years after the bac: bac+6), else ``bac_plus`` as it stands."""
    if cec or entry_level is None:
        return bac_plus
    return max(bac_plus, entry_level + math.ceil(years))


def cec_bac_plus(cec: int) -> int | None:
    """Years after the bac of a CEC level (niveau 5 → 2), None for a level outside the table."""
    return CEC_BAC_PLUS.get(cec)


def level_label(bac_plus: int) -> str:
    """French label of a level: ``bac``, ``bac+2``; below the bac, ``CAP`` or ``sans diplôme``."""
    if bac_plus > 0:
        return f"bac+{bac_plus}"
    if bac_plus == 0:
        return "bac"
    return {-1: "CAP", -2: "seconde"}.get(bac_plus, "sans diplôme")
