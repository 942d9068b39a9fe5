"""The store's team figures in the shapes the statistics plots and the agreement core want.

No Qt: the GUI's statistics view and ``annotator stats --plots`` both read through here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.model import GOLD, Status
from annotator.core.schema import LabelSchema
from annotator.store import Store
from annotator.store.store import StoreStats

if TYPE_CHECKING:
    from annotator.core.agreement import AgreementReport, AnnotatedDoc
    from annotator.store.bulk import AnnotationSet

# The agreement core loads when figures are first computed: the statistics view is built
# with the window, its plots only when shown (issue 9, item 12).

EXCLUDED: frozenset[str] = frozenset({GOLD})
"""Not annotators: the adjudicated gold set is compared with nobody by default."""

PLOTS: dict[str, str] = {
    "spans_per_label": "Spans per label",
    "done_per_day": "Done per day",
    "agreement_heatmap": "Pairwise agreement",
    "label_f1": "F1 per label",
}
"""The statistics plots: file stem -> short title, in display order."""


def symmetric_relations(schema: LabelSchema) -> frozenset[str]:
    """The relation types the agreement core compares without direction."""
    from annotator.core import agreement

    return agreement.symmetric_relations(schema)


def annotated_from_set(work: AnnotationSet) -> AnnotatedDoc:
    """One annotator's version of one stored document, as the agreement core sees it."""
    from annotator.core.agreement import from_stored

    if work.annotator is None:
        raise ValueError(f"document {work.document.doc_id!r} has no annotator")
    return from_stored(
        work.document,
        work.annotator,
        work.status.value,
        work.spans,
        work.relations,
        updated_at=work.updated_at or "",
        source=f"document {work.document.doc_id}",
    )


def agreement_docs(
    store: Store,
    *,
    exclude: Collection[str] = EXCLUDED,
    check: Callable[[], None] | None = None,
) -> list[AnnotatedDoc]:
    """Every annotator's work on every document (untouched documents and ``exclude`` left out).
    ``check()``, called once per document and annotator, may raise to stop."""
    docs = []
    for work in store.annotation_sets():
        if check is not None:
            check()
        if work.annotator is not None and work.annotator not in exclude:
            docs.append(annotated_from_set(work))
    return docs


def agreement_report(
    store: Store, *, threshold: float = 0.5, check: Callable[[], None] | None = None
) -> AgreementReport:
    """DESIGN section 6's figures over the whole store, labels in schema order."""
    return _report(store, agreement_docs(store, check=check), threshold, check)


def overlap_agreement(
    store: Store, assigned: Mapping[int, Collection[str]], *, threshold: float = 0.5
) -> AgreementReport:
    """The same figures over the shared documents of an assignment plan (document id ->
    annotators): each document's assigned annotators who marked it done, nobody else."""
    shared = {doc: set(names) for doc, names in assigned.items() if len(names) >= 2}
    wanted = {name for names in shared.values() for name in names}
    docs = [
        annotated_from_set(work)
        for work in store.annotation_sets(annotators=wanted, statuses=[Status.DONE])
        if work.annotator in shared.get(work.document.id, ())
    ]
    return _report(store, docs, threshold, None)


def _report(
    store: Store,
    docs: list[AnnotatedDoc],
    threshold: float,
    check: Callable[[], None] | None,
) -> AgreementReport:
    from annotator.core.agreement import compute_agreement

    schema = store.schema
    return compute_agreement(
        docs,
        labels=schema.label_ids,
        symmetric=symmetric_relations(schema),
        threshold=threshold,
        check=check,
    )


def done_per_day(store: Store, *, exclude: Collection[str] = ()) -> dict[str, dict[str, int]]:
    """annotator -> ISO date (UTC) -> documents whose status became ``done`` that day.

    A document counts on the day of its status row's last change, so a document marked done,
    reopened and marked done again counts once, on the later day. Annotators with nothing
    done are left out; dates are sorted. Gold counts too (adjudicated documents per day).
    """
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for per_annotator in store.statuses().values():
        for name, (status, updated_at) in per_annotator.items():
            if status == Status.DONE and name not in exclude and updated_at:
                counts[name][updated_at[:10]] += 1
    return {name: dict(sorted(days.items())) for name, days in sorted(counts.items())}


@dataclass(frozen=True)
class TeamFigures:
    """Everything the four statistics plots show, read from the store in one go."""

    schema: LabelSchema
    stats: StoreStats
    per_day: dict[str, dict[str, int]]
    report: AgreementReport


def team_figures(store: Store, *, check: Callable[[], None] | None = None) -> TeamFigures:
    """Read the store once for every plot (the agreement figures are the slow part; see
    ``agreement_report`` for ``check``)."""
    return TeamFigures(
        store.schema, store.stats(), done_per_day(store), agreement_report(store, check=check)
    )


__all__ = [
    "EXCLUDED",
    "PLOTS",
    "TeamFigures",
    "agreement_docs",
    "agreement_report",
    "annotated_from_set",
    "done_per_day",
    "overlap_agreement",
    "symmetric_relations",
    "team_figures",
]
