"""Checks a dataset beyond its schema: codes, references, vocabularies, consistency.

Every check reports :class:`~orient.errors.Problem` values (``file:field: message``)
and never stops at the first one, so a person fixing data sees everything at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from .dataset import Dataset, read_folder
from .errors import Problem
from .levels import parse_level
from .models import Formation, Metier, Sector
from .text import normalize


def validate_folder(root: Path) -> list[Problem]:
    """Read and check a dataset folder; an empty list means it is valid."""
    dataset, problems = read_folder(root)
    if dataset is not None:
        problems += validate(dataset)
    return problems


def validate(dataset: Dataset) -> list[Problem]:
    problems = list(_check_referential(dataset))
    for formation in dataset.formations.values():
        problems += _check_formation(dataset, formation)
    for metier in dataset.metiers.values():
        problems += _check_metier(dataset, metier)
    for sector in dataset.sectors.values():
        problems += _check_sector(dataset, sector)
    problems += _check_links(dataset)
    return problems


def _check_referential(dataset: Dataset) -> Iterator[Problem]:
    ref = dataset.referential
    seen: dict[str, str] = {}
    for i, track in enumerate(ref.tracks):
        where = f"track[{i}]"
        if track.code in seen:
            yield Problem("bacs.toml", f"{where}.code", f"code de bac « {track.code} » en double")
        for alias in (track.code, *track.aliases):
            key = normalize(alias)
            owner = seen.setdefault(key, track.code)
            if owner != track.code:
                yield Problem("bacs.toml", f"{where}.aliases", f"l'alias « {alias} » désigne déjà {owner}")
        spec_seen: dict[str, str] = {}
        for j, spec in enumerate(track.specialites):
            for alias in (spec.code, spec.name, *spec.aliases):
                key = normalize(alias)
                owner = spec_seen.setdefault(key, spec.code)
                if owner != spec.code:
                    yield Problem(
                        "bacs.toml",
                        f"{where}.specialites[{j}].aliases",
                        f"l'alias « {alias} » désigne déjà la spécialité {owner} de {track.code}",
                    )
    yield from _check_specialite_groups(ref)
    yield from _check_sectors(ref)
    yield from _check_types(ref)
    yield from _check_thesaurus(ref)
    yield from _check_abbreviations(ref)
    yield from _check_former_series(ref)
    yield from _check_locutions(ref)
    yield from _check_parcoursup(ref)
    yield from _check_groups(dataset)
    ids = [i.id for i in ref.interests]
    for dup in sorted({x for x in ids if ids.count(x) > 1}):
        yield Problem("vocabulaire.toml", "interest", f"centre d'intérêt « {dup} » en double")
    tags = {t.label for t in ref.attendu_tags}
    for i, track in enumerate(ref.tracks):
        implied = [("implies", t) for t in track.implies]
        implied += [("interests", x) for x in track.interests if x not in ids]
        implied += [(f"sectors[{j}].interests", x) for j, sector in enumerate(track.sectors) for x in sector.interests if x not in ids]
        implied += [(f"sectors[{j}].implies", t) for j, sector in enumerate(track.sectors) for t in sector.implies]
        for j, spec in enumerate(track.specialites):
            implied += [(f"specialites[{j}].implies", t) for t in spec.implies]
            implied += [(f"specialites[{j}].interests", x) for x in spec.interests if x not in ids]
        for where, value in implied:
            if where.endswith("interests"):
                yield Problem("bacs.toml", f"track[{i}].{where}", f"centre d'intérêt inconnu « {value} »")
            elif value not in tags:
                yield Problem("bacs.toml", f"track[{i}].{where}", f"étiquette d'attendu inconnue « {value} »")


def _check_thesaurus(ref) -> Iterator[Problem]:
    """Each phrase students type belongs to one entry, and every entry means something."""
    owner: dict[str, int] = {}
    for i, entry in enumerate(ref.thesaurus):
        where = f"synonym[{i}]"
        if not entry.words or not entry.means:
            yield Problem("thesaurus.toml", where, "entrée sans mots (words) ou sans sens (means)")
        for phrase, key in _owned(entry.words, i, owner):
            if not key:
                yield Problem("thesaurus.toml", f"{where}.words", f"mot vide « {phrase} »")
            elif owner[key] != i:
                yield Problem("thesaurus.toml", f"{where}.words", f"« {phrase} » est déjà dans l'entrée {owner[key]}")


def _owned(words, i: int, owner: dict[str, int]) -> Iterator[tuple[str, str]]:
    """Each phrase of entry ``i`` with its key, the entry that first held that key kept in ``owner``."""
    for phrase in words:
        key = normalize(phrase)
        if key:
            owner.setdefault(key, i)
        yield phrase, key


def _check_former_series(ref) -> Iterator[Problem]:
    """Each former série leads to a track of today, and none of its names is a track's."""
    tracks = {t.code for t in ref.tracks}
    names = {normalize(a) for t in ref.tracks for a in (t.code, *t.aliases)}
    for i, series in enumerate(ref.former_series):
        where = f"former_series[{i}]"
        if series.track not in tracks:
            yield Problem("bacs.toml", f"{where}.track", f"voie inconnue « {series.track} »")
        for alias in (series.code, *series.aliases):
            if normalize(alias) in names:
                yield Problem("bacs.toml", f"{where}.aliases", f"« {alias} » est déjà le nom d'une voie d'aujourd'hui")


