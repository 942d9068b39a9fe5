"""Live: a window hears other processes' commits by itself. On PostgreSQL the store's
listening socket wakes the hub (LISTEN/NOTIFY) with the timer out of the way; a dropped
connection is made again and nothing is missed; the lead's statistics follow the annotators'
work without Refresh, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Status
from annotator.gui import hub as hub_module
from annotator.gui.hub import ChangeHub, hub_for
from annotator.gui.session import Session
from annotator.gui.stats_view import StatsView
from annotator.io.importers import import_paths
from annotator.store import Store
from annotator.store.watch import ExternalChanges
from tests.conftest import SAMPLES
from tests.gui.test_stats_view import QUOTES, span
from tests.pg_server import PgServer
from tests.store.test_notify import listener_pids

WITHIN_MS = 1000


@pytest.fixture
def annotator_store(db: Path | str) -> Iterator[Store]:
    store = Store.open(db)
    import_paths(store, [SAMPLES], actor="lead")
    yield store
    store.close()


@pytest.fixture
def lead_store(db: Path | str, annotator_store: Store) -> Iterator[Store]:
    store = Store.open(db)
    yield store
    store.close()


def listening_hub(store: Store) -> tuple[ChangeHub, list[ExternalChanges]]:
    hub = hub_for(store)
    hub.poll()  # caught up: from now on only what is announced
    heard: list[ExternalChanges] = []
    hub.external.connect(heard.append)
    return hub, heard


def document_id(store: Store, doc_id: str) -> int:
    document = store.find_document(doc_id)
    assert document is not None
    return document.id


@pytest.fixture
def no_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hubs made from now on never poll on their timer within a test."""
    monkeypatch.setattr(hub_module, "POLL_INTERVAL_MS", 600_000)


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_a_commit_on_the_server_wakes_the_other_window_within_a_second(
    qtbot, no_timer: None, annotator_store: Store, lead_store: Store
) -> None:
    _hub, heard = listening_hub(lead_store)
    document = document_id(annotator_store, "02-war-toll")
    annotator_store.set_status(document, "alice", Status.DONE)
    qtbot.waitUntil(lambda: bool(heard), timeout=WITHIN_MS)
    assert heard[-1].document_ids == {document}


@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_a_dropped_connection_is_made_again_and_nothing_is_missed(
    qtbot, no_timer: None, annotator_store: Store, lead_store: Store, pg_server: PgServer
) -> None:
    hub, heard = listening_hub(lead_store)
    url = str(lead_store.location)
    database_url = pg_server.url(url.rsplit("/", 1)[1])
    (pid,) = listener_pids(pg_server, database_url)
    pg_server.execute(f"SELECT pg_terminate_backend({pid}, 5000)")
    document = document_id(annotator_store, "01-border-clash")
    annotator_store.set_status(document, "alice", Status.DONE)  # nobody listens
    hub.poll()  # (the window's timer, here by hand) reads the change log: not missed
    assert heard and heard[-1].document_ids == {document}
    # Made again on a later poll, and announcements wake the window once more.
    qtbot.waitUntil(
        lambda: (hub.poll(), listener_pids(pg_server, database_url) not in ([], [pid]))[1],
        timeout=10_000,
    )
    heard.clear()
    annotator_store.set_status(document, "alice", Status.IN_PROGRESS)
    qtbot.waitUntil(lambda: bool(heard), timeout=WITHIN_MS)
    assert heard[-1].document_ids == {document}


def test_the_leads_statistics_follow_annotators_marking_documents_done(
    qtbot, annotator_store: Store, lead_store: Store
) -> None:
    for doc_id, quotes in QUOTES.items():
        for annotator in ("alice", "bob"):
            for label, quote in quotes:
                annotator_store.add_span(span(annotator_store, doc_id, annotator, label, quote, 0))
    for doc_id in ("01-border-clash", "02-war-toll"):
        annotator_store.set_status(document_id(annotator_store, doc_id), "alice", Status.DONE)
    view = StatsView(Session(lead_store, "lead"))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.built, timeout=10_000)
    first = view.figures
    assert first is not None and first.report.documents == 0  # one annotator done: no pair

    # bob, in another process, finishes two documents: the lead presses nothing.
    for doc_id in ("01-border-clash", "02-war-toll"):
        annotator_store.set_status(document_id(annotator_store, doc_id), "bob", Status.DONE)
    qtbot.waitUntil(
        lambda: view.figures is not first and view.built and view.figures.report.documents == 2,
        timeout=10_000,
    )
    assert sum(view.figures.per_day["bob"].values()) == 2
    assert "Refresh" not in view.summary.text()
