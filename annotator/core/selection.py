"""Turning a raw text selection into span edges: trimming and snapping to word boundaries.

A word character is a letter, digit or combining mark (so "Kəlbəcər" and "e\u0301" stay whole)
plus the apostrophes and hyphens inside a word ("Azerbaijan's", "so-called") and the separators
inside a number ("6,500").
"""

from __future__ import annotations

import unicodedata

_JOINERS = frozenset("'’-‐")
_DIGIT_JOINERS = frozenset(",.")


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _inside_word(text: str, index: int) -> bool:
    """True if a boundary at ``index`` would cut a word in two."""
    if index <= 0 or index >= len(text):
        return False
    before, after = text[index - 1], text[index]
    if _is_word_char(before) and _is_word_char(after):
        return True
    # "Azerbaijan|'s" and "so|-called": a joiner between two word characters binds.
    if after in _JOINERS and index + 1 < len(text) and _is_word_char(text[index + 1]):
        return _is_word_char(before)
    if before in _JOINERS and index >= 2 and _is_word_char(text[index - 2]):
        return _is_word_char(after)
    # "6|,500" and "6,|500": a thousands separator between digits binds too.
    if after in _DIGIT_JOINERS and index + 1 < len(text) and text[index + 1].isdigit():
        return before.isdigit()
    if before in _DIGIT_JOINERS and index >= 2 and text[index - 2].isdigit():
        return after.isdigit()
    return False


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space at both ends of a selection."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection so it neither starts nor ends inside a word, then trim it."""
    start, end = trim(text, start, end)
    if start >= end:
        return start, end
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return start, end


def next_word_edge(text: str, index: int, direction: int) -> int:
    """The end of the next word to the right (+1), or the start of the next word to the left."""
    n = len(text)
    p = index
    if direction > 0:
        while p < n and not _is_word_char(text[p]):
            p += 1
        if p < n:
            p += 1
        while p < n and _inside_word(text, p):
            p += 1
    else:
        while p > 0 and not _is_word_char(text[p - 1]):
            p -= 1
        if p > 0:
            p -= 1
        while p > 0 and _inside_word(text, p):
            p -= 1
    return p
