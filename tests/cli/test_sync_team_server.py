"""``annotator sync`` against a team server with roles (issue 12, items 3 and 6): each
annotator syncs as their own role, sees only their documents, and pushes only their work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import GOLD
from annotator.errors import UserError
from annotator.io.sync import open_server
from annotator.io.sync import sync as sync_stores
from annotator.store import Store, server_url
from tests.cli.in_process import cli
from tests.cli.test_team_cli import team_lines, write
from tests.sync_corpus import contents, span
from tests.team_server import LEAD, Team, set_up


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Team:
    """bob's work on report-1 and report-2 imported by the lead, gold on report-1; both
    documents assigned to alice, report-1 to bob."""
    team = set_up(pg_url, write(tmp_path / "bob.annotations.jsonl", team_lines()["bob"]))
    team.assign("report-1", "alice", "bob")
    team.assign("report-2", "alice")
    with Store.open(team.url(LEAD)) as lead:
        found = lead.find_document("report-1")
        assert found is not None
        span(lead, "report-1", GOLD, found.text[:5])
    return team


def sync(capsys: pytest.CaptureFixture[str], team: Team, who: str, laptop: Path) -> dict:
    # No --as: on a team server the connected role is who syncs, whatever the login name.
    result = cli(capsys, "sync", "--db", laptop, "--server", team.url(who), "--new", "--json")
    assert result.code == 0, result.err
    return dict(json.loads(result.out))


def test_each_annotator_syncs_their_own_documents_and_work_as_their_role(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alice, bob = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    first = sync(capsys, team, "alice", alice)
    assert first["pulled"] == {"documents": 2, "gold_sets": 1, "own_sets": 0, "schema": "unchanged"}
    assert {v[1] for v in contents(alice)["spans"].values()} == {GOLD}  # not bob's work
    with Store.open(alice) as here:
        found = here.find_document("report-2")
        assert found is not None
        mine = span(here, "report-2", "alice", found.text[:5])
    pushed = sync(capsys, team, "alice", alice)
    assert pushed["pushed"]["sets"] == 1 and pushed["left_alone"] == []
    assert contents(team.owner_url)["spans"][mine.uid][:2] == ("report-2", "alice")
    # bob sees report-1 only, and his own work there comes down.
    theirs = sync(capsys, team, "bob", bob)
    assert theirs["pulled"] == {
        "documents": 1,
        "gold_sets": 1,
        "own_sets": 1,
        "schema": "unchanged",
    }
    assert contents(bob)["documents"] == ["report-1"]
    assert sync(capsys, team, "alice", alice)["pushed"]["sets"] == 0


def test_syncing_as_someone_other_than_the_connected_role_is_refused(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "alice.sqlite3"
    sync(capsys, team, "alice", laptop)
    before = contents(laptop)
    line = cli(
        capsys, "sync", "--db", laptop, "--server", team.url("alice"), "--as", "bob"
    ).refused()
    assert "you write as the role you connect as, alice" in line
    # The window passes its own annotator name: a different one is refused, not synced as
    # nothing (the database would hide bob's work from alice).
    reader, local = open_server(server_url.parse(team.url("alice"))), Store.open(laptop)
    with reader, local, pytest.raises(UserError, match="connected as alice, so you sync alice's"):
        sync_stores(local, reader, "bob")
    assert contents(laptop) == before
