"""National rules of entry by type of diploma, for the formations whose card says nothing.

Most of what decides who may enter a formation is not on its card but in the
national rules of its type of diploma (``data/diplomes.toml``): the first year
of licence is open to every bachelier, a master is entered after a licence, a
cycle ingénieur of three years after a bac+2… This module finds a formation's
type (from ONISEP's label or a name people type) and turns the rule of that
type into :class:`~orient.models.Access` rules marked ``basis = "national"``,
so that the verdict engine reads them like a card's own rules.

A card's own rules always win: :func:`complete` applies a national rule only to
a formation without access rules and without an access text of its own.
"""

from __future__ import annotations

import math
import re
from functools import cached_property

import msgspec

from .levels import cec_bac_plus, level_label
from .models import Access, Entry, Formation, FormationType, NationalRule, Referential, Route, RuleVariant
from .text import normalize

PRE_BAC_CEC = 3  # a formation certified at CEC level 3 (CAP level) comes before the bac


class Types:
    """The formation types of the referential, found by code, name, alias or ONISEP label."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential
        self.by_code = {t.code: t for t in referential.formation_types}
        self.rules = {r.id: r for r in referential.rules}

    @cached_property
    def _names(self) -> dict[str, FormationType]:
        index: dict[str, FormationType] = {}
        for kind in self.referential.formation_types:
            for name in (kind.code, kind.name, *kind.aliases, *kind.onisep):
                index.setdefault(normalize(name), kind)
        return index

    @cached_property
    def _onisep(self) -> dict[str, FormationType]:
        return {label: kind for kind in self.referential.formation_types for label in kind.onisep}

    def of_onisep(self, label: str) -> FormationType | None:
        """The type an ONISEP label (« licence pro », « brevet de technicien supérieur (BTS) ») stands for."""
        return self._onisep.get(label.strip()) or self._names.get(normalize(label))

    def find(self, text: str) -> FormationType | None:
        """The type a person names (« licence pro », « BTS », « école d'ingénieurs »), or None."""
        return self._names.get(normalize(text))

    def names(self) -> list[str]:
        """Everything that names a type, for suggestions."""
        return list(self._names)

    def rule(self, kind: FormationType | None) -> NationalRule | None:
        return self.rules.get(kind.rule) if kind is not None and kind.rule else None


# -- choosing the entry of a rule ---------------------------------------------------------


def _words(text: str) -> str:
    return f" {normalize(text)} "


def variant_of(rule: NationalRule, formation: Formation) -> RuleVariant | None:
    """The first variant of ``rule`` that matches the formation's name, duration or level."""
    name = _words(formation.name)
    for variant in rule.variant:
        if variant.names and not any(_words(n) in name or _prefix(n, name) for n in variant.names):
            continue
        if variant.duration is not None and not math.isclose(variant.duration, formation.duration_years):
            continue
        if variant.cec is not None and variant.cec != formation.level.cec:
            continue
        return variant
    return None


def entry_of(rule: NationalRule, formation: Formation) -> Entry:
    """The rule's entry for ``formation``: its matching variant's, else the rule's own."""
    variant = variant_of(rule, formation)
    return variant.entry if variant is not None else rule.entry


def _prefix(word: str, name: str) -> bool:
    """« puéricult » matches « puéricultrice »: a name given as a word start."""
    key = normalize(word)
    return bool(key) and " " not in key and re.search(rf" {re.escape(key)}[a-z]*", name) is not None


# -- from a rule to access rules -------------------------------------------------------------


class Decision(msgspec.Struct, frozen=True):
    """What the national rule says of one formation: its access rules (None: undecided) and entry level."""

    access: Access | None
    entry_level: int | None
    rule: str = ""
    derived: bool = False  # the entry level was computed from the level and the duration, not stated


def _years(duration: float) -> str:
    n = int(duration) if float(duration).is_integer() else duration
    return f"{n} an" if n == 1 else f"{n} ans"


def decide(formation: Formation, kind: FormationType | None, rule: NationalRule | None) -> Decision:
    """Access rules for ``formation`` from the national rule of its type (its card having none)."""
    if kind is None or rule is None:
        return Decision(None, _arithmetic_entry(formation, kind))
    variant = variant_of(rule, formation)
    entry = variant.entry if variant is not None else rule.entry
    summary = (variant.summary if variant is not None and variant.summary else "") or rule.summary
    text = (variant.source if variant is not None and variant.source else "") or rule.source
    url = (variant.url if variant is not None and variant.source else "") or rule.url
    national = f"règle nationale ({kind.name}) : {text}"
    common = dict(
        selection=entry.selection,
        requirements=entry.requirements,
        basis="national",
        rule=rule.id,
        url=url,
        source=national,
        summary=_sentence(summary),
    )
    routes: list[Route]
    level: int | None
    if entry.kind == "bac":
        routes = [Route(kind="bac", track=r.track, specialites=r.specialites, grants=r.grants, note=r.note) for r in rule.route]
        routes += [Route(kind="bac", track=t, grants=entry.grants, note=entry.note) for t in entry.tracks]
        level = 0
    elif entry.kind in ("level", "diploma"):
        # A diploma a national rule names is one of the formation's own field (« du même secteur »).
        routes = [
            Route(
                kind=entry.kind,
                min_level=entry.min_level,
                label=entry.label,
                grants=entry.grants,
                note=entry.note,
                in_field=entry.kind == "diploma",
                field=entry.field,
            )
        ]
        level = entry.min_level
    elif entry.kind == "concours":
        routes = [Route(kind="concours", label=entry.label, note=entry.note)]
        level = None
    elif entry.kind == "duration":
        start = _from_duration(formation)
        if start is None:
            return Decision(None, None, rule.id)
        fields = f"niveau {formation.level.cec} en {_years(formation.duration_years)}"
        if start >= 1:
            label = f"un {level_label(start)}"
            common["summary"] = _sentence(f"{fields} : se prépare après {label}")
            common["source"] = f"règle générale du diplôme ({kind.name}, {fields} d'après sa fiche : entrée après {label}) ; {rule.source}"
            routes = [Route(kind="level", min_level=start, label=label, grants=entry.grants)]
            access = Access(routes=tuple(routes), others=entry.others, **common)  # type: ignore[arg-type]
            return Decision(access, start, rule.id, derived=True)
        elif entry.at_bac == "any":
            # A diploma ending at the bac's level or below (a niveau 3 or 4 DE) is open to a bachelier, not reserved to one.
            after = "se prépare avec ou sans le bac" if start < 0 and formation.level.bac_plus <= 0 else "se prépare après le bac"
            common["summary"] = _sentence(f"{fields} : {after} ; {rule.summary}")
            routes = [Route(kind="bac", track="ANY", grants=entry.grants)]
            level = 0
        else:  # entered after the bac (or, at the bac's level, without it), but nothing says which bacs
            below = _below_bac(formation, kind, rule, start)
            return below or Decision(None, _clamped(start, formation), rule.id)
    else:  # « none »: no national rule
        start = _arithmetic_entry(formation, kind)
        below = _below_bac(formation, kind, rule, start) if start is not None else None
        return below or Decision(None, start, rule.id)
    access = Access(routes=tuple(routes), others=entry.others, **common)  # type: ignore[arg-type]
    return Decision(access, level, rule.id)


def _below_bac(formation: Formation, kind: FormationType, rule: NationalRule, start: int) -> Decision | None:
    """A formation that ends at the bac's level or below and starts before it (a school's niveau 4
    course in 2 years): a bachelier already has more than its level, and may apply."""
    if start >= 0 or formation.level.bac_plus > 0 or not formation.level.cec:
        return None
    fields = f"niveau {formation.level.cec} en {_years(formation.duration_years)}"
    label = f"sans condition de bac (formation de {fields})"
    access = Access(
        routes=(Route(kind="level", min_level=max(start, -3), label=label, grants="possible"),),
        basis="national",
        rule=rule.id,
        url=rule.url,
        summary=_sentence(f"{fields} : formation préparée avant ou à la place du bac ; {rule.summary}"),
        source=f"règle générale du diplôme ({kind.name}, {fields} d'après sa fiche) ; {rule.source}",
    )
    return Decision(access, max(start, -3), rule.id, derived=True)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:].rstrip(".") + "."


