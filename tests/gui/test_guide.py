"""Help > Annotation Guide: built from the schema, searchable, the shortcut sheet beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.schema import parse_schema
from annotator.gui.guide import GuideDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store

# The offscreen platform cannot raise a window; the guide is still shown and focused.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

HOSTILE = {
    "id": "hostile",
    "version": "1",
    "name": "<b>Bold</b> schema",
    "description": "<img src='x'> in the description",
    "labels": [
        {
            "id": "claim",
            "name": "Claim <i>",
            "key": "1",
            "color": "#E7DB38",
            "guidance": "Select <a href='x'>this</a>",
            "example": "Baku said [<script>x</script>]",
            "attributes": [{"id": "note2", "name": "N & <b>", "type": "text", "help": "<hr>"}],
        }
    ],
}


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_ctrl_f1_opens_the_guide_and_typing_filters_it(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ControlModifier)
    guide = window.findChild(GuideDialog, "annotationGuide")
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for heading in ("Claim (key 1)", "Casualty figure (key 3)", "Links", "Attributed to"):
        assert heading in text
    assert "Example: Azerbaijan's defence ministry said [Armenian forces" in text
    assert guide.count.text() == "All 30 entries"
    assert "Keyboard shortcuts" in guide.sheet.toPlainText()  # the sheet beside it
    assert "Ctrl+Z" in guide.sheet.toPlainText()

    qtbot.waitUntil(lambda: QApplication.focusWidget() is guide.filter_edit)
    qtbot.keyClicks(guide.filter_edit, "Qualifier")
    text = guide.browser.toPlainText()
    assert "Qualifier" in text and "More than" in text
    assert "Factuality" not in text and "Attributed to" not in text
    assert guide.count.text() == "2 of 30"

    guide.filter_edit.clear()
    qtbot.keyClicks(guide.filter_edit, "no such thing")
    assert "Nothing in the guide matches “no such thing”." in guide.browser.toPlainText()
    assert guide.count.text() == "0 of 30"


def test_opening_again_brings_back_the_same_guide(qtbot, window: MainWindow) -> None:
    view_help = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in view_help.actions() if a.text() == "Annotation &Guide")
    action.trigger()
    first = window.guide
    assert first is not None
    qtbot.keyClicks(first.filter_edit, "link")
    first.close()
    action.trigger()
    assert window.guide is first and first.isVisible()
    assert first.filter_edit.selectedText() == "link"  # typing starts a new search


def test_schema_text_is_shown_as_written(qtbot) -> None:
    guide = GuideDialog(parse_schema(HOSTILE, "hostile.json"))
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    for written in (
        "<b>Bold</b> schema",
        "<img src='x'> in the description",
        "Claim <i>",
        "Select <a href='x'>this</a>",
        "Baku said [<script>x</script>]",
        "N & <b>",
        "<hr>",
    ):
        assert written in text
    assert guide.browser.document().allFormats()  # rendered, not empty
