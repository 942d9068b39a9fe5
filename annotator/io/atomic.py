"""Files and folders that appear whole or not at all, through failures, kills and power cuts.

Everything is first written under a hidden temporary name beside its target
(``.<name>.~annotator-<pid>-<hex>.tmp``) and flushed to disk (fsync of every file and
folder); only then is it put in place by rename, and the folder is fsynced again:

* one file: ``os.replace``;
* a folder: swapped with the old one in one atomic exchange (Linux ``renameat2``); where the
  file system cannot exchange, through a commit journal;
* several files side by side (an export with its report, splits): through a commit journal,
  ``.<name>.~annotator-<pid>-<hex>.commit``, that lists every rename and is on disk before the
  first one.

A kill can leave hidden temporary names behind, and (in the journal cases) a half-done set of
renames. The next write into the same folder first finishes every journal that a dead
process left (each file it lists was whole before the journal was written) and then removes
that process's temporary names, so old and new outputs never stay mixed and nothing hidden
survives. ``OSError`` becomes a one-line ``UserError`` saying whether anything changed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.errors import BugError, UserError
from annotator.io.outputs import Protected, check_output, output_path

_TAG = "~annotator-"
_LEFTOVER = re.compile(r"\A\..*" + re.escape(_TAG) + r"(\d+)-[0-9a-f]+\.(tmp|old|commit)\Z", re.S)
_SHORT_NAME_BYTES = 96  # the target's name in a temporary name: the whole must fit 255 bytes
_SYNCFS_FROM = 64  # from this many files, one syncfs() is far cheaper than an fsync each
_active: set[str] = set()  # temporary names this process is using right now

# ---- names and leftovers ------------------------------------------------------------------


def _short(name: str) -> str:
    while len(name.encode("utf-8", "surrogateescape")) > _SHORT_NAME_BYTES:
        name = name[:-1]
    return name


def temporary_name(target: Path, kind: str = "tmp") -> Path:
    """A fresh hidden name beside ``target`` that ``clean_leftovers`` recognises."""
    token = secrets.token_hex(4)
    return target.parent / f".{_short(target.name)}.{_TAG}{os.getpid()}-{token}.{kind}"


def _old_name(temporary: Path) -> Path:
    """Where a folder swap without exchange puts the old folder: derived from the temporary
    name, so that a run finishing a dead one's journal uses (and removes) the same name."""
    return temporary.with_name(temporary.name[: -len(".tmp")] + ".old")


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill(pid, 0) would interrupt it there; leave its names alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # e.g. another user's process
    return True


def _stale(path: Path, pid: int) -> bool:
    if pid == os.getpid():
        return str(path) not in _active
    return not _alive(pid)


def _remove(path: Path) -> None:
    """Remove a file, symlink or folder tree; best effort (``clean_leftovers`` retries)."""
    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def clean_leftovers(folder: Path) -> None:
    """Finish the commit journals and remove the temporary names that dead runs left in
    ``folder``. Names of live processes (another export running now) are left alone."""
    try:
        entries = [(Path(e.path), _LEFTOVER.match(e.name)) for e in os.scandir(folder)]
    except OSError:
        return
    stale = [(path, m.group(2)) for path, m in entries if m and _stale(path, int(m.group(1)))]
    keep: set[Path] = set()
    for path, kind in stale:
        if kind == "commit":
            keep |= _finish_journal(path)
    for path, kind in stale:
        if kind != "commit" and path not in keep:
            _remove(path)


