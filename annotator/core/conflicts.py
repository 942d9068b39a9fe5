"""Merge conflicts as typed values (DESIGN section 6), and their native-format records.

A conflict is one place where the participants' work has no strict majority: a span some
marked and others did not (*presence*), disputed boundaries (*boundary*), different labels
on the same text (*label*), a disputed attribute value (*attribute*), or a link without a
majority (*relation*). ``Variant`` is one annotator's version of it. ``record()`` gives the
JSON object of the native format, key for key as merged files have always held it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import AttributeValue

SPAN_KINDS = ("presence", "boundary", "label")


@dataclass(frozen=True)
class Endpoint:
    """One end of a disputed link: in a conflict, the merged cluster (``span_id`` None if
    not accepted); in a variant, the annotator's own span."""

    span_id: str | None
    label: str
    start: int
    end: int
    text: str = ""

    def record(self) -> dict[str, Any]:
        return {"span_id": self.span_id, "label": self.label, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Variant:
    """One annotator's version of a conflict. Span kinds use ``span_id`` to ``note``;
    attribute conflicts ``span_id`` and ``value``; relation conflicts ``relation_id`` and the
    ends ``source`` and ``target``: the annotator's own spans, with their texts."""

    annotator: str
    span_id: str | None = None
    label: str = ""
    start: int = 0
    end: int = 0
    text: str = ""
    attributes: Mapping[str, AttributeValue] = field(default_factory=dict)
    note: str = ""
    value: AttributeValue = None
    relation_id: str = ""
    source: Endpoint | None = None
    target: Endpoint | None = None

    def record(self, kind: str) -> dict[str, Any]:
        if kind == "attribute":
            return {"annotator": self.annotator, "span_id": self.span_id, "value": self.value}
        if kind == "relation":
            assert self.source is not None and self.target is not None
            return {
                "annotator": self.annotator,
                "relation_id": self.relation_id,
                "from_id": self.source.span_id,
                "to_id": self.target.span_id,
            }
        return {
            "annotator": self.annotator,
            "span_id": self.span_id,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "attributes": dict(self.attributes),
            "note": self.note,
        }


@dataclass(frozen=True)
class Conflict:
    """One disagreement. ``start``/``end`` cover the disputed text (for a relation, both
    ends); ``labels`` are the labels involved; ``absent`` the participants with no variant."""

    id: str
    kind: str  # one of merge.CONFLICT_TYPES
    start: int
    end: int
    votes: int
    participants: int
    variants: tuple[Variant, ...]
    label: str | None = None
    labels: tuple[str, ...] = ()
    text: str = ""
    span_ids: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    attribute: str = ""
    relation: str = ""
    source: Endpoint | None = None
    target: Endpoint | None = None
    reason: str = ""

    @property
    def span_labels(self) -> tuple[str, ...]:
        """The labels a gold span settling this conflict may have."""
        return self.labels or ((self.label,) if self.label else ())

    def variants_of(self, annotator: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.annotator == annotator)

    def record(self) -> dict[str, Any]:
        """The conflict as the native format writes it."""
        head: dict[str, Any] = {"id": self.id, "type": self.kind}
        variants = [variant.record(self.kind) for variant in self.variants]
        if self.kind == "relation":
            assert self.source is not None and self.target is not None
            return {
                **head,
                "relation": self.relation,
                "from": self.source.record(),
                "to": self.target.record(),
                "reason": self.reason,
                "votes": self.votes,
                "participants": self.participants,
                "variants": variants,
                "absent": list(self.absent),
            }
        if self.kind == "attribute":
            return {
                **head,
                "label": self.label,
                "start": self.start,
                "end": self.end,
                "span_ids": list(self.span_ids),
                "attribute": self.attribute,
                "votes": self.votes,
                "participants": self.participants,
                "variants": variants,
            }
        return {
            **head,
            "label": self.label,
            "labels": list(self.labels),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "span_ids": list(self.span_ids),
            "votes": self.votes,
            "participants": self.participants,
            "variants": variants,
            "absent": list(self.absent),
        }
