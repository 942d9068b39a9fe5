"""The CLI on real files, as team leads and pipelines use it: in this process, and as a real
process in a few smoke tests (help, a round trip, a user error)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from annotator.core.model import Span, Status, new_uid
from annotator.core.schema import schemas_dir
from annotator.store import Store
from tests.cli.running import run_in_process
from tests.conftest import FIXTURES, SAMPLES


def run(*args: str | Path, db: Path | str | None = None, env: dict[str, str] | None = None):
    """The CLI in this process (``run_in_process``); ``subprocess_run`` starts a real one."""
    return run_in_process(*args, *(["--db", db] if db is not None else []), env=env)


def subprocess_run(*args: str | Path, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "annotator", *map(str, args)]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command, capture_output=True, text=True, env=dict(os.environ), timeout=120
    )


def native_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_help_lists_every_subcommand() -> None:
    result = subprocess_run("--help")  # a real process: the installed entry point works
    assert result.returncode == 0
    for name in ("import", "list", "stats", "schema", "export"):
        assert name in result.stdout
        assert run(name, "--help").returncode == 0


def test_import_mixed_folder_then_export_gives_valid_canonical_native(
    tmp_path: Path, db: Path | str
) -> None:
    result = run("import", FIXTURES / "mixed", SAMPLES, db=db)
    assert result.returncode == 0, result.stderr
    assert "Imported 16 documents" in result.stdout
    again = run("import", FIXTURES / "mixed", db=db)
    assert "Imported 0 documents" in again.stdout and "12 already present" in again.stdout

    out = tmp_path / "all.annotations.jsonl"
    result = run("export", "--format", "native", "-o", out, db=db)
    assert result.returncode == 0, result.stderr
    lines = native_lines(out)
    schema = json.loads((schemas_dir() / "native-format.schema.json").read_text())
    for line in lines:
        jsonschema.validate(line, schema)
    header, docs = lines[0], lines[1:]
    assert header["format"] == "annotator-native" and header["format_version"] == 1
    assert len(docs) == 16
    texts = {d["doc_id"]: d["text"] for d in docs}
    assert all("\r" not in text for text in texts.values())
    assert "📍" in texts["bom-crlf"] and "Գեղարքունիք" in texts["bom-crlf"]
    assert not texts["bom-crlf"].startswith("\ufeff")


def test_native_round_trip_keeps_every_document_identical(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    assert subprocess_run("import", SAMPLES, db=db).returncode == 0  # a real process
    with Store.open(db) as store:
        doc = store.find_document("04-village-shelling")
        assert doc is not None
        for annotator, quote, label in (
            ("alice", "at least a dozen civilians", "casualty_figure"),
            ("alice", "📍", "location"),
            ("bob", "Gegharkunik province", "location"),
        ):
            start = doc.text.index(quote)
            store.add_span(
                Span(
                    uid=new_uid("s"),
                    document_id=doc.id,
                    annotator=annotator,
                    label=label,
                    start=start,
                    end=start + len(quote),
                    text=quote,
                    attributes={"outcome": "injured"} if label == "casualty_figure" else {},
                    note="checked",
                )
            )
        store.set_status(doc.id, "alice", Status.DONE)
    first = tmp_path / "first.annotations.jsonl"
    second = tmp_path / "second.annotations.jsonl"
    assert run("export", "-f", "native", "-o", first, db=db).returncode == 0
    result = run("import", first, db=tmp_path / "b.sqlite3")
    assert result.returncode == 0, result.stderr
    assert run("export", "-f", "native", "-o", second, db=tmp_path / "b.sqlite3").returncode == 0
    one, two = native_lines(first), native_lines(second)
    assert one[1:] == two[1:]
    alice = next(d for d in one if d.get("annotator") == "alice")
    assert alice["status"] == "done"
    for span in alice["spans"]:
        assert alice["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("latin1.txt", "byte 9"),
        ("truncated.jsonl", "line 2"),
        ("wrongtype.jsonl", "line 2"),
        ("binary.txt", "byte 3"),
        ("notext.csv", "text"),
        ("empty.txt", "empty"),
    ],
)
def test_bad_files_fail_with_one_line_exit_2_and_write_nothing(
    db: Path | str, name: str, place: str
) -> None:
    result = run("import", FIXTURES / "mixed", FIXTURES / "bad" / name, db=db)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(FIXTURES / "bad" / name) in lines[0] and place in lines[0]
    assert "Traceback" not in result.stderr
    stats = run("stats", "--json", db=db)
    assert json.loads(stats.stdout)["documents"] == 0


def test_list_and_stats_json(db: Path | str) -> None:
    run("import", SAMPLES, db=db)
    with Store.open(db) as store:
        doc = store.find_document("01-border-clash")
        assert doc is not None
        store.set_status(doc.id, "carol", Status.DONE)
    listed = json.loads(run("list", "--json", db=db).stdout)
    assert len(listed) == 4
    done = json.loads(run("list", "--status", "done", "--json", db=db).stdout)
    assert [d["doc_id"] for d in done] == ["01-border-clash"]
    stats = json.loads(run("stats", "--json", db=db).stdout)
    assert stats["documents"] == 4
    assert stats["status"]["carol"]["done"] == 1 and stats["status"]["carol"]["todo"] == 3
    table = run("list", db=db).stdout
    assert "01-border-clash" in table and "carol: done" in table


def test_db_comes_from_the_environment_when_not_given(db: Path | str) -> None:
    result = run("import", SAMPLES / "01-border-clash.txt", env={"ANNOTATOR_DB": str(db)})
    assert result.returncode == 0, result.stderr
    with Store.open(db, write=False) as store:
        assert [d.doc_id for d in store.list_documents()] == ["01-border-clash"]


def test_schema_show_and_validate(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    missing = run("schema", "show", db=db)
    assert missing.returncode == 2 and "no database here" in missing.stderr
    assert not db.exists()
    assert run("import", SAMPLES / "01-border-clash.txt", db=db).returncode == 0
    shown = run("schema", "show", db=db)
    assert shown.returncode == 0 and "casualty_figure" in shown.stdout
    as_json = json.loads(run("schema", "show", "--json", db=db).stdout)
    assert as_json["id"] == "contested-reports"
    good = run("schema", "validate", schemas_dir() / "contested-reports.json")
    assert good.returncode == 0 and "valid" in good.stdout
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "labels": [}', encoding="utf-8")
    bad = run("schema", "validate", broken)
    assert bad.returncode == 2
    assert str(broken) in bad.stderr and "line 1" in bad.stderr


def test_user_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    # A real process: the exit status and stderr a shell script sees.
    missing = subprocess_run("import", tmp_path / "nope.txt", db=tmp_path / "a.sqlite3")
    assert missing.returncode == 2 and "nope.txt" in missing.stderr
    not_db = tmp_path / "x.sqlite3"
    not_db.write_text("plain text")
    result = run("stats", db=not_db)
    assert result.returncode == 2 and "not an SQLite database" in result.stderr
    bad_option = run("export", "--format", "nope", "-o", tmp_path / "o", db=tmp_path / "a.sqlite3")
    assert bad_option.returncode == 2
    for result in (missing, bad_option):
        assert "Traceback" not in result.stderr
