"""What the commands ask of the Parcoursup import: where a formation is taught, its figures, the spécialités.

Figures of several offers of one formation are added up: places, candidates and
admitted by bac family are summed; the taux d'accès is the mean of the offers'
rates weighted by their candidates. A share computed on fewer than
:data:`MIN_ADMITTED` admitted néo-bacheliers is never used to decide a verdict.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING

import msgspec

from ..errors import InputError
from ..places import Places, place_key
from ..text import normalize, sort_key
from .models import Offer, SpecialiteOutcome, Summary
from .store import STORE_FORMAT, Loaded, Stored, decode_links, decode_offers, decode_outcomes, load_store

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..models import Formation, Track

MIN_ADMITTED = 20  # admitted néo-bacheliers below which shares are shown but never decide anything
MIN_FAMILY = 5  # admitted of a family, at least, for « students of your bac are admitted in real numbers »
EARTH_KM = 6371.0
# Summary.scope: over all the offers; over those of the area asked (``--region``, ``--pres-de``…);
# over those outside it, none of the formation's offers in the area having figures.
ALL, AREA, ELSEWHERE = "all", "area", "elsewhere"


class Place(msgspec.Struct, frozen=True):
    """Where ``--pres-de`` measures from: a town or département of the data, or coordinates."""

    label: str
    lat: float
    lon: float
    kind: str = "town"  # « town », « departement » (measured from the middle of its offers) or « point »


class Where(msgspec.Struct, frozen=True):
    offer: Offer
    formation: str | None  # the linked record's id (None when unlinked)
    distance_km: float | None


def family(track: Track) -> str:
    """The Parcoursup family of a track: ``general``, ``pro``, and ``techno`` for any other (DAEU too)."""
    return track.family if track.family in ("general", "pro") else "techno"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


class Parcoursup:
    """The imported Parcoursup data, linked to one dataset.

    Commands read the figures made at import (:attr:`summaries`, :attr:`group_pairs`, :attr:`groups`); the offers and
    outcomes themselves are decoded only by the commands that list them or filter by place. Links
    made against other records (the ONISEP import changed since) are made again, in memory."""

    def __init__(self, loaded: Loaded, dataset: Dataset) -> None:
        self.dataset = dataset
        self.summaries = loaded.summaries
        self._loaded = loaded
        self._relinked: Stored | None = None
        self.places = Places(dataset.referential)
        # An import written before régions and départements were stored under their official names:
        # its offers are read under those names (the next import writes them so).
        self._written_before = loaded.format < STORE_FORMAT
        self.here: frozenset[str] | None = None  # with :meth:`in_area`: the formations taught in the area
        self._local: dict[str, Summary] = {}
        if loaded.linked_with != dataset.identity or not dataset.identity:
            from .importer import relink

            stored = relink(Stored(updated=dt.date.today(), offers=self.offers_all, outcomes=self.outcomes_all), dataset)
            self._relinked = stored
            self.summaries = stored.summaries

    @cached_property
    def links(self) -> dict[str, tuple[str, ...]]:
        return self._relinked.links if self._relinked is not None else decode_links(self._loaded)

    @cached_property
    def placed(self) -> frozenset[str]:
        """Ids of the formations linked to at least one offer: those the data can place somewhere."""
        return frozenset(f for ids in self.links.values() for f in ids)

    @classmethod
    def load(cls, dataset: Dataset) -> Parcoursup | None:
        loaded = load_store()
        return cls(loaded, dataset) if loaded is not None else None

    @cached_property
    def offers_all(self) -> list[Offer]:
        offers = decode_offers(self._loaded)
        return [self.places.official(o) for o in offers] if self._written_before else offers

    @cached_property
    def outcomes_all(self) -> list[SpecialiteOutcome]:
        return decode_outcomes(self._loaded)

    @cached_property
    def by_formation(self) -> dict[str, list[Offer]]:
        out: dict[str, list[Offer]] = {}
        for offer in self.offers_all:
            for formation_id in self.links.get(offer.key, ()):
                out.setdefault(formation_id, []).append(offer)
        return out

    def offers(self, formation_id: str) -> list[Offer]:
        if self._relinked is None and "by_formation" not in self.__dict__:
            offers = self._loaded.offers_of(formation_id)  # only this formation's offers are decoded
            return [self.places.official(o) for o in offers] if self._written_before else offers
        return self.by_formation.get(formation_id, [])

    def listed(self, formation_id: str) -> bool:
        """Is some offer of Parcoursup linked to this formation?"""
        if self._relinked is None and "by_formation" not in self.__dict__:
            return self._loaded.has_offers(formation_id)
        return formation_id in self.by_formation

    def summary(self, formation_id: str) -> Summary | None:
        """A formation's figures: over all its offers; seen from an area (:meth:`in_area`), over its
        offers there, or when none of those has figures, over the others, said so (:attr:`Summary.scope`)."""
        if self.here is not None:
            local = self._local.get(formation_id)
            if local is not None:
                return local
            found = self.summaries.get(formation_id)
            return None if found is None else msgspec.structs.replace(found, scope=ELSEWHERE)
        return self.summaries.get(formation_id)

    def in_area(
        self,
        *,
        region: str | None = None,
        departement: str | None = None,
        near: Place | None = None,
        radius_km: float | None = None,
    ) -> Parcoursup:
        """This import seen from an area: :attr:`here` holds the formations taught there, and
        :meth:`summary` gives their figures over their offers there (the rule of :func:`summarise`)."""
        import copy

        view = copy.copy(self)
        found = self.where(region=region, departement=departement, near=near, radius_km=radius_km, ordered=False)
        view.here = frozenset(w.formation for w in found if w.formation)
        with_figures: dict[str, list[Offer]] = {}
        for w in found:
            if w.formation and w.offer.admissions is not None:
                with_figures.setdefault(w.formation, []).append(w.offer)
        view._local = {f: summarise(offers, scope=AREA) for f, offers in with_figures.items()}
        return view

    # -- places ----------------------------------------------------------------------------------

    @cached_property
    def _towns(self) -> dict[str, list[Offer]]:
        out: dict[str, list[Offer]] = {}
        for offer in self.offers_all:
            if offer.commune and offer.lat is not None:
                key = place_key(offer.commune)
                out.setdefault(key, []).append(offer)
                city = _ARRONDISSEMENT.sub("", key)
                if city != key:  # « Lyon 8e Arrondissement » is in Lyon too: « --pres-de Lyon » finds it
                    out.setdefault(city, []).append(offer)
        return out

    @cached_property
    def _departements(self) -> dict[str, list[Offer]]:
        out: dict[str, list[Offer]] = {}
        for offer in self.offers_all:
            if offer.departement and offer.lat is not None:
                out.setdefault(place_key(offer.departement), []).append(offer)
                out.setdefault(place_key(offer.departement_code), []).append(offer)
        return out

    @cached_property
    def departements(self) -> dict[str, tuple[str, str]]:
        """Folded name or code → (code, name): those of the referential, and any other of the data."""
        out: dict[str, tuple[str, str]] = {}
        for known in self.places.departements:
            out[place_key(known.name)] = out[place_key(known.code)] = (known.code, known.name)
        for offer in self.offers_all:
            if offer.departement:
                out[place_key(offer.departement)] = (offer.departement_code, offer.departement)
                if offer.departement_code:
                    out[place_key(offer.departement_code)] = (offer.departement_code, offer.departement)
        return out

    def place(self, text: str) -> Place:
        """A town or département of the data, or « lat,lon »."""
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if len(parts) == 2:
            try:
                lat, lon = float(parts[0]), float(parts[1])
            except ValueError:
                pass
            else:
                if -90 <= lat <= 90 and -180 <= lon <= 180:
                    return Place(f"{lat:g}, {lon:g}", lat, lon, "point")
                raise InputError("place.out_of_range", text=text)
        key = place_key(text)
        for found, kind in ((self._towns.get(key), "town"), (self._departements.get(key), "departement")):
            if found:
                import statistics  # here: a place is rarely asked, and the module loads random and fractions

                # The median, not the mean: one offer taught far away (a Paris university's course in
                # Mayotte) would drag the mean kilometres off its town.
                lat = statistics.median(o.lat for o in found if o.lat is not None)
                lon = statistics.median(o.lon for o in found if o.lon is not None)
                name = (
                    (found[0].commune if key == place_key(found[0].commune) else text.strip()) if kind == "town" else found[0].departement
                )
                return Place(" ".join(name.split()), lat, lon, kind)  # « Lyon 8e  Arrondissement », as the files space it
        from ..text import suggest

        towns = [o.commune for o in self.offers_all if o.commune]
        cities = [_ARRONDISSEMENT.sub("", " ".join(t.split())) for t in towns]  # « Lyon 8e Arrondissement » is in Lyon
        choices = cities + towns + [o.departement for o in self.offers_all if o.departement]
        # Compared past « Saint », « Le »…: « Saint-Étienne » is not « Saint-Quentin ».
        close = suggest(text, choices, limit=3, cutoff=75, whole=True, processor=_distinct)
        raise InputError("place.unknown", text=text, suggestions=close)

    def region(self, text: str) -> str:
        """The official name of a région, from any of its names (« PACA », « Ile de France », « Centre »)."""
        found = self.places.region(text)
        if found is not None:
            return found
        from ..text import suggest

        names = self.places.names()  # suggested by their official names, found by any
        close = suggest(text, list(names), limit=6, cutoff=60, processor=place_key)
        suggestions = list(dict.fromkeys(names[place_key(c)] for c in close))[:3]
        raise InputError("region.unknown", text=text, suggestions=suggestions)

    def departement(self, text: str) -> tuple[str, str]:
        key = place_key(text)
        if key in self.departements:
            return self.departements[key]
        known = self.places.departement(text)  # « 1 » for the Ain
        if known is not None:
            return known.code, known.name
        from ..text import suggest

        raise InputError(
            "departement.unknown",
            text=text,
            suggestions=suggest(text, sorted({name for _code, name in self.departements.values()}), limit=3, cutoff=60),
        )

    def where(
        self,
        formation_id: str | None = None,
        *,
        region: str | None = None,
        departement: str | None = None,
        near: Place | None = None,
        radius_km: float | None = None,
        ordered: bool = True,
    ) -> list[Where]:
        """Offers (all, or those of one formation), filtered by place, nearest first when ``near`` is given."""
        offers = self.offers(formation_id) if formation_id is not None else self.offers_all
        wanted_region = self.region(region) if region is not None else None  # « » too is refused, not ignored
        wanted_dep = self.departement(departement) if departement is not None else None
        out: list[Where] = []
        for offer in offers:
            if wanted_region is not None and offer.region != wanted_region:  # both official names
                continue
            if (
                wanted_dep is not None
                and offer.departement_code != wanted_dep[0]
                and place_key(offer.departement) != place_key(wanted_dep[1])
            ):
                continue
            distance = None
            if near is not None:
                if offer.lat is None or offer.lon is None:
                    continue
                distance = round(distance_km(near.lat, near.lon, offer.lat, offer.lon), 1)
                if radius_km is not None and distance > radius_km:
                    continue
            if formation_id is not None:  # the offers of one formation: the links need not be read
                out.append(Where(offer, formation_id, distance))
            else:
                out.extend(Where(offer, f, distance) for f in (self.links.get(offer.key) or (None,)))
        if not ordered:
            return out
        keys: dict[str, tuple] = {}  # many offers share a région, a town, an establishment: each text keyed once

        def key(text: str) -> tuple:
            found = keys.get(text)
            if found is None:
                found = keys[text] = sort_key(text)
            return found

        if near is not None:
            out.sort(key=lambda w: (w.distance_km, key(w.offer.etablissement), w.offer.key))
        else:
            # By région and town, those the files place nowhere last.
            out.sort(
                key=lambda w: (
                    not w.offer.region,
                    key(w.offer.region),
                    not w.offer.commune,
                    key(w.offer.commune),
                    key(w.offer.etablissement),
                    w.offer.key,
                )
            )
        return out

    # -- spécialités --------------------------------------------------------------------------------

    @cached_property
    def group_names(self) -> list[str]:
        """The groups of the spécialités file, as it writes them."""
        return sorted({o.group for o in self.outcomes_all}, key=sort_key)

    @cached_property
    def years(self) -> list[int]:
        """The years of the bac the spécialités file gives."""
        return sorted({o.year for o in self.outcomes_all})

    @cached_property
    def group_pairs(self) -> dict[str, tuple[int, int, int]]:
        found = self._loaded.group_pairs if self._relinked is None else self._relinked.group_pairs
        return found if found is not None else pair_table(self.outcomes_all)

    @cached_property
    def groups(self) -> dict[str, str]:
        """Formation id → its own group of the spécialités file (made at import; in memory for an older one)."""
        found = self._loaded.groups if self._relinked is None else self._relinked.groups
        if found is not None:
            return found
        return own_groups(self.dataset, self.group_names, self.offers)

    def group_of(self, formation_id: str) -> str | None:
        return self.groups.get(formation_id)

    def outcomes(self, groups: Iterable[str]) -> list[SpecialiteOutcome]:
        """Outcomes of these groups (as the file writes them)."""
        wanted = set(groups)
        return [o for o in self.outcomes_all if o.group in wanted]

    def asked_groups(self, text: str) -> tuple[str | None, list[str]]:
        """What ``--type`` names: a group of the file (« PASS », « BUT Production ») → (None, [it]),
        or a type of formation → (its code, its groups: each group of which a formation of the type
        may be the own group). Raises with suggestions taken among both."""
        key = normalize(text)
        for name in self.group_names:
            if normalize(name) == key:
                return None, [name]
        kind = self.dataset.types.find(text) if key else None
        if kind is not None:
            return kind.code, groups_of_type(self.dataset, self.group_names, kind.code)
        from ..text import suggest

        choices = [*self.group_names, *self.dataset.types.names()]
        hints: list[str] = []
        for choice in suggest(text, choices, limit=6, cutoff=70, margin=5):
            found = self.dataset.types.find(choice) if choice not in self.group_names else None
            hint = found.code if found is not None else choice
            if hint not in hints:
                hints.append(hint)
        raise InputError("specialites.group_unknown", text=text, suggestions=hints[:3])

    def pair_names(self, codes: list[str]) -> tuple[str, str] | None:
        """The file's names for a student's two spécialités (« MATHS », « PC » → « Maths », « Physique-Chimie »)."""
        if len(codes) != 2:
            return None
        names = []
        for code in codes:
            name = next((s.name for s in self.dataset.referential.psup_specialites if code in s.codes), None)
            if name is None:
                return None
            names.append(name)
        return tuple(sorted(names))  # type: ignore[return-value]

    def broader(self, codes: list[str]) -> tuple[str, ...]:
        """The file's names among a student's spécialités that group several (« Art » for ARTS-CINEMA)."""
        return tuple(s.name for s in self.dataset.referential.psup_specialites if len(s.codes) > 1 and set(codes) & set(s.codes))

    def pair_outcome(self, codes: list[str], group: str) -> tuple[int, int, int] | None:
        """(year, candidates, proposals) for a pair of spécialités in one group, latest year: one row of the file."""
        pair = self.pair_names(codes)
        return None if pair is None else self.group_pairs.get(pair_key(group, pair))


def pair_key(group: str, pair: tuple[str, str]) -> str:
    return "|".join((group, *pair))


def pair_table(outcomes: list[SpecialiteOutcome]) -> dict[str, tuple[int, int, int]]:
    """The latest (year, candidates, proposals) of each pair of spécialités in each group: one row
    of the file each, never a sum (a candidate with vœux in several groups counts in each)."""
    table: dict[str, tuple[int, int, int]] = {}
    for outcome in outcomes:
        key = pair_key(outcome.group, outcome.pair)
        if key not in table or table[key][0] < outcome.year:
            table[key] = (outcome.year, outcome.candidates, outcome.proposals)
    return table


class _Rule:
    """A group of the file with its entry of parcoursup.toml, ready to be compared."""

    def __init__(self, name: str, entry) -> None:
        self.name = name
        self.entry = entry
        self.mention = _words(normalize(name)[len(entry.prefix) :]) if entry.mention else frozenset()

    def claims(self, formation: Formation, folded: str, labels: Callable[[], list[str]]) -> bool:
        entry = self.entry
        if formation.id in entry.formations or any(_starts(folded, n) for n in entry.names):
            return True
        if formation.type not in entry.types:
            return False
        if entry.offers:
            return any(_starts(label, p) for label in labels() for p in entry.offers)
        if entry.mention:
            return bool(self.mention) and self.mention == _mention(folded)
        return True


def _rules(referential, group_names: Iterable[str]) -> list[_Rule]:
    from .link import by_prefix

    rules = []
    for name in group_names:
        entry = by_prefix(referential.psup_groups, name)
        if entry is not None:
            rules.append(_Rule(name, entry))
    return rules


def own_group(rules: list[_Rule], formation: Formation, offers: Callable[[str], list[Offer]]) -> str | None:
    """The one group of the spécialités file that is ``formation``'s own (see parcoursup.toml),
    None when none is or several claim it: no figure rather than the figure of another group."""
    folded = normalize(formation.name)
    cache: list[list[str]] = []

    def labels() -> list[str]:
        if not cache:
            cache.append([normalize(" ".join(o.parts) or o.label) for o in offers(formation.id)])
        return cache[0]

    found = {rule.name for rule in rules if rule.claims(formation, folded, labels)}
    return found.pop() if len(found) == 1 else None


def own_groups(dataset: Dataset, group_names: Iterable[str], offers: Callable[[str], list[Offer]]) -> dict[str, str]:
    """Each formation's own group (those that have one)."""
    rules = _rules(dataset.referential, group_names)
    if not rules:
        return {}
    out: dict[str, str] = {}
    for formation in dataset.formations.values():
        group = own_group(rules, formation, offers)
        if group is not None:
            out[formation.id] = group
    return out


