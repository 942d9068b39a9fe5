"""CSV tables: a header row with a ``text`` column; one row per document.

Cells are kept verbatim, formulas included: neutralising them is the CSV exporter's job, and
doing it here would change what the user imported.
"""

from __future__ import annotations

import csv
import functools
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.records import NewDocument
from annotator.errors import UserError
from annotator.io.importers.common import DocIdGuard, make_document, read_file_text, short
from annotator.io.importers.registry import Importer, ReadResult, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema


@functools.cache
def _allow_large_fields() -> None:
    # The default limit (128 KiB) is smaller than some articles. The limit must fit in a C
    # long, which is 32 bits on Windows. Done once, on first use, not at import.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _columns(header: list[str], path: Path) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Indexes of the id/title/text columns (matched case-insensitively, ignoring spaces)
    and the (index, name) of every other column, which goes to meta."""
    special: dict[str, int] = {}
    others: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, raw in enumerate(header):
        name = raw.strip() or f"column {index + 1}"  # trailing commas give nameless columns
        if name in seen:
            raise UserError(f"{path}: line 1: column {short(name)} appears twice")
        seen.add(name)
        key = name.lower()
        if key in ("id", "title", "text") and key not in special:
            special[key] = index
        else:
            others.append((index, name))
    if "text" not in special:
        found = ", ".join(short(name.strip()) for name in header) or "none"
        raise UserError(f'{path}: line 1: no "text" column (columns found: {found})')
    return special, others


def read_csv(path: Path, schema: LabelSchema) -> ReadResult:
    _allow_large_fields()
    text = read_file_text(path)
    if not text.strip():
        raise UserError(f"{path}: empty file")
    reader = csv.reader(io.StringIO(text, newline=""))
    documents: list[NewDocument] = []
    ids = DocIdGuard()
    try:
        header = next(reader)
        special, others = _columns(header, path)
        width = len(header)
        line = reader.line_num + 1  # where the next record starts
        for row in reader:
            place = f"{path}: line {line}"
            line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of empty cells
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise UserError(f"{place}: {len(row)} cells, but the header has {width} columns")
            # Spreadsheets drop trailing empty cells; read those as empty.
            row = row + [""] * (width - len(row))
            body = row[special["text"]]
            if not body.strip():
                raise UserError(f"{place}: the text cell is empty")
            doc_id = row[special["id"]].strip() if "id" in special else ""
            title = row[special["title"]].strip() if "title" in special else ""
            document = make_document(
                body,
                doc_id=doc_id or None,
                title=title or None,
                meta={name: row[index] for index, name in others},
                source=place,
            )
            ids.check(document, place.removeprefix(f"{path}: "))
            documents.append(document)
    except csv.Error as exc:
        raise UserError(f"{path}: line {reader.line_num}: {exc}") from None
    if not documents:
        raise UserError(f"{path}: no rows after the header")
    return ReadResult(documents)


CSV = register(
    Importer(
        name="csv",
        extensions=(".csv",),
        description="CSV with a header row and a text column (id, title optional; others to meta)",
        read=read_csv,
    )
)
