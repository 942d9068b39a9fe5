"""The learned suggestion patterns of a native file's header (issue 13), checked against the
database's label schema; the import run merges them into the store (idempotently, see
``schemas/native-format.schema.json``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.schema import validate_attributes
from annotator.core.suggest.base import LearnedPattern
from annotator.io.importers.checks import check_string
from annotator.io.importers.common import Notes

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema


def patterns_of_header(
    header: dict[str, Any], path: Path, schema: LabelSchema, notes: Notes
) -> list[LearnedPattern]:
    """A shape-checked header's ``suggestion_patterns`` this schema accepts; the others are
    noted."""
    kept: list[LearnedPattern] = []
    left_out = 0
    labels = {label.id: label for label in schema.labels}
    for number, record in enumerate(header.get("suggestion_patterns", ()), start=1):
        where = f"{path}: line 1: suggestion_patterns[{number - 1}]"
        check_string(record["label"], where, "label")
        check_string(record["text"], where, "text")
        attributes = dict(record.get("attributes", {}))
        label = labels.get(record["label"])
        if label is None or validate_attributes(label, attributes):
            left_out += 1
            continue
        kept.append(
            LearnedPattern(
                label=label.id,
                text=record["text"],
                attributes=attributes,
                accepted=int(record.get("accepted", 0)),
                rejected=int(record.get("rejected", 0)),
            )
        )
    if left_out:
        notes.append(
            f"{path}: {left_out} suggestion pattern(s) not kept: their label or attributes "
            f"are not in schema {schema.id!r}"
        )
    return kept
