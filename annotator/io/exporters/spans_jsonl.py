"""Prodigy/spaCy span JSONL: one task per line with tokens, token-aligned spans and relations.

Each line: ``text``; ``tokens`` (``text``, ``start``, ``end``, ``id``, ``ws``) in spaCy's
whitespace convention (``annotator.core.tokenize.with_whitespace_tokens``), so
``Doc(vocab, words, spaces)`` rebuilds the text exactly and ``doc.char_span(start, end)``
finds every span; ``spans`` with ``start``, ``end``, ``token_start``, ``token_end``
(inclusive), ``label``, ``text``, ``id``, the note (``note``) and each attribute as an extra
key (one that would shadow a span key is written as ``attr_<id>``); ``relations`` as Prodigy
writes them: ``head``/``child`` are the ``token_end`` of the from/to spans, repeated in full as
``head_span``/``child_span``, with ``label``; ``meta`` (doc_id, title, annotator, status,
text_sha256); ``_annotator_id``; and ``answer`` (``accept``, or ``ignore`` for skipped work).

A span edge inside a token moves out to the token's edge (``start``/``end`` are the moved
offsets) and is counted in the report.
"""

from __future__ import annotations

from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from annotator.core.model import Span, Status
from annotator.core.tokenize import (
    SpacyTokens,
    TokenIndex,
    TokenSpan,
    whitespace_token_arrays,
)
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    document_tokens,
    file_targets,
    finish,
    items,
    json_line,
    on_tokens,
    protected,
    report_file,
    split_buffers,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.store import Store

NAME = "spans-jsonl"
SUFFIX = ".jsonl"
SPAN_KEYS = frozenset(
    {"start", "end", "token_start", "token_end", "label", "text", "id", "note", "source"}
)


def attribute_key(attribute_id: str) -> str:
    """The span key an attribute is written under."""
    return f"attr_{attribute_id}" if attribute_id in SPAN_KEYS else attribute_id


class TokenRecord(msgspec.Struct):
    """One entry of ``tokens``, encoded as the object ``{"text", "start", "end", "id",
    "ws"}``. A struct rather than a dict: a large export writes millions, made by one
    C-level ``map`` per document."""

    text: str
    start: int
    end: int
    id: int
    ws: bool


def aligned_spans(
    text: str, spans: tuple[Span, ...], losses: Losses
) -> tuple[SpacyTokens, dict[str, TokenSpan]]:
    """spaCy-style tokens of ``text`` and, per span uid, its token span (indices into those
    tokens); spans that hold no token are counted as lost and left out."""
    words, ends = document_tokens(text)
    starts = list(map(sub, ends, map(len, words)))
    tokens = whitespace_token_arrays(text, words, starts, ends)
    index = TokenIndex.of_arrays(words, ends)
    placed: dict[str, TokenSpan] = {}
    for span, found in on_tokens(index, spans, losses):
        first, last = tokens.index_of(found.first), tokens.index_of(found.last)
        placed[span.uid] = TokenSpan(first, last, found.start, found.end)
    return tokens, placed


def _span_record(span: Span, at: TokenSpan, text: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "start": at.start,
        "end": at.end,
        "token_start": at.first,
        "token_end": at.last,
        "label": span.label,
        "text": text[at.start : at.end],
        "id": span.uid,
    }
    if span.note:
        record["note"] = span.note
    for key, value in span.attributes.items():
        if value is not None:
            record[attribute_key(key)] = value
    return record


def task(item: Item, losses: Losses) -> dict[str, Any]:
    """The Prodigy task of one annotation set."""
    document = item.document
    text = document.text
    tokens, placed = aligned_spans(text, item.spans, losses)
    spans = {s.uid: _span_record(s, placed[s.uid], text) for s in item.spans if s.uid in placed}
    relations = []
    for relation in item.relations:
        head, child = spans.get(relation.from_uid), spans.get(relation.to_uid)
        if head is None or child is None:
            losses.add("relations", "relations with a dropped end: dropped")
            continue
        ends = ("start", "end", "token_start", "token_end", "label")
        relations.append(
            {
                "head": head["token_end"],
                "child": child["token_end"],
                "head_span": {key: head[key] for key in ends},
                "child_span": {key: child[key] for key in ends},
                "label": relation.type,
            }
        )
    annotator = item.annotator or ""
    return {
        "text": text,
        "tokens": list(
            map(
                TokenRecord,
                tokens.texts,
                tokens.starts,
                tokens.ends,
                range(len(tokens.texts)),
                tokens.spaces,
            )
        ),
        "spans": list(spans.values()),
        "relations": relations,
        "meta": {
            "doc_id": document.doc_id,
            "title": document.title,
            "annotator": annotator,
            "status": item.work.status.value,
            "text_sha256": document.text_sha256,
        },
        "_annotator_id": annotator,
        "answer": "ignore" if item.work.status is Status.SKIPPED else "accept",
    }


def write_spans_jsonl(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    with AtomicFiles(protected(store)) as files:
        outputs = split_buffers(files, path, SUFFIX, options)
        for item in items(store, options, report):
            outputs[item.split].write(json_line(task(item, losses)))
        where = report_file(path)
        text = finish(report, losses, NAME, options, where)
        files.open(where).write(text)
        report.files = files.targets
    return report


SPANS_JSONL = register(
    Exporter(
        name=NAME,
        description="Prodigy/spaCy JSONL: text, tokens, token-aligned spans, relations",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_spans_jsonl,
    )
)
