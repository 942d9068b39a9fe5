"""Database versions: the number every open reads, and the stamp of Alembic's history.

SQLite keeps the version in ``PRAGMA user_version`` (PostgreSQL in a one-row table, see
``server``): reading it costs nothing, so opening a current database never imports Alembic.
The same number is also recorded as a revision id ("v7") in Alembic's ``alembic_version``
table, so the revision history (``store/revisions``, run by ``store/upgrade``) knows where a
database stands; both are written in the same transaction and stay in step.

A new database gets the current tables at once and is stamped at the newest revision. An
older one is first copied next to itself (``<name>.v<N>-backup-<time>.sqlite3``), then
upgraded revision by revision in one transaction. A database written by a newer version of the
app is refused, never touched.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlmodel import SQLModel

from annotator.core.display import printable_path
from annotator.errors import UserError
from annotator.store import tables as _tables  # noqa: F401 - declares the tables created
from annotator.store.db import connect_readonly, translate
from annotator.store.dialect import on_server

SQLITE_HEADER = b"SQLite format 3\x00"

# The newest database version: the newest revision is "v7" (a test holds the two in step).
SCHEMA_VERSION = 7
REVISION_TABLE = "alembic_version"


def revision_id(version: int) -> str:
    return f"v{version}"


def newer_message(where: str, version: int) -> str:
    return (
        f"{where}: written by a newer annotator (database version {version}; this version "
        f"reads up to {SCHEMA_VERSION}). Update annotator to open it."
    )


def stamped(conn: Connection) -> bool:
    """Whether the database records its revision (databases made before Alembic do not)."""
    if on_server(conn):
        sql = f"SELECT to_regclass('{REVISION_TABLE}')"
    else:
        sql = f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{REVISION_TABLE}'"
    return conn.exec_driver_sql(sql).scalar() is not None


def stored_revision(conn: Connection) -> str | None:
    if not stamped(conn):
        return None
    return conn.exec_driver_sql(f"SELECT max(version_num) FROM {REVISION_TABLE}").scalar()


def upgrade(conn: Connection, version: int, where: str) -> None:
    """Bring a database of ``version`` to the newest inside ``conn``'s write transaction.

    One made before this app used Alembic is stamped at ``version`` first; one whose stamp
    disagrees with ``version`` is refused (which revisions it lacks is unknown)."""
    current = stored_revision(conn)
    if current is None:
        stamp(conn, version)
    elif current != revision_id(version):
        raise UserError(
            f"{where}: its version marks disagree (database version {version}, revision "
            f"{current}); nothing was changed"
        )
    from annotator.store import upgrade  # Alembic, only for an older database

    upgrade.upgrade(conn)


def stamp(conn: Connection, version: int) -> None:
    """Record ``version`` as Alembic does (its table, as Alembic creates it), without
    importing Alembic: a new database is stamped on the way to the first window."""
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {REVISION_TABLE} (version_num VARCHAR(32) NOT NULL, "
        f"CONSTRAINT {REVISION_TABLE}_pkc PRIMARY KEY (version_num))"
    )
    conn.exec_driver_sql(f"DELETE FROM {REVISION_TABLE}")
    conn.exec_driver_sql(
        f"INSERT INTO {REVISION_TABLE} (version_num) VALUES ('{revision_id(version)}')"
    )


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
    """Create, stamp or upgrade the schema inside the caller's write transaction.

    Returns True when the database was new. An older database must be backed up first
    (``backup_copy``); a current one made before Alembic is stamped, once.
    """
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise UserError(newer_message(printable_path(path), version))
    if version == 0:
        existing = _table_names(conn)
        if existing:
            raise UserError(f"{printable_path(path)}: an SQLite database, not an annotator one")
        SQLModel.metadata.create_all(conn)
        stamp(conn, SCHEMA_VERSION)
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return True
    if version < SCHEMA_VERSION:
        upgrade(conn, version, printable_path(path))
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    elif not stamped(conn):
        # Setting user_version again would rewrite page 1 on every writing open: only this.
        stamp(conn, SCHEMA_VERSION)
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
        raise UserError(newer_message(printable_path(path), version))
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
