"""Cues that name a source without a verb of its own, for the attribution suggester:
"according to X", "citing X", "comment from X", "shared by X".
"""

from __future__ import annotations

import re

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_claims import (
    Cue,
    around_parenthesis,
    clause_after,
    left_claim,
)
from annotator.core.suggest.attribution_lists import coordinated_after, whole_name
from annotator.core.suggest.attribution_phrase import (
    QUOTES,
    Token,
    apposition_after,
    name_word,
    phrase_after,
    phrase_before,
    possessive,
)
from annotator.core.suggest.attribution_subject import quoted_name

_OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "it": "it", "us": "we"}


def according_cue(
    text: str,
    toks: list[Token],
    at: int,
    low: int,
    high: int,
    first: int,
    last: int,
    earlier: list[Cue],
) -> Cue | None:
    source = _document_source(toks, at + 2, high)
    if source is None and at + 2 < high and toks[at + 2].text in QUOTES:
        return _quoted_according(text, toks, at, high, last)
    if source is None:
        return None
    source = whole_name(toks, source, low, high)
    cue = Cue(at, source=source)
    pronoun = _OBJECT_PRONOUNS.get(toks[source[0]].lower) if source[0] == source[1] else None
    if pronoun is not None:
        # "According to him, ...": no source of its own; the claim goes to the one named before
        cue.source, cue.pronoun = None, pronoun
    cue.also = coordinated_after(toks, source, high)
    if cue.also:
        source = (source[0], cue.also[-1][1])  # the clause follows the whole list
    apposed = apposition_after(toks, source[1], high, titles_only=False)
    if pronoun is not None or _name_follows(toks, apposed, high):
        # "According to Ukrinform, the head of the administration, Mykola Kalashnyk, said":
        # the description is the next speaker's; a pronoun takes none
        apposed = source[1]
    end_char = toks[apposed].end
    if any(toks[c.at].lower in words.CUE_VERBS and c.source for c in earlier):
        # "the junta said X, according to state media": the outlet relays the speaker.
        cue.relay, cue.source = source, next(c.source for c in reversed(earlier) if c.source)
        return cue
    k = source[1] + 1  # "according to Hamas' figures, ...": the clause follows the document
    while k < high and k - source[1] <= 4 and toks[k].text.isalpha():
        k += 1
    if k < high and toks[k].text == "," and any(t.lower in _DOCUMENT for t in toks[source[1] : k]):
        end_char = toks[k - 1].end
    aside = _RELATIVE_ASIDE.match(text, end_char, last)
    if aside is not None:  # "According to officials, who spoke on condition of anonymity, ..."
        end_char = aside.end() - 1
    rest = text[end_char:last]
    inside = around_parenthesis(text, toks, cue, first, end_char, last) if rest[:1] == "," else None
    if inside is not None:  # "The strike, according to the ministry, killed 12 people"
        cue.claim, cue.direct = inside
    elif rest.startswith(",") and (at == low or toks[at - 1].lower in ("but", "and", "yet")):
        cue.claim, cue.direct = clause_after(text, end_char + 1, last), False
    elif at == low and rest[:1] == " ":
        # "According to AFP fatalities had doubled": no comma after the source
        cue.claim, cue.direct = clause_after(text, end_char, last), False
    else:
        start = first
        cut = toks[at - 1].start if at > low and toks[at - 1].text == "," else toks[at].start
        cue.claim, cue.direct = left_claim(text, start, cut)
    return cue


def _name_follows(toks: list[Token], end: int, high: int) -> bool:
    """Whether ", Name Name," follows token ``end``."""
    if end + 1 >= high or toks[end + 1].text != ",":
        return False
    m = end + 2
    while m < high and name_word(toks[m]) and m - end < 6:
        m += 1
    return m > end + 3 and m < high and toks[m].text == ","


