"""The native exchange format, version 1 (DESIGN section 5): lossless JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__
from annotator.core.model import Relation, Span, utc_now
from annotator.io.exporters.registry import (
    Exporter,
    ExportOptions,
    ExportReport,
    atomic_text_file,
    register,
)

if TYPE_CHECKING:
    from annotator.store import Store

FORMAT_NAME = "annotator-native"
FORMAT_VERSION = 1


def dumps_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def header(schema_json: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "header",
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": utc_now(),
        "schema": schema_json,
    }


def span_record(span: Span) -> dict[str, Any]:
    return {
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


def relation_record(relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.uid,
        "type": relation.type,
        "from_id": relation.from_uid,
        "to_id": relation.to_uid,
    }


def write_native(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    labels = options.labels
    with atomic_text_file(path) as out:
        out.write(dumps_line(header(store.schema.to_json())))
        for work in store.annotation_sets(annotators=options.annotators, statuses=options.statuses):
            spans = [s for s in work.spans if labels is None or s.label in labels]
            kept = {s.uid for s in spans}
            relations = [r for r in work.relations if r.from_uid in kept and r.to_uid in kept]
            document = work.document
            out.write(
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
                        "spans": [span_record(s) for s in spans],
                        "relations": [relation_record(r) for r in relations],
                    }
                )
            )
            report.documents += 1
            report.spans += len(spans)
            report.relations += len(relations)
    return report


NATIVE = register(
    Exporter(
        name="native",
        description="annotator's lossless JSON Lines (*.annotations.jsonl)",
        suffix=".annotations.jsonl",
        write=write_native,
        default_statuses=None,
    )
)
