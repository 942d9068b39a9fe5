"""Starting the application: QApplication, the store, the annotator's name, the window."""

from __future__ import annotations

import gc
import getpass
import os
import sys
import time

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLabel, QWidget

from annotator.errors import UserError
from annotator.gui import crash, plain
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.paths import resolve_db
from annotator.store import Store

NAME_PROMPT = (
    "Your name, please.\n\n"
    "Everything you annotate (spans, links, document status) is saved under this name. It is "
    "how a team lead tells your work from other annotators' when merging files and measuring "
    "agreement, and it goes into every export and into the record of who changed what.\n\n"
    "Use the same name on every computer you annotate on. It is asked for only once."
)


def name_dialog(default: str) -> QInputDialog:
    """The first-run question for the annotator's name, saying why it is needed."""
    dialog = QInputDialog()
    dialog.setObjectName("annotatorNameDialog")
    dialog.setWindowTitle("Welcome to annotator")
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setLabelText(NAME_PROMPT)
    for label in dialog.findChildren(QLabel):
        label.setTextFormat(plain.PLAIN)
        label.setWordWrap(True)
    dialog.setTextValue(default)
    dialog.resize(480, dialog.sizeHint().height())
    return dialog


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
    dialog = name_dialog(_default_name())
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    name = dialog.textValue().strip()
    dialog.deleteLater()
    if not accepted or not name:
        return None
    settings.setValue("annotatorName", name)
    return name


def run_app(db: str | None = None, load_samples: bool = False) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    # Fusion follows the system's light or dark colour scheme on every platform.
    app.setStyle("Fusion")
    settings = QSettings()
    crash.install()
    try:
        store = Store.open(resolve_db(db))
    except UserError as exc:
        plain.critical(None, "Cannot open the database", str(exc))
        return 2
    with store:
        # On a team server the database knows who this is: the role logged in (server_roles).
        name = store.team_role or annotator_name(settings)
        if name is None:
            return 0
        window = MainWindow(Session(store, name), settings)
        if load_samples and store.document_count() == 0:
            window.load_samples()
        window.show()
        # Start-up made about 90,000 objects that live as long as the window. Frozen, they are
        # left out of the collector's full passes, which otherwise stop every thread (the
        # GUI's too) for a quarter of a second during a large import in a worker. The launcher
        # turned the collector off for start-up: on again from here.
        gc.freeze()
        gc.enable()
        if os.environ.get("ANNOTATOR_EXIT_WHEN_SHOWN"):
            _quit_when_interactive(app, window)
        return int(app.exec())


def _quit_when_interactive(app: QCoreApplication, window: QWidget) -> None:
    """For the start-up benchmark: once the window is on screen and the event loop has
    nothing left to do (painted, about to wait for input), print the wall-clock time and quit.
    The benchmark subtracts the time it started the process."""
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None

    def idle() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            dispatcher.aboutToBlock.disconnect(idle)
            print(f"interactive at {time.time():.6f}", flush=True)
            app.quit()

    dispatcher.aboutToBlock.connect(idle)
