"""The verdict engine: can this student enter this formation, and why?

Each formation gets exactly one verdict for a profile, with French reasons that
name the rule that decided and its source. A formation without structured
access rules is ``unknown``: the engine never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from .dataset import Dataset
from .levels import level_label
from .models import Access, FormationCore, Route, Specialite, Track
from .profile import Profile, asked, route_name, short_name, specialite_label
from .text import after_fr, count_fr, join_fr, percent_fr

# Best first: the order of ``orient check``.
VERDICTS = ("recommended", "possible", "bridge", "later", "unknown", "excluded")
# « du même secteur », « de la même filière »: the field of the formation itself. The patterns of
# this module are compiled on first use (``re`` keeps them), not by every command that imports it.
_SECTOR_WORDS = re.compile(r"(?:du |des |de la )?secteurs? ", re.IGNORECASE)  # « secteur agricole »: a sector named
_SAME_SECTOR = (
    r"^(?:du |de la |d'un )?m[eê]me (?:secteur|domaine|filière|métier)(?: professionnel| d'activité)?$"
    r"|^de (?:ce|cette) (?:secteur|filière)$"
)

# « du secteur de l'électricité », « des secteurs de la restauration »: a sector in the card's words.
_NAMED_SECTOR = r"^(?:du secteur|des secteurs|du domaine|des domaines|de la filière|des filières) "


class Verdict(msgspec.Struct, frozen=True):
    code: str
    reasons: tuple[str, ...]
    # Within one verdict, how close the profile is to a listed route (0 = closest).
    distance: int = 0
    # How many of the student's spécialités the deciding route names (a bac général route naming
    # SVT and PC is closer for a SVT-PC student than one naming PC alone).
    named: int = 0
    # What decided: the card's own rules (``card``), the national rule of its type
    # (``national``, ``rule`` naming it) or nothing (``none``: the verdict is unknown);
    # ``source`` and ``url`` say where the rule can be read.
    basis: str = "card"
    rule: str = ""
    source: str = ""
    url: str = ""

    @property
    def rank(self) -> int:
        return VERDICTS.index(self.code)


def route_label(route: Route, tracks: dict[str, Track]) -> str:
    """A listed route in French: « bac STI2D spécialité SIN », « une année de mise à niveau »."""
    if route.kind != "bac":
        return route.label
    if route.track == "ANY":
        if route.other_specialites and route.label:  # « un bac ou équivalent (dans le domaine de la coiffure) »
            return route.label
        if route.max_level is not None:
            return "tout bac de l'année" + (" ou de l'année précédente" if route.max_level >= 1 else "")
        return "tout bac ou équivalent"
    if route.track == "TECHNO":
        # « bac technologique du secteur de la restauration »: the sector closing the card's list.
        return f"bac technologique {route.other_specialites[0]}" if route.other_specialites else "tout bac technologique"
    track = tracks.get(route.track)
    if track is None:
        return route.track
    base = route_name(track)
    if not route.specialites and len(route.other_specialites) == 1 and re.match(_SAME_SECTOR, route.other_specialites[0].strip().lower()):
        return f"{base} du même secteur"
    if not route.specialites and len(route.other_specialites) == 1 and re.match(_NAMED_SECTOR, route.other_specialites[0].strip().lower()):
        return f"{base} {route.other_specialites[0].strip()}"  # « bac professionnel du secteur de l'électricité »
    if not route.specialites and len(route.other_specialites) == 1 and _sectors(route.other_specialites[0], track):
        # « bac professionnel agricole », « bac professionnel du secteur de la production agricole »
        words = route.other_specialites[0].strip()
        lead = re.match(r"(secteur|domaine|filière)(s?)\b", words)
        if lead:
            words = f"{'des' if lead.group(2) else 'de la' if lead.group(1) == 'filière' else 'du'} {words}"
        return f"{base} {words}"
    if route.specialites or route.other_specialites:
        names = [specialite_label(track, s) for s in track.specialites if s.code in route.specialites]
        names += list(route.other_specialites)
        if route.advised:
            return f"{base} ({route.note} : {join_fr(names)})"
        label = track.specialites_label
        plural = "s" if len(names) > 1 else ""
        return f"{base} {label}{plural} {join_fr(names)}"
    return base


def _label(route: Route, dataset: Dataset) -> str:
    """:func:`route_label`, made once per route: the routes of a type's national rule come back on
    every card of the type, and every verdict that lists them names them."""
    table = dataset.memo("route_labels")
    found = table.get(route)
    if found is None:
        found = table[route] = route_label(route, dataset.tracks)
    return found


def level_route(access: Access, level: int) -> Route | None:
    """The most advanced level route (« après un bac+2 ») a student at ``level`` meets, if any."""
    met = [r for r in access.routes if r.kind == "level" and r.min_level <= level]
    return max(met, key=lambda r: r.min_level) if met else None


def _card_source(formation: FormationCore) -> tuple[str, str]:
    """The formation's own card as a source: its label and address."""
    if not formation.sources:
        return "", ""
    first = formation.sources[0]
    return first.label, first.url


