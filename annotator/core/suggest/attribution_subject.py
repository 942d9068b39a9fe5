"""The subject of a reporting verb for the attribution suggester: the source phrase before
it, past a place ("a doctor at the hospital"), an aside ("officials, who asked not to be
named,") or an apposition ("X, a spokesman for the army,").
"""

from __future__ import annotations

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_kinds import classify
from annotator.core.suggest.attribution_phrase import (
    QUOTES,
    Token,
    before_place,
    is_head,
    name_word,
    phrase_after,
    phrase_before,
    title_ahead,
)

_EVENT_PARTICIPLES = words.word_set(
    "killing wounding injuring leaving including causing forcing destroying damaging hitting",
    "targeting sparking prompting triggering killed wounded injured",
)


def quoted_name(toks: list[Token], close: int, low: int) -> tuple[int, int] | None:
    """The words inside quotation marks closing at ``close`` when they are a name
    ('"Sala da Paz"'), or None."""
    if close < low or toks[close].text not in QUOTES:
        return None
    for m in range(close - 1, max(low, close - 6) - 1, -1):
        if toks[m].text in QUOTES:
            inside = toks[m + 1 : close]
            if inside and name_word(inside[0]) and name_word(inside[-1]):
                return m + 1, close - 1
            return None
    return None


_PARENTHESIS_OPENERS = words.word_set(
    "citing quoting who which in on known also better nicknamed formerly whose however",
    "meanwhile too though for",
)


def subject_before(toks: list[Token], j: int, low: int) -> tuple[int, int] | None:
    """The subject phrase ending at ``j``; over "who asked not to be named" when present."""
    start = phrase_before(toks, j, low)
    if (
        start is not None
        and start - 3 >= low
        and toks[start - 1].lower in ("to", "with")
        and toks[start - 2].lower in ("close", "familiar")
    ):
        head = phrase_before(toks, start - 3, low)  # "a source close to Hezbollah"
        if head is not None:
            return head, j
    if (
        start is not None
        and start - 3 >= low
        and toks[start - 1].lower == "as"
        and toks[start - 2].lower in ("known", "called")
    ):
        head = phrase_before(toks, start - 3, low)  # "the UN mission known as MONUSCO"
        if head is not None:
            return head, j
    if start is not None:
        return _before_place(toks, _past_place(toks, start, j, low), low, j) or (start, j)
    # "a farmer from the village said": the place phrase is not a source, the farmer is
    k = j
    while k > low and (
        toks[k].lower in words.DETERMINERS
        or toks[k].lower in _PLACE_WORDS
        or (k < j and name_word(toks[k]))  # "doctors at al-Shifa hospital said"
    ):
        k -= 1
    if k < j:
        found = _before_place(toks, k + 1, low, j)
        if found is not None:
            return found
    # "a Palestinian official close to the talks said"
    for k in range(j - 1, max(low, j - 8), -1):
        if toks[k].lower in ("close", "familiar") and toks[k + 1].lower in ("to", "with"):
            head = phrase_before(toks, k - 1, low)
            if head is not None:
                return head, j
            break
    # "officials who asked not to be named said"
    for k in range(j, max(low, j - 14) - 1, -1):
        if toks[k].lower == "who":
            clause = {t.lower for t in toks[k : j + 1]}
            if clause & {"named", "identified", "anonymity", "authorised", "authorized"}:
                head = phrase_before(toks, k - 1, low)
                if head is not None:
                    return _before_place(toks, head, low, k - 1) or (head, k - 1)
            break
    return None


def _past_place(toks: list[Token], start: int, end: int, low: int) -> int:
    """ "A resident of the nearby town of Djibo": a phrase that opens with a place noun
    starts, for ``_before_place``, where the words before it that lead to it start."""
    k = start
    while k <= end and toks[k].lower in words.DETERMINERS:
        k += 1
    if k > end or toks[k].lower not in _PLACE_WORDS:
        return start
    m = start - 1
    while (
        m > low
        and (toks[m].lower in words.DETERMINERS or toks[m].text.isalpha())
        and (toks[m].lower not in _PLACE_PREPOSITIONS and toks[m].lower != "of")
    ):
        if start - m > 3:
            return start
        m -= 1
    return m + 1 if toks[m].lower in _PLACE_PREPOSITIONS or toks[m].lower == "of" else start


