"""Names and colours of labels and link types, including ones the schema no longer has.

``schema use --force`` may leave stored spans with a label, attribute, enum value or link type
that the schema lacks. Views show those as such ("unknown label 'rumour'", in grey) instead of
looking them up and crashing. Known ones are named by core/names.py, like everywhere else.
"""

from __future__ import annotations

from annotator.core import names
from annotator.core.schema import LabelDef, LabelSchema, RelationDef

UNKNOWN_COLOUR = "#9e9e9e"  # grey: readable on light and dark palettes
UNKNOWN_STYLE = f"color: {UNKNOWN_COLOUR};"


def find_label(schema: LabelSchema, label_id: str) -> LabelDef | None:
    try:
        return schema.label(label_id)
    except KeyError:
        return None


def find_relation(schema: LabelSchema, type_id: str) -> RelationDef | None:
    try:
        return schema.relation(type_id)
    except KeyError:
        return None


def unknown_label(label_id: str) -> str:
    return f"unknown label {label_id!r}"


def label_name(schema: LabelSchema, label_id: str) -> str:
    """The label's display name, or ``unknown label 'x'``."""
    known = find_label(schema, label_id) is not None
    return names.label_name(schema, label_id) if known else unknown_label(label_id)


def label_colour(schema: LabelSchema, label_id: str) -> str:
    """The label's colour, or grey for a label the schema lacks."""
    label = find_label(schema, label_id)
    return label.color if label is not None else UNKNOWN_COLOUR


def relation_name(schema: LabelSchema, type_id: str) -> str:
    """The link type's display name, or ``unknown link type 'x'``."""
    known = find_relation(schema, type_id) is not None
    return names.relation_name(schema, type_id) if known else f"unknown link type {type_id!r}"


def unknown_attribute(attribute_id: str) -> str:
    return f"unknown attribute {attribute_id!r}"
