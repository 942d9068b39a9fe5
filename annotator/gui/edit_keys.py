"""Ctrl+Z and Ctrl+Shift+Z reach the window's undo and redo from every widget.

A line edit, an editable combo box or a spin box claims the undo keys for its own text undo
(a ``ShortcutOverride``), so in the span form, where annotators live, the keys never reached
the annotation history. The window's widgets get a filter as they take focus (the form
builds its fields anew, so a filter per field at construction would miss some) that declines
that claim for the keys of the given actions: the window's shortcut then runs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class _EditKeyRouter(QObject):
    def __init__(self, window: QWidget, actions: list[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = actions
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self._holds(new):
            new.installEventFilter(self)  # installing again only moves it to the front

    def _holds(self, widget: QWidget | None) -> bool:
        # A parent walk rather than isAncestorOf: a floating dock is a window of its own.
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def _is_edit_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(shortcut) == QKeySequence.SequenceMatch.ExactMatch
            for action in self._actions
            for shortcut in action.shortcuts()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_edit_key(event)
        ):
            event.ignore()  # not the widget's: the window's undo or redo shortcut runs
            return True
        return False


def route_edit_keys(window: QWidget, actions: list[QAction]) -> None:
    """Let the shortcuts of ``actions`` work in every widget of ``window``, text fields too."""
    _EditKeyRouter(window, actions)
