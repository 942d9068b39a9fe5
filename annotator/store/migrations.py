"""Database versioning: ``PRAGMA user_version`` and an ordered list of migrations.

A new database gets the current tables at once. An older one is first copied next to itself
(``<name>.v<N>-backup-<time>.sqlite3``), then migrated step by step in one transaction. A
database written by a newer version of the app is refused, never touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlmodel import SQLModel

from annotator.errors import UserError
from annotator.store import tables

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Migration:
    """Brings a database from ``to_version - 1`` to ``to_version``."""

    to_version: int
    summary: str
    apply: Callable[[Connection], None]


def _create_initial_tables(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)


def _add_append_only_triggers(conn: Connection) -> None:
    for statement in tables.APPEND_ONLY_TRIGGERS:
        conn.exec_driver_sql(statement)


def _add_span_provenance(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE span ADD COLUMN provenance VARCHAR")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "documents, annotators, spans, relations, statuses, change log", _create_initial_tables
    ),
    Migration(2, "make the change log append-only", _add_append_only_triggers),
    Migration(3, "record who agreed on a gold span (span.provenance)", _add_span_provenance),
)
SCHEMA_VERSION = MIGRATIONS[-1].to_version


def check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a database file")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise UserError(f"{path}: not an SQLite database")


def user_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def _table_names(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def backup_copy(path: Path, version: int) -> Path:
    """Copy the database with SQLite's backup API (consistent even with a WAL file)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def prepare(conn: Connection, path: Path) -> bool:
    """Create or migrate the schema inside the caller's write transaction.

    Returns True when the database was new. An older database must be backed up first;
    see ``needs_backup``.
    """
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{path}: written by a newer annotator (database version {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if version == 0:
        existing = _table_names(conn)
        if existing:
            raise UserError(f"{path}: an SQLite database, but not an annotator database")
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return True
    for migration in MIGRATIONS:
        if migration.to_version > version:
            migration.apply(conn)
    conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return False


def needs_backup(engine: Engine) -> int | None:
    """The database's version when it is older than ours (and so must be backed up)."""
    with engine.connect() as conn:
        version = user_version(conn)
        conn.rollback()
    return version if 0 < version < SCHEMA_VERSION else None