class SharedVerdicts:
    """Verdicts kept over one profile's listing (:func:`assess`), by access rule (the rule's key,
    :func:`_rule_key`): the rule's own verdict, found once for the formations that hold it; the
    verdict given, above the bac by a national rule (which then reads nothing else of the
    formation); and a verdict for later with what leads there, the same for the formations of a
    rule to which the same formations lead."""

    def __init__(self) -> None:
        self.by_rule: dict[int, tuple[Access, Verdict]] = {}
        self.given: dict[int, tuple[Access, Verdict]] = {}
        self.later: dict[tuple[int, str], tuple[Verdict, Verdict]] = {}


def _rule_key(formation: FormationCore, access: Access) -> int:
    """The key of the formation's access rule in a table of shared verdicts: the import's number
    for it (made negative: never an id), else the rule's own id."""
    number = formation.access_number
    return -1 - number if number >= 0 else id(access)


def _kept(table: dict[int, tuple[Access, Verdict]], key: int, access: Access) -> Verdict | None:
    """The verdict ``table`` keeps for a rule, if any (a rule kept by its id: that very rule)."""
    found = table.get(key)
    if found is not None and (key < 0 or found[0] is access):
        return found[1]
    return None


def assess(formation: FormationCore, profile: Profile, dataset: Dataset, shared: SharedVerdicts | None = None) -> Verdict:
    """Give ``formation`` its verdict for ``profile``. ``shared``: a table kept over one profile's
    listing, where the verdict of an access rule many formations hold (a type's national rule) is
    found once for them all (:func:`_by_rule`)."""
    access = formation.access
    if access is None:
        return _unknown(formation, dataset)
    # Above the bac, a national rule's verdict reads nothing of the formation but what leads there
    # (for later, added below): the verdict given is kept with the rule's.
    key = _rule_key(formation, access)
    kept = shared if shared is not None and access.basis == "national" and formation.level.bac_plus > 0 else None
    verdict = _kept(kept.given, key, access) if kept is not None else None
    if verdict is None:
        verdict = _given(access, formation, profile, dataset, shared, key)
        if kept is not None and key in kept.by_rule:
            kept.given[key] = (access, verdict)
    if verdict.code != "later":
        return verdict
    feeders = _feeders(formation, dataset)  # what leads there, said for each formation
    if kept is None:
        return _with_feeders(verdict, feeders)
    found = kept.later.get((key, feeders))
    if found is None or found[0] is not verdict:
        found = kept.later[(key, feeders)] = (verdict, _with_feeders(verdict, feeders))
    return found[1]


def _with_feeders(verdict: Verdict, feeders: str) -> Verdict:
    return msgspec.structs.replace(verdict, reasons=(verdict.reasons[0], feeders, *verdict.reasons[1:]))


def _given(
    access: Access, formation: FormationCore, profile: Profile, dataset: Dataset, shared: SharedVerdicts | None, key: int
) -> Verdict:
    """The verdict :func:`assess` gives, but for what leads to a formation for later."""
    verdict = _by_rule(access, formation, profile, dataset, shared, key)
    if verdict.code in ("recommended", "possible") and own_bac(formation, profile, dataset):
        # The student's own bac (série, and spécialité for a bac pro): held or being prepared, not a way on.
        verdict = Verdict("excluded", (f"C'est votre bac ({formation.name}) : vous l'avez déjà, ou le préparez.",))
    if verdict.code == "recommended" and verdict.distance > 0 and formation.level.bac_plus < 0 <= profile.level:
        # A formation below the bac's level (a CAP) is open to a bachelier, never the planned way on,
        # unless its card names the student's own spécialité (« le CAP pâtissier ou le bac pro boulanger-pâtissier »).
        extra = f"Formation de niveau {level_label(formation.level.bac_plus)}, en dessous du bac que vous avez ou préparez."
        verdict = msgspec.structs.replace(verdict, code="possible", reasons=(*verdict.reasons, extra), distance=1)
    if access.requirements and verdict.code == "recommended":
        # Conditions no profile states (medical certificate, experience…): the student may apply, not more.
        extra = f"À remplir aussi : {' ; '.join(access.requirements)}."
        verdict = msgspec.structs.replace(verdict, code="possible", reasons=(*verdict.reasons, extra), distance=0)
    elif access.requirements and verdict.code == "possible" and access.basis == "national":
        verdict = msgspec.structs.replace(verdict, reasons=(*verdict.reasons, f"À remplir aussi : {' ; '.join(access.requirements)}."))
    if access.basis == "national":
        if access.unread:  # the card's own text could not be read: say so beside the national rule
            unread = "Le texte d'accès de la fiche n'a pas pu être lu en entier : lisez-le, il peut préciser la règle."
            verdict = msgspec.structs.replace(verdict, reasons=(*verdict.reasons, unread))
        return msgspec.structs.replace(verdict, basis="national", rule=access.rule, source=access.source, url=access.url)
    label, url = _card_source(formation)
    return msgspec.structs.replace(verdict, source=access.source or label, url=url)


