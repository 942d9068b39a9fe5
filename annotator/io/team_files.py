"""Native files of several annotators, read for merge and agreement (DESIGN section 6).

Every file is read with the native reader (every line checked, spans re-anchored or refused),
then the files are checked against each other: label schemas, doc_ids naming one text, one
line per text and annotator. Nothing is computed unless everything was read.
"""

from __future__ import annotations

import json
import stat
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.agreement import AnnotatedDoc, RelationItem, SpanItem
from annotator.core.bundled import as_current
from annotator.core.merge import DocumentText
from annotator.core.records import NewAnnotationSet, NewDocument
from annotator.core.schema import (
    LabelSchema,
    bundled_schema_sha256,
    parse_schema,
    validate_attributes,
)
from annotator.core.schema_diff import schema_differences
from annotator.core.suggest.base import LearnedPattern, combine_patterns
from annotator.errors import UserError
from annotator.io.importers.checks import check_document
from annotator.io.importers.common import Notes
from annotator.io.importers.native import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LineJoin,
    checked_lines,
    header_patterns,
)
from annotator.io.importers.native import read_native_lines as read_lines
from annotator.io.importers.native_fast import Checked
from annotator.io.outputs import SQLITE_MAGIC

_MAX_HEADER_BYTES = 8 * 1024 * 1024


@dataclass
class TeamFiles:
    schema: LabelSchema  # the most common one among the files
    schemas: list[LabelSchema]
    texts: dict[str, DocumentText]
    work: list[AnnotatedDoc]
    notes: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    # The files' shared suggestion patterns, combined as an import into one database would.
    patterns: list[LearnedPattern] = field(default_factory=list)

    @property
    def symmetric(self) -> frozenset[str]:
        return frozenset(r.id for s in self.schemas for r in s.relations if r.symmetric)

    @property
    def labels(self) -> list[str]:
        return [*dict.fromkeys(x for s in [self.schema, *self.schemas] for x in s.label_ids)]


