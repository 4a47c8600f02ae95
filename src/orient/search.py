"""Finding formations and métiers from what a person types.

Exact identifiers and codes win outright; otherwise every record's names are
compared with the query by rapidfuzz, accents and case folded. A query that
matches several records equally well is ambiguous rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from .dataset import Dataset
from .errors import AmbiguousError, InputError, NotFoundError
from .models import Formation, FormationType, Metier, Sector
from .text import fold, normalize, sort_key

Record = TypeVar("Record", Formation, Metier, Sector)

# Below this score a record does not match at all.
CUTOFF = 70.0
# Two results closer than this are a tie: the query is ambiguous (rapidfuzz points; for the
# search engine, hundredths of the best score, which descriptions move by a few).
TIE_MARGIN = 3.0
ENGINE_TIE_MARGIN = 10.0
# Records, best first, whose names are read to find those that hold every word typed.
MAX_NAME_CHECK = 60
# A record the engine scores below this share of the best one only mentions the words in passing.
SEARCH_CUTOFF = 0.25
# A name typed exactly, accents and case aside: beats every near match by more than a tie; an
# other name typed exactly beats them too, but not a record whose own name it is (« journaliste »
# is a métier's name and another métier's other name).
EXACT = 150.0
EXACT_ALIAS = 140.0
# Secondary names (aliases, other titles) weigh slightly less than the main name.
ALIAS_WEIGHT = 0.95


def _formation_names(formation: Formation) -> Iterable[tuple[str, float]]:
    yield formation.name, 1.0
    yield f"{formation.type} {formation.name}", 1.0
    for alias in formation.aliases:
        yield alias, ALIAS_WEIGHT
    for parcours in formation.parcours:  # « BUT MMI parcours création numérique » is the BUT MMI
        yield f"{formation.name} parcours {parcours.name}", ALIAS_WEIGHT


def _metier_names(metier: Metier) -> Iterable[tuple[str, float]]:
    yield metier.names.masculine, 1.0
    yield metier.names.feminine, 1.0
    for other in metier.other_names:
        yield other, ALIAS_WEIGHT


def _sector_names(sector: Sector) -> Iterable[tuple[str, float]]:
    yield sector.name, 1.0
    for alias in sector.aliases:
        yield alias, ALIAS_WEIGHT
    for family in sector.families:
        yield family.name, ALIAS_WEIGHT


def _sector_codes(sector: Sector) -> set[str]:
    return {fold(sector.id)}


def formation_codes(formation: Formation) -> set[str]:
    codes = formation.codes
    return {fold(x) for x in (formation.id, codes.scolarite, codes.rncp, codes.onisep, *(p.onisep for p in formation.parcours)) if x}


def metier_codes(metier: Metier) -> set[str]:
    codes = {fold(metier.id), *(fold(r) for r in metier.rome)}
    codes.update(fold(s.onisep) for s in metier.sources if s.onisep)
    return codes


def _score(query: str, names: Iterable[tuple[str, float]]) -> float:
    from rapidfuzz import fuzz

    best = 0.0
    for name, weight in names:
        target = normalize(name)
        if target == query:
            return EXACT if weight == 1.0 else EXACT_ALIAS  # typed exactly: better than any near match
        best = max(best, weight * fuzz.token_set_ratio(query, target))
    return best


def _ranked(
    query: str, records: Iterable[Record] | None, names, codes, kind: str = "", dataset: Dataset | None = None
) -> list[tuple[Record, float]]:
    """Records matching ``query``, best first: an identifier or code typed exactly (200), then a name
    typed exactly (150) or another name (140), then the search engine's score (0–100) when ``kind`` names one of
    its indexes; rapidfuzz on the names when the engine finds nothing (a name misspelt as a whole).

    ``records`` None: all the records of ``kind`` in ``dataset``, read through the import's indexes of
    codes and names (only the records found are decoded; all of them only for rapidfuzz)."""
    key = normalize(query)
    if not key:
        raise InputError("query.empty")
    folded = fold(query.strip())
    pool: Mapping[str, Any]
    if records is None:
        pool, candidates = _found_by_index(dataset, kind, folded, key)
    else:
        candidates = list(records)
        pool = {r.id: r for r in candidates}
    scored: dict[str, tuple[Record, float]] = {}
    for record in candidates:
        if folded in codes(record):
            scored[record.id] = (record, 200.0)
        else:
            exact = [w for name, w in names(record) if normalize(name) == key]
            if exact:
                scored[record.id] = (record, EXACT if max(exact) == 1.0 else EXACT_ALIAS)
    if kind and dataset is not None:
        from .retrieval import Engine

        engine = Engine(dataset)
        # The words as typed first, each comma-separated part a term; the thesaurus only when they
        # meet nothing (« game design »).
        parts = [p for p in (part.strip() for part in query.split(",")) if p] or [query]
        found = engine.rank(kind, [engine.read_term(p, wish=False, expand=False) for p in parts])
        if not found:
            found = engine.rank(kind, [engine.read_term(p, wish=False) for p in parts])
        for record_id, score, _hits in found:
            if record_id not in scored and score >= SEARCH_CUTOFF:
                hit = pool.get(record_id)
                if hit is not None:
                    scored[record_id] = (hit, 100.0 * score)
    if not scored:
        for record in pool.values():
            score = _score(key, names(record))
            if score >= CUTOFF:
                scored[record.id] = (record, score)
    return sorted(scored.values(), key=lambda item: (-item[1], len(item[0].name), item[0].id))


def search_formations(
    dataset: Dataset, query: str | None = None, types: Iterable[str] | None = None, *, ordered: bool = True
) -> list[Formation]:
    """Formations matching ``query`` (best first) and of one of the type codes ``types``; all of them without a query.

    ``ordered=False`` skips sorting the full list by type and name (for callers that sort it their way).
    """
    if query is not None and not types and _lookups(dataset):  # only the records found are read
        return [f for f, _ in _ranked(query, None, _formation_names, formation_codes, "formations", dataset)]
    records = list(dataset.formations.values())
    if types:
        wanted = set(types)
        records = [f for f in records if f.type in wanted]
    if query is None:
        return sorted(records, key=lambda f: (sort_key(f.type), sort_key(f.name))) if ordered else records
    return [f for f, _ in _ranked(query, records, _formation_names, formation_codes, "formations", dataset)]


def search_metiers(dataset: Dataset, query: str | None = None) -> list[Metier]:
    if query is not None and _lookups(dataset):
        found: list[tuple[Metier, float]] = _ranked(query, None, _metier_names, metier_codes, "metiers", dataset)
        return [m for m, _ in found]
    records = list(dataset.metiers.values())
    if query is None:
        return sorted(records, key=lambda m: sort_key(m.name))
    return [m for m, _ in _ranked(query, records, _metier_names, metier_codes, "metiers", dataset)]


def _found_by_index(dataset: Dataset | None, kind: str, folded: str, key: str) -> tuple[Mapping[str, Any], list[Any]]:
    """All the records of ``kind`` (decoded when read), and those whose code is ``folded`` or whose
    name is ``key``, from the import's indexes."""
    assert dataset is not None and dataset.code_index is not None and dataset.name_index is not None
    pool: Mapping[str, Any] = dataset.formations if kind == "formations" else dataset.metiers
    ids = [*dataset.code_index[kind].get(folded, ()), *dataset.name_index[kind].get(key, ())]
    return pool, [pool[i] for i in dict.fromkeys(ids) if i in pool]


