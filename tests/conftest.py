"""Shared test set-up: headless Qt and no contact with the real user folders."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline anywhere: speed is the benchmarks' business, and a deadline turns a
# busy machine (CI beside other jobs) into failures that say nothing about the code.
settings.register_profile("annotator", deadline=None)
settings.load_profile("annotator")

from tests.pg_server import PgServer, find_binaries

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


# ---- PostgreSQL (issue 12): one throwaway server per test process -----------------------------

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A server for the session. Without PostgreSQL binaries (or psycopg) the tests that need
    it are skipped, under one reason; under CI=true they fail instead."""
    binaries = find_binaries()
    missing = None
    if binaries is None:
        missing = "no PostgreSQL binaries (initdb, postgres; Debian: apt-get install postgresql)"
    elif importlib.util.find_spec("psycopg") is None:
        missing = "no psycopg (pip install 'annotator[server]')"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {missing}: the PostgreSQL tests must run")
        pytest.skip(f"{missing}: the PostgreSQL half of the store and CLI tests is skipped")
    assert binaries is not None
    server = PgServer(binaries)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh database on the session's server holding a new annotator database (as
    ``Store.open`` makes one), dropped after the test."""
    with pg_server.database() as url:
        yield url


@pytest.fixture
def pg_empty_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    with pg_server.database(empty=True) as url:
        yield url


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's database is, once per engine: an SQLite file that does not exist yet,
    or the URL of a fresh PostgreSQL database (``pg_url``)."""
    if request.param == "sqlite":
        return tmp_path / "annotations.sqlite3"
    return str(request.getfixturevalue("pg_url"))


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
