"""Import errors, find, zoom, filters and the shortcut sheet in the real window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store
from tests.conftest import FIXTURES
from tests.gui.dialogs import capture_message_boxes


def test_a_bad_file_shows_a_dialog_naming_it_and_imports_nothing(
    qtbot, window, monkeypatch
) -> None:
    shown = capture_message_boxes(monkeypatch)
    bad = FIXTURES / "bad" / "latin1.txt"
    with qtbot.waitSignal(window.import_paths([FIXTURES / "mixed", bad]).finished):
        pass
    assert len(shown) == 1
    assert str(bad) in shown[0] and "byte 9" in shown[0]
    assert window.session.store.document_count() == 0
    assert window.list_stack.currentWidget() is window.empty_state


def test_find_zoom_filters_and_shortcut_sheet(qtbot, window) -> None:
    window.load_samples()
    qtbot.keyClick(window.document_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "ceasefire")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.document_view.textCursor().selectedText() == "ceasefire"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()

    size = window.document_view.font().pointSizeF()
    qtbot.keyClick(window.document_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.document_view.font().pointSizeF() > size
    assert window.settings.value("zoom", type=int) == 1

    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    assert window.document_list.proxy.rowCount() == 0
    window.status_filter.setCurrentIndex(0)
    window.filter_edit.setText("toll")
    assert window.document_list.proxy.rowCount() == 1

    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.findChild(QDialog, "shortcutSheet")
    assert sheet is not None and sheet.isVisible()
    sheet.close()


def test_tooltip_text_describes_label_and_attributes(qtbot, window) -> None:
    window.load_samples()
    document = window.session.store.find_document("02-war-toll")
    window.document_list.select_document(document.id)
    view = window.document_view
    start = document.text.index("over 6,500 lives")
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_utf16(start))
    cursor.setPosition(view.mapping.to_utf16(start + 16), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_3)
    text = view.describe(window.session.selected_span)
    assert text.startswith("Casualty figure (3)")
    assert "Qualifier: More than" in text and "Low: 6,500" in text
    assert "Outcome: Killed" in text  # "lives": pre-filled
    assert "⚠ Victim type is empty." in text


def test_a_locked_database_gives_a_dialog_and_leaves_no_undo_entry(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("annotator.store.db.BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "locked.sqlite3"
    store = Store.open(db)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    window.show()
    window.load_samples()
    shown = capture_message_boxes(monkeypatch)
    view = window.document_view
    cursor = view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(9, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(view, Qt.Key.Key_1)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert len(shown) == 1 and "locked" in shown[0]
    assert window.session.undo_stack.count() == 0
    assert window.session.spans == {}
    qtbot.keyClick(view, Qt.Key.Key_1)  # the lock is gone: now it is saved
    assert len(store.spans(window.session.document.id)) == 1
    window.close()
    store.close()
