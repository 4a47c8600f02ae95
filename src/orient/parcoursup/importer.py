"""One Parcoursup import: read the files, join them with the earlier import, link, report, store.

- A file is recognised by its header; each row is read or reported (file, line, why).
- A row seen twice in one file is reported and kept once.
- The listing and the admissions export describe the same offers: a listing row is joined
  to the admissions offer of the same establishment (UAI) and label.
- An offer imported again keeps the figures of its latest session; a row that did not
  change keeps its import date, so importing the same files again changes nothing.
- Links to formation records are made here, against the dataset the commands read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from .. import storage
from ..errors import ImportFailed
from ..places import Places
from ..text import normalize
from .files import BadFile, RowProblem, iter_files, read_file
from .link import Linker, Spelling, written_prefix
from .models import Offer, SpecialiteOutcome
from .query import own_groups, pair_table, summaries
from .store import ImportedFile, Report, Stored, StoreError, TypeLinks, group_offers, read_store, store_path, write_store

if TYPE_CHECKING:
    from ..dataset import Dataset

Progress = Callable[[int, int, str], None]
TOP_UNLINKED = 15
SAME_PLACE_KM = 5.0  # a listing row takes the town of an offer of its establishment this close only


class Summary(msgspec.Struct, frozen=True):
    files: tuple[ImportedFile, ...]
    offers: int  # in the store after the import
    outcomes: int
    skipped: int
    changed: bool
    problems: tuple[RowProblem, ...]
    report: Report
    path: str


@storage.locked  # two imports at once run one after the other: neither is lost
def run_import(
    paths: Iterable[Path],
    dataset: Dataset,
    *,
    strict: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    waiting: storage.Waiting | None = None,  # told when another import holds the lock (see storage.lock)
) -> Summary:
    today = today or dt.date.today()
    files = list(iter_files([Path(p) for p in paths]))
    problems: list[RowProblem] = []
    imported: list[ImportedFile] = []
    offers: dict[str, Offer] = {}
    listing: dict[str, Offer] = {}
    outcomes: dict[tuple, SpecialiteOutcome] = {}
    for number, path in enumerate(files, start=1):
        try:
            kind, records, errors = read_file(path, dataset.referential, today)
        except BadFile as exc:
            problems.append(exc.problem)
            continue
        problems += errors
        seen: dict[tuple, int] = {}
        for record in records:
            key, line = _key(record), _line(record)
            if key in seen:
                problems.append(RowProblem(path.name, line, f"ligne en double (déjà lue ligne {seen[key]}) : ignorée"))
                continue
            seen[key] = line
            if kind == "specialites":
                outcomes[key] = record
            elif kind == "listing":
                listing[record.key] = record
            else:
                offers[record.key] = _latest(offers.get(record.key), record)
        imported.append(ImportedFile(path.name, kind, len(records), today))
        if progress is not None:
            progress(number, len(files), path.name)
    if strict and problems:
        raise ImportFailed("import.strict", source="parcoursup", problems=problems)
    if not imported:
        raise ImportFailed("import.nothing", source="parcoursup", problems=problems, roots=[str(p) for p in paths])

    path = store_path()
    try:
        previous = read_store(path)
    except StoreError as exc:
        if not exc.damaged:
            raise
        problems.append(RowProblem(str(path), 0, f"import précédent abîmé ({exc.reason}) : remplacé par celui-ci"))
        if strict:
            raise ImportFailed("import.strict", source="parcoursup", problems=[problems[-1], *problems[:-1]]) from None
        previous = None
    spelling = Spelling(dataset, [*offers.values(), *(previous.offers if previous else ())])
    # Régions and départements under their official names, those of the earlier import too.
    places = Places(dataset.referential)
    offers = {key: places.official(spelling.offer(offer)) for key, offer in offers.items()}
    listing = {key: places.official(spelling.offer(offer)) for key, offer in listing.items()}
    if previous is not None:
        previous = msgspec.structs.replace(previous, offers=[places.official(o) for o in previous.offers])
    all_offers, all_outcomes = _join(previous, offers, listing, outcomes)
    linker = Linker(dataset)
    links = {o.key: ids for o in all_offers if (ids := linker.link(o))}
    report = make_report(all_offers, links, linker, dataset, len(all_outcomes))
    stored = Stored(
        updated=today,
        files=_files(previous, imported),
        offers=all_offers,
        outcomes=all_outcomes,
        links=links,
        linked_with=dataset.identity,
        report=report,
        summaries=summaries(all_offers, links),
        group_pairs=pair_table(all_outcomes),
        groups=_own_groups(dataset, all_offers, all_outcomes, links),
        by_formation=group_offers(all_offers, links),
    )
    changed = previous is None or _content(previous) != _content(stored)
    if changed:
        write_store(stored, path)
    elif previous is not None and (previous.linked_with != stored.linked_with or previous.format != stored.format):
        # The same figures and links, made against the dataset as it is now (the embedded data
        # changed since), or written by the previous version: written, so that commands no longer
        # link again each time, and read only the parts they need; its date kept.
        write_store(msgspec.structs.replace(stored, updated=previous.updated), path)
    return Summary(
        files=tuple(imported),
        offers=len(all_offers),
        outcomes=len(all_outcomes),
        skipped=len(problems),
        changed=changed,
        problems=tuple(problems),
        report=report,
        path=str(path),
    )


def _key(record) -> tuple:
    if isinstance(record, SpecialiteOutcome):
        return (record.year, record.pair, record.group)
    return (record.key,)


def _line(record) -> int:
    return record.source.line if isinstance(record, SpecialiteOutcome) else record.sources[0].line


def _latest(old: Offer | None, new: Offer) -> Offer:
    """The offer with the figures of the latest session."""
    if old is None or old.admissions is None:
        return new
    if new.admissions is None or new.admissions.session < old.admissions.session:
        return old
    return new


def _join(
    previous: Stored | None,
    offers: dict[str, Offer],
    listing: dict[str, Offer],
    outcomes: dict[tuple, SpecialiteOutcome],
) -> tuple[list[Offer], list[SpecialiteOutcome]]:
    """This import's records over the earlier ones; listing rows joined to admissions offers."""
    merged: dict[str, Offer] = {}
    if previous is not None:
        for offer in previous.offers:
            merged[offer.key] = offer
    before = dict(merged)
    for key, offer in offers.items():
        merged[key] = _unchanged(merged.get(key), _latest(merged.get(key), offer))
    # Listing rows: joined to an admissions offer of the same UAI and label, else offers of their own.
    by_place = {(o.uai, normalize(o.label)): key for key, o in merged.items() if o.cod_aff_form}
    for key, row in listing.items():
        target = by_place.get((row.uai, normalize(row.label)))
        if target is not None:
            offer = merged[target]
            merged[target] = msgspec.structs.replace(
                offer,
                lat=offer.lat if offer.lat is not None else row.lat,
                lon=offer.lon if offer.lon is not None else row.lon,
                sources=_sources(offer.sources, row.sources),
            )
            merged.pop(key, None)
        else:
            merged[key] = _unchanged(merged.get(key), row)
    # A listing row says its région, not its town: its establishment's admissions rows do, for
    # the row taught where one of them is (an establishment may teach in several towns).
    from .query import distance_km

    towns: dict[str, list[Offer]] = {}
    for offer in merged.values():
        if offer.commune and offer.lat is not None and offer.lon is not None:
            towns.setdefault(offer.uai, []).append(offer)
    for key, offer in list(merged.items()):
        if offer.commune or offer.lat is None or offer.lon is None or offer.uai not in towns:
            continue
        lat, lon = offer.lat, offer.lon
        here = [(distance_km(lat, lon, o.lat, o.lon), o.key, o) for o in towns[offer.uai]]  # type: ignore[arg-type]
        distance, _key, twin = min(here, key=lambda item: item[:2])
        if distance <= SAME_PLACE_KM:
            placed = msgspec.structs.replace(
                offer,
                commune=twin.commune,
                departement=twin.departement,
                departement_code=twin.departement_code,
                academie=twin.academie,
                region=offer.region or twin.region,
            )
            merged[key] = _unchanged(before.get(key), placed)  # placed as the last import did: its date kept
    # Outcomes by year, pair and group, their names compared without accents: a name spelt
    # otherwise since the last import (« Biologie-Ecologie », now « Biologie-Écologie ») replaces it.
    kept_outcomes: dict[tuple, SpecialiteOutcome] = {}
    if previous is not None:
        kept_outcomes = {_outcome_key(o): o for o in previous.outcomes}
    for outcome in outcomes.values():
        same_key = _outcome_key(outcome)
        old = kept_outcomes.get(same_key)
        kept_outcomes[same_key] = old if old is not None and _same(old, outcome) else outcome
    return sorted(merged.values(), key=lambda o: o.key), sorted(kept_outcomes.values(), key=lambda o: (o.group, o.pair, o.year))


