"""JSON as orient writes it: UTF-8 (accents kept as they are), compact, with the line separators
other than ``\\n`` escaped, so that no reader splits a record; the same bytes whether a whole row is
encoded at once or in parts joined later (:mod:`orient.check_lines`)."""

from __future__ import annotations

from typing import Any

import msgspec

# Line separators other than \n, escaped in JSON (as UTF-8 bytes).
SEPARATORS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SEPARATOR_BYTES = {char.encode(): escaped.encode() for char, escaped in SEPARATORS.items()}
ENCODER = msgspec.json.Encoder()


def escaped(raw: bytes) -> bytes:
    """``raw`` (JSON) with its line separators escaped (inside strings: the only place JSON holds them)."""
    if not _has_separator(raw):
        return raw
    for char, text in _SEPARATOR_BYTES.items():
        raw = raw.replace(char, text)
    return raw


def _has_separator(raw: bytes) -> bool:
    """Whether ``raw`` holds one of :data:`SEPARATORS`: found by the rare bytes they start or end
    with (one-byte searches run at memory speed; a search for the three bytes, ten times slower,
    would cost a long listing more than encoding it)."""
    if b"\x85" in raw and b"\xc2\x85" in raw:
        return True
    at = raw.find(b"\xe2")  # U+2028 and U+2029 are E2 80 A8 and E2 80 A9; E2 is rare in French text
    while at >= 0:
        if raw[at + 1 : at + 3] in (b"\x80\xa8", b"\x80\xa9"):
            return True
        at = raw.find(b"\xe2", at + 1)
    return False


def encoded(value: Any) -> bytes:
    """``value`` as compact JSON, separators escaped."""
    return escaped(ENCODER.encode(value))


def members(row: dict) -> bytes:
    """The members of a JSON object (``"a":1,"b":2``, no braces): rows joined from parts."""
    return encoded(row)[1:-1]
