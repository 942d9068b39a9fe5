"""Sources and claims from attribution cues (issue 13): "Ukraine's military said [that] CLAIM",
"CLAIM, according to R.F.E./R.L.", "“CLAIM,” the ministry said", "a military source told
Reuters", "Reuters, citing a ministry spokesperson".

For each reporting cue in a sentence the suggester finds the source phrase it governs (before
the verb, after it when inverted, after "according to" or "citing") and the clause it
reports: after the verb when something follows it, else the stretch of the sentence before the
source. Spans follow the schema's guidance: a source is the shortest phrase naming who
(title included, speech verb not); a claim is the content only (no quotation marks, no final
full stop, no "that"). A pronoun ("he said") is never a source: its claim is attributed to the
nearest source before it. Attributes are filled only where the words say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.model import AttributeValue
from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_phrase import (
    QUOTES,
    Token,
    apposition_after,
    classify,
    coordinated_after,
    coordinated_before,
    phrase_after,
    phrase_before,
    tokens,
)
from annotator.core.suggest.base import Link, SuggestContext, Suggestion, register
from annotator.core.suggest.sentences import sentence_spans

NAME = "attribution"

_CUE_HINT = re.compile(
    r"\b(?:{})\b".format(
        "|".join(
            sorted(
                words.CUE_VERBS
                | {"according", "citing", "quoting", "adding", "noting", "comment", "response"}
                | {"reaction", "shared", "released", "published", "issued", "compiled", "provided"}
                | {"posted"}
            )
        )
    ),
    re.IGNORECASE,
)

# Words before a cue that make it an adjective or a passive ("the said village", "was reported").
_NOT_A_CUE_AFTER = words._words(
    "the a an its their his her of these those this any no was were been be is are being",
    "newly widely unconfirmed",
)
# Words between a subject and its verb: "the ministry also said", "Kyiv has said".
_BETWEEN = words._words(
    "also later earlier separately previously has have had further then again subsequently",
    "initially originally repeatedly publicly already since now reportedly officially",
)
_LISTENERS = words._words("reporters journalists lawmakers parliament parliamentarians")
# "pictures shared by the CHRO", "figures released by the ministry"
_AGENT_VERBS = words._words("shared released published issued compiled provided posted")
_CONFIRMING = words._words("confirmed confirms acknowledged acknowledges")
_DAYS = words._words("monday tuesday wednesday thursday friday saturday sunday")
# What may stand between a verb and its clause: "said on Monday in a statement that".
_ADVERBIAL = re.compile(
    r"\s*,?\s*(?:"
    r"(?:late |early )?on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"(?: (?:morning|afternoon|evening|night))?"
    r"|(?:on|via) (?:Telegram|X|Facebook|Twitter|social media|its website|state television"
    r"|state TV|national television|television)"
    r"|in (?:a|an|its|his|her|their|the) (?:[\w'’-]+ ){0,3}?(?:statement|post|video|address"
    r"|speech|briefing|report|message|interview|update|bulletin|remarks|comments)"
    r"(?: (?:on|to|with|posted on|published on) (?:the )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?"
    r"|(?:at|during) (?:a|an|the) (?:[\w'’-]+ ){0,2}?(?:conference|briefing|meeting|summit"
    r"|session|rally|event)"
    r"|(?:earlier|later|previously|also|separately|overnight|yesterday|today|again|however"
    r"|this week|last week|this month|last month|on Telegram"
    r"|(?:speaking )?on (?:the )?condition of anonymity(?: because [^,]*?,)?)"
    r")(?![\w])"
)
_ANONYMOUS = re.compile(
    r"\bcondition of anonymity\b|\bnot (?:to be |being )?(?:named|identified)\b"
    r"|\bnot authori[sz]ed to\b|\bdeclined to be (?:named|identified)\b"
)
_THAT = re.compile(r"\s*(?:,\s*)?(?:that\b|:)\s*")
_DENIED_OBJECT = re.compile(
    r"\s*(?:(?:(?:the|any|all) )?(?:[\w-]+ )?(?:reports?|claims?|allegations?|accusations?"
    r"|suggestions?|charges?|rumou?rs?)\b(?: that\b)?|that\b)\s*"
)
_HEDGES = re.compile(
    r"\b(?:may|might|could) (?:have|be)\b|\breportedly\b|\ballegedly\b|\bpossibly\b"
    r"|\bappear(?:s|ed)? to\b|\b(?:is|are|was|were) believed\b|\bsuspected\b|\bapparently\b",
    re.IGNORECASE,
)
# Where a clause after a verb ends early: another attribution begins.
_CLAUSE_BREAK = re.compile(
    r",\s*(?:according to|citing|quoting|adding|saying|calling|describing|noting|he said|she said"
    r"|they said|it said|without|but (?:did|does|do|gave|declined|would|refused|has|had))\b"
    r"|\s+(?:—|–|--)\s+"
)
# "KYIV, Ukraine, March 3 (Reuters) — " before a story's first sentence.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’/-]+(?:,[\w .]{1,30}){0,2}(?:\([^)]{1,30}\))?\s*(?:—|–|--|-)\s*"
)
# "posted a short message on social media: ..." — the claim is what follows the colon.
_MESSAGE = re.compile(
    r"\s*(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:statement|message|post|video|update|note)\b"
)
# "KYIV (Reuters) —": the outlet publishing the story; "told Reuters" there is no relay.
_PUBLISHER = re.compile(r"\((Reuters|AFP|AP|Associated Press|Bloomberg|Xinhua|TASS)\)")
_TRIM = " \t\n,.;:" + QUOTES


@dataclass
class _Cue:
    at: int  # the cue token's index
    source: tuple[int, int] | None = None  # token indices, inclusive
    pronoun: str | None = None
    relay: tuple[int, int] | None = None  # an outlet passing the source on ("told Reuters")
    claim: tuple[int, int] | None = None  # character offsets
    direct: bool = False
    also: list[tuple[int, int]] = field(default_factory=list)  # "A, B and C said"
    cited: tuple[int, int] | None = None  # the source this one passes on
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    unnamed: bool = False


@register(NAME, ("source", "claim"))
def suggest_attribution(text: str, context: SuggestContext) -> list[Suggestion]:
    # Only sentences with a cue word are tokenised: the rest cannot hold a source or claim.
    toks: list[Token] = []
    publisher = _PUBLISHER.search(text, 0, 300)
    cues: list[_Cue] = []
    for first, last in sentence_spans(text):
        if _CUE_HINT.search(text, first, last) is None:
            continue
        low = len(toks)
        toks.extend(tokens(text, first, last))
        cues.extend(_sentence_cues(text, toks, low, len(toks), first, last))
    return _suggestions(text, toks, cues, publisher.group(1).casefold() if publisher else None)


# -- finding cues --------------------------------------------------------------------------


def _sentence_cues(
    text: str, toks: list[Token], low: int, high: int, first: int, last: int
) -> list[_Cue]:
    found: list[_Cue] = []
    for at in range(low, high):
        lower = toks[at].lower
        cue: _Cue | None = None
        if lower == "according" and at + 1 < high and toks[at + 1].lower == "to":
            cue = _according(text, toks, at, low, high, first, last, found)
        elif lower in ("citing", "quoting"):
            cue = _citing(toks, at, high)
        elif (
            lower in ("adding", "saying", "noting")
            and not _quoted_as(toks, at)
            and toks[at - 1].lower not in ("without", "by", "for")
        ):
            if lower == "saying":  # "with the ministry saying nine people were killed"
                cue = _verb(text, toks, at, low, high, first, last, found)
            if cue is None and found:
                cue = _Cue(at, source=found[-1].source, pronoun=found[-1].pronoun)
                cue.also = found[-1].also
                start = toks[at].end
                cue.claim = _clause_after(text, start, last)
                cue.direct = _is_direct(text, start, last)
        elif lower in words.CUE_VERBS:
            cue = _verb(text, toks, at, low, high, first, last, found)
        elif lower in ("comment", "response", "reaction") and at + 1 < high:
            cue = _by_or_from(toks, at, high, "from")
        elif lower in _AGENT_VERBS and at + 1 < high:
            cue = _by_or_from(toks, at, high, "by")
        if cue is not None:
            found.append(cue)
    for cue in found:
        if toks[cue.at].lower in ("citing", "quoting"):
            cue.relay = _relay_of(toks, found, cue)
        elif cue.claim is not None:
            _relayed(toks, found, cue)
    _cut_overlaps(text, toks, found, first)
    return found


def _relayed(toks: list[Token], cues: list[_Cue], cue: _Cue) -> None:
    """ "A doctor said CLAIM, VOA reported": what stands before VOA is another cue with its own
    claim; VOA passes the doctor's on and claims nothing itself."""
    assert cue.claim is not None
    start, stop = cue.claim
    for other in cues:
        if other is cue or other.at >= cue.at or other.claim is None:
            continue
        if start <= toks[other.at].start < stop:
            cue.claim = None
            cue.cited = other.source
            return


