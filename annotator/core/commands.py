"""Commands that change annotations. Each one applies and reverts itself through a store.

The GUI wraps every command in a QUndoCommand; the CLI and scripts run them directly. A
command keeps ids and plain values (never live database objects), so undo works after any
number of other edits. Each apply/revert returns a ``Changes`` value saying what to refresh.

Every command remembers the version of the rows it last wrote and bases its next step on it:
if another window or process changed them in between, the store refuses the step
(``StaleEditError``) instead of writing over newer work.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Protocol

from annotator.core.model import Relation, Span, Status, new_uid
from annotator.core.schema import LabelSchema
from annotator.errors import UserError


class AnnotationStore(Protocol):
    """The part of the store that commands use (implemented by ``annotator.store.Store``)."""

    def record_decision(
        self, document_id: int, conflict_id: str, decision: str | None, *, actor: str
    ) -> None: ...
    def span(self, uid: str) -> Span: ...
    def relations(self, document_id: int, annotator: str | None = None) -> list[Relation]: ...
    def add_span(self, span: Span, *, actor: str | None = None) -> Span: ...
    def update_span(self, span: Span, *, actor: str | None = None) -> Span: ...
    def delete_span(self, uid: str, *, actor: str, version: int = 0) -> Span: ...
    def add_relation(self, relation: Relation, *, actor: str | None = None) -> Relation: ...
    def delete_relation(self, uid: str, *, actor: str) -> None: ...
    def set_status(
        self,
        document_id: int,
        annotator: str,
        status: Status,
        *,
        actor: str | None = None,
        expected: Status | None = None,
    ) -> Status: ...


@dataclass(frozen=True)
class Changes:
    """What a command touched, so each view can decide whether to refresh."""

    document_id: int
    spans: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    status: bool = False
    suggestions: bool = False  # a suggestion was accepted or rejected, or that was undone


class Command(Protocol):
    text: str

    def apply(self, store: AnnotationStore) -> Changes: ...
    def revert(self, store: AnnotationStore) -> Changes: ...


def make_span(
    text: str,
    *,
    document_id: int,
    annotator: str,
    label: str,
    start: int,
    end: int,
    schema: LabelSchema,
) -> Span:
    """A new, validated span over ``text[start:end]``."""
    if label not in {definition.id for definition in schema.labels}:
        raise UserError(f"unknown label {label!r}")
    if not 0 <= start < end <= len(text):
        raise UserError(f"span {start}-{end} is outside the text (0-{len(text)}) or empty")
    return Span(
        uid=new_uid("s"),
        document_id=document_id,
        annotator=annotator,
        label=label,
        start=start,
        end=end,
        text=text[start:end],
    )


def with_edges(span: Span, text: str, start: int, end: int) -> Span:
    """The same span moved to new edges, its quoted text updated."""
    if not 0 <= start < end <= len(text):
        raise UserError(f"span {start}-{end} is outside the text (0-{len(text)}) or empty")
    return dataclasses.replace(span, start=start, end=end, text=text[start:end])


def relabelled(span: Span, schema: LabelSchema, label_id: str) -> Span:
    """The span under another label, keeping only the attributes that label has."""
    allowed = {attribute.id for attribute in schema.label(label_id).attributes}
    return dataclasses.replace(
        span,
        label=label_id,
        attributes={k: v for k, v in span.attributes.items() if k in allowed},
    )


@dataclass
class CreateSpan:
    span: Span
    text: str = "Create span"
    _stored: Span | None = field(default=None, repr=False)

    def apply(self, store: AnnotationStore) -> Changes:
        # A redo re-creates the span one version above the one undo deleted.
        again = self.span if self._stored is None else self._stored
        self._stored = store.add_span(
            dataclasses.replace(again, version=again.version + 1 if self._stored else 0)
        )
        return Changes(self.span.document_id, spans=frozenset({self.span.uid}))

    def revert(self, store: AnnotationStore) -> Changes:
        assert self._stored is not None, "revert before apply"
        store.delete_span(self.span.uid, actor=self.span.annotator, version=self._stored.version)
        return Changes(self.span.document_id, spans=frozenset({self.span.uid}))


@dataclass
class DeleteSpan:
    """Deletes a span and its relations; undo brings both back with the same ids.

    ``version`` is the version the user saw (0: whatever is stored)."""

    uid: str
    text: str = "Delete span"
    version: int = 0
    _span: Span | None = field(default=None, repr=False)
    _relations: list[Relation] = field(default_factory=list, repr=False)

    def apply(self, store: AnnotationStore) -> Changes:
        span = store.span(self.uid)
        self._relations = [
            r
            for r in store.relations(span.document_id, span.annotator)
            if self.uid in (r.from_uid, r.to_uid)
        ]
        self._span = store.delete_span(self.uid, actor=span.annotator, version=self.version)
        return Changes(
            span.document_id,
            spans=frozenset({self.uid}),
            relations=frozenset(r.uid for r in self._relations),
        )

    def revert(self, store: AnnotationStore) -> Changes:
        assert self._span is not None, "revert before apply"
        restored = store.add_span(dataclasses.replace(self._span, version=self._span.version + 1))
        self.version = restored.version
        for relation in self._relations:
            store.add_relation(relation)
        return Changes(
            self._span.document_id,
            spans=frozenset({self.uid}),
            relations=frozenset(r.uid for r in self._relations),
        )


@dataclass
class UpdateSpan:
    """Any change of label, edges, attributes or note: ``before`` and ``after`` share a uid.

    ``before.version`` is the version the edit is based on."""

    before: Span
    after: Span
    text: str = "Edit span"
    _base: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        if self.before.uid != self.after.uid:
            raise ValueError("UpdateSpan needs two versions of the same span")
        if self._base < 0:
            self._base = self.before.version

    def _write(self, store: AnnotationStore, span: Span) -> None:
        written = store.update_span(dataclasses.replace(span, version=self._base))
        self._base = written.version

    def apply(self, store: AnnotationStore) -> Changes:
        self._write(store, self.after)
        return Changes(self.after.document_id, spans=frozenset({self.after.uid}))

    def revert(self, store: AnnotationStore) -> Changes:
        self._write(store, self.before)
        return Changes(self.before.document_id, spans=frozenset({self.before.uid}))


def make_relation(schema: LabelSchema, type_id: str, source: Span, target: Span) -> Relation:
    """A new relation, checked against the schema's allowed endpoints."""
    if type_id not in {relation.id for relation in schema.relations}:
        raise UserError(f"unknown relation type {type_id!r}")
    definition = schema.relation(type_id)
    if source.uid == target.uid:
        raise UserError("a span cannot be related to itself")
    if source.document_id != target.document_id or source.annotator != target.annotator:
        raise UserError("related spans must belong to the same document and annotator")
    if not definition.allows(source.label, target.label):
        raise UserError(f"{type_id} cannot link a {source.label} to a {target.label}")
    return Relation(
        uid=new_uid("r"),
        document_id=source.document_id,
        annotator=source.annotator,
        type=type_id,
        from_uid=source.uid,
        to_uid=target.uid,
    )


