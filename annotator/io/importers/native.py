"""The native exchange format, version 1 (DESIGN section 5), with every annotation in it.

Reading is strict: the shape of each line is checked against
``schemas/native-format.schema.json``, then labels, relations and attributes against the
store's label schema. Spans whose offsets do not point at their text are re-anchored on their
quote (with a note) or refused; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Status
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.core.schema import validate_attributes
from annotator.core.text import find_quote, text_sha256
from annotator.errors import UserError
from annotator.io.importers.common import (
    json_problem,
    json_type,
    loads,
    short,
    text_lines,
)
from annotator.io.importers.native_shape import check_shape
from annotator.io.importers.registry import Importer, ReadResult, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

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


def read_native_lines(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The header and the (line number, object) of each document line, shape-checked.

    UTF-8 (a BOM is tolerated); blank lines are skipped, except that line 1 must be the
    header. Errors are ``UserError("<path>: line N: ...")``.
    """
    header: dict[str, Any] | None = None
    records: list[tuple[int, dict[str, Any]]] = []
    first_blank = False
    for number, line in text_lines(path):
        place = f"{path}: line {number}"
        if not line.strip():
            first_blank = first_blank or number == 1
            continue
        if first_blank:
            raise UserError(f"{path}: line 1: blank, but line 1 must be the header")
        try:
            obj = loads(line)
        except (ValueError, RecursionError) as exc:
            raise UserError(f"{place}: {json_problem(exc)}") from None
        if not isinstance(obj, dict):
            raise UserError(f"{place}: expected a JSON object, not {json_type(obj)}")
        if header is None:
            _check_header(obj, place)
            header = obj
            continue
        if obj.get("kind") == "header":
            raise UserError(f"{place}: a second header (only line 1 may be one)")
        check_shape(obj, place)
        records.append((number, obj))
    if header is None:
        raise UserError(f"{path}: empty file")
    return header, records


def sniff_native(path: Path, head: bytes) -> bool:
    """A ``.jsonl`` file whose first line looks like a native header."""
    if not path.name.lower().endswith(".jsonl"):
        return False
    first = head.removeprefix(_UTF8_BOM).split(b"\n", 1)[0]
    return bool(_HEADER_KIND.search(first) and _HEADER_FORMAT.search(first))


def _provenance(value: object) -> dict[str, Any] | None:
    """A gold span's provenance, kept as given (the JSON Schema has checked its shape)."""
    return dict(value) if isinstance(value, dict) else None


@dataclass
class _Document:
    """One text as it is being assembled from its lines (one per annotator)."""

    doc: NewDocument
    line: int
    sets: dict[str, tuple[int, NewAnnotationSet]] = field(default_factory=dict)


class _Reader:
    """The semantic checks of one file; one instance per read."""

    def __init__(self, path: Path, schema: LabelSchema) -> None:
        self.path = path
        self.schema = schema
        self.notes: list[str] = []
        self.by_sha: dict[str, _Document] = {}
        self.doc_ids: dict[str, tuple[str, int]] = {}  # doc_id -> (sha, line)
        self.span_lines: dict[str, int] = {}  # span ids are unique in the whole file
        self.relation_lines: dict[str, int] = {}
        self.dropped: set[str] = set()

    def document(self, number: int, rec: dict[str, Any]) -> None:
        place = f"{self.path}: line {number}"
        text: str = rec["text"]
        if "\r" in text:
            raise UserError(f"{place}: text is not canonical (it has CR characters; use LF)")
        if not text.strip():
            raise UserError(f"{place}: text is empty")
        sha = text_sha256(text)
        if rec["text_sha256"] != sha:
            raise UserError(
                f"{place}: text_sha256 {rec['text_sha256']} does not match the text "
                f"(its SHA-256 is {sha})"
            )
        doc_id: str = rec["doc_id"]
        owner = self.doc_ids.setdefault(doc_id, (sha, number))
        if owner[0] != sha:
            raise UserError(
                f"{place}: doc_id {doc_id!r} is also used on line {owner[1]} for a different text"
            )
        entry = self.by_sha.get(sha)
        if entry is None:
            doc = NewDocument(doc_id, rec["title"], text, sha, rec["meta"], place)
            entry = self.by_sha[sha] = _Document(doc, number)
        elif entry.doc.doc_id != doc_id:
            self.notes.append(
                f"{place}: same text as line {entry.line} under doc_id {doc_id!r}; "
                f"kept {entry.doc.doc_id!r}"
            )
        if rec.get("conflicts"):
            self.dropped.add("document conflicts")
        annotator = rec["annotator"]
        if annotator is None:
            if rec["spans"] or rec["relations"]:
                raise UserError(f"{place}: spans or relations without an annotator")
            return
        if not annotator.strip():
            raise UserError(f"{place}: annotator is empty")
        if annotator in entry.sets:
            raise UserError(
                f"{place}: annotator {annotator!r} appears twice for this text "
                f"(also line {entry.sets[annotator][0]})"
            )
        spans = tuple(self.span(place, number, text, s) for s in rec["spans"])
        labels = {span.uid: span.label for span in spans}
        relations = tuple(self.relation(place, number, labels, r) for r in rec["relations"])
        work = NewAnnotationSet(
            annotator=annotator,
            status=Status(rec["status"]),
            updated_at=rec["updated_at"] or "",
            spans=spans,
            relations=relations,
        )
        entry.sets[annotator] = (number, work)

    def span(self, place: str, number: int, text: str, s: dict[str, Any]) -> NewSpan:
        uid: str = s["id"]
        where = f"{place}: span {uid}"
        if uid in self.span_lines:
            raise UserError(f"{where}: span id already used on line {self.span_lines[uid]}")
        self.span_lines[uid] = number
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

    def relation(
        self, place: str, number: int, labels: dict[str, str], r: dict[str, Any]
    ) -> NewRelation:
        uid: str = r["id"]
        where = f"{place}: relation {uid}"
        if uid in self.relation_lines:
            raise UserError(f"{where}: relation id already used on line {self.relation_lines[uid]}")
        self.relation_lines[uid] = number
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

    def result(self, header: dict[str, Any]) -> ReadResult:
        notes = list(self.notes)
        written = header["schema"]
        if (written.get("id"), written.get("version")) != (self.schema.id, self.schema.version):
            notes.insert(
                0,
                f"{self.path}: written with label schema {written.get('id')!r} "
                f"{written.get('version')!r}; checked against this database's "
                f"{self.schema.id!r} {self.schema.version!r}",
            )
        if self.dropped:
            notes.append(f"{self.path}: not kept on import: {', '.join(sorted(self.dropped))}")
        documents = [
            replace(entry.doc, annotations=tuple(work for _, work in entry.sets.values()))
            for entry in self.by_sha.values()
        ]
        return ReadResult(documents, notes)


def read_native(path: Path, schema: LabelSchema) -> ReadResult:
    """Every document and annotation set of a native file, checked against ``schema``.

    Lines for the same text (one per annotator) become one document with several annotation
    sets; a line whose annotator is null adds the document alone.
    """
    header, records = read_native_lines(path)
    reader = _Reader(path, schema)
    for number, rec in records:
        reader.document(number, rec)
    return reader.result(header)


NATIVE = register(
    Importer(
        name="native",
        extensions=(".annotations.jsonl",),
        description="annotator's own lossless JSON Lines, with annotations (*.annotations.jsonl)",
        read=read_native,
        sniff=sniff_native,
    )
)
