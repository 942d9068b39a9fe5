"""Prodigy/spaCy JSONL: one task per line with ``text``, ``spans`` and ``relations``.

A span needs ``start``, ``end`` (code points) and ``label``; its ``text``, when present, is
checked against the text and the span re-anchored on it if it drifted. ``id`` is kept when it
is unique in the file, ``note`` is the note, and any other key naming an attribute of the
span's label (or ``attr_<id>``, as our export writes a clashing one) is that attribute;
Prodigy's own keys (``token_start``, ``source``...) are ignored, and unknown keys are listed in
a note. A relation's ends are found by ``head_span``/``child_span`` (start, end, label), else
by ``head``/``child`` as the ``token_end`` of exactly one span. The annotator is
``_annotator_id``, else ``_session_id``, else the importing user; ``answer`` ``accept`` (or
none) means done, ``reject`` and ``ignore`` mean skipped (``meta.status``, as our export
writes it, wins). ``meta.doc_id`` and ``meta.title`` name the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import AttributeValue, Status, new_uid
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.errors import UserError
from annotator.io.importers.common import Notes, json_object_lines, json_type
from annotator.io.importers.foreign import (
    UNNAMED,
    Anchor,
    ForeignText,
    SchemaNames,
    check_attributes,
    check_relation,
    convert_value,
    foreign_document,
)
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema

_IGNORED = frozenset(
    {"token_start", "token_end", "source", "input_hash", "score", "priority", "kb_id", "answer"}
)
_STATUSES = {s.value: s for s in Status}
_META_KEYS = ("doc_id", "title", "annotator", "status", "text_sha256")


def sniff_spans_jsonl(path: Path, head: bytes) -> bool:
    """A ``.jsonl`` file whose first line is a task with spans and tokens or an answer."""
    if not path.name.lower().endswith(".jsonl"):
        return False
    first = head.split(b"\n", 1)[0]
    has = re.compile(rb'"(spans|tokens|answer|_input_hash)"\s*:').findall(first)
    return b'"text"' in first and b"spans" in has and len(set(has)) >= 2


class _Line:
    """The spans and relations of one task."""

    def __init__(self, names: SchemaNames, anchor: Anchor, unknown: set[str]) -> None:
        self.names = names
        self.anchor = anchor
        self.used: set[str] = set()  # span ids taken in this task
        self.unknown = unknown  # span keys we could not place

    def span(self, where: str, text: ForeignText, record: object) -> NewSpan:
        if not isinstance(record, dict):
            raise UserError(f"{where}: expected an object, not {json_type(record)}")
        label = self.names.label(record.get("label"), where)
        quote = record.get("text")
        if quote is not None and not isinstance(quote, str):
            raise UserError(f"{where}: text must be a string")
        start, end = self.anchor.place(where, text, record.get("start"), record.get("end"), quote)
        attributes: dict[str, AttributeValue] = {}
        for key, value in record.items():
            if key in ("start", "end", "label", "text", "id", "note") or key in _IGNORED:
                continue
            name = key[5:] if key.startswith("attr_") else key
            attribute = self.names.attribute(label, name) or self.names.attribute(label, key)
            if attribute is None:
                self.unknown.add(key)
                continue
            attributes[attribute.id] = convert_value(attribute, value, where)
        check_attributes(label, attributes, where)
        uid = record.get("id")
        if not isinstance(uid, str) or not uid or uid in self.used:
            uid = new_uid("s")
        self.used.add(uid)
        note = record.get("note")
        return NewSpan(
            uid, label.id, start, end, text.text[start:end], attributes,
            note if isinstance(note, str) else "",
        )  # fmt: skip

    def relation(
        self,
        where: str,
        text: ForeignText,
        record: object,
        spans: list[tuple[dict[str, Any], NewSpan]],
    ) -> NewRelation:
        if not isinstance(record, dict):
            raise UserError(f"{where}: expected an object, not {json_type(record)}")
        sides = (("head", "head_span"), ("child", "child_span"))
        ends = [self.end(where, record, side, spans) for side in sides]
        kind = self.names.relation(record.get("label"), where)
        check_relation(kind, ends[0].label, ends[1].label, where)
        return NewRelation(new_uid("r"), kind.id, ends[0].uid, ends[1].uid)

    @staticmethod
    def end(
        where: str,
        record: dict[str, Any],
        side: tuple[str, str],
        spans: list[tuple[dict[str, Any], NewSpan]],
    ) -> NewSpan:
        token_key, span_key = side
        described = record.get(span_key)
        if isinstance(described, dict):
            found = [
                span
                for raw, span in spans
                if raw.get("start") == described.get("start")
                and raw.get("end") == described.get("end")
                and span.label.casefold() == str(described.get("label", span.label)).casefold()
            ]
        else:
            found = [span for raw, span in spans if raw.get("token_end") == record.get(token_key)]
        if len(found) != 1:
            problem = "matches no span" if not found else "matches several spans"
            raise UserError(f"{where}: {span_key} {problem} of this task")
        return found[0]


def _status(record: dict[str, Any], meta: dict[str, Any]) -> Status:
    written = meta.get("status")
    if isinstance(written, str) and written in _STATUSES:
        return _STATUSES[written]
    return Status.SKIPPED if record.get("answer") in ("reject", "ignore") else Status.DONE


def _annotator(record: dict[str, Any]) -> str:
    for key in ("_annotator_id", "_session_id"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return UNNAMED


def read_spans_jsonl(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    names = SchemaNames(schema)
    unknown: set[str] = set()
    reader = _Line(names, Anchor(notes), unknown)
    for _, where, record in json_object_lines(path):
        raw = record.get("text")
        if not isinstance(raw, str) or not raw.strip():
            raise UserError(f'{where}: "text" must be a non-empty string')
        text = ForeignText(raw)
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        assert isinstance(meta, dict)
        raw_spans = record.get("spans") or []
        raw_relations = record.get("relations") or []
        if record.get("meta", {}) is not None and not isinstance(record.get("meta", {}), dict):
            raise UserError(f"{where}: meta must be an object, not {json_type(record['meta'])}")
        if not isinstance(raw_spans, list) or not isinstance(raw_relations, list):
            raise UserError(f"{where}: spans and relations must be arrays")
        spans = [
            (raw_span, reader.span(f"{where}: span {index}", text, raw_span))
            for index, raw_span in enumerate(raw_spans, start=1)
        ]
        relations = [
            reader.relation(f"{where}: relation {index}", text, raw_relation, spans)
            for index, raw_relation in enumerate(raw_relations, start=1)
        ]
        work = NewAnnotationSet(
            annotator=_annotator(record),
            status=_status(record, meta),
            updated_at="",
            spans=tuple(span for _, span in spans),
            relations=tuple(relations),
        )
        doc_id, title = meta.get("doc_id"), meta.get("title")
        reader.used.clear()  # span ids need to be unique within a task only
        yield foreign_document(
            text.text,
            where,
            doc_id=doc_id if isinstance(doc_id, str) and doc_id.strip() else None,
            title=title if isinstance(title, str) else None,
            meta={k: v for k, v in meta.items() if k not in _META_KEYS},
            work=work,
        )
    if unknown:
        ignored = ", ".join(sorted(unknown)[:50])
        notes.append(f"{path}: span keys that are no attribute, ignored: {ignored}")


SPANS_JSONL = register(
    Importer(
        name="spans-jsonl",
        extensions=(".jsonl",),
        description="Prodigy/spaCy JSONL: text with spans (and relations) per line",
        stream=read_spans_jsonl,
        extension_detects=False,
        sniff=sniff_spans_jsonl,
    )
)
