"""Plain text: one file is one document, headline included (DESIGN section 3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.records import NewDocument
from annotator.errors import UserError
from annotator.io.importers.common import Notes, make_document, read_file_text
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema


def read_text(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    """The whole canonical file is the text; its first non-empty line is the title."""
    text = read_file_text(path, notes)
    if not text.strip():
        raise UserError(f"{path}: empty file")
    yield make_document(
        text, doc_id=path.stem, title=None, meta={"source_file": path.name}, source=str(path)
    )


TEXT = register(
    Importer(
        name="txt",
        extensions=(".txt",),
        description="plain text, one article per file (UTF-8, UTF-16 with a BOM, or --encoding)",
        stream=read_text,
    )
)
