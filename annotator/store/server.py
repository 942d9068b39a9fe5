"""Opening a database on a PostgreSQL server: the engine, transactions, the version marker.

The store was written for SQLite's guarantees, and the server is made to give the same:

- A write transaction takes one transaction-level advisory lock first, as ``BEGIN IMMEDIATE``
  takes SQLite's write lock: writers run one at a time, so a version check and the write it
  guards, or ``max(id) + 1`` and the insert, cannot interleave with another writer. It waits
  ``wait_ms`` (``lock_timeout``) and is then refused as busy, as on SQLite.
- A read transaction is ``REPEATABLE READ READ ONLY``: one snapshot for all its queries (as a
  WAL reader has), and the server refuses any write in it. A read-only store's every
  transaction is read-only, so reading never writes.
- A write transaction that appended to the change log sends ``NOTIFY`` as it commits (on
  ``changelog.CHANNEL``, no payload: the change log says what changed), so windows waiting on
  ``LISTEN`` hear it at once (``watch``). A rolled-back transaction notifies nobody.
- The schema version lives in a one-row table, ``annotator_schema_version``, which
  ``user_version`` holds on SQLite, beside Alembic's stamp (``migrations``). A new database
  gets the tables from the same metadata. A writing open upgrades an older one with the same
  revisions as SQLite, in its one transaction (PostgreSQL's DDL is transactional) and under
  the writers' lock, so two apps opening it at once upgrade it once. A newer one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlmodel import SQLModel

from annotator.errors import UserError
from annotator.store import changelog, migrations
from annotator.store import tables as _tables  # noqa: F401 - declares the tables created
from annotator.store.db import BUSY_TIMEOUT_MS, transaction
from annotator.store.server_url import INSTALL_HINT, ServerUrl

if TYPE_CHECKING:
    import psycopg

VERSION_TABLE = "annotator_schema_version"
# The key of the advisory lock every write transaction holds ("anno" "tatr" in ASCII).
WRITE_LOCK_KEY = 0x616E6E6F74617472
CONNECT_TIMEOUT_S = 10
KEEPALIVES = {"keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def check_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise UserError(f"PostgreSQL databases need the psycopg driver: {INSTALL_HINT}") from None


def _install_transactions(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.info.pop(changelog.LOGGED, None)  # info outlives the transaction (pooled)
        options = conn.get_execution_options()
        if options.get("write", False) and not read_only:
            wait_ms = int(options.get("wait_ms") or BUSY_TIMEOUT_MS)
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    @event.listens_for(engine, "commit")
    def _on_commit(conn: Connection) -> None:
        # Runs just before the commit, inside the transaction: the notification is delivered
        # with the commit. Sent here rather than where rows are logged, so that a savepoint
        # rolled back (an import's bad file) cannot take the announcement with it. On the
        # driver's connection: SQLAlchemy's is between states during its commit.
        if conn.info.pop(changelog.LOGGED, False):
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute(f"NOTIFY {changelog.CHANNEL}")


def _query(where: ServerUrl) -> dict[str, str]:
    query = dict(where.query)
    # libpq waits for ever on a server that drops packets: a window or command would hang.
    query.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    return query


def make_server_engine(where: ServerUrl, *, read_only: bool) -> Engine:
    check_driver()
    query = _query(where)
    url = URL.create(
        "postgresql+psycopg",
        username=where.user,
        host=where.host,
        port=where.port,
        database=where.database,
        query=query,
    )
    # No pool_pre_ping (a round trip per transaction): a connection the server dropped fails
    # once, in one line, and SQLAlchemy's pool replaces it.
    engine = create_engine(url, connect_args={"application_name": "annotator"})
    _install_transactions(engine, read_only=read_only)
    return engine


def listen_connection(where: ServerUrl) -> psycopg.Connection[tuple[object, ...]]:
    """A connection of its own for ``LISTEN`` (``listen``): autocommit, so it never holds a
    transaction open, and TCP keepalives, so a server gone silent is noticed in about a
    minute rather than hours."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    parameters: dict[str, str | int | None] = {
        "user": where.user,
        "host": where.host,
        "port": where.port,
        "dbname": where.database,
        "application_name": "annotator watch",
        **KEEPALIVES,
        **_query(where),
    }
    return psycopg.connect(make_conninfo("", **parameters), autocommit=True)


def _version(conn: Connection) -> int | None:
    """The stored schema version, or None when the marker table does not exist."""
    exists = conn.exec_driver_sql(f"SELECT to_regclass('{VERSION_TABLE}')").scalar()
    if exists is None:
        return None
    return int(conn.exec_driver_sql(f"SELECT max(version) FROM {VERSION_TABLE}").scalar() or 0)


def _has_our_tables(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT to_regclass('document')").scalar() is not None


def _check_version(where: ServerUrl, version: int, *, write: bool) -> None:
    if version > migrations.SCHEMA_VERSION:
        raise UserError(migrations.newer_message(str(where), version))
    if version < migrations.SCHEMA_VERSION and not write:
        raise UserError(
            f"{where}: database version {version} is older than this annotator's "
            f"({migrations.SCHEMA_VERSION}); a writing command (import, or the window) "
            "upgrades it"
        )


def prepare_schema(conn: Connection, where: ServerUrl, *, write: bool) -> bool:
    """Inside the caller's transaction (a write one holds the writers' lock): with ``write``,
    create the schema in an empty database or upgrade an older one; refuse a database that
    is not an annotator one, or newer. True when the schema was created."""
    version = _version(conn)
    if version is None and _has_our_tables(conn):
        raise UserError(f"{where}: holds tables of its own, not an annotator database")
    if version is None and not write:
        raise UserError(
            f"{where}: no annotator database here; create one with "
            f"`annotator import FILES --db {where}`"
        )
    if version is None:
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(f"CREATE TABLE {VERSION_TABLE} (version integer NOT NULL)")
        conn.exec_driver_sql(
            f"INSERT INTO {VERSION_TABLE} (version) VALUES ({migrations.SCHEMA_VERSION})"
        )
        migrations.stamp(conn, migrations.SCHEMA_VERSION)
        return True
    _check_version(where, version, write=write)
    if version < migrations.SCHEMA_VERSION:
        if not _owns_tables(conn):
            raise UserError(
                f"{where}: database version {version} is older than this annotator's "
                f"({migrations.SCHEMA_VERSION}) and only its owner can upgrade it: run "
                "`annotator server init` again as the owner"
            )
        migrations.upgrade(conn, version, str(where))
        conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version = {migrations.SCHEMA_VERSION}")
    return False


def _owns_tables(conn: Connection) -> bool:
    """Whether the connected role may change the tables (their owner, or a superuser): on a
    team server the lead and the annotators may not, and `server init` grants the new ones."""
    return bool(
        conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'document'"
        ).scalar()
    )


@dataclass
class ServerOpened:
    engine: Engine
    created: bool


def open_server(where: ServerUrl, *, write: bool) -> ServerOpened:
    """Connect, and with ``write`` create or upgrade the schema (``prepare_schema``)."""
    engine = make_server_engine(where, read_only=not write)
    try:
        with transaction(engine, where, write=write) as conn:
            created = prepare_schema(conn, where, write=write)
        return ServerOpened(engine, created=created)
    except BaseException:
        engine.dispose()
        raise
