"""The SQLite tables, declared with sqlmodel.

JSON-valued columns (meta, attributes, change before/after) are stored as TEXT holding compact
JSON; SQLite's JSON1 functions can still query them.
"""

from __future__ import annotations

from sqlalchemy import DDL, Index, Table, UniqueConstraint, event
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel


class StoreMeta(SQLModel, table=True):
    """Key/value facts about the database itself (label schema in use, creation time)."""

    __tablename__ = "store_meta"
    key: str = Field(primary_key=True)
    value: str


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    doc_id: str = Field(unique=True)
    title: str = ""
    text: str
    text_sha256: str = Field(unique=True)
    length: int
    meta: str = "{}"
    created_at: str


class AnnotatorRow(SQLModel, table=True):
    __tablename__ = "annotator"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class SpanRow(SQLModel, table=True):
    __tablename__ = "span"
    __table_args__ = (Index("ix_span_document_annotator", "document_id", "annotator_id"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotator.id")
    label: str
    start: int
    end: int
    text: str
    attributes: str = "{}"
    note: str = ""
    created_at: str
    updated_at: str
    provenance: str | None = None  # JSON, gold spans only (added in database version 3)
    # Bumped by every update; an edit based on an older version is refused (version 4).
    version: int = Field(default=1, sa_column_kwargs={"server_default": sql_text("1")})


class RelationRow(SQLModel, table=True):
    __tablename__ = "relation"
    __table_args__ = (Index("ix_relation_document_annotator", "document_id", "annotator_id"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotator.id")
    type: str
    from_span_id: int = Field(foreign_key="span.id", ondelete="CASCADE")
    to_span_id: int = Field(foreign_key="span.id", ondelete="CASCADE")


class StatusRow(SQLModel, table=True):
    """An annotator's status on a document; no row means ``todo``."""

    __tablename__ = "document_status"
    # The document list asks for one annotator's statuses over every document (version 5).
    __table_args__ = (Index("ix_status_annotator", "annotator_id"),)
    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotator.id", primary_key=True)
    status: str
    updated_at: str


class AssignmentRow(SQLModel, table=True):
    """A document handed to an annotator (issue 12, version 7). No rows at all means nothing
    was assigned: every annotator sees every document, as before."""

    __tablename__ = "assignment"
    # An annotator's queue is read by annotator; the primary key serves a document's readers.
    __table_args__ = (Index("ix_assignment_annotator", "annotator_id"),)
    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotator.id", primary_key=True)
    assigned_at: str


class ChangeRow(SQLModel, table=True):
    """The audit trail: append-only (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "change_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    annotator: str
    action: str
    document_id: int | None = Field(default=None, index=True)
    entity_uid: str | None = None
    before: str | None = None
    after: str | None = None


class SuggestionOutcomeRow(SQLModel, table=True):
    """An annotator's decision on one suggestion (issue 13, version 6). Suggestions are never
    spans: this row is all that is kept of one, and a rejected one is never proposed again."""

    __tablename__ = "suggestion_outcome"
    __table_args__ = (
        UniqueConstraint(
            "document_id", "annotator_id", "label", "start", "end", name="uq_suggestion_outcome"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    annotator_id: int = Field(foreign_key="annotator.id")
    label: str
    start: int
    end: int
    text: str
    attributes: str = "{}"  # JSON: what the suggestion would have filled in
    suggester: str
    score: float
    outcome: str  # 'accepted' or 'rejected'
    decided_at: str


class SuggestionPatternRow(SQLModel, table=True):
    """A learned pattern with its accept/reject tally (version 6). Span texts are patterns
    too without a row; a row exists once a suggestion of its text was decided or imported."""

    __tablename__ = "suggestion_pattern"
    __table_args__ = (UniqueConstraint("label", "text", name="uq_suggestion_pattern"),)
    id: int | None = Field(default=None, primary_key=True)
    label: str
    text: str
    attributes: str = "{}"
    accepted: int = 0
    rejected: int = 0


APPEND_ONLY_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS change_log_no_update BEFORE UPDATE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS change_log_no_delete BEFORE DELETE ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END",
)

# The tables as SQLAlchemy Core sees them. Statements are built on these (typed) handles:
# the store writes explicit statements (compare-and-swap updates, batched inserts) rather than
# going through ORM sessions.
META_TABLE: Table = SQLModel.metadata.tables["store_meta"]
DOCUMENT_TABLE: Table = SQLModel.metadata.tables["document"]
ANNOTATOR_TABLE: Table = SQLModel.metadata.tables["annotator"]
SPAN_TABLE: Table = SQLModel.metadata.tables["span"]
RELATION_TABLE: Table = SQLModel.metadata.tables["relation"]
STATUS_TABLE: Table = SQLModel.metadata.tables["document_status"]
CHANGE_TABLE: Table = SQLModel.metadata.tables["change_log"]
ASSIGNMENT_TABLE: Table = SQLModel.metadata.tables["assignment"]
SUGGESTION_OUTCOME_TABLE: Table = SQLModel.metadata.tables["suggestion_outcome"]
SUGGESTION_PATTERN_TABLE: Table = SQLModel.metadata.tables["suggestion_pattern"]

# The same refusal on PostgreSQL: one trigger function, fired before any UPDATE or DELETE.
SERVER_APPEND_ONLY = (
    "CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'change_log is append-only' USING ERRCODE = '23000'; END $$",
    "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION change_log_append_only()",
)

for _statement in APPEND_ONLY_TRIGGERS:
    _ddl = DDL(_statement).execute_if(dialect="sqlite")  # type: ignore[no-untyped-call]
    event.listen(CHANGE_TABLE, "after_create", _ddl)
for _statement in SERVER_APPEND_ONLY:
    _ddl = DDL(_statement).execute_if(dialect="postgresql")  # type: ignore[no-untyped-call]
    event.listen(CHANGE_TABLE, "after_create", _ddl)