def _relay_of(toks: list[Token], cues: list[_Cue], citing: _Cue) -> tuple[int, int] | None:
    """Who relays a "citing" phrase: the source right before it ("Reuters, citing ..."),
    else the source of the cue before it ("..., Reuters reported, citing ...")."""
    before = [c for c in cues if c.source is not None and c.source[1] < citing.at]
    for cue in before:
        assert cue.source is not None
        if cue.source[1] >= citing.at - 2:
            return cue.source
    earlier = [
        c for c in before if c.at < citing.at and toks[c.at].lower not in ("citing", "quoting")
    ]
    return earlier[-1].source if earlier else None


def _quoted_as(toks: list[Token], at: int) -> bool:
    return at >= 1 and toks[at - 1].lower == "as"


def _skip_back(toks: list[Token], j: int, low: int) -> int:
    """Step left over words between a subject and its verb."""
    while j >= low:
        lower = toks[j].lower
        if lower in _BETWEEN:
            j -= 1
        elif lower in _DAYS and j - 1 >= low and toks[j - 1].lower == "on":
            j -= 2
        elif (
            lower == ")" and j - 2 >= low and toks[j - 2].text == "(" and toks[j - 1].text.isupper()
        ):
            j -= 3  # "the Chin National Front (CNF) said"
        elif lower == "past" and j - 2 >= low and toks[j - 2].lower == "in":
            j -= 3  # "which has in the past denied"
        else:
            break
    return j


