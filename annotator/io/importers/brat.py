"""brat standoff: a ``.ann`` file and the ``.txt`` beside it are one document.

Import a brat folder with ``annotator import --format brat FOLDER`` (or name ``.ann`` files):
every ``.ann`` under it is read with its ``.txt``; a ``.txt`` without an ``.ann`` is not a brat
document (brat itself needs both) and is left alone, as are ``annotation.conf`` and other
files. When a folder is imported without ``--format``, ``.ann`` files are still recognised and
their ``.txt`` is not imported a second time as plain text.

Offsets index the ``.txt`` as stored (code points; CRLF counts two) and are mapped onto the
canonical text. ``T`` lines are spans: their text must equal the fragments joined by a space,
else a one-fragment span is re-anchored on its text or refused. Fragments become one span from
the first start to the last end (with a note unless only line breaks were between them, which
is how brat splits a span across lines). ``A``/``M`` lines are attributes (no value: true;
the name is the attribute's id, or ``<label>_<id>`` as our export names an attribute whose
values differ between labels), ``R`` lines relations (``Arg1`` is the from span), ``#``
AnnotatorNotes the note. Events, normalisations and equivalences have no place here: a note
counts them. The document's id is the file stem.

Offsets count code points unless ``--brat-offsets utf16`` says UTF-16 code units (brat's web
UI counts so on texts with characters beyond U+FFFF); an offset inside such a character is
an error.

brat names no annotator. In a folder our brat export wrote (``.annotator-brat.json`` at its
top), each annotator folder's work is that annotator's again, and the offsets count as the
export wrote them; elsewhere the importing user's name is used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import AttributeValue, Status, new_uid
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.core.text import Utf16Map, decode_bytes
from annotator.errors import UserError
from annotator.io.importers.common import Notes, read_file_bytes, read_file_text, short
from annotator.io.importers.encodings import BratOffsets
from annotator.io.importers.foreign import (
    UNNAMED,
    Anchor,
    ForeignText,
    SchemaNames,
    check_attributes,
    check_relation,
    convert_value,
    foreign_document,
)
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

_UTF8_BOM = b"\xef\xbb\xbf"
EXPORT_INFO = ".annotator-brat.json"  # written by our brat export at its top
_EXPORT_MARKER = ".annotator-export"


def pair(path: Path) -> tuple[Path, Path]:
    """The ``.ann`` and ``.txt`` of a document, from either of them."""
    return path.with_suffix(".ann"), path.with_suffix(".txt")


def companions(path: Path) -> tuple[Path, ...]:
    return (path.with_suffix(".txt"),) if path.suffix.lower() == ".ann" else ()


def read_raw_text(path: Path) -> str:
    """The .txt as brat indexes it: decoded, BOM dropped, line ends untouched."""
    data = read_file_bytes(path)
    canonical = decode_bytes(data, str(path))  # every check and its error message
    if b"\r" not in data:
        return canonical
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.removeprefix(_UTF8_BOM).decode("utf-8")


# ASCII digits only: str.isdigit() and int() also take '٣', '３' and '²'. 18 digits fit any
# real offset and keep int() far from its limit on huge numbers.
_OFFSET = re.compile(r"[0-9]{1,18}")


def _fragments(where: str, spec: str) -> list[tuple[int, int]]:
    found = []
    for piece in spec.split(";"):
        parts = piece.split()
        if len(parts) != 2 or not all(_OFFSET.fullmatch(p) for p in parts):
            raise UserError(
                f"{where}: {short(piece)} is not 'start end' (two whole numbers in ASCII digits)"
            )
        found.append((int(parts[0]), int(parts[1])))
    return found


def _code_points(where: str, units: Utf16Map, offset: int) -> int:
    """A UTF-16 offset as a code-point offset; inside a character or past the end: error."""
    try:
        point = units.to_code_point(offset)
    except ValueError:
        raise UserError(
            f"{where}: offset {offset} is outside the text ({units.utf16_length} UTF-16 units)"
        ) from None
    if units.to_utf16(point) != offset:
        raise UserError(
            f"{where}: offset {offset} falls inside a character (a surrogate pair); are the "
            "offsets code points? (--brat-offsets code-points)"
        )
    return point


class _Ann:
    """The annotations of one .ann file; ``units`` set: its offsets count UTF-16 units."""

    def __init__(
        self,
        path: Path,
        text: ForeignText,
        names: SchemaNames,
        notes: Notes,
        units: Utf16Map | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.names = names
        self.notes = notes
        self.units = units
        self.anchor = Anchor(notes)
        self.spans: dict[str, NewSpan] = {}
        self.relations: list[NewRelation] = []
        self.skipped: dict[str, int] = {}

    def entity(self, where: str, tid: str, head: str, quote: str | None) -> None:
        kind, _, spec = head.partition(" ")
        label = self.names.label(kind, where)
        pieces = _fragments(where, spec)
        if self.units is not None:
            units = self.units
            pieces = [
                (_code_points(where, units, a), _code_points(where, units, b)) for a, b in pieces
            ]
        raw = self.text.raw
        if any(not 0 <= a < b <= len(raw) for a, b in pieces):
            if len(pieces) > 1:
                raise UserError(f"{where}: a fragment is outside the text")
            start, end = self.anchor.place(where, self.text, pieces[0][0], pieces[0][1], quote)
        elif quote is not None and " ".join(raw[a:b] for a, b in pieces) != quote:
            if len(pieces) > 1:
                raise UserError(f"{where}: its text {short(quote)} does not match its fragments")
            start, end = self.anchor.place(where, self.text, pieces[0][0], pieces[0][1], quote)
        else:
            first, last = pieces[0][0], pieces[-1][1]
            gaps = [raw[b:a] for (_, b), (a, _) in pairwise(pieces)]
            if any(gap.strip("\r\n") for gap in gaps):
                self.notes.append(f"{where}: discontinuous span imported as one, {first}-{last}")
            start, end = self.text.to_canonical(first), self.text.to_canonical(last)
        if tid in self.spans:
            raise UserError(f"{where}: id {tid} is used twice")
        self.spans[tid] = NewSpan(new_uid("s"), label.id, start, end, self.text.text[start:end])

    def span_of(self, where: str, tid: str) -> NewSpan:
        span = self.spans.get(tid)
        if span is None:
            raise UserError(f"{where}: {tid} is not a text-bound annotation of this file")
        return span

    def attribute(self, where: str, head: str) -> None:
        parts = head.split()
        if len(parts) not in (2, 3):
            raise UserError(f"{where}: expected 'NAME ID [VALUE]'")
        span = self.span_of(where, parts[1])
        label = self.names.schema.label(span.label)
        attribute = self.names.attribute(label, parts[0])
        prefix = f"{label.id}_"
        if attribute is None and parts[0].casefold().startswith(prefix.casefold()):
            attribute = self.names.attribute(label, parts[0][len(prefix) :])
        if attribute is None:
            known = ", ".join(a.id for a in label.attributes) or "none"
            raise UserError(f"{where}: {parts[0]!r} is not an attribute of {label.id} ({known})")
        value: AttributeValue = True if len(parts) == 2 else parts[2]
        if attribute.type != "boolean" and value is True:
            raise UserError(f"{where}: attribute {attribute.id} needs a value")
        attributes = {**span.attributes, attribute.id: convert_value(attribute, value, where)}
        check_attributes(label, attributes, where)
        self.spans[parts[1]] = replace(span, attributes=attributes)

    def relation(self, where: str, head: str) -> None:
        words = head.split()
        if not words:
            raise UserError(f"{where}: expected 'TYPE Arg1:ID Arg2:ID'")
        kind_name, *args = words
        ends: dict[str, str] = {}
        for arg in args:
            role, _, target = arg.partition(":")
            ends[role.casefold()] = target
        if len(args) != 2 or set(ends) != {"arg1", "arg2"}:
            raise UserError(f"{where}: expected 'TYPE Arg1:ID Arg2:ID'")
        first, second = self.span_of(where, ends["arg1"]), self.span_of(where, ends["arg2"])
        kind = self.names.relation(kind_name, where)
        check_relation(kind, first.label, second.label, where)
        self.relations.append(NewRelation(new_uid("r"), kind.id, first.uid, second.uid))

    def note(self, where: str, head: str, body: str | None) -> None:
        parts = head.split()
        if len(parts) != 2 or parts[0] != "AnnotatorNotes":
            kind = "comments other than AnnotatorNotes"
            self.skipped[kind] = self.skipped.get(kind, 0) + 1
            return
        span = self.span_of(where, parts[1])
        note = body or ""
        joined = f"{span.note}\n{note}" if span.note else note
        self.spans[parts[1]] = replace(span, note=joined)


_SKIPPED = {"E": "events", "N": "normalizations", "*": "equivalences"}


class _ExportInfo:
    """What our brat export says about the folder a .ann lies in (nothing, elsewhere)."""

    def __init__(self, ann_path: Path) -> None:
        self.annotator: str | None = None
        self.offsets: BratOffsets | None = None
        folder = ann_path.parent
        # PATH/<annotator>/x.ann or PATH/<split>/<annotator>/x.ann
        for top in (folder.parent, folder.parent.parent):
            info = top / EXPORT_INFO
            if not (top / _EXPORT_MARKER).is_file() or not info.is_file():
                continue
            try:
                found = json.loads(read_file_text(info))
            except ValueError:
                raise UserError(f"{info}: not valid JSON (our brat export writes it)") from None
            if not isinstance(found, dict):
                raise UserError(f"{info}: expected a JSON object")
            owners = found.get("annotators")
            where = folder.relative_to(top).as_posix()
            owner = owners.get(where) if isinstance(owners, dict) else None
            self.annotator = owner if isinstance(owner, str) and owner else None
            if found.get("offsets") in ("code-points", "utf16"):
                self.offsets = found["offsets"]
            return


def read_brat(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    ann_path, txt_path = pair(path)
    if not ann_path.is_file() or not txt_path.is_file():
        missing = ann_path if not ann_path.is_file() else txt_path
        raise UserError(f"{path}: a brat document needs .ann and .txt; {missing.name} is missing")
    text = ForeignText(read_raw_text(txt_path))
    if not text.text.strip():
        raise UserError(f"{txt_path}: empty file")
    export = _ExportInfo(ann_path)
    offsets = notes.options.brat_offsets or export.offsets or "code-points"
    units = Utf16Map.of(text.raw) if offsets == "utf16" else None
    reader = _Ann(ann_path, text, SchemaNames(schema), notes, units)
    lines = []
    for number, line in enumerate(read_file_text(ann_path).split("\n"), start=1):
        if line.strip():
            fields = line.split("\t", 2)
            where = f"{ann_path}: line {number}"
            if len(fields) < 2 or not fields[0]:
                raise UserError(f"{where}: expected 'ID<TAB>annotation'")
            lines.append((where, fields[0], fields[1], fields[2] if len(fields) == 3 else None))
    for where, aid, head, body in lines:
        if aid.startswith("T"):
            reader.entity(where, aid, head, body)
    for where, aid, head, body in lines:
        first = aid[0]
        if first in ("A", "M"):
            reader.attribute(where, head)
        elif first == "R":
            reader.relation(where, head)
        elif first == "#":
            reader.note(where, head, body)
        elif first in _SKIPPED:
            reader.skipped[_SKIPPED[first]] = reader.skipped.get(_SKIPPED[first], 0) + 1
        elif first != "T":
            raise UserError(f"{where}: unknown annotation id {aid!r}")
    if reader.skipped:
        counted = ", ".join(f"{count} {kind}" for kind, count in reader.skipped.items())
        notes.append(f"{ann_path}: not imported (no place for them): {counted}")
    work = NewAnnotationSet(
        annotator=export.annotator or UNNAMED,
        status=Status.DONE,
        updated_at="",
        spans=tuple(reader.spans.values()),
        relations=tuple(reader.relations),
    )
    yield foreign_document(
        text.text,
        str(ann_path),
        doc_id=txt_path.stem,
        title=None,
        meta={"source_file": txt_path.name},
        work=work,
    )


BRAT = register(
    Importer(
        name="brat",
        extensions=(".ann",),
        description="brat standoff: .ann files with the .txt beside them (give a folder)",
        stream=read_brat,
        companions=companions,
    )
)
