"""Failing I/O on demand, in the spirit of SQLite's own fault-injection tests.

``Faults(kind, n)`` makes the ``n``-th I/O operation of ``kind`` in this process fail with
``OSError`` (``ENOSPC`` unless told otherwise), or, with ``kill=True``, kills the process
there with SIGKILL, before the operation happens. ``Faults()`` only counts, so a test first
learns how many operations a command makes and then fails each in turn:

    with Faults() as counted:
        run()
    for n in range(1, counted.counts["write"] + 2):   # the last one is never reached
        with Faults("write", n) as faults:
            run()
        ...check the invariants; faults.fired says whether the failure happened

Kinds, patched at the os/builtins level so the code under test runs unchanged:

* ``open``: ``open``/``io.open`` for writing, ``os.open`` with a writing flag, ``os.mkdir``;
* ``write``: each write that reaches the operating system from a file opened by ``open``
  for writing (files are opened over a counting ``FileIO``, so buffered writes count when
  they are flushed), and ``os.write`` on descriptors ``os.open`` gave for writing;
* ``fsync``: ``os.fsync``, and ``annotator.io.atomic.sync_filesystem`` (one ``syncfs``);
* ``rename``: ``os.replace``, ``os.rename``, and ``annotator.io.atomic.exchange`` (one
  ``renameat2``).

``root`` limits counting to paths under it (descriptors are traced through /proc on Linux).

From a subprocess: ``python -m tests.faults KIND N ROOT [--no-exchange] -- ARGS...`` runs
``annotator ARGS...`` with ``Faults(KIND, N, kill=True, root=ROOT)`` (``--no-exchange``: as
on a file system without ``renameat2``). Many kills are cheaper through ``KillServer``: one
subprocess imports everything once, then forks a fresh child for each run.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from annotator.io import atomic

KINDS = ("open", "write", "fsync", "rename")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_current: Faults | None = None


class _CountingFileIO(io.FileIO):
    """A FileIO whose every write to the operating system passes the harness first."""

    def write(self, data: Any, /) -> int:
        if _current is not None:
            _current.hit("write", self.name)
        return super().write(data)


class Faults:
    def __init__(
        self,
        kind: str | None = None,
        n: int = 0,
        *,
        error: int = errno.ENOSPC,
        kill: bool = False,
        root: Path | None = None,
    ) -> None:
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.kind, self.n, self.error, self.kill = kind, n, error, kill
        self.root = os.path.realpath(root) if root is not None else None
        self.counts = dict.fromkeys(KINDS, 0)
        self.fired = False
        self._saved: list[tuple[Any, str, Any]] = []
        self._real: dict[str, Any] = {}
        self._write_fds: set[int] = set()

    # ---- the decision -----------------------------------------------------------------------

    def _watched(self, target: object) -> bool:
        if self.root is None:
            return True
        if isinstance(target, int):
            try:
                target = os.readlink(f"/proc/self/fd/{target}")
            except OSError:
                return True
        if not isinstance(target, str | bytes | os.PathLike):
            return True
        path = os.path.realpath(os.fsdecode(target))
        return path == self.root or path.startswith(self.root + os.sep)

    def hit(self, kind: str, target: object) -> None:
        """Count one operation of ``kind`` on ``target``; fail it if it is the chosen one."""
        if not self._watched(target):
            return
        self.counts[kind] += 1
        if kind != self.kind or self.counts[kind] != self.n:
            return
        self.fired = True
        if self.kill:
            os.kill(os.getpid(), signal.SIGKILL)
        name = os.fsdecode(target) if isinstance(target, str | bytes | os.PathLike) else None
        raise OSError(self.error, os.strerror(self.error), name)

    # ---- the patches ------------------------------------------------------------------------

    def _open(
        self,
        file: Any,
        mode: str = "r",
        buffering: int = -1,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
        closefd: bool = True,
        opener: Any = None,
    ) -> Any:
        real = self._real["open"]
        if not any(c in mode for c in "wax+") or not self._watched(file):
            return real(file, mode, buffering, encoding, errors, newline, closefd, opener)
        if not isinstance(file, int):
            self.hit("open", file)
        raw = _CountingFileIO(file, "".join(c for c in mode if c in "rwxa+"), closefd, opener)
        if buffering == 0:
            return raw
        line_buffering = buffering == 1
        size = buffering if buffering > 1 else io.DEFAULT_BUFFER_SIZE
        buffer = io.BufferedRandom(raw, size) if "+" in mode else io.BufferedWriter(raw, size)
        if "b" in mode:
            return buffer
        text = io.TextIOWrapper(
            buffer, io.text_encoding(encoding), errors, newline, line_buffering=line_buffering
        )
        text.mode = mode  # type: ignore[misc]  # as open() sets it
        return text

    def _os_open(self, path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        if flags & _WRITING:
            self.hit("open", path)
        descriptor = self._real["os.open"](path, flags, mode, **kw)
        if flags & _WRITING and self._watched(path):
            self._write_fds.add(descriptor)
        return descriptor

    def _os_write(self, descriptor: int, data: Any) -> int:
        if descriptor in self._write_fds:
            self.hit("write", descriptor)
        return self._real["os.write"](descriptor, data)

    def _mkdir(self, path: Any, mode: int = 0o777, **kw: Any) -> None:
        self.hit("open", path)
        self._real["os.mkdir"](path, mode, **kw)

    def _fsync(self, descriptor: Any) -> None:
        self.hit("fsync", descriptor)
        self._real["os.fsync"](descriptor)

    def _replace(self, source: Any, target: Any, **kw: Any) -> None:
        self.hit("rename", target)
        self._real["os.replace"](source, target, **kw)

    def _rename(self, source: Any, target: Any, **kw: Any) -> None:
        self.hit("rename", target)
        self._real["os.rename"](source, target, **kw)

    def _exchange(self, first: Path, second: Path) -> bool:
        self.hit("rename", second)
        return bool(self._real["exchange"](first, second))

    def _sync_filesystem(self, folder: Path) -> bool:
        self.hit("fsync", folder)
        return bool(self._real["sync_filesystem"](folder))

    def __enter__(self) -> Faults:
        global _current
        if _current is not None:
            raise RuntimeError("Faults cannot be nested")
        self._real = {
            "open": builtins.open,
            "os.open": os.open,
            "os.write": os.write,
            "os.mkdir": os.mkdir,
            "os.fsync": os.fsync,
            "os.replace": os.replace,
            "os.rename": os.rename,
            "exchange": atomic.exchange,
            "sync_filesystem": atomic.sync_filesystem,
        }
        patches = [
            (builtins, "open", self._open),
            (io, "open", self._open),
            (os, "open", self._os_open),
            (os, "write", self._os_write),
            (os, "mkdir", self._mkdir),
            (os, "fsync", self._fsync),
            (os, "replace", self._replace),
            (os, "rename", self._rename),
            (atomic, "exchange", self._exchange),
            (atomic, "sync_filesystem", self._sync_filesystem),
        ]
        for owner, name, replacement in patches:
            self._saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, replacement)
        _current = self
        return self

    def __exit__(self, *_exc: object) -> None:
        global _current
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()
        _current = None


def _cannot_exchange(first: Path, second: Path) -> bool:
    """``atomic.exchange`` on a file system without ``renameat2``."""
    return False


def _run_killed(kind: str, n: int, root: Path, args: list[str], no_exchange: bool) -> int:
    from annotator.cli.main import main

    if no_exchange:
        atomic.exchange = _cannot_exchange
    with Faults(kind, n, kill=True, root=root):
        return main(args)


def _serve() -> None:
    """Read one JSON request a line (kind, n, root, args, no_exchange); run each in a forked
    child (its output goes to stderr) and answer its exit code (-9: killed) as a line."""
    import annotator.cli.main  # noqa: F401 - imported once, before the forks

    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for line in sys.stdin:
        request = json.loads(line)
        if request["kind"] is None:  # warm up (lazy imports, caches) in the server itself
            from annotator.cli.main import main

            answers.write(f"{main(request['args'])}\n")
            answers.flush()
            continue
        child = os.fork()
        if child == 0:
            code = 1
            try:
                code = _run_killed(
                    request["kind"],
                    request["n"],
                    Path(request["root"]),
                    request["args"],
                    request["no_exchange"],
                )
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(child, 0)
        answers.write(f"{os.waitstatus_to_exitcode(status)}\n")
        answers.flush()


class KillServer:
    """A subprocess that runs ``annotator`` commands under ``Faults(kill=True)``, each in
    its own forked child (POSIX only)."""

    def __init__(self, cwd: Path, log: Path | None = None) -> None:
        """``cwd``: the checkout; ``log``: where the commands' output goes (else nowhere)."""
        env = {**os.environ, "PYTHONPATH": str(cwd)}
        with open(log or os.devnull, "w") as output:  # the child keeps its own descriptor
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.faults", "--serve"],
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=output,
                text=True,
            )

    def run(
        self, kind: str | None, n: int, root: Path, args: list[str], no_exchange: bool = False
    ) -> int:
        """The exit code of ``annotator ARGS`` killed at the ``n``-th ``kind`` operation
        under ``root`` (``-signal.SIGKILL``), or its own if it never got there. ``kind``
        None runs it in the server itself, without faults, to warm it up for the forks (it
        must close everything it opens, as every command does)."""
        request = {"kind": kind, "n": n, "root": str(root), "args": args}
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({**request, "no_exchange": no_exchange}) + "\n")
        self._process.stdin.flush()
        return int(self._process.stdout.readline())

    def close(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=60)
        self._process.stdout.close()


def _main(argv: list[str]) -> int:
    """``python -m tests.faults KIND N ROOT [--no-exchange] -- ARGS...`` or ``--serve``."""
    if argv == ["--serve"]:
        _serve()
        return 0
    separator = argv.index("--")
    kind, n, root, *flags = argv[:separator]
    no_exchange = "--no-exchange" in flags
    return _run_killed(kind, int(n), Path(root), argv[separator + 1 :], no_exchange)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
