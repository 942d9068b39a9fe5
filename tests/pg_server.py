"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, on a free
localhost port, as a user other than root, stopped by its PID at the end.

Each test gets a database of its own, made by ``CREATE DATABASE`` from a template and dropped
after it: ``annotator_template`` holds a new annotator database as ``Store.open`` creates it
(copying it takes half the time of creating the tables again), ``template0`` is empty.
Durability is switched off (``fsync``, ``full_page_writes``): the server and its data live as
long as one test session.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "annotator"
# Binaries are looked for here when ``pg_config --bindir`` does not say (Debian's layout).
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
# initdb refuses root; the server is run as this user when the tests run as root.
SERVER_USER = "postgres"
PREPARED = "annotator_template"


def find_binaries() -> Path | None:
    """The folder holding initdb and postgres, or None. ``$PG_BINDIR`` names the only folder
    to look in (another PostgreSQL version, or none: a folder without them)."""
    chosen = os.environ.get("PG_BINDIR")
    if chosen is not None:
        folder = Path(chosen)
        found = (folder / "initdb").is_file() and (folder / "postgres").is_file()
        return folder if found else None
    candidates: list[Path] = []
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True, timeout=10
        )
        candidates.append(Path(found.stdout.strip()))
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += sorted(DEBIAN_BINARIES.glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def why_missing() -> str | None:
    """Why no server can be started here (no binaries, no psycopg), or None."""
    if find_binaries() is None:
        return "no PostgreSQL binaries (initdb, postgres; Debian: apt-get install postgresql)"
    if importlib.util.find_spec("psycopg") is None:
        return "no psycopg (pip install 'annotator[server]')"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgServer:
    """One running server; ``url(name)`` names a database on it (no password: trust auth)."""

    def __init__(self, binaries: Path, *, durable: bool = False) -> None:
        self.binaries = binaries
        self.durable = durable  # fsync on, as a real server (benchmarks)
        self.root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.pid: int | None = None
        self._user: str | None = None
        self._admin: object | None = None  # a psycopg connection to the postgres database
        self._count = 0
        if os.geteuid() == 0:
            self._user = SERVER_USER
            entry = pwd.getpwnam(SERVER_USER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [str(self.binaries / command[0]), *command[1:]],
            user=self._user,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        settings = "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
        if not self.durable:
            settings += "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        for _ in range(5):  # another process may take the free port first
            self.port = _free_port()
            try:
                self._run(
                    "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                    "-l", str(self.root / "server.log"), "-o", f"-p {self.port} {settings}",
                )  # fmt: skip
                break
            except RuntimeError:
                if "could not bind" not in self.log():
                    raise
        else:
            raise RuntimeError(f"no free port for PostgreSQL: {self.log()}")
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        import psycopg

        self._admin = psycopg.connect(self.url("postgres"), autocommit=True)
        from annotator.store import Store

        self.execute(f"CREATE DATABASE {PREPARED} TEMPLATE template0")
        Store.open(self.url(PREPARED)).close()

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        self._admin.execute(sql)  # type: ignore[attr-defined]

    def new_database(self, *, empty: bool = False) -> str:
        """A new database: empty, or holding a new annotator database."""
        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        template = "template0" if empty else PREPARED
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextlib.contextmanager
    def database(self, *, empty: bool = False) -> Iterator[str]:
        """A fresh database's URL (see ``new_database``), dropped afterwards."""
        name = self.new_database(empty=empty)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()  # type: ignore[attr-defined]
            self._admin = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGINT)  # fast shutdown
                deadline = time.monotonic() + 30
                # Gone, or its PID file removed (an unreaped process lingers as a zombie).
                while time.monotonic() < deadline and (self.data / "postmaster.pid").exists():
                    os.kill(self.pid, 0)
                    time.sleep(0.05)
                else:
                    if (self.data / "postmaster.pid").exists():
                        os.kill(self.pid, signal.SIGKILL)
            self.pid = None
        shutil.rmtree(self.root, ignore_errors=True)
