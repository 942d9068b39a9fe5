"""Version 1: documents, annotators, spans, relations, statuses and the change log.

No release wrote a version-1 file (the first one already wrote version 2); a new database was
created whole. Running the revisions from here up gives what ``create_all`` gives today.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v1"
down_revision: str | None = None


def _text(name: str, *, unique: bool = False, primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False, unique=unique, primary_key=primary_key)


def _integer(name: str, *keys: sa.ForeignKey) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), *keys, nullable=False)


def _document_id() -> sa.Column[int]:
    return _integer("document_id", sa.ForeignKey("document.id", ondelete="CASCADE"))


def _annotator_id() -> sa.Column[int]:
    return _integer("annotator_id", sa.ForeignKey("annotator.id"))


def upgrade() -> None:
    op.create_table("store_meta", _text("key", primary_key=True), _text("value"))
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("doc_id", unique=True),
        _text("title"),
        _text("text"),
        _text("text_sha256", unique=True),
        _integer("length"),
        _text("meta"),
        _text("created_at"),
    )
    op.create_table(
        "annotator", sa.Column("id", sa.Integer(), primary_key=True), _text("name", unique=True)
    )
    op.create_table(
        "span",
        sa.Column("id", sa.Integer(), primary_key=True),
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
    )
    op.create_index("ix_span_document_annotator", "span", ["document_id", "annotator_id"])
    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("uid", unique=True),
        _document_id(),
        _annotator_id(),
        _text("type"),
        _integer("from_span_id", sa.ForeignKey("span.id", ondelete="CASCADE")),
        _integer("to_span_id", sa.ForeignKey("span.id", ondelete="CASCADE")),
    )
    op.create_index("ix_relation_document_annotator", "relation", ["document_id", "annotator_id"])
    op.create_table(
        "document_status",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotator.id"), primary_key=True),
        _text("status"),
        _text("updated_at"),
    )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("at"),
        _text("annotator"),
        _text("action"),
        sa.Column("document_id", sa.Integer()),
        sa.Column("entity_uid", sa.String()),
        sa.Column("before", sa.String()),
        sa.Column("after", sa.String()),
    )
    op.create_index("ix_change_log_document_id", "change_log", ["document_id"])