def _before_place(toks: list[Token], start: int, low: int, end: int) -> tuple[int, int] | None:
    """ "A doctor at Finote Selam Hospital said": the source is the doctor, not the place;
    "sources in the Sudanese army said": the body names them, so it stays."""
    k = start - 1
    if (
        k - 1 >= low
        and toks[k].lower in _PLACE_PREPOSITIONS
        # "a local in Tanougou": before a place, the adjective stands for a person
        and (
            toks[k - 1].lower in words.HEAD_NOUNS
            or toks[k - 1].lower == "local"
            or is_head(toks[k - 1])
        )
        and toks[k - 1].lower not in words.PLACE_AFFILIATION
    ):
        first = phrase_before(toks, k - 1, low)
        if first is None and toks[k - 1].lower == "local" and k - 2 >= low:
            first = k - 2 if toks[k - 2].lower in _ONE else None  # "One local", "a local"
        if first is None:
            return None
        body = classify(toks[start : end + 1])[0]
        named_body = toks[end].lower in words.HEAD_NOUNS or body in _NAMED_BODIES
        if (
            toks[k].lower != "from"
            and body in _BODIES
            and named_body
            and toks[k - 1].lower in _MEMBERS
        ):
            return first, end
        return first, k - 1
    return None


_ONE = words.word_set("a an one another the")
_BODIES = ("military", "government", "media", "international_org", "ngo", "armed_group")
_NAMED_BODIES = ("media", "international_org", "ngo", "armed_group")
_MEMBERS = words.word_set("source sources official officials member members people staff")


_PLACE_PREPOSITIONS = words.word_set("at in near inside outside from of")
_PLACE_WORDS = words.word_set(
    "town village city region province district area camp hospital scene site spot morgue clinic",
    "country capital",
)


def around_comma(toks: list[Token], comma: int, low: int) -> tuple[int, int] | None:
    """The subject when a comma precedes the verb: "X, a spokesman for the army, said",
    "Reuters, citing a source, reported", "officials, who asked not to be named, said"."""
    k = comma - 1
    while k >= low and toks[k].text != "," and comma - k < 26:
        k -= 1
    if k < low or toks[k].text != ",":
        return None
    if comma - k >= 16 and toks[k + 1].lower not in ("who", "which", "whose"):
        return None  # only a relative aside runs this long: "One local in X, which lies ..."
    segment = toks[k + 1 : comma]
    if not segment:
        return None
    name_end = k - 1
    if k - 3 >= low and toks[k - 1].text == ")":
        opening_at = next(
            (m for m in range(k - 2, max(low, k - 8) - 1, -1) if toks[m].text == "("), None
        )
        if opening_at is not None:
            name_end = opening_at - 1  # "the Movement for the Salvation of Azawad (MSA), ..."
    quoted = quoted_name(toks, name_end, low)
    if quoted is not None:
        return quoted  # '"Sala da Paz" ("Peace Room"), a coalition of observers, puts ...'

    opening = segment[0].lower
    parenthesis = (
        opening in _PARENTHESIS_OPENERS
        or (
            opening.endswith(("ed", "ing"))
            and segment[0].text.islower()  # "Ahmed" is a name, not a participle
            and opening not in words.HEAD_NOUNS
            and opening not in _EVENT_PARTICIPLES  # ", killing five civilians, said X"
        )
        or segment[-1].lower == "away"  # "a source at the hospital, 80 kilometres away, said"
    )
    head_start = phrase_before(toks, name_end, low)
    if head_start is None:
        # "a police source in Cabo Delgado province, who asked not to be named, told AFP"
        return subject_before(toks, name_end, low) if parenthesis else None
    if (
        len(segment) > 1
        and all(name_word(t) for t in segment)
        and not any(t.lower in words.HEAD_NOUNS for t in segment)
        and toks[name_end].lower not in words.HEAD_NOUNS
    ):
        return k + 1, comma - 1  # "The head of the group in Kawuri, Lawal Mustapha, told"
    if parenthesis:
        # a parenthesis: "residents, reached by telephone, said"
        place = _past_place(toks, head_start, name_end, low)
        return _before_place(toks, place, low, name_end) or (head_start, name_end)
    tail = phrase_after(toks, k + 1, comma)
    one_of = len(segment) > 2 and segment[0].lower == "one" and segment[1].lower == "of"
    if (
        tail != comma - 1
        and segment[0].lower not in ("a", "an", "the")
        and not title_ahead(toks, k + 1, comma)
        and not one_of
    ):
        return None
    if one_of and any(t.lower in words.APPOSITION_HEADS for t in segment[2:8]):
        return head_start, name_end  # "the MSA, one of the armed groups involved, said"
    names_title = (
        any(t.lower in words.TITLES for t in segment)
        # "the Syrian Observatory, a Britain-based war monitor, said"
        or (
            segment[0].lower in ("a", "an", "the")
            and any(t.lower in words.APPOSITION_HEADS for t in segment[:6])
        )
        or any(t.lower in words.TITLES for t in toks[head_start:k])
        # "the UN's refugee agency, UNHCR, estimates": a name in apposition
        or (all(t.text[:1].isupper() for t in segment) and toks[k - 1].lower in words.HEAD_NOUNS)
    )
    if names_title:
        if segment[0].lower in ("a", "an", "the") and not any(
            t.lower in words.TITLES for t in segment
        ):
            return head_start, name_end  # "the White Helmets, a civil defence group, said"
        return head_start, before_place(toks, k + 1, comma - 1)
    return None


