"""The Documents dock: the list with its filters and, once documents are assigned (issue 12),
the annotator's queue: a line saying how much of it is left, and a box to show every
document. An annotator given nothing (the lead, or anyone before ``annotator assign``) sees
every document and neither of these."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from annotator.core.names import count
from annotator.gui.document_list import STATUS_TEXT, DocumentList
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.plain import plain_label


def queue_text(assigned: int, left: int, showing_all: bool) -> str:
    if left:
        text = f"Your queue: {left} of {count(assigned, 'assigned document')} left to do."
    else:
        text = (
            f"Your queue is empty: all {count(assigned, 'assigned document')} are done or skipped."
        )
    return f"{text} Showing every document." if showing_all else text


class DocumentPanel(QWidget):
    def __init__(self, document_list: DocumentList, parent=None) -> None:
        super().__init__(parent)
        self.document_list = document_list
        proxy, model = document_list.proxy, document_list.model_
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("documentFilter")
        self.filter_edit.setPlaceholderText("Filter by title or id…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(proxy.set_text)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        guard_wheel(self.status_filter)
        self.status_filter.addItem("All statuses", None)
        for status, text in STATUS_TEXT.items():
            self.status_filter.addItem(text, status.value)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: proxy.set_status(self.status_filter.currentData())
        )
        self.queue_label = plain_label()
        self.queue_label.setObjectName("queueLabel")
        self.queue_label.setWordWrap(True)
        self.show_all = QCheckBox("Show every document, not only mine")
        self.show_all.setObjectName("showAllDocuments")
        self.show_all.toggled.connect(model.set_show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (
            self.filter_edit,
            self.status_filter,
            self.queue_label,
            self.show_all,
            document_list,
        ):
            layout.addWidget(widget)
        model.modelReset.connect(self._show_queue)
        model.dataChanged.connect(self._show_queue)
        self._show_queue()

    def _show_queue(self) -> None:
        model = self.document_list.model_
        self.queue_label.setVisible(bool(model.queue))
        self.show_all.setVisible(bool(model.queue) and model.beyond_queue())
        if model.queue:
            self.queue_label.setText(
                queue_text(len(model.queue), model.queue_left(), model.show_all)
            )
