"""Unexpected errors: a dialog instead of a silent traceback on the terminal.

Every change is committed as it is made, so after a bug nothing is lost; the dialog says so,
shows the details to copy into a bug report, and lets the user carry on or quit.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.gui.plain import PLAIN


def _show(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, error, tb))
    sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("annotator: unexpected error")
    box.setTextFormat(PLAIN)  # the error may quote user text
    box.setText(
        f"Something went wrong inside annotator {__version__}: {error}\n\n"
        "Your work up to the last action is saved. You can go on, or quit and restart."
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Ok).setText("Go on")
    box.button(QMessageBox.StandardButton.Close).setText("Quit")
    if box.exec() == QMessageBox.StandardButton.Close:
        QApplication.exit(1)


def show_bug(error: BaseException) -> None:
    """The same dialog for an exception caught elsewhere (a worker thread's, say)."""
    _show(type(error), error, error.__traceback__)


def install() -> None:
    """Route uncaught exceptions (from any slot or event handler) to the dialog."""
    sys.excepthook = _show
