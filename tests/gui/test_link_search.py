"""Searching for a link target by typing: any part, any case, any accents; Enter decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store
from tests.helpers import new_document, span_over

TEXT = (
    "Azerbaijan's defence ministry said Armenian forces shelled Kəlbəcər. "
    "Armenia's defence ministry denied it. Le ministère de l’Azerbaïdjan a confirmé. "
    "A claim that the ceasefire is holding along the Gegharkunik section of the line."
)
SOURCES = [
    "Azerbaijan's defence ministry",
    "Armenia's defence ministry",
    "ministère de l’Azerbaïdjan",
]
# The offscreen platform cannot raise a popup or let it grab the keyboard; the matches list
# is still shown and gets the keys, which is what these tests drive.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
CLAIM = "the ceasefire is holding along the Gegharkunik section of the line"


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    store.import_documents([new_document(TEXT, "links")], actor="alice", source="test")
    (info,) = store.list_documents()
    for quote in SOURCES:
        store.add_span(span_over(TEXT, quote, document_id=info.id, label="source"))
    for quote in ("Kəlbəcər", "Gegharkunik"):
        store.add_span(span_over(TEXT, quote, document_id=info.id, label="location"))
    claim = store.add_span(span_over(TEXT, CLAIM, document_id=info.id, label="claim"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.session.select_span(claim.uid)
    return win


def key_target() -> QWidget:
    """Where Qt delivers a key press: the open popup, else the focused widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None
    return target


def press(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(key_target(), key)


def type_text(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(key_target(), char)


def start_linking(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.document_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.relation_list.type_combo.currentData() == "attributed_to"
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.relation_list.target_combo
    qtbot.wait(1)  # the pre-filled target is selected once the focus has settled
    assert window.relation_list.target_combo.lineEdit().selectedText()


def linked_texts(window: MainWindow) -> list[str]:
    spans = window.session.spans
    return [spans[r.to_uid].text for r in window.session.relations.values()]


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("Azerbaijan", "Azerbaijan's defence ministry"),  # inside the text, not its start
        ("ARMENIA'S", "Armenia's defence ministry"),
        ("armenia", "Armenia's defence ministry"),
        ("AZERBAÏDJAN", "ministère de l’Azerbaïdjan"),  # accents and case folded
        ("azerbaidjan", "ministère de l’Azerbaïdjan"),
        ("source minist azerbaijan", "Azerbaijan's defence ministry"),  # label and words
    ],
)
def test_typing_part_of_a_target_and_enter_links_the_only_match(
    qtbot, window: MainWindow, query: str, target: str
) -> None:
    start_linking(qtbot, window)
    type_text(qtbot, query)
    edit = window.relation_list.target_combo.lineEdit()
    assert edit.text() == query  # typing replaced the pre-filled target, nothing was mixed in
    assert window.relation_list.completer.popup().isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == [target]


def test_several_matches_enter_says_so_then_down_enter_takes_the_highlighted(
    qtbot, window: MainWindow
) -> None:
    links = window.relation_list
    start_linking(qtbot, window)
    type_text(qtbot, "Azerb")  # Azerbaijan's and Azerbaïdjan
    assert links.matches.rowCount() == 2
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == []
    assert "2 spans match" in links.hint.text()
    qtbot.waitUntil(links.completer.popup().isVisible)  # the list is offered again
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    # Nearest first: the French source, then the other; the second Down highlights that one.
    assert links.completer.popup().currentIndex().row() == 1
    assert "Azerbaijan's defence ministry" in links.completer.popup().currentIndex().data()
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == ["Azerbaijan's defence ministry"]


def test_no_match_says_so_and_links_nothing(qtbot, window: MainWindow) -> None:
    start_linking(qtbot, window)
    type_text(qtbot, "Geg")  # a location: attributed_to takes sources only
    assert not window.relation_list.completer.popup().isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == []
    assert "No span this link can take matches “Geg”" in window.relation_list.hint.text()


def test_located_at_finds_places_by_any_part(qtbot, window: MainWindow) -> None:
    links = window.relation_list
    start_linking(qtbot, window)
    press(qtbot, Qt.Key.Key_Backtab)
    links.type_combo.setCurrentIndex(links.type_combo.findData("located_at"))
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.wait(1)
    type_text(qtbot, "kelbecer")
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == ["Kəlbəcər"]


def test_clicking_into_the_prefilled_target_and_typing_never_mangles_it(
    qtbot, window: MainWindow
) -> None:
    links = window.relation_list
    edit = links.target_combo.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() // 2, 5))
    qtbot.wait(1)
    assert edit.selectedText() == edit.text() != ""  # typing will replace it whole
    type_text(qtbot, "Arm")
    assert edit.text() == "Arm"

    # A second click puts the caret inside the text again; typing there still searches
    # for what was typed, not for the mixture.
    press(qtbot, Qt.Key.Key_Escape)
    links.target_combo.setCurrentIndex(0)
    prefilled = edit.text()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() // 2, 5))
    edit.setCursorPosition(5)
    assert edit.text() == prefilled and not edit.hasSelectedText()
    type_text(qtbot, "Armen")
    assert edit.text() == "Armen"
    press(qtbot, Qt.Key.Key_Return)
    assert linked_texts(window) == ["Armenia's defence ministry"]


def test_enter_on_the_prefilled_nearest_target_links_it(qtbot, window: MainWindow) -> None:
    start_linking(qtbot, window)
    links = window.relation_list
    nearest = links.target_combo.currentText()
    press(qtbot, Qt.Key.Key_Return)
    (text,) = linked_texts(window)
    assert text in nearest
