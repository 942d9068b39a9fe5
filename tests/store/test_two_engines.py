"""What each engine does its own way, checked on both: the append-only change log, waiting
for another writer, the version marker, explicit ids, JSON look-ups; and the server URL."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import Span, Status
from annotator.core.records import NewAnnotationSet, NewSpan
from annotator.errors import BugError, DatabaseBusyError, UserError
from annotator.io.importers import import_paths
from annotator.store import Store
from annotator.store.db import translated_errors
from annotator.store.migrations import SCHEMA_VERSION
from annotator.store.server import VERSION_TABLE, WRITE_LOCK_KEY
from annotator.store.server_url import parse
from tests.conftest import FIXTURES, REPO
from tests.helpers import new_document, span_over

TEXT = "Baku says 📍 Kəlbəcər was shelled; Yerevan denies it."


@contextmanager
def raw_connection(db: Path | str) -> Iterator[Any]:
    """A connection of the engine's own driver, autocommit, outside the store."""
    if isinstance(db, Path):
        connection = sqlite3.connect(db, isolation_level=None)
    else:
        import psycopg

        connection = psycopg.connect(db, autocommit=True)
    try:
        yield connection
    finally:
        connection.close()


def test_change_log_is_append_only(store: Store, db: Path | str) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    with raw_connection(db) as raw:
        for statement in ("DELETE FROM change_log", "UPDATE change_log SET annotator = 'mallory'"):
            with pytest.raises(Exception, match="append-only"):
                raw.execute(statement)
    assert [change.action for change in store.changes()] == ["documents.import"]


@contextmanager
def writer_holding_the_lock(db: Path | str) -> Iterator[None]:
    """Another program in the middle of a write transaction."""
    with raw_connection(db) as raw:
        if isinstance(db, Path):
            raw.execute("BEGIN IMMEDIATE")
        else:
            raw.execute("BEGIN")
            raw.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        try:
            yield
        finally:
            raw.execute("ROLLBACK")


def test_a_write_waits_for_another_writer_then_is_refused_as_busy(
    store: Store, db: Path | str
) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    document = store.list_documents()[0].id
    store.write_wait_ms = 50
    with writer_holding_the_lock(db):
        assert store.document_count() == 1  # reading does not wait
        with pytest.raises(DatabaseBusyError):
            store.add_span(span_over(TEXT, "Kəlbəcər", document_id=document))
        assert store.spans(document) == []
    stored = store.add_span(span_over(TEXT, "Kəlbəcər", document_id=document))
    assert store.spans(document) == [stored]


def test_ids_taken_by_an_import_are_not_given_again(store: Store) -> None:
    """Annotation sets are stored with ids of our choosing; a span added afterwards gets the
    next one (on PostgreSQL the sequence is moved past them)."""
    start = TEXT.index("Kəlbəcər")
    work = NewAnnotationSet(
        annotator="ana",
        status=Status.IN_PROGRESS,
        updated_at="",
        spans=(NewSpan("s1", "place", start, start + len("Kəlbəcər"), "Kəlbəcər"),),
    )
    doc = dataclasses.replace(new_document(TEXT, "d1"), annotations=(work,))
    report = store.import_documents([doc], actor="t", source="test")
    assert report.spans_added == 1
    added = store.add_span(span_over(TEXT, "Yerevan", document_id=store.list_documents()[0].id))
    assert {span.uid for span in store.spans(added.document_id)} == {"s1", added.uid}


def test_values_used_before_come_from_stored_attributes(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    document = store.list_documents()[0].id
    for quote, value in (("Baku", "ministry"), ("Yerevan", "ministry"), ("says", "witness")):
        span = span_over(TEXT, quote, document_id=document, label="source")
        store.add_span(Span(**{**span.__dict__, "attributes": {"kind": value, "count": 3}}))
    assert store.attribute_values("source", "kind") == ["ministry", "witness"]
    assert store.attribute_values("source", "count") == []  # numbers are not text values


def test_a_newer_database_is_refused_and_left_alone(pg_url: str) -> None:
    with raw_connection(pg_url) as raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version = {SCHEMA_VERSION + 1}")
    for write in (True, False):
        with pytest.raises(UserError, match="newer annotator"):
            Store.open(pg_url, write=write)
    with raw_connection(pg_url) as raw:
        found = raw.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall()
    assert found == [(SCHEMA_VERSION + 1,)]


def test_an_older_server_database_is_upgraded_by_a_writer_only(pg_url: str) -> None:
    with raw_connection(pg_url) as raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version = {SCHEMA_VERSION - 1}")
        raw.execute("UPDATE alembic_version SET version_num = %s", (f"v{SCHEMA_VERSION - 1}",))
        raw.execute("DROP TABLE assignment")
    with pytest.raises(UserError, match=r"a writing command .* upgrades it"):
        Store.open(pg_url, write=False)
    Store.open(pg_url).close()
    with raw_connection(pg_url) as raw:
        assert raw.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall() == [(SCHEMA_VERSION,)]
        assert raw.execute("SELECT to_regclass('assignment')").fetchone() == ("assignment",)


def test_reading_an_empty_server_database_refuses_and_creates_nothing(pg_empty_url: str) -> None:
    with pytest.raises(UserError, match="no annotator database here"):
        Store.open(pg_empty_url, write=False)
    with raw_connection(pg_empty_url) as raw:
        tables = raw.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)
    with Store.open(pg_empty_url) as store:  # writing creates it
        assert store.schema.id == "contested-reports"
        assert store.document_count() == 0
    with raw_connection(pg_empty_url) as raw:
        assert raw.execute(f"SELECT version FROM {VERSION_TABLE}").fetchall() == [(SCHEMA_VERSION,)]


