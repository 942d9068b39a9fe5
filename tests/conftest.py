"""Shared test set-up: headless Qt and no contact with the real user folders."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.pg_server import PgServer, find_binaries, why_missing

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


# ---- PostgreSQL (issue 12): one throwaway server per test process -----------------------------

ENGINES = ("sqlite", "postgresql")


@functools.cache
def pg_missing() -> str | None:
    """Why no PostgreSQL server can be started here, or None."""
    return why_missing()


def pg_skipped() -> bool:
    """Whether the PostgreSQL tests are left out: no server here and not in CI, where they
    must run (and fail without one)."""
    return pg_missing() is not None and os.environ.get("CI") != "true"


def _on_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "postgresql" in callspec.params.values():
        return True
    return bool({"pg_server", "pg_url", "pg_empty_url"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A server for the session (see ``tests/pg_server.py``). Without PostgreSQL binaries (or
    psycopg) the tests that need it are not collected (one line says so); under CI=true they
    fail instead."""
    missing = pg_missing()
    if missing is not None:
        pytest.fail(f"CI=true and {missing}: the PostgreSQL tests must run")
    binaries = find_binaries()
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


def engine_database(request: pytest.FixtureRequest, engine: str, folder: Path) -> Path | str:
    """A database place on ``engine`` for a fixture wider than one test (a module's corpus):
    a new SQLite file in ``folder``, or a new PostgreSQL database dropped with the fixture."""
    if engine == "sqlite":
        return folder / "annotations.sqlite3"
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.new_database()
    request.addfinalizer(lambda: server.drop_database(name))
    return server.url(name)


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's database is, once per engine: an SQLite file that does not exist yet,
    or the URL of a fresh PostgreSQL database (``pg_url``)."""
    if request.param == "sqlite":
        return tmp_path / "annotations.sqlite3"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db_store(db: Path | str) -> Iterator[object]:
    """A new store on each engine (``db``): for suites that read a database on both."""
    from annotator.store import Store

    opened = Store.open(db)
    yield opened
    opened.close()


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from annotator.store import Store

    opened = Store.open(db_path)
    yield opened
    opened.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses qtbot or qapp as ``gui`` (select with ``-m gui``); leave out
    the tests on PostgreSQL where no server can run (``pytest_terminal_summary`` says so)."""
    if pg_skipped():
        left_out = [item for item in items if _on_postgresql(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if not _on_postgresql(item)]
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
            if _on_postgresql(item):  # windows on a server: make test-slow (and CI) only
                item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    missing = pg_missing()
    if missing is not None and pg_skipped():
        terminalreporter.write_line(
            f"SKIPPED the tests on PostgreSQL: {missing} (under CI=true they must run)"
        )
