"""Small builders shared by tests (real objects, no mocks)."""

from __future__ import annotations

from annotator.core.model import Span, new_uid
from annotator.core.records import NewDocument
from annotator.core.text import text_sha256


def new_document(text: str, doc_id: str | None = None, title: str = "") -> NewDocument:
    digest = text_sha256(text)
    return NewDocument(
        doc_id=doc_id or f"doc-{digest[:8]}",
        title=title or text.split("\n", 1)[0],
        text=text,
        text_sha256=digest,
        meta={},
        source="test",
    )


def span_over(
    text: str, quote: str, *, document_id: int, annotator: str = "alice", label: str = "claim"
) -> Span:
    start = text.index(quote)
    return Span(
        uid=new_uid("s"),
        document_id=document_id,
        annotator=annotator,
        label=label,
        start=start,
        end=start + len(quote),
        text=quote,
    )