def own_bac(formation: FormationCore, profile: Profile, dataset: Dataset) -> bool:
    """Is ``formation`` the bac the student holds or prepares: a formation of the bac's level, before
    it, whose name reads as the student's bac (« bac techno STHR… », « bac pro cuisine »; for a bac
    pro, its spécialité must be the student's)?"""
    if formation.level.bac_plus != 0 or formation.after_bac:
        return False
    read = dataset.bac_read(formation.name)
    if read is None or read.track.code != profile.track.code:
        return False
    if profile.track.code != "PRO":
        return True
    return bool(read.specialites) and {s.code for s in read.specialites} <= profile.met_codes


def _unknown(formation: FormationCore, dataset: Dataset) -> Verdict:
    """Neither the card nor a national rule decides: say so, and what is known of the entry."""
    label, url = _card_source(formation)
    where = f" (source : {label})" if label else ""
    kind = dataset.types.by_code.get(formation.type)
    rule = dataset.types.rule(kind)
    if formation.access_text:
        sentence = " ".join(formation.access_text.split())
        return Verdict(
            "unknown",
            (f"Règles d'accès incertaines : la fiche dit « {sentence} » ; lisez-la avant de conclure{where}.",),
            basis="none",
            source=label,
            url=url,
        )
    reasons = [f"Pas de règle d'accès connue : la fiche ne dit rien de l'accès{where}"]
    if kind is not None and rule is not None:
        reasons[0] += f", et pour ce type de formation ({kind.name}), {_lower_first(rule.summary)}"
    reasons[0] += " ; consultez la fiche de l'établissement avant de conclure."
    if formation.entry_level == 0 and formation.after_bac:
        reasons.append(
            f"Niveau {formation.level.cec} en {_years(formation.duration_years)} : la formation se prépare après le bac, "
            "mais rien ne dit quels bacs sont admis."
        )
    return Verdict("unknown", tuple(reasons), basis="none", rule=rule.id if rule else "", source=label, url=url)


def _years(value: float) -> str:
    n = int(value) if float(value).is_integer() else value
    return f"{n} an" if n == 1 else f"{n} ans"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _by_rule(
    access: Access, formation: FormationCore, profile: Profile, dataset: Dataset, shared: SharedVerdicts | None, key: int
) -> Verdict:
    """:func:`_assess`, kept in ``shared`` by access rule (``key``) when the verdict reads nothing of
    the formation but its rule: no route of the rule names a field, which is read from the
    formation's name (:func:`_field_met`, :func:`_sector_of`)."""
    if shared is None:
        return _assess(access, formation, profile, dataset)
    found = _kept(shared.by_rule, key, access)
    if found is not None:
        return found
    verdict = _assess(access, formation, profile, dataset)
    if not any(r.other_specialites or (r.kind == "diploma" and r.in_field) for r in access.routes):
        shared.by_rule[key] = (access, verdict)
    return verdict


