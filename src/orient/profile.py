"""A student's profile (bac track, spécialités, level, age) and how to read it from text.

``parse_bac("bac techno STI2D spécialité SIN")`` and ``parse_bac("sti2d sin")``
give the same answer; matching is exact on the referential's aliases once case,
accents and punctuation are folded. Fuzzy matching only proposes suggestions:
a typo is never silently taken for another bac.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any, TypeVar

import msgspec

from .errors import InputError
from .levels import level_label, parse_level, signed_minus
from .models import FormerSeries, Referential, Specialite, Track
from .text import checked_input, join_fr, normalize, suggest

# Characters in one profile field (--bac, each --specialite, --niveau, --age). The longest name a
# person may type, « bac pro » and a spécialité with its option, is about half of it.
MAX_FIELD = 200

# The highest level ``--niveau`` reads (bac+8: a doctorate).
MAX_LEVEL = 8

# Words people put around a bac name that carry no information of their own.
_FILLERS = frozenset(
    "bac baccalaureat techno technologique serie specialite specialites spe option options "
    "enseignement enseignements specifique de du des d l la le les en et avec voie filiere".split()
)


A = TypeVar("A")


def asked(question: Callable[..., A]) -> Callable[..., A]:
    """Mark ``question(profile, *args)`` as a question about a profile's spécialités whose answer
    depends only on the profile and the other arguments (a number, a yes or a no).

    A stand-in for a profile that notes what a verdict reads (``orient batch`` shares a verdict
    between the profiles that read the same) is asked the question itself, through its ``ask``
    method: it notes the answer, not the spécialités the question reads, so that every profile
    giving the same answer shares the verdict. A profile is simply answered."""

    @wraps(question)
    def ask(profile: Any, *args: Any) -> A:
        if type(profile) is Profile:
            return question(profile, *args)
        return profile.ask(question, args)

    return ask


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """Who the verdicts are computed for."""

    track: Track
    specialites: tuple[Specialite, ...] = ()
    level: int = 0  # years of higher education already validated (bac+N)
    age: int | None = None

    def describe(self) -> str:
        text = self.track.name
        if self.specialites:
            label = self.track.specialites_label
            if len(self.specialites) > 1:
                label += "s"
            text += f" {label} " + join_fr([specialite_label(self.track, s) for s in self.specialites], "et")
        if self.level > 0:
            text += f", niveau {level_label(self.level)}"
        return text

    @property
    def specialite_codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.specialites)

    @property
    def met_codes(self) -> frozenset[str]:
        """The spécialités a route may name for this profile: its own, and the diplomas its options belong to."""
        return frozenset(c for s in self.specialites for c in (s.code, s.group) if c)


class BacReader:
    """Reads bac tracks, spécialités and levels from what a person types."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential

    @cached_property
    def _track_aliases(self) -> dict[str, Track]:
        index: dict[str, Track] = {}
        for track in self.referential.tracks:
            for alias in (track.code, *track.aliases):
                index.setdefault(normalize(alias), track)
        return index

    @cached_property
    def _tracks_by_code(self) -> dict[str, Track]:
        return {t.code: t for t in self.referential.tracks}

    def track(self, code: str) -> Track | None:
        return self._tracks_by_code.get(code)

    @cached_property
    def _specialite_index(self) -> dict[str, dict[str, Specialite]]:
        return {}  # track code → folded alias → spécialité, built for a track when first needed

    def _specialite_aliases(self, track: Track) -> dict[str, Specialite]:
        aliases = self._specialite_index.get(track.code)
        if aliases is None:
            aliases = self._specialite_index[track.code] = {}
            for spec in track.specialites:
                for alias in (spec.code, spec.name, *spec.aliases):
                    aliases.setdefault(normalize(alias), spec)
        return aliases

    # -- bac --------------------------------------------------------------

    @cached_property
    def _former_aliases(self) -> dict[str, FormerSeries]:
        return {normalize(a): s for s in self.referential.former_series for a in (s.code, *s.aliases)}

    def former_series(self, text: str) -> FormerSeries | None:
        """The former série of the bac ``text`` names whole (« S », « bac STG »), if it names one: it is
        read as the track that succeeded it."""
        return self._former_aliases.get(normalize(text))

    def parse_bac(self, text: str) -> tuple[Track, tuple[Specialite, ...]]:
        """Read a bac such as ``STI2D SIN`` or ``bac pro photo``; a former série typed alone (« S »,
        « bac STG ») is read as the track that succeeded it (:meth:`former_series`)."""
        tokens = normalize(checked_input(text, "bac", MAX_FIELD)).split()
        if not tokens:
            raise InputError("bac.empty")
        former = self.former_series(text)
        if former is not None and (successor := self.track(former.track)) is not None:
            return successor, ()
        found = self._own_words(tokens, _find_phrases(tokens, self._track_aliases))
        tracks = {t.code: t for t, _span in found}
        if len(tracks) > 1:
            raise InputError("bac.several", text=text, tracks=sorted(tracks))
        if not tracks:
            raise self._unknown_bac(text, tokens)
        track = next(iter(tracks.values()))
        used = {i for _t, span in found for i in span}
        rest = [tok for i, tok in enumerate(tokens) if i not in used]
        specs = self._read_specialites(track, rest, original=text)
        return track, specs

    def _own_words(self, tokens: list[str], found: list[tuple]) -> list[tuple]:
        """Drop the track names that are words of a spécialité of another track found:
        « bac pro aviation générale » is the bac pro spécialité « aviation générale », not the bac général."""
        tracks = {t.code: t for t, _span in found}  # each track once, however often it is named
        if len(tracks) < 2:
            return found
        for code, track in tracks.items():
            own = {i for t, span in found if t.code == code for i in span}
            rest = ["" if i in own else tok for i, tok in enumerate(tokens)]
            covered = {i for _s, sp in _find_phrases(rest, self._specialite_aliases(track)) for i in sp}
            if all(t.code == code or set(sp) <= covered for t, sp in found):
                return [(t, sp) for t, sp in found if t.code == code]
        return found

    def _unknown_bac(self, text: str, tokens: list[str]) -> InputError:
        # A spécialité typed alone (« SIN », « photo ») points to its track.
        hints: list[str] = []
        for track in self.referential.tracks:
            if track.family not in ("techno", "pro"):
                continue
            found = _find_phrases(tokens, self._specialite_aliases(track))
            if found:
                hints.append(f"{short_name(track)} {found[0][0].code}")
        if not hints:
            choices = [t.code for t in self.referential.tracks] + list(self._track_aliases)
            for choice in suggest(text, choices, limit=3):
                named = self._track_aliases.get(normalize(choice))
                if named and short_name(named) not in hints:
                    hints.append(short_name(named))
        if set(tokens) & {"techno", "technologique"}:
            series = [t.code for t in self.referential.tracks if t.family == "techno"]
            return InputError("bac.series_missing", text=text, series=series)
        key = " ".join(tokens)
        for entry in self.referential.levels:  # a diploma of higher education (« BTS »): a level, not a bac
            if entry.bac_plus > 0 and key in {normalize(a) for a in entry.aliases}:
                return InputError("bac.is_level", text=text, bac_plus=entry.bac_plus)
        return InputError("bac.unknown", text=text, suggestions=hints)

    def _read_specialites(self, track: Track, tokens: list[str], *, original: str) -> tuple[Specialite, ...]:
        aliases = self._specialite_aliases(track)
        found = _find_phrases(tokens, aliases)
        used = {i for _s, span in found for i in span}
        leftover = [tok for i, tok in enumerate(tokens) if i not in used and tok not in _FILLERS]
        if leftover:
            raise self._unknown_specialite(track, " ".join(leftover))
        return tuple(dict.fromkeys(spec for spec, _span in found))

    def parse_specialites(self, track: Track, values: list[str]) -> tuple[Specialite, ...]:
        """Read ``--specialite`` values (each may hold several, comma-separated)."""
        aliases = self._specialite_aliases(track)
        out: list[Specialite] = []
        for value in values:
            whole = aliases.get(normalize(checked_input(value, "specialite", MAX_FIELD)))
            if whole is not None:  # a name with commas in it: « accompagnement, soins et services à la personne »
                out.append(whole)
                continue
            for part in value.split(","):
                key = normalize(part)
                if not key:
                    continue
                spec = aliases.get(key)
                if spec is None:
                    words = key.split()
                    found = _find_phrases(words, aliases)
                    used = {j for _s, sp in found for j in sp}
                    leftover = [t for i, t in enumerate(words) if i not in used]
                    if not found or any(t not in _FILLERS for t in leftover):
                        raise self._unknown_specialite(track, part.strip())
                    out.extend(s for s, _sp in found)
                else:
                    out.append(spec)
        return tuple(dict.fromkeys(out))

    def _unknown_specialite(self, track: Track, text: str) -> InputError:
        if not track.specialites:
            return InputError("specialite.none", text=text, bac=short_name(track), label=track.specialites_label)
        codes = [s.code for s in track.specialites]
        choices = codes + [a for s in track.specialites for a in (s.name, *s.aliases)]
        hints: list[str] = []
        for choice in suggest(text, choices, limit=3, margin=10):
            spec = self._specialite_aliases(track).get(normalize(choice))
            if spec and specialite_label(track, spec) not in hints:
                hints.append(specialite_label(track, spec))
        return InputError(
            "specialite.unknown",
            text=text,
            bac=short_name(track),
            track=track.code,
            label=track.specialites_label,
            codes=codes,
            suggestions=hints,
        )

    # -- profile ----------------------------------------------------------

    def parse_level(self, text: str) -> int:
        """Read ``--niveau`` (``bac+2``, ``L2``, ``BTS``…) as a number of years after the bac."""
        key = normalize(checked_input(text, "niveau", MAX_FIELD))
        if signed_minus(text):
            raise InputError("niveau.unknown", text=text, suggestions=[])
        for entry in self.referential.levels:
            if key in {normalize(a) for a in (entry.name, *entry.aliases)}:
                return entry.bac_plus
        value = parse_level(text)
        known = [e.bac_plus for e in self.referential.levels]
        low, high = min(known, default=0), max(known, default=0)
        if value is not None and 0 <= value <= MAX_LEVEL:
            return value
        if value is not None and value > MAX_LEVEL:
            raise InputError("niveau.out_of_range", text=text, low=low, high=max(high, MAX_LEVEL))
        labels = [a for e in self.referential.levels for a in e.aliases]
        hints = suggest(text, labels, limit=2, cutoff=85)
        raise InputError("niveau.unknown", text=text, suggestions=hints)

    def profile(
        self,
        bac: str,
        specialites: list[str] | None = None,
        niveau: str | None = None,
        age: int | str | None = None,
    ) -> Profile:
        track, specs = self.parse_bac(bac)
        if isinstance(age, str):
            checked_input(age, "age", MAX_FIELD)
            try:
                age = int(age.strip())
            except ValueError:
                raise InputError("age.not_a_number", text=age) from None
        specs = tuple(dict.fromkeys((*specs, *self.parse_specialites(track, specialites or []))))
        level = self.parse_level(niveau) if niveau else track.level
        if age is not None and not 10 <= age <= 99:
            raise InputError("age.out_of_range", age=age, low=10, high=99)
        return Profile(track=track, specialites=specs, level=level, age=age)