def _outcome_key(outcome: SpecialiteOutcome) -> tuple:
    return (outcome.year, tuple(sorted(normalize(n) for n in outcome.pair)), normalize(outcome.group))


def _sources(old: tuple, new: tuple) -> tuple:
    kinds = {s.kind: s for s in old}
    for source in new:
        current = kinds.get(source.kind)
        kinds[source.kind] = current if current is not None and current.file == source.file else source
    return tuple(sorted(kinds.values(), key=lambda s: s.kind))


def _unchanged(old: Offer | None, new: Offer) -> Offer:
    """``old`` when ``new`` says the same thing (its import date kept), else ``new``."""
    if old is not None and msgspec.structs.replace(old, sources=()) == msgspec.structs.replace(new, sources=()):
        return old
    return new


def _same(old: SpecialiteOutcome, new: SpecialiteOutcome) -> bool:
    return msgspec.structs.replace(old, source=new.source) == new


def _files(previous: Stored | None, imported: list[ImportedFile]) -> tuple[ImportedFile, ...]:
    kept = {f.name: f for f in (previous.files if previous else ())}
    for f in imported:
        old = kept.get(f.name)
        kept[f.name] = old if old is not None and old.rows == f.rows and old.kind == f.kind else f
    return tuple(sorted(kept.values(), key=lambda f: f.name))


