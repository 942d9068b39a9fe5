"""The editing session: the open store, the annotator, the undo stack and the current document.

Widgets take this object in their constructors and listen to its signals; they never call each
other. Every user edit goes through ``run``: core commands applied in one transaction and kept
as one undo step; ``undo`` and ``redo`` are one transaction each too. Changes made by other
sessions and processes arrive through the application's change hub. The session keeps the
current document's spans and relations in memory and refreshes only what a command changed,
so an edit costs the same on a 10-span article as on a 10,000-span one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from annotator.core.checks import document_warnings, labels_needing_links, span_warnings
from annotator.core.commands import AnnotationStore, Changes, Command
from annotator.core.history import VersionedStore, WrittenVersions
from annotator.core.model import Document, Relation, Span, Status
from annotator.errors import DatabaseBusyError, StaleEditError, UserError
from annotator.gui.hub import hub_for
from annotator.gui.workers import collection_paused
from annotator.store import Store
from annotator.store.watch import ExternalChanges

# A window's write waits this long for another connection's lock (an import running in a
# worker, another program), then is refused with BUSY_TEXT: the window never freezes.
WRITE_WAIT_MS = 50
BUSY_TEXT = (
    "The database is locked for a moment: an import or another program is writing to it. "
    "Nothing was changed; try again when it is done."
)


class _UndoStep(QUndoCommand):
    """Core commands as one undo step. The session applies, undoes and redoes them itself,
    each time in one transaction, and moves the stack only when that transaction committed;
    so the stack never disagrees with the database. Hence the skipped calls from Qt."""

    def __init__(self, title: str, commands: list[Command]) -> None:
        super().__init__(title)
        self.commands = commands

    def redo(self) -> None:
        pass  # done by Session.redo (or by Session.run before the push)

    def undo(self) -> None:
        pass  # done by Session.undo


class Session(QObject):
    """Signals: ``changed(Changes)`` after every edit, undo and redo (this session's, another
    session's or another process's); ``documentOpened(int)``; ``spanSelected(str)`` ("" for
    none); ``reloaded`` after imports; ``failed(str)`` when the store refused a change."""

    changed = Signal(object)
    failed = Signal(str)  # a change the store refused (locked database, full disk, stale)
    committed = Signal()  # this session's edit, undo or redo was written
    documentOpened = Signal(int)
    spanSelected = Signal(str)
    reloaded = Signal()
    othersChanged = Signal()  # another process's commits were taken in (after ``changed``)

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
        store.write_wait_ms = WRITE_WAIT_MS
        self._written = WrittenVersions()
        self.hub = hub_for(store)
        self.hub.changed.connect(self._heard)
        self.hub.external.connect(self._heard_external)

    # ---- editing ----------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        """Apply a command now (it is committed at once) and make it undoable.

        Returns False, after emitting ``failed``, if the store refused it: nothing changed
        and nothing was added to the undo stack.
        """
        return self.run_many(command.text, [command])

    def run_many(self, title: str, commands: list[Command]) -> bool:
        """Several commands as one user action: one transaction and one undo step. If any
        is refused, none is written."""
        if not self._unit(commands, [command.apply for command in commands], history=False):
            return False
        self.undo_stack.push(_UndoStep(title, commands))
        return True

    def undo(self) -> bool:
        """Undo the last step in one transaction; the stack moves only if it committed."""
        index = self.undo_stack.index()
        if index == 0:
            return False
        step = self.undo_stack.command(index - 1)
        assert isinstance(step, _UndoStep)
        if not self._unit(step.commands, [c.revert for c in reversed(step.commands)], history=True):
            return False
        self.undo_stack.undo()
        return True

    def redo(self) -> bool:
        index = self.undo_stack.index()
        if index >= self.undo_stack.count():
            return False
        step = self.undo_stack.command(index)
        assert isinstance(step, _UndoStep)
        if not self._unit(step.commands, [c.apply for c in step.commands], history=True):
            return False
        self.undo_stack.redo()
        return True

    def _unit(
        self,
        commands: list[Command],
        steps: list[Callable[[AnnotationStore], Changes]],
        *,
        history: bool,
    ) -> bool:
        # Commands remember what they wrote; a rolled-back unit must not advance them.
        saved = [dict(vars(command)) for command in commands]
        versioned = VersionedStore(self.store, self._written, history=history)
        try:
            with self.store.unit_of_work():
                results = [step(versioned) for step in steps]
        except UserError as exc:
            for command, state in zip(commands, saved, strict=True):
                vars(command).update(state)
            self.failed.emit(BUSY_TEXT if isinstance(exc, DatabaseBusyError) else str(exc))
            if isinstance(exc, StaleEditError):
                self.resync()
            return False
        versioned.commit()
        for changes in results:
            self._after(changes)
            self.hub.publish(changes, self)
        self.committed.emit()
        return True

    # ---- hearing others ---------------------------------------------------------------------

    def _heard(self, changes: Changes, origin: object) -> None:
        # Another session of this process says exactly what it changed: refresh just that,
        # so a second window costs an edit no more than the first.
        if origin is not self:
            self._after(changes)

    def _heard_external(self, found: ExternalChanges) -> None:
        if found.reload:
            self.schema = self.store.refresh_schema()
            self.reloaded.emit()
        if self.document is not None and (found.reload or self.document.id in found.document_ids):
            self.resync()
            # What resync cannot see, such as a suggestion decided in another process, is
            # worked out again by whoever holds it.
            self.changed.emit(Changes(self.document.id, suggestions=True))
        for document_id in found.document_ids:
            if self.document is None or document_id != self.document.id:
                self.changed.emit(Changes(document_id, status=True))
        if found.document_ids:
            self.othersChanged.emit()

    def resync(self) -> None:
        """Bring the open document up to date with the store after changes made elsewhere:
        only what differs is refreshed, so selection and scroll position stay."""
        if self.document is None:
            return
        document_id = self.document.id
        fresh = {s.uid: s for s in self.store.spans(document_id, self.annotator)}
        links = {r.uid for r in self.store.relations(document_id, self.annotator)}
        spans = frozenset(
            uid
            for uid in fresh.keys() | self.spans.keys()
            if uid not in fresh
            or uid not in self.spans
            or fresh[uid].version != self.spans[uid].version
        )
        relations = frozenset(links ^ self.relations.keys())
        status = self.store.status(document_id, self.annotator) != self.status
        if spans or relations or status:
            self._after(Changes(document_id, spans=spans, relations=relations, status=status))

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
            if span is not None and span.annotator == self.annotator:
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
            # Linking can clear or raise "no source linked" on any span whose label needs a link.
            needing = labels_needing_links(self.schema)
            touched |= {uid for uid, span in self.spans.items() if span.label in needing}
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
        # Everything made here (10,000 spans, their index, the table's rows) lives as long as
        # the document is open: collections while it is built only scanned it in vain, a
        # third of the time to open a large article.
        with collection_paused():
            self.document = self.store.document(document_id)
            self.spans = {s.uid: s for s in self.store.spans(document_id, self.annotator)}
            self.label_counts = Counter(span.label for span in self.spans.values())
            self.relations = {r.uid: r for r in self.store.relations(document_id, self.annotator)}
            self.status = self.store.status(document_id, self.annotator)
            self.warnings = document_warnings(
                self.spans.values(), self.relations.values(), self.schema
            )
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
        """Documents were added outside the undo stack (an import): every session and view
        of this database reloads."""
        self.hub.external.emit(ExternalChanges(document_ids=frozenset(), reload=True))


class _UndoActions(QObject):
    """Edit > Undo and Redo for a session, in step with its stack's texts and enabled states.
    They go through ``Session.undo``/``redo``, so a refused step leaves the stack alone. A
    QObject receiver, so Qt disconnects it when either side is destroyed."""

    def __init__(
        self, session: Session, parent: QObject, prepare: Callable[[], bool] | None
    ) -> None:
        super().__init__(parent)
        self._stack = session.undo_stack
        self._session = session
        self._prepare = prepare
        self.undo = QAction("&Undo", parent)
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo.triggered.connect(self._undo)
        self.redo = QAction("&Redo", parent)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.triggered.connect(self._redo)
        self._stack.indexChanged.connect(self.follow)
        self.follow()

    def _undo(self) -> None:
        # e.g. commit a field being typed in, so that its edit is a step too; a true result
        # means the key was spent there (a refused value taken back).
        if self._prepare is None or not self._prepare():
            self._session.undo()

    def _redo(self) -> None:
        if self._prepare is None or not self._prepare():
            self._session.redo()

    def follow(self, _index: int = 0) -> None:
        stack = self._stack
        if not shiboken6.isValid(stack):
            return
        self.undo.setEnabled(stack.canUndo())
        self.undo.setText(f"&Undo {stack.undoText()}".rstrip())
        self.redo.setEnabled(stack.canRedo())
        self.redo.setText(f"&Redo {stack.redoText()}".rstrip())


def undo_actions(
    session: Session, parent: QObject, prepare: Callable[[], bool] | None = None
) -> tuple[QAction, QAction]:
    """Undo and Redo actions. ``prepare`` runs before each undo or redo; when it returns
    True the step is not taken."""
    actions = _UndoActions(session, parent, prepare)
    return actions.undo, actions.redo


__all__ = ["Changes", "Session", "undo_actions"]
