"""What the words around a casualty figure say about it: outcome, scope, victim type and side.

``casualty_prefill`` holds the outcome rules a span's form uses; these add what a suggester
sees that a form does not: the verb whose object the figure is ("killed [12]"), the remains it
is counted in ("the body of [a man]"), a toll ("the death toll climbed to [32]"), a list
("casualties included [four police officers]"), and "were among the dead" later on.

Every pattern here runs on the lower-cased text (``lowered``), which keeps code-point offsets:
matching without IGNORECASE is several times faster.
"""

from __future__ import annotations

import re

from annotator.core.casualty_prefill import guess_outcome
from annotator.core.suggest.casualty_words import (
    CIVILIAN_NOUNS,
    COMBATANT_NOUNS,
    COUNTRIES,
    DEMONYMS,
    UNKNOWN_NOUNS,
)

# The verb right before a figure is the one whose object it is: "killed [12]".
_VERB_BEFORE = re.compile(
    r"\b(kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)|maim(?:ed|ing|s)?"
    r"|captur(?:ed|ing|es)"
    r"|abduct(?:ed|ing|s)?|kidnapp(?:ed|ing)|massacr(?:ed|ing)|execut(?:ed|ing)"
    r"|behead(?:ed|ing)|slaughter(?:ed|ing)|murder(?:ed|ing)|shot\s+dead|shooting\s+dead"
    r"|bur(?:ied|ying)"
    r"|gunned\s+down|gunning\s+down|neutrali[sz](?:ed|ing|ation\s+of))[\"”']?"
    r"(?:\s+(?:another|an?\s+(?:further|additional)))?"
    # "executed [the village chief and] two of his sons": a first object with no number.
    r"(?:\s+(?:the|a|an|his|her|their|its)\s+(?:[a-z'’-]+\s+){0,3}?(?:and|as\s+well\s+as))?"
    r"\s+$"
)
_VERB_OUTCOMES = {
    **{"kill": "killed", "woun": "injured", "inju": "injured", "maim": "injured"},
    **{"capt": "captured", "abdu": "captured", "kidn": "captured"},
    **{"mass": "killed", "exec": "killed"},
    **{"behe": "killed", "slau": "killed", "murd": "killed", "shot": "killed"},
    **{"shoo": "killed", "gunn": "killed", "neut": "killed", "buri": "killed", "bury": "killed"},
}
#: A toll before a bare number: "the death toll from the blast climbed to [32]".
TOLL_BEFORE = re.compile(
    r"\b(death\s+toll|toll|(?:total|number|tally|count)\s+of\s+(?:[\w-]+\s+){0,2}?"
    r"(?:dead|deaths|killed|casualties|victims|fatalities|wounded|injured)|casualties"
    # "the toll could pass [20]", "may exceed [100]": a figure the toll may reach
    r"|fatalities)\b[^.;!?0-9]{0,100}?\b(?:to|at|of|reach(?:ed)?|hit|surpass(?:ed)?|pass(?:ed)?"
    r"|exceed(?:ed)?|top(?:ped)?)\s+$"
)
_LOST_BEFORE = re.compile(r"\b(?:lost|losing|loses|lose)\s+$")
# "Casualties included [four police officers]", "those who passed away are [26 people]".
_LISTED_BEFORE = re.compile(
    r"\b(casualties|fatalities|deaths|dead|killed|victims|wounded|injured|missing|died"
    r"|passed\s+away)\s+"
    r"(?:[\w'’]+\s+){0,3}?(?:included|include|includes|including|were|are|was|is|number"
    r"|numbered|totall?ed|reached)\s+"
    r"(?:[^.;!?]{0,40}?,\s*(?:and\s+)?)?$"
)
_LISTED_OUTCOMES = {
    **{"dead": "killed", "kill": "killed", "woun": "injured", "inju": "injured"},
    **{"miss": "missing", "died": "killed", "pass": "killed", "fata": "killed", "deat": "killed"},
}
# Verbs that can be active ("40 gunmen abducted 20 students") say the figure's outcome only
# in the passive: after "were", or with no object after them ("20 students abducted on ...").
_ADVERBS = r"(?:(?:later|reportedly|allegedly|also|since|who|have|has|had)\s+)*"
_NO_OBJECT = r"(?=\s*(?:[,.;:)\"”]|$|(?:in|on|at|by|near|when|during|after|while|as|from|and)\b))"


