"""Which files an import reads: folders walked in name order, with a format for each file.

A folder walk follows symbolic links, but refuses a link that loops or points back to a
folder being walked, one that points nowhere, and a name that is not valid UTF-8 (it could
not be stored or shown faithfully). Those are bad entries: each is one error line, which
``--skip-bad`` turns into a note while the rest imports.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import UserError
from annotator.io.importers.common import read_head
from annotator.io.importers.registry import (
    Importer,
    detect,
    detect_or_none,
    get,
    supported_extensions,
)

FileKey = tuple[int, int]  # (device, inode): one file reached by two paths counts once


def undecodable(name: str) -> bool:
    """True for a name holding bytes that are not UTF-8 (``os.fsdecode`` escapes them)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_name(path: Path, what: str) -> str:
    return f"{path}: the {what} name is not valid UTF-8; rename it to import it"


class _Walk:
    """Collects the files under the named paths, and the bad entries met on the way."""

    def __init__(self, forced: Importer | None) -> None:
        self.forced = forced
        self.found: list[tuple[Path, Importer]] = []
        self.errors: list[str] = []
        self.seen: set[FileKey] = set()

    def add(self, path: Path, importer: Importer, key: FileKey) -> None:
        if key not in self.seen:
            self.seen.add(key)
            self.found.append((path, importer))

    def folder(self, folder: Path, ancestors: tuple[FileKey, ...]) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            device = folder.stat().st_dev
        except OSError as exc:
            self.errors.append(f"{folder}: cannot list the folder ({exc.strerror or exc})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    info = os.stat(entry.path)  # follows the link; loops and dangling raise
                    key, mode = (info.st_dev, info.st_ino), info.st_mode
                else:  # the type comes with the listing: no system call per file
                    is_dir = entry.is_dir(follow_symlinks=False)
                    mode = stat.S_IFDIR if is_dir else stat.S_IFREG if entry.is_file() else 0
                    key = (device, entry.inode())
            except OSError as exc:
                self.errors.append(
                    f"{path}: cannot follow the symbolic link ({exc.strerror or exc})"
                )
                continue
            if stat.S_ISDIR(mode):
                if key in ancestors:
                    self.errors.append(
                        f"{path}: a symbolic link to a folder that contains it (a loop); "
                        "not followed"
                    )
                elif undecodable(entry.name):
                    self.errors.append(_bad_name(path, "folder"))
                else:
                    self.folder(path, (*ancestors, key))
            elif stat.S_ISREG(mode):
                self.file(path, key)
            # Sockets, pipes and devices are never articles; reading a pipe could block.

    def file(self, path: Path, key: FileKey) -> None:
        if _is_export_report(path):
            return
        try:
            importer = _folder_match(path, self.forced)
        except UserError as exc:
            self.errors.append(str(exc))
            return
        if importer is None:
            return
        if undecodable(path.name):
            self.errors.append(_bad_name(path, "file"))
            return
        self.add(path, importer, key)


def _is_export_report(path: Path) -> bool:
    """An exporter's report (``out.jsonl.report.txt`` beside ``out.jsonl``, or ``REPORT.txt``
    in an export folder): what an export says about itself, not an article to import."""
    if path.name == "REPORT.txt":
        return (path.parent / ".annotator-export").is_file()
    name = path.name
    return name.endswith(".report.txt") and (path.parent / name[: -len(".report.txt")]).is_file()


def _folder_match(path: Path, forced: Importer | None) -> Importer | None:
    if forced is None:
        return detect_or_none(path)
    if forced.extension_match(path):
        return forced
    if forced.sniff is not None and forced.sniff(path, read_head(path)):
        return forced
    return None


def collect(
    paths: Sequence[Path], format: str | None = None
) -> tuple[list[tuple[Path, Importer]], list[str]]:
    """The files to import with their importers, in a deterministic order, and one error
    line per bad entry met (see the module docstring).

    Folders are expanded recursively (sorted by name), skipping hidden files and folders,
    export reports, and files no importer handles (with ``format``, files that format does
    not handle). A file named explicitly must be importable: an unknown extension is an
    error, unless ``format`` says how to read it. A file reached twice is imported once.
    """
    forced = get(format) if format is not None else None
    walk = _Walk(forced)
    for path in paths:
        try:
            info = path.stat()
        except OSError as exc:
            if path.is_symlink():
                walk.errors.append(
                    f"{path}: cannot follow the symbolic link ({exc.strerror or exc})"
                )
                continue
            raise UserError(f"{path}: no such file or folder") from None
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            walk.folder(path, (key,))
        elif not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path}: not a regular file or folder")
        elif undecodable(os.fspath(path)):
            walk.errors.append(_bad_name(path, "file"))
        else:
            walk.add(path, forced or detect(path), key)
    found = _without_companions(walk.found)
    if not found and not walk.errors:
        where = ", ".join(str(p) for p in paths) or "(no paths given)"
        raise UserError(
            f"{where}: no files to import (supported: {', '.join(supported_extensions())})"
        )
    return found, walk.errors


def _without_companions(found: list[tuple[Path, Importer]]) -> list[tuple[Path, Importer]]:
    """Drop files that another collected file reads along with itself (a brat .ann's .txt)."""
    claimed = {
        companion.resolve()
        for path, importer in found
        if importer.companions is not None
        for companion in importer.companions(path)
    }
    if not claimed:
        return found
    return [(path, importer) for path, importer in found if path.resolve() not in claimed]


def collect_files(paths: Sequence[Path], format: str | None = None) -> list[tuple[Path, Importer]]:
    """``collect``, with any bad entry raised as a ``UserError``."""
    found, errors = collect(paths, format)
    if errors:
        raise UserError(errors[0])
    return found
