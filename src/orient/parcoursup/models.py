"""What is kept of the Parcoursup files: offers (a formation in an establishment) and spécialités outcomes."""

from __future__ import annotations

import datetime as dt

import msgspec


class Source(msgspec.Struct, frozen=True, gc=False):
    """Where a record was read: the file's kind and name, its line, the day it was imported."""

    kind: str  # "admissions", "listing", "specialites"
    file: str
    line: int
    imported: dt.date


class Admissions(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One session's figures for one offer (admissions export); None where the file gives none."""

    session: int
    selective: bool | None = None
    places: int | None = None
    candidates: int | None = None
    proposals: int | None = None
    admitted: int | None = None
    admitted_neo: int | None = None  # néo-bacheliers admitted
    admitted_general: int | None = None
    admitted_techno: int | None = None
    admitted_pro: int | None = None
    access_rate: float | None = None  # « Taux d'accès », percent


class Offer(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A formation taught in an establishment, as Parcoursup lists it."""

    key: str  # « psup:25194 » (cod_aff_form) or « liste:<uai>:<label> » for rows only the listing has
    label: str  # as the file gives it
    # The label as shown: accents and apostrophes that an accent-less file dropped put back where the
    # dataset's names and the files written with accents spell the words one way (« systèmes »).
    name: str = ""
    parts: tuple[str, ...] = ()  # the label cut as the file cuts it: type (and domain), mention, option…
    cod_aff_form: str | None = None
    uai: str = ""
    etablissement: str = ""
    commune: str = ""
    departement_code: str = ""
    departement: str = ""
    region: str = ""
    academie: str = ""
    statut: str = ""
    lat: float | None = None
    lon: float | None = None
    url: str = ""
    admissions: Admissions | None = None
    sources: tuple[Source, ...] = ()


class SpecialiteOutcome(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """How bac général candidates with a pair of spécialités fared in a group of formations, one year."""

    year: int
    pair: tuple[str, str]  # the file's names of the spécialités (« Maths », « Physique-Chimie »), sorted
    group: str  # the file's formation group (« BUT Production », « Licence Informatique »)
    candidates: int
    proposals: int
    accepted: int
    source: Source


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """A formation's figures, over the offers linked to it that have some (one session)."""

    session: int
    offers: int
    places: int | None
    candidates: int | None
    access_rate: float | None
    admitted_neo: int
    admitted: dict[str, int]  # by family: general, techno, pro
    url: str = ""  # the Parcoursup page, when there is one offer
    # Over which offers: « all » of them; those of the « area » asked; or, none of those having
    # figures, those « elsewhere » (see orient.parcoursup.query.in_area).
    scope: str = "all"

    def share(self, family: str) -> float | None:
        return self.admitted[family] / self.admitted_neo if self.admitted_neo else None

    @property
    def shares(self) -> dict[str, float | None]:
        return {family: self.share(family) for family in ("general", "techno", "pro")}
