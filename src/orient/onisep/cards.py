"""What a card holds once read, whatever its format: the readers' common output."""

from __future__ import annotations

import msgspec

from ..errors import LineProblem


class FormationCard(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    onisep: str  # FOR.5810
    name: str
    type: str
    duration: str  # « 2 ans »
    level: str  # « niveau 5 », « non inscrit au RNCP »
    scolarite: str = ""
    sigle: str = ""
    link: str = ""
    description: str = ""
    access: str = ""  # the « Accès » section, as written
    attendus: tuple[str, ...] = ()
    poursuites: str = ""
    metiers: tuple[str, ...] = ()  # names as the card gives them: « cadreur/euse »
    file: str = ""
    digest: str = ""  # of the card's text: an unchanged card keeps its import date


class MetierCard(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    onisep: str  # MET.262
    name: str  # « cadreur/euse »
    feminine: str
    masculine: str
    other_names: tuple[str, ...] = ()
    rome: tuple[str, ...] = ()
    description: str = ""
    interests: tuple[str, ...] = ()  # labels of ONISEP's centres d'intérêt
    formations: tuple[str, ...] = ()  # FOR ids
    access: str = ""  # the « Accès au métier » section, as written
    min_level: str = ""
    statuts: tuple[str, ...] = ()
    salary: str = ""  # « Salaire du débutant », as written
    file: str = ""
    digest: str = ""


Card = FormationCard | MetierCard


CardProblem = LineProblem  # a card that cannot be read: where, and what is wrong