def groups_of_type(dataset: Dataset, group_names: Iterable[str], type_code: str) -> list[str]:
    """The groups of which a formation of ``type_code`` may be the own group: those of the type, and
    those that name formations of it (by id or name)."""
    out = []
    for rule in _rules(dataset.referential, group_names):
        entry = rule.entry
        if type_code in entry.types:
            out.append(rule.name)
        elif any(
            f.type == type_code and (f.id in entry.formations or any(_starts(normalize(f.name), n) for n in entry.names))
            for f in dataset.formations.values()
        ):
            out.append(rule.name)
    return out


_LINK_WORDS = frozenset({"et", "de", "des", "du", "la", "le", "les", "l", "d", "en", "mention"})


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in text.split() if w not in _LINK_WORDS)


def _mention(folded_name: str) -> frozenset[str]:
    """A licence's mention, from its name: « licence mention physique, chimie » → {physique, chimie}."""
    return _words(folded_name[len("licence ") :]) if folded_name.startswith("licence ") else frozenset()


def _starts(text: str, prefix: str) -> bool:
    return text == prefix or text.startswith(prefix + " ")


def summaries(offers: list[Offer], links: dict[str, tuple[str, ...]]) -> dict[str, Summary]:
    """Each linked formation's figures, over its offers of the latest session (done once per import)."""
    by_formation: dict[str, list[Offer]] = {}
    for offer in offers:
        if offer.admissions is None:
            continue
        for formation_id in links.get(offer.key, ()):
            by_formation.setdefault(formation_id, []).append(offer)
    return {formation_id: summarise(found) for formation_id, found in by_formation.items()}