def _assess(access: Access, formation: FormationCore, profile: Profile, dataset: Dataset) -> Verdict:
    tracks = dataset.tracks
    source = f" (source : {access.source})"
    national = access.basis == "national"
    rule = f"Règle nationale : {_lower_first(access.summary)}. " if national and access.summary else ""

    # 1. Explicit exclusions: age limits. (The age is read only where a limit is: a verdict that
    # does not depend on it never reads it, and ``orient batch`` shares it between profiles.)
    if (access.age_max is not None or access.age_min is not None) and profile.age is not None:
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

    if not access.routes:  # the card's conditions, without a way in nor a national rule
        return Verdict(
            "unknown",
            (
                f"La fiche pose des conditions ({access.summary.rstrip('.')}) sans dire quels diplômes permettent d'entrer : "
                f"consultez-la avant de conclure{source}.",
            ),
            basis="none",
        )

    bac_routes = [r for r in access.routes if r.kind == "bac"]
    # « avec le bac de l'année ou de l'année antérieure »: a student further on has no bac route left.
    too_late = [r for r in bac_routes if r.max_level is not None and profile.level > r.max_level]
    bac_routes = [r for r in bac_routes if r not in too_late]
    level_routes = [r for r in access.routes if r.kind == "level"]
    bridges = [r for r in access.routes if r.kind == "bridge"]
    # Named diplomas of higher education (« titulaires du DE d'infirmier »): a level does not say the
    # student holds them, so they are ways in for later; those the bac's level covers (a CAP) are not.
    ahead = [r for r in access.routes if r.kind == "diploma" and (r.min_level > profile.level or r.min_level >= 1)]
    within = [r for r in access.routes if r.kind == "diploma" and r not in ahead]
    concours = [r for r in access.routes if r.kind == "concours"]
    extras = _extras(access)
    recent = ""  # why the bac no longer opens the formation to this student, if it does not
    if too_late and not bac_routes:
        latest = max(r.max_level or 0 for r in too_late)
        year = "de l'année ou de l'année précédente" if latest >= 1 else "de l'année"
        recent = f"L'entrée après le bac est réservée aux bacheliers {year} ; votre niveau : {level_label(profile.level)}"

    # 2. Entries after some higher education (bac+2…): whole formations
    # recruiting at that level, or a later year of one open after the bac
    # (« en troisième année après un bac+2 »). The most advanced entry met wins.
    before_bac: Verdict | None = None  # a formation open before the bac, decided after the bac routes
    if level_routes or ahead or concours:
        route = level_route(access, profile.level)
        if route is not None:
            if route.min_level < 0 <= profile.level:
                # A formation open before the bac (after the 3e, without diploma): open to a bachelier too.
                before_bac = Verdict(
                    "possible",
                    (
                        f"{rule}Formation ouverte {after_fr(route.label)} : avec votre niveau ({level_label(profile.level)}), "
                        f"vous pouvez y entrer{source}.",
                        *extras,
                    ),
                    distance=1,
                )
            elif route.grants == "possible":
                return Verdict(
                    "possible",
                    (
                        f"{rule}Vous avez le niveau demandé ({level_label(profile.level)}) : candidature possible, sur sélection{source}.",
                        *extras,
                    ),
                )
            else:
                return Verdict(
                    "recommended",
                    (f"Vous avez le niveau demandé ({level_label(profile.level)}) : la voie listée est {route.label}{source}.", *extras),
                )
        if concours:  # entered after a competitive examination passed first: nobody's bac decides
            return Verdict("later", (_concours_reason(concours[0], rule) + source + ".", *extras))
        if not bac_routes and not within and before_bac is None:
            route = min(level_routes + ahead, key=lambda r: r.min_level)
            first = _later_reason(route, profile, national) + source + "."
            return Verdict("later", (first, f"{recent}.", *extras) if recent else (first, *extras))

    if recent and not bridges and not within and before_bac is None:
        # Only the bac of the year (or of the year before) opens the formation, and no later entry is listed.
        return Verdict("excluded", (f"{recent}{source}.",))

    # 3. Post-bac formations: compare the bac with the listed routes.
    partial: Route | None = None
    # The planned ways first: a route a card names before « tout bac », and among them one naming
    # spécialités, then a série named bare, then a whole family (« un bac technologique, notamment
    # STI2D »: a STI2D student reads the série). (The spécialités are read only for a route that
    # names some, as the age above.)
    for route in sorted(bac_routes, key=lambda r: (r.grants != "recommended", _breadth(r))):
        if route.track not in ("ANY", profile.track.code) and not (route.track == "TECHNO" and profile.track.family == "techno"):
            continue
        if (
            not (route.specialites or route.other_specialites)
            or (route.specialites and _named(profile, route.specialites))
            or (route.other_specialites and _field_met(profile, route, formation, dataset))
        ):
            if route.grants == "possible":
                note = f" ; {route.note}" if route.note else ""
                return Verdict(
                    "possible",
                    (f"{rule}Candidature possible avec votre bac ({short_name(profile.track)}){note}{source}.", *extras),
                )
            if national:
                note = f" ({route.note})" if route.note else ""
                return Verdict(
                    "recommended",
                    (f"{rule}Votre bac ({short_name(profile.track)}) est une voie que le texte prévoit{note}{source}.", *extras),
                )
            # A route naming the student's spécialité is closer than one naming the série only (« bac
            # STMG »), itself closer than one open to a whole family (« tout bac technologique »).
            # A série or family named bare beside the spécialités or séries it is meant for, not the
            # student's (« un bac pro (notamment fonderie) », « un bac technologique, notamment
            # STI2D »), is one step further.
            # (A route naming spécialités is met here only through them: its breadth is 0.)
            closeness = _breadth(route) + _meant_for_others(route, bac_routes, tracks)
            return Verdict(
                "recommended",
                (f"Votre bac correspond à une voie d'accès listée : {_label(route, dataset)}{source}.", *extras),
                distance=closeness,
                named=_named(profile, route.specialites) if route.specialites and not route.advised else 0,
            )
        partial = partial or route
    for route in bridges:
        if route.track and route.track == profile.track.code:
            return Verdict(
                "recommended",
                (f"Vous suivez {route.label}, qui est une voie d'accès listée{source}.", *extras),
            )
    if before_bac is not None:
        return before_bac

    bridge_reason = ""
    if bridges:
        bridge_reason = f"Autre chemin prévu : {join_fr([b.label for b in bridges])} avant d'entrer en formation."
    diplomas = [r for r in access.routes if r.kind == "diploma"]

    def listed() -> str:  # the routes the card lists, named only when a reason says them
        return join_fr([_label(r, dataset) for r in bac_routes + bridges + diplomas])

    if partial is not None and partial.track in tracks and access.others == "bridge" and bridges:
        return Verdict(
            "bridge",
            (
                f"Votre bac ({short_name(profile.track)}) est listé avec une autre spécialité que la vôtre : "
                f"l'accès passe par {join_fr([b.label for b in bridges])}{source}.",
                *extras,
            ),
        )
    if partial is not None and partial.track in tracks and access.others == "closed":
        return Verdict(
            "excluded",
            (f"Réservé aux voies listées ({listed()}) ; votre spécialité n'en fait pas partie{source}.",),
        )
    if partial is not None and partial.track in tracks:
        label = tracks[partial.track].specialites_label
        specs = join_fr([*(_specialite_name(tracks[partial.track], c) for c in partial.specialites), *partial.other_specialites])
        # The student's own spécialités are in their profile: said here only when they gave none.
        yours = "" if _has_specialites(profile) else " (vous n'avez pas indiqué la vôtre avec --specialite)"
        options = _options_of_yours(profile, partial.specialites, tracks[partial.track])
        if options and not partial.advised:
            # « TEB option A » for a student who gave « TEB »: which option is theirs is not known.
            named = join_fr([_specialite_name(tracks[partial.track], c) for c in options])
            reason = (
                f"Votre bac ({short_name(profile.track)}) est listé pour {named}, une option de votre {label} : "
                f"accès direct si c'est la vôtre (précisez-la : --specialite {options[0]}), sinon candidature possible{source}."
            )
            return Verdict("possible", tuple(x for x in (reason, bridge_reason, *extras) if x), distance=1)
        if partial.advised:
            mismatch = f"mais la fiche conseille les {label}s {specs}{yours}"
        elif not partial.specialites and all(re.match(_SAME_SECTOR, w.strip().lower()) for w in partial.other_specialites):
            mismatch = f"mais seulement pour {_article(label).replace('la ', 'une ', 1)} du même secteur que la formation{yours}"
        elif not partial.specialites and all(_SECTOR_WORDS.match(w.strip()) for w in partial.other_specialites):
            # « un bac pro du secteur agricole »: a sector, not the name of a spécialité.
            sectors = join_fr([_SECTOR_WORDS.sub("", w.strip()) for w in partial.other_specialites])
            mismatch = f"mais seulement pour {_article(label).replace('la ', 'une ', 1)} du secteur {sectors}{yours}"
        else:
            mismatch = f"mais avec {_article(label)} {specs}{yours}"
        reason = f"Votre bac ({short_name(profile.track)}) est listé, {mismatch} : candidature possible, sans être la voie prévue{source}."
        return Verdict("possible", tuple(x for x in (reason, bridge_reason, *extras) if x), distance=1)
    if access.others == "closed":
        return Verdict("excluded", (f"{rule}Réservé aux voies listées ({listed()}) ; la vôtre n'en fait pas partie{source}.",))
    if access.others == "bridge" and bridges:
        return Verdict(
            "bridge",
            (
                f"Votre bac n'est pas parmi les voies listées ({listed()}) : "
                f"l'accès passe par {join_fr([b.label for b in bridges])}{source}.",
                *extras,
            ),
        )
    # « un CAP du même secteur »: a bac pro of the field is more; a diploma of the bac's own level (a BTM, a BP) it
    # is not, unless the way names a bac too (« un BTM, un BP ou un bac du même secteur »).
    same_sector = [
        r for r in within if r.in_field and (r.min_level < 0 or re.search(r"\bbac\b", r.label)) and _sector_of(profile, formation, dataset)
    ]
    if same_sector and not bac_routes:
        # « un CAP du même secteur (ou un niveau supérieur) »: a bac pro of the formation's field is more.
        return Verdict(
            "recommended",
            (
                f"{rule}Votre bac pro relève du même secteur que la formation : "
                f"il répond à la voie listée ({same_sector[0].label}){source}.",
                *extras,
            ),
            distance=1,
        )
    if national and within and not bac_routes:
        reason = f"{rule}Candidature possible si votre parcours correspond à ce qui est demandé ({listed()}){source}."
        return Verdict("possible", (reason, *extras), distance=2)
    reason = (
        f"{rule}Votre bac ({short_name(profile.track)}) n'est pas parmi les voies d'accès listées ({listed()}) : "
        f"candidature possible, à appuyer par votre dossier{source}."
    )
    return Verdict("possible", tuple(x for x in (reason, bridge_reason, *extras) if x), distance=2)


