"""Shared test set-up: headless Qt and no contact with the real user folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline anywhere: speed is the benchmarks' business, and a deadline turns a
# busy machine (CI beside other jobs) into failures that say nothing about the code.
settings.register_profile("annotator", deadline=None)
settings.load_profile("annotator")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every per-user folder (data, config, cache) and the database at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("ANNOTATOR_DB", str(home / "default.sqlite3"))
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from annotator.store import Store

    opened = Store.open(db_path)
    yield opened
    opened.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses qtbot or qapp as ``gui`` (select with ``-m gui``)."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
