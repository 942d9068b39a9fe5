"""The native exchange format, version 1 (DESIGN section 5): lossless JSON Lines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__
from annotator.core.model import Relation, Span, utc_now
from annotator.core.suggest.base import LearnedPattern
from annotator.io.exporters.common import (
    AtomicFiles,
    file_targets,
    items,
    json_text,
    protected,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.store import Store

FORMAT_NAME = "annotator-native"
FORMAT_VERSION = 1
SUFFIX = ".annotations.jsonl"


def dumps_line(obj: dict[str, Any]) -> str:
    return json_text(obj) + "\n"


def header(schema_json: dict[str, Any], patterns: Sequence[LearnedPattern] = ()) -> dict[str, Any]:
    """The first line; ``patterns``: the learned suggestion patterns with their tallies, so
    a team shares them (suggestions and their outcomes are never exported)."""
    return {
        "kind": "header",
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": utc_now(),
        "schema": schema_json,
        "suggestion_patterns": [pattern_record(pattern) for pattern in patterns],
    }


def pattern_record(pattern: LearnedPattern) -> dict[str, Any]:
    return {
        "label": pattern.label,
        "text": pattern.text,
        "attributes": dict(pattern.attributes),
        "accepted": pattern.accepted,
        "rejected": pattern.rejected,
    }


def span_record(span: Span) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": span.uid,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "attributes": span.attributes,
        "note": span.note,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
    }
    if span.provenance is not None:
        record["provenance"] = span.provenance
    return record


def relation_record(relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.uid,
        "type": relation.type,
        "from_id": relation.from_uid,
        "to_id": relation.to_uid,
    }


def write_native(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    """Every selected annotation set, one line each after the header; with a split, one
    file per split, each with its own header. Lossless, so no report file."""
    report = ExportReport(path=path)
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        head = dumps_line(header(store.schema.to_json(), store.suggestion_pattern_rows()))
        for out in outputs.values():
            out.write(head)
        for item in items(store, options, report):
            work, document = item.work, item.document
            outputs[item.split].write(
                dumps_line(
                    {
                        "kind": "document",
                        "doc_id": document.doc_id,
                        "title": document.title,
                        "text": document.text,
                        "text_sha256": document.text_sha256,
                        "meta": document.meta,
                        "annotator": work.annotator,
                        "status": work.status.value,
                        "updated_at": work.updated_at,
                        "spans": [span_record(s) for s in item.spans],
                        "relations": [relation_record(r) for r in item.relations],
                    }
                )
            )
        report.files = files.targets
    return report


NATIVE = register(
    Exporter(
        name="native",
        description="annotator's lossless JSON Lines (*.annotations.jsonl)",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX, report=False),
        write=write_native,
        default_statuses=None,
    )
)