def _verb(
    text: str,
    toks: list[Token],
    at: int,
    low: int,
    high: int,
    first: int,
    last: int,
    found: list[_Cue],
) -> _Cue | None:
    verb = toks[at]
    before = toks[at - 1] if at - 1 >= low else None
    if verb.lower == "quoted":
        return _quoted(text, toks, at, low, high, last)
    if before is not None and before.lower in _NOT_A_CUE_AFTER:
        return None
    if at + 1 < high and toks[at + 1].lower in ("by", "as"):  # "reported by", "said as"
        return None
    cue = _Cue(at)
    j = _skip_back(toks, at - 1, low)
    after = verb.end
    if j < low or toks[j].text in QUOTES or toks[j].text == ",":
        if j >= low and toks[j].text == ",":
            subject = _around_comma(toks, j, low)
            if subject is not None:
                cue.source = subject
        if cue.source is None:
            # Inverted: "..., said the ministry" / "“...,” said Zelensky".
            end = phrase_after(toks, at + 1, high)
            if end is None or (j >= low and toks[j].text not in QUOTES and toks[j].text != ","):
                return None
            end = apposition_after(toks, end, high)
            cue.source = (at + 1, end)
            if _THAT.match(text, toks[end].end, last):
                after = toks[end].end  # "said the ministry, that ..." is rare but clear
            else:
                cue.claim, cue.direct = _left(text, first, toks[at].start)
                return cue
    elif toks[j].lower in ("and", "but") and found:
        # "he said A, but also reported B": the same speaker
        cue.source, cue.pronoun, cue.also = found[-1].source, found[-1].pronoun, found[-1].also
    elif toks[j].lower in ("which", "who") and j - 1 > low and toks[j - 1].text == ",":
        subject = _subject(toks, j - 2, low)  # "the RSF, which has denied shelling ..."
        if subject is None:
            return None
        cue.source = subject
    elif toks[j].lower in words.PRONOUNS:
        cue.pronoun = toks[j].lower
    else:
        start = _subject(toks, j, low)
        if start is None:
            return None
        first_word = start[0]
        if (
            first_word - 2 >= low
            and toks[first_word - 1].lower == "and"
            and toks[first_word - 2].lower in words.PLACE_AFFILIATION
            and toks[first_word].lower in words.PLACE_AFFILIATION
        ):
            # "Ukrainian and Russian officials": one source named by two demonyms
            first_word -= 2
            if first_word - 1 >= low and toks[first_word - 1].lower in words.DETERMINERS:
                first_word -= 1
            start = (first_word, start[1])
        cue.source = start
        cue.also = coordinated_before(toks, start[0], low)
    if verb.lower in ("told", "tells"):
        after = _recipient(toks, cue, at, high, after)
    if cue.source is not None and _ANONYMOUS.search(text, toks[cue.source[0]].start, last):
        cue.unnamed = True
    cue.claim, cue.direct = _claim(text, toks, cue, after, first, last)
    if (
        cue.claim
        and cue.source
        and cue.source[0] > low
        and toks[cue.source[0] - 1].lower in ("which", "that", "who", "as")
    ):
        # "the attack, which officials said involved cluster munitions, killed seven"
        comma = text.find(",", cue.claim[0], cue.claim[1])
        if comma > 0:
            cue.claim = _span(text, cue.claim[0], comma)[0]
    lower = verb.lower
    if lower in words.DENYING_VERBS:
        if cue.claim is not None and _DENIED_OBJECT.match(text, after):
            cue.attributes["factuality"] = "denied"
        else:
            cue.attributes["claim_type"] = "denial"
    elif lower in words.BLAMING_VERBS:
        cue.attributes["claim_type"] = "responsibility"
    elif lower in words.INTENT_VERBS:
        cue.attributes["claim_type"] = "intent"
    return cue


