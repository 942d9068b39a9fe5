"""Roles and ownership on a team server, enforced by PostgreSQL (issue 12, item 3): a lead and
two annotators, each connected as their own role through the real Store, and every forbidden
write refused by the database with one clear line, changing nothing."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.model import GOLD, Relation, Span, Status, new_uid
from annotator.core.schema import LabelSchema, loads_schema
from annotator.core.suggest.base import Suggestion
from annotator.errors import UserError
from annotator.store import Store, server_errors
from annotator.store.server_url import parse
from tests.cli.test_team_cli import TEXT1, TEXT2, team_lines, write
from tests.conftest import engine_database
from tests.helpers import span_over
from tests.team_server import LEAD, Team, set_up

BORDER = Path(__file__).parents[2] / "resources" / "samples" / "01-border-clash.txt"
TABLES = (
    "document", "annotator", "span", "relation", "document_status", "assignment",
    "store_meta", "change_log", "suggestion_outcome", "suggestion_pattern",
)  # fmt: skip


def new_team(url: str, folder: Path) -> Team:
    """bob's and carol's work on report-1 and report-2 and one sample, imported by the lead;
    report-1 assigned to alice and bob, report-2 to alice; a gold span on report-1."""
    lines = team_lines()
    files = [write(folder / f"{name}.annotations.jsonl", lines[name]) for name in ("bob", "carol")]
    team = set_up(url, *files, BORDER)
    team.assign("report-1", "alice", "bob")
    team.assign("report-2", "alice")
    with Store.open(team.url(LEAD)) as lead:
        report = team.document_id("report-1")
        lead.add_span(span_over(TEXT1, "Baku", document_id=report, annotator=GOLD), actor=LEAD)
        lead.set_status(report, GOLD, Status.IN_PROGRESS, actor=LEAD)
    return team


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Team:
    """A team server for a test that changes it."""
    return new_team(pg_url, tmp_path)


@pytest.fixture(scope="module")
def shared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Team:
    """One team server for the tests that only read or are refused (each checks that
    nothing changed)."""
    url = engine_database(request, "postgresql", tmp_path_factory.mktemp("team"))
    assert isinstance(url, str)
    return new_team(url, tmp_path_factory.mktemp("files"))


@pytest.fixture
def alice(shared: Team) -> Iterator[Store]:
    with Store.open(shared.url("alice")) as store:
        yield store


def snapshot(team: Team) -> dict[str, object]:
    """Every row of every table, as the owner sees them."""
    return {
        table: team.sql("annotator", f"SELECT * FROM {table} AS t ORDER BY t::text")
        for table in TABLES
    }


def renamed(schema: LabelSchema) -> LabelSchema:
    """The same labels under another name: a switch the stored data allows."""
    raw = schema.to_json()
    raw["id"] = "team-schema"
    return loads_schema(json.dumps(raw), "a test schema")


def gold_span(team: Team) -> Span:
    with Store.open(team.url(LEAD), write=False) as lead:
        [found] = lead.spans(team.document_id("report-1"), GOLD)
    return found


def test_the_store_writes_as_the_role_it_connects_as(shared: Team, alice: Store) -> None:
    assert alice.team_role == "alice"
    with Store.open(shared.url(LEAD), write=False) as lead:
        assert lead.team_role == LEAD
    with Store.open(shared.owner_url, write=False) as owner:
        assert owner.team_role == "annotator"  # the owner: outside the team's rules


def test_annotators_read_only_the_documents_assigned_to_them(shared: Team, alice: Store) -> None:
    assert [d.doc_id for d in alice.list_documents()] == ["report-1", "report-2"]
    with Store.open(shared.url("bob"), write=False) as bob:
        assert [d.doc_id for d in bob.list_documents()] == ["report-1"]
        assert bob.find_document("report-2") is None
    with Store.open(shared.url(LEAD), write=False) as lead:
        assert len(lead.list_documents()) == 3
    assert alice.find_document("01-border-clash") is None
    with pytest.raises(UserError):
        alice.document(shared.document_id("01-border-clash"))


def test_annotators_see_their_own_work_and_gold_never_each_others(
    shared: Team, alice: Store
) -> None:
    report = shared.document_id("report-1")
    assert {s.annotator for s in alice.spans(report)} == {GOLD}
    assert alice.statuses() == {
        report: {GOLD: (Status.IN_PROGRESS, alice.statuses()[report][GOLD][1])}
    }
    with Store.open(shared.url("bob"), write=False) as bob:
        assert {s.annotator for s in bob.spans(report)} == {"bob", GOLD}
        assert {r.annotator for r in bob.relations(report)} == {"bob"}
    with Store.open(shared.url(LEAD), write=False) as lead:
        assert {s.annotator for s in lead.spans(report)} == {"bob", "carol", GOLD}


def test_an_annotator_writes_their_own_spans_relations_statuses_and_outcomes(team: Team) -> None:
    report = team.document_id("report-1")
    alice = Store.open(team.url("alice"))
    claim = alice.add_span(span_over(TEXT1, "shelled the village", document_id=report))
    source = alice.add_span(span_over(TEXT1, "Baku", document_id=report, label="source"))
    claim = alice.update_span(dataclasses.replace(claim, note="checked"))
    link = Relation(new_uid("r"), report, "alice", "attributed_to", claim.uid, source.uid)
    alice.add_relation(link)
    alice.delete_relation(link.uid, actor="alice")
    alice.delete_span(source.uid, actor="alice")
    alice.set_status(report, "alice", Status.DONE)
    suggestion = Suggestion("source", 0, 4, "Baku", {}, 0.9, "rules", ())
    alice.record_suggestion_outcome(report, "alice", suggestion, "rejected", actor="alice")
    assert [s.note for s in alice.spans(report, "alice")] == ["checked"]
    assert alice.status(report, "alice") is Status.DONE
    assert alice.suggestion_outcomes(report, "alice")
    with Store.open(team.url(LEAD), write=False) as lead:
        assert [s.uid for s in lead.spans(report, "alice")] == [claim.uid]
        assert {c.annotator for c in lead.changes(limit=20) if c.document_id == report} >= {"alice"}
    alice.close()


def _refusals(team: Team) -> dict[str, tuple[Callable[[Store], object], str]]:
    report, other = team.document_id("report-1"), team.document_id("01-border-clash")
    gold = gold_span(team)
    return {
        "span of another": (
            lambda s: s.add_span(span_over(TEXT1, "Baku", document_id=report, annotator="bob")),
            "permission denied: alice writes only their own spans",
        ),
        "gold span": (
            lambda s: s.add_span(span_over(TEXT1, "Baku", document_id=report, annotator=GOLD)),
            "permission denied: only the lead writes gold",
        ),
        "gold span edited": (
            lambda s: s.update_span(dataclasses.replace(gold, label="claim"), actor="alice"),
            "permission denied: only the lead writes gold",
        ),
        "gold span deleted": (
            lambda s: s.delete_span(gold.uid, actor="alice"),
            "permission denied: only the lead writes gold",
        ),
        "gold status": (
            lambda s: s.set_status(report, GOLD, Status.DONE, actor="alice"),
            "permission denied: only the lead writes gold",
        ),
        "status of another": (
            lambda s: s.set_status(report, "bob", Status.DONE, actor="alice"),
            "permission denied: alice writes only their own statuses",
        ),
        "unassigned document": (
            lambda s: s.add_span(span_over(BORDER.read_text(), "Azerbaijan", document_id=other)),
            f"permission denied: document {other} is not assigned to alice",
        ),
        "relation of another": (
            lambda s: s.add_relation(
                Relation(new_uid("r"), report, "bob", "attributed_to", gold.uid, gold.uid),
                actor="alice",
            ),
            "permission denied: alice writes only their own relations",
        ),
        "suggestion outcome of another": (
            lambda s: s.record_suggestion_outcome(
                report,
                "bob",
                Suggestion("source", 0, 4, "Baku", {}, 0.9, "rules", ()),
                "accepted",
                actor="alice",
            ),
            "permission denied: alice writes only their own suggestion outcomes",
        ),
        "schema switch": (
            lambda s: s.set_schema(renamed(s.schema), actor="alice"),
            "permission denied: only the lead changes the label schema",
        ),
        "change logged as another": (
            lambda s: s.set_status(team.document_id("report-2"), "alice", Status.DONE, actor="bob"),
            "permission denied: the change log is append-only, and each entry carries its "
            "writer's name",
        ),
    }


CASES = (
    "span of another", "gold span", "gold span edited", "gold span deleted", "gold status",
    "status of another", "unassigned document", "relation of another",
    "suggestion outcome of another", "schema switch", "change logged as another",
)  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_every_forbidden_write_is_refused_in_one_line_and_changes_nothing(
    case: str, shared: Team, alice: Store
) -> None:
    write, expected = _refusals(shared)[case]
    before = snapshot(shared)
    with pytest.raises(UserError) as refused:
        write(alice)
    message = str(refused.value)
    assert message == f"{parse(shared.url('alice'))}: {expected}; nothing was changed"
    assert "\n" not in message
    assert snapshot(shared) == before


def _refused_sql(team: Team, role: str, statement: str) -> str:
    import psycopg

    with pytest.raises(psycopg.Error) as refused:
        team.sql(role, statement)
    assert refused.value.sqlstate == "42501", refused.value
    return str(server_errors.translate(parse(team.url(role)), refused.value))


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        ("INSERT INTO assignment SELECT 3, id, 'now' FROM annotator", "writes assignments"),
        ("DELETE FROM assignment", "writes assignments"),
        ("UPDATE store_meta SET value = 'x'", "changes the label schema"),
        (
            "INSERT INTO document (doc_id, text, text_sha256, length, meta, created_at) "
            "VALUES ('x', 'x', 'x', 1, '{}', 'now')",
            "adds or changes documents",
        ),
        ("SELECT before FROM change_log", None),
        # A temporary table would stand before ours in a query written without a schema.
        ("CREATE TEMPORARY TABLE annotator (id integer, name text)", None),
        ("CREATE TABLE public.mine (id integer)", None),
    ],
)
def test_annotators_cannot_touch_assignments_documents_or_the_schema(
    shared: Team, statement: str, rule: str | None
) -> None:
    for role in ("alice", "bob"):
        before = snapshot(shared)
        line = _refused_sql(shared, role, statement)
        if rule is not None:
            assert line.endswith(f"permission denied: only the lead {rule}; nothing was changed")
        assert snapshot(shared) == before


@pytest.mark.parametrize(
    "statement",
    ["UPDATE change_log SET action = 'x'", "DELETE FROM change_log", "TRUNCATE change_log"],
)
def test_the_change_log_stays_append_only_for_everyone(shared: Team, statement: str) -> None:
    before = snapshot(shared)
    for role in ("alice", "bob", LEAD):
        line = _refused_sql(shared, role, statement)
        assert "the change log is append-only" in line
    import psycopg

    with pytest.raises(psycopg.Error, match="append-only"):  # the owner: the trigger
        shared.sql("annotator", statement.replace("TRUNCATE change_log", "DELETE FROM change_log"))
    assert snapshot(shared) == before


def test_the_lead_writes_gold_assignments_documents_and_the_schema(team: Team) -> None:
    report = team.document_id("report-2")
    team.assign("01-border-clash", "bob")
    with Store.open(team.url(LEAD)) as lead:
        gold = lead.add_span(span_over(TEXT2, "Moscow", document_id=report, annotator=GOLD))
        lead.delete_span(gold_span(team).uid, actor=LEAD)
        lead.set_status(report, GOLD, Status.DONE, actor=LEAD)
        lead.set_schema(renamed(lead.schema), actor=LEAD)
        assert [s.uid for s in lead.spans(report, GOLD)] == [gold.uid]
    with Store.open(team.url("bob"), write=False) as bob:
        assert [d.doc_id for d in bob.list_documents()] == ["report-1", "01-border-clash"]
        assert bob.schema.id == "team-schema"


def test_ids_are_drawn_past_rows_an_annotator_cannot_see(team: Team) -> None:
    report = team.document_id("report-2")
    hidden = team.sql("annotator", "SELECT max(id) FROM span")[0][0]
    with Store.open(team.url("alice")) as alice:
        assert hidden > 0 and not alice.spans(report)
        added = alice.add_span(span_over(TEXT2, "Yerevan", document_id=report, label="source"))
    [(row_id,)] = team.sql("annotator", "SELECT id FROM span WHERE uid = %s", [added.uid])
    assert row_id > hidden


def test_an_annotator_hears_changes_to_documents_they_may_read(team: Team) -> None:
    """The change watcher reads the change log's id, document and action columns, which
    every role may; the values before and after stay the lead's to read."""
    report = team.document_id("report-1")
    with Store.open(team.url("alice")) as alice:
        assert alice.poll_changes() is None
        with Store.open(team.url(LEAD)) as lead:
            lead.set_status(report, GOLD, Status.DONE, actor=LEAD)
        heard = alice.poll_changes()
        assert heard is not None and heard.document_ids == {report}
        alice.set_status(report, "alice", Status.DONE)
        assert alice.poll_changes() is None  # its own change is not news
        with pytest.raises(UserError, match="permission denied"):
            alice.changes(limit=1)
