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
    query: str,
    records: Iterable[Record] | None,
    names,
    codes,
    kind: str = "",
    dataset: Dataset | None = None,
    heard: set[str] | None = None,
) -> list[tuple[Record, float]]:
    """Records matching ``query``, best first: an identifier or code typed exactly (200), then a name
    typed exactly (150) or another name (140), then the search engine's score (0–100) when ``kind`` names one of
    its indexes; rapidfuzz on the names when the engine finds nothing (a name misspelt as a whole).

    The engine reads each of the query's :func:`readings` (its short forms spelt out) and keeps each
    record's best score; ``heard`` receives the stems of the words read (its own words, those no
    record holds, and the thesaurus's when it was needed).

    ``records`` None: all the records of ``kind`` in ``dataset``, read through the import's indexes of
    codes and names (only the records found are decoded; all of them only for rapidfuzz)."""
    key = normalize(query)
    if not key:
        raise InputError("query.empty")
    folded = fold(query.strip())
    texts: list[str] = readings(dataset, query) if dataset is not None else [query]
    keys = list(dict.fromkeys([key, *(normalize(t) for t in texts)]))
    pool: Mapping[str, Any]
    if records is None:
        pool, candidates = _found_by_index(dataset, kind, folded, keys)
    else:
        candidates = list(records)
        pool = {r.id: r for r in candidates}
    scored: dict[str, tuple[Record, float]] = {}
    for record in candidates:
        if folded in codes(record):
            scored[record.id] = (record, 200.0)
        else:
            exact = [w for name, w in names(record) if normalize(name) in keys]
            if exact:
                scored[record.id] = (record, EXACT if max(exact) == 1.0 else EXACT_ALIAS)
    if kind and dataset is not None:
        from .retrieval import Engine

        engine = Engine(dataset)
        for text in texts:
            # The words as typed first, each comma-separated part a term; the thesaurus only when they
            # meet nothing (« game design »).
            parts = [p for p in (part.strip() for part in text.split(",")) if p] or [text]
            terms = [engine.read_term(p, wish=False, expand=False) for p in parts]
            found = engine.rank(kind, terms)
            if not found:
                terms = [engine.read_term(p, wish=False) for p in parts]
                found = engine.rank(kind, terms)
            if heard is not None:
                heard.update(t for term in terms for c in term.concepts for t in c.tokens)
                heard.update(t for term in terms for t in term.synonym_tokens)
                # A word no record holds still says what the query is about: no record shares it.
                heard.update(t for term in terms for t in dataset.analyzer.terms(" ".join(term.unknown)))
            for record_id, score, _hits in found:
                if score < SEARCH_CUTOFF:
                    continue
                known = scored.get(record_id)
                if known is None:
                    hit = pool.get(record_id)
                    if hit is not None:
                        scored[record_id] = (hit, 100.0 * score)
                elif known[1] < 100.0 * score:
                    scored[record_id] = (known[0], 100.0 * score)
    if not scored:
        for record in pool.values():
            score = _score(key, names(record))
            if score >= CUTOFF:
                scored[record.id] = (record, score)
    return sorted(scored.values(), key=lambda item: (-item[1], len(item[0].name), item[0].id))


# Readings of one query at most: the combinations of the senses of its short forms, first senses first.
MAX_READINGS = 8
_WORD = re.compile(r"\w+")
_SHORT_FORMS: dict[int, tuple[Any, dict[str, tuple[str, ...]], int]] = {}


def _short_forms(dataset: Dataset) -> tuple[dict[str, tuple[str, ...]], int]:
    """The referential's short forms, normalised → what each stands for, and the most words one has."""
    referential = dataset.referential
    kept = _SHORT_FORMS.get(id(referential))
    if kept is None or kept[0] is not referential:
        table = {normalize(w): entry.means for entry in referential.abbreviations for w in entry.words}
        longest = max((k.count(" ") + 1 for k in table), default=0)
        _SHORT_FORMS.clear()
        kept = _SHORT_FORMS[id(referential)] = (referential, table, longest)
    return kept[1], kept[2]


