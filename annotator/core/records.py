"""What importers produce and the store consumes: documents and annotation sets to add."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import AttributeValue, Status


# Not frozen: importers make one per span of a file (100,000 in a large one), and a frozen
# dataclass's __init__ (one object.__setattr__ per field) was several times slower. Nothing
# changes them after reading; the store only reads them.
@dataclass(slots=True)
class NewSpan:
    """A span read from a file; ``uid`` is the file's id for it (unique within the file)."""

    uid: str
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    provenance: dict[str, Any] | None = None


@dataclass(slots=True)
class NewRelation:
    uid: str
    type: str
    from_uid: str
    to_uid: str


@dataclass(frozen=True)
class NewAnnotationSet:
    """One annotator's work on one document, as a native file carries it."""

    annotator: str
    status: Status
    updated_at: str
    spans: tuple[NewSpan, ...] = ()
    relations: tuple[NewRelation, ...] = ()


@dataclass(frozen=True)
class NewDocument:
    """A document read from a file, with its canonical text and where it came from."""

    doc_id: str
    title: str
    text: str
    text_sha256: str
    meta: dict[str, Any]
    source: str  # "file" or "file:line" for messages
    annotations: tuple[NewAnnotationSet, ...] = ()


@dataclass
class ImportReport:
    """Counts for one import run; ``skipped`` documents were already in the store."""

    files: int = 0
    added: int = 0
    skipped: int = 0
    annotation_sets_added: int = 0
    annotation_sets_skipped: int = 0
    spans_added: int = 0
    notes: list[str] = field(default_factory=list)

    def merge(self, other: ImportReport) -> None:
        self.files += other.files
        self.added += other.added
        self.skipped += other.skipped
        self.annotation_sets_added += other.annotation_sets_added
        self.annotation_sets_skipped += other.annotation_sets_skipped
        self.spans_added += other.spans_added
        self.notes.extend(other.notes)
