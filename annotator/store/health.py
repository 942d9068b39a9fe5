"""The checks of ``annotator doctor``: read-only, and safe on a damaged database.

Everything here reads; nothing writes. The database may be damaged (flipped bytes, rows left
behind by an old bug), so the checks trust no column: texts are read as bytes and decoded
here, numbers are type-checked, and a check that SQLite stops half-way (``SQLITE_CORRUPT``)
becomes a problem of its own, after which the next check still runs.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

from annotator.core.model import Status
from annotator.core.schema import LabelSchema, loads_schema
from annotator.errors import UserError
from annotator.store import tables as _tables  # noqa: F401 - declares the tables checked
from annotator.store.rows import name as _name
from annotator.store.rows import rows as _rows
from annotator.store.rows import text as _text
from annotator.store.usage import coverage

MAX_PROBLEMS_PER_CHECK = 1000
"""Problems listed per check; beyond it they are counted in one closing line."""

INTEGRITY_CHECK_ROWS = 1000

CHECKS = (
    "integrity",
    "tables",
    "foreign keys",
    "documents and spans",
    "statuses",
    "orphans",
    "schema coverage",
)

# Tables whose references the "orphans" check explains row by row; foreign_key_check would
# only repeat the same rows less precisely.
_EXPLAINED_TABLES = frozenset({"span", "relation", "document_status"})

# SQLite result codes that mean "the file or the machine", not "our SQL": reported, not raised.
_FILE_ERRORS = frozenset({5, 6, 7, 10, 11, 13, 14, 15, 26})


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the check that found it, where (a row, a span), and what."""

    check: str
    where: str
    message: str

    def line(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.check}: {where}{self.message}"


@dataclass
class HealthReport:
    """Every check's findings; ``counts`` holds the rows seen (documents, spans...)."""

    checks: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not self.problems


# ---- the checks: each yields problems --------------------------------------------------------


def _integrity(conn: Connection) -> Generator[Problem, None, None]:
    for (message,) in _rows(conn, f"PRAGMA integrity_check({INTEGRITY_CHECK_ROWS})"):
        if message != "ok":
            yield Problem("integrity", "", str(message))


def _tables_match(conn: Connection) -> Generator[Problem, None, None]:
    """Every table and column the store declares exists (a flipped byte in SQLite's own
    schema can rename one, and integrity_check does not read that text)."""
    for name, table in SQLModel.metadata.tables.items():
        with closing(_rows(conn, f'PRAGMA table_info("{name}")')) as rows:
            present = {row[1] for row in rows}
        if not present:
            yield Problem("tables", f"table {name}", "is missing")
            continue
        missing = [column.name for column in table.columns if column.name not in present]
        if missing:
            yield Problem("tables", f"table {name}", f"columns missing: {', '.join(missing)}")
        # A flip in a REFERENCES clause leaves the columns but makes SQLite refuse every
        # foreign key check of the table ("foreign key mismatch").
        declared = {
            (key.parent.name, key.column.table.name, key.column.name) for key in table.foreign_keys
        }
        with closing(_rows(conn, f'PRAGMA foreign_key_list("{name}")')) as rows:
            found = {(row[3], row[2], row[4]) for row in rows}
        if found != declared:
            yield Problem("tables", f"table {name}", "its foreign keys are declared differently")


def _statuses(conn: Connection) -> Generator[Problem, None, None]:
    known = {status.value for status in Status}
    sql = "SELECT document_id, annotator_id, CAST(status AS BLOB) FROM document_status"
    with closing(_rows(conn, sql)) as rows:
        for document_id, annotator_id, status in rows:
            if _text(status) not in known:
                where = f"status for document row {document_id}, annotator row {annotator_id}"
                shown = _text(status) or "(unreadable)"
                yield Problem("statuses", where, f"{_clip(shown)} is not a status")


def _foreign_keys(conn: Connection) -> Generator[Problem, None, None]:
    for table, rowid, parent, _ in _rows(conn, "PRAGMA foreign_key_check"):
        if table not in _EXPLAINED_TABLES:
            yield Problem("foreign keys", f"{table} row {rowid}", f"its {parent} row is missing")


# Whether a column holds a JSON object, decided by SQLite's JSON functions (in C: parsing
# every span's attributes in Python doubled the time of the whole check).
_IS_OBJECT = (
    "CASE WHEN typeof({0}) = 'text' AND json_valid({0}) THEN json_type({0}) = 'object' ELSE 0 END"
)
_DOCUMENTS_SQL = (
    "SELECT id, CAST(doc_id AS BLOB), CAST(text AS BLOB), length, CAST(text_sha256 AS BLOB),"
    f" {_IS_OBJECT.format('meta')} FROM document ORDER BY id"
)
_SPANS_SQL = (
    'SELECT id, CAST(uid AS BLOB), document_id, start, "end", CAST(text AS BLOB),'
    f" {_IS_OBJECT.format('attributes')}, CAST(label AS BLOB) FROM span"
    " ORDER BY document_id, id"
)


