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


# The fast path of ``fold`` for ASCII text: letters lowered, everything else not a letter or
# digit a space, by one byte table.
_ASCII_FOLD = bytes(
    (ord(chr(c).lower()) if chr(c).isalnum() else 32) if c < 128 else c for c in range(256)
)


class _FoldTable(dict[int, str]):
    """Code point -> its folded text (see ``fold``), for ``str.translate``; filled as
    characters are first met, since texts repeat their letters."""

    def __missing__(self, code: int) -> str:
        kept = []
        for part in unicodedata.normalize("NFKD", chr(code).casefold()):
            category = unicodedata.category(part)
            if category.startswith("M"):  # a combining accent
                continue
            kept.append(" " if category[0] in "PSZC" else part)  # punctuation, symbols, spaces
        folded = "".join(kept).translate(_PLAIN_LETTERS)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` for comparing: lower case (casefold), accents and other combining marks
    dropped, a few unaccented non-ASCII letters spelled as Latin ones, and punctuation and
    symbols turned into spaces; runs of spaces become one."""
    if text.isascii():  # most text: one regular expression instead of a loop
        return " ".join(text.encode().translate(_ASCII_FOLD).decode().split())
    return " ".join(text.translate(_FOLD_TABLE).split())


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