STATEMENT_NOUNS = words.word_set("statement report communique communiqué post message")


def name_to_the_end(toks: list[Token], end: int, high: int) -> int:
    """ "said deputy army spokesman for the south Colonel Yuthanam Petchmoang.": a title's
    words run on to a name that ends the sentence."""
    m = end + 1
    while m < high and m - end <= 8 and toks[m].text.isalpha():
        if toks[m].lower in words.CUE_VERBS or toks[m].lower in ("that", "who", "which"):
            return end
        m += 1
    closes = m >= high or toks[m].text in ".;!?"
    if m > end + 1 and closes and name_word(toks[m - 1]) and name_word(toks[m - 2]):
        return m - 1
    return end


def capitalised_parenthesis(toks: list[Token], close: int, low: int) -> int | None:
    """The "(" of a parenthesis of capitalised words (a name spelt out) closing at ``close``."""
    for m in range(close - 1, max(low, close - 9) - 1, -1):
        if toks[m].text == "(":
            return m if low < m < close - 1 else None
        if not (toks[m].text[:1].isupper() or toks[m].lower in ("of", "for", "and", "the")):
            return None
    return None


def statement_after(toks: list[Token], i: int, high: int) -> bool:
    """ "a ministry statement." / "the army's statement,": a statement closes the sentence
    (or names its issuer: "a Sunday statement from the committee")."""
    for m in range(i, min(high, i + 4)):
        if toks[m].lower in STATEMENT_NOUNS:
            return (
                m + 1 >= high
                or toks[m + 1].text in ".,;"
                or statement_issuer(toks, i, high) is not None
            )
    return False


def statement_issuer(toks: list[Token], i: int, high: int) -> tuple[int, int] | None:
    """The body after "a statement from" / "a statement by", or None."""
    for m in range(i, min(high, i + 4)):
        if toks[m].lower in STATEMENT_NOUNS:
            if m + 2 < high and toks[m + 1].lower in ("from", "by"):
                end = phrase_after(toks, m + 2, high)
                return (m + 2, end) if end is not None else None
            return None
    return None


_ASIDE_PARTICIPLES = words.word_set(
    "contacted reached interviewed questioned quoted cited set based backed formed created",
    "established founded involved working stationed deployed",
)


def aside_before(toks: list[Token], j: int, low: int) -> int | None:
    """ "A resident contacted by AFP by phone also said": the end of the subject before a
    participle aside with no commas, or None."""
    for m in range(j, max(low, j - 10), -1):
        if toks[m].text in ',;:"“”':
            return None
        if toks[m].lower in _ASIDE_PARTICIPLES and m - 1 >= low and is_head(toks[m - 1]):
            return m - 1
    return None
