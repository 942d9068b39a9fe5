"""The first run asks for the annotator's name and says why it is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QLineEdit

from annotator.gui.app import annotator_name


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    monkeypatch.delenv("ANNOTATOR_NAME")
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def answer_name_dialog(qtbot, typed: str | None, seen: dict) -> None:
    """Once the dialog is up: record its label, type ``typed`` and press Enter (or Esc)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        label = dialog.findChild(QLabel)
        seen.update(text=label.text(), format=label.textFormat(), title=dialog.windowTitle())
        edit = dialog.findChild(QLineEdit)
        if typed is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
            return
        edit.selectAll()
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_the_name_dialog_explains_why_and_keeps_the_name(qtbot, settings) -> None:
    seen: dict = {}
    answer_name_dialog(qtbot, "  Anna Petrosyan ", seen)
    assert annotator_name(settings) == "Anna Petrosyan"
    assert settings.value("annotatorName") == "Anna Petrosyan"
    assert seen["title"] == "Welcome to annotator"
    assert seen["format"] == Qt.TextFormat.PlainText
    for reason in ("saved under this name", "team lead", "agreement", "export"):
        assert reason in seen["text"]
    # Asked once: the next start reads it from the settings without a dialog.
    assert annotator_name(settings) == "Anna Petrosyan"


def test_cancelling_or_an_empty_name_starts_nothing(qtbot, settings) -> None:
    answer_name_dialog(qtbot, None, {})
    assert annotator_name(settings) is None
    answer_name_dialog(qtbot, "   ", {})
    assert annotator_name(settings) is None
    assert settings.value("annotatorName") is None