def readings(dataset: Dataset, query: str) -> list[str]:
    """``query`` with its short forms (``thesaurus.toml``, « abbreviation ») spelt out: each read as a
    whole word, or a run of whole words, the longest first, and replaced by each of its senses in
    turn (« licence psycho »: « licence psychologie », « licence psychologue »); at most
    :data:`MAX_READINGS`. The query itself when it holds none."""
    table, longest = _short_forms(dataset)
    if not table:
        return [query]
    words = list(_WORD.finditer(query))
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            means = table.get(" ".join(fold(w.group()) for w in words[i : i + size]))
            if means:
                spans.append((words[i].start(), words[i + size - 1].end(), means))
                i += size
                break
        else:
            i += 1
    if not spans:
        return [query]
    texts: list[str] = [""]
    done = 0
    for start, end, means in spans:
        texts = [text + query[done:start] + sense for text in texts for sense in means][:MAX_READINGS]
        done = end
    return [text + query[done:] for text in texts]


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


def _found_by_index(dataset: Dataset | None, kind: str, folded: str, keys: list[str]) -> tuple[Mapping[str, Any], list[Any]]:
    """All the records of ``kind`` (decoded when read), and those whose code is ``folded`` or whose
    name is one of ``keys``, from the import's indexes."""
    assert dataset is not None and dataset.code_index is not None and dataset.name_index is not None
    pool: Mapping[str, Any] = dataset.formations if kind == "formations" else dataset.metiers
    names = dataset.name_index[kind]
    ids = [*dataset.code_index[kind].get(folded, ()), *(i for key in keys for i in names.get(key, ()))]
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
    heard: set[str] = set()
    ranked = _ranked(query, records, names, codes, kind, dataset, heard)

    def not_found(suggestions: list[str] | None = None, weak: bool = False) -> NotFoundError:
        from .text import suggest

        nonlocal records
        if suggestions is None:
            if records is None:
                assert dataset is not None
                records = list(_found_by_index(dataset, kind, "", [])[0].values())
            # A weak match: each record's name once (an alias may be a sigle, « PA », close to any short query).
            choices = list(dict.fromkeys(r.name for r in records)) if weak else [n for r in records for n, _w in names(r)]
            suggestions = suggest(query, choices, limit=3, cutoff=50)
        return NotFoundError(f"{what}.not_found", query=query, suggestions=suggestions)

    if not ranked:
        raise not_found()
    ties = _ties(query, ranked, names, dataset if kind else None)
    if kind and dataset is not None and ranked[0][1] < EXACT_ALIAS:
        fits = _fitting(query, heard, names, dataset)
        ties = [r for r in ties if fits(r)]
        if not ties:  # what the engine found best shares no word that matters with the query
            raise not_found([r.name for r, _s in ranked[:MAX_NAME_CHECK] if fits(r, typed=False)][:3] or None, weak=True)
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
    heard: set[str] = set()
    scored: list[tuple[Formation | Metier, float, str]] = [
        (m, s, "metier") for m, s in _ranked(query, metiers, _metier_names, metier_codes, "metiers", dataset, heard)
    ]
    scored += [(f, s, "formation") for f, s in _ranked(query, formations, _formation_names, formation_codes, "formations", dataset, heard)]

    def not_found(suggestions: list[str] | None = None, weak: bool = False) -> NotFoundError:
        from .text import suggest

        if suggestions is None:
            if weak:  # each record's name once, as for one kind
                choices = list(dict.fromkeys([*(m.name for m in dataset.metiers.values()), *(f.name for f in dataset.formations.values())]))
            else:
                choices = [n for m in dataset.metiers.values() for n, _w in _metier_names(m)]
                choices += [n for f in dataset.formations.values() for n, _w in _formation_names(f)]
            suggestions = suggest(query, choices, limit=3, cutoff=50)
        return NotFoundError("target.not_found", query=query, suggestions=suggestions)

    if not scored:
        raise not_found()
    scored.sort(key=lambda item: (-item[1], item[2] != "metier", len(item[0].name), item[0].id))
    kinds = {id(r): kind for r, _s, kind in scored}

    def names(record):
        return _metier_names(record) if kinds[id(record)] == "metier" else _formation_names(record)

    ties = _ties(query, [(r, s) for r, s, _k in scored], names, dataset)
    if scored[0][1] < EXACT_ALIAS:
        fits = _fitting(query, heard, names, dataset)
        ties = [r for r in ties if fits(r)]
        if not ties:  # what the engine found best shares no word that matters with the query
            raise not_found([r.name for r, _s, _k in scored[: 2 * MAX_NAME_CHECK] if fits(r, typed=False)][:3] or None, weak=True)
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
    wanted = [set(analyzer.terms(text)) for text in readings(dataset, query)]

    def holding(main: bool) -> list:
        found = []
        for r, _s in ranked[:MAX_NAME_CHECK]:
            held = {t for n, weight in names(r) if weight == 1.0 or not main for t in analyzer.terms(n)}
            if any(words <= held for words in wanted):
                found.append(r)
        return found

    # Main names first (« métiers de l'image » is the BTS's name, an alias of La Fémis), then any name.
    found = holding(main=True) or holding(main=False) or [r for r, s in ranked if best - s < ENGINE_TIE_MARGIN]
    return _closest_name(query, _of_named_type(query, found, dataset), dataset)


