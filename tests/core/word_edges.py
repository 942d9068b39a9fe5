"""Where a word ends, judged without the tokenizer: the positions a span's edge may sit on
that every reasonable tokenizer must keep as a token edge.

The rule is deliberately conservative (it claims only the plain cases, so that a tokenizer
that breaks one of them is wrong, not merely different): a position is a word edge when

* it is the start or the end of the text, or whitespace is on either side;
* a letter or digit meets punctuation that is not joining two words there: an apostrophe or
  hyphen counts as joining when letters or digits are on both of its sides, ``.`` and ``,``
  when digits are on both sides;
* it is where an English clitic ``'s`` / ``’s`` starts ("Azerbaijan|'s").

Marks, emoji modifiers, joiners and symbols next to symbols are never claimed.
"""

from __future__ import annotations

import unicodedata

APOSTROPHES = "'’"
HYPHENS = "-\u2010\u2011"
POINTS = ".,"
# Punctuation that never joins two words (in the tokenizer or elsewhere).
STOPS = set(';:!?()[]{}"“”«»/…')


def _alnum(c: str) -> bool:
    return c.isalnum()


def _wordish(c: str) -> bool:
    """A letter, digit or combining mark (a mark belongs to the letter before it)."""
    return c.isalnum() or unicodedata.category(c)[0] == "M"


def _joins(text: str, p: int) -> bool:
    """Whether the character at ``p`` joins the characters on its two sides into one word."""
    if p <= 0 or p + 1 >= len(text):
        return False
    before, c, after = text[p - 1], text[p], text[p + 1]
    if c in APOSTROPHES or c in HYPHENS:
        return _wordish(before) and _alnum(after)
    if c in POINTS:
        return before.isdigit() and after.isdigit()
    return False


def is_clitic_start(text: str, p: int) -> bool:
    """``'s`` or ``’s`` starts at ``p``, after a letter or digit and ending a word."""
    return (
        p > 0
        and p + 2 <= len(text)
        and text[p] in APOSTROPHES
        and text[p + 1] in "sS"
        and _alnum(text[p - 1])
        and (p + 2 == len(text) or not _wordish(text[p + 2]))
    )


def is_word_edge(text: str, p: int) -> bool:
    """Whether position ``p`` (between ``text[p - 1]`` and ``text[p]``) is a word edge."""
    if p <= 0 or p >= len(text):
        return True
    left, right = text[p - 1], text[p]
    if left.isspace() or right.isspace():
        return True
    if is_clitic_start(text, p):
        return True
    if _wordish(left) and not _wordish(right):
        return right in STOPS or (
            (right in APOSTROPHES or right in HYPHENS or right in POINTS) and not _joins(text, p)
        )
    if _alnum(right) and not _wordish(left):
        if left in STOPS:
            return True
        if left in APOSTROPHES and is_clitic_start(text, p - 1):
            return False  # inside "'s"
        return (left in APOSTROPHES or left in HYPHENS or left in POINTS) and not _joins(
            text, p - 1
        )
    return False


def on_word_edges(text: str, start: int, end: int) -> bool:
    """Whether a span ``[start, end)`` starts and ends on word edges (and holds a non-space)."""
    return (
        start < end
        and not text[start].isspace()
        and not text[end - 1].isspace()
        and is_word_edge(text, start)
        and is_word_edge(text, end)
    )
