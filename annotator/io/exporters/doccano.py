"""doccano relation-extraction JSONL, offsets in UTF-16 code units as doccano counts them.

One line per document and annotator: ``id`` (a running number), ``text``, ``entities``
(``id``, ``label``, ``start_offset``, ``end_offset``), ``relations`` (``id``, ``from_id``,
``to_id``, ``type``), ``Comments`` (empty), and ``doc_id``/``annotator`` (doccano keeps extra
keys as metadata; our importer reads ``annotator`` back). doccano has no span attributes or
notes: they are counted in the report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.text import Utf16Map
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    file_targets,
    finish,
    items,
    protected,
    report_file,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.store import Store

NAME = "doccano"
SUFFIX = ".jsonl"


def record(number: int, item: Item, losses: Losses) -> dict[str, Any]:
    text = item.document.text
    units = Utf16Map.of(text)
    ids: dict[str, int] = {}
    entities = []
    for index, span in enumerate(item.spans, start=1):
        ids[span.uid] = index
        entities.append(
            {
                "id": index,
                "label": span.label,
                "start_offset": units.to_utf16(span.start),
                "end_offset": units.to_utf16(span.end),
            }
        )
    relations = [
        {"id": index, "from_id": ids[r.from_uid], "to_id": ids[r.to_uid], "type": r.type}
        for index, r in enumerate(item.relations, start=1)
    ]
    attributes = sum(1 for s in item.spans for v in s.attributes.values() if v is not None)
    losses.add("attributes", "attribute values (doccano has no span attributes)", attributes)
    losses.add(
        "notes", "span notes (doccano has no span notes)", sum(1 for s in item.spans if s.note)
    )
    return {
        "id": number,
        "text": text,
        "entities": entities,
        "relations": relations,
        "Comments": [],
        "doc_id": item.document.doc_id,
        "annotator": item.annotator,
    }


def write_doccano(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        for number, item in enumerate(items(store, options, report), start=1):
            line = json.dumps(record(number, item, losses), ensure_ascii=False)
            outputs[item.split].write(line + "\n")
        where = report_file(path)
        text = finish(report, losses, NAME, options, where)
        files.open(where).write(text)
        report.files = files.targets
    return report


DOCCANO = register(
    Exporter(
        name=NAME,
        description="doccano relation-extraction JSONL (offsets in UTF-16 code units)",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_doccano,
    )
)
