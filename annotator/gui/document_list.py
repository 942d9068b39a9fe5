"""The document list: a lazy table model over document ids and its view (``documentList``)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.core.model import DocumentInfo, Status
from annotator.gui.session import Session

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Title", "Status", "Spans", "Characters")
STATUS_TEXT = {
    Status.TODO: "To do",
    Status.IN_PROGRESS: "In progress",
    Status.DONE: "Done",
    Status.SKIPPED: "Skipped",
}


class DocumentListModel(QAbstractTableModel):
    """One row per document; rows hold only small values, texts are read on demand."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._docs: list[DocumentInfo] = []
        self._status: dict[int, Status] = {}
        self._spans: dict[int, int] = {}
        self.reload()
        session.reloaded.connect(self.reload)
        session.changed.connect(self._on_changed)

    def reload(self) -> None:
        self.beginResetModel()
        store = self._session.store
        self._docs = store.list_documents()
        self._status = {
            doc_id: per[self._session.annotator][0]
            for doc_id, per in store.statuses().items()
            if self._session.annotator in per
        }
        self._spans = store.span_totals()
        self.endResetModel()

    def _on_changed(self, changes) -> None:
        row = next((i for i, d in enumerate(self._docs) if d.id == changes.document_id), None)
        if row is None:
            return
        store = self._session.store
        self._status[changes.document_id] = store.status(
            changes.document_id, self._session.annotator
        )
        self._spans[changes.document_id] = len(store.spans(changes.document_id))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def document_at(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def row_of(self, document_id: int) -> int | None:
        return next((i for i, d in enumerate(self._docs) if d.id == document_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return doc.title or doc.doc_id
            if column == 1:
                return STATUS_TEXT[self._status.get(doc.id, Status.TODO)]
            if column == 2:
                return self._spans.get(doc.id, 0)
            if column == 3:
                return doc.length
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{doc.title}\n{doc.doc_id}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return doc.id
        return None


class DocumentList(QTableView):
    """Emits ``documentActivated(document id)`` when the user picks a document."""

    documentActivated = Signal(int)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.setAccessibleName("documentList")
        self.model_ = DocumentListModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model_)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.documentActivated.emit(int(current.data(Qt.ItemDataRole.UserRole)))

    def select_document(self, document_id: int) -> None:
        row = self.model_.row_of(document_id)
        if row is not None:
            self.setCurrentIndex(self.proxy.mapFromSource(self.model_.index(row, 0)))

    def select_first(self) -> None:
        if self.proxy.rowCount() > 0:
            self.setCurrentIndex(self.proxy.index(0, 0))
