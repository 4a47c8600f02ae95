"""What is computed once per load or import, never in a command: national rules, entry levels, fields.

Both the embedded dataset (on load, before it is cached) and an ONISEP import
(before it is stored) pass their formations through :func:`prepare`, so every
command reads records that already carry their national rule of entry, the
level they are entered at and the keys of their field.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from .fields import feeders, field_keys, generic_set
from .models import Formation, Referential
from .national import Types, complete


def prepare(formations: Iterable[Formation], referential: Referential, context: Iterable[Formation] = ()) -> list[Formation]:
    """``formations`` completed: national rule, entry level, field keys, and the formations (among them
    and the already prepared ``context``) that may lead to each by level and field."""
    types = Types(referential)
    return prepare_completed([complete(formation, types) for formation in formations], referential, context)


def prepare_completed(formations: Iterable[Formation], referential: Referential, context: Iterable[Formation] = ()) -> list[Formation]:
    """:func:`prepare` for formations already passed through :func:`~orient.national.complete`
    (which reads nothing of their links: an import completes each record as soon as its card is read)."""
    generic = generic_set(referential.generic_words)
    out = []
    for formation in formations:
        fields = field_keys(formation, generic)
        if fields != formation.fields:
            formation = msgspec.structs.replace(formation, fields=fields)
        out.append(formation)
    links = feeders(out, [*out, *context], generic)
    return [msgspec.structs.replace(f, feeders=links.get(f.id, ())) if links.get(f.id, ()) != f.feeders else f for f in out]
