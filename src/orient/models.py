"""Typed records of the dataset: formations, métiers, the bac referential.

Every record is a frozen ``msgspec.Struct``: the TOML files under ``data/`` are
converted into these types on load, which validates them field by field.

Records are trees (no record refers back to one that holds it), so they are
declared ``gc=False``: the garbage collector never walks the thousands of them a
command decodes, which saves a tenth of ``check``'s time after an import.

No ``from __future__ import annotations`` here: msgspec reads every field's type
when it first decodes, and real objects cost less to read than strings.
"""

import datetime as dt
from typing import Literal

import msgspec

# Vocabularies shared by the data files and the validator.
SelectionMode = Literal["dossier", "tests", "entretien", "concours", "audition", "portfolio"]
Recognition = Literal[
    "diplome_etat",  # diplôme national / d'État
    "rncp",  # inscrit au RNCP
    "vise",  # diplôme visé par l'État
    "grade",  # confère un grade universitaire (licence, master)
    "culture",  # école reconnue par le ministère de la Culture
    "cnc",  # école reconnue par le CNC
]
Statut = Literal["public", "prive"]
Family = Literal["general", "techno", "pro", "autre"]


class Source(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Where a fact comes from: an ONISEP id, an RNCP sheet, an official site."""

    label: str
    url: str = ""
    onisep: str = ""


class Codes(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    scolarite: str = ""
    rncp: str = ""
    onisep: str = ""


class Level(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Level reached at the end of a formation: CEC level and years after the bac."""

    cec: int
    bac_plus: int


# The note of a bac général route whose spécialités a card advises (``Route.advised``).
ADVISED_NOTE = "spécialités conseillées par la fiche"


class Route(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """One listed way into a formation.

    ``kind`` is ``bac`` (a bac track, optionally restricted to spécialités),
    ``bridge`` (a preparatory year: mise à niveau, prépa), ``level``
    (a prior level, e.g. bac+2, or « après la classe de 3e ») or ``diploma``
    (a named diploma no profile states: « un BP du même secteur », a VAE) or
    ``concours`` (a competitive examination passed first, whatever the level:
    the civil service's schools).
    """

    kind: Literal["bac", "bridge", "level", "diploma", "concours"]
    track: str = ""  # bac track code (GENERAL, STI2D, PRO…), ANY, or TECHNO (any bac technologique)
    specialites: tuple[str, ...] = ()
    # Spécialités the source names that the referential does not list (« bac pro
    # cuisine », « du secteur agricole »): they restrict the route, no profile meets them.
    other_specialites: tuple[str, ...] = ()
    label: str = ""  # for bridges and levels: what the route is, in French
    # ``level`` routes: bac+N required (below the bac: -1 CAP, -3 classe de 3e);
    # ``diploma`` routes: the level the diploma sits at, so a student below it is told to come later.
    min_level: int = 0
    formation: str = ""  # optional reference to the bridge formation
    note: str = ""
    years: float = 0  # for ``bridge`` routes: how long the preparatory year(s) last
    # The verdict a profile on this route gets: a route a card lists is the planned way
    # (« recommended ») ; a national rule that only says « bacheliers » gives « possible ».
    grants: Literal["recommended", "possible"] = "recommended"
    # ``diploma`` routes: the diploma is one of a given field (« un CAP du même secteur », « un CAP
    # boulanger »): holding some diploma of that level is not enough, a path must go through it.
    in_field: bool = False
    # ``level`` and ``diploma`` routes: the field the prior studies must be in, in the source's
    # words (« droit », « biologie, chimie »); empty when any field will do.
    field: str = ""
    # ``bac`` routes: the spécialités are the ones the card advises, not requires (« Spécialités de
    # bac général recommandées : … »): one of them makes the planned way, none still lets one apply.
    advised: bool = False
    # ``bac`` routes: the bac must be recent (« avec le bac de l'année ou de l'année antérieure »): the highest
    # level a student may have reached since (0: the bac of the year, 1: of the year before too).
    max_level: int | None = None


class Access(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Structured access rules of a formation."""

    routes: tuple[Route, ...] = ()
    # What happens to a bac holder who is not on a listed route:
    # ``possible`` (may still apply), ``bridge`` (only through a bridge
    # route), ``closed`` (ruled out).
    others: Literal["possible", "bridge", "closed"] = "possible"
    selection: tuple[SelectionMode, ...] = ()
    selection_note: str = ""
    age_min: int | None = None
    age_max: int | None = None
    age_note: str = ""
    max_attempts: int | None = None
    # Conditions beyond diplomas that no profile states (medical certificate,
    # professional experience…): a student meeting a route may still apply.
    requirements: tuple[str, ...] = ()
    # What the source recommends (a good level in sciences, musical practice…):
    # shown to the student, never part of the verdict.
    recommendations: tuple[str, ...] = ()
    summary: str = ""  # the rule in one French sentence, own words
    source: str = ""  # which source states these rules
    # ``card``: the formation's own rules; ``national``: the national rule of its
    # type of diploma (``rule`` names it), applied because the card says nothing.
    basis: Literal["card", "national"] = "card"
    rule: str = ""
    url: str = ""  # where the source can be read
    unread: bool = False  # a national rule standing in for a card text that could not be read entirely


class Attendu(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    label: str
    tags: tuple[str, ...] = ()


class Poursuite(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A further study after a formation: a reference or, failing one, a label."""

    formation: str = ""
    label: str = ""
    condition: str = ""
    # When the next formation is open before the end of this one (« dès la L2
    # validée »): the years of this one needed first. None: the whole formation.
    after_years: float | None = None


class Parcours(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A parcours of a formation, chosen after its common years (« création numérique » of the BUT
    MMI), and the ONISEP card that describes it."""

    name: str
    onisep: str = ""


class FormationCore(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What judging a formation reads of it: its verdict, its fit and its rank (``orient check``).

    A :class:`Formation` is one. Its stored record, read as this type, skips what only its card
    shows (description, statuts, establishments…): ``check`` over tens of thousands of formations
    decodes a third less."""

    id: str
    name: str
    type: str
    duration_years: float
    level: Level
    access: Access | None = None
    attendus: tuple[Attendu, ...] = ()
    metiers: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()  # interest ids of its own, beside those of its métiers
    sources: tuple[Source, ...]
    # Imported records: the day the card was imported (None for curated records),
    # the card's own access text, and whether the formation comes before the bac
    # (CAP, bac pro…: left out of ``orient check`` unless asked for by type).
    imported: dt.date | None = None
    access_text: str = ""
    after_bac: bool = True
    # Computed on load and import (never written by hand): the level (bac+N) the
    # formation is entered at, None when nothing tells; and the import's numbers for its access
    # rule and its attendus, the same for every formation whose rule (attendus) are the same
    # (-1: not numbered).
    entry_level: int | None = None
    access_number: int = -1
    attendus_number: int = -1


class Formation(FormationCore, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    aliases: tuple[str, ...] = ()  # other names people search for (acronyms, official long name)
    codes: Codes = Codes()
    description: str
    poursuites: tuple[Poursuite, ...] = ()
    poursuites_note: str = ""
    alternance: bool | None = None
    statut: tuple[Statut, ...] = ()
    recognition: tuple[Recognition, ...] = ()
    establishments: tuple[str, ...] = ()
    # Its parcours: one applies to the formation and picks a parcours later (the imported cards
    # of its parcours are folded into it).
    parcours: tuple[Parcours, ...] = ()
    checked: dt.date
    # Computed on load and import (never written by hand): the keys of its field (métiers, words
    # of its mention) that a formation must share to lead to it without naming it.
    fields: tuple[str, ...] = ()
    # Formations of the same field that end at a level this one is entered at: a path may
    # lead from them to it without their card naming it. Most shared keys first.
    feeders: tuple[str, ...] = ()


class Names(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    feminine: str
    masculine: str


class Salary(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A beginner's pay as a métier card states it: euros gross per month, from ``min`` (to ``max``)."""

    min: int | None = None
    max: int | None = None
    excludes_bonuses: bool = False  # « hors primes »
    varies: bool = False  # the card says it varies (place of work, employer…)
    several: bool = False  # the card gives other amounts too (by sector, by status…)
    stated: bool = True  # False: the card gives no monthly figure (paid per week, per fee…)


class Metier(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str
    names: Names
    other_names: tuple[str, ...] = ()
    rome: tuple[str, ...] = ()
    description: str
    min_level: str = ""  # "bac", "bac+2", "CAP"…; empty when unknown
    formations: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    statuts: tuple[str, ...] = ()
    salary: Salary | None = None  # starting salary, from the card's « Salaire du débutant »
    sources: tuple[Source, ...]
    checked: dt.date
    imported: dt.date | None = None  # the day the card was imported; None for curated records
    access_text: str = ""  # the card's « Accès au métier », as written (imported records)

    @property
    def name(self) -> str:
        """Display name, both forms in ONISEP's compact way: ``cadreur/euse``."""
        from .text import gender_pair

        return gender_pair(self.names.masculine, self.names.feminine)


class SectorFamily(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A family of métiers within a sector: production, image, son…"""

    id: str
    name: str
    description: str = ""
    metiers: tuple[str, ...]


class Advice(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A piece of practical advice on entering a sector, with where it comes from."""

    title: str
    text: str
    source: str


class Sector(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A professional sector: what it covers, its métiers by family, how to get in."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str
    covers: tuple[str, ...] = ()  # kinds of work the sector produces, in French
    families: tuple[SectorFamily, ...]
    advice: tuple[Advice, ...] = ()
    sources: tuple[Source, ...]
    checked: dt.date


class Specialite(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()  # former official names (also typed as aliases)
    group: str = ""  # for an option (MCV-A), the spécialité it belongs to (MCV): its routes are met too
    implies: tuple[str, ...] = ()  # attendu tags this spécialité gives a student
    interests: tuple[str, ...] = ()  # interest ids it shows (for « intérêt pour le domaine »)
    # Families cards name instead of spécialités (« un bac pro agricole », « industriel »): see bac-pro.toml.
    sectors: tuple[str, ...] = ()


class SectorWords(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A family of spécialités cards name instead of one (« un bac pro agricole »): its code, as
    :attr:`Specialite.sectors` gives it, the words cards write for it, and the trades whose name says a
    formation is of that family (« ébéniste », « tonnelier » for the bois; bac-pro.toml)."""

    code: str
    words: tuple[str, ...]
    trades: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()  # attendu tags its spécialités give a student
    interests: tuple[str, ...] = ()  # interest ids its spécialités show (for « intérêt pour le domaine »)


class Track(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A way through the bac: bac général, a série of bac techno, bac pro, DAEU…"""

    code: str
    family: Family
    name: str
    aliases: tuple[str, ...] = ()
    specialites: tuple[Specialite, ...] = ()
    specialites_label: str = "spécialité"
    # Equivalent bac level this track gives (DAEU: 0, like a bac).
    level: int = 0
    note: str = ""
    implies: tuple[str, ...] = ()  # attendu tags every holder of this bac is taken to have
    interests: tuple[str, ...] = ()  # interest ids every holder of this bac shows (a série technologique's field)
    sectors: tuple[SectorWords, ...] = ()  # the families its spécialités belong to (bac pro)


class FormerSeries(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A série of the bac that no longer exists (« S », « STG ») and the track that succeeded it."""

    code: str
    name: str
    track: str
    aliases: tuple[str, ...] = ()


class LevelEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A level a student can already hold: bac, bac+1 … bac+5."""

    bac_plus: int
    name: str
    aliases: tuple[str, ...] = ()


class AttenduTag(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """What an attendu asks for, the words a student uses for it, the next step when missing."""

    label: str
    keywords: tuple[str, ...] = ()
    advice: str = ""
    met_by_bac: bool = False  # asks for the bac itself: every bachelier meets it


class Interest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """One of ONISEP's « centres d'intérêt »."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()


class Synonym(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """What students type (``words``) and the words the cards use for it (``means``): « soigner » → soins, santé."""

    words: tuple[str, ...]
    means: tuple[str, ...]


class Abbreviation(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A short form students type for a name (``words``: « psycho », « prof ») and the words it
    stands for (``means``: « psychologie », « psychologue »), each read in its place in turn."""

    words: tuple[str, ...]
    means: tuple[str, ...]


class Locution(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A word (``word``) that, in each of ``phrases``, loses its own sense: « physique » in « activités
    physiques » is not physics, « dehors » in « en dehors de » is not outdoors."""

    word: str
    phrases: tuple[str, ...]


class RuleRoute(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A route a national text names for one bac (bac pro places in BTS…)."""

    track: str
    specialites: tuple[str, ...] = ()
    grants: Literal["recommended", "possible"] = "possible"
    note: str = ""


EntryKind = Literal["bac", "level", "duration", "diploma", "concours", "none"]


class Entry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """How a national rule lets students in (see ``data/diplomes.toml``)."""

    kind: EntryKind
    tracks: tuple[str, ...] = ()  # ``bac``: the tracks the text opens (ANY: every bac)
    min_level: int = 0  # ``level``, ``diploma``: bac+N, or below the bac (-1 CAP, -3 classe de 3e)
    label: str = ""  # what is required, in French: « une licence (bac+3) »
    at_bac: Literal["any", "none"] = "none"  # ``duration``: when the entry falls at the bac
    grants: Literal["recommended", "possible"] = "possible"
    others: Literal["possible", "closed"] = "possible"
    selection: tuple[SelectionMode, ...] = ()
    requirements: tuple[str, ...] = ()
    note: str = ""
    field: str = ""  # ``level``, ``diploma``: the field the prior studies must be in (« droit »)


class RuleVariant(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A case of a rule, chosen by words of the formation's name, its duration or its level."""

    names: tuple[str, ...] = ()
    duration: float | None = None
    cec: int | None = None
    entry: Entry
    # A variant resting on another text than its rule's says so.
    summary: str = ""
    source: str = ""
    url: str = ""


class NationalRule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """The national rule of entry of a type of diploma, with its source."""

    id: str
    summary: str
    source: str
    url: str = ""
    checked: dt.date
    entry: Entry
    route: tuple[RuleRoute, ...] = ()
    variant: tuple[RuleVariant, ...] = ()
    # A formation of this type that Parcoursup lists (one of its offers is linked to it) is entered
    # after the bac, by the rule's own entry, whatever variant its duration picks: the diplôme
    # d'ingénieur of a school recruiting after the bac into its classe préparatoire intégrée.
    listed_after_bac: bool = False


class FormationType(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A type of formation: its short code, its full French name, ONISEP's labels for it."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    onisep: tuple[str, ...] = ()
    stage: Literal["pre-bac", "post-bac"] = "post-bac"
    rule: str = ""
    level: Level | None = None  # the usual exit level, for cards that give none (not in the RNCP)
    # The bac families this type is the usual next step of (empty: all of them); ``orient check``
    # ranks it, among equal verdicts, before the types that are not usual for the student's bac.
    usual_for: tuple[Family, ...] = ()


class Filiere(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """How a Parcoursup formation label starts (« bts »), the types it names, the words after it that
    name no formation (« services »), and whether its label can name one formation at all."""

    prefix: str
    types: tuple[str, ...]
    domains: tuple[str, ...] = ()
    link: bool = True
    by_school: bool = False  # the label names no formation but the establishment's name does (a school's diploma)
    entered_at_bac: bool = False  # with by_school: only a diploma entered right after the bac (not after a prépa)


class Departement(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A département: its INSEE code and name, its région, and how the UAI codes of its establishments start."""

    code: str
    name: str
    region: str
    uai: str


class Region(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A région: its INSEE code, its official name, and the other ways it is written (« Centre », « PACA »)."""

    code: str
    name: str
    variants: tuple[str, ...] = ()


class PsupSpecialite(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A spécialité as the Parcoursup spécialités file names it, and its codes in bacs.toml."""

    name: str
    codes: tuple[str, ...]


class PsupGroup(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A group of formations of the Parcoursup spécialités file (« BUT Production ») and which
    formations it is the own group of: those named by id (``formations``) or by how their name
    starts (``names``), and those of ``types`` (all of them; with ``offers``, those whose Parcoursup
    offers' labels start so; with ``mention``, those whose mention is the rest of the group's name).
    A formation that several groups claim has none."""

    prefix: str
    types: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    mention: bool = False
    formations: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


class PsupWords(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Words the linking of Parcoursup labels sets aside (parcoursup.toml): those that do not say
    which formation (``neutral``), that make a diploma double, that say what kind of school
    (``school``) and who may apply (``access``)."""

    neutral: tuple[str, ...] = ()
    double: tuple[str, ...] = ()
    school: tuple[str, ...] = ()
    access: tuple[str, ...] = ()


class Referential(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    tracks: tuple[Track, ...]
    levels: tuple[LevelEntry, ...]
    former_series: tuple[FormerSeries, ...] = ()
    interests: tuple[Interest, ...] = ()
    formation_types: tuple[FormationType, ...] = ()
    rules: tuple[NationalRule, ...] = ()
    attendu_tags: tuple[AttenduTag, ...] = ()
    # Words of formation names that say nothing of a field (« master », « mention »…).
    generic_words: tuple[str, ...] = ()
    # Search: words without weight, words of a wish that say nothing of a field, the thesaurus.
    stop_words: tuple[str, ...] = ()
    query_fillers: tuple[str, ...] = ()
    locutions: tuple[Locution, ...] = ()
    thesaurus: tuple[Synonym, ...] = ()
    # Short forms of the words of names (« psycho », « compta »), read as whole words in a name typed.
    abbreviations: tuple[Abbreviation, ...] = ()
    # The vocabulary of the Parcoursup files (parcoursup.toml).
    psup_filieres: tuple[Filiere, ...] = ()
    psup_specialites: tuple[PsupSpecialite, ...] = ()
    psup_groups: tuple[PsupGroup, ...] = ()
    psup_rewrites: tuple[tuple[str, str], ...] = ()
    departements: tuple[Departement, ...] = ()
    regions: tuple[Region, ...] = ()
    psup_words: PsupWords = PsupWords()
