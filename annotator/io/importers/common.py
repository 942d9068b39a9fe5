"""Helpers the importers share: reading files safely, JSON errors, building documents."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.core.records import NewDocument
from annotator.core.text import (
    canonicalize,
    checked_text,
    decode_bytes,
    fallback_doc_id,
    line_column,
    text_sha256,
    title_from_text,
)
from annotator.errors import UserError
from annotator.io.importers.encodings import ReadOptions, chosen_encoding, decode_in

# Size limits (README, "Size limits"). Imports stream record by record, so a file's size is not
# limited, but one record is held whole, and a file that is one document (.txt, .html, a brat
# pair) is read whole.
MAX_FILE_BYTES = 64 * 1024 * 1024  # a file read whole: .txt, .html, brat .ann and .txt
MAX_RECORD_BYTES = 64 * 1024 * 1024  # one JSON Lines line, one JSON array element, one CSV row
MAX_TEXT_CHARACTERS = 10_000_000  # one document's text
MAX_DEPTH = 64  # nesting of arrays and objects in one JSON record
_MB = 1024 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_CHUNK = 1024 * 1024


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, or ``UserError`` if it cannot be read or is too large."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"{path}: file is {size / _MB:.0f} MB; files read whole (.txt, .html, brat) "
                f"over {MAX_FILE_BYTES // _MB} MB are refused"
            )
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_file_text(path: Path, notes: Notes | None = None, *, html: bool = False) -> str:
    """The file decoded to canonical text (DESIGN section 3), or ``UserError`` naming the byte.

    The encoding follows the run's ``--encoding`` (``notes.options``) and, for an HTML page
    (``html``), its declared charset; see ``encodings.chosen_encoding``. A NUL byte outside
    UTF-16 means a binary file (or UTF-16 without a BOM, which we cannot tell apart reliably);
    say so instead of reporting a confusing UTF-8 error.
    """
    data = read_file_bytes(path)
    options = notes.options if notes is not None else ReadOptions()
    encoding, note = chosen_encoding(data, options, str(path), html=html)
    if encoding is not None:
        text = checked_text(decode_in(data, encoding, str(path)), str(path))
        if note and notes is not None:
            notes.append(note)
        return text
    if not data.startswith(_UTF16_BOMS):
        nul = data.find(b"\x00")
        if nul >= 0:
            raise UserError(
                f"{path}: byte {nul}: NUL byte (a binary file, or UTF-16 without a BOM?)"
            )
    if notes is None:
        return decode_bytes(data, str(path))
    # Read under an import run's options: --encoding is the way out.
    return decode_bytes(data, str(path), "save it as UTF-8, or name its encoding with --encoding")


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb", buffering=1 << 16)  # lines of several KB: fewer, larger reads
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _line_too_long(path: Path, number: int) -> UserError:
    return UserError(
        f"{path}: line {number}: longer than {MAX_RECORD_BYTES // _MB} MB, the limit for one record"
    )


def _utf16_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``text_lines`` for UTF-16 files (with a BOM), decoded as they are read."""
    limit = MAX_RECORD_BYTES // 2
    number = 0
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-16", newline="") as handle:
        while True:
            try:
                line = handle.readline(limit + 1)
            except UnicodeDecodeError:
                raise UserError(f"{path}: line {number + 1}: not valid UTF-16") from None
            if not line:
                break
            number += 1
            body = line.rstrip("\r\n")
            if len(body) == len(line) and len(line) > limit:
                raise _line_too_long(path, number)
            if "\x00" in body:
                raise UserError(f"{path}: line {number}: NUL character (binary file?)")
            yield number, body
            if body == line:  # no line break: that was the last line
                return
    yield number + 1, ""


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file, decoded one line at a time.

    The same lines and numbers as splitting ``read_file_text(path)`` on LF (CRLF and lone CR
    end lines too), and the same errors, but the file is never held whole: memory grows with
    the longest line, which may be at most ``MAX_RECORD_BYTES``.
    """
    if read_head(path, 2).startswith(_UTF16_BOMS):
        yield from _utf16_lines(path)
        return
    for number, piece, start in utf8_line_bytes(path):
        try:
            line = piece.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path}: byte {start + exc.start}: not valid UTF-8 (save the file as "
                "UTF-8 or UTF-16 with a BOM)"
            ) from None
        yield number, line


def utf8_line_bytes(path: Path) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, byte offset) of ``text_lines`` for a UTF-8 file, not yet decoded:
    the native fast path decodes JSON straight from bytes. Same line breaks, numbers and
    errors, apart from decoding, which is the caller's."""
    number = 0
    position = 0  # byte offset of the current raw line in the file
    with _open(path) as handle:
        while True:
            raw = handle.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                break
            ends = raw.endswith(b"\n")
            if not ends and len(raw) > MAX_RECORD_BYTES:
                raise _line_too_long(path, number + 1)
            body = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if ends else raw
            start = position
            if position == 0 and body.startswith(_UTF8_BOM):
                body, start = body[len(_UTF8_BOM) :], start + len(_UTF8_BOM)
            for piece in body.split(b"\r") if b"\r" in body else (body,):  # a lone CR ends a line
                number += 1
                nul = piece.find(b"\x00")
                if nul >= 0:
                    raise UserError(
                        f"{path}: byte {start + nul}: NUL byte (a binary file, or UTF-16 "
                        "without a BOM?)"
                    )
                yield number, piece, start
                start += len(piece) + 1
            position += len(raw)
            if not ends:
                return
    yield number + 1, b"", position  # the text after the last line break (what str.split gives)


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


