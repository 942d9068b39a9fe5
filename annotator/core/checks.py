"""The warnings of DESIGN section 4 for one document and annotator: shown, never blocking.

- a required attribute is empty: ``"claim_type is empty"``;
- an attribute value has the wrong type or is not allowed (``validate_attributes``);
- a claim has no ``attributed_to`` relation from it and its quote_style is not ``authorial``;
- a casualty figure's ``low``/``high`` do not fit its qualifier (``check_casualty_bounds``).

Pure functions of plain value objects: no Qt, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from annotator.core.model import Relation, Span
from annotator.core.schema import (
    LabelSchema,
    check_casualty_bounds,
    missing_required,
    validate_attributes,
)

ATTRIBUTED_TO = "attributed_to"
NO_SOURCE = f"no source linked ({ATTRIBUTED_TO})"


def _int_or_none(value: object) -> tuple[bool, int | None]:
    """(usable, value): whether ``value`` is an int or None (bool is not an int here)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return True, value
    return False, None


def _needs_source(span: Span, schema: LabelSchema) -> bool:
    """Whether ``span`` is a claim that should have an ``attributed_to`` relation."""
    if span.label != "claim" or span.attributes.get("quote_style") == "authorial":
        return False
    try:
        return schema.relation(ATTRIBUTED_TO).allows(span.label, "source")
    except KeyError:  # a custom schema without the relation
        return False


def span_warnings(span: Span, schema: LabelSchema, relations: Sequence[Relation]) -> list[str]:
    """The warnings for one span, in a stable order; ``relations`` are those of its document
    and annotator (only the ones starting at ``span`` matter)."""
    try:
        label = schema.label(span.label)
    except KeyError:
        return [f"label {span.label!r} is not in schema {schema.id!r}"]
    warnings = [f"{key} is empty" for key in missing_required(label, span.attributes)]
    # "" counts as empty (as in missing_required), not as a bad enum or number value.
    filled = {key: value for key, value in span.attributes.items() if value != ""}
    warnings += validate_attributes(label, filled)
    if span.label == "casualty_figure":
        ok_low, low = _int_or_none(filled.get("low"))
        ok_high, high = _int_or_none(filled.get("high"))
        qualifier = filled.get("qualifier")
        if ok_low and ok_high and (qualifier is None or isinstance(qualifier, str)):
            problem = check_casualty_bounds(qualifier, low, high)
            if problem is not None:
                warnings.append(problem)
    if _needs_source(span, schema) and not any(
        r.type == ATTRIBUTED_TO and r.from_uid == span.uid for r in relations
    ):
        warnings.append(NO_SOURCE)
    return warnings


def document_warnings(
    spans: Iterable[Span], relations: Iterable[Relation], schema: LabelSchema
) -> dict[str, list[str]]:
    """Span uid -> its warnings, for the spans that have any (in the order of ``spans``)."""
    outgoing: defaultdict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        outgoing[relation.from_uid].append(relation)
    result: dict[str, list[str]] = {}
    for span in spans:
        warnings = span_warnings(span, schema, outgoing.get(span.uid, []))
        if warnings:
            result[span.uid] = warnings
    return result
