"""bench/bench_server.py (part of ``make bench``): a table of both engines with the ratio, on
a server it starts and stops itself; one line and nothing measured without PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, pg_skipped

SCRIPT = REPO / "bench" / "bench_server.py"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **env},
        timeout=600,
    )


def test_without_postgresql_binaries_it_says_so_in_one_line(tmp_path: Path) -> None:
    done = run(PG_BINDIR=str(tmp_path))  # a folder without initdb and postgres
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "skipped: no PostgreSQL binaries (initdb, postgres; Debian: apt-get install postgresql)"
    ]


@pytest.mark.slow
@pytest.mark.skipif(pg_skipped(), reason="no PostgreSQL server here")
def test_a_small_run_prints_both_engines_and_their_ratio() -> None:
    done = run("--documents", "30", "--only", "native")
    assert done.returncode == 0, done.stderr
    rows = {line.split("  ")[0].strip(): line for line in done.stdout.splitlines()}
    for task in ("import jsonl", "import folder", "export native"):
        sqlite, server, ratio = (float(v.rstrip("x")) for v in rows[task].split()[2:5])
        # Every figure shown is rounded to 0.01: the ratio lies within what that allows.
        low, high = (server - 0.005) / (sqlite + 0.005), (server + 0.005) / (sqlite - 0.005)
        assert low - 0.005 <= ratio <= high + 0.005
