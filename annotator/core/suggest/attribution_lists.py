"""Lists of sources for the attribution suggester: "according to a rights group, rebels and
media", "Myanmar Now, the Irrawaddy and BBC Burmese reported": one source per name.
"""

from __future__ import annotations

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_kinds import classify, name_across
from annotator.core.suggest.attribution_phrase import (
    QUOTES,
    Token,
    bare,
    phrase_after,
    phrase_before,
)


def _skip_acronym(toks: list[Token], k: int, high: int) -> int:
    """Index after "(CHRO)" following a phrase, else ``k``."""
    if (
        k + 2 < high
        and toks[k].text == "("
        and toks[k + 2].text == ")"
        and toks[k + 1].text.isupper()
    ):
        return k + 3
    return k


def coordinated_after(toks: list[Token], span: tuple[int, int], high: int) -> list[tuple[int, int]]:
    """Further sources in a list after one: "a rights group, rebels and media". A comma
    alone does not make a list: only one closed by "and" does."""
    start, end = span
    found: list[tuple[int, int]] = []
    k = _skip_acronym(toks, end + 1, high)
    while k < high and toks[k].text in (",", "and"):
        closing = toks[k].text == "and"
        if toks[k].text == "," and k + 1 < high and toks[k + 1].lower == "and":
            k += 1
            closing = True
        tail = phrase_after(toks, k + 1, high)
        if tail is None:
            break
        if closing and not found and name_across(toks[start : tail + 1], k - start):
            return []  # "the Armed Conflict Location and Event Data Project" is one name
        found.append((k + 1, tail))
        k = _skip_acronym(toks, tail + 1, high)
        if closing:
            return found
    return []


def coordinated_before(
    toks: list[Token], subject: tuple[int, int], low: int
) -> list[tuple[int, int]]:
    """Sources listed before a subject: "Myanmar Now, the Irrawaddy and BBC Burmese reported",
    "a doctors' group and activists said". Only sources of the subject's own kind, or common
    nouns like it, make a list ("Kharkiv and officials said" does not)."""
    start, end = subject
    if start - 2 < low or toks[start - 1].lower != "and":
        return []
    if toks[start - 2].text == ",":
        return []  # "..., and officials said": two clauses, not a list
    kind = classify(toks[start : end + 1])[0]
    common = toks[end].lower in words.HEAD_NOUNS
    found: list[tuple[int, int]] = []
    k = start - 1
    while k - 1 >= low and toks[k].text in (",", "and"):
        first = phrase_before(toks, k - 1, low)
        if first is None:
            break
        other = classify(toks[first:k])[0]
        alike = (kind is not None and other == kind) or (
            common and not found and bare(toks[k - 1]) in words.HEAD_NOUNS
        )
        # the list opens the clause, or follows what it lists ("news outlets A, B and C")
        opens = (
            first == low
            or toks[first - 1].lower in (",", "and", "including")
            or toks[first - 1].text in QUOTES
            or bare(toks[first - 1]) in words.HEAD_NOUNS
            or toks[first - 1].lower in words.LIST_LABELS
        )
        place = k - first == 1 and toks[first].lower in words.PLACE_AFFILIATION
        # "The Ethiopian government and the TPLF have denied": a pair opening the clause
        pair = not found and (first == low or toks[first - 1].text in (",", *QUOTES))
        if not opens or not (alike or place or pair) or (place and found):
            break  # "Russia hit Kharkiv and officials said": Kharkiv is the object
        found.insert(0, (first, k - 1))
        k = first - 1
    return found


def whole_name(toks: list[Token], span: tuple[int, int], low: int, high: int) -> tuple[int, int]:
    """Widen a phrase over an "and" inside a listed name: "the Armed Conflict Location and
    Event Data Project"."""
    start, end = span
    if end + 2 < high and toks[end + 1].lower == "and":
        tail = phrase_after(toks, end + 2, high)
        if tail is not None and name_across(toks[start : tail + 1], end + 1 - start):
            return start, tail
    if start - 2 >= low and toks[start - 1].lower == "and":
        head = phrase_before(toks, start - 2, low)
        if head is not None and name_across(toks[head : end + 1], start - 1 - head):
            return head, end
    return span
