"""Long work off the GUI thread: imports, exports and statistics run in a thread pool.

A job's work runs in a worker thread on a store of its own (SQLite connections must not cross
threads), reports progress to a progress dialog that does not block the window, can be
cancelled, and ends back on the GUI thread in exactly one way: its ``done`` callback, a
plain-text dialog for a ``UserError``, the crash dialog for anything else, or a note that it
was cancelled. Writing jobs run one at a time, in the order they were started; a cancelled
write rolls back (an import is one transaction). Closing a window cancels its jobs and waits
for their threads, so no thread outlives the window that shows its result.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.errors import UserError
from annotator.gui import crash, plain
from annotator.store import Store
from annotator.store.server_url import Location

PROGRESS_INTERVAL_S = 0.05  # at most 20 progress updates a second cross to the GUI thread
SHOW_AFTER_MS = 400  # a job that ends sooner never shows its progress dialog
STOP_TIMEOUT_S = 60.0


class JobCancelled(Exception):
    """Raised inside the work once the user pressed Cancel (see ``Progress.check``)."""


class Outcome(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class _Signals(QObject):
    progressed = Signal(int, int, str)  # done, total (0: unknown), what is being done
    ended = Signal(object, object)  # Outcome, the result or the exception


class Progress:
    """What the work sees in its thread: report progress, and learn whether to stop."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._stop = threading.Event()
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()

    def update(self, done: int, total: int, text: str = "") -> bool:
        """Report ``done`` of ``total``; returns False once the user cancelled."""
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last = now
            self._signals.progressed.emit(done, total, text)
        return not self.cancelled

    def check(self) -> None:
        if self.cancelled:
            raise JobCancelled


Work = Callable[[Store, Progress], Any]

