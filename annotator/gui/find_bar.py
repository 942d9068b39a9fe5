"""Ctrl+F: find text in the article (Enter: next, Shift+Enter: previous, Esc: close)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget

from annotator.gui.plain import plain_label


class FindBar(QWidget):
    def __init__(self, view: QPlainTextEdit, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.edit = QLineEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self.find_next)
        self.status = plain_label()
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.selectAll()
        self.edit.setFocus()

    def find_others(self, needle: str) -> int:
        """Open the bar on ``needle``, go to its next occurrence after the caret and say how
        many others the article holds. Returns that number."""
        self.show()
        self.edit.setText(needle)
        self.edit.selectAll()
        self.edit.setFocus()
        haystack = self.view.toPlainText().casefold()
        others = max(haystack.count(needle.casefold()) - 1, 0)
        if others:
            self.find_next()
        self.status.setText(
            f"{others} other occurrence{'' if others == 1 else 's'}"
            if others
            else "no other occurrence"
        )
        return others

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def find_next(self, backwards: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self.view.find(needle, flags)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
            )
            self.view.setTextCursor(cursor)
            found = self.view.find(needle, flags)
        self.status.setText("" if found else "not found")
        return found

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find_next(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        super().keyPressEvent(event)
