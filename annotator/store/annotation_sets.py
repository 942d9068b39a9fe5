"""Adding annotators' whole work on documents, as import files carry it, in batches.

An import of 100,000 spans must not ask one question per span: ids are checked as sets, rows
are written with ``executemany`` on the driver, and every annotation set gets one change-log
entry with its counts (the audit trail stays complete without one entry per span).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from annotator.core.model import Status, new_uids, utc_now
from annotator.core.records import NewAnnotationSet
from annotator.errors import UserError
from annotator.store.changelog import mark_logged
from annotator.store.dialect import reserve_ids, run
from annotator.store.json_columns import to_json

_IN_CHUNK = 900  # under SQLite's bound-parameter limit


@dataclass(frozen=True)
class SetToStore:
    """One annotator's work on one stored document; ``source`` names it in messages."""

    document_id: int
    work: NewAnnotationSet
    source: str


def _chunks(values: Sequence[object]) -> Iterable[Sequence[object]]:
    for first in range(0, len(values), _IN_CHUNK):
        yield values[first : first + _IN_CHUNK]


def _select_in(conn: Connection, sql: str, values: Iterable[object]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (which holds one ``IN ({})``) for every value, asked in chunks."""
    found: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(dict.fromkeys(values))):
        marks = ",".join("?" * len(chunk))
        found.extend(tuple(row) for row in run(conn, sql.format(marks), tuple(chunk)))
    return found


def annotator_ids(conn: Connection, names: Iterable[str], *, create: bool) -> dict[str, int]:
    """name -> row id of the annotators among ``names``; with ``create``, missing ones are
    added."""
    wanted = list(dict.fromkeys(names))
    sql = "SELECT name, id FROM annotator WHERE name IN ({})"
    ids = {str(name): int(row) for name, row in _select_in(conn, sql, wanted)}
    missing = [name for name in wanted if name not in ids]
    if create and missing:
        run(conn, "INSERT INTO annotator (name) VALUES (?)", [(name,) for name in missing])
        ids.update({str(n): int(r) for n, r in _select_in(conn, sql, missing)})
    return ids


def pairs_with_work(conn: Connection, pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (document id, annotator id) pairs already have spans or a status stored."""
    wanted = set(pairs)
    documents = sorted({document for document, _ in wanted})
    found: set[tuple[int, int]] = set()
    for table in ("span", "document_status"):  # both indexed on (document_id, annotator_id)
        sql = f"SELECT DISTINCT document_id, annotator_id FROM {table} WHERE document_id IN ({{}})"
        for document, owner in _select_in(conn, sql, documents):
            pair = (int(document), int(owner))
            if pair in wanted:
                found.add(pair)
    return found


def has_work(conn: Connection, document_id: int, annotator: str) -> bool:
    owner = annotator_ids(conn, [annotator], create=False).get(annotator)
    return owner is not None and bool(pairs_with_work(conn, [(document_id, owner)]))


def store_annotation_sets(
    conn: Connection,
    sets: Sequence[SetToStore],
    *,
    actor: str,
    known: Mapping[str, int] | None = None,
) -> list[int]:
    """Store every set's spans, relations and status (the caller checked that none has work
    on its document yet); returns the spans added per set.

    Ids from the files are kept unless a stored row or an earlier set of this batch uses
    them, so a native file survives an import-export round trip unchanged. Rows get explicit
    ids (reserved from the table: the caller holds the write lock), so relations point at their
    spans without reading them back. Stored uids are not asked for beforehand: the insert
    passes over rows whose uid is taken, and only those go in again with fresh uids.
    """
    if not sets:
        return []
    # ``known``: annotator ids the caller looked up already; only the others are asked for.
    owners = dict(known or {})
    missing = [item.work.annotator for item in sets if item.work.annotator not in owners]
    if missing:
        owners.update(annotator_ids(conn, missing, create=True))
    used_spans: set[str] = set()  # uids of this batch; stored ones are met at the insert
    used_relations: set[str] = set()
    next_span = reserve_ids(conn, "span", sum(len(item.work.spans) for item in sets))
    next_relation = reserve_ids(conn, "relation", sum(len(item.work.relations) for item in sets))
    now = utc_now()
    fresh_spans, fresh_relations = new_uids("s"), new_uids("r")
    spans: list[tuple[object, ...]] = []
    relations: list[tuple[object, ...]] = []
    statuses: list[tuple[object, ...]] = []
    changes: list[tuple[object, ...]] = []
    added: list[int] = []
    # The loops below run once per span and relation of the whole import: rows are built as
    # plain tuples with the methods bound once.
    add_span, add_relation = spans.append, relations.append
    span_taken, relation_taken = used_spans.add, used_relations.add
    for item in sets:
        work, document, owner = item.work, item.document_id, owners[item.work.annotator]
        row_of: dict[str, int] = {}  # the file's span uid -> its new row id
        for span in work.spans:
            uid = span.uid
            row_of[uid] = next_span
            if uid in used_spans:
                uid = next(fresh_spans)
            span_taken(uid)
            add_span(
                (
                    next_span, uid, document, owner, span.label, span.start, span.end,
                    span.text, to_json(span.attributes), span.note, span.created_at or now,
                    span.updated_at or now,
                    to_json(span.provenance) if span.provenance else None,
                )
            )  # fmt: skip
            next_span += 1
        for relation in work.relations:
            ends = row_of.get(relation.from_uid), row_of.get(relation.to_uid)
            if ends[0] is None or ends[1] is None:
                raise UserError(
                    f"{item.source}: relation {relation.uid!r} points at a missing span"
                )
            uid = relation.uid
            if uid in used_relations:
                uid = next(fresh_relations)
            relation_taken(uid)
            add_relation(
                (next_relation, uid, document, owner, relation.type, ends[0], ends[1])
            )  # fmt: skip
            next_relation += 1
        # An untouched "todo" without a timestamp is what a missing row means; writing a row
        # would invent a timestamp and break the import-export round trip.
        if work.status is not Status.TODO or work.updated_at:
            statuses.append((document, owner, work.status.value, work.updated_at or now))
        after = {
            "source": item.source,
            "spans": len(work.spans),
            "relations": len(work.relations),
            "status": work.status.value,
        }
        changes.append((now, actor, "annotations.import", document, work.annotator, to_json(after)))
        added.append(len(work.spans))
    _insert(conn, spans, relations, statuses, changes, (fresh_spans, fresh_relations))
    return added


_SPAN_INSERT = (
    'INSERT INTO span (id, uid, document_id, annotator_id, label, start, "end", text, '
    "attributes, note, created_at, updated_at, provenance) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING"
)
_RELATION_INSERT = (
    "INSERT INTO relation (id, uid, document_id, annotator_id, type, from_span_id, to_span_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING"
)


def _insert_with_free_uids(
    conn: Connection, table: str, sql: str, rows: list[tuple[Any, ...]], fresh: Iterator[str]
) -> None:
    """Insert rows (id first, uid second, ids ascending); a row whose uid a stored row has
    is passed over by the insert and goes in again under a fresh uid."""
    while rows:
        if run(conn, sql, rows).rowcount == len(rows):
            return
        stored = {
            int(found)
            for (found,) in run(
                conn, f"SELECT id FROM {table} WHERE id BETWEEN ? AND ?", (rows[0][0], rows[-1][0])
            )
        }
        rows = [(row[0], next(fresh), *row[2:]) for row in rows if row[0] not in stored]


def _insert(
    conn: Connection,
    spans: list[tuple[object, ...]],
    relations: list[tuple[object, ...]],
    statuses: list[tuple[object, ...]],
    changes: list[tuple[object, ...]],
    fresh: tuple[Iterator[str], Iterator[str]],
) -> None:
    _insert_with_free_uids(conn, "span", _SPAN_INSERT, spans, fresh[0])
    _insert_with_free_uids(conn, "relation", _RELATION_INSERT, relations, fresh[1])
    if statuses:
        run(
            conn,
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?)",
            statuses,
        )
    mark_logged(conn)
    run(
        conn,
        "INSERT INTO change_log (at, annotator, action, document_id, entity_uid, after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        changes,
    )


def import_annotation_set(
    conn: Connection, document_id: int, work: NewAnnotationSet, *, source: str, actor: str
) -> int | None:
    """Add one annotator's spans, relations and status; None if they already had work here."""
    if has_work(conn, document_id, work.annotator):
        return None
    return store_annotation_sets(conn, [SetToStore(document_id, work, source)], actor=actor)[0]
