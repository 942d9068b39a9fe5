"""Options before the subcommand: ``--version`` and ``--db PATH`` (as well as after it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import __version__
from annotator.cli.main import main
from tests.cli.in_process import cli
from tests.conftest import SAMPLES


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"annotator {__version__}\n"


def test_db_before_the_subcommand_is_the_same_as_after(capsys, tmp_path: Path) -> None:
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    assert cli(capsys, "--db", before, "import", SAMPLES).code == 0
    assert cli(capsys, "import", SAMPLES, "--db", after).code == 0
    listed = [
        json.loads(cli(capsys, *args, "--json").out)
        for args in (
            ("--db", before, "list"),
            ("list", "--db", after),
            ("--db", after, "list", "--db", after),  # the same path twice is fine
        )
    ]
    assert len(listed[0]) == 4 and listed[0] == listed[1] == listed[2]
    shown = cli(capsys, "--db", before, "schema", "show")
    assert shown.code == 0 and "contested" in shown.out.lower()


def test_db_before_the_subcommand_is_refused_where_it_cannot_apply(capsys, tmp_path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert cli(capsys, "--db", a, "list", "--db", b).refused() == (
        f"annotator: error: --db given twice with different paths: {a} and {b}"
    )
    refused = cli(capsys, "--db", a, "schema", "validate", SAMPLES / "README.md").refused()
    assert refused == "annotator: error: --db does not apply to 'schema'"
    assert not a.exists() and not b.exists()
