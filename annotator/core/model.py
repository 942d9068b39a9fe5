"""Plain value objects that cross layer boundaries (never ORM instances)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

AttributeValue = str | int | float | bool | None

GOLD = "gold"
"""The annotator whose spans are the adjudicated gold set."""


class Status(StrEnum):
    """An annotator's progress on one document."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


def utc_now() -> str:
    """ISO 8601 UTC timestamp with millisecond precision, as stored and exported."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document without its text (what lists and tables need)."""

    id: int
    doc_id: str
    title: str
    text_sha256: str
    length: int
    meta: dict[str, Any]
    created_at: str


@dataclass(frozen=True)
class Document:
    """A stored document with its canonical text."""

    id: int
    doc_id: str
    title: str
    text: str
    text_sha256: str
    meta: dict[str, Any]
    created_at: str


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a document, ``text[start:end]`` in code points."""

    uid: str
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    # Gold spans say who agreed on them: {"annotators": [...], "votes": n, "participants": n}.
    provenance: dict[str, Any] | None = None
    # The stored row's version this copy was read at (0: not stored yet). An update or delete
    # based on an older version is refused, so no window writes over newer work.
    version: int = 0


@dataclass(frozen=True)
class Relation:
    """A typed link between two spans of the same document and annotator."""

    uid: str
    document_id: int
    annotator: str
    type: str
    from_uid: str
    to_uid: str


@dataclass(frozen=True)
class ChangeEntry:
    """One row of the append-only audit trail."""

    id: int
    at: str
    annotator: str
    action: str
    document_id: int | None
    entity_uid: str | None
    before: Any
    after: Any


def new_uid(prefix: str) -> str:
    """A fresh id for a span ("s-...") or relation ("r-..."), unique across machines."""
    return f"{prefix}-{secrets.token_hex(6)}"


def new_uids(prefix: str) -> Iterator[str]:
    """Endless ``new_uid(prefix)`` ids, drawn from the OS in blocks: a bulk import needs one per
    span, and one ``urandom`` call per id was a tenth of its time."""
    while True:
        digits = secrets.token_hex(6 * 1024)
        for first in range(0, len(digits), 12):
            yield f"{prefix}-{digits[first : first + 12]}"
