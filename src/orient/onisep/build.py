"""Cards → formations and métiers of the dataset, with the links between them.

Identifiers are the ONISEP ids (``FOR.5810``, ``MET.262``). Métiers named on a
formation card are found by name, masculine and feminine forms alike, exactly
first and then with rapidfuzz; poursuites link to the formations whose full
name the text cites. Both look-ups go through indexes (:mod:`.names`), so that
the import grows with the number of cards, not with its square.

What a card gives alone (its texts tidied, its access text read, its national
rule) may be made as soon as it is read (:meth:`Builder.ahead`), while the next
cards are read; the links between cards are made once all are read
(:meth:`Builder.build`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import TYPE_CHECKING, TypeVar

import msgspec

from ..dataset import Dataset
from ..fields import generic_set, name_keys
from ..fit import DIPLOMA_ATTENDU
from ..levels import cec_bac_plus, parse_level
from ..models import Attendu, AttenduTag, Codes, Formation, FormationType, Level, Locution, Metier, Names, Poursuite, Source
from ..national import Types, complete
from ..prepare import prepare_completed
from ..text import fold, normalize
from ..typography import tidy
from .access import AccessParser, ParsedAccess
from .cards import CardProblem, FormationCard, MetierCard
from .names import CitedNames, CloseNames, firsts_best_elsewhere
from .salary import parse_salary

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

FUZZY_CUTOFF = 90.0
FALLBACK_TYPE = "autre"  # a type label no entry of ``data/diplomes.toml`` knows


_LEVEL = re.compile(r"niveau\s+(\d)")
_YEARS = re.compile(r"\s*(\d+(?:[.,]\d+)?)")
_RNCP = re.compile(r"rncp/(\d+)")


def formation_level(card: FormationCard, kind: FormationType | None) -> Level:
    match = _LEVEL.search(card.level)
    bac_plus = cec_bac_plus(int(match.group(1))) if match else None
    if match and bac_plus is not None:
        return Level(cec=int(match.group(1)), bac_plus=bac_plus)
    if kind is not None and kind.level is not None:
        return kind.level
    # Not certified: no level is claimed, so no later step is unlocked by it.
    return Level(cec=0, bac_plus=0)


class CardError(ValueError):
    """A card whose content cannot make a record: why, in French."""


MAX_YEARS = 15  # the longest studies ONISEP describes last about ten years


def card_years(duration: str) -> float:
    """« 2 ans », « 1,5 an », « 3ans » → the number of years; :class:`CardError` when there is none,
    or an implausible one."""
    match = _YEARS.match(duration)
    years = float(match.group(1).replace(",", ".")) if match else 0.0
    if not 0 < years <= MAX_YEARS:
        raise CardError(f"durée illisible ou invraisemblable « {duration[:40]} » (de 1 à {MAX_YEARS} ans)")
    return years


def expand_gender(name: str) -> tuple[str, str]:
    """``directeur/trice de la photo`` → (``directeur de la photo``, ``directrice de la photo``)."""
    masculine, feminine = [], []
    for word in name.split(" "):
        if "/" not in word:
            masculine.append(word)
            feminine.append(word)
            continue
        base, _, suffix = word.partition("/")
        masculine.append(base)
        if not suffix or not base:
            feminine.append(base or suffix)
        elif suffix in ("e", "ne", "le", "se", "te") or len(suffix) == 1:
            feminine.append(base + suffix)
        else:
            head = fold(suffix[0])
            cut = fold(base).rfind(head)
            feminine.append(base[:cut] + suffix if cut > 0 else base + suffix)
    return " ".join(masculine), " ".join(feminine)


class _MetierIndex:
    """Métiers by folded name, for linking formation cards to métier cards."""

    def __init__(self, metiers: Iterable[Metier]) -> None:
        self.by_name: dict[str, str] = {}
        for metier in metiers:
            for name in (metier.names.masculine, metier.names.feminine, *metier.other_names):
                self.by_name.setdefault(normalize(name), metier.id)
        self._close: CloseNames | None = None  # made when first needed: see ``find_elsewhere``
        self.cache: dict[str, str | None] = {}

    @property
    def close(self) -> CloseNames:
        if self._close is None:
            self._close = CloseNames(self.by_name, FUZZY_CUTOFF)
        return self._close

    def find(self, name: str) -> str | None:
        if name in self.cache:
            return self.cache[name]
        forms = _forms(name)
        found = self._exact(forms)
        if found is None:
            for form in forms[1:]:
                best = self.close.best(form)
                if best is not None:
                    found = self.by_name[best]
                    break
        self.cache[name] = found
        return found

    def _exact(self, forms: list[str]) -> str | None:
        for form in forms:
            if form in self.by_name:
                return self.by_name[form]
        return None

    def find_elsewhere(self, names: Iterable[str], pool: ProcessPoolExecutor, parts: int) -> Callable[[], None]:
        """Start finding ``names``: here those named exactly, by ``parts`` tasks of ``pool`` the others
        (the close names: most of the work). The function returned waits for the tasks and keeps
        what they found, for :meth:`find`; a name they could not look up is looked up there."""
        fuzzy: dict[str, list[str]] = {}
        for name in dict.fromkeys(names):
            if name in self.cache:
                continue
            try:
                forms = _forms(name)
                found = self._exact(forms)
            except Exception:  # noqa: BLE001  (looked up again by ``find``, for the card naming it)
                continue
            if found is not None:
                self.cache[name] = found
            else:
                fuzzy[name] = forms[1:]
        looked_up = list(fuzzy)
        size = -(-len(looked_up) // max(1, parts))
        chunks = [looked_up[i : i + size] for i in range(0, len(looked_up), size)] if looked_up else []
        every_name = list(self.by_name)
        jobs = [
            (chunk, pool.submit(firsts_best_elsewhere, msgspec.msgpack.encode((every_name, FUZZY_CUTOFF, [fuzzy[n] for n in chunk]))))
            for chunk in chunks
        ]

        def settle() -> None:
            for chunk, job in jobs:
                try:
                    bests = msgspec.msgpack.decode(job.result(), type=list[str | None])
                except Exception:  # noqa: BLE001  (a worker that failed or died: looked up by ``find``)
                    continue
                for name, best in zip(chunk, bests, strict=True):
                    self.cache[name] = self.by_name[best] if best is not None else None

        return settle


def _forms(name: str) -> list[str]:
    """A métier name as a card writes it, normalised, then its masculine and feminine forms."""
    return [normalize(f) for f in (name, *expand_gender(name))]


class _FormationNames:
    """Formations by full name, for finding the ones a poursuite text cites."""

    def __init__(self, formations: Iterable[tuple[str, str]]) -> None:
        keys = ((formation_id, normalize(name)) for formation_id, name in formations)
        # « master », « licence »: too general to name one formation
        self.names = CitedNames((formation_id, key) for formation_id, key in keys if len(key) >= 15 and " " in key)
        self._cited: dict[tuple[str, str], list[str]] = {}  # found ahead (see ``ahead``)

    def cited(self, text: str, own: str) -> list[str]:
        ahead = self._cited.pop((text, own), None)
        if ahead is not None:
            return ahead
        found = self.names.cited(normalize(text))
        found.discard(own)
        return sorted(found)

    def ahead(self, text: str, own: str) -> None:
        """Find now what :meth:`cited` will be asked (a failure is met again when it is)."""
        if text:
            try:
                self._cited[(text, own)] = self.cited(text, own)
            except Exception:  # noqa: BLE001  (raised again by ``cited``, for the card alone)
                pass


_SIGLE = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")  # « DCG », « DSCG », « STAPS »
SIGLE_CARDS = 8  # a sigle of more cards (« BTS ») names a kind of diploma, not one


def _sigles(cards: Iterable[FormationCard]) -> dict[str, list[tuple[str, str]]]:
    """The sigles of a few cards each: sigle → the ids and names of the cards that bear it."""
    found: dict[str, list[tuple[str, str]]] = {}
    for card in cards:
        if card.sigle:
            found.setdefault(card.sigle.strip(), []).append((card.onisep, card.name))
    return {sigle: ids for sigle, ids in found.items() if len(ids) <= SIGLE_CARDS}


@lru_cache(maxsize=64)  # one or two days per import
def _date_fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class AttenduTagger:
    """Tags an attendu with the labels whose keywords it holds (whole words, accents folded).

    A keyword inside a longer one the attendu holds counts only as part of it: « intérêt » in « sens
    de l'intérêt général » is not the interest in the field, « artistique » in « une pratique
    artistique » is not the culture; nor does a word inside a locution of the vocabulary
    (``locutions``: « physique » in « condition physique » is not physics). An attendu that asks for
    a given diploma (« Être titulaire du bac pro … ») gets none, unless it is one every bachelier
    meets: no skill stands for a diploma, so it stays « à vérifier »."""

    def __init__(self, tags: Iterable[AttenduTag], locutions: Iterable[Locution] = ()) -> None:
        self.tags = list(tags)
        # A locution is cited as a name whose id, below zero, says which of its words loses its sense.
        hidden = {
            (normalize(phrase), _lost_word(normalize(phrase), normalize(locution.word)))
            for locution in locutions
            for phrase in locution.phrases
        }
        self.keywords = CitedNames(
            [
                *((rank, normalize(k)) for rank, tag in enumerate(self.tags) for k in tag.keywords),
                *((-1 - word, phrase) for phrase, word in hidden),
            ]
        )
        self._tagged: dict[str, tuple[str, ...]] = {}  # by label: the attendus of a type come back card after card

    def __call__(self, label: str) -> tuple[str, ...]:
        tags = self._tagged.get(label)
        if tags is None:
            tags = self._tagged[label] = self._tag(label)
        return tags

    def _tag(self, label: str) -> tuple[str, ...]:
        words = normalize(label)
        spans = self.keywords.spans(words)
        keywords = [(start, end, [i for i in ids if i >= 0]) for start, end, ids in spans if max(ids) >= 0]
        # The words locutions hide, each with the locution's span.
        hidden = [(start, end, start - 1 - i) for start, end, ids in spans for i in ids if i < 0]
        ranks = {
            rank
            for start, end, found in keywords
            if not any(s <= start and end <= e and e - s > end - start for s, e, _ in keywords)  # inside a longer keyword
            and not any(s <= start <= word < end <= e and e - s > end - start for s, e, word in hidden)  # a word a locution hides
            for rank in found
        }
        found = [self.tags[rank] for rank in sorted(ranks)]
        if words.startswith(DIPLOMA_ATTENDU) and not any(t.met_by_bac for t in found):
            return ()
        return tuple(t.label for t in found)


def _lost_word(phrase: str, word: str) -> int:
    """The position in ``phrase`` of the word a locution takes the sense of (« physiques » in « épreuves
    physiques », « sociaux » in « réseaux sociaux »), the first word when none is close."""
    words = phrase.split(" ")
    return next((i for i, w in enumerate(words) if w == word or w.startswith(word[:-1])), 0)


def _storable(record: Formation | Metier) -> None:
    """Raise what storing ``record`` would raise (a number beyond 64 bits…): for its card alone, as
    it is built. The links added afterwards are ids, which any store holds."""
    msgspec.msgpack.encode(record)


class _Once(dict[str, str]):
    """What ``function`` gives for each text it is asked about, worked out once per text."""

    def __init__(self, function: Callable[[str], str]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, text: str) -> str:
        value = self[text] = self.function(text)
        return value


def _access_text(access: str) -> str:
    """A card's « Accès » section as the parser reads it: tidied, without its sub-headings."""
    return tidy("\n".join(line for line in access.splitlines() if not line.startswith("#")))


