"""The store suite runs on both engines: ``store`` here is a fresh database on SQLite and
on PostgreSQL (``db``). Tests of what only SQLite files have use ``db_path``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store import Store


@pytest.fixture
def store(db: Path | str) -> Iterator[Store]:
    opened = Store.open(db)
    yield opened
    opened.close()