def _passive(verbs: str, intransitive: str) -> re.Pattern[str]:
    return re.compile(
        rf"\s+{_ADVERBS}(?:(?:were|was|been|being)\s+{_ADVERBS}(?:{verbs})\b"
        rf"|(?:{verbs}){_NO_OBJECT}|(?:(?:were|was|been|being)\s+{_ADVERBS})?(?:{intransitive})\b)"
    )


_TAKEN_AFTER = _passive(
    "abducted|kidnapped|seized|arrested",
    r"taken\s+(?:hostage|captive|prisoner)|held\s+(?:hostage|captive)",
)
_DIED_AFTER = _passive(
    r"massacred|executed|beheaded|slaughtered|murdered|gunned\s+down|burned\s+to\s+death"
    r"|hacked\s+to\s+death",
    r"passed\s+away|succumbed|martyred|lost\s+their\s+lives|drowned|burned\s+alive",
)
#: The loss word a figure is the subject of, past the auxiliaries and hedges in between:
#: "[12] killed", "[two] remain missing", "[dozens of people] are feared to have been killed".
LOSS_AFTER = re.compile(
    r"\s+(?:(?:people|persons|others|were|was|is|have|had|has|been|are|be|to|reportedly|also"
    r"|later|confirmed|being|remain|remained|remains|still|feared|believed|presumed|thought"
    r"|now|reported)\s+)*(killed|dead|died|wounded|injured|hurt|missing|captured|detained"
    r"|perished|slain|abducted|kidnapped|taken\s+(?:hostage|captive|prisoner)"
    r"|hospitali[sz]ed)\b"
)
# "[two men] were attacked in their fields and were beheaded": a second passive says it.
_CHAINED_AFTER = re.compile(
    r"\s+(?:were|was)\s+[a-z]+ed\b[^.;!?]{0,80}?\band\s+(?:then\s+|later\s+)?(?:were|was)\s+"
    r"(?:also\s+|then\s+|later\s+)?(killed|beheaded|executed|murdered|massacred|slaughtered"
    r"|shot\s+dead|wounded|injured|abducted|kidnapped)\b"
)
_CHAINED_OUTCOMES = {
    **{"kill": "killed", "behe": "killed", "exec": "killed", "murd": "killed"},
    **{"mass": "killed", "slau": "killed", "shot": "killed", "woun": "injured"},
    **{"inju": "injured", "abdu": "captured", "kidn": "captured"},
}
LOSS_WORDS = {
    **{"killed": "killed", "dead": "killed", "died": "killed", "perished": "killed"},
    **{"slain": "killed", "wounded": "injured", "injured": "injured", "hurt": "injured"},
    **{"missing": "missing", "captured": "captured", "detained": "captured"},
    **{"abducted": "captured", "kidnapped": "captured"},
    **{"hospitalised": "injured", "hospitalized": "injured"},
}
# A figure that does something is the attackers, not victims: "some 300 fighters attacked
# the town and killed civilians".
_AGENT_AFTER = re.compile(
    r"\s+(?:(?:had|have|has|reportedly|allegedly|then|also)\s+)*(?:attacked|stormed|raided"
    r"|ambushed|shelled|opened\s+fire|fired\s+on|launched|carried\s+out|overran|besieged"
    r"|targeted|attacking|storming|raiding)\b"
)
_BOTH = (
    r"(?:killed|dead)\s+(?:and|or)\s+(?:wounded|injured)"
    r"|(?:wounded|injured)\s+(?:and|or)\s+(?:killed|dead)"
)
_BOTH_AFTER = re.compile(rf"\s+(?:(?:were|was|have|has|had|been|being)\s+)*(?:{_BOTH})\b")
_BOTH_BEFORE = re.compile(
    r"\b(?:(?:killed|killing)\s+(?:and|or)\s+(?:wounded|injured|wounding|injuring|maimed"
    r"|maiming)|(?:wounded|injured|wounding|injuring|maimed|maiming)\s+(?:and|or)\s+"
    r"(?:killed|killing))\s+$"
)
_REMAINS_BEFORE = re.compile(r"\b(?:bod(?:y|ies)|remains|corpses?|funerals?|graves?)\s+of\s+$")
# "the killing of [12 villagers]", "a massacre on Monday in the village of "[30 civilians]"".
_KILLING_OF = re.compile(
    r"\b(?:massacres?|killings?|murders?|slaughter|executions?|deaths)\b[^.;!?0-9]{0,60}?"
    r"\bof\s+[\"“]?$"
)
_OF_BEFORE = re.compile(r"\bof\s+[\"“]?$")
_AMONG = re.compile(
    r"[^.;!?]*?\bamong\s+(?:the|those|(?:at\s+least\s+)?[0-9][0-9,]*)\s+"
    r"(dead|killed|wounded|injured|missing|captured)\b"  # "three children among 10 dead"
)
_AMONG_OUTCOMES = {
    **{"dead": "killed", "killed": "killed", "wounded": "injured", "injured": "injured"},
    **{"missing": "missing", "captured": "captured"},
}
_CAPTIVES = frozenset({"hostages", "hostage", "captives"})

