"""The window's queries use indexes, not whole-table scans: the spans and links of one
document, a document's status per annotator, the document list's per-annotator summaries,
an annotator's queue.
Each statement the store really sends is captured and explained by SQLite itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from annotator.core.model import Span, Status, new_uid
from annotator.store import Store
from tests.helpers import new_document

TEXT = "Three soldiers were killed near Kalbajar, the ministry said."
# Tables that grow with the corpus; a SCAN of one of these in a window query is a regression.
LARGE = ("span", "relation", "document_status", "change_log", "document", "assignment")


@pytest.fixture
def populated(db_path: Path):
    with Store.open(db_path) as store:
        store.import_documents(
            [new_document(f"{TEXT} ({n})", f"d{n}") for n in range(30)], actor="t", source="t"
        )
        doc = store.find_document("d3")
        assert doc is not None
        store.add_span(Span(new_uid("s"), doc.id, "ana", "claim", 0, 5, TEXT[:5]))
        store.set_status(doc.id, "ana", Status.DONE)
        store.assign({doc.id: ["ana"]}, actor="t")
        yield store, doc.id


def captured(store: Store, work) -> list[tuple[str, tuple]]:
    """Every SELECT the store sends: through SQLAlchemy (with its parameters), and straight on
    the driver's connection, where hot reads go (SQLite's trace gives them with the values
    filled in)."""
    statements: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, tuple(parameters or ())))

    def traced(statement: str) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, ()))

    def on_checkout(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.set_trace_callback(traced)

    def on_checkin(dbapi_connection, _record) -> None:
        dbapi_connection.set_trace_callback(None)

    engine = store._engine
    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine.pool, "checkout", on_checkout)
    event.listen(engine.pool, "checkin", on_checkin)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(engine.pool, "checkout", on_checkout)
        event.remove(engine.pool, "checkin", on_checkin)
    assert statements, "the store sent no SELECT"
    return list(dict.fromkeys(statements))  # a statement both ways is explained once


def full_scans(db: Path, statements: list[tuple[str, tuple]]) -> list[str]:
    found = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for sql, parameters in statements:
            for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", parameters):
                detail = row[-1]
                if any(
                    detail.startswith(f"SCAN {table}") and "USING" not in detail for table in LARGE
                ):
                    found.append(f"{detail}  <-  {sql}")
    return found


@pytest.mark.parametrize(
    "query",
    ["spans", "relations", "status", "document_summaries", "document", "queue"],
)
def test_window_queries_use_indexes(populated, db_path: Path, query: str) -> None:
    store, document_id = populated
    calls = {
        "spans": lambda: store.spans(document_id, "ana"),
        "relations": lambda: store.relations(document_id, "ana"),
        "status": lambda: store.status(document_id, "ana"),
        "document_summaries": lambda: store.document_summaries("ana"),
        "document": lambda: store.document(document_id),
        "queue": lambda: store.queue("ana"),
    }
    assert full_scans(db_path, captured(store, calls[query])) == []
