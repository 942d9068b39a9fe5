"""What the importers of other tools' files share: mapping their names onto the store's label
schema, converting offsets, checking every span against its quote, and assembling documents.

Names are matched strictly but forgivingly: a label, relation type or attribute is found by
its exact id, else by its id or name compared case-insensitively (``CASUALTY_FIGURE`` and
``Casualty figure`` both find ``casualty_figure``); anything else is an error naming the place.

Offsets: other tools count in the text as they stored it, which may still have CR or CRLF
line ends; ``ForeignText`` maps those offsets onto the canonical text (CRLF -> LF). Each span
must then satisfy ``text[start:end] == quote``; if not, it is re-anchored on the nearest
occurrence of its quote (with a note), or refused with an error. Nothing is dropped silently.

An annotation set whose file does not say who made it gets the annotator name ``""``; the
import run gives it the importing user's name (``--as``).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from annotator.core.records import NewAnnotationSet, NewDocument
from annotator.core.schema import validate_attributes
from annotator.core.text import canonicalize, find_quote
from annotator.errors import UserError
from annotator.io.importers.common import Notes, make_document, short

if TYPE_CHECKING:
    from annotator.core.model import AttributeValue
    from annotator.core.schema import AttributeDef, LabelDef, LabelSchema, RelationDef

# Whole numbers written as text, parsed exactly; longer ones go through float() and are then
# refused as beyond 64 bits.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,30}")
UNNAMED = ""  # the annotator of a set whose file names nobody; the import run fills it in


def _folded(items: Any) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for item in items:
        table.setdefault(item.id.casefold(), item)
        table.setdefault(item.name.casefold(), item)
    return table


class SchemaNames:
    """Finds the store schema's labels, relation types and attributes by a foreign name."""

    def __init__(self, schema: LabelSchema) -> None:
        self.schema = schema
        self._labels = {label.id: label for label in schema.labels}
        self._folded_labels = _folded(schema.labels)
        self._relations = {relation.id: relation for relation in schema.relations}
        self._folded_relations = _folded(schema.relations)

    def label(self, name: object, where: str) -> LabelDef:
        found = None
        if isinstance(name, str):
            found = self._labels.get(name) or self._folded_labels.get(name.casefold())
        if found is None:
            known = ", ".join(self._labels)
            raise UserError(
                f"{where}: unknown label {name!r} (schema {self.schema.id!r} has {known})"
            )
        return found

    def relation(self, name: object, where: str) -> RelationDef:
        found = None
        if isinstance(name, str):
            found = self._relations.get(name) or self._folded_relations.get(name.casefold())
        if found is None:
            known = ", ".join(self._relations) or "none"
            raise UserError(
                f"{where}: unknown relation type {name!r} (schema {self.schema.id!r} has {known})"
            )
        return found

    @staticmethod
    def attribute(label: LabelDef, name: str) -> AttributeDef | None:
        """The label's attribute called ``name`` (id, or id/name case-insensitively)."""
        for attribute in label.attributes:
            if attribute.id == name:
                return attribute
        folded = name.casefold()
        for attribute in label.attributes:
            if folded in (attribute.id.casefold(), attribute.name.casefold()):
                return attribute
        return None


def convert_value(attribute: AttributeDef, value: object, where: str) -> AttributeValue:
    """A foreign attribute value in the attribute's own type (enum values match
    case-insensitively; numbers and booleans may come as strings); ``UserError`` if it
    cannot be."""
    problem = f"{where}: attribute {attribute.id}: {short(repr(value))} is not "
    kind = attribute.type
    if value is None:
        return None
    if kind == "enum":
        if isinstance(value, str):
            for allowed in attribute.values:
                if value == allowed or value.casefold() == allowed.casefold():
                    return allowed
        raise UserError(problem + f"one of {', '.join(attribute.values)}")
    if kind == "text":
        if isinstance(value, str):
            return value
        raise UserError(problem + "text")
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.casefold() in ("true", "false"):
            return value.casefold() == "true"
        raise UserError(problem + "true or false")
    number: int | float
    try:
        if isinstance(value, bool):
            raise ValueError
        text = str(value).strip()
        if isinstance(value, int | float):
            number = value
        elif kind == "integer" and _WHOLE_NUMBER.fullmatch(text):
            number = int(text)  # exactly: float() rounds whole numbers beyond 2**53
        else:
            number = float(text)
    except ValueError:
        raise UserError(problem + "a number") from None
    if not math.isfinite(number):
        raise UserError(problem + "a finite number")
    if kind == "integer":
        if number != int(number):
            raise UserError(problem + "a whole number")
        return int(number)
    return number


