"""The access parser: its steps, run in order over each fragment, and what it makes of a text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import msgspec

from ...levels import cec_bac_plus
from ...models import ADVISED_NOTE, Access, Referential, Route
from ...text import join_fr
from .bac_tracks import BacReader, TrackIndex
from .fragments import (
    LONGEST_FRAGMENT,
    LONGEST_TEXT,
    Facts,
    Fragment,
    excerpt,
    split_fragments,
)
from .patterns import (
    ADVICE,
    ADVISED,
    AGE_FROM,
    AGE_MAX,
    AGE_MIN,
    AGE_RANGE,
    ALSO_OPEN,
    ART_PREPA,
    BRIDGE,
    CAP,
    CITIZEN,
    CLOSED,
    CONCOURS_PASSED,
    DEMANDED,
    DIPLOMAS,
    ECTS_BAC_PLUS,
    ENTRY,
    FIELD_DIPLOMA,
    GOOD_LEVEL,
    HOLDERS,
    INFO,
    LESS_SUITED_OPTION,
    LEVELS,
    NO_DIPLOMA,
    ON_DECISION,
    OTHERS_BRIDGE,
    OTHERWISE,
    PARCOURSUP,
    PREBAC,
    PREBAC_FIRST,
    RECENT_BAC,
    RECOMMENDED,
    REMARK,
    REQUIREMENT,
    RESTRICTED,
    ROUTE_WORDS,
    SAME_FIELD,
    SECTOR_AFTER_LIST,
    SELECTING,
    SELECTION,
    SELECTION_FILLER,
    SELF,
    SOME_TIMES,
    SORTING,
    SPECIALITE_OF_PRO,
    STATE_DIPLOMAS,
    SUBJECT,
    UNITS,
)
from .qualifiers import narrowed, narrowing, qualifier
from .summary import summarize
from .vocabulary import age_value, fold_keep, read_number

Status = Literal["complete", "partial", "none"]

NO_ROUTE = "(aucune voie d'accès reconnue)"


class ParsedAccess(msgspec.Struct, frozen=True, kw_only=True):
    """What the parser made of one access text."""

    status: Status
    # Only when the text is understood: its rules, without any route when it names no way in.
    access: Access | None
    fragments: int  # fragments read
    unparsed: tuple[str, ...] = ()  # fragments not understood, in the card's words


class AccessParser:
    """Turns access texts into :class:`Access` rules, with the referential's tracks."""

    def __init__(self, referential: Referential) -> None:
        self.tracks = TrackIndex(referential)
        self.bacs = BacReader(self.tracks)
        # What each text gave, by text: many cards share their access text (a third of the corpus's texts are
        # repeats), and a text always reads the same way; only the source differs from card to card.
        self._read: dict[str, ParsedAccess] = {}
        self.steps: list[Callable[[Fragment, Facts], None]] = [
            self._remark,
            self._selection_remark,
            self._advised,
            self._info,
            self._requirement,
            self._units,
            self._subject,
            self._entry,
            self._age,
            self._prebac,
            self._bridge,
            self._levels,
            self._diplomas,
            self._concours,
            self._pro_specialite_first,
            self._recent_bac,
            self.bacs.read,
            self._selection,
            self._others,
        ]

    def parse(self, text: str, *, source: str = "") -> ParsedAccess:
        read = self._read.get(text)
        if read is None:
            read = self._read[text] = self._parse(text)
        if read.access is None or read.access.source == source:
            return read
        return msgspec.structs.replace(read, access=msgspec.structs.replace(read.access, source=source))

    def _parse(self, text: str, source: str = "") -> ParsedAccess:
        if len(text) > LONGEST_TEXT:  # far longer than any access text: not read
            return ParsedAccess(status="none", access=None, fragments=0, unparsed=(excerpt(text),))
        fragments = list(split_fragments(text))
        facts = Facts()
        unparsed: list[str] = []
        understood = 0
        for fragment in fragments:
            if len(fragment.text) > LONGEST_FRAGMENT:  # far longer than any sentence: not read
                unparsed.append(excerpt(fragment.text))
                continue
            named = facts.named
            before = len(facts.routes)
            for step in self.steps:
                step(fragment, facts)
            _shared_sector(fragment, facts, before)
            if fragment.leftover() and facts.named == named:
                _aside(fragment, facts)
            if fragment.condition:  # the rest of a sentence of conditions is the condition kept above
                fragment.use(0, len(fragment.text))
            if fragment.leftover() and fragment.later:
                # An entry in a later year (« En L3 : … ») that is not understood leaves the first year's rules whole.
                fragment.use(0, len(fragment.text))
            if fragment.leftover():
                unparsed.append(fragment.text)
            else:
                understood += 1
        if not fragments:
            return ParsedAccess(status="none", access=None, fragments=0)
        status: Status = "complete" if not unparsed else ("partial" if understood else "none")
        access = self._access(facts, source) if status == "complete" else None
        if access is not None and not access.routes:
            # Understood, but names no way in: its conditions (selection, age…) are kept for
            # the national rule of the formation's type to complete.
            status = "partial"
            unparsed.append(NO_ROUTE)
        return ParsedAccess(status=status, access=access, fragments=len(fragments), unparsed=tuple(unparsed))

    # - recognisers -

    def _remark(self, fragment: Fragment, facts: Facts) -> None:
        """Whole sentences that set no rule (figures, exemptions) or only advise."""
        if REMARK.search(fragment.folded):
            fragment.use(0, len(fragment.text))
        elif ADVICE.search(fragment.folded):
            facts.recommend(fragment.text.strip(" -;:."))
            fragment.use(0, len(fragment.text))
            for match in LESS_SUITED_OPTION.finditer(fragment.folded):
                code = self.tracks.specialite("PRO", f"{match.group(2)} option {match.group(1)}")
                if code and code not in facts.less_suited:
                    facts.less_suited.append(code)
        else:
            for match in fragment.find(GOOD_LEVEL):
                facts.recommend(fragment.text[match.start() : match.end()].removeprefix("avec "))

    def _advised(self, fragment: Fragment, facts: Facts) -> None:
        """« Spécialités de bac général recommandées : mathématiques, physique-chimie » : the bac général the
        card names is the planned way with one of these spécialités (see :meth:`_access`)."""
        for match in ADVISED.finditer(fragment.folded):
            codes = self.tracks.named_specialites("GENERAL", match.group(1))
            if codes and fragment.free(match.start(), match.end()):
                facts.advised.extend(c for c in codes if c not in facts.advised)
                facts.recommend(fragment.text[match.start() : match.end()].strip(" -;:."))
                fragment.use(match.start(), match.end())

    def _info(self, fragment: Fragment, facts: Facts) -> None:
        for pattern in INFO:
            fragment.consume(pattern)

    def _requirement(self, fragment: Fragment, facts: Facts) -> None:
        # A condition in what is not yet read (« Qualités humaines : aptitude à… », a national attendu, is not one).
        condition = any(fragment.free(m.start(), m.end()) for m in REQUIREMENT.finditer(fragment.folded))
        if condition and OTHERWISE.match(fragment.folded):
            # « soit d'un diplôme … et justifier de quatre ans d'expérience », « En l'absence de l'un de ces
            # diplômes, le candidat doit justifier de 3 ans de pratique »: another way in, for adults with
            # experience, not a condition on those holding the diplomas listed.
            fragment.use(0, len(fragment.text))
        elif condition and not BRIDGE.search(fragment.folded):
            if not CITIZEN.search(fragment.folded):  # « les moins de 25 ans doivent être en règle avec la JDC »: no age limit
                self._age(fragment, facts)
            # The sentence may name the diploma the condition goes with (« les titulaires d'un CAP doivent
            # justifier de deux ans d'expérience »): a way in of its own, not a condition on the others.
            if CAP.search(fragment.folded):
                facts.route(Route(kind="diploma", label="un CAP, avec l'expérience professionnelle demandée"))
            elif ALSO_OPEN.search(fragment.folded) and HOLDERS.search(fragment.folded):
                # « Il est également accessible aux titulaires d'un BTM… avec 4 ans d'expérience »: the diplomas
                # it names are other ways in (read by the steps after), its condition not one on the first.
                fragment.condition = True
            else:
                facts.require(fragment.text.strip(" -;."))
                # « … pour les titulaires d'un bac général, technologique ou professionnel, et pour les personnes
                # ayant 3 ans d'expérience »: the diplomas it names are still ways in, read by the steps after.
                fragment.condition = bool(HOLDERS.search(fragment.folded))
            if not fragment.condition:
                fragment.use(0, len(fragment.text))

    def _units(self, fragment: Fragment, facts: Facts) -> None:
        for match in fragment.find(UNITS):
            facts.require(fragment.text[match.start() : match.end()].strip(" ,"))

    def _subject(self, fragment: Fragment, facts: Facts) -> None:
        for match in fragment.find(SUBJECT):
            # « Les bacheliers STMG peuvent postuler », « Les élèves issus d'une classe de 3e peuvent préparer
            # ce bac pro »: a subject naming bacs or the class before is a way in, read later.
            subject = match.group(0)
            if self.bacs.start.search(subject) or self.tracks.acronyms.search(subject) or PREBAC.search(subject):
                fragment.unuse(match.start(), match.end())
        fragment.consume(SELF)

    def _entry(self, fragment: Fragment, facts: Facts) -> None:
        for match in fragment.find(ENTRY):
            if match.start() < 3 and not re.match(r"(?:en )?(?:l1|1(?:re|ere) annee|premiere annee)", match.group(0)):
                fragment.later = True

    def _age(self, fragment: Fragment, facts: Facts) -> None:
        for pattern, shift in AGE_MAX:
            for match in fragment.find(pattern):
                age = age_value(match.group(1)) + shift
                facts.age_max = age if facts.age_max is None else min(facts.age_max, age)
                facts.age_note = fragment.text[match.start() : match.end()].strip()
        for match in fragment.find(AGE_MIN):
            facts.age_min = age_value(next(g for g in match.groups() if g))
        for match in fragment.find(AGE_RANGE):
            facts.age_min, facts.age_max = age_value(match.group(1)), age_value(match.group(2))
            facts.age_note = fragment.text[match.start() : match.end()].strip()
        for match in fragment.find(AGE_FROM):
            facts.age_min = int(match.group(1)) if match.group(1) else 18
            earlier = re.search(r"(?:voire|ou|des|a partir de) (\d{2}) ans", match.group(0)[3:])
            if earlier and int(earlier.group(1)) < facts.age_min:  # an exception that lets younger candidates in
                facts.age_min = int(earlier.group(1))

    def _prebac(self, fragment: Fragment, facts: Facts) -> None:
        for _ in fragment.find(NO_DIPLOMA):
            facts.route(Route(kind="level", min_level=-3, label="sans diplôme requis"))
        for _ in fragment.find(PREBAC):
            facts.route(Route(kind="level", min_level=-3, label="après la classe de 3e"))
        for _ in fragment.find(PREBAC_FIRST):
            facts.route(Route(kind="level", min_level=-1, label="après un premier diplôme (CAP, seconde professionnelle…)"))
        listed_to, named_to = -1, -1  # a list of diplomas of one sector read with the CAP (or BEP) opening it, and its sector
        for match in fragment.find(CAP):
            if match.start() < listed_to:  # « de niveau BEP ou CAP du secteur social »: the same CAP again
                fragment.use(match.start(), max(match.end(), named_to))
                continue
            # « après un CAP, BP ou bac pro du même secteur professionnel »: the sector closes the whole list.
            shared = SECTOR_AFTER_LIST.match(fragment.folded, match.end())
            if shared:
                # « des diplômes de niveau CAP, bac pro… du secteur de la restauration »: a CAP of that sector.
                listed_to = shared.end()
                named_to, words = (shared.end(), "") if "meme" in shared.group(0) else qualifier(fragment, shared.end())
                sector = fragment.text[shared.start("sector") : named_to].strip(" ,")
                label = f"un CAP {sector}" if words else "un CAP du même secteur"
                facts.route(Route(kind="diploma", min_level=-1, label=label, in_field=True))
            elif re.search(r"secteur|filiere|domaine|certains", match.group(0)):
                facts.route(Route(kind="diploma", min_level=-1, label=narrowed(fragment, match, "un CAP du même secteur"), in_field=True))
            elif (named := narrowed(fragment, match, "un CAP")) != "un CAP":
                facts.route(Route(kind="diploma", min_level=-1, label=named, in_field=True))
            else:
                facts.route(Route(kind="level", min_level=-1, label="un CAP ou un diplôme de même niveau"))

    def _bridge(self, fragment: Fragment, facts: Facts) -> None:
        bridged = False
        for _ in fragment.find(BRIDGE):
            facts.route(Route(kind="bridge", track="MAN", label="une année de mise à niveau", years=1))
            bridged = True
        if bridged:
            for _match in fragment.find(OTHERS_BRIDGE):
                facts.others = "bridge"
                fragment.bridged = True
        for _ in fragment.find(ART_PREPA):
            facts.route(Route(kind="bridge", label="une classe préparatoire aux écoles d'art", years=1))

    def _levels(self, fragment: Fragment, facts: Facts) -> None:
        before = len(facts.routes)
        self._read_levels(fragment, facts)
        added = facts.routes[before:]
        fragment.levels = [r.min_level for r in added if r.kind == "level"]
        # « une licence en biologie, ou un autre diplôme de 180 crédits dans ces mêmes domaines »,
        # « un diplôme sanitaire de niveau bac + 2 »: the field cannot be checked, so none of
        # these levels makes a planned way.
        if (
            any(r.grants == "possible" for r in added)
            or SAME_FIELD.search(fragment.folded)
            or FIELD_DIPLOMA.search(fragment.folded)
            or ON_DECISION.search(fragment.folded)
        ):
            facts.routes[before:] = [msgspec.structs.replace(r, grants="possible") if r.kind == "level" else r for r in added]

    def _read_levels(self, fragment: Fragment, facts: Facts) -> None:
        announcing: list[Route] = []
        for pattern, level, label in LEVELS:
            for match in fragment.find(pattern):
                n = level
                text = label
                if n is None:
                    if "{ects}" in label:
                        ects = int(match.group(1))
                        n = ECTS_BAC_PLUS.get(ects)
                        text = label.format(ects=ects)
                    elif "{cec}" in label:
                        cec = int(match.group(1))
                        n = cec_bac_plus(cec)
                        text = label.format(cec=cec)
                    elif "année(s)" in label:
                        values = [read_number(g) for g in match.groups() if g]
                        n = min(values)
                        text = f"{n} année{'s' if n > 1 else ''} d'études supérieures"
                    else:
                        n = int(match.group(1))
                        text = label.format(n=n)
                if n is None:
                    continue
                if n == 0:  # « un diplôme de niveau 4 (bac) »: the bac or its equivalent
                    facts.route(Route(kind="bac", track="ANY", grants="possible"))
                    continue
                named, field = narrowing(fragment, match, text)
                if "PASS" in text:  # a first year of health studies: the PASS (an L.AS is a licence of any field)
                    field = field or "PASS ou L.AS"
                elif text == "un BTSA":  # a BTSA, of the agricultural field: its type
                    field = field or "BTSA"
                # A level in a given field (« une licence de biologie », a PASS): the field cannot be checked.
                grants: Literal["recommended", "possible"] = "possible" if named != text or field else "recommended"
                route = Route(kind="level", min_level=n, label=named, grants=grants, field=field)
                after = fragment.folded[match.end() :]
                if not field and re.match(r"\s*:", after) and not re.search(r"\bnotamment\b|\bpar exemple\b|\betc\b", after):
                    announcing.append(route)  # (a list given as examples keeps its level open)
                facts.route(route)
        # « après une première année universitaire : une L.AS, une PASS, une L1 STAPS… »: a level followed by
        # a colon announces the ways listed after it, each in its field; it is not a way of its own.
        for route in announcing:
            if any(r.kind == "level" and r.min_level == route.min_level and r.field for r in facts.routes) and route in facts.routes:
                facts.routes.remove(route)

    def _diplomas(self, fragment: Fragment, facts: Facts) -> None:
        for pattern, label, level in DIPLOMAS:
            for match in fragment.find(pattern):
                at = level if level is not None else next((n for p, n in STATE_DIPLOMAS if p.search(match.group(0))), None)
                if at is None:  # a diplôme d'État of unknown level: the card stays uncertain
                    fragment.unuse(match.start(), match.end())
                    continue
                name = label
                if level is None:  # « le DE d'infirmier ou de sage-femme »: the card's own words
                    name = "un diplôme d'État (" + fragment.text[match.start() : match.end()].strip() + ")"
                if fragment.levels and at <= 0:
                    # « un diplôme du travail social au moins de niveau bac + 2 »: the level is the diploma's.
                    at = max(fragment.levels)
                label, field = narrowing(fragment, match, name)
                in_field = (
                    label != name or at >= 1 or bool(re.search(r"m[eê]me (?:secteur|domaine|m[eé]tier)|du domaine|du secteur", label))
                )
                facts.route(Route(kind="diploma", min_level=at, label=label, in_field=in_field, field=field))

    def _selection(self, fragment: Fragment, facts: Facts) -> None:
        said = SOME_TIMES.search(fragment.folded)  # « voire », « éventuellement »: what follows, only some times
        for pattern, mode in SELECTION:
            for match in fragment.find(pattern):
                facts.select(mode, optional=said is not None and match.start() > said.start())
        fragment.consume(SELECTION_FILLER)
        for _ in fragment.find(PARCOURSUP):
            facts.parcoursup = facts.parcoursup or not fragment.later

    def _others(self, fragment: Fragment, facts: Facts) -> None:
        for _ in fragment.find(CLOSED):
            # « En 3e année : passerelle réservée aux… » closes no first-year entry; a mise à niveau
            # offered to every other bac keeps the door open through it.
            if not fragment.later and facts.others != "bridge":
                facts.others = "closed"

    def _pro_specialite_first(self, fragment: Fragment, facts: Facts) -> None:
        """« titulaires de la spécialité « X » du baccalauréat professionnel »."""
        for match in fragment.find(SPECIALITE_OF_PRO):
            code = self.tracks.specialite("PRO", match.group(1))
            if code:
                facts.route(Route(kind="bac", track="PRO", specialites=(code,)))
            else:
                facts.route(Route(kind="bac", track="PRO", other_specialites=(fragment.text[match.start(1) : match.end(1)],)))

    def _recent_bac(self, fragment: Fragment, facts: Facts) -> None:
        """« avec le bac de l'année ou de l'année antérieure »: any bac, if it is recent enough."""
        for match in fragment.find(RECENT_BAC):
            if match.group(2):  # « … ou des années antérieures »: any bac
                facts.route(Route(kind="bac", track="ANY", grants="possible"))
            else:
                facts.route(Route(kind="bac", track="ANY", grants="possible", max_level=1 if match.group(1) else 0))

    def _concours(self, fragment: Fragment, facts: Facts) -> None:
        for match in fragment.find(CONCOURS_PASSED):
            words = fragment.text[match.start() : match.end()]
            name = re.sub(r"^.*?\bconcours\b", "concours", words, flags=re.IGNORECASE).strip()
            several = re.search(r"\b(?:des|aux|les) concours\b", match.group(0)) or re.match(r"concours (?:externes|internes)\b", name)
            facts.route(Route(kind="concours", label=f"la réussite {'aux' if several else 'au'} {name}"))

    def _selection_remark(self, fragment: Fragment, facts: Facts) -> None:
        """Sentences about how files are sorted (« Sélection des candidatures sur lettre de motivation et
        notes… ») name bacs only to say what is looked at: they set no way in."""
        if SORTING.match(fragment.folded) and not fragment.later:
            facts.select("dossier")
            fragment.use(0, len(fragment.text))

    # - result -

    def _without_options(self, route: Route, less_suited: list[str]) -> Route:
        """A bac pro route naming a diploma whose option the card says is less suited: its other options."""
        if route.kind != "bac" or route.track != "PRO":
            return route
        specs = self.tracks.tracks["PRO"].specialites
        groups = {s.group: s.code for s in specs if s.code in less_suited}
        if not groups.keys() & set(route.specialites):
            return route
        kept: list[str] = []
        for code in route.specialites:
            kept.extend([s.code for s in specs if s.group == code and s.code not in less_suited] if code in groups else [code])
        return msgspec.structs.replace(route, specialites=tuple(dict.fromkeys(kept)))

    def _access(self, facts: Facts, source: str) -> Access:
        routes = list(facts.routes)
        # « un bac général, technologique ou professionnel »: every family named, none targeted — any bac.
        families = {
            r.track for r in routes if r.kind == "bac" and not r.specialites and not r.other_specialites and r.grants == "recommended"
        }
        if {"GENERAL", "TECHNO", "PRO"} <= families:
            routes = [
                r
                for r in routes
                if not (
                    r.kind == "bac"
                    and r.track in ("GENERAL", "TECHNO", "PRO")
                    and r.grants == "recommended"
                    and not r.specialites
                    and not r.other_specialites
                )
            ]
            routes.append(Route(kind="bac", track="ANY", grants="possible"))
        # « L'accès est conditionné par la validation d'une PASS ou d'une L.AS. Il faut se préinscrire sur
        # Parcoursup. »: when the only ways in come after some higher education and nothing says how
        # bacheliers are selected, Parcoursup is where the first year (the PASS) is asked for, not a way in.
        after_studies = bool(routes) and all(r.kind in ("level", "diploma", "concours") and r.min_level >= 1 for r in routes)
        if facts.advised:
            # A bac général named without spécialités, whose advised spécialités the card lists: a student with
            # none of them may apply, without being on the planned way.
            advised = tuple(facts.advised)
            routes = [
                msgspec.structs.replace(r, specialites=advised, note=ADVISED_NOTE, advised=True)
                if r.kind == "bac" and r.track == "GENERAL" and not r.specialites and not r.other_specialites
                else r
                for r in routes
            ]
        if facts.less_suited:
            routes = [self._without_options(r, facts.less_suited) for r in routes]
        if facts.parcoursup and not any(r.kind in ("bac", "bridge") for r in routes) and not (after_studies and not facts.selection):
            routes.append(Route(kind="bac", track="ANY", grants="possible", note="candidature via Parcoursup"))
        others = facts.others
        if others == "bridge" and not any(r.kind == "bridge" for r in routes):
            others = "possible"
        selection = [m for m in ("dossier", "tests", "entretien", "concours", "audition", "portfolio") if m in facts.selection]
        plain = [m for m in selection if m not in facts.optional]
        # « dossier, voire tests ou entretien », as the card says it (the modes alone would make them all required).
        some: list[str] = [m for m in selection if m in facts.optional]
        note = f"{', '.join(plain)}, voire {join_fr(some, 'ou')}" if plain and some else ""
        access = Access(
            routes=tuple(routes),
            others=others,
            selection=tuple(selection),
            selection_note=note,
            age_min=facts.age_min,
            age_max=facts.age_max,
            age_note=facts.age_note,
            requirements=tuple(facts.requirements),
            recommendations=tuple(facts.recommendations),
            source=source,
        )
        return msgspec.structs.replace(access, summary=summarize(access, self.tracks))


