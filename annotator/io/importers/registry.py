"""The importer registry: formats by name, and choosing a format per file.

An importer streams a file's documents one at a time (``Importer.stream``); the import run
(``run.py``) checks each and hands it to the store, so memory grows with the largest record,
not with the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import ImportReport, NewDocument
from annotator.errors import UserError
from annotator.io.importers.checks import check_document
from annotator.io.importers.common import Notes, read_head

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.core.suggest.base import LearnedPattern


@dataclass(frozen=True)
class ReadResult:
    """What an importer read from one file: documents, and notes worth telling the user
    (for example a span re-anchored on its quote)."""

    documents: list[NewDocument]
    notes: list[str] = field(default_factory=list)


Stream = Callable[[Path, "LabelSchema", Notes], Iterable[NewDocument]]
Sniffer = Callable[[Path, bytes], bool]
Progress = Callable[[int, int, Path], Any]


@dataclass(frozen=True)
class Importer:
    """One input format. ``stream`` yields a file's documents one at a time without touching
    any database (notes for the user go to its ``Notes``) and raises
    ``UserError("<path>: <place>: <problem>")`` on any problem. Records of the same text
    (one per annotator) are yielded one by one; the store joins them."""

    name: str
    extensions: tuple[str, ...]  # lowercase, with the dot; may be compound (".annotations.jsonl")
    description: str
    stream: Stream
    sniff: Sniffer | None = None  # content detection, tried before extensions
    # Other files that ``stream`` reads along with the given one (brat: the .ann's .txt). When
    # both are collected, the companion is not also imported on its own.
    companions: Callable[[Path], tuple[Path, ...]] | None = None
    # False when the extensions are shared with a more general format (a Label Studio export
    # is a .json file): they then only pick the files of a folder imported with --format,
    # and otherwise the format is recognised by ``sniff`` alone.
    extension_detects: bool = True
    # What a file shares besides documents: the learned suggestion patterns of its header
    # (native files), merged into the store with the file's documents.
    patterns: Callable[[Path, LabelSchema, Notes], list[LearnedPattern]] | None = None

    def extension_match(self, path: Path) -> int:
        """Length of the longest of our extensions that ends the file name (0: none)."""
        name = path.name.lower()
        return max((len(ext) for ext in self.extensions if name.endswith(ext)), default=0)

    def documents(self, path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
        """``stream`` with every document checked (``checks.check_document``); a file that
        yields none is a ``UserError``."""
        count = 0
        for doc in self.stream(path, schema, notes):
            count += 1
            yield check_document(doc)
        if not count:
            raise UserError(f"{path}: no documents in the file")

    def read(self, path: Path, schema: LabelSchema) -> ReadResult:
        """The whole file at once, records of one text joined into one document with their
        annotation sets (for tests and tools; imports use ``documents``)."""
        notes = Notes()
        joined: dict[str, NewDocument] = {}
        for doc in self.documents(path, schema, notes):
            first = joined.setdefault(doc.text_sha256, doc)
            if first is not doc:
                sets = (*first.annotations, *doc.annotations)
                joined[doc.text_sha256] = replace(first, annotations=sets)
        return ReadResult(list(joined.values()), notes.lines())


class ImportCancelled(UserError):
    """The progress callback asked to stop; nothing of the run was stored."""

    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.report = report if report is not None else ImportReport()


class ReadErrors(UserError):
    """Problems in one or more files; ``errors`` has one line per bad file."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add an importer under its name (a second one with the same name is a bug)."""
    if importer.name in _IMPORTERS:
        raise ValueError(f"importer {importer.name!r} registered twice")
    _IMPORTERS[importer.name] = importer
    return importer


def names() -> list[str]:
    """Registered format names, sorted."""
    return sorted(_IMPORTERS)


def get(name: str) -> Importer:
    """The importer for a format name, or ``UserError`` listing the known ones."""
    try:
        return _IMPORTERS[name]
    except KeyError:
        raise UserError(f"unknown import format {name!r} (known: {', '.join(names())})") from None


def supported_extensions() -> list[str]:
    return sorted({ext for importer in _IMPORTERS.values() for ext in importer.extensions})


def _sniffed(path: Path) -> Importer | None:
    # Only formats whose extensions end like the file's look inside it (a .jsonl may be
    # native): a folder of .txt files is then read once, not twice.
    suffix = path.suffix.lower()
    sniffers = [
        imp
        for imp in _IMPORTERS.values()
        if imp.sniff is not None and any(ext.endswith(suffix) for ext in imp.extensions)
    ]
    if not sniffers:
        return None
    head = read_head(path)
    for importer in sorted(sniffers, key=lambda imp: imp.name):
        assert importer.sniff is not None
        if importer.sniff(path, head):
            return importer
    return None


def _by_extension(path: Path) -> Importer | None:
    # The longest match wins, so "x.annotations.jsonl" is native rather than plain jsonl.
    name = path.name.lower()
    best: Importer | None = None
    best_length = 0
    for importer in _IMPORTERS.values():
        if not importer.extension_detects:
            continue
        for extension in importer.extensions:
            if len(extension) > best_length and name.endswith(extension):
                best, best_length = importer, len(extension)
    return best


def detect_or_none(path: Path) -> Importer | None:
    return _sniffed(path) or _by_extension(path)


def detect(path: Path) -> Importer:
    """The importer for a file: by content first (a native header), then by extension."""
    importer = detect_or_none(path)
    if importer is None:
        raise UserError(
            f"{path}: unknown file type (supported: {', '.join(supported_extensions())})"
        )
    return importer