def _document_problems(row: tuple[Any, ...]) -> tuple[str | None, list[Problem]]:
    """A document's text (None if unreadable) and what is wrong with the row."""
    rowid, doc_id, raw, length, sha, meta_is_object = row
    where = f"document {_name(doc_id, f'row {rowid}')}"
    text = _text(raw)
    if text is None:
        what = "missing" if raw is None else "not valid UTF-8"
        return None, [Problem("documents", where, f"text is {what}")]
    problems = []
    if not meta_is_object:
        problems.append(Problem("documents", where, "meta is not a JSON object"))
    if "\x00" in text:
        problems.append(Problem("documents", where, "text holds a NUL character"))
    if length != len(text):
        problems.append(Problem("documents", where, f"length {length} but text has {len(text)}"))
    if _text(sha) != hashlib.sha256(raw).hexdigest():
        problems.append(Problem("documents", where, "text_sha256 does not match the text"))
    return text, problems


def _span_problems(row: tuple[Any, ...], text: str) -> Generator[Problem, None, None]:
    rowid, uid, _, start, end, quote_raw, attributes_are_object, label = row
    where = f"span {_name(uid, f'row {rowid}')}"
    if _text(label) is None:
        yield Problem("spans", where, "label is missing or not text")
    if type(start) is not int or type(end) is not int:
        yield Problem("spans", where, f"offsets {start!r}-{end!r} are not whole numbers")
    elif not 0 <= start < end <= len(text):
        yield Problem("spans", where, f"offsets {start}-{end} outside 0-{len(text)} or empty")
    else:
        quote = _text(quote_raw)
        if quote is None:
            yield Problem("spans", where, "text is missing or not valid UTF-8")
        elif quote != text[start:end]:
            yield Problem(
                "spans",
                where,
                f"text {_clip(quote)} differs from the document's text[{start}:{end}] "
                f"{_clip(text[start:end])}",
            )
    if not attributes_are_object:
        yield Problem("spans", where, "attributes are not a JSON object")


def _clip(text: str, limit: int = 40) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def _documents_and_spans(conn: Connection) -> Generator[Problem, None, None]:
    """Both tables in one ordered pass (a merge join): one document's text in memory at a time.
    Spans whose document is missing are left to the orphans check."""
    with closing(_rows(conn, _DOCUMENTS_SQL)) as documents:
        yield from _merge_join(conn, documents)


def _merge_join(
    conn: Connection, documents: Generator[tuple[Any, ...], None, None]
) -> Generator[Problem, None, None]:
    current: tuple[int, str | None] | None = None

    def advance() -> Generator[Problem, None, None]:
        nonlocal current
        row = next(documents, None)
        if row is None:
            current = None
            return
        text, problems = _document_problems(row)
        current = (row[0], text)
        yield from problems

    yield from advance()
    with closing(_rows(conn, _SPANS_SQL)) as spans:
        for row in spans:
            document_id = row[2]
            if type(document_id) is not int:
                continue
            while current is not None and current[0] < document_id:
                yield from advance()
            if current is None or current[0] != document_id or current[1] is None:
                continue
            yield from _span_problems(row, current[1])
    while current is not None:
        yield from advance()


# (query of (uid, row id, the missing or foreign reference), what the row is, the problem)
_ORPHANS: tuple[tuple[str, str, str], ...] = (
    (
        "SELECT CAST(s.uid AS BLOB), s.id, s.document_id FROM span s"
        " LEFT JOIN document d ON d.id = s.document_id WHERE d.id IS NULL",
        "span",
        "its document (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(s.uid AS BLOB), s.id, s.annotator_id FROM span s"
        " LEFT JOIN annotator a ON a.id = s.annotator_id WHERE a.id IS NULL",
        "span",
        "its annotator (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, r.document_id FROM relation r"
        " LEFT JOIN document d ON d.id = r.document_id WHERE d.id IS NULL",
        "relation",
        "its document (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, r.annotator_id FROM relation r"
        " LEFT JOIN annotator a ON a.id = r.annotator_id WHERE a.id IS NULL",
        "relation",
        "its annotator (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, r.from_span_id FROM relation r"
        " LEFT JOIN span s ON s.id = r.from_span_id WHERE s.id IS NULL",
        "relation",
        "its from span (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, r.to_span_id FROM relation r"
        " LEFT JOIN span s ON s.id = r.to_span_id WHERE s.id IS NULL",
        "relation",
        "its to span (row {!r}) does not exist",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, CAST(s.uid AS BLOB) FROM relation r"
        " JOIN span s ON s.id IN (r.from_span_id, r.to_span_id)"
        " WHERE s.document_id IS NOT r.document_id",
        "relation",
        "links span {} of another document",
    ),
    (
        "SELECT CAST(r.uid AS BLOB), r.id, CAST(s.uid AS BLOB) FROM relation r"
        " JOIN span s ON s.id IN (r.from_span_id, r.to_span_id)"
        " WHERE s.annotator_id IS NOT r.annotator_id",
        "relation",
        "links span {} of another annotator",
    ),
    (
        "SELECT NULL, st.document_id, st.document_id FROM document_status st"
        " LEFT JOIN document d ON d.id = st.document_id WHERE d.id IS NULL",
        "status for document",
        "the document does not exist",
    ),
    (
        "SELECT NULL, st.document_id, st.annotator_id FROM document_status st"
        " LEFT JOIN annotator a ON a.id = st.annotator_id WHERE a.id IS NULL",
        "status for document",
        "its annotator (row {!r}) does not exist",
    ),
)


