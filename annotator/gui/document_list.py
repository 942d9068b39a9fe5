"""The document list (``documentList``): title, status, spans per label, last edit.

The model holds one small tuple per document (no texts), so 10,000 documents scroll smoothly;
after an edit only the edited document's row is refreshed. Long titles are elided in the
middle (their start and end tell articles apart), the full title is the tooltip, and column
widths set by the user come back on restart.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.core.model import DocumentInfo, Status, utc_now
from annotator.gui.plain import tooltip
from annotator.gui.session import Changes, Session
from annotator.gui.workers import Job
from annotator.store import Store

ModelIndex = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {
    Status.TODO: "To do",
    Status.IN_PROGRESS: "In progress",
    Status.DONE: "Done",
    Status.SKIPPED: "Skipped",
}
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
# What the filter reads: "status\ncasefolded title\ncasefolded doc_id".
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS_KEY = "documentListColumns"  # the header's state, saved with its column count
# From this many documents a reload reads the list in a worker (10,000 take seconds to read).
READ_IN_WORKER_FROM = 1_000

_Listing = tuple[
    list[DocumentInfo],
    dict[int, Status],
    dict[int, tuple[dict[str, int], str]],
    frozenset[int],  # the documents assigned to the annotator (issue 12)
]
OPEN = (Status.TODO, Status.IN_PROGRESS)


def _read(store: Store, name: str) -> _Listing:
    """Every document with ``name``'s status and spans per label, and the documents assigned
    to ``name`` (any thread's store): all a reset needs, made off the GUI thread for long
    lists."""
    statuses = {doc_id: per[name][0] for doc_id, per in store.statuses().items() if name in per}
    documents = store.list_documents()
    return documents, statuses, store.document_summaries(name), frozenset(store.queue(name))


class DocumentListModel(QAbstractTableModel):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._labels = [label for label in session.store.schema.labels]
        self.columns = ["Title", "Status", *[lab.name for lab in self._labels], "Last edit"]
        self._all: list[DocumentInfo] = []
        self._docs: list[DocumentInfo] = []  # those shown: the queue, or all
        self._row_of: dict[int, int] = {}
        self.queue: frozenset[int] = frozenset()  # empty: nothing assigned, all shown
        self.show_all = False
        self._status: dict[int, Status] = {}
        self._summary: dict[int, tuple[dict[str, int], str]] = {}
        self.job: Job | None = None
        self._again = False
        self._apply(_read(session.store, session.annotator))
        session.reloaded.connect(self.reload)
        session.changed.connect(self._on_changed)

    def reload(self) -> None:
        """Read the list again: at once, or for a long list in a worker so the window keeps
        painting (``modelReset`` says when the new list is in)."""
        store = self._session.store
        if store.document_count() < READ_IN_WORKER_FROM:
            self._apply(_read(store, self._session.annotator))
            return
        if self.job is not None and self.job.running:
            self._again = True  # read again once this read is in
            return
        self._again = False
        name = self._session.annotator
        self.job = Job(
            "Reading the document list",
            store,
            lambda worker_store, _progress: _read(worker_store, name),
            write=False,
            owner=self,
            done=self._apply,
            dialog=False,
            cancelled_text=None,
        )
        self.job.finished.connect(self._read_again_if_asked)
        self.job.start()

    def _read_again_if_asked(self) -> None:
        if self._again:
            self.reload()

    def _apply(self, read: _Listing) -> None:
        self._all, self._status, self._summary, self.queue = read
        self._show()

    def set_show_all(self, on: bool) -> None:
        """Every document, or (when some are assigned to this annotator) only theirs."""
        if on != self.show_all:
            self.show_all = on
            self._show()

    def _show(self) -> None:
        self.beginResetModel()
        queued = self.queue and not self.show_all
        self._docs = [doc for doc in self._all if doc.id in self.queue] if queued else self._all
        self._row_of = {doc.id: row for row, doc in enumerate(self._docs)}
        self.endResetModel()

    def beyond_queue(self) -> bool:
        """Whether there are documents outside the queue to show (on a team server an
        annotator can read only their own)."""
        return len(self._all) > len(self.queue)

    def queue_left(self) -> int:
        """How many of the annotator's assigned documents are still to do or in progress."""
        return sum(1 for doc_id in self.queue if self._status.get(doc_id, Status.TODO) in OPEN)

    def _on_changed(self, changes: Changes) -> None:
        row = self._row_of.get(changes.document_id)
        if row is None:
            return
        session = self._session
        if session.document is not None and session.document.id == changes.document_id:
            self._status[changes.document_id] = session.status
            counts = {label: n for label, n in session.label_counts.items() if n}
            self._summary[changes.document_id] = (counts, utc_now())
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def document_at(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def status_of(self, document_id: int) -> Status:
        return self._status.get(document_id, Status.TODO)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if 2 <= section < 2 + len(self._labels):
                return self._labels[section - 2].key  # narrow: the label's key
            return self.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self.columns[section])
        if role == Qt.ItemDataRole.ForegroundRole and 2 <= section < 2 + len(self._labels):
            return QColor(self._labels[section - 2].color)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        column = index.column()
        status = self._status.get(doc.id, Status.TODO)
        counts, last = self._summary.get(doc.id, ({}, ""))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return doc.title or doc.doc_id
            if column == 1:
                return STATUS_TEXT[status]
            if column < 2 + len(self._labels):
                return counts.get(self._labels[column - 2].id, 0) or ""
            return last[:16].replace("T", " ") if last else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return tooltip(f"{doc.title or doc.doc_id}\n{doc.doc_id} · {doc.length:,} characters")
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column < 2 + len(self._labels):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return doc.id
        if role == STATUS_ROLE:
            return status.value
        if role == FILTER_ROLE:
            return f"{status.value}\n{doc.title.casefold()}\n{doc.doc_id.casefold()}"
        return None


class DocumentFilter(QSortFilterProxyModel):
    """Filters by status and by text in the title or doc_id.

    The test is Qt's own regular expression over one string per row (``FILTER_ROLE``), not a
    Python ``filterAcceptsRow``: Qt asks that for every row on every reload, and 10,000 calls
    into Python froze the window for 0.1 s after an import; with no filter set Qt now answers
    alone."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.status: str | None = None
        self.text = ""
        self.setFilterKeyColumn(0)
        self.setFilterRole(FILTER_ROLE)

    def set_status(self, status: str | None) -> None:
        self.status = status
        self._refilter()

    def set_text(self, text: str) -> None:
        self.text = text.casefold().strip()
        self._refilter()

    def _refilter(self) -> None:
        pattern = ""
        if self.status or self.text:
            line = "[^\\n]*"
            status = QRegularExpression.escape(self.status) if self.status else line
            # The status line, then the text inside the title's line or inside the doc_id's.
            text = f"(?:{line}\\n)?{line}{QRegularExpression.escape(self.text)}"
            pattern = f"^{status}\\n{text if self.text else ''}"
        self.setFilterRegularExpression(pattern)  # refilters every row


class DocumentList(QTableView):
    """Emits ``documentActivated(document id)`` when the user picks a document."""

    documentActivated = Signal(int)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.setAccessibleName("documentList")
        self.model_ = DocumentListModel(session, self)
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model_)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("M") + 12)
        self._columns_set = False  # by the user, or fitted to the shown width
        self.default_columns()
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def default_columns(self) -> None:
        """Narrow status, count and date columns, and the rest of the width for the title."""
        metrics, header = self.fontMetrics(), self.horizontalHeader()
        last = self.model_.columnCount() - 1
        header.resizeSection(1, metrics.horizontalAdvance("In progress") + 16)
        for column in range(2, last):
            header.resizeSection(column, metrics.horizontalAdvance("999") + 12)
        header.resizeSection(last, metrics.horizontalAdvance("2026-01-01 00:00") + 16)
        others = sum(header.sectionSize(column) for column in range(1, last + 1))
        fitting = self.viewport().width() - others if self.isVisible() else 0
        header.resizeSection(0, max(metrics.horizontalAdvance("M") * 22, fitting))
        self._columns_set = self.isVisible()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._columns_set:  # now the width is known: the title takes what is left
            self.default_columns()

    def save_columns(self, settings: QSettings) -> None:
        state = self.horizontalHeader().saveState()
        settings.setValue(COLUMNS_KEY, [self.model_.columnCount(), state])

    def restore_columns(self, settings: QSettings) -> bool:
        """The saved column widths, if they were saved for the same columns."""
        saved = settings.value(COLUMNS_KEY)
        if not isinstance(saved, list) or len(saved) != 2:
            return False
        count, state = saved
        if str(count) != str(self.model_.columnCount()) or not isinstance(state, QByteArray):
            return False  # the schema's labels changed since
        header = self.horizontalHeader()
        if not header.restoreState(state):
            return False
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._columns_set = True
        return True

    def reset_columns(self, settings: QSettings) -> None:
        settings.remove(COLUMNS_KEY)
        self.default_columns()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.documentActivated.emit(int(current.data(Qt.ItemDataRole.UserRole)))

    def select_document(self, document_id: int) -> None:
        row = self.model_.row_of(document_id)
        if row is not None:
            index = self.proxy.mapFromSource(self.model_.index(row, 0))
            if index.isValid():
                self.setCurrentIndex(index)
            else:
                self.documentActivated.emit(document_id)

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.setCurrentIndex(self.proxy.index(0, 0))

    def next_open_document(self, after_id: int) -> int | None:
        """The next document (in list order, wrapping) that is neither done nor skipped."""
        rows = self.proxy.rowCount()
        current = self.proxy.mapFromSource(
            self.model_.index(self.model_.row_of(after_id) or 0, 0)
        ).row()
        for step in range(1, rows + 1):
            index = self.proxy.index((current + step) % rows, 0)
            doc_id = int(index.data(Qt.ItemDataRole.UserRole))
            if doc_id != after_id and self.model_.status_of(doc_id) in OPEN:
                return doc_id
        return None
