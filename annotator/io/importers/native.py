"""The native exchange format, version 1 (DESIGN section 5), with every annotation in it.

Reading is liberal in what may be left out and strict in what is given: the shape of each line
is checked against ``schemas/native-format.schema.json`` (which says which keys a reader
needs; the others take defaults), then labels, relations and attributes against the store's
label schema. Spans whose offsets do not point at their text are re-anchored on their quote
(with a note) or refused; nothing is dropped silently. An import streams the file a line at
a time (``stream_native``); ``read_native`` holds a whole file, joined by text, for merge.

Each document line is first tried on the fast path (``native_fast``: msgspec decodes it into
typed structs); a line it does not take is read again on the slow path below, whose checks
give every message and note, so both paths read every line alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import UNSET

from annotator.core.model import Status
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.core.schema import validate_attributes
from annotator.core.text import find_quote, title_from_text
from annotator.errors import UserError
from annotator.io.importers.checks import check_document, passed
from annotator.io.importers.common import (
    Notes,
    json_object,
    short,
    text_sha256_checked,
)
from annotator.io.importers.foreign import UNNAMED
from annotator.io.importers.native_fast import Checked, FastChecker, RawLine, raw_lines
from annotator.io.importers.native_patterns import patterns_of_header
from annotator.io.importers.native_shape import check_shape
from annotator.io.importers.registry import Importer, ReadResult, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.core.suggest.base import LearnedPattern

FORMAT_NAME = "annotator-native"
FORMAT_VERSION = 1
_UTF8_BOM = b"\xef\xbb\xbf"
_HEADER_KIND = re.compile(rb'"kind"\s*:\s*"header"')
_HEADER_FORMAT = re.compile(rb'"format"\s*:\s*"annotator-native"')


def _check_header(header: dict[str, Any], place: str) -> None:
    # Checked before the JSON Schema so the common mistakes get a precise message.
    if header.get("kind") != "header":
        raise UserError(f"{place}: not an annotator native file (line 1 must be its header)")
    if header.get("format") != FORMAT_NAME:
        raise UserError(f"{place}: format {header.get('format')!r} is not {FORMAT_NAME!r}")
    version = header.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT_VERSION:
        raise UserError(
            f"{place}: format_version {version} is not supported "
            f"(this annotator reads {FORMAT_VERSION})"
        )
    check_shape(header, place)


def _defaults(rec: dict[str, Any], place: str) -> dict[str, Any]:
    """A shape-checked document line with every optional key filled in."""
    annotator = rec.get("annotator")
    if isinstance(annotator, str) and not annotator.strip():
        raise UserError(f"{place}: annotator is empty")
    spans = [
        {"attributes": {}, "note": "", "created_at": "", "updated_at": "", **span}
        for span in rec.get("spans", ())
    ]
    worked = bool(rec.get("spans") or rec.get("relations"))
    return {
        "meta": {},
        "status": "todo",
        "updated_at": None,
        "relations": [],
        # Left out (not null) with work in the line: the importing user's work.
        "annotator": UNNAMED if worked else None,
        **rec,
        "spans": spans,
    }


def _raw_lines(path: Path) -> Iterator[RawLine]:
    """Each non-blank line, undecoded where it can be; line 1 must not be blank."""
    first_blank = False
    seen = False
    for line in raw_lines(path):
        if line.blank(path):
            first_blank = first_blank or line.number == 1
            continue
        if first_blank:
            line.text(path)  # a decoding error comes first, as in common.text_lines
            raise UserError(f"{path}: line 1: blank, but line 1 must be the header")
        seen = True
        yield line
    if not seen:
        raise UserError(f"{path}: empty file")


def _header_then_lines(path: Path) -> tuple[dict[str, Any], Iterator[RawLine]]:
    """The checked header, and the raw lines after it."""
    lines = _raw_lines(path)
    first = next(lines)
    place = f"{path}: line {first.number}"
    header = json_object(first.text(path), place)
    _check_header(header, place)
    return header, lines


def _document_record(line: str, place: str) -> dict[str, Any]:
    """A document line, shape-checked, with defaults filled in (the slow path)."""
    obj = json_object(line, place)
    if obj.get("kind") == "header":
        raise UserError(f"{place}: a second header (only line 1 may be one)")
    check_shape(obj, place)
    return _defaults(obj, place)


def native_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of the header, then of each document line, shape-checked and
    with defaults filled in, read one line at a time.

    UTF-8 (a BOM is tolerated); blank lines are skipped, except that line 1 must be the
    header. Errors are ``UserError("<path>: line N: ...")``.
    """
    header, lines = _header_then_lines(path)
    yield 1, header
    for line in lines:
        yield line.number, _document_record(line.text(path), f"{path}: line {line.number}")