# -- sentences that name no way in ---------------------------------------------------


def _aside(fragment: Fragment, facts: Facts) -> None:
    """Place a sentence that names no way in: a recommendation, a condition, or a remark.

    Recommendations are shown and change no verdict; conditions are shown and keep
    the verdict at « possible » at best; remarks on the selection or the context
    (how the interview runs, how many schools) change nothing. A sentence that
    speaks of diplomas or levels is left unread, so the card stays uncertain.
    """
    text = fragment.folded
    if ROUTE_WORDS.search(text):
        return
    sentence = fragment.text.strip(" -;:.")
    if not fragment.later:  # a later-year entry sets no condition on the first year
        if RECOMMENDED.search(text):
            facts.recommend(sentence)
        elif RESTRICTED.search(text) or (DEMANDED.search(text) and not SELECTING.search(text)):
            facts.require(sentence)
    fragment.use(0, len(fragment.text))


_SECTOR_FIELD = re.compile(r"^(?:secteurs?|domaines?|filieres?)\b")


def _shared_sector(fragment: Fragment, facts: Facts, before: int) -> None:
    """« des bacheliers professionnels et des titulaires du BP du secteur de l'électricité », « CAP, bac pro,
    bac techno ou BTS du secteur de la restauration »: a sector closing the sentence is that of every
    diploma listed, so a bac pro or a bac technologique named bare in the same sentence is one of that sector."""
    added = facts.routes[before:]
    fields = [r.field for r in added if r.kind in ("level", "diploma") and _SECTOR_FIELD.match(fold_keep(r.field))]
    if len(set(fields)) != 1 or not fold_keep(fragment.text).rstrip(" .;…").endswith(fold_keep(fields[0])):
        return
    head = fold_keep(fields[0]).split()[0]
    words = ("des " if head.endswith("s") else "de la " if head == "filiere" else "du ") + fields[0]
    facts.routes[before:] = [
        msgspec.structs.replace(r, other_specialites=(words,), label=words)
        if r.kind == "bac" and r.track in ("PRO", "TECHNO") and not r.specialites and not r.other_specialites
        else r
        for r in added
    ]