def _content(stored: Stored) -> bytes:
    return msgspec.msgpack.encode(
        (stored.offers, stored.outcomes, stored.links, stored.files, stored.summaries, stored.group_pairs, stored.groups)
    )


def _own_groups(
    dataset: Dataset, offers: list[Offer], outcomes: list[SpecialiteOutcome], links: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    by_formation: dict[str, list[Offer]] = {}
    for offer in offers:
        for formation_id in links.get(offer.key, ()):
            by_formation.setdefault(formation_id, []).append(offer)
    names = sorted({o.group for o in outcomes})
    return own_groups(dataset, names, lambda formation_id: by_formation.get(formation_id, []))


def make_report(offers: list[Offer], links: dict[str, tuple[str, ...]], linker: Linker, dataset: Dataset, outcomes: int) -> Report:
    # The coverage counts the filières whose types have ONISEP cards (the embedded records alone
    # when nothing is imported): a type of which the dataset has no card cannot be linked.
    imported = [f for f in dataset.formations.values() if f.imported is not None]
    types_with_records = {f.type for f in (imported or dataset.formations.values())}
    by_filiere: dict[str, list[int]] = {}
    written: dict[str, Counter[str]] = {}  # each filière as the labels write it
    counted_filieres: dict[str, bool] = {}
    unlinked: Counter[str] = Counter()
    counted = counted_linked = 0
    for offer in offers:
        label = linker.read(offer)
        name = label.filiere.prefix if label.filiere else "(inconnue)"
        counts = by_filiere.setdefault(name, [0, 0])
        counts[0] += 1
        prefix = label.filiere.prefix if label.filiere is not None else ""
        if prefix and (start := written_prefix(offer.name or offer.label, prefix) or written_prefix(" ".join(offer.parts), prefix)):
            written.setdefault(name, Counter())[start] += 1
        linked = offer.key in links
        counts[1] += linked
        is_counted = label.filiere is not None and any(t in types_with_records for t in label.filiere.types)
        counted_filieres[name] = is_counted
        if is_counted:
            counted += 1
            counted_linked += linked
        if not linked:
            unlinked[" ".join((offer.name or offer.label).split())] += 1
    return Report(
        offers=len(offers),
        outcomes=outcomes,
        linked=len(links),
        counted=counted,
        counted_linked=counted_linked,
        by_filiere=tuple(
            TypeLinks(name, n, k, counted_filieres[name], _most_written(written.get(name)))
            for name, (n, k) in sorted(by_filiere.items(), key=lambda item: (-item[1][0], item[0]))
        ),
        unlinked=tuple(unlinked.most_common(TOP_UNLINKED)),
    )


def _most_written(forms: Counter[str] | None) -> str:
    """The way most labels write a filière; the one with accents among equals."""
    if not forms:
        return ""
    return max(forms.items(), key=lambda item: (item[1], not item[0].isascii(), item[0]))[0]


def relink(stored: Stored, dataset: Dataset) -> Stored:
    """``stored`` with its links made against ``dataset`` (after the ONISEP import changed), and its
    labels spelt with that dataset's names."""
    spelling = Spelling(dataset, stored.offers)
    stored = msgspec.structs.replace(stored, offers=[spelling.named(o) for o in stored.offers])
    linker = Linker(dataset)
    links = {o.key: ids for o in stored.offers if (ids := linker.link(o))}
    report = make_report(stored.offers, links, linker, dataset, len(stored.outcomes))
    return msgspec.structs.replace(
        stored,
        links=links,
        linked_with=dataset.identity,
        report=report,
        summaries=summaries(stored.offers, links),
        group_pairs=pair_table(stored.outcomes),
        groups=_own_groups(dataset, stored.offers, stored.outcomes, links),
        by_formation=group_offers(stored.offers, links),
    )