# -- how tracks are named: the one place ----------------------------------------------------
# By family, a track's name alone or after « votre » (« bac pro »), and in a listed route
# (« bac professionnel »). A série of the bac technologique goes by its code (« STI2D »;
# « bac STI2D » in a sentence or a route); another way (DAEU) by its code alone.
_FAMILY_NAMES = {"general": ("bac général", "bac général"), "pro": ("bac pro", "bac professionnel")}


def specialite_label(track: Track, spec: Specialite) -> str:
    """How a spécialité is named to a person: its code (SIN, MATHS), or for the bac pro its name (cuisine)."""
    return spec.name[:1].lower() + spec.name[1:] if track.family == "pro" else spec.code


def bac_phrase(track: Track) -> str:
    """A track after « votre » : « bac STI2D », « bac général », « bac pro », « DAEU »."""
    return f"bac {track.code}" if track.family == "techno" else short_name(track)


def short_name(track: Track) -> str:
    """How a person names a track in a sentence: ``STI2D``, ``bac général``, ``bac pro``."""
    if track.family == "techno":
        return track.code
    return _FAMILY_NAMES[track.family][0] if track.family in _FAMILY_NAMES else track.code


def route_name(track: Track) -> str:
    """A track as a listed way in: « bac STI2D », « bac général », « bac professionnel », « DAEU »."""
    if track.family == "techno":
        return f"bac {track.code}"
    return _FAMILY_NAMES[track.family][1] if track.family in _FAMILY_NAMES else track.code


