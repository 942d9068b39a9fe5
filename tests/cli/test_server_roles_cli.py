"""``annotator server init`` and ``add-annotator``, and the CLI on a team server (issue 12,
item 3): idempotent set-up, one-line refusals with exit 2, and each person working as the
role they log in as."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store import Store
from tests.cli.in_process import cli
from tests.cli.test_schema_use import schema_file
from tests.cli.test_team_cli import team_lines, write
from tests.store.test_server_roles import renamed
from tests.team_server import LEAD, Team, set_up

COUNT_SPANS = "SELECT a.name, count(*) FROM span s JOIN annotator a ON a.id = s.annotator_id "
COUNT_SPANS += "GROUP BY a.name ORDER BY a.name"


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Team:
    """bob's work on report-1 and report-2 imported by the lead; both assigned to alice,
    report-1 to bob."""
    team = set_up(pg_url, write(tmp_path / "bob.annotations.jsonl", team_lines()["bob"]))
    team.assign("report-1", "alice", "bob")
    team.assign("report-2", "alice")
    return team


def test_init_and_add_annotator_are_idempotent(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = pg_url.rsplit("/", 1)[1]
    first = cli(capsys, "server", "init", "--lead", LEAD, "--db", pg_url)
    assert first.code == 0, first.err
    assert f"  lead: {LEAD} (group {database}_lead)" in first.out
    assert f"  annotators' group: {database}_annotators" in first.out
    assert f"Set {LEAD}'s password in psql with \\password {LEAD}" in first.out
    again = cli(capsys, "server", "init", "--lead", LEAD, "--db", pg_url)
    assert again.code == 0 and "new roles" not in again.out
    added = cli(capsys, "server", "add-annotator", "ana", "--db", pg_url)
    assert added.code == 0 and "Added annotator ana" in added.out
    assert "annotator --db postgresql://ana@127.0.0.1:" in added.out
    twice = cli(capsys, "server", "add-annotator", "ana", "--db", pg_url)
    assert twice.out.startswith("ana is already an annotator of")
    with Store.open(pg_url, write=False) as store:
        assert store.annotators() == ["ana", "gold", LEAD]


def test_bad_set_up_is_refused_in_one_line(
    pg_url: str, pg_empty_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite = tmp_path / "a.sqlite3"
    line = cli(capsys, "server", "init", "--lead", LEAD, "--db", sqlite).refused()
    assert line.endswith("server commands need --db postgresql://USER@HOST:PORT/DBNAME")
    assert not sqlite.exists()
    line = cli(capsys, "server", "add-annotator", "ana", "--db", pg_url).refused()
    assert line.endswith("not a team server yet; run `annotator server init` first")
    for name in ("gold", "GOLD", "pg_x", " ana"):
        line = cli(capsys, "server", "init", "--lead", name, "--db", pg_empty_url).refused()
        assert line.startswith("annotator: error: --lead: ")
    assert cli(capsys, "server", "init", "--lead", LEAD, "--db", pg_url).code == 0
    line = cli(capsys, "server", "add-annotator", LEAD, "--db", pg_url).refused()
    assert line.endswith(f"{LEAD!r} is the lead of {pg_url}")
    assert cli(capsys, "server", "add-annotator", "ana", "--db", pg_url).code == 0
    ana = pg_url.replace("annotator@", "ana@")
    line = cli(capsys, "server", "add-annotator", "eve", "--db", ana).refused()
    assert line.endswith("run this as the database's owner with CREATEROLE, or as a superuser")
    line = cli(capsys, "server", "init", "--lead", "ana", "--db", pg_url).refused()
    assert line.endswith("--lead: 'ana' is an annotator of this database")


def test_an_annotator_imports_their_own_work_on_their_documents(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = write(tmp_path / "alice.annotations.jsonl", team_lines()["alice"])
    done = cli(capsys, "import", own, "--db", team.url("alice"))
    assert done.code == 0, done.err
    assert team.sql("annotator", COUNT_SPANS) == [("alice", 5), ("bob", 3)]
    listed = cli(capsys, "list", "--db", team.url("bob"))
    assert "report-1" in listed.out and "report-2" not in listed.out


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("bob", "permission denied: alice writes only their own spans"),
        ("carol", "permission denied: only the lead adds annotators"),
    ],
)
def test_importing_someone_elses_work_is_refused(
    team: Team, who: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = team_lines()[who]  # on report-1 and report-2, which alice may read
    before = team.sql("annotator", COUNT_SPANS)
    other = write(tmp_path / f"{who}-again.annotations.jsonl", theirs)
    line = cli(capsys, "import", other, "--db", team.url("alice")).refused()
    assert expected in line and line.endswith("nothing was changed")
    assert team.sql("annotator", COUNT_SPANS) == before


def test_only_the_lead_imports_documents(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "new.txt"
    text.write_text("A new report from the front.", encoding="utf-8")
    line = cli(capsys, "import", text, "--db", team.url("alice")).refused()
    assert "permission denied: only the lead adds or changes documents" in line
    assert cli(capsys, "import", text, "--db", team.url(LEAD)).code == 0


def test_only_the_lead_switches_the_schema(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(team.url(LEAD), write=False) as store:
        other = schema_file(tmp_path / "team.json", renamed(store.schema).to_json())
    line = cli(capsys, "schema", "use", other, "--db", team.url("alice")).refused()
    assert line.endswith("only the lead changes the label schema; nothing was changed")
    used = cli(capsys, "schema", "use", other, "--db", team.url(LEAD))
    assert used.code == 0 and "Now using 'team-schema'" in used.out
    with Store.open(team.url(LEAD), write=False) as store:
        assert [(c.annotator, c.action) for c in store.changes(limit=1)] == [(LEAD, "schema.set")]


def test_as_someone_else_is_refused_on_a_team_server(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    own = write(tmp_path / "alice.annotations.jsonl", team_lines()["alice"])
    line = cli(capsys, "import", own, "--as", "bob", "--db", team.url("alice")).refused()
    assert line == (
        "annotator: error: --as bob: on this team server you write as the role you connect as, "
        "alice"
    )
    assert team.sql("annotator", COUNT_SPANS) == [("bob", 3)]
    monkeypatch.setenv("ANNOTATOR_NAME", "somebody")  # the role wins over the environment
    assert cli(capsys, "import", own, "--as", "alice", "--db", team.url("alice")).code == 0
    with Store.open(team.url(LEAD), write=False) as store:
        assert [c.annotator for c in store.changes(limit=1)] == ["alice"]


def test_an_unassigned_document_is_not_there_for_an_annotator(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = cli(capsys, "suggest", "--doc", "report-2", "--db", team.url("bob")).refused()
    assert "report-2" in line, line
    assert cli(capsys, "suggest", "--doc", "report-2", "--db", team.url("alice")).code == 0
    exported = tmp_path / "bob.annotations.jsonl"
    assert cli(capsys, "export", "-f", "native", "-o", exported, "--db", team.url("bob")).code == 0
    text = exported.read_text(encoding="utf-8")
    assert '"report-1"' in text and '"report-2"' not in text
