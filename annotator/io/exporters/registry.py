"""The exporter registry: formats by name, shared options and the report."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from annotator.core.model import Status
from annotator.errors import UserError
from annotator.io.outputs import Protected, check_output, database_files, output_path

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

    Options of one format: ``label_studio_users`` maps annotators to the emails of their
    Label Studio users (others get ``NAME@annotator.invalid``); ``brat_offsets`` says how
    the brat ``.ann`` counts (``utf16``: as brat's JavaScript UI does).
    """

    annotators: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None
    labels: frozenset[str] | None = None
    split: dict[str, float] | None = None
    seed: int = 13
    progress: ExportProgress | None = field(default=None, compare=False)
    label_studio_users: Mapping[str, str] = field(default_factory=dict, compare=False)
    brat_offsets: Literal["code-points", "utf16"] = "code-points"


@dataclass
class ExportReport:
    """What was written, and what the format could not hold.

    ``documents`` counts written records (one per document and annotator). ``lost`` has one
    readable line per kind of loss, with its count; ``losses`` has the same counts by key
    (for tests and ``--json``). ``unknown`` lists, with counts, the labels, attributes and
    relation types in the exported data that the label schema does not define (written
    as they are). ``files`` lists every file or folder written (the report
    file included), ``report_path`` the lost-information report, ``splits`` the documents
    per split. ``notes`` say what to do with the output (the labeling config to create the
    project with, the users to create first...).
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
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ExportCancelled(UserError):
    """The progress callback asked to stop; nothing was written."""


Writer = Callable[["Store", Path, ExportOptions], ExportReport]
Targets = Callable[[Path, ExportOptions], list[Path]]


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    suffix: str
    write: Writer
    default_statuses: frozenset[Status] | None = frozenset({Status.DONE})
    folder: bool = False  # the output is a folder (ask for a folder, not a file name)
    targets: Targets | None = None  # every file a file format writes; None: PATH alone

    def check_outputs(
        self, path: Path, protect: Sequence[Protected], options: ExportOptions
    ) -> None:
        """Refuse (``UserError``) an export any of whose files or folder is, or holds, a
        ``protect`` path; done before any work (and again by each file as it opens)."""
        for target in self.targets(path, options) if self.targets else [path]:
            check_output(target, protect, folder=self.folder)


_EXPORTERS: dict[str, Exporter] = {}


def _guarded(exporter: Exporter) -> Writer:
    """``exporter.write`` that first refuses outputs that are, or hold, the database."""

    def guarded(store: Store, path: Path, options: ExportOptions) -> ExportReport:
        protect = database_files(store.file)
        exporter.check_outputs(path, protect, options)
        if Path(path).is_symlink():  # written through: the report etc. go beside the real file
            path = output_path(path)
            exporter.check_outputs(path, protect, options)
        return exporter.write(store, path, options)

    return guarded


def register(exporter: Exporter) -> Exporter:
    """Add ``exporter``; its ``write`` is wrapped so that no caller can skip the output
    check."""
    if exporter.name in _EXPORTERS:
        raise ValueError(f"exporter {exporter.name!r} registered twice")
    guarded = replace(exporter, write=_guarded(exporter))
    _EXPORTERS[exporter.name] = guarded
    return guarded


def get(name: str) -> Exporter:
    try:
        return _EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(_EXPORTERS))
        raise UserError(f"unknown export format {name!r} (known: {known})") from None


def names() -> list[str]:
    return sorted(_EXPORTERS)
