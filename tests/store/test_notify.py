"""Hearing other connections' commits: on PostgreSQL every commit that logs changes sends
NOTIFY, a second store's listening connection wakes up, and a dropped one loses nothing; on
SQLite the same calls work through ``data_version``."""

from __future__ import annotations

import dataclasses
import select
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.model import GOLD, Status
from annotator.core.records import NewAnnotationSet
from annotator.core.schema import LabelSchema, parse_schema
from annotator.store import Store
from annotator.store.watch import ExternalChanges
from tests.cli.test_team_cli import team_lines, write
from tests.helpers import new_document, span_over
from tests.pg_server import PgServer
from tests.team_server import LEAD, set_up

TEXT = "Baku says Kəlbəcər was shelled overnight; Yerevan denies it."
WAIT_S = 5.0


def readable(socket: int | None, seconds: float = WAIT_S) -> bool:
    assert socket is not None
    return bool(select.select([socket], [], [], seconds)[0])


def heard(store: Store) -> ExternalChanges:
    """What ``store`` hears once its socket wakes up, asking the server only if notified."""
    assert readable(store.change_socket())
    found = store.poll_changes(notified_only=True)
    assert found is not None
    return found


@pytest.fixture
def two(pg_url: str) -> tuple[Store, Store]:
    """The annotator's store (one document) and the lead's, listening and caught up."""
    writer, watcher = Store.open(pg_url), Store.open(pg_url)
    writer.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    assert watcher.change_socket() is not None  # listening from now on
    watcher.poll_changes(notified_only=True)  # what came before the LISTEN is read once
    yield writer, watcher
    writer.close()
    watcher.close()


def test_a_commit_wakes_the_other_store_and_says_which_document(two: tuple[Store, Store]) -> None:
    writer, watcher = two
    document = writer.list_documents()[0].id
    assert not readable(watcher.change_socket(), 0.2)  # nothing happened: nothing to read
    assert watcher.poll_changes(notified_only=True) is None
    writer.add_span(span_over(TEXT, "Kəlbəcər", document_id=document))
    found = heard(watcher)
    assert found.document_ids == {document} and not found.reload
    assert not readable(watcher.change_socket(), 0.2)  # drained: the socket is quiet again
    assert watcher.poll_changes(notified_only=True) is None


WRITES: dict[str, Callable[[Store, int], object]] = {
    "span": lambda s, d: s.add_span(span_over(TEXT, "Baku", document_id=d)),
    "status": lambda s, d: s.set_status(d, "alice", Status.DONE),
    "schema": lambda s, _d: s.set_schema(renamed(s.schema), actor="lead"),
    # Onto a document already stored: only the annotation sets' own change-log rows.
    "annotation set": lambda s, _d: s.import_documents(
        [
            dataclasses.replace(
                new_document(TEXT, "d1"),
                annotations=(NewAnnotationSet("bob", Status.DONE, "2025-01-01T00:00:00Z", (), ()),),
            )
        ],
        actor="t",
        source="test",
    ),
    "documents": lambda s, _d: s.import_documents(
        [new_document("Another report.", "d2")], actor="t", source="test"
    ),
}


def renamed(schema: LabelSchema) -> LabelSchema:
    return parse_schema({**schema.to_json(), "id": "renamed"}, "renamed")


@pytest.mark.parametrize("write", WRITES)
def test_every_kind_of_write_is_announced(two: tuple[Store, Store], write: str) -> None:
    writer, watcher = two
    document = writer.list_documents()[0].id
    WRITES[write](writer, document)
    found = heard(watcher)
    assert found.reload == (write in ("schema", "annotation set", "documents"))


def test_notified_only_asks_nothing_without_a_notification(
    two: tuple[Store, Store], pg_url: str
) -> None:
    """A change-log row written without NOTIFY (by hand) is not read by a notified-only poll,
    so that poll cannot be reading the change log each time; a plain poll reads it."""
    import psycopg

    writer, watcher = two
    document = writer.list_documents()[0].id
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute(
            "INSERT INTO change_log (at, annotator, action, document_id) "
            "VALUES ('2025-01-01T00:00:00Z', 'mallory', 'span.create', %s)",
            (document,),
        )
    assert watcher.poll_changes(notified_only=True) is None
    found = watcher.poll_changes()
    assert found is not None and found.document_ids == {document}


