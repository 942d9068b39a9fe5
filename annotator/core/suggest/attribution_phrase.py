"""Source phrases for the attribution suggester: tokens, and the noun phrase before or after
a reporting cue (``attribution_kinds`` says what a phrase tells of its source).

A phrase is a run of tokens that can name who speaks: capitalised names, possessives
("Ukraine's"), the lower-case words of ``attribution_words`` (defence, ministry, spokesperson),
a determiner at its left edge, and a bridge ("for", "of") after a head that takes one
("a spokesperson for the foreign ministry"). It must end in a head: a capitalised name or a
head noun, never a pronoun.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from annotator.core.suggest import attribution_words as words

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?:/(?:[A-Za-z]\.)+)*"  # U.S., R.F.E./R.L.
    r"|(?:Gen|Col|Lt|Maj|Mr|Mrs|Ms|Dr|Capt|Sgt|Adm|Gov|Sen|Rep|Brig|Cmdr|Gens|St|Pol)\."
    r"|\w(?:[\w'’\-/&]*\w)?(?:(?<=s)['’](?!\w))?"  # "doctors'" keeps its apostrophe
    r"|[^\w\s]"
)
QUOTES = "\"“”«»‘’'„"
# Nouns a phrase may pass through without ending on them ("officials in the town of Sotk").
_PLACE_NOUNS = words.word_set(
    "town village city region province district area camp state strip territory enclave country"
)
_PORTIONS = words.word_set("one two three some many several each both none all most")
DOCUMENT_NOUNS = words.word_set(
    "statement statements report reports figures data tally count estimate estimates",
    "assessment update toll communique communiqué post video footage",
)


class Token(NamedTuple):  # a tuple: made for every word of a cue's sentence, so cheap
    start: int
    end: int
    text: str
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


_new_token = tuple.__new__  # a Token without the Python-level __new__ NamedTuple adds


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    stop = len(text) if end is None else end
    return [
        _new_token(Token, (match.start(), match.end(), (word := match[0]), word.lower()))
        for match in _TOKEN.finditer(text, start, stop)
    ]


def bare(token: Token) -> str:
    """The word without a possessive ending."""
    return _strip_possessive(token.lower)


@cache
def _strip_possessive(lower: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if lower.endswith(ending):
            return lower[: -len(ending)]
    return lower


def possessive(token: Token) -> bool:
    return bare(token) != token.lower


def name_word(token: Token, at_sentence_start: bool = False) -> bool:
    """A capitalised word that can belong to a name (not 'But', 'On', 'He', 'Monday')."""
    if not token.text[:1].isupper() and not (
        "-" in token.text and any(c.isupper() for c in token.text)
    ):
        return False
    word = bare(token)
    if len(token.text) > 1 and token.text.isupper() and token.text.isalpha():
        return True  # "WHO", "US": acronyms are names even when they spell a stop word
    if word in words.CAPITAL_STOP:
        return False
    return not (at_sentence_start and word in words.PRONOUNS)


def is_head(token: Token) -> bool:
    if possessive(token) or token.lower in words.PRONOUNS:
        return False
    if token.lower in words.HEAD_NOUNS:
        return True
    return name_word(token) and token.text[:1].isalpha()


def _inner(token: Token, sentence_start: bool, next_token: Token | None = None) -> bool:
    """A word that may stand inside a phrase, left of its head."""
    lower = bare(token)
    if lower in words.MODIFIERS or lower in words.HEAD_NOUNS or lower in _PLACE_NOUNS:
        return True
    if token.text == "&":
        return True
    if "-" in token.text and token.text[:1].isalpha() and not token.text[:1].isupper():
        return True  # "pro-democracy", "Hamas-controlled" is a name word below
    if not name_word(token):
        return False
    # A capitalised word opening a sentence may be any word ("Heavy", "Fighting"): only names
    # and the words above are trusted there.
    return (
        not sentence_start
        or lower in words.PLACE_AFFILIATION
        or token.text.isupper()
        or (
            next_token is not None
            and (
                name_word(next_token)
                or next_token.lower in words.BRIDGES
                or next_token.lower in words.TITLES  # "Taliban spokesman Zabihullah Mujahid"
                or next_token.lower in words.MODIFIERS  # "Zamfara state police spokesman"
            )
            and not possessive(token)
        )
    )


def phrase_before(toks: list[Token], j: int, low: int, *, owner: bool = False) -> int | None:
    """Start index of the source phrase ending at token ``j``, or None. With ``owner`` the
    phrase may end in a possessive ("the health ministry's [figures]")."""
    if j < low:
        return None
    if not is_head(toks[j]) and not (owner and is_head(toks[j]._replace(lower=bare(toks[j])))):
        # "two residents of the town": a place noun may end a phrase that a head bridges to.
        if toks[j].lower not in _PLACE_NOUNS:
            return None
        start = phrase_before_place(toks, j, low)
        return start
    start = j
    k = j - 1
    while k >= low:
        token = toks[k]
        if token.lower in words.DETERMINERS:
            start = k
            k -= 1
            if k >= low and toks[k].lower in words.DETERMINERS:  # "the two ministries"
                start = k
                k -= 1
            if (
                k - 1 >= low
                and name_word(toks[k])
                and toks[k - 1].lower == "to"
                and _inside_name(toks, k - 1, low, k)
            ):
                start = k - 1  # "the Commission to Save the Artibonite Valley"
                k -= 2
                continue
            if not _bridge_at(toks, k, low) and not (
                k >= low and _inside_name(toks, k, low, k + 2)
            ):
                break
            start = k
            k -= 1
            continue
        if _bridge_at(toks, k, low):
            start = k
            k -= 1
            continue
        if _inside_name(toks, k, low, start):
            start = k  # "the Commission to Save the Artibonite Valley"
            k -= 1
            continue
        if _plain_adjective(toks, k, low, j):
            start = k
            k -= 1
            continue
        if _inner(token, k == low, toks[k + 1]) and not (
            k == low and token.lower in words.CAPITAL_STOP
        ):
            start = k
            k -= 1
            continue
        break
    while toks[start].lower in words.BRIDGES:
        start += 1
    if start == j and toks[j].lower in words.DETERMINERS:
        return None
    if (
        start < j
        and start > low
        and toks[start - 1].lower in ("in", "at", "from", "near")
        and toks[start].lower in words.PLACE_AFFILIATION
    ):
        start += 1  # "In Kyiv Zelensky said": the place is where, not who
    return start


def _inside_name(toks: list[Token], k: int, low: int, right: int) -> bool:
    """A lower-case "to" or "and" inside a capitalised name: "Committee to Protect
    Journalists", "the Dialogue and Reconciliation Commission" ("and" only after "the X" and
    before a body's head noun: "the Irrawaddy and BBC Burmese" are two)."""
    if k - 1 < low or not name_word(toks[k - 1]) or not name_word(toks[right]):
        return False
    if toks[k].lower == "to":
        return True
    return (
        toks[k].lower == "and"
        and k - 2 >= low
        and toks[k - 2].lower == "the"
        and right + 1 < len(toks)
        and name_word(toks[right + 1])
        and toks[right + 1].lower in words.HEAD_NOUNS  # "... Reconciliation Commission"
    )


