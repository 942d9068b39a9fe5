"""Choosing how to open a database file: read-only, writing, or an older one upgraded.

Reading never writes: a read-only open uses a ``mode=ro`` connection, so the file, its journal
mode and its version stay exactly as they were; an older database is migrated in a copy in
memory. Only a writing open creates a missing database, and it migrates an older one after a
backup. A newer database is refused before anything could write to it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from annotator.core.display import printable_path
from annotator.errors import UserError
from annotator.store import migrations
from annotator.store.db import (
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_READONLY,
    connect_readonly,
    damaged_message,
    make_engine,
    make_memory_engine,
    make_readonly_engine,
    sqlite_code,
    transaction,
)
from annotator.store.server_url import Location


@dataclass
class Opened:
    engine: Engine
    created: bool = False  # a new, empty database: the caller fills in its metadata
    backup_path: Path | None = None
    immutable: bool = False  # read-only media: nobody can change it while we read
    team_role: str | None = None  # on a team server: the connected role, the annotator's name
    team_lead: bool = False  # on a team server: the connected role is the lead's


def _probe(engine: Engine, path: Path) -> None:
    with transaction(engine, path, write=False) as conn:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()


_NO_SHARED_MEMORY = (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL)


def _log_pending(path: Path) -> bool:
    log = path.with_name(path.name + "-wal")
    try:
        return log.stat().st_size > 0
    except FileNotFoundError:
        return False


def _readable_as_is(path: Path) -> bool:
    """Whether the file must be read as immutable: a WAL database on read-only media or a
    full disk cannot create its shared-memory file. No connection has it open then (the file
    would exist), so if no write-ahead log is left to replay, the file alone is the whole
    database and nobody can change it while we read."""
    try:
        probe = connect_readonly(path)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.Error as exc:
        code = sqlite_code(exc)
        return code is not None and code & 0xFF in _NO_SHARED_MEMORY and not _log_pending(path)
    return False


def _open_readonly(path: Path) -> Opened:
    if not path.exists():
        name = printable_path(path)
        raise UserError(
            f"{name}: no database here; create one with `annotator import FILES --db {name}` "
            "or open it in the window"
        )
    immutable = _readable_as_is(path)
    version = migrations.read_version(path, immutable=immutable)
    if version == 0:
        raise UserError(f"{printable_path(path)}: an empty file, not an annotator database")
    if version < migrations.SCHEMA_VERSION:
        memory = migrations.migrated_copy_in_memory(path, immutable=immutable)
        engine = make_memory_engine(memory)
        with transaction(engine, path, write=True) as conn:
            migrations.prepare(conn, path)
        return Opened(engine)
    engine = make_readonly_engine(path, immutable=immutable)
    try:
        _probe(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return Opened(engine, immutable=immutable)


def _open_for_writing(path: Path) -> Opened:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"{printable_path(path.parent)}: cannot create the data folder ({exc.strerror})"
        ) from None
    version = migrations.read_version(path) if path.exists() else 0
    backup = None
    if 0 < version < migrations.SCHEMA_VERSION:
        backup = migrations.backup_copy(path, version)
    engine = make_engine(path)
    try:
        with transaction(engine, path, write=True) as conn:
            created = migrations.prepare(conn, path)
    except BaseException:
        engine.dispose()
        raise
    return Opened(engine, created=created, backup_path=backup)


def open_database(path: Path, *, write: bool) -> Opened:
    migrations.check_file(path)
    try:
        return _open_for_writing(path) if write else _open_readonly(path)
    except UnicodeDecodeError as exc:
        # SQLite quoted a garbled part of its own schema in an error message, which Python
        # then could not decode: the file is damaged.
        raise UserError(damaged_message(path, f"unreadable schema text: {exc.reason}")) from exc


def open_location(location: Location, *, write: bool) -> Opened:
    """An SQLite file (``open_database``) or a database on a server (``server``)."""
    if isinstance(location, Path):
        return open_database(location, write=write)
    # psycopg and its dialect only for a server
    from annotator.store import server, server_roles

    found = server.open_server(location, write=write)
    try:
        with transaction(found.engine, location, write=False) as conn:
            role = server_roles.team_role(conn)
            lead = role is not None and server_roles.is_lead(conn, location.database, role)
    except BaseException:
        found.engine.dispose()
        raise
    return Opened(found.engine, created=found.created, team_role=role, team_lead=lead)


def watch_connection(path: Path, *, immutable: bool) -> sqlite3.Connection | None:
    """A connection kept open to notice other connections' commits (``data_version``)."""
    if immutable:
        return None
    try:
        return connect_readonly(path)
    except sqlite3.Error:
        return None
