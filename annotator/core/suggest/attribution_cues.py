"""Finding reporting cues for the attribution suggester: for each cue in a sentence, the
source phrase it governs (before the verb, after it when inverted, after "according to" or
"citing"), sources passed on ("told Reuters", "citing a source"), and the claim span.
"""

from __future__ import annotations

import re

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_according import (
    according_cue,
    by_or_from,
    citing_cue,
)
from annotator.core.suggest.attribution_claims import (
    THAT,
    Cue,
    clause_after,
    content_span,
    content_start,
    cut_overlaps,
    is_direct,
    left_claim,
    verb_claim,
)
from annotator.core.suggest.attribution_gates import (
    FIGURE_NOUNS,
    GIVING_VERBS,
    SPEECH,
    TOLL_VERBS,
    in_a_name,
    nested,
    toll_after,
)
from annotator.core.suggest.attribution_kinds import classify
from annotator.core.suggest.attribution_lists import coordinated_before, whole_name
from annotator.core.suggest.attribution_phrase import (
    QUOTES,
    Token,
    apposition_after,
    is_head,
    phrase_after,
    possessive,
)
from annotator.core.suggest.attribution_subject import (
    STATEMENT_NOUNS,
    around_comma,
    aside_before,
    capitalised_parenthesis,
    name_to_the_end,
    statement_after,
    statement_issuer,
    subject_before,
)

# Words before a cue that make it an adjective or a passive ("the said village", "was reported").
_NOT_A_CUE_AFTER = words.word_set(
    "the a an its their his her of these those this any no was were been be is are being",
    "newly widely unconfirmed",
)
# Words between a subject and its verb: "the ministry also said", "Kyiv has said".
_BETWEEN = words.word_set(
    "also later earlier separately previously has have had further then again subsequently",
    "initially originally repeatedly publicly already since now reportedly officially there",
    "both all each long yet",
    # manner adverbs: "Lawrence Kanyuka, M23's spokesman, sharply denied"
    "sharply strongly flatly firmly vehemently categorically emphatically angrily swiftly",
    "quickly formally bluntly roundly explicitly privately openly strenuously",
)
_LISTENERS = words.word_set("reporters journalists lawmakers parliament parliamentarians")
# "pictures shared by the CHRO", "figures released by the ministry"
_AGENT_VERBS = words.word_set("shared released published issued compiled provided posted")
_TO_VERBS = words.word_set("confirmed confirms said says explained stated declared")
_PASSIVE_AUXILIARIES = words.word_set("was were been is are has have had being")
_ANAPHOR_VERBS = words.DENYING_VERBS | words.word_set(
    "confirmed confirms confirm acknowledged acknowledges"
)
_ANAPHORS = words.word_set("the this that these those it its their such")
_CONFIRMS = words.word_set("confirmed confirms confirm acknowledged acknowledges")
# Verbs that report only when a known body does it: "the UN has verified 10,000 deaths".
_RECORDING_VERBS = words.word_set("verified documented recorded registered counted tallied")
_DAYS = words.word_set("monday tuesday wednesday thursday friday saturday sunday")
_ANONYMOUS = re.compile(
    r"\bcondition of anonymity\b|\bnot (?:to be |being )?(?:named|identified)\b"
    r"|\bnot authori[sz]ed to\b|\bdeclined to be (?:named|identified)\b"
    r"|\bremain anonymous\b|\b(?:requested|on) anonymity\b|\bspeaking anonymously\b"
)

# Kinds of officials or sources coordinated before one head ("local and security sources").
_SOURCE_ADJECTIVES = words.word_set(
    "local security military police medical hospital health government army provincial",
    "district regional state federal civil defence defense rescue tribal humanitarian",
)

# -- finding cues --------------------------------------------------------------------------


