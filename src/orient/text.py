"""Text helpers: accent- and case-insensitive normalisation, fuzzy suggestions.

rapidfuzz is imported only when a fuzzy comparison is actually needed, so that
exact look-ups (the common case) stay cheap at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
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


@lru_cache(maxsize=262144)  # an import normalises the same names, labels and attendus again and again
def normalize(text: str) -> str:
    """Fold ``text`` and reduce it to words separated by single spaces.

    Apostrophes, hyphens and punctuation become spaces; ``bac + 2`` becomes
    ``bac+2`` so that levels survive as one word.
    """
    words = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    return _PLUS.sub("+", words)


def suggest(
    query: str,
    choices: Iterable[str],
    *,
    limit: int = 3,
    cutoff: float = 60.0,
    margin: float | None = None,
    whole: bool = False,
    processor: Callable[[str], str] | None = None,
) -> list[str]:
    """Return up to ``limit`` choices close to ``query``, best first, without duplicates;
    with ``margin``, only those scoring within ``margin`` points of the best; with ``whole``, only
    choices close as a whole (a place's name: « Ain » is in « Saint-Étienne », and no suggestion);
    ``processor``: how query and choices are compared (:func:`normalize` by default)."""
    from rapidfuzz import fuzz, process

    process_ = processor or normalize
    unique = list(dict.fromkeys(choices))
    if not unique or not process_(query):
        return []
    matches = process.extract(
        process_(query),
        unique,
        scorer=fuzz.ratio if whole else fuzz.WRatio,
        processor=process_,
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


def of_fr(noun: str) -> str:
    """« de » before ``noun``, elided before a vowel: « de cadreur », « d'assistant réalisateur »."""
    return f"d'{noun}" if noun[:1].lower() in _VOWELS else f"de {noun}"


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
        (m == f) if i % 2 else (bool(m) == bool(f)) for i, (m, f) in enumerate(zip(m_words, f_words, strict=True))
    )
    if not aligned:  # the two forms are not built word for word alike
        return f"{masculine} / {feminine}"
    out = []
    for m, f in zip(m_words, f_words, strict=True):
        if m == f or not m:
            out.append(m)
        elif f.startswith(m):
            out.append(f"{m}/{f[len(m) :]}")
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


# -- sorting the French way -------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")
_PUNCTUATION = re.compile(r"[^0-9a-z ]+")
# The same on bytes, in one pass: every byte but digits, small letters and spaces becomes a space.
_WORD_BYTES = bytes(c if c in b"0123456789abcdefghijklmnopqrstuvwxyz " else 32 for c in range(256))
_NOT_DIGITS = bytes(c for c in range(256) if c not in b"0123456789")


@lru_cache(maxsize=16384)  # listings sort the same names again and again
def sort_key(text: str) -> tuple:
    """A key sorting ``text`` as a French dictionary does, whatever the machine's locale.

    First the words alone, accents, case and punctuation aside, numbers by value (« bâtiment »
    before « biologie », « BTS 2 » before « BTS 10 »); then, between texts that differ only there,
    the unaccented letter first (« cote » < « côte »); last the text itself, so that two different
    texts never tie."""
    folded = fold(text)
    if folded.isascii():  # almost always: bytes are translated in one pass
        raw = folded.encode("ascii").translate(_WORD_BYTES)
        digits = bool(raw.translate(None, _NOT_DIGITS))
        words = " ".join(raw.decode("ascii").split())
    else:
        words = " ".join(_PUNCTUATION.sub(" ", folded).split())
        digits = _DIGITS.search(words) is not None
    if not words:
        primary: tuple = ()
    elif digits:
        primary = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(words) if part)
    else:
        primary = ((1, 0, words),)
    # Accented letters come after their base letter in Unicode: comparing the texts as written, in
    # small letters, puts « cote » before « côte ».
    return (primary, text.lower(), text)
