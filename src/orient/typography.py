"""Typography of imported text: what the importers do once to the text of cards and files.

:func:`tidy` writes a card's text as French typography does (single spaces, none before a comma,
sentences not glued together); :class:`Accents` puts back the accents a file written without them
dropped. Only the importers use them: commands never import this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .text import fold

# -- tidying imported text ------------------------------------------------------------------------
# Every pattern starts with the character it is about, so that a line is scanned fast; what must
# come before it is checked on the few places found.

# A run of blanks: two or more, or one no-break space among regular ones (« sportif\xa0 comportent »).
_BLANKS = re.compile(r"[ \t\u00a0\u202f]{2,}")
_SPACE_BEFORE_COMMA = re.compile(r" +(?=,)")
_DOUBLE_COMMA = re.compile(r",(?:\s*,)+")
_GLUED_COMMA = re.compile(r",(?=[A-Za-zÀ-ÿŒœ])")
# « démographie.... », « associées. . Il »
_EXTRA_DOTS = re.compile(r"\.(?:\.{3,}|[ \t]+\.(?![.\w]))")
_STOP_AFTER_ELLIPSIS = re.compile(r"(?:\.\.\.?|…)[ \t]+\.(?![.\w])")  # « etc... . », « tourisme.. . »
_SPACE_BEFORE_ELLIPSIS = re.compile(r" +(?=\.\.\.|…)")
# A full stop after a space, closing a sentence (not « .NET », not the start of « ... »).
_SPACE_BEFORE_STOP = re.compile(r" +(?=\.(?:\s|$|[)»\"]))")
# « paysage .Lors de » : the stop before the space instead of after it (never « Java, .Net, PHP »).
_STOP_ON_NEXT_WORD = re.compile(r" \.(?=[A-ZÀ-Ý][a-zà-ÿ'’]* [a-zà-ÿ])")
_SPACE_INSIDE_BRACKETS = re.compile(r"\( +| +\)")
# A sentence glued to the one before: « projets.Le BUT », « (moutons).En », « etc...Il ». The next
# sentence starts with a capital and a small letter or an apostrophe (« L'élève »); before the stop,
# a word of small letters (« 3e » too), a bracket, an ellipsis or an acronym of three capitals —
# never one capital (« M.Sc », « B.U.T. », « L.AS »).
_GLUED_SENTENCE = re.compile(r"[.!?;](?=[A-ZÀ-ÝŒ][a-zà-ÿœ'’])")
_BEFORE_SENTENCE_END = re.compile(r"(?:[a-zà-ÿœ]{2}|\d[a-zà-ÿ]|[)»\]]|\.\.|…|[A-Z]{3})$")
_SMALL = re.compile(r"[a-zà-ÿœ)]")
# What a token must not hold for its punctuation to be touched: an address, a file, a domain.
_URLISH = re.compile(r"://|www\.|@|/|\\|_|\.(?:fr|com|org|net|eu|gouv|pdf|PDF|html?)\b")


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a token that looks like an address, a file or a domain."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return bool(_URLISH.search(text, left, right if right >= 0 else len(text)))


def _glued_sentence(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    if _BEFORE_SENTENCE_END.search(text, max(0, at - 3), at) is None or _in_address(text, at, match.end()):
        return match.group(0)
    return match.group(0) + " "


def _glued_comma(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    if at == 0 or not _SMALL.match(text, at - 1) or _in_address(text, at, match.end()):
        return ","
    return ", "


def _stop_on_next_word(match: re.Match[str]) -> str:
    at = match.start()
    return ". " if at > 0 and match.string[at - 1].isalpha() and match.string[at - 1].islower() else match.group(0)


def _space_before_stop(match: re.Match[str]) -> str:
    at = match.start()
    return match.group(0) if at == 0 or match.string[at - 1] in ".,;:" else ""


def _space_before_ellipsis(match: re.Match[str]) -> str:
    at = match.start()
    return "" if at > 0 and (match.string[at - 1].isalnum() or match.string[at - 1] == ")") else match.group(0)


def _extra_dots(match: re.Match[str]) -> str:
    if match.group(0).startswith(".."):
        return "..."
    at = match.start()
    return match.group(0) if at > 0 and match.string[at - 1] == "." else "."


def _blank_run(match: re.Match[str]) -> str:
    """A run of blanks becomes one space; one no-break space where French typography puts one."""
    after = match.string[match.end() : match.end() + 1]
    return "\u00a0" if "\u00a0" in match.group(0) and after and after in ":;!?»" else " "


def tidy_line(text: str) -> str:
    """One line of imported text as French typography writes it: single spaces, none before a comma
    or a closing full stop, a space after a full stop that ends a sentence glued to the next
    (« projets.Le BUT » → « projets. Le BUT »); decimals, addresses, « bac+2 » and « M.Sc » untouched."""
    if "\t" in text:
        text = text.replace("\t", " ")
    text = text.strip(" \u00a0\u202f")
    if not text:
        return ""
    if "  " in text or "\u00a0" in text or "\u202f" in text:
        text = _BLANKS.sub(_blank_run, text)
    if "," in text:
        if " ," in text:
            text = _SPACE_BEFORE_COMMA.sub("", text)
        text = _DOUBLE_COMMA.sub(",", text)
        text = _GLUED_COMMA.sub(_glued_comma, text)
    if "." in text or "…" in text:
        text = _EXTRA_DOTS.sub(_extra_dots, text)
        text = _STOP_AFTER_ELLIPSIS.sub(lambda m: "…" if m.group(0)[0] == "…" else "...", text)
        if " ." in text or " …" in text:
            text = _STOP_ON_NEXT_WORD.sub(_stop_on_next_word, text)
            text = _SPACE_BEFORE_ELLIPSIS.sub(_space_before_ellipsis, text)
            text = _SPACE_BEFORE_STOP.sub(_space_before_stop, text)
    if "( " in text or " )" in text:
        text = _SPACE_INSIDE_BRACKETS.sub(lambda m: m.group(0).strip(" "), text)
    return _GLUED_SENTENCE.sub(_glued_sentence, text)


def tidy(text: str) -> str:
    """Imported text, each line tidied (:func:`tidy_line`), paragraphs kept, blank runs of lines made one."""
    if "\n" not in text:
        return tidy_line(text)
    out: list[str] = []
    for line in text.split("\n"):
        line = tidy_line(line)
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


# -- restoring accents ------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+")
# Words whose accent-less form is a word of its own: never « restored ».
_AMBIGUOUS = frozenset({"a", "ou", "la", "du", "des", "sur", "mur", "cote", "marche", "peche", "eleve", "interne", "age"})
# « d Art », « l Ouest », « qu un »: an apostrophe the accent-less source dropped, before a word
# that is written in small letters or starts with a capital and goes on in small ones.
_LOST_APOSTROPHE = re.compile(r"\b([dlDL]|[Qq]u) (?=[aeiouyhAEIOUYHÀ-ÆÈ-ÏÒ-ÖÙ-Üà-æè-ïò-öù-ü][a-zà-ÿ])")


class Accents:
    """Restores the accents of a text written without them (« Maintenance des systemes » →
    « Maintenance des systèmes »), from the words of texts written with them.

    A word is restored when those texts spell it one way, with accents, or almost always so (one
    spelling ten times as often as all others together: « diplôme » rather than « diplômé »). A word
    whose accent-less form is a word of its own (« a » and « à ») is restored only after a word that
    those texts follow with one spelling (« mise a niveau » → « mise à niveau »). Capitals are often
    written without their accents (« Electronique », « LYCEE »): such spellings are not counted."""

    def __init__(self, texts: Iterable[str]) -> None:
        words: dict[str, dict[str, int]] = {}
        pairs: dict[tuple[str, str], dict[str, int]] = {}
        for text in texts:
            previous = ""
            for word in _WORD.findall(text):
                lower = word.lower()
                key = fold(lower)
                if not (lower.isascii() and (word.isupper() or word[0] in "AEIOUY")):
                    seen = words.setdefault(key, {})
                    seen[lower] = seen.get(lower, 0) + 1
                    seen = pairs.setdefault((previous, key), {})
                    seen[lower] = seen.get(lower, 0) + 1
                previous = key
        self.words = {key: form for key, seen in words.items() if key not in _AMBIGUOUS and (form := _accented(key, seen))}
        self.pairs = {
            pair: form for pair, seen in pairs.items() if pair[1] in _AMBIGUOUS and pair[0] and (form := _accented(pair[1], seen))
        }

    def restore(self, text: str) -> str:
        """``text`` with its accent-less words accented and its lost apostrophes put back."""
        out: list[str] = []
        previous = ""
        last = 0
        for match in _WORD.finditer(text):
            raw = match.group(0)
            key = raw.lower()
            found = None
            if raw.isascii():
                found = self.pairs.get((previous, key)) if key in _AMBIGUOUS else self.words.get(key)
            previous = fold(key)
            if found is None:
                continue
            if raw.isupper() and len(raw) > 1:
                found = found.upper()
            elif raw[0].isupper():
                found = found[0].upper() + found[1:]
            out.append(text[last : match.start()])
            out.append(found)
            last = match.end()
        out.append(text[last:])
        return _LOST_APOSTROPHE.sub(r"\1'", "".join(out))


DOMINANT = 10  # how many times as often as all others together a spelling must be seen to be the word's


def _accented(key: str, seen: dict[str, int]) -> str | None:
    """The accented spelling of ``key`` among those ``seen``, if it is the one the texts use."""
    forms = sorted(((n, form) for form, n in seen.items() if len(form) == len(key)), reverse=True)
    if not forms or forms[0][1] == key:
        return None
    best, form = forms[0]
    others = sum(n for f, n in seen.items() if f != form)
    return form if best >= DOMINANT * others else None
