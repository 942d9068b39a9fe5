"""Opening the SQLite database: pragmas, transactions, versioning and error translation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from annotator.errors import UserError

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path) -> Engine:
    """An engine whose connections use WAL, full fsync, foreign keys and a busy timeout.

    Python's sqlite3 module opens transactions implicitly and late; we turn that off and emit
    BEGIN ourselves (IMMEDIATE for writes) so that a write transaction takes the lock up front
    and never fails halfway with "database is locked".
    """
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise UserError(f"{path}: cannot use write-ahead logging here (read-only folder?)")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def describe_db_error(path: Path, exc: BaseException) -> str:
    """A one-line message for a database failure the user can act on."""
    message = str(getattr(exc, "orig", exc))
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: database is locked by another program; close it and try again"
    if "not a database" in lowered or "malformed" in lowered:
        return f"{path}: not an annotator database, or the file is damaged ({message})"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: database is read-only"
    if "disk" in lowered and "full" in lowered:
        return f"{path}: the disk is full"
    if "unable to open" in lowered:
        return f"{path}: cannot open the database file (does the folder exist and is it writable?)"
    return f"{path}: database error: {message}"


@contextmanager
def translated_errors(path: Path) -> Iterator[None]:
    """Turn operational SQLite failures (locked, corrupt, full) into ``UserError``."""
    try:
        yield
    except DBAPIError as exc:
        if isinstance(exc.orig, sqlite3.OperationalError | sqlite3.DatabaseError) and not (
            isinstance(exc.orig, sqlite3.IntegrityError)
        ):
            raise UserError(describe_db_error(path, exc)) from exc
        raise


@contextmanager
def transaction(engine: Engine, path: Path, *, write: bool) -> Iterator[Connection]:
    """One transaction: committed on success, rolled back on any exception."""
    with translated_errors(path), engine.connect() as conn:
        conn = conn.execution_options(write=write)
        with conn.begin():
            yield conn