def _subject(toks: list[Token], j: int, low: int) -> tuple[int, int] | None:
    """The subject phrase ending at ``j``; over "who asked not to be named" when present."""
    start = phrase_before(toks, j, low)
    if start is not None:
        return _before_place(toks, start, low) or (start, j)
    # "officials who asked not to be named said"
    for k in range(j, max(low, j - 14) - 1, -1):
        if toks[k].lower == "who":
            clause = {t.lower for t in toks[k : j + 1]}
            if clause & {"named", "identified", "anonymity", "authorised", "authorized"}:
                head = phrase_before(toks, k - 1, low)
                if head is not None:
                    return _before_place(toks, head, low) or (head, k - 1)
            break
    return None


def _before_place(toks: list[Token], start: int, low: int) -> tuple[int, int] | None:
    """ "A doctor at Finote Selam Hospital said": the source is the doctor, not the place."""
    k = start - 1
    if (
        k - 1 >= low
        and toks[k].lower in _PLACE_PREPOSITIONS
        and toks[k - 1].lower in words.HEAD_NOUNS
    ):
        first = phrase_before(toks, k - 1, low)
        if first is not None:
            return first, k - 1
    return None


_PLACE_PREPOSITIONS = words._words("at in near inside outside")


def _around_comma(toks: list[Token], comma: int, low: int) -> tuple[int, int] | None:
    """The subject when a comma precedes the verb: "X, a spokesman for the army, said",
    "Reuters, citing a source, reported", "officials, who asked not to be named, said"."""
    k = comma - 1
    while k >= low and toks[k].text != "," and comma - k < 16:
        k -= 1
    if k < low or toks[k].text != ",":
        return None
    segment = toks[k + 1 : comma]
    if not segment:
        return None
    head_start = phrase_before(toks, k - 1, low)
    if head_start is None:
        return None
    opening = segment[0].lower
    if opening in ("citing", "quoting", "who", "which", "in", "on") or (
        opening.endswith(("ed", "ing")) and opening not in words.HEAD_NOUNS
    ):
        return head_start, k - 1  # a parenthesis: "residents, reached by telephone, said"
    tail = phrase_after(toks, k + 1, comma)
    if tail != comma - 1:
        return None
    names_title = any(t.lower in words.TITLES for t in segment) or any(
        t.lower in words.TITLES for t in toks[head_start:k]
    )
    if names_title:
        return head_start, comma - 1
    return None


