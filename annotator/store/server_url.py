"""A PostgreSQL database named by ``--db postgresql://USER@HOST:PORT/DBNAME`` (issue 12).

Passwords never travel in the URL: one there would be in shell histories, process lists and
error messages. libpq finds it itself (``~/.pgpass``, ``PGPASSWORD``, a service file), so a URL
holding one is refused, and what we print of a URL is only user, host, port and database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias
from urllib.parse import parse_qsl, unquote, urlsplit

from annotator import paths
from annotator.core.display import printable
from annotator.errors import UserError

INSTALL_HINT = "pip install 'annotator[server]'"
# Query parameters that may name a password or a file holding secrets of their own choosing;
# anything else libpq knows (sslmode, service, connect_timeout...) is passed through.
_SECRET_PARAMETERS = frozenset({"password"})


@dataclass(frozen=True)
class ServerUrl:
    """Where a server database is; ``str()`` is safe to print (it holds no password)."""

    user: str | None
    host: str | None
    port: int | None
    database: str
    query: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        host = self.host or ""
        if host and ":" in host:  # an IPv6 address
            host = f"[{host}]"
        port = f":{self.port}" if self.port is not None else ""
        return printable(f"postgresql://{user}{host}{port}/{self.database}")


def is_server_url(value: str) -> bool:
    return paths.is_server_url(value)


def location(value: Path | str | ServerUrl) -> Location:
    """A ``ServerUrl`` for a ``postgresql://`` URL, else a file path."""
    if isinstance(value, str) and is_server_url(value):
        return parse(value)
    return value if isinstance(value, ServerUrl) else Path(value)


def parse(value: str) -> ServerUrl:
    """The parts of a ``postgresql://`` URL; a password, or a malformed URL, is refused in
    one line that does not repeat the URL (it may hold the password)."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise UserError(
            "--db: not a valid postgresql:// URL (expected postgresql://USER@HOST:PORT/DBNAME)"
        ) from None
    if parts.password is not None or any(
        key.lower() in _SECRET_PARAMETERS for key, _ in parse_qsl(parts.query)
    ):
        raise UserError(
            "--db: the URL holds a password; refused. Give it through ~/.pgpass, PGPASSWORD or "
            "a service file instead (postgresql://USER@HOST:PORT/DBNAME)"
        )
    if parts.fragment:
        raise UserError("--db: a postgresql:// URL has no '#' part")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise UserError("--db: name the database in the URL (postgresql://USER@HOST:PORT/DBNAME)")
    return ServerUrl(
        user=unquote(parts.username) if parts.username else None,
        host=unquote(parts.hostname) if parts.hostname else None,
        port=port,
        database=database,
        query=tuple(parse_qsl(parts.query)),
    )


# Where a store's data lives: an SQLite file, or a database on a server.
Location: TypeAlias = Path | ServerUrl
