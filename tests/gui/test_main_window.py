"""The main window on a real database, driven by qtbot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPlainTextEdit, QTableView

from annotator.core.model import Span, new_uid
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store: Store, settings: QSettings) -> MainWindow:
    win = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(win)
    win.show()
    return win


def test_empty_store_offers_the_samples_and_loads_them(qtbot, window: MainWindow) -> None:
    assert window.list_stack.currentWidget() is window.empty_state
    qtbot.mouseClick(window.empty_state.samples_button, Qt.MouseButton.LeftButton)
    documents = window.findChild(QTableView, "documentList")
    assert documents.model().rowCount() == 4
    assert window.list_stack.currentIndex() == 0
    view = window.findChild(QPlainTextEdit, "documentView")
    assert view.toPlainText().startswith("Overnight border firefight")
    assert "alice" in window.windowTitle()


def test_picking_a_document_shows_its_text_and_spans(qtbot, window: MainWindow) -> None:
    window.load_samples()
    store = window.session.store
    doc = store.find_document("04-village-shelling")
    assert doc is not None
    quote = "Gegharkunik province"
    start = doc.text.index(quote)
    store.add_span(
        Span(
            uid=new_uid("s"),
            document_id=doc.id,
            annotator="alice",
            label="location",
            start=start,
            end=start + len(quote),
            text=quote,
        )
    )
    window.document_list.select_document(doc.id)
    view = window.document_view
    assert view.toPlainText() == doc.text
    # The highlight sits exactly on the span, in Qt's UTF-16 units (the text has emoji).
    view.viewport().repaint()
    u16_start = view.mapping.to_utf16(start)
    block = view.document().findBlock(u16_start)
    fills = view.highlighter.fills(block.position(), block.position() + block.length() - 1)
    assert any(f.start == u16_start and f.end - f.start == len(quote) for f in fills)
    window.filter_edit.setText("shelling")
    assert window.document_list.proxy.rowCount() == 1


def test_last_document_and_geometry_come_back(qtbot, store: Store, settings: QSettings) -> None:
    first = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(first)
    first.load_samples()
    doc = store.find_document("03-ceasefire-talks")
    assert doc is not None
    first.document_list.select_document(doc.id)
    first.resize(700, 500)  # the offscreen screen is 800x600
    first.close()
    second = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(second)
    assert second.document_view.toPlainText() == doc.text
    assert second.size().width() == 700
