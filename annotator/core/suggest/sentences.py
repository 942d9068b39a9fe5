"""Sentences of a news text, as code-point ranges, for suggesters that look within one.

A rule of thumb rather than a parser: a sentence ends at ``.``, ``!`` or ``?`` (with any
closing quotes or brackets after it) followed by space and a capital, digit or opening quote,
or at a line break. Abbreviations common in news copy ("Mr.", "Gen.", "U.S.", "R.F.E./R.L.",
initials) do not end one.
"""

from __future__ import annotations

import re
from functools import cache

# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl"),
        *("adm", "cmdr", "gov", "sen", "rep", "pres", "st", "jr", "sr", "no", "vol"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("approx", "est", "etc", "vs", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept"),
        *("pol", "brig", "gens", "supt", "insp", "cdr"),
    )
)
# The lookahead in front lets the scan skip to the next candidate character (twice as fast).
_END = re.compile(r"(?=[.!?\n])(?:[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[\w])|\n+)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or an initial."""
    found = _WORD_BEFORE.search(text, max(0, stop - 20), stop + 1)
    if found is None:
        return False
    word = found.group(1)
    if "." in word:  # U.S., R.F.E./R.L.: letters and dots
        return all(len(part) <= 2 for part in word.split(".") if part)
    return word.casefold() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence, leading and trailing space excluded."""
    return _cached(text)


@cache
def _cached_inner(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for found in _END.finditer(text):
        if found.group().startswith(".") and _is_abbreviation(text, found.start()):
            continue
        spans.append((start, found.end()))
        start = found.end()
    spans.append((start, len(text)))
    trimmed = []
    for first, last in spans:
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if first < last:
            trimmed.append((first, last))
    return tuple(trimmed)


def _cached(text: str) -> tuple[tuple[int, int], ...]:
    # Several suggesters ask for the same text's sentences in one run; only the last text is
    # worth keeping.
    if len(text) > 200_000:
        return _cached_inner.__wrapped__(text)
    result = _cached_inner(text)
    if _cached_inner.cache_info().currsize > 8:
        _cached_inner.cache_clear()
    return result


def sentence_at(text: str, index: int) -> tuple[int, int]:
    """The sentence holding ``index`` (the whole text if none does)."""
    for first, last in sentence_spans(text):
        if first <= index < last:
            return first, last
    return 0, len(text)
