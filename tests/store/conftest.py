"""The store suite runs on both engines: ``store`` here is a fresh database on SQLite and
on PostgreSQL (conftest's ``db_store``). Tests of what only SQLite files have use ``db_path``."""

from __future__ import annotations

import pytest

from annotator.store import Store


@pytest.fixture
def store(db_store: Store) -> Store:
    return db_store
