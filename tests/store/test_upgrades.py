"""Every released database version upgrades to the newest, through the Alembic revisions.

``tests/fixtures/db/vN.sqlite3`` was written by the commit that introduced version N
(``scripts/fixture_db.py``; v1, which no release wrote, is the v2 file without the version-2
triggers). On PostgreSQL an older database is built by running the revisions up to its
version and copying a fixture's rows in, as a server database of that version held them.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlmodel import SQLModel

from annotator.errors import BugError, UserError
from annotator.launcher import main
from annotator.store import Store, upgrade
from annotator.store.db import make_engine, transaction
from annotator.store.dialect import run
from annotator.store.migrations import SCHEMA_VERSION, revision_id, stamp
from annotator.store.server import VERSION_TABLE, make_server_engine
from annotator.store.server_url import parse
from tests.conftest import ENGINES, FIXTURES, REPO
from tests.pg_server import PgServer
from tests.team_server import LEAD, set_up

VERSIONS = range(1, SCHEMA_VERSION + 1)
# The tables in an order that keeps foreign keys satisfied while rows are copied.
TABLES = (
    "store_meta",
    "document",
    "annotator",
    "span",
    "relation",
    "document_status",
    "change_log",
    "suggestion_outcome",
    "suggestion_pattern",
    "assignment",
)


def fixture(version: int) -> Path:
    return FIXTURES / "db" / f"v{version}.sqlite3"


def raw_rows(path: Path, *, columns_of: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read by SQLite alone; with ``columns_of``, only the tables
    and columns that file has (so an upgraded file compares with the file it was)."""
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    shape = sqlite3.connect(f"file:{columns_of or path}?mode=ro", uri=True)
    try:
        present = {row[0] for row in shape.execute("SELECT name FROM sqlite_master")}
        found = {}
        for table in (name for name in TABLES if name in present):
            columns = [row[1] for row in shape.execute(f"PRAGMA table_info({table})")]
            quoted = ", ".join(f'"{column}"' for column in columns)
            found[table] = raw.execute(f"SELECT {quoted} FROM {table} ORDER BY 1, 2").fetchall()
        return found
    finally:
        shape.close()
        raw.close()


def versions(path: Path) -> tuple[int, list[tuple[str]] | None]:
    """(user_version, the alembic_version rows or None without that table)."""
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        try:
            return version, raw.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError:
            return version, None
    finally:
        raw.close()


def snapshot(store: Store) -> dict[str, Any]:
    """What the app reads of a database: documents, spans, relations, statuses, the change
    log, the facts in store_meta, suggestion outcomes and patterns."""
    documents = store.list_documents()
    annotators = store.annotators()
    return {
        "documents": [(d.doc_id, store.document(d.id).text) for d in documents],
        "spans": [store.spans(d.id) for d in documents],
        "relations": [store.relations(d.id) for d in documents],
        "statuses": store.statuses(),
        "changes": store.changes(limit=10_000),
        "meta": store.meta(),
        "outcomes": [store.suggestion_outcomes(d.id, a) for d in documents for a in annotators],
        "patterns": store.suggestion_pattern_rows(),
    }


def schema_differences(conn: Connection) -> list[Any]:
    """What Alembic's comparison finds between the database and the tables the code
    declares (columns, types, nullability, defaults, keys, uniques, indexes)."""

    def ours(name: str | None, kind: str, parent: Any) -> bool:
        return not (kind == "table" and name == VERSION_TABLE)  # the server's version marker

    options = {"compare_type": True, "compare_server_default": True, "include_name": ours}
    context = MigrationContext.configure(conn, opts=options)
    return list(compare_metadata(context, SQLModel.metadata))


def sqlite_differences(path: Path) -> list[Any]:
    engine = make_engine(path)
    try:
        with transaction(engine, path, write=False) as conn:
            return schema_differences(conn)
    finally:
        engine.dispose()


