"""Opening the SQLite database: connections, transactions and error translation.

Two kinds of connection exist. A *writer* uses WAL, full fsync and ``BEGIN IMMEDIATE`` so a
write transaction takes the lock up front and never fails halfway. A *reader* is opened with
``mode=ro`` and ``query_only``: it never writes a byte, never switches the journal mode, and so
works on read-only media and full disks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

# The dialect that create_engine would load on first use, loaded with the store instead: the
# window imports the store before Qt, whose import hook makes every later import slower.
import sqlalchemy.dialects.sqlite  # noqa: F401
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool, StaticPool

from annotator.core.display import printable_path
from annotator.errors import BugError, DatabaseBusyError, UserError
from annotator.store import server_errors
from annotator.store.server_url import Location, ServerUrl

BUSY_TIMEOUT_MS = 5000

# SQLite's primary result codes (https://www.sqlite.org/rescode.html); the extended code's
# low byte is the primary code.
SQLITE_ERROR = 1
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26
SQLITE_READONLY_ROLLBACK = SQLITE_READONLY | (3 << 8)


def sqlite_code(exc: BaseException) -> int | None:
    """The extended SQLite result code of a driver error, unwrapping SQLAlchemy's wrapper."""
    original = getattr(exc, "orig", exc)
    code = getattr(original, "sqlite_errorcode", None)
    return int(code) if isinstance(code, int) else None


def file_uri(path: Path, **parameters: str) -> str:
    """An SQLite URI for ``path``; quoting keeps '?', '#' and '%' in names literal."""
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{quote(str(path.absolute()))}" + (f"?{query}" if query else "")


def connect_readonly(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A raw read-only connection (autocommit; the caller opens transactions)."""
    parameters = {"mode": "ro"}
    if immutable:
        parameters["immutable"] = "1"
    connection = sqlite3.connect(
        file_uri(path, **parameters), uri=True, isolation_level=None, check_same_thread=False
    )
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA query_only = 1")
    return connection


def _install_begin(engine: Engine) -> None:
    # Python's sqlite3 module opens transactions implicitly and late; we emit BEGIN ourselves
    # (IMMEDIATE for writes) so that a write takes the lock before it reads anything.
    # A write may wait less than the default for the lock (a window must not freeze).
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        write = options.get("write", False)
        if write:
            wait_ms = options.get("wait_ms")
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms or BUSY_TIMEOUT_MS)}")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(path: Path) -> Engine:
    """A writing engine: WAL, full fsync, foreign keys and a busy timeout."""

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            file_uri(path, mode="rwc"), uri=True, isolation_level=None, check_same_thread=False
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            connection.close()
            raise UserError(
                f"{printable_path(path)}: cannot use write-ahead logging here (read-only folder?)"
            )
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    _install_begin(engine)
    return engine


def make_readonly_engine(path: Path, *, immutable: bool = False) -> Engine:
    """A reading engine that cannot write, even by accident (``query_only``)."""

    def connect() -> sqlite3.Connection:
        connection = connect_readonly(path, immutable=immutable)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    _install_begin(engine)
    return engine


def make_memory_engine(connection: sqlite3.Connection) -> Engine:
    """An engine over one in-memory connection (an older database migrated in memory)."""
    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
    _install_begin(engine)
    return engine


def newest_backup(path: Path) -> Path | None:
    """The most recent migration backup beside ``path`` (see ``migrations.backup_copy``)."""
    try:
        candidates = list(path.parent.glob(f"{path.stem}.v*-backup-*{path.suffix}"))
    except OSError:
        return None
    return max(candidates, key=lambda p: p.name.rsplit("-backup-", 1)[-1], default=None)


def damaged_message(path: Location, detail: str) -> str:
    if len(detail) > 160:  # SQLite may quote a whole damaged value
        detail = detail[:160] + "…"
    if isinstance(path, ServerUrl):
        return f"{path}: the database holds a value annotator cannot read ({detail})"
    backup = newest_backup(path)
    where = (
        f"the newest backup is {printable_path(backup)}"
        if backup is not None
        else "no backup was found beside it"
    )
    return (
        f"{printable_path(path)}: the database file is damaged ({detail}); run "
        f"`annotator doctor --db {printable_path(path)}` for details; {where}"
    )


def describe_db_error(path: Path, exc: BaseException) -> str | None:
    """A one-line message for a database failure the user can act on, or None for a defect.

    Classified by SQLite's result code, never by the wording of the message."""
    code = sqlite_code(exc)
    original = getattr(exc, "orig", exc)
    detail = str(original)
    name = printable_path(path)
    if code is None:
        # Raised by Python's sqlite3 module itself while decoding a stored value (text that
        # is not UTF-8): the data is damaged.
        if isinstance(original, sqlite3.OperationalError):
            return damaged_message(path, detail)
        return None
    primary = code & 0xFF
    if code == SQLITE_READONLY_ROLLBACK:
        return (
            f"{name}: the database has an unfinished transaction from a crash; open it "
            "with a writing command (import, or the window) to recover it"
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return f"{name}: database is locked by another program; close it and try again"
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged_message(path, detail)
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return f"{name}: database is read-only; nothing was changed"
    if primary == SQLITE_FULL:
        return f"{name}: the disk is full; nothing of this change was saved"
    if primary == SQLITE_IOERR:
        return f"{name}: input/output error ({detail}); nothing of this change was saved"
    if primary == SQLITE_CANTOPEN:
        return f"{name}: cannot open the database file (does the folder exist and is it readable?)"
    if primary == SQLITE_NOMEM:
        return f"{name}: out of memory"
    return None


def translate(path: Path, exc: DBAPIError | sqlite3.Error) -> Exception:
    """The exception to raise instead of a driver error."""
    message = describe_db_error(path, exc)
    if message is not None:
        busy = (sqlite_code(exc) or 0) & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return DatabaseBusyError(message) if busy else UserError(message)
    if (sqlite_code(exc) or 0) & 0xFF == SQLITE_CONSTRAINT:
        detail = getattr(exc, "orig", exc)
        return UserError(f"{printable_path(path)}: change refused by the database: {detail}")
    return BugError(f"{printable_path(path)}: unexpected database error: {exc}")


@contextmanager
def translated_errors(path: Location) -> Iterator[None]:
    """Turn driver failures (locked, corrupt, full, read-only) into ``UserError``; anything
    else the database reports is a defect of ours (``BugError``)."""
    if isinstance(path, ServerUrl):
        try:
            yield
        except DBAPIError as exc:
            raise server_errors.translate(path, exc) from exc
        except Exception as exc:
            # psycopg's own errors, from the reads that run on its cursors (bulk, rows)
            if not server_errors.from_driver(exc):
                raise
            raise server_errors.translate(path, exc) from exc
        return
    try:
        yield
    except DBAPIError as exc:
        raise translate(path, exc) from exc
    except sqlite3.Error as exc:
        raise translate(path, exc) from exc
    except UnicodeDecodeError as exc:  # an error message quoting garbled schema text
        raise UserError(damaged_message(path, f"unreadable text: {exc.reason}")) from exc


@contextmanager
def transaction(
    engine: Engine, path: Location, *, write: bool, wait_ms: int | None = None
) -> Iterator[Connection]:
    """One transaction: committed on success, rolled back on any exception. A write waits
    up to ``wait_ms`` (default ``BUSY_TIMEOUT_MS``) for another connection's lock."""
    with translated_errors(path), engine.connect() as conn:
        conn = conn.execution_options(write=write, wait_ms=wait_ms)
        with conn.begin():
            yield conn
