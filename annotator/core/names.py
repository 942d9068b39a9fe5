"""What users read instead of ids: display names of labels, attributes, enum values and link
types, and counted nouns ("1 document", "2 documents").

Every view and message goes through these, so an id such as ``armed_group`` never reaches a
user: the schema's name when it gives one, else the id humanized ("Armed group"). No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # schema.py uses humanize, so this module imports nothing of it at run time
    from annotator.core.schema import AttributeDef, LabelDef, LabelSchema

# Plurals that are not the singular plus "s" (the app's own nouns only; not a grammar).
_IRREGULAR = {
    "this": "these",
    "entity": "entities",
    "is": "are",
    "was": "were",
    "has": "have",
}


def humanize(identifier: str) -> str:
    """``armed_group`` -> ``Armed group``; ``more_than`` -> ``More than``. Kept as it is when
    it is not a snake_case id (already a name, or free text)."""
    if not identifier or identifier != identifier.lower() or " " in identifier:
        return identifier
    words = identifier.replace("_", " ").replace("-", " ").split()
    if not words:
        return identifier
    text = " ".join(words)
    return text[0].upper() + text[1:]


def plural_of(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``count(1, "document")`` -> ``1 document``; ``count(6500, "span")`` -> ``6,500 spans``."""
    word = noun if n == 1 else (plural or plural_of(noun))
    return f"{n:,} {word}"


def _label(schema: LabelSchema, label_id: str) -> LabelDef | None:
    try:
        return schema.label(label_id)
    except KeyError:
        return None


def label_name(schema: LabelSchema, label_id: str) -> str:
    """The schema's name for a label ("Casualty figure"), else the id humanized."""
    label = _label(schema, label_id)
    return label.name if label is not None else humanize(label_id)


def attribute_def(schema: LabelSchema, label_id: str, attribute_id: str) -> AttributeDef | None:
    label = _label(schema, label_id)
    if label is None:
        return None
    try:
        return label.attribute(attribute_id)
    except KeyError:
        return None


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
