"""Span commands as actions, shared by the menu bar and the span context menu.

Every command here acts on the session's selected span: right-clicking a span in the article
or a row in the span table selects it first, so keys, menu-bar items and context-menu items
are one code path. Keyed actions use ``WidgetShortcut`` and are attached to the article and
the span table only: digits and Delete keep their usual meaning in every other widget.

Linking by mouse: "Link from Here" remembers the source; "Link to Here" on another span
offers the link types the schema allows from that source to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core import commands
from annotator.errors import UserError
from annotator.gui.document_view import DocumentView
from annotator.gui.labels import label_name
from annotator.gui.relation_list import short
from annotator.gui.session import Changes, Session

# (text, method of DocumentView.move_edge arguments, shortcut)
EDGE_MOVES = (
    ("Move End &Right", ("end", 1), "Alt+Right"),
    ("Move End &Left", ("end", -1), "Alt+Left"),
    ("Move Start Ri&ght", ("start", 1), "Alt+Shift+Right"),
    ("Move Start Lef&t", ("start", -1), "Alt+Shift+Left"),
)


def menu_text(text: str) -> str:
    """``text`` shown literally in a menu: an ``&`` in user text is not a mnemonic."""
    return text.replace("&", "&&")


class SpanActions(QObject):
    """The span commands. ``message(str)`` gives short feedback for the status bar;
    ``find(text, after)`` is called to look for ``text`` after code point ``after``."""

    message = Signal(str)

    def __init__(
        self,
        session: Session,
        view: DocumentView,
        find: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        self._find = find
        self._parent = parent
        self.link_source = ""  # the span "Link from Here" remembered
        self.last_menu: QMenu | None = None  # the context menu shown last (for tests)

        self.label_actions: list[QAction] = []
        for label in session.store.schema.labels:
            action = self._new(menu_text(label.name), label.key)
            action.setData(label.id)
            action.triggered.connect(lambda _on=False, i=label.id: self.label(i))
            self.label_actions.append(action)
        self.delete = self._new("&Delete Span", QKeySequence.StandardKey.Delete)
        self.delete.triggered.connect(self.delete_selected)
        self.link_from = self._new("Link &from Here")
        self.link_from.triggered.connect(self.remember_link_source)
        self.link_to = QMenu("Link &to Here", parent)
        self.link_to.setObjectName("linkToMenu")
        self.link_to.aboutToShow.connect(self._fill_link_types)
        self.copy_text = self._new("&Copy Span Text", "Ctrl+Shift+C")
        self.copy_text.triggered.connect(self.copy_selected_text)
        self.find_other = self._new("Find &Other Occurrences", "Ctrl+Shift+F")
        self.find_other.triggered.connect(self.find_occurrences)
        self.edge_actions: list[QAction] = []
        for text, (edge, direction), key in EDGE_MOVES:
            action = self._new(text, key)
            action.triggered.connect(lambda _on=False, e=edge, d=direction: view.move_edge(e, d))
            self.edge_actions.append(action)
        self.deselect = self._new("Select &No Span", "Esc")
        self.deselect.triggered.connect(self.select_none)

        session.spanSelected.connect(lambda _uid: self.update_enabled())
        session.changed.connect(self._on_changed)
        session.documentOpened.connect(self._on_document)
        self.update_enabled()

    def _new(self, text: str, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self._parent)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        return action

    @property
    def keyed_actions(self) -> list[QAction]:
        return [
            *self.label_actions,
            self.delete,
            self.copy_text,
            self.find_other,
            *self.edge_actions,
            self.deselect,
        ]

    def attach(self, *widgets: QWidget) -> None:
        """Let the keys of the span commands work while one of ``widgets`` has focus."""
        for widget in widgets:
            widget.addActions(self.keyed_actions)

    # ---- menus ---------------------------------------------------------------------------

    def fill_edit_menu(self, menu: QMenu) -> None:
        menu.addActions([self.delete, self.copy_text, self.find_other])

    def fill_annotate_menu(self, menu: QMenu) -> None:
        menu.addActions(self.label_actions)
        menu.addSeparator()
        menu.addAction(self.link_from)
        menu.addMenu(self.link_to)
        menu.addSeparator()
        menu.addActions(self.edge_actions)
        menu.addAction(self.deselect)

    def context_menu(self, parent: QWidget) -> QMenu:
        """The menu of the selected span: relabel, delete, link, copy, find."""
        menu = QMenu(parent)
        menu.setObjectName("spanMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        span = self.session.selected_span
        if span is not None:
            menu.addSection(menu_text(short(span.text, 40)))
        for action in self.label_actions:
            action.setEnabled(span is None or action.data() != span.label)
        menu.addActions(self.label_actions)
        menu.addSeparator()
        menu.addAction(self.delete)
        menu.addSeparator()
        menu.addAction(self.link_from)
        menu.addMenu(self.link_to)
        menu.addSeparator()
        menu.addActions([self.copy_text, self.find_other])
        menu.aboutToHide.connect(self._enable_labels)
        self._fill_link_types()
        self.last_menu = menu
        return menu

    def popup(self, parent: QWidget, global_position: QPoint) -> None:
        if self.session.selected_span is not None:
            self.context_menu(parent).popup(global_position)

    def _enable_labels(self) -> None:
        for action in self.label_actions:
            action.setEnabled(True)

    # ---- state ---------------------------------------------------------------------------

    def _on_document(self, _document_id: int) -> None:
        self.link_source = ""
        self.update_enabled()

    def _on_changed(self, changes: Changes) -> None:
        if self.link_source and self.link_source not in self.session.spans:
            self.link_source = ""
        self.update_enabled()

    def update_enabled(self) -> None:
        selected = self.session.selected_span is not None
        for action in (
            self.delete,
            self.link_from,
            self.copy_text,
            self.find_other,
            self.deselect,
            *self.edge_actions,
        ):
            action.setEnabled(selected)
        self.link_to.menuAction().setEnabled(bool(self._link_types()))

    def _link_types(self) -> list[tuple[str, str]]:
        """(type id, name) of the links the schema allows from the source to the selection."""
        source = self.session.spans.get(self.link_source)
        target = self.session.selected_span
        if source is None or target is None or source.uid == target.uid:
            return []
        schema = self.session.store.schema
        return [
            (relation.id, relation.name)
            for relation in schema.relations
            if relation.allows(source.label, target.label)
        ]

    def _fill_link_types(self) -> None:
        self.link_to.clear()
        source = self.session.spans.get(self.link_source)
        for type_id, name in self._link_types():
            assert source is not None
            described = label_name(self.session.store.schema, source.label)
            action = self.link_to.addAction(
                menu_text(f"{name} (from {described} “{short(source.text)}”)")
            )
            action.setData(type_id)
            action.triggered.connect(lambda _on=False, t=type_id: self.link_here(t))
        if self.link_to.isEmpty():
            hint = self.link_to.addAction(
                "Choose “Link from Here” on another span first"
                if source is None
                else "No link type fits these two spans"
            )
            hint.setEnabled(False)

    # ---- commands ------------------------------------------------------------------------

    def label(self, label_id: str) -> None:
        """From the article with text selected: create a span. Otherwise relabel."""
        if self.view.hasFocus() or self.session.selected_span is None:
            self.view.create_or_relabel(label_id)
            return
        before = self.session.selected_span
        if before.label == label_id:
            return
        try:
            after = commands.relabelled(before, self.session.store.schema, label_id)
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self.session.run(commands.UpdateSpan(before, after, text=f"Relabel as {label_id}"))

    def delete_selected(self) -> None:
        self.view.delete_selected()

    def select_none(self) -> None:
        self.session.select_span("")
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)

    def remember_link_source(self) -> None:
        span = self.session.selected_span
        if span is None:
            return
        self.link_source = span.uid
        name = label_name(self.session.store.schema, span.label)
        self.message.emit(
            f"Linking from {name} “{short(span.text)}”: "
            "right-click the target span and choose Link to Here."
        )
        self.update_enabled()

    def link_here(self, type_id: str) -> bool:
        """Link the remembered source to the selected span with ``type_id``."""
        source = self.session.spans.get(self.link_source)
        target = self.session.selected_span
        if source is None or target is None:
            return False
        if any(
            (r.type, r.from_uid, r.to_uid) == (type_id, source.uid, target.uid)
            for r in self.session.relations.values()
        ):
            self.message.emit("These spans are already linked so.")
            return False
        try:
            relation = commands.make_relation(self.session.store.schema, type_id, source, target)
        except UserError as exc:
            self.message.emit(str(exc))
            return False
        return self.session.run(commands.CreateRelation(relation, text=f"Link {type_id}"))

    def copy_selected_text(self) -> None:
        span = self.session.selected_span
        if span is not None:
            clipboard: QClipboard = QGuiApplication.clipboard()
            clipboard.setText(span.text)
            self.message.emit("Span text copied.")

    def find_occurrences(self) -> None:
        span = self.session.selected_span
        if span is not None:
            self._find(span.text, span.end)