def _breadth(route: Route) -> int:
    """How wide a bac route is: 0 when it names spécialités or a field, 1 a série (« bac STMG »,
    « un bac professionnel ») or a série with the spécialités a card advises (« bac général,
    spécialités conseillées : … », a list of advice, not the way meant for them), 2 a whole family
    (« tout bac technologique », « tout bac »)."""
    if route.advised:
        return 1
    if route.specialites or route.other_specialites:
        return 0
    return 2 if route.track in ("ANY", "TECHNO") else 1


def _meant_for_others(route: Route, bac_routes: list[Route], tracks: dict[str, Track]) -> bool:
    """Is ``route`` a série or family named bare beside the ways it is meant for: « un bac
    professionnel (notamment fonderie) », a bac pro beside the spécialités named; « un bac
    technologique, notamment STI2D », the family beside a série of it? Read for a student the bare
    route admits and the others do not."""
    if route.specialites or route.other_specialites or route.track == "ANY":
        return False
    others = [r for r in bac_routes if r is not route]
    if route.track == "TECHNO":
        return any(r.track in tracks and tracks[r.track].family == "techno" for r in others)
    return any(r.track == route.track and (r.specialites or r.other_specialites) for r in others)


@asked
def _named(profile: Profile, codes: tuple[str, ...]) -> int:
    """How many of the student's spécialités ``codes`` names (by their code, or the diploma their option belongs to)."""
    return sum(1 for spec in profile.specialites if spec.code in codes or (spec.group and spec.group in codes))


