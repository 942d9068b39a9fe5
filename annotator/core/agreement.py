"""Agreement between annotators, exactly as DESIGN section 6 defines it. Pure functions over
plain data: no Qt, no SQL, no files.

An annotator *participates* in a document when their status is ``done``. Every figure is
computed over the documents with two or more participants; pooled figures are micro-averages
(numerators and denominators summed); a 0 denominator, or an alpha without variation, is None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

from annotator.core.alpha import (
    AttributeTally,
    Pattern,
    alpha_from_patterns,
    as_fraction,
    attribute_units,
    label_patterns,
    mean,
    overlap_pairs,
)

# Re-exported: callers import the shapes with the figures computed on them.
from annotator.core.annotated import AnnotatedDoc as AnnotatedDoc
from annotator.core.annotated import RelationItem as RelationItem
from annotator.core.annotated import RelationKey as RelationKey
from annotator.core.annotated import SpanItem as SpanItem
from annotator.core.annotated import SpanKey as SpanKey
from annotator.core.model import Document, Relation, Span
from annotator.core.pair_sweep import (
    PreparedVersion,
    exact_count,
    overlap_count,
    prepare,
)
from annotator.core.schema import LabelSchema

Member = tuple[str, SpanItem]  # (annotator, span)


def cluster_spans(members: Sequence[Member], threshold: float | Fraction) -> list[list[Member]]:
    """Greedy complete-linkage clusters of one label's spans (see the module docstring)."""
    items = sorted(members, key=lambda m: (m[1].start, m[1].end, m[0], m[1].id))
    spans = [span for _, span in items]
    close: set[tuple[int, int]] = set()
    edges: list[tuple[float, int, int]] = []
    for i, j, value in overlap_pairs(spans, threshold):
        if items[i][0] != items[j][0]:
            close.add((i, j))
            edges.append((-value, i, j))
    edges.sort()
    owner = list(range(len(items)))
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for _, i, j in edges:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        left, right = clusters[a], clusters[b]
        if {items[x][0] for x in left} & {items[y][0] for y in right}:
            continue
        if any((min(x, y), max(x, y)) not in close for x in left for y in right):
            continue
        keep, drop = min(a, b), max(a, b)
        clusters[keep] = sorted(left + right)
        for x in clusters.pop(drop):
            owner[x] = keep
    return [[items[x] for x in clusters[key]] for key in sorted(clusters)]


@dataclass
class Tally:
    """Sums for F1 = 2 * matched / total, with total = |A| + |B|; per label for spans."""

    exact: Counter[str] = field(default_factory=Counter)
    overlap: Counter[str] = field(default_factory=Counter)
    spans: Counter[str] = field(default_factory=Counter)
    relations_matched: int = 0
    relations: int = 0
    documents: int = 0

    def add(self, other: Tally) -> None:
        self.exact.update(other.exact)
        self.overlap.update(other.overlap)
        self.spans.update(other.spans)
        self.relations_matched += other.relations_matched
        self.relations += other.relations
        self.documents += other.documents


def f1(matched: int, total: int) -> float | None:
    return None if total == 0 else 2 * matched / total


def pair_tally(x: PreparedVersion, y: PreparedVersion, threshold: Fraction) -> Tally:
    """What two annotators' versions of one document, each prepared once, add to every F1."""
    tally = Tally(documents=1)
    tally.exact = exact_count(x, y)
    tally.overlap = overlap_count(x, y, threshold)
    tally.spans = x.labels + y.labels
    tally.relations_matched = sum((x.relations & y.relations).values())
    tally.relations = sum(x.relations.values()) + sum(y.relations.values())
    return tally


def from_stored(
    document: Document,
    annotator: str,
    status: str,
    spans: Iterable[Span],
    relations: Iterable[Relation],
    *,
    updated_at: str = "",
    source: str = "",
) -> AnnotatedDoc:
    """One annotator's stored work on a document, as agreement and merge see it."""
    return AnnotatedDoc(
        text_sha256=document.text_sha256,
        doc_id=document.doc_id,
        text_length=len(document.text),
        annotator=annotator,
        status=status,
        spans=tuple(
            SpanItem(
                s.uid,
                s.label,
                s.start,
                s.end,
                dict(s.attributes),
                s.note,
                s.created_at,
                s.updated_at,
            )
            for s in spans
        ),
        relations=tuple(RelationItem(r.uid, r.type, r.from_uid, r.to_uid) for r in relations),
        updated_at=updated_at,
        source=source,
    )


def symmetric_relations(schema: LabelSchema) -> frozenset[str]:
    """The relation types whose two ends compare as an unordered pair."""
    return frozenset(relation.id for relation in schema.relations if relation.symmetric)


def group_by_document(docs: Iterable[AnnotatedDoc]) -> dict[str, dict[str, AnnotatedDoc]]:
    """{text_sha256: {annotator: work}}; one line per (text, annotator) is expected."""
    grouped: dict[str, dict[str, AnnotatedDoc]] = defaultdict(dict)
    for doc in docs:
        if doc.annotator in grouped[doc.text_sha256]:
            raise ValueError(f"annotator {doc.annotator!r} twice for text {doc.text_sha256}")
        grouped[doc.text_sha256][doc.annotator] = doc
    return grouped