@dataclass
class CreateRelation:
    relation: Relation
    text: str = "Link spans"

    def apply(self, store: AnnotationStore) -> Changes:
        store.add_relation(self.relation)
        return Changes(self.relation.document_id, relations=frozenset({self.relation.uid}))

    def revert(self, store: AnnotationStore) -> Changes:
        store.delete_relation(self.relation.uid, actor=self.relation.annotator)
        return Changes(self.relation.document_id, relations=frozenset({self.relation.uid}))


@dataclass
class DeleteRelation:
    relation: Relation
    text: str = "Remove link"

    def apply(self, store: AnnotationStore) -> Changes:
        store.delete_relation(self.relation.uid, actor=self.relation.annotator)
        return Changes(self.relation.document_id, relations=frozenset({self.relation.uid}))

    def revert(self, store: AnnotationStore) -> Changes:
        store.add_relation(self.relation)
        return Changes(self.relation.document_id, relations=frozenset({self.relation.uid}))


@dataclass
class SetStatus:
    """``seen`` is the status the user saw (None: whatever is stored)."""

    document_id: int
    annotator: str
    status: Status
    text: str = "Set status"
    seen: Status | None = None
    _previous: Status | None = field(default=None, repr=False)

    def apply(self, store: AnnotationStore) -> Changes:
        expected = self.seen if self._previous is None else self._previous
        self._previous = store.set_status(
            self.document_id, self.annotator, self.status, expected=expected
        )
        return Changes(self.document_id, status=True)

    def revert(self, store: AnnotationStore) -> Changes:
        assert self._previous is not None, "revert before apply"
        store.set_status(self.document_id, self.annotator, self._previous, expected=self.status)
        return Changes(self.document_id, status=True)


@dataclass
class RecordDecision:
    """An adjudication decision kept in the audit trail (a rejection leaves no gold span)."""

    document_id: int
    conflict_id: str
    decision: str
    actor: str
    text: str = "Record decision"

    def apply(self, store: AnnotationStore) -> Changes:
        store.record_decision(self.document_id, self.conflict_id, self.decision, actor=self.actor)
        return Changes(self.document_id)

    def revert(self, store: AnnotationStore) -> Changes:
        store.record_decision(self.document_id, self.conflict_id, None, actor=self.actor)
        return Changes(self.document_id)