def _check_input(path: Path) -> None:
    """Refuse what is not a native file before reading it: a folder, a device or FIFO (which
    would block or never end), a database given in place of its export."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path}: is a folder; give the native files in it (*.annotations.jsonl)")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path}: not a regular file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if head == SQLITE_MAGIC:
        raise UserError(
            f"{path}: byte 0: an SQLite database, not a native file; export it first "
            "(annotator export -f native --db DATABASE -o FILE.annotations.jsonl)"
        )


def _header_schema(path: Path, parsed: dict[str, LabelSchema]) -> LabelSchema:
    """The label schema in a file's header; a bad header gets the native reader's error.
    ``parsed`` holds the schemas already parsed, by their JSON: a team's files mostly carry
    the same one, and checking it against its JSON Schema is slow."""
    _check_input(path)
    try:
        with path.open("rb") as f:
            head: Any = json.loads(f.readline(_MAX_HEADER_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # deep nesting: the reader names the line
        head = None
    usable = (
        isinstance(head, dict)
        and head.get("kind") == "header"
        and head.get("format") == FORMAT_NAME
        and head.get("format_version") == FORMAT_VERSION
        and isinstance(head.get("schema"), dict)
    )
    if not usable:
        head, _ = read_lines(path)  # raises the precise error, naming the line
    key = json.dumps(head["schema"])  # key order and 1 vs 1.0 kept: they make its sha256
    if key not in parsed:
        # A file from before the bundled schema gained names and examples merges with newer
        # ones.
        # The bundled schema, as most files carry it, skips its JSON Schema check (and the
        # import of jsonschema); the other checks run all the same.
        schema = parse_schema(
            head["schema"], f"{path}: line 1: schema", validated_sha256=bundled_schema_sha256()
        )
        parsed[key] = as_current(schema)
    return parsed[key]


Work = tuple[str, str, tuple[SpanItem, ...], tuple[RelationItem, ...], str]
"""(annotator, status, spans, relations, updated_at) of one line."""


@dataclass
class _Version:
    """A text as one file first gives it (its first line), with every annotator's work on it
    in that file."""

    doc_id: str
    title: str
    text: str
    meta: dict[str, Any]
    source: str
    works: list[Work]


def _fast_work(checked: Checked) -> Work:
    line = checked.line
    spans = tuple(
        # The fast path knows labels and relation types by their ids, as written. A span of
        # its own, not the decoded one: that one holds the span's text, a fifth more memory.
        SpanItem(s.id, s.label, s.start, s.end, s.attributes, s.note, s.created_at, s.updated_at)
        for s in line.spans
    )
    relations = tuple(RelationItem(r.id, r.type, r.from_id, r.to_id) for r in line.relations)
    return (checked.annotator or "", line.status, spans, relations, line.updated_at or "")


def _slow_work(work: NewAnnotationSet) -> Work:
    spans = tuple(
        SpanItem(s.uid, s.label, s.start, s.end, s.attributes, s.note, s.created_at, s.updated_at)
        for s in work.spans
    )
    relations = tuple(RelationItem(r.uid, r.type, r.from_uid, r.to_uid) for r in work.relations)
    return (work.annotator, work.status.value, spans, relations, work.updated_at)


def _read(
    path: Path, schema: LabelSchema, texts: dict[str, str]
) -> tuple[dict[str, _Version], list[str], list[LearnedPattern]]:
    """One file in one pass: its texts by sha256, each with its annotators' work, the
    reader's notes and the header's suggestion patterns. ``texts`` keeps one copy of each
    text for all the files."""
    notes = Notes()
    patterns = header_patterns(path, schema, notes)
    join = LineJoin(notes)
    versions: dict[str, _Version] = {}
    for number, item in checked_lines(path, schema, notes, texts):
        place = f"{path}: line {number}"
        if isinstance(item, NewDocument):
            doc = check_document(item)  # the same character rules as an import
            sha, doc_id, title, text, meta = (
                doc.text_sha256,
                doc.doc_id,
                doc.title,
                doc.text,
                doc.meta,
            )
            work = _slow_work(doc.annotations[0]) if doc.annotations else None
        else:
            line = item.line
            sha, doc_id, title, text, meta = (
                item.text_sha256,
                line.doc_id,
                item.title,
                line.text,
                line.meta,
            )
            work = _fast_work(item) if item.annotator is not None else None
        span_ids = [span.id for span in work[2]] if work else []
        join.add(place, number, doc_id, sha, work[0] if work else None, span_ids)
        version = versions.get(sha)
        if version is None:
            text = texts.setdefault(sha, text)
            version = versions[sha] = _Version(doc_id, title, text, meta, place, [])
        if work:
            version.works.append(work)
    return versions, notes.lines(), patterns


def _text_key(version: _Version) -> tuple[str, str, str]:
    """What picks the version of a text that is kept: the least (doc_id, title, meta)."""
    meta = "{}" if not version.meta else json.dumps(version.meta, sort_keys=True)
    return (version.doc_id, version.title, meta)


def _collect(
    files: list[dict[str, _Version]],
) -> tuple[dict[str, DocumentText], list[AnnotatedDoc], list[str]]:
    """Texts by sha256 and every annotator's line. A doc_id naming two texts, or a second
    line for the same text and annotator, is an error naming both places."""
    owner: dict[str, tuple[str, str]] = {}  # doc_id -> (sha, place)
    seen: dict[tuple[str, str], str] = {}  # (sha, annotator) -> place
    by_sha: dict[str, list[_Version]] = defaultdict(list)
    for versions in files:
        for sha, version in versions.items():
            place = version.source
            first = owner.setdefault(version.doc_id, (sha, place))
            if first[0] != sha:
                raise UserError(
                    f"{place}: doc_id {version.doc_id!r} names a different text in {first[1]}"
                )
            for work in version.works:
                if (sha, work[0]) in seen:
                    raise UserError(
                        f"{place}: annotator {work[0]!r} has this text "
                        f"already in {seen[(sha, work[0])]}"
                    )
                seen[(sha, work[0])] = place
            by_sha[sha].append(version)
    texts: dict[str, DocumentText] = {}
    notes: list[str] = []
    for sha, docs in by_sha.items():
        doc_id, title, meta = min(_text_key(d) for d in docs)
        texts[sha] = DocumentText(sha, doc_id, title, docs[0].text, json.loads(meta))
        if len(ids := sorted({d.doc_id for d in docs})) > 1:
            notes.append(f"one text under doc_ids {', '.join(ids)}: kept {doc_id!r}")
    every = [
        AnnotatedDoc(sha, texts[sha].doc_id, len(version.text), *work, version.source)
        for versions in files
        for sha, version in versions.items()
        for work in version.works
    ]
    return texts, every, notes


def load_team_files(paths: Sequence[Path], allow_mismatch: bool) -> TeamFiles:
    read: list[tuple[Path, LabelSchema, dict[str, _Version], list[str], list[LearnedPattern]]]
    read = []
    parsed: dict[str, LabelSchema] = {}
    one_copy: dict[str, str] = {}
    for path in paths:
        schema = _header_schema(path, parsed)
        read.append((path, schema, *_read(path, schema, one_copy)))
    first_path, first = read[0][0], read[0][1]
    differences: list[str] = []
    for path, schema, *_ in read[1:]:
        if schema.sha256 == first.sha256:
            continue
        found = schema_differences(first, schema, (first_path.name, path.name))
        if not allow_mismatch:
            raise UserError(
                f"{path}: label schema {schema.id} {schema.version} (sha256 "
                f"{schema.sha256[:12]}) differs from {first_path}'s ({first.id} "
                f"{first.version}, {first.sha256[:12]}): {'; '.join(found)} "
                "(use --allow-schema-mismatch to go on)"
            )
        differences += [f"{first_path} vs {path}: {line}" for line in found]
    counts = Counter(schema.sha256 for _, schema, *_ in read)
    best = min(counts, key=lambda sha: (-counts[sha], sha))
    texts, work, notes = _collect([versions for _, _, versions, *_ in read])
    written = next(schema for _, schema, *_ in read if schema.sha256 == best)
    return TeamFiles(
        schema=written,
        schemas=[schema for _, schema, *_ in read],
        texts=texts,
        work=work,
        notes=[note for _, _, _, file_notes, _ in read for note in file_notes] + notes,
        differences=differences,
        patterns=_fitting(combine_patterns(patterns for *_, patterns in read), written, notes),
    )


def _fitting(
    patterns: list[LearnedPattern], schema: LabelSchema, notes: list[str]
) -> list[LearnedPattern]:
    """The patterns the written schema accepts (files with other schemas may share others)."""
    labels = {label.id: label for label in schema.labels}
    kept = [
        pattern
        for pattern in patterns
        if pattern.label in labels
        and not validate_attributes(labels[pattern.label], dict(pattern.attributes))
    ]
    if len(kept) < len(patterns):
        notes.append(
            f"{len(patterns) - len(kept)} suggestion pattern(s) left out: the written schema "
            f"{schema.id!r} does not accept their label or attributes"
        )
    return kept
