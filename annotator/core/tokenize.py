"""The one tokenizer of the token formats (spans-jsonl, hf, conll), keeping code-point offsets.

Rules, in order of precedence at each position of the text:

* **Whitespace is never a token** (anything ``str.isspace`` accepts: spaces, tabs, line breaks,
  no-break spaces...). ``Token.ws`` says whether whitespace follows the token.
* **Words** are runs of letters, digits and combining marks (a mark stays with the character
  before it, so ``e`` + U+0301 is one token). Inside a word these connectors are kept when a
  letter or digit follows them: apostrophes (``'`` ``’`` ``ʼ``), hyphens (``-`` U+2010
  U+2011), ZWJ/ZWNJ (joiners inside Indic words), and ``.`` or ``,`` between two digits. So
  ``don't``, ``Armenian-Azerbaijani``, ``Kəlbəcər``, ``Գեղարքունիք``, ``6,500``, ``3.5``,
  ``2024-02-05`` and ``120mm`` are one token each, while ``soldiers'`` is ``soldiers`` + ``'``.
* **The English clitic** ``'s`` / ``’s`` (any case) is split off a word it ends, as spaCy and
  CoNLL-2003 do: ``Azerbaijan's`` is ``Azerbaijan`` + ``'s``, so a span over the name sits on
  token edges. ``O'Brien`` and ``ma'soum`` stay whole (the ``s`` must end the word).
* **Every other character is its own token**, together with what modifies it: combining
  marks, variation selectors (U+FE0E/U+FE0F), skin-tone modifiers, tag characters, and ZWJ
  chains to a further symbol. So an emoji with its modifiers (``👍🏽``, ``❤️``, ``👩‍🚒``,
  keycap ``#️⃣``) is one token, and so is a flag (two regional indicators, ``🇦🇲``).

It is one compiled ``re`` pattern run once over the whole text (no third-party ``regex``, no
``\\X``, no loop per character), so it is fast and has no dependency. Offsets are Python
string indices (code points), end exclusive, as everywhere else in annotator:
``text[token.start:token.end] == token.text``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import add, lt, sub
from typing import NamedTuple


class Token(NamedTuple):
    """One token: its text, code-point offsets (end exclusive) and whether whitespace follows.

    A NamedTuple rather than a dataclass: the hf export of a large corpus makes millions.
    """

    text: str
    start: int
    end: int
    ws: bool


class TokenSpan(NamedTuple):
    """Where a character span falls in a token list: the first and last (inclusive) token
    indices, and the span's offsets moved to those tokens' edges."""

    first: int
    last: int
    start: int
    end: int


def _mark_class() -> str:
    """A character class of every combining mark (categories Mn, Mc, Me) this Python knows.

    Marks live in the first two planes and in the variation-selector supplement, so only those
    are scanned (a few milliseconds, once).
    """
    ranges: list[tuple[int, int]] = []
    for block in (range(0x20000), range(0xE0000, 0xE1000)):
        run_start: int | None = None
        for cp in block:
            is_mark = unicodedata.category(chr(cp))[0] == "M"
            if is_mark and run_start is None:
                run_start = cp
            elif not is_mark and run_start is not None:
                ranges.append((run_start, cp - 1))
                run_start = None
        if run_start is not None:
            ranges.append((run_start, block[-1]))
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return "[" + "".join(parts) + "]"


@functools.cache
def _pattern() -> re.Pattern[str]:
    # No mark is below U+0300, so a cheap look-ahead skips the long mark class for ASCII; the
    # possessive quantifiers (*+) stop the engine from retrying what it has already matched.
    marks = f"(?:(?=[^\\x00-\u02ff]){_mark_class()})"
    alnum = r"[^\W_]"  # letters and digits of every script (\w less the underscore)
    body = f"{alnum}*+(?:{marks}+{alnum}*+)*+"
    # The English clitic 's (also ’s, 'S) ends a word: an apostrophe followed by it is no
    # joiner, and the clitic is a token of its own, as spaCy and CoNLL-2003 have it.
    clitic = f"['’][sS](?!{alnum}|{marks})"
    joiner = f"(?:(?!{clitic})['’]|[ʼ\\-\u2010\u2011\u200c\u200d]|(?<=\\d)[.,](?=\\d))"
    # The look-ahead holds the first characters of every joiner, so that at the end of a word
    # (nearly always a space) the engine leaves after one test instead of trying each joiner.
    joiner_start = "(?=['’ʼ\\-\u2010\u2011\u200c\u200d.,])"
    word = f"{alnum}++(?:{marks}+{alnum}*+)*+(?:{joiner_start}{joiner}{alnum}{body})*+"
    modifier = f"(?:{marks}|[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f])"
    symbol = r"(?:[\U0001f1e6-\U0001f1ff]{2}|\S)"
    other = f"{symbol}{modifier}*+(?:\u200d[^\\w\\s]{modifier}*+)*+"
    # Most tokens are letters and digits before a space: ``word`` would match them the same
    # (no mark or joiner is a space), this branch only skips its tests.
    plain = f"{alnum}++(?= )"
    # Each match takes the whitespace before its token too: the lengths of the matches then
    # add up to the tokens' end offsets without a Python loop (see ``token_arrays``).
    return re.compile(f"\\s*(?:{plain}|{word}|(?<=[^\\W_]|{marks}){clitic}|{other})")


def token_ends(text: str) -> tuple[list[str], list[int]]:
    """The tokens' texts and end offsets: ``token_arrays`` less the starts, which the token
    exports seldom need (a token starts at its end less its length)."""
    pieces = _pattern().findall(text)
    return list(map(str.lstrip, pieces)), list(accumulate(map(len, pieces)))


def token_arrays(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tokens' texts, start offsets and end offsets, as three lists.

    The fast path for large exports: a few C-level passes instead of an object per token
    (about four times faster than ``tokenize``).
    """
    texts, ends = token_ends(text)
    return texts, list(map(sub, ends, map(len, texts))), ends


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` (see the module docstring), in order, never overlapping."""
    texts, starts, ends = token_arrays(text)
    spaced = [end < len(text) and text[end].isspace() for end in ends]
    return list(map(Token, texts, starts, ends, spaced))


def token_texts(text: str) -> list[str]:
    """Just the token strings."""
    return token_arrays(text)[0]


class TokenIndex:
    """Maps character spans onto a token list by binary search (build once per document)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._texts = [t.text for t in tokens]
        self._ends = [t.end for t in tokens]

    @classmethod
    def of_arrays(cls, texts: list[str], ends: list[int]) -> TokenIndex:
        """An index over the lists of ``token_ends`` (no ``Token`` objects needed)."""
        index = cls(())
        index._texts, index._ends = texts, ends
        return index

    def span(self, start: int, end: int) -> TokenSpan | None:
        """The tokens that ``[start, end)`` touches, and the offsets widened to their edges.

        An edge inside a token moves out to that token's edge; an edge in whitespace moves in
        to the nearest token inside the span. None when the span holds no token at all (it is
        only whitespace).
        """
        texts, ends = self._texts, self._ends
        first = bisect_right(ends, start)
        # The last token that starts before ``end``: the first that ends at or after it, if it
        # starts before it, else the one before.
        last = bisect_left(ends, end)
        if last == len(ends) or ends[last] - len(texts[last]) >= end:
            last -= 1
        if first > last:
            return None
        return TokenSpan(first, last, ends[first] - len(texts[first]), ends[last])


def tokens_for_span(tokens: Sequence[Token], start: int, end: int) -> TokenSpan | None:
    """``TokenIndex(tokens).span(start, end)``: for one span; use a ``TokenIndex`` for many."""
    return TokenIndex(tokens).span(start, end)


class SpacyTokens(NamedTuple):
    """spaCy's view of a text's tokens as parallel lists (see ``with_whitespace_tokens``),
    and ``gaps``: the word indices after which a whitespace token was inserted, in order."""

    texts: list[str]
    starts: list[int]
    ends: list[int]
    spaces: list[bool]
    gaps: list[int]
    leading: bool  # a whitespace token comes first

    def index_of(self, word: int) -> int:
        """The index in these lists of word ``word`` of the word token list."""
        return word + self.leading + bisect_left(self.gaps, word)


def whitespace_token_arrays(
    text: str, texts: list[str], starts: list[int], ends: list[int]
) -> SpacyTokens:
    """``with_whitespace_tokens`` over ``token_arrays(text)``, as lists.

    Built with a few C-level passes and a step per whitespace token (line breaks, double
    spaces: few), not a Python step per word: a large export has millions of words.
    """
    last_end = ends[-1] if ends else 0
    if (
        texts
        and starts[0] == 0
        and text.count(" ", 0, last_end) == last_end - sum(map(len, texts))
        and text.find("  ", 0, last_end) < 0
    ):
        return _single_spaced(text, texts, starts, ends)
    return _whitespace_token_arrays(text, texts, starts, ends)


def _single_spaced(text: str, texts: list[str], starts: list[int], ends: list[int]) -> SpacyTokens:
    """``whitespace_token_arrays`` of the usual text: up to its last token, every whitespace
    character is a single space between two tokens (the caller checked), so a token's space
    is a gap after it, and only what follows the last token can make a whitespace token."""
    spaces = list(map(lt, ends, starts[1:]))
    rest = text[ends[-1] :]
    spaced = rest.startswith(" ")
    spaces.append(spaced)
    rest = rest[1:] if spaced else rest
    if not rest:
        return SpacyTokens(texts, starts, ends, spaces, [], False)
    spaces.append(False)
    return SpacyTokens(
        [*texts, rest], [*starts, len(text) - len(rest)], [*ends, len(text)], spaces,
        [len(texts) - 1], False,
    )  # fmt: skip


def _whitespace_token_arrays(
    text: str, texts: list[str], starts: list[int], ends: list[int]
) -> SpacyTokens:
    """``whitespace_token_arrays`` of any text, tokens given."""
    length = len(text)
    if not texts:
        whole = [text] if text else []
        return SpacyTokens(
            whole, [0] * len(whole), [length] * len(whole), [False] * len(whole), [], bool(text)
        )
    # A word keeps one plain space after it; whatever whitespace is left before the next word
    # (or the end of the text) becomes a whitespace token.
    spaces = list(map(text.startswith, repeat(" "), ends))
    rest_starts = list(map(add, ends, spaces))
    nexts = starts[1:]
    nexts.append(length)
    gaps = list(compress(range(len(texts)), map(lt, rest_starts, nexts)))
    leading = starts[0] > 0
    if not gaps and not leading:
        return SpacyTokens(texts, starts, ends, spaces, gaps, leading)
    out_texts: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    out_spaces: list[bool] = []
    if leading:
        out_texts.append(text[: starts[0]])
        out_starts.append(0)
        out_ends.append(starts[0])
        out_spaces.append(False)
    done = 0
    for word in [*gaps, None]:
        stop = len(texts) if word is None else word + 1
        out_texts += texts[done:stop]
        out_starts += starts[done:stop]
        out_ends += ends[done:stop]
        out_spaces += spaces[done:stop]
        if word is not None:
            begin, end = rest_starts[word], nexts[word]
            out_texts.append(text[begin:end])
            out_starts.append(begin)
            out_ends.append(end)
            out_spaces.append(False)
            done = stop
    return SpacyTokens(out_texts, out_starts, out_ends, out_spaces, gaps, leading)


def with_whitespace_tokens(tokens: Sequence[Token], text: str) -> tuple[list[Token], list[int]]:
    """spaCy's view of the same tokens, so that ``Doc(vocab, words, spaces)`` rebuilds ``text``.

    spaCy gives each token at most one trailing space (U+0020); any other whitespace becomes
    a token of its own. Here a token keeps ``ws`` True only when exactly one plain space is
    consumed after it; whatever whitespace remains before the next token (a line break, a
    second space, a no-break space, or whitespace at the very start) is one whitespace token
    with ``ws`` False. Returns the new list and, for each input token, its index in it.
    """
    found = whitespace_token_arrays(
        text, [t.text for t in tokens], [t.start for t in tokens], [t.end for t in tokens]
    )
    out = list(map(Token, found.texts, found.starts, found.ends, found.spaces))
    return out, [found.index_of(word) for word in range(len(tokens))]
