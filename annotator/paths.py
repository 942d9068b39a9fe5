"""Where the app keeps its data: one function, overridable for tests and pipelines."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
DB_ENV_VAR = "ANNOTATOR_DB"
DB_FILE_NAME = "annotator.sqlite3"


def default_db_path() -> Path:
    """The database used when no ``--db`` is given: ``$ANNOTATOR_DB`` or the user data dir."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE_NAME


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--db PATH`` wins over the environment, which wins over the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    return default_db_path()


def is_server_url(value: str) -> bool:
    """Whether a ``--db`` or ``$ANNOTATOR_DB`` value names a PostgreSQL database."""
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.lower().split("+", 1)[0] in ("postgresql", "postgres")


def resolve_db(explicit: str | os.PathLike[str] | None) -> Path | str:
    """Like ``resolve_db_path``, but a ``postgresql://`` URL (from ``--db`` or
    ``$ANNOTATOR_DB``) is returned as it is, for the store to parse."""
    raw = os.fspath(explicit) if explicit else os.environ.get(DB_ENV_VAR, "")
    if raw and is_server_url(raw):
        return raw
    return resolve_db_path(explicit)


_PACKAGE = Path(__file__).resolve().parent


def samples_dir() -> Path:
    """The bundled sample articles: ``annotator/_samples`` in an installed wheel (setup.py
    maps them there), else the checkout's ``resources/samples``."""
    packaged = _PACKAGE / "_samples"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "resources" / "samples"


def cache_dir() -> Path:
    """Where derived data that can be rebuilt at any time is kept (the suggesters' gazetteer):
    the user cache dir (``$XDG_CACHE_HOME/annotator`` on Linux). Never the database's folder."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
