"""The starting salary of a métier card (« Salaire du débutant »), as figures.

Only what can be stated as figures is kept: a monthly gross amount or range, and
whether the card says bonuses are excluded or the pay varies. A card that gives
several amounts (public and private sector…) keeps the first and says so; one
that gives no monthly figure (paid per week, per fee…) keeps none.
"""

from __future__ import annotations

import re

from ..models import Salary

_AMOUNT = re.compile(
    r"^(?:(?:à|a) partir de (?P<from>\d[\d\s]*)|entre (?P<low>\d[\d\s]*) et (?P<high>\d[\d\s]*)) ?(?:€|euros?) brut(?:s)? "
    r"(?:par mois|mensuels?)",
    re.IGNORECASE,
)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def parse_salary(text: str) -> Salary | None:
    """``"A partir de 1801 euros brut par mois, hors primes"`` → ``Salary(min=1801, excludes_bonuses=True)``."""
    text = " ".join(text.split())
    if not text:
        return None
    parts = [p.strip() for p in _BREAK.split(text) if p.strip()]
    first = parts[0]
    lowered = first.lower()
    varies = "variable" in lowered
    match = _AMOUNT.match(first)
    if match is None:
        return Salary(varies=varies, stated=False)
    if match.group("from"):
        low, high = _number(match.group("from")), None
    else:
        low, high = sorted((_number(match.group("low")), _number(match.group("high"))))
        if low == high:
            high = None
    rest = lowered[match.end() :]
    return Salary(
        min=low,
        max=high,
        excludes_bonuses="hors prime" in rest,
        varies=varies,
        several=len(parts) > 1,
    )


def _number(text: str) -> int:
    return int(re.sub(r"\s", "", text))
