"""doccano JSONL exports: sequence labeling (``"label": [[start, end, "LABEL"], ...]``) and
relation extraction (``"entities"`` with ``start_offset``/``end_offset``, ``"relations"`` with
``from_id``/``to_id``/``type``).

doccano counts offsets in UTF-16 code units (as JavaScript does); they are converted to code
points with ``Utf16Map``, and an offset that falls inside a character (between the halves of a
surrogate pair) is an error. doccano stores no span text, so a span is checked for a valid
range only. The annotator is the line's ``annotator`` key when present (our doccano export
writes it), else the importing user; status is done. ``doc_id`` (ours) names the document;
doccano's ``id`` and any other keys go to meta.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Status, new_uid
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.core.text import Utf16Map
from annotator.errors import UserError
from annotator.io.importers.common import Notes, json_object_lines, json_type, short
from annotator.io.importers.foreign import (
    UNNAMED,
    ForeignText,
    SchemaNames,
    check_relation,
    foreign_document,
)
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

_SNIFF = re.compile(rb'"start_offset"\s*:|"labels?"\s*:\s*\[\s*\[')
_OWN_KEYS = frozenset({"text", "label", "labels", "entities", "relations", "doc_id", "annotator"})


def sniff_doccano(path: Path, head: bytes) -> bool:
    """A ``.jsonl`` file whose first line has doccano entities or label triples."""
    if not path.name.lower().endswith(".jsonl"):
        return False
    first = head.split(b"\n", 1)[0]
    return b'"text"' in first and bool(_SNIFF.search(first))


def _offset(where: str, units: Utf16Map, text: ForeignText, value: object, name: str) -> int:
    if type(value) is not int:
        raise UserError(f"{where}: {name} {short(repr(value))} is not a whole number")
    try:
        point = units.to_code_point(value)
    except ValueError:
        raise UserError(
            f"{where}: {name} {value} is outside the text ({units.utf16_length} UTF-16 units)"
        ) from None
    if units.to_utf16(point) != value:
        raise UserError(f"{where}: {name} {value} falls inside a character (a surrogate pair)")
    return text.to_canonical(point)


def _entities(record: dict[str, Any], where: str) -> list[tuple[str, object, object, object]]:
    """(id, start, end, label) of each span, from either doccano layout."""
    if "entities" in record:
        entities = record["entities"]
        if not isinstance(entities, list):
            raise UserError(f"{where}: entities must be an array")
        found = []
        for number, entity in enumerate(entities, start=1):
            if not isinstance(entity, dict):
                raise UserError(f"{where}: entity {number}: expected an object")
            key = str(entity.get("id", f"#{number}"))
            ends = (entity.get("start_offset"), entity.get("end_offset"))
            found.append((key, *ends, entity.get("label")))
        return found
    triples = record.get("label", record.get("labels", []))
    if not isinstance(triples, list):
        raise UserError(f"{where}: label must be an array of [start, end, label]")
    found = []
    for number, triple in enumerate(triples, start=1):
        if not isinstance(triple, list) or len(triple) != 3:
            raise UserError(f"{where}: label {number}: expected [start, end, label]")
        found.append((f"#{number}", triple[0], triple[1], triple[2]))
    return found


def read_record(
    where: str, record: dict[str, Any], names: SchemaNames
) -> tuple[ForeignText, NewAnnotationSet]:
    raw = record.get("text")
    if not isinstance(raw, str) or not raw.strip():
        raise UserError(f'{where}: "text" must be a non-empty string')
    text = ForeignText(raw)
    units = Utf16Map.of(raw)
    spans: dict[str, NewSpan] = {}
    for key, start, end, label_name in _entities(record, where):
        place = f"{where}: entity {key}"
        if key in spans:
            raise UserError(f"{place}: entity id used twice")
        label = names.label(label_name, place)
        first = _offset(place, units, text, start, "start_offset")
        last = _offset(place, units, text, end, "end_offset")
        if first >= last:
            raise UserError(f"{place}: start_offset {start} is not before end_offset {end}")
        spans[key] = NewSpan(new_uid("s"), label.id, first, last, text.text[first:last])
    relations = []
    listed = record.get("relations", [])
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        raise UserError(f"{where}: relations must be an array, not {json_type(listed)}")
    for number, relation in enumerate(listed, start=1):
        name = relation.get("id", number) if isinstance(relation, dict) else number
        place = f"{where}: relation {name}"
        if not isinstance(relation, dict):
            raise UserError(f"{place}: expected an object")
        ends = [spans.get(str(relation.get(k))) for k in ("from_id", "to_id")]
        if ends[0] is None or ends[1] is None:
            raise UserError(f"{place}: from_id/to_id must name entities of this line")
        kind = names.relation(relation.get("type"), place)
        check_relation(kind, ends[0].label, ends[1].label, place)
        relations.append(NewRelation(new_uid("r"), kind.id, ends[0].uid, ends[1].uid))
    annotator = record.get("annotator")
    work = NewAnnotationSet(
        annotator=annotator if isinstance(annotator, str) and annotator.strip() else UNNAMED,
        status=Status.DONE,
        updated_at="",
        spans=tuple(spans.values()),
        relations=tuple(relations),
    )
    return text, work


def read_doccano(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    names = SchemaNames(schema)
    for _, where, record in json_object_lines(path):
        text, work = read_record(where, record, names)
        meta = {k: v for k, v in record.items() if k not in _OWN_KEYS and v != []}
        if "id" in meta:
            meta["doccano_id"] = meta.pop("id")
        doc_id = record.get("doc_id")
        yield foreign_document(
            text.text,
            where,
            doc_id=doc_id if isinstance(doc_id, str) and doc_id.strip() else None,
            title=None,
            meta=meta,
            work=work,
        )


DOCCANO = register(
    Importer(
        name="doccano",
        extensions=(".jsonl",),
        description="doccano JSONL (sequence labeling or relation extraction; UTF-16 offsets)",
        stream=read_doccano,
        extension_detects=False,
        sniff=sniff_doccano,
    )
)
