"""The fast path for document lines of a native file: ``msgspec`` decodes a line into typed
structs, so the shape of the JSON Schema is checked in C, and the semantic checks run in one
plain loop per line.

The fast path only ever accepts: it returns None for anything unusual or wrong (a shape
msgspec refuses, an unknown label, a span whose offsets need re-anchoring, a refused
character, ...), and the caller then reads that line on the slow path, which gives the
exact message or note. So a line the fast path accepts must be one the slow path accepts
with the same result; ``tests/io/test_native_fast.py`` holds the two side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

import msgspec
from msgspec import UNSET, Meta, UnsetType

from annotator.core.schema import validate_attributes
from annotator.core.text import text_sha256, title_from_text
from annotator.errors import UserError
from annotator.io.importers import common
from annotator.io.importers.common import read_head, text_lines, utf8_line_bytes
from annotator.io.importers.foreign import UNNAMED

if TYPE_CHECKING:
    from annotator.core.schema import LabelDef, LabelSchema, RelationDef

NonEmpty = Annotated[str, Meta(min_length=1)]
Whole = Annotated[int, Meta(ge=0)]
Scalar = str | int | float | bool | None


# Unknown keys (which the JSON Schema allows) send a line to the slow path: msgspec would skip
# them unchecked, and their nesting, too, must stay within MAX_DEPTH.
class Span(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: NonEmpty
    label: NonEmpty
    start: Whole
    end: Whole
    text: str
    attributes: dict[str, Scalar] = {}
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    provenance: dict[str, Any] | UnsetType = UNSET


class Relation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: NonEmpty
    type: NonEmpty
    from_id: NonEmpty
    to_id: NonEmpty


class Line(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A document line as our writer writes it."""

    kind: Literal["document"]
    doc_id: NonEmpty
    text: str
    title: str | UnsetType = UNSET
    text_sha256: str | UnsetType = UNSET
    meta: dict[str, Any] = {}
    annotator: str | UnsetType | None = UNSET
    status: Literal["todo", "in_progress", "done", "skipped"] = "todo"
    updated_at: str | None = None
    spans: list[Span] = []
    relations: list[Relation] = []
    conflicts: list[Any] = []


_DECODE = msgspec.json.Decoder(Line).decode
_ESCAPED_BYTES = re.compile(rb"\\[ub]").search
_ESCAPED_TEXT = re.compile(r"\\[ub]").search
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
_BAD = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Checked:
    """A line that passed every check of the slow path, with its values resolved."""

    line: Line
    text_sha256: str
    title: str
    annotator: str | None


class FastChecker:
    """The checks of ``native._Reader.document`` and ``checks.check_document`` for one
    file, against one label schema."""

    def __init__(self, schema: LabelSchema, hashed: Mapping[str, str] | None = None) -> None:
        """``hashed``: texts by their sha256, already hashed (merge reads the same texts in
        every annotator's file); a line giving one of them with its sha256 is not hashed
        again."""
        self.labels: dict[str, LabelDef] = {label.id: label for label in schema.labels}
        self.relations: dict[str, RelationDef] = {kind.id: kind for kind in schema.relations}
        self.hashed: Mapping[str, str] = {} if hashed is None else hashed

    def check(self, raw: bytes | str) -> Checked | None:
        """The line checked, or None: read it on the slow path."""
        try:
            line = _DECODE(raw)  # msgspec also refuses bytes that are not UTF-8
        except (ValueError, RecursionError):
            return None
        if (line.meta or line.conflicts or _any_provenance(line)) and _too_deep(line, raw):
            return None
        text = line.text
        if "\r" in text or not text.strip() or len(text) > common.MAX_TEXT_CHARACTERS:
            return None  # the limits are read from common when used: tests lower them
        # Escapes that may decode to a refused character (checks.py): \b, \u0000-\u001f and
        # surrogates; raw control characters are invalid JSON to msgspec already.
        escaped = _ESCAPED_BYTES(raw) if isinstance(raw, bytes) else _ESCAPED_TEXT(raw)
        if escaped is not None and not _clean(line):
            return None
        given = line.text_sha256
        if given is not UNSET and self.hashed.get(given) == text:
            sha = given
        else:
            sha = text_sha256(text)  # the text is clean: it encodes
            if given is not UNSET and given != sha:
                return None
        annotator = line.annotator
        if annotator is UNSET:
            annotator = UNNAMED if line.spans or line.relations else None
        elif annotator is None:
            if line.spans or line.relations:
                return None
        elif not annotator.strip():
            return None
        if not self._spans(line.spans, text) or not self._relations(line):
            return None
        title = line.title if line.title is not UNSET else title_from_text(text)
        return Checked(line, sha, title, annotator)

    def _spans(self, spans: list[Span], text: str) -> bool:
        """Every span right as written (labels are known by their ids, as written)."""
        known = self.labels
        size = len(text)
        ids: set[str] = set()
        for span in spans:
            label = known.get(span.label)
            start, end = span.start, span.end
            if (
                label is None
                or not (start < end <= size)  # start >= 0: msgspec checked it
                or text[start:end] != span.text
                or span.id in ids
                or (span.attributes and validate_attributes(label, span.attributes))
                or (span.provenance is not UNSET and not _provenance(span.provenance))
            ):
                return False
            ids.add(span.id)
        return True

    def _relations(self, line: Line) -> bool:
        """Every relation right as written (types are known by their ids, as written)."""
        if not line.relations:
            return True
        by_id = {span.id: span.label for span in line.spans}
        ids: set[str] = set()
        for relation in line.relations:
            kind = self.relations.get(relation.type)
            source, target = by_id.get(relation.from_id), by_id.get(relation.to_id)
            if (
                kind is None
                or source is None
                or target is None
                or relation.from_id == relation.to_id
                or not kind.allows(source, target)
                or relation.id in ids
            ):
                return False
            ids.add(relation.id)
        return True