def summarise(with_figures: list[Offer], *, scope: str = ALL) -> Summary:
    """The figures of offers of one formation (each with figures), the only place they are added up."""
    admissions = [o.admissions for o in with_figures if o.admissions is not None]
    session = max(a.session for a in admissions)
    figures = [a for a in admissions if a.session == session]
    rated = [(a.access_rate, a.candidates or 0) for a in figures if a.access_rate is not None]
    weight = sum(c for _r, c in rated)
    rate = (sum(r * c for r, c in rated) / weight if weight else sum(r for r, _c in rated) / len(rated)) if rated else None
    return Summary(
        session=session,
        offers=len(figures),
        places=_total(a.places for a in figures),
        candidates=_total(a.candidates for a in figures),
        access_rate=None if rate is None else round(rate, 1),
        admitted_neo=sum(a.admitted_neo or 0 for a in figures),
        admitted={
            "general": sum(a.admitted_general or 0 for a in figures),
            "techno": sum(a.admitted_techno or 0 for a in figures),
            "pro": sum(a.admitted_pro or 0 for a in figures),
        },
        url=with_figures[0].url if len(with_figures) == 1 else "",
        scope=scope,
    )


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


_ARRONDISSEMENT = re.compile(r" \d+(?:er|e) arrondissement$", re.IGNORECASE)  # Paris, Lyon, Marseille
_FIRST_WORDS = re.compile(r"^(?:(?:st|ste|le|la|les|l|d|de|du|des) )+")


def _distinct(text: str) -> str:
    """A place's name as suggestions compare it: without its first words that many names share."""
    key = place_key(text)
    return _FIRST_WORDS.sub("", key) or key
