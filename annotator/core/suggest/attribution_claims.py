"""Claim spans for the attribution suggester: the clause a reporting verb governs, bounded as
the schema's guidance says (content only: no quotation marks, no final full stop, no "that"),
and the cue record the finder fills in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.model import AttributeValue
from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_phrase import QUOTES, Token

_CONFIRMING = words.word_set("confirmed confirms acknowledged acknowledges")
# What may stand between a verb and its clause: "said on Monday in a statement that".
_ADVERBIAL = re.compile(
    r"\s*,?\s*(?:"
    r"(?:late |early )?(?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"(?: (?:morning|afternoon|evening|night))?"
    r"|(?:on|via) (?:Telegram|X|Facebook|Twitter|social media|its website|state television"
    r"|state TV|national television|television)"
    # "on the social media platform X", "via its Telegram channel"
    r"|(?:on|via) (?:the|its|his|her|their) (?:(?:social media|social network|messaging"
    r"|microblogging|official) )?(?:(?:platform|app|network|site|account|channel) )?"
    r"(?:Telegram|X|Facebook|Twitter|Instagram|WhatsApp|YouTube|TikTok|Truth Social)"
    r"(?: (?:messaging |messenger )?(?:channel|account|page|app))?"
    r"|in (?:(?:a|an|its|his|her|their|the) )?(?:[\w'’-]+ ){0,3}(?:statement|post|video|address"
    r"|speech|briefing|report|message|interview|update|bulletin|remarks|comments)"
    r"(?: (?:on|to|with|posted on|published on) (?:the )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*"
    r"(?: (?:messaging |messenger |social media |news )?(?:app|application|channel|account"
    r"|page|platform|website|site))?)?"
    r"(?: (?:published|released|issued|posted)(?: on)? (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?"
    r"|(?:at|during) (?:a|an|the) (?:[\w'’-]+ ){0,2}(?:conference|briefing|meeting|summit"
    r"|session|rally|event)"
    r"|(?:earlier|later|previously|also|separately|overnight|yesterday|today|again|however"
    r"|this week|last week|this month|last month|on Telegram"
    r"|by (?:tele)?phone(?: from [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)?"
    r"|, (?:citing|quoting) [^,.]{1,80},"  # "reported, citing two officials, that ..."
    # "told reporters in Mogadishu." / "said in Kyiv that": a venue, not the content
    r"|(?:in|from) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*(?=\s*(?:[,.:;]|that\b|$))"
    r"|(?:speaking )?on (?:the )?condition of anonymity(?: because [^,]*?,)?)"
    r")(?![\w])"
)
THAT = re.compile(r"\s*(?:,\s*)?(?:that\b|:)\s*")
DENIED_OBJECT = re.compile(
    r"\s*(?:(?:(?:the|any|all) )?(?:[\w-]+ )?(?:reports?|claims?|allegations?|accusations?"
    r"|suggestions?|charges?|rumou?rs?)\b(?: that\b| of\b)?|that\b)\s*"
)
HEDGES = re.compile(
    r"\b(?:may|might|could) (?:have|be)\b|\breportedly\b|\ballegedly\b|\bpossibly\b"
    r"|\bappear(?:s|ed)? to\b|\b(?:is|are|was|were) believed\b|\bapparently\b",
    re.IGNORECASE,
)
# Where a clause after a verb ends early: another attribution begins.
_CLAUSE_BREAK = re.compile(
    r",\s*(?:according to|citing|quoting|adding|saying|calling|describing|noting"
    r"|he said|she said"
    r"|they said|it said|without|a claim|a charge|an allegation|an assertion"
    r"|but (?:did|does|do|gave|declined|would|refused|has|had)"
    # an aside on a name: ", which it considers a terrorist organisation"
    r"|which \w+ (?:considers|calls|describes|regards|designates|brands|deems|lists))\b"
    # "confirmed the attack to reporters": the listener is no part of the content
    r"|\s+to (?:reporters|journalists|the (?:press|media))\b"
    # "confirmed the incident but could not give a toll", "..., but disputed the figure"
    r"|,?\s+but (?:could|did|would|was|were|gave|declined|refused|disputed|contested|denied"
    r"|rejected|said|added|insisted|stressed|warned|noted|cautioned)\b"
    # "claimed the attack in a statement", "... in an email sent to media"
    r"|,?\s+in (?:a|an) (?:[a-z]+ )?(?:statement|post|video|message|e-?mail|text message"
    r"|audio message)\b"
    # "reported the strikes, with some outlets saying ...": another source's report
    r"|,\s+with (?:[\w'’-]+ ){1,4}saying\b"
    r"|\s+(?:through|via) (?:its|their|a|an|the) (?:[\w'’-]+ ){0,3}?(?:radio|channel|website"
    r"|account|agency|outlet|statement|mouthpiece)\b"
    r"|\s+(?:—|–|--)\s+"
)
# "KYIV, Ukraine, March 3 (Reuters) — " before a story's first sentence.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z .'’/-]+(?:,[\w .]{1,30}){0,2}\s*(?:\([^)]{1,30}\))?|\([^)]{1,30}\))"
    r"\s*(?:—|–|--|-)\s*"
    # "BAGHDAD: ...", "Maputo: ...": a place and a colon
    r"|[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+)?(?:, [A-Z][A-Za-z'’-]+)? ?:\s+(?=[A-Z0-9])"
)
# "In the south, shelling killed ...": a scene-setting opener is not what the source says.
_OPENER = re.compile(
    r"(?:In|On|At|Meanwhile|Separately|Elsewhere|Earlier|Later|Overnight|Also)\b[^,]{0,30},\s*"
)
# "posted a short message on social media: ..." — the claim is what follows the colon.
_MESSAGE = re.compile(
    r"\s*(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:statement|message|post|video|update|note)\b"
)
# "reported seeing [bodies being taken away]": what was seen is the content.
_PERCEIVED = re.compile(r"\s*(?:seeing|hearing|witnessing)\s+")
_TRIM = " \t\n,.;:" + QUOTES
_POSTING = words.word_set("posted posts published issued released shared")


@dataclass
class Cue:
    """One reporting cue of a sentence, as the finder fills it in: who, whom they pass on or
    are passed on by, and what they report."""

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
    inner: bool = False  # a source named inside another's claim ("the toll given by X")


# -- claims ---------------------------------------------------------------------------------


def verb_claim(
    text: str, toks: list[Token], cue: Cue, after: int, first: int, last: int
) -> tuple[tuple[int, int] | None, bool]:
    """The clause after the verb, or the stretch before the source when nothing follows."""
    position = after
    while True:
        found = _ADVERBIAL.match(text, position, last)
        if found is None or found.end() == position:
            break
        position = found.end()
    rest = text[position:last].lstrip()
    if rest.startswith(",") and rest[1:].lstrip()[:1] in ("“", '"'):
        # 'said, "20 civilians were massacred ...': the quotation after the comma
        position = text.index(",", position) + 1
        rest = rest[1:].lstrip()
    lead_in = _COLON_QUOTE.match(text, position, last)
    if lead_in is not None and rest[:1] not in '“"':
        position = lead_in.end()
        rest = text[position:last]
    if _NOT_CONTENT.match(rest):
        # "the ministry said in a statement but did not give details", "told AP after
        # leaving a mosque": no content follows; the claim stands before the source
        before = _before_source(text, toks, cue, first)
        if before[0] is not None:
            return before
    if not rest or rest[0] in ".,;!?)" or rest.startswith(("—", "–")):
        if rest.startswith(","):
            whole = around_parenthesis(text, toks, cue, first, position, last)
            if whole is not None:
                return whole
        return _before_source(text, toks, cue, first)
    if _MESSAGE.match(text, position, last):
        colon = text.find(":", position, last)
        if colon >= 0:
            position = colon + 1
        elif toks[cue.at].lower in _POSTING:
            return None, False  # "posted a video on Telegram": no content in the words
        # else "said the post was overrun": a clause whose subject is a post
    denied = (
        DENIED_OBJECT.match(text, position, last)
        if toks[cue.at].lower in words.DENYING_VERBS or toks[cue.at].lower in _CONFIRMING
        else None
    )
    if denied is not None:
        position = denied.end()
    that = THAT.match(text, position, last) or _PERCEIVED.match(text, position, last)
    if that is not None:
        position = that.end()
    span = clause_after(text, position, last)
    if span is None:  # "“...,” Zelensky said in his nightly video address"
        return _before_source(text, toks, cue, first)
    return span, is_direct(text, position, last)


# Words after a verb (and its adverbials) that open no reported content.
_NOT_CONTENT = re.compile(
    r"(?:but|after|before|when|while|without|during|following|amid|outside|adding"
    r"|in (?:reference|response|relation) to)\b"
)
# 'told AFP from the regional capital, Maiduguri: "..."': the quotation after a short lead-in.
_COLON_QUOTE = re.compile(r"[^:.;!?]{0,60}:\s*(?=[“\"])")


# What may follow a cue's closing comma without going on with the claim.
_NOT_GOING_ON = re.compile(
    r"(?:according|citing|quoting|adding|saying|calling|describing|noting|without|but|and|who"
    r"|which|as|referring|in|on|at|speaking|while|a|an|the|after|before|though|although"
    r"|with|amid|despite|following|when|where|whose|even|so|since|until|because|if|or|nor"
    r"|during|near|outside|inside|over|through|\w+ing)\b"  # "..., he said, asking not to ..."
)


def around_parenthesis(
    text: str, toks: list[Token], cue: Cue, first: int, position: int, last: int
) -> tuple[tuple[int, int] | None, bool] | None:
    """ "The strike, the ministry said, killed 12 people": the attribution stands inside its
    claim, which runs from the start of the sentence to its end."""
    opening = toks[cue.source[0]].start if cue.source and cue.source[0] < cue.at else None
    if opening is None:
        opening = toks[cue.at - 1].start if cue.pronoun else toks[cue.at].start
    before = text[first:opening].rstrip().rstrip('”"')
    if not before.endswith(",") or before.count(" ") > 10:
        return None  # a long clause before the source is a claim of its own
    tail = text[position:last].lstrip()[1:].lstrip()
    if not tail or not (tail[0].islower() or tail[0] in '“"') or _NOT_GOING_ON.match(tail):
        return None
    return left_claim(text, first, last)


def _before_source(
    text: str, toks: list[Token], cue: Cue, first: int
) -> tuple[tuple[int, int] | None, bool]:
    if cue.source is not None and cue.source[0] < cue.at:
        cut = toks[min([cue.source[0], *(also[0] for also in cue.also)])].start
    else:
        # Inverted or pronoun: the clause ends before the pronoun or the verb.
        cut = toks[cue.at - 1].start if cue.pronoun else toks[cue.at].start
        if cue.pronoun and toks[cue.at - 1].lower not in words.PRONOUNS:
            # "the army statement said": the clause ends before the statement's determiner
            k = cue.at - 1
            while k > 0 and toks[k].lower not in ("the", "its", "their", "his", "her"):
                k -= 1
            if cue.at - 1 - k <= 3:
                cut = toks[k].start
    return left_claim(text, first, cut)


def content_start(text: str, position: int, last: int) -> int:
    """Where the content begins after "adding", "saying": past "in a statement", "that"."""
    while True:
        found = _ADVERBIAL.match(text, position, last)
        if found is None or found.end() == position:
            break
        position = found.end()
    that = THAT.match(text, position, last) or _PERCEIVED.match(text, position, last)
    return that.end() if that is not None else position


def clause_after(text: str, start: int, last: int) -> tuple[int, int] | None:
    stop = _CLAUSE_BREAK.search(text, start, last)
    span, _ = content_span(text, start, stop.start() if stop else last)
    return span


def is_direct(text: str, start: int, last: int) -> bool:
    body = text[start:last].strip().rstrip(".")
    return len(body) > 2 and body[0] in "“\"«‘'" and body.rstrip(".,")[-1:] in "”\"»’'"


def left_claim(text: str, start: int, cut: int) -> tuple[tuple[int, int] | None, bool]:
    """The stretch before a source, widened to the opening quote of a quotation that
    began in an earlier sentence."""
    dateline = _DATELINE.match(text, start, cut)
    if dateline is not None:
        start = dateline.end()
    opener = _OPENER.match(text, start, cut)
    if opener is not None:
        start = opener.end()
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
    return content_span(text, start, cut)


def content_span(text: str, start: int, stop: int) -> tuple[tuple[int, int] | None, bool]:
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
    trailing = _TRAILING_JOINER.search(text, start, stop)
    if trailing is not None:
        stop = trailing.start()  # "denied attacking civilians and [blamed ...]"
    if stop - start < 8 or " " not in text[start:stop]:
        return None, False
    return (start, stop), direct


_TRAILING_JOINER = re.compile(r"[\s,]+(?:and|but|or|while)(?: also)?$")


def _open_quote(body: str) -> bool:
    return body.count("“") > body.count("”") or body.count('"') % 2 == 1


def cut_overlaps(text: str, toks: list[Token], cues: list[Cue], first: int) -> None:
    """A claim never runs into another cue's source or word."""
    marking = [c for c in cues if not c.inner]
    for cue in cues:
        if cue.claim is None:
            continue
        # its own source and word may stand inside it ("The strike, the ministry said, killed")
        marks = sorted(
            {toks[c.source[0]].start for c in marking if c.source and c is not cue}
            | {toks[c.at].start for c in marking if c is not cue}
            # "... died but he stressed that ...": the pronoun opens the next attribution
            | {
                toks[c.at - 1].start
                for c in marking
                if c is not cue and c.pronoun and toks[c.at - 1].lower == c.pronoun
            }
        )
        start, stop = cue.claim
        if any(toks[c.source[0]].start == start for c in cues if c.source and c is not cue):
            cue.claim = None  # "According to X, the head of Y, Z, said ...": Z's, not X's
            continue
        inside = [m for m in marks if start < m < stop]
        if inside:
            # Keep the claim from its start to the next cue; a clause before a source
            # ("CLAIM, X said") already ends at it.
            span, _ = content_span(text, start, inside[0])
            cue.claim = span