def _recipient(toks: list[Token], cue: _Cue, at: int, high: int, after: int) -> int:
    """Step over who was told; an outlet told is a source that relays the speaker."""
    end = phrase_after(toks, at + 1, high)
    if end is None:
        if at + 1 < high and toks[at + 1].lower in _LISTENERS:
            return toks[at + 1].end
        return after
    cue.relay = (at + 1, end)
    return toks[end].end


def _quoted(text: str, toks: list[Token], at: int, low: int, high: int, last: int) -> _Cue | None:
    """ "TASS quoted X as saying CLAIM" and "X was quoted by TASS as saying CLAIM"."""
    k = at + 1
    cue = _Cue(at)
    if at - 1 >= low and toks[at - 1].lower in ("was", "were"):
        subject = _subject(toks, at - 2, low)
        if subject is None:
            return None
        cue.source = subject
        if k < high and toks[k].lower == "by":
            end = phrase_after(toks, k + 1, high)
            if end is not None:
                cue.relay = (k + 1, end)
                k = end + 1
    else:
        relay = _subject(toks, at - 1, low)
        end = phrase_after(toks, k, high)
        if relay is None or end is None:
            return None
        cue.relay, cue.source = relay, (k, end)
        k = end + 1
    if not (k + 1 < high and toks[k].lower == "as" and toks[k + 1].lower == "saying"):
        return None
    cue.claim, cue.direct = _claim(text, toks, cue, toks[k + 1].end, toks[low].start, last)
    return cue


def _according(
    text: str,
    toks: list[Token],
    at: int,
    low: int,
    high: int,
    first: int,
    last: int,
    earlier: list[_Cue],
) -> _Cue | None:
    source = _document_source(toks, at + 2, high)
    if source is None:
        return None
    cue = _Cue(at, source=source)
    cue.also = coordinated_after(toks, source[1], high)
    if cue.also:
        source = (source[0], cue.also[-1][1])  # the clause follows the whole list
    end_char = toks[source[1]].end
    if any(toks[c.at].lower in words.CUE_VERBS and c.source for c in earlier):
        # "the junta said X, according to state media": the outlet relays the speaker.
        cue.relay, cue.source = source, next(c.source for c in reversed(earlier) if c.source)
        return cue
    rest = text[end_char:last]
    if rest.startswith(",") and (at == low or toks[at - 1].lower in ("but", "and", "yet")):
        cue.claim, cue.direct = _clause_after(text, end_char + 1, last), False
    else:
        start = first
        cut = toks[at - 1].start if at > low and toks[at - 1].text == "," else toks[at].start
        cue.claim, cue.direct = _left(text, start, cut)
    return cue


def _document_source(toks: list[Token], i: int, high: int) -> tuple[int, int] | None:
    """The source after "according to": "statements issued by the ministry" names the
    ministry; "the ministry's figures" names the ministry too."""
    end = phrase_after(toks, i, high)
    k = i
    while k < high and toks[k].lower in words.DETERMINERS:
        k += 1
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
        return None
    return i, apposition_after(toks, end, high)


_DOCUMENT = words._words(
    "statement statements report reports figures data tally count estimate estimates",
    "issued released published compiled provided",
)


def _by_or_from(toks: list[Token], at: int, high: int, word: str) -> _Cue | None:
    """ "no immediate comment from the RSF", "pictures shared by the CHRO": a source with no
    claim of its own."""
    if toks[at + 1].lower != word:
        return None
    end = phrase_after(toks, at + 2, high)
    return _Cue(at, source=(at + 2, end)) if end is not None else None


