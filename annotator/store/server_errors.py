"""PostgreSQL failures turned into our errors, by SQLSTATE (never by the message's wording).

The same classes as on SQLite: waiting too long for the write lock is ``DatabaseBusyError``, a
refused constraint or a server the user can fix (down, no such database, no login, no
privilege, disk full) is ``UserError`` in one line, and anything else the server reports
about our SQL is a ``BugError``. No message repeats a connection string with a password: the
URLs we accept hold none, and what is printed is the ``ServerUrl``.
"""

from __future__ import annotations

import re

from annotator.errors import BugError, DatabaseBusyError, UserError
from annotator.store.server_url import ServerUrl

# SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_BUSY = frozenset({"55P03", "40001", "40P01", "57014", "53300"})  # lock/serialization/cancel
_DAMAGED = frozenset({"XX001", "XX002"})


def from_driver(exc: BaseException) -> bool:
    """Whether ``exc`` is psycopg's (raised where a query runs on its cursor directly)."""
    return type(exc).__module__.split(".", 1)[0] == "psycopg"


def sqlstate(exc: BaseException) -> str | None:
    original = getattr(exc, "orig", exc)
    state = getattr(original, "sqlstate", None)
    return state if isinstance(state, str) else None


def _detail(exc: BaseException) -> str:
    original = getattr(exc, "orig", exc)
    diagnostic = getattr(original, "diag", None)
    primary = getattr(diagnostic, "message_primary", None)
    text = primary if isinstance(primary, str) and primary else str(original)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200] + "…"


# What a refused write to a table means on a team server (``server_roles``), for refusals the
# server words itself (no privilege, a row-level security check): the table is read from our
# statement, which is locale-independent, else from the server's (English) message.
_RULES = {
    "document": "only the lead adds or changes documents",
    "assignment": "only the lead writes assignments",
    "store_meta": "only the lead changes the label schema",
    "change_log": "the change log is append-only, and each entry carries its writer's name",
    "annotator": "only the lead adds annotators (ask them to run `server add-annotator`)",
    "span": "annotators write only their own spans, on documents assigned to them",
    "relation": "annotators write only their own relations, on documents assigned to them",
    "document_status": "annotators set only their own status, on documents assigned to them",
    "suggestion_outcome": "annotators decide only their own suggestions, on their documents",
}
_WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?(\w+)', re.I)
_NAMED_TABLE = re.compile(r'(?:table|relation) "?(\w+)"?')


def refusal(exc: BaseException, detail: str) -> str:
    """The one-line reason for an insufficient-privilege error (SQLSTATE 42501)."""
    if detail.startswith("permission denied:"):  # raised by our own trigger, already worded
        return detail
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):  # a read refused says so in the server's own words
        found = _WRITTEN_TABLE.match(statement)
    else:
        found = _NAMED_TABLE.search(detail)
    rule = _RULES.get(found.group(1)) if found else None
    return f"permission denied: {rule}" if rule else f"permission denied ({detail})"


def describe(where: ServerUrl, exc: BaseException) -> tuple[type[Exception], str] | None:
    """The error class and line for a failure the user can act on; None for a defect."""
    state = sqlstate(exc)
    detail = _detail(exc)
    if state is None:
        # Refused before reaching the server, so no SQLSTATE: libpq could not connect (no
        # server there, refused, timed out), or psycopg cannot send a value (NUL in text).
        kind = type(getattr(exc, "orig", exc)).__name__
        if kind == "OperationalError":
            return UserError, f"{where}: cannot connect to the server ({detail})"
        if kind == "DataError":
            return UserError, f"{where}: the server refused a value ({detail}); nothing was changed"
        return None
    if state in _BUSY:
        return DatabaseBusyError, (
            f"{where}: the database is busy with another writer; nothing was changed, try again"
        )
    if state.startswith("23"):
        return UserError, f"{where}: change refused by the database: {detail}"
    if state.startswith("08"):
        return UserError, f"{where}: lost the connection to the server ({detail})"
    if state.startswith("28"):
        return UserError, (
            f"{where}: the server refused the login ({detail}); passwords come from "
            "~/.pgpass, PGPASSWORD or a service file"
        )
    if state == "3D000":
        return UserError, f"{where}: no such database on the server; create it with createdb"
    if state == "42501":
        return UserError, f"{where}: {refusal(exc, detail)}; nothing was changed"
    if state == "25006":
        return UserError, f"{where}: database is read-only; nothing was changed"
    if state.startswith("53"):
        return UserError, f"{where}: the server is out of resources ({detail}); nothing was saved"
    if state in _DAMAGED:
        return UserError, f"{where}: the server reports damaged data ({detail})"
    if state.startswith(("57", "58")):
        return UserError, f"{where}: the server stopped the work ({detail}); nothing was saved"
    if state.startswith("22"):
        return UserError, f"{where}: the server refused a value ({detail}); nothing was changed"
    return None


def translate(where: ServerUrl, exc: BaseException) -> Exception:
    found = describe(where, exc)
    if found is None:
        return BugError(f"{where}: unexpected database error: {_detail(exc)}")
    kind, message = found
    return kind(message)
