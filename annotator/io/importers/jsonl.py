"""JSON Lines and JSON records: ``{"id", "title", "text", "meta", ...}`` per document.

``text`` is required; ``id`` may be a string or an integer; every key other than id, title,
text and meta is kept in meta too, so nothing in the record is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import NewDocument
from annotator.core.text import canonicalize
from annotator.errors import UserError
from annotator.io.importers.common import Notes, json_object_lines, json_type, make_document
from annotator.io.importers.json_stream import json_elements
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

_KNOWN_KEYS = frozenset({"id", "title", "text", "meta"})


def record_to_document(record: object, place: str) -> NewDocument:
    """One parsed JSON value as a document; ``place`` ("path: line 3") starts every error."""
    if not isinstance(record, dict):
        raise UserError(f"{place}: expected a JSON object, not {json_type(record)}")
    if "text" not in record:
        raise UserError(f'{place}: missing "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise UserError(f'{place}: "text" must be a string, not {json_type(text)}')
    text = canonicalize(text)
    if not text.strip():
        raise UserError(f'{place}: "text" is empty')
    doc_id = record.get("id")
    if type(doc_id) is int:
        doc_id = str(doc_id)
    elif doc_id is not None and not isinstance(doc_id, str):
        raise UserError(f'{place}: "id" must be a string or an integer, not {json_type(doc_id)}')
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise UserError(f'{place}: "title" must be a string, not {json_type(title)}')
    meta = record.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise UserError(f'{place}: "meta" must be an object, not {json_type(meta)}')
    # Extra top-level keys join meta; an explicit meta entry of the same name wins.
    extra: dict[str, Any] = {k: v for k, v in record.items() if k not in _KNOWN_KEYS}
    return make_document(
        text,
        doc_id=doc_id if doc_id and doc_id.strip() else None,  # blank ids are derived too
        title=title,
        meta={**extra, **meta},
        source=place,
    )


def read_jsonl(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    """One JSON object per line; blank lines are allowed."""
    count = 0
    for _, place, record in json_object_lines(path):
        count += 1
        yield record_to_document(record, place)
    if not count:
        raise UserError(f"{path}: empty file (no records)")


def read_json(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    """An array of records, or a single record; errors name the record (1-based)."""
    count = 0
    for number, record in json_elements(path, "record"):
        count += 1
        yield record_to_document(record, f"{path}: record {number}")
    if not count:
        raise UserError(f"{path}: empty array (no records)")


JSONL = register(
    Importer(
        name="jsonl",
        extensions=(".jsonl",),
        description='JSON Lines: one {"id", "title", "text", "meta"} object per line',
        stream=read_jsonl,
    )
)
JSON = register(
    Importer(
        name="json",
        extensions=(".json",),
        description='JSON: an array of {"id", "title", "text", "meta"} objects, or one object',
        stream=read_json,
    )
)