def read_native_lines(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The header and the (line number, object) of each document line (the whole file)."""
    lines = native_lines(path)
    _, header = next(lines)
    return header, list(lines)


def sniff_native(path: Path, head: bytes) -> bool:
    """A ``.jsonl`` file whose first line looks like a native header."""
    if not path.name.lower().endswith(".jsonl"):
        return False
    first = head.removeprefix(_UTF8_BOM).split(b"\n", 1)[0]
    return bool(_HEADER_KIND.search(first) and _HEADER_FORMAT.search(first))


def _provenance(value: object) -> dict[str, Any] | None:
    """A gold span's provenance, kept as given (the JSON Schema has checked its shape)."""
    return dict(value) if isinstance(value, dict) else None


class _Reader:
    """The semantic checks of one file's lines; one instance per read."""

    def __init__(self, path: Path, schema: LabelSchema, notes: Notes) -> None:
        self.path = path
        self.schema = schema
        self.notes = notes
        self.dropped: set[str] = set()

    def header(self, header: dict[str, Any]) -> None:
        written = header["schema"]
        if (written.get("id"), written.get("version")) != (self.schema.id, self.schema.version):
            self.notes.append(
                f"{self.path}: written with label schema {written.get('id')!r} "
                f"{written.get('version')!r}; checked against this database's "
                f"{self.schema.id!r} {self.schema.version!r}"
            )

    def finish(self) -> None:
        if self.dropped:
            self.notes.append(f"{self.path}: not kept on import: {', '.join(sorted(self.dropped))}")

    def document(self, number: int, rec: dict[str, Any]) -> NewDocument:
        """One line as a document with at most one annotation set."""
        place = f"{self.path}: line {number}"
        text: str = rec["text"]
        if "\r" in text:
            raise UserError(f"{place}: text is not canonical (it has CR characters; use LF)")
        if not text.strip():
            raise UserError(f"{place}: text is empty")
        sha = text_sha256_checked(text, place)
        given = rec.get("text_sha256", sha)
        if given != sha:
            raise UserError(
                f"{place}: text_sha256 {given} does not match the text (its SHA-256 is {sha})"
            )
        title = rec["title"] if "title" in rec else title_from_text(text)
        doc = NewDocument(rec["doc_id"], title, text, sha, rec["meta"], place)
        if rec.get("conflicts"):
            self.dropped.add("document conflicts")
        annotator = rec["annotator"]
        if annotator is None:
            if rec["spans"] or rec["relations"]:
                raise UserError(f"{place}: spans or relations without an annotator")
            return doc
        spans: dict[str, NewSpan] = {}
        for s in rec["spans"]:
            span = self.span(place, text, s)
            if span.uid in spans:
                raise UserError(f"{place}: span {span.uid}: span id used twice in this line")
            spans[span.uid] = span
        labels = {uid: span.label for uid, span in spans.items()}
        relations: dict[str, NewRelation] = {}
        for r in rec["relations"]:
            relation = self.relation(place, labels, r)
            if relation.uid in relations:
                raise UserError(
                    f"{place}: relation {relation.uid}: relation id used twice in this line"
                )
            relations[relation.uid] = relation
        work = NewAnnotationSet(
            annotator=annotator,
            status=Status(rec["status"]),
            updated_at=rec["updated_at"] or "",
            spans=tuple(spans.values()),
            relations=tuple(relations.values()),
        )
        return replace(doc, annotations=(work,))

    def span(self, place: str, text: str, s: dict[str, Any]) -> NewSpan:
        uid: str = s["id"]
        where = f"{place}: span {uid}"
        for key in ("start", "end"):
            if type(s[key]) is not int:  # the JSON Schema's "integer" also accepts 3.0
                raise UserError(f"{where}: {key} {s[key]!r} is not a whole number")
        try:
            label = self.schema.label(s["label"])
        except KeyError:
            known = ", ".join(label.id for label in self.schema.labels)
            raise UserError(
                f"{where}: unknown label {s['label']!r} (schema {self.schema.id!r} has {known})"
            ) from None
        problems = validate_attributes(label, s["attributes"])
        if problems:
            raise UserError(f"{where}: {'; '.join(problems)}")
        start, end = self.anchor(where, text, s["start"], s["end"], s["text"])
        return NewSpan(
            uid=uid,
            label=label.id,
            start=start,
            end=end,
            text=s["text"],
            attributes=dict(s["attributes"]),
            note=s["note"],
            created_at=s["created_at"],
            updated_at=s["updated_at"],
            provenance=_provenance(s.get("provenance")),
        )

    def anchor(self, where: str, text: str, start: int, end: int, quote: str) -> tuple[int, int]:
        """The span's offsets, moved to the nearest occurrence of its quote if they do not
        point at it; ``UserError`` if the quote is nowhere in the text."""
        in_range = 0 <= start < end <= len(text)
        if in_range and text[start:end] == quote:
            return start, end
        if not quote:
            raise UserError(f"{where}: its text is empty")
        found = find_quote(text, quote, start)
        if found is None:
            if in_range:
                raise UserError(
                    f"{where}: text {short(quote)} does not match text[{start}:{end}] "
                    f"{short(text[start:end])} and was not found elsewhere"
                )
            problem = "do not form a range" if start >= end else "are outside the text"
            raise UserError(
                f"{where}: offsets {start}-{end} {problem} and its quote {short(quote)} "
                "was not found"
            )
        moved = (found, found + len(quote))
        self.notes.append(
            f"{where}: offsets {start}-{end} moved to {moved[0]}-{moved[1]}, "
            f"where its text {short(quote)} is"
        )
        return moved

    def relation(self, place: str, labels: dict[str, str], r: dict[str, Any]) -> NewRelation:
        uid: str = r["id"]
        where = f"{place}: relation {uid}"
        try:
            kind = self.schema.relation(r["type"])
        except KeyError:
            known = ", ".join(kind.id for kind in self.schema.relations) or "none"
            raise UserError(
                f"{where}: unknown relation type {r['type']!r} (schema {self.schema.id!r} "
                f"has {known})"
            ) from None
        for end in ("from_id", "to_id"):
            if r[end] not in labels:
                raise UserError(f"{where}: {end} {r[end]!r} is not a span of this line")
        if r["from_id"] == r["to_id"]:
            raise UserError(f"{where}: links span {r['from_id']!r} to itself")
        from_label, to_label = labels[r["from_id"]], labels[r["to_id"]]
        if not kind.allows(from_label, to_label):
            raise UserError(
                f"{where}: {kind.id} cannot link a {from_label} span to a {to_label} span"
            )
        return NewRelation(uid=uid, type=kind.id, from_uid=r["from_id"], to_uid=r["to_id"])


def checked_lines(
    path: Path, schema: LabelSchema, notes: Notes, hashed: Mapping[str, str] | None = None
) -> Iterator[tuple[int, Checked | NewDocument]]:
    """Each document line of a native file, checked against ``schema``, as (line number,
    item): a ``Checked`` line from the fast path (its strings already passed
    ``checks.check_document``), or a ``NewDocument`` from the slow path (not yet passed).
    ``hashed``: texts by sha256 known already (see ``FastChecker``)."""
    header, lines = _header_then_lines(path)
    reader = _Reader(path, schema, notes)
    reader.header(header)
    fast = FastChecker(schema, hashed)
    for line in lines:
        checked = fast.check(line.data)
        if checked is None:
            record = _document_record(line.text(path), f"{path}: line {line.number}")
            yield line.number, reader.document(line.number, record)
            continue
        if checked.line.conflicts:
            reader.dropped.add("document conflicts")
        yield line.number, checked
    reader.finish()


def new_document(checked: Checked, place: str) -> NewDocument:
    """A fast-path line as the slow path (``_Reader.document``) builds it; its strings have
    passed ``checks.check_document`` already."""
    line = checked.line
    works: tuple[NewAnnotationSet, ...] = ()
    if checked.annotator is not None:
        spans = tuple(
            NewSpan(
                s.id,
                s.label,  # the fast path knows labels and relation types by their ids
                s.start,
                s.end,
                s.text,
                s.attributes,
                s.note,
                s.created_at,
                s.updated_at,
                None if s.provenance is UNSET else s.provenance,
            )
            for s in line.spans
        )
        relations = tuple(NewRelation(r.id, r.type, r.from_id, r.to_id) for r in line.relations)
        status = Status(line.status)
        works = (
            NewAnnotationSet(checked.annotator, status, line.updated_at or "", spans, relations),
        )
    sha, title = checked.text_sha256, checked.title
    return passed(NewDocument(line.doc_id, title, line.text, sha, line.meta, place, works))


def stream_native(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    """Each line of a native file as a document with its one annotation set, checked against
    ``schema``; the store joins lines of the same text (one per annotator)."""
    for number, item in checked_lines(path, schema, notes):
        yield (
            item if isinstance(item, NewDocument) else new_document(item, f"{path}: line {number}")
        )


class LineJoin:
    """The rules for lines of one file that are read together (merge and agreement): a
    doc_id names one text, an annotator appears once per text, span ids are unique."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.owners: dict[str, tuple[str, int]] = {}  # doc_id -> (sha, line)
        self.first: dict[str, tuple[int, str]] = {}  # sha -> (line, doc_id)
        self.sets: dict[str, dict[str, int]] = {}  # sha -> annotator -> line
        self.span_ids: set[str] = set()  # every span id so far
        self.span_lists: list[tuple[int, list[str]]] = []  # (line, its span ids), for messages

    def add(
        self,
        place: str,
        number: int,
        doc_id: str,
        sha: str,
        annotator: str | None,
        spans: list[str],
    ) -> None:
        owner = self.owners.setdefault(doc_id, (sha, number))
        if owner[0] != sha:
            raise UserError(
                f"{place}: doc_id {doc_id!r} is also used on line {owner[1]} for a different text"
            )
        first = self.first.setdefault(sha, (number, doc_id))
        if first[1] != doc_id:
            self.notes.append(
                f"{place}: same text as line {first[0]} under doc_id {doc_id!r}; kept {first[1]!r}"
            )
        if annotator is None:
            return
        seen = self.sets.setdefault(sha, {})
        if annotator in seen:
            raise UserError(
                f"{place}: annotator {annotator!r} appears twice for this text "
                f"(also line {seen[annotator]})"
            )
        seen[annotator] = number
        known = self.span_ids
        size = len(known)
        known.update(spans)
        self.span_lists.append((number, spans))
        if len(known) == size + len(spans):
            return  # the usual case: every id new, checked for all the spans at once
        # An id used twice: find the first one again, in the order the lines came.
        span_lines: dict[str, int] = {}
        for line, ids in self.span_lists[:-1]:
            span_lines.update(dict.fromkeys(ids, line))
        for uid in spans:
            if uid in span_lines:
                raise UserError(
                    f"{place}: span {uid}: span id already used on line {span_lines[uid]}"
                )
            span_lines[uid] = number


def read_native(path: Path, schema: LabelSchema) -> ReadResult:
    """Every document and annotation set of a native file, checked against ``schema``, held
    whole. Lines for the same text (one per annotator) become one document with several
    annotation sets, under the rules of ``LineJoin``."""
    notes = Notes()
    join = LineJoin(notes)
    by_sha: dict[str, NewDocument] = {}
    for number, item in checked_lines(path, schema, notes):
        place = f"{path}: line {number}"
        doc = check_document(item) if isinstance(item, NewDocument) else new_document(item, place)
        work = doc.annotations[0] if doc.annotations else None
        spans = [span.uid for span in work.spans] if work else []
        annotator = work.annotator if work else None
        join.add(place, number, doc.doc_id, doc.text_sha256, annotator, spans)
        kept = by_sha.setdefault(doc.text_sha256, replace(doc, annotations=()))
        if work:
            by_sha[doc.text_sha256] = replace(kept, annotations=(*kept.annotations, work))
    return ReadResult(list(by_sha.values()), notes.lines())


def header_patterns(path: Path, schema: LabelSchema, notes: Notes) -> list[LearnedPattern]:
    """The learned suggestion patterns the file's header shares (issue 13)."""
    header, lines = _header_then_lines(path)
    del lines  # the header only: the document lines stay unread
    return patterns_of_header(header, path, schema, notes)


NATIVE = register(
    Importer(
        name="native",
        extensions=(".annotations.jsonl",),
        description="annotator's own lossless JSON Lines, with annotations (*.annotations.jsonl)",
        stream=stream_native,
        sniff=sniff_native,
        patterns=header_patterns,
    )
)
