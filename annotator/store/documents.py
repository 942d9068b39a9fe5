"""Documents: adding an import batch, listing, reading."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from annotator.core.model import Document, DocumentInfo, Status, utc_now
from annotator.core.records import ImportReport, NewDocument
from annotator.errors import UserError
from annotator.store import annotation_sets
from annotator.store import annotations as span_rows
from annotator.store.changelog import log_changes
from annotator.store.dialect import run
from annotator.store.json_columns import to_json
from annotator.store.tables import DOCUMENT_TABLE, SPAN_TABLE, STATUS_TABLE

_doc = DOCUMENT_TABLE
_span = SPAN_TABLE
_status = STATUS_TABLE


def import_documents(
    conn: Connection, docs: Sequence[NewDocument], *, actor: str, source: str
) -> ImportReport:
    """Add one file's documents and annotation sets; the caller's transaction makes it atomic."""
    return import_files(conn, [(source, docs)], actor=actor)


def import_files(
    conn: Connection, files: Sequence[tuple[str, Sequence[NewDocument]]], *, actor: str
) -> ImportReport:
    """Add several files' documents and annotation sets in the caller's transaction.

    A document whose text is already stored (same ``text_sha256``) is not added again; its
    annotation sets are added unless that annotator already has work on it. A ``doc_id`` that
    is taken by a different text is an error naming the place. All files are looked up and
    inserted together, so a folder of small files costs a few statements, not a few per file.
    """
    report = ImportReport(files=len(files))
    every = [doc for _, docs in files for doc in docs]
    by_sha = _existing_by_sha(conn, [d.text_sha256 for d in every])
    taken_ids = _existing_doc_ids(conn, [d.doc_id for d in every])
    new_rows: list[dict[str, Any]] = []
    added_per_file: list[tuple[str, int]] = []
    now = utc_now()
    for source, docs in files:
        before = len(new_rows)
        for doc in docs:
            if doc.text_sha256 in by_sha:
                report.skipped += 1
                continue
            if doc.doc_id in taken_ids:
                raise UserError(
                    f"{doc.source}: doc_id {doc.doc_id!r} is already used by a document with "
                    "a different text"
                )
            taken_ids.add(doc.doc_id)
            by_sha[doc.text_sha256] = -1  # placeholder until inserted
            new_rows.append(
                {
                    "doc_id": doc.doc_id,
                    "title": doc.title,
                    "text": doc.text,
                    "text_sha256": doc.text_sha256,
                    "length": len(doc.text),
                    "meta": to_json(doc.meta),
                    "created_at": now,
                }
            )
        if len(new_rows) > before:
            added_per_file.append((source, len(new_rows) - before))
    if new_rows:
        # Plain executemany: the expression layer's per-row parameter work was a third of
        # the time of a 10,000-article import.
        run(
            conn,
            "INSERT INTO document (doc_id, title, text, text_sha256, length, meta, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r["doc_id"],
                    r["title"],
                    r["text"],
                    r["text_sha256"],
                    r["length"],
                    r["meta"],
                    r["created_at"],
                )
                for r in new_rows
            ],
        )
        report.added = len(new_rows)
        if any(doc.annotations for doc in every):
            by_sha.update(_existing_by_sha(conn, [row["text_sha256"] for row in new_rows]))
        log_changes(
            conn,
            annotator=actor,
            action="documents.import",
            afters=[{"source": source, "documents": n} for source, n in added_per_file],
        )
    for doc in every:
        for annotation_set in doc.annotations:
            added = annotation_sets.import_annotation_set(
                conn, by_sha[doc.text_sha256], annotation_set, source=doc.source, actor=actor
            )
            if added is None:
                report.annotation_sets_skipped += 1
                report.notes.append(
                    f"{doc.source}: {annotation_set.annotator!r} already has work on "
                    f"{doc.doc_id!r}; kept the stored version"
                )
            else:
                report.annotation_sets_added += 1
                report.spans_added += added
    return report


def _lookup(conn: Connection, column: str, values: list[str]) -> list[tuple[Any, ...]]:
    """Rows of (column, id) for the values present, by chunks of plain SQL: on a 10,000-file
    import the expression layer's per-statement work cost more than the lookups themselves."""
    found: list[tuple[Any, ...]] = []
    unique = list(dict.fromkeys(values))
    for first in range(0, len(unique), 900):  # under SQLite's bound-parameter limit
        chunk = unique[first : first + 900]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {column}, id FROM document WHERE {column} IN ({marks})"
        found.extend(run(conn, sql, tuple(chunk)).all())
    return found


def _existing_by_sha(conn: Connection, shas: list[str]) -> dict[str, int]:
    return {str(sha): int(row_id) for sha, row_id in _lookup(conn, "text_sha256", shas)}


