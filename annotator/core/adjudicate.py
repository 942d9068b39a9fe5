"""Adjudication: turning merge results and a team lead's choices into commands on the gold set.

The gold set is the work of the annotator ``gold``. ``document_merge`` runs the merge of
DESIGN section 6 on one stored document; the decision functions return core commands (so the
GUI can undo them, and apply them in one transaction) that create, change or remove gold
spans and relations. Whether a conflict is settled is read from the gold set itself, so
decisions survive restarts; a rejection, which leaves nothing in gold, is recorded.

A decision takes one annotator's version of a conflict (``choose``). Taking the version of
an annotator who marked nothing there takes nothing, as a rejection does. A decision never
waits for another: taking a value of an attribute conflict whose span gold lacks puts the
span in gold with that value, and taking a link whose ends gold lacks puts that annotator's
spans in gold with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from annotator.core import commands, names
from annotator.core.agreement import AnnotatedDoc, from_stored, symmetric_relations
from annotator.core.conflicts import Conflict, Endpoint, Variant
from annotator.core.merge import GOLD, DocumentText, MergedDocument, merge_document
from annotator.core.model import Document, Relation, Span, Status, new_uid
from annotator.core.schema import LabelSchema
from annotator.errors import UserError

Command = commands.Command
REJECTED = "rejected"


@dataclass(frozen=True)
class Work:
    """One annotator's stored work on a document."""

    annotator: str
    status: Status
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]


def annotated_doc(document: Document, work: Work) -> AnnotatedDoc:
    return from_stored(document, work.annotator, work.status.value, work.spans, work.relations)


def document_merge(
    document: Document, works: Sequence[Work], schema: LabelSchema, threshold: float = 0.5
) -> MergedDocument:
    """Merge the annotators' work on one document (the gold annotator does not vote)."""
    voters = {w.annotator: annotated_doc(document, w) for w in works if w.annotator != GOLD}
    text = DocumentText(
        document.text_sha256, document.doc_id, document.title, document.text, document.meta
    )
    symmetric = symmetric_relations(schema)
    return merge_document(
        text, voters, sorted(voters), Fraction(threshold).limit_denominator(), symmetric
    )


def participants(merged: MergedDocument) -> list[str]:
    """The annotators who vote on this document (done), in the order their lanes are drawn."""
    return [name for name, status in merged.statuses if status == Status.DONE.value]


# ---- reading the gold set ----------------------------------------------------------------------


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared / union if shared > 0 and union > 0 else 0.0


def gold_at(
    gold: Sequence[Span], start: int, end: int, labels: Collection[str] = ()
) -> Span | None:
    """The gold span that best overlaps [start, end) (IoU >= 0.5), optionally of some labels."""
    best: tuple[float, Span] | None = None
    for span in gold:
        if labels and span.label not in labels:
            continue
        score = _iou((span.start, span.end), (start, end))
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, span)
    return best[1] if best else None


def gold_span_for(conflict: Conflict, gold: Sequence[Span]) -> Span | None:
    """The gold span that settles a span or attribute conflict, if gold has one."""
    return gold_at(gold, conflict.start, conflict.end, conflict.span_labels)


def conflict_state(
    conflict: Conflict,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    decisions: Mapping[str, str] | None,
    schema: LabelSchema,
) -> str:
    """What was decided for a conflict, in a few readable words ("" when nothing yet): what
    the gold set holds there, else a recorded rejection (``decisions``: conflict id ->
    decision)."""
    held = _gold_state(conflict, gold, gold_relations, schema)
    if held:
        return held
    if decisions and decisions.get(conflict.id) == REJECTED:
        return "rejected: nothing in gold"
    return ""


def open_conflicts(
    conflicts: Sequence[Conflict],
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    decisions: Mapping[str, str] | None,
    schema: LabelSchema,
) -> list[Conflict]:
    """The conflicts nothing has been decided for yet, in queue order."""
    return [c for c in conflicts if not conflict_state(c, gold, gold_relations, decisions, schema)]


