"""The access parser: ONISEP's free-text « Accès » paragraph → structured access rules.

The text is cut into fragments (lines, list items, sentences). Recognisers, each
a regular expression over the folded fragment, read the facts they know (a bac
track, a spécialité, a prior level, a selection mode, an age limit…) and mark
the characters they used. A fragment is *understood* when nothing is left but
linking words; anything else is kept as text.

A card whose fragments are all understood and which names at least one way in
gets an :class:`~orient.models.Access`; otherwise its rules are uncertain and
the verdict engine answers ``unknown`` with the card's own sentence.

The modules follow the pipeline:

- ``vocabulary``: accent folding that keeps positions, linking words, numbers in words;
- ``patterns``: the recognisers' patterns and tables (levels, diplomas, ages, selection…);
- ``fragments``: the text cut into fragments, the characters understood, the facts found;
- ``qualifiers``: what narrows a named diploma (its field, its spécialités);
- ``bac_tracks``: the référentiel's séries and spécialités, and the reader of bac lists;
- ``parser``: the parser's steps, run in order over each fragment, and its result;
- ``summary``: the rules in one French sentence.
"""

from __future__ import annotations

from .bac_tracks import TrackIndex
from .fragments import split_fragments
from .parser import NO_ROUTE, AccessParser, ParsedAccess, Status
from .summary import summarize
from .vocabulary import NUMBERS, STOPWORDS, fold_keep

__all__ = [
    "NO_ROUTE",
    "NUMBERS",
    "STOPWORDS",
    "AccessParser",
    "ParsedAccess",
    "Status",
    "TrackIndex",
    "fold_keep",
    "split_fragments",
    "summarize",
]