def sentence_cues(
    text: str, toks: list[Token], low: int, high: int, first: int, last: int
) -> list[Cue]:
    """The cues of the sentence ``text[first:last]``, whose tokens are ``toks[low:high]``."""
    found: list[Cue] = []
    for at in range(low, high):
        lower = toks[at].lower
        cue: Cue | None = None
        if lower == "according" and at + 1 < high and toks[at + 1].lower == "to":
            cue = according_cue(text, toks, at, low, high, first, last, found)
        elif lower in ("citing", "quoting"):
            cue = citing_cue(toks, at, high)
        elif (
            lower in ("adding", "saying", "noting")
            and not _quoted_as(toks, at)
            and toks[at - 1].lower not in ("without", "by", "for")
        ):
            if lower == "saying":  # "with the ministry saying nine people were killed"
                cue = _verb(text, toks, at, low, high, first, last, found)
            if cue is None and found:
                speaker = _speaker(toks, found)
                cue = Cue(at, source=speaker.source, pronoun=speaker.pronoun)
                cue.also = speaker.also
                start = content_start(text, toks[at].end, last)
                cue.claim = clause_after(text, start, last)
                cue.direct = is_direct(text, start, last)
        elif (
            lower in words.CUE_VERBS or (lower in TOLL_VERBS and toll_after(toks, at, high))
        ) and not in_a_name(toks, at, low):
            cue = _verb(text, toks, at, low, high, first, last, found)
        elif lower in ("comment", "response", "reaction") and at + 1 < high:
            cue = by_or_from(toks, at, high, "from")
        elif lower in _AGENT_VERBS and at + 1 < high and toks[at - 1].text != "(":
            cue = by_or_from(toks, at, high, "by")  # not "(published by the NGO, ...)"
        elif (
            lower in GIVING_VERBS
            and at + 1 < high
            and any(t.lower in FIGURE_NOUNS for t in toks[max(low, at - 3) : at])
        ):
            cue = by_or_from(toks, at, high, "by")  # "the casualty figure given by Aguer"
            if cue is not None:
                cue.inner = True
        if cue is not None and not nested(toks, found, cue):
            found.append(cue)
    for cue in found:
        if toks[cue.at].lower in ("citing", "quoting"):
            cue.relay = _relay_of(toks, found, cue)
            # What the relaying outlet reports is the cited source's claim (gold convention).
            for other in found:
                if other is not cue and other.source == cue.relay and other.claim is not None:
                    other.source, other.also = cue.source, []
        elif cue.claim is not None:
            _relayed(toks, found, cue)
    cut_overlaps(text, toks, found, first)
    for cue in found:
        if cue.claim is None:
            continue
        content = text[cue.claim[0] : cue.claim[1]].split()
        if len(content) <= 3 and (
            (
                toks[cue.at].lower in _ANAPHOR_VERBS
                and content[0].lower() in _ANAPHORS
                # "confirmed the incident", "confirmed the death toll": a content of its own
                and not (content[0].lower() == "the" and toks[cue.at].lower in _CONFIRMS)
            )
            or content[0].lower() in ("this", "so")  # "stated this on Telegram"
        ):
            cue.claim = None  # "confirmed the toll", "rejected the accusations": no content
    return found


def _relayed(toks: list[Token], cues: list[Cue], cue: Cue) -> None:
    """ "A doctor said CLAIM, VOA reported": what stands before VOA is another cue with its own
    claim; VOA passes the doctor's on and claims nothing itself."""
    assert cue.claim is not None
    start, stop = cue.claim
    for other in cues:
        if other is cue or other.at >= cue.at or other.claim is None:
            continue
        if start <= toks[other.at].start < stop:
            cue.claim = None
            if toks[cue.at].lower in SPEECH:  # "a charge Asmara denied" relays nothing
                cue.cited = other.source
            return


def _relay_of(toks: list[Token], cues: list[Cue], citing: Cue) -> tuple[int, int] | None:
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
    if earlier:
        return earlier[-1].source
    # "Citing local sources, the outlet reported ...": the subject that follows
    later = [c for c in cues if c.at > citing.at and c.source is not None]
    return later[0].source if later else None


def _speaker(toks: list[Token], found: list[Cue]) -> Cue:
    """Who goes on "adding": the last cue's source, unless that cue only relays an earlier one
    ("..., the office said, Reuters reports, adding that ...": the office)."""
    last = found[-1]
    if last.claim is not None:
        for other in reversed(found[:-1]):
            if last.claim[0] <= toks[other.at].start < last.claim[1]:
                return other
    return last


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
        elif lower == ")" and (opening := capitalised_parenthesis(toks, j, low)) is not None:
            j = opening - 1  # "the southern ISOC (Internal Security Operation Command) said"
        elif lower == "past" and j - 2 >= low and toks[j - 2].lower == "in":
            j -= 3  # "which has in the past denied"
        else:
            aside = aside_before(toks, j, low)
            if aside is None:
                break
            j = aside
    return j


# "a ceasefire declared by the group": a thing the agent did, not something it reported.
_NO_AGENT_VERBS = words.word_set(
    "declared identified posted noted estimated maintained explained argued threatened vowed",
    "warned insisted reiterated",
)
# "media reports suggest ...": the cue word is a noun when one of these follows it.
_NOUN_CUES = words.word_set("reports report claims estimates statements states notes")
_VERB_AFTER_NOUN = words.word_set(
    "suggest suggested suggests say said says show showed shows indicate indicated indicates put",
    "have has had were are will would could should may might",
)


