"""Alembic's environment: run the revisions on the connection ``store/upgrade.py`` passes in.

The caller's write transaction is already open (SQLite's ``BEGIN IMMEDIATE``, or the server's
advisory lock), so Alembic runs inside it and commits nothing: the caller's commit makes the
whole upgrade durable at once, and any failure leaves the old database as it was.
"""

from __future__ import annotations

from alembic import context


def run() -> None:
    context.configure(connection=context.config.attributes["connection"])
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file as a script of its own; imported as a module (the architecture
# tests import every module), it only defines ``run``.
if __name__ != "annotator.store.revisions.env":
    run()
