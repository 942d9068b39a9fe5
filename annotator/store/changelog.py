"""Appending to the audit trail; every store write calls this in the same transaction.

Each append marks its transaction as one that changed something (``mark_logged``): on
PostgreSQL such a transaction sends ``NOTIFY`` on ``CHANNEL`` as it commits (``server``), so
open windows hear it (``watch``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, insert, select

from annotator.core.model import ChangeEntry, utc_now
from annotator.store.json_columns import to_json
from annotator.store.tables import CHANGE_TABLE

_change = CHANGE_TABLE
# Built once: every action logs, and building a statement costs more than running it.
_INSERT_CHANGE = insert(_change)
_MAX_CHANGE_ID = select(func.max(_change.c.id))
# The channel of PostgreSQL's LISTEN/NOTIFY on which commits that logged changes are announced.
CHANNEL = "annotator_changes"
# Key in the connection's ``info``: the open transaction has appended to the change log.
LOGGED = "annotator_logged_changes"


def mark_logged(conn: Connection) -> None:
    """Note that this transaction appended to the change log (announced at commit)."""
    conn.info[LOGGED] = True


def _dump(value: Any) -> str | None:
    return None if value is None else to_json(value)


def log_change(
    conn: Connection,
    *,
    annotator: str,
    action: str,
    document_id: int | None = None,
    entity_uid: str | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record who changed what, with the values before and after."""
    mark_logged(conn)
    conn.execute(
        _INSERT_CHANGE,
        {
            "at": utc_now(),
            "annotator": annotator,
            "action": action,
            "document_id": document_id,
            "entity_uid": entity_uid,
            "before": _dump(before),
            "after": _dump(after),
        },
    )


def log_changes(conn: Connection, *, annotator: str, action: str, afters: list[Any]) -> None:
    """Several entries of one action at once (one per imported file)."""
    mark_logged(conn)
    at = utc_now()
    conn.execute(
        insert(_change),
        [
            {
                "at": at,
                "annotator": annotator,
                "action": action,
                "document_id": None,
                "entity_uid": None,
                "before": None,
                "after": _dump(after),
            }
            for after in afters
        ],
    )


def latest_by_entity(conn: Connection, document_id: int, action: str) -> dict[str, Any]:
    """entity uid -> the ``after`` value of its latest entry of ``action`` (None dropped)."""
    query = (
        select(_change.c.entity_uid, _change.c.after)
        .where(_change.c.document_id == document_id, _change.c.action == action)
        .order_by(_change.c.id)
    )
    latest: dict[str, Any] = {}
    for uid, after in conn.execute(query):
        latest[uid] = json.loads(after) if after is not None else None
    return {uid: value for uid, value in latest.items() if value is not None}


def read_changes(conn: Connection, *, document_id: int | None, limit: int) -> list[ChangeEntry]:
    """The newest ``limit`` entries, newest first, optionally for one document."""
    query = select(_change).order_by(_change.c.id.desc()).limit(limit)
    if document_id is not None:
        query = query.where(_change.c.document_id == document_id)
    return [
        ChangeEntry(
            id=row.id,
            at=row.at,
            annotator=row.annotator,
            action=row.action,
            document_id=row.document_id,
            entity_uid=row.entity_uid,
            before=json.loads(row.before) if row.before is not None else None,
            after=json.loads(row.after) if row.after is not None else None,
        )
        for row in conn.execute(query)
    ]


# Actions after which a window reloads everything rather than one document (a new plan of
# assignments changes every annotator's list).
RELOAD_ACTIONS = frozenset(
    {"documents.import", "annotations.import", "schema.set", "assignment.set"}
)


def max_change_id(conn: Connection) -> int:
    """The newest change's id (0 for none): marks where "changes since" starts."""
    return int(conn.execute(_MAX_CHANGE_ID).scalar_one() or 0)