def _citing(toks: list[Token], at: int, high: int) -> _Cue | None:
    end = phrase_after(toks, at + 1, high)
    if end is None:
        return None
    return _Cue(at, source=(at + 1, apposition_after(toks, end, high)))


# -- claims ---------------------------------------------------------------------------------


def _claim(
    text: str, toks: list[Token], cue: _Cue, after: int, first: int, last: int
) -> tuple[tuple[int, int] | None, bool]:
    """The clause after the verb, or the stretch before the source when nothing follows."""
    position = after
    while True:
        found = _ADVERBIAL.match(text, position, last)
        if found is None or found.end() == position:
            break
        position = found.end()
    rest = text[position:last].lstrip()
    if not rest or rest[0] in ".,;!?)" or rest.startswith(("—", "–")):
        if cue.source is not None and cue.source[0] < cue.at:
            cut = toks[cue.source[0]].start
        else:
            # Inverted or pronoun: the clause ends before the pronoun or the verb.
            cut = toks[cue.at - 1].start if cue.pronoun else toks[cue.at].start
        return _left(text, first, cut)
    if _MESSAGE.match(text, position, last):
        colon = text.find(":", position, last)
        if colon < 0:
            return None, False
        position = colon + 1
    denied = (
        _DENIED_OBJECT.match(text, position, last)
        if toks[cue.at].lower in words.DENYING_VERBS or toks[cue.at].lower in _CONFIRMING
        else None
    )
    if denied is not None:
        position = denied.end()
    that = _THAT.match(text, position, last)
    if that is not None:
        position = that.end()
    return _clause_after(text, position, last), _is_direct(text, position, last)


def _clause_after(text: str, start: int, last: int) -> tuple[int, int] | None:
    stop = _CLAUSE_BREAK.search(text, start, last)
    span, _ = _span(text, start, stop.start() if stop else last)
    return span


def _is_direct(text: str, start: int, last: int) -> bool:
    body = text[start:last].strip().rstrip(".")
    return len(body) > 2 and body[0] in "“\"«‘'" and body.rstrip(".,")[-1:] in "”\"»’'"


def _left(text: str, start: int, cut: int) -> tuple[tuple[int, int] | None, bool]:
    """The stretch before a source, widened to the opening quote of a quotation that
    began in an earlier sentence."""
    dateline = _DATELINE.match(text, start, cut)
    if dateline is not None:
        start = dateline.end()
    chunk = text[start:cut].rstrip(" ,\n")
    if chunk.endswith(("”", '"', "»")):
        opens = chunk.count("“") + chunk.count("«")
        straight = chunk.count('"')
        if (chunk.endswith("”") and opens == 0) or (chunk.endswith('"') and straight % 2 == 1):
            opening = max(
                text.rfind("“", max(0, start - 1500), start),
                text.rfind('"', max(0, start - 1500), start),
            )
            if opening >= 0:
                start = opening
    return _span(text, start, cut)


def _span(text: str, start: int, stop: int) -> tuple[tuple[int, int] | None, bool]:
    """Trim to the content: no spaces, quotation marks, commas or final full stop."""
    body = text[start:stop]
    direct = False
    stripped = body.strip()
    if stripped[:1] in '“"«‘' and stripped.rstrip(" ,.;:")[-1:] in '”"»’':
        direct = True
    while start < stop and text[start] in _TRIM:
        start += 1
    while stop > start and text[stop - 1] in _TRIM:
        stop -= 1
    if stop < len(text) and text[stop] in '”"»’' and _open_quote(text[start:stop]):
        stop += 1  # the quotation closes inside the claim: 'described it as "exaggerated"'
    if stop - start < 8 or " " not in text[start:stop]:
        return None, False
    return (start, stop), direct


def _open_quote(body: str) -> bool:
    return body.count("“") > body.count("”") or body.count('"') % 2 == 1


