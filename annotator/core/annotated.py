"""One annotator's work on one document as agreement, merge and adjudication see it: plain,
frozen values, whatever they were read from (a native file or the store).

Spans and relations are ``msgspec`` structs rather than dataclasses: a team of ten annotators
brings hundreds of thousands of spans, and a struct is built about ten times faster than a
frozen dataclass. They take the same positional and keyword arguments and compare the same
way; change one with ``msgspec.structs.replace`` (``dataclasses.replace`` does not apply).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import msgspec

from annotator.core.model import AttributeValue

SpanKey = tuple[int, int, str]
"""(start, end, label): what "exactly matched" compares."""
RelationKey = tuple[str, SpanKey, SpanKey]
"""(type, from span key, to span key); for a symmetric type the two keys are sorted."""


class SpanItem(msgspec.Struct, frozen=True, gc=False):
    """One annotator's span, as agreement and merge see it."""

    id: str
    label: str
    start: int
    end: int
    attributes: Mapping[str, AttributeValue] = msgspec.field(default_factory=dict)
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def key(self) -> SpanKey:
        return (self.start, self.end, self.label)


class RelationItem(msgspec.Struct, frozen=True, gc=False):
    id: str
    type: str
    from_id: str
    to_id: str


@dataclass(frozen=True)
class AnnotatedDoc:
    """One document as one annotator left it (one line of a native file)."""

    text_sha256: str
    doc_id: str
    text_length: int
    annotator: str
    status: str
    spans: tuple[SpanItem, ...] = ()
    relations: tuple[RelationItem, ...] = ()
    updated_at: str = ""
    source: str = ""  # "file: line N", for messages

    @property
    def participates(self) -> bool:
        return self.status == "done"
