"""Version 6: suggestion outcomes and learned patterns (issue 13)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v6"
down_revision = "v5"


def upgrade() -> None:
    op.create_table(
        "suggestion_outcome",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotator.id"), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("attributes", sa.String(), nullable=False),
        sa.Column("suggester", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("decided_at", sa.String(), nullable=False),
        sa.UniqueConstraint(
            "document_id", "annotator_id", "label", "start", "end", name="uq_suggestion_outcome"
        ),
    )
    op.create_table(
        "suggestion_pattern",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("attributes", sa.String(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.UniqueConstraint("label", "text", name="uq_suggestion_pattern"),
    )