@pytest.mark.parametrize("version", VERSIONS)
def test_each_released_version_upgrades_keeping_its_content(tmp_path: Path, version: int) -> None:
    db = tmp_path / "old.sqlite3"
    shutil.copyfile(fixture(version), db)
    assert versions(db) == (version, None)  # written before the app used Alembic
    before = raw_rows(db)
    assert before["span"] and before["change_log"] and before["document_status"]
    untouched = db.read_bytes()
    with Store.open(db, write=False) as reader:  # upgraded in a copy in memory
        seen = snapshot(reader)
    assert db.read_bytes() == untouched
    with Store.open(db) as store:
        backup = store.backup_path
        assert snapshot(store) == seen
        report = store.check_health()
        assert report.healthy, report.problems
    assert raw_rows(db, columns_of=fixture(version)) == before
    assert versions(db) == (SCHEMA_VERSION, [(revision_id(SCHEMA_VERSION),)])
    assert sqlite_differences(db) == []
    raw = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM change_log")
    raw.close()
    if version == SCHEMA_VERSION:  # stamped only: nothing to back up
        assert backup is None
    else:
        assert backup is not None
        assert versions(backup) == (version, None)
        assert raw_rows(backup) == before
    stamped = db.read_bytes()
    Store.open(db).close()  # stamped once; a writing open of a current database writes nothing
    assert db.read_bytes() == stamped


@pytest.fixture
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """An empty database on the engine of the test's ``engine`` parameter."""
    if request.node.callspec.params["engine"] == "sqlite":
        yield tmp_path / "older.sqlite3"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    with server.database(empty=True) as url:
        yield url


def writer(db: Path | str) -> Engine:
    if isinstance(db, Path):
        return make_engine(db)
    return make_server_engine(parse(db), read_only=False)


def older_database(db: Path | str, version: int, *, rows_from: Path | None = None) -> None:
    """A database of ``version`` as the app of that version left it: on SQLite a copy of the
    fixture; on PostgreSQL the revisions up to ``version``, the version table, no Alembic
    stamp, and (``rows_from``) a fixture's rows."""
    if isinstance(db, Path):
        shutil.copyfile(fixture(version), db)
        return
    engine = writer(db)
    try:
        with transaction(engine, parse(db), write=True) as conn:
            command.upgrade(upgrade._config(conn), revision_id(version))
            conn.exec_driver_sql("DROP TABLE alembic_version")
            conn.exec_driver_sql(f"CREATE TABLE {VERSION_TABLE} (version integer NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({version})")
            if rows_from is not None:
                copy_rows(rows_from, conn)
    finally:
        engine.dispose()