def _check_abbreviations(ref) -> Iterator[Problem]:
    """Each short form belongs to one entry, stands for some words, and is not one of them."""
    owner: dict[str, int] = {}
    for i, entry in enumerate(ref.abbreviations):
        where = f"abbreviation[{i}]"
        if not entry.words or not entry.means or not all(normalize(m) for m in entry.means):
            yield Problem("thesaurus.toml", where, "abréviation sans formes (words) ou sans sens (means)")
        for phrase, key in _owned(entry.words, i, owner):
            if not key:
                yield Problem("thesaurus.toml", f"{where}.words", f"forme vide « {phrase} »")
            elif owner[key] != i:
                yield Problem("thesaurus.toml", f"{where}.words", f"« {phrase} » est déjà dans l'abréviation {owner[key]}")
            elif key in {normalize(m) for m in entry.means}:
                yield Problem("thesaurus.toml", f"{where}.words", f"« {phrase} » est aussi l'un de ses sens")


def _check_locutions(ref) -> Iterator[Problem]:
    """Each locution holds its word and at least one other."""
    from .analysis import Analyzer

    stem = Analyzer().stem
    for i, locution in enumerate(ref.locutions):
        for phrase in locution.phrases:
            stems = [stem(w) for w in Analyzer().split(phrase)]
            if len(stems) < 2 or stem(locution.word.lower()) not in stems:
                yield Problem("vocabulaire.toml", f"locution[{i}].phrases", f"« {phrase} » n'est pas une locution de « {locution.word} »")


def _check_groups(dataset: Dataset) -> Iterator[Problem]:
    """The groups of the spécialités file: written as they are compared, each once, each saying
    which formations it is the own group of; the ids they name are formations of the dataset."""
    seen: set[str] = set()
    for i, group in enumerate(dataset.referential.psup_groups):
        where = f"groupe[{i}]"
        if group.prefix in seen:
            yield Problem("parcoursup.toml", f"{where}.prefix", f"regroupement « {group.prefix} » en double")
        seen.add(group.prefix)
        for field in ("prefix", "offers", "names"):
            values = getattr(group, field)
            for value in (values,) if isinstance(values, str) else values:
                if normalize(value) != value:
                    yield Problem(
                        "parcoursup.toml", f"{where}.{field}", f"« {value} » : à écrire sans accents ni majuscules ni ponctuation"
                    )
        if (group.offers or group.mention) and not group.types:
            yield Problem(
                "parcoursup.toml", f"{where}.types", "offers et mention choisissent parmi les formations des types : indiquez-les"
            )
        if group.offers and group.mention:
            yield Problem("parcoursup.toml", where, "offers ou mention, pas les deux")
        for formation_id in group.formations:
            if dataset.formations and formation_id not in dataset.formations:
                yield Problem("parcoursup.toml", f"{where}.formations", f"formation inconnue « {formation_id} »")


