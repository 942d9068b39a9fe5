"""JSON Lines and JSON records: ``{"id", "title", "text", "meta", ...}`` per document.

``text`` is required; ``id`` may be a string or an integer; every key other than id, title,
text and meta is kept in meta too, so nothing in the record is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import NewDocument
from annotator.core.text import canonicalize
from annotator.errors import UserError
from annotator.io.importers.common import (
    DocIdGuard,
    json_object_lines,
    json_problem,
    json_type,
    loads,
    make_document,
    read_file_text,
)
from annotator.io.importers.registry import Importer, ReadResult, register

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
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
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


def read_jsonl(path: Path, schema: LabelSchema) -> ReadResult:
    """One JSON object per line; blank lines are allowed."""
    documents: list[NewDocument] = []
    ids = DocIdGuard()
    for number, place, record in json_object_lines(path):
        document = record_to_document(record, place)
        ids.check(document, f"line {number}")
        documents.append(document)
    if not documents:
        raise UserError(f"{path}: empty file (no records)")
    return ReadResult(documents)


def read_json(path: Path, schema: LabelSchema) -> ReadResult:
    """An array of records, or a single record; errors name the record (1-based)."""
    text = read_file_text(path)
    if not text.strip():
        raise UserError(f"{path}: empty file")
    try:
        value = loads(text)
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path}: {json_problem(exc, with_line=True)}") from None
    records = value if isinstance(value, list) else [value]
    if not records:
        raise UserError(f"{path}: empty array (no records)")
    documents: list[NewDocument] = []
    ids = DocIdGuard()
    for number, record in enumerate(records, start=1):
        document = record_to_document(record, f"{path}: record {number}")
        ids.check(document, f"record {number}")
        documents.append(document)
    return ReadResult(documents)


JSONL = register(
    Importer(
        name="jsonl",
        extensions=(".jsonl",),
        description='JSON Lines: one {"id", "title", "text", "meta"} object per line',
        read=read_jsonl,
    )
)
JSON = register(
    Importer(
        name="json",
        extensions=(".json",),
        description='JSON: an array of {"id", "title", "text", "meta"} objects, or one object',
        read=read_json,
    )
)
