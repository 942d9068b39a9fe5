"""Version 4: a version per span, so that an edit based on stale data is refused."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v4"
down_revision = "v3"


def upgrade() -> None:
    op.add_column(
        "span",
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )
