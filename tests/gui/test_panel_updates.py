"""Side panels follow the text view a pass of the event loop later, and always before the
next input (annotator.gui.panel_updates): a label key shows its span in the text first, and
nothing typed or clicked ever meets a panel that shows an older state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import panel_updates
from tests.gui.test_annotation_window import open_doc, open_window, select_by_keyboard


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def label(qtbot, window: MainWindow, quote: str, key: Qt.Key) -> str:
    select_by_keyboard(qtbot, window, quote)
    qtbot.keyClick(window.document_view, key)
    return window.session.selected_uid


def test_a_label_key_draws_the_span_first_and_the_form_follows(qtbot, window) -> None:
    open_doc(window, "02-war-toll")
    uid = label(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    form, table = window.span_form, window.span_table
    # The text view has it already; the form and the table are queued.
    assert window.document_view.highlighter.range_of(uid) is not None
    assert panel_updates().pending
    assert not form.title.text().endswith("“over 6,500 lives”")
    assert table.model.row_of(uid) is None
    # The event loop's next pass brings them up to date.
    qtbot.waitUntil(lambda: not panel_updates().pending)
    assert form.title.text().endswith("“over 6,500 lives”")
    assert table.model.row_of(uid) is not None
    assert form.findChild(QLineEdit, "field_low").text() == "6,500"


def test_a_key_typed_ahead_finds_the_form_of_the_new_span(qtbot, window) -> None:
    """Label, then Tab at once (both keys waiting before the window painted): the Tab lands
    in the new span's form, not in the page the form showed before."""
    open_doc(window, "02-war-toll")
    label(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    assert panel_updates().pending
    qtbot.keyClick(window.document_view, Qt.Key.Key_Tab)
    assert not panel_updates().pending
    assert window.span_form.title.text().endswith("“over 6,500 lives”")
    focused = QApplication.focusWidget()
    assert focused is not None and window.span_form.isAncestorOf(focused)


def test_a_value_typed_into_the_form_lands_on_the_span_the_session_selected(qtbot, window) -> None:
    """The trust case: another span is selected (by a link, a search, another window) and the
    user clicks a field before the form has repainted. The click first brings the form to
    that span, so the value is written to it and not to the one shown a moment before."""
    open_doc(window, "02-war-toll")
    first = label(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    second = label(qtbot, window, "nearly 200 Armenian soldiers", Qt.Key.Key_3)
    qtbot.waitUntil(lambda: not panel_updates().pending)
    store = window.session.store
    low = window.span_form.findChild(QLineEdit, "field_low")
    assert low.text() == "200"

    window.session.select_span(first)  # the form still shows the second span's values
    assert panel_updates().pending and low.text() == "200"
    QTest.mouseClick(low, Qt.MouseButton.LeftButton, pos=QPoint(5, low.height() // 2))
    assert low.text() == "6,500"  # brought up to date before the click was delivered
    low.selectAll()
    qtbot.keyClicks(low, "7000")
    qtbot.keyClick(low, Qt.Key.Key_Return)
    assert store.span(first).attributes["low"] == 7000
    assert store.span(second).attributes["low"] == 200


def test_updates_queued_for_a_closed_window_are_dropped(qtbot, store, window_settings) -> None:
    window = open_window(qtbot, store, window_settings)
    window.load_samples()
    open_doc(window, "02-war-toll")
    label(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    assert panel_updates().pending
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, 0)  # the deferred delete: the panels are gone
    panel_updates().run()  # must not call into deleted widgets
    assert not panel_updates().pending