def ordered_labels(docs: Iterable[AnnotatedDoc], labels: Sequence[str]) -> list[str]:
    """``labels`` (schema order) then any other label the spans use, sorted."""
    seen = {span.label for doc in docs for span in doc.spans}
    return list(dict.fromkeys(labels)) + sorted(seen - set(labels))


@dataclass(frozen=True)
class PairFigures:
    """Two annotators over the documents both participate in (``a`` < ``b``)."""

    a: str
    b: str
    documents: int
    span_f1_exact: float | None
    span_f1_overlap: float | None
    relation_f1: float | None


@dataclass(frozen=True)
class DocumentFigures:
    """One document: who took part, and the figures pooled over its pairs of participants."""

    doc_id: str
    text_sha256: str
    participants: tuple[str, ...]
    not_participating: tuple[tuple[str, str], ...]  # (annotator, status), status not done
    spans: int  # the participants' spans, all together
    span_f1_exact: float | None
    span_f1_overlap: float | None
    relation_f1: float | None
    alpha: float | None  # mean of this document's defined per-label alphas


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    documents: int  # documents with two or more participants
    pairs: tuple[PairFigures, ...]
    labels: dict[str, dict[str, float | None]]
    attributes: dict[str, dict[str, Any]]
    overall: dict[str, float | None]
    per_document: tuple[DocumentFigures, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "pairs": [vars(pair) for pair in self.pairs],
            "labels": self.labels,
            "attributes": self.attributes,
            "overall": self.overall,
            "per_document": [
                {
                    **vars(row),
                    "participants": list(row.participants),
                    "not_participating": dict(row.not_participating),
                }
                for row in self.per_document
            ],
        }


def _span_figures(tally: Tally) -> tuple[float | None, float | None, float | None]:
    total = sum(tally.spans.values())
    return (
        f1(sum(tally.exact.values()), total),
        f1(sum(tally.overlap.values()), total),
        f1(tally.relations_matched, tally.relations),
    )


def compute_agreement(
    docs: Iterable[AnnotatedDoc],
    *,
    labels: Sequence[str] = (),
    symmetric: Collection[str] = (),
    threshold: float | Fraction = 0.5,
    check: Callable[[], None] | None = None,
) -> AgreementReport:
    """Every figure of DESIGN section 6. ``labels`` lists the schema's labels (in order) so
    that unused ones still get a row; ``symmetric`` names the symmetric relation types;
    ``threshold`` is the IoU for span_f1_overlap. ``check()``, called once per document,
    may raise to stop (a window's Cancel: seconds at team scale)."""
    docs = list(docs)
    theta = as_fraction(threshold)
    all_labels = ordered_labels(docs, labels)
    grouped = group_by_document(docs)
    annotators = tuple(sorted({doc.annotator for doc in docs}))
    by_pair = {pair: Tally() for pair in combinations(annotators, 2)}
    total = Tally()
    patterns: dict[str, Counter[Pattern]] = {label: Counter() for label in all_labels}
    attributes: dict[tuple[str, str], AttributeTally] = defaultdict(AttributeTally)
    rows: list[DocumentFigures] = []
    documents = 0
    for sha, works in grouped.items():
        if check is not None:
            check()
        participants = [works[name] for name in sorted(works) if works[name].participates]
        here = Tally()
        alpha = None
        if len(participants) >= 2:
            documents += 1
            ready = {work.annotator: prepare(work, symmetric) for work in participants}
            for x, y in combinations(participants, 2):
                tally = pair_tally(ready[x.annotator], ready[y.annotator], theta)
                by_pair[(x.annotator, y.annotator)].add(tally)
                here.add(tally)
            per_label = label_patterns(participants, all_labels)
            for label, counts in per_label.items():
                patterns[label].update(counts)
            alpha = mean(alpha_from_patterns(counts) for counts in per_label.values())
            for label, attribute, values in attribute_units(participants):
                attributes[(label, attribute)].add(values)
        total.add(here)
        others = tuple((n, w.status) for n, w in sorted(works.items()) if not w.participates)
        rows.append(
            DocumentFigures(
                min(work.doc_id for work in works.values()),
                sha,
                tuple(work.annotator for work in participants),
                others,
                sum(len(work.spans) for work in participants),
                *_span_figures(here),
                alpha,
            )
        )
    label_alpha = {label: alpha_from_patterns(patterns[label]) for label in all_labels}
    label_figures = {
        label: {
            "span_f1_exact": f1(total.exact[label], total.spans[label]),
            "span_f1_overlap": f1(total.overlap[label], total.spans[label]),
            "alpha": label_alpha[label],
        }
        for label in all_labels
    }
    rank = {label: i for i, label in enumerate(all_labels)}
    attribute_figures = {
        f"{label}.{attribute}": {"label": label, "attribute": attribute, **tally.figures()}
        for (label, attribute), tally in sorted(
            attributes.items(), key=lambda item: (rank[item[0][0]], item[0][1])
        )
    }
    exact, overlap, relations = _span_figures(total)
    return AgreementReport(
        annotators=annotators,
        documents=documents,
        pairs=tuple(
            PairFigures(a, b, tally.documents, *_span_figures(tally))
            for (a, b), tally in by_pair.items()
        ),
        labels=label_figures,
        attributes=attribute_figures,
        overall={
            "span_f1_exact": exact,
            "span_f1_overlap": overlap,
            "relation_f1": relations,
            "alpha": mean(label_alpha.values()),
        },
        per_document=tuple(sorted(rows, key=lambda row: (row.doc_id, row.text_sha256))),
    )
