"""One import run: read cards, merge them with the previous import, build, store, report.

The core of ``orient data import onisep``. It reports progress through a
callback and raises :class:`ImportFailed` when nothing can be imported (or, in
strict mode, at the first problem), before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import msgspec

from .. import storage
from ..check_lines import row_parts
from ..dataset import Dataset
from ..eligibility import leading_reason
from ..errors import ImportFailed, StoreError
from ..models import Access, Attendu, Formation, Metier
from ..prepare import prepare_completed
from ..search import code_index, formation_codes, formation_name_index, metier_codes, metier_name_index
from ..search_index import build_elsewhere, build_request, write_built
from .access import AccessParser, ParsedAccess
from .build import Builder
from .cards import Card, CardProblem, FormationCard, MetierCard
from .markdown import card_paths, is_card_name
from .reading import read_files, worker_pool, workers_for
from .store import (
    ImportSource,
    Indexes,
    Merged,
    Phrase,
    Report,
    Stored,
    StoredCards,
    TypeCoverage,
    content_digest,
    duplicates,
    encode,
    encoded_digest,
    merge,
    merged_identity,
    pointed,
    read_cards,
    read_older,
    read_store,
    store_path,
    write_store,
)

TOP_PHRASES = 15
PROGRESS_EVERY = 25  # cards between two reports of progress: a bar moves as smoothly, for far less work


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """What one run did."""

    files: int
    formations: int  # formation cards read in this run
    metiers: int
    skipped: int
    partial: int  # formation cards of this run whose access text was not fully understood
    changed: bool  # False: the import already held exactly these cards
    problems: tuple[CardProblem, ...]
    report: Report
    path: str
    merged: tuple[Merged, ...] = ()  # the imported cards curated records describe
    rebuilt: bool = False  # no card read: the cards already imported were built again


Progress = Callable[[int, int, str], None]  # cards read, cards in all, the last read: told every few cards


def _labeller(roots: list[Path]) -> Callable[[str], str]:
    """How each card file is named in messages: its path from the folder holding the root it was found under."""
    folders = []
    for root in roots:
        if os.path.isdir(root):  # False, not an error, for a path the system refuses
            prefix = "" if str(root) == "." else str(root).rstrip(os.sep) + os.sep
            parent = str(root.parent)
            folders.append((prefix, 0 if parent == "." else len(parent.rstrip(os.sep)) + 1))

    def label(text: str) -> str:
        for prefix, cut in folders:
            if text.startswith(prefix):
                return _printable(text[cut:])
        return _printable(text)

    return label


def _printable(name: str) -> str:
    """A file name as text: the bytes of a name that are not UTF-8 (kept by Python as surrogates,
    which no message and no store can hold) shown as « � »."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

_Card = TypeVar("_Card", FormationCard, MetierCard)


def _keep(target: dict[str, _Card], card: _Card, label: str, problems: list[CardProblem]) -> bool:
    """Keep ``card`` in ``target``, unless a card of its ONISEP id was read already; whether it is kept."""
    if card.onisep in target:
        problems.append(CardProblem(label, 0, f"fiche {card.onisep} déjà lue dans {target[card.onisep].file} : ignorée"))
        return False
    target[card.onisep] = card
    return True


@storage.locked  # two imports at once run one after the other: neither is lost
def run_import(
    paths: Iterable[Path],
    embedded: Dataset,
    *,
    strict: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    waiting: storage.Waiting | None = None,  # told when another import holds the lock (see storage.lock)
) -> Summary:
    """Import the cards under ``paths``; the stored import afterwards holds them and all earlier ones.
    Without ``paths``, the cards already imported are built again, with this version's rules and
    embedded data (an import made before an upgrade follows the rules of then)."""
    roots = [Path(p) for p in paths]
    problems: list[CardProblem] = []
    files = [f for f in card_paths(roots, problems) if is_card_name(f)]
    # Tens of thousands of cards and records, and no cycle among them: the collections their
    # allocations would start walk a growing heap and free nothing (a tenth of a large import).
    # Many files are read by worker processes, which then build the search index.
    with storage.quiet_gc(), worker_pool(len(files)) as pool:
        return _import(roots, files, problems, embedded, strict=strict, today=today or dt.date.today(), progress=progress, pool=pool)


