"""CSV tables: a header row with a ``text`` column; one row per document.

Cells are kept verbatim, formulas included: neutralising them is the CSV exporter's job, and
doing it here would change what the user imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.records import NewDocument
from annotator.core.text import canonicalize
from annotator.errors import UserError
from annotator.io.importers.common import (
    MAX_RECORD_BYTES,
    Notes,
    make_document,
    read_file_text,
    read_head,
    short,
)
from annotator.io.importers.encodings import chosen_encoding
from annotator.io.importers.registry import Importer, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema


def _allow_large_fields() -> None:
    # The default limit (128 KiB) is smaller than some articles; ours is the record limit.
    # The setting is global to the csv module, so it is made on every read.
    csv.field_size_limit(MAX_RECORD_BYTES)


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


def _encoding(path: Path, notes: Notes) -> str:
    """UTF-16 with a BOM, the run's ``--encoding`` (``auto`` guesses from the first
    megabyte, and says so), or UTF-8 with or without a BOM."""
    head = read_head(path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    encoding, note = chosen_encoding(head, notes.options, str(path))
    if note:
        notes.append(note)
    if encoding is None and b"\x00" in head:
        read_file_text(path)  # raises the error naming the NUL byte
    return encoding or "utf-8-sig"


def _rows(path: Path, notes: Notes) -> Iterator[tuple[Any, list[str]]]:
    """The reader and each row of a CSV file, decoded as it is read (see ``_encoding``); a
    row may be at most ``MAX_RECORD_BYTES``."""
    encoding = _encoding(path, notes)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            for row in reader:
                yield reader, row
        except csv.Error as exc:
            raise UserError(f"{path}: line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError:
            expected = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8"}.get(encoding, encoding)
            advice = (
                "check --encoding"
                if notes.options.encoding
                else "save it as UTF-8, or name its encoding with --encoding"
            )
            raise UserError(
                f"{path}: line {reader.line_num + 1}: not valid {expected} ({advice})"
            ) from None


def read_csv(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    _allow_large_fields()
    rows = _rows(path, notes)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise UserError(f"{path}: empty file" if first is None else f"{path}: line 1: no header")
    reader, header = first
    special, others = _columns([canonicalize(cell) for cell in header], path)
    width = len(header)
    line = reader.line_num + 1  # where the next record starts
    count = 0
    for _, row in rows:
        place = f"{path}: line {line}"
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue  # blank lines and rows of empty cells
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise UserError(f"{place}: {len(row)} cells, but the header has {width} columns")
        # Spreadsheets drop trailing empty cells; read those as empty. CRLF inside a quoted
        # cell becomes LF, as in every imported text.
        row = [canonicalize(cell) for cell in row] + [""] * (width - len(row))
        body = row[special["text"]]
        if not body.strip():
            raise UserError(f"{place}: the text cell is empty")
        doc_id = row[special["id"]].strip() if "id" in special else ""
        title = row[special["title"]].strip() if "title" in special else ""
        count += 1
        yield make_document(
            body,
            doc_id=doc_id or None,
            title=title or None,
            meta={name: row[index] for index, name in others},
            source=place,
        )
    if not count:
        raise UserError(f"{path}: no rows after the header")


CSV = register(
    Importer(
        name="csv",
        extensions=(".csv",),
        description="CSV with a header row and a text column (id, title optional; others to meta)",
        stream=read_csv,
    )
)
