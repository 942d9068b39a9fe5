"""Database versioning: ``PRAGMA user_version`` and an ordered list of migrations.

A new database gets the current tables at once. An older one is first copied next to itself
(``<name>.v<N>-backup-<time>.sqlite3``), then migrated step by step in one transaction. A
database written by a newer version of the app is refused, never touched.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlmodel import SQLModel

from annotator.core.display import printable_path
from annotator.errors import UserError
from annotator.store import tables
from annotator.store.db import connect_readonly, translate

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Migration:
    """Brings a database from ``to_version - 1`` to ``to_version``."""

    to_version: int
    summary: str
    apply: Callable[[Connection], None]


def _add_append_only_triggers(conn: Connection) -> None:
    for statement in tables.APPEND_ONLY_TRIGGERS:
        conn.exec_driver_sql(statement)


def _add_span_provenance(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE span ADD COLUMN provenance VARCHAR")


def _add_span_version(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE span ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


def _index_status_annotator(conn: Connection) -> None:
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_status_annotator ON document_status (annotator_id)"
    )


def _add_suggestion_tables(conn: Connection) -> None:
    # Table.create writes the very DDL a new database gets from create_all.
    tables.SUGGESTION_OUTCOME_TABLE.create(conn)
    tables.SUGGESTION_PATTERN_TABLE.create(conn)


def _add_assignment_table(conn: Connection) -> None:
    tables.ASSIGNMENT_TABLE.create(conn)


# Version 1 (documents, annotators, spans, relations, statuses, change log) is never reached
# by a step: a new database is created whole at the latest version (``prepare``).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "make the change log append-only", _add_append_only_triggers),
    Migration(3, "record who agreed on a gold span (span.provenance)", _add_span_provenance),
    Migration(4, "a version per span: stale edits are refused (span.version)", _add_span_version),
    Migration(5, "index statuses by annotator (the document list)", _index_status_annotator),
    Migration(6, "suggestion outcomes and learned patterns (issue 13)", _add_suggestion_tables),
    Migration(7, "documents assigned to annotators (issue 12)", _add_assignment_table),
)
SCHEMA_VERSION = MIGRATIONS[-1].to_version


def check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise UserError(f"{printable_path(path)}: is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"{printable_path(path)}: cannot read ({exc.strerror})") from None
    if header and header != SQLITE_HEADER:
        raise UserError(f"{printable_path(path)}: not an SQLite database")


def user_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def _table_names(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform; the rename is still atomic
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup_copy(path: Path, version: int) -> Path:
    """Copy the database with SQLite's backup API (consistent even with a WAL file).

    The copy is written under a temporary name and renamed when whole, so a failure (a full
    disk) leaves no partial backup behind and the original untouched."""
    # A copy cut short by a kill or a full disk is never a backup: remove it.
    for leftover in path.parent.glob(f"{glob.escape(path.stem)}.v*-backup-*.partial"):
        leftover.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")
    partial = target.with_name(target.name + ".partial")
    try:
        source = connect_readonly(path)
        try:
            destination = sqlite3.connect(partial)
            try:
                destination.execute("PRAGMA synchronous = FULL")
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _fsync_folder(path.parent)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            f"{printable_path(path)}: cannot back up the database before upgrading it "
            f"({exc}); nothing was changed"
        ) from None
    return target


def prepare(conn: Connection, path: Path) -> bool:
    """Create or migrate the schema inside the caller's write transaction.

    Returns True when the database was new. An older database must be backed up first;
    see ``needs_backup``.
    """
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{printable_path(path)}: written by a newer annotator (database version {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if version == 0:
        existing = _table_names(conn)
        if existing:
            raise UserError(f"{printable_path(path)}: an SQLite database, not an annotator one")
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return True
    if version == SCHEMA_VERSION:
        return False  # setting user_version anyway would rewrite page 1 on every writing open
    for migration in MIGRATIONS:
        if migration.to_version > version:
            migration.apply(conn)
    conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return False


def read_version(path: Path, *, immutable: bool = False) -> int:
    """The database's version, read without writing a byte (a newer one is refused here,
    before any writer has touched the file)."""
    try:
        connection = connect_readonly(path, immutable=immutable)
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            tables = bool(
                connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone()
            )
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise translate(path, exc) from exc
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{printable_path(path)}: written by a newer annotator (database version {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if version == 0 and tables:
        raise UserError(f"{printable_path(path)}: an SQLite database, not an annotator one")
    return version


def migrated_copy_in_memory(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """An older database, copied into memory and migrated there, for read-only commands:
    reading never writes, so the file itself is upgraded only by a writing command."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        source = connect_readonly(path, immutable=immutable)
        try:
            source.backup(memory)
        finally:
            source.close()
    except sqlite3.Error as exc:
        memory.close()
        raise translate(path, exc) from exc
    return memory