class _Built(NamedTuple):
    """What the import keeps of the cards once they are read and built: the cards themselves are
    encoded for the next import, and let go before the records are indexed and written."""

    previous: bytes | None  # the digest of what the import so far holds (content_digest), None if none
    sources: tuple[ImportSource, ...]  # the import so far's
    notes: list[CardProblem]
    records: list[Formation]  # linked; their field keys and feeders still to find (prepare_completed)
    metiers: list[Metier]
    parsed: dict[str, ParsedAccess]
    unknown_types: dict[str, int]
    cards: msgspec.Raw  # StoredCards, encoded
    updated: dt.date
    formation_cards: int  # of this run
    metier_cards: int  # of this run
    metier_total: int  # in the import, this run's and earlier ones
    partial: int  # formation cards of this run whose access text was not fully understood


def _import(
    roots: list[Path],
    files: list[str],
    problems: list[CardProblem],
    embedded: Dataset,
    *,
    strict: bool,
    today: dt.date,
    progress: Progress | None,
    pool: ProcessPoolExecutor | None,
) -> Summary:
    built = _read_and_build(roots, files, problems, embedded, strict=strict, today=today, progress=progress, pool=pool)
    notes, records, metier_records, parsed = built.notes, built.records, built.metiers, built.parsed
    path = store_path()
    # The cards curated records already describe are found once, here: every command reads them.
    merged_cards = duplicates(embedded, records, metier_records)
    # The search index of the merged records is built by a worker process while this one finishes
    # and writes them: it reads their names, texts and links, not what is left to find (field keys,
    # feeders).
    index_job = None
    if pool is not None:
        index_job = pool.submit(build_elsewhere, build_request(merge(embedded, records, metier_records, "", merged_cards)))
    records = prepare_completed(records, embedded.referential, embedded.formations.values())
    # Links to the cards curated records describe, pointed at the curated ones once, here.
    records, metier_records = pointed(embedded, merged_cards, records, metier_records)
    records, access_rules, attendus_sets = numbered(records)
    report = make_report(parsed, records, built.metier_total, built.unknown_types)
    sources = _sources(built.sources, roots, built.formation_cards + built.metier_cards, today)
    # The merged dataset, and what every command would otherwise walk all records for, once.
    merged = merge(embedded, records, metier_records, "", merged_cards)
    indexes = Indexes(
        embedded=embedded.identity,
        formation_ids=[f.id for f in records],
        metier_ids=[m.id for m in metier_records],
        leads_to=merged.leads_to,
        by_metier=merged.formations_by_metier,
        formation_codes=code_index(merged.formations.values(), formation_codes),
        metier_codes=code_index(merged.metiers.values(), metier_codes),
        formation_names=formation_name_index(merged.formations.values()),
        metier_names=metier_name_index(merged.metiers.values()),
        level_only=dict(merged.level_only),
        before_bac=sorted(merged.before_bac),
        linked=True,
        metier_interests=dict(merged.metier_interests),
        formation_titles={f.id: f.name for f in merged.formations.values()},
        leading_reasons={f.id: leading_reason(f, merged) for f in merged.formations.values() if merged.feeders(f)},
        access_rules=access_rules,
        attendus_sets=attendus_sets,
        name_order=sorted(merged.name_order, key=merged.name_order.__getitem__),
    )
    stored = Stored(
        rows={f.id: row_parts(f, merged) for f in merged.formations.values() if f.imported is not None},
        updated=built.updated,
        sources=sources,
        report=report,
        formations=records,
        metiers=metier_records,
        merged=merged_cards,
        indexes=indexes,
        cards=built.cards,
    )
    data = encode(stored)
    # Compared as stored (decoding normalises numbers: a route's 1 year reads back as 1.0).
    changed = built.previous is None or built.previous != encoded_digest(data, path)
    if changed:
        write_store(data, path)
    # The search index of the merged records is built now, once, rather than by the next command;
    # so are the links of an earlier Parcoursup import to these records.
    merged.identity = merged_identity(embedded, path)
    index = _result(index_job)
    if index is not None:
        write_built(merged, index)
    else:
        _ = merged.search_index
    _relink_parcoursup(merged, notes)
    return Summary(
        files=len(files),
        formations=built.formation_cards,
        metiers=built.metier_cards,
        skipped=len(problems),
        partial=built.partial,
        changed=changed,
        problems=(*problems, *notes),
        report=report,
        path=str(path),
        merged=merged_cards,
        rebuilt=not roots,
    )