def check_attributes(label: LabelDef, attributes: dict[str, AttributeValue], where: str) -> None:
    problems = validate_attributes(label, attributes)
    if problems:
        raise UserError(f"{where}: {'; '.join(problems)}")


def check_relation(kind: RelationDef, from_label: str, to_label: str, where: str) -> None:
    if not kind.allows(from_label, to_label):
        raise UserError(f"{where}: {kind.id} cannot link a {from_label} span to a {to_label} span")


_CRLF = re.compile("\r\n")


class ForeignText:
    """A text as another tool stored it, and its canonical form (CRLF and CR -> LF)."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = canonicalize(raw)
        # Each CRLF loses one character: its CR, at these raw positions.
        self._dropped = [found.start() for found in _CRLF.finditer(raw)]

    def to_canonical(self, offset: int) -> int:
        """The canonical offset of a raw code-point offset (0 <= offset <= len(raw))."""
        return offset - bisect_left(self._dropped, offset)


def _whole(value: object) -> bool:
    return type(value) is int and value >= 0


def check_offset(where: str, name: str, value: object) -> None:
    """An offset, when given, must be a JSON integer: not a boolean, not 3.0, not "3"."""
    if value is not None and type(value) is not int:
        raise UserError(f"{where}: {name} {short(repr(value))} is not a whole number")


@dataclass
class Anchor:
    """Checks spans against their quotes, re-anchoring by quote, collecting notes."""

    notes: Notes

    def place(
        self, where: str, text: ForeignText, start: object, end: object, quote: str | None
    ) -> tuple[int, int]:
        """Canonical ``(start, end)`` of a span given in raw offsets with its quote (None:
        the format stores no quote, so only the range is checked). A missing offset (None)
        is found by the quote; one of the wrong type is an error."""
        check_offset(where, "start", start)
        check_offset(where, "end", end)
        canonical = text.text
        valid = _whole(start) and _whole(end) and start < end <= len(text.raw)  # type: ignore[operator]
        if valid:
            assert isinstance(start, int) and isinstance(end, int)
            first, last = text.to_canonical(start), text.to_canonical(end)
            if quote is None or canonical[first:last] == canonicalize(quote):
                return first, last
        if quote is None:
            raise UserError(f"{where}: offsets {start!r}-{end!r} are not a range in the text")
        wanted = canonicalize(quote)
        if not wanted:
            raise UserError(f"{where}: its text is empty")
        near = text.to_canonical(start) if valid and isinstance(start, int) else 0
        found = find_quote(canonical, wanted, near)
        if found is None:
            if valid:
                assert isinstance(start, int) and isinstance(end, int)
                actual = canonical[text.to_canonical(start) : text.to_canonical(end)]
                raise UserError(
                    f"{where}: text {short(wanted)} does not match the text at {start}-{end} "
                    f"{short(actual)} and was not found elsewhere"
                )
            raise UserError(
                f"{where}: offsets {start!r}-{end!r} are not a range in the text and its "
                f"text {short(wanted)} was not found"
            )
        moved = (found, found + len(wanted))
        self.notes.append(
            f"{where}: offsets {start}-{end} moved to {moved[0]}-{moved[1]}, where its text "
            f"{short(wanted)} is"
        )
        return moved


def foreign_document(
    text: str,
    place: str,
    *,
    doc_id: str | None,
    title: str | None,
    meta: dict[str, Any],
    work: NewAnnotationSet | None,
) -> NewDocument:
    """One record as a document with at most one annotator's work; the store joins records
    of the same text (and refuses one annotator twice on a text within a file)."""
    doc = make_document(text, doc_id=doc_id, title=title, meta=meta, source=place)
    return doc if work is None else replace(doc, annotations=(work,))
