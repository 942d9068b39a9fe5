"""Output paths that never clobber what a command reads.

Every command that writes a file or folder (exports, ``merge -o``, ``stats --plots``, the
export dialog) checks its output here first. An output is refused when it is, or (for a
folder output, or any output replacing a folder) holds, a protected path: the database with
its ``-wal``/``-shm``/``-journal`` files, or an input of the same command. An existing file
that is an SQLite database is refused as well, whatever its name.

Paths are compared by what they are, never as strings: resolved (symlinks and ``..``
followed), by same-file identity (``st_dev``/``st_ino``: hard links, bind mounts, other
spellings), and without regard to case in a folder that ignores case.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import UserError

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Protected:
    """A path an output must not replace or hold; ``role`` names it in messages."""

    path: Path
    role: str


def database_files(db: Path | None) -> list[Protected]:
    """The database and the files SQLite keeps beside it (none for a database on a server,
    ``None``)."""
    if db is None:
        return []
    files = [Protected(db, "the database")]
    files += [
        Protected(Path(f"{db}{side}"), "a file of the database") for side in SQLITE_SIDE_FILES
    ]
    return files


def input_files(paths: Iterable[Path]) -> list[Protected]:
    return [Protected(Path(path), "an input of this command") for path in paths]


def output_path(path: Path) -> Path:
    """Where writing ``path`` goes: absolute, every symlink and ``..`` followed. A symlink
    is written through, never replaced (``/dev/stdout`` stays a link), and a symlink loop
    is left as it is, for the write to fail on."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _through_proc(path: Path) -> bool:
    """Whether ``path`` is, or links through, a /proc "magic link" (``/dev/stdout`` links
    to ``/proc/self/fd/1``): it names an open descriptor, not a file to write beside."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        if current == "/proc" or current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _ignores_case(folder: Path, probe: str) -> bool:
    """Whether ``folder`` ignores case, tested with an entry ``probe`` that exists in it."""
    swapped = probe.swapcase()
    if swapped == probe:
        return False
    here, there = _identity(folder / probe), _identity(folder / swapped)
    return here is not None and here == there


def _same_file(output: Path, protected: Path, probe: Path | None) -> bool:
    """Whether writing ``output`` would write ``protected`` (which need not exist yet: a
    WAL file appears when SQLite needs one). ``probe`` is an existing file beside
    ``protected``, used to learn whether its folder ignores case."""
    if _real(output) == _real(protected):
        return True
    mine, theirs = _identity(output), _identity(protected)
    if mine is not None and mine == theirs:
        return True
    real_out, real_protected = _real(output), _real(protected)
    if real_out.name.casefold() != real_protected.name.casefold():
        return False
    folder_id = _identity(real_out.parent)
    if folder_id is None or folder_id != _identity(real_protected.parent):
        return False
    return _ignores_case(real_protected.parent, (probe or protected).name)


def _holds(folder: Path, protected: Path) -> bool:
    """Whether ``protected`` lies anywhere inside ``folder`` (by path or by identity)."""
    real_folder, real_protected = _real(folder), _real(protected)
    if real_folder in real_protected.parents:
        return True
    folder_id = _identity(folder)
    if folder_id is None:
        return False
    ancestors = [*Path(os.path.abspath(protected)).parents, *real_protected.parents]
    return any(_identity(ancestor) == folder_id for ancestor in ancestors)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_output(path: Path, protected: Sequence[Protected], *, folder: bool = False) -> None:
    """Raise ``UserError`` (one line) if writing ``path`` could replace or remove a protected
    path. ``folder``: the output is a folder, replaced whole (or, for plots, written into).
    A file output that already is a folder is checked like a folder output too."""
    if _through_proc(Path(path).expanduser()):
        raise UserError(
            f"{path}: refused: this names an open descriptor (such as /dev/stdout), not a "
            "file; give a file name"
        )
    given, path = path, output_path(path)
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass  # a new output
    except OSError as exc:  # a name too long, a symlink loop, a folder we may not enter
        raise UserError(f"{given}: cannot write there: {exc.strerror or exc}") from None
    as_folder = folder or path.is_dir()
    probes = {p.path.parent: p.path for p in protected if p.path.exists()}
    for item in protected:
        if _same_file(path, item.path, probes.get(item.path.parent)):
            raise UserError(
                f"{given}: refused: this is {item.role} ({item.path}); choose another output"
            )
        if as_folder and _holds(path, item.path):
            raise UserError(
                f"{given}: refused: this folder holds {item.role} ({item.path}); "
                "choose another output"
            )
    if not folder and path.is_file() and _is_sqlite(path):
        raise UserError(f"{given}: refused: this file is an SQLite database; choose another output")
    if path.exists() and not (path.is_file() or path.is_dir()):
        # Replacing /dev/null or /dev/stdout by rename would replace the device itself.
        raise UserError(
            f"{given}: refused: not a regular file (a device, pipe or socket); give a file name"
        )