def _lookups(dataset: Dataset) -> bool:
    """Whether the import indexed the codes and names of the records: lookups then read only what they find."""
    return dataset.code_index is not None and dataset.name_index is not None


def check_types(dataset: Dataset, values: Iterable[str]) -> list[str]:
    """The type codes ``values`` name (each may hold several, comma-separated), or raise with suggestions."""
    codes: list[str] = []
    for value in values:
        parts = [value] if dataset.types.find(value) else value.split(",")
        for part in parts:
            if not part.strip():
                continue
            kind = dataset.types.find(part)
            if kind is None:
                raise _unknown_type(dataset, part.strip())
            if kind.code not in codes:
                codes.append(kind.code)
    if not codes:
        raise InputError("type.empty")
    return codes


def _unknown_type(dataset: Dataset, text: str) -> InputError:
    from .text import suggest

    hints: list[str] = []
    for choice in suggest(text, dataset.types.names(), limit=6, cutoff=70, margin=5):
        kind = dataset.types.find(choice)
        if kind is not None and kind.code not in hints:
            hints.append(kind.code)
    return InputError("type.unknown", text=text, suggestions=hints[:3])


def code_index(records: Iterable[Record], codes: Callable[[Any], set[str]]) -> dict[str, list[str]]:
    """Folded identifier or code → ids of the records bearing it (computed once, by the import). The
    codes of a record are taken in order, so that the same records always give the same index."""
    index: dict[str, list[str]] = {}
    for record in records:
        for code in sorted(codes(record)):
            index.setdefault(code, []).append(record.id)
    return index