def _verb(
    text: str,
    toks: list[Token],
    at: int,
    low: int,
    high: int,
    first: int,
    last: int,
    found: list[Cue],
) -> Cue | None:
    verb = toks[at]
    before = toks[at - 1] if at - 1 >= low else None
    if (
        verb.lower in _NOUN_CUES
        and at + 1 < high
        and (
            toks[at + 1].lower in _VERB_AFTER_NOUN
            or (toks[at + 1].text.islower() and toks[at + 1].lower.endswith("ed"))
        )
    ):
        return None  # "media reports suggest ...", "the leaders of Sahel states agreed"
    if verb.lower == "quoted":
        return _quoted(text, toks, at, low, high, last)
    if at + 1 < high and toks[at + 1].lower == "by":
        if (
            verb.lower in _RECORDING_VERBS
            or verb.lower in _NO_AGENT_VERBS
            or any(t.lower in ("not", "never", "cannot") for t in toks[max(low, at - 4) : at])
        ):
            return None  # "could not be verified by Reuters" names no source
        agent = by_or_from(toks, at, high, "by")  # "as reported by Reuters", "denied by Kyiv"
        if agent is not None and before is not None and before.lower in _PASSIVE_AUXILIARIES:
            # "Both attacks were claimed by JNIM": the subject is what the agent claims
            aux = at - 1
            while aux - 1 >= low and toks[aux - 1].lower in _PASSIVE_AUXILIARIES:
                aux -= 1
            agent.claim, agent.direct = left_claim(text, first, toks[aux].start)
            return agent
        if agent is not None and agent.source is not None and verb.lower in ("told", "informed"):
            # "the BBC has been told by residents that the shelling started before dawn"
            after_agent = toks[agent.source[1]].end
            if THAT.match(text, after_agent, last):
                agent.claim, agent.direct = verb_claim(text, toks, agent, after_agent, first, last)
        return agent
    if before is not None and before.lower in _NOT_A_CUE_AFTER:
        return None
    if at + 1 < high and toks[at + 1].lower == "as":  # "said as"
        return None
    cue = Cue(at)
    j = _skip_back(toks, at - 1, low)
    after = verb.end
    if j < low or toks[j].text in QUOTES or toks[j].text == ",":
        if j >= low and toks[j].text == ",":
            subject = around_comma(toks, j, low)
            if subject is not None:
                cue.source = subject
        if cue.source is None:
            if verb.lower in ("told", "tells"):
                return None  # "..., told the governor that ...": the listener, not the source
            # Inverted: "..., said the ministry" / "“...,” said Zelensky".
            if statement_after(toks, at + 1, high):
                # "..., said a ministry statement": the last body's statement; "..., said a
                # statement from the committee": the committee's
                issuer = statement_issuer(toks, at + 1, high)
                if issuer is not None:
                    cue.source = (issuer[0], apposition_after(toks, issuer[1], high))
                else:
                    cue.pronoun = "it"
                cue.claim, cue.direct = left_claim(text, first, toks[at].start)
                return cue
            end = phrase_after(toks, at + 1, high)
            if end is None or (j >= low and toks[j].text not in QUOTES and toks[j].text != ","):
                return None
            end = apposition_after(toks, end, high)
            end = name_to_the_end(toks, end, high)
            if (
                end + 1 < high
                and toks[end + 1].text not in ",.;:!?"
                and toks[end + 1].lower
                not in (
                    "that",
                    "on",
                    "in",
                    "who",  # "added the officer who asked not to be identified"
                )
            ):
                return None  # "..., said its volunteers were searching": not inverted
            cue.source = (at + 1, end)
            if THAT.match(text, toks[end].end, last):
                after = toks[end].end  # "said the ministry, that ..." is rare but clear
            else:
                cue.claim, cue.direct = left_claim(text, first, toks[at].start)
                return cue
    elif toks[j].lower in ("and", "but") and found:
        # "he said A, but also reported B": the same speaker
        cue.source, cue.pronoun, cue.also = found[-1].source, found[-1].pronoun, found[-1].also
    elif toks[j].lower in ("which", "who") and j - 1 > low and toks[j - 1].text == ",":
        subject = subject_before(toks, j - 2, low)  # "the RSF, which has denied shelling ..."
        if subject is None:
            return None
        cue.source = subject
    elif toks[j].lower in words.PRONOUNS:
        cue.pronoun = toks[j].lower
    elif (
        toks[j].lower in STATEMENT_NOUNS
        and j - 1 >= low
        and (
            toks[j - 1].lower in ("the", "its", "their", "his", "her")
            # "the army statement said", "the ministry's statement said"
            or (j - 2 >= low and toks[j - 2].lower == "the" and is_head(toks[j - 1]))
            or (possessive(toks[j - 1]) and j - 2 >= low and toks[j - 2].lower == "the")
        )
    ):
        cue.pronoun = "it"  # "the statement said": the claim is the last body's
    else:
        start = subject_before(toks, j, low)
        if start is None:
            return None
        first_word = start[0]
        if first_word - 1 >= low and toks[first_word - 1].lower == "no":
            return None  # "No group claimed responsibility": nobody speaks
        if (
            first_word - 2 >= low
            and toks[first_word - 1].lower == "and"
            and (
                (
                    toks[first_word - 2].lower in words.PLACE_AFFILIATION
                    and toks[first_word].lower in words.PLACE_AFFILIATION
                )
                or (
                    toks[first_word - 2].lower in _SOURCE_ADJECTIVES
                    and toks[first_word].lower in _SOURCE_ADJECTIVES
                )
            )
        ):
            # "Ukrainian and Russian officials", "local and security sources": one source
            # named by two demonyms or kinds
            first_word -= 2
            if first_word - 1 >= low and toks[first_word - 1].lower in words.DETERMINERS:
                first_word -= 1
            start = (first_word, start[1])
        cue.source = whole_name(toks, start, low, high)
        cue.also = coordinated_before(toks, cue.source, low)
    if verb.lower in ("told", "tells"):
        after = _recipient(toks, cue, at, high, after)
    elif at + 2 < high and toks[at + 1].lower == "to" and verb.lower in _TO_VERBS:
        # "confirmed to AFP news agency that ...": whom it was said to, then the content
        end = phrase_after(toks, at + 2, high)
        if end is not None and THAT.match(text, toks[end].end, last):
            after = toks[end].end
    if cue.source is not None and _ANONYMOUS.search(text, toks[cue.source[0]].start, last):
        cue.unnamed = True
    if verb.lower in _RECORDING_VERBS and (
        cue.source is None
        or classify(toks[cue.source[0] : cue.source[1] + 1])[0] is None
        or toks[cue.source[1]].lower in ("troops", "soldiers", "forces", "fighters", "police")
    ):
        return None  # "troops recorded ..." is no report; "the UN has verified ..." is
    cue.claim, cue.direct = verb_claim(text, toks, cue, after, first, last)
    relative = j >= low and toks[j].lower in ("which", "who")
    if cue.claim and (
        relative
        or (
            cue.source
            and cue.source[0] > low
            and toks[cue.source[0] - 1].lower in ("which", "that", "who", "as")
        )
    ):
        # "the attack, which officials said involved cluster munitions, killed seven";
        # "Israel's military, which said it was targeting militants, did not comment"
        comma = text.find(",", cue.claim[0], cue.claim[1])
        if comma > 0:
            cue.claim = content_span(text, cue.claim[0], comma)[0]
    lower = verb.lower
    if lower in words.DENYING_VERBS:
        cue.attributes["claim_type"] = "denial"
        cue.attributes["factuality"] = "denied"
    elif lower in words.BLAMING_VERBS:
        cue.attributes["claim_type"] = "responsibility"
    elif lower in words.INTENT_VERBS:
        cue.attributes["claim_type"] = "intent"
    elif (
        lower in ("claimed", "claims", "claim")
        and toks[at + 1 : at + 2]
        and (toks[at + 1].lower == "responsibility")
    ):
        cue.attributes["claim_type"] = "responsibility"  # "claimed responsibility for ..."
    return cue