def test_a_database_with_other_tables_is_refused(pg_empty_url: str) -> None:
    with raw_connection(pg_empty_url) as raw:
        raw.execute("CREATE TABLE document (id integer)")
    with pytest.raises(UserError, match="not an annotator database"):
        Store.open(pg_empty_url)


def test_a_read_only_store_reads_in_read_only_transactions(pg_url: str) -> None:
    with Store.open(pg_url) as writer:
        writer.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    with Store.open(pg_url, write=False) as reader:
        assert reader.document_count() == 1
        with reader._read() as conn:
            assert conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"


def test_server_failures_are_one_line_user_errors(pg_server: Any) -> None:
    # libpq refuses these at connection time, before any SQLSTATE: its reason is quoted.
    with pytest.raises(UserError, match=r'cannot connect.*database "nowhere" does not exist'):
        Store.open(pg_server.url("nowhere"))
    closed_port = pg_server.url("x").replace(f":{pg_server.port}/", ":1/")
    with pytest.raises(UserError, match="cannot connect to the server") as refused:
        Store.open(closed_port)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ana:s3cret@localhost:5432/team",
        "postgresql://ana@localhost:5432/team?password=s3cret",
        "postgres://ana:s3cret@localhost/team",
    ],
)
def test_a_url_holding_a_password_is_refused_without_repeating_it(url: str) -> None:
    with pytest.raises(UserError, match="holds a password") as refused:
        Store.open(url)
    assert "s3cret" not in str(refused.value)


def test_a_server_url_is_printed_without_secrets() -> None:
    where = parse("postgresql://ana@db.example:5433/team?sslmode=require")
    assert str(where) == "postgresql://ana@db.example:5433/team"
    assert (where.user, where.host, where.port, where.database) == (
        "ana",
        "db.example",
        5433,
        "team",
    )
    for bad in ("postgresql://ana@localhost/", "postgresql://ana@localhost:99999/team"):
        with pytest.raises(UserError, match="--db"):
            parse(bad)


def test_without_psycopg_one_line_says_how_to_install() -> None:
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from annotator.cli.main import main\n"
        "sys.exit(main(['list', '--db', 'postgresql://ana@127.0.0.1:1/team']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "annotator: error: PostgreSQL databases need the psycopg driver: "
        "pip install 'annotator[server]'"
    ]


def test_a_bad_file_is_rolled_back_alone_with_skip_bad(store: Store, tmp_path: Path) -> None:
    """Each file in a savepoint of the run's one transaction (on PostgreSQL an error inside
    a savepoint must be rolled back to it before the run goes on)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "mixed", folder)
    shutil.copy(FIXTURES / "bad" / "truncated.jsonl", folder / "nested" / "truncated.jsonl")
    with pytest.raises(UserError, match=r"truncated\.jsonl: line 2"):
        import_paths(store, [folder], actor="tester")
    assert store.document_count() == 0
    report, errors = import_paths(store, [folder], actor="tester", skip_bad=True)
    assert report.added == 12 and len(errors) == 1 and "truncated.jsonl: line 2" in errors[0]
    assert store.find_document("trunc-001") is None
    assert store.document_count() == 12


def test_a_value_the_server_cannot_store_is_refused_in_one_line(pg_url: str) -> None:
    """PostgreSQL text holds no NUL (the importers refuse it before): a script writing one
    through the store gets one line, and nothing is written."""
    with Store.open(pg_url) as store:
        store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
        document = store.list_documents()[0].id
        span = span_over(TEXT, "Kəlbəcər", document_id=document)
        with pytest.raises(UserError, match="the server refused a value") as refused:
            store.add_span(dataclasses.replace(span, note="a\x00b"))
        assert "\n" not in str(refused.value)
        assert store.spans(document) == []
        with pytest.raises(UserError, match="not on PostgreSQL"):
            store.check_health()


def test_errors_of_queries_on_psycopg_itself_are_translated_too(pg_url: str) -> None:
    """Whole-corpus reads run on psycopg's cursors, outside SQLAlchemy's error wrapping."""
    where = parse(pg_url)
    with raw_connection(pg_url) as raw:
        refused = pytest.raises(UserError, match="the server refused a value")
        with refused, translated_errors(where):
            raw.execute("SELECT 1 / 0")
        with pytest.raises(BugError, match="unexpected database error"), translated_errors(where):
            raw.execute("SELECT * FROM no_such_table")
