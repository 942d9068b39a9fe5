"""The noun phrase after a number in a casualty figure: its victim noun and the words that
may stand between ("three [unarmed young] men", "30 [junta] soldiers", "six members [of one
family]", "200 soldiers [and civilians]"). Pure; patterns run on the lower-cased text, with
the original text consulted only for capital letters (names as modifiers: "12 Wagner
fighters")."""

from __future__ import annotations

import re

from annotator.core.suggest.casualty_words import (
    DEMONYMS,
    MODIFIERS,
    SINGULAR_NOUNS,
    TEN_WORDS,
    UNIT_WORDS,
    VICTIM_NOUNS,
)

NUMBER_WORDS = frozenset({*UNIT_WORDS, *TEN_WORDS, "hundred", "thousand", "million", "dozen"})
_TOKEN = re.compile(r"[ \t]+([^\W_](?:[\w'’.-]*[^\W_])?)")
_MODIFIER_ENDINGS = ("-backed", "-led", "-aligned", "-linked", "-run", "-old", "-year-old")
# Words that may follow a bare figure without being the noun of something else.
AFTER_BARE = frozenset(
    {
        *("and", "or", "in", "on", "at", "since", "according", "as", "after", "when"),
        *("while", "including", "among", "with", "by", "during", "this", "last", "so"),
        *("were", "was", "have", "had", "are", "is", "people", "killed", "dead", "wounded"),
        *("injured", "died", "others", "near", "across", "over", "amid", "following", "but"),
        *("mostly", "most", "many", "said", "officials", "the", "from", "before", "earlier"),
        *("within", "inside", "yesterday", "overnight", "to", "into"),
        *("captured", "missing", "detained", "hurt", "perished", "abducted", "seriously"),
    }
)
# Words that end the search for a noun: "12 [in] the attack", "two [who] were".
_STOP = AFTER_BARE | {
    *("a", "an", "that", "who", "which", "whom", "been", "be", "being", "for", "not", "no"),
    *("also", "still", "it", "they", "he", "she", "we", "there", "than", "per", "each"),
    *("captured", "missing", "detained", "hurt", "perished", "abducted", "lost"),
}
_PAIRED_NOUNS = VICTIM_NOUNS - {"dead", "wounded", "injured", "killed", "others", "lives"}
_MEMBERS = frozenset({"members", "member"})
_GROUP_OF = re.compile(
    r"\s+of\s+(?:(?:the\s+same|one|a|an|his|her|their|the|its)\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:family|household|crew|team|unit|staff|clan|tribe|forces|army|militia|group|police"
    r"|military|community)\b"
)
_NOUN_PAIR = re.compile(r"\s+(?:and|or)\s+([a-z-]+)\b(?:\s+([a-z]+)\b)?")
_GROUP_TAIL = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:guard|guards|forces|army|military|police|navy|militia|unit"
    r"|brigade|battalion|service|family|team|crew|staff|group|wing|branch)\b"
)
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_NAME_WORD = re.compile(r"\s*([A-Z][\w'’-]*|of|for|the|and)\b")


def _paired_noun(low: str, position: int, limit: int) -> int | None:
    """The end of "and civilians" or "and volunteer fighters" after a victim noun."""
    pair = _NOUN_PAIR.match(low, position, limit)
    if pair is None:
        return None
    first, second = pair.group(1), pair.group(2)
    if first in _PAIRED_NOUNS:
        return pair.end(1)
    if second in _PAIRED_NOUNS and (first in MODIFIERS or first in DEMONYMS):
        return pair.end(2)
    return None


def _named_group(text: str, low: str, position: int, limit: int) -> int | None:
    """The end of "of the Revolutionary Guards" after "members": capitalised words."""
    found = _OF_THE.match(low, position, limit)
    if found is None:
        return None
    end, cursor = None, found.end()
    while (word := _NAME_WORD.match(text, cursor, limit)) is not None:
        cursor = word.end()
        if word.group(1)[0].isupper():
            end = cursor
            if word.group(1).endswith(("'s", "’s")):
                # "of Ukraine's border guard": the group follows the possessive.
                tail = _GROUP_TAIL.match(low, cursor, limit)
                return tail.end() if tail else end
        elif end is None:
            break
    return end