def test_a_refused_edit_announces_nothing(two: tuple[Store, Store]) -> None:
    from annotator.errors import StaleEditError

    writer, watcher = two
    document = writer.list_documents()[0].id
    span = writer.add_span(span_over(TEXT, "Baku", document_id=document))
    heard(watcher)
    writer.update_span(dataclasses.replace(span, note="first"))
    heard(watcher)
    with pytest.raises(StaleEditError):
        writer.update_span(dataclasses.replace(span, note="stale"))  # based on version 1
    assert not readable(watcher.change_socket(), 0.3)
    assert watcher.poll_changes(notified_only=True) is None


def test_own_commits_are_not_news(two: tuple[Store, Store]) -> None:
    _writer, watcher = two
    document = watcher.list_documents()[0].id
    watcher.add_span(span_over(TEXT, "Baku", document_id=document))
    assert readable(watcher.change_socket())  # announced to everyone, itself included
    assert watcher.poll_changes(notified_only=True) is None


def listener_pids(pg_server: PgServer, url: str) -> list[int]:
    import psycopg

    database = url.rsplit("/", 1)[1]
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = 'annotator watch'",
            (database,),
        ).fetchall()
    return [int(row[0]) for row in rows]


def test_a_dropped_listening_connection_reconnects_and_misses_nothing(
    two: tuple[Store, Store], pg_server: PgServer, pg_url: str
) -> None:
    writer, watcher = two
    document = writer.list_documents()[0].id
    (pid,) = listener_pids(pg_server, pg_url)
    pg_server.execute(f"SELECT pg_terminate_backend({pid}, 5000)")
    writer.set_status(document, "alice", Status.DONE)  # announced to nobody
    found = heard(watcher)  # the socket woke up as the server closed it
    assert found.document_ids == {document}
    assert watcher.change_socket() is None  # not made again at once

    writer.set_status(document, "alice", Status.IN_PROGRESS)  # while nobody listens
    deadline = time.monotonic() + WAIT_S
    while watcher.change_socket() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener_pids(pg_server, pg_url) not in ([], [pid])  # a new connection
    # Its commit was before the new LISTEN: the change log is read once anyway.
    found = watcher.poll_changes(notified_only=True)
    assert found is not None and found.document_ids == {document}
    writer.add_span(span_over(TEXT, "Baku", document_id=document))
    assert heard(watcher).document_ids == {document}  # and announced again


def test_on_sqlite_there_is_no_socket_and_polls_read_data_version(db_path: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path) as watcher:
        writer.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
        watcher.poll_changes(notified_only=True)
        assert watcher.change_socket() is None
        document = writer.list_documents()[0].id
        writer.set_status(document, "alice", Status.DONE)
        found = watcher.poll_changes(notified_only=True)
        assert found is not None and found.document_ids == {document}


def test_the_lead_and_an_annotator_each_hear_the_other_as_their_own_roles(
    pg_url: str, tmp_path: Path
) -> None:
    """NOTIFY and LISTEN need no privilege: on a team server (row-level security) every role
    announces its commits and hears the others'."""
    team = set_up(pg_url, write(tmp_path / "bob.annotations.jsonl", team_lines()["bob"]))
    team.assign("report-1", "alice")
    report = team.document_id("report-1")
    with Store.open(team.url("alice")) as alice, Store.open(team.url(LEAD)) as lead:
        for store in (alice, lead):
            assert store.change_socket() is not None
            store.poll_changes()
        alice.set_status(report, "alice", Status.DONE)
        assert heard(lead).document_ids == {report}
        lead.set_status(report, GOLD, Status.DONE)
        assert heard(alice).document_ids == {report}
