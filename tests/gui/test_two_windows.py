"""Two windows on one database: each hears the other, no edit is lost, undo stays atomic.

"Same process" windows share one Store (and so one change hub); "other process" windows each
open their own Store on the database, which it cannot tell from two processes. Each test runs
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.core import commands
from annotator.core.model import Relation, new_uid
from annotator.gui.hub import hub_for
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.gui.dialogs import capture_message_boxes


def make_window(qtbot, store: Store, tmp_path: Path, name: str) -> MainWindow:
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def first_store(db: Path | str):
    """The samples, on each engine (conftest's ``db``)."""
    store = Store.open(db)
    from annotator.io.importers import import_paths

    import_paths(store, [SAMPLES], actor="t")
    yield store
    store.close()


@pytest.fixture
def second_store(db: Path | str, first_store: Store):
    store = Store.open(db)
    yield store
    store.close()


def open_same_document(*windows: MainWindow) -> int:
    document = windows[0].session.store.find_document("01-border-clash")
    assert document is not None
    for window in windows:
        window.session.open_document(document.id)
    return document.id


def add_claim(window: MainWindow, quote: str) -> str:
    session = window.session
    assert session.document is not None
    start = session.document.text.index(quote)
    span = commands.make_span(
        session.document.text,
        document_id=session.document.id,
        annotator="alice",
        label="claim",
        start=start,
        end=start + len(quote),
        schema=session.schema,
    )
    assert session.run(commands.CreateSpan(span))
    return span.uid


def set_note(window: MainWindow, uid: str, note: str) -> bool:
    span = window.session.spans[uid]
    return window.session.run(commands.UpdateSpan(span, dataclasses.replace(span, note=note)))


def test_windows_in_one_process_hear_each_other_at_once(qtbot, first_store, tmp_path) -> None:
    a = make_window(qtbot, first_store, tmp_path, "a")
    b = make_window(qtbot, first_store, tmp_path, "b")
    open_same_document(a, b)
    uid = add_claim(a, "three soldiers dead")
    assert uid in b.session.spans  # no polling needed: the hub told b
    settle()  # the tables follow in the event loop's next pass
    assert b.span_table.model.rowCount() == a.span_table.model.rowCount() == 1
    assert set_note(b, uid, "from b")
    assert a.session.spans[uid].note == "from b"
    assert set_note(a, uid, "from a, after b")  # a's copy was refreshed, so not stale
    assert first_store.span(uid).note == "from a, after b"


def test_a_stale_window_is_refused_and_reloads(
    qtbot, first_store, second_store, tmp_path, monkeypatch
) -> None:
    shown = capture_message_boxes(monkeypatch)
    a = make_window(qtbot, first_store, tmp_path, "a")
    b = make_window(qtbot, second_store, tmp_path, "b")
    open_same_document(a, b)
    uid = add_claim(a, "three soldiers dead")
    hub_for(second_store).poll()
    assert uid in b.session.spans  # heard from "another process"
    claim = a.session.spans[uid]
    assert a.session.run(
        commands.UpdateSpan(claim, dataclasses.replace(claim, attributes={"claim_type": "event"}))
    )
    # b has not polled yet: its copy is stale. Saving its note must not undo a's attributes.
    assert not set_note(b, uid, "b's note from an old copy")
    assert len(shown) == 1 and "another window" in shown[0]
    assert b.statusBar().currentMessage() == "Not saved"  # the reload does not say "Saved"
    assert second_store.span(uid).attributes == {"claim_type": "event"}
    assert b.session.spans[uid].attributes == {"claim_type": "event"}  # reloaded
    assert set_note(b, uid, "b's note, now current")
    hub_for(first_store).poll()
    assert a.session.spans[uid].note == "b's note, now current"


def test_undo_that_would_overwrite_another_window_is_refused_whole(
    qtbot, first_store, second_store, tmp_path, monkeypatch
) -> None:
    shown = capture_message_boxes(monkeypatch)
    a = make_window(qtbot, first_store, tmp_path, "a")
    document_id = open_same_document(a)
    uid = add_claim(a, "three soldiers dead")
    assert set_note(a, uid, "a's note")
    fresh = second_store.span(uid)
    second_store.update_span(dataclasses.replace(fresh, note="b's note"))
    index = a.session.undo_stack.index()
    assert not a.session.undo()
    assert len(shown) == 1
    assert a.session.undo_stack.index() == index  # the stack did not move
    assert first_store.span(uid).note == "b's note"
    assert a.session.spans[uid].note == "b's note"  # the window shows the current state
    assert first_store.spans(document_id, "alice")


def test_undo_of_a_delete_with_links_is_one_transaction(
    qtbot, first_store, second_store, tmp_path, monkeypatch
) -> None:
    shown = capture_message_boxes(monkeypatch)
    a = make_window(qtbot, first_store, tmp_path, "a")
    document_id = open_same_document(a)
    claim = add_claim(a, "three soldiers dead")
    source = add_claim(a, "the two defence ministries")
    relation = Relation(new_uid("r"), document_id, "alice", "contradicts", claim, source)
    assert a.session.run(commands.CreateRelation(relation))
    span = a.session.spans[claim]
    assert a.session.run(commands.DeleteSpan(claim, version=span.version))
    assert first_store.relations(document_id, "alice") == []
    second_store.delete_span(source, actor="bob")  # the link cannot come back now
    assert not a.session.undo()
    assert len(shown) == 1
    assert first_store.find_span(claim) is None  # not half restored
    assert a.session.undo_stack.canUndo()
    assert claim not in a.session.spans


def test_documents_imported_elsewhere_appear_without_restart(
    qtbot, first_store, second_store, tmp_path
) -> None:
    a = make_window(qtbot, first_store, tmp_path, "a")
    rows = a.document_list.model_.rowCount()
    from tests.helpers import new_document

    second_store.import_documents([new_document("A new report.", "fresh")], actor="t", source="t")
    qtbot.waitUntil(lambda: a.document_list.model_.rowCount() == rows + 1, timeout=3000)


def test_adjudication_hears_work_finished_in_another_process(
    qtbot, first_store, second_store
) -> None:
    from annotator.core.model import Status
    from annotator.gui.adjudication_view import AdjudicationView

    view = AdjudicationView(first_store)
    qtbot.addWidget(view)
    assert view.documents.count() == 0
    document = second_store.find_document("01-border-clash")
    assert document is not None
    start = document.text.index("three soldiers dead")
    for name in ("alice", "bob"):
        second_store.add_span(
            commands.make_span(
                document.text,
                document_id=document.id,
                annotator=name,
                label="casualty_figure",
                start=start,
                end=start + len("three soldiers dead"),
                schema=second_store.schema,
            )
        )
        second_store.set_status(document.id, name, Status.DONE)
    hub_for(first_store).poll()
    assert view.documents.count() == 1
    assert view.merged is not None and view._document_id() == document.id