def _from_duration(formation: Formation) -> int | None:
    """Entry level from the exit level and the duration (niveau 7 = bac+5 in 2 years: bac+3), None when unknown."""
    top = cec_bac_plus(formation.level.cec)
    if top is None or formation.duration_years <= 0:
        return None
    return top - int(round(formation.duration_years))


def _clamped(start: int, formation: Formation) -> int:
    """A course longer than its level needs (niveau 5 in 3 years) still starts after the bac;
    one that ends at the bac's level or below starts before it."""
    return max(start, 0) if formation.level.bac_plus > 0 else start


def _arithmetic_entry(formation: Formation, kind: FormationType | None) -> int | None:
    """Entry level when no rule decides, from the level and the duration alone."""
    start = _from_duration(formation)
    return None if start is None else _clamped(start, formation)


def _after_higher_education(decision: Decision) -> bool:
    """Does the national rule place the entry after some higher education (which no card text lowers)?
    An entry stated by the rule counts from bac+1 (kinésithérapie after PASS); one computed from the
    level and the duration, from bac+2 only."""
    access = decision.access
    floor = 2 if decision.derived else 1
    return (
        access is not None and bool(access.routes) and all(r.kind in ("level", "diploma") and r.min_level >= floor for r in access.routes)
    )


def _before_bac(decision: Decision, formation: Formation) -> bool:
    """Does the national rule place a formation of the bac's level or below before the bac (a bac pro
    after the 3e, a terminale after the première)? No card text makes it one of higher education: a
    bachelier may enter it, whatever the card's unread words add."""
    access = decision.access
    return (
        formation.level.bac_plus <= 0
        and access is not None
        and bool(access.routes)
        and all(r.kind in ("level", "diploma") and r.min_level < 0 for r in access.routes)
    )


