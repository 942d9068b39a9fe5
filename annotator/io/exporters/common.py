"""What every exporter shares: choosing what to write, splits, losses, the report file, and
outputs that appear whole or not at all.

Output layout, for every format:

* A **file format** writes ``PATH``; with ``--split`` it writes one file per split instead,
  named ``<stem>.<split><suffix>`` (``data.jsonl`` -> ``data.train.jsonl``). Its report is
  ``PATH.report.txt``.
* A **folder format** writes into the folder ``PATH`` (which must be new, empty, or an earlier
  annotator export, which is replaced whole); its report is ``PATH/REPORT.txt``.

Everything is written under temporary names beside the target, flushed to disk and renamed
into place only when the whole export succeeded (``annotator.io.atomic``), so a failure, a
cancel or a kill leaves the old output or the new one, whole. No output may be, or hold, the
database's files (``annotator.io.outputs``).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO, cast

import msgspec

from annotator.core import names
from annotator.core.model import Document, Relation, Span, utc_now
from annotator.core.splits import assign_splits, split_sizes
from annotator.core.tokenize import TokenIndex, TokenSpan, token_ends
from annotator.errors import UserError
from annotator.io.atomic import AtomicFiles, new_folder
from annotator.io.exporters.registry import (
    ExportCancelled,
    ExportOptions,
    ExportReport,
    Targets,
)
from annotator.io.outputs import Protected, check_output, database_files, output_path

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.store import Store
    from annotator.store.bulk import AnnotationSet

__all__ = ["AtomicFiles"]  # re-exported for the exporters

FOLDER_MARKER = ".annotator-export"
REPORT_NAME = "REPORT.txt"


_ENCODER = msgspec.json.Encoder()


def json_text(value: Any) -> str:
    """``value`` as compact JSON with non-ASCII kept, as ``json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))`` writes it: the same keys in the same order
    and the same values. msgspec encodes in C, several times faster than the ``json``
    module, which was most of the cost of the JSON exports. What msgspec refuses (an integer
    beyond 64 bits, a lone surrogate...) goes to ``json`` and fails or not as it did."""
    try:
        return _ENCODER.encode(value).decode("utf-8")
    except (TypeError, ValueError, OverflowError):
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), default=msgspec.to_builtins
        )


def json_line(value: Any) -> bytes:
    """``json_text(value)`` and a line break, as UTF-8 bytes: for a file's binary buffer, so
    that a large line is not decoded into a str only to be encoded back."""
    try:
        return _ENCODER.encode(value) + b"\n"
    except (TypeError, ValueError, OverflowError):
        return (json_text(value) + "\n").encode("utf-8")


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


class Unknowns:
    """Labels, attributes and relation types in the exported data that the label schema does
    not define (possible after ``schema use --force``): counted for the report."""

    def __init__(self, schema: LabelSchema) -> None:
        self._attributes = {label.id: {a.id for a in label.attributes} for label in schema.labels}
        self._relations = {relation.id for relation in schema.relations}
        self.counts: dict[tuple[int, str], int] = {}  # (kind: label 0, attribute 1...)

    def _add(self, kind: int, sentence: str) -> None:
        self.counts[kind, sentence] = self.counts.get((kind, sentence), 0) + 1

    def see(self, spans: Iterable[Span], relations: Iterable[Relation]) -> None:
        for span in spans:
            known = self._attributes.get(span.label)
            if known is None:
                self._add(
                    0, f"spans labelled {span.label!r}, which the label schema does not define"
                )
                continue
            if known.issuperset(span.attributes):  # the usual case, checked in C
                continue
            for key, value in span.attributes.items():
                if value is not None and key not in known:
                    self._add(
                        1,
                        f"values of attribute {key!r} of {span.label!r}, which the label "
                        "schema does not define",
                    )
        for relation in relations:
            if relation.type not in self._relations:
                self._add(
                    2,
                    f"relations of type {relation.type!r}, which the label schema does not define",
                )

    def lines(self) -> list[str]:
        return [f"{self.counts[key]} {key[1]}" for key in sorted(self.counts)]


@functools.lru_cache(maxsize=2)
def document_tokens(text: str) -> tuple[list[str], list[int]]:
    """``token_ends(text)``, kept for the next call: the annotation sets of one document
    come one after another, and each annotator's set needs the same tokens. Shared lists:
    read them, never change them."""
    return token_ends(text)


def attribute_value_count(spans: Sequence[Span]) -> int:
    """How many attribute values ``spans`` hold (None is no value), counted in C."""
    values = list(chain.from_iterable(map(dict.values, [span.attributes for span in spans])))
    return len(values) - values.count(None)


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
    ``options.progress``. Labels, attributes and relation types the label schema does not
    define are written as they are, and listed in ``report.unknown``.

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
    unknowns = Unknowns(store.schema)
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
        unknowns.see(spans, relations)
        split = assignment.get(work.document.text_sha256) if options.split is not None else None
        yield Item(work, spans, relations, split)
        if options.progress is not None and work.document.id not in seen_documents:
            seen_documents.add(work.document.id)
            answer = options.progress(len(seen_documents), max(total, len(seen_documents)))
            if answer is not None and not answer:
                raise ExportCancelled("export cancelled; nothing was written")
    report.unknown = unknowns.lines()


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


def file_targets(
    suffix: str, *, report: bool = True, extra: Callable[[Path], Path] | None = None
) -> Targets:
    """Every file a file format writes: the output or one file per split, the report
    (unless ``report`` is False) and ``extra(PATH)``."""

    def targets(path: Path, options: ExportOptions) -> list[Path]:
        split = options.split
        files = [split_file(path, name, suffix) for name in split] if split else [path]
        files += [report_file(path)] if report else []
        return files + ([extra(path)] if extra is not None else [])

    return targets


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
    lines += [f"split {name}: {names.count(n, 'document')}" for name, n in report.splits.items()]
    lines.append("")
    if report.lost:
        lines.append(f"What {format_name} could not hold:")
        lines += [f"  - {line}" for line in report.lost]
    else:
        lines.append(f"Nothing was lost: {format_name} holds everything that was exported.")
    if report.unknown:
        lines += ["", "Not in the label schema (written as they are):"]
        lines += [f"  - {line}" for line in report.unknown]
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


def protected(store: Store) -> list[Protected]:
    """What no output of an export may be or hold: the database and its side files."""
    return database_files(store.file)


def split_outputs(
    files: AtomicFiles, path: Path, suffix: str, options: ExportOptions
) -> dict[str | None, IO[str]]:
    """One open file per split (all of them, even those left empty), or ``{None: file}``."""
    if options.split is None:
        return {None: files.open(path)}
    return {name: files.open(split_file(path, name, suffix)) for name in options.split}


def split_buffers(
    files: AtomicFiles, path: Path, suffix: str, options: ExportOptions
) -> dict[str | None, BinaryIO]:
    """``split_outputs`` as binary buffers, for ``json_line``: write nothing else to them."""
    return {
        split: cast(TextIO, handle).buffer
        for split, handle in split_outputs(files, path, suffix, options).items()
    }


@contextmanager
def atomic_folder(path: Path, format_name: str, protect: Sequence[Protected]) -> Iterator[Path]:
    """A temporary folder beside ``path`` that replaces ``path`` when the block succeeds.

    ``path`` must not exist, be an empty folder, or be an earlier annotator export (it has
    our marker file): a folder of the user's own files is never replaced, nor one that holds
    a ``protect`` path.
    """
    target = output_path(path)
    if not target.parent.is_dir():
        raise UserError(f"{path}: folder {target.parent} does not exist")
    check_output(path, protect, folder=True)
    if target.exists():
        if not target.is_dir():
            raise UserError(f"{path}: exists and is not a folder ({format_name} writes a folder)")
        if any(target.iterdir()) and not (target / FOLDER_MARKER).is_file():
            raise UserError(
                f"{path}: folder is not empty and is not an earlier annotator export; "
                "choose a new or empty folder"
            )
    with new_folder(target) as temporary:
        yield temporary
        (temporary / FOLDER_MARKER).write_text(
            f"format: {format_name}\nwritten: {utc_now()}\n", encoding="utf-8"
        )


# Names Windows reserves for devices, with any extension ("nul.txt" too).
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{n}" for port in ("com", "lpt") for n in ("0123456789\u00b9\u00b2\u00b3")]
)
# ext4 and most file systems allow 255 bytes; APFS and NTFS 255 UTF-16 units, never fewer.
MAX_NAME_BYTES = 255


def _name_key(name: str) -> str:
    """Names that a case-blind or normalising file system would take for the same."""
    if name.isascii():  # NFC leaves ASCII as it is, and casefold is lower there
        return name.lower()
    return unicodedata.normalize("NFC", name).casefold()


# A name that ``safe_name`` keeps as it is (ASCII letters, digits, "_", "-", inner dots): the
# usual doc_id, checked without a step per character.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?")


def _fit(name: str, limit: int) -> str:
    while len(name.encode("utf-8")) > limit:
        name = name[:-1]
    return name.rstrip(". ")


def safe_name(name: str, taken: set[str], *, suffix_bytes: int = 0) -> str:
    """A file name made of ``name`` that every system accepts: letters, marks, digits, ``.``,
    ``_``, ``-`` (anything else becomes ``_``), no leading or trailing dot, not a Windows
    device name, at most 255 bytes of UTF-8 with a suffix of ``suffix_bytes`` added, and
    unique among ``taken`` (compared as a case-blind file system would), which it joins."""
    if _PLAIN_NAME.fullmatch(name):
        cleaned = name
    else:
        cleaned = "".join(
            c if unicodedata.category(c)[0] in "LMN" or c in "._-" else "_"
            for c in unicodedata.normalize("NFC", name)
        )
        cleaned = cleaned.strip(". ") or "_"
    if cleaned.split(".", 1)[0].casefold() in _WINDOWS_DEVICES:
        cleaned = "_" + cleaned
    budget = MAX_NAME_BYTES - suffix_bytes
    candidate, number = _fit(cleaned, budget), 2
    while _name_key(candidate) in taken:
        ending = f"-{number}"
        candidate = _fit(cleaned, budget - len(ending)) + ending
        number += 1
    taken.add(_name_key(candidate))
    return candidate
