"""Importing from the GUI: a cancellable progress dialog and errors in a dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.records import ImportReport
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.session import Session
from annotator.io import importers


def run_import(parent: QWidget, session: Session, paths: list[Path]) -> ImportReport | None:
    """Import with progress; returns the report, or None if it failed or was cancelled.

    Files are parsed and checked first; nothing is written if any file is bad.
    """
    dialog = plain.progress_dialog("Importing…", "Cancel", parent)
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def progress(done: int, total: int, path: Path | None) -> bool:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if path is not None:
            dialog.setLabelText(f"Importing {path.name}…")
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        report, _errors = importers.import_paths(
            session.store, paths, actor=session.annotator, progress=progress
        )
    except importers.ImportCancelled as exc:
        session.notify_reloaded()
        plain.information(parent, "Import cancelled", str(exc))
        return None
    except UserError as exc:
        plain.warning(parent, "Import failed", f"Nothing was imported.\n\n{exc}")
        return None
    finally:
        dialog.reset()
        dialog.deleteLater()
    return report