#: A figure that counts part of its neighbour shares its outcome: "12 people, including [five
#: children]"; "[11 people], including three children, were killed".
PART_OF = re.compile(
    # "[70 people] on Thursday, including [10 women]": a short adverbial may come between
    r"(?:\s+(?:on|in|at|near|during|overnight|last|this|across)\b[^,;.()]{0,40}?)?"
    r"\s*[,(;:—–-]?\s*(?:including|among\s+them|among\s+whom|of\s+whom|among\s+those"
    r"|mostly|most\s+of\s+them|many\s+of\s+them|among\s+the\s+dead\s+were"
    r"|(?:were|was|are|is)\s+(?:also\s+)?among)"
    r"(?:\s+(?:were|are))?\s+"
)
#: "... an elderly man in a village garage and [a woman]": the same verb counts both.
AND_NEXT = re.compile(
    r"(?:\s+(?:in|at|on|near|inside|outside|beside|from)\s+[^,;.!?0-9]{0,40}?)?\s*,?\s*"
    r"(?:and|or|as\s+well\s+as)\s+(?:(?:his|her|their|its)\s+)?"
)

# Scope, from the sentence: a running total's words first, then one attack or day, then the
# weaker signs of a total ("the war", "the toll"), then a past verb of one event.
_CUMULATIVE = re.compile(
    r"\b(?:since|so\s+far|in\s+total|a\s+total|to\s+date|overall|altogether|cumulative"
    r"|(?:toll|total|number(?:\s+of\s+\w+)?)\s+(?:has\s+|had\s+)?(?:rose|risen|climbed"
    r"|reached|stands|stood|increased|surpassed|passed)"
    r"|(?:war|fighting|conflict|violence|insurgency|offensive|clashes)\s+(?:that\s+|which\s+)?"
    r"(?:has|have|had)\s+(?:so\s+far\s+|now\s+)?(?:killed|claimed|left))\b"
)
_INCIDENT = re.compile(
    r"\b(?:attack|attacked|attacks|strike|strikes|airstrikes?|air\s+strikes?|shelling|shelled"
    r"|bombing|bombed|blast|explosion|ambush|ambushed|raid|overnight|yesterday|last\s+night"
    r"|this\s+morning|clash|clashes|assault|on\s+the\s+spot|incident"
    r"|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
_WEAK_CUMULATIVE = re.compile(r"\b(?:toll|war|conflict|fighting\s+began)\b")
_PAST_EVENT = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+)?(?:killed|wounded|injured|hurt)\b|\bdied\b"
    r"|\bamong\s+the\s+dead\b"
)
# Each with its lower-case name: the regex runs only where that name is a substring at all.
_COUNTRY_NAMES = {
    name: (name.lower(), re.compile(rf"\b{re.escape(name.lower())}\b")) for name in COUNTRIES
}
_DEMONYM_WORD = re.compile(r"[^\W\d_]+(?:\s+(?:sudanese|korean))?")


