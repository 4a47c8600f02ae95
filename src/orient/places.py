"""Régions and départements under their official names (INSEE's Code officiel géographique, kept
in ``data/parcoursup.toml``), whatever way a file or a person writes them: « Ile de France »,
« IDF » and « Île-de-France » are one région, « Centre » is Centre-Val de Loire."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from .models import Departement, Referential
from .text import normalize

T = TypeVar("T")


def place_key(text: str) -> str:
    """Towns, départements and régions compared without accents, case, hyphens nor « Saint »/« St »."""
    key = normalize(text).replace("saint ", "st ").replace("sainte ", "ste ")
    return " ".join(key.split())


class Places:
    """The régions and départements of the referential, found by any of their names."""

    def __init__(self, referential: Referential) -> None:
        self.region_names = tuple(r.name for r in referential.regions)
        self._regions: dict[str, str] = {}
        for region in referential.regions:
            for name in (region.name, *region.variants):
                self._regions.setdefault(place_key(name), region.name)
        self.departements = referential.departements
        self._by_code = {d.code: d for d in referential.departements}
        self._by_name = {place_key(d.name): d for d in referential.departements}
        self._official: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def names(self) -> dict[str, str]:
        """Every way of writing a région (folded) → its official name."""
        return dict(self._regions)

    def region(self, text: str) -> str | None:
        """The official name of the région ``text`` names (« PACA », « Région Centre »), None when none."""
        key = place_key(text)
        found = self._regions.get(key)
        if found is None and key.startswith("region "):
            found = self._regions.get(key.removeprefix("region "))
        return found

    def departement(self, text: str) -> Departement | None:
        """The département of this code (« 69 », « 2A », « 974 ») or name, None when none."""
        text = text.strip()
        found = self._by_code.get(text.upper())
        if found is None and text.isdigit() and len(text) < 2:
            found = self._by_code.get(text.zfill(2))
        return found or self._by_name.get(place_key(text))

    def official(self, item: T) -> T:
        """``item`` (an offer: ``region``, ``departement``, ``departement_code``) with its région and
        département under their official names; a name the referential does not know is kept as written."""
        written = (item.region, item.departement_code, item.departement)  # type: ignore[attr-defined]
        found = self._official.get(written)
        if found is None:
            region, code, name = written
            departement = self._by_code.get(code) if code else None
            if departement is None and name:
                departement = self._by_name.get(place_key(name))
            if departement is not None:
                code, name = departement.code, departement.name
            official = self.region(region) if region else None
            region = official or (departement.region if departement is not None else region)
            found = self._official[written] = (region, code, name)
        if found == written:
            return item
        region, code, name = found
        return msgspec.structs.replace(item, region=region, departement_code=code, departement=name)  # type: ignore[type-var]
