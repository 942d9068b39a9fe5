"""The database's revision history, as Alembic revisions: ``versions/vN_*.py`` brings a
database from version N - 1 to version N, on SQLite and on PostgreSQL alike.

Alembic loads these files itself (``env.py``, run by ``store/upgrade.py``); nothing imports
them on the way to opening a current database.
"""
