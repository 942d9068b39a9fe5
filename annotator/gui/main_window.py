"""The main window: document list dock, article view, menus and status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.gui.document_list import DocumentList
from annotator.gui.document_view import DocumentView
from annotator.gui.importing import run_import
from annotator.gui.session import Session
from annotator.paths import samples_dir

IMPORT_FILTER = "Articles and annotations (*.txt *.html *.htm *.jsonl *.json *.csv);;All files (*)"


class EmptyState(QWidget):
    """What a new user sees instead of an empty list: the sample articles, one click away."""

    def __init__(self, on_samples, on_import, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("<b>No documents yet</b>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            "Load the four bundled sample reports to try annotating, or import your own "
            "articles (.txt, .html, .jsonl, .json, .csv)."
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


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or QSettings()
        self.setObjectName("mainWindow")
        self._current_document: int | None = None

        self.document_view = DocumentView(session.store.schema, self)
        self.setCentralWidget(self.document_view)

        self.document_list = DocumentList(session, self)
        self.document_list.documentActivated.connect(self.open_document)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.document_list.proxy.setFilterFixedString)
        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(4, 4, 4, 4)
        list_layout.addWidget(self.filter_edit)
        list_layout.addWidget(self.document_list)
        self.empty_state = EmptyState(self.load_samples, self.import_files)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(list_panel)
        self.list_stack.addWidget(self.empty_state)
        dock = QDockWidget("Documents", self)
        dock.setObjectName("documentsDock")
        dock.setWidget(self.list_stack)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.documents_dock = dock

        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        session.reloaded.connect(self._after_reload)
        session.changed.connect(lambda _changes: self.statusBar().showMessage("Saved", 2000))
        self._after_reload()
        self._restore_window_state()

    # ---- construction ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = self._action(
            file_menu, "&Import Files…", self.import_files, QKeySequence.StandardKey.Open
        )
        self._action(file_menu, "Import &Folder…", self.import_folder, "Ctrl+Shift+O")
        self._action(file_menu, "Load &Sample Articles", self.load_samples)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About annotator", self._about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ---- documents ---------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        store = self.session.store
        document = store.document(document_id)
        self._current_document = document_id
        self.document_view.show_document(
            document.text, store.spans(document_id, self.session.annotator)
        )
        self.settings.setValue("lastDocument", document.doc_id)
        self._update_title(document.title or document.doc_id)

    def _after_reload(self) -> None:
        count = self.document_list.model_.rowCount()
        self.list_stack.setCurrentIndex(1 if count == 0 else 0)
        self.status_label.setText(
            f"{count} documents · {self.session.store.path} · every change is saved at once"
        )
        if count and self._current_document is None:
            last = self.settings.value("lastDocument")
            found = self.session.store.find_document(str(last)) if last else None
            if found is not None:
                self.document_list.select_document(found.id)
            else:
                self.document_list.select_first()
        self._update_title(None)

    def _update_title(self, document_title: str | None) -> None:
        parts = ["annotator", self.session.annotator]
        if document_title:
            parts.insert(0, document_title)
        self.setWindowTitle(" — ".join(parts))

    # ---- importing -----------------------------------------------------------------------------

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", IMPORT_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([Path(folder)])

    def load_samples(self) -> None:
        self.import_paths([samples_dir()])

    def import_paths(self, paths: list[Path]) -> None:
        report = run_import(self, self.session, paths)
        if report is not None:
            self.session.notify_reloaded()
            self.statusBar().showMessage(
                f"Imported {report.added} documents ({report.skipped} already present)", 5000
            )

    # ---- window state ------------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        else:
            self.resizeDocks([self.documents_dock], [440], Qt.Orientation.Horizontal)

    def closeEvent(self, event) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        super().closeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About annotator",
            f"<b>annotator {__version__}</b><p>Annotate contested news reports about armed "
            "conflict: claims, sources, casualty figures and locations.</p>"
            f"<p>Database: {self.session.store.path}</p>",
        )