def _gold_state(
    conflict: Conflict,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> str:
    if conflict.kind == "relation":
        ends = _relation_ends(conflict, gold)
        if ends is None:
            return ""
        linked = _links(gold_relations, conflict.relation, *ends, either_way=True)
        return "linked in gold" if linked else ""
    span = gold_span_for(conflict, gold)
    if span is None:
        return ""
    if conflict.kind == "attribute":
        value = span.attributes.get(conflict.attribute)
        if value is None:
            return ""
        attribute = names.attribute_name(schema, span.label, conflict.attribute)
        shown = names.attribute_value_name(schema, span.label, conflict.attribute, value)
        return f"gold {attribute}: {shown}"
    return f"gold {names.label_name(schema, span.label)} {names.quoted(span.text)}"


# ---- decisions -------------------------------------------------------------------------------


def _gold_span(
    document: Document,
    label: str,
    start: int,
    end: int,
    attributes: Mapping[str, Any],
    provenance: Mapping[str, Any],
) -> Span:
    return Span(
        uid=new_uid("s"),
        document_id=document.id,
        annotator=GOLD,
        label=label,
        start=start,
        end=end,
        text=document.text[start:end],
        attributes={k: v for k, v in attributes.items() if v not in (None, "")},
        provenance=dict(provenance),
    )


def accept_span_record(
    document: Document, record: Mapping[str, Any], gold: Sequence[Span]
) -> Command | None:
    """Copy one accepted merged span into gold (None if gold already has it)."""
    existing = gold_at(gold, record["start"], record["end"], [record["label"]])
    if existing is not None:
        return None
    span = _gold_span(
        document,
        record["label"],
        record["start"],
        record["end"],
        record["attributes"],
        record["provenance"],
    )
    return commands.CreateSpan(span, text=f"Accept {record['label']}")


def accept_unanimous(
    document: Document,
    merged: MergedDocument,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> list[Command]:
    """Gold spans for every cluster all participants agree on (label, boundaries and every
    attribute), then the majority links between gold spans. A span with any conflict, an
    attribute one included, is left to its conflict."""
    disputed = {sid for c in merged.conflicts for sid in c.span_ids}
    result: list[Command] = []
    for record in merged.spans:
        provenance = record["provenance"]
        if provenance["votes"] == provenance["participants"] and record["id"] not in disputed:
            command = accept_span_record(document, record, gold)
            if command is not None:
                result.append(command)
    created = [c.span for c in result if isinstance(c, commands.CreateSpan)]
    return result + accept_relations(merged, [*gold, *created], gold_relations, schema)


def choose(
    document: Document,
    merged: MergedDocument,
    conflict: Conflict,
    annotator: str,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> list[Command]:
    """Make ``annotator``'s version of a conflict the gold decision. An annotator with no
    version there (nothing marked, no link) means nothing in gold: a rejection."""
    if annotator not in participants(merged):
        raise UserError(f"{annotator} did not finish this document and has no vote here")
    variants = conflict.variants_of(annotator)
    if not variants:
        return reject(document, conflict, gold, gold_relations)
    return accept_variant(document, merged, conflict, variants[0], gold, gold_relations, schema)


def accept_variant(
    document: Document,
    merged: MergedDocument,
    conflict: Conflict,
    variant: Variant,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> list[Command]:
    """Make one variant of a conflict the gold decision."""
    provenance = {
        "annotators": [variant.annotator],
        "votes": 1 if conflict.kind != "attribute" else conflict.votes,
        "participants": conflict.participants,
        "decision": f"adjudicated {conflict.kind} conflict",
    }
    if conflict.kind == "relation":
        return _link(document, merged, conflict, variant, gold, gold_relations, schema)
    existing = gold_span_for(conflict, gold)
    if conflict.kind == "attribute":
        return _choose_value(document, merged, conflict, variant, existing, provenance)
    if existing is not None:
        after = dataclasses.replace(
            commands.with_edges(existing, document.text, variant.start, variant.end),
            label=variant.label,
            attributes=dict(variant.attributes),
            provenance=provenance,
        )
        return [commands.UpdateSpan(existing, after, text=f"Choose {variant.annotator}'s span")]
    span = _gold_span(
        document, variant.label, variant.start, variant.end, variant.attributes, provenance
    )
    return [commands.CreateSpan(span, text=f"Accept {variant.annotator}'s span")]


def _choose_value(
    document: Document,
    merged: MergedDocument,
    conflict: Conflict,
    variant: Variant,
    existing: Span | None,
    provenance: Mapping[str, Any],
) -> list[Command]:
    """An attribute value into gold: on the gold span, or with the span when gold lacks it
    (the merged span the annotators agreed on, with its majority values)."""
    key = conflict.attribute
    text = f"Choose {key}"
    if existing is not None:
        attributes = {**existing.attributes, key: variant.value}
        attributes = {k: v for k, v in attributes.items() if v not in (None, "")}
        return [
            commands.UpdateSpan(
                existing, dataclasses.replace(existing, attributes=attributes), text=text
            )
        ]
    record = next((r for r in merged.spans if r["id"] in conflict.span_ids), None)
    if record is None:  # the merge always accepts a span before disputing its attributes
        raise UserError("this attribute's span is not in the merged set")
    attributes = {**record["attributes"], key: variant.value}
    kept = {**record["provenance"], "decision": provenance["decision"]}
    span = _gold_span(document, record["label"], record["start"], record["end"], attributes, kept)
    return [commands.CreateSpan(span, text=f"Accept span with {key}")]


def reject(
    document: Document,
    conflict: Conflict,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
) -> list[Command]:
    """Keep the conflict out of the gold set (removing what gold has there); the rejection
    is recorded, since it leaves nothing in gold to show it."""
    return [
        *_reject_changes(conflict, gold, gold_relations),
        commands.RecordDecision(document.id, conflict.id, REJECTED, GOLD, text="Record rejected"),
    ]


def _reject_changes(
    conflict: Conflict, gold: Sequence[Span], gold_relations: Sequence[Relation]
) -> list[Command]:
    if conflict.kind == "relation":
        ends = _relation_ends(conflict, gold)
        if ends is None:
            return []
        return [
            commands.DeleteRelation(r, text="Reject link")
            for r in _links(gold_relations, conflict.relation, *ends, either_way=True)
        ]
    existing = gold_span_for(conflict, gold)
    if existing is None:
        return []
    if conflict.kind == "attribute":
        attributes = {k: v for k, v in existing.attributes.items() if k != conflict.attribute}
        after = dataclasses.replace(existing, attributes=attributes)
        return [commands.UpdateSpan(existing, after, text=f"Clear {conflict.attribute}")]
    return [commands.DeleteSpan(existing.uid, text="Reject span", version=existing.version)]


def _links(
    relations: Sequence[Relation], kind: str, a: Span, b: Span, *, either_way: bool = False
) -> list[Relation]:
    """The gold links of type ``kind`` from ``a`` to ``b`` (or between them, either way)."""
    ends = {(a.uid, b.uid), (b.uid, a.uid)} if either_way else {(a.uid, b.uid)}
    return [r for r in relations if r.type == kind and (r.from_uid, r.to_uid) in ends]


def _relation_ends(conflict: Conflict, gold: Sequence[Span]) -> tuple[Span, Span] | None:
    source, target = conflict.source, conflict.target
    assert source is not None and target is not None
    a = gold_at(gold, source.start, source.end, [source.label])
    b = gold_at(gold, target.start, target.end, [target.label])
    return (a, b) if a is not None and b is not None else None


def _link(
    document: Document,
    merged: MergedDocument,
    conflict: Conflict,
    variant: Variant,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> list[Command]:
    """The annotator's link into gold; an end gold lacks comes in as the annotator's span."""
    assert variant.source is not None and variant.target is not None
    made: list[Command] = []
    ends: list[Span] = []
    for own in (variant.source, variant.target):
        span = gold_at(
            [*gold, *(c.span for c in made if isinstance(c, commands.CreateSpan))],
            own.start,
            own.end,
            [own.label],
        )
        if span is None:
            span = _annotators_span(document, merged, conflict, variant.annotator, own)
            made.append(commands.CreateSpan(span, text=f"Accept {variant.annotator}'s span"))
        ends.append(span)
    if _links(gold_relations, conflict.relation, ends[0], ends[1]):
        return made
    relation = commands.make_relation(schema, conflict.relation, ends[0], ends[1])
    return [*made, commands.CreateRelation(relation, text=f"Accept {conflict.relation} link")]


def _annotators_span(
    document: Document, merged: MergedDocument, conflict: Conflict, annotator: str, own: Endpoint
) -> Span:
    """A gold span for one end of an annotator's link: the merged span when the majority
    accepted it (with the majority values), else a copy of the annotator's own span."""
    accepted = {e.span_id for e in (conflict.source, conflict.target) if e and e.span_id}
    for record in merged.spans:
        if (
            record["id"] in accepted
            and record["label"] == own.label
            and _iou((record["start"], record["end"]), (own.start, own.end)) >= 0.5
        ):
            kept = {**record["provenance"], "decision": "adjudicated relation conflict"}
            return _gold_span(
                document, own.label, record["start"], record["end"], record["attributes"], kept
            )
    attributes: Mapping[str, Any] = {}
    for other in merged.conflicts:
        for variant in other.variants_of(annotator):
            if variant.span_id == own.span_id and variant.label:
                attributes = variant.attributes
    provenance = {
        "annotators": [annotator],
        "votes": 1,
        "participants": conflict.participants,
        "decision": "adjudicated relation conflict",
    }
    return _gold_span(document, own.label, own.start, own.end, attributes, provenance)


def accept_relations(
    merged: MergedDocument,
    gold: Sequence[Span],
    gold_relations: Sequence[Relation],
    schema: LabelSchema,
) -> list[Command]:
    """Gold links for the merged (majority) relations whose endpoints are in gold."""
    by_id = {record["id"]: record for record in merged.spans}
    result: list[Command] = []
    for relation in merged.relations:
        source, target = by_id.get(relation["from_id"]), by_id.get(relation["to_id"])
        if source is None or target is None:
            continue
        a = gold_at(gold, source["start"], source["end"], [source["label"]])
        b = gold_at(gold, target["start"], target["end"], [target["label"]])
        if a is None or b is None or _links(gold_relations, relation["type"], a, b):
            continue
        made = commands.make_relation(schema, relation["type"], a, b)
        result.append(commands.CreateRelation(made, text=f"Accept {relation['type']} link"))
    return result
