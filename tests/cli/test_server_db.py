"""The CLI on a PostgreSQL database (``--db postgresql://...``, or ``$ANNOTATOR_DB``): schema
switches, the refusals that only make sense for files, and URLs holding a password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.schema import schemas_dir
from annotator.store import Store
from tests.cli.in_process import cli, team_database
from tests.cli.test_schema_use import GAPS, narrowed, schema_file
from tests.conftest import SAMPLES

DEFAULT = schemas_dir() / "contested-reports.json"
WITH_PASSWORD = "postgresql://ana:s3cret@127.0.0.1:1/team"


@pytest.fixture
def team(tmp_path: Path, capsys: pytest.CaptureFixture[str], pg_url: str) -> str:
    return str(team_database(tmp_path, capsys, db=pg_url))


def test_schema_use_refuses_what_does_not_cover_the_data_then_forces_with_a_report(
    team: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    line = cli(capsys, "schema", "use", narrow, "--db", team).refused()
    assert f"does not cover the data in {team}:" in line
    for gap in GAPS:
        assert gap in line, line
    assert json.loads(cli(capsys, "schema", "show", "--json", "--db", team).out)["id"] == (
        "contested-reports"
    )
    target = tmp_path / "gaps.txt"
    forced = cli(capsys, "schema", "use", narrow, "--force", "--report", target, "--db", team)
    assert forced.code == 0, forced.err
    report = target.read_text(encoding="utf-8")
    assert f"database: {team}" in report
    assert "- label casualty_figure, used by 2 spans: a3, b3" in report
    assert json.loads(cli(capsys, "schema", "show", "--json", "--db", team).out)["id"] == "narrow"
    with Store.open(team, write=False) as store:
        assert [c.action for c in store.changes(limit=1)] == ["schema.set"]


def test_the_default_report_of_a_server_database_goes_in_the_current_folder(
    team: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    forced = cli(capsys, "schema", "use", narrow, "--force", "--db", team)
    assert forced.code == 0, forced.err
    [report] = work.glob("server.schema-use-*.txt")
    assert f"Report: {report}" in forced.out


def test_doctor_refuses_a_server_database_in_one_line(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in ((), ("--json",)):
        line = cli(capsys, "doctor", "--db", pg_url, *extra).refused()
        assert line == (
            f"annotator: error: {pg_url}: doctor checks SQLite files; not on PostgreSQL (the "
            "server checks its own pages, keys and text encoding)"
        )


def test_an_export_to_any_file_name_is_allowed_but_never_an_input(
    team: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server database has no files beside it to protect; the command's inputs still are."""
    out = tmp_path / "team.sqlite3"  # the name SQLite would have used here
    assert cli(capsys, "export", "-f", "native", "-o", out, "--db", team).code == 0
    assert out.read_text(encoding="utf-8").startswith("{")
    narrow = schema_file(tmp_path / "narrow.json", narrowed())
    line = cli(
        capsys, "schema", "use", narrow, "--force", "--report", narrow, "--db", team
    ).refused()
    assert "refused: this is an input of this command" in line


COMMANDS = [
    ("list",),
    ("stats",),
    ("import", SAMPLES / "01-border-clash.txt"),
    ("export", "-f", "native", "-o", "out.jsonl"),
    ("schema", "show"),
    ("schema", "use", DEFAULT),
    ("doctor",),
    ("suggest",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(map(str, c[:2])))
def test_a_password_in_the_url_is_refused_by_every_command_and_never_echoed(
    command: tuple[str | Path, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    given = cli(capsys, *command, "--db", WITH_PASSWORD)
    assert "holds a password" in given.refused()
    monkeypatch.setenv("ANNOTATOR_DB", WITH_PASSWORD)
    from_env = cli(capsys, *command)
    assert "holds a password" in from_env.refused()
    for result in (given, from_env):
        assert "s3cret" not in result.out + result.err
    assert list(tmp_path.iterdir()) == []


def test_db_given_twice_never_echoes_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    line = cli(capsys, "--db", WITH_PASSWORD, "list", "--db", "other.sqlite3").refused()
    assert line == "annotator: error: --db given twice with different databases"


def test_db_before_the_subcommand_reaches_the_server_too(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "--db", pg_url, "import", SAMPLES).code == 0
    before = json.loads(cli(capsys, "--db", pg_url, "list", "--json").out)
    after = json.loads(cli(capsys, "list", "--json", "--db", pg_url).out)
    assert len(before) == 4 and before == after
