"""The importer registry: formats by name, choosing a format per file, and whole-run imports.

An import run has two phases. First every file is parsed (no database access), and the
problems of all files are collected, so a user sees every bad file at once. Only if there are
none (or the caller chose to skip bad files) is each file handed to the store, which adds it in
one transaction: each file is all-or-nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import ImportReport, NewDocument
from annotator.errors import UserError
from annotator.io.importers.common import read_head

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.store import Store


@dataclass(frozen=True)
class ReadResult:
    """What an importer read from one file: documents, and notes worth telling the user
    (for example a span re-anchored on its quote)."""

    documents: list[NewDocument]
    notes: list[str] = field(default_factory=list)


Reader = Callable[[Path, "LabelSchema"], ReadResult]
Sniffer = Callable[[Path, bytes], bool]
Progress = Callable[[int, int, Path], Any]


@dataclass(frozen=True)
class Importer:
    """One input format. ``read`` parses a whole file without touching any database and
    raises ``UserError("<path>: <place>: <problem>")`` on any problem."""

    name: str
    extensions: tuple[str, ...]  # lowercase, with the dot; may be compound (".annotations.jsonl")
    description: str
    read: Reader
    sniff: Sniffer | None = None  # content detection, tried before extensions
    # Other files that ``read`` reads along with the given one (brat: the .ann's .txt). When
    # both are collected, the companion is not also imported on its own.
    companions: Callable[[Path], tuple[Path, ...]] | None = None
    # False when the extensions are shared with a more general format (a Label Studio export
    # is a .json file): they then only pick the files of a folder imported with --format,
    # and otherwise the format is recognised by ``sniff`` alone.
    extension_detects: bool = True

    def extension_match(self, path: Path) -> int:
        """Length of the longest of our extensions that ends the file name (0: none)."""
        name = path.name.lower()
        return max((len(ext) for ext in self.extensions if name.endswith(ext)), default=0)


class ImportCancelled(UserError):
    """The progress callback asked to stop. Batches already stored stay stored (each batch
    of files is one transaction); ``report`` counts them."""

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


def _detect_or_none(path: Path) -> Importer | None:
    return _sniffed(path) or _by_extension(path)


def detect(path: Path) -> Importer:
    """The importer for a file: by content first (a native header), then by extension."""
    importer = _detect_or_none(path)
    if importer is None:
        raise UserError(
            f"{path}: unknown file type (supported: {', '.join(supported_extensions())})"
        )
    return importer


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in name order, skipping hidden entries and symlinked folders
    (which could loop). ``os.scandir`` knows each entry's type without a stat per file."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        raise UserError(f"{folder}: cannot list the folder ({exc.strerror or exc})") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _is_export_report(path: Path) -> bool:
    """An exporter's report (``out.jsonl.report.txt`` beside ``out.jsonl``, or ``REPORT.txt``
    in an export folder): what an export says about itself, not an article to import."""
    if path.name == "REPORT.txt":
        return (path.parent / ".annotator-export").is_file()
    name = path.name
    return name.endswith(".report.txt") and (path.parent / name[: -len(".report.txt")]).is_file()


def _folder_match(path: Path, forced: Importer | None) -> Importer | None:
    if forced is None:
        return _detect_or_none(path)
    if forced.extension_match(path):
        return forced
    if forced.sniff is not None and forced.sniff(path, read_head(path)):
        return forced
    return None


def collect_files(paths: Sequence[Path], format: str | None = None) -> list[tuple[Path, Importer]]:
    """The files to import and their importers, in a deterministic order.

    Folders are expanded recursively (sorted by name), skipping hidden files and folders,
    export reports, and files no importer handles (with ``format``, files that format does
    not handle). A file
    named explicitly must be importable: an unknown extension is an error, unless ``format``
    says how to read it. A file reached twice is imported once.
    """
    forced = get(format) if format is not None else None
    found: list[tuple[Path, Importer]] = []
    seen: set[Path] = set()

    def add(path: Path, importer: Importer, *, walked: bool = False) -> None:
        # Files found in a folder walk are keyed by their absolute path (no system call);
        # named files are resolved, so "a.txt" and "./x/../a.txt" count once.
        key = Path(os.path.abspath(path)) if walked else path.resolve()
        if key not in seen:
            seen.add(key)
            found.append((path, importer))

    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                if _is_export_report(file):
                    continue
                importer = _folder_match(file, forced)
                if importer is not None:
                    add(file, importer, walked=True)
        elif path.is_file():
            add(path, forced or detect(path))
        elif path.exists():
            raise UserError(f"{path}: not a regular file or folder")
        else:
            raise UserError(f"{path}: no such file or folder")
    claimed = {
        companion.resolve()
        for path, importer in found
        if importer.companions is not None
        for companion in importer.companions(path)
    }
    if claimed:
        found = [(path, importer) for path, importer in found if path.resolve() not in claimed]
    if not found:
        where = ", ".join(str(p) for p in paths) or "(no paths given)"
        raise UserError(
            f"{where}: no files to import (supported: {', '.join(supported_extensions())})"
        )
    return found


def _cancel_if_asked(progress: Progress | None, done: int, total: int, path: Path) -> bool:
    # None (a callback that returns nothing) means "go on"; only a false value cancels.
    if progress is None:
        return False
    answer = progress(done, total, path)
    return answer is not None and not answer


def _read_each(
    files: Sequence[tuple[Path, Importer]],
    schema: LabelSchema,
    progress: Progress | None,
    total: int,
) -> tuple[list[tuple[Path, ReadResult]], list[str]]:
    results: list[tuple[Path, ReadResult]] = []
    errors: list[str] = []
    for done, (path, importer) in enumerate(files, start=1):
        try:
            results.append((path, importer.read(path, schema)))
        except UserError as exc:
            errors.append(str(exc))
        if _cancel_if_asked(progress, done, total, path):
            raise ImportCancelled(f"import cancelled while reading {path}; nothing was stored")
    return results, errors


def _check_doc_ids(
    results: list[tuple[Path, ReadResult]], stored: dict[str, str]
) -> tuple[list[tuple[Path, ReadResult]], list[str]]:
    """Drop files that would give a doc_id to two different texts, across files or against
    the store (``stored``: doc_id -> text_sha256), so the whole run fails before writing."""
    stored_shas = set(stored.values())
    owner: dict[str, tuple[str, str]] = {}  # doc_id -> (sha, source) of this run's files
    kept: list[tuple[Path, ReadResult]] = []
    errors: list[str] = []
    for path, result in results:
        problem = None
        for doc in result.documents:
            if doc.text_sha256 in stored_shas:
                continue  # the store will skip it
            if stored.get(doc.doc_id, doc.text_sha256) != doc.text_sha256:
                problem = f"{doc.source}: doc_id {doc.doc_id!r} is already used by a stored "
                problem += "document with a different text"
                break
            previous = owner.get(doc.doc_id)
            if previous is not None and previous[0] != doc.text_sha256:
                problem = f"{doc.source}: doc_id {doc.doc_id!r} is also used by {previous[1]} "
                problem += "for a different text"
                break
        if problem is not None:
            errors.append(problem)
            continue
        for doc in result.documents:
            owner.setdefault(doc.doc_id, (doc.text_sha256, doc.source))
        kept.append((path, result))
    return kept, errors


def _name_unnamed(result: ReadResult, actor: str) -> ReadResult:
    """Give annotation sets whose file named no annotator (annotator "") the actor's name."""
    if not any(not work.annotator for doc in result.documents for work in doc.annotations):
        return result
    documents = [
        replace(
            doc,
            annotations=tuple(
                work if work.annotator else replace(work, annotator=actor)
                for work in doc.annotations
            ),
        )
        for doc in result.documents
    ]
    return ReadResult(documents, result.notes)


