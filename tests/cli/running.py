"""The CLI run in this process with the result a subprocess would give."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path

from annotator.launcher import main


def run_in_process(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``annotator ARGS`` run in this process, with the result a subprocess would give:
    exit code, stdout, stderr (argparse's exits included). ``env`` is set for the call only.
    About 100 times cheaper than a new Python; a few smoke tests still start real processes."""
    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["annotator", *argv], code, out.getvalue(), err.getvalue())
