"""File > Sync: the open local file and the team server brought level (issue 12), in a
worker thread with progress and Cancel, the result in plain text.

The window knows the server from ``$ANNOTATOR_SERVER`` (the URL ``annotator sync --server``
takes, without a password); the menu item is there only when it is set and the open database
is a local file. Cancel stops at the next batch: what was synced stays, and syncing again
finishes the job.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.gui import plain
from annotator.gui.session import Session
from annotator.gui.workers import Job, Progress
from annotator.io.sync import SERVER_ENV_VAR, SyncReport, open_server, sync
from annotator.store import Store, server_url


def configured_server(store: Store) -> str | None:
    """The server to sync ``store`` with, or None (none set, or the store is on a server)."""
    raw = os.environ.get(SERVER_ENV_VAR, "").strip()
    return raw if raw and store.file is not None else None


def start_sync(
    owner: QWidget,
    session: Session,
    server: str,
    done: Callable[[SyncReport], None] | None = None,
) -> Job:
    """Sync as ``session``'s annotator; the report is shown (and given to ``done``)."""
    annotator, hub = session.annotator, session.hub

    def work(store: Store, progress: Progress) -> SyncReport:
        with open_server(server_url.parse(server)) as reader:
            return sync(store, reader, annotator, progress=progress.update)

    def finished(report: SyncReport) -> None:
        hub.catch_up()  # every view reloads what the sync changed
        plain.information(owner, "Sync", "\n\n".join(report.lines()))
        if done is not None:
            done(report)

    return Job(
        "Sync",
        session.store,
        work,
        write=True,
        owner=owner,
        done=finished,
        failed_text="Nothing more was synced.",
        cancelled_text="Sync stopped. What was synced so far stays; sync again to finish.",
    ).start()
