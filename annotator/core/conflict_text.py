"""Merge conflicts and their variants as people read them: span texts and display names,
never span ids or schema ids ("alice: links “three soldiers” → “Azerbaijan's MoD”")."""

from __future__ import annotations

from annotator.core.conflicts import Conflict, Variant
from annotator.core.names import (
    attribute_name,
    attribute_value_name,
    count,
    label_name,
    quoted,
    relation_name,
)
from annotator.core.schema import LabelSchema

KIND_NAMES = {
    "presence": "Presence",
    "boundary": "Boundaries",
    "label": "Label",
    "attribute": "Attribute",
    "relation": "Link",
}


def _relation(schema: LabelSchema, type_id: str) -> str:
    """The link type's name, marked when the schema in use lacks it (``schema use --force``)."""
    known = type_id in {relation.id for relation in schema.relations}
    name = relation_name(schema, type_id)
    return name if known else f"{name} (not in the schema)"


def _labels(conflict: Conflict, schema: LabelSchema) -> str:
    return " or ".join(label_name(schema, label) for label in conflict.span_labels)


def what(conflict: Conflict, schema: LabelSchema) -> str:
    """What is disputed: ``Source type of Source “defence ministry”``, ``Location “Baku”``,
    ``attributed to: “three soldiers” → “Baku”``."""
    if conflict.kind == "relation":
        assert conflict.source is not None and conflict.target is not None
        ends = f"{quoted(conflict.source.text)} → {quoted(conflict.target.text)}"
        return f"{_relation(schema, conflict.relation)}: {ends}"
    if conflict.kind == "attribute":
        attribute = attribute_name(schema, conflict.label, conflict.attribute)
        return f"{attribute} of {_labels(conflict, schema)} {quoted(conflict.text)}"
    return f"{_labels(conflict, schema)} {quoted(conflict.text)}"


def title(conflict: Conflict, schema: LabelSchema) -> str:
    """``Attribute: Source type of Source “defence ministry” · 2 of 3 votes``."""
    votes = f"{conflict.votes} of {count(conflict.participants, 'vote')}"
    return f"{KIND_NAMES.get(conflict.kind, conflict.kind)}: {what(conflict, schema)} · {votes}"


def variant_text(conflict: Conflict, variant: Variant, schema: LabelSchema) -> str:
    """One annotator's version, without the name: ``Government``, ``links “a” → “b”``,
    ``Source “the defence ministry” (Source type: Government)``."""
    if conflict.kind == "attribute":
        return attribute_value_name(schema, conflict.label, conflict.attribute, variant.value)
    if conflict.kind == "relation":
        assert variant.source is not None and variant.target is not None
        return f"links {quoted(variant.source.text)} → {quoted(variant.target.text)}"
    filled = [
        f"{attribute_name(schema, variant.label, key)}: "
        f"{attribute_value_name(schema, variant.label, key, value)}"
        for key, value in variant.attributes.items()
        if value not in (None, "")
    ]
    extra = f" ({', '.join(filled)})" if filled else ""
    return f"{label_name(schema, variant.label)} {quoted(variant.text)}{extra}"


def nothing_text(conflict: Conflict) -> str:
    """What a participant without a version of the conflict did there."""
    if conflict.kind == "relation":
        return "no link (taking it rejects the link)"
    if conflict.kind == "attribute":
        return "no span here (taking it leaves the value empty)"
    return "nothing here (taking it rejects the span)"


def choice_text(conflict: Conflict, annotator: str, schema: LabelSchema) -> str:
    """``alice: links “three soldiers” → “Azerbaijan's MoD”``, or what taking nothing means."""
    variants = conflict.variants_of(annotator)
    if not variants:
        return f"{annotator}: {nothing_text(conflict)}"
    return "; ".join(f"{annotator}: {variant_text(conflict, v, schema)}" for v in variants)
