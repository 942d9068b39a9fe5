"""The span table (``spanTable``): every span of the document, sortable, filterable by label.

The model updates row by row as commands change spans, so a document with 10,000 spans does
not rebuild its table on every keystroke.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.gui.labels import UNKNOWN_COLOUR, find_label, label_colour, label_name
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.panel_updates import follow
from annotator.gui.plain import tooltip
from annotator.gui.session import Changes, Session

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Label", "Text", "Start", "End", "Warnings")
_SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    }
)
_WARNING_BRUSH = QBrush(QColor("#c62828"))


class SpanTableModel(QAbstractTableModel):
    """Rows are span uids in sort order. ``updating`` is true while rows change (the view may
    move its current row then); ``settled`` is emitted after every change."""

    settled = Signal()

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.label_filter: str | None = None
        self.sort_column = 2
        self.descending = False
        self._rows: list[str] = []
        self._keys: list[Any] = []
        self._key_of: dict[str, Any] = {}  # uid -> the key its row is sorted by now
        self._looks: dict[str, tuple[str, QColor, QBrush | None]] = {}
        self.updating = False
        session.documentOpened.connect(lambda _id: self.rebuild())
        follow(session.changed, self._on_changed)

    # ---- ordering ---------------------------------------------------------------------------

    def _key_function(self) -> Callable[[Span], Any]:
        column = self.sort_column
        if column == 0:
            return lambda s: (s.label, s.start, -s.end, s.uid)
        if column == 1:
            return lambda s: (s.text.casefold(), s.start, s.uid)
        if column == 3:
            return lambda s: (s.end, s.start, s.uid)
        if column == 4:
            return lambda s: (-len(self._warnings(s)), s.start, s.uid)
        return lambda s: (s.start, -s.end, s.uid)

    def _visible(self, span: Span) -> bool:
        return self.label_filter is None or span.label == self.label_filter

    def rebuild(self) -> None:
        with self._updating():
            self.beginResetModel()
            key = self._key_function()
            # Keys end with the uid, so they are unique: sorting them sorts the rows.
            keyed = sorted(
                ((key(s), s.uid) for s in self.session.spans.values() if self._visible(s)),
                reverse=self.descending,
            )
            self._rows = [uid for _key, uid in keyed]
            self._keys = [k for k, _uid in keyed] if not self.descending else []
            self._key_of = dict(zip(self._rows, self._keys, strict=True)) if self._keys else {}
            self.endResetModel()

    def _on_changed(self, changes: Changes) -> None:
        document = self.session.document
        if document is None or changes.document_id != document.id:
            return
        if self.descending or (changes.relations and self.sort_column == 4):
            self.rebuild()  # rare: reversed order, or rows ordered by their warnings
            return
        with self._updating():
            if changes.relations and self._rows:
                # A link can raise or clear "no source linked" on any claim: repaint that column.
                last = len(self._rows) - 1
                self.dataChanged.emit(self.index(0, 4), self.index(last, 4))
            key = self._key_function()
            for uid in changes.spans:
                span = self.session.spans.get(uid)
                self._place(uid, key(span) if span is not None and self._visible(span) else None)

    def _place(self, uid: str, new_key: Any) -> None:
        """Put ``uid``'s row where ``new_key`` sorts (None: no row). A row that stays or moves
        keeps its identity, so the view's selection and current row stay on the same span;
        removing and re-inserting it would make the view select a neighbour instead."""
        row = self.row_of(uid)
        if row is None:
            if new_key is not None:
                at = bisect_left(self._keys, new_key)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, uid)
                self._keys.insert(at, new_key)
                self._key_of[uid] = new_key
                self.endInsertRows()
            return
        if new_key is None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._keys[row]
            self._key_of.pop(uid, None)
            self.endRemoveRows()
            return
        # Where the row goes, counted in the list as it is now (Qt's convention for moves).
        destination = bisect_left(self._keys, new_key)
        if destination in (row, row + 1):
            self._keys[row] = self._key_of[uid] = new_key
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        del self._rows[row]
        del self._keys[row]
        at = destination if destination < row else destination - 1
        self._rows.insert(at, uid)
        self._keys.insert(at, new_key)
        self._key_of[uid] = new_key
        self.endMoveRows()

    @contextmanager
    def _updating(self) -> Iterator[None]:
        self.updating = True
        try:
            yield
        finally:
            self.updating = False
            self.settled.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.rebuild()

    # ---- model interface --------------------------------------------------------------------

    def uid_at(self, row: int) -> str:
        return self._rows[row]

    def row_of(self, uid: str) -> int | None:
        # Rows are sorted by unique keys, and each row's key is kept: a binary search finds
        # any row, even one whose span just changed. Only a reversed order scans the rows.
        if not self.descending:
            key = self._key_of.get(uid)
            if key is None:
                return None
            at = bisect_left(self._keys, key)
            return at if at < len(self._rows) and self._rows[at] == uid else None
        try:
            return self._rows.index(uid)
        except ValueError:
            return None

    def _warnings(self, span: Span) -> list[str]:
        return self.session.warnings.get(span.uid, [])

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _label_look(self, label_id: str) -> tuple[str, QColor, QBrush | None]:
        """A label's name, colour and text brush (grey when the schema lacks it), made once:
        a paint of the table asks for them for every visible cell."""
        look = self._looks.get(label_id)
        if look is None:
            unknown = find_label(self.schema, label_id) is None
            look = (
                label_name(self.schema, label_id),
                QColor(label_colour(self.schema, label_id)),
                QBrush(QColor(UNKNOWN_COLOUR)) if unknown else None,
            )
            self._looks[label_id] = look
        return look

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _SERVED_ROLES or not index.isValid():
            return None  # font, alignment, size hints...: asked per cell, never set
        span = self.session.spans.get(self._rows[index.row()])
        if span is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._label_look(span.label)[0]
            if column == 1:
                return " ".join(span.text.split())
            if column == 2:
                return span.start
            if column == 3:
                return span.end
            if column == 4:
                return "; ".join(self._warnings(span))
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._label_look(span.label)[1]
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return _WARNING_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return self._label_look(span.label)[2]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return tooltip(span.text)
        if role == Qt.ItemDataRole.UserRole:
            return span.uid
        return None


class SpanTable(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("spanTablePanel")
        self.label_filter = QComboBox()
        self.label_filter.setObjectName("spanLabelFilter")
        guard_wheel(self.label_filter)
        self.label_filter.addItem("All labels", None)
        for label in session.store.schema.labels:
            self.label_filter.addItem(label.name, label.id)
        self.label_filter.currentIndexChanged.connect(self._filter_changed)
        self.model = SpanTableModel(session, self)
        self.view = QTableView()
        self.view.setObjectName("spanTable")
        self.view.setAccessibleName("spanTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # Fixed widths: sizing columns to their contents reads every row of a long document.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (2, 70), (3, 70), (4, 220)):
            header.resizeSection(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.settled.connect(self._follow_session)
        # Right-click on a row, or the Menu key on the current row: the window's span menu.
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.span_menu: Callable[[QPoint], None] | None = None
        self._showing = False  # the table is being made to show the session's selection
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label_filter)
        layout.addWidget(self.view)
        follow(session.spanSelected, self._show_selected)

    def _filter_changed(self, _index: int) -> None:
        self.model.label_filter = self.label_filter.currentData()
        self.model.rebuild()

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Clicks and arrow keys select the span everywhere; rows that move or vanish while
        # the model updates (the view then picks a neighbour by itself) do not.
        if self._showing or self.model.updating or not current.isValid():
            return
        self.session.select_span(self.model.uid_at(current.row()))

    def _follow_session(self) -> None:
        self._show_selected(self.session.selected_uid)

    def _show_selected(self, uid: str) -> None:
        """Highlight ``uid``'s row (none for ""), without echoing it back to the session."""
        row = self.model.row_of(uid) if uid else None
        selection = self.view.selectionModel()
        self._showing = True
        try:
            if row is None:
                # Clear the current row too: otherwise removing or re-sorting rows would
                # make the view highlight whichever span lands on it.
                selection.clear()
                return
            index = self.model.index(row, 0)
            if selection.currentIndex().row() != row or not selection.isRowSelected(row):
                self.view.setCurrentIndex(index)
                self.view.selectRow(row)
            self.view.scrollTo(index)
        finally:
            self._showing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QContextMenuEvent) or self.span_menu is None:
            return False
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.view.currentIndex()
            at = self.view.visualRect(index).bottomLeft()
        else:
            at = event.pos()  # a mouse's: on the viewport
            index = self.view.indexAt(at)
        if not index.isValid():
            return False
        self.session.select_span(self.model.uid_at(index.row()))
        self.span_menu(self.view.viewport().mapToGlobal(at))
        return True
