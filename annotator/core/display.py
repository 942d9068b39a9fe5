"""Making untrusted names safe to echo on a terminal or in a one-line message.

File names, titles and annotator names come from users and files. A newline or an ANSI escape
inside one could forge extra output lines or recolour the terminal, so every control character
is shown as an escape instead (``\\n``, ``\\x1b``), and undecodable bytes (surrogate escapes
from ``os.fsdecode``) as ``\\xNN``.
"""

from __future__ import annotations

import os
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control, format, surrogate, private-use, unassigned, line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with control, format, separator-line and surrogate characters escaped."""
    if text.isprintable():
        return text
    return "".join(
        _escape(char) if unicodedata.category(char) in _UNSAFE else char for char in text
    )


def printable_path(path: os.PathLike[str] | str) -> str:
    """A path for a message: decoded as the OS would, then escaped like ``printable``."""
    return printable(os.fspath(path))


__all__ = ["printable", "printable_path"]