_SHAPES: dict[int, tuple[dict, tuple[int, ...], frozenset[str]]] = {}  # id → (index, key lengths, first words)


def _shape(index: dict) -> tuple[tuple[int, ...], frozenset[str]]:
    """The lengths in words of ``index``'s keys, longest first, and the words its keys begin with."""
    shape = _SHAPES.get(id(index))
    if shape is None or shape[0] is not index:
        sizes = tuple(sorted({k.count(" ") + 1 for k in index if k}, reverse=True))
        shape = _SHAPES[id(index)] = (index, sizes, frozenset(k.split(" ", 1)[0] for k in index if k))
    return shape[1], shape[2]


def _find_phrases(tokens: list[str], index: dict) -> list[tuple]:
    """Greedy longest-first matching of token n-grams against ``index``.

    Returns ``(value, span)`` pairs, ``span`` being the token positions used. Only the lengths of the
    index's keys are tried, at positions holding a word a key begins with: the work grows linearly
    with the number of tokens.
    """
    found: list[tuple] = []
    used = [False] * len(tokens)
    sizes, firsts = _shape(index)
    for size in sizes:
        if size > len(tokens):
            continue
        for start in range(len(tokens) - size + 1):
            if tokens[start] not in firsts or any(used[start : start + size]):
                continue
            value = index.get(" ".join(tokens[start : start + size]))
            if value is not None:
                found.append((value, tuple(range(start, start + size))))
                used[start : start + size] = [True] * size
    found.sort(key=lambda item: item[1][0])
    return found
