"""The editing session: the open store, the annotator, the undo stack and the current document.

Widgets take this object in their constructors and listen to its signals; they never call each
other. Every user edit goes through ``run``: a core command wrapped in a QUndoCommand, committed
to the database at once. The session keeps the current document's spans and relations in
memory and refreshes only what a command changed, so an edit costs the same on a 10-span
article as on a 10,000-span one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.checks import document_warnings, span_warnings
from annotator.core.commands import Changes, Command
from annotator.core.model import Document, Relation, Span, Status
from annotator.errors import UserError
from annotator.store import Store


class _UndoableCommand(QUndoCommand):
    """Core commands as one undo step. They are applied before the step is pushed (so a
    failure, such as a locked database, never leaves a half-made entry), hence the skipped
    first redo."""

    def __init__(self, session: Session, title: str, commands: list[Command]) -> None:
        super().__init__(title)
        self._session = session
        self._commands = commands
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        for command in self._commands:
            if not self._session._guarded(command.apply):
                return

    def undo(self) -> None:
        for command in reversed(self._commands):
            if not self._session._guarded(command.revert):
                return


class Session(QObject):
    """Signals: ``changed(Changes)`` after every edit, undo and redo; ``documentOpened(int)``;
    ``spanSelected(str)`` ("" for none); ``reloaded`` after imports."""

    changed = Signal(object)
    failed = Signal(str)  # a change the store refused (locked database, full disk...)
    documentOpened = Signal(int)
    spanSelected = Signal(str)
    reloaded = Signal()

    def __init__(self, store: Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.spans: dict[str, Span] = {}
        self.relations: dict[str, Relation] = {}
        self.status: Status = Status.TODO
        self.selected_uid: str = ""
        self.warnings: dict[str, list[str]] = {}  # span uid -> DESIGN section 4 warnings
        self.label_counts: Counter[str] = Counter()  # spans per label in this document
        self.schema = store.schema

    # ---- editing ----------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        """Apply a command now (it is committed at once) and make it undoable.

        Returns False, after emitting ``failed``, if the store refused it: nothing changed
        and nothing was added to the undo stack.
        """
        return self.run_many(command.text, [command])

    def run_many(self, title: str, commands: list[Command]) -> bool:
        """Several commands as one undo step. If one is refused, the ones before it stay
        applied (and undoable) and the rest are not tried."""
        applied: list[Command] = []
        for command in commands:
            if not self._guarded(command.apply):
                break
            applied.append(command)
        if applied:
            self.undo_stack.push(_UndoableCommand(self, title, applied))
        return len(applied) == len(commands)

    def _guarded(self, step: Callable[[Store], Changes]) -> bool:
        try:
            changes = step(self.store)
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        self._after(changes)
        return True

    def _after(self, changes: Changes) -> None:
        if self.document is not None and changes.document_id == self.document.id:
            self._refresh(changes)
        self.changed.emit(changes)

    def _refresh(self, changes: Changes) -> None:
        assert self.document is not None
        for uid in changes.spans:
            span = self.store.find_span(uid)
            previous = self.spans.pop(uid, None)
            if previous is not None:
                self.label_counts[previous.label] -= 1
            if span is not None:
                self.spans[uid] = span
                self.label_counts[span.label] += 1
        removed = {uid for uid in changes.spans if uid not in self.spans}
        touches_links = any(
            r.from_uid in removed or r.to_uid in removed for r in self.relations.values()
        )
        if changes.relations or touches_links:
            # Deleting a span deletes its relations too.
            self.relations = {
                r.uid: r for r in self.store.relations(self.document.id, self.annotator)
            }
        if changes.status:
            self.status = self.store.status(self.document.id, self.annotator)
        self._recheck(changes)
        if self.selected_uid and self.selected_uid not in self.spans:
            self.select_span("")

    def _recheck(self, changes: Changes) -> None:
        touched = set(changes.spans)
        if changes.relations:
            # Linking can clear or raise "no source linked" on any claim.
            touched |= {uid for uid, span in self.spans.items() if span.label == "claim"}
        outgoing: dict[str, list[Relation]] = {}
        for relation in self.relations.values():
            outgoing.setdefault(relation.from_uid, []).append(relation)
        for uid in touched:
            span = self.spans.get(uid)
            problems = (
                span_warnings(span, self.schema, outgoing.get(uid, [])) if span is not None else []
            )
            if problems:
                self.warnings[uid] = problems
            else:
                self.warnings.pop(uid, None)

    # ---- what is shown ----------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        if self.document is not None and self.document.id == document_id:
            return
        self.document = self.store.document(document_id)
        self.spans = {s.uid: s for s in self.store.spans(document_id, self.annotator)}
        self.label_counts = Counter(span.label for span in self.spans.values())
        self.relations = {r.uid: r for r in self.store.relations(document_id, self.annotator)}
        self.status = self.store.status(document_id, self.annotator)
        self.warnings = document_warnings(self.spans.values(), self.relations.values(), self.schema)
        self.selected_uid = ""
        self.documentOpened.emit(document_id)
        self.spanSelected.emit("")

    def select_span(self, uid: str) -> None:
        if uid and uid not in self.spans:
            uid = ""
        if uid == self.selected_uid:
            return
        self.selected_uid = uid
        self.spanSelected.emit(uid)

    @property
    def selected_span(self) -> Span | None:
        return self.spans.get(self.selected_uid) if self.selected_uid else None

    def notify_reloaded(self) -> None:
        """Documents were added outside the undo stack (an import)."""
        self.reloaded.emit()


__all__ = ["Changes", "Session"]
