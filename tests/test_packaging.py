"""The built wheel carries the schemas and the samples, and runs from a fresh venv outside the
repository."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import REPO


def run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done.stdout + done.stderr


@pytest.mark.slow
def test_the_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANNOTATOR_DB")}
    dist = tmp_path / "dist"
    # The release path: an sdist first, then the wheel built from it in an isolated env.
    built = run([sys.executable, "-m", "build", "--outdir", dist, REPO], tmp_path, env)
    assert "Warning" not in built.replace("warning: build_py: byte-compiling", "")
    assert "deprecated" not in built
    (wheel,) = dist.glob("annotator-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path, env)
    run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], tmp_path, env)
    annotator = venv / "bin" / "annotator"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    db = outside / "app.sqlite3"

    from annotator import __version__

    assert run([annotator, "--version"], outside, env) == f"annotator {__version__}\n"
    where = run(
        [
            venv / "bin" / "python",
            "-c",
            "from annotator.core.schema import schemas_dir; from annotator.paths import "
            "samples_dir; print(schemas_dir()); print(samples_dir())",
        ],
        outside,
        env,
    ).split()
    site = str(venv / "lib")
    assert all(path.startswith(site) for path in where), where  # the wheel's, not the repo's
    run([annotator, "--db", db, "import", where[1]], outside, env)
    shown = run([annotator, "--db", db, "schema", "show"], outside, env)
    assert "claim" in shown and "casualty_figure" in shown
    listed = json.loads(run([annotator, "list", "--db", db, "--json"], outside, env))
    assert len(listed) == 4
    # An older database is upgraded by the revisions the wheel carries (Alembic loads them
    # from the installed package's folder).
    old = outside / "old.sqlite3"
    shutil.copyfile(REPO / "tests" / "fixtures" / "db" / "v2.sqlite3", old)
    run([annotator, "--db", old, "import", where[1]], outside, env)
    raw = sqlite3.connect(old)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("SELECT count(*) FROM document").fetchone()[0] == 5
    raw.close()
