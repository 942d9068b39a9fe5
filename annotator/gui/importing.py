"""Importing from the GUI: in a worker thread with progress and Cancel, errors in a dialog.

An import is one transaction in the worker's own store: a bad file or Cancel rolls it back
whole. When it commits, the change hub hears it at once and every view reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.core.records import ImportReport
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.session import Session
from annotator.gui.workers import Job, Progress
from annotator.io import importers
from annotator.store import Store


def start_import(
    owner: QWidget,
    session: Session,
    paths: list[Path],
    done: Callable[[ImportReport], None] | None = None,
    options: importers.ReadOptions | None = None,
) -> Job:
    """Start importing ``paths`` as ``session``'s annotator; ``done(report)`` after it
    committed. Returns the running job (``finished`` fires after any outcome)."""
    actor = session.annotator
    hub = session.hub

    def work(store: Store, progress: Progress) -> ImportReport:
        def step(done: int, total: int, path: Path | None) -> bool:
            return progress.update(done, total, f"Read {path.name}" if path else "")

        report, _errors = importers.import_paths(
            store,
            paths,
            actor=actor,
            progress=step,
            cancelled=lambda: progress.cancelled,
            options=options,
        )
        return report

    def committed(report: ImportReport) -> None:
        hub.catch_up()
        if done is not None:
            done(report)

    return Job(
        "Import",
        session.store,
        work,
        write=True,
        owner=owner,
        done=committed,
        failed_text="Nothing was imported.",
        cancelled_text="Nothing was imported.",
    ).start()


def import_now(parent: QWidget, session: Session, paths: list[Path]) -> ImportReport | None:
    """Import a few small files at once on this thread (the bundled samples: a few
    kilobytes, so the first window can show them); None after an error, shown in a box."""
    try:
        report, _errors = importers.import_paths(session.store, paths, actor=session.annotator)
    except UserError as exc:
        plain.warning(parent, "Import failed", f"Nothing was imported.\n\n{exc}")
        return None
    session.notify_reloaded()
    return report
