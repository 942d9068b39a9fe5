"""The document list as a queue (issue 12): once documents are assigned, alice's window lists
hers, says in plain text how many are left, and can show every document; an annotator given
nothing sees everything."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.store import Store
from tests.gui.test_document_list import listed


def ids(window: MainWindow, *doc_ids: str) -> list[int]:
    store = window.session.store
    found = [store.find_document(doc_id) for doc_id in doc_ids]
    return [doc.id for doc in found if doc is not None]


def assign(window: MainWindow, plan: dict[str, list[str]]) -> None:
    """A plan written by another process (``annotator assign``), heard by the window."""
    store = window.session.store
    with Store.open(store.location) as lead:
        lead.assign(
            {doc.id: plan.get(doc.doc_id, []) for doc in lead.list_documents()}, actor="lead"
        )
    window.session.hub.catch_up()


def test_the_list_shows_alices_queue_and_every_document_on_request(
    qtbot, sample_window: MainWindow
) -> None:
    window = sample_window
    panel = window.list_stack.widget(0)
    assert panel.queue_label.isHidden() and panel.show_all.isHidden()  # nothing assigned yet
    assert len(listed(window)) == 4

    assign(window, {"02-war-toll": ["alice"], "04-village-shelling": ["alice", "bob"]})

    assert listed(window) == ["02-war-toll", "04-village-shelling"]
    assert not panel.queue_label.isHidden() and not panel.show_all.isHidden()
    assert panel.queue_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.queue_label.text() == "Your queue: 2 of 2 assigned documents left to do."

    qtbot.mouseClick(panel.show_all, Qt.MouseButton.LeftButton)
    assert len(listed(window)) == 4
    assert panel.queue_label.text().endswith("Showing every document.")
    qtbot.mouseClick(panel.show_all, Qt.MouseButton.LeftButton)
    assert listed(window) == ["02-war-toll", "04-village-shelling"]


def test_marking_the_queue_done_says_so_and_next_stays_in_the_queue(
    qtbot, sample_window: MainWindow
) -> None:
    window = sample_window
    panel = window.list_stack.widget(0)
    assign(window, {"01-border-clash": ["alice"], "03-ceasefire-talks": ["alice"]})
    first, third = ids(window, "01-border-clash", "03-ceasefire-talks")
    window.document_list.select_document(first)
    assert window.session.document.id == first

    window.done_and_next()  # the next open document of the queue, not 02
    assert window.session.document.id == third
    settle()  # the list follows in the event loop's next pass
    assert panel.queue_label.text() == "Your queue: 1 of 2 assigned documents left to do."
    window.set_status(Status.DONE)
    settle()
    assert panel.queue_label.text() == (
        "Your queue is empty: all 2 assigned documents are done or skipped."
    )


def test_no_show_every_document_box_when_there_is_nothing_else_to_show(
    qtbot, sample_window: MainWindow
) -> None:
    # What an annotator on a team server sees: the database shows her only her documents.
    window = sample_window
    panel = window.list_stack.widget(0)
    assign(window, {doc: ["alice"] for doc in listed(window)})
    assert panel.queue_label.text() == "Your queue: 4 of 4 assigned documents left to do."
    assert panel.show_all.isHidden()
    assign(window, {"01-border-clash": ["alice"]})
    assert not panel.show_all.isHidden()


def test_an_annotator_given_nothing_sees_every_document(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    panel = window.list_stack.widget(0)
    assign(window, {"01-border-clash": ["bob"], "02-war-toll": ["carol"]})
    assert len(listed(window)) == 4
    assert panel.queue_label.isHidden() and panel.show_all.isHidden()


def test_the_queue_opens_its_first_document_when_the_last_one_is_not_in_it(
    qtbot, store: Store, window_settings
) -> None:
    from tests.gui.test_annotation_window import open_window

    first = open_window(qtbot, store, window_settings)
    first.load_samples()
    first.document_list.select_document(ids(first, "01-border-clash")[0])
    first.close()  # remembers 01 as the last document
    assign(first, {"03-ceasefire-talks": ["alice"]})

    again = open_window(qtbot, store, window_settings)
    assert listed(again) == ["03-ceasefire-talks"]
    assert again.session.document is not None
    assert again.session.document.doc_id == "03-ceasefire-talks"
