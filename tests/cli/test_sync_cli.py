"""``annotator sync`` between a local SQLite file and a real PostgreSQL server (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from annotator.core.model import GOLD, Status
from annotator.core.schema import loads_schema
from annotator.store import Store
from tests.cli.in_process import Result, cli, digest
from tests.helpers import new_document
from tests.sync_corpus import TEXTS, change_actions, contents, seed_server, span, work_offline


@pytest.fixture
def server(pg_url: str) -> str:
    seed_server(pg_url)
    return pg_url


@pytest.fixture
def laptop(capsys: pytest.CaptureFixture[str], tmp_path: Path, server: str) -> Path:
    """alice's local copy, after a first sync."""
    local = tmp_path / "laptop.sqlite3"
    assert sync(capsys, local, server, "--new").code == 0
    return local


def sync(capsys: pytest.CaptureFixture[str], local: Path, server: str, *more: str) -> Result:
    return cli(capsys, "sync", "--db", local, "--server", server, "--as", "alice", *more)


def test_first_sync_pulls_documents_gold_and_own_work_and_a_second_moves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server: str
) -> None:
    local = tmp_path / "laptop.sqlite3"
    first = sync(capsys, local, server, "--new")
    assert first.code == 0, first.err
    assert first.out.splitlines() == [
        "pulled 8 documents, 2 gold sets, 1 set of alice's changed on the server, schema "
        "unchanged; pushed 0 sets (0 spans, 0 relations, 0 statuses)"
    ]
    here, there = contents(local), contents(server)
    assert here["documents"] == there["documents"]
    # Gold and alice's own work came down; bob's did not.
    assert {uid: v for uid, v in there["spans"].items() if v[1] != "bob"} == here["spans"]
    assert here["relations"] == there["relations"]
    assert here["statuses"] == {("d03", "alice"): "in_progress"}
    again = sync(capsys, local, server)
    assert (again.code, again.out) == (0, "nothing to sync\n")
    assert contents(local) == here and contents(server) == there