class Builder:
    """Turns a set of cards into records, linked with each other and with the curated dataset."""

    def __init__(self, embedded: Dataset, parser: AccessParser) -> None:
        self.embedded = embedded
        self.parser = parser
        self.tag_attendu = AttenduTagger(embedded.referential.attendu_tags, embedded.referential.locutions)
        self.curated_by_onisep = {
            **{f.codes.onisep: f.id for f in embedded.formations.values() if f.codes.onisep},
            **{s.onisep: m.id for m in embedded.metiers.values() for s in m.sources if s.onisep.startswith("MET.")},
        }
        self.interests = {fold(i.label): i.id for i in embedded.referential.interests}
        self.types = Types(embedded.referential)
        self.generic = generic_set(embedded.referential.generic_words)  # see ``_own``
        # Texts that come back card after card (a type's access text, attendus, statuts, a description
        # shared by the variants of a diploma) tidied once each.
        self.tidied = _Once(tidy)
        self.access_texts = _Once(_access_text)
        self.unknown_types: dict[str, int] = {}  # ONISEP type labels no type knows, with their counts
        self.failed: dict[str, CardProblem] = {}  # cards that could not be built, by id: reported, left out
        # What each card gives alone, made ahead (:meth:`ahead`), by id: the card, its day, and what
        # :meth:`_own` or :meth:`_metier_own` made of it, or what stopped them.
        self._ahead: dict[str, tuple[FormationCard | MetierCard, dt.date, object]] = {}

    def ahead(self, card: FormationCard | MetierCard, day: dt.date) -> None:
        """Make now what ``card`` gives alone (all but its links to other cards), for :meth:`build`
        to use: an import does it while the other cards are still being read. A card that cannot
        be made is reported by :meth:`build`, as if made there."""
        try:
            made: object = self._own(card, day) if isinstance(card, FormationCard) else self._metier_own(card, day)
        except Exception as exc:  # noqa: BLE001  (raised again by ``build``, which says what it does with it)
            made = exc
        self._ahead[card.onisep] = (card, day, made)

    def _made(self, card: FormationCard | MetierCard, day: dt.date) -> object:
        """What :meth:`ahead` made of ``card`` for ``day`` (raised again if it failed), None if nothing."""
        ahead = self._ahead.pop(card.onisep, None)
        if ahead is None or ahead[0] is not card or ahead[1] != day:
            return None
        if isinstance(ahead[2], Exception):
            raise ahead[2]
        return ahead[2]

    def build(
        self, formations: list[FormationCard], metiers: list[MetierCard], dates: dict[str, dt.date]
    ) -> tuple[list[Formation], list[Metier], dict[str, ParsedAccess]]:
        """Records for every card; ``dates``: the import day of each card id."""
        records, metier_records, parsed = self.build_linked(formations, metiers, dates)
        return self.prepared(records), metier_records, parsed

    def prepared(self, records: list[Formation]) -> list[Formation]:
        """The formations :meth:`build_linked` gives with their field keys and feeders (see
        :func:`~orient.prepare.prepare`)."""
        return prepare_completed(records, self.embedded.referential, self.embedded.formations.values())

    def build_linked(
        self,
        formations: list[FormationCard],
        metiers: list[MetierCard],
        dates: dict[str, dt.date],
        pool: ProcessPoolExecutor | None = None,
        parts: int = 2,
    ) -> tuple[list[Formation], list[Metier], dict[str, ParsedAccess]]:
        """:meth:`build` but the formations' field keys and feeders (:meth:`prepared` gives them);
        ``pool``: worker processes to share some of the work with, in ``parts`` tasks."""
        known = {c.onisep for c in formations}
        metier_records = []
        for metier_card in metiers:
            metier = self._guarded(metier_card, partial(self._metier, metier_card, known, dates[metier_card.onisep]))
            if metier is not None:
                metier_records.append(metier)
        index = _MetierIndex([*self.embedded.metiers.values(), *metier_records])  # curated names first
        # The close names of métiers, the longest look-ups, by worker processes while the poursuites are found here.
        settle = index.find_elsewhere((n for c in formations for n in c.metiers), pool, parts) if pool is not None else None
        names = _FormationNames([(c.onisep, c.name) for c in formations] + [(f.id, f.name) for f in self.embedded.formations.values()])
        metier_records = self._named_in_access(metier_records, metiers, names, _sigles(formations))
        if settle is not None:
            for card in formations:
                names.ahead(card.poursuites, card.onisep)
            settle()
        parsed: dict[str, ParsedAccess] = {}
        records = []
        for card in formations:
            built = self._guarded(card, partial(self._formation, card, index, names, dates[card.onisep]))
            if built is None:
                continue
            record, result = built
            records.append(record)
            if result is not None:
                parsed[card.onisep] = result
        if self.failed:  # links to a card left out lead nowhere
            left_out = set(self.failed)
            metier_records = [
                msgspec.structs.replace(m, formations=tuple(f for f in m.formations if f not in left_out))
                if not left_out.isdisjoint(m.formations)
                else m
                for m in metier_records
            ]
            records = [
                msgspec.structs.replace(f, poursuites=tuple(p for p in f.poursuites if p.formation not in left_out))
                if any(p.formation in left_out for p in f.poursuites)
                else f
                for f in records
            ]
        return records, metier_records, parsed

    def _named_in_access(
        self, records: list[Metier], cards: list[MetierCard], names: _FormationNames, sigles: dict[str, list[tuple[str, str]]]
    ) -> list[Metier]:
        """Métiers whose card recommends no formation, linked to the formations their « Accès au
        métier » text names in full (« diplôme d'État de docteur en chirurgie dentaire » for the
        orthodontiste), or by a sigle of a few cards (``sigles``: sigle → their ids and names) that
        share a word of the métier's name (« DCG » and « DSCG », the diplômes de comptabilité, for
        the expert-comptable; not « DEC »: his diplôme d'expertise comptable, and in the corpus the
        diplôme d'études chorégraphiques)."""
        access = {c.onisep: c.access for c in cards if c.access}
        if not any(not m.formations and m.id in access for m in records):
            return records
        out = []
        for metier in records:
            text = access.get(metier.id, "")
            if not metier.formations and text:
                found = names.cited(text, "")
                wanted = name_keys(metier.name, self.generic)
                for sigle in dict.fromkeys(_SIGLE.findall(text)):
                    found += [i for i, name in sigles.get(sigle, ()) if i not in found and wanted & name_keys(name, self.generic)]
                if found:
                    metier = msgspec.structs.replace(metier, formations=tuple(self.curated_by_onisep.get(i, i) for i in found))
            out.append(metier)
        return out

    def _guarded(self, card: FormationCard | MetierCard, build: Callable[[], T]) -> T | None:
        """``build()`` for one card; a card it fails on is reported (file, why) and left out, the others go on."""
        try:
            built = build()
        except CardError as exc:
            self._fail(card, str(exc))
            return None
        except OverflowError:
            self._fail(card, "un nombre y est trop grand pour être enregistré")
            return None
        except (ValueError, ArithmeticError, RecursionError) as exc:
            self._fail(card, f"elle n'a pas pu être convertie (erreur interne {type(exc).__name__} : {str(exc)[:200]})")
            return None
        return built

    def _fail(self, card: FormationCard | MetierCard, why: str) -> None:
        self.failed[card.onisep] = CardProblem(card.file or card.onisep, 0, f"fiche ignorée : {why}")

    def _formation(
        self, card: FormationCard, index: _MetierIndex, names: _FormationNames, day: dt.date
    ) -> tuple[Formation, ParsedAccess | None]:
        made = self._made(card, day)
        formation, result = made if isinstance(made, tuple) else self._own(card, day)
        metiers: list[str] = []
        for name in card.metiers:
            found = index.find(name)
            if found and found not in metiers:
                metiers.append(found)
        poursuites = tuple(Poursuite(formation=i) for i in names.cited(card.poursuites, card.onisep)) if card.poursuites else ()
        if metiers or poursuites:
            formation = msgspec.structs.replace(formation, metiers=tuple(metiers), poursuites=poursuites)
        return formation, result

    def _own(self, card: FormationCard, day: dt.date) -> tuple[Formation, ParsedAccess | None]:
        """The record of a formation card without its links to other cards (métiers, poursuites),
        and its access text as read."""
        # A card named exactly as a diploma of the referential is that diploma, whatever broader
        # type it is filed under (the DCG is filed as a « formation d'école spécialisée »).
        kind = self.types.find(card.name) or self.types.of_onisep(card.type)
        if kind is None:
            self.unknown_types[card.type] = self.unknown_types.get(card.type, 0) + 1
        type_ = kind.code if kind is not None else FALLBACK_TYPE
        source = f"fiche ONISEP {card.onisep} importée le {_date_fr(day)}"
        access_text = self.access_texts[card.access]
        result = self.parser.parse(access_text, source=source) if access_text else None
        access = result.access if result else None
        rncp = _RNCP.search(card.link)
        sources = [
            Source(
                label=f"Fiche ONISEP {card.onisep}, importée le {_date_fr(day)}",
                onisep=card.onisep,
                url=f"https://www.onisep.fr/http/redirection/formation/slug/{card.onisep}",
            )
        ]
        if card.link:
            sources.append(Source(label="Référentiel du diplôme" if not rncp else f"Fiche RNCP{rncp.group(1)}", url=card.link))
        level = formation_level(card, kind)
        name = tidy(card.name)
        formation = Formation(
            id=card.onisep,
            name=name,
            aliases=(self.tidied[card.sigle],) if card.sigle and self.tidied[card.sigle] != name else (),
            type=type_,
            codes=Codes(scolarite=card.scolarite, rncp=f"RNCP{rncp.group(1)}" if rncp else "", onisep=card.onisep),
            duration_years=card_years(card.duration),
            level=level,
            description=self.tidied[card.description] or "La fiche ne donne pas de description.",
            access=access,
            attendus=tuple(Attendu(label=a, tags=self.tag_attendu(a)) for a in attendu_labels(card.attendus, self.tidied.__getitem__)),
            poursuites_note=self.tidied[card.poursuites],
            sources=tuple(sources),
            checked=day,
            imported=day,
            access_text=access_text,
        )
        # Its national rule and entry level (see :func:`~orient.prepare.prepare`), which its links do not change.
        formation = complete(formation, self.types)
        _storable(formation)
        # What the indexes made once every card is read look this card up by (the names poursuites
        # cite, the name index, the keys of its field) worked out now, while the next cards are read:
        # ``normalize`` and ``name_keys`` keep what they give.
        for text in (card.name, name, f"{type_} {name}", *formation.aliases):
            normalize(text)
        name_keys(name, self.generic)
        return formation, result

    def _metier(self, card: MetierCard, known: set[str], day: dt.date) -> Metier:
        made = self._made(card, day)
        metier = made if isinstance(made, Metier) else self._metier_own(card, day)
        formations = []
        for onisep in card.formations:
            target = self.curated_by_onisep.get(onisep) or (onisep if onisep in known else None)
            if target and target not in formations:
                formations.append(target)
        return msgspec.structs.replace(metier, formations=tuple(formations))

    def _metier_own(self, card: MetierCard, day: dt.date) -> Metier:
        """The record of a métier card without its links to formations."""
        masculine, feminine = tidy(card.masculine), tidy(card.feminine)
        metier = Metier(
            id=card.onisep,
            names=Names(feminine=feminine, masculine=masculine),
            other_names=other_names(card.other_names, (masculine, feminine)),
            rome=card.rome,
            description=self.tidied[card.description] or "La fiche ne donne pas de description.",
            min_level=metier_level(card.min_level),
            formations=(),
            interests=tuple(dict.fromkeys(i for i in (self.interests.get(fold(x)) for x in card.interests) if i)),
            statuts=tuple(self.tidied[s] for s in card.statuts),
            salary=parse_salary(card.salary),
            sources=(
                Source(
                    label=f"Fiche métier ONISEP {card.onisep}, importée le {_date_fr(day)}",
                    onisep=card.onisep,
                    url=f"https://www.onisep.fr/http/redirection/metier/slug/{card.onisep}",
                ),
            ),
            checked=day,
            imported=day,
            access_text=self.tidied[card.access],
        )
        _storable(metier)
        for text in (masculine, feminine, *metier.other_names):  # as for a formation card (see ``_own``)
            normalize(text)
        return metier


