"""The exporter registry: formats by name, shared options and atomic file writing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from annotator.core.model import Status
from annotator.errors import UserError

if TYPE_CHECKING:
    from annotator.store import Store


# (documents done, documents in all) -> a false value (not None) cancels the export.
ExportProgress = Callable[[int, int], Any]


@dataclass(frozen=True)
class ExportOptions:
    """What to export. ``statuses`` None means every status.

    ``split`` maps split names to fractions (``annotator.core.splits.parse_split_spec``);
    documents are assigned by ``seed`` (see ``annotator.core.splits``). ``progress`` is
    called as documents are written; a false return value raises ``ExportCancelled`` and
    leaves nothing behind.
    """

    annotators: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None
    labels: frozenset[str] | None = None
    split: dict[str, float] | None = None
    seed: int = 13
    progress: ExportProgress | None = field(default=None, compare=False)


@dataclass
class ExportReport:
    """What was written, and what the format could not hold.

    ``documents`` counts written records (one per document and annotator). ``lost`` has one
    readable line per kind of loss, with its count; ``losses`` has the same counts by key
    (for tests and ``--json``). ``files`` lists every file or folder written (the report
    file included), ``report_path`` the lost-information report, ``splits`` the documents
    per split.
    """

    path: Path
    documents: int = 0
    spans: int = 0
    relations: int = 0
    lost: list[str] = field(default_factory=list)
    losses: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    report_path: Path | None = None
    splits: dict[str, int] = field(default_factory=dict)


class ExportCancelled(UserError):
    """The progress callback asked to stop; nothing was written."""


Writer = Callable[["Store", Path, ExportOptions], ExportReport]


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    suffix: str
    write: Writer
    default_statuses: frozenset[Status] | None = frozenset({Status.DONE})
    folder: bool = False  # the output is a folder (ask for a folder, not a file name)


_EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    if exporter.name in _EXPORTERS:
        raise ValueError(f"exporter {exporter.name!r} registered twice")
    _EXPORTERS[exporter.name] = exporter
    return exporter


def get(name: str) -> Exporter:
    try:
        return _EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(_EXPORTERS))
        raise UserError(f"unknown export format {name!r} (known: {known})") from None


def names() -> list[str]:
    return sorted(_EXPORTERS)


@contextmanager
def atomic_text_file(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    A failure or a kill half-way leaves any earlier file at ``path`` untouched.
    """
    directory = path.parent
    if not directory.is_dir():
        raise UserError(f"{path}: folder {directory} does not exist")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place on success
        "w",
        encoding="utf-8",
        newline="\n",
        dir=directory,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
    )
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(handle.name, 0o666 & ~mask)  # a normal file, not the temp file's 0600
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
