"""What every exporter shares: choosing what to write, splits, losses, the report file, and
outputs that appear whole or not at all.

Output layout, for every format:

* A **file format** writes ``PATH``; with ``--split`` it writes one file per split instead,
  named ``<stem>.<split><suffix>`` (``data.jsonl`` -> ``data.train.jsonl``). Its report is
  ``PATH.report.txt``.
* A **folder format** writes into the folder ``PATH`` (which must be new, empty, or an earlier
  annotator export, which is replaced whole); its report is ``PATH/REPORT.txt``.

Everything is written under temporary names beside the target and renamed into place only
when the whole export succeeded, so a failure, a cancel or a kill leaves the old output as it
was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from annotator.core.model import Document, Relation, Span, utc_now
from annotator.core.splits import assign_splits, split_sizes
from annotator.core.tokenize import TokenIndex, TokenSpan
from annotator.errors import UserError
from annotator.io.exporters.registry import ExportCancelled, ExportOptions, ExportReport

if TYPE_CHECKING:
    from annotator.store import Store
    from annotator.store.bulk import AnnotationSet

FOLDER_MARKER = ".annotator-export"
REPORT_NAME = "REPORT.txt"


@dataclass(frozen=True)
class Item:
    """One annotation set to write, its spans limited to the chosen labels (and relations to
    those whose two ends are kept), with the split its document fell in (None: no split)."""

    work: AnnotationSet
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    split: str | None

    @property
    def document(self) -> Document:
        return self.work.document

    @property
    def annotator(self) -> str | None:
        return self.work.annotator


class Losses:
    """Counts of what a format could not hold, by key, each with a sentence to report."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.sentences: dict[str, str] = {}

    def add(self, key: str, sentence: str, count: int = 1) -> None:
        """Count ``count`` more of ``key``; ``sentence`` follows the number in the report
        ("spans overlapping another span: dropped")."""
        if count <= 0:
            return
        self.counts[key] = self.counts.get(key, 0) + count
        self.sentences.setdefault(key, sentence)

    def lines(self) -> list[str]:
        return [f"{self.counts[key]} {self.sentences[key]}" for key in self.counts]


def on_tokens(
    index: TokenIndex, spans: Iterable[Span], losses: Losses
) -> Iterator[tuple[Span, TokenSpan]]:
    """Each span on whole tokens. Spans moved to token edges are counted in ``losses``;
    spans that hold no token (white space only) are counted there and left out."""
    for span in spans:
        found = index.span(span.start, span.end)
        if found is None:
            losses.add("empty_spans", "spans of whitespace only (no token to hold them): dropped")
            continue
        if (found.start, found.end) != (span.start, span.end):
            losses.add("widened", "spans whose edges were moved to token edges")
        yield span, found


def items(store: Store, options: ExportOptions, report: ExportReport) -> Iterator[Item]:
    """The annotation sets to export, filtered and split as ``options`` say, counted into
    ``report`` (records, spans, relations, documents per split) and reported to
    ``options.progress``.

    With a split, the sets are read first (the cut points depend on how many documents are
    exported); without one they stream.
    """
    sets: Iterator[AnnotationSet] | list[AnnotationSet]
    sets = store.annotation_sets(annotators=options.annotators, statuses=options.statuses)
    assignment: dict[str, str] = {}
    if options.split is not None:
        sets = list(sets)
        assignment = assign_splits(
            (work.document.text_sha256 for work in sets), options.split, options.seed
        )
        report.splits = split_sizes(assignment, options.split)
        total = len(assignment)
    else:
        total = store.document_count() if options.progress is not None else 0
    labels = options.labels
    seen_documents: set[int] = set()
    for work in sets:
        spans = work.spans
        relations = work.relations
        if labels is not None:
            spans = tuple(s for s in spans if s.label in labels)
            kept = {s.uid for s in spans}
            relations = tuple(r for r in relations if r.from_uid in kept and r.to_uid in kept)
        report.documents += 1
        report.spans += len(spans)
        report.relations += len(relations)
        split = assignment.get(work.document.text_sha256) if options.split is not None else None
        yield Item(work, spans, relations, split)
        if options.progress is not None and work.document.id not in seen_documents:
            seen_documents.add(work.document.id)
            answer = options.progress(len(seen_documents), max(total, len(seen_documents)))
            if answer is not None and not answer:
                raise ExportCancelled("export cancelled; nothing was written")


def split_file(path: Path, split: str | None, suffix: str) -> Path:
    """The file of one split: ``data.jsonl`` -> ``data.train.jsonl`` (``suffix`` may be
    compound, ``x.annotations.jsonl`` -> ``x.train.annotations.jsonl``)."""
    if split is None:
        return path
    name = path.name
    ending = suffix if suffix and name.lower().endswith(suffix.lower()) else path.suffix
    stem = name[: len(name) - len(ending)] if ending else name
    return path.with_name(f"{stem}.{split}{ending}")


def report_file(path: Path) -> Path:
    """Where a file format's report goes: ``PATH.report.txt``."""
    return path.with_name(path.name + ".report.txt")


