"""The verdict engine: can this student enter this formation, and why?

Each formation gets exactly one verdict for a profile, with French reasons that
name the rule that decided and its source. A formation without structured
access rules is ``unknown``: the engine never guesses.
"""

from __future__ import annotations

import msgspec

from .dataset import Dataset
from .levels import level_label
from .models import Access, Formation, Route, Track
from .profile import Profile, short_name
from .text import join_fr

# Best first: the order of ``orient check``.
VERDICTS = ("recommended", "possible", "bridge", "later", "unknown", "excluded")
VERDICT_LABELS = {
    "recommended": "accès direct",
    "possible": "possible",
    "bridge": "après une mise à niveau",
    "later": "plus tard (bac+N / concours)",
    "unknown": "inconnu",
    "excluded": "exclu",
}
SELECTION_LABELS = {
    "dossier": "dossier",
    "tests": "tests",
    "entretien": "entretien",
    "concours": "concours",
    "audition": "audition",
    "portfolio": "portfolio",
}


class Verdict(msgspec.Struct, frozen=True):
    code: str
    reasons: tuple[str, ...]
    # Within one verdict, how close the profile is to a listed route (0 = closest).
    distance: int = 0

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.code]

    @property
    def rank(self) -> int:
        return VERDICTS.index(self.code)


def route_label(route: Route, tracks: dict[str, Track]) -> str:
    """A listed route in French: « bac STI2D spécialité SIN », « une année de mise à niveau »."""
    if route.kind != "bac":
        return route.label
    if route.track == "ANY":
        return "tout bac ou équivalent"
    if route.track == "TECHNO":
        return "tout bac technologique"
    track = tracks.get(route.track)
    if track is None:
        return route.track
    base = {"GENERAL": "bac général", "PRO": "bac professionnel"}.get(track.code, f"bac {track.code}")
    if route.specialites or route.other_specialites:
        names = [s.name.lower() if track.code == "PRO" else s.code for s in track.specialites if s.code in route.specialites]
        names += list(route.other_specialites)
        label = track.specialites_label if track.code != "PRO" else "spécialité"
        plural = "s" if len(names) > 1 else ""
        return f"{base} {label}{plural} {join_fr(names)}"
    return base


def assess(formation: Formation, profile: Profile, dataset: Dataset) -> Verdict:
    """Give ``formation`` its verdict for ``profile``."""
    access = formation.access
    if access is None and formation.access_text:
        sentence = " ".join(formation.access_text.split())
        return Verdict(
            "unknown",
            (f"Règles d'accès incertaines : la fiche importée dit « {sentence} » ; lisez-la avant de conclure.",),
        )
    if access is None:
        return Verdict(
            "unknown",
            ("Pas de règle d'accès structurée pour cette formation dans le jeu de données : "
             "consultez la fiche officielle avant de conclure.",),
        )
    verdict = _assess(access, formation, profile, dataset)
    if access.requirements and verdict.code == "recommended":
        # Conditions no profile states (medical certificate, experience…): the student may apply, not more.
        extra = f"À remplir aussi : {' ; '.join(access.requirements)}."
        return Verdict("possible", (*verdict.reasons, extra), distance=0)
    return verdict


