"""Annotators, spans, relations and statuses: reads and single-action writes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, cast, delete, func, insert, select, update

from annotator.core.model import Relation, Span, Status, utc_now
from annotator.errors import StaleEditError, UserError
from annotator.store.changelog import log_change
from annotator.store.dialect import driver_rows, on_server
from annotator.store.json_columns import to_json
from annotator.store.tables import ANNOTATOR_TABLE, RELATION_TABLE, SPAN_TABLE, STATUS_TABLE

annotator_table = ANNOTATOR_TABLE
_span = SPAN_TABLE
_relation = RELATION_TABLE
_status = STATUS_TABLE


# The statements of a labelling action are built once: building one costs several times
# what SQLite takes to run it (issue 9, item 12). Values go in as bound parameters.
_ANNOTATOR_ID = select(annotator_table.c.id).where(annotator_table.c.name == bindparam("name"))
_SPAN_ID = select(_span.c.id).where(_span.c.uid == bindparam("uid"))
_INSERT_SPAN = insert(_span)


def annotator_id(conn: Connection, name: str, *, create: bool = True) -> int | None:
    row = conn.execute(_ANNOTATOR_ID, {"name": name}).first()
    if row is not None:
        return int(row.id)
    if not create:
        return None
    key = conn.execute(insert(annotator_table).values(name=name)).inserted_primary_key
    assert key is not None  # an INSERT of one row always has its key
    return int(key[0])


def require_annotator(conn: Connection, name: str) -> int:
    found = annotator_id(conn, name)
    assert found is not None
    return found


def annotator_names(conn: Connection) -> list[str]:
    # Sorted here: a server's collation (en_US...) would order names unlike SQLite.
    return sorted(row.name for row in conn.execute(select(annotator_table.c.name)))


# ---- reading -------------------------------------------------------------------------------

# The columns a Span is read from, in the order ``span_from_values`` takes them.
SPAN_COLUMNS = (
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
    _span.c.provenance,
    _span.c.version,
)


_EMPTY_JSON = "{}"


def _attributes(raw: str) -> dict[str, Any]:
    return {} if raw == _EMPTY_JSON else dict(json.loads(raw))


def span_from_values(
    values: Sequence[Any], decode: Callable[[str], dict[str, Any]] = _attributes
) -> Span:
    """The Span of one row of ``SPAN_COLUMNS`` (a row object or a plain tuple); ``decode``
    turns the stored JSON attributes and provenance into dicts (bulk reads cache it)."""
    (uid, document_id, name, label, start, end, text, attributes, note, created_at, updated_at,
     provenance, version) = values  # fmt: skip
    # Filled in directly rather than through Span(...): a frozen dataclass's __init__ sets
    # each of its 13 fields through object.__setattr__, and that was a third of the time to
    # open a 10,000-span article. Every field is given, so nothing is left to a default.
    span = _new(Span)
    span.__dict__.update(
        uid=uid, document_id=document_id, annotator=name, label=label, start=start, end=end,
        text=text, attributes=decode(attributes), note=note, created_at=created_at,
        updated_at=updated_at, provenance=decode(provenance) if provenance else None,
        version=version,
    )  # fmt: skip
    return span


_new = object.__new__
# span_from_values fills these by name: a field added to Span must be added there too.
_FILLED = {
    "uid", "document_id", "annotator", "label", "start", "end", "text", "attributes", "note",
    "created_at", "updated_at", "provenance", "version",
}  # fmt: skip
if {field.name for field in dataclasses.fields(Span)} != _FILLED:
    raise ImportError("store.annotations.span_from_values does not fill every field of Span")


def _span_query() -> Any:
    return select(*SPAN_COLUMNS).join(annotator_table, annotator_table.c.id == _span.c.annotator_id)


# Opening a document reads all its spans at once; plain SQL on the driver keeps that fast
# (10,000 spans in a few milliseconds) where the expression layer spends most of its time
# building row objects.
_SPANS_OF_SQL = (
    'SELECT s.uid, s.document_id, a.name, s.label, s.start, s."end", s.text, s.attributes,'
    " s.note, s.created_at, s.updated_at, s.provenance, s.version"
    " FROM span s JOIN annotator a ON a.id = s.annotator_id"
    ' WHERE s.document_id = ? {annotator} ORDER BY s.start, s."end" DESC, s.id'
)


def spans_of(conn: Connection, document_id: int, annotator: str | None) -> list[Span]:
    """A document's spans in text order, for one annotator or all."""
    parameters: tuple[int] | tuple[int, str]
    if annotator is None:
        sql, parameters = _SPANS_OF_SQL.format(annotator=""), (document_id,)
    else:
        sql = _SPANS_OF_SQL.format(annotator="AND a.name = ?")
        parameters = (document_id, annotator)
    # Straight from the driver: SQLAlchemy's row objects cost more than the query itself.
    return [span_from_values(row) for row in driver_rows(conn, sql, parameters).fetchall()]


