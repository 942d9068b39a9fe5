"""What users read instead of ids: display names of labels, attributes, enum values and link
types, and counted nouns ("1 document", "2 documents").

Every view and message goes through these, so an id such as ``armed_group`` never reaches a
user: the schema's name when it gives one, else the id humanized ("Armed group"). No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Re-exported: views use the word helpers together with the names.
from annotator.core.words import count as count
from annotator.core.words import humanize as humanize
from annotator.core.words import plural_of as plural_of

if TYPE_CHECKING:
    from annotator.core.schema import AttributeDef, LabelDef, LabelSchema


def _label(schema: LabelSchema, label_id: str) -> LabelDef | None:
    try:
        return schema.label(label_id)
    except KeyError:
        return None


def label_name(schema: LabelSchema, label_id: str) -> str:
    """The schema's name for a label ("Casualty figure"), else the id humanized."""
    label = _label(schema, label_id)
    return label.name if label is not None else humanize(label_id)


def find_attribute(label: LabelDef | None, attribute_id: str) -> AttributeDef | None:
    """The label's attribute with this id; None for no label or an attribute it lacks."""
    if label is None:
        return None
    try:
        return label.attribute(attribute_id)
    except KeyError:
        return None


def attribute_def(schema: LabelSchema, label_id: str, attribute_id: str) -> AttributeDef | None:
    return find_attribute(_label(schema, label_id), attribute_id)


def attribute_name(schema: LabelSchema, label_id: str | None, attribute_id: str) -> str:
    """The schema's name for a label's attribute ("Source type"), else the id humanized."""
    attribute = attribute_def(schema, label_id, attribute_id) if label_id else None
    return attribute.name if attribute is not None else humanize(attribute_id)


def value_name(attribute: AttributeDef | None, value: object) -> str:
    """A stored attribute value as users read it: an enum value's display name
    ("More than"), "yes"/"no", numbers with thousands separators, text as it is, "empty"."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str):
        if attribute is not None and attribute.type == "enum":
            return dict(attribute.value_names).get(value) or humanize(value)
        return value
    return str(value)


def attribute_value_name(
    schema: LabelSchema, label_id: str | None, attribute_id: str, value: object
) -> str:
    attribute = attribute_def(schema, label_id, attribute_id) if label_id else None
    if attribute is None and isinstance(value, str) and value:
        return humanize(value)  # a value of an attribute the schema lacks: still no raw id
    return value_name(attribute, value)


def relation_name(schema: LabelSchema, type_id: str) -> str:
    """The schema's name for a link type ("attributed to"), else the id humanized."""
    try:
        return schema.relation(type_id).name
    except KeyError:
        return humanize(type_id)


def quoted(text: str, limit: int = 60) -> str:
    """Span text in typographic quotes, shortened in the middle when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        half = (limit - 1) // 2
        text = text[:half] + "…" + text[-half:]
    return f"“{text}”"