def _options_of_yours(profile: Profile, codes: tuple[str, ...], track: Track) -> list[str]:
    """The options among ``codes`` of a spécialité the student gave without its option (« TEB » for a
    route naming « TEB-A »)."""
    mine = {spec.code for spec in profile.specialites}
    return [s.code for s in track.specialites if s.code in codes and s.group and s.group in mine]


@asked
def _has_specialites(profile: Profile) -> bool:
    return bool(profile.specialites)


@asked
def _field_met(profile: Profile, route: Route, formation: FormationCore, dataset: Dataset) -> bool:
    """Does a route naming a field in the card's words (« un bac pro du secteur de la production agricole »,
    « du même secteur ») fit the student's spécialité? Yes when a distinctive word of the field (for « du
    même secteur », of the formation's name) is one of the spécialité's."""
    from .fields import name_keys

    if route.track == "TECHNO" and route.other_specialites and profile.track.family == "techno":
        # « un bac techno du secteur de la restauration »: the series whose name says the sector (STHR).
        sector = set().union(*(name_keys(words, dataset.generic_words) for words in route.other_specialites))
        series = set().union(*(name_keys(name, dataset.generic_words) for name in (profile.track.name, *profile.track.aliases)))
        return bool(sector & series)
    if not route.other_specialites or not profile.specialites or route.track not in ("PRO", "ANY"):
        return False
    sectors, wanted, same = _field_wanted(route, formation.name, profile.track, dataset)
    if sectors is not None:  # « un bac pro agricole », « du secteur industriel »: a family, not the words of a name
        return any(sectors & set(spec.sectors) for spec in profile.specialites)
    if any(wanted & _specialite_keys(spec, dataset) for spec in profile.specialites):
        return True
    if not same or profile.track.code != "PRO":
        return False
    trades = _trade_families(formation.name, profile.track, dataset)
    return any(trades & set(spec.sectors) for spec in profile.specialites) or _shares_metier(profile, formation, dataset)


def _trade_families(name: str, track: Track, dataset: Dataset) -> frozenset[str]:
    """The families of ``track``'s spécialités whose trades a formation's name says (« BTM ébéniste »: the
    bois, the family of « technicien de fabrication bois et matériaux associés »), found once per name and bac."""
    from .text import fold

    table = dataset.memo("trade_families")
    key = (name, track.code)
    found = table.get(key)
    if found is None:
        folded = fold(name)
        found = table[key] = frozenset(
            sector.code for sector in track.sectors if any(re.search(rf"\b{re.escape(fold(trade))}s?\b", folded) for trade in sector.trades)
        )
    return found


def _field_wanted(route: Route, name: str, track: Track, dataset: Dataset) -> tuple[frozenset[str] | None, frozenset[str], bool]:
    """What a route naming a field asks of a spécialité of ``track``, for a formation named ``name``:
    the families of spécialités its words name (None unless they all name one), else the
    distinctive words a spécialité's name must share with them, and whether they say « du même
    secteur ». Worked out once per route, formation name and bac."""
    from .fields import name_keys

    table = dataset.memo("field_wanted")
    key = (route.other_specialites, name, track.code)
    found = table.get(key)
    if found is None:
        named = [_sectors(words, track) for words in route.other_specialites]
        generic = dataset.generic_words
        wanted: set[str] = set()
        for words in route.other_specialites:
            wanted |= name_keys(name if re.match(_SAME_SECTOR, words.strip().lower()) else words, generic)
        same = any(re.match(_SAME_SECTOR, words.strip().lower()) for words in route.other_specialites)
        found = table[key] = (frozenset().union(*named) if all(named) else None, frozenset(wanted), same)
    return found


def _specialite_keys(spec: Specialite, dataset: Dataset) -> frozenset[str]:
    """The distinctive words of a spécialité's name and other names, worked out once."""
    from .fields import name_keys

    table = dataset.memo("specialite_keys")
    key = (spec.name, spec.aliases)
    found = table.get(key)
    if found is None:
        found = table[key] = frozenset().union(*(name_keys(name, dataset.generic_words) for name in (spec.name, *spec.aliases)))
    return found


def _shares_metier(profile: Profile, formation: FormationCore, dataset: Dataset) -> bool:
    """Is the student's bac pro spécialité of the formation's sector by its métiers: does the bac pro of
    that spécialité lead to one of the formation's métiers (« bac pro aménagement et finition du
    bâtiment » and « BP carreleur mosaïste », both leading to carreleur)?"""
    from .text import fold

    names = {fold(name) for spec in profile.specialites for name in (spec.name, *spec.aliases)}
    return any(name in names or any(name.startswith(f"{n} option ") for n in names) for name in _metier_bacs_pro(formation, dataset))


