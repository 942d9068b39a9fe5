"""The casualty-figure suggester (issue 13): number phrases with their victim noun.

What it proposes follows the schema's guidance on span boundaries: the number with any
qualifier before it ('over', 'about', 'at least', 'dozens of') and its victim noun ('three
Armenian soldiers', 'more than 6,500 lives', 'four others'). Coordinated figures are split:
in 'four Armenian and two Azerbaijani soldiers' the first figure ends at its last modifier and
borrows the noun of the second. A number with no noun counts only right beside a loss word:
'killing [12]', '[at least 12] were killed', 'the death toll rose to [45]'.

Every number must earn its place: a victim noun or a loss word beside it. Years, ages,
distances, times, money, '24 hours', 'two sides' and counts of tanks or drones have neither.
A figure whose outcome no word says is kept only when its noun says a loss ('lives',
'casualties', 'hostages'): '2 million people displaced' is not a casualty figure.

Attributes: qualifier, low and high from ``figures.parse_casualty_figure``; outcome and victim
type from ``casualty_prefill``; victim side from a demonym in the phrase; scope from the
sentence ('since', 'so far', 'death toll' -> cumulative; one attack or day -> incident).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annotator.core.casualty_prefill import CASUALTY_LABEL, guess_outcome, guess_victim_type
from annotator.core.figures import FigureGuess, parse_casualty_figure
from annotator.core.model import AttributeValue
from annotator.core.suggest.base import SuggestContext, Suggestion, register
from annotator.core.suggest.casualty_words import (
    CIVILIAN_NOUNS,
    COMBATANT_NOUNS,
    DEMONYMS,
    LOSS_NOUNS,
    MODIFIERS,
    SINGULAR_NOUNS,
    UNKNOWN_NOUNS,
    VICTIM_NOUNS,
)
from annotator.core.suggest.sentences import sentence_spans

NAME = "casualty"

_UNIT = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_BELOW_100 = rf"(?:(?:{_TENS})(?:[- ](?:{_UNIT}))?|(?:{_UNIT}))"
_WORDS = (
    rf"(?:{_BELOW_100}|an?)(?:\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?)?"
    r"(?:\s+(?:thousand|million))?"
)
_WORD_NUMBER = rf"(?:{_WORDS}(?<!\ba)(?<!\ban)|half\s+a\s+dozen|a\s+dozen|a\s+couple|dozen)"
_DIGIT_NUMBER = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    r"(?:\s*(?:million|thousand|hundred)|m\b|k\b|bn\b)?"
)
_NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"
_VAGUE = (
    r"(?:tens|dozens|scores|hundreds|thousands|millions)(?:\s+(?:of\s+)?(?:thousands|millions))?"
    r"|several|a\s+few|a\s+handful|numerous|countless|multiple|(?<!as\s)(?<!so\s)(?<!how\s)many"
)
_PREFIX = (
    r"at\s+least|at\s+most|(?:well\s+|just\s+)?(?:more|fewer|less)\s+than|no\s+(?:fewer|less)\s+than"
    r"|not\s+less\s+than|up\s+to|as\s+many\s+as|(?:well\s+|just\s+)?over|about|around|nearly"
    r"|almost|some|approximately|roughly|close\s+to|(?:an\s+)?estimated|upwards\s+of"
    r"|in\s+excess\s+of|(?:just\s+)?under|a\s+minimum\s+of|a\s+maximum\s+of"
)
# The first words a figure can start with (digits aside).
_START_WORDS = frozenset(
    re.findall(r"[a-z]+", f"{_UNIT} {_TENS} {_PREFIX} {_VAGUE} half dozen between a an")
)
_START = re.compile(r"[^\W_][\w]*")
_FIGURE = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<prefix>{_PREFIX})\s+)?"
    rf"(?:between\s+{_NUMBER}\s+and\s+{_NUMBER}"
    rf"|(?P<number>{_NUMBER})(?:\s*(?:-|–|to|or)\s*{_NUMBER})?(?:\s*\+|\s+or\s+(?:so|more))?"
    rf"|(?P<vague>{_VAGUE})|(?P<article>an?))(?![\w%$€£])",
    re.IGNORECASE,
)
# What right after a number shows it is no count of people.
_NOT_A_COUNT = re.compile(
    r"(?:-|\s)*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|km|kms"
    r"|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|mm|kg|tons?|tonnes?|per\s?cent|percent|%|o'?clock"
    r"|[ap]\.?m\b|year-olds?|-year|th\b|st\b|nd\b|rd\b|:[0-9])",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_NOT_A_COUNT_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?|\b(?:aged|age|ages|no\.|number|brigade|resolution|article|page"
    r"|route|highway)|[$€£#:/])\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_TOKEN = re.compile(r"[ \t]+([^\W_](?:[\w'’.-]*[^\W_])?)")
_MODIFIER_ENDINGS = ("-backed", "-led", "-aligned", "-linked", "-run", "-old", "-year-old")
# A bare number is a figure right after a loss word: "killing [12]", "the toll rose to [45]".
_LOSS_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)?|toll|dead|deaths|casualties"
    r"|fatalities|claimed)(?:\s+(?:to|at|of|has|had|have|rose|risen|climbed|jumped|reached"
    r"|stands|stood|now|is|was|increased|surpassed|passed|hit|another|a|total|further|an"
    r"|additional|nearly|more))*\s+$",
    re.IGNORECASE,
)
_TOLL_BEFORE = re.compile(
    r"\b(death\s+toll|toll|number\s+of\s+(?:dead|deaths|killed|casualties|victims)"
    r"|casualties|fatalities)\b[^.;!?0-9]{0,60}?\b(?:to|at|of|reached|hit|surpassed|passed)\s+$",
    re.IGNORECASE,
)
_LOSS_AFTER = re.compile(
    r"\s+(?:(?:people|persons|others|were|was|have|had|has|been|are|reportedly|also|later"
    r"|confirmed|being)\s+)*(?:killed|dead|died|wounded|injured|hurt|missing|captured|detained"
    r"|perished|slain)\b",
    re.IGNORECASE,
)
# Words that may follow a bare figure without being the noun of something else.
_AFTER_BARE = frozenset(
    {
        *("and", "or", "in", "on", "at", "since", "according", "as", "after", "when"),
        *("while", "including", "among", "with", "by", "during", "this", "last", "so"),
        *("were", "was", "have", "had", "are", "is", "people", "killed", "dead", "wounded"),
        *("injured", "died", "others", "near", "across", "over", "amid", "following", "but"),
        *("mostly", "most", "many", "said", "officials", "the", "from", "before", "earlier"),
        *("across", "within", "inside", "yesterday", "overnight", "to", "into"),
        *("captured", "missing", "detained", "hurt", "perished", "abducted", "seriously"),
    }
)
# Words that end the search for a noun: "12 [in] the attack", "two [who] were".
_STOP = _AFTER_BARE | {
    *("a", "an", "that", "who", "which", "whom", "been", "be", "being", "for", "not", "no"),
    *("also", "still", "it", "they", "he", "she", "we", "there", "than", "per", "each"),
    *("captured", "missing", "detained", "hurt", "perished", "abducted", "lost"),
}
_MORE = re.compile(r"\s(?:more|others)$", re.IGNORECASE)
_NOMINAL_OUTCOMES = frozenset({"dead", "wounded", "injured"})
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*")
# A figure that counts part of the one before it shares its outcome: "12 people, including
# [five children]".
_PART_OF = re.compile(
    r"\s*[,(;:-]?\s*(?:including|among\s+them|among\s+whom|of\s+whom|among\s+those"
    r"|mostly|most\s+of\s+them|many\s+of\s+them|among\s+the\s+dead\s+were)"
    r"(?:\s+(?:were|are))?\s+",
    re.IGNORECASE,
)
# Scope, from the sentence: a running total's words first, then one attack or day, then the
# weaker signs of a total ("the war", "the toll"), then a past verb of one event.
_CUMULATIVE = re.compile(
    r"\b(?:since|so\s+far|in\s+total|a\s+total|to\s+date|overall|altogether|cumulative"
    r"|(?:toll|total|number(?:\s+of\s+\w+)?)\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|stands|stood"
    r"|increased|surpassed|passed))\b",
    re.IGNORECASE,
)
_INCIDENT = re.compile(
    r"\b(?:attack|attacked|attacks|strike|strikes|airstrikes?|air\s+strikes?|shelling|shelled"
    r"|bombing|bombed|blast|explosion|ambush|ambushed|raid|overnight|yesterday|last\s+night"
    r"|this\s+morning|clash|clashes|assault|on\s+the\s+spot|incident"
    r"|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)
_WEAK_CUMULATIVE = re.compile(r"\b(?:toll|war|conflict|fighting\s+began)\b", re.IGNORECASE)
_PAST_EVENT = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+)?(?:killed|wounded|injured|hurt)\b|\bdied\b"
    r"|\bamong\s+the\s+dead\b",
    re.IGNORECASE,
)
# The verb right before a figure is the one whose object it is: "killed [12]".
_VERB_BEFORE = re.compile(
    r"\b(kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)|captur(?:ed|ing|es)"
    r"|abduct(?:ed|ing|s)?|kidnapp(?:ed|ing))(?:\s+(?:another|an?\s+(?:further|additional)))?"
    r"\s+$",
    re.IGNORECASE,
)
_VERB_OUTCOMES = {
    **{"kill": "killed", "woun": "injured", "inju": "injured", "capt": "captured"},
    **{"abdu": "captured", "kidn": "captured"},
}
_LOST_BEFORE = re.compile(r"\b(?:lost|losing|loses|lose)\s+$", re.IGNORECASE)
# "Casualties included [four police officers]", "the dead were [two women]".
_LISTED_BEFORE = re.compile(
    r"\b(casualties|dead|killed|victims|wounded|injured|missing|died|passed\s+away)\s+"
    r"(?:[\w'’]+\s+){0,3}?(?:included|include|includes|including|were|are|was|is|number"
    r"|numbered|totall?ed|reached)\s+"
    r"(?:[^.;!?]{0,40}?,\s*(?:and\s+)?)?$",
    re.IGNORECASE,
)
_LISTED_OUTCOMES = {"dead": "killed", "kill": "killed", "woun": "injured", "inju": "injured"}
_LISTED_OUTCOMES.update({"miss": "missing", "died": "killed", "pass": "killed"})
_TAKEN_AFTER = re.compile(
    r"\s+(?:(?:were|was|have|has|had|been|reportedly)\s+)*(?:abducted|kidnapped|seized"
    r"|taken\s+(?:hostage|captive|prisoner)|held\s+(?:hostage|captive)|arrested)\b",
    re.IGNORECASE,
)
_DIED_AFTER = re.compile(
    r"\s+(?:(?:who|have|has|had|were|was|later|reportedly|since|also)\s+)*(?:passed\s+away"
    r"|succumbed|(?:were\s+)?martyred|lost\s+their\s+lives)\b",
    re.IGNORECASE,
)
_REMAINS_BEFORE = re.compile(
    r"\b(?:bod(?:y|ies)|remains|corpses?|funerals?|graves?)\s+of\s+$", re.IGNORECASE
)
_AMONG = re.compile(
    r"[^.;!?]*?\bamong\s+(?:the|those)\s+(dead|killed|wounded|injured|missing|captured)\b",
    re.IGNORECASE,
)
_AMONG_OUTCOMES = {
    **{"dead": "killed", "killed": "killed", "wounded": "injured", "injured": "injured"},
    **{"missing": "missing", "captured": "captured"},
}
# "... including an elderly man in a village garage and [a woman]": the same verb counts both.
_AND_NEXT = re.compile(
    r"(?:\s+(?:in|at|on|near|inside|outside|beside|from)\s+[^,;.!?0-9]{0,40}?)?\s*,?\s*"
    r"(?:and|or|as\s+well\s+as)\s+(?:(?:his|her|their|its)\s+)?",
    re.IGNORECASE,
)
_LOSS_HEAD_SCORE, _OUTCOME_SCORE, _PLAIN_SCORE = 0.6, 0.9, 0.5
_MAX_MODIFIERS = 4
_NOUN_DEMONYM = ("s", "ese", "rohingya")  # demonyms that are also plural nouns
_ADJECTIVE_HEADS = frozenset({"elderly", "family", "police"})


@dataclass(frozen=True, slots=True)
class _Kept:
    figure: _Figure
    head: str | None
    borrows_next: bool = False  # its outcome is the next figure's
    borrows_previous: bool = False  # "and [many more]": the outcome of the one before


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    head: str | None  # the victim noun, lower case; None: a bare number


def _modifier(raw: str, stem: str) -> bool:
    return (
        stem in MODIFIERS
        or stem in DEMONYMS
        or stem in _ADJECTIVE_HEADS
        or (raw[0].isupper() and stem not in _AFTER_BARE)
        or stem.endswith(_MODIFIER_ENDINGS)
    )


def _noun_after(
    text: str, position: int, limit: int, singular: bool
) -> tuple[int, str | None, int]:
    """(end of the noun phrase, head noun, end of the last known modifier) after a number; for
    an article ("a", "an") only a singular noun is a head. Words not known as modifiers may
    stand before the noun ("30 junta soldiers") but never end a figure without one."""
    nouns = SINGULAR_NOUNS if singular else VICTIM_NOUNS
    tentative: tuple[int, str] | None = (
        None  # "Sudanese", "of the dead": a head unless a noun follows
    )
    last_modifier = cursor = position
    previous = ""
    for _ in range(_MAX_MODIFIERS + 1):
        found = _TOKEN.match(text, cursor)
        if found is None or found.end() > limit:
            break
        raw = found.group(1)
        word = raw.casefold().replace("’", "'")
        stem = word[:-2] if word.endswith("'s") else word
        nominal = stem in _NOMINAL_OUTCOMES
        if stem in nouns and stem not in _ADJECTIVE_HEADS and not nominal:
            return found.end(), stem, last_modifier
        known = _modifier(raw, stem) and not nominal
        if tentative is not None and not known:
            if stem in _STOP:
                break
            return position, None, last_modifier  # "12 Sudanese armoured vehicles"
        if nominal:
            # "dozens of wounded" counts the wounded; in "five wounded" the figure is "five"
            # and "wounded" its outcome, unless a noun follows ("three wounded soldiers").
            if previous in ("of", "the"):
                tentative = (found.end(), stem)
        elif stem in _ADJECTIVE_HEADS or (
            stem in DEMONYMS and (singular or stem.endswith(_NOUN_DEMONYM))
        ):
            tentative = (found.end(), stem)
        elif not known and (stem in _STOP or not stem[0].isalpha()):
            break
        if known and stem != "of":
            last_modifier = found.end()
        previous = stem
        cursor = found.end()
    if tentative is not None:
        return tentative[0], tentative[1], last_modifier
    return position, None, last_modifier


def _bare_allowed(text: str, end: int, limit: int) -> bool:
    """Whether what follows a number leaves it a count of people: punctuation, the end, or a
    word that is no noun of something else."""
    found = _WORD.search(text, end, limit)
    if found is None:
        return True
    if text[end : found.start()].strip(" \t"):
        return True  # a comma or full stop first
    return found.group().casefold() in _AFTER_BARE


def _figure_matches(text: str, first: int, last: int) -> Iterator[re.Match[str]]:
    """``_FIGURE``'s matches, tried only where a word that can start one begins: far cheaper
    than letting the pattern try every character."""
    resume = first
    for word in _START.finditer(text, first, last):
        if word.start() < resume:
            continue
        token = word.group()
        if not (token[0].isdigit() or token.casefold() in _START_WORDS):
            continue
        found = _FIGURE.match(text, word.start(), last)
        if found is not None:
            resume = found.end()
            yield found


def _candidates(text: str, first: int, last: int) -> list[_Figure]:
    figures: list[_Figure] = []
    for found in _figure_matches(text, first, last):
        start, end = found.span()
        number = found.group("number")
        if number is not None and re.fullmatch(r"1[89][0-9]{2}|20[0-9]{2}", number):
            continue  # a year
        if _NOT_A_COUNT.match(text, end) or (
            _NOT_A_COUNT_BEFORE.search(text, max(first, start - 16), start)
            and not found.group("prefix")
        ):
            continue
        article = found.group("article") is not None
        noun_end, head, modifiers_end = _noun_after(text, end, last, article)
        if article and head is None:
            continue
        if head is not None:
            figures.append(_Figure(start, noun_end, head))
            continue
        if found.group("vague") is not None and modifiers_end == end:
            continue  # "many" or "several" alone is no figure
        figures.append(_Figure(start, modifiers_end, None))
    return figures


def _resolve(text: str, figures: list[_Figure], last: int) -> list[_Kept]:
    """Each kept figure with the noun that says what it counts (borrowed when coordinated)."""
    kept: list[_Kept] = []
    for index, figure in enumerate(figures):
        following = figures[index + 1] if index + 1 < len(figures) else None
        if figure.head is not None:
            kept.append(_Kept(figure, figure.head))
            continue
        if (
            following is not None
            and following.head is not None
            and _COORDINATED.fullmatch(text, figure.end, following.start)
        ):
            # "four Armenian and two Azerbaijani soldiers": the noun and verb are shared.
            kept.append(_Kept(figure, following.head, borrows_next=True))
            continue
        if kept and kept[-1].head is not None and _MORE.search(text, figure.start, figure.end):
            # "more than 100 injured people ... and [many more]": more of the same.
            kept.append(_Kept(figure, kept[-1].head, borrows_previous=True))
            continue
        if figure.end != _bare_end(text, figure):
            continue  # modifiers with no noun: "two Russian tanks" stopped at "tanks"
        window = max(0, figure.start - 80)
        before = _LOSS_BEFORE.search(text, window, figure.start) or _TOLL_BEFORE.search(
            text, window, figure.start
        )
        after = _LOSS_AFTER.match(text, figure.end)
        if (before or after) and _bare_allowed(text, figure.end, last):
            kept.append(_Kept(figure, None))
    return kept


def _bare_end(text: str, figure: _Figure) -> int:
    found = _FIGURE.match(text, figure.start)
    return found.end() if found else figure.end


def _victim_side(phrase: str) -> str | None:
    sides = {
        DEMONYMS[word]
        for word in re.findall(r"[^\W\d_]+(?:\s+(?:sudanese|korean))?", phrase.casefold())
        if word in DEMONYMS
    }
    return next(iter(sides)) if len(sides) == 1 else None


def _victim_type(head: str | None) -> str | None:
    """What ``casualty_prefill`` leaves open: people by age or sex are civilians (soldiers are
    called soldiers), and counts of people or deaths say nothing ("unknown")."""
    if head is None or head in UNKNOWN_NOUNS:
        return "unknown"
    if head in COMBATANT_NOUNS:
        return "combatant"
    return "civilian" if head in CIVILIAN_NOUNS else None


def _scope(sentence: str) -> str | None:
    if _CUMULATIVE.search(sentence):
        return "cumulative"
    if _INCIDENT.search(sentence):
        return "incident"
    if _WEAK_CUMULATIVE.search(sentence):
        return "cumulative"
    return "incident" if _PAST_EVENT.search(sentence) else None


def _outcome(text: str, figure: _Figure, sentence_end: int) -> str | None:
    """What happened to the victims: the verb whose object the figure is ("killed [12]"), the
    remains it is counted in ("the body of [a man]"), ``casualty_prefill``'s rules, then
    "were among the dead" later in the sentence."""
    window = max(0, figure.start - 40)
    verb = _VERB_BEFORE.search(text, window, figure.start)
    if verb is not None:
        return _VERB_OUTCOMES[verb.group(1).casefold()[:4]]
    if _REMAINS_BEFORE.search(text, window, figure.start):
        return "killed"
    toll = _TOLL_BEFORE.search(text, max(0, figure.start - 80), figure.start)
    if toll is not None:
        return "unspecified" if "casualt" in toll.group(1).casefold() else "killed"
    if _LOST_BEFORE.search(text, window, figure.start):
        return "unspecified"  # "Russia lost 540 soldiers": killed and wounded alike
    outcome = guess_outcome(text, figure.start, figure.end)
    if outcome is not None:
        return outcome
    listed = _LISTED_BEFORE.search(text, max(0, figure.start - 60), figure.start)
    if listed is not None:
        return _LISTED_OUTCOMES.get(listed.group(1).casefold()[:4], "unspecified")
    if _DIED_AFTER.match(text, figure.end, sentence_end):
        return "killed"
    if _TAKEN_AFTER.match(text, figure.end, sentence_end):
        return "captured"
    among = _AMONG.match(text, figure.end, sentence_end)
    return _AMONG_OUTCOMES[among.group(1).casefold()] if among else None


def find_figures(text: str) -> list[Suggestion]:
    """Every casualty figure in ``text``, with the attributes its words say."""
    suggestions: list[Suggestion] = []
    for first, last in sentence_spans(text):
        sentence = text[first:last]
        kept = _resolve(text, _candidates(text, first, last), last)
        outcomes = [_outcome(text, k.figure, last) for k in kept]
        for index in range(len(kept) - 1, -1, -1):
            if outcomes[index] is None and kept[index].borrows_next and index + 1 < len(kept):
                outcomes[index] = outcomes[index + 1]
        for index in range(len(kept) - 2, -1, -1):
            current, following = kept[index].figure, kept[index + 1].figure
            if outcomes[index] is None and _PART_OF.fullmatch(text, current.end, following.start):
                outcomes[index] = outcomes[index + 1]  # "[11 people], including three children,"
        for index in range(1, len(kept)):
            previous, current = kept[index - 1].figure, kept[index].figure
            between = (previous.end, current.start)
            if outcomes[index] is None and (
                kept[index].borrows_previous
                or _PART_OF.fullmatch(text, *between)
                or _AND_NEXT.fullmatch(text, *between)
            ):
                outcomes[index] = outcomes[index - 1]
        for item, outcome in zip(kept, outcomes, strict=True):
            suggestion = _suggestion(text, item.figure, item.head, outcome, sentence)
            if suggestion is not None:
                suggestions.append(suggestion)
    return suggestions


def _suggestion(
    text: str, figure: _Figure, head: str | None, outcome: str | None, sentence: str
) -> Suggestion | None:
    phrase = text[figure.start : figure.end]
    if outcome is None and head in ("hostages", "hostage", "captives"):
        outcome = "captured"
    if outcome is None and head not in LOSS_NOUNS:
        return None  # "two million people displaced", "three officials said"
    figure_guess = parse_casualty_figure(phrase)
    if figure_guess.qualifier == "unspecified" and re.match(r"(?i)an?\s", phrase):
        figure_guess = FigureGuess("exact", 1, 1)  # "a 17-year-old Palestinian"
    noun_phrase = phrase if head is None or head in phrase.casefold() else f"{phrase} {head}"
    attributes: dict[str, AttributeValue] = {"qualifier": figure_guess.qualifier}
    if figure_guess.low is not None:
        attributes["low"] = figure_guess.low
    if figure_guess.high is not None:
        attributes["high"] = figure_guess.high
    if outcome is not None:
        attributes["outcome"] = outcome
    victim_type = guess_victim_type(noun_phrase) or _victim_type(head)
    if victim_type is not None:
        attributes["victim_type"] = victim_type
    side = _victim_side(phrase)
    if side is not None:
        attributes["victim_side"] = side
    scope = _scope(sentence)
    if scope is not None:
        attributes["scope"] = scope
    score = _OUTCOME_SCORE if outcome not in (None, "unspecified") else _LOSS_HEAD_SCORE
    if head is None:
        score -= 0.1
    return Suggestion(CASUALTY_LABEL, figure.start, figure.end, phrase, attributes, score, NAME)


@register(NAME, (CASUALTY_LABEL,))
def suggest_casualty_figures(text: str, context: SuggestContext) -> list[Suggestion]:
    return find_figures(text)
