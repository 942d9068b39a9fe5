"""Canonical text and offsets (DESIGN section 3).

Canonical text is fixed once, at import: bytes are decoded (UTF-8 with or without BOM, UTF-16
with BOM) and CRLF and CR become LF. Nothing else changes. Offsets everywhere are Python
code-point indices, end exclusive. Qt and doccano count UTF-16 code units instead; the
conversion lives here, in ``Utf16Map``, so that every boundary uses the same tested code.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from annotator.errors import UserError

_UTF8_BOM = b"\xef\xbb\xbf"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def canonicalize(text: str) -> str:
    """Turn CRLF and lone CR into LF; leave every other character alone."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(
    data: bytes, source: str, advice: str = "save the file as UTF-8 or UTF-16 with a BOM"
) -> str:
    """Decode a file's bytes to canonical text, or raise ``UserError`` naming the place.

    Accepted: UTF-8 (a BOM is dropped) and UTF-16 with a BOM. Text containing NUL characters is
    refused as binary, since no article has them and they break every downstream format.
    """
    if data.startswith(_UTF8_BOM):
        body, encoding, shift = data[len(_UTF8_BOM) :], "utf-8", len(_UTF8_BOM)
    elif data.startswith(_UTF16_BOMS):
        body, encoding, shift = data, "utf-16", 0
    else:
        body, encoding, shift = data, "utf-8", 0
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        where = exc.start + shift
        if encoding == "utf-8":
            raise UserError(f"{source}: byte {where}: not valid UTF-8 ({advice})") from None
        raise UserError(f"{source}: byte {where}: not valid UTF-16") from None
    return checked_text(text, source)


def checked_text(text: str, source: str) -> str:
    """Decoded file text made canonical; a NUL character (a binary file) is a ``UserError``."""
    nul = text.find("\x00")
    if nul >= 0:
        line, column = line_column(text, nul)
        raise UserError(f"{source}: line {line}, column {column}: NUL character (binary file?)")
    return canonicalize(text)


def text_sha256(text: str) -> str:
    """The document identity across machines: SHA-256 of the canonical text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fallback_doc_id(sha256_hex: str) -> str:
    """The doc_id of a document imported without one."""
    return "sha256:" + sha256_hex[:16]


TITLE_LIMIT = 200  # characters; a text pasted as one long line is not its own title


def title_from_text(text: str) -> str:
    """The first non-empty line, stripped (a .txt file's headline). A line longer than
    ``TITLE_LIMIT`` is cut at the last space before it, with an ellipsis: a title stored whole
    would double the database for texts written as one line."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            return _shortened(line)
        start = end + 1
    return ""


def _shortened(line: str) -> str:
    if len(line) <= TITLE_LIMIT:
        return line
    cut = line.rfind(" ", 0, TITLE_LIMIT)
    return line[: cut if cut > TITLE_LIMIT // 2 else TITLE_LIMIT - 1].rstrip() + "…"


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a code-point index, for error messages."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@dataclass(frozen=True)
class Utf16Map:
    """Converts between code-point offsets and UTF-16 code-unit offsets of one text.

    Built in one pass; each conversion is a binary search over the astral characters, so a
    megabyte of text with thousands of emoji still converts in microseconds.
    """

    length: int
    astral_cp: tuple[int, ...]  # code-point index of every astral character
    astral_u16: tuple[int, ...]  # UTF-16 index of the same characters

    @classmethod
    def of(cls, text: str) -> Utf16Map:
        if text.isascii():
            return cls(len(text), (), ())
        cps = tuple(match.start() for match in _ASTRAL.finditer(text))
        return cls(len(text), cps, tuple(cp + n for n, cp in enumerate(cps)))

    @property
    def utf16_length(self) -> int:
        return self.length + len(self.astral_cp)

    def to_utf16(self, cp_offset: int) -> int:
        """UTF-16 offset of a code-point offset (0 <= cp_offset <= len(text))."""
        if not 0 <= cp_offset <= self.length:
            raise ValueError(f"offset {cp_offset} outside 0..{self.length}")
        return cp_offset + bisect_left(self.astral_cp, cp_offset)

    def to_code_point(self, u16_offset: int) -> int:
        """Code-point offset of a UTF-16 offset.

        An offset that falls between the two halves of a surrogate pair is moved to the start
        of that character, so a span never splits one.
        """
        if not 0 <= u16_offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {u16_offset} outside 0..{self.utf16_length}")
        before = bisect_right(self.astral_u16, u16_offset - 1)
        # ``before`` astral characters start before this offset; if the last one starts exactly
        # one unit earlier, the offset is inside its surrogate pair.
        if before and self.astral_u16[before - 1] == u16_offset - 1:
            return self.astral_cp[before - 1]
        return u16_offset - before


def find_quote(text: str, quote: str, near: int) -> int | None:
    """Start of the occurrence of ``quote`` closest to ``near``, or None if it is absent.

    Used to re-anchor a span whose offsets no longer point at its quoted text.
    """
    if not quote:
        return None
    best: int | None = None
    position = text.find(quote)
    while position >= 0:
        if best is None or abs(position - near) < abs(best - near):
            best = position
        position = text.find(quote, position + 1)
    return best