def _check_parcoursup(ref) -> Iterator[Problem]:
    """The Parcoursup vocabulary names types and spécialités of the referential."""
    types = {t.code for t in ref.formation_types}
    general = {s.code for t in ref.tracks if t.code == "GENERAL" for s in t.specialites}
    for kind, entries in (("filiere", ref.psup_filieres), ("groupe", ref.psup_groups)):
        for i, entry in enumerate(entries):
            for code in entry.types:
                if types and code not in types:
                    yield Problem("parcoursup.toml", f"{kind}[{i}].types", f"type de formation inconnu « {code} »")
    for i, spec in enumerate(ref.psup_specialites):
        for code in spec.codes:
            if general and code not in general:
                yield Problem("parcoursup.toml", f"specialite[{i}].codes", f"spécialité du bac général inconnue « {code} »")
    codes: set[str] = set()
    prefixes: set[str] = set()
    for i, departement in enumerate(ref.departements):
        if departement.code in codes:
            yield Problem("parcoursup.toml", f"departement[{i}].code", f"département « {departement.code} » en double")
        if not (len(departement.uai) == 3 and departement.uai.isdigit()) or departement.uai in prefixes:
            yield Problem(
                "parcoursup.toml", f"departement[{i}].uai", f"début de code UAI « {departement.uai} » : trois chiffres, un par département"
            )
        if not departement.name.strip() or not departement.region.strip():
            yield Problem("parcoursup.toml", f"departement[{i}]", "un département a un nom et une région")
        codes.add(departement.code)
        prefixes.add(departement.uai)
    yield from _check_regions(ref)


def _check_regions(ref) -> Iterator[Problem]:
    """Each région once, each of its names said of one région only; each département's région is one of them."""
    from .places import place_key

    owner: dict[str, str] = {}
    codes: set[str] = set()
    for i, region in enumerate(ref.regions):
        if region.code in codes:
            yield Problem("parcoursup.toml", f"region[{i}].code", f"région « {region.code} » en double")
        codes.add(region.code)
        for name in (region.name, *region.variants):
            key = place_key(name)
            if not key:
                yield Problem("parcoursup.toml", f"region[{i}]", "une région a un nom")
            elif owner.get(key, region.name) != region.name:
                yield Problem("parcoursup.toml", f"region[{i}].variants", f"« {name} » désigne déjà la région {owner[key]}")
            owner.setdefault(key, region.name)
    names = {r.name for r in ref.regions}
    for i, departement in enumerate(ref.departements):
        if names and departement.region not in names:
            yield Problem("parcoursup.toml", f"departement[{i}].region", f"région inconnue « {departement.region} » (voir [[region]])")


def _check_sectors(ref) -> Iterator[Problem]:
    """Each family a spécialité belongs to is one its track names, and a word names one family only."""
    for track in ref.tracks:
        codes = {s.code for s in track.sectors}
        words: dict[str, str] = {}
        for i, sector in enumerate(track.sectors):
            for word in sector.words:
                owner = words.setdefault(word, sector.code)
                if owner != sector.code:
                    yield Problem("bac-pro.toml", f"sector[{i}].words", f"« {word} » nomme déjà la famille « {owner} »")
        for j, spec in enumerate(track.specialites):
            for code in spec.sectors:
                if code not in codes:
                    yield Problem("bac-pro.toml", f"specialite[{j}].sectors", f"famille inconnue « {code} »")


def _check_specialite_groups(ref) -> Iterator[Problem]:
    for i, track in enumerate(ref.tracks):
        codes = {s.code for s in track.specialites}
        for j, spec in enumerate(track.specialites):
            if spec.group and (spec.group not in codes or spec.group == spec.code):
                yield Problem(
                    "bacs.toml", f"track[{i}].specialites[{j}].group", f"« {spec.group} » n'est pas une autre spécialité de {track.code}"
                )


