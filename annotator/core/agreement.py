"""Agreement between annotators, exactly as DESIGN section 6 defines it. Pure functions over
plain data: no Qt, no SQL, no files.

An annotator *participates* in a document when their status is ``done``. Every figure is
computed over the documents with two or more participants; pooled figures are micro-averages
(numerators and denominators summed); a 0 denominator, or an alpha without variation, is None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from operator import add, attrgetter
from typing import Any

from annotator.core.alpha import (
    AttributeTally,
    alpha_from_patterns,
    as_fraction,
    attribute_units,
    binary_alpha,
    binary_pattern,
    held_coverage,
    mean,
)

# Re-exported: callers import the shapes with the figures computed on them.
from annotator.core.annotated import AnnotatedDoc as AnnotatedDoc
from annotator.core.annotated import RelationItem as RelationItem
from annotator.core.annotated import RelationKey as RelationKey
from annotator.core.annotated import SpanItem as SpanItem
from annotator.core.annotated import SpanKey as SpanKey
from annotator.core.clusters import Member as Member
from annotator.core.clusters import cluster_spans as cluster_spans
from annotator.core.model import Document, Relation, Span
from annotator.core.pair_sweep import DocumentPairs, count_pairs
from annotator.core.schema import LabelSchema

_ATTRIBUTES = attrgetter("attributes")


class Tally:
    """Sums for F1 = 2 * matched / total, with total = |A| + |B|; per label for spans."""

    __slots__ = ("documents", "exact", "overlap", "relations", "relations_matched", "spans")

    def __init__(self) -> None:
        self.exact = 0
        self.overlap = 0
        self.spans = 0
        self.relations_matched = 0
        self.relations = 0
        self.documents = 0

    def figures(self) -> tuple[float | None, float | None, float | None]:
        return (
            f1(self.exact, self.spans),
            f1(self.overlap, self.spans),
            f1(self.relations_matched, self.relations),
        )


def f1(matched: int, total: int) -> float | None:
    return None if total == 0 else 2 * matched / total


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


def _label_coverage(
    works: Sequence[AnnotatedDoc], holders: dict[SpanKey, int], labels: Sequence[str]
) -> Iterable[tuple[str, int, dict[int, int]]]:
    """Per label (in order): the participants' coverage of one text's units (ones -> units)."""
    length, coders = works[0].text_length, len(works)
    spots: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for (start, end, label), mask in holders.items():
        spots[label].append((start, end, mask))
    for label in labels:
        marked = spots.get(label)
        covered = held_coverage(length, coders, marked) if marked else {0: length}
        yield label, coders, {ones: n for ones, n in covered.items() if n > 0}


def _add_units(
    units: dict[str, Counter[tuple[int, int]]], label: str, coders: int, covered: dict[int, int]
) -> float | None:
    """Pools one document's units of a label into ``units``; returns its alpha alone."""
    pooled = units[label]
    for ones, n in covered.items():
        pooled[(coders, ones)] += n
    return binary_alpha(coders, covered)


@dataclass
class _PairSums:
    """Per pair of one set of participants (combinations order), summed over documents."""

    documents: int
    exact: list[int]
    overlap: list[int]
    spans: list[int]
    relations_matched: list[int]
    relations: list[int]


def _pool(
    pooled: dict[tuple[str, ...], _PairSums], names: tuple[str, ...], counted: DocumentPairs
) -> None:
    """Adds one document's pair counts to those of the documents with the same participants,
    list to list (``map(add)``), so the pairs are visited once per set of participants."""
    sums = pooled.get(names)
    if sums is None:
        pooled[names] = _PairSums(
            1,
            counted.exact,
            counted.overlap,
            counted.spans,
            counted.relations_matched,
            counted.relations,
        )
        return
    sums.documents += 1
    sums.exact = list(map(add, sums.exact, counted.exact))
    sums.overlap = list(map(add, sums.overlap, counted.overlap))
    sums.spans = list(map(add, sums.spans, counted.spans))
    sums.relations_matched = list(map(add, sums.relations_matched, counted.relations_matched))
    sums.relations = list(map(add, sums.relations, counted.relations))


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
    pooled: dict[tuple[str, ...], _PairSums] = {}
    label_exact: Counter[str] = Counter()
    label_overlap: Counter[str] = Counter()
    label_spans: Counter[str] = Counter()
    units: dict[str, Counter[tuple[int, int]]] = {label: Counter() for label in all_labels}
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
            counted = count_pairs(participants, symmetric, theta)
            _pool(pooled, tuple(work.annotator for work in participants), counted)
            here.exact = sum(counted.exact)
            here.overlap = sum(counted.overlap)
            here.spans = sum(counted.spans)
            here.relations_matched = sum(counted.relations_matched)
            here.relations = sum(counted.relations)
            label_exact.update(counted.label_exact)
            label_overlap.update(counted.label_overlap)
            label_spans.update(counted.label_spans)
            alpha = mean(
                _add_units(units, label, coders, covered)
                for label, coders, covered in _label_coverage(
                    participants, counted.holders, all_labels
                )
            )
            if any(any(map(_ATTRIBUTES, work.spans)) for work in participants):
                for label, attribute, values in attribute_units(participants):
                    attributes[(label, attribute)].add(values)
        for name in ("exact", "overlap", "spans", "relations_matched", "relations"):
            setattr(total, name, getattr(total, name) + getattr(here, name))
        others = tuple((n, w.status) for n, w in sorted(works.items()) if not w.participates)
        rows.append(
            DocumentFigures(
                min(work.doc_id for work in works.values()),
                sha,
                tuple(work.annotator for work in participants),
                others,
                sum(len(work.spans) for work in participants),
                *here.figures(),
                alpha,
            )
        )
    for names, sums in pooled.items():
        for p, pair in enumerate(combinations(names, 2)):
            tally = by_pair[pair]
            tally.documents += sums.documents
            tally.exact += sums.exact[p]
            tally.overlap += sums.overlap[p]
            tally.spans += sums.spans[p]
            tally.relations_matched += sums.relations_matched[p]
            tally.relations += sums.relations[p]
    label_alpha = {
        label: alpha_from_patterns(
            {binary_pattern(coders, ones): n for (coders, ones), n in units[label].items()}
        )
        for label in all_labels
    }
    label_figures = {
        label: {
            "span_f1_exact": f1(label_exact[label], label_spans[label]),
            "span_f1_overlap": f1(label_overlap[label], label_spans[label]),
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
    exact, overlap, relations = total.figures()
    return AgreementReport(
        annotators=annotators,
        documents=documents,
        pairs=tuple(
            PairFigures(a, b, tally.documents, *tally.figures())
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