def name_index(records: Iterable[Record], names: Callable[[Record], Iterable[tuple[str, float]]]) -> dict[str, list[str]]:
    """Each name of ``records``, normalised → the ids of the records bearing it (computed at import:
    a lookup by name then reads only the records so named)."""
    index: dict[str, list[str]] = {}
    for record in records:
        for name, _weight in names(record):
            ids = index.setdefault(normalize(name), [])
            if not ids or ids[-1] != record.id:
                ids.append(record.id)
    return index


def formation_name_index(records: Iterable[Formation]) -> dict[str, list[str]]:
    return name_index(records, _formation_names)


def metier_name_index(records: Iterable[Metier]) -> dict[str, list[str]]:
    return name_index(records, _metier_names)


def _indexed(dataset: Dataset, kind: str, query: str) -> list | None:
    """The records whose identifier or code is exactly ``query``, from the import's index; None
    when there is no index (the records are then walked)."""
    if dataset.code_index is None:
        return None
    records = dataset.formations if kind == "formations" else dataset.metiers
    return [records[i] for i in dataset.code_index[kind].get(fold(query.strip()), ()) if i in records]


def _by_code(query: str, records: list, codes) -> list:
    """Records whose identifier or code is exactly ``query``: found without any fuzzy scoring."""
    folded = fold(query.strip())
    return [r for r in records if folded in codes(r)] if folded else []


def _resolve(query: str, records: list[Record] | None, names, codes, what: str, kind: str = "", dataset: Dataset | None = None) -> Record:
    """``records`` None: those of ``kind`` in ``dataset``, read through its indexes (see :func:`_ranked`)."""
    if records is not None:
        exact = _by_code(query, records, codes)
        if len(exact) == 1:
            return exact[0]
    ranked = _ranked(query, records, names, codes, kind, dataset)
    if not ranked:
        from .text import suggest

        if records is None:
            assert dataset is not None
            records = list(_found_by_index(dataset, kind, "", "")[0].values())
        choices = [n for r in records for n, _w in names(r)]
        raise NotFoundError(f"{what}.not_found", query=query, suggestions=suggest(query, choices, limit=3, cutoff=50))
    ties = _ties(query, ranked, names, dataset if kind else None)
    if len(ties) > 1:
        raise AmbiguousError(f"{what}.ambiguous", query=query, matches=[(what, r.id, r.name) for r in ties])
    return ties[0]


def resolve_formation(dataset: Dataset, query: str) -> Formation:
    """The one formation ``query`` designates, or an error explaining why there is none."""
    exact = _indexed(dataset, "formations", query)
    if exact is not None and len(exact) == 1:
        return exact[0]
    return _resolve(
        query,
        None if _lookups(dataset) else list(dataset.formations.values()),
        _formation_names,
        formation_codes,
        "formation",
        "formations",
        dataset,
    )


def resolve_metier(dataset: Dataset, query: str) -> Metier:
    exact = _indexed(dataset, "metiers", query)
    if exact is not None and len(exact) == 1:
        return exact[0]
    return _resolve(
        query,
        None if _lookups(dataset) else list(dataset.metiers.values()),
        _metier_names,
        metier_codes,
        "metier",
        "metiers",
        dataset,
    )


def resolve_sector(dataset: Dataset, query: str) -> Sector:
    return _resolve(query, list(dataset.sectors.values()), _sector_names, _sector_codes, "sector")


def resolve_target(dataset: Dataset, query: str) -> Formation | Metier:
    """The métier or formation ``query`` designates (``orient path --vers``).

    Both kinds are searched at once: the best score wins, and a tie between
    records of either kind is ambiguous rather than guessed.
    """
    indexed = (_indexed(dataset, "metiers", query) or []) + (_indexed(dataset, "formations", query) or [])
    if len(indexed) == 1:
        return indexed[0]
    metiers: list[Metier] | None = None
    formations: list[Formation] | None = None
    if not _lookups(dataset):  # no index: every record is read
        metiers, formations = list(dataset.metiers.values()), list(dataset.formations.values())
        exact = _by_code(query, metiers, metier_codes) + _by_code(query, formations, formation_codes)
        if len(exact) == 1:
            return exact[0]
    scored: list[tuple[Formation | Metier, float, str]] = [
        (m, s, "metier") for m, s in _ranked(query, metiers, _metier_names, metier_codes, "metiers", dataset)
    ]
    scored += [(f, s, "formation") for f, s in _ranked(query, formations, _formation_names, formation_codes, "formations", dataset)]
    if not scored:
        from .text import suggest

        choices = [n for m in dataset.metiers.values() for n, _w in _metier_names(m)]
        choices += [n for f in dataset.formations.values() for n, _w in _formation_names(f)]
        raise NotFoundError("target.not_found", query=query, suggestions=suggest(query, choices, limit=3, cutoff=50))
    scored.sort(key=lambda item: (-item[1], item[2] != "metier", len(item[0].name), item[0].id))
    kinds = {id(r): kind for r, _s, kind in scored}

    def names(record):
        return _metier_names(record) if kinds[id(record)] == "metier" else _formation_names(record)

    ties = _ties(query, [(r, s) for r, s, _k in scored], names, dataset)
    if len(ties) > 1 and _named_type(query, dataset) is None:
        # Words that name no diploma name a job: « électricien » is the métier, not the CAP électricien.
        ties = [r for r in ties if kinds[id(r)] == "metier"] or ties
    if len(ties) > 1:
        raise AmbiguousError("target.ambiguous", query=query, matches=[(kinds[id(r)], r.id, r.name) for r in ties])
    return ties[0]