_gc_lock = threading.Lock()
_gc_holders = 0  # jobs running with automatic collection paused
_gc_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection while a job runs (or a large document opens). A job
    allocates a great many
    objects (10,000 documents, a team's spans), so Python's full collections came often and
    scanned them all, holding the GIL for 0.1-0.3 s each: the GUI thread stood still. Reference
    counting still frees almost everything; the collector resumes when the last job ends."""
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


class _Runnable(QRunnable):
    """The thread side of a job: open a store, run the work, close the store, report."""

    def __init__(
        self, path: Location, write: bool, work: Work, signals: _Signals, progress: Progress
    ) -> None:
        super().__init__()
        self.path = path
        self.write = write
        self.work = work
        self.signals = signals
        self.progress = progress
        self.ended = threading.Event()

    def run(self) -> None:
        try:
            self.progress.check()
            with collection_paused(), Store.open(self.path, write=self.write) as store:
                result = self.work(store, self.progress)
        except BaseException as exc:  # every outcome must reach the GUI thread
            stopped = isinstance(exc, JobCancelled) or (
                isinstance(exc, UserError) and self.progress.cancelled
            )
            self.signals.ended.emit(Outcome.CANCELLED if stopped else Outcome.FAILED, exc)
        else:
            # A committed write is done even if Cancel came too late; a read's result is
            # simply not wanted any more.
            late = not self.write and self.progress.cancelled
            self.signals.ended.emit(Outcome.CANCELLED if late else Outcome.DONE, result)
        finally:
            self.ended.set()


_pools: dict[bool, QThreadPool] = {}
_jobs: set[Job] = set()  # started and not yet ended: kept alive until their outcome is handled


def _pool(write: bool) -> QThreadPool:
    pool = _pools.get(write)
    if pool is None:
        pool = QThreadPool()
        # Writes queue behind each other instead of waiting on the database lock.
        pool.setMaxThreadCount(1 if write else 2)
        _pools[write] = pool
    return pool


class Job(QObject):
    """One piece of long work, shown by a progress dialog over ``owner`` (or, with
    ``dialog=False``, by the caller through ``progressed``). ``finished`` is emitted on the
    GUI thread after the outcome was handled; ``outcome``, ``result`` and ``error`` tell it."""

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(
        self,
        title: str,
        store: Store,
        work: Work,
        *,
        write: bool,
        owner: QObject,
        done: Callable[[Any], None] | None = None,
        failed_text: str = "",
        cancelled_text: str | None = "Nothing was changed.",
        dialog: bool = True,
    ) -> None:
        super().__init__()
        self.title = title
        self.owner = owner
        self.outcome = Outcome.RUNNING
        self.result: Any = None
        self.error: BaseException | None = None
        self._done = done
        self._failed_text = failed_text
        self._cancelled_text = cancelled_text
        self._quiet = False
        self._signals = _Signals()
        self._signals.progressed.connect(self._progressed)
        self._signals.ended.connect(self._ended)
        self._progress = Progress(self._signals)
        write = write and not store.read_only  # a read-only window's store stays read-only
        self._runnable = _Runnable(store.location, write, work, self._signals, self._progress)
        self._runnable.setAutoDelete(False)  # kept (and waited for) by this job
        self._write = write
        self.dialog: QProgressDialog | None = self._make_dialog() if dialog else None

    def _make_dialog(self) -> QProgressDialog:
        parent = self.owner if isinstance(self.owner, QWidget) else None
        dialog = plain.progress_dialog(f"{self.title}…", "Cancel", parent)
        self._label = plain.plain_label(f"{self.title}…")  # names files: user text
        dialog.setLabel(self._label)
        dialog.setWindowTitle(self.title)
        dialog.setObjectName("jobProgress")
        # Not modal: the window goes on repainting and taking input meanwhile.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.canceled.connect(self.cancel)
        return dialog

    @property
    def running(self) -> bool:
        return self.outcome is Outcome.RUNNING

    def start(self) -> Job:
        _jobs.add(self)
        _pool(self._write).start(self._runnable)
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it ends as cancelled (unless a write already committed)."""
        self._progress.cancel()

    def wait(self, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """Block until the thread is done with the work (its outcome is handled later, on
        the GUI thread). For closing windows; never while the user waits for the window."""
        return self._runnable.ended.wait(timeout_s)

    def _take_if_queued(self) -> None:
        # A job still queued behind another write never starts: it ends here, cancelled.
        if _pool(self._write).tryTake(self._runnable):
            self._runnable.ended.set()
            self._signals.ended.emit(Outcome.CANCELLED, JobCancelled())

    def belongs_to(self, widget: QObject) -> bool:
        """Started from ``widget`` or from an object it owns (even a widget in a window of
        its own, such as the adjudication view)."""
        owner: QObject | None = self.owner if shiboken6.isValid(self.owner) else None
        while owner is not None and owner is not widget:
            owner = owner.parent()
        return owner is widget

    def silence(self) -> None:
        """Show nothing more and call back nobody: the window that asked is going away."""
        self._quiet = True
        self._close_dialog()

    # ---- back on the GUI thread ---------------------------------------------------------------

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)
        dialog = self.dialog
        if dialog is None or not shiboken6.isValid(dialog) or self._progress.cancelled:
            return
        if text:
            self._label.setText(text)
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect(self.cancel)
            dialog.hide()
            dialog.deleteLater()

    def _ended(self, outcome: Outcome, payload: Any) -> None:
        _jobs.discard(self)
        self._close_dialog()
        self.outcome = outcome
        if outcome is Outcome.DONE:
            self.result = payload
        else:
            self.error = payload
        if not self._quiet and shiboken6.isValid(self.owner):
            self._report(outcome, payload)
        self.finished.emit()

    def _report(self, outcome: Outcome, payload: Any) -> None:
        parent = self.owner if isinstance(self.owner, QWidget) else None
        if outcome is Outcome.DONE:
            if self._done is not None:
                self._done(payload)
        elif outcome is Outcome.CANCELLED:
            if self._cancelled_text is not None:  # None: the caller shows it in place
                plain.information(parent, f"{self.title} cancelled", self._cancelled_text)
        elif isinstance(payload, UserError):
            text = f"{self._failed_text}\n\n{payload}" if self._failed_text else str(payload)
            plain.warning(parent, f"{self.title} failed", text)
        else:
            crash.show_bug(payload)


def running_jobs(owner: QObject | None = None) -> list[Job]:
    """Jobs whose outcome is still to come (all, or those started from ``owner``)."""
    return [job for job in _jobs if owner is None or job.belongs_to(owner)]


def stop_jobs(owner: QWidget, timeout_s: float = STOP_TIMEOUT_S) -> bool:
    """Cancel the jobs started from ``owner`` or its children and wait for their threads (a
    window is closing): nothing of a cancelled write is kept, and no dialog follows. False if
    a thread did not end in time."""
    mine = running_jobs(owner)
    for job in mine:
        job.silence()
        job.cancel()
        job._take_if_queued()
    deadline = time.monotonic() + timeout_s
    return all(job.wait(max(0.0, deadline - time.monotonic())) for job in mine)


__all__ = ["Job", "JobCancelled", "Outcome", "Progress", "running_jobs", "stop_jobs"]
