"""Version 5: statuses indexed by annotator (the document list reads one annotator's)."""

from __future__ import annotations

from alembic import op

revision = "v5"
down_revision = "v4"


def upgrade() -> None:
    op.create_index("ix_status_annotator", "document_status", ["annotator_id"], if_not_exists=True)
