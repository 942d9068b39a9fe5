"""The few places where plain SQL on the driver differs between SQLite and PostgreSQL.

Hot paths run plain SQL on the driver (the expression layer cost more than the queries). It
is written once, with SQLite's ``?`` placeholders, and given to psycopg with ``%s``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult


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


def after_explicit_ids(conn: Connection, table: str) -> None:
    """After rows were inserted with ids of our choosing: on PostgreSQL the table's sequence
    is moved past them (SQLite takes max(id) + 1 by itself)."""
    if on_server(conn):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )
