"""Linking a Parcoursup formation to the formation records of the dataset, from its label.

The rule (also in the README):

1. The label's start names the filière (``parcoursup.toml``): « BTS - Services », « D.E Infirmier »,
   « Licence ». It gives the types of formation to look in, and the words that only name a domain
   (« Services », « Sciences humaines et sociales ») are dropped — unless a record's name starts
   with them (« BTS   Maritime   Pêche… » is the « BTS maritime pêche… »). A filière whose label
   can never name one formation (``link = false``) is never linked.
2. What remains is the mention (« Gestion de la PME ») and its detail. The files cut a label in
   parts (« Licence   Chimie   Portail Louis Pasteur »): the first part is the mention and the next
   ones its detail, unless the mention only matches with them (« Génie civil   Construction
   durable »). Inside a part, the detail starts at « option », « parcours » or « spécialité » after
   a word that names something. Both sides are compared as sets of word stems, without the words of
   the type's own name (« brevet de technicien supérieur »), nor « mention », « portail »…, nor what
   is in brackets.
3. A record of those types whose mention has exactly the same words is the link. When several have
   it, the detail decides (« option A »). A detail that names no option of theirs — a way of
   following the formation (« Entièrement en distanciel », « Accès santé »), a place (« Portail
   Louis Pasteur »), a track that is no option of a BTS (« parcours Marine nationale ») — leaves the
   link to the mention's record, or to all its options or parcours (they share the first year,
   where Parcoursup admits); a detail that names an option none of them has (« option
   motocycles ») leaves the label unlinked, and so does a detail naming other mentions: a portail
   that leads to several licences (« Portail Lettres   Sciences du langage »; « Portail
   Mathématiques   MI (Informatique, Mathématiques) »: brackets that spell out an acronym, or a
   common core, count), parts that are mentions of their own (« Mathématiques   Physique
   Informatique »), a portail whose words are those of two mentions with records of their own
   (« Portail Mathématiques   Mathématiques Informatique »), though a record bear them all —
   unless it writes that record's name in its order, in one part (« Portail Physique, chimie »).
4. A double diploma (« Double licence », « double diplôme », « triple diplôme », « binational »,
   « bi-diplomation ») is only ever linked to a record that is itself a double diploma, and such a
   record to no other label: a double licence is neither of its licences.
5. Failing an exact mention: a mention whose records all add their parcours to its name (« STAPS
   management du sport ») is linked to them, or to those the detail names; else the closest record
   only when its words overlap the label's by at least 80 % and no other record comes close. A
   record whose card says it succeeds a formation (« Cette formation succède au BPJEPS … mention
   activités physiques pour tous ») is named by the old name too, when no record has that name. An
   ambiguous label stays unlinked.
6. A label without a mention (« Architecture ») is the one record of its types entered right after
   the bac, when there is exactly one (the diplôme d'études en architecture).
7. Some filières name a school's diploma, not a formation (``by_school``: « Formation d'ingénieur
   Bac + 5 », « Sciences Po », « Formation des écoles de commerce … Bac + 5 »): the establishment's
   name must name the school of the records — its words, in order, or its acronym followed by a
   town (« ESEO Angers », « INSA Lyon ») — and the label must state the level the records lead to
   (« Bac + 5 », « Grade Master »); with ``entered_at_bac``, the records must be entered right after
   the bac (a business school's programme after a prépa is another one). The records prepared with a
   partner (« en partenariat avec l'ITII ») are another route. The label's other words must be found
   in the records' names (« Agroalimentaire » picks that spécialité; none picks the school's own
   diploma, when it has one besides its spécialités); a word they do not have, an
   establishment naming several schools, or a campus of a school whose spécialités differ, leaves
   the label unlinked.

Every rule reads indexes (words, stems, acronyms, first words of the filières): no label is compared
with every record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import msgspec

from ..models import Filiere, Formation
from ..text import normalize
from .link_index import SHORT, Name, Names, School, Schools
from .models import Offer

if TYPE_CHECKING:
    from ..dataset import Dataset

# Words that cut a name into its mention and its detail, and the kind of detail each starts.
_MARKERS = {
    **dict.fromkeys(("option", "options", "opt", "specialite", "specialites", "dominante"), "option"),
    "parcours": "parcours",
}
# A double (or triple) diploma said in a label (« bi-diplomation », « double licence »).
_DOUBLE_SAID = re.compile(r"\b(?:double|doubles|triple|binational|trinational|bidiplom\w*|bi (?:licence|diplom\w*|cursus))\b")
_PARTNER = (" en partenariat ", " en convention ")  # a diploma prepared with a partner (ITII, CFA): another route
_BRACKETS = re.compile(r"\([^()]*\)")
# An acronym a record's name writes (« classe préparatoire PCSI : physique, chimie… », « (B/L) »):
# capitals, a digit maybe, two letters at least.
_NAMED_ACRONYM = re.compile(r"(?<![\w/])([A-Z][A-Z0-9]*(?:/[A-Z]+)?)(?![\w/])")
_ACRONYM = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,4})\s*\(([^()]*)\)")  # « MI (Informatique, Mathématiques) »
_COMMON_CORE = re.compile(r"\(\s*tronc\s+commun\b([^()]*)\)", re.IGNORECASE)  # « (tronc commun MPC : Maths Physique Chimie) »
_PLACE = re.compile(r"\b(?:campus|site|sites|antenne)\b.*$")  # « Campus de Rennes »: where, not which school
_LEVEL = re.compile(r"\bbac\+(\d)\b")
_GRADES = {"grade licence": 3, "grade master": 5}
# « Cette formation succède au BPJEPS … mention judo-jujitsu. »: the name it had before.
_SUCCEEDS = re.compile(r"\bsuccède\s+(?:au|à la|à l'|à l’)\s+([^.;(«]+)")
FUZZY_FLOOR = 0.8  # share of words in common for a link that is not exact
FUZZY_MARGIN = 0.1  # how far ahead the best record must be
DETAIL_FLOOR = 0.34  # share of words in common for an option or parcours that is not written the same


def _acronyms(formation: Formation) -> tuple[str, ...]:
    """The acronyms a record's name writes and its aliases do not: each names the record as its
    sigle would (« CPGE PCSI » is the « classe préparatoire PCSI : physique, chimie et sciences de
    l'ingénieur »). A type's own acronym (« BTS ») leaves no word once the type's words are dropped."""
    found = (a for a in _NAMED_ACRONYM.findall(formation.name) if sum(c.isalpha() for c in a) >= 2)
    return tuple(dict.fromkeys(a for a in found if a not in formation.aliases))


def by_prefix(entries: Iterable, text: str):
    """The entry of ``entries`` (filières, groups: anything with a ``prefix``) whose prefix starts
    ``text``, normalised; the longest wins (« bts agricole » before « bts »). None when none does."""
    key = normalize(text)
    best = None
    for entry in entries:
        if (key == entry.prefix or key.startswith(entry.prefix + " ")) and (best is None or len(entry.prefix) > len(best.prefix)):
            best = entry
    return best


class Split(msgspec.Struct, frozen=True, gc=False):
    """One reading of a label: its mention's stems (also in order) and its detail's; ``marker``: the
    kind of detail (« option », « parcours ») its first word says, or "" for a detail that says how
    or where the formation is followed (« Entièrement en distanciel », « Portail Louis Pasteur »)."""

    main: frozenset[str]
    detail: frozenset[str]
    order: tuple[str, ...]
    marker: str
    portal: bool = False  # the mention is a « Portail », a first year that may lead to several mentions
    parts: tuple[frozenset[str], ...] = ()  # the detail's parts, when they are the file's own
    spans: bool = False  # the mention is read across several of the file's parts


class Label:
    """A label read: its filière; its readings, the one with the longest mention first (and the same
    with the filière's domain kept); whether it is a double diploma; the level it states (« Bac + 5 »,
    « Grade Master »), if any; all its words; the words its brackets spell out (« MI (Informatique,
    Mathématiques) »), which the readings leave out."""

    def __init__(
        self,
        filiere: Filiere | None,
        splits: Sequence[Split] = (),
        whole: Sequence[Split] = (),
        *,
        double: bool = False,
        level: int | None = None,
        words: frozenset[str] = frozenset(),
        spelled: frozenset[str] = frozenset(),
    ) -> None:
        self.filiere = filiere
        self.splits = tuple(splits) or (Split(frozenset(), frozenset(), (), ""),)
        self.whole = tuple(whole)  # read with the filière's domain as the mention's start
        self.double = double
        self.level = level
        self.words = words
        self.spelled = spelled  # what its brackets spell out (an acronym's words, a common core)

    @property
    def main(self) -> frozenset[str]:
        return self.splits[-1].main

    @property
    def detail(self) -> frozenset[str]:
        return self.splits[-1].detail


class Linker:
    """Links offers to the formation records of one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.analyzer = dataset.analyzer
        referential = dataset.referential
        self.filieres = referential.psup_filieres
        # Words of a type's names, and of the filières that name it (« certificat de capacité »):
        # they say the type, not which formation of it.
        self.type_words: dict[str, frozenset[str]] = {}
        for kind in referential.formation_types:
            words = " ".join((kind.code, kind.name, *kind.aliases, *(f.prefix for f in self.filieres if kind.code in f.types)))
            self.type_words[kind.code] = frozenset(self.analyzer.terms(words))
        aside = referential.psup_words  # the words set aside (parcoursup.toml)
        self.neutral = frozenset(self.analyzer.stem(w) for w in aside.neutral)
        self.double_words = frozenset(self.analyzer.stem(w) for w in aside.double)
        self.school_words = frozenset(self.analyzer.terms(" ".join(aside.school)))
        self.access_words = frozenset(self.analyzer.terms(" ".join(aside.access)))
        self.rewrites = [(normalize(old), normalize(new)) for old, new in referential.psup_rewrites]
        self.by_type: dict[str, list[Formation]] = {}
        for formation in dataset.formations.values():
            self.by_type.setdefault(formation.type, []).append(formation)
        self._links: dict[tuple, tuple[str, ...]] = {}
        self._word_terms: dict[str, tuple[str, ...]] = {}
        self._drops: dict[tuple[str, ...], frozenset[str]] = {}
        self._by_first: dict[str, list[Filiere]] = {}  # the filières by the first word of their prefix
        for filiere in self.filieres:
            self._by_first.setdefault(filiere.prefix.split()[0], []).append(filiere)
        self._labels: dict[tuple[str, ...], Label] = {}
        self._names: dict[str, Names] = {}
        self._schools: dict[str, Schools] = {}

    # -- reading --------------------------------------------------------------------------------

    def _drop(self, types: tuple[str, ...]) -> frozenset[str]:
        """The words that say nothing of which formation of ``types`` it is."""
        found = self._drops.get(types)
        if found is None:
            drop = set(self.neutral | self.double_words)
            for code in types:
                drop |= self.type_words.get(code, frozenset())
            found = self._drops[types] = frozenset(drop)
        return found

    def _words(self, text: str) -> list[str]:
        """``text`` normalised, without what is in brackets, with the files' own spellings rewritten."""
        text = f" {normalize(_BRACKETS.sub(' ', text))} "  # « (PASS) », « Technicien(ne) »
        for old, new in self.rewrites:
            text = text.replace(f" {old} ", f" {new} ")
        return text.split()

    def _cut(self, words: Sequence[str], drop: AbstractSet[str]) -> int:
        """Where the detail starts in ``words``: the first « option », « parcours »… after a word that
        names something (« BPJEPS spécialité éducateur sportif mention … option … »)."""
        named = False
        for position, word in enumerate(words):
            if word in _MARKERS and named:
                return position
            if not named and word not in _MARKERS:
                named = any(s not in drop for s in self._terms(word))
        return len(words)

    def _stems(self, words: Iterable[str], drop: AbstractSet[str]) -> tuple[str, ...]:
        return tuple(s for word in words for s in self._terms(word) if s not in drop)

    def _terms(self, word: str) -> tuple[str, ...]:
        """The stems of one normalised word (« bac+5 » has one), each word stemmed once."""
        found = self._word_terms.get(word)
        if found is None:
            found = self._word_terms[word] = tuple(self.analyzer.terms(word))
        return found

    def read(self, offer: Offer) -> Label:
        key = offer.parts or (offer.label,)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = self._read(key)
        return label

    def _read(self, parts: tuple[str, ...]) -> Label:
        pieces = [self._words(part) for part in parts]
        full = " ".join(w for words in pieces for w in words)
        filiere = by_prefix(self._by_first.get(full.split(" ", 1)[0], ()), full)
        if filiere is None:
            return Label(None)
        raw = f" {normalize(' '.join(parts))} "
        double = bool(_DOUBLE_SAID.search(raw))
        level = next((int(m.group(1)) for m in _LEVEL.finditer(raw)), None)
        level = level or next((n for grade, n in _GRADES.items() if f" {grade} " in raw), None)
        # The words after the filière's prefix, with the part each comes from; then without its domain.
        tokens = [(word, number) for number, words in enumerate(pieces) for word in words][len(filiere.prefix.split()) :]
        drop = self._drop(filiere.types)
        splits: list[Split] = []
        size = 0
        for domain in sorted(filiere.domains, key=len, reverse=True):
            if " ".join(w for w, _n in tokens[: len(domain.split())]) == domain:
                size = len(domain.split())
                splits = self._splits(tokens[size:], drop)
                break
        # Read with the domain too, as the start of a mention (« BTS   Maritime   Pêche… »).
        whole = self._splits(tokens, drop, beyond=size)
        words = frozenset(s for split in splits or whole for s in split.main | split.detail)
        spelled = frozenset(self._stems(normalize(" ".join(_spelled(" ".join(parts)))).split(), drop))
        return Label(filiere, splits or whole, whole if splits else (), double=double, level=level, words=words, spelled=spelled)

    def _splits(self, tokens: list[tuple[str, int]], drop: AbstractSet[str], beyond: int = 0) -> list[Split]:
        """The readings of a label's words (after its filière): its first part as the mention, then
        its first two parts…, the longest first; only mentions of more than ``beyond`` words."""
        groups: list[list[str]] = []
        last = None
        for word, number in tokens:
            if number != last:
                groups.append([])
                last = number
            groups[-1].append(word)
        # A part that starts with « mention » goes on with the mention (« Spécialité éducateur
        # sportif   Mention activités de la forme »).
        merged: list[list[str]] = []
        for group in groups:
            if len(merged) == 1 and group[0] == "mention":
                merged[-1] = merged[-1] + group
            else:
                merged.append(group)
        stems = [self._stems(group, drop) for group in merged]
        splits = []
        for end in range(len(merged), 0, -1):
            mention = [w for group in merged[:end] for w in group]
            if len(mention) <= beyond:
                break
            cut = self._cut(mention, drop)
            after = [s for group in stems[end:] for s in group]
            if cut == len(mention):  # the detail is the next parts, as the file cuts them
                order = tuple(s for group in stems[:end] for s in group)
                detail, parts = frozenset(after), tuple(frozenset(group) for group in stems[end:])
                marker = _MARKERS.get(merged[end][0], "") if end < len(merged) else ""
            else:
                order = self._stems(mention[:cut], drop)
                detail, parts = frozenset(self._stems(mention[cut:], drop)) | frozenset(after), ()
                marker = _MARKERS[mention[cut]]
            splits.append(Split(frozenset(order), detail, order, marker, mention[0] == "portail", parts, end > 1))
        return splits

    # -- linking ----------------------------------------------------------------------------------

    def link(self, offer: Offer) -> tuple[str, ...]:
        """The ids of the records ``offer`` is, or () when its label does not say which."""
        label = self.read(offer)
        if label.filiere is None or not label.filiere.link:
            return ()
        key = (offer.parts or (offer.label,), offer.etablissement if label.filiere.by_school else None)
        found = self._links.get(key)
        if found is None:
            if label.filiere.by_school:
                found = self._school(offer.etablissement, label)
            else:
                found = self._link(label)
            self._links[key] = found
        return found

    def _index(self, filiere: Filiere) -> Names:
        """The names of the records of the filière's types, read as the filière's labels are."""
        found = self._names.get(filiere.prefix)
        if found is None:
            names = []
            drop = self._drop(filiere.types)
            for code in filiere.types:
                for formation in self.by_type.get(code, ()):
                    double = bool(_DOUBLE_SAID.search(normalize(formation.name)))
                    acronyms = _acronyms(formation)
                    written = [(name, False) for name in (formation.name, *formation.aliases, *acronyms)]
                    written += [(name, True) for name in _former_names(formation.description)]
                    for name, former in written:
                        words = self._words(name)
                        cut = self._cut(words, drop)
                        order = self._stems(words[:cut], drop)
                        if not order and name in acronyms:
                            continue  # the type's own acronym (« BTS »)
                        names.append(Name(formation, frozenset(order), frozenset(self._stems(words[cut:], drop)), order, double, former))
            found = self._names[filiere.prefix] = Names(names)
        return found

    def _link(self, label: Label) -> tuple[str, ...]:
        assert label.filiere is not None
        index = self._index(label.filiere)
        double = label.double
        if not label.main and not label.detail:  # « Architecture »: the filière is the formation
            alone = index.alone.get(double, set())
            return tuple(alone) if len(alone) == 1 else ()
        for split in (*label.splits, *label.whole):  # the longest mention first
            same = index.by_main.get((double, split.main), []) if split.main else []
            if same:
                if not split.marker and (split.detail or label.spelled) and self._several(split, same, index, double, label.spelled):
                    return ()
                if split.portal and self._joined(split, label, same, index, double):
                    return ()
                current = [n for n in same if not n.former]
                return self._detail(split, current or same)
        split = label.splits[-1]
        if len(split.main) >= 2:
            # A mention whose cards all add their parcours to its name (« STAPS management du sport »).
            wider = index.by_start.get((double, split.order), [])
            if wider:
                if split.detail:  # « Parcours éducation et motricité / management du sport »
                    named = [n for n in wider if n.main - split.main <= split.detail]
                    if named:
                        return _ids(named)
                    closest = _best([(n, _overlap(split.detail, n.main - split.main)) for n in wider], DETAIL_FLOOR)
                    if closest is not None:
                        return _ids([closest])
                return _ids(wider)
        return self._closest(index, split, double)

    def _several(self, split: Split, same: list[Name], index: Names, double: bool, spelled: frozenset[str] = frozenset()) -> bool:
        """The detail names other mentions: a portail that leads to several (« Portail Physique
        Licence Mécanique / Licence Physique », « Portail Mathématiques   MI (Informatique,
        Mathématiques) »: what brackets spell out counts), or parts that are mentions of their own
        (« Classe préparatoire universitaire Mathématiques   Physique   Informatique »)."""
        ids = {n.formation.id for n in same}
        named = [n for part in split.parts for n in index.by_main.get((double, part), [])]
        if split.portal:
            named += index.within(split.detail | spelled, double)
        return any(n.formation.id not in ids and not n.main <= split.main for n in named)

    def _joined(self, split: Split, label: Label, same: list[Name], index: Names, double: bool) -> bool:
        """A portail whose words are those of two mentions or more with records of their own leads to
        them (« Portail Mathématiques   Mathématiques Informatique », « Portail Mathématiques
        Informatique (MI) »: the licences of mathématiques and of informatique), though a record be
        named with all its words — unless the label writes that record's name, in its order, in one
        part (« Portail Physique, chimie » is the licence mention physique, chimie)."""
        if any(not r.spans and r.main == split.main and any(n.order == r.order for n in same) for r in (*label.splits, *label.whole)):
            return False
        ids = {n.formation.id for n in same}
        parts = [n.main for n in index.within(split.main, double) if n.formation.id not in ids and n.main < split.main and not n.detail]
        return len(set(parts)) >= 2 and frozenset().union(*parts) == split.main

    def _detail(self, split: Split, same: list[Name]) -> tuple[str, ...]:
        """Among the records of the label's mention, those its detail names."""
        if split.detail:
            detailed = [n for n in same if n.detail == split.detail]
            # « Option A : informatique et réseaux   parcours Marine nationale »: the option is there.
            detailed = detailed or [n for n in same if n.detail and n.detail <= split.detail]
            if detailed:
                return _ids(detailed)
            closest = _best([(n, _overlap(split.detail, n.detail)) for n in same if n.detail], DETAIL_FLOOR)
            if closest is not None:
                return _ids([closest])
        plain = [n for n in same if not n.detail]
        if plain:
            return _ids(plain)
        parcours = all(_parcours(n.formation) for n in same)
        if split.marker == "option" and not parcours:
            return ()  # an option none of the records has (a « parcours Marine nationale » is no option)
        # No option named: the first year is common to the options or parcours of the mention —
        # unless one lone option card stands for it (« CPGE lettres » is not its cinema option).
        return _ids(same) if len({n.formation.id for n in same}) > 1 or parcours else ()

    def _closest(self, index: Names, split: Split, double: bool) -> tuple[str, ...]:
        """The one record whose words overlap the label's by ``FUZZY_FLOOR`` at least, ``FUZZY_MARGIN``
        ahead of any other. Only the records sharing a word with the label (or a word that starts one
        of its words, or that one of them starts) overlap it at all: those are the ones scored."""
        words = split.main | (split.detail if split.marker else frozenset())
        best: dict[str, float] = {}
        for position in sorted(index.sharing.overlapping(words)):
            name = index.names[position]
            if name.double == double:
                best[name.formation.id] = max(best.get(name.formation.id, 0.0), _overlap(words, name.main | name.detail))
        scored = sorted(((score, record_id) for record_id, score in best.items()), reverse=True)
        if not scored or scored[0][0] < FUZZY_FLOOR:
            return ()
        if len(scored) > 1 and scored[1][0] > scored[0][0] - FUZZY_MARGIN:
            return ()
        return (scored[0][1],)

    # -- a school's diploma -------------------------------------------------------------------------

    def _schools_of(self, filiere: Filiere) -> Schools:
        found = self._schools.get(filiere.prefix)
        if found is None:
            records = []
            for code in filiere.types:
                for formation in self.by_type.get(code, ()):
                    key = f" {normalize(formation.name)} "
                    school = key.split(" specialite ")[0]
                    for partner in _PARTNER:
                        school = school.split(partner)[0]
                    own = self.analyzer.keys(school)
                    aliases = (tuple(w for w, _s in self.analyzer.keys(normalize(a))) for a in formation.aliases)
                    records.append(
                        School(
                            formation,
                            tuple(self.analyzer.terms(key)),
                            tuple(s for _w, s in own),
                            frozenset(w for w, _s in own),
                            tuple(a for a in aliases if a),
                            school.strip(),
                            any(p in key for p in _PARTNER),
                            bool(_DOUBLE_SAID.search(key)),
                            " specialite " in key,
                        )
                    )
            found = self._schools[filiere.prefix] = Schools(records)
        return found

    def _school(self, etablissement: str, label: Label) -> tuple[str, ...]:
        """The diplomas of the school the establishment's name names, at the level the label states
        (« École nationale d'ingénieurs de Brest » → the ENIB's diploma)."""
        filiere = label.filiere
        assert filiere is not None
        if label.level is None:
            return ()
        drop = self._drop(filiere.types)
        text = _BRACKETS.sub(" ", etablissement)  # « (ex ESIEE Amiens) », « (Y SCHOOLS) »
        keys = self.analyzer.keys(_PLACE.sub("", normalize(text)))
        every = [s for _w, s in keys]
        distinct = [(w, s) for w, s in keys if s not in drop and s not in self.school_words]
        if not distinct:
            return ()
        capitals = {normalize(w) for w in re.findall(r"[^\W_]+", text) if len(w) >= 3 and w.isupper()}
        acronyms = {normalize(w) for w in re.findall(r"[^\W_]+", text) if len(w) <= 3 and w.isupper()}
        schools = self._schools_of(filiere)
        kinds = set(every) & self.school_words
        named, tail = schools.named(distinct, {w for w, _s in keys}, kinds, capitals)
        kept = [
            r
            for r in named
            if not r.partner
            and r.double == label.double
            and r.formation.level.bac_plus in (0, label.level)
            and (not filiere.entered_at_bac or r.formation.entry_level == 0)
        ]
        if not kept or len({r.school for r in kept}) > 1:
            return ()
        # The label's other words must be the records' (« Agroalimentaire 5 ans à Rennes »): they may
        # pick some of the school's spécialités, never name what the school's records do not.
        words = label.words - self.access_words - self.school_words - set(every)
        held = set().union(*(r.stems for r in kept))
        if not words <= held:
            return ()
        shared = set(kept[0].stems).intersection(*(r.stems for r in kept[1:]))
        if own := words - shared:
            kept = [r for r in kept if own & set(r.stems)]
        else:
            # No spécialité named: the school's own diploma, when it has one, is the one entered after
            # the bac; its spécialités are other diplomas (« Télécom Saint-Étienne » is not its
            # « spécialité photonique et informatique industrielle », entered after a bac+2).
            kept = [r for r in kept if not r.specialty] or kept
        if tail and (len(kept) > 1 or len(tail) > 2 or tail[0][0] in acronyms):
            # A campus (« ESAIP Angers »): which of the school's spécialités it teaches is not told;
            # more than a town's name, or another acronym (« ESIEE IT »): maybe another school.
            return ()
        return tuple(sorted(r.formation.id for r in kept))


def _spelled(text: str) -> list[str]:
    """What the brackets of ``text`` spell out: the words an acronym stands for (« MI (Informatique,
    Mathématiques) », « SvC (Sciences de la vie et Chimie) »: each of its letters starts one of them),
    a common core (« (tronc commun MPC : Mathématiques Physique Chimie) »). Not the other brackets
    (« Droit (Faculté de droit et science politique) »): they say where, or which faculty."""
    found = [m.group(1) for m in _COMMON_CORE.finditer(text)]
    for match in _ACRONYM.finditer(text):
        acronym, inside = match.groups()
        initials = {w[0] for w in normalize(inside).split()}
        if acronym[0].isupper() and len(acronym) >= 2 and set(normalize(acronym)) <= initials:
            found.append(inside)
    return found


def _parcours(formation: Formation) -> bool:
    """The record's name names a parcours (chosen after a common first year), not an option."""
    return " parcours " in f" {normalize(formation.name)} "


def _former_names(description: str) -> list[str]:
    """The names a card says its formation had before (« succède au BPJEPS … mention judo-jujitsu »);
    none when it succeeds several (« mentions … », « et ses 3 options »)."""
    if "succède" not in description:
        return []
    names = []
    for match in _SUCCEEDS.finditer(description):
        name = " ".join(match.group(1).split())
        if name and " et ses " not in f" {name} " and not re.search(r"\b(?:mentions|options|spécialités)\b", name):
            names.append(name)
    return names


class Spelling:
    """Puts back the accents and apostrophes the listing of formations drops (« Maintenance des
    systemes », « Diplome National d Art »): a word is spelt as the dataset's names (the curated
    records and the imported ONISEP cards) and the offers written with accents (the admissions
    export) spell it, when they spell it one way only (see :class:`~orient.text.Accents`)."""

    def __init__(self, dataset: Dataset, offers: Iterable[Offer] = ()) -> None:
        from ..typography import Accents

        texts: list[str] = []
        for formation in dataset.formations.values():
            texts += (formation.name, *formation.aliases, *(p.name for p in formation.parcours))
        for metier in dataset.metiers.values():
            texts += (metier.names.masculine, metier.names.feminine)
        for offer in offers:  # the admissions export is written with accents, the listing without
            if any(source.kind == "admissions" for source in offer.sources):
                texts += (offer.label, offer.etablissement, offer.statut, offer.region, offer.commune)
        self.accents = Accents(texts)

    def named(self, offer: Offer) -> Offer:
        """``offer`` with its label as shown (:attr:`Offer.name`); the label itself stays as the file gives it."""
        name = self.accents.restore(" ".join(offer.label.split()))
        return offer if name == offer.name else msgspec.structs.replace(offer, name=name)

    def offer(self, offer: Offer) -> Offer:
        """A row just read: its label named, its establishment, status and region spelt."""
        return msgspec.structs.replace(
            self.named(offer),
            etablissement=self.accents.restore(offer.etablissement),
            statut=self.accents.restore(offer.statut),
            region=self.accents.restore(offer.region),
        )


def written_prefix(text: str, prefix: str) -> str:
    """The words of ``text`` that make ``prefix`` once normalised: « D.E Infirmier », « d e » → « D.E »."""
    words = text.split()
    for end in range(1, len(words) + 1):
        key = normalize(" ".join(words[:end]))
        if key == prefix:
            return " ".join(words[:end])
        if not prefix.startswith(key):
            break
    return ""


def _best(scored: list[tuple[Name, float]], floor: float) -> Name | None:
    """The one name clearly ahead, scoring at least ``floor``; None otherwise."""
    scored = sorted(scored, key=lambda item: -item[1])
    if not scored or scored[0][1] < floor:
        return None
    if len(scored) > 1 and scored[1][1] > scored[0][1] - FUZZY_MARGIN and scored[1][0].formation.id != scored[0][0].formation.id:
        return None
    return scored[0][0]


def _ids(found: Iterable[Name]) -> tuple[str, ...]:
    return tuple(sorted({n.formation.id for n in found}))


def _overlap(ours: frozenset[str], theirs: frozenset[str]) -> float:
    """Share of words in common; a word cut short (« techn. », « exploit. ») meets the word it starts."""
    matched = 0
    for word in ours:
        if word in theirs or (len(word) >= SHORT and any(w.startswith(word) or word.startswith(w) for w in theirs if len(w) >= SHORT)):
            matched += 1
    return matched / (len(ours) + len(theirs) - matched)
