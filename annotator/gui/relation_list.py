"""Relations of the selected span (``relationList``) and linking it to another span.

By keyboard: Ctrl+L focuses the type box; Tab to the target box; Enter links. By mouse: press
"Pick in text" and click the target span. Only the endpoints the schema allows are offered.

The target box starts with the nearest candidate, all of it selected, so typing replaces it
with a search: any part of the label or span text, in any case, with or without accents
(``core.search``). Matches drop down; Down and Enter take one, and Enter alone takes the only
match, or says how many there are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFocusEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core import commands
from annotator.core.model import Span
from annotator.core.search import choose, matching, search_key
from annotator.errors import UserError
from annotator.gui.labels import (
    UNKNOWN_COLOUR,
    find_label,
    find_relation,
    label_name,
    relation_name,
)
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.panel_updates import follow
from annotator.gui.plain import plain_label
from annotator.gui.session import Changes, Session

MAX_TARGETS = 300  # candidates listed in the box, nearest first; search reaches every one
UID_ROLE = Qt.ItemDataRole.UserRole
# Focus that comes back from a popup or another window keeps what the user was typing.
_KEEP_TEXT_ON_FOCUS = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


def short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _typed_into(prefilled: str, text: str) -> str:
    """What the user typed into ``prefilled`` (a candidate shown whole) to get ``text``: the
    inserted characters when ``text`` is ``prefilled`` with something inserted, so that
    clicking into the full target text and typing searches for what was typed."""
    if not prefilled or len(text) <= len(prefilled):
        return text
    head = 0
    while head < len(prefilled) and text[head] == prefilled[head]:
        head += 1
    tail = len(prefilled) - head
    if text[len(text) - tail :] != prefilled[head:]:
        return text
    return text[head : len(text) - tail]


class RelationList(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.setObjectName("relationList")
        self.setAccessibleName("relationList")
        self._picking_from: str = ""

        self.list = QListWidget()
        self.list.setObjectName("relationItems")
        self.list.itemActivated.connect(self._jump)
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("relationType")
        self.type_combo.currentIndexChanged.connect(lambda _i: self._targets_changed())
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("relationTarget")
        self.target_combo.setEditable(True)  # type to search among the candidate spans
        self.target_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        guard_wheel(self.type_combo, self.target_combo)
        self._candidates: list[Span] = []  # every allowed target, nearest first
        self._keys: list[str] | None = None  # their search keys, made when first searched
        self._build_search()
        self.link_button = QPushButton("&Link")
        self.link_button.clicked.connect(self.link)
        self.pick_button = QPushButton("Pick in text")
        self.pick_button.setCheckable(True)
        self.pick_button.toggled.connect(self._toggle_pick)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_current)
        self._targets_ready = False
        # Candidate targets are listed only when the user turns to linking: on a long
        # article they are thousands of spans, too many to list on every selection.
        for widget in (self.type_combo, self.target_combo, self.target_edit):
            widget.installEventFilter(self)
        self.hint = plain_label()
        self.hint.setObjectName("relationHint")
        self.hint.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.type_combo, 1)
        row.addWidget(self.target_combo, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.pick_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        follow(session.spanSelected, self._on_selected)
        follow(session.changed, self._on_changed)
        session.documentOpened.connect(lambda _id: self.refresh())
        self.refresh()

    # ---- showing ------------------------------------------------------------------------

    @property
    def target_edit(self) -> QLineEdit:
        edit = self.target_combo.lineEdit()
        assert edit is not None  # the combo box is editable
        return edit

    @property
    def matches_popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has one
        return popup

    def _build_search(self) -> None:
        edit = self.target_edit
        edit.setPlaceholderText("target span (type to search)")
        # Qt's own completer only matches the start, and its inline completion rewrites the
        # text while typing; ours lists what core.search matches and never edits the text.
        self.target_combo.setCompleter(None)  # type: ignore[arg-type]  # Qt takes nullptr
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        # The list is already what matched. A prefix no row starts with keeps the completer
        # from highlighting a row itself: only Down (or the mouse) highlights one.
        self.completer.setCompletionPrefix("\x00")
        self.completer.setWidget(edit)
        self.matches_popup.setObjectName("relationMatches")
        # Wider than the box, so label and text show; long ones lose their middle.
        self.matches_popup.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.matches_popup.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # The QModelIndex overload: the row's uid, even when two rows read the same.
        self.completer.activated[QModelIndex].connect(self._match_activated)  # type: ignore[index]
        edit.textEdited.connect(self._search)
        edit.returnPressed.connect(self.link)

    def _describe(self, span: Span | None) -> str:
        if span is None:
            return "?"
        return f"{label_name(self.schema, span.label)} “{short(span.text)}”"

    def refresh(self) -> None:
        span = self.session.selected_span
        self.list.clear()
        enabled = span is not None
        for widget in (
            self.type_combo,
            self.target_combo,
            self.link_button,
            self.pick_button,
            self.remove_button,
        ):
            widget.setEnabled(enabled)
        if span is None:
            self.hint.setText("Select a span to see and add its links.")
            self.type_combo.clear()
            self.target_combo.clear()
            return
        self.hint.setText(f"Links of {self._describe(span)}")
        for relation in self.session.relations.values():
            if span.uid not in (relation.from_uid, relation.to_uid):
                continue
            outgoing = relation.from_uid == span.uid
            other = self.session.spans.get(relation.to_uid if outgoing else relation.from_uid)
            name = relation_name(self.schema, relation.type)
            text = f"{'→' if outgoing else '←'} {name} {self._describe(other)}"
            item = QListWidgetItem(text)
            unknown = find_relation(self.schema, relation.type) is None
            if unknown or (other is not None and find_label(self.schema, other.label) is None):
                item.setForeground(QColor(UNKNOWN_COLOUR))
            item.setData(Qt.ItemDataRole.UserRole, relation.uid)
            item.setData(Qt.ItemDataRole.UserRole + 1, other.uid if other else "")
            self.list.addItem(item)
        self._fill_types(span)

    def _fill_types(self, span: Span) -> None:
        current = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for relation in self.schema.relations:
            if span.label in relation.from_labels or (
                relation.symmetric and span.label in relation.to_labels
            ):
                self.type_combo.addItem(relation.name, relation.id)
        index = self.type_combo.findData(current)
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.blockSignals(False)
        self._targets_changed()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.ensure_targets()
            # The combo box has the focus (its line edit is only its proxy). Select after the
            # click has placed the caret, so typing replaces the pre-filled target whole.
            if (
                watched is self.target_combo
                and isinstance(event, QFocusEvent)
                and event.reason() not in _KEEP_TEXT_ON_FOCUS
            ):
                QTimer.singleShot(0, self.target_edit.selectAll)
        return False

    def _targets_changed(self) -> None:
        self._targets_ready = False
        self._candidates, self._keys = [], None
        self.matches.clear()
        self.target_combo.clear()
        if self.type_combo.hasFocus() or self.target_combo.hasFocus():
            self.ensure_targets()

    def ensure_targets(self) -> None:
        """List the spans the chosen link type may point to, nearest first."""
        if self._targets_ready:
            return
        self._targets_ready = True
        span = self.session.selected_span
        type_id = self.type_combo.currentData()
        self.target_combo.clear()
        if span is None or type_id is None:
            return
        relation = find_relation(self.schema, type_id)
        if relation is None:
            return
        self._candidates = sorted(
            (
                s
                for s in self.session.spans.values()
                if s.uid != span.uid and relation.allows(span.label, s.label)
            ),
            key=lambda s: (abs(s.start - span.start), s.start),
        )
        for candidate in self._candidates[:MAX_TARGETS]:
            self.target_combo.addItem(self._describe(candidate), candidate.uid)

    def _search_keys(self) -> list[str]:
        """Every candidate's search key; made on the first search, not on every focus."""
        if self._keys is None:
            name = label_name
            self._keys = [search_key(name(self.schema, s.label), s.text) for s in self._candidates]
        return self._keys

    # ---- searching for the target ------------------------------------------------------

    def _search(self, text: str) -> None:
        """List the candidates matching what the user typed (after ``textEdited``)."""
        edit: QLineEdit = self.target_edit
        query = _typed_into(self.target_combo.itemText(self.target_combo.currentIndex()), text)
        if query != text:
            edit.setText(query)
        self.ensure_targets()
        self.matches.clear()
        if not query.strip():
            self.matches_popup.hide()
            return
        for i in matching(query, self._search_keys())[:MAX_TARGETS]:
            item = QStandardItem(self._describe(self._candidates[i]))
            item.setData(self._candidates[i].uid, UID_ROLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        if self.matches.rowCount():
            self.completer.complete()
        else:
            self.matches_popup.hide()
            self.hint.setText(f"No span this link can take matches “{short(query)}”.")

    def _match_activated(self, index: QModelIndex) -> None:
        uid = index.data(UID_ROLE)
        if uid:
            self.link(uid)

    def _typed_target(self) -> str:
        """The uid Enter means in the target box, or "" after saying why there is none."""
        self.ensure_targets()
        text = self.target_combo.currentText()
        current = self.target_combo.currentIndex()
        if current >= 0 and text == self.target_combo.itemText(current):
            return str(self.target_combo.itemData(current))
        listed = [self.target_combo.itemText(i) for i in range(self.target_combo.count())]
        found = choose(text, self._search_keys(), listed)
        if isinstance(found, int):
            return self._candidates[found].uid
        if found:
            self.hint.setText(
                f"{len(found)} spans match “{short(text)}”: pick one with Down, then Enter."
            )
            QTimer.singleShot(0, self.completer.complete)  # Enter closed the list: reopen it
        else:
            self.hint.setText(f"No span this link can take matches “{short(text)}”.")
        return ""

    # ---- editing -------------------------------------------------------------------------

    def link(self, target_uid: str = "") -> None:
        span = self.session.selected_span
        type_id = self.type_combo.currentData()
        if not target_uid:
            popup = self.matches_popup
            if popup.isVisible() and popup.currentIndex().isValid():
                return  # Enter on a highlighted match: the completer activates it next
            target_uid = self._typed_target()
            if not target_uid:
                return
        target = self.session.spans.get(target_uid or "")
        if span is None or type_id is None or target is None:
            self.hint.setText("Choose a link type and a target span first.")
            return
        if any(
            (r.type, r.from_uid, r.to_uid) == (type_id, span.uid, target.uid)
            for r in self.session.relations.values()
        ):
            return  # already linked (an editable combo can deliver Return twice)
        try:
            relation = commands.make_relation(self.schema, type_id, span, target)
        except UserError as exc:
            self.hint.setText(str(exc))
            return
        self.session.run(commands.CreateRelation(relation, text=f"Link {type_id}"))

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        relation = self.session.relations.get(item.data(Qt.ItemDataRole.UserRole))
        if relation is not None:
            self.session.run(commands.DeleteRelation(relation, text="Remove link"))

    def _jump(self, item: QListWidgetItem) -> None:
        other = item.data(Qt.ItemDataRole.UserRole + 1)
        if other:
            self.session.select_span(other)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_current()
            return
        super().keyPressEvent(event)

    # ---- picking the target in the text --------------------------------------------------

    def _toggle_pick(self, on: bool) -> None:
        self._picking_from = self.session.selected_uid if on else ""
        if on:
            self.hint.setText("Click the target span in the text (Esc cancels).")

    def _on_selected(self, uid: str) -> None:
        source = self._picking_from
        if source and uid and uid != source:
            self._picking_from = ""
            self.pick_button.setChecked(False)
            self.session.select_span(source)
            self.link(uid)
            return
        if source and not uid:
            self._picking_from = ""
            self.pick_button.setChecked(False)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.relations or self.session.selected_uid in changes.spans:
            self.refresh()