def _check_types(ref) -> Iterator[Problem]:
    """Types of formation and national rules (``diplomes.toml``): unique names, rules that exist and make sense."""
    name = "diplomes.toml"
    rules = {r.id for r in ref.rules}
    tracks = {t.code for t in ref.tracks} | {"ANY", "TECHNO"}
    seen: dict[str, str] = {}
    codes: set[str] = set()
    for i, kind in enumerate(ref.formation_types):
        where = f"type[{i}]"
        if kind.code in codes:
            yield Problem(name, f"{where}.code", f"type « {kind.code} » en double")
        codes.add(kind.code)
        for alias in (kind.code, kind.name, *kind.aliases, *kind.onisep):
            owner = seen.setdefault(normalize(alias), kind.code)
            if owner != kind.code:
                yield Problem(name, f"{where}.aliases", f"« {alias} » désigne déjà le type {owner}")
        if kind.rule and kind.rule not in rules:
            yield Problem(name, f"{where}.rule", f"règle inconnue « {kind.rule} »")
    ids: set[str] = set()
    for i, rule in enumerate(ref.rules):
        where = f"rule[{i}]"
        if rule.id in ids:
            yield Problem(name, f"{where}.id", f"règle « {rule.id} » en double")
        ids.add(rule.id)
        if not rule.source.strip() or not rule.summary.strip():
            yield Problem(name, where, "une règle doit dire ce qu'elle prévoit (summary) et sa source (source)")
        if rule.checked > dt.date.today():
            yield Problem(name, f"{where}.checked", f"date de vérification dans le futur ({rule.checked.isoformat()})")
        entries = [("entry", rule.entry), *((f"variant[{j}].entry", v.entry) for j, v in enumerate(rule.variant))]
        for field, entry in entries:
            for track in entry.tracks:
                if track not in tracks:
                    yield Problem(name, f"{where}.{field}.tracks", f"code de bac inconnu « {track} »")
            if entry.kind == "bac" and not entry.tracks:
                yield Problem(name, f"{where}.{field}.tracks", "une entrée après le bac doit nommer ses voies (ANY : tout bac)")
            if entry.kind in ("level", "diploma") and not entry.label:
                yield Problem(name, f"{where}.{field}.label", "une entrée par niveau ou par diplôme doit dire en clair ce qu'elle demande")
            if entry.kind == "level" and (entry.min_level == 0 or not -3 <= entry.min_level <= 8):
                yield Problem(
                    name, f"{where}.{field}.min_level", 'un niveau va de -3 (classe de 3e) à 8, le bac (0) exclu : utilisez kind = "bac"'
                )
        for j, variant in enumerate(rule.variant):
            if not (variant.names or variant.duration is not None or variant.cec is not None):
                yield Problem(name, f"{where}.variant[{j}]", "une variante doit dire quand elle s'applique (names, duration ou cec)")
        for j, route in enumerate(rule.route):
            if route.track not in tracks:
                yield Problem(name, f"{where}.route[{j}].track", f"code de bac inconnu « {route.track} »")


def _file(dataset: Dataset, kind: str, record_id: str) -> str:
    return dataset.files.get(f"{kind}/{record_id}", f"{kind}/{record_id}.toml")


def _check_common(name: str, record: Formation | Metier | Sector, kind: str) -> Iterator[Problem]:
    stem = Path(name).stem
    if stem != record.id:
        yield Problem(name, "id", f"l'identifiant « {record.id} » ne correspond pas au nom du fichier ({stem}.toml)")
    if not record.id or normalize(record.id).replace(" ", "-") != record.id:
        yield Problem(name, "id", "identifiant attendu en minuscules sans accents, mots séparés par des tirets")
    if not record.sources:
        yield Problem(name, "sources", "au moins une source est obligatoire")
    for i, source in enumerate(record.sources):
        if not (source.url or source.onisep):
            yield Problem(name, f"sources[{i}]", "une source doit donner une adresse (url) ou un identifiant ONISEP")
    if record.checked > dt.date.today():
        yield Problem(name, "checked", f"date de vérification dans le futur ({record.checked.isoformat()})")
    if not record.description.strip():
        yield Problem(name, "description", "description vide")


