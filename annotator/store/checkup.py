"""Opening a database for ``annotator doctor``, which must report on damaged files too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.errors import UserError
from annotator.store.store import Store


def open_for_checks(path: Path) -> Store:
    """``Store.open(path, write=False)``; damage that the opening lets through untranslated
    is a ``UserError`` too (a garbled name in SQLite's own schema comes back in an error
    message that is not even UTF-8, and Python fails decoding it)."""
    try:
        return Store.open(path, write=False)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: the database is damaged ({exc})") from None


__all__ = ["open_for_checks"]