_COUNTS = ("votes", "participants")


def _provenance(value: dict[str, Any]) -> bool:
    """The JSON Schema's provenance shapes (extra keys allowed): a gold span's, or an
    accepted suggestion's."""
    if "suggester" in value:
        score: Any = value.get("score")
        return (
            type(value["suggester"]) is str
            and value["suggester"] != ""
            and type(score) in (int, float)
            and 0 <= score <= 1
        )
    annotators = value.get("annotators")
    return (
        type(annotators) is list
        and all(type(name) is str for name in annotators)
        and all(
            type(value.get(key)) is int and value[key] >= 0 for key in ("votes", "participants")
        )
    )


def _any_provenance(line: Line) -> bool:
    provenances = [span.provenance for span in line.spans]  # faster than any() over a generator
    return provenances.count(UNSET) != len(provenances)


def _too_deep(line: Line, raw: bytes | str) -> bool:
    """Nested deeper than ``MAX_DEPTH`` (the line itself is level 1). Only the untyped values
    can be deep: meta and conflicts at level 2, a span's provenance at level 4. As in
    ``common.check_depth``, a line with few brackets is not walked."""
    if isinstance(raw, bytes):
        brackets = raw.count(b"[") + raw.count(b"{")
    else:
        brackets = raw.count("[") + raw.count("{")
    if brackets <= common.MAX_DEPTH:
        return False
    return (
        _depth(line.meta) > common.MAX_DEPTH - 1
        or _depth(line.conflicts) > common.MAX_DEPTH - 1
        or any(
            span.provenance is not UNSET and _depth(span.provenance) > common.MAX_DEPTH - 3
            for span in line.spans
        )
    )


def _depth(value: Any) -> int:
    """Levels of arrays and objects in ``value`` (0 for a scalar)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if depth <= common.MAX_DEPTH:
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _json_strings(value: Any) -> Iterator[str]:
    """Every key and string inside a JSON value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _clean(line: Line) -> bool:
    """No string that ``checks.check_document`` checks holds a refused character."""
    strings = [line.text, line.doc_id, *_json_strings(line.meta)]
    for value in (line.title, line.annotator, line.updated_at):
        if isinstance(value, str):
            strings.append(value)
    for span in line.spans:
        strings += (span.id, span.text, span.note, span.created_at, span.updated_at)
        strings.extend(_json_strings(span.attributes))
        if span.provenance is not UNSET:
            strings.extend(_json_strings(span.provenance))
    for relation in line.relations:
        strings += (relation.id, relation.from_id, relation.to_id)
    return _BAD.search("\n".join(strings)) is None


class RawLine(NamedTuple):
    """One line of a native file as ``common.text_lines`` would give it, still undecoded
    (``data`` is bytes) when the file is UTF-8, so the fast path can hand it to msgspec."""

    number: int
    data: bytes | str
    start: int  # byte offset of ``data`` in the file (UTF-8 files), for decoding errors

    def text(self, path: Path) -> str:
        """The line decoded, or the error ``common.text_lines`` gives for it."""
        if isinstance(self.data, str):
            return self.data
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path}: byte {self.start + exc.start}: not valid UTF-8 (save the file as "
                "UTF-8 or UTF-16 with a BOM)"
            ) from None

    def blank(self, path: Path) -> bool:
        data = self.data
        if data[:1] in ("{", b"{"):
            return False
        return not self.text(path).strip()


def raw_lines(path: Path) -> Iterator[RawLine]:
    """The lines of ``common.text_lines`` (same numbers, same errors, in the same order once
    each line's ``text`` is asked for), but UTF-8 lines are left as bytes."""
    if read_head(path, 2).startswith(UTF16_BOMS):
        for number, line in text_lines(path):
            yield RawLine(number, line, 0)
        return
    for number, piece, start in utf8_line_bytes(path):
        yield RawLine(number, piece, start)