def _cut_overlaps(text: str, toks: list[Token], cues: list[_Cue], first: int) -> None:
    """A claim never runs into another cue's source or word."""
    marks = sorted(
        {toks[c.source[0]].start for c in cues if c.source} | {toks[c.at].start for c in cues}
    )
    for cue in cues:
        if cue.claim is None:
            continue
        start, stop = cue.claim
        inside = [m for m in marks if start < m < stop]
        if inside:
            # Keep the claim from its start to the next cue; a clause before a source
            # ("CLAIM, X said") already ends at it.
            span, _ = _span(text, start, inside[0])
            cue.claim = span


# -- suggestions ---------------------------------------------------------------------------


def _suggestions(
    text: str, toks: list[Token], cues: list[_Cue], publisher: str | None
) -> list[Suggestion]:
    out: list[Suggestion] = []
    index: dict[tuple[int, int], int] = {}
    kinds: list[str | None] = []

    def add_source(span: tuple[int, int], unnamed: bool = False) -> int:
        phrase = toks[span[0] : span[1] + 1]
        start, end = phrase[0].start, phrase[-1].end
        if (start, end) in index:
            return index[(start, end)]
        kind, affiliation = classify(phrase)
        if unnamed:
            kind = "unnamed"
        attributes: dict[str, AttributeValue] = {}
        if kind:
            attributes["source_type"] = kind
        if affiliation:
            attributes["affiliation"] = affiliation
        index[(start, end)] = len(out)
        kinds.append(kind)
        out.append(
            Suggestion(
                "source", start, end, text[start:end], attributes, 0.8 if kind else 0.6, NAME
            )
        )
        return index[(start, end)]

    for cue in cues:
        source = add_source(cue.source, cue.unnamed) if cue.source else None
        others = [add_source(extra) for extra in cue.also]
        if cue.cited is not None and source is not None:
            _link(out, source, Link("cites", add_source(cue.cited)))
        if cue.relay is not None:
            relay_phrase = toks[cue.relay[0] : cue.relay[1] + 1]
            citing = toks[cue.at].lower in ("citing", "quoting")
            told_publisher = " ".join(t.lower for t in relay_phrase) == publisher
            if citing or (classify(relay_phrase)[0] == "media" and not told_publisher):
                relay = add_source(cue.relay)
                if relay is not None and source is not None:
                    _link(out, relay, Link("cites", source))
        if source is None and cue.pronoun:
            source = _antecedent(out, kinds, toks[cue.at].start, cue.pronoun)
        if cue.claim is None:
            continue
        start, stop = cue.claim
        attributes: dict[str, AttributeValue] = dict(cue.attributes)
        attributes["quote_style"] = "direct" if cue.direct else "indirect"
        if "factuality" not in attributes and _HEDGES.search(text, start, stop):
            attributes["factuality"] = "hedged"
        targets = [t for t in (source, *others) if t is not None]
        links = tuple(Link("attributed_to", t) for t in targets)
        out.append(Suggestion("claim", start, stop, text[start:stop], attributes, 0.5, NAME, links))
        kinds.append(None)
    return out


def _link(out: list[Suggestion], at: int, link: Link) -> None:
    item = out[at]
    if link not in item.links and link.to != at:
        out[at] = Suggestion(
            item.label,
            item.start,
            item.end,
            item.text,
            item.attributes,
            item.score,
            item.suggester,
            (*item.links, link),
        )


_PERSON_KINDS = ("official_person", "witness", "expert", None)
_BODY_KINDS = ("government", "military", "media", "international_org", "ngo", "armed_group")


def _antecedent(
    out: list[Suggestion], kinds: list[str | None], at: int, pronoun: str
) -> int | None:
    """The nearest source before ``at`` that the pronoun can stand for."""
    fitting = (
        _PERSON_KINDS if pronoun in ("he", "she") else _BODY_KINDS if pronoun == "it" else None
    )
    for i in range(len(out) - 1, -1, -1):
        item = out[i]
        if item.label != "source" or item.end > at or at - item.end > 1200:
            continue
        if fitting is None or kinds[i] in fitting:
            return i
    return None
