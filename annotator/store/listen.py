"""Hearing commits on a PostgreSQL server: ``LISTEN`` on a connection kept for that alone.

Every write transaction that logs changes sends ``NOTIFY`` as it commits (``server``). The
listening connection is in autocommit and runs no query after its ``LISTEN``: a caller waits
on its socket (the window's event loop does, with a socket notifier), and ``woken`` reads what
arrived without blocking, straight from libpq. No query reaches the server until someone
commits.

Notifications are wake-ups, not the news itself: the change log says what changed. Whenever
some may have been missed (just connected, the connection lost, or no connection at all), the
caller is told to read the change log anyway, so a dropped connection loses nothing. It is
made again quietly, at most once per ``RETRY_S``.
"""

from __future__ import annotations

import select
import time
from typing import TYPE_CHECKING

from annotator.store.changelog import CHANNEL
from annotator.store.server_url import ServerUrl

if TYPE_CHECKING:
    import psycopg

RETRY_S = 1.0
_MAX_READS = 8  # a bound, so a flood of notifications cannot hold the caller


class Listener:
    def __init__(self, where: ServerUrl) -> None:
        self._where = where
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._missed = True  # notifications may have been sent that we did not get
        self._next_try = 0.0

    def socket(self) -> int | None:
        """The socket to wait on (readable when a notification arrives or the connection
        drops), connecting first if need be; None while there is no connection."""
        self._connect()
        if self._connection is None:
            return None
        import psycopg

        try:
            return self._connection.pgconn.socket
        except psycopg.Error:  # lost, and not noticed yet
            self._drop()
            return None

    def woken(self) -> bool:
        """Whether to read the change log now: a notification arrived, or some may have been
        missed. Never blocks; drains what arrived, so the socket is quiet again."""
        self._connect()
        if self._connection is None:
            return True  # not listening: read every time, as without notifications
        import psycopg

        pgconn = self._connection.pgconn
        woke = False
        try:
            # Until nothing is left to read: a server closing the connection first sends a
            # message, and only the next read finds the end.
            for _ in range(_MAX_READS):
                pgconn.consume_input()
                while pgconn.notifies() is not None:
                    woke = True
                if not select.select([pgconn.socket], [], [], 0)[0]:
                    break
        except psycopg.Error:
            self._drop()
            return True
        if pgconn.status != psycopg.pq.ConnStatus.OK:
            self._drop()
            return True
        missed, self._missed = self._missed, False
        return woke or missed

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _drop(self) -> None:
        # Not made again at once: the caller sees that there is no socket first, and cannot
        # take a new connection for the old one that had the same descriptor number.
        self.close()
        self._missed = True
        self._next_try = time.monotonic() + RETRY_S

    def _connect(self) -> None:
        if self._connection is not None or time.monotonic() < self._next_try:
            return
        import psycopg

        from annotator.store import server

        self._next_try = time.monotonic() + RETRY_S
        try:
            connection = server.listen_connection(self._where)
        except psycopg.Error:
            return  # unreachable for now: read the change log meanwhile, try again later
        try:
            connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            connection.close()
            return
        self._connection = connection
        self._missed = True  # commits before the LISTEN were not announced to us
