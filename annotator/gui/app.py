"""Starting the application: QApplication, the store, the annotator's name, the window."""

from __future__ import annotations

import getpass
import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.errors import UserError
from annotator.gui import crash, plain
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.paths import resolve_db_path
from annotator.store import Store


def _default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def annotator_name(settings: QSettings) -> str | None:
    """$ANNOTATOR_NAME, else the name stored in the settings, asked for once on first run."""
    name = os.environ.get("ANNOTATOR_NAME") or str(settings.value("annotatorName", "") or "")
    if name:
        return name
    name, ok = QInputDialog.getText(
        None,
        "Welcome to annotator",
        "Your name, as it will appear in exported annotations:",
        text=_default_name(),
    )
    name = name.strip()
    if not ok or not name:
        return None
    settings.setValue("annotatorName", name)
    return name


def run_app(db: str | None = None, load_samples: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    # Fusion follows the system's light or dark colour scheme on every platform.
    app.setStyle("Fusion")
    settings = QSettings()
    crash.install()
    try:
        store = Store.open(resolve_db_path(db))
    except UserError as exc:
        plain.critical(None, "Cannot open the database", str(exc))
        return 2
    with store:
        name = annotator_name(settings)
        if name is None:
            return 0
        window = MainWindow(Session(store, name), settings)
        if load_samples and store.document_count() == 0:
            window.load_samples()
        window.show()
        if os.environ.get("ANNOTATOR_EXIT_WHEN_SHOWN"):
            # Used by the start-up benchmark: quit as soon as the window is interactive.
            QTimer.singleShot(0, app.quit)
        return int(app.exec())
