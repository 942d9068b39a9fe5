"""The change hub: one per open database in the application, heard by every session and view.

Edits made in this process are published here by the session that made them, so a second
window or the adjudication view hears them at once. Edits made by other processes (or by
another ``Store`` on the same database) are found by polling the store twice a second; on
SQLite a poll costs one ``PRAGMA data_version`` when nothing happened. On PostgreSQL a commit
is announced (LISTEN/NOTIFY): a socket notifier on the store's listening connection polls as
soon as one arrives, and the timer's polls ask the server nothing unless one did, so no query
reaches the server while nobody writes.
"""

from __future__ import annotations

import os
import weakref

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from annotator.core.commands import Changes
from annotator.errors import UserError
from annotator.store import Store

POLL_INTERVAL_MS = 500

_hubs: dict[int, ChangeHub] = {}  # id(store) -> its hub


class ChangeHub(QObject):
    """Signals: ``changed(Changes, origin)`` for this process's edits (``origin`` is the
    session that made them); ``external(ExternalChanges)`` for everyone else's."""

    changed = Signal(object, object)
    external = Signal(object)

    def __init__(self, store: Store) -> None:
        super().__init__()
        # Weak, so a closed and dropped store is not kept alive by its hub.
        self._store = weakref.ref(store)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll_notified)
        self._timer.start()
        # Waits on a duplicate of the store's socket: the store may close its own (a dropped
        # connection, the store closed) while the event loop still watches this one.
        self._notifier: QSocketNotifier | None = None
        self._socket = -1
        self._follow_socket(store)

    def publish(self, changes: Changes, origin: object) -> None:
        self.changed.emit(changes, origin)

    def poll(self) -> None:
        """Look for other processes' commits now, asking the server in any case."""
        self._poll(notified_only=False)

    def _poll_notified(self) -> None:
        # The timer, and the socket notifier on a server: a server is asked only if notified.
        self._poll(notified_only=True)

    def _poll(self, *, notified_only: bool) -> None:
        store = self._store()
        if store is None or store.closed:
            self._retire()
            return
        try:
            found = store.poll_changes(notified_only=notified_only)
        except UserError:
            return  # locked or unreachable for a moment: the next tick tries again
        finally:
            self._follow_socket(store)
        if found is not None:
            self.external.emit(found)

    def _follow_socket(self, store: Store) -> None:
        """Wait on the store's current socket (a new one after a reconnection), if any."""
        try:
            current = store.change_socket()
        except UserError:
            current = None
        if current is not None and self._socket >= 0 and _same_socket(current, self._socket):
            return
        self._drop_notifier()
        if current is not None:
            self._socket = os.dup(current)
            self._notifier = QSocketNotifier(self._socket, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._poll_notified)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._socket >= 0:
            os.close(self._socket)
            self._socket = -1

    def catch_up(self) -> None:
        """A worker thread committed through a store of its own (an import): poll now
        rather than at the next tick, so every session and view reloads at once. (If the
        tick came first, it has already told everyone.)"""
        self.poll()

    def serves(self, store: Store) -> bool:
        return self._store() is store

    def _retire(self) -> None:
        self._timer.stop()
        self._drop_notifier()
        for key, hub in list(_hubs.items()):
            if hub is self:
                del _hubs[key]
        self.deleteLater()


def _same_socket(one: int, other: int) -> bool:
    """Whether two descriptors are the same socket (a number alone may be reused)."""
    a, b = os.fstat(one), os.fstat(other)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def hub_for(store: Store) -> ChangeHub:
    """The application's one hub for ``store``, made on first use."""
    hub = _hubs.get(id(store))
    if hub is None or not hub.serves(store):
        hub = ChangeHub(store)
        _hubs[id(store)] = hub
    return hub


__all__ = ["ChangeHub", "hub_for"]
