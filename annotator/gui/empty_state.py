"""What a new user sees instead of an empty list: the sample articles, one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, on_samples, on_import, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("<b>No documents yet</b>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            "Load the four bundled sample reports to try annotating, or import your own "
            "articles (.txt, .html, .jsonl, .json, .csv). You can also drop files here."
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.samples_button = QPushButton("Load sample articles")
        self.samples_button.setObjectName("loadSamplesButton")
        self.samples_button.clicked.connect(on_samples)
        import_button = QPushButton("Import files…")
        import_button.clicked.connect(on_import)
        for widget in (title, body, self.samples_button, import_button):
            layout.addWidget(widget)
        layout.addStretch(2)