def _read_and_build(
    roots: list[Path],
    files: list[str],
    problems: list[CardProblem],
    embedded: Dataset,
    *,
    strict: bool,
    today: dt.date,
    progress: Progress | None,
    pool: ProcessPoolExecutor | None,
) -> _Built:
    """Read the cards and build their records, linked with each other (``problems``: what was found so
    far, completed here)."""
    # The import so far, read first: the day of each card read (kept when unchanged) is then known, and
    # what a formation card gives alone is made while the next ones are read (by worker processes, for
    # many files). What stops the import there stops it below, where it did before cards were read.
    path = store_path()
    notes: list[CardProblem] = []  # about the import files, not the cards
    unreadable: StoreError | None = None
    try:
        previous = _previous(path, notes)
        old = read_cards(previous, path) if previous else StoredCards([], [], {})
    except StoreError as exc:
        previous, old, unreadable = None, StoredCards([], [], {}), exc
    old_cards: list[Card] = [*old.formations, *old.metiers]
    old_digests = {c.onisep: c.digest for c in old_cards}

    def day_of(card: Card) -> dt.date:
        unchanged = old_digests.get(card.onisep) == card.digest and card.onisep in old.dates
        return old.dates[card.onisep] if unchanged else today

    builder = Builder(embedded, AccessParser(embedded.referential))
    formations: dict[str, FormationCard] = {}
    metiers: dict[str, MetierCard] = {}
    label_of = _labeller(roots)
    labels = [label_of(path) for path in files]
    for number, (label, card) in enumerate(zip(labels, read_files(files, labels, pool=pool), strict=True), start=1):
        if isinstance(card, CardProblem):
            problems.append(card)
        elif isinstance(card, FormationCard):
            if _keep(formations, card, label, problems) and unreadable is None:
                builder.ahead(card, day_of(card))
        elif _keep(metiers, card, label, problems) and unreadable is None:
            builder.ahead(card, day_of(card))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == len(files)):
            progress(number, len(files), label)
    if strict and problems:
        raise ImportFailed("import.strict", source="onisep", problems=problems)
    if not formations and not metiers:
        if roots:
            raise ImportFailed("import.nothing", source="onisep", problems=problems, roots=[str(r) for r in roots])
        if unreadable is None and not old_cards:  # nothing to build again, or a damaged import (said in the notes)
            raise ImportFailed("import.nothing_stored", source="onisep", problems=problems, damaged=bool(notes))
    if unreadable is not None:
        raise unreadable
    if strict and previous is None and notes:  # damaged, and not by an earlier version
        raise ImportFailed("import.strict", source="onisep", problems=[notes[-1], *problems])

    all_formations = {c.onisep: c for c in old.formations} | formations
    all_metiers = {c.onisep: c for c in old.metiers} | metiers
    new_cards: list[Card] = [*all_formations.values(), *all_metiers.values()]
    dates: dict[str, dt.date] = {card.onisep: day_of(card) for card in new_cards}
    # What the import so far holds, as a digest: its records are let go (held with the new ones, they
    # would double what a large import holds).
    held = content_digest(previous) if previous is not None else None
    sources_before = previous.sources if previous is not None else ()
    del previous

    formation_cards = [all_formations[k] for k in sorted(all_formations)]
    metier_cards = [all_metiers[k] for k in sorted(all_metiers)]
    records, metier_records, parsed = builder.build_linked(formation_cards, metier_cards, dates, pool, workers_for(len(files)))
    if builder.failed:  # reported, and not kept: the next import does not meet them again
        problems += builder.failed.values()
        if strict:
            raise ImportFailed("import.strict", source="onisep", problems=problems)
        formation_cards = [c for c in formation_cards if c.onisep not in builder.failed]
        metier_cards = [c for c in metier_cards if c.onisep not in builder.failed]
        dates = {k: v for k, v in dates.items() if k not in builder.failed}
        formations = {k: v for k, v in formations.items() if k not in builder.failed}
        metiers = {k: v for k, v in metiers.items() if k not in builder.failed}
        if not records and not metier_records:
            raise ImportFailed("import.none_built", source="onisep", problems=problems)
    return _Built(
        previous=held,
        sources=sources_before,
        notes=notes,
        records=records,
        metiers=metier_records,
        parsed=parsed,
        unknown_types=builder.unknown_types,
        cards=msgspec.Raw(msgspec.msgpack.encode(StoredCards(formation_cards, metier_cards, dates))),
        updated=max(dates.values()),
        formation_cards=len(formations),
        metier_cards=len(metiers),
        metier_total=len(metier_cards),
        partial=sum(1 for card_id in formations if card_id in parsed and parsed[card_id].status != "complete"),
    )


def _result(job: Future[bytes] | None) -> bytes | None:
    """What a worker process gave, None when it gave nothing (it failed or died: the work is done here)."""
    if job is None:
        return None
    try:
        return job.result()
    except Exception:  # noqa: BLE001  (done again by this process, which says what goes wrong)
        return None


