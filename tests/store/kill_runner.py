"""Run an annotator command and SIGKILL it at a deterministic point (tests only).

Usage: python kill_runner.py MODULE:NAME WHEN N -- ARGS...
NAME is a function or Class.method. The process kills itself on the Nth call of it, just
before the call ("before") or just after it returned ("after"). Nothing in annotator knows
about this: the function is wrapped from outside, as a debugger's breakpoint would be.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from typing import Any


def main() -> int:
    target, when, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = sys.argv[sys.argv.index("--") + 1 :]
    module_name, qualified = target.split(":")
    owner: Any = importlib.import_module(module_name)
    *path, function_name = qualified.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, function_name)
    calls = 0

    @functools.wraps(original)
    def wrapper(*a: Any, **k: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*a, **k)
        if calls == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, function_name, wrapper)
    from annotator.cli import main as cli

    return cli(args)


if __name__ == "__main__":
    raise SystemExit(main())