# ---- flushing to disk ---------------------------------------------------------------------


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (new names, renames) durable."""
    if os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS journals its metadata
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # file systems without it
            raise
    finally:
        os.close(descriptor)


def fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_filesystem(folder: Path) -> bool:
    """Flush the whole file system holding ``folder`` (Linux ``syncfs``, which reports
    write-back errors); False where there is no such call."""
    function = getattr(_libc(), "syncfs", None) if sys.platform.startswith("linux") else None
    if function is None:
        return False
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if function(descriptor) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(descriptor)
    return True


def fsync_tree(root: Path) -> None:
    """Every file and folder under ``root`` (``root`` included) on disk."""
    files: list[Path] = []
    folders: list[Path] = []
    for here, _dirs, names in os.walk(root):
        folders.append(Path(here))
        files += [Path(here) / name for name in names]
    if len(files) >= _SYNCFS_FROM and sync_filesystem(root):
        return
    for path in files:
        fsync_file(path)
    for path in reversed(folders):
        fsync_folder(path)


# ---- renames ------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing names in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).
    False if the system or file system cannot; other failures raise ``OSError``."""
    function = getattr(_libc(), "renameat2", None) if sys.platform.startswith("linux") else None
    if function is None:
        return False
    result = function(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _roll_forward(moves: Sequence[tuple[Path, Path]]) -> None:
    """Put every temporary that is still there in place; a folder's old version is first
    moved aside (to a name ``clean_leftovers`` removes). Safe to repeat after a failure."""
    for temporary, target in moves:
        if not os.path.lexists(temporary):
            continue  # done already
        if temporary.is_dir() and target.is_dir() and not target.is_symlink():
            os.replace(target, _old_name(temporary))
        os.replace(temporary, target)


def _write_journal(folder: Path, moves: Sequence[tuple[Path, Path]]) -> Path:
    """The commit journal, on disk (renamed into place whole) before any move is made."""
    journal = temporary_name(moves[0][1], "commit")
    scratch = journal.with_name(journal.name[: -len(".commit")] + ".tmp")
    listed = [[os.path.relpath(a, folder), os.path.relpath(b, folder)] for a, b in moves]
    _active.update({str(journal), str(scratch)})
    try:
        with open(scratch, "x", encoding="utf-8") as handle:
            json.dump({"moves": listed}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, journal)
        fsync_folder(folder)
    except BaseException:
        _remove(scratch)
        _remove(journal)
        raise
    finally:
        _active.discard(str(scratch))
    return journal


def _finish_journal(journal: Path) -> set[Path]:
    """Finish a dead run's journal; returns the paths to keep if it cannot be finished."""
    folder = journal.parent
    try:
        listed = json.loads(journal.read_text(encoding="utf-8"))["moves"]
        moves = [(folder / a, folder / b) for a, b in listed]
    except (OSError, ValueError, KeyError, TypeError):
        _remove(journal)  # never written whole (it is renamed into place), so never acted on
        return set()
    try:
        _roll_forward(moves)
        fsync_folder(folder)
    except OSError:  # keep what it lists (the top names in the folder) to try again next time
        return {folder / Path(os.path.relpath(p, folder)).parts[0] for m in moves for p in m}
    _remove(journal)
    for temporary, _target in moves:
        _remove(_old_name(temporary))
    return set()


# ---- errors -------------------------------------------------------------------------------


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def not_written(target: Path, exc: OSError) -> UserError:
    return UserError(f"{target}: cannot write: {_why(exc)}; nothing was written")


def _not_durable(target: Path, exc: OSError) -> UserError:
    return UserError(
        f"{target}: written, but the disk reported an error ({_why(exc)}); check the disk "
        "and write it again"
    )


# ---- publishing ---------------------------------------------------------------------------


def publish_files(moves: Sequence[tuple[Path, Path]], folder: Path, name: Path) -> None:
    """Rename whole, fsynced temporaries (in ``folder`` or below) to their targets (in
    ``folder``); ``name`` names the output in messages. On failure nothing was renamed, or
    everything was (a rename that fails half-way is finished at once, else by the next run)."""
    journal: Path | None = None
    try:
        if len(moves) > 1 or moves[0][0].is_dir():  # a folder cannot replace a folder by rename
            journal = _write_journal(folder, moves)
        else:
            os.replace(*moves[0])
    except OSError as exc:
        for temporary, _target in moves:
            _remove(temporary)
        raise not_written(name, exc) from None
    try:
        if journal is not None:
            _roll_forward(moves)
        fsync_folder(folder)
    except OSError as exc:
        if journal is not None:
            _finish_or_keep(journal, name)
        raise _not_durable(name, exc) from None
    if journal is not None:
        _remove(journal)
        _active.discard(str(journal))
        for temporary, _target in moves:
            _remove(_old_name(temporary))


def _finish_or_keep(journal: Path, name: Path) -> None:
    """After a failed rename: finish the journal now, or leave it for the next run."""
    _active.discard(str(journal))
    if _finish_journal(journal):
        raise UserError(
            f"{name}: cannot finish writing; the next write into {journal.parent} finishes it"
        )


@dataclass(frozen=True)
class _Pending:
    handle: IO[str]
    temporary: Path
    target: Path  # resolved: where the rename goes
    given: Path  # as the caller named it: for messages and ``targets``


class AtomicFiles:
    """Text files written under temporary names beside their targets (all in one folder),
    put in place together when the ``with`` block ends without an error, all removed if it
    fails. Every target is checked against ``protect`` before it is opened."""

    def __init__(self, protect: Sequence[Protected] = ()) -> None:
        self._protect = protect
        self._open: list[_Pending] = []

    def open(self, path: Path, *, newline: str = "\n", encoding: str = "utf-8") -> IO[str]:
        target = output_path(path)
        if not target.parent.is_dir():
            raise UserError(f"{path}: folder {target.parent} does not exist")
        if target.is_dir():
            raise UserError(f"{path}: is a folder (give a file name)")
        check_output(path, self._protect)
        if not self._open:
            clean_leftovers(target.parent)
        elif target.parent != self._open[0].target.parent:
            raise BugError(f"{path}: outside {self._open[0].target.parent}, where the others go")
        temporary = temporary_name(target)
        _active.add(str(temporary))
        try:
            handle = open(temporary, "x", encoding=encoding, newline=newline)  # noqa: SIM115
        except OSError as exc:
            _active.discard(str(temporary))
            self._discard()
            raise not_written(path, exc) from None
        self._open.append(_Pending(handle, temporary, target, Path(path)))
        return handle

    @property
    def targets(self) -> list[Path]:
        return [pending.given for pending in self._open]

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> None:
        if kind is None and self._open:
            name = self._open[0].given
            try:
                for pending in self._open:
                    pending.handle.flush()
                    os.fsync(pending.handle.fileno())  # on disk before a rename shows it
                    pending.handle.close()
            except OSError as exc:
                self._discard()
                raise not_written(name, exc) from None
            moves = [(pending.temporary, pending.target) for pending in self._open]
            try:
                publish_files(moves, moves[0][1].parent, name)
            finally:
                self._forget()
            return
        self._discard()
        if isinstance(error, OSError) and self._open:
            raise not_written(self._open[0].given, error) from None

    def _discard(self) -> None:
        for pending in self._open:
            with contextlib.suppress(OSError):  # its data is being thrown away
                pending.handle.close()
            _remove(pending.temporary)
        self._forget()

    def _forget(self) -> None:
        for pending in self._open:
            _active.discard(str(pending.temporary))


@contextlib.contextmanager
def atomic_text_file(path: Path, protect: Sequence[Protected] = ()) -> Iterator[IO[str]]:
    """One text file written whole or not at all (see ``AtomicFiles``)."""
    with AtomicFiles(protect) as files:
        yield files.open(path)


@contextlib.contextmanager
def new_folder(path: Path) -> Iterator[Path]:
    """A temporary folder beside ``path`` that replaces ``path`` (if any) whole when the
    block succeeds. The caller decides whether ``path`` may be replaced."""
    target = output_path(path)
    clean_leftovers(target.parent)
    temporary = temporary_name(target)
    _active.add(str(temporary))
    try:
        with _staging(temporary, path):
            yield temporary
        _swap_in(temporary, target, path)
    finally:
        _remove(temporary)  # the old output after an exchange, or a failed new one
        _remove(_old_name(temporary))
        _active.discard(str(temporary))


@contextlib.contextmanager
def _staging(folder: Path, name: Path) -> Iterator[None]:
    """Make the staging ``folder``, let the caller fill it, then flush it to disk; any OSError
    on the way means ``name`` was not written."""
    try:
        os.mkdir(folder)
    except OSError as exc:
        raise not_written(name, exc) from None
    try:
        yield
        fsync_tree(folder)
    except OSError as exc:
        raise not_written(name, exc) from None


def _swap_in(temporary: Path, target: Path, name: Path) -> None:
    try:
        swapped = os.path.lexists(target) and exchange(temporary, target)
    except OSError as exc:
        raise not_written(name, exc) from None
    if swapped or not os.path.lexists(target):
        if not swapped:
            try:
                os.rename(temporary, target)
            except OSError as exc:
                raise not_written(name, exc) from None
        try:
            fsync_folder(target.parent)
        except OSError as exc:
            raise _not_durable(name, exc) from None
        return
    publish_files([(temporary, target)], target.parent, name)  # no exchange: a journal


@contextlib.contextmanager
def new_files_in(folder: Path, protect: Sequence[Protected] = ()) -> Iterator[Path]:
    """A temporary folder inside ``folder``: each file written into it replaces the file of
    the same name in ``folder`` when the block succeeds (other files there are kept)."""
    target = output_path(folder)
    clean_leftovers(target)
    staged = temporary_name(target / "staged")
    _active.add(str(staged))
    try:
        with _staging(staged, folder):
            yield staged
        moves = [(staged / name, target / name) for name in sorted(os.listdir(staged))]
        for _staged, path in moves:
            check_output(path, protect)
            if path.is_dir():
                raise UserError(f"{path}: is a folder; nothing was written")
        if moves:
            publish_files(moves, target, folder)
    finally:
        _remove(staged)
        _active.discard(str(staged))