def _previous(path: Path, notes: list[CardProblem]) -> Stored | None:
    """The import so far. A damaged one is replaced by this import, said in ``notes`` (None is then
    returned, and a strict import stops); one that cannot be read stops it."""
    try:
        return read_store(path)
    except StoreError as exc:
        if not exc.damaged:
            raise
        older = read_older(path)
        if older is not None:  # written by the previous version: its cards are rebuilt with these
            notes.append(CardProblem(str(path), 0, "import fait par une version précédente : ses fiches sont reprises dans celui-ci"))
            return older
        notes.append(CardProblem(str(path), 0, f"import précédent abîmé ({exc.reason}) : remplacé par celui-ci"))
        return None


def _relink_parcoursup(dataset: Dataset, notes: list[CardProblem]) -> None:
    """Link an earlier Parcoursup import to the records of this one (called under the lock)."""
    from ..parcoursup.importer import relink
    from ..parcoursup.store import read_store as read_parcoursup
    from ..parcoursup.store import write_store as write_parcoursup

    try:
        stored = read_parcoursup()
    except StoreError as exc:  # every command says it is damaged; this import stands
        notes.append(CardProblem(str(exc.path), 0, f"import Parcoursup non relié à ces fiches : {exc.reason}"))
        return
    if stored is not None and stored.linked_with != dataset.identity:
        write_parcoursup(relink(stored, dataset))


def numbered(formations: list[Formation]) -> tuple[list[Formation], list[Access | None], list[tuple[Attendu, ...]]]:
    """``formations`` with their access rules and their attendus numbered, equal ones alike (a
    type's national rule on thousands of cards, a few hundred sets of attendus); and by number, the
    rules several formations hold (None for a rule of one formation: its card's own) and the sets
    of attendus. ``check`` finds a verdict and a fit once per number, and reads each shared rule
    and set from the store once."""
    rules: dict[Access, int] = {}
    attendus: dict[tuple[Attendu, ...], int] = {}
    holders: list[int] = []
    out = []
    for formation in formations:
        access = -1
        if formation.access is not None:
            access = rules.setdefault(formation.access, len(rules))
            if access == len(holders):
                holders.append(0)
            holders[access] += 1
        held = attendus.setdefault(formation.attendus, len(attendus))
        if (access, held) != (formation.access_number, formation.attendus_number):
            formation = msgspec.structs.replace(formation, access_number=access, attendus_number=held)
        out.append(formation)
    return out, [rule if holders[n] > 1 else None for n, rule in enumerate(rules)], list(attendus)


def _sources(previous: tuple[ImportSource, ...], roots: list[Path], cards: int, today: dt.date) -> tuple[ImportSource, ...]:
    kept = {s.path: s for s in previous}
    for root in roots:
        path = str(root.resolve())
        if path in kept and kept[path].cards == cards:
            continue
        kept[path] = ImportSource(path, today, cards)
    return tuple(sorted(kept.values(), key=lambda s: s.path))


def make_report(
    parsed: dict[str, ParsedAccess], formations: list[Formation], metiers: int, unknown_types: dict[str, int] | None = None
) -> Report:
    statuses = Counter(result.status for result in parsed.values())
    phrases: Counter[str] = Counter()
    for result in parsed.values():
        for fragment in result.unparsed:
            phrases[fragment] += 1
    by_type: dict[str, Counter[str]] = {}
    for formation in formations:
        basis = "unknown" if formation.access is None else formation.access.basis
        by_type.setdefault(formation.type, Counter())[basis] += 1
    coverage = [
        TypeCoverage(kind, sum(c.values()), c["card"], c["national"], c["unknown"])
        for kind, c in sorted(by_type.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    ]
    return Report(
        formations=len(formations),
        metiers=metiers,
        with_access=len(parsed),
        complete=statuses["complete"],
        partial=statuses["partial"],
        unparsed=statuses["none"],
        phrases=tuple(Phrase(text, count) for text, count in sorted(phrases.items(), key=lambda x: (-x[1], x[0]))[:TOP_PHRASES]),
        by_card=sum(c.card for c in coverage),
        by_national=sum(c.national for c in coverage),
        by_nothing=sum(c.unknown for c in coverage),
        by_type=tuple(coverage),
        unknown_types=tuple(Phrase(label, n) for label, n in sorted((unknown_types or {}).items(), key=lambda x: (-x[1], x[0]))),
    )