def _orphans(conn: Connection) -> Generator[Problem, None, None]:
    for sql, kind, template in _ORPHANS:
        with closing(_rows(conn, sql)) as rows:
            for uid, rowid, other in rows:
                shown = _name(other, "(unreadable)") if isinstance(other, bytes) else other
                where = f"{kind} {_name(uid, f'row {rowid}')}"
                yield Problem("orphans", where, template.format(shown))


def stored_schema(conn: Connection, source: str) -> LabelSchema:
    """The label schema recorded in the database; ``UserError`` if absent or unreadable."""
    sql = "SELECT CAST(value AS BLOB) FROM store_meta WHERE key = 'label_schema'"
    rows = list(_rows(conn, sql))
    text = _text(rows[0][0]) if rows else None
    if text is None:
        raise UserError(f"{source}: {'not text' if rows else 'no label schema is recorded'}")
    return loads_schema(text, source)


def _recorded_sha256(conn: Connection) -> str | None:
    sql = "SELECT CAST(value AS BLOB) FROM store_meta WHERE key = 'label_schema_sha256'"
    rows = list(_rows(conn, sql))
    return _text(rows[0][0]) if rows else None


def _coverage(conn: Connection) -> Generator[Problem, None, None]:
    try:
        schema = stored_schema(conn, "the stored label schema")
    except UserError as exc:
        yield Problem("schema coverage", "", str(exc))
        return
    recorded = _recorded_sha256(conn)
    if recorded != schema.sha256:
        yield Problem(
            "schema coverage",
            "the stored label schema",
            f"its sha256 {schema.sha256[:12]} is not the recorded {_clip(recorded or '')} "
            "(changed since it was stored)",
        )
    for gap in coverage(conn, schema).ordered():
        why = gap.detail or f"not in schema {schema.id!r} {schema.version}"
        yield Problem(
            "schema coverage", f"{gap.kind} {gap.name}", f"{why}; used by {gap.used_by()}"
        )


def _counts(conn: Connection) -> dict[str, int]:
    counts = {}
    for table in ("document", "annotator", "span", "relation"):
        with closing(_rows(conn, f"SELECT count(*) FROM {table}")) as rows:
            counts[f"{table}s"] = int(next(rows)[0])
    return counts


_RUNNERS: dict[str, Callable[[Connection], Generator[Problem, None, None]]] = {
    "integrity": _integrity,
    "tables": _tables_match,
    "foreign keys": _foreign_keys,
    "documents and spans": _documents_and_spans,
    "statuses": _statuses,
    "orphans": _orphans,
    "schema coverage": _coverage,
}


def _stopped(check: str, exc: sqlite3.Error, *, tables_damaged: bool) -> Problem:
    """A check the database stopped, as a problem; our own SQL errors stay bugs, unless the
    tables check found the tables it relies on damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    ours = isinstance(exc, sqlite3.ProgrammingError | sqlite3.InterfaceError) or (
        code is not None and code & 0xFF not in _FILE_ERRORS
    )
    if ours and not tables_damaged:
        raise exc
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    return Problem(check, "", f"stopped by the database ({name}: {exc})")


def check_database(conn: Connection) -> HealthReport:
    """Run every check in one read transaction; at most ``MAX_PROBLEMS_PER_CHECK`` problems
    are listed per check, the rest counted."""
    report = HealthReport()
    tables_damaged = False
    for name in CHECKS:
        report.checks.append(name)
        listed = extra = 0
        try:
            with closing(_RUNNERS[name](conn)) as problems:
                for problem in problems:
                    if listed < MAX_PROBLEMS_PER_CHECK:
                        report.problems.append(problem)
                        listed += 1
                    else:
                        extra += 1
        except sqlite3.Error as exc:
            report.problems.append(_stopped(name, exc, tables_damaged=tables_damaged))
            listed += 1
        except UnicodeDecodeError as exc:  # SQLite's message quoted a garbled name
            report.problems.append(Problem(name, "", f"stopped by the database (damaged: {exc})"))
            listed += 1
        if extra:
            report.problems.append(Problem(name, "", f"{extra} more problems like these"))
        # A tables check that found damage, or was stopped by it, makes later checks' errors
        # on those tables damage too, not our bugs.
        tables_damaged = tables_damaged or (name == "tables" and listed > 0)
    try:
        report.counts = _counts(conn)
    except sqlite3.Error as exc:
        report.problems.append(_stopped("counts", exc, tables_damaged=tables_damaged))
    return report


__all__ = [
    "CHECKS",
    "HealthReport",
    "Problem",
    "check_database",
    "stored_schema",
]
