"""The rule JSON Schema cannot express for a label's ``requires_link``: the link must be able
to start at the label, and its exception must name one of the label's attributes (and one of
its values, for an enum). Works on the raw, structurally valid schema object."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def link_requirement_errors(obj: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """A label's ``requires_link`` must name a relation that can start at the label, and its
    ``unless`` an attribute of the label (and one of its values, for an enum)."""
    relations = {relation["id"]: relation for relation in obj.get("relations", [])}
    for i, label in enumerate(obj["labels"]):
        link = label.get("requires_link")
        if link is None:
            continue
        where = f"labels[{i}].requires_link"
        relation = relations.get(link["relation"])
        if relation is None or label["id"] not in relation["from"]:
            yield f"{where}.relation", f"no relation {link['relation']!r} starts at this label"
        unless = link.get("unless")
        if unless is not None:
            found = [a for a in label.get("attributes", []) if a["id"] == unless["attribute"]]
            if not found:
                yield f"{where}.unless.attribute", f"no attribute {unless['attribute']!r}"
            elif found[0]["type"] == "enum" and unless["value"] not in found[0]["values"]:
                yield f"{where}.unless.value", f"{unless['value']!r} is not one of its values"
