"""The warnings of DESIGN section 4 for one document and annotator: shown, never blocking.

- a required attribute is empty: ``"Claim type is empty."``;
- an attribute value has the wrong type or is not allowed;
- a span lacks the link its label requires (``requires_link`` in the schema: a claim without
  ``attributed_to`` unless its quote style is authorial);
- a count's ``low``/``high`` do not fit its ``qualifier`` (``check_casualty_bounds``), for any
  label with those three attributes.

No label id is written here: what a label needs comes from the schema, which is user data.

Each warning is a sentence with the schema's display names (core/names.py), never an id.
Pure functions of plain value objects: no Qt, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from annotator.core.model import Relation, Span
from annotator.core.names import humanize, relation_name, value_name
from annotator.core.schema import (
    AttributeDef,
    LabelDef,
    LabelSchema,
    check_casualty_bounds,
    missing_required,
    value_problem,
)


def missing_link(schema: LabelSchema, label: LabelDef) -> str:
    """The warning for a span of ``label`` without the link its schema requires:
    "No source is linked (attributed to)."."""
    assert label.requires_link is not None
    kind = label.requires_link.relation
    try:
        targets = [
            schema.label(t).name.lower()
            for t in schema.label_ids
            if t in schema.relation(kind).to_labels
        ]
    except KeyError:
        targets = []
    return f"No {' or '.join(targets) or 'span'} is linked ({relation_name(schema, kind)})."


def labels_needing_links(schema: LabelSchema) -> frozenset[str]:
    """The labels whose spans a new or removed link can flag or clear."""
    return frozenset(label.id for label in schema.labels if label.requires_link is not None)


def _value_warnings(label: LabelDef, attributes: Mapping[str, object]) -> list[str]:
    """A sentence per value of the wrong type, not allowed, or of an unknown attribute."""
    known = {attribute.id: attribute for attribute in label.attributes}
    warnings: list[str] = []
    for attribute_id, value in attributes.items():
        attribute = known.get(attribute_id)
        if attribute is None:
            warnings.append(f"{humanize(attribute_id)} is not an attribute of {label.name}.")
        elif attribute.type == "enum" and value is not None and value not in attribute.values:
            shown = value if isinstance(value, str) else repr(value)
            warnings.append(f"{attribute.name} has a value the schema does not list: {shown}.")
        else:
            problem = value_problem(attribute, value)
            if problem is not None:
                warnings.append(f"{attribute.name}: {problem}.")
    return warnings


def _int_or_none(value: object) -> tuple[bool, int | None]:
    """(usable, value): whether ``value`` is an int or None (bool is not an int here)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return True, value
    return False, None


def span_warnings(span: Span, schema: LabelSchema, relations: Sequence[Relation]) -> list[str]:
    """The warnings for one span, in a stable order; ``relations`` are those of its document
    and annotator (only the ones starting at ``span`` matter)."""
    try:
        label = schema.label(span.label)
    except KeyError:
        return [f"The label {humanize(span.label)} is not in the schema {schema.name}."]
    names = {attribute.id: attribute.name for attribute in label.attributes}
    warnings = [f"{names[key]} is empty." for key in missing_required(label, span.attributes)]
    # "" counts as empty (as in missing_required), not as a bad enum or number value.
    filled = {key: value for key, value in span.attributes.items() if value != ""}
    warnings += _value_warnings(label, filled)
    if {"qualifier", "low", "high"} <= names.keys():  # a count with its qualifier and bounds
        ok_low, low = _int_or_none(filled.get("low"))
        ok_high, high = _int_or_none(filled.get("high"))
        qualifier = filled.get("qualifier")
        if ok_low and ok_high and (qualifier is None or isinstance(qualifier, str)):
            shown = value_name(_attribute(label, "qualifier"), qualifier) if qualifier else ""
            problem = check_casualty_bounds(qualifier, low, high, shown)
            if problem is not None:
                warnings.append(problem)
    link = label.requires_link
    if (
        link is not None
        and not link.waived(span.attributes)
        and not any(r.type == link.relation and r.from_uid == span.uid for r in relations)
    ):
        warnings.append(missing_link(schema, label))
    return warnings


def _attribute(label: LabelDef, attribute_id: str) -> AttributeDef | None:
    try:
        return label.attribute(attribute_id)
    except KeyError:
        return None


def document_warnings(
    spans: Iterable[Span], relations: Iterable[Relation], schema: LabelSchema
) -> dict[str, list[str]]:
    """Span uid -> its warnings, for the spans that have any (in the order of ``spans``).

    A span's warnings follow from its label, its attribute values and the types of the links
    leaving it; spans alike in those share one check, so opening a 10,000-span article checks
    a few dozen kinds of span rather than every span.
    """
    outgoing: defaultdict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        outgoing[relation.from_uid].append(relation)
    no_links: frozenset[str] = frozenset()
    link_types = {uid: frozenset(r.type for r in mine) for uid, mine in outgoing.items()}
    result: dict[str, list[str]] = {}
    alike: dict[tuple[object, ...], list[str]] = {}
    for span in spans:
        # The values' types are part of the key: 1, 1.0 and True are equal but not alike.
        values = span.attributes
        key = (
            span.label,
            link_types.get(span.uid, no_links),
            tuple(values.items()),
            tuple(map(type, values.values())),
        )
        try:
            warnings = alike.get(key)
        except TypeError:  # a value that cannot be a key (a list): checked on its own
            warnings = span_warnings(span, schema, outgoing.get(span.uid, []))
        else:
            if warnings is None:
                warnings = span_warnings(span, schema, outgoing.get(span.uid, []))
                alike[key] = warnings
        if warnings:
            result[span.uid] = list(warnings)
    return result