def _selection(options: ExportOptions) -> list[str]:
    def listed(values: frozenset[str] | None) -> str:
        return ", ".join(sorted(values)) if values is not None else "all"

    statuses = (
        listed(frozenset(s.value for s in options.statuses))
        if options.statuses is not None
        else "all"
    )
    lines = [
        f"annotators: {listed(options.annotators)}",
        f"statuses: {statuses}",
        f"labels: {listed(options.labels)}",
    ]
    if options.split is not None:
        spec = ",".join(f"{name}={fraction:g}" for name, fraction in options.split.items())
        lines.append(f"split: {spec} (seed {options.seed})")
    return lines


def report_text(
    format_name: str, options: ExportOptions, report: ExportReport, notes: list[str]
) -> str:
    """The lost-information report, as written beside the output."""
    lines = [
        f"annotator export: {format_name}",
        f"written: {utc_now()}",
        f"output: {report.path}",
        *_selection(options),
        f"records (document x annotator): {report.documents}",
        f"spans: {report.spans}",
        f"relations: {report.relations}",
    ]
    lines += [f"split {name}: {count} documents" for name, count in report.splits.items()]
    lines.append("")
    if report.lost:
        lines.append(f"What {format_name} could not hold:")
        lines += [f"  - {line}" for line in report.lost]
    else:
        lines.append(f"Nothing was lost: {format_name} holds everything that was exported.")
    if notes:
        lines.append("")
        lines += notes
    return "\n".join(lines) + "\n"


def finish(
    report: ExportReport,
    losses: Losses,
    format_name: str,
    options: ExportOptions,
    report_path: Path,
    notes: list[str] | None = None,
) -> str:
    """Fill ``report.lost``, ``losses`` and ``report_path``; returns the report's text for
    the caller to write beside its output."""
    report.lost = losses.lines()
    report.losses = dict(losses.counts)
    report.report_path = report_path
    return report_text(format_name, options, report, notes or [])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicFiles:
    """Text files written under temporary names beside their targets, all renamed into place
    when the ``with`` block ends without an error (and all removed if it fails)."""

    def __init__(self) -> None:
        self._open: list[tuple[IO[str], Path]] = []

    def open(self, path: Path, *, newline: str = "\n", encoding: str = "utf-8") -> IO[str]:
        if not path.parent.is_dir():
            raise UserError(f"{path}: folder {path.parent} does not exist")
        if path.is_dir():
            raise UserError(f"{path}: is a folder (give a file name)")
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in __exit__
            "w",
            encoding=encoding,
            newline=newline,
            dir=path.parent,
            prefix=f".{path.name}.",
            suffix=".tmp",
            delete=False,
        )
        os.chmod(handle.name, 0o666 & ~_umask())  # a normal file, not the temp file's 0600
        self._open.append((handle, path))
        return handle

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        try:
            for handle, _path in self._open:
                if kind is None and not handle.closed:
                    handle.flush()
                    os.fsync(handle.fileno())  # on disk before the rename makes it visible
                handle.close()
            if kind is None:
                for handle, path in self._open:
                    os.replace(handle.name, path)
        finally:
            for handle, _path in self._open:
                Path(handle.name).unlink(missing_ok=True)

    @property
    def targets(self) -> list[Path]:
        return [path for _handle, path in self._open]


def split_outputs(
    files: AtomicFiles, path: Path, suffix: str, options: ExportOptions
) -> dict[str | None, IO[str]]:
    """One open file per split (all of them, even those left empty), or ``{None: file}``."""
    if options.split is None:
        return {None: files.open(path)}
    return {name: files.open(split_file(path, name, suffix)) for name in options.split}


@contextmanager
def atomic_folder(path: Path, format_name: str) -> Iterator[Path]:
    """A temporary folder beside ``path`` that replaces ``path`` when the block succeeds.

    ``path`` must not exist, be an empty folder, or be an earlier annotator export (it has
    our marker file): a folder of the user's own files is never replaced.
    """
    parent = path.parent
    if not parent.is_dir():
        raise UserError(f"{path}: folder {parent} does not exist")
    if path.exists():
        if not path.is_dir():
            raise UserError(f"{path}: exists and is not a folder ({format_name} writes a folder)")
        if any(path.iterdir()) and not (path / FOLDER_MARKER).is_file():
            raise UserError(
                f"{path}: folder is not empty and is not an earlier annotator export; "
                "choose a new or empty folder"
            )
    temporary = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp"))
    os.chmod(temporary, 0o777 & ~_umask())  # a normal folder, not the temp folder's 0700
    try:
        yield temporary
        (temporary / FOLDER_MARKER).write_text(
            f"format: {format_name}\nwritten: {utc_now()}\n", encoding="utf-8"
        )
        old: Path | None = None
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / "previous")
        os.replace(temporary, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def safe_name(name: str, taken: set[str]) -> str:
    """A file name made of ``name`` (letters, digits, ``.``, ``_``, ``-``; others become
    ``_``), unique among ``taken`` (compared case-insensitively), which it joins."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).strip(".") or "_"
    cleaned = cleaned[:120]
    candidate, number = cleaned, 2
    while candidate.casefold() in taken:
        candidate = f"{cleaned}-{number}"
        number += 1
    taken.add(candidate.casefold())
    return candidate
