"""Long work off the GUI thread: imports in a worker, Cancel, closing, errors, busy writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from annotator.core.model import Status
from annotator.errors import DatabaseBusyError, UserError
from annotator.gui.session import BUSY_TEXT
from annotator.gui.workers import Job, Outcome, running_jobs
from annotator.io.importers import ImportCancelled, import_paths
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes
from tests.helpers import write_articles


def many_files(folder: Path, files: int, per_file: int) -> Path:
    folder.mkdir()
    for f in range(files):
        write_articles(folder / f"part{f:02}.jsonl", per_file, first=f * per_file)
    return folder


def stored_state(db: Path) -> tuple[int, list]:
    """What a fresh connection sees: documents and the whole audit trail."""
    with Store.open(db, write=False) as fresh:
        return fresh.document_count(), fresh.changes(limit=10_000)


@pytest.mark.slow
def test_the_event_loop_keeps_ticking_during_a_long_import(qtbot, window, tmp_path) -> None:
    articles = write_articles(tmp_path / "articles.jsonl", 2000)
    ticks = []
    job = window.import_paths([articles])
    timer = QTimer()
    timer.setInterval(10)
    # Only ticks while the worker thread is still importing count.
    timer.timeout.connect(lambda: ticks.append(not job._runnable.ended.is_set()))
    timer.start()
    assert job.running and window.isEnabled()  # returned at once; the window takes input
    qtbot.waitUntil(lambda: not job.running, timeout=120_000)
    timer.stop()
    # One file is one progress call: run on this thread, the import would have returned
    # only once done, and no tick could have come while it ran.
    assert any(ticks)
    assert job.outcome is Outcome.DONE and job.result.added == 2000
    # The commit was announced through the hub: the document list (a long one, so read in a
    # worker too) shows it.
    model = window.document_list.model_
    assert model.job is not None
    qtbot.waitUntil(lambda: model.rowCount() == 2000)
    assert window.list_stack.currentIndex() == 0
    # A long list opens its first document on a timer, once the list has painted.
    qtbot.waitUntil(lambda: window.session.document is not None)
    assert "Imported 2,000 documents" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_cancel_rolls_the_whole_import_back_on_a_real_file(
    qtbot, window, monkeypatch, db_path, tmp_path
) -> None:
    window.load_samples()  # something there already, which must stay exactly as it is
    before = stored_state(db_path)
    shown = capture_message_boxes(monkeypatch)
    folder = many_files(tmp_path / "in", files=12, per_file=300)
    job = window.import_paths([folder])
    job.progressed.connect(lambda *_: job.cancel())  # Cancel after the first file is stored
    qtbot.waitUntil(lambda: not job.running, timeout=120_000)
    assert job.outcome is Outcome.CANCELLED
    assert isinstance(job.error, ImportCancelled)
    assert shown == ["Nothing was imported."]
    assert stored_state(db_path) == before
    assert window.document_list.model_.rowCount() == before[0]


def test_cancel_stops_inside_a_file_between_documents(store: Store, tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles.jsonl", 50)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 10

    with pytest.raises(ImportCancelled):
        import_paths(store, [articles], actor="x", cancelled=cancelled)
    assert len(asked) < 50  # asked before each document, not only after the file
    assert store.document_count() == 0


@pytest.mark.slow
def test_closing_the_window_during_an_import_cancels_it_cleanly(
    qtbot, window, monkeypatch, db_path, tmp_path
) -> None:
    shown = capture_message_boxes(monkeypatch)
    folder = many_files(tmp_path / "in", files=12, per_file=300)
    job = window.import_paths([folder])
    with qtbot.waitSignal(job.progressed, timeout=60_000):
        pass  # the import is writing
    window.close()  # cancels, and waits for the thread
    assert job._runnable.ended.is_set()
    qtbot.waitUntil(lambda: not job.running)
    assert job.outcome is Outcome.CANCELLED
    assert shown == []  # nothing to tell a window that is gone
    assert running_jobs() == []
    assert stored_state(db_path)[0] == 0


def test_a_defect_in_a_worker_opens_the_crash_dialog(qtbot, window, monkeypatch) -> None:
    shown = capture_message_boxes(monkeypatch)

    def work(_store, _progress):
        raise RuntimeError("worker defect")

    job = Job("Export", window.session.store, work, write=False, owner=window).start()
    qtbot.waitUntil(lambda: not job.running)
    assert job.outcome is Outcome.FAILED
    assert len(shown) == 1 and "Something went wrong" in shown[0] and "worker defect" in shown[0]


def test_a_user_error_in_a_worker_is_one_plain_line(qtbot, window, monkeypatch) -> None:
    shown = capture_message_boxes(monkeypatch)

    def work(_store, _progress):
        raise UserError("x.csv: line 3: no text column")

    job = Job("Export", window.session.store, work, write=False, owner=window).start()
    qtbot.waitUntil(lambda: not job.running)
    assert shown == ["x.csv: line 3: no text column"]


def test_write_jobs_run_one_after_another_and_each_sees_its_own_store(
    qtbot, window, tmp_path
) -> None:
    first = write_articles(tmp_path / "first.jsonl", 200)
    second = write_articles(tmp_path / "second.jsonl", 200, first=200)
    jobs = [window.import_paths([first]), window.import_paths([second])]
    qtbot.waitUntil(lambda: not any(job.running for job in jobs), timeout=60_000)
    assert [job.outcome for job in jobs] == [Outcome.DONE, Outcome.DONE]
    assert window.session.store.document_count() == 400
    qtbot.waitUntil(lambda: window.document_list.model_.rowCount() == 400)


def test_a_window_write_meeting_a_lock_is_refused_at_once_with_a_plain_message(
    qtbot, window, monkeypatch, db_path
) -> None:
    # The default wait is the CLI's 5 s; the window's own is WRITE_WAIT_MS.
    window.load_samples()
    shown = capture_message_boxes(monkeypatch)
    view = window.document_view
    cursor = view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(9, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    locker = sqlite3.connect(db_path, isolation_level=None)  # another program writing
    locker.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(view, Qt.Key.Key_1)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert shown == [f"The change was not saved.\n\n{BUSY_TEXT}"]
    assert window.session.undo_stack.count() == 0 and window.session.spans == {}
    qtbot.keyClick(view, Qt.Key.Key_1)  # lock gone: the same action is saved
    assert window.session.undo_stack.count() == 1


def test_a_store_write_waits_only_as_long_as_it_is_told(store: Store, db_path: Path) -> None:
    store.write_wait_ms = 20
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError, match="locked"), store.unit_of_work():
            pass
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_the_team_figures_stop_at_the_next_document_once_cancelled(
    store: Store, tmp_path: Path
) -> None:
    from annotator.gui.workers import JobCancelled
    from annotator.io.team_data import team_figures

    import_paths(store, [write_articles(tmp_path / "a.jsonl", 30)], actor="alice")
    import_paths(store, [write_articles(tmp_path / "b.jsonl", 30)], actor="bob")
    for document in store.list_documents():
        for name in ("alice", "bob"):
            store.set_status(document.id, name, Status.DONE)
    checks = []

    def check() -> None:
        checks.append(1)
        if len(checks) > 5:
            raise JobCancelled

    with pytest.raises(JobCancelled):
        team_figures(store, check=check)
    assert len(checks) == 6
    assert team_figures(store).report.documents == 30  # and without a check, every one


def test_a_long_document_list_is_read_in_a_worker_and_shown_when_in(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr("annotator.gui.document_list.READ_IN_WORKER_FROM", 5)
    model = window.document_list.model_
    window.load_samples()  # 4 documents: read at once
    assert model.rowCount() == 4 and model.job is None
    reset = []
    model.modelReset.connect(lambda: reset.append(model.rowCount()))
    job = window.import_paths([write_articles(tmp_path / "more.jsonl", 10)])
    qtbot.waitUntil(lambda: not job.running)
    assert model.job is not None  # 14 documents: read in a worker...
    qtbot.waitUntil(lambda: not model.job.running)
    assert reset == [14] and model.rowCount() == 14  # ...and swapped in at once
    assert "14 documents" in window.status_label.text()
