"""The casualty-figure suggester (issue 13): number phrases with their victim noun.

What it proposes follows the schema's guidance on span boundaries: the number with any
qualifier before it ('over', 'about', 'at least', 'dozens of') and its victim noun ('three
Armenian soldiers', 'more than 6,500 lives', 'four others'). Coordinated figures are split:
in 'four Armenian and two Azerbaijani soldiers' the first figure ends at its last modifier and
borrows the noun of the second. A number with no noun counts only right beside a loss word:
'killing [12]', '[at least 12] were killed', 'the death toll rose to [45]'. "a"/"an" counts
one when a singular victim noun follows ('[a 69-year-old woman] was killed').

Every number must earn its place: a victim noun or a loss word beside it. Years, ages,
distances, times, money, '24 hours', 'two sides' and counts of tanks or drones have neither.
A figure whose outcome no word says is kept only when its noun says a loss ('lives',
'casualties', 'hostages'): '2 million people displaced' is not a casualty figure.

Attributes: qualifier, low and high from ``figures.parse_casualty_figure``; outcome and victim
type from ``casualty_prefill``, with what only the suggester sees added in
``casualty_context`` (the verb whose object the figure is, a figure sharing the verb of the
one it is part of or coordinated with); victim side from a demonym in the phrase; scope from
the sentence ('since', 'so far', 'death toll' -> cumulative; one attack or day -> incident;
else left empty). The score is higher when a word says the outcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from annotator.core.casualty_prefill import CASUALTY_LABEL, guess_victim_type
from annotator.core.figures import FigureGuess, parse_casualty_figure
from annotator.core.model import AttributeValue
from annotator.core.suggest.base import SuggestContext, Suggestion, register
from annotator.core.suggest.casualty_context import (
    AND_NEXT,
    FLED_AFTER,
    LOSS_AFTER,
    LOSS_WORDS,
    PART_OF,
    TOLL_BEFORE,
    captive_outcome,
    lowered,
    outcome,
    scope,
    verb_before,
    victim_side,
    victim_type,
)
from annotator.core.suggest.casualty_nouns import AFTER_BARE, noun_after
from annotator.core.suggest.casualty_words import (
    LOSS_NOUNS,
    TEN_WORDS,
    UNIT_WORDS,
)
from annotator.core.suggest.sentences import sentence_spans

NAME = "casualty"

_UNIT = "|".join(UNIT_WORDS)
_TENS = "|".join(TEN_WORDS)
_BELOW_100 = rf"(?:(?:{_TENS})(?:[- ](?:{_UNIT}))?|(?:{_UNIT}))"
_WORDS = (
    rf"(?:{_BELOW_100}|an?)(?:\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?)?"
    r"(?:\s+(?:thousand|million|dozen))?"
)
_WORD_NUMBER = (
    rf"(?:{_WORDS}(?<!\ba)(?<!\ban)|half\s+an?\s+(?:dozen|hundred|thousand|million)"
    r"|a\s+dozen|a\s+couple|dozen)"
)
_DIGIT_NUMBER = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])|[0-9]+)"
    r"(?:\.[0-9]+)?"
    r"(?:\s*(?:million|thousand|hundred)|m\b|k\b|bn\b)?"
)
_NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"
_VAGUE = (
    r"(?:tens|dozens|scores|hundreds|thousands|millions)(?:\s+(?:of\s+)?(?:thousands|millions))?"
    r"|(?:several|a\s+few|a\s+couple\s+of)\s+(?:dozen|hundred|thousand)"
    r"|several|a\s+few|a\s+handful|numerous|countless|multiple|(?<!as\s)(?<!so\s)(?<!how\s)many"
    r"|lots\s+of|a\s+lot\s+of|an?\s+(?:(?:high|large|significant|great|small|growing|huge|considerable|big|unknown"
    r"|substantial|unspecified|undisclosed|unconfirmed|number)\s+)?number"
)
_PREFIX = (
    r"at\s+least|at\s+most|(?:well\s+|just\s+)?(?:more|fewer|less)\s+than|no\s+(?:fewer|less)\s+than"
    r"|not\s+less\s+than|up\s+to|as\s+many\s+as|(?:well\s+|just\s+)?over|about|around|nearly"
    r"|almost|some|approximately|roughly|close\s+to|(?:an\s+)?estimated|upwards\s+of"
    r"|in\s+excess\s+of|(?:just\s+)?under|a\s+minimum\s+of|a\s+maximum\s+of"
)
# The first words a figure can start with (digits aside).
_START_WORDS = frozenset(
    {*UNIT_WORDS, *TEN_WORDS, "a", "an", "half", "dozen", "between"}
    | {"at", "well", "just", "more", "fewer", "less", "no", "not", "up", "as", "over", "in"}
    | {"about", "around", "nearly", "almost", "some", "approximately", "roughly", "close"}
    | {"estimated", "upwards", "under", "tens", "dozens", "scores", "hundreds", "thousands"}
    | {"millions", "several", "numerous", "countless", "multiple", "many", "lots"}
)
_START = re.compile(
    r"(?<![\w.,$€£-])(?:[0-9]|(?:"
    + "|".join(sorted(_START_WORDS, key=len, reverse=True))
    + r")(?!\w))",
)
_FIGURE = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<prefix>{_PREFIX})\s+)?"
    rf"(?:between\s+{_NUMBER}\s+and\s+{_NUMBER}"
    rf"|(?P<number>{_NUMBER})(?:\s*(?:-|–|to|or)\s*{_NUMBER})?(?:\s*\+|\s+or\s+(?:so|more))?"
    rf"|(?P<vague>{_VAGUE})|(?P<article>an?))(?![\w%$€£])",
)
# What right after a number shows it is no count of people.
_NOT_A_COUNT = re.compile(
    r"(?:-|\s)*(?:(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|km|kms"
    r"|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|mm|kg|tons?|tonnes?|per\s?cent|percent|o'?clock"
    r"|[ap]\.?m|year-olds?|th|st|nd|rd)(?![a-z])|-year|%|:[0-9])",
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_NOT_A_COUNT_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?|\b(?:aged|age|ages|no\.|number|brigade|resolution|article|page"
    r"|route|highway)|[$€£#/]|[0-9]:|[0-9]\s+in|\bout\s+of)\s*$",
)
# A vague share of the people in one place: "[most of those onboard]", "[all of the passengers]".
_SHARE = re.compile(
    r"\b(?:most|all|many|some|half|several|dozens|hundreds)\s+of\s+(?:those\s+(?:on\s*board"
    r"|aboard|inside|present|travell?ing)|the\s+(passengers|occupants|crew|people\s+(?:on\s*board"
    r"|aboard|inside)))\b"
)
# "[six dead] and [several wounded]": beside "dead", a participle is a noun too.
_DEAD_BEFORE = re.compile(r"\bdead\s*(?:,\s*(?:and\s+)?|and\s+)$")
_HURT_AFTER = re.compile(r"\s+(?:wounded|injured)\b")


def _nominal_end(low: str, end: int) -> int:
    """Where "wounded" or "injured" right after a number ends (-1: neither is there)."""
    found = _HURT_AFTER.match(low, end)
    return found.end() if found else -1


# "displaced [millions more]": the object of displacement is no casualty.
_FLED_BEFORE = re.compile(r"\b(?:displac(?:ed|ing|es)|uproot(?:ed|ing|s)|forced\s+out)\s+$")
_NONE_BEFORE = re.compile(r"\b(?:no|not)\s+$")
_YEAR = re.compile(r"1[89][0-9]{2}|20[0-9]{2}")
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
# A bare number is a figure right after a loss word: "killing [12]", "the toll rose to [45]".
_LOSS_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)?|toll|dead|deaths|casualties"
    r"|fatalities|claimed|captur(?:ed|ing)|abduct(?:ed|ing)|kidnapp(?:ed|ing)|detain(?:ed|ing))"
    r"(?:\s+(?:to|at|of|has|had|have|rose|risen|climbed|jumped|reached"
    r"|stands|stood|now|is|was|increased|surpassed|passed|hit|another|a|total|further|an"
    r"|additional|nearly|more))*,?\s+$",
)
_SPEAKS_AFTER = re.compile(
    # "a teacher, whose colleague was killed, said": the aside is not what happened to them
    r"(?:\s*,\s*(?:who|whose)\b[^,;.]{1,80},)?"
    r"\s+(?:(?:also|later|then|had|has|have|who)\s+)?(?:said|says|say|told|tells|added|adds"
    r"|wrote|recalled|described|explained|stated|insisted|spoke|speaking)\b"
)
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+,\s+$")
_COPULA_BEFORE = re.compile(r"\b(?:was|is)\s+$")
# "Among the dead was [a boy]", "one of those killed was [a nurse]": the copula names a victim.
_AMONG_BEFORE = re.compile(
    r"\b(?:dead|killed|victims?|wounded|injured|casualties|deceased)\s+(?:was|is)\s+$"
)
_CITED_BEFORE = re.compile(r"\b(?:citing|according\s+to|quoting|cited\s+by|quoted\s+by)\s+$")
_UNKNOWN_VICTIMS = re.compile(
    r"\s+([a-z]{3,}s)(?=\s+(?:(?:were|have\s+been|had\s+been)\s+(?:also\s+|reportedly\s+)?"
    r"(?:killed|wounded|injured|abducted|kidnapped|executed|massacred)|died)\b)"
)
_NOT_PEOPLE = frozenset(
    {"animals", "goats", "cows", "camels", "donkeys", "horses", "dogs", "chickens", "hours"}
    | {"days", "weeks", "months", "years", "times", "minutes", "seconds", "tons", "tonnes"}
)
_UNKNOWN_OBJECT = re.compile(r"\s+([a-z]{3,}s)\b(?![-'’])")
_MORE = re.compile(r"\s(?:more|others)$")
_MORE_AFTER = re.compile(r"\s+more\b")
# Figures in one list share the verb after the last; ", and" more often starts a clause, and
# a figure that is the object of another verb ("arrested 120 protesters") has its own.
_LISTED_WITH = re.compile(r"\s*(?:,|and|or)\s*")
_OTHER_VERB_BEFORE = re.compile(r"\b(?!(?:killed|wounded|injured|included)\b)[a-z]+ed\s+$")
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*")
# "[three people] - a soldier and two civilians - were killed": the total shares the
# outcome of its breakdown.
_BREAKDOWN_OPENS = re.compile(r"\s*(?:[—–(:]|\s-{1,2})\s*")
# A figure opening its sentence (after a dateline), and its passive verb further on with no
# clause between.
_SUBJECT_START = re.compile(r"\s*(?:[A-Z][A-Za-z ,.'’]{1,40}\s*(?:--|—|–|-|:)\s*)?[\"“]?")
_LOSS_VERB_LATER = re.compile(
    r"(?:(?![,;:()\"“”]|\b(?:who|which|that|where|when|while|after|before|as|because|said"
    r"|says)\b).){0,160}?\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
    r"(?:(?:also|reportedly|all)\s+)?(killed|wounded|injured|hurt)\b"
)
# "[a senior member], his driver and [a guard] were killed": a list with an item uncounted.
_LIST_GAP = re.compile(r"\s*,\s+(?:(?:his|her|their|its|the)\s+)?[a-z-]+\s*,?\s+(?:and|or)\s+")
# The list of who a total counts, with people between that no number counts.
_INCLUDES = re.compile(r"[^;:\"“”]{0,40}?\binclud(?:e|es|ed|ing)\b[^;:\"“”]{0,80}")
# "including [27 Fulani]": a capitalised people's name counts its members.
_INCLUDING_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom)\s+$")
_PEOPLE_AFTER = re.compile(r"\s+([A-Z][a-z]{2,})\b(?![\w'’-]|\s+[A-Z])")
_LOSS_HEAD_SCORE, _OUTCOME_SCORE = 0.6, 0.9
_NOMINAL_OUTCOMES = {"dead": "killed", "wounded": "injured", "injured": "injured"}


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    head: str | None  # the victim noun, lower case; None: a bare number
    vague: bool = False  # a quantity word, not a number ("dozens", "a high number")


@dataclass(frozen=True, slots=True)
class _Kept:
    figure: _Figure
    head: str | None
    borrows_next: bool = False  # its outcome is the next figure's
    borrows_previous: bool = False  # "and [many more]": the outcome of the one before


def _bare_allowed(low: str, end: int, limit: int) -> bool:
    """Whether what follows a number leaves it a count of people: punctuation, the end, or a
    word that is no noun of something else."""
    found = _WORD.search(low, end, limit)
    if found is None:
        return True
    if low[end : found.start()].strip(" \t"):
        return True  # a comma or full stop first
    return found.group() in AFTER_BARE


def _figure_matches(low: str, first: int, last: int) -> Iterator[re.Match[str]]:
    """``_FIGURE``'s matches, tried only where a word that can start one begins: far cheaper
    than letting the whole pattern try every character."""
    resume = first
    for start in _START.finditer(low, first, last):
        if start.start() < resume:
            continue
        found = _FIGURE.match(low, start.start(), last)
        if found is not None:
            resume = found.end()
            yield found


def _candidates(text: str, low: str, first: int, last: int) -> list[_Figure]:
    figures: list[_Figure] = []
    for found in _figure_matches(low, first, last):
        start, end = found.span()
        if figures and start < figures[-1].end:
            continue  # inside the figure before: "one of [three soldiers]" is one figure
        number = found.group("number")
        if number is not None and (
            _YEAR.fullmatch(number) or _NONE_BEFORE.search(low, max(0, start - 8), start)
        ):
            continue  # a year; "no one was hurt"
        if _NOT_A_COUNT.match(low, end) or (
            _NOT_A_COUNT_BEFORE.search(low, max(first, start - 16), start)
            and not found.group("prefix")
        ):
            continue
        article = found.group("article") is not None
        vague = found.group("vague") is not None
        noun_end, head, modifiers_end = noun_after(text, low, end, last, article)
        if article and head is None:
            continue
        if (
            head in ("wounded", "injured")
            and noun_end == _nominal_end(low, end)
            and not _DEAD_BEFORE.search(low, max(first, start - 12), start)
        ):
            # "killed and [12] wounded": an elided passive, the number alone; only beside
            # "[six dead] and [several wounded]" is the participle a noun like "dead"
            noun_end, head = end, None
        more = _MORE_AFTER.match(low, end, last) if head is None else None
        if more is not None and LOSS_AFTER.match(low, more.end(), last):
            # "[20 more] were wounded", "and [dozens more] wounded": more victims, elided
            figures.append(_Figure(start, more.end(), None, vague))
        elif head is not None:
            figures.append(_Figure(start, noun_end, head, vague))
        elif (
            found.group("vague") is None
            or modifiers_end != end
            or LOSS_AFTER.match(low, end)
            or _LOSS_BEFORE.search(low, max(0, start - 40), start)
        ):
            # "many" alone is no figure; "thousands wounded" is.
            figures.append(_Figure(start, modifiers_end, None, vague))
    for share in _SHARE.finditer(low, first, last):
        start, end = share.span()
        if not any(f.start < end and start < f.end for f in figures):
            # "killed [most of those onboard]": a share of a group, counted vaguely
            figures.append(_Figure(start, end, share.group(1) or "those", vague=True))
            figures.sort(key=lambda f: f.start)
    return figures


def _resolve(text: str, low: str, figures: list[_Figure], last: int) -> list[_Kept]:
    """Each kept figure with the noun that says what it counts (borrowed when coordinated)."""
    kept: list[_Kept] = []
    for index, figure in enumerate(figures):
        following = figures[index + 1] if index + 1 < len(figures) else None
        if FLED_AFTER.match(low, figure.end, last) or _FLED_BEFORE.search(
            low, max(0, figure.start - 30), figure.start
        ):
            continue  # "hundreds of thousands of people have fled": displaced, not hurt
        if figure.head is not None:
            kept.append(_Kept(figure, figure.head))
            continue
        if (
            following is not None
            and following.head is not None
            and _COORDINATED.fullmatch(low, figure.end, following.start)
        ):
            # "four Armenian and two Azerbaijani soldiers": the noun and verb are shared.
            kept.append(_Kept(figure, following.head, borrows_next=True))
            continue
        if kept and kept[-1].head is not None and _MORE.search(low, figure.start, figure.end):
            # "more than 100 injured people ... and [many more]": more of the same.
            kept.append(_Kept(figure, kept[-1].head, borrows_previous=True))
            continue
        found = _FIGURE.match(low, figure.start)
        people = None if found is None else _PEOPLE_AFTER.match(text, found.end(), last)
        if (
            people is not None
            and kept
            and _INCLUDING_BEFORE.search(low, max(0, figure.start - 20), figure.start)
        ):
            noun = people.group(1).lower()
            kept.append(_Kept(_Figure(figure.start, people.end(1), noun, figure.vague), noun))
            continue
        if found is None or (figure.end != found.end() and not low.endswith("more", 0, figure.end)):
            continue  # modifiers with no noun: "two Russian tanks" stopped at "tanks"
        unknown = _UNKNOWN_VICTIMS.match(low, figure.end, last)
        if unknown is None and verb_before(low, figure.start):
            unknown = _UNKNOWN_OBJECT.match(low, figure.end, last)  # "killing 21 guests"
        if unknown is not None and unknown.group(1) not in _NOT_PEOPLE:
            # A noun no list knows, plainly the victims: "two novices were killed".
            noun = unknown.group(1)
            kept.append(_Kept(_Figure(figure.start, unknown.end(1), noun, figure.vague), noun))
            continue
        before = _LOSS_BEFORE.search(
            low, max(0, figure.start - 80), figure.start
        ) or TOLL_BEFORE.search(low, max(0, figure.start - 130), figure.start)
        after = LOSS_AFTER.match(low, figure.end)
        if after or (before and _bare_allowed(low, figure.end, last)):
            kept.append(_Kept(figure, None))
    return kept


def _outcomes(text: str, low: str, kept: list[_Kept], first: int, last: int) -> list[str | None]:
    """Each figure's outcome; one that no word gives is shared with the figure it is part of
    or coordinated with."""
    found = [
        # "25 martyrs" are dead whatever the words around say; "hostages" may be killed
        "killed"
        if captive_outcome(k.head) == "killed"
        else outcome(text, low, k.figure.start, k.figure.end, last)
        or captive_outcome(k.head)
        or _NOMINAL_OUTCOMES.get(k.head or "")  # "[several wounded]" says its outcome
        for k in kept
    ]
    for index in range(len(kept) - 2, -1, -1):
        current, following = kept[index].figure, kept[index + 1].figure
        if found[index] is None and (
            kept[index].borrows_next
            or PART_OF.fullmatch(low, current.end, following.start)
            or _BREAKDOWN_OPENS.fullmatch(low, current.end, following.start)
            or _LIST_GAP.fullmatch(low, current.end, following.start)
            or (
                _LISTED_WITH.fullmatch(low, current.end, following.start)
                and not _OTHER_VERB_BEFORE.search(low, max(0, current.start - 30), current.start)
            )
        ):
            found[index] = found[index + 1]  # "14 fighters and 9 jihadists were killed"
    for index in range(1, len(kept)):
        between = (kept[index - 1].figure.end, kept[index].figure.start)
        if found[index] is None and (
            kept[index].borrows_previous
            or PART_OF.fullmatch(low, *between)
            or AND_NEXT.fullmatch(low, *between)
            # "[five dead]: [two police] and ...", "[three people] ... include the
            # director, his uncle and [a teacher]": the breakdown of a total
            or _BREAKDOWN_OPENS.fullmatch(low, *between)
            or _INCLUDES.fullmatch(low, *between)
        ):
            found[index] = found[index - 1]
    if kept and found[0] is None and _SUBJECT_START.fullmatch(text, first, kept[0].figure.start):
        # "Two soldiers and an unknown number of guerrillas opposed to the deal were killed":
        # the sentence's subject, its passive loss verb past a long noun phrase
        verb = _LOSS_VERB_LATER.match(low, kept[0].figure.end, last)
        if verb is not None:
            said = LOSS_WORDS.get(verb.group(1))
            for index, item in enumerate(kept):
                if item.figure.start < verb.start(1) and found[index] is None:
                    found[index] = said
    return found


def find_figures(text: str) -> list[Suggestion]:
    """Every casualty figure in ``text``, with the attributes its words say."""
    low = lowered(text)
    suggestions: list[Suggestion] = []
    for first, last in sentence_spans(text):
        kept = _resolve(text, low, _candidates(text, low, first, last), last)
        if not kept:
            continue
        sentence_scope = scope(low[first:last])
        for item, said in zip(kept, _outcomes(text, low, kept, first, last), strict=True):
            suggestion = _suggestion(text, low, item, said, sentence_scope)
            if suggestion is not None:
                suggestions.append(suggestion)
    return suggestions


def _suggestion(
    text: str, low: str, item: _Kept, said: str | None, sentence_scope: str | None
) -> Suggestion | None:
    figure, head = item.figure, item.head
    if _SPEAKS_AFTER.match(low, figure.end) or _CITED_BEFORE.search(
        low, max(0, figure.start - 20), figure.start
    ):
        return None  # "two residents said", "citing a health official": speakers
    if low.startswith(("a ", "an "), figure.start) and _NAME_BEFORE.search(
        text, max(0, figure.start - 60), figure.start
    ):
        return None  # "Abdirashid Abdinur, a local commander": a named victim, not a count
    if (
        low.startswith(("a ", "an "), figure.start)
        and _COPULA_BEFORE.search(low, max(0, figure.start - 12), figure.start)
        and not _AMONG_BEFORE.search(low, max(0, figure.start - 40), figure.start)
    ):
        return None  # "the wounded civilian was a passing motorist": says who, counts no one
    said = said or captive_outcome(head)
    if said is None and head not in LOSS_NOUNS:
        return None  # "two million people displaced", "three officials said"
    phrase = text[figure.start : figure.end]
    phrase_low = low[figure.start : figure.end]
    guess = _parse(phrase)
    if guess.qualifier == "unspecified" and figure.vague:
        guess = FigureGuess("vague", None, None)  # "a high number of casualties": no floor
    elif guess.qualifier == "unspecified" and phrase_low.startswith(("a ", "an ")):
        guess = FigureGuess("exact", 1, 1)  # "a 17-year-old Palestinian"
    noun_phrase = phrase if head is None or head in phrase_low else f"{phrase} {head}"
    found: dict[str, AttributeValue | None] = {
        "qualifier": guess.qualifier,
        "low": guess.low,
        "high": guess.high,
        "outcome": said,
        "victim_type": guess_victim_type(noun_phrase) or victim_type(head),
        "victim_side": victim_side(phrase_low),
        "scope": sentence_scope,
    }
    attributes = {key: value for key, value in found.items() if value is not None}
    score = _OUTCOME_SCORE if said not in (None, "unspecified") else _LOSS_HEAD_SCORE
    if head is None:
        score -= 0.1  # a bare number is the likelier to be something else
    return Suggestion(CASUALTY_LABEL, figure.start, figure.end, phrase, attributes, score, NAME)


@lru_cache(maxsize=4096)
def _parse(phrase: str) -> FigureGuess:
    # The same phrases ("two people", "at least 10 civilians") recur across a corpus.
    return parse_casualty_figure(phrase)


@register(NAME, (CASUALTY_LABEL,))
def suggest_casualty_figures(text: str, context: SuggestContext) -> list[Suggestion]:
    return find_figures(text)
