"""Adding one annotator's whole work on a document, as a native file carries it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from annotator.core.model import Status, new_uid, utc_now
from annotator.core.records import NewAnnotationSet
from annotator.errors import UserError
from annotator.store.annotations import annotator_id, require_annotator
from annotator.store.changelog import log_change
from annotator.store.json_columns import to_json
from annotator.store.tables import RELATION_TABLE, SPAN_TABLE, STATUS_TABLE

_span = SPAN_TABLE
_relation = RELATION_TABLE
_status = STATUS_TABLE


def has_work(conn: Connection, document_id: int, annotator: str) -> bool:
    owner = annotator_id(conn, annotator, create=False)
    if owner is None:
        return False
    for table in (_span, _status):
        query = select(table.c.document_id).where(
            table.c.document_id == document_id, table.c.annotator_id == owner
        )
        if conn.execute(query.limit(1)).first() is not None:
            return True
    return False


def _unused_uid(conn: Connection, table: Any, uid: str, prefix: str) -> str:
    taken = conn.execute(select(table.c.id).where(table.c.uid == uid)).first()
    return new_uid(prefix) if taken is not None else uid


def import_annotation_set(
    conn: Connection, document_id: int, work: NewAnnotationSet, *, source: str, actor: str
) -> int | None:
    """Add one annotator's spans, relations and status; None if they already had work here.

    Ids from the file are kept unless another document already uses them, so a native file
    survives an import-export round trip unchanged.
    """
    if has_work(conn, document_id, work.annotator):
        return None
    owner = require_annotator(conn, work.annotator)
    now = utc_now()
    uid_map: dict[str, str] = {}
    rows = []
    for span in work.spans:
        uid = _unused_uid(conn, _span, span.uid, "s")
        uid_map[span.uid] = uid
        rows.append(
            {
                "uid": uid,
                "document_id": document_id,
                "annotator_id": owner,
                "label": span.label,
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "attributes": to_json(span.attributes),
                "note": span.note,
                "created_at": span.created_at or now,
                "updated_at": span.updated_at or now,
                "provenance": to_json(span.provenance) if span.provenance else None,
            }
        )
    if rows:
        conn.execute(insert(_span), rows)
    if work.relations:
        new_uids = list(uid_map.values())
        ids: dict[str, int] = {}
        for first in range(0, len(new_uids), 500):
            query = select(_span.c.uid, _span.c.id).where(
                _span.c.uid.in_(new_uids[first : first + 500])
            )
            ids.update({row.uid: row.id for row in conn.execute(query)})
        relation_rows = []
        for relation in work.relations:
            if relation.from_uid not in uid_map or relation.to_uid not in uid_map:
                raise UserError(f"{source}: relation {relation.uid!r} points at a missing span")
            relation_rows.append(
                {
                    "uid": _unused_uid(conn, _relation, relation.uid, "r"),
                    "document_id": document_id,
                    "annotator_id": owner,
                    "type": relation.type,
                    "from_span_id": ids[uid_map[relation.from_uid]],
                    "to_span_id": ids[uid_map[relation.to_uid]],
                }
            )
        conn.execute(insert(_relation), relation_rows)
    # An untouched "todo" without a timestamp is what a missing row means; writing a row
    # would invent a timestamp and break the import-export round trip.
    if work.status is not Status.TODO or work.updated_at:
        conn.execute(
            insert(_status).values(
                document_id=document_id,
                annotator_id=owner,
                status=work.status.value,
                updated_at=work.updated_at or now,
            )
        )
    log_change(
        conn,
        annotator=actor,
        action="annotations.import",
        document_id=document_id,
        entity_uid=work.annotator,
        after={
            "source": source,
            "spans": len(rows),
            "relations": len(work.relations),
            "status": work.status.value,
        },
    )
    return len(rows)