def read_all(
    paths: Sequence[Path],
    schema: LabelSchema,
    format: str | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, ReadResult]]:
    """Parse every file (nothing is stored). Raises ``ReadErrors`` (a ``UserError`` with one
    line per bad file) if any file is bad, ``ImportCancelled`` if ``progress`` returns a
    false value. ``progress(done, total, path)`` is called after each file."""
    files = collect_files(paths, format)
    results, errors = _read_each(files, schema, progress, len(files))
    results, clashes = _check_doc_ids(results, {})
    errors.extend(clashes)
    if errors:
        raise ReadErrors(errors)
    return results


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    actor: str,
    format: str | None = None,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportReport, list[str]]:
    """Read and check every file, then add them to the store in batches, one transaction
    each (see ``BATCH_FILES``); a file is never split between batches.

    Without ``skip_bad``, one bad file stops the run before anything is written
    (``ReadErrors``). With it, bad files are left out and their error lines returned.
    ``progress(done, total, path)`` counts each file when read and each batch when stored,
    with ``total`` twice the number of files; returning a false value raises
    ``ImportCancelled``, and the batches stored before it stay stored (its ``report`` counts
    them). A store error while writing (rare: the checks above catch clashing doc_ids) stops
    the run the same way.
    """
    files = collect_files(paths, format)
    total = 2 * len(files)
    results, errors = _read_each(files, store.schema, progress, total)
    results = [(path, _name_unnamed(result, actor)) for path, result in results]
    stored = {info.doc_id: info.text_sha256 for info in store.list_documents()}
    results, clashes = _check_doc_ids(results, stored)
    errors.extend(clashes)
    if errors and not skip_bad:
        raise ReadErrors(errors)
    report = ImportReport()
    done = len(files)
    for batch in _batches(results):
        try:
            part = store.import_files(
                [(str(path), result.documents) for path, result in batch], actor=actor
            )
        except UserError as exc:
            if not skip_bad:
                raise UserError(
                    f"{exc} (nothing from these files was stored; {report.files} earlier "
                    "files were)"
                ) from exc
            part = _one_by_one(store, batch, actor, errors)
        part.notes[:0] = [note for _, result in batch for note in result.notes]
        report.merge(part)
        done += len(batch)
        path = batch[-1][0]
        if _cancel_if_asked(progress, done, total, path) and done < len(files) + len(results):
            raise ImportCancelled(
                f"import cancelled after storing {report.files} of {len(results)} files; "
                "the files stored so far stay",
                report,
            )
    return report, errors


# Files are written in batches, one transaction each: a folder of 10,000 short articles then
# costs a few fsyncs instead of 10,000. Every file was checked before, so a batch fails only
# on a rare store error, and then nothing of it is kept.
BATCH_FILES = 2000
BATCH_CHARACTERS = 50_000_000


def _batches(
    results: list[tuple[Path, ReadResult]],
) -> Iterator[list[tuple[Path, ReadResult]]]:
    batch: list[tuple[Path, ReadResult]] = []
    size = 0
    for item in results:
        batch.append(item)
        size += sum(len(doc.text) for doc in item[1].documents)
        if len(batch) >= BATCH_FILES or size >= BATCH_CHARACTERS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _one_by_one(
    store: Store, batch: list[tuple[Path, ReadResult]], actor: str, errors: list[str]
) -> ImportReport:
    """With --skip-bad, retry a failed batch file by file, keeping the good ones."""
    report = ImportReport()
    for path, result in batch:
        try:
            report.merge(store.import_files([(str(path), result.documents)], actor=actor))
        except UserError as exc:
            errors.append(str(exc))
    return report