def _quoted_according(text: str, toks: list[Token], at: int, high: int, last: int) -> Cue | None:
    """'According to "Sala da Paz", there was one soldier among the dead'."""
    close = next((m for m in range(at + 3, min(high, at + 9)) if toks[m].text in QUOTES), None)
    name = quoted_name(toks, close, at + 2) if close is not None else None
    if name is None or close is None:
        return None
    cue = Cue(at, source=name)
    after = toks[close].end
    if text[after : after + 1] == ",":
        cue.claim = clause_after(text, after + 1, last)
    return cue


def _document_source(toks: list[Token], i: int, high: int) -> tuple[int, int] | None:
    """The source after "according to": "statements issued by the ministry" names the
    ministry; "the ministry's figures" names the ministry too."""
    end = phrase_after(toks, i, high)
    k = i
    while k < high and toks[k].lower in words.DETERMINERS:
        k += 1
    owned = _document_owner(toks, i, high)
    if owned is not None:
        return owned
    stop = end if end is not None else k
    for m in range(k, min(high, stop + 4)):
        if (
            m > k
            and toks[m].lower in ("by", "from", "of")
            and any(t.lower in _DOCUMENT for t in toks[k:m])
        ):
            inner = phrase_after(toks, m + 1, high)
            if inner is not None:
                return m + 1, inner
    if end is None:
        # "according to mediators", "according to local reports": any short run of words
        m = i
        while m < high and toks[m].text.isalpha() and m - i < 4:
            m += 1
        if m == i or (m < high and toks[m].text not in ",.;:") or toks[m - 1].lower in _NOT_WHO:
            return None
        return i, m - 1
    apposed = apposition_after(toks, end, high)
    return i, end if _name_follows(toks, apposed, high) else apposed


def _document_owner(toks: list[Token], i: int, high: int) -> tuple[int, int] | None:
    """ "the health ministry's latest figures": the ministry (its "'s" is trimmed from the
    span); "the latest UN figures": the UN."""
    for m in range(i, min(high, i + 8)):
        if toks[m].lower in _DOCUMENT:
            break
        if not (toks[m].text.isalpha() or possessive(toks[m]) or "." in toks[m].text):
            return None
    else:
        return None
    names = [n for n in range(i, m) if possessive(toks[n])]
    if names:
        # "Ukraine's military figures": the military; "the ministry's latest figures": the
        # ministry
        heads = [n for n in range(names[-1] + 1, m) if toks[n].lower in words.HEAD_NOUNS]
        end = heads[-1] if heads else names[-1]
        start = phrase_before(toks, names[-1], i, owner=True)
        return (start, end) if start is not None else None
    capitals = [n for n in range(i, m) if name_word(toks[n])]
    if capitals and capitals == list(range(capitals[0], capitals[-1] + 1)):
        return capitals[0], capitals[-1]
    return None


_RELATIVE_ASIDE = re.compile(r",\s*(?:who|which)\b[^,]{1,100},")
_NOT_WHO = words.word_set(
    "the a an his her its their sources reports media estimates figures",
    # "went according to plan", "according to the agreement": things, not who
    "plan plans schedule law laws rules tradition custom protocol terms agreement deal",
    "constitution accord treaty data records",
)
_DOCUMENT = words.word_set(
    "statement statements report reports figures data tally count estimate estimates account",
    "issued released published compiled provided",
)


def by_or_from(toks: list[Token], at: int, high: int, word: str) -> Cue | None:
    """ "no immediate comment from the RSF", "pictures shared by the CHRO": a source with no
    claim of its own."""
    if toks[at + 1].lower != word:
        return None
    end = phrase_after(toks, at + 2, high)
    return Cue(at, source=(at + 2, end)) if end is not None else None


def citing_cue(toks: list[Token], at: int, high: int) -> Cue | None:
    end = phrase_after(toks, at + 1, high)
    if end is None:
        return None
    return Cue(at, source=(at + 1, apposition_after(toks, end, high)))
