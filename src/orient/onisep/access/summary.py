"""The rules of an access text in one French sentence."""

from __future__ import annotations

from ...models import Access
from ...text import join_fr
from .bac_tracks import TrackIndex


def summarize(access: Access, tracks: TrackIndex) -> str:
    """The rules in one French sentence of the tool's own words."""
    from ...eligibility import route_label

    names = [route_label(r, tracks.tracks) for r in access.routes]
    parts = [f"Voies d'accès : {join_fr(names)}"] if names else []
    if access.selection:
        parts.append("sélection : " + (access.selection_note or ", ".join(access.selection)))
    if access.age_max is not None:
        parts.append(f"{access.age_max} ans au plus")
    if access.requirements:
        n = len(access.requirements)
        parts.append(f"{n} condition{'s' if n > 1 else ''} en plus")
    return " ; ".join(parts) + "." if parts else ""