def phrase_before_place(toks: list[Token], j: int, low: int) -> int | None:
    k = j - 1
    while k >= low and (
        toks[k].lower in words.DETERMINERS
        or bare(toks[k]) in _PLACE_NOUNS
        or (toks[k].lower not in words.BRIDGES and _inner(toks[k], False))
    ):
        k -= 1
    if _bridge_at(toks, k, low) and is_head(toks[k - 1]):
        return phrase_before(toks, k - 1, low)
    return None


def _bridge_at(toks: list[Token], k: int, low: int) -> bool:
    if k - 1 < low or toks[k].lower not in words.BRIDGES:
        return False
    left = bare(toks[k - 1])
    if left in words.BRIDGED_HEADS or left in _PLACE_NOUNS:
        return True
    if toks[k].lower == "of" and left in _PORTIONS:
        return True  # "one of the sources"
    # "Salai Mang of the Chin Human Rights Organisation": a person of a named body
    after = toks[k + 1] if k + 1 < len(toks) else None
    if after is not None and after.lower == "the" and k + 2 < len(toks):
        after = toks[k + 2]
    return (
        toks[k].lower in ("of", "at", "for")
        and name_word(toks[k - 1])
        and left not in words.PLACE_AFFILIATION
        and after is not None
        and name_word(after)
    )


def phrase_after(toks: list[Token], i: int, high: int) -> int | None:
    """End index (inclusive) of the source phrase starting at token ``i``, or None."""
    k = i
    while k < high and toks[k].lower in words.DETERMINERS:
        k += 1
    last_head: int | None = None
    while k < high:
        token = toks[k]
        if (
            last_head is None
            and _lower_word(token)
            and not _inner(token, False)
            and _head_ahead(toks, k, high)
        ):
            k += 1  # "ethnic minority rebels": a plain adjective before a head noun
            continue
        if is_head(token) or _inner(token, False):
            if is_head(token):
                last_head = k
            k += 1
            continue
        if (
            token.lower in ("familiar", "close")
            and k > i
            and k + 1 < high
            and toks[k + 1].lower in ("with", "to")
        ):
            # "people familiar with the talks", "sources close to the army"
            k += 2
            while k < high and toks[k].text[:1].isalnum() and toks[k].lower not in words.CUE_VERBS:
                last_head = k
                k += 1
            break
        if (
            token.lower in words.BRIDGES
            and k > i
            and k + 1 < high
            and (bare(toks[k - 1]) in words.BRIDGED_HEADS or _bridge_at(toks, k, i))
        ):
            k += 1
            while k < high and toks[k].lower in words.DETERMINERS:
                k += 1
            continue
        break
    return last_head


