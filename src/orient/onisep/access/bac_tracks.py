"""Bac tracks: the référentiel's séries and spécialités as patterns, and the reader of bac lists."""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from ...models import Referential, Route, Specialite
from .fragments import Facts, Fragment
from .patterns import BAC
from .qualifiers import qualifier
from .vocabulary import fold_keep

_FAMILY_HEADING = re.compile(r"parmi (?:les )?(?:bacheliers|bacs) technologiques|(?:ceux|celles) de la serie")


class TrackIndex:
    """Names and acronyms of the bac tracks and their spécialités, as folded patterns."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential
        self._names_at: dict[str, re.Pattern[str]] = {}
        self._lists: dict[str, re.Pattern[str]] = {}
        self.techno = [t for t in referential.tracks if t.family == "techno"]
        self.tracks = {t.code: t for t in referential.tracks}
        names: list[tuple[str, str]] = []
        for track in self.techno:
            names.append((fold_keep(track.code), track.code))
            for alias in track.aliases:
                if len(alias) >= 4 or alias.replace(" ", "").isalnum():
                    names.append((fold_keep(alias), track.code))
        names.sort(key=lambda item: -len(item[0]))
        self.by_name = dict(names)
        alternatives = "|".join(re.escape(n) for n, _ in names)
        self.track_pattern = re.compile(rf"\b(?:{alternatives})\b(?:\s*\((?:[^()]|\([^)]*\))*\)|\s+-\s+(?:{alternatives})\b)?")
        self.acronyms = re.compile(r"\b(?:" + "|".join(re.escape(fold_keep(t.code)) for t in self.techno) + r")\b")
        self.specialites: dict[str, dict[str, str]] = {}
        self.singular_specialites: dict[str, dict[str, str]] = {}  # the same, each word in the singular
        for track in referential.tracks:
            index: dict[str, str] = {}
            for spec in track.specialites:
                for alias in (spec.name, *spec.aliases):
                    index[_norm(alias)] = spec.code
            self.specialites[track.code] = index
            singular: dict[str, str] = {}
            for alias, code in index.items():
                singular.setdefault(_singular(alias), code)
            self.singular_specialites[track.code] = singular

    def track_of(self, folded: str) -> str:
        head = re.split(r"\(|\s+-\s+", folded)[0].strip()
        return self.by_name[head]

    def specialite_at(self, track: str, text: str, pos: int) -> re.Match[str] | None:
        """The longest name of a spécialité of ``track`` written at ``pos`` of the folded ``text``, if any."""
        pattern = self._names_at.get(track)
        if pattern is None:
            names = self._folded_names(track, lambda sp: (sp.name, *sp.aliases), lambda sp, a: len(a) > 3)
            pattern = self._names_at[track] = (
                re.compile(r"\"?\s*(?:" + "|".join(re.escape(n) for n in names) + r")\b\s*\"?") if names else re.compile(r"(?!)")
            )
        match = pattern.match(text, pos)
        return match if match and self.specialite(track, match.group(0).strip(' "')) else None

    def specialite_prefix(self, track: str, text: str) -> tuple[str | None, str]:
        """The spécialité the longest start of ``text`` names (« cultures marines peuvent entrer » → cultures
        marines), with that start; (None, "") when no start names one."""
        words = text.split()
        for size in range(len(words), 0, -1):
            head = " ".join(words[:size])
            code = self.specialite(track, head)
            if code:
                return code, head
        return None, ""

    def named_specialites(self, track: str, text: str) -> tuple[str, ...]:
        """The spécialités of ``track`` a folded list names (« mathématiques, physique-chimie et sciences de
        l'ingénieur »), in their order; short aliases are read only as the acronyms they are (SVT, SES…)."""
        pattern = self._lists.get(track)
        if pattern is None:
            names = self._folded_names(
                track, lambda sp: (sp.name, *sp.aliases, sp.code), lambda sp, a: len(a) >= 4 or (len(a) == 3 and a.upper() == sp.code)
            )
            pattern = self._lists[track] = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        found = (self.specialite(track, m.group(0)) for m in pattern.finditer(text))
        return tuple(dict.fromkeys(code for code in found if code))

    def _folded_names(
        self, track: str, names: Callable[[Specialite], tuple[str, ...]], kept: Callable[[Specialite, str], bool]
    ) -> list[str]:
        """The names of ``track``'s spécialités (those ``names`` gives, as ``kept`` keeps them), folded,
        longest first: a pattern of them tries the longest name first."""
        return sorted(
            {fold_keep(a) for t in self.referential.tracks if t.code == track for sp in t.specialites for a in names(sp) if kept(sp, a)},
            key=len,
            reverse=True,
        )

    def specialite(self, track: str, text: str) -> str | None:
        key = _norm(text)
        index = self.specialites.get(track, {})
        if key in index:
            return index[key]
        return self.singular_specialites.get(track, {}).get(_singular(key))


def _singular(key: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in key.split())


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_keep(text)).split())


