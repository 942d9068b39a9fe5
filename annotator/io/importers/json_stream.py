"""Reading a JSON file's top-level array one element at a time.

A Label Studio export or a JSON file of records is one array, often of many megabytes. Only
the element being parsed is held: the file is decoded in chunks, and each element is parsed
by the standard library's decoder (``raw_decode``) straight from the buffer, so the rules
and error messages are the same as for JSON Lines. An element cut by the end of a chunk
fails to parse; the buffer then grows (doubling, so a large element is parsed a bounded
number of times) until the element is whole, the file ends, or it passes the record limit.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.errors import UserError
from annotator.io.importers.common import (
    DECODER,
    MAX_RECORD_BYTES,
    check_depth,
    json_problem,
    read_head,
)

_CHUNK = 1024 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_NUMBER_TAIL = re.compile(r"[.eE][+-]?")  # what a chunk may end on inside a number
# How far before the end of the buffer a parse error may be caused by the cut (a literal
# such as ``tru`` is reported at its start, an escape ``\u12`` near its backslash).
_CUT_MARGIN = 16


def _decoded_chunks(path: Path) -> Iterator[str]:
    """The file as text, a chunk at a time: UTF-8 (BOM dropped) or UTF-16 with a BOM."""
    utf16 = read_head(path, 2).startswith(_UTF16_BOMS)
    decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8-sig")()
    offset = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        while True:
            data = handle.read(_CHUNK)
            nul = -1 if utf16 else data.find(b"\x00")
            if nul >= 0:
                raise UserError(
                    f"{path}: byte {offset + nul}: NUL byte (a binary file, or UTF-16 without "
                    "a BOM?)"
                )
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                encoding = "UTF-16" if utf16 else "UTF-8"
                raise UserError(
                    f"{path}: byte {max(offset + exc.start, 0)}: not valid {encoding}"
                ) from None
            if text:
                yield text
            if not data:
                return
            offset += len(data)


class _Reader:
    """A window on the decoded file: ``buffer[position:]`` is what is still to be parsed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.chunks = _decoded_chunks(path)
        self.buffer = ""
        self.position = 0
        self.line = 1  # line number of buffer[0]
        self.ended = False

    def more(self) -> bool:
        """Drop what was parsed and append the next chunk; False at the end of the file."""
        if self.ended:
            return False
        chunk = next(self.chunks, None)
        if chunk is None:
            self.ended = True
            return False
        self.line += self.buffer.count("\n", 0, self.position)
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def peek(self) -> str | None:
        """The next character that is not white space (None at the end of the file)."""
        while True:
            found = _NOT_SPACE.search(self.buffer, self.position)
            if found is not None:
                self.position = found.start()
                return self.buffer[self.position]
            self.position = len(self.buffer)
            if not self.more():
                return None

    def place(self, index: int) -> str:
        line = self.line + self.buffer.count("\n", 0, index)
        column = index - self.buffer.rfind("\n", 0, index)
        return f"{self.path}: line {line}, column {column}"

    def value(self, what: str) -> Any:
        """Parse the value at the current position (``what`` names it in messages)."""
        while True:
            start = self.position
            try:
                value, end = DECODER.raw_decode(self.buffer, start)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or (
                    exc.pos >= len(self.buffer) - _CUT_MARGIN
                )
                if cut and self.grow(what):
                    continue
                raise UserError(
                    f"{self.place(exc.pos)}: {what}: not valid JSON ({exc.msg})"
                ) from None
            except (ValueError, RecursionError) as exc:  # NaN, Infinity; deep nesting
                raise UserError(f"{self.place(start)}: {what}: {json_problem(exc)}") from None
            # A number cut by the chunk's end parses too: "12" of "123", and "-0" of "-0.5"
            # when the chunk ends at "-0." or "1" of "1e5" at "1e". Read on before trusting it.
            cut_number = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and _NUMBER_TAIL.fullmatch(self.buffer, end) is not None  # no copy of the rest
            )
            if (end == len(self.buffer) or cut_number) and self.grow(what):
                continue
            if end - start > MAX_RECORD_BYTES:
                raise self.too_large(what)
            if isinstance(value, dict | list):
                try:
                    check_depth(value, self.buffer[start:end])
                except ValueError as exc:
                    raise UserError(f"{self.place(start)}: {what}: {json_problem(exc)}") from None
            self.position = end
            return value

    def grow(self, what: str) -> bool:
        """Read until the unparsed part has doubled; False if the file has ended."""
        pending = len(self.buffer) - self.position
        if pending > MAX_RECORD_BYTES:
            raise self.too_large(what)
        grew = False
        while len(self.buffer) - self.position < 2 * pending + 1 and self.more():
            grew = True
        return grew

    def too_large(self, what: str) -> UserError:
        return UserError(
            f"{self.place(self.position)}: {what}: larger than "
            f"{MAX_RECORD_BYTES // (1024 * 1024)} MB, the limit for one record"
        )


def json_elements(path: Path, noun: str) -> Iterator[tuple[int, Any]]:
    """(number, value) of each element of the file's top-level array, counted from 1; a file
    whose top level is not an array is one element. ``noun`` ("record", "task") names an
    element in messages. Errors are ``UserError("<path>: line L, column C: ...")``."""
    reader = _Reader(path)
    first = reader.peek()
    if first is None:
        raise UserError(f"{path}: empty file")
    if first != "[":
        yield 1, reader.value(f"{noun} 1")
        _expect_end(reader)
        return
    reader.position += 1
    number = 0
    if reader.peek() == "]":
        reader.position += 1
    else:
        while True:
            number += 1
            yield number, reader.value(f"{noun} {number}")
            following = reader.peek()
            if following == ",":
                reader.position += 1
                if reader.peek() is not None:
                    continue
                following = None
            if following == "]":
                reader.position += 1
                break
            where = reader.place(reader.position)
            if following is None:
                raise UserError(f"{where}: the file ends inside the array (truncated?)")
            raise UserError(f"{where}: not valid JSON (expected ',' or ']' after {noun} {number})")
    _expect_end(reader)


def _expect_end(reader: _Reader) -> None:
    if reader.peek() is not None:
        raise UserError(
            f"{reader.place(reader.position)}: not valid JSON (more data after the end of the "
            "top-level value)"
        )
