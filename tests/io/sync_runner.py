"""Run ``annotator sync`` with small batches, optionally SIGKILLing itself around its Nth
commit (tests only; nothing in annotator knows about this).

Usage: python sync_runner.py [N before|after] -- ARGS...
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from typing import Any


def main() -> int:
    split = sys.argv.index("--")
    options, args = sys.argv[1:split], sys.argv[split + 1 :]
    from sqlalchemy.engine.base import RootTransaction

    from annotator.cli import main as cli
    from annotator.io import sync

    # Small batches: a corpus of a few dozen documents makes many commits to cut between.
    sync.PULL_BATCH, sync.SET_BATCH = 4, 3
    if options:
        nth, when = int(options[0]), options[1]
        original = RootTransaction._do_commit
        calls = 0

        @functools.wraps(original)
        def commit(self: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == nth and when == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            original(self)
            if calls == nth and when == "after":
                os.kill(os.getpid(), signal.SIGKILL)

        RootTransaction._do_commit = commit  # type: ignore[method-assign]
    return cli(args)


if __name__ == "__main__":
    raise SystemExit(main())
