"""The suggestion keys, menus and preview line of the main window (issue 13).

In the article: Tab / Shift+Tab walk the suggestions (the caret goes to each, the view
scrolls to it and the preview line above the article says what accepting it would fill);
Enter accepts the one looked at, with its attributes and links; Shift+Enter accepts every
shown suggestion of its label; X rejects it. Each is one undo step.

The keys are read by an event filter on the article only, never as window shortcuts: Tab
and Enter keep their meaning in the form, the link fields and every dialog. Tab also keeps
its old meaning in the article (on to the span form) while a span the annotator picked is
selected; it walks suggestions when none is, or while walking (after an accept, the new span
is selected and Tab goes on to the next suggestion). The menus show the keys beside the
commands (after a tab in the action text, which Qt shows as the shortcut column without
claiming the key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QMainWindow, QMenu, QVBoxLayout, QWidget

from annotator.core import names
from annotator.gui import plain
from annotator.gui.labels import label_name
from annotator.gui.suggestion_layer import SuggestionLayer
from annotator.gui.suggestions import SuggestionSet, short

if TYPE_CHECKING:
    from annotator.gui.document_view import DocumentView

HINT = "Enter accept · X reject · Shift+Enter all of this label · Tab next"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier


class PreviewLine(QWidget):
    """One line above the article: what the suggestion being looked at would fill."""

    def __init__(self, suggestions: SuggestionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionPreview")
        self.suggestions = suggestions
        self.text = plain.plain_label()
        self.text.setObjectName("suggestionPreviewText")
        self.hint = plain.plain_label(HINT)
        self.text.setWordWrap(True)  # a long one wraps rather than widening the window
        self.hint.setEnabled(False)  # greyed: a reminder, not content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(1)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        self.setAutoFillBackground(True)
        suggestions.currentChanged.connect(self.refresh)
        suggestions.updated.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        current = self.suggestions.current
        self.setVisible(current >= 0)
        if current >= 0:
            self.text.setText(" · ".join(self.suggestions.describe(current).split("\n")))


class SuggestionKeys(QObject):
    """Keys and menu commands over a ``SuggestionSet``, for one article view."""

    def __init__(
        self,
        view: DocumentView,
        suggestions: SuggestionSet,
        layer: SuggestionLayer,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.session = suggestions.session
        self.suggestions = suggestions
        self.layer = layer
        self.walking = False  # the selection comes from the walk, not from the annotator
        self._selecting = False

        self.menu = QMenu("S&uggestions", parent)
        self.menu.setObjectName("suggestionsMenu")
        self.next = self._new("&Next Suggestion", "Tab", lambda: self.walk(True))
        self.previous = self._new("&Previous Suggestion", "Shift+Tab", lambda: self.walk(False))
        self.menu.addSeparator()
        self.accept = self._new("&Accept Suggestion", "Enter", self.accept_current)
        self.accept_label = self._new(
            "Accept All of This &Label", "Shift+Enter", self.accept_all_of_label
        )
        self.reject = self._new("&Reject Suggestion", "X", self.reject_current)

        self.view_menu = QMenu("Su&ggestions", parent)
        self.view_menu.setObjectName("suggestionsViewMenu")
        self.show_all = QAction("&Show Suggestions", parent)
        self.show_all.setCheckable(True)
        self.show_all.setChecked(suggestions.enabled)
        self.show_all.toggled.connect(self._show_all)
        self.view_menu.addAction(self.show_all)
        self.view_menu.addSeparator()
        self.label_toggles: dict[str, QAction] = {}
        for label in self.session.schema.labels:
            toggle = QAction(names.label_name(self.session.schema, label.id), parent)
            toggle.setCheckable(True)
            toggle.setChecked(label.id not in suggestions.hidden_labels)
            toggle.setEnabled(suggestions.enabled)
            toggle.toggled.connect(lambda on, i=label.id: suggestions.set_label_shown(i, on))
            self.view_menu.addAction(toggle)
            self.label_toggles[label.id] = toggle

        self.preview = PreviewLine(suggestions)
        view.installEventFilter(self)
        suggestions.currentChanged.connect(self.update_enabled)
        suggestions.updated.connect(self.update_enabled)
        self.session.spanSelected.connect(self._span_selected)
        self.update_enabled()

    def _new(self, text: str, key: str, slot) -> QAction:
        # "\t" + key: shown in the shortcut column; the key itself is read by eventFilter.
        action = QAction(f"{text}\t{key}", self.parent())
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def update_enabled(self) -> None:
        shown = bool(self.suggestions.shown)
        current = self.suggestions.current >= 0
        self.next.setEnabled(shown)
        self.previous.setEnabled(shown)
        for action in (self.accept, self.accept_label, self.reject):
            action.setEnabled(current)

    def _show_all(self, on: bool) -> None:
        self.suggestions.set_enabled(on)
        for toggle in self.label_toggles.values():
            toggle.setEnabled(on)

    # ---- keys --------------------------------------------------------------------------------

    def can_walk(self) -> bool:
        return bool(self.suggestions.shown) and (self.walking or not self.session.selected_uid)

    def _command_for(self, event: QKeyEvent):
        key, modifiers = event.key(), event.modifiers()
        plain_key = not modifiers & ~_PLAIN
        shift_only = not modifiers & ~(_PLAIN | Qt.KeyboardModifier.ShiftModifier)
        current = self.suggestions.current >= 0
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift_only and not plain_key):
            return (lambda: self.walk(False)) if shift_only and self.can_walk() else None
        if key == Qt.Key.Key_Tab and plain_key:
            return (lambda: self.walk(True)) if self.can_walk() else None
        if key in _ENTER and current and plain_key:
            return self.accept_current
        if key in _ENTER and current and shift_only:
            return self.accept_all_of_label
        if key == Qt.Key.Key_X and current and plain_key:
            return self.reject_current
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.parent():
            self.suggestions.stop()  # before the window waits for its jobs
            return False
        if watched is not self.view or kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        if not self.view.labelling_enabled or not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.suggestions.clear_current()  # and the view deselects as ever
            return False
        command = self._command_for(event)
        if command is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours here: no window shortcut may take it
            return True
        command()
        return True

    # ---- commands ----------------------------------------------------------------------------

    def _select(self, uid: str) -> None:
        self._selecting = True
        try:
            self.session.select_span(uid)
        finally:
            self._selecting = False

    def _span_selected(self, _uid: str) -> None:
        if not self._selecting:
            # The annotator picked a span (or none) another way: the walk is over.
            self.walking = False
            if self.suggestions.current >= 0:
                self.suggestions.clear_current()

    def walk(self, forward: bool) -> None:
        caret = self.view.mapping.to_code_point(self.view.textCursor().position())
        index = self.suggestions.step(forward, caret)
        if index < 0:
            return
        self.walking = True
        self._select("")
        found = self.layer.range_of(index)
        if found is not None:
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(found[0])
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
        self.view.setFocus()

    def accept_current(self) -> None:
        index = self.suggestions.current
        if index < 0:
            return
        item = self.suggestions.items[index]
        uid = self.suggestions.accept([index])
        if uid:
            self.walking = True
            self._select(uid)  # its form shows what was filled, its links are drawn
            self.view.message.emit(
                f"Accepted {label_name(self.session.schema, item.label)}: “{short(item.text)}” "
                "(Ctrl+Z undoes it)"
            )

    def accept_all_of_label(self) -> None:
        index = self.suggestions.current
        if index < 0:
            return
        label = self.suggestions.items[index].label
        chosen = self.suggestions.indices_of_label(label)
        if self.suggestions.accept(chosen):
            name = label_name(self.session.schema, label).lower()
            self.view.message.emit(
                f"Accepted {names.count(len(chosen), 'suggestion')} ({name}); Ctrl+Z undoes them"
            )

    def reject_current(self) -> None:
        index = self.suggestions.current
        if index < 0:
            return
        item = self.suggestions.items[index]
        if self.suggestions.reject([index]):
            self.view.message.emit(
                f"Rejected “{short(item.text)}”: not proposed again here (Ctrl+Z undoes it)"
            )


def install_suggestions(
    window: QMainWindow,
    view: DocumentView,
    settings: QSettings,
    deselect: QAction,
    view_menu: QMenu,
) -> SuggestionKeys:
    """Suggestions in a main window: computed for the document open in ``view``, drawn on its
    article, the preview line above the article, View > Suggestions toggles and the
    Suggestions menu (which the caller adds to the menu bar). ``deselect`` (Esc) puts the
    suggestion looked at away too."""
    suggestions = SuggestionSet(view.session, settings, window)
    layer = SuggestionLayer(view, suggestions)
    view.suggestion_layer = layer
    keys = SuggestionKeys(view, suggestions, layer, window)
    window.installEventFilter(keys)
    view_menu.addMenu(keys.view_menu)
    column = view.parentWidget()  # the article's column: the find bar, the article
    centre = column.layout() if column is not None else None
    assert isinstance(centre, QVBoxLayout)
    centre.insertWidget(centre.indexOf(view), keys.preview)
    suggestions.message.connect(lambda text: window.statusBar().showMessage(text, 5000))
    deselect.triggered.connect(suggestions.clear_current)
    return keys


__all__ = ["PreviewLine", "SuggestionKeys", "install_suggestions"]