_AGE_NOUNS = ("-year-old", "-year-olds")
_NOMINAL_OUTCOMES = frozenset({"dead", "wounded", "injured"})
# What ends a clause right after "six dead": the adjective stands for the victims.
_CLAUSE_END = re.compile(r"\s*(?:[,;:.)\"”]|$)|\s+(?:and|or)\s")
_MAX_MODIFIERS = 4
_NOUN_DEMONYM = ("s", "ese", "rohingya")  # demonyms that are also plural nouns
# Nouns that also stand before another noun: heads only when none follows ("one civilian
# killed", "1,200 civilian casualties", "three child soldiers"; "an official convoy", "a
# separatist attack" are no victims).
_ADJECTIVE_HEADS = frozenset(
    {"elderly", "police", "civilian", "child", "student", "family", "official", "separatist"}
    | {"militant", "rebel", "insurgent", "jihadist", "militia", "general"}
)


def _modifier(capital: bool, stem: str) -> bool:
    return (
        stem in MODIFIERS
        or stem in DEMONYMS
        or stem in _ADJECTIVE_HEADS
        or (capital and stem not in AFTER_BARE)
        or stem.endswith(_MODIFIER_ENDINGS)
    )


def noun_after(
    text: str, low: str, position: int, limit: int, singular: bool
) -> tuple[int, str | None, int]:
    """(end of the noun phrase, head noun, end of the last known modifier) after a number; for
    an article ("a", "an") only a singular noun is a head. Words not known as modifiers may
    stand before the noun ("30 junta soldiers") but never end a figure without one."""
    nouns = SINGULAR_NOUNS if singular else VICTIM_NOUNS
    one = low[max(0, position - 3) : position] == "one"  # "one Ukrainian" is one person
    # "Sudanese", "of the dead": a head unless a noun follows.
    tentative: tuple[int, str] | None = None
    last_modifier = cursor = position
    previous = ""
    unknown = False
    for _ in range(_MAX_MODIFIERS + 1):
        found = _TOKEN.match(low, cursor, limit)
        if found is None:
            break
        word = found.group(1).replace("’", "'")
        stem = word[:-2] if word.endswith("'s") else word
        if stem in ("and", "or") and previous and _modifier(False, previous):
            following = _TOKEN.match(low, found.end(), limit)
            if following is not None and _modifier(False, following.group(1)):
                cursor = found.end()  # "of military and civilian lives": one noun
                continue
        nominal = stem in _NOMINAL_OUTCOMES
        if stem in nouns and stem not in _ADJECTIVE_HEADS and not nominal:
            # "soldiers and civilians", "women and children": one figure of both.
            pair_end = _paired_noun(low, found.end(), limit)
            if pair_end is not None:
                return pair_end, stem, last_modifier
            if stem in _MEMBERS:
                group = _GROUP_OF.match(low, found.end(), limit)
                group_end = group.end() if group else _named_group(text, low, found.end(), limit)
                if group_end is not None:
                    return group_end, stem, last_modifier  # "six members of one family"
            return found.end(), stem, last_modifier
        known = _modifier(text[found.start(1)].isupper(), stem) and not nominal
        if tentative is not None and not known:
            if stem in _STOP:
                break
            return position, None, last_modifier  # "12 Sudanese armoured vehicles"
        if nominal:
            # "dozens of wounded" counts the wounded; in "five wounded" the figure is "five"
            # and "wounded" its outcome, unless a noun follows ("three wounded soldiers").
            if previous in ("of", "the"):
                tentative = (found.end(), stem)
            elif not previous and _CLAUSE_END.match(low, found.end(), limit):
                return found.end(), stem, last_modifier  # "a toll of [six dead] and [two hurt]"
        elif (
            stem in _ADJECTIVE_HEADS
            or (stem in DEMONYMS and (singular or stem.endswith(_NOUN_DEMONYM) or one))
            or stem.endswith(_AGE_NOUNS)
        ):
            tentative = (found.end(), stem)  # "killed a [12-year-old]", "two 17-year-olds"
        elif not known and (
            stem in _STOP
            or not stem[0].isalpha()
            or unknown
            or stem.endswith(("s", "'"))
            or stem in NUMBER_WORDS
        ):
            break  # one unknown word may stand before the noun ("30 junta soldiers")
        if known and stem != "of":
            last_modifier = found.end()
        unknown = unknown or not (known or nominal or tentative)
        previous = stem
        cursor = found.end()
    if tentative is not None:
        return tentative[0], tentative[1], last_modifier
    return position, None, last_modifier
