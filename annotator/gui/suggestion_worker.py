"""The thread the window's suggestions are computed on, with a reading store kept open.

``gui/workers.py`` opens a store per job, which suits an import or an export. Suggestions run
after every edit, and each run reads the team's learned patterns: 1.2-1.4 s from a fresh store
on a database of 100,000 spans, 1 ms from a store that read them before (and some 60 ms after
an edit, which the store's cache catches up key by key). So the suggestions get one thread of
their own, and the store is opened, used and closed on that thread only (SQLite connections
never cross threads). A run's result, or its exception, is delivered on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from annotator.store import Store
from annotator.store.server_url import Location

STOP_TIMEOUT_MS = 60_000


class _Signals(QObject):
    ended = Signal(object)  # the result, or the exception the run raised


class SuggestionWorker(QObject):
    """Runs ``work(store)`` one call at a time; ``ended(result)`` on the GUI thread (an
    exception the work raised is the result)."""

    ended = Signal(object)

    def __init__(self, path: Location, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # the thread stays: the store belongs to it
        self._store: Store | None = None  # touched on the pool's thread only
        self._signals = _Signals()
        self._signals.ended.connect(self._ended)
        self.running = False
        self.closed = False

    def run(self, work: Callable[[Store], Any]) -> None:
        assert not self.running and not self.closed
        self.running = True
        self._pool.start(lambda: self._execute(work))

    def _execute(self, work: Callable[[Store], Any]) -> None:
        try:
            if self._store is None:
                self._store = Store.open(self._path, write=False)
            result = work(self._store)
        except BaseException as exc:  # every outcome must reach the GUI thread
            result = exc
        self._signals.ended.emit(result)

    def _ended(self, result: object) -> None:
        self.running = False
        if not self.closed:
            self.ended.emit(result)

    def close(self) -> bool:
        """Close the store on its thread and wait for it (the window is closing); nothing
        more is delivered. False if the thread did not end in time."""
        if self.closed:
            return True
        self.closed = True
        self._pool.start(self._close_store)
        return self._pool.waitForDone(STOP_TIMEOUT_MS)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


__all__ = ["SuggestionWorker"]