# -- the words around a bac ---------------------------------------------------------

_SCIENTIFIC = ("MATHS", "PC", "SVT", "SI", "NSI", "BIO-ECO")
_GENERAL_SPECIALITES = re.compile(
    r"\s*(?:\(|,|avec|ayant suivi|qui ont suivi|issus de|comportant|a dominante|de preference)?\s*(?:au moins )?(?:des |les |une |la |d')?"
    r"(?:enseignements? (?:de |d')?)?"
    r"(?:specialites?|dominante|profil)? ?(?:scientifiques?|scientifique ou numerique|scientifique et/ou numerique)\)?"
)
_GENERAL_LEAD = re.compile(
    r"\s*(?:\(|,)?\s*(?:avec|aux|ayant suivi|qui ont suivi|a dominante|de preference|comprenant|comportant|incluant)?\s*"
    r"(?:au moins l'une? des |au moins une? des |l'une? des |une? des |au moins )?(?:l'|les |des |un |une |la |le )?"
    r"(?:enseignements? (?:de |d')?)?(?:specialites? |dominante )?(?:suivants? ?:? ?|adaptee?s? ?|appropriee?s? ?)?\(?"
)
_GENERAL_ITEM = re.compile(r"\"\s*([^\"]+?)\s*\"|((?:a dominante )?[a-z][a-z' -]*?)(?=\s*(?:[,;)…]|\bou\b|\bet\b|$|\.))")
_GENERAL_SEP = re.compile(r"\s*(?:,|et/ou|\bou\b|\bet\b)\s*")
_GENERAL_PROFILE = re.compile(
    r",? (?:ayant suivi|maitrisant|inities?|portant|presentant|ayant une?|avec une?)\b[^.;:]*?"
    r"(?=\s(?:et|ou) (?:les |des |aux |d'un |un )?(?:bacheliers|bacs?\b|titulaires|candidats)|[.;:]|$)"
)
_SPEC_AFTER = re.compile(
    r"\s*,?\s*(?:de preference |avec (?:l'|un |une )?(?:enseignements? de )?)?"
    r"(?:(?:specialites?|option)\s+|(?=sciences physiques|biotechnologies))([a-z' -]+?)"
    r"(?=\s*(?:[,.;)(]|\bou\b|\bvoire\b|\bmais\b|$))"
)
_SPEC_TAIL = re.compile(r"\s*(?:ou|et|,)\s+([a-z' -]+?)(?=\s*(?:[,.;)]|\bou\b|\bet\b|$))")
_GENERAL = re.compile(r"g[e]n[e]r(?:al|ale|aux|ales)\b")
_TECHNO = re.compile(r"(?:technologiques?|techno)\b")
_PRO = re.compile(r"(?:professionnel(?:le)?s?|pro)\b")
_SEPARATOR = re.compile(
    r"(?:\s|,|;|:|\(|\)|/|\.\.\.|…|\")*(?:en majorite |majoritairement )?"
    r"(?:ou encore|mais aussi|ou bien|ou|et|voire|puis|notamment|en particulier|de preference|par exemple|surtout|principalement|"
    r"en priorite|y compris)?\s*"
    r"(?:(?:un|une|le|la|les|des|du|d'un|d'une|d')\s*)?(?:" + BAC + r"\s*)?"
)
# « technologique (STMG, STD2A…) »: séries in brackets that end with « … » or « etc. » are examples of the family.
_EXAMPLES = re.compile(r"\s*\([^()]*?(?:…|\.\.\.|\betc\.?)\s*\)")
# « technologiques (selon l'orientation de la licence : STI2D, STL, par exemple) »: which séries of the
# family fit depends on the formation, and the bracket names them.
_DEPENDS = re.compile(r"\s*\(\s*selon\b[^():]*:([^()]*)\)")
_BARE_SPECIALITE = re.compile(r"\s*de la specialite\b")
_BARE_FIELD = re.compile(
    r"\s*(?:ou equivalent\s*)?(?=(?:du |des |dans le |dans les |de la )?(?:meme )?(?:secteurs?|domaines?|filieres?)\b|en [a-z])"
)
_GOOD_LEVEL = re.compile(r",?\s*(?:et )?avec un (?:(?:tres )?bon|excellent) niveau\b[^()]*$")
# « du domaine », « du même secteur professionnel », alone after « bac pro »: the formation's own field.
_BARE_SECTOR = re.compile(
    r"(?:du |de la |des |dans le |dans la |de ce |de cette )?(?:meme )?(?:domaines?|secteurs?|filieres?)(?: professionnels?| d'activite)?"
)
# A field closing a list of bacs, as it reads on the bac pro it follows (« dans le domaine de l'énergétique »,
# « des secteurs commercial et administratif »).
_FIELD_AFTER = re.compile(r"(?:dans (?:le|les) |du |des |de la )?(?:domaines?|secteurs?) (?!professionnel)", re.IGNORECASE)
SAME_SECTOR = "du même secteur"  # how a route says it: read as such by the verdicts (orient.eligibility)
_GENERIC_PRO = re.compile(
    r"^(?:agricole|industriel|tertiaire|de la filiere|du domaine|des domaines|du secteur|de ce secteur|"
    r"de la meme filiere)$"
)


