"""The change hub: one per open database in the application, heard by every session and view.

Edits made in this process are published here by the session that made them, so a second
window or the adjudication view hears them at once. Edits made by other processes (or by
another ``Store`` on the same file) are found by polling the store twice a second; polling
costs one ``PRAGMA data_version`` when nothing happened.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, QTimer, Signal

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
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def publish(self, changes: Changes, origin: object) -> None:
        self.changed.emit(changes, origin)

    def poll(self) -> None:
        """Look for other processes' commits now (the timer calls this twice a second)."""
        store = self._store()
        if store is None or store.closed:
            self._retire()
            return
        try:
            found = store.poll_changes()
        except UserError:
            return  # locked or unreadable for a moment: the next tick tries again
        if found is not None:
            self.external.emit(found)

    def catch_up(self) -> None:
        """A worker thread committed through a store of its own (an import): poll now
        rather than at the next tick, so every session and view reloads at once. (If the
        tick came first, it has already told everyone.)"""
        self.poll()

    def serves(self, store: Store) -> bool:
        return self._store() is store

    def _retire(self) -> None:
        self._timer.stop()
        for key, hub in list(_hubs.items()):
            if hub is self:
                del _hubs[key]
        self.deleteLater()


def hub_for(store: Store) -> ChangeHub:
    """The application's one hub for ``store``, made on first use."""
    hub = _hubs.get(id(store))
    if hub is None or not hub.serves(store):
        hub = ChangeHub(store)
        _hubs[id(store)] = hub
    return hub


__all__ = ["ChangeHub", "hub_for"]
