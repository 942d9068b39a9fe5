"""Accepting and rejecting suggestions as core commands (issue 13).

Accepting creates ordinary spans and relations (``CreateSpan``, ``CreateRelation``) with a
``provenance`` naming the suggester, and records the decision; rejecting only records it. A
window runs the list ``accept_commands`` or ``reject_commands`` returns with
``Session.run_many``: one transaction and one undo step. Undo forgets the decision exactly
(the earlier one and the pattern tally come back).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from annotator.core.commands import (
    AnnotationStore,
    Changes,
    Command,
    CreateRelation,
    CreateSpan,
    make_relation,
    make_span,
)
from annotator.core.model import Document, Relation, Span
from annotator.core.schema import LabelSchema
from annotator.core.suggest.base import Suggestion
from annotator.core.suggest.outcomes import ANY_OUTCOME, Key, OutcomeReceipt
from annotator.errors import UserError


class SuggestionStore(AnnotationStore, Protocol):
    """The store as the suggestion commands use it (``annotator.store.Store``)."""

    def record_suggestion_outcome(
        self,
        document_id: int,
        annotator: str,
        suggestion: Suggestion,
        outcome: str,
        *,
        actor: str,
        expected: str | None = ANY_OUTCOME,
    ) -> OutcomeReceipt: ...
    def forget_suggestion_outcome(self, receipt: OutcomeReceipt, *, actor: str) -> None: ...


@dataclass
class RecordSuggestionOutcome:
    """Remember that ``annotator`` accepted or rejected ``suggestion`` in a document.

    ``expected`` is the outcome the user saw for its key (None: undecided; ANY_OUTCOME: not
    checked); a different stored one makes the command stale."""

    document_id: int
    annotator: str
    suggestion: Suggestion
    outcome: str
    expected: str | None = ANY_OUTCOME
    text: str = "Decide on suggestion"
    _receipt: OutcomeReceipt | None = field(default=None, repr=False)

    def apply(self, store: AnnotationStore) -> Changes:
        # A redo finds what undo put back: the decision replaced the first time, or none.
        if self._receipt is not None:
            replaced = self._receipt.replaced
            self.expected = replaced.outcome if replaced is not None else None
        self._receipt = cast(SuggestionStore, store).record_suggestion_outcome(
            self.document_id,
            self.annotator,
            self.suggestion,
            self.outcome,
            actor=self.annotator,
            expected=self.expected,
        )
        return Changes(self.document_id, suggestions=True)

    def revert(self, store: AnnotationStore) -> Changes:
        assert self._receipt is not None, "revert before apply"
        cast(SuggestionStore, store).forget_suggestion_outcome(self._receipt, actor=self.annotator)
        return Changes(self.document_id, suggestions=True)


def _chosen(suggestions: Sequence[Suggestion], chosen_indices: Iterable[int]) -> list[int]:
    chosen = sorted(set(chosen_indices))
    for index in chosen:
        if not 0 <= index < len(suggestions):
            raise UserError(f"no suggestion number {index} (the document has {len(suggestions)})")
    return chosen


def _expected(outcomes: Mapping[Key, str] | None, suggestion: Suggestion) -> str | None:
    return ANY_OUTCOME if outcomes is None else outcomes.get(suggestion.key)


def _new_span(
    schema: LabelSchema, document: Document, annotator: str, suggestion: Suggestion
) -> Span:
    span = make_span(
        document.text,
        document_id=document.id,
        annotator=annotator,
        label=suggestion.label,
        start=suggestion.start,
        end=suggestion.end,
        schema=schema,
    )
    if span.text != suggestion.text:
        raise UserError(
            f"the {suggestion.label} suggestion at {suggestion.start}-{suggestion.end} no "
            "longer matches the document's text"
        )
    return dataclasses.replace(
        span,
        attributes=dict(suggestion.attributes),
        provenance={"suggester": suggestion.suggester, "score": suggestion.score},
    )


def accept_commands(
    schema: LabelSchema,
    document: Document,
    annotator: str,
    suggestions: Sequence[Suggestion],
    chosen_indices: Iterable[int],
    existing_spans: Iterable[Span],
    *,
    existing_relations: Iterable[Relation] = (),
    outcomes: Mapping[Key, str] | None = None,
) -> list[Command]:
    """The commands that accept the chosen suggestions of ``suggestions`` (a document's whole
    list: links index into it), in order: their spans, with attributes and a provenance
    ``{"suggester", "score"}``; the spans their links point at, when not annotated yet (an
    existing span of ``annotator`` with the same label and offsets is linked instead of
    duplicated); the relations (none already in ``existing_relations``); one
    ``RecordSuggestionOutcome`` per chosen suggestion. ``outcomes``, what the user saw
    (``Store.suggestion_outcomes``), makes a decision taken meanwhile elsewhere stale."""
    chosen = _chosen(suggestions, chosen_indices)
    existing: dict[Key, Span] = {}
    for span in existing_spans:
        if span.annotator == annotator and span.document_id == document.id:
            existing.setdefault((span.label, span.start, span.end), span)
    spans: dict[int, Span] = {}
    creates: list[Command] = []

    def span_for(index: int) -> Span:
        if index not in spans:
            suggestion = suggestions[index]
            found = existing.get(suggestion.key)
            if found is None:
                found = _new_span(schema, document, annotator, suggestion)
                creates.append(CreateSpan(found, text="Accept suggestion"))
            spans[index] = found
        return spans[index]

    linked = {(r.type, r.from_uid, r.to_uid) for r in existing_relations}
    relations: list[Command] = []
    for index in chosen:
        source = span_for(index)
        for link in suggestions[index].links:
            if not 0 <= link.to < len(suggestions) or link.to == index:
                continue
            target = span_for(link.to)
            if (link.type, source.uid, target.uid) in linked:
                continue
            linked.add((link.type, source.uid, target.uid))
            relation = make_relation(schema, link.type, source, target)
            relations.append(CreateRelation(relation, text="Accept suggestion"))
    decisions = _decisions(document, annotator, suggestions, chosen, "accepted", outcomes)
    return [*creates, *relations, *decisions]


def reject_commands(
    document: Document,
    annotator: str,
    suggestions: Sequence[Suggestion],
    chosen_indices: Iterable[int],
    *,
    outcomes: Mapping[Key, str] | None = None,
) -> list[Command]:
    """One ``RecordSuggestionOutcome('rejected')`` per chosen suggestion: never proposed
    again to ``annotator`` in this document, and a mark against its pattern."""
    chosen = _chosen(suggestions, chosen_indices)
    return _decisions(document, annotator, suggestions, chosen, "rejected", outcomes)


def _decisions(
    document: Document,
    annotator: str,
    suggestions: Sequence[Suggestion],
    chosen: list[int],
    outcome: str,
    outcomes: Mapping[Key, str] | None,
) -> list[Command]:
    """The recorded outcome of each chosen suggestion, based on the outcome the user saw."""
    text = "Accept suggestion" if outcome == "accepted" else "Reject suggestion"
    return [
        RecordSuggestionOutcome(
            document.id,
            annotator,
            suggestions[index],
            outcome,
            expected=_expected(outcomes, suggestions[index]),
            text=text,
        )
        for index in chosen
    ]


def keys_to_skip(outcomes: Mapping[Key, str], annotated: Iterable[Key]) -> set[Key]:
    """What not to propose to an annotator in a document (``run.suggest``'s ``skip``): the
    keys they rejected and those of the spans they already have, (label, start, end). An
    accepted suggestion whose span was deleted since is proposed again."""
    skip = {key for key, outcome in outcomes.items() if outcome == "rejected"}
    skip.update(annotated)
    return skip


def title(commands: Sequence[Command]) -> str:
    """An undo-step title for a list of these commands ("Accept 3 suggestions")."""
    decided = [c for c in commands if isinstance(c, RecordSuggestionOutcome)]
    verb = "Accept" if decided and decided[0].outcome == "accepted" else "Reject"
    return f"{verb} suggestion" if len(decided) == 1 else f"{verb} {len(decided)} suggestions"
