"""Hearing other connections' commits: ``PRAGMA data_version`` plus the change log.

``data_version`` changes when any other connection commits; it is read on one connection
kept open for that purpose, so a poll costs one pragma when nothing happened. The change log
then says which documents changed. Commits made through the watching store itself (its units
of work record their change-log id ranges) are not news and are left out.

On PostgreSQL there is no ``data_version``: every commit that logs changes sends ``NOTIFY``,
heard on a connection of the watcher's own (``listen``). ``poll(notified_only=True)``, for a
caller that waits on ``socket()`` or polls on a timer, reads the change log past the last id
seen only when a notification arrived or some may have been missed; a plain ``poll()`` always
reads it (one indexed query). Writers commit one at a time there too (``server``'s write
lock), so change-log ids are committed in order and none is skipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text

from annotator.store import changelog, opening
from annotator.store.db import transaction, translate
from annotator.store.server_url import Location

if TYPE_CHECKING:
    from annotator.store.listen import Listener

_SINCE = text("SELECT id, document_id, action FROM change_log WHERE id > :seen ORDER BY id")


@dataclass(frozen=True)
class ExternalChanges:
    """What other windows or processes committed since the last poll."""

    document_ids: frozenset[int]  # documents whose spans, relations or statuses changed
    reload: bool  # documents imported or the label schema switched: reload everything


class ChangeWatcher:
    def __init__(
        self, location: Location, engine: Engine, *, seen_change_id: int, enabled: bool
    ) -> None:
        self._location = location
        self._engine = engine
        self._enabled = enabled  # not for immutable files or in-memory copies
        self._connection: sqlite3.Connection | None = None
        self._seen_data_version: int | None = None
        self._seen_change_id = seen_change_id
        self._own: list[tuple[int, int]] = []  # change-log id ranges (low, high] we wrote
        self._listener: Listener | None = None
        if enabled and not isinstance(location, Path):
            from annotator.store.listen import Listener  # with the server's modules only

            self._listener = Listener(location)

    def own(self, low: int, high: int) -> None:
        if high > low:
            self._own.append((low, high))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._listener is not None:
            self._listener.close()

    def socket(self) -> int | None:
        """On a server, the socket that turns readable when a commit is announced; else None."""
        return None if self._listener is None else self._listener.socket()

    def poll(self, *, notified_only: bool = False) -> ExternalChanges | None:
        if not self._enabled:
            return None
        if self._listener is not None and not self._listener.woken() and notified_only:
            return None
        rows = self._new_rows()
        if not rows:
            return None
        self._seen_change_id = int(rows[-1][0])
        foreign = [row for row in rows if not self._is_own(int(row[0]))]
        self._own = [r for r in self._own if r[1] > self._seen_change_id]
        if not foreign:
            return None
        return ExternalChanges(
            document_ids=frozenset(int(row[1]) for row in foreign if row[1] is not None),
            reload=any(row[2] in changelog.RELOAD_ACTIONS for row in foreign),
        )

    def _new_rows(self) -> list[tuple[Any, ...]]:
        if not isinstance(self._location, Path):
            with transaction(self._engine, self._location, write=False) as conn:
                return [tuple(row) for row in conn.execute(_SINCE, {"seen": self._seen_change_id})]
        if self._connection is None:
            self._connection = opening.watch_connection(self._location, immutable=False)
            if self._connection is None:
                return []
        try:
            version = int(self._connection.execute("PRAGMA data_version").fetchone()[0])
            if version == self._seen_data_version:
                return []
            self._seen_data_version = version
            return self._connection.execute(
                "SELECT id, document_id, action FROM change_log WHERE id > ? ORDER BY id",
                (self._seen_change_id,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise translate(self._location, exc) from exc

    def _is_own(self, change_id: int) -> bool:
        return any(low < change_id <= high for low, high in self._own)


class WatchMethods:
    """``Store``'s methods for hearing other windows and processes."""

    _watcher: ChangeWatcher

    def poll_changes(self, *, notified_only: bool = False) -> ExternalChanges | None:
        """Changes committed by other connections since the last call, or None. Cheap when
        nothing happened: one ``PRAGMA data_version`` on a connection kept open; on a server,
        with ``notified_only``, nothing at all unless a commit was announced."""
        return self._watcher.poll(notified_only=notified_only)

    def change_socket(self) -> int | None:
        """On a server, a socket that turns readable when another connection commits changes
        (then call ``poll_changes(notified_only=True)``); None for an SQLite file, or while
        the server cannot be reached. It may change after a poll."""
        return self._watcher.socket()
