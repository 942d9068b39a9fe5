"""Raw reads for the checks of a possibly damaged database: rows straight from the driver on
the caller's connection and transaction, with texts read as bytes and decoded here, so that one
byte that is not UTF-8 spoils one value, not the whole query.

The SQL is SQLite's; on PostgreSQL (which stores only valid text) ``CAST(x AS BLOB)`` becomes
``convert_to(x, 'UTF8')`` and ``IS NOT`` becomes ``IS DISTINCT FROM``."""

from __future__ import annotations

import json
import re
from collections.abc import Generator
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from annotator.store.dialect import driver, driver_sql, on_server

Rows = Generator[tuple[Any, ...], None, None]


_AS_BLOB = re.compile(r"CAST\(([\w.]+) AS BLOB\)")


@lru_cache(maxsize=64)
def server_sql(sql: str) -> str:
    return _AS_BLOB.sub(r"convert_to(\1, 'UTF8')", sql).replace(" IS NOT ", " IS DISTINCT FROM ")


def rows(conn: Connection, sql: str, parameters: tuple[Any, ...] = ()) -> Rows:
    """The rows of ``sql`` as plain tuples (close the generator, or exhaust it)."""
    if on_server(conn):
        sql = driver_sql(conn, server_sql(sql))
    cursor = driver(conn).cursor()
    try:
        cursor.execute(sql, parameters)
        yield from cursor
    finally:
        cursor.close()


def text(value: object) -> str | None:
    """A column read as a blob (``CAST(x AS BLOB)``), decoded; None when NULL or not UTF-8."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def name(value: object, fallback: str) -> str:
    """An id column for a message: its text, or ``fallback`` when it is unreadable."""
    found = text(value)
    return found if found else fallback


def json_object(raw: object) -> dict[str, Any] | None:
    """A column holding a JSON object, parsed; None when it holds anything else."""
    found = text(raw)
    if found is None:
        return None
    try:
        value = json.loads(found)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
