"""Text helpers: accent- and case-insensitive normalisation, fuzzy suggestions.

rapidfuzz is imported only when a fuzzy comparison is actually needed, so that
exact look-ups (the common case) stay cheap at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .errors import InputError

_NON_WORD = re.compile(r"[^0-9a-z+]+")
_PLUS = re.compile(r"\s*\+\s*")
# The blocks of combining marks (accents) that NFKD splits off letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents (``Éé`` → ``ee``, ``œ`` → ``oe``)."""
    if text.isascii():
        return text.lower()
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def normalize(text: str) -> str:
    """Fold ``text`` and reduce it to words separated by single spaces.

    Apostrophes, hyphens and punctuation become spaces; ``bac + 2`` becomes
    ``bac+2`` so that levels survive as one word.
    """
    words = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    return _PLUS.sub("+", words)


def suggest(
    query: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60.0, margin: float | None = None
) -> list[str]:
    """Return up to ``limit`` choices close to ``query``, best first, without duplicates;
    with ``margin``, only those scoring within ``margin`` points of the best."""
    from rapidfuzz import fuzz, process

    unique = list(dict.fromkeys(choices))
    if not unique or not normalize(query):
        return []
    matches = process.extract(
        normalize(query),
        unique,
        scorer=fuzz.WRatio,
        processor=normalize,
        limit=limit * 3,
        score_cutoff=cutoff,
    )
    out: list[str] = []
    best = matches[0][1] if matches else 0.0
    for choice, score, _index in matches:
        if margin is not None and score < best - margin:
            break
        if choice not in out:
            out.append(choice)
        if len(out) == limit:
            break
    return out


def join_fr(items: list[str], last: str = "ou") -> str:
    """Join ``items`` the French way: ``a, b ou c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def after_fr(label: str) -> str:
    """``label`` after a verb of entry: « un bac+2 » → « après un bac+2 »; a label that already says
    when (« après la classe de 3e », « dès la L2 », « sans condition de diplôme ») stays as it is."""
    return label if label.startswith(("après", "sans", "dès")) else f"après {label}"


def checked_input(text: str, what: str, limit: int) -> str:
    """``text`` as typed for the field ``what`` (``bac``, ``atouts``…), refused when longer than ``limit``
    characters or when it holds a byte the terminal could not decode (Python keeps it as a lone surrogate).

    Everything read from a person goes through here before any matching, so that no reader ever works
    on an unbounded text; the message never repeats the text itself.
    """
    if len(text) > limit:
        raise InputError("input.too_long", field=what, length=len(text), limit=limit)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("input.undecodable", field=what) from None
    return text


_VOWELS = set("aeiouyéèêàâîïôûù")


@lru_cache(maxsize=4096)  # tables name the same métiers on many rows
def gender_pair(masculine: str, feminine: str) -> str:
    """Both forms of a job title in ONISEP's compact way: ``cadreur/euse``, ``chargé/e de production``."""
    m_words, f_words = re.split(r"([ -])", masculine), re.split(r"([ -])", feminine)
    if masculine == feminine:
        return masculine
    aligned = len(m_words) == len(f_words) and all(
        (m == f) if i % 2 else (bool(m) == bool(f)) for i, (m, f) in enumerate(zip(m_words, f_words))
    )
    if not aligned:  # the two forms are not built word for word alike
        return f"{masculine} / {feminine}"
    out = []
    for m, f in zip(m_words, f_words):
        if m == f or not m:
            out.append(m)
        elif f.startswith(m):
            out.append(f"{m}/{f[len(m):]}")
        else:
            common = 0
            while common < min(len(m), len(f)) and m[common] == f[common]:
                common += 1
            if common == 0:
                out.append(f"{m}/{f}")
                continue
            if f.endswith(m[common:]):  # perchman/woman
                out.append(f"{m}/{f[common:]}")
                continue
            start = common - 1
            if m[start] in _VOWELS:  # keep the whole vowel run: cadreur/euse
                while start > 0 and m[start - 1] in _VOWELS:
                    start -= 1
            out.append(f"{m}/{f[start:]}")
    return "".join(out)


def number_fr(n: int) -> str:
    """An integer as French writes it: 1712 → « 1 712 » (narrow no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u202f")


def count_fr(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 métier », « 2 métiers », « 0 métier », « 1 712 formations » (French puts 0 and 1 in the singular)."""
    word = singular if abs(n) < 2 else (plural or singular + "s")
    return f"{number_fr(n)} {word}"


def percent_fr(share: float) -> str:
    """A share as French writes it: 0.12 → « 12 % » (narrow no-break space), 0.005 → « 0,5 % »."""
    pct = share * 100
    text = f"{pct:.0f}" if pct >= 1 or pct == 0 else f"{pct:.1f}".replace(".", ",")
    return f"{text}\u202f%"


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
_AMBIGUOUS = frozenset("a ou la du des sur mur cote marche peche eleve interne age".split())
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


# -- sorting the French way -------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")
_PUNCTUATION = str.maketrans({c: " " for c in "'’‘`´-‐–—_.,;:!?«»\"“”()[]{}/\\|&*#%@+=<>~^"})


@lru_cache(maxsize=16384)  # listings sort the same names again and again
def sort_key(text: str) -> tuple:
    """A key sorting ``text`` as a French dictionary does, whatever the machine's locale.

    First the words alone, accents, case and punctuation aside, numbers by value (« bâtiment »
    before « biologie », « BTS 2 » before « BTS 10 »); then, between texts that differ only there,
    the unaccented letter first (« cote » < « côte »); last the text itself, so that two different
    texts never tie."""
    words = " ".join(fold(text).translate(_PUNCTUATION).split())
    if not words:
        primary: tuple = ()
    elif _DIGITS.search(words):
        primary = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(words) if part)
    else:
        primary = ((1, 0, words),)
    # Accented letters come after their base letter in Unicode: comparing the texts as written, in
    # small letters, puts « cote » before « côte ».
    return (primary, text.lower(), text)