def _with_conditions(national: Access, card: Access) -> Access:
    """The national rule's ways in, with the conditions the card states (selection, age, requirements)."""
    return msgspec.structs.replace(
        national,
        selection=card.selection or national.selection,
        selection_note=card.selection_note,
        age_min=card.age_min,
        age_max=card.age_max,
        age_note=card.age_note,
        max_attempts=card.max_attempts,
        requirements=tuple(dict.fromkeys((*card.requirements, *national.requirements))),
        recommendations=card.recommendations,
        source=f"{national.source} ; conditions : {card.source}",
    )


def access_entry_level(access: Access) -> int | None:
    """The lowest level at which a formation's rules let someone in (None: only after a concours)."""
    levels: list[int] = []
    for route in access.routes:
        if route.kind in ("bac", "bridge"):
            levels.append(0)
        elif route.kind in ("level", "diploma"):
            levels.append(route.min_level)
    return min(levels) if levels else None


def is_unplaced(formation: Formation) -> bool:
    """Nothing says when a completed ``formation`` is entered nor what level it gives (no
    certification, no rule, no access text): it is not known to come after the bac, so it is
    listed only with the formations of every level."""
    return _unplaced(formation, formation.access, formation.entry_level)


def _unplaced(formation: Formation, access: Access | None, entry_level: int | None) -> bool:
    return formation.level.cec == 0 and entry_level is None and access is None and not formation.access_text


def complete(formation: Formation, types: Types) -> Formation:
    """``formation`` with its national rule where its card does not decide, its entry level and its stage.

    - The card's rules name a way in: they decide alone.
    - The card's text is understood but names no way in (only the selection, an age…): the
      national rule gives the ways in, the card's conditions are kept.
    - The card's text could not be read entirely: its verdict stays unknown, unless the national
      rule places the entry after some higher education (a master after a licence), which no
      card text can lower, or before the bac for a formation of the bac's level or below (a bac
      pro after the 3e), which no card text can raise.
    - The card says nothing: the national rule decides, or nothing does (unknown).
    """
    kind = types.by_code.get(formation.type)
    access, entry_level = formation.access, None
    if access is not None and access.routes:
        entry_level = access_entry_level(access)
    else:
        decision = decide(formation, kind, types.rule(kind))
        entry_level = decision.entry_level
        if access is not None:  # conditions without a way in: the national rule completes them, else they stand alone
            access = _with_conditions(decision.access, access) if decision.access is not None else access
        elif not formation.access_text or _after_higher_education(decision) or _before_bac(decision, formation):
            access = decision.access
            if access is not None and formation.access_text:
                access = msgspec.structs.replace(access, unread=True)
    pre_bac = (
        (kind is not None and kind.stage == "pre-bac")
        or formation.level.cec == PRE_BAC_CEC
        or (
            formation.level.bac_plus <= 0
            and entry_level is not None
            and entry_level < 0
            and (access is None or all(r.kind in ("level", "diploma") and r.min_level < 0 for r in access.routes))
        )
    )
    after_bac = formation.after_bac and not pre_bac and not _unplaced(formation, access, entry_level)
    if access is formation.access and entry_level == formation.entry_level and after_bac == formation.after_bac:
        return formation
    return msgspec.structs.replace(formation, access=access, entry_level=entry_level, after_bac=after_bac)