def apposition_after(toks: list[Token], end: int, high: int, *, titles_only: bool = True) -> int:
    """Extend a phrase over ", a spokesman for the army" when one follows it: a title is part
    of a source, a description of a body ("ISW, a U.S.-based think tank") is not, unless
    ``titles_only`` is off (to step over it to the claim)."""
    opens = end + 2 < high and (
        toks[end + 2].lower in ("a", "an", "the")
        or (possessive(toks[end + 2]) and name_word(toks[end + 2]))  # ", UNRWA's director"
        or title_ahead(toks, end + 2, high)  # ", spokesman for the provincial governor"
    )
    if opens and toks[end + 1].text == ",":
        # The apposition runs to its closing comma: "Amina, a mother of four in the camp".
        k = end + 2
        while (
            k + 1 < high
            and toks[k + 1].text not in ",.;:!?()"
            and toks[k + 1].lower not in ("who", "which", "that")
            and k - end < 12
        ):
            k += 1
        closed = k + 1 >= high or toks[k + 1].text in ",.;:!?" or toks[k + 1].lower == "who"
        if titles_only and closed:
            k = before_place(toks, end + 3, k)
        inside = toks[end + 2 : k + 1]
        if (
            closed
            and any(
                t.lower in words.TITLES or (not titles_only and t.lower in words.APPOSITION_HEADS)
                for t in inside
            )
            and not any(t.lower in words.CUE_VERBS for t in inside)
        ):
            return k
    return end


def title_ahead(toks: list[Token], i: int, high: int) -> bool:
    """Whether a title opens the words from ``i`` within four plain or capitalised words:
    "spokesman for ...", "district administrative chief of ...", "Taliban spokesman"."""
    for m in range(i, min(high, i + 4)):
        if toks[m].lower in words.TITLES:
            return True
        if not toks[m].text.isalpha() or toks[m].lower in words.CAPITAL_STOP:
            return False
    return False


def before_place(toks: list[Token], first: int, last: int) -> int:
    """The last token before "in Dhusamareb" or "at the Sotk checkpoint" within
    ``first..last``: "Mohamed Ali, a military officer in Dhusamareb" leaves the place out."""
    for m in range(first, last):
        after = toks[m + 1]
        if (
            toks[m].lower in ("in", "at", "from", "near")
            and (
                after.capitalised
                or (after.lower == "the" and m + 2 <= last and toks[m + 2].capitalised)
            )
            # "an assistant in the Upper Nile governor's office": a body, part of the title
            and not any(t.lower in _BODY_NOUNS for t in toks[m + 1 : last + 1])
        ):
            return m - 1
    return last


_BODY_NOUNS = frozenset(
    {"office", "ministry", "department", "secretariat", "headquarters", "embassy", "mission"}
    | {"commission", "council", "administration", "directorate", "bureau", "agency"}
)


_AGE = re.compile(r"\d+-year-old")


def _plain_adjective(toks: list[Token], k: int, low: int, head: int) -> bool:
    """ "the British maritime security agency": a plain word inside a phrase that a
    determiner opens within three words on its left and a head noun closes."""
    token = toks[k]
    if _AGE.fullmatch(token.text):
        return True
    if not _lower_word(token) or _inner(token, False):
        return False
    if not any(toks[m].lower in words.HEAD_NOUNS for m in range(k + 1, head + 1)):
        return False  # "a charge Asmara denied": no head noun closes the phrase
    for m in range(k - 1, max(low - 1, k - 4), -1):
        if toks[m].lower in ("the", "a", "an") or possessive(toks[m]):
            return True
        if not (_inner(toks[m], False) or _lower_word(toks[m])):
            return False
    return False


def _lower_word(token: Token) -> bool:
    return token.text.isalpha() and token.text.islower() and token.lower not in words.CAPITAL_STOP


def _head_ahead(toks: list[Token], k: int, high: int) -> bool:
    """Whether a head noun follows within three plain words."""
    for m in range(k + 1, min(high, k + 4)):
        if toks[m].lower in words.HEAD_NOUNS:
            return True
        if not _lower_word(toks[m]) and not _inner(toks[m], False):
            return False
    return False