def _existing_doc_ids(conn: Connection, doc_ids: list[str]) -> set[str]:
    return {str(doc_id) for doc_id, _ in _lookup(conn, "doc_id", doc_ids)}


def _info(row: Any) -> DocumentInfo:
    return DocumentInfo(
        id=row.id,
        doc_id=row.doc_id,
        title=row.title,
        text_sha256=row.text_sha256,
        length=row.length,
        meta=json.loads(row.meta),
        created_at=row.created_at,
    )


_INFO_COLUMNS = (
    _doc.c.id,
    _doc.c.doc_id,
    _doc.c.title,
    _doc.c.text_sha256,
    _doc.c.length,
    _doc.c.meta,
    _doc.c.created_at,
)


def list_documents(conn: Connection) -> list[DocumentInfo]:
    """Every document without its text, in import order."""
    return [_info(row) for row in conn.execute(select(*_INFO_COLUMNS).order_by(_doc.c.id))]


def document_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_doc)).scalar_one())


def get_document(conn: Connection, document_id: int) -> Document:
    row = conn.execute(select(_doc).where(_doc.c.id == document_id)).one_or_none()
    if row is None:
        raise UserError(f"no document with id {document_id}")
    return _document(row)


def find_document(conn: Connection, key: str) -> Document | None:
    """A document by doc_id, or by text_sha256."""
    query = select(_doc).where((_doc.c.doc_id == key) | (_doc.c.text_sha256 == key))
    row = conn.execute(query).first()
    return _document(row) if row is not None else None


def _document(row: Any) -> Document:
    return Document(
        id=row.id,
        doc_id=row.doc_id,
        title=row.title,
        text=row.text,
        text_sha256=row.text_sha256,
        meta=json.loads(row.meta),
        created_at=row.created_at,
    )


def status_counts(conn: Connection) -> dict[str, dict[str, int]]:
    """Per annotator, how many documents are in each status (``todo`` includes no row)."""
    names = span_rows.annotator_names(conn)
    total = document_count(conn)
    counts: dict[str, dict[str, int]] = {
        name: {status.value: 0 for status in Status} for name in names
    }
    query = (
        select(span_rows.annotator_table.c.name, _status.c.status, func.count())
        .join(span_rows.annotator_table, span_rows.annotator_table.c.id == _status.c.annotator_id)
        .group_by(span_rows.annotator_table.c.name, _status.c.status)
    )
    for name, status, count in conn.execute(query):
        counts[name][status] = count
    for per_status in counts.values():
        per_status[Status.TODO.value] = total - sum(
            n for s, n in per_status.items() if s != Status.TODO.value
        )
    return counts


def span_counts(conn: Connection) -> dict[str, dict[str, int]]:
    """Per annotator, how many spans of each label."""
    query = (
        select(span_rows.annotator_table.c.name, _span.c.label, func.count())
        .join(span_rows.annotator_table, span_rows.annotator_table.c.id == _span.c.annotator_id)
        .group_by(span_rows.annotator_table.c.name, _span.c.label)
    )
    counts: dict[str, dict[str, int]] = {}
    for name, label, count in conn.execute(query):
        counts.setdefault(name, {})[label] = count
    return counts


def span_label_names(conn: Connection) -> list[str]:
    """Every label that some stored span uses."""
    return [row.label for row in conn.execute(select(_span.c.label).distinct())]


def span_totals(conn: Connection) -> dict[int, int]:
    query = select(_span.c.document_id, func.count()).group_by(_span.c.document_id)
    return {int(doc): int(count) for doc, count in conn.execute(query)}


def summaries(conn: Connection, annotator: str) -> dict[int, tuple[dict[str, int], str]]:
    """document id -> (spans per label, last edit time) for one annotator's work."""
    owner = span_rows.annotator_id(conn, annotator, create=False)
    if owner is None:
        return {}
    result: dict[int, tuple[dict[str, int], str]] = {}
    query = (
        select(_span.c.document_id, _span.c.label, func.count(), func.max(_span.c.updated_at))
        .where(_span.c.annotator_id == owner)
        .group_by(_span.c.document_id, _span.c.label)
    )
    for document_id, label, count, last in conn.execute(query):
        counts, previous = result.get(document_id, ({}, ""))
        counts[label] = count
        result[document_id] = (counts, max(previous, last or ""))
    status_query = select(_status.c.document_id, _status.c.updated_at).where(
        _status.c.annotator_id == owner
    )
    for document_id, updated in conn.execute(status_query):
        counts, previous = result.get(document_id, ({}, ""))
        result[document_id] = (counts, max(previous, updated or ""))
    return result
