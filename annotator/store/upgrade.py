"""Upgrading an older database to this version with Alembic, on either engine.

Imported only when a database older than the app is opened: opening a current one reads its
version number alone (``migrations``), and Alembic with its dialects costs a few hundred
milliseconds to import. The revisions are in ``store/revisions``; they run inside the caller's
write transaction, so the upgrade commits whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

REVISIONS = Path(__file__).with_name("revisions")


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    # Config values are interpolated ('%' would start a reference): the folder is quoted.
    config.set_main_option("script_location", str(REVISIONS).replace("%", "%%"))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The newest revision, as Alembic finds it among the revision files."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


def upgrade(conn: Connection) -> None:
    """Run the revisions from the database's stamp to the newest, inside ``conn``'s
    transaction (``migrations.upgrade`` stamps a database that has none first)."""
    command.upgrade(_config(conn), "head")