def lowered(text: str) -> str:
    """``text`` lower-cased with every code point kept in place (a character whose lower case
    is longer, as 'İ', stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


#: "[700,000] have fled their homes": displaced people are no casualties (gold convention).
FLED_AFTER = re.compile(
    r"\s+(?:(?:have|has|had|were|was|been|reportedly|also|now)\s+)*(?:fled|displaced"
    r"|uprooted|evacuated|left\s+their\s+homes|forced\s+(?:from|out\s+of)\s+their\s+homes)\b"
)
# "[five others] were taken to hospital": injured, whatever the figure before them suffered.
_HOSPITAL_AFTER = re.compile(
    r"\s+(?:(?:were|was|have|has|had|been|being|later)\s+)*(?:(?:taken|rushed|admitted"
    r"|evacuated|airlifted|flown|transferred)\s+to\s+(?:a\s+|the\s+)?(?:[a-z]+\s+)?"
    r"hospitals?|hospitali[sz]ed|treated\s+for)\b"
)


def outcome(text: str, low: str, start: int, end: int, sentence_end: int) -> str | None:
    """What happened to the victims of the figure ``text[start:end]``, or None when no word
    says; ``low`` is ``lowered(text)``."""
    window = max(0, start - 40)
    if _AGENT_AFTER.match(low, end, sentence_end):
        return None
    if _HOSPITAL_AFTER.match(low, end, sentence_end):
        return "injured"
    if _BOTH_BEFORE.search(low, window, start):
        return "unspecified"  # "killed and wounded dozens"
    verb = _VERB_BEFORE.search(low, max(0, start - 70), start)
    if verb is not None:
        return _VERB_OUTCOMES[verb.group(1)[:4]]
    if _REMAINS_BEFORE.search(low, window, start) or (
        # the cheap test first: the costly pattern only where "of" ends right before
        _OF_BEFORE.search(low, max(0, start - 5), start)
        and _KILLING_OF.search(low, max(0, start - 90), start)
    ):
        return "killed"
    toll = TOLL_BEFORE.search(low, max(0, start - 130), start)
    if toll is not None:
        said = toll.group(1)
        if "casualt" in said:
            return "unspecified"
        return "injured" if "wounded" in said or "injured" in said else "killed"
    if _LOST_BEFORE.search(low, window, start):
        return "unspecified"  # "Russia lost 540 soldiers": killed and wounded alike
    # the last of chained passives says what befell them ("seized ... and executed")
    chained = _CHAINED_AFTER.match(low, end, sentence_end)
    if chained is not None:
        return _CHAINED_OUTCOMES[chained.group(1)[:4]]
    if _DIED_AFTER.match(low, end, sentence_end):
        return "killed"
    if _TAKEN_AFTER.match(low, end, sentence_end):
        return "captured"
    guessed = guess_outcome(text, start, end)
    if guessed is not None:
        return guessed
    if _BOTH_AFTER.match(low, end, sentence_end):
        return "unspecified"  # "killed or wounded": the dead and the injured together
    loss = LOSS_AFTER.match(low, end, sentence_end)
    if loss is not None:
        return LOSS_WORDS.get(loss.group(1), "captured")  # "taken hostage"
    listed = _LISTED_BEFORE.search(low, max(0, start - 60), start)
    if listed is not None:
        return _LISTED_OUTCOMES.get(listed.group(1)[:4], "unspecified")
    among = _AMONG.match(low, end, sentence_end)
    return _AMONG_OUTCOMES[among.group(1)] if among else None


def verb_before(low: str, start: int) -> bool:
    """Whether a verb of harm ends right before ``start`` ("killing [21 guests]")."""
    return _VERB_BEFORE.search(low, max(0, start - 40), start) is not None


def captive_outcome(head: str | None) -> str | None:
    """ "250 hostages", "25 martyrs" say their outcome by their noun."""
    if head in _MARTYRS:
        return "killed"
    return "captured" if head in _CAPTIVES else None


_MARTYRS = frozenset({"martyrs", "corpses"})


def scope(sentence_low: str) -> str | None:
    """cumulative, incident or None (unclear) from the lower-cased sentence."""
    if _CUMULATIVE.search(sentence_low):
        return "cumulative"
    if _INCIDENT.search(sentence_low):
        return "incident"
    if _WEAK_CUMULATIVE.search(sentence_low):
        return "cumulative"
    return "incident" if _PAST_EVENT.search(sentence_low) else None


def victim_type(head: str | None) -> str | None:
    """What ``casualty_prefill`` leaves open: people by age or sex are civilians (soldiers are
    called soldiers), counts of people or deaths say nothing ("unknown")."""
    if head is None or head in UNKNOWN_NOUNS:
        return "unknown"
    if head in COMBATANT_NOUNS:
        return "combatant"
    return "civilian" if head in CIVILIAN_NOUNS else None


def victim_side(phrase_low: str) -> str | None:
    """The one side a demonym or country in the phrase names ("three Ukrainian soldiers",
    "two members of Ukraine's border guard": Ukraine)."""
    sides = {DEMONYMS[w] for w in _DEMONYM_WORD.findall(phrase_low) if w in DEMONYMS}
    sides |= {
        name
        for name, (low, found) in _COUNTRY_NAMES.items()
        if low in phrase_low and found.search(phrase_low)
    }
    return next(iter(sides)) if len(sides) == 1 else None
