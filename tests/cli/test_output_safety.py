"""No output may clobber the database or an input: every way of naming them is refused with
exit 2 and one line, and the database stays byte-identical (issue 8, item 1)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.io import exporters
from tests.io.export_corpus import build

FOLDER_FORMATS = [name for name in exporters.names() if exporters.get(name).folder]
FILE_FORMATS = [name for name in exporters.names() if not exporters.get(name).folder]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    build(folder / "work.sqlite3", folder).store.close()
    return folder / "work.sqlite3"


@pytest.fixture
def db(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the corpus, alone in its folder with a WAL file beside it."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(corpus, folder / "work.sqlite3")
    (folder / "work.sqlite3-wal").write_bytes(b"")
    return folder / "work.sqlite3"


def refused(capsys, db: Path, *args: str | Path, env_db: bool = False) -> str:
    """Run the command; check exit 2, one line, the database and its folder unchanged."""
    before, files = sha256(db), listing(db.parent)
    arguments = [str(a) for a in args] + ([] if env_db else ["--db", str(db)])
    code = main(arguments)
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: ") and "refused" in lines[0]
    assert sha256(db) == before and listing(db.parent) == files
    return lines[0]


@pytest.mark.parametrize("name", exporters.names())
@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_export_onto_the_database_or_its_side_files_is_refused(capsys, db: Path, name, side):
    refused(capsys, db, "export", "-f", name, "-o", f"{db}{side}")


@pytest.mark.parametrize("name", FOLDER_FORMATS)
def test_folder_export_onto_the_database_folder_is_refused_however_named(
    capsys, db: Path, tmp_path: Path, monkeypatch, name: str
) -> None:
    (db.parent / exporters.common.FOLDER_MARKER).write_text("", encoding="utf-8")  # looks like one
    line = refused(capsys, db, "export", "-f", name, "-o", db.parent)
    assert "holds the database" in line
    refused(capsys, db, "export", "-f", name, "-o", tmp_path)
    (tmp_path / "link").symlink_to(db.parent)
    refused(capsys, db, "export", "-f", name, "-o", tmp_path / "link")
    monkeypatch.chdir(db.parent)
    refused(capsys, db, "export", "-f", name, "-o", ".")
    refused(capsys, db, "export", "-f", name, "-o", "../data/")


def test_the_repro_of_issue_8_and_other_spellings_of_the_database(
    capsys, db: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(db.parent)
    refused(capsys, db, "export", "-f", "conll", "-o", "work.sqlite3")  # the reported case
    refused(capsys, db, "export", "-f", "native", "-o", f"{tmp_path}/data/../data/work.sqlite3")
    os.link(db, tmp_path / "hard-link.jsonl")
    assert "this is the database" in refused(
        capsys, db, "export", "-f", "native", "-o", tmp_path / "hard-link.jsonl"
    )
    (tmp_path / "soft-link.conll").symlink_to(db)
    refused(capsys, db, "export", "-f", "conll", "-o", tmp_path / "soft-link.conll")


def test_the_database_from_the_environment_is_protected(capsys, db: Path, monkeypatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    refused(capsys, db, "export", "-f", "doccano", "-o", os.environ["ANNOTATOR_DB"], env_db=True)
    refused(capsys, db, "export", "-f", "hf", "-o", db.parent, env_db=True)


@pytest.mark.parametrize(
    ("name", "output", "database"),
    [
        ("conll", "out.conll", "out.conll.report.txt"),  # the report would replace it
        ("label-studio", "tasks.json", "tasks.label_config.xml"),  # the config would
        ("doccano", "data.jsonl", "data.train.jsonl"),  # a split file would
    ],
)
def test_every_file_an_export_writes_is_checked_not_only_the_output(
    capsys, corpus: Path, tmp_path: Path, name: str, output: str, database: str
) -> None:
    db = tmp_path / database
    shutil.copy(corpus, db)
    line = refused(capsys, db, "export", "-f", name, "-o", tmp_path / output, "--split", "train=1")
    assert database in line


def test_merge_refuses_its_inputs_however_named(capsys, db: Path, tmp_path: Path, monkeypatch):
    first = tmp_path / "a.annotations.jsonl"
    assert main(["export", "-f", "native", "-o", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    os.link(first, tmp_path / "hard.jsonl")
    (tmp_path / "soft.jsonl").symlink_to(first)
    for output in (first, tmp_path / "hard.jsonl", tmp_path / "soft.jsonl"):
        before = sha256(first)
        assert main(["merge", str(first), "-o", str(output)]) == 2
        assert "input of this command" in capsys.readouterr().err
        assert sha256(first) == before
    monkeypatch.setenv("ANNOTATOR_DB", str(db))  # merge opens no database, but never
    refused(capsys, db, "merge", first, "-o", db, env_db=True)  # replaces the user's one


def test_stats_plots_refuse_the_database_folder(capsys, db: Path, tmp_path: Path) -> None:
    refused(capsys, db, "stats", "--plots", db.parent)
    (tmp_path / "link").symlink_to(db.parent)
    refused(capsys, db, "stats", "--plots", tmp_path / "link")


def test_an_existing_sqlite_file_is_never_replaced(capsys, db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "work.v1-backup.sqlite3"
    shutil.copy(db, backup)
    assert main(["export", "-f", "native", "-o", str(backup), "--db", str(db)]) == 2
    assert "SQLite database" in capsys.readouterr().err
    assert sha256(backup) == sha256(db)


def test_a_fine_output_beside_the_database_is_still_written(capsys, db: Path) -> None:
    out = db.parent / "all.annotations.jsonl"
    assert main(["export", "-f", "native", "-o", str(out), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5
    assert out.is_file()


def test_a_symlinked_output_is_written_through_never_replaced(
    capsys, db: Path, tmp_path: Path
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "data.conll").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.conll").symlink_to(tmp_path / "real" / "data.conll")
    (tmp_path / "hf-link").symlink_to(tmp_path / "real" / "hf", target_is_directory=True)
    assert main(["export", "-f", "conll", "-o", str(tmp_path / "link.conll"), "--db", str(db)]) == 0
    assert main(["export", "-f", "hf", "-o", str(tmp_path / "hf-link"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert (tmp_path / "link.conll").is_symlink() and (tmp_path / "hf-link").is_symlink()
    assert (tmp_path / "real" / "data.conll").read_text(encoding="utf-8").startswith("-DOCSTART-")
    assert (tmp_path / "real" / "hf" / "train.jsonl").is_file()
    for device, why in (("/dev/null", "not a regular file"), ("/dev/stdout", "descriptor")):
        assert main(["export", "-f", "native", "-o", device, "--db", str(db)]) == 2
        assert why in capsys.readouterr().err  # never replaced by a file (we run as root)
    assert Path("/dev/stdout").is_symlink() and not Path("/dev/null").is_file()
