"""SIGKILL at deterministic points of migration, import and `schema use`: afterwards the
database opens, passes integrity_check, and holds wholly the old state or wholly the new one;
the next run leaves no partial backup behind."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import FIXTURES, REPO, SAMPLES
from tests.helpers import new_db_and_renamed_schema

RUNNER = Path(__file__).with_name("kill_runner.py")
# Right before SQLAlchemy commits a transaction: the last moment the old state must win.
BEFORE_COMMIT = "sqlalchemy.engine.base:RootTransaction._do_commit"


def killed(point: str, when: str, nth: int, *args: str | Path) -> bool:
    """Run ``annotator ARGS`` until the kill point; True if it was killed there."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, str(RUNNER), point, when, str(nth), "--", *map(str, args)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode == -signal.SIGKILL


def state(db: Path) -> tuple[int, int, int, str]:
    """(version, documents, spans, schema id), read without writing."""
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        documents = raw.execute("SELECT count(*) FROM document").fetchone()[0]
        spans = raw.execute("SELECT count(*) FROM span").fetchone()[0]
        schema = raw.execute("SELECT value FROM store_meta WHERE key = 'label_schema_id'")
        return version, documents, spans, schema.fetchone()[0]
    finally:
        raw.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "when"),
    [
        ("os:replace", "before"),  # the backup is written but not yet renamed into place
        ("annotator.store.migrations:backup_copy", "after"),  # backed up, not migrated
        ("annotator.store.migrations:prepare", "after"),  # migrated, not committed
        # Between two revisions (v4 done, not yet v5), and all run but not committed.
        ("alembic.runtime.migration:HeadMaintainer.update_to_step", "after"),
        ("alembic.command:upgrade", "after"),
        (BEFORE_COMMIT, "before"),
    ],
)
def test_kill_during_migration(tmp_path: Path, point: str, when: str) -> None:
    db = tmp_path / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v3.sqlite3", db)
    old = state(db)
    assert killed(point, when, 1, "import", SAMPLES / "01-border-clash.txt", "--db", db)
    assert state(db)[0] in (3, SCHEMA_VERSION)
    assert state(db)[1:] == old[1:]
    # The next run migrates (again, from a fresh backup) and leaves no partial copy.
    with Store.open(db) as store:
        assert store.document_count() == old[1]
    assert state(db)[0] == SCHEMA_VERSION
    assert not list(tmp_path.glob("*.partial"))
    backups = list(tmp_path.glob("v3.v3-backup-*.sqlite3"))
    assert backups and all(state(b)[:3] == old[:3] for b in backups)


@pytest.mark.slow
def test_kill_before_every_commit_of_an_import(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    Store.open(db).close()
    nth = 1
    while killed(BEFORE_COMMIT, "before", nth, "import", SAMPLES, "--db", db):
        # All of the folder or none of it: the files are imported in one transaction.
        assert state(db)[1] in (0, 4), nth
        if state(db)[1]:
            break
        nth += 1
    assert nth > 1
    assert state(db)[1] == 4
    with Store.open(db) as store:
        assert store.document_count() == 4


@pytest.mark.slow
def test_kill_before_every_commit_of_schema_use(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    schema_file = new_db_and_renamed_schema(db, tmp_path)
    old = state(db)
    nth = 1
    while killed(BEFORE_COMMIT, "before", nth, "schema", "use", schema_file, "--db", db):
        assert state(db) in (old, (*old[:3], "renamed-schema")), nth
        nth += 1
    assert nth > 1
    assert state(db)[3] == "renamed-schema"
