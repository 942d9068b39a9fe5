"""Reading never writes: read-only opens leave every byte, the journal mode and the version
alone; a newer database is refused before anything is written; migration only when writing,
after a backup that cannot leave a partial copy behind."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Status
from annotator.errors import UserError
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import FIXTURES, SAMPLES
from tests.helpers import new_document, span_over

TEXT = "Baku says Kəlbəcər was shelled; Yerevan denies it."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def journal_mode(path: Path) -> str:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(raw.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        raw.close()


def rollback_journal_copy(source: Path, target: Path) -> None:
    """A whole database in rollback-journal mode (as another tool might leave it)."""
    raw = sqlite3.connect(source)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    shutil.copyfile(source, target)
    raw = sqlite3.connect(target)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A database with documents and spans, closed, in rollback-journal mode."""
    live = tmp_path / "live.sqlite3"
    with Store.open(live) as store:
        store.import_documents([new_document(TEXT, "d1")], actor="t", source="t")
        doc = store.find_document("d1")
        assert doc is not None
        store.add_span(span_over(TEXT, "Kəlbəcər", document_id=doc.id, label="location"))
    path = tmp_path / "db" / "annotations.sqlite3"
    path.parent.mkdir()
    rollback_journal_copy(live, path)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["stats"],
        ["stats", "--json"],
        ["schema", "show"],
        ["doctor"],
        ["doctor", "--json"],
    ],
)
def test_read_commands_change_no_byte_and_keep_the_journal_mode(
    filled: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = folder_state(filled.parent)
    code = main([*argv, "--db", str(filled)])
    capsys.readouterr()
    assert code == 0
    assert folder_state(filled.parent) == before
    assert journal_mode(filled) == "delete"


def test_export_reads_without_writing(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = folder_state(filled.parent)
    out = tmp_path / "out.annotations.jsonl"
    assert main(["export", "-f", "native", "-o", str(out), "--db", str(filled)]) == 0
    capsys.readouterr()
    assert out.exists()
    assert folder_state(filled.parent) == before
    assert journal_mode(filled) == "delete"


def test_read_command_on_a_missing_database_says_how_to_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    assert main(["list", "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no database here" in err and "annotator import" in err
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_newer_database_in_rollback_mode_is_refused_before_any_write(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = sqlite3.connect(filled)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = folder_state(filled.parent)
    for argv in (["list"], ["import", str(SAMPLES)]):
        assert main([*argv, "--db", str(filled)]) == 2
        assert "newer annotator" in capsys.readouterr().err
        assert folder_state(filled.parent) == before
    assert journal_mode(filled) == "delete"


def test_older_database_reads_in_memory_and_stays_old(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "v2.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v2.sqlite3", old)
    before = folder_state(tmp_path)
    assert main(["list", "--json", "--db", str(old)]) == 0
    assert '"d1"' in capsys.readouterr().out
    assert folder_state(tmp_path) == before
    with Store.open(old, write=False) as store:
        assert [s.text for s in store.spans(store.list_documents()[0].id)] == ["Kəlbəcər"]
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("fixture", ["v2.sqlite3", "v3.sqlite3"])
def test_each_released_version_upgrades_when_written(tmp_path: Path, fixture: str) -> None:
    old = tmp_path / fixture
    shutil.copyfile(FIXTURES / "db" / fixture, old)
    original = digest(old)
    with Store.open(old) as store:
        assert store.backup_path is not None
        assert digest(store.backup_path) == original or store.backup_path.stat().st_size > 0
        spans = [s for d in store.list_documents() for s in store.spans(d.id)]
        assert spans and all(s.version == 1 for s in spans)
    raw = sqlite3.connect(old)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    assert not list(tmp_path.glob("*.partial"))


def test_a_failed_backup_stops_the_migration_and_leaves_no_partial_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v3.sqlite3", old)
    before = folder_state(tmp_path)
    real_replace = shutil.os.replace  # type: ignore[attr-defined]

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.store.migrations.os.replace", full_disk)
    with pytest.raises(UserError, match=r"cannot back up.*nothing was changed"):
        Store.open(old)
    monkeypatch.setattr("annotator.store.migrations.os.replace", real_replace)
    assert folder_state(tmp_path) == before


def test_a_damaged_database_is_refused_with_the_newest_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v3.sqlite3", path)
    Store.open(path).close()  # migrates: leaves a backup beside it
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data), 7):  # every page but the header: garbage
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = folder_state(tmp_path)
    for argv in (["list"], ["stats"], ["export", "-f", "native", "-o", str(tmp_path / "o")]):
        code = main([*argv, "--db", str(path)])
        err = capsys.readouterr().err
        assert code == 2, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "damaged" in err and "backup" in err

    # A reader of a WAL database may create SQLite's empty shared-memory and log files;
    # the database and its backup are untouched.
    def lasting(state: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in state.items() if not k.endswith(("-shm", "-wal"))}

    assert lasting(folder_state(tmp_path)) == lasting(before)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE span SET attributes = '{not json'",
        "UPDATE document_status SET status = 'exploded'",
        "UPDATE span SET text = CAST(X'FF41' AS TEXT)",
        "UPDATE document SET meta = '[1,'",
    ],
)
def test_damaged_values_are_one_line_errors_not_tracebacks(
    filled: Path, damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(filled) as store:
        store.set_status(store.list_documents()[0].id, "alice", Status.DONE)
    raw = sqlite3.connect(filled)
    raw.execute(damage)
    raw.commit()
    raw.close()
    out = tmp_path / "out.jsonl"
    failures = 0
    for argv in (["list"], ["stats"], ["export", "-f", "native", "-o", str(out)]):
        code = main([*argv, "--db", str(filled)])
        err = capsys.readouterr().err
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            failures += 1
            assert err.count("\n") == 1 and "damaged" in err
    assert failures


def test_schema_text_garbled_into_bytes_that_are_not_utf8_is_one_line(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(filled.read_bytes())
    at = data.index(b"\tname VARCHAR NOT NULL")
    data[at + len(b"\tname VARCHAR NOT N")] = 0xFF  # Python cannot decode SQLite's error
    filled.write_bytes(bytes(data))
    before = digest(filled)
    for argv in (["list"], ["import", str(SAMPLES)]):
        assert main([*argv, "--db", str(filled)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "damaged" in err
    assert digest(filled) == before
