"""The few places where plain SQL on the driver differs between SQLite and PostgreSQL.

Hot paths run plain SQL on the driver (the expression layer cost more than the queries). It
is written once, with SQLite's ``?`` placeholders, and given to psycopg with ``%s``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult

from annotator.errors import BugError


def on_server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


@lru_cache(maxsize=256)
def _format_style(sql: str) -> str:
    # None of our statements holds a '?' or a '%' of its own (in a string literal).
    return sql.replace("?", "%s")


def driver_sql(conn: Connection, sql: str) -> str:
    """``sql`` in the placeholder style of ``conn``'s driver."""
    return _format_style(sql) if on_server(conn) else sql


def run(
    conn: Connection,
    sql: str,
    parameters: Sequence[Any] | Sequence[Sequence[Any]] = (),
) -> CursorResult[Any]:
    """``exec_driver_sql`` with ``?`` placeholders on either engine; a list of tuples runs
    the statement once per tuple (executemany)."""
    if not parameters:
        return conn.exec_driver_sql(driver_sql(conn, sql))
    return conn.exec_driver_sql(driver_sql(conn, sql), parameters)


def driver(conn: Connection) -> Any:
    """The driver's own connection under ``conn`` (sqlite3 or psycopg), same transaction."""
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw


def driver_rows(conn: Connection, sql: str, parameters: Sequence[Any] = ()) -> Any:
    """Rows of ``sql`` (with ``?`` placeholders) straight from the driver, as plain tuples."""
    return driver(conn).execute(driver_sql(conn, sql), tuple(parameters))


def reserve_ids(conn: Connection, table: str, count: int) -> int:
    """The first of ``count`` consecutive free ids of ``table``, for rows inserted with ids of
    our choosing; the caller holds the write lock.

    SQLite takes ``max(id) + 1``. PostgreSQL draws them from the table's sequence: under
    row-level security (``server_roles``) an annotator's ``max(id)`` misses other people's
    rows, while a sequence is one counter for everyone. Writers run one at a time there (the
    write lock), so the values drawn are consecutive."""
    if not on_server(conn):
        found = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        return int(found.scalar_one())
    if count <= 0:
        return 0
    first, last = conn.exec_driver_sql(
        f"SELECT min(v), max(v) FROM (SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
        f"AS v FROM generate_series(1, {int(count)})) AS drawn"
    ).one()
    if int(last) - int(first) + 1 != count:
        raise BugError(f"{table}: ids drawn from its sequence are not consecutive")
    return int(first)