def _ties(query: str, ranked: list, names, dataset: Dataset | None) -> list:
    """The records ``query`` may mean, best first: one means it is found.

    A name typed exactly ties only with another typed exactly. Otherwise, when the search engine
    scored them, the records whose main name holds every word typed are the candidates — one alone
    wins (« ENS Louis-Lumière cinéma »), several are a tie (« développeur ») —, then those whose
    other names hold them all, and when no name holds them all, those within
    :data:`ENGINE_TIE_MARGIN` of the best score."""
    best = ranked[0][1]
    if best >= EXACT_ALIAS or dataset is None:
        margin = TIE_MARGIN if best >= EXACT_ALIAS or dataset is None else ENGINE_TIE_MARGIN
        return [r for r, s in ranked if best - s < margin]
    analyzer = dataset.analyzer
    wanted = set(analyzer.terms(query))

    def holding(main: bool) -> list:
        return [
            r
            for r, _s in ranked[:MAX_NAME_CHECK]
            if wanted <= {t for n, weight in names(r) if weight == 1.0 or not main for t in analyzer.terms(n)}
        ]

    # Main names first (« métiers de l'image » is the BTS's name, an alias of La Fémis), then any name.
    found = holding(main=True) or holding(main=False) or [r for r, s in ranked if best - s < ENGINE_TIE_MARGIN]
    return _closest_name(query, _of_named_type(query, found, dataset), dataset)


_BRACKETED = re.compile(r"\([^()]*\)")  # « pilote de ligne (ENAC) »: the school, not the formation
# Words that build a formation's name around its field, besides its type's names.
NAME_FRAME = "mention parcours option spécialité spécialisé"


def _closest_name(query: str, found: list, dataset: Dataset) -> list:
    """Of several formations, the one whose name says nothing more than ``query`` but its type,
    « mention » and what it puts in brackets (« master droit »: « master mention droit », not
    « master mention droit social »; « pilote de ligne »: « pilote de ligne (ENAC) », not « bac pro
    pilote de ligne de production »), when only one does."""
    if len(found) < 2 or not all(isinstance(r, Formation) for r in found):
        return found
    analyzer = dataset.analyzer
    frame = set(analyzer.terms(NAME_FRAME))
    named = _named_type(query, dataset)
    said = set(analyzer.terms(query)) - frame - (_type_terms(named.code, dataset) if named is not None else set())
    if not said:  # « master »: a type, which names no one formation
        return found
    bare = [r for r in found if set(analyzer.terms(_BRACKETED.sub(" ", r.name))) - frame - _type_terms(r.type, dataset) == said]
    return bare if len(bare) == 1 else found


def _type_terms(code: str, dataset: Dataset) -> set[str]:
    """The terms of the names of one formation type (« licence pro », « licence professionnelle »)."""
    kind = dataset.types.by_code.get(code)
    names = (kind.code, kind.name, *kind.aliases) if kind is not None else (code,)
    return {t for name in names for t in dataset.analyzer.terms(name)}


def _named_type(query: str, dataset: Dataset) -> FormationType | None:
    """The formation type ``query`` names (its longest run of words that names one), if any; runs no
    longer than the longest name of a type are tried."""
    words = normalize(query).split()
    longest = max((len(normalize(n).split()) for n in dataset.types.names()), default=1)
    runs = ((i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + longest) + 1))
    spans = sorted(runs, key=lambda span: span[0] - span[1])
    return next((kind for i, j in spans if (kind := dataset.types.find(" ".join(words[i:j]))) is not None), None)


def _of_named_type(query: str, found: list, dataset: Dataset) -> list:
    """Of several formations, those of the type ``query`` names, if some are (« licence de droit »:
    the licence, not the licences pro whose names also hold both words)."""
    if len(found) < 2 or not all(isinstance(r, Formation) for r in found):
        return found
    named = _named_type(query, dataset)
    if named is None:
        return found
    kept = [r for r in found if r.type == named.code]
    return kept or found