def _assess(access: Access, formation: Formation, profile: Profile, dataset: Dataset) -> Verdict:
    tracks = {t.code: t for t in dataset.referential.tracks}
    source = f" (source : {access.source})"

    # 1. Explicit exclusions: age limits.
    if profile.age is not None:
        if access.age_max is not None and profile.age > access.age_max:
            note = f" ({access.age_note})" if access.age_note else ""
            return Verdict(
                "excluded",
                (f"Limite d'âge dépassée : {access.age_max} ans au plus{note} ; vous avez indiqué {profile.age} ans{source}.",),
            )
        if access.age_min is not None and profile.age < access.age_min:
            return Verdict(
                "excluded",
                (f"Âge minimum : {access.age_min} ans ; vous avez indiqué {profile.age} ans{source}.",),
            )

    bac_routes = [r for r in access.routes if r.kind == "bac"]
    level_routes = [r for r in access.routes if r.kind == "level"]
    bridges = [r for r in access.routes if r.kind == "bridge"]
    # Named diplomas above the student's level (« titulaires du DE d'infirmier »): ways in for later.
    ahead = [r for r in access.routes if r.kind == "diploma" and r.min_level > profile.level]
    within = [r for r in access.routes if r.kind == "diploma" and r.min_level <= profile.level]
    extras = _extras(access, formation)

    # 2. Entries after some higher education (bac+2…): whole formations
    # recruiting at that level, or a later year of one open after the bac
    # (« en troisième année après un bac+2 »). The most advanced entry met wins.
    if level_routes or ahead:
        met = [r for r in level_routes if r.min_level <= profile.level]
        if met:
            route = max(met, key=lambda r: r.min_level)
            return Verdict(
                "recommended",
                (f"Vous avez le niveau demandé ({level_label(profile.level)}) : la voie listée est {route.label}{source}.", *extras),
            )
        if not bac_routes and not within:
            route = min(level_routes + ahead, key=lambda r: r.min_level)
            return Verdict("later", (_later_reason(route, profile, formation, dataset) + source + ".", *extras))

    # 3. Post-bac formations: compare the bac with the listed routes.
    partial: Route | None = None
    for route in bac_routes:
        if route.track not in ("ANY", profile.track.code) and not (route.track == "TECHNO" and profile.track.family == "techno"):
            continue
        if not (route.specialites or route.other_specialites) or profile.specialite_codes & set(route.specialites):
            return Verdict(
                "recommended",
                (f"Votre bac correspond à une voie d'accès listée : {route_label(route, tracks)}{source}.", *extras),
            )
        partial = partial or route
    for route in bridges:
        if route.track and route.track == profile.track.code:
            return Verdict(
                "recommended",
                (f"Vous suivez {route.label}, qui est une voie d'accès listée{source}.", *extras),
            )

    bridge_reason = ""
    if bridges:
        bridge_reason = f"Autre chemin prévu : {join_fr([b.label for b in bridges])} avant d'entrer en formation."
    diplomas = [r for r in access.routes if r.kind == "diploma"]
    listed = join_fr([route_label(r, tracks) for r in bac_routes + bridges + diplomas])
    if partial is not None and partial.track in tracks:
        label = tracks[partial.track].specialites_label
        specs = join_fr([*partial.specialites, *partial.other_specialites])
        if profile.specialites:
            yours = f"la vôtre : {join_fr(sorted(profile.specialite_codes), 'et')}"
        else:
            yours = "vous n'avez pas indiqué la vôtre avec --specialite"
        reason = (
            f"Votre série ({short_name(profile.track)}) est listée, mais avec {_article(label)} {specs} ({yours}) : "
            f"candidature possible, sans être la voie prévue{source}."
        )
        return Verdict("possible", tuple(x for x in (reason, bridge_reason, *extras) if x), distance=1)
    if access.others == "closed":
        return Verdict("excluded", (f"Réservé aux voies listées ({listed}) ; la vôtre n'en fait pas partie{source}.",))
    if access.others == "bridge" and bridges:
        return Verdict(
            "bridge",
            (f"Votre bac n'est pas parmi les voies listées ({listed}) : l'accès passe par {join_fr([b.label for b in bridges])}{source}.", *extras),
        )
    reason = (
        f"Votre bac ({short_name(profile.track)}) n'est pas parmi les voies d'accès listées ({listed}) : "
        f"candidature possible, à appuyer par votre dossier{source}."
    )
    return Verdict("possible", tuple(x for x in (reason, bridge_reason, *extras) if x), distance=2)


def _article(label: str) -> str:
    return f"l'{label}" if label[:1] in "aeiouéè" else f"la {label}"


def _later_reason(route: Route, profile: Profile, formation: Formation, dataset: Dataset) -> str:
    text = f"Demande {route.label} ; votre niveau actuel : {level_label(profile.level)}."
    feeders = [dataset.formations[i] for i in dataset.leads_to.get(formation.id, []) if i in dataset.formations]
    if feeders:
        names = join_fr([f.name for f in feeders], "ou")
        text += f" Y mènent dans le jeu de données : {names}."
    else:
        text += " Le jeu de données ne cite pas encore de formation qui y prépare."
    return text.rstrip(".")


def _extras(access, formation: Formation) -> tuple[str, ...]:
    out: list[str] = []
    if "concours" in access.selection:
        out.append("Entrée sur concours.")
    if access.age_max is not None:
        out.append(f"Limite d'âge : {access.age_note or f'{access.age_max} ans au plus'}.")
    if access.max_attempts is not None:
        out.append(f"Au plus {access.max_attempts} tentatives au concours.")
    return tuple(out)


def selection_label(formation: Formation) -> str:
    access = formation.access
    if access is None:
        return "inconnue"
    if access.selection_note:
        return access.selection_note
    return ", ".join(SELECTION_LABELS[m] for m in access.selection) or "non précisée"
