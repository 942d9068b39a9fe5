"""Version 3: who agreed on a gold span (``span.provenance``, JSON)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v3"
down_revision = "v2"


def upgrade() -> None:
    op.add_column("span", sa.Column("provenance", sa.String()))