_SPAN_BY_UID = _span_query().where(_span.c.uid == bindparam("uid"))


def get_span(conn: Connection, uid: str) -> Span:
    row = conn.execute(_SPAN_BY_UID, {"uid": uid}).first()
    if row is None:
        raise UserError(f"no span with id {uid!r}")
    return span_from_values(row)


def find_span(conn: Connection, uid: str) -> Span | None:
    row = conn.execute(_SPAN_BY_UID, {"uid": uid}).first()
    return span_from_values(row) if row is not None else None


def used_values(conn: Connection, label: str, attribute: str, limit: int) -> list[str]:
    if on_server(conn):
        from sqlalchemy.dialects.postgresql import JSONB  # not loaded for SQLite files

        document = cast(_span.c.attributes, JSONB)
        value: Any = document[attribute].astext
        is_text = func.jsonb_typeof(document[attribute]) == "string"
    else:
        value = func.json_extract(_span.c.attributes, f"$.{attribute}")
        is_text = func.json_type(_span.c.attributes, f"$.{attribute}") == "text"
    query = (
        select(value.label("value"), func.count().label("uses"))
        .where(_span.c.label == label, is_text)
        .group_by(value)
        .order_by(func.count().desc(), value)
        .limit(limit)
    )
    return [str(row.value) for row in conn.execute(query) if row.value]


def _span_row_id(conn: Connection, uid: str) -> int:
    row = conn.execute(select(_span.c.id).where(_span.c.uid == uid)).first()
    if row is None:
        raise UserError(f"no span with id {uid!r}")
    return int(row.id)


def relation_query() -> Any:
    """Relations with their annotator's name and their endpoints' uids (shared with bulk)."""
    source = _span.alias("source_span")
    target = _span.alias("target_span")
    return (
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
    )


def relations_of(conn: Connection, document_id: int, annotator: str | None) -> list[Relation]:
    query = relation_query().where(_relation.c.document_id == document_id).order_by(_relation.c.id)
    if annotator is not None:
        query = query.where(annotator_table.c.name == annotator)
    return [
        Relation(
            uid=row.uid,
            document_id=row.document_id,
            annotator=row.name,
            type=row.type,
            from_uid=row.from_uid,
            to_uid=row.to_uid,
        )
        for row in conn.execute(query)
    ]


def status_of(conn: Connection, document_id: int, annotator: str) -> Status:
    query = (
        select(_status.c.status)
        .join(annotator_table, annotator_table.c.id == _status.c.annotator_id)
        .where(_status.c.document_id == document_id, annotator_table.c.name == annotator)
    )
    row = conn.execute(query).first()
    return Status(row.status) if row is not None else Status.TODO


def statuses_of(
    conn: Connection, document_ids: Iterable[int] | None = None
) -> dict[int, dict[str, tuple[Status, str]]]:
    """document id -> annotator -> (status, updated_at), for the rows that exist."""
    query = select(
        _status.c.document_id, annotator_table.c.name, _status.c.status, _status.c.updated_at
    ).join(annotator_table, annotator_table.c.id == _status.c.annotator_id)
    if document_ids is not None:
        query = query.where(_status.c.document_id.in_(list(document_ids)))
    result: dict[int, dict[str, tuple[Status, str]]] = {}
    for row in conn.execute(query):
        result.setdefault(row.document_id, {})[row.name] = (Status(row.status), row.updated_at)
    return result


# ---- single-action writes -----------------------------------------------------------------


def _span_values(span: Span) -> dict[str, Any]:
    return {
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "attributes": span.attributes,
        "note": span.note,
        "provenance": span.provenance,
    }


def _stale(what: str) -> StaleEditError:
    return StaleEditError(
        f"{what} was changed in another window or program since you saw it; nothing was "
        "written, and the document shows its current state"
    )


def insert_span(conn: Connection, span: Span, *, actor: str) -> Span:
    """Store a new span (its uid must be fresh) and log it.

    A span brought back by undo keeps its uid with a version above the one deleted, so a copy
    of the deleted span still open elsewhere cannot overwrite it."""
    if conn.execute(_SPAN_ID, {"uid": span.uid}).first() is not None:
        raise _stale(f"span {span.uid}")
    now = utc_now()
    stored = dataclasses.replace(
        span,
        attributes=dict(span.attributes),
        created_at=span.created_at or now,
        updated_at=span.updated_at or now,
        version=max(span.version, 1),
    )
    conn.execute(
        _INSERT_SPAN,
        {
            "uid": stored.uid,
            "document_id": stored.document_id,
            "annotator_id": require_annotator(conn, stored.annotator),
            "label": stored.label,
            "start": stored.start,
            "end": stored.end,
            "text": stored.text,
            "attributes": to_json(stored.attributes),
            "note": stored.note,
            "created_at": stored.created_at,
            "updated_at": stored.updated_at,
            "provenance": to_json(stored.provenance) if stored.provenance else None,
            "version": stored.version,
        },
    )
    log_change(
        conn,
        annotator=actor,
        action="span.create",
        document_id=stored.document_id,
        entity_uid=stored.uid,
        after=_span_values(stored),
    )
    return stored


def _current(conn: Connection, uid: str, version: int) -> Span:
    """The stored span, checked against the version an edit was based on (0: unchecked,
    for scripts that edit what they have just read)."""
    found = find_span(conn, uid)
    if found is None:
        raise _stale(f"span {uid}") if version else UserError(f"no span with id {uid!r}")
    if version and found.version != version:
        raise _stale(f"span {uid}")
    return found


def replace_span(conn: Connection, span: Span, *, actor: str) -> Span:
    """Overwrite a span's label, edges, text, attributes and note (same uid), if it is still
    at the version ``span`` was read at."""
    before = _current(conn, span.uid, span.version)
    now = utc_now()
    conn.execute(
        update(_span)
        .where(_span.c.uid == span.uid, _span.c.version == before.version)
        .values(
            label=span.label,
            start=span.start,
            end=span.end,
            text=span.text,
            attributes=to_json(span.attributes),
            note=span.note,
            updated_at=now,
            provenance=to_json(span.provenance) if span.provenance else None,
            version=before.version + 1,
        )
    )
    log_change(
        conn,
        annotator=actor,
        action="span.update",
        document_id=span.document_id,
        entity_uid=span.uid,
        before=_span_values(before),
        after=_span_values(span),
    )
    return get_span(conn, span.uid)


def remove_span(conn: Connection, uid: str, *, actor: str, version: int = 0) -> Span:
    """Delete a span (if still at ``version``); its relations go with it (each logged)."""
    before = _current(conn, uid, version)
    row_id = _span_row_id(conn, uid)
    attached = select(_relation.c.uid).where(
        (_relation.c.from_span_id == row_id) | (_relation.c.to_span_id == row_id)
    )
    for row in conn.execute(attached).all():
        remove_relation(conn, row.uid, actor=actor)
    conn.execute(delete(_span).where(_span.c.id == row_id))
    log_change(
        conn,
        annotator=actor,
        action="span.delete",
        document_id=before.document_id,
        entity_uid=uid,
        before=_span_values(before),
    )
    return before


def _endpoint(conn: Connection, uid: str) -> int:
    row = conn.execute(select(_span.c.id).where(_span.c.uid == uid)).first()
    if row is None:
        raise _stale(f"linked span {uid}")
    return int(row.id)


def insert_relation(conn: Connection, relation: Relation, *, actor: str) -> Relation:
    if conn.execute(select(_relation.c.id).where(_relation.c.uid == relation.uid)).first():
        raise _stale(f"link {relation.uid}")
    conn.execute(
        insert(_relation).values(
            uid=relation.uid,
            document_id=relation.document_id,
            annotator_id=require_annotator(conn, relation.annotator),
            type=relation.type,
            from_span_id=_endpoint(conn, relation.from_uid),
            to_span_id=_endpoint(conn, relation.to_uid),
        )
    )
    log_change(
        conn,
        annotator=actor,
        action="relation.create",
        document_id=relation.document_id,
        entity_uid=relation.uid,
        after={"type": relation.type, "from": relation.from_uid, "to": relation.to_uid},
    )
    return relation


def remove_relation(conn: Connection, uid: str, *, actor: str) -> None:
    row = conn.execute(select(_relation).where(_relation.c.uid == uid)).first()
    if row is None:
        raise _stale(f"link {uid}")
    conn.execute(delete(_relation).where(_relation.c.uid == uid))
    log_change(
        conn,
        annotator=actor,
        action="relation.delete",
        document_id=row.document_id,
        entity_uid=uid,
        before={"type": row.type},
    )


def write_status(
    conn: Connection,
    document_id: int,
    annotator: str,
    status: Status,
    *,
    actor: str,
    updated_at: str | None = None,
    expected: Status | None = None,
) -> Status:
    """Set an annotator's status on a document, if it still is ``expected`` (when given);
    returns the previous one."""
    previous = status_of(conn, document_id, annotator)
    if expected is not None and previous != expected:
        raise _stale("the document's status")
    owner = require_annotator(conn, annotator)
    conn.execute(
        delete(_status).where(_status.c.document_id == document_id, _status.c.annotator_id == owner)
    )
    conn.execute(
        insert(_status).values(
            document_id=document_id,
            annotator_id=owner,
            status=status.value,
            updated_at=updated_at or utc_now(),
        )
    )
    log_change(
        conn,
        annotator=actor,
        action="status.set",
        document_id=document_id,
        entity_uid=annotator,
        before=previous.value,
        after=status.value,
    )
    return previous
