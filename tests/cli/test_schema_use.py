"""``annotator schema use`` and ``schema validate`` through the real CLI on real databases.

A schema that does not cover the stored data is refused with the list and the database stays
byte-identical; ``--force`` switches, writes a report, and doctor then shows the same gaps.
Garbage schema files of every kind give one line and exit 2.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator.core.schema import default_schema, schemas_dir
from tests.cli.in_process import cli, digest, team_database

DEFAULT = schemas_dir() / "contested-reports.json"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return team_database(tmp_path, capsys)


def narrowed() -> dict[str, Any]:
    """The default schema without what the team's data uses: the casualty_figure label, the
    claim attribute factuality, the source_type value government, the attributed_to type."""
    schema = default_schema().to_json()
    schema["id"], schema["version"] = "narrow", "2.0"
    schema["labels"] = [label for label in schema["labels"] if label["id"] != "casualty_figure"]
    for label in schema["labels"]:
        attributes = [a for a in label.get("attributes", []) if a["id"] != "factuality"]
        for attribute in attributes:
            if attribute["id"] == "source_type":
                attribute["values"].remove("government")
        label["attributes"] = attributes
        label.pop("requires_link", None)  # it names attributed_to, which goes too
    relations = []
    for relation in schema["relations"]:
        relation["from"] = [x for x in relation["from"] if x != "casualty_figure"]
        relation["to"] = [x for x in relation["to"] if x != "casualty_figure"]
        if relation["from"] and relation["to"] and relation["id"] != "attributed_to":
            relations.append(relation)
    schema["relations"] = relations
    return schema


def schema_file(path: Path, schema: dict[str, Any]) -> Path:
    path.write_text(json.dumps(schema, indent=1), encoding="utf-8")
    return path


GAPS = (
    "labels casualty_figure (2 spans)",
    "attributes claim.factuality (3 spans)",
    "enum values source.source_type=government (2 spans)",
    "relation types attributed_to (3 relations)",
)


def test_a_schema_that_drops_what_the_data_uses_is_refused_with_the_list(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    before = digest(db)
    line = cli(capsys, "schema", "use", narrow, "--db", db).refused()
    assert line.startswith(f"annotator: error: {narrow}: schema 'narrow' 2.0 does not cover")
    for gap in GAPS:
        assert gap in line, line
    assert "--force" in line and "nothing changed" in line
    assert digest(db) == before
    assert list(tmp_path.glob("*.txt")) == []
    shown = cli(capsys, "schema", "show", "--json", "--db", db)
    assert json.loads(shown.out)["id"] == "contested-reports"


def test_a_type_change_that_stored_values_do_not_fit_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = default_schema().to_json()
    claim = next(label for label in schema["labels"] if label["id"] == "claim")
    claim_type = next(a for a in claim["attributes"] if a["id"] == "claim_type")
    claim_type.clear()
    claim_type.update(id="claim_type", name="Claim type", type="integer")
    changed = schema_file(tmp_path / "typed.json", schema)
    before = digest(db)
    line = cli(capsys, "schema", "use", changed, "--db", db).refused()
    assert "values claim.claim_type (4 spans)" in line
    assert digest(db) == before


def test_force_switches_writes_a_report_and_doctor_sees_the_same_gaps(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    result = cli(capsys, "schema", "use", narrow, "--force", "--db", db, "--as", "lead")
    assert result.code == 0, result.err
    reports = list(tmp_path.glob("team.schema-use-*.txt"))
    assert len(reports) == 1
    assert f"Report: {reports[0]}" in result.out and "Now using 'narrow' version 2.0." in result.out
    report = reports[0].read_text(encoding="utf-8")
    assert "to schema: narrow 2.0" in report and "from schema: contested-reports 1.0" in report
    assert "by lead" in report
    assert "- label casualty_figure, used by 2 spans: a3, b3" in report
    assert "- relation type attributed_to, used by 3 relations: " in report
    assert "- enum value source.source_type=government, used by 2 spans: a2, b2" in report
    assert json.loads(cli(capsys, "schema", "show", "--json", "--db", db).out)["id"] == "narrow"
    doctor = cli(capsys, "doctor", "--db", db)
    doctor.refused()
    assert "schema coverage: label casualty_figure: not in schema 'narrow' 2.0" in doctor.out
    # switching back to a schema that covers everything needs no --force, and heals it
    back = cli(capsys, "schema", "use", DEFAULT, "--db", db)
    assert back.code == 0 and "Report" not in back.out
    assert cli(capsys, "doctor", "--db", db).code == 0


def test_force_with_an_explicit_report_path(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    target = tmp_path / "gaps.txt"
    result = cli(capsys, "schema", "use", narrow, "--force", "--report", target, "--db", db)
    assert result.code == 0 and f"Report: {target}" in result.out
    assert "claim.factuality" in target.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's /sys")
def test_a_report_that_cannot_be_written_cancels_the_switch(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    before = digest(db)
    unwritable = Path("/sys/gaps.txt")  # a folder no one can create files in, root included
    line = cli(capsys, "schema", "use", narrow, "--force", "--report", unwritable, "--db", db)
    assert "/sys/gaps.txt: cannot write" in line.refused()
    assert digest(db) == before
    shown = cli(capsys, "schema", "show", "--json", "--db", db)
    assert json.loads(shown.out)["id"] == "contested-reports"
    too_long = tmp_path / ("r" * 300 + ".txt")
    line = cli(capsys, "schema", "use", narrow, "--force", "--report", too_long, "--db", db)
    assert "cannot write a report there" in line.refused()
    assert digest(db) == before


def test_report_paths_that_would_clobber_an_input_are_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    (tmp_path / "link-to-db.txt").symlink_to(db)
    before = digest(db)
    for target, expected in [
        (db, "the database"),
        (tmp_path / "team.sqlite3-wal", "a file of the database"),
        (narrow, "an input of this command"),
        (tmp_path / "link-to-db.txt", "the database"),
        (Path("/dev/stdout"), "open descriptor"),
        (tmp_path, "is a folder"),
        (tmp_path / "nope" / "r.txt", "does not exist"),
    ]:
        args = ("schema", "use", narrow, "--force", "--report", target, "--db", db)
        assert expected in cli(capsys, *args).refused()
        assert digest(db) == before
    alone = cli(capsys, "schema", "use", narrow, "--report", tmp_path / "r.txt", "--db", db)
    assert "--report: only used with --force" in alone.refused()
    assert narrow.read_text(encoding="utf-8") == json.dumps(narrowed(), indent=1)


def test_the_schema_in_use_again_changes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(db)
    result = cli(capsys, "schema", "use", DEFAULT, "--db", db)
    assert result.code == 0 and "nothing changed" in result.out
    assert digest(db) == before


def test_a_wider_schema_is_accepted(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = default_schema().to_json()
    schema["version"] = "1.1"
    schema["labels"].append({"id": "person", "name": "Person", "key": "5", "color": "#123456"})
    wider = schema_file(tmp_path / "wider.json", schema)
    result = cli(capsys, "schema", "use", wider, "--db", db)
    assert result.code == 0 and "Now using 'contested-reports' version 1.1." in result.out
    assert list(tmp_path.glob("*.txt")) == []


def _garbage(folder: Path) -> dict[str, tuple[Path, str]]:
    """Schema files no one should be able to use: (file, what the one line must say)."""
    head = '{"id": "x", "version": "1", "name": "X", "labels": [{"id": "a", "name": "A", '
    body = '"key": "1", "color": "#000000", "attributes": [{"id": "n", "name": "N", '

    def made(name: str, content: str | bytes) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    cases = {
        "deep arrays": (made("deep.json", "[" * 100_000), "nested too deeply"),
        "deep objects": (made("deepobj.json", '{"a":' * 100_000), "nested too deeply"),
        "deep but parseable": (
            made(
                "deep900.json",
                head + body + '"type": "text", "help": ' + "[" * 900 + "]" * 900 + "}]}]}",
            ),
            "nested deeper than 32",
        ),
        "binary": (made("binary.json", bytes(range(256))), "byte 0: NUL byte"),
        "NUL escape": (made("nul.json", '{"id": "x\\u0000"}'), "id: holds a NUL character"),
        "lone surrogate": (
            made(
                "surrogate.json",
                head.replace('"X"', '"\\ud800"') + '"key": "1", "color": "#000000"}]}',
            ),
            "name: holds a lone surrogate \\ud800",
        ),
        "lone surrogate key": (made("surrkey.json", '{"\\udfff": 1}'), "a key holds a lone"),
        "huge integer": (
            made(
                "hugeint.json",
                head + body + '"type": "integer", "minimum": ' + "9" * 5000 + "}]}]}",
            ),
            "labels[0].attributes[0].minimum: a number 5000 characters long",
        ),
        "infinite number": (
            made("inf.json", head + body + '"type": "number", "minimum": 1e400}]}]}'),
            "labels[0].attributes[0].minimum: a number too large to hold",
        ),
        "NaN": (made("nan.json", '{"id": NaN}'), "NaN is not valid JSON"),
        "UTF-16": (made("utf16.json", '{"id": "x"}'.encode("utf-16")), "NUL byte"),
        "latin-1": (made("latin1.json", '{"id": "caf\xe9"}'.encode("latin-1")), "not UTF-8"),
        "empty": (made("empty.json", b""), "line 1, column 1"),
        "truncated": (made("cut.json", DEFAULT.read_text(encoding="utf-8")[:500]), "line "),
        "a folder": (folder, "is a folder"),
        "missing": (folder / "absent.json", "cannot read"),
    }
    if hasattr(os, "mkfifo"):
        fifo = folder / "pipe.json"
        os.mkfifo(fifo)
        cases["a FIFO"] = (fifo, "not a regular file")
    return cases


@pytest.mark.parametrize("command", ["validate", "use"])
def test_garbage_schema_files_give_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "garbage"
    folder.mkdir()
    before = digest(db)
    for case, (path, expected) in _garbage(folder).items():
        extra = ["--db", db] if command == "use" else []
        line = cli(capsys, "schema", command, path, *extra).refused()
        assert line.startswith(f"annotator: error: {path}"), (case, line)
        assert expected in line, (case, line)
        assert len(line) < 400, (case, line)
        assert digest(db) == before, case
    database_as_schema = cli(capsys, "schema", command, db, *(["--db", db] * (command == "use")))
    assert "NUL byte" in database_as_schema.refused()
    assert digest(db) == before


def test_schema_use_on_a_new_database_creates_it_with_that_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    new = tmp_path / "new.sqlite3"
    assert cli(capsys, "schema", "use", narrow, "--db", new).code == 0
    assert json.loads(cli(capsys, "schema", "show", "--json", "--db", new).out)["id"] == "narrow"


def test_schema_use_repairs_a_damaged_stored_schema(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE store_meta SET value = '{\"id\": [' WHERE key = 'label_schema'")
    conn.close()
    shown = cli(capsys, "schema", "show", "--db", db).refused()
    assert "damaged" in shown and "annotator doctor" in shown
    assert "the stored label schema: line 1" in cli(capsys, "doctor", "--db", db).out
    result = cli(capsys, "schema", "use", DEFAULT, "--db", db)
    assert result.code == 0 and "Now using 'contested-reports' version 1.0." in result.out
    assert cli(capsys, "doctor", "--db", db).code == 0
