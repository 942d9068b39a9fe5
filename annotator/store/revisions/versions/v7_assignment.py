"""Version 7: documents assigned to annotators (issue 12)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v7"
down_revision = "v6"


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("annotator_id", sa.Integer(), sa.ForeignKey("annotator.id"), primary_key=True),
        sa.Column("assigned_at", sa.String(), nullable=False),
    )
    op.create_index("ix_assignment_annotator", "assignment", ["annotator_id"])
