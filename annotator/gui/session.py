"""The editing session: the open store, the annotator, the undo stack and one signal.

Widgets take this object in their constructors, listen to ``changed`` and never call each
other. Every user edit goes through ``run``: a core command wrapped in a QUndoCommand.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.commands import Changes, Command
from annotator.store import Store


class _UndoableCommand(QUndoCommand):
    def __init__(self, session: Session, command: Command) -> None:
        super().__init__(command.text)
        self._session = session
        self._command = command

    def redo(self) -> None:
        self._session.changed.emit(self._command.apply(self._session.store))

    def undo(self) -> None:
        self._session.changed.emit(self._command.revert(self._session.store))


class Session(QObject):
    """Emits ``changed(Changes)`` after every edit, undo and redo; ``reloaded`` after imports."""

    changed = Signal(object)
    reloaded = Signal()

    def __init__(self, store: Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)

    def run(self, command: Command) -> None:
        """Apply a command now (it is committed at once) and make it undoable."""
        self.undo_stack.push(_UndoableCommand(self, command))

    def notify_reloaded(self) -> None:
        """Documents were added or removed outside the undo stack (an import)."""
        self.reloaded.emit()


__all__ = ["Changes", "Session"]