def _metier_bacs_pro(formation: FormationCore, dataset: Dataset) -> tuple[str, ...]:
    """The spécialités (folded names) of the bacs pro leading to one of the formation's métiers, found
    once per formation: only the few formations linked to those métiers are read."""
    from .text import fold

    table = dataset.memo("metier_bacs_pro")
    key = (formation.id, formation.metiers)
    found = table.get(key)
    if found is None:
        names: list[str] = []
        seen: set[str] = set()
        for metier in formation.metiers:
            for other_id in dataset.formations_by_metier.get(metier, ()):
                if other_id == formation.id or other_id in seen:
                    continue
                seen.add(other_id)
                other = dataset.formations.get(other_id)
                if other is None or other.type != "bac pro":
                    continue
                names.append(fold(re.sub(r"^(?:bac(?:calauréat)? pro(?:fessionnel)?)\s+", "", other.name, flags=re.I)))
        found = table[key] = tuple(names)
    return found


_SECTOR_LEAD = r"^(?:(?:dans |de )?(?:le |la |les |l'|du |des )?(?:secteurs?|domaines?|filières?)\s*(?:de la |de l'|du |des |de )?)"


_SECTOR_PARTS = r"\s*,\s*|\s+(?:et|ou)\s+"
_ARTICLE = r"^(?:de la |de l'|du |des |d'|la |le |les |l')"


def _sectors(words: str, track: Track | None) -> frozenset[str]:
    """The families of ``track``'s spécialités some words name (« du secteur de la production agricole »,
    « du secteur de la restauration et de l'alimentation », :attr:`~orient.models.Track.sectors`); empty
    unless every part of the words names one."""
    if track is None or not track.sectors:
        return frozenset()
    text = re.sub(r"\s*\([^)]*\)?", "", words.strip().lower())  # « secteur industriel (pilote de ligne, par exemple) »
    text = re.sub(_SECTOR_LEAD, "", text).strip()
    whole = any(text in sector.words for sector in track.sectors)  # « production agricole » is one family
    found: set[str] = set()
    for part in [text] if whole else re.split(_SECTOR_PARTS, text):
        part = re.sub(_ARTICLE, "", part.strip())
        code = next((sector.code for sector in track.sectors if part in sector.words), "")
        if not code:
            return frozenset()
        found.add(code)
    return frozenset(found)


_SAME_SECTOR_ROUTE = Route(kind="bac", track="PRO", other_specialites=("du même secteur",))


@asked
def _sector_of(profile: Profile, formation: FormationCore, dataset: Dataset) -> bool:
    """Is the student's bac pro spécialité of the formation's own field (a word of its name)?"""
    if profile.track.code != "PRO" or not profile.specialites:
        return False
    return _field_met(profile, _SAME_SECTOR_ROUTE, formation, dataset)


def _specialite_name(track: Track, code: str) -> str:
    """A spécialité named by its code, as :func:`~orient.profile.specialite_label` names it."""
    spec = next((s for s in track.specialites if s.code == code), None)
    return specialite_label(track, spec) if spec is not None else code


def _article(label: str) -> str:
    return f"l'{label}" if label[:1] in "aeiouéè" else f"la {label}"


def _feeders(formation: FormationCore, dataset: Dataset) -> str:
    """What leads to ``formation`` (:func:`leading_reason`), as the import wrote it when it did."""
    said = dataset.leading_reasons
    if said is not None:
        return said.get(formation.id) or NOTHING_LEADS
    return leading_reason(formation, dataset)


NOTHING_LEADS = "Le jeu de données ne cite pas encore de formation qui y prépare."


def leading_reason(formation: FormationCore, dataset: Dataset) -> str:
    """What leads to ``formation``: « Y mènent dans le jeu de données : A ou B » for the formations
    whose poursuites cite it, then those of its field, said to be of its field only (a guess from
    their métiers and names, not a link a card states)."""
    cited, total, ids = dataset.leading(formation)
    if not total:
        return NOTHING_LEADS
    names = [dataset.formation_name(i) for i in ids]
    named_cited, named_field = names[:cited], names[cited:]
    field = total - cited
    if not cited:
        alike = "Formations du même domaine dans le jeu de données (aucune ne la cite dans ses poursuites)"
        return f"{alike} : {_listed_names(named_field, field)}."
    text = f"Y mènent dans le jeu de données : {_listed_names(named_cited, cited)}"
    if named_field:
        text += f" ; du même domaine : {_listed_names(named_field, field)}"
    elif field:
        text += f", et {count_fr(field, 'formation')} du même domaine"
    return text + "."


def _listed_names(names: list[str], count: int) -> str:
    """« A, B ou C (et 2 autres) »: ``names``, the first of ``count`` formations."""
    more = f" (et {count_fr(count - len(names), 'autre')})" if count > len(names) else ""
    return join_fr(names, "ou") + more


