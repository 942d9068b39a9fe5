"""Forgiving text search for people typing a few letters: "azerb", "Geg", "kelbecer".

Matching folds case, accents and punctuation away on both sides, and every word of the
query must occur somewhere in the searched text (in any order, inside words too), so a
query typed from memory finds "Azərbaycan", "Azerbaïdjan" and "Gegharkunik province".
Stored text is never changed: folding is only for comparing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

# Letters that carry no combining mark in Unicode, so NFKD alone leaves them as they are;
# people type them as the plain Latin letter (Kəlbəcər -> kelbecer, Łódź -> lodz).
_PLAIN_LETTERS = str.maketrans(
    {
        "ə": "e",
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ħ": "h",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)


def fold(text: str) -> str:
    """``text`` for comparing: lower case (casefold), accents and other combining marks
    dropped, a few unaccented non-ASCII letters spelled as Latin ones, and punctuation and
    symbols turned into spaces; runs of spaces become one."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):  # a combining accent
            continue
        if category[0] in "PSZC":  # punctuation, symbols, separators, controls
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).translate(_PLAIN_LETTERS).split())


def search_key(*parts: str) -> str:
    """The folded text a query is matched against, e.g. ``search_key(label_name, span_text)``;
    compute it once per candidate."""
    return fold(" ".join(parts))


def matches(query: str, key: str) -> bool:
    """Whether every word of ``query`` occurs in ``key`` (a ``search_key``). An empty query
    matches everything."""
    return all(word in key for word in fold(query).split())


def matching(query: str, keys: Iterable[str]) -> list[int]:
    """Positions of the keys that ``query`` matches, in their order."""
    words = fold(query).split()
    return [i for i, key in enumerate(keys) if all(word in key for word in words)]


def choose(query: str, keys: Sequence[str], exact: Sequence[str] = ()) -> int | list[int]:
    """What Enter on ``query`` means among candidates: the index of the one whose display
    text (``exact``) equals the query, else of the only match; a list of the matching
    indices when there are none or several (the caller says which)."""
    for i, text in enumerate(exact):
        if text == query:
            return i
    found = matching(query, keys)
    return found[0] if len(found) == 1 else found
