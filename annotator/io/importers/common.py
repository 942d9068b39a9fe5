"""Helpers the importers share: reading files safely, JSON errors, building documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.records import NewDocument
from annotator.core.text import (
    canonicalize,
    decode_bytes,
    fallback_doc_id,
    text_sha256,
    title_from_text,
)
from annotator.errors import UserError

# One file is read, parsed and stored as a whole (imports are atomic per file), so a file
# must fit in memory several times over; beyond this size we refuse it with a clear message.
MAX_FILE_BYTES = 256 * 1024 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, or ``UserError`` if it cannot be read or is too large."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"{path}: file is {size / 1e6:.0f} MB; files over "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB are refused (split it into smaller files)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_file_text(path: Path) -> str:
    """The file decoded to canonical text (DESIGN section 3), or ``UserError`` naming the byte.

    A NUL byte outside UTF-16 means a binary file (or UTF-16 without a BOM, which we cannot
    tell apart reliably); say so instead of reporting a confusing UTF-8 error.
    """
    data = read_file_bytes(path)
    if not data.startswith(_UTF16_BOMS):
        nul = data.find(b"\x00")
        if nul >= 0:
            raise UserError(
                f"{path}: byte {nul}: NUL byte (a binary file, or UTF-16 without a BOM?)"
            )
    return decode_bytes(data, str(path))


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file, decoded one line at a time.

    The same lines and numbers as splitting ``read_file_text(path)`` on LF (CRLF and lone CR
    end lines too), and the same errors, but the file is never held as one decoded string:
    text with emoji takes four bytes a character in Python, so a 20 MB JSON Lines file would
    otherwise cost hundreds of megabytes before a single record is parsed.
    """
    if read_head(path, 2).startswith(_UTF16_BOMS):
        yield from enumerate(read_file_text(path).split("\n"), start=1)
        return
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        handle.close()
        read_file_bytes(path)  # raises the size error
    number = 0
    position = 0  # byte offset of the current raw line in the file
    with handle:
        for raw in handle:
            ends = raw.endswith(b"\n")
            body = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if ends else raw
            start = position
            if position == 0 and body.startswith(_UTF8_BOM):
                body, start = body[len(_UTF8_BOM) :], start + len(_UTF8_BOM)
            for piece in body.split(b"\r"):  # a lone CR ends a line too
                number += 1
                nul = piece.find(b"\x00")
                if nul >= 0:
                    raise UserError(
                        f"{path}: byte {start + nul}: NUL byte (a binary file, or UTF-16 "
                        "without a BOM?)"
                    )
                try:
                    line = piece.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise UserError(
                        f"{path}: byte {start + exc.start}: not valid UTF-8 (save the file as "
                        "UTF-8 or UTF-16 with a BOM)"
                    ) from None
                yield number, line
                start += len(piece) + 1
            position += len(raw)
            if not ends:
                return
    yield number + 1, ""  # the text after the last line break (what str.split gives)


def read_head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes, for content sniffing."""
    try:
        with path.open("rb") as f:
            return f.read(size)
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; accepting them would poison every later export.
    raise ValueError(f"{name} is not allowed")


def loads(text: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity; errors are ValueError or RecursionError."""
    return json.loads(text, parse_constant=_reject_constant)


def json_problem(exc: ValueError | RecursionError, *, with_line: bool = False) -> str:
    """Describe a JSON parse failure: ``not valid JSON (Expecting ',' delimiter at column 17)``."""
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}: " if with_line else ""
        at = "" if exc.msg.endswith(" at") else " at"  # "Unterminated string starting at"
        return f"{where}not valid JSON ({exc.msg}{at} column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    return f"not valid JSON ({exc})"


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def short(value: str, limit: int = 60) -> str:
    """``repr`` of a string, cut to ``limit`` characters so messages stay on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def make_document(
    text: str, *, doc_id: str | None, title: str | None, meta: dict[str, Any], source: str
) -> NewDocument:
    """A ``NewDocument`` from canonical text; a missing id or title is derived from the text."""
    sha = text_sha256(text)
    return NewDocument(
        doc_id=doc_id if doc_id else fallback_doc_id(sha),
        title=canonicalize(title) if title else title_from_text(text),
        text=text,
        text_sha256=sha,
        meta=meta,
        source=source,
    )


class DocIdGuard:
    """Refuses one id for two different texts within a file, naming both places."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def check(self, doc: NewDocument, place: str) -> None:
        previous = self._seen.get(doc.doc_id)
        if previous is None:
            self._seen[doc.doc_id] = (doc.text_sha256, place)
        elif previous[0] != doc.text_sha256:
            raise UserError(
                f"{doc.source}: id {doc.doc_id!r} is also used at {previous[1]} for a "
                "different text"
            )


def json_object_lines(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line number, place, record) for each non-blank line of a JSON Lines file of objects;
    a line that is not a JSON object is a ``UserError`` naming the file and line."""
    for number, line in text_lines(path):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            record = loads(line)
        except (ValueError, RecursionError) as exc:
            raise UserError(f"{where}: {json_problem(exc)}") from None
        if not isinstance(record, dict):
            raise UserError(f"{where}: expected a JSON object, not {json_type(record)}")
        yield number, where, record