def _recipient(toks: list[Token], cue: Cue, at: int, high: int, after: int) -> int:
    """Step over who was told; an outlet told is a source that relays the speaker."""
    end = phrase_after(toks, at + 1, high)
    if at + 1 < high and toks[at + 1].lower in _LISTENERS:
        return toks[at + 1].end  # "told journalists": listeners, no outlet
    if end is None:
        return after
    cue.relay = (at + 1, end)
    return toks[end].end


def _quoted(text: str, toks: list[Token], at: int, low: int, high: int, last: int) -> Cue | None:
    """ "TASS quoted X as saying CLAIM" and "X was quoted by TASS as saying CLAIM"."""
    k = at + 1
    cue = Cue(at)
    if at - 1 >= low and toks[at - 1].lower in ("was", "were"):
        subject = subject_before(toks, at - 2, low)
        if subject is None:
            return None
        cue.source = subject
        if k < high and toks[k].lower == "by":
            end = phrase_after(toks, k + 1, high)
            if end is not None:
                cue.relay = (k + 1, end)
                k = end + 1
    else:
        relay = subject_before(toks, at - 1, low)
        end = phrase_after(toks, k, high)
        if relay is None or end is None:
            return None
        cue.relay, cue.source = relay, (k, end)
        k = end + 1
    if not (k + 1 < high and toks[k].lower == "as" and toks[k + 1].lower == "saying"):
        return None
    cue.claim, cue.direct = verb_claim(text, toks, cue, toks[k + 1].end, toks[low].start, last)
    return cue