def test_offline_work_is_pushed_whole_with_its_uids_and_logged_on_both_sides(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    local = laptop
    work_offline(local)
    pushed = sync(capsys, local, server, "--json")
    assert pushed.code == 0, pushed.err
    report = json.loads(pushed.out)
    assert report["pushed"] == {
        "sets": 2, "spans": 4, "relations": 2, "statuses": 2, "suggestion_outcomes": 2
    }  # fmt: skip
    assert report["pulled"]["documents"] == 0 and report["conflicts"] == []
    here, there = contents(local), contents(server)
    mine = {uid: v for uid, v in here["spans"].items() if v[1] == "alice"}
    assert mine.items() <= there["spans"].items()
    assert here["relations"].items() <= there["relations"].items()
    assert there["statuses"][("d04", "alice")] == "done"
    assert there["outcomes"][("d05", "alice", "location", 0, 6)] == "rejected"
    server_log = change_actions(server)
    assert server_log.count("span.create") >= 4 and server_log.count("sync.push") == 2
    assert "sync.base" in change_actions(local)
    assert sync(capsys, local, server).out == "nothing to sync\n"


def test_own_work_edited_on_the_server_comes_down_and_both_sides_edited_is_a_conflict(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    local = laptop
    work_offline(local, documents=("d04",))
    assert sync(capsys, local, server).code == 0
    # alice, in a window on the server: more work on d03 (untouched here) and on d04;
    # offline, she changes d04 as well.
    with Store.open(server) as there:
        span(there, "d03", "alice", "people were killed")
        span(there, "d04", "alice", "the town")
    with Store.open(local) as here:
        span(here, "d04", "alice", "shelling")
    before_here, before_there = contents(local), contents(server)
    result = sync(capsys, local, server)
    assert result.code == 3
    lines = result.out.splitlines()
    assert lines[0].startswith("pulled 0 documents, 0 gold sets, 1 set of alice's changed")
    assert lines[1].startswith("conflict: document 'd04': alice's work changed here and on")
    after_here, after_there = contents(local), contents(server)
    d04 = {uid for uid, v in before_here["spans"].items() if v[0] == "d04"}
    assert d04 <= after_here["spans"].keys()
    assert after_there == before_there  # nothing pushed: d04 was the only change here
    # The conflict stays until a side is chosen; the server's version is then in its log.
    assert sync(capsys, local, server).code == 3
    chosen = sync(capsys, local, server, "--prefer", "local")
    assert chosen.code == 0 and "pushed 1 set (2 spans" in chosen.out
    final = contents(server)
    assert {uid for uid, v in final["spans"].items() if v[:2] == ("d04", "alice")} == {
        uid for uid, v in contents(local)["spans"].items() if v[:2] == ("d04", "alice")
    }
    assert "span.delete" in change_actions(server)
    assert sync(capsys, local, server).out == "nothing to sync\n"


def test_gold_on_the_server_wins_over_a_local_edit(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    local = laptop
    with Store.open(local) as here:
        span(here, "d00", GOLD, "the town")
    with Store.open(server) as there:
        span(there, "d01", GOLD, "the town")
    result = sync(capsys, local, server)
    assert result.out.startswith("pulled 0 documents, 2 gold sets")
    gold = lambda where: {u: v for u, v in contents(where)["spans"].items() if v[1] == GOLD}  # noqa: E731
    assert gold(local) == gold(server)


def test_only_assigned_documents_are_pulled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server: str
) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("INSERT INTO annotator (name) VALUES ('alice') ON CONFLICT DO NOTHING")
        conn.execute(
            "INSERT INTO assignment (document_id, annotator_id, assigned_at) "
            "SELECT d.id, a.id, 'now' FROM document d, annotator a "
            "WHERE a.name = 'alice' AND d.doc_id IN ('d01', 'd03')"
        )
        conn.execute(
            "INSERT INTO assignment (document_id, annotator_id, assigned_at) "
            "SELECT d.id, a.id, 'now' FROM document d, annotator a "
            "WHERE a.name = 'bob' AND d.doc_id = 'd02'"
        )
    local = tmp_path / "laptop.sqlite3"
    result = sync(capsys, local, server, "--new", "--json")
    assert json.loads(result.out)["pulled"]["documents"] == 2
    assert contents(local)["documents"] == ["d01", "d03"]


def _wrong_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite3"
    with Store.open(path) as other:
        other.import_files([("x", [new_document(TEXTS[5], "d00")])], actor="alice")
    return path


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "no such file; to start a new local copy, add --new"),
        ("password", "--server: the URL holds a password; refused"),
        ("unreachable", "127.0.0.1:1/"),
        ("corpus", "is not a copy of"),
        ("db is a url", "sync: --db is the local SQLite file"),
        ("not a url", "--server: not a postgresql:// URL"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    laptop: Path,
    server: str,
    case: str,
    expected: str,
) -> None:
    local = laptop
    work_offline(local, documents=("d04",))
    target, where = local, server
    if case == "missing":
        target = tmp_path / "typo.sqlite3"
    elif case == "password":
        where = server.replace("@", ":secret@", 1)
    elif case == "unreachable":
        where = "postgresql://someone@127.0.0.1:1/team"
    elif case == "corpus":
        target = _wrong_corpus(tmp_path)
    elif case == "not a url":
        where = str(tmp_path / "server.sqlite3")
    before_local, before_server = digest(target) if target.exists() else "", contents(server)
    args = ["sync", "--db", server if case == "db is a url" else target, "--server", where]
    line = cli(capsys, *args, "--as", "alice").refused()
    assert expected in line and "secret" not in line
    assert (digest(target) if target.exists() else "") == before_local
    assert not (tmp_path / "typo.sqlite3").exists()
    assert contents(server) == before_server


def test_status_set_to_todo_offline_is_pushed(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    local = laptop
    with Store.open(local) as here:
        found = here.find_document("d03")
        assert found is not None
        here.set_status(found.id, "alice", Status.TODO)
    assert "1 status" in sync(capsys, local, server).out
    assert ("d03", "alice") not in contents(server)["statuses"] or contents(server)["statuses"][
        ("d03", "alice")
    ] == "todo"


def test_a_new_label_schema_on_the_server_comes_down(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    with Store.open(server) as there:
        changed = there.schema.to_json() | {"id": "team-schema"}
        there.set_schema(loads_schema(json.dumps(changed), "test"), actor="lead")
    result = sync(capsys, laptop, server)
    assert "schema updated" in result.out
    with Store.open(laptop, write=False) as here:
        assert here.schema.id == "team-schema"
    assert "schema.set" in change_actions(laptop)
    assert sync(capsys, laptop, server).out == "nothing to sync\n"


def test_a_server_schema_that_does_not_cover_local_work_is_refused_before_anything_moves(
    capsys: pytest.CaptureFixture[str], laptop: Path, server: str
) -> None:
    with Store.open(laptop) as here:
        span(here, "d06", "alice", "the town", label="location")
    with Store.open(server) as there:
        changed = there.schema.to_json() | {"id": "no-places"}
        changed["labels"] = [label for label in changed["labels"] if label["id"] != "location"]
        changed["relations"] = [r for r in changed["relations"] if r["id"] != "located_at"]
        there.set_schema(loads_schema(json.dumps(changed), "test"), actor="lead")
    before_local, before_server = digest(laptop), contents(server)
    line = sync(capsys, laptop, server).refused()
    assert "label schema does not cover the work in" in line and "nothing was synced" in line
    assert digest(laptop) == before_local and contents(server) == before_server
