"""doccano JSONL, offsets in UTF-16 code units as doccano counts them, in two modes.

``doccano`` is for doccano's default project: Sequence Labeling with its default settings
(no relation labeling, no overlapping entities). One line per document and annotator: ``id``
(a running number), ``text``, ``label`` (``[start_offset, end_offset, label]`` lists: the
column doccano's JSONL import reads by default), ``doc_id`` and ``annotator`` (doccano keeps
extra keys as metadata; our importer reads ``annotator`` back). Such a project holds no
relations, and no spans that overlap: doccano's importer keeps, in start order, each span
that starts at or after the end of the last one kept and silently drops the rest
(``SpanCleaner``); the export applies that rule itself, outer spans first, and counts what
it left out.

``doccano-relations`` is for a Sequence Labeling project with "Use relation labeling" on
(import it as "JSONL(Relation)"): ``entities`` (``id``, ``label``, ``start_offset``,
``end_offset``), ``relations`` (``id``, ``from_id``, ``to_id``, ``type``) and ``Comments``.
If spans overlap, "Allow overlapping entity" must be on too: with it off doccano drops the
overlapping entities and its import then fails on their relations. The report says which
settings the file needs.

doccano has no span attributes or notes: both modes count them in the report.
"""

from __future__ import annotations

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
    json_text,
    protected,
    report_file,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.core.model import Span
    from annotator.store import Store

NAME = "doccano"
RELATIONS_NAME = "doccano-relations"
SUFFIX = ".jsonl"


def without_overlaps(spans: tuple[Span, ...]) -> tuple[list[Span], int]:
    """The spans a project without overlapping entities keeps (doccano's rule: in start
    order, a span that starts before the end of the last one kept is dropped; at one start
    the longest comes first), and how many were dropped."""
    kept: list[Span] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= last_end:
            kept.append(span)
            last_end = span.end
    return kept, len(spans) - len(kept)


def _count_unkept(item: Item, losses: Losses) -> None:
    attributes = sum(1 for s in item.spans for v in s.attributes.values() if v is not None)
    losses.add("attributes", "attribute values (doccano has no span attributes)", attributes)
    losses.add(
        "notes", "span notes (doccano has no span notes)", sum(1 for s in item.spans if s.note)
    )


def label_record(number: int, item: Item, losses: Losses) -> dict[str, Any]:
    """One line for a default Sequence Labeling project."""
    units = Utf16Map.of(item.document.text)
    kept, dropped = without_overlaps(item.spans)
    losses.add(
        "overlaps",
        "spans overlapping a span kept before them: left out (a default doccano project "
        "allows no overlapping entities; use doccano-relations with 'Allow overlapping "
        "entity' on to keep them)",
        dropped,
    )
    losses.add(
        "relations",
        "relations (a default doccano project has no relation labeling; use "
        "doccano-relations to keep them)",
        len(item.relations),
    )
    _count_unkept(item, losses)
    return {
        "id": number,
        "text": item.document.text,
        "label": [[units.to_utf16(s.start), units.to_utf16(s.end), s.label] for s in kept],
        "doc_id": item.document.doc_id,
        "annotator": item.annotator,
    }


def relation_record(number: int, item: Item, losses: Losses) -> dict[str, Any]:
    """One line for a project with relation labeling."""
    units = Utf16Map.of(item.document.text)
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
    _count_unkept(item, losses)
    return {
        "id": number,
        "text": item.document.text,
        "entities": entities,
        "relations": relations,
        "Comments": [],
        "doc_id": item.document.doc_id,
        "annotator": item.annotator,
    }


def _settings(relations: bool, overlapping_sets: int) -> list[str]:
    """The doccano project this file imports into, for the report and the command line."""
    if not relations:
        return [
            "doccano project: Sequence Labeling with its default settings; import the file "
            "as JSONL (column label: 'label')."
        ]
    holding = (
        "1 annotation set holds"
        if overlapping_sets == 1
        else (f"{overlapping_sets} annotation sets hold")
    )
    overlap = (
        f"on: {holding} overlapping spans (with it off, doccano drops those entities and its "
        "import fails on their relations)"
        if overlapping_sets
        else "not needed, no spans overlap"
    )
    return [
        "doccano project: Sequence Labeling with 'Use relation labeling' on; 'Allow "
        f"overlapping entity' {overlap}. Import the file as 'JSONL(Relation)'."
    ]


def _write(store: Store, path: Path, options: ExportOptions, relations: bool) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    name = RELATIONS_NAME if relations else NAME
    overlapping_sets = 0
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        for number, item in enumerate(items(store, options, report), start=1):
            if relations:
                overlapping_sets += without_overlaps(item.spans)[1] > 0
                record = relation_record(number, item, losses)
            else:
                record = label_record(number, item, losses)
            outputs[item.split].write(json_text(record) + "\n")
        report.notes = _settings(relations, overlapping_sets)
        where = report_file(path)
        text = finish(report, losses, name, options, where, notes=report.notes)
        files.open(where).write(text)
        report.files = files.targets
    return report


def write_doccano(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    return _write(store, path, options, relations=False)


def write_doccano_relations(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    return _write(store, path, options, relations=True)


DOCCANO = register(
    Exporter(
        name=NAME,
        description="doccano JSONL for a default Sequence Labeling project (label lists, no "
        "relations, no overlaps; UTF-16 offsets)",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_doccano,
    )
)

DOCCANO_RELATIONS = register(
    Exporter(
        name=RELATIONS_NAME,
        description="doccano JSONL(Relation) for a project with relation labeling (entities "
        "and relations; UTF-16 offsets)",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_doccano_relations,
    )
)
