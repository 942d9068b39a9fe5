"""A sync killed at random points (SIGKILL after a random delay, or around a random commit),
then run again, leaves both databases exactly as one clean sync does: nothing duplicated,
nothing lost (issue 12, item 6)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.model import GOLD
from annotator.store import Store
from tests.conftest import REPO
from tests.helpers import new_document
from tests.pg_server import PgServer
from tests.sync_corpus import TEXTS, contents, seed_server, span, work_offline

RUNNER = Path(__file__).with_name("sync_runner.py")
DOCUMENTS = [f"Extra {n}: a convoy was hit near the border, {n} witnesses said." for n in range(24)]


def command(local: Path, server: str, *kill: str) -> list[str]:
    args = ["sync", "--db", str(local), "--server", server, "--as", "alice", "--new"]
    return [sys.executable, str(RUNNER), *kill, "--", *args]


def run(local: Path, server: str, *kill: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        command(local, server, *kill), env=env, capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_killed_after(local: Path, server: str, delay: float) -> bool:
    """True if the run was killed (rather than done before ``delay`` seconds)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        command(local, server), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True
    else:
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
        return False
    finally:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        process.stderr.close()


def copy_server(pg_server: PgServer, url: str) -> str:
    name = url.rsplit("/", 1)[1]
    copy = pg_server.new_database()  # a name; replaced by a copy of ``url``'s database
    pg_server.drop_database(copy)
    pg_server.execute(f"CREATE DATABASE {copy} TEMPLATE {name} STRATEGY FILE_COPY")
    return pg_server.url(copy)


def server_changes(url: str) -> None:
    """Meanwhile on the server: new documents, new gold, alice's own work in a window."""
    with Store.open(url) as server:
        server.import_files(
            [("more", [new_document(text, f"e{n:02}") for n, text in enumerate(DOCUMENTS)])],
            actor="lead",
        )
        span(server, "d06", GOLD, "the town")
        span(server, "d07", "alice", "the town")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_sync_then_rerun_equals_a_clean_sync(
    pg_server: PgServer, pg_url: str, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    seed_server(pg_url, documents=len(TEXTS))
    local = tmp_path / "laptop.sqlite3"
    assert run(local, pg_url).returncode == 0
    work_offline(local, documents=("d02", "d03", "d04", "d05", "d08", "d09", "d10"))
    server_changes(pg_url)
    # The reference: the same two databases, synced once without interruption.
    clean_local, clean_server = tmp_path / "clean.sqlite3", copy_server(pg_server, pg_url)
    shutil.copyfile(local, clean_local)
    started = time.monotonic()
    assert run(clean_local, clean_server).returncode == 0
    took = time.monotonic() - started
    expected_local, expected_server = contents(clean_local), contents(clean_server)
    # Cut it short, once or twice, then let it finish.
    kills = 0
    for _ in range(rng.choice((1, 2))):
        if rng.random() < 0.5:
            kills += run_killed_after(local, pg_url, rng.uniform(0.2, took))
        else:
            result = run(local, pg_url, str(rng.randint(1, 12)), rng.choice(("before", "after")))
            assert result.returncode in (-signal.SIGKILL, 0), result.stderr
            kills += result.returncode == -signal.SIGKILL
    print(f"seed {seed}: a clean sync took {took:.1f} s; {kills} kills")
    finished = run(local, pg_url)
    assert finished.returncode == 0, finished.stderr
    assert contents(local) == expected_local
    assert contents(pg_url) == expected_server
    assert kills, "no run was cut short: the test proved nothing"
    again = run(local, pg_url)
    assert (again.returncode, again.stdout) == (0, "nothing to sync\n")