def _check_formation(dataset: Dataset, formation: Formation) -> Iterator[Problem]:
    name = _file(dataset, "formations", formation.id)
    ref = dataset.referential
    yield from _check_common(name, formation, "formations")
    if ref.formation_types and formation.type not in {t.code for t in ref.formation_types}:
        yield Problem(name, "type", f"type de formation inconnu « {formation.type} » (types : diplomes.toml)")
    if formation.duration_years <= 0:
        yield Problem(name, "duration_years", "la durée doit être positive")
    tracks = {t.code: t for t in ref.tracks}
    access = formation.access
    if access is not None:
        if not access.routes:
            yield Problem(name, "access.routes", "aucune voie d'accès : retirez [access] si les règles sont inconnues")
        for i, route in enumerate(access.routes):
            where = f"access.routes[{i}]"
            if route.kind == "bac":
                if route.track not in ("ANY", "TECHNO") and route.track not in tracks:
                    yield Problem(name, f"{where}.track", f"code de bac inconnu « {route.track} »")
                    continue
                known = {s.code for s in tracks[route.track].specialites} if route.track in tracks else set()
                for spec in route.specialites:
                    if spec not in known:
                        yield Problem(name, f"{where}.specialites", f"spécialité « {spec} » inconnue pour {route.track}")
            elif route.kind == "level":
                if route.min_level == 0 or route.min_level < -3:
                    yield Problem(
                        name,
                        f"{where}.min_level",
                        "une voie de niveau demande min_level ≥ 1 (bac+1…) ou, avant le bac, -1 (CAP) à -3 (classe de 3e)",
                    )
                if not route.label:
                    yield Problem(name, f"{where}.label", "une voie de niveau doit dire en clair ce qu'elle demande")
            elif route.kind in ("diploma", "concours"):
                if not -3 <= route.min_level <= 8:
                    yield Problem(name, f"{where}.min_level", "le niveau d'un diplôme va de -3 (classe de 3e) à 8 (doctorat)")
                if not route.label:
                    yield Problem(name, f"{where}.label", "une voie par diplôme doit nommer ce diplôme")
            elif route.kind == "bridge":
                if not route.label:
                    yield Problem(name, f"{where}.label", "une passerelle doit dire en clair de quoi il s'agit")
                if route.track and route.track not in tracks:
                    yield Problem(name, f"{where}.track", f"code de bac inconnu « {route.track} »")
                if route.years < 0:
                    yield Problem(name, f"{where}.years", "la durée d'une passerelle ne peut pas être négative")
            if route.years and route.kind != "bridge":
                yield Problem(name, f"{where}.years", 'seule une passerelle (kind = "bridge") a une durée')
            if route.formation and route.formation not in dataset.formations:
                yield Problem(name, f"{where}.formation", f"formation inconnue « {route.formation} »")
        if access.others == "bridge" and not any(r.kind == "bridge" for r in access.routes):
            yield Problem(name, "access.others", "« bridge » demande au moins une voie de type bridge")
        if access.age_min is not None and access.age_max is not None and access.age_min > access.age_max:
            yield Problem(name, "access.age_min", "âge minimum supérieur à l'âge maximum")
        if not access.source:
            yield Problem(name, "access.source", "la source des règles d'accès est obligatoire")
    tags = {t.label for t in ref.attendu_tags}
    for interest in formation.interests:
        if interest not in dataset.interests:
            yield Problem(name, "interests", f"centre d'intérêt inconnu « {interest} »")
    for i, attendu in enumerate(formation.attendus):
        for tag in attendu.tags:
            if tags and tag not in tags:
                yield Problem(name, f"attendus[{i}].tags", f"étiquette d'attendu inconnue « {tag} »")
    for i, poursuite in enumerate(formation.poursuites):
        if not (poursuite.formation or poursuite.label):
            yield Problem(name, f"poursuites[{i}]", "une poursuite doit citer une formation ou un libellé")
        if poursuite.formation and poursuite.formation not in dataset.formations:
            yield Problem(name, f"poursuites[{i}].formation", f"formation inconnue « {poursuite.formation} »")
        if poursuite.formation == formation.id:
            yield Problem(name, f"poursuites[{i}].formation", "une formation ne peut pas mener à elle-même")
        if poursuite.after_years is not None and not 0 < poursuite.after_years < formation.duration_years:
            yield Problem(
                name,
                f"poursuites[{i}].after_years",
                f"after_years doit être compris entre 0 et la durée de la formation ({_number(formation.duration_years)} ans), "
                "bornes exclues",
            )
    for metier_id in formation.metiers:
        if metier_id not in dataset.metiers:
            yield Problem(name, "metiers", f"métier inconnu « {metier_id} »")