class BacReader:
    """Reads « un bac général, un bac technologique STI2D spécialité SIN ou un bac pro » and the like."""

    def __init__(self, tracks: TrackIndex) -> None:
        self.tracks = tracks
        self.start = re.compile(r"\b" + BAC + r"\b")

    def read(self, fragment: Fragment, facts: Facts) -> None:
        if fragment.bridged:
            # « Tout autre bachelier (général, technologique…) passe par une mise à niveau »: these
            # bacs are read to be understood, but they are not direct ways in.
            facts = Facts()
        before = len(facts.routes)
        self._read(fragment, facts)
        added = facts.routes[before:]
        techno = [r for r in added if r.kind == "bac" and r.track in {t.code for t in self.tracks.techno}]
        if techno and any(r.track == "TECHNO" for r in added) and _FAMILY_HEADING.search(fragment.folded):
            # « parmi les bacheliers technologiques, ceux de la série STMG »: the family heads the séries it names.
            facts.routes[before:] = [r for r in added if r.track != "TECHNO"]

    def _read(self, fragment: Fragment, facts: Facts) -> None:
        text = fragment.folded
        for start in self.start.finditer(text):
            if not fragment.free(start.start(), start.end()):
                continue
            end = self._read_list(fragment, start.end(), facts)
            if end == start.end():
                if re.match(r"\s*\+", text[end:]):
                    continue  # « bac + 2 » is a level, read elsewhere
                end = self._bare(fragment, end, facts)
            fragment.use(start.start(), end)
        # « … (selon la licence : STI2D, STL) »: a série named without the word « bac ».
        for start in self.tracks.acronyms.finditer(text):
            if fragment.free(start.start(), start.end()):
                end = self._read_list(fragment, start.start(), facts)
                fragment.use(start.start(), max(end, start.end()))

    def _bare(self, fragment: Fragment, pos: int, facts: Facts) -> int:
        """A « bac » with no série: any bac, unless a spécialité or a field narrows it."""
        text = fragment.folded
        spec = _BARE_SPECIALITE.match(text, pos)
        if spec:  # « un baccalauréat de la spécialité électromécanicien marine »
            end, words = qualifier(fragment, spec.end(), names=True)
            if words:
                code, shorter = self.tracks.specialite_prefix("PRO", words.strip('«» "'))
                if code:
                    facts.route(Route(kind="bac", track="PRO", specialites=(code,)))
                    # The rest of the words (« … entrent directement ») are left for the other readers.
                    return fragment.folded.index(fold_keep(shorter), spec.end()) + len(shorter) if shorter else end
                else:
                    facts.route(Route(kind="bac", track="PRO", other_specialites=(words,), label=words))
                return end
        field = _BARE_FIELD.match(text, pos)
        if field:  # « un bac ou équivalent en menuiserie, ébénisterie »: a field, met by a spécialité of that field
            end, words = qualifier(fragment, field.end())
            if words:
                raw = fragment.text[field.end() : end].strip(" ,")
                # « du même domaine » reads as it is; a named field goes in brackets.
                label = f"un bac ou équivalent {raw}" if re.match(r"(?:du |de la )m[eê]me ", raw) else f"un bac ou équivalent ({words})"
                facts.route(Route(kind="bac", track="ANY", other_specialites=(words,), label=label))
                return end
        facts.route(Route(kind="bac", track="ANY", grants="possible"))
        return pos

    def _read_list(self, fragment: Fragment, pos: int, facts: Facts) -> int:
        """Read the items after a « bac » word; return where the list ends."""
        text = fragment.folded
        end = pos
        first = len(facts.routes)
        shared_field = False  # a bac pro named in the same breath as the families before it (« général, technologique ou professionnel »)
        lesser = False  # after « voire » (« STI2D, STL, STMG voire STHR, ST2S »): séries that may apply, not the planned way
        while True:
            sep = _SEPARATOR.match(text, end)
            at = sep.end() if sep else end
            if at < len(text) and not fragment.free(at, at + 1):
                break
            lesser = lesser or bool(sep and re.search(r"\bvoire\b", sep.group(0)))
            headed = bool(sep and re.search(r"\bbac|\bbaccalaureat", sep.group(0)))  # « … ou un bac pro »: a bac of its own
            before = len(facts.routes)
            families = False
            general = _GENERAL.match(text, at)
            techno = _TECHNO.match(text, at)
            pro = _PRO.match(text, at)
            track = self.tracks.track_pattern.match(text, at)
            if general:
                end = self._general(fragment, general.end(), facts)
            elif techno:
                end = techno.end()
                nxt = _SEPARATOR.match(text, end)
                peek = nxt.end() if nxt else end
                depends = _DEPENDS.match(text, end)
                if depends and self.tracks.track_pattern.search(depends.group(1)):
                    pass  # « technologiques (selon la licence : STI2D, STL) »: the séries named, read below, not the family
                elif (
                    not self.tracks.track_pattern.match(text, peek)
                    or re.match(r"\s*[,(]?\s*(?:notamment|en particulier|par exemple|surtout)", text[end:])
                    or _EXAMPLES.match(text, end)
                ):
                    facts.route(Route(kind="bac", track="TECHNO"))
            elif track:
                end = self._track(fragment, track, facts)
            elif pro:
                families = any(r.kind == "bac" and r.track in ("GENERAL", "TECHNO") for r in facts.routes[first:])
                end = self._pro(fragment, pro.end(), facts)
            else:
                break
            # The bac pro ends a list of families named in one breath (« général, technologique ou
            # professionnel »), with its field: that field may close the whole list (see below).
            shared_field = pro is not None and not (general or techno or track) and families and not headed and end > pro.end()
            if lesser:
                facts.routes[before:] = [
                    msgspec.structs.replace(r, grants="possible") if r.kind == "bac" and r.grants == "recommended" else r
                    for r in facts.routes[before:]
                ]
        listed = facts.routes[first:]
        if shared_field and any(r.track == "PRO" and any(_FIELD_AFTER.match(w) for w in r.other_specialites) for r in listed):
            # « un bac général, technologique ou professionnel dans le domaine de l'énergétique »: the field closes
            # the whole list, which can be checked for the bac pro only; the families named bare may apply.
            facts.routes[first:] = [
                msgspec.structs.replace(r, grants="possible")
                if r.kind == "bac" and r.track in ("GENERAL", "TECHNO") and not r.specialites and not r.other_specialites
                else r
                for r in listed
            ]
        return end

    def _general(self, fragment: Fragment, pos: int, facts: Facts) -> int:
        named = self._general_named(fragment, pos)
        if named is not None:
            end, specs = named
            facts.route(Route(kind="bac", track="GENERAL", specialites=specs))
            soft = _GENERAL_PROFILE.match(fragment.folded, end)
            return soft.end() if soft else end
        soft = _GENERAL_PROFILE.match(fragment.folded, pos)
        if soft and "scientifique" not in soft.group(0):
            # « bacheliers généraux maîtrisant deux langues » : what is expected, not a rule.
            facts.route(Route(kind="bac", track="GENERAL"))
            return soft.end()
        match = _GENERAL_SPECIALITES.match(fragment.folded, pos)
        if match and "scientifique" in match.group(0):
            facts.route(Route(kind="bac", track="GENERAL", specialites=_SCIENTIFIC))
            return match.end()
        facts.route(Route(kind="bac", track="GENERAL"))
        return pos

    def _general_named(self, fragment: Fragment, pos: int) -> tuple[int, tuple[str, ...]] | None:
        """« bac général (spécialité scientifique ou numérique) », « … aux enseignements de SI ou physique-chimie »."""
        text = fragment.folded
        lead = _GENERAL_LEAD.match(text, pos)
        if not lead or "special" not in lead.group(0) and "enseignement" not in lead.group(0) and "dominante" not in lead.group(0):
            return None
        specs: list[str] = []
        end = at = lead.end()
        while True:
            whole = self.tracks.specialite_at("GENERAL", text, at)  # « numérique et sciences informatiques »
            item = whole or _GENERAL_ITEM.match(text, at)
            if item is None:
                break
            name = (item.group(1) or item.group(2) or "").strip() if not whole else whole.group(0)
            found: tuple[str, ...]
            if whole:
                code = self.tracks.specialite("GENERAL", name)
                found = (code,) if code else ()  # specialite_at only matches a name with a code
            elif re.fullmatch(r"(?:a dominante )?scientifiques?", name):
                found = _SCIENTIFIC
            elif re.fullmatch(r"numeriques?", name):
                found = ("NSI",)
            else:
                code = self.tracks.specialite("GENERAL", name)
                found = (code,) if code else ()
            if not found:
                break
            specs.extend(c for c in found if c not in specs)
            end = item.end()
            sep = _GENERAL_SEP.match(text, end)
            if not sep:
                break
            at = sep.end()
        if not specs:
            return None
        if "(" in lead.group(0):
            close = re.match(r"\s*(?:…|\.\.\.|etc\.?)?\s*\)", text[end:])
            if close:
                end += close.end()
        return end, tuple(specs)

    def _track(self, fragment: Fragment, match: re.Match[str], facts: Facts) -> int:
        code = self.tracks.track_of(match.group(0))
        end = match.end()
        specs: list[str] = []
        others: list[str] = []
        # « STI2D (spécialité architecture et construction) »: the brackets name the spécialité.
        inside = re.search(r"\((?:[^()]*?\b(?:avec|de) (?:l'|un |une )?)?(?:enseignements? de )?specialites? ([^()]*)\)", match.group(0))
        if inside:
            for name in re.split(r"\s*(?:,|\bou\b)\s*", inside.group(1)):
                found = self.tracks.specialite(code, name)
                if found:
                    specs.append(found)
                elif name.strip():
                    others.append(name.strip())
            facts.route(Route(kind="bac", track=code, specialites=tuple(specs), other_specialites=tuple(others)))
            return end
        spec = _SPEC_AFTER.match(fragment.folded, end)
        preferred = spec is not None and "de preference" in spec.group(0)  # a preference, not a rule
        while spec:
            found = self.tracks.specialite(code, spec.group(1))
            if found is None and " et " in spec.group(1):  # « spécialité SIN et un bac pro »
                head = spec.group(1).split(" et ")[0]
                found = self.tracks.specialite(code, head)
                if found is not None:
                    specs.append(found)
                    end = spec.start(1) + len(head)
                    break
            if found is None:
                others.append(spec.group(1).strip())
                end = spec.end()
                break
            specs.append(found)
            end = spec.end()
            spec = _SPEC_TAIL.match(fragment.folded, end)
            if spec and self.tracks.specialite(code, spec.group(1)) is None:
                break
        if preferred:
            specs, others = [], []
        facts.route(Route(kind="bac", track=code, specialites=tuple(specs), other_specialites=tuple(others)))
        return end

    def _pro(self, fragment: Fragment, pos: int, facts: Facts) -> int:
        """« bac pro photographie », « bac pro du domaine du transport ou de la logistique », « bac pro (A ; B) »."""
        end, words = qualifier(fragment, pos, names=True, acronyms=True)
        words = re.sub(r",?\s*(?:en particulier|notamment|principalement|surtout|etc\.?)$", "", words).strip()
        # « professionnel (dans le domaine industriel et avec un très bon niveau) »: advice, not a field.
        level = _GOOD_LEVEL.search(fold_keep(words))
        if level:
            facts.recommend(words[level.start() :].strip(" ,()").removeprefix("et ").removeprefix("avec "))
            words = words[: level.start()].strip(" ,")
        if re.fullmatch(r"[A-Z.]{2,6}", words) and self.tracks.specialite("PRO", words) is None:
            words = ""  # an acronym the referential does not know: any bac pro
        if end > pos and not words.strip() and _BARE_SECTOR.fullmatch(fragment.folded[pos:end].strip(" ,")):
            # « un bac pro du domaine »: of the formation's own field, not any bac pro.
            facts.route(Route(kind="bac", track="PRO", other_specialites=(SAME_SECTOR,)))
            return end
        if end == pos or not words.strip():
            facts.route(Route(kind="bac", track="PRO"))
            return end
        if _GENERIC_PRO.match(fold_keep(words)):
            facts.route(Route(kind="bac", track="PRO", other_specialites=(words,)))
            return end
        # « du domaine (aménagement et finition du bâtiment principalement) »: the field is in the brackets.
        inner = re.match(r"^(?:du |des |de la )?(?:domaines?|secteurs?|filieres?)\s*\((.*)\)$", fold_keep(words))
        if inner:
            words = re.sub(
                r",?\s*(?:principalement|notamment|en particulier|surtout)$", "", words[len(words) - len(inner.group(1)) - 1 : -1]
            ).strip()
        # « prioritairement du secteur tertiaire dans les spécialités relatives à A, B, C »: the list after;
        # the other bac pro may apply. « notamment A »: every bac pro is listed, A first.
        priority = bool(re.match(r"(?:prioritairement|en priorite|de preference)\b", fold_keep(words)))
        highlighted = bool(re.match(r",? ?(?:notamment|en particulier|surtout|principalement)\b", fold_keep(words)))
        listed = re.split(
            r"\b(?:dans|de) (?:les|la|l'une des) specialites? "
            r"(?:relatives? (?:a|aux)|relevant (?:des champs )?(?:de la|de l'|des|du|de)|suivantes|de)\s*:?\s*"
            r"|\b(?:des|dans les|de la) specialites?(?: [a-z]+)?\s*:\s*|\b(?:ceux|celles) (?:de la|des) specialites? ",
            fold_keep(words),
            maxsplit=1,
        )
        if len(listed) == 2:
            words = words[len(words) - len(listed[1]) :]
        # « métiers de l'électricité… (MELEC) ou cybersécurité, informatique et réseaux, électronique (CIEL) »:
        # an acronym in brackets names the words before it.
        pieces = re.split(r"\(\s*([A-Z][A-Z0-9-]{1,9})\s*\)", words)
        acronyms = [self.tracks.specialite("PRO", a) for a in pieces[1::2]]
        if acronyms and all(acronyms):
            words = pieces[-1]
        items = [i.strip(' .…"«»') for i in _split_items(words) if i.strip(' .…"«»')]
        items = [
            re.sub(r"^(?:(?:sp[eé]cialit[eé]s?|option|de la|du|des|les|la|le|en|dans le|dans la)\s+|de l'|l'|d')", "", i, flags=re.I).strip(
                ' "«»'
            )
            for i in items
        ]
        read = [self._item(i) for i in items]
        codes: list[str] = [c for named, _ in read for c in named]
        if acronyms and all(acronyms):
            codes = [*(a for a in acronyms if a), *codes]
        found = tuple(dict.fromkeys(codes))
        unread = tuple(other for _, other in read if other)
        whole = self.tracks.specialite("PRO", words.strip('"«» ')) or self.tracks.specialite("PRO", re.sub(r"\s*\(.*\)", "", words))
        others: tuple[str, ...]
        if whole:
            found, others = (whole,), ()
        elif not unread:
            others = ()
        elif found:
            others = unread
        else:
            others = (words,)
        facts.route(Route(kind="bac", track="PRO", specialites=found, other_specialites=others, label=words if others else ""))
        if priority:  # the other bac pro may apply too
            facts.route(Route(kind="bac", track="PRO", grants="possible"))
        elif highlighted:  # « du domaine (notamment A, B) »: the others of the field; « notamment A »: every bac pro
            facts.route(Route(kind="bac", track="PRO", other_specialites=(SAME_SECTOR,) if inner else ()))
        return end

    def _item(self, item: str) -> tuple[list[str], str]:
        """One item of a bac pro list: the spécialités it names, and its words when they name something else.

        Brackets are never cut: « CIEL (cybersécurité, informatique et réseaux, électronique) » is CIEL
        glossed; « secteur du bois (technicien constructeur bois, technicien menuisier-agenceur, etc.) » is a
        field with its examples, the spécialités in brackets and the field besides."""
        code = self.tracks.specialite("PRO", item)
        if code:
            return [code], ""
        bracket = re.match(r"^(.*?)\s*\((.*?)\)?\s*$", item, flags=re.S)
        if not bracket or not bracket.group(1).strip():
            return [], item
        head, inner = bracket.group(1).strip(), bracket.group(2)
        code = self.tracks.specialite("PRO", head)
        if code:
            return [code], ""
        examples = [i.strip(' .…"«»') for i in _split_items(inner) if i.strip(' .…"«»')]
        examples = [re.sub(r"^(?:par exemple|notamment|comme|tels? que|telles? que)\s+", "", e, flags=re.I) for e in examples]
        named = [self.tracks.specialite("PRO", e) for e in examples]
        if named and all(named):
            return [c for c in named if c], head
        return [], item


def _split_items(words: str) -> list[str]:
    """Items of a list (« A, B ou C ; D »), separators inside quotes or brackets kept (« cybersécurité,
    informatique et réseaux », « secteur du bois (technicien constructeur bois, etc.) »); « et » between two
    quoted names parts them too (« « aéronautique » et « aviation générale » »)."""
    items, depth, current, quoted = [], 0, "", False
    for part in re.split(r"(\s*(?:;|,|\bou\b|…|\.\.\.|\betc\b)\s*|[«»\"])", words):
        bracketed = current.count("(") > current.count(")")
        if part in ("«", "»", '"'):
            depth = 1 - depth if part == '"' else (1 if part == "«" else 0)
            current += part
            quoted = depth == 0
        elif bracketed:
            current += part
        elif depth == 0 and re.fullmatch(r"\s*(?:;|,|\bou\b|…|\.\.\.|\betc\b)\s*", part):
            items.append(current)
            current, quoted = "", False
        elif depth == 0 and quoted and re.fullmatch(r"\s+et\s+", part):
            items.append(current)
            current, quoted = "", False
        else:
            current += part
            quoted = quoted and not part.strip()
    items.append(current)
    return items
