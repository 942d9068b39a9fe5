"""Whole-corpus reads for exporters: a few large queries instead of one per document."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select

from annotator.core.model import Document, Relation, Span, Status
from annotator.store.annotations import annotator_table, statuses_of
from annotator.store.tables import DocumentRow, RelationRow, SpanRow

_doc = DocumentRow.__table__
_span = SpanRow.__table__
_relation = RelationRow.__table__


@dataclass(frozen=True)
class AnnotationSet:
    """One document as one annotator left it; ``annotator`` is None for untouched documents."""

    document: Document
    annotator: str | None
    status: Status
    updated_at: str | None
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]


def _spans_by_key(conn: Connection) -> dict[tuple[int, str], list[Span]]:
    query = (
        select(
            _span.c.uid,
            _span.c.document_id,
            annotator_table.c.name,
            _span.c.label,
            _span.c.start,
            _span.c.end,
            _span.c.text,
            _span.c.attributes,
            _span.c.note,
            _span.c.created_at,
            _span.c.updated_at,
        )
        .join(annotator_table, annotator_table.c.id == _span.c.annotator_id)
        .order_by(_span.c.document_id, _span.c.start, _span.c.end.desc(), _span.c.id)
    )
    grouped: dict[tuple[int, str], list[Span]] = defaultdict(list)
    for row in conn.execute(query):
        grouped[(row.document_id, row.name)].append(
            Span(
                uid=row.uid,
                document_id=row.document_id,
                annotator=row.name,
                label=row.label,
                start=row.start,
                end=row.end,
                text=row.text,
                attributes=json.loads(row.attributes),
                note=row.note,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )
    return grouped


def _relations_by_key(conn: Connection) -> dict[tuple[int, str], list[Relation]]:
    source = _span.alias("source_span")
    target = _span.alias("target_span")
    query = (
        select(
            _relation.c.uid,
            _relation.c.document_id,
            annotator_table.c.name,
            _relation.c.type,
            source.c.uid.label("from_uid"),
            target.c.uid.label("to_uid"),
        )
        .join(annotator_table, annotator_table.c.id == _relation.c.annotator_id)
        .join(source, source.c.id == _relation.c.from_span_id)
        .join(target, target.c.id == _relation.c.to_span_id)
        .order_by(_relation.c.document_id, _relation.c.id)
    )
    grouped: dict[tuple[int, str], list[Relation]] = defaultdict(list)
    for row in conn.execute(query):
        grouped[(row.document_id, row.name)].append(
            Relation(
                uid=row.uid,
                document_id=row.document_id,
                annotator=row.name,
                type=row.type,
                from_uid=row.from_uid,
                to_uid=row.to_uid,
            )
        )
    return grouped


def annotation_sets(
    conn: Connection,
    *,
    annotators: Collection[str] | None = None,
    statuses: Collection[Status] | None = None,
) -> Iterator[AnnotationSet]:
    """Every (document, annotator) with work, in document order; untouched documents once.

    ``annotators`` and ``statuses`` filter; an untouched document counts as ``todo`` and is
    only yielded when no annotator filter is given.
    """
    spans = _spans_by_key(conn)
    relations = _relations_by_key(conn)
    status_rows = statuses_of(conn)
    span_owners: dict[int, set[str]] = defaultdict(set)
    for document_id, name in spans:
        span_owners[document_id].add(name)
    for row in conn.execute(select(_doc).order_by(_doc.c.id)):
        document = Document(
            id=row.id,
            doc_id=row.doc_id,
            title=row.title,
            text=row.text,
            text_sha256=row.text_sha256,
            meta=json.loads(row.meta),
            created_at=row.created_at,
        )
        per_doc = status_rows.get(row.id, {})
        names = set(per_doc) | span_owners.get(row.id, set())
        if not names:
            if annotators is None and (statuses is None or Status.TODO in statuses):
                yield AnnotationSet(document, None, Status.TODO, None, (), ())
            continue
        for name in sorted(names):
            if annotators is not None and name not in annotators:
                continue
            status, updated_at = per_doc.get(name, (Status.TODO, None))
            if statuses is not None and status not in statuses:
                continue
            yield AnnotationSet(
                document,
                name,
                status,
                updated_at,
                tuple(spans.get((row.id, name), ())),
                tuple(relations.get((row.id, name), ())),
            )