def _check_metier(dataset: Dataset, metier: Metier) -> Iterator[Problem]:
    name = _file(dataset, "metiers", metier.id)
    yield from _check_common(name, metier, "metiers")
    if metier.min_level and parse_level(metier.min_level) is None:
        yield Problem(name, "min_level", f"niveau illisible « {metier.min_level} » (ex. : bac, bac+2, CAP)")
    for formation_id in metier.formations:
        if formation_id not in dataset.formations:
            yield Problem(name, "formations", f"formation inconnue « {formation_id} »")
    for interest in metier.interests:
        if interest not in dataset.interests:
            yield Problem(name, "interests", f"centre d'intérêt inconnu « {interest} »")


def _check_sector(dataset: Dataset, sector: Sector) -> Iterator[Problem]:
    name = _file(dataset, "secteurs", sector.id)
    yield from _check_common(name, sector, "secteurs")
    if not sector.families:
        yield Problem(name, "families", "un secteur doit regrouper ses métiers en au moins une famille")
    family_ids: set[str] = set()
    placed: dict[str, str] = {}
    for i, family in enumerate(sector.families):
        where = f"families[{i}]"
        if family.id in family_ids:
            yield Problem(name, f"{where}.id", f"famille « {family.id} » en double")
        family_ids.add(family.id)
        if not family.metiers:
            yield Problem(name, f"{where}.metiers", f"la famille « {family.name} » ne cite aucun métier")
        for metier_id in family.metiers:
            if metier_id not in dataset.metiers:
                yield Problem(name, f"{where}.metiers", f"métier inconnu « {metier_id} »")
            elif metier_id in placed:
                yield Problem(name, f"{where}.metiers", f"« {metier_id} » est déjà dans la famille « {placed[metier_id]} »")
            placed.setdefault(metier_id, family.name)
    for i, advice in enumerate(sector.advice):
        if not advice.text.strip() or not advice.source.strip():
            yield Problem(name, f"advice[{i}]", "un conseil doit avoir un texte et une source")


def _check_links(dataset: Dataset) -> Iterator[Problem]:
    """A formation naming a métier and the métier naming the formation go together."""
    for formation in dataset.formations.values():
        for metier_id in formation.metiers:
            metier = dataset.metiers.get(metier_id)
            if metier is not None and formation.id not in metier.formations:
                yield Problem(
                    _file(dataset, "metiers", metier_id),
                    "formations",
                    f"« {formation.id} » cite ce métier mais n'est pas dans sa liste de formations",
                )
    for metier in dataset.metiers.values():
        for formation_id in metier.formations:
            cited = dataset.formations.get(formation_id)
            if cited is not None and metier.id not in cited.metiers:
                yield Problem(
                    _file(dataset, "formations", formation_id),
                    "metiers",
                    f"le métier « {metier.id} » cite cette formation mais n'est pas dans sa liste de métiers",
                )


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
