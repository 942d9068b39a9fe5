"""Version 2: the change log is append-only (triggers refuse UPDATE and DELETE)."""

from __future__ import annotations

from alembic import op

revision = "v2"
down_revision = "v1"

SQLITE = tuple(
    f"CREATE TRIGGER IF NOT EXISTS change_log_no_{verb.lower()} BEFORE {verb} ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
)
POSTGRESQL = (
    "CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'change_log is append-only' USING ERRCODE = '23000'; END $$",
    "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION change_log_append_only()",
)


def upgrade() -> None:
    for statement in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)
