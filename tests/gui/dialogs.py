"""Message boxes in tests: record each one instead of blocking in its event loop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


def capture_message_boxes(
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    inspect: Callable[[QMessageBox], None] | None = None,
) -> list[str]:
    """Every message box shown from now on answers ``answer`` at once; its text is appended
    to the returned list. Each must be plain text (user text may be quoted in it). ``inspect``
    sees the box while it is on screen."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> QMessageBox.StandardButton:
        assert box.textFormat() == Qt.TextFormat.PlainText, box.text()
        shown.append(box.text())
        if inspect is not None:
            box.show()
            inspect(box)
            box.hide()
        return answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown
