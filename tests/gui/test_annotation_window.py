"""Annotating with the keyboard in the real window, on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from annotator.core.model import Status
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, store: Store, settings: QSettings) -> MainWindow:
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    window.show()
    return window


def select_by_keyboard(qtbot, window: MainWindow, quote: str) -> None:
    """Put the caret before ``quote`` and extend the selection with Shift+Right."""
    view = window.document_view
    text = window.session.document.text
    start = text.index(quote)
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_utf16(start))
    view.setTextCursor(cursor)
    view.setFocus()
    target = view.mapping.to_utf16(start + len(quote))
    while view.textCursor().selectionEnd() < target:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def open_doc(window: MainWindow, doc_id: str) -> None:
    document = window.session.store.find_document(doc_id)
    assert document is not None
    window.document_list.select_document(document.id)
    assert window.session.document.id == document.id
    settle()  # the panels follow in the event loop's next pass


@pytest.fixture
def window(qtbot, store: Store, settings: QSettings) -> MainWindow:
    win = open_window(qtbot, store, settings)
    win.load_samples()
    return win


def stored(window: MainWindow):
    document = window.session.document
    return window.session.store.spans(document.id, "alice")


def test_label_by_keyboard_fill_form_undo_redo_relabel(qtbot, window: MainWindow) -> None:
    open_doc(window, "02-war-toll")
    select_by_keyboard(qtbot, window, "over 6,500 lives")
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    settle()  # the form follows in the event loop's next pass
    (span,) = stored(window)
    assert (span.label, span.text) == ("casualty_figure", "over 6,500 lives")
    # Qualifier and bounds were parsed from the text.
    assert span.attributes["qualifier"] == "more_than"
    assert span.attributes["low"] == 6500 and span.attributes.get("high") is None
    form = window.span_form
    assert form.title.text().endswith("“over 6,500 lives”")

    outcome = form.findChild(QComboBox, "field_outcome")
    outcome.setFocus()
    qtbot.keyClicks(outcome, "k")  # type-ahead picks "killed"
    outcome.activated.emit(outcome.currentIndex())
    assert window.session.store.span(span.uid).attributes["outcome"] == "killed"

    low = form.findChild(QLineEdit, "field_low")
    assert low.text() == "6,500"
    low.setText("6600")
    low.editingFinished.emit()
    assert window.session.store.span(span.uid).attributes["low"] == 6600

    qtbot.keyClick(window.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.span(span.uid).attributes["low"] == 6500
    settle()
    assert low.text() == "6,500"
    qtbot.keyClick(
        window.document_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.session.store.span(span.uid).attributes["low"] == 6600

    # With no text selected, a label key relabels the selected span (dropping attributes
    # that the new label does not have).
    qtbot.keyClick(window.document_view, Qt.Key.Key_1)
    relabelled = window.session.store.span(span.uid)
    assert relabelled.label == "claim" and "low" not in relabelled.attributes
    window.undo_action.trigger()
    assert window.session.store.span(span.uid).label == "casualty_figure"

    # Undo all the way back removes the span itself.
    while window.session.undo_stack.canUndo():
        window.undo_action.trigger()
    assert stored(window) == []


def test_link_claim_to_source_then_mark_done_opens_next(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    open_doc(window, "01-border-clash")
    select_by_keyboard(qtbot, window, "Azerbaijan's defence ministry")
    qtbot.keyClick(window.document_view, Qt.Key.Key_2)
    source = window.session.selected_span
    select_by_keyboard(qtbot, window, "the ceasefire is holding along the Gegharkunik section")
    qtbot.keyClick(window.document_view, Qt.Key.Key_1)
    claim = window.session.selected_span
    assert claim.label == "claim"
    assert "No source is linked (attributed to)." in " ".join(window.session.warnings[claim.uid])

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    links = window.relation_list
    assert links.type_combo.currentData() == "attributed_to"
    assert links.target_combo.itemData(links.target_combo.currentIndex()) == source.uid
    qtbot.keyClick(links.target_combo.lineEdit(), Qt.Key.Key_Return)
    (relation,) = window.session.store.relations(window.session.document.id, "alice")
    assert (relation.type, relation.from_uid, relation.to_uid) == (
        "attributed_to",
        claim.uid,
        source.uid,
    )
    assert claim.uid not in window.session.warnings or not any(
        "source" in w for w in window.session.warnings[claim.uid]
    )

    asked = capture_message_boxes(monkeypatch, QMessageBox.StandardButton.Yes)
    first = window.session.document.id
    qtbot.keyClick(window.document_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.status(first, "alice") is Status.DONE
    assert window.session.document.id != first
    # The claim still lacks required attributes, so marking done asked once.
    assert len(asked) == 1


def test_everything_is_there_after_a_restart(qtbot, store: Store, settings, db_path) -> None:
    window = open_window(qtbot, store, settings)
    window.load_samples()
    open_doc(window, "04-village-shelling")
    select_by_keyboard(qtbot, window, "📍 Nor Aghavni")
    qtbot.keyClick(window.document_view, Qt.Key.Key_4)
    select_by_keyboard(qtbot, window, "at least a dozen civilians")
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    window.close()
    store.close()

    reopened = Store.open(db_path)
    second = open_window(qtbot, reopened, settings)
    assert second.session.document.doc_id == "04-village-shelling"
    texts = {s.text: s for s in stored(second)}
    assert set(texts) == {"📍 Nor Aghavni", "at least a dozen civilians"}
    assert texts["at least a dozen civilians"].attributes["qualifier"] == "at_least"
    assert second.span_table.model.rowCount() == 2
    reopened.close()


@pytest.mark.parametrize(
    ("doc_id", "quote"),
    [
        ("04-village-shelling", "📍 Nor Aghavni"),
        ("03-ceasefire-talks", "Գեղարքունիք"),
        ("03-ceasefire-talks", "Kalbajar (Kəlbəcər) district"),
    ],
)
def test_spans_stay_exact_on_emoji_and_non_latin_text(qtbot, window, doc_id, quote) -> None:
    open_doc(window, doc_id)
    select_by_keyboard(qtbot, window, quote)
    qtbot.keyClick(window.document_view, Qt.Key.Key_4)
    (span,) = stored(window)
    text = window.session.document.text
    assert text[span.start : span.end] == span.text == quote
    # Move the end one word right, then the start one word right: still exact code points.
    qtbot.keyClick(window.document_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    moved = window.session.store.span(span.uid)
    assert text[moved.start : moved.end] == moved.text and moved.end > span.end
    qtbot.keyClick(
        window.document_view,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    widened = window.session.store.span(span.uid)
    assert text[widened.start : widened.end] == widened.text and widened.start < span.start
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.session.store.span(span.uid).text == quote
    # The highlight covers exactly the span's UTF-16 range.
    view = window.document_view
    assert view.highlighter.range_of(span.uid)[:2] == (
        view.mapping.to_utf16(span.start),
        view.mapping.to_utf16(span.end),
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored(window) == []


def test_clicking_a_span_selects_the_innermost(qtbot, window) -> None:
    open_doc(window, "03-ceasefire-talks")
    select_by_keyboard(qtbot, window, "Gegharkunik (Գեղարքունիք) province")
    qtbot.keyClick(window.document_view, Qt.Key.Key_4)
    outer = window.session.selected_span
    select_by_keyboard(qtbot, window, "Գեղարքունիք")
    qtbot.keyClick(window.document_view, Qt.Key.Key_4)
    inner = window.session.selected_span
    view = window.document_view
    u16 = view.mapping.to_utf16(inner.start + 2)
    assert view.span_at(u16) == inner.uid
    assert view.span_at(view.mapping.to_utf16(outer.start)) == outer.uid
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16)
    point = view.cursorRect(cursor).center()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.session.selected_uid == ""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.session.selected_uid == inner.uid


def test_tab_walks_the_form_and_links_then_returns_to_the_article(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    select_by_keyboard(qtbot, window, "left three soldiers dead")
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    order = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
        if order[-1] == "documentView":
            break

    assert order == [
        "labelCombo",
        "field_outcome",
        "field_victim_type",
        "field_victim_side",
        "field_qualifier",
        "field_low",
        "field_high",
        "field_scope",
        "note",
        "relationType",
        "relationTarget",
        "documentView",
    ]
    qtbot.keyClick(window.document_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget().objectName() == "relationTarget"