DECODER = json.JSONDecoder(parse_constant=_reject_constant)


class TooDeep(ValueError):
    """A JSON record nested deeper than ``MAX_DEPTH``."""


def check_depth(value: Any, raw: str) -> None:
    """Refuse a parsed record nested deeper than ``MAX_DEPTH`` (``raw`` is its JSON text: if it
    has few brackets, the record cannot be deep and is not walked)."""
    if raw.count("[") + raw.count("{") <= MAX_DEPTH:
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def loads(text: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and records nested deeper than ``MAX_DEPTH``;
    errors are ValueError or RecursionError."""
    value = DECODER.decode(text)
    if isinstance(value, dict | list):
        check_depth(value, text)
    return value


def json_problem(exc: ValueError | RecursionError, *, with_line: bool = False) -> str:
    """Describe a JSON parse failure: ``not valid JSON (Expecting ',' delimiter at column 17)``."""
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}: " if with_line else ""
        at = "" if exc.msg.endswith(" at") else " at"  # "Unterminated string starting at"
        return f"{where}not valid JSON ({exc.msg}{at} column {exc.colno})"
    if isinstance(exc, RecursionError):
        return f"nested deeper than {MAX_DEPTH} levels (the limit)"
    if isinstance(exc, TooDeep):
        return f"{exc} (the limit)"
    if "integer string conversion" in str(exc):  # Python's guard against huge numbers
        return "not valid JSON (a number with more than 4300 digits)"
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


def whole_number(value: object) -> bool:
    """A JSON integer (not a boolean, not a float such as 3.0)."""
    return type(value) is int


def short(value: str, limit: int = 60) -> str:
    """``repr`` of a string, cut to ``limit`` characters so messages stay on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def make_document(
    text: str, *, doc_id: str | None, title: str | None, meta: dict[str, Any], source: str
) -> NewDocument:
    """A ``NewDocument`` from canonical text; a missing id or title is derived from the text."""
    sha = text_sha256_checked(text, source)
    return NewDocument(
        doc_id=doc_id if doc_id else fallback_doc_id(sha),
        title=canonicalize(title) if title else title_from_text(text),
        text=text,
        text_sha256=sha,
        meta=meta,
        source=source,
    )


def text_sha256_checked(text: str, source: str) -> str:
    """``text_sha256``, or ``UserError`` for a text too long or not encodable (a lone
    surrogate from a JSON escape such as ``"\\ud800"``); the full check of every string
    comes later (``checks.check_document``), this one only keeps hashing from failing."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise UserError(
            f"{source}: text has {len(text):,} characters; the limit for one document is "
            f"{MAX_TEXT_CHARACTERS:,}"
        )
    try:
        return text_sha256(text)
    except UnicodeEncodeError as exc:
        line, column = line_column(text, exc.start)
        raise UserError(
            f"{source}: text, line {line}, column {column}: unpaired surrogate "
            f"U+{ord(text[exc.start]):04X} (not a character)"
        ) from None


class Notes:
    """What one file's import wants the user to know; after ``LIMIT`` notes only a count."""

    LIMIT = 100

    def __init__(self, options: ReadOptions | None = None) -> None:
        self.options = options or ReadOptions()  # how the run reads files (--encoding, --html)
        self._lines: list[str] = []
        self._more = 0

    def append(self, note: str) -> None:
        if len(self._lines) < self.LIMIT:
            self._lines.append(note)
        else:
            self._more += 1

    def lines(self) -> list[str]:
        more = [f"... and {self._more} more notes like these"] if self._more else []
        return [*self._lines, *more]


def json_object_lines(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line number, place, record) for each non-blank line of a JSON Lines file of objects;
    a line that is not a JSON object is a ``UserError`` naming the file and line."""
    for number, line in text_lines(path):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        yield number, where, json_object(line, where)


def json_object(line: str, place: str) -> dict[str, Any]:
    """One line parsed as a JSON object; anything else is a ``UserError`` starting with
    ``place`` ("path: line 3")."""
    try:
        record = loads(line)
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{place}: {json_problem(exc)}") from None
    if not isinstance(record, dict):
        raise UserError(f"{place}: expected a JSON object, not {json_type(record)}")
    return record
