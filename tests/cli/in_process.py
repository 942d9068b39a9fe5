"""Running the real CLI in-process, and the team's native files imported into a real database.

Shared by the doctor, schema and merge/agreement bad-input tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.launcher import main
from tests.cli.test_team_cli import team_lines, write


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def refused(self) -> str:
        """The one stderr line of a refusal (exit 2, no traceback), checked."""
        assert self.code == 2, (self.code, self.out, self.err)
        assert "Traceback" not in self.err, self.err
        assert len(self.err_lines) == 1, self.err
        return self.err_lines[0]


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Result:
    capsys.readouterr()  # drop anything printed before
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def digest(db: Path) -> str:
    """sha256 of the database and its write-ahead log, if any."""
    sha = hashlib.sha256(db.read_bytes())
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        sha.update(wal.read_bytes())
    return sha.hexdigest()


def team_database(
    folder: Path, capsys: pytest.CaptureFixture[str], db: Path | str | None = None
) -> Path | str:
    """alice's, bob's and carol's native files imported through the CLI into a new database
    (``folder/team.sqlite3`` unless ``db`` is given): claims, sources and a casualty figure
    with attributes, and attributed_to relations."""
    files = [
        write(folder / f"{name}.annotations.jsonl", lines) for name, lines in team_lines().items()
    ]
    db = db if db is not None else folder / "team.sqlite3"
    result = cli(capsys, "import", *files, "--db", db)
    assert result.code == 0, result.err
    return db