def copy_rows(source: Path, conn: Connection) -> None:
    raw = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        present = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
        for table in (name for name in TABLES if name in present):
            cursor = raw.execute(f"SELECT * FROM {table}")
            columns = ", ".join(f'"{column[0]}"' for column in cursor.description)
            rows = cursor.fetchall()
            marks = ", ".join("?" for _ in cursor.description)
            if rows:
                run(conn, f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            if "id" in {column[0] for column in cursor.description}:  # the sequence past them
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
    finally:
        raw.close()


def test_a_version_6_server_database_is_upgraded_with_its_content(pg_empty_url: str) -> None:
    older_database(pg_empty_url, 6, rows_from=fixture(6))
    with Store.open(fixture(6), write=False) as reference:
        expected = snapshot(reference)
    with pytest.raises(UserError, match=r"version 6 is older .* a writing command .* upgrades it"):
        Store.open(pg_empty_url, write=False)
    with Store.open(pg_empty_url) as store:
        assert snapshot(store) == expected
    engine = writer(pg_empty_url)
    try:
        with transaction(engine, parse(pg_empty_url), write=False) as conn:
            assert conn.exec_driver_sql(f"SELECT version FROM {VERSION_TABLE}").all() == [
                (SCHEMA_VERSION,)
            ]
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                (revision_id(SCHEMA_VERSION),)
            ]
            assert schema_differences(conn) == []
        with (
            pytest.raises(UserError, match="append-only"),
            transaction(engine, parse(pg_empty_url), write=True) as conn,
        ):
            conn.exec_driver_sql("DELETE FROM change_log")
    finally:
        engine.dispose()
    with Store.open(pg_empty_url, write=False) as reader:  # readers see the upgraded one
        assert snapshot(reader) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_the_revisions_from_nothing_build_what_a_new_database_has(
    engine: str, empty_database: Path | str
) -> None:
    db = empty_database
    where = parse(db) if isinstance(db, str) else db
    connection = writer(db)
    try:
        with transaction(connection, where, write=True) as conn:
            command.upgrade(upgrade._config(conn), "head")
        with transaction(connection, where, write=False) as conn:
            assert schema_differences(conn) == []
            assert MigrationContext.configure(conn).get_current_revision() == "v7"
            triggers = (
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                if engine == "sqlite"
                else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
            found = sorted(row[0] for row in conn.exec_driver_sql(triggers))
    finally:
        connection.dispose()
    expected = (
        ["change_log_no_delete", "change_log_no_update"]
        if engine == "sqlite"
        else ["change_log_append_only"]
    )
    assert found == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_an_upgrade_cut_short_leaves_the_old_database(
    engine: str, empty_database: Path | str
) -> None:
    db = empty_database
    older_database(db, 4)
    where = parse(db) if isinstance(db, str) else db
    connection = writer(db)
    try:
        with transaction(connection, where, write=True) as conn:
            # In the way of version 7's table: the upgrade fails after versions 5 and 6 ran.
            conn.exec_driver_sql("CREATE TABLE assignment (id integer)")
    finally:
        connection.dispose()
    with pytest.raises(BugError):
        Store.open(db)
    connection = writer(db)
    try:
        with transaction(connection, where, write=False) as conn:
            tables = set(inspect(conn).get_table_names())
            indexes = {index["name"] for index in inspect(conn).get_indexes("document_status")}
            if engine == "sqlite":
                version = conn.exec_driver_sql("PRAGMA user_version").scalar()
            else:
                version = conn.exec_driver_sql(f"SELECT version FROM {VERSION_TABLE}").scalar()
    finally:
        connection.dispose()
    assert version == 4
    assert "alembic_version" not in tables and "suggestion_outcome" not in tables
    assert "ix_status_annotator" not in indexes


def test_version_marks_that_disagree_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    shutil.copyfile(fixture(4), db)
    engine = make_engine(db)
    try:
        with transaction(engine, db, write=True) as conn:
            stamp(conn, 5)
    finally:
        engine.dispose()
    with pytest.raises(UserError, match=r"version marks disagree \(database version 4, .* v5\)"):
        Store.open(db)
    assert versions(db) == (4, [("v5",)])


def test_the_revisions_are_one_line_v1_to_the_version_the_app_reads() -> None:
    script = ScriptDirectory.from_config(upgrade._config())
    chain = [revision.revision for revision in script.walk_revisions()]
    assert chain == [revision_id(version) for version in reversed(VERSIONS)]
    assert upgrade.head() == revision_id(SCHEMA_VERSION)


def stamp_as_alembic_does(conn: Connection, version: int) -> None:
    script = ScriptDirectory.from_config(upgrade._config())
    MigrationContext.configure(conn).stamp(script, revision_id(version))


@pytest.mark.parametrize("stamper", [stamp, stamp_as_alembic_does])
def test_our_stamp_is_alembics_version_table(tmp_path: Path, stamper: Any) -> None:
    path = tmp_path / "stamped.sqlite3"
    engine = make_engine(path)
    try:
        with transaction(engine, path, write=True) as conn:
            stamper(conn, 3)
            found = inspect(conn)
            columns = [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(
                "alembic_version"
            )]  # fmt: skip
            key = found.get_pk_constraint("alembic_version")
            assert columns == [("version_num", "VARCHAR(32)", False)]
            assert key == {"constrained_columns": ["version_num"], "name": "alembic_version_pkc"}
            assert MigrationContext.configure(conn).get_current_revision() == "v3"
    finally:
        engine.dispose()


PROBE = """
import sys
from pathlib import Path
from annotator.store import Store
path = Path(sys.argv[1])
Store.open(path).close()
Store.open(path).close()
Store.open(path, write=False).close()
print(sorted(m for m in sys.modules if m.split(".")[0] == "alembic" or m.endswith(".upgrade")))
"""


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    db = tmp_path / "current.sqlite3"  # created (and stamped) by the probe, then opened
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=REPO,
    )
    assert done.stdout.strip() == "[]"


def test_on_a_team_server_only_the_owner_upgrades_and_server_init_does(pg_url: str) -> None:
    team = set_up(pg_url)
    with psycopg_connection(pg_url) as owner:  # back to version 6, as the superuser
        owner.execute("DROP TABLE assignment CASCADE")  # with the policies that read it
        owner.execute(f"UPDATE {VERSION_TABLE} SET version = 6")
        owner.execute("UPDATE alembic_version SET version_num = 'v6'")
    for person in (LEAD, "alice"):
        with pytest.raises(UserError, match="only its owner can upgrade it: run `annotator server"):
            Store.open(team.url(person))
    assert main(["server", "init", "--lead", LEAD, "--db", pg_url]) == 0
    with Store.open(team.url("alice")) as alice:  # the new table granted and guarded again
        assert alice.document_count() == 0
    assert team.sql(LEAD, f"SELECT version FROM {VERSION_TABLE}") == [(SCHEMA_VERSION,)]
    with pytest.raises(Exception, match="permission denied"):
        team.sql("alice", "INSERT INTO assignment VALUES (1, 1, 'now')")


@contextmanager
def psycopg_connection(url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        yield connection