# The verbs attendus start with whose capital the cards write without its accent (« Etre », « Elaborer »).
_CAPITAL_ACCENT = re.compile(r"^E(?=(?:tre|laborer|crire|changer|couter|valuer|voluer|tablir|mettre|veiller|largir|prouver)\b)")


def attendu_labels(items: Iterable[str], tidied: Callable[[str], str] = tidy) -> tuple[str, ...]:
    """Attendus as shown: tidied (by ``tidied``), no list punctuation left at their ends, the accent
    of their first capital put back (« Être », « Élaborer »), each once."""
    labels = (_CAPITAL_ACCENT.sub(_accented_e, tidied(item).rstrip(",;").rstrip()) for item in items)
    return tuple(dict.fromkeys(label for label in labels if label))


def _accented_e(match: re.Match[str]) -> str:
    return "Ê" if match.string.startswith("Etre") else "É"


def other_names(names: Iterable[str], own: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A métier's other names, each a name: tidied, without the « Féminin: » / « Masculin: » labels
    of the cards' lists, each once and none repeating the métier's own names."""
    out: dict[str, None] = {}
    for name in names:
        key, colon, value = name.partition(":")
        name = tidy(value if colon and key.strip() in ("Féminin", "Masculin") else name)
        if name and name not in own:
            out[name] = None
    return tuple(out)


def metier_level(label: str) -> str:
    """ONISEP's « bac + 5 », « CAP ou équivalent », « 3E » → the dataset's « bac+5 », « CAP », « 3e »."""
    key = normalize(label).replace(" ou equivalent", "")
    key = re.sub(r" \+ ?1 an$| et plus$", "", key)
    if key == "3e" or parse_level(key) is None:
        return {"3e": "3e", "cap": "CAP", "sans diplome": "sans diplôme", "diplome national du brevet": "brevet"}.get(key, "")
    if key == "cap":
        return "CAP"
    return key