_BRACKETED = re.compile(r"\([^()]*\)")  # « pilote de ligne (ENAC) »: the school, not the formation
_OPTION = re.compile(r" (?:parcours|option) ")  # « BUT informatique parcours … »: the diploma, then its parcours
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
    typed = _type_terms(named.code, dataset) if named is not None else set()
    said = [set(analyzer.terms(text)) - frame - typed for text in readings(dataset, query)]
    if not all(said):  # « master »: a type, which names no one formation
        return found
    bare = [r for r in found if set(analyzer.terms(_BRACKETED.sub(" ", r.name))) - frame - _type_terms(r.type, dataset) in said]
    if not bare:  # the parcours of one diploma (« BUT informatique »: its four parcours, not the BUT GEII's)
        bare = [r for r in found if set(analyzer.terms(_OPTION.split(r.name)[0])) - frame - _type_terms(r.type, dataset) in said]
        return bare if 1 < len(bare) < len(found) else found
    return bare if len(bare) == 1 else found


def _fitting(query: str, heard: set[str], names, dataset: Dataset) -> Callable[..., bool]:
    """Whether a record the engine found may be the one ``query`` names: a name of it holds a word of
    the query that says what it is about (one the engine understood: typed, or the thesaurus's), not
    only words any formation's name holds (« licence », « diplôme », « école »); and a formation of
    another type than the one the query names by its code (« licence psycho »: not the master) names
    that type in its own name. A query of such words only (« master ») is not judged."""
    analyzer = dataset.analyzer
    frame = set(analyzer.terms(NAME_FRAME)) | _generic_terms(dataset)
    named = _named_type(query, dataset)
    typed = _type_terms(named.code, dataset) if named is not None else set()
    telling = heard - frame - typed
    by_code = named is not None and fold(named.code) in normalize(query).split()
    code_terms = set(analyzer.terms(named.code)) if named is not None else set()

    def fits(record: Any, typed: bool = True) -> bool:
        held = {t for n, _w in names(record) for t in analyzer.terms(n)}
        if telling and not telling & held:
            return False
        if typed and by_code and isinstance(record, Formation) and named is not None and record.type != named.code:
            return code_terms <= held
        return True

    return fits


_GENERIC_TERMS: dict[int, tuple[Any, frozenset[str]]] = {}


def _generic_terms(dataset: Dataset) -> frozenset[str]:
    """The stems of the words of formation names that say nothing of a field (``vocabulaire.toml``)."""
    referential = dataset.referential
    kept = _GENERIC_TERMS.get(id(referential))
    if kept is None or kept[0] is not referential:
        terms = frozenset(t for word in referential.generic_words for t in dataset.analyzer.terms(word))
        _GENERIC_TERMS.clear()
        kept = _GENERIC_TERMS[id(referential)] = (referential, terms)
    return kept[1]


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
