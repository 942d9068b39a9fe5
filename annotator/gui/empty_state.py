"""What a new user sees instead of an empty list: the sample articles, one click away; or, for
an annotator on a team server (who cannot import), that the lead has not assigned anything."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, on_samples, on_import, parent=None, *, awaiting_lead: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(
            "<b>Nothing assigned to you yet</b>" if awaiting_lead else "<b>No documents yet</b>"
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            "On this team server the lead hands out the documents. Yours appear here as soon "
            "as they are assigned to you."
            if awaiting_lead
            else "Load the four bundled sample reports to try annotating, or import your own "
            "articles (.txt, .html, .jsonl, .json, .csv). You can also drop files here."
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.samples_button = QPushButton("Load sample articles")
        self.samples_button.setObjectName("loadSamplesButton")
        self.samples_button.clicked.connect(on_samples)
        self.import_button = QPushButton("Import files…")
        self.import_button.clicked.connect(on_import)
        for widget in (title, body, self.samples_button, self.import_button):
            layout.addWidget(widget)
        # Only the lead adds documents: the database would refuse the annotator's import.
        self.samples_button.setVisible(not awaiting_lead)
        self.import_button.setVisible(not awaiting_lead)
        layout.addStretch(2)
