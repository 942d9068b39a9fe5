"""A real full disk and real read-only media (tmpfs mounts) under migration, import, schema use
and reading: one line and exit 2, or success; the database whole, old or new; no leftovers.

SQLite does its own I/O in C, out of reach of Python-level fault injection, so these tests
make the file system itself fail: the disk is filled to leave a little room, for a sweep of
room sizes, so that each step of the work runs out of space in turn.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import FIXTURES, SAMPLES
from tests.helpers import mount_tmpfs, new_db_and_renamed_schema

ROOM_SWEEP = [0, 4096, 16384, 49152, 98304, 131072, 196608, 262144, 393216, 524288]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    mount_tmpfs(folder, "size=2m")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path, room: int) -> Path:
    """Take all the free space of the disk but ``room`` bytes."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    filler = folder / "filler"
    with filler.open("wb") as handle:
        handle.write(bytes(max(free - room, 0)))
    return filler


def state(db: Path) -> tuple[int, int, str]:
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        documents = raw.execute("SELECT count(*) FROM document").fetchone()[0]
        row = raw.execute("SELECT value FROM store_meta WHERE key = 'label_schema_id'")
        return version, documents, row.fetchone()[0]
    finally:
        raw.close()


def one_line_or_success(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err


MIXED = FIXTURES / "mixed"


@pytest.fixture(scope="module")
def imported_count(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Documents in the v3 fixture after importing the mixed folder, on a roomy disk."""
    db = tmp_path_factory.mktemp("roomy") / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v3.sqlite3", db)
    assert main(["import", str(MIXED), "--db", str(db)]) == 0
    return state(db)[1]


@pytest.mark.slow
@pytest.mark.parametrize("room", ROOM_SWEEP)
def test_migration_and_import_on_a_full_disk(
    disk: Path, room: int, imported_count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = disk / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v3.sqlite3", db)
    old_version, old_documents, _ = state(db)
    assert imported_count > old_documents
    filler = fill(disk, room)
    code = main(["import", str(MIXED), "--db", str(db)])
    one_line_or_success(code, capsys.readouterr().err)
    filler.unlink()
    version, documents, _ = state(db)
    assert version in (old_version, SCHEMA_VERSION)
    assert documents in (old_documents, imported_count)
    if code == 0:
        assert (version, documents) == (SCHEMA_VERSION, imported_count)
    assert not list(disk.glob("*.partial"))
    # With room again, the same command completes.
    assert main(["import", str(MIXED), "--db", str(db)]) == 0
    capsys.readouterr()
    assert state(db)[:2] == (SCHEMA_VERSION, imported_count)


@pytest.mark.slow
@pytest.mark.parametrize("room", ROOM_SWEEP[:6])
def test_schema_use_on_a_full_disk(
    disk: Path, room: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = disk / "a.sqlite3"
    schema_file = new_db_and_renamed_schema(db, tmp_path)
    filler = fill(disk, room)
    code = main(["schema", "use", str(schema_file), "--db", str(db)])
    one_line_or_success(code, capsys.readouterr().err)
    filler.unlink()
    assert state(db)[2] == ("renamed-schema" if code == 0 else "contested-reports")


@pytest.mark.slow
def test_a_full_disk_still_reads_and_exports_elsewhere(
    disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = disk / "a.sqlite3"
    assert main(["import", str(SAMPLES), "--db", str(db)]) == 0
    fill(disk, 0)
    before = db.read_bytes()
    out = tmp_path / "rescue.annotations.jsonl"
    assert main(["list", "--db", str(db)]) == 0
    assert main(["export", "-f", "native", "-o", str(out), "--db", str(db)]) == 0
    capsys.readouterr()
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 4
    assert db.read_bytes() == before


def test_read_only_media_are_read_and_writes_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "size=2m")
    try:
        db = folder / "a.sqlite3"
        assert main(["import", str(SAMPLES), "--db", str(db)]) == 0
        capsys.readouterr()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        assert not (folder / "a.sqlite3-shm").exists()  # a clean close removed it
        assert main(["list", "--json", "--db", str(db)]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 4
        code = main(["import", str(FIXTURES / "mixed" / "feed.jsonl"), "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1, err
    finally:
        subprocess.run(["umount", str(folder)], check=True)
