"""The SQLite tables, declared with SQLAlchemy Core.

The store builds explicit statements (compare-and-swap updates, batched inserts) on these
typed ``Table`` handles, never ORM sessions. (sqlmodel declared them until its import, with
pydantic's, was found to cost a fifth of the window's start-up; the DDL is unchanged.)

JSON-valued columns (meta, attributes, change before/after) are stored as TEXT holding compact
JSON; SQLite's JSON1 functions can still query them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, Column, ForeignKey, Index, Integer, MetaData, String, Table, event
from sqlalchemy import text as sql_text

metadata = MetaData()
"""Every table the store declares: created on a new database, checked by ``doctor``."""


def _text(name: str, *, nullable: bool = False, **options: Any) -> Column[str]:
    return Column(name, String, nullable=nullable, **options)


def _integer(name: str, *args: Any, nullable: bool = False, **options: Any) -> Column[int]:
    return Column(name, Integer, *args, nullable=nullable, **options)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _document_id(**options: Any) -> Column[int]:
    return _integer("document_id", ForeignKey("document.id", ondelete="CASCADE"), **options)


def _annotator_id(**options: Any) -> Column[int]:
    return _integer("annotator_id", ForeignKey("annotator.id"), **options)


# Key/value facts about the database itself (label schema in use, creation time).
META_TABLE = Table("store_meta", metadata, Column("key", String, primary_key=True), _text("value"))

DOCUMENT_TABLE = Table(
    "document",
    metadata,
    _id(),
    _text("doc_id", unique=True),
    _text("title"),
    _text("text"),
    _text("text_sha256", unique=True),
    _integer("length"),
    _text("meta"),
    _text("created_at"),
)

ANNOTATOR_TABLE = Table("annotator", metadata, _id(), _text("name", unique=True))

SPAN_TABLE = Table(
    "span",
    metadata,
    _id(),
    _text("uid", unique=True),
    _document_id(),
    _annotator_id(),
    _text("label"),
    _integer("start"),
    _integer("end"),
    _text("text"),
    _text("attributes"),
    _text("note"),
    _text("created_at"),
    _text("updated_at"),
    _text("provenance", nullable=True),  # JSON, gold spans only (database version 3)
    # Bumped by every update; an edit based on an older version is refused (version 4).
    _integer("version", server_default=sql_text("1")),
    Index("ix_span_document_annotator", "document_id", "annotator_id"),
)

RELATION_TABLE = Table(
    "relation",
    metadata,
    _id(),
    _text("uid", unique=True),
    _document_id(),
    _annotator_id(),
    _text("type"),
    _integer("from_span_id", ForeignKey("span.id", ondelete="CASCADE")),
    _integer("to_span_id", ForeignKey("span.id", ondelete="CASCADE")),
    Index("ix_relation_document_annotator", "document_id", "annotator_id"),
)

# An annotator's status on a document; no row means ``todo``.
STATUS_TABLE = Table(
    "document_status",
    metadata,
    _document_id(primary_key=True),
    _annotator_id(primary_key=True),
    _text("status"),
    _text("updated_at"),
    # The document list asks for one annotator's statuses over every document (version 5).
    Index("ix_status_annotator", "annotator_id"),
)

# The audit trail: append-only (triggers refuse UPDATE and DELETE).
CHANGE_TABLE = Table(
    "change_log",
    metadata,
    _id(),
    _text("at"),
    _text("annotator"),
    _text("action"),
    _integer("document_id", nullable=True, index=True),
    _text("entity_uid", nullable=True),
    _text("before", nullable=True),
    _text("after", nullable=True),
)

APPEND_ONLY_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS change_log_no_update BEFORE UPDATE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS change_log_no_delete BEFORE DELETE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END",
)

for _statement in APPEND_ONLY_TRIGGERS:
    event.listen(CHANGE_TABLE, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
