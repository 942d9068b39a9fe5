"""``annotator merge`` and ``agreement`` on garbage: every bad input is one line naming the
file (and the line, where the file has lines), exit 2, and no output written.

The garbage is the same the importers get: truncated JSON, lone surrogates, NUL, float
offsets, wrong types, deep nesting, a database given as input, a folder, a missing file,
bytes that are not UTF-8; and the same in the header's label schema.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.core.schema import default_schema
from annotator.io.exporters.native import dumps_line, header
from tests.cli.in_process import cli
from tests.cli.test_team_cli import TEXT1, TEXT2, document, span, team_lines, write


@pytest.fixture
def team(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "team"
    folder.mkdir()
    return [
        write(folder / f"{name}.annotations.jsonl", lines) for name, lines in team_lines().items()
    ]


def _zed_line() -> dict[str, Any]:
    """A good document line for a fourth annotator, to be spoiled."""
    quote = "Armenian forces shelled the village"
    return document(TEXT1, "zed", [span("z1", "claim", quote, TEXT1, claim_type="event")])


def _head() -> str:
    return dumps_line(header(default_schema().to_json()))


def _line(change: Callable[[dict[str, Any]], object]) -> str:
    """The zed line as JSON after ``change``; a string result replaces the JSON text."""
    line = _zed_line()
    result = change(line)
    return result if isinstance(result, str) else json.dumps(line)


def _replaced(text: str, old: str, new: str) -> str:
    assert old in text, old  # the garbage must really be in the file
    return text.replace(old, new, 1)


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(line: dict[str, Any]) -> None:
        target: Any = line
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        for part in parents:
            target = target[part]
        target[last] = value

    return change


_GOOD = json.dumps(_zed_line())

# name -> (file content, what the one line must say besides the file name)
GARBAGE: dict[str, tuple[str | bytes, str]] = {
    "truncated": (_head() + _GOOD[:-30], "line 2: not valid JSON"),
    "float offset": (_head() + _line(_set("spans.0.start", 10.0)), "line 2"),
    "huge offset literal": (
        _head() + _replaced(_GOOD, '"start": 10', '"start": 1' + "0" * 5000),
        "line 2",
    ),
    "offset as text": (_head() + _line(_set("spans.0.end", "45")), "line 2"),
    "spans not a list": (_head() + _line(_set("spans", {"a": 1})), "line 2"),
    "relations a number": (_head() + _line(_set("relations", 5)), "line 2"),
    "attribute a list": (_head() + _line(_set("spans.0.attributes.claim_type", [1])), "line 2"),
    "status a list": (_head() + _line(_set("status", ["done"])), "line 2"),
    "lone surrogate in the text": (
        _head() + _replaced(_GOOD, '"title": "Baku"', '"title": "\\ud800"'),
        "line 2",
    ),
    "lone surrogate as annotator": (
        _head() + _replaced(_GOOD, '"annotator": "zed"', '"annotator": "\\udfff"'),
        "line 2",
    ),
    "lone surrogate in a note": (
        _head() + _replaced(_GOOD, '"note": ""', '"note": "\\ud83d"'),
        "line 2",
    ),
    "NUL escape in a note": (
        _head() + _replaced(_GOOD, '"note": ""', '"note": "a\\u0000b"'),
        "line 2",
    ),
    "NaN offset": (_head() + _replaced(_GOOD, '"start": 10', '"start": NaN'), "line 2"),
    "deep arrays": (_head() + "[" * 100_000, "line 2"),
    "deep objects": (_head() + '{"a":' * 100_000, "line 2"),
    "deep header": ("[" * 100_000 + "\n" + _GOOD, "line 1"),
    "deep schema in the header": (
        _replaced(_head(), '"schema":{', '"schema":{"x":' + "[" * 900 + "]" * 900 + ",") + _GOOD,
        "line 1",
    ),
    "lone surrogate in the header schema": (
        _replaced(_head(), '"name":"Contested reports"', '"name":"\\ud800"') + _GOOD,
        "line 1",
    ),
    "infinite bound in the header schema": (
        _replaced(_head(), '"minimum":0', '"minimum":-1e400') + _GOOD,
        "line 1",
    ),
    "header schema of the wrong type": (
        dumps_line(header(default_schema().to_json()) | {"schema": 5}) + _GOOD,
        "line 1",
    ),
    "not UTF-8": (_head().encode() + _GOOD.encode().replace(b"Baku", b"B\xffku"), "byte "),
    "NUL byte": (_head().encode() + b'{"kind": "document\x00"}', "byte "),
    "binary": (bytes(range(256)) * 4, "byte 0"),
    "empty": (b"", "empty file"),
    "a JSON array file": ("[" + _GOOD + "]", "line 1"),
    "a span id used again on a later line": (
        _head()
        + _GOOD
        + "\n\n"
        + json.dumps(
            document(TEXT2, "zed", [span("z1", "claim", "Moscow called for calm", TEXT2)])
        ),
        "line 4: span z1: span id already used on line 2",
    ),
}


def _made(folder: Path, name: str) -> tuple[Path, str]:
    path = folder / f"{name.replace(' ', '-')}.annotations.jsonl"
    content, expected = GARBAGE[name]
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path, expected


def _refused(
    capsys: pytest.CaptureFixture[str], command: str, files: list[Path], bad: Path, out: Path
) -> str:
    extra = ["-o", out] if command == "merge" else []
    result = cli(capsys, command, *files, bad, *extra)
    line = result.refused()
    assert result.out == "", result.out
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    assert line.startswith(f"annotator: error: {bad}"), line
    return line


@pytest.mark.parametrize("name", list(GARBAGE))
@pytest.mark.parametrize("command", ["merge", "agreement"])
def test_garbage_gives_one_line_naming_the_file_and_place(
    tmp_path: Path, team: list[Path], capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    bad, expected = _made(tmp_path, name)
    out = tmp_path / "out" / "gold.annotations.jsonl"
    out.parent.mkdir()
    line = _refused(capsys, command, team, bad, out)
    assert expected in line, line


def _database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    return path


@pytest.mark.parametrize("command", ["merge", "agreement"])
def test_paths_that_are_not_native_files(
    tmp_path: Path, team: list[Path], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    out = tmp_path / "out" / "gold.annotations.jsonl"
    out.parent.mkdir()
    database = _database(tmp_path / "team.annotations.jsonl")
    assert "an SQLite database, not a native file" in _refused(capsys, command, team, database, out)
    folder = tmp_path / "folder.annotations.jsonl"
    folder.mkdir()
    assert "is a folder" in _refused(capsys, command, team, folder, out)
    missing = tmp_path / "missing.annotations.jsonl"
    assert "cannot read" in _refused(capsys, command, team, missing, out)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.annotations.jsonl"
        os.mkfifo(fifo)
        assert "not a regular file" in _refused(capsys, command, team, fifo, out)
    newline_name = tmp_path / "evil\nname\x1b[31m.annotations.jsonl"
    newline_name.write_bytes(b"")
    result = cli(capsys, command, *team, newline_name, *(["-o", out] * (command == "merge")))
    assert "evil\\nname\\x1b[31m" in result.refused()


def test_good_files_still_merge_after_all_that(
    tmp_path: Path, team: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    zed = tmp_path / "zed.annotations.jsonl"
    zed.write_text(_head() + _GOOD + "\n", encoding="utf-8")
    out = tmp_path / "gold.annotations.jsonl"
    result = cli(capsys, "merge", *team, zed, "-o", out)
    assert result.code == 0, result.err
    assert cli(capsys, "agreement", *team, zed, "--json").code == 0