def _later_reason(route: Route, profile: Profile, national: bool) -> str:
    verb = "Se prépare après" if national else "Demande"
    if route.kind == "diploma" and route.min_level <= profile.level:
        return f"{verb} {route.label} : votre niveau ({level_label(profile.level)}) ne dit pas que vous avez ce diplôme"
    return f"{verb} {route.label} ; votre niveau actuel : {level_label(profile.level)}"


def _concours_reason(route: Route, rule: str) -> str:
    return f"{rule}Pas d'entrée directe : la formation commence après {route.label}"


def _extras(access: Access) -> tuple[str, ...]:
    out: list[str] = []
    if "concours" in access.selection:
        out.append("Entrée sur concours.")
    if access.age_max is not None:
        out.append(f"Limite d'âge : {access.age_note or f'{access.age_max} ans au plus'}.")
    if access.max_attempts is not None:
        out.append(f"Au plus {count_fr(access.max_attempts, 'tentative')} au concours.")
    return tuple(out)


def listed_after_bac(verdict: Verdict, formation: FormationCore, dataset: Dataset, listed: Callable[[str], bool]) -> Verdict:
    """``verdict`` (« later », by a national rule) for a formation Parcoursup lists (``listed``: is
    some offer linked to it?), when its type's rule says such a formation is entered after the bac
    (:attr:`~orient.models.NationalRule.listed_after_bac`): « possible » by the rule's own entry,
    Parcoursup's listing as the reason; else ``verdict``."""
    rule = dataset.types.rules.get(verdict.rule)  # the national rule that decided
    if rule is None or not rule.listed_after_bac or not listed(formation.id):
        return verdict
    reason = (
        f"Règle nationale : {_lower_first(rule.summary)}. Parcoursup liste une entrée après le bac reliée à cette formation : "
        f"candidature possible, sur dossier (source : {rule.source} ; Parcoursup, liste des formations)."
    )
    return msgspec.structs.replace(verdict, code="possible", reasons=(reason,), distance=2)


FAMILY_LABELS = {"general": "général", "techno": "technologique", "pro": "professionnel"}
FAMILY_PLURALS = {"general": "généraux", "techno": "technologiques", "pro": "professionnels"}
# Over which offers the figures are (Summary.scope): all, those of the area asked, those outside it.
SCOPE_WORDS = {
    "all": "",
    "area": " de la zone demandée",
    "elsewhere": " hors de la zone demandée (aucune de celles de la zone n'a de chiffres)",
}
SCOPE_PLACES = {"all": "", "area": " dans la zone demandée", "elsewhere": " hors de la zone demandée"}


def with_evidence(verdict: Verdict, summary, profile: Profile) -> Verdict:
    """``verdict`` with the Parcoursup figures beside its rule (``summary``: a formation's
    :class:`~orient.parcoursup.query.Summary`, or None).

    The figures never override a written rule. Only where no rule decides (``unknown``) and
    students of the student's bac family were admitted in real numbers (at least
    :data:`~orient.parcoursup.query.MIN_FAMILY` of at least
    :data:`~orient.parcoursup.query.MIN_ADMITTED` néo-bacheliers) does the verdict become
    ``possible``, with the figures as its sourced reason."""
    if summary is None:
        return verdict
    from .parcoursup.query import MIN_ADMITTED, MIN_FAMILY, family

    fam = family(profile.track)
    source = f"Parcoursup, session {summary.session}"
    share = summary.share(fam)
    parts = []
    # Over the formations of Parcoursup that have figures: a few of those taught, with a sample file.
    start = f"En {summary.session}, sur {count_fr(summary.offers, 'formation')} de Parcoursup{SCOPE_WORDS.get(summary.scope, '')}"
    if share is not None:
        few = f" (sur {summary.admitted_neo} admis seulement)" if summary.admitted_neo < MIN_ADMITTED else ""
        parts.append(f"{start}, {percent_fr(share)} des admis néo-bacheliers venaient d'un bac {FAMILY_LABELS[fam]}{few}")
    if summary.access_rate is not None:
        rate = f"taux d'accès {percent_fr(summary.access_rate / 100)}"
        parts.append(rate if parts else f"{start}, {rate}")
    if not parts:
        return verdict
    sentence = " ; ".join(parts) + f" (source : {source})."
    admitted = summary.admitted[fam]
    if verdict.code == "unknown" and summary.admitted_neo >= MIN_ADMITTED and admitted >= MIN_FAMILY:
        reason = (
            f"Aucune règle écrite ne décide, mais des bacheliers {FAMILY_PLURALS[fam]} y sont admis : "
            f"{admitted} sur {summary.admitted_neo} admis néo-bacheliers en {summary.session}"
            f"{SCOPE_PLACES.get(summary.scope, '')} (source : {source})."
        )
        return Verdict("possible", (reason, *verdict.reasons[1:], sentence), distance=1, basis="parcoursup", source=source, url=summary.url)
    return msgspec.structs.replace(verdict, reasons=(*verdict.reasons, sentence))
