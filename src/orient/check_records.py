"""What ``check`` reads of an imported formation: its core and its parts of a check row.

An import writes each formation twice: whole (what its card shows), and as a
:class:`CheckRecord`, the formation's core (:class:`~orient.models.FormationCore`, what judging
reads) with what every row of ``check`` says of it whatever the student (:class:`RowParts`). A
listing of tens of thousands of formations checks and decodes these small records only.
"""

from __future__ import annotations

import msgspec

from .models import FormationCore


class RowParts(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A formation's :func:`~orient.records.formation_row` and :func:`~orient.records.listing_row`,
    each as the members of a JSON object (:mod:`orient.check_lines` joins them into rows)."""

    formation: bytes
    listing: bytes


class CheckRecord(FormationCore, frozen=True, kw_only=True, array_like=True, gc=False):
    """A formation's core, and its parts of a check row, as an import writes them: a list without
    the names of its fields. Its access rule and its attendus may be held apart, by their numbers
    (the store puts them back as it reads the record)."""

    row: RowParts | None = None
