"""An unexpected error shows a dialog with the details instead of vanishing."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from annotator.gui import crash


def test_uncaught_errors_go_to_a_dialog_with_details(qapp, monkeypatch, capsys) -> None:
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    (box,) = shown
    assert "boom in a slot" in box.text() and "saved" in box.text()
    assert "Traceback" in box.detailedText() and "RuntimeError" in box.detailedText()
    assert "boom in a slot" in capsys.readouterr().err
