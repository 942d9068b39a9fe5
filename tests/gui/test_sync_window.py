"""File > Sync in the window: off the GUI thread, the result in plain text, Cancel keeps what
was synced (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.gui.main_window import MainWindow
from annotator.gui.workers import Outcome
from annotator.io.sync import SERVER_ENV_VAR
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes
from tests.gui.test_annotation_window import open_window
from tests.sync_corpus import contents, seed_server, span


def file_actions(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [action.text() for action in menu.actions()]


def sync_action(window: MainWindow):
    menu = window.menuBar().actions()[0].menu()
    return next(action for action in menu.actions() if action.text() == "S&ync with Server")


def test_no_server_configured_means_no_sync_item(qtbot, window: MainWindow) -> None:
    assert "S&ync with Server" not in file_actions(window)


@pytest.fixture
def server(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    seed_server(pg_url)
    monkeypatch.setenv(SERVER_ENV_VAR, pg_url)
    return pg_url


def test_sync_pulls_into_the_open_window_and_pushes_its_work(
    qtbot, store: Store, window_settings: QSettings, server: str, monkeypatch, db_path: Path
) -> None:
    shown = capture_message_boxes(monkeypatch)
    window = open_window(qtbot, store, window_settings)
    sync_action(window).trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown[0].startswith("pulled 8 documents, 2 gold sets, 1 set of alice's changed")
    qtbot.waitUntil(lambda: window.document_list.model_.rowCount() == 8)
    span(store, "d05", "alice", "the town")  # alice works in the window's database
    job = window.sync_with_server()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.outcome is Outcome.DONE
    assert shown[1].startswith("pulled 0 documents, 0 gold sets, schema unchanged; pushed 1 set")
    pushed = [v for v in contents(server)["spans"].values() if v[:2] == ("d05", "alice")]
    assert [v[5] for v in pushed] == ["the town"]


def test_cancel_keeps_what_was_synced_and_a_new_sync_finishes(
    qtbot, window: MainWindow, server: str, monkeypatch
) -> None:
    shown = capture_message_boxes(monkeypatch)
    job = window.sync_with_server()
    assert job is not None
    job.cancel()
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.outcome is Outcome.CANCELLED
    assert shown == ["Sync stopped. What was synced so far stays; sync again to finish."]
    again = window.sync_with_server()
    assert again is not None
    qtbot.waitUntil(lambda: not again.running, timeout=60_000)
    assert shown[1].startswith("pulled 8 documents")
