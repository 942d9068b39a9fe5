"""Assignments (issue 12): which documents each annotator is given, on the caller's
connection and transaction. No rows means nothing is assigned: everyone sees everything."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select

from annotator.core.assignment import Progress
from annotator.core.model import Status, utc_now
from annotator.errors import UserError
from annotator.store.annotations import annotator_id, annotator_table
from annotator.store.changelog import log_change
from annotator.store.dialect import driver_rows
from annotator.store.tables import ASSIGNMENT_TABLE, STATUS_TABLE

_assignment = ASSIGNMENT_TABLE
_status = STATUS_TABLE
ASSIGN_ACTION = "assignment.set"


@dataclass(frozen=True)
class AssignReport:
    """What one ``assign`` wrote, as (doc_id, annotator) pairs."""

    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]


# Straight on the driver: for 60,000 assignments SQLAlchemy's rows cost more than the query.
_ASSIGNMENTS_SQL = (
    "SELECT s.document_id, a.name FROM assignment s JOIN annotator a ON a.id = s.annotator_id"
)


def assignments(conn: Connection) -> dict[int, tuple[str, ...]]:
    """document id -> its annotators (sorted); documents assigned to nobody are absent."""
    found: dict[int, list[str]] = {}
    for document_id, name in driver_rows(conn, _ASSIGNMENTS_SQL):
        found.setdefault(document_id, []).append(name)
    return {document_id: tuple(sorted(found[document_id])) for document_id in sorted(found)}


def queue(conn: Connection, annotator: str) -> list[int]:
    """The ids of the documents assigned to ``annotator``, in import order."""
    found = annotator_id(conn, annotator, create=False)
    if found is None:
        return []
    query = (
        select(_assignment.c.document_id)
        .where(_assignment.c.annotator_id == found)
        .order_by(_assignment.c.document_id)
    )
    return list(conn.execute(query).scalars())


def progress(conn: Connection) -> dict[str, Progress]:
    """annotator -> their assigned documents counted by status (no status row: to do)."""
    query = (
        select(annotator_table.c.name, _status.c.status, func.count())
        .select_from(_assignment)
        .join(annotator_table, annotator_table.c.id == _assignment.c.annotator_id)
        .outerjoin(
            _status,
            (_status.c.document_id == _assignment.c.document_id)
            & (_status.c.annotator_id == _assignment.c.annotator_id),
        )
        .group_by(annotator_table.c.name, _status.c.status)
    )
    counts: dict[str, dict[str, int]] = {}
    for name, status, count in conn.execute(query):
        per = counts.setdefault(name, {})
        key = Status(status or Status.TODO).value
        per[key] = per.get(key, 0) + count
    return {name: Progress(name, **counts[name]) for name in sorted(counts)}


def assign(
    conn: Connection,
    plan: Mapping[int, Collection[str]],
    *,
    actor: str,
    details: Mapping[str, Any] | None = None,
) -> AssignReport:
    """Make ``plan`` (document id -> annotators) the assignments of the documents it names;
    other documents keep theirs. One change-log entry holds every pair removed (before) and
    added (after) by doc_id, with ``details`` (how the plan was made); none when nothing
    changes."""
    doc_ids: dict[int, str] = dict(driver_rows(conn, "SELECT id, doc_id FROM document"))
    missing = sorted(set(plan) - set(doc_ids))
    if missing:
        raise UserError(f"no document with id {missing[0]} to assign")
    current = {
        (document_id, name)
        for document_id, names in assignments(conn).items()
        if document_id in plan
        for name in names
    }
    wanted = {(document_id, name) for document_id, names in plan.items() for name in names}
    added, removed = sorted(wanted - current), sorted(current - wanted)
    if not added and not removed:
        return AssignReport((), ())
    ids = {name: annotator_id(conn, name) for name in {name for _, name in added + removed}}
    if removed:
        conn.execute(
            delete(_assignment).where(
                _assignment.c.document_id == bindparam("document"),
                _assignment.c.annotator_id == bindparam("annotator"),
            ),
            [{"document": document_id, "annotator": ids[name]} for document_id, name in removed],
        )
    if added:
        at = utc_now()
        conn.execute(
            insert(_assignment),
            [
                {"document_id": document_id, "annotator_id": ids[name], "assigned_at": at}
                for document_id, name in added
            ],
        )
    report = AssignReport(
        tuple((doc_ids[document_id], name) for document_id, name in added),
        tuple((doc_ids[document_id], name) for document_id, name in removed),
    )
    log_change(
        conn,
        annotator=actor,
        action=ASSIGN_ACTION,
        before={"removed": [list(pair) for pair in report.removed]},
        after={**(details or {}), "added": [list(pair) for pair in report.added]},
    )
    return report
