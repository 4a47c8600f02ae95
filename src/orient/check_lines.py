"""The JSON lines of a long ``check`` listing, joined from parts each written once.

A row of ``check`` (:func:`~orient.records.check_row`) is made of parts that each depend on one
thing (:func:`~orient.records.check_row_parts`): what it says of the formation, written by the
import for every imported formation (:class:`~orient.check_records.RowParts`); the verdict, shared by
the formations of one national rule; the fit, shared by the formations with the same attendus;
the figures, absent without a Parcoursup import. A line joins the parts' JSON, each encoded the
first time it comes: the same bytes as the row encoded whole (:mod:`orient.jsontext`), for a
fraction of the work, and the formations need not be read whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .check_records import CheckRecord, RowParts
from .dataset import Dataset
from .eligibility import Verdict
from .fit import Fit
from .jsontext import encoded, members
from .models import Formation
from .records import CheckResult, evidence_row, fit_row, formation_row, listing_row, readiness_row, rule_row, whole


def row_parts(formation: Formation, dataset: Dataset) -> RowParts:
    """What every row of ``formation`` says of it, as the import writes it."""
    return RowParts(members(formation_row(formation, dataset)), members(listing_row(formation)))


class CheckLines:
    """Check results as JSON lines without their profile (``emit_lines`` writes it), for one listing:
    each verdict and each fit encoded once, however many formations share it."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        # Parts already encoded, by the id of what they encode (kept with it: an id is never another's).
        self._verdicts: dict[int, tuple[Verdict, bytes]] = {}
        self._fits: dict[int, tuple[Fit, bytes, bytes]] = {}
        self._rules: dict[tuple[str, str, str, str], bytes] = {}
        self._no_evidence = members(evidence_row(None, None))

    def lines(self, results: Iterable[CheckResult]) -> Iterator[bytes]:
        """Each result's line (a JSON object, unended), in the order of :func:`~orient.records.check_row_parts`."""
        verdicts, fits, no_evidence = self._verdicts, self._fits, self._no_evidence
        join = b"".join
        for result in results:
            formation = result.formation.row if isinstance(result.formation, CheckRecord) else None
            if formation is None:  # a curated formation, or an import that wrote no parts
                formation = row_parts(whole(result.formation, self._dataset), self._dataset)
            verdict = result.verdict
            found = verdicts.get(id(verdict))
            if found is None or found[0] is not verdict:
                found = verdicts[id(verdict)] = (verdict, self._verdict(verdict))
            fit = result.fit
            found_fit = fits.get(id(fit))
            if found_fit is None or found_fit[0] is not fit:
                found_fit = fits[id(fit)] = (fit, members(fit_row(fit)), members(readiness_row(fit)))
            evidence = no_evidence
            if result.admissions is not None or result.specialites is not None:
                evidence = members(evidence_row(result.admissions, result.specialites))
            _, fit_json, readiness_json = found_fit
            yield join(
                (
                    b"{",
                    formation.formation,
                    b",",
                    found[1],
                    b",",
                    formation.listing,
                    b",",
                    fit_json,
                    b",",
                    evidence,
                    b",",
                    readiness_json,
                    b"}",
                )
            )

    def _verdict(self, verdict: Verdict) -> bytes:
        """:func:`~orient.records.verdict_row` as JSON members, its rule encoded once for the verdicts that share it."""
        key = (verdict.basis, verdict.rule, verdict.source, verdict.url)
        rule = self._rules.get(key)
        if rule is None:
            rule = self._rules[key] = encoded(rule_row(verdict))
        return b'"verdict":%b,"reasons":%b,"rule":%b' % (encoded(verdict.code), encoded(verdict.reasons), rule)
