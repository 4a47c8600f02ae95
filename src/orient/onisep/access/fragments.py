"""Fragments of an access text (lines, list items, sentences) and the facts read from them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ...models import Route
from .patterns import ROUTE_WORDS
from .vocabulary import STOPWORDS, fold_keep

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EXPANSION = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\s*(\([A-ZÀ-Þ][^()]*\))")
# No access text, and no sentence of one, comes near these lengths (the longest of the corpus have 1,457 and
# 519 characters). Longer ones are not read, since the patterns' work grows with the length: they leave the
# card uncertain, its verdict unknown.
LONGEST_TEXT = 10_000
LONGEST_FRAGMENT = 2_000
_EXCERPT = 200  # characters of an over-long text or fragment kept to name it in the import report

_SENTENCE_END = re.compile(r"(?<![\s(][A-Z]\.)(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])|(?<=[a-zé]\.)(?=[A-ZÀ-ÖØ-Þ])")


def split_fragments(text: str) -> Iterator[Fragment]:
    """Lines, list items and sentences of an access text, cleaned of list marks and sub-headings."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^[-*•]\s*", "", line)
        line = " ".join(line.replace("\u00a0", " ").replace("\u202f", " ").split())
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if sentence and re.search(r"[A-Za-zÀ-ÿ]", sentence):
                yield Fragment(sentence)


def excerpt(text: str) -> str:
    """The start of an over-long text or fragment, on one line and cut between two words, to name it."""
    head = " ".join(text[: _EXCERPT * 2].split())
    if len(head) > _EXCERPT:
        cut = head.rfind(" ", 0, _EXCERPT + 1)
        head = head[: cut if cut > 0 else _EXCERPT]
    elif not text[_EXCERPT * 2 :].strip():
        return head  # the whole text
    return head.rstrip(" ,;:") + " […]"


class Fragment:
    """One sentence or list item: its text, folded text, and which characters were understood."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_keep(text)
        self.used = bytearray(len(text))
        self.later = False  # the fragment speaks of an entry after the first year
        self.bridged = False  # the bacs it names go through a mise à niveau (« tout autre bachelier… »)
        self.condition = False  # a sentence of conditions whose diplomas are read as ways in
        self.levels: list[int] = []  # the levels (bac+N) it names

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def use(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def unuse(self, start: int, end: int) -> None:
        self.used[start:end] = bytes(end - start)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` on characters nobody has used yet (and marks them used)."""
        for match in pattern.finditer(self.folded):
            found: re.Match[str] | None = match
            if match.end() > match.start() and not self.free(match.start(), match.end()):
                # An optional tail may run into understood text: retry without it.
                used = self.used.find(1, match.start(), match.end())
                found = pattern.match(self.folded, match.start(), used) if used > match.start() else None
            if found and found.end() > found.start() and self.free(found.start(), found.end()):
                self.use(found.start(), found.end())
                yield found

    def consume(self, pattern: re.Pattern[str]) -> None:
        """Mark what ``pattern`` matches as understood, without reading anything from it."""
        for _ in self.find(pattern):
            pass

    def leftover(self) -> list[str]:
        """Meaningful words nobody understood (names of schools and towns, capitalised, and the expansion
        of an acronym in brackets, « ENTE (École nationale des techniciens de l'équipement) », say nothing of access)."""
        chars = "".join(" " if used else ch for ch, used in zip(self.folded, self.used, strict=False))
        for match in _EXPANSION.finditer(self.text):
            chars = chars[: match.start(1)] + " " * (match.end(1) - match.start(1)) + chars[match.end(1) :]
        words = []
        for match in _WORD.finditer(chars.replace("'", " ")):
            word = match.group(0)
            if word in STOPWORDS or len(word) == 1:
                continue
            original = self.text[match.start() : match.end()]
            proper = original[:1].isupper() and (match.start() > 0 or any(ch.isupper() for ch in original[1:]))
            if proper and not ROUTE_WORDS.fullmatch(word):
                continue  # a proper noun or an acronym: ENVA, Toulouse, DCG, UniLaSalle opening its sentence
            words.append(word)
        return words


class Facts:
    """What the recognisers found in one text, before it becomes an :class:`Access`."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.selection: list[str] = []
        self.optional: list[str] = []  # modes the card says only some candidates meet (« voire tests »)
        self.age_min: int | None = None
        self.age_max: int | None = None
        self.age_note = ""
        self.requirements: list[str] = []
        self.recommendations: list[str] = []
        self.named = 0  # ways in named so far, repeats included
        self.others: Literal["possible", "bridge", "closed"] = "possible"
        self.parcoursup = False
        # Spécialités of the bac général a card advises (« Spécialités de bac général recommandées : … »).
        self.advised: list[str] = []
        # Options of a bac pro the card says are less suited (« l'option structure du bac pro aéronautique
        # étant moins adaptée »): they may apply, the other options of the same diploma are the planned way.
        self.less_suited: list[str] = []

    def route(self, route: Route) -> None:
        self.named += 1
        if route not in self.routes:
            self.routes.append(route)

    def select(self, mode: str, *, optional: bool = False) -> None:
        """A selection mode; ``optional`` when the card says it only some times (« dossier, voire
        tests et/ou entretien »): a mode said plainly anywhere is not optional."""
        if mode not in self.selection:
            self.selection.append(mode)
            if optional:
                self.optional.append(mode)
        elif not optional and mode in self.optional:
            self.optional.remove(mode)

    def require(self, condition: str) -> None:
        if condition not in self.requirements:
            self.requirements.append(condition)

    def recommend(self, advice: str) -> None:
        if advice not in self.recommendations:
            self.recommendations.append(advice)
