"""The "places" suggester: place names from the offline gazetteer, spanned as the schema's
guidance says (the name as written, with "province" or "region" when the text puts it after
the name) and with feature level, place id and coordinates filled.

The gazetteer is loaded on the first call, never at import (see ``gazetteer.load``).
"""

from __future__ import annotations

import re

from annotator.core.model import AttributeValue
from annotator.core.suggest import gazetteer
from annotator.core.suggest.base import SuggestContext, Suggestion, register
from annotator.core.suggest.gazetteer import Match, Place
from annotator.core.suggest.sentences import sentence_spans

NAME = "places"

# A word after a name that makes it a division's name ("Kharkiv region", "Chin State"), a
# facility ("Finote Selam Hospital") or a city as such ("Kherson city"), and the feature
# level it gives.
_SUFFIX_LEVEL = {
    **dict.fromkeys(
        ("region", "province", "oblast", "governorate", "state", "marz", "prefecture"), "region"
    ),
    **dict.fromkeys(("district", "zone", "county", "raion", "municipality"), "district"),
    "city": "locality",
    **dict.fromkeys(
        ("hospital", "airport", "camp", "refugee camp", "crossing", "checkpoint", "bridge"),
        "site",
    ),
    "river": "area",
}
_SUFFIX = re.compile(r"[ \u00a0]+(" + "|".join(_SUFFIX_LEVEL) + r")\b", re.IGNORECASE)
_DIRECTIONS = frozenset(
    (
        *("North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western"),
        *("Central", "Upper", "Lower"),
    )
)
# Capitalised words that may stand before a place name without being part of another name.
_OPENERS = frozenset(
    (
        *("The", "In", "On", "At", "From", "Near", "Outside", "Inside", "Across", "To", "And"),
        *("But", "As", "For", "Of", "By", "With", "Since", "After", "Before", "While", "When"),
        "Both",
    )
)
_DIVISION_OF = re.compile(
    r"\b(?:province|region|state|governorate|oblast|district)[ \u00a0]+of[ \u00a0]+$",
    re.IGNORECASE,
)
_JOINED_AFTER = re.compile(r"[-–][A-Z]")
_JOINED_BEFORE = re.compile(r"(?<=\w)[-–]$")
# Capitalised words that may follow a place without making it part of a longer name.
_NOT_NAME_WORDS = frozenset(
    (
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "I"),
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    )
)
# "Voice of America", "University of Khartoum": a body's name, not the place.
_ORGANISATION_OF = re.compile(
    r"\b(?:Voice|Bank|University|Ministry|Government|Kingdom|Council|Embassy|Parliament|"
    r"Institute|Court|Mayor|Governor|President|King|Emir|Sultan|Assembly|Office|Department|"
    r"League|Army|Forces|Navy|Times|News|Church|Patriarch|Archbishop|Bishop)"
    r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?$"
)
# The capitalised word before a name (not one ending a sentence: "in Goma. Kinshasa said").
_WORD_BEFORE = re.compile(r"([A-Z](?:[\w'’.-]*[\w'’])?)[ \u00a0]+$")
_WORD_AFTER = re.compile(r"[ \u00a0]+([A-Z][\w'’-]*)")
# A dateline: an upper-case place at the start of a line, before "(AP)", a comma or a dash.
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?=\s*[(,—–-])")

# A name used for the state, people or force rather than the place: "Sudan's paramilitary",
# "Amhara militia", "Israel launched strikes", "Hamas-controlled".
_ACTOR_NOUNS = (
    r"(?:para)?militar\w*|militias?|forces|army|armed|troops|soldiers|government|authorities|"
    r"officials?|leaders?|leadership|president|prime|ministers?|ministry|police|rebels?|"
    r"fighters|regime|junta|administration|embassy|envoys?|delegation|state media|"
    r"defen[cs]e|foreign|interior|navy|air force|military|intelligence|security|officers?"
)
_ACTOR_AFTER = re.compile(r"(?:['’]s)?[ \u00a0]+(?:" + _ACTOR_NOUNS + r")\b")
_ACTOR_VERBS = (
    r"says|said|told|struck|hit|began|sent|took|made|fought|\w+ed|(?!has\b|is\b|was\b)\w+s"
)
_ACTS = re.compile(r"[ \u00a0]+(?:" + _ACTOR_VERBS + r")\b")
_COMPOUND = re.compile(r"-[a-z]")
_LOCATIVE = re.compile(
    r"\b(?:in|into|inside|of|from|to|near|across|at|on|over|outside|within|throughout|around|"
    r"toward|towards|through|across|between)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?[ \u00a0]+)?$",
    re.IGNORECASE,
)
# A city this small needs its country named in the text (or a division or a large city of
# it) before it is proposed: GeoNames has a Fano in Italy and a Man in Ivory Coast.
_NEEDS_COUNTRY_BELOW = 100_000


def _actor(text: str, start: int, end: int, place: Place) -> bool:
    """Whether the name stands for an actor rather than a place: a body of it follows, or
    (a country) it is the subject of an act ("Israel launched", not "Myanmar has been")."""
    if _COMPOUND.match(text, end):
        return True
    if _ACTOR_AFTER.match(text, end):
        return True
    if place.feature_level != "country" or _LOCATIVE.search(text, max(0, start - 30), start):
        return False
    verb = _ACTS.match(text, end)
    return verb is not None and not text[verb.end() : verb.end() + 1].isalpha()


# One to three capitalised words, none of them a possessive ("Ethiopia's").
_NAME_WORD = r"(?![\w-]+['’]s\b)[A-Z][\w'’-]+"
_NAME_WORDS = _NAME_WORD + r"(?:[ \u00a0]" + _NAME_WORD + r"){0,2}"
# "the village of Sadove", "the town of Burie", "villages of X and Y"
_PLACE_OF = re.compile(
    r"\b(?:village|town|city|hamlet|settlement)s?[ \u00a0]+of[ \u00a0]+(" + _NAME_WORDS + ")"
)
# "Khuafo, a village", "Sadove, a small town": the name is looked for before the comma.
_COMMA_PLACE = re.compile(
    r",[ \u00a0]+an?[ \u00a0]+(?:\w+[ \u00a0]+)?(?:village|town|hamlet|settlement)\b"
)
# "West Gojam Zone", "Southern Governorate": a division's name, capital suffix and all
# ("State" is left out: "the Islamic State group"). Found from the suffix backwards: a
# search starting at every capital would cost more than the whole gazetteer.
_DIVISION_SUFFIX = re.compile(
    r"(?<=[ \u00a0])(Zone|Province|Region|District|Governorate|Oblast|County|Prefecture)\b"
)
_NAME_BEFORE = re.compile(r"(?<![\w'’])((?:(?!The\b|In\b|A\b)" + _NAME_WORD + r"[ \u00a0]){1,3})$")
_NAME_BEFORE_COMMA = re.compile(r"(?<![\w'’])(" + _NAME_WORDS + r")$")
_HARM = re.compile(
    r"\b(?:kill\w*|dead|death\w*|died|die|wound\w*|injur\w*|attack\w*|strik\w*|struck|"
    r"shell\w*|bomb\w*|airstrike\w*|air strike\w*|drone\w*|missile\w*|rocket\w*|fir(?:ed|ing)|"
    r"clash\w*|fight\w*|fought|raid\w*|explo\w*|hit|hits|assault\w*|massacre\w*|casualt\w*|"
    r"destroy\w*|damag\w*|captur\w*|seiz\w*|besieg\w*|siege|offensive|combat|violence|"
    r"pound\w*|storm\w*|ambush\w*|battl\w*|target\w*|massacr\w*|abduct\w*|kidnap\w*)\b",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"\b(?:talks|summit|meeting|conference|negotiations|said|told|spoke|speaking|announced|"
    r"briefing|interview|visit\w*)\s+(?:held\s+)?(?:in|at)\s+$",
    re.IGNORECASE,
)


def _attributes(place: Place, level: str, role: str | None) -> dict[str, AttributeValue]:
    attributes: dict[str, AttributeValue] = {"feature_level": level}
    if place.place_id:
        attributes["place_id"] = place.place_id
    if place.latitude is not None and place.longitude is not None:
        attributes["latitude"] = place.latitude
        attributes["longitude"] = place.longitude
    if role:
        attributes["role"] = role
    return attributes


def _role(text: str, start: int, sentence: tuple[int, int]) -> str | None:
    """statement_venue after "talks in", "said in"; event_site when the sentence reports
    harm or fighting; else None (the annotator decides)."""
    if _VENUE.search(text, max(sentence[0], start - 40), start):
        return "statement_venue"
    if _HARM.search(text, sentence[0], sentence[1]):
        return "event_site"
    return None


def _part_of_other_name(text: str, match: Match, end: int) -> bool:
    """Whether the name is part of a longer capitalised name the gazetteer does not know: an
    outlet or body ("the Kyiv Independent", "Sudan Tribune"), or a person ("Hassan Nasrallah")
    when the place is a city or division."""
    if _JOINED_AFTER.match(text, end) or _JOINED_BEFORE.search(
        text, max(0, match.start - 2), match.start
    ):
        return True  # "the Russia-Ukraine war", "Israel-Hamas talks": an event or a pair
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1) not in _NOT_NAME_WORDS:
        return True
    if _ORGANISATION_OF.search(text, max(0, match.start - 40), match.start):
        return True
    if match.place.feature_level == "country" or not match.place.place_id:
        return False
    before = _WORD_BEFORE.search(text, max(0, match.start - 40), match.start)
    if before is None:
        return False
    word = before.group(1)
    if word.endswith(("'s", "’s")):
        return False  # "Ethiopia's Amhara region"
    sentence_start = text[: before.start()].rstrip()[-1:] in ("", ".", "!", "?", ":", "\n", '"')
    return not sentence_start and word not in _OPENERS and word not in _DIRECTIONS


def _extend(text: str, match: Match) -> tuple[int, Place, str]:
    """Where the span ends, which place it is, and its feature level, after any suffix."""
    place, level, end = match.place, match.place.feature_level, match.end
    # Only divisions, cities and our regions take a suffix: "Israel State" is a government.
    if level == "country" or (not place.place_id and level != "region"):
        return end, place, level
    suffix = _SUFFIX.match(text, end)
    if suffix is None:
        return end, place, level
    word = suffix.group(1)
    kind = _SUFFIX_LEVEL[word.casefold()]
    if kind in ("site", "area") and word[0].islower() and not word.startswith("refugee"):
        return end, place, level  # "a Gaza hospital" describes; "Al-Shifa Hospital" names
    if kind == "region" and match.division is not None:
        return suffix.end(), match.division, match.division.feature_level
    if kind == "region" and level == "region":
        return suffix.end(), place, level
    if kind == "locality" and level == "locality":
        return suffix.end(), place, level
    # A named district, facility or water by a place's name: the place's id would be wrong.
    return suffix.end(), Place("", text[match.start : suffix.end()], kind, None, None, "", 0), kind


@register(NAME, ("location",))
def suggest_places(text: str, context: SuggestContext) -> list[Suggestion]:
    found = gazetteer.load(context.cache_dir)
    sentences = sentence_spans(text)
    suggestions: list[Suggestion] = []
    covered: list[tuple[int, int]] = []
    matches = found.find(text)
    named = found.countries_named(text) | {
        match.place.country
        for match in matches
        if match.place.feature_level != "locality" or match.place.population >= _NEEDS_COUNTRY_BELOW
    }
    for match in matches:
        end, place, level = _extend(text, match)
        if (
            match.division is not None
            and level == "locality"
            and end == match.end
            and _DIVISION_OF.search(text, max(0, match.start - 30), match.start)
        ):
            place, level = match.division, match.division.feature_level  # "province of Idlib"
        if _part_of_other_name(text, match, end) or _actor(text, match.start, end, place):
            continue
        if (
            level == "locality"
            and place.population < _NEEDS_COUNTRY_BELOW
            and place.country not in named
        ):
            continue
        start = match.start
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and before.group(1) in _DIRECTIONS and level != "country":
            start = before.start(1)  # "North Gaza", "Western Equatoria" as one name
        covered.append((start, end))
        sentence = next((s for s in sentences if s[0] <= start < s[1]), (0, len(text)))
        suggestions.append(
            Suggestion(
                "location",
                start,
                end,
                text[start:end],
                _attributes(place, level, _role(text, start, sentence)),
                0.8 if place.place_id else 0.6,
                NAME,
            )
        )
    for start, end, place in _unlisted(text, found):
        if any(begin < end and start < stop for begin, stop in covered):
            continue
        covered.append((start, end))
        sentence = next((s for s in sentences if s[0] <= start < s[1]), (0, len(text)))
        role = None if place.place_id else _role(text, start, sentence)
        suggestions.append(
            Suggestion(
                "location",
                start,
                end,
                text[start:end],
                _attributes(place, place.feature_level, role),
                0.7 if place.place_id else 0.5,
                NAME,
            )
        )
    return suggestions


def _unlisted(text: str, found: gazetteer.Gazetteer) -> list[tuple[int, int, Place]]:
    """Places the automaton cannot see: an upper-case dateline ("KYIV (AP) —"), a village
    the gazetteer does not list but the text calls one ("the village of Sadove"), a named
    division by its capitalised suffix ("West Gojam Zone")."""
    out: list[tuple[int, int, Place]] = []
    for dateline in _DATELINE.finditer(text):
        start, end = dateline.span(1)
        place = found.lookup(text[start:end].title())
        if place is not None:
            out.append((start, end, place))
    named: list[tuple[int, int, str]] = [
        (*found_name.span(1), "locality") for found_name in _PLACE_OF.finditer(text)
    ]
    for comma in _COMMA_PLACE.finditer(text):
        before = _NAME_BEFORE_COMMA.search(text, max(0, comma.start() - 60), comma.start())
        if before is not None:
            named.append((*before.span(1), "locality"))
    for suffix in _DIVISION_SUFFIX.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, suffix.start() - 60), suffix.start())
        if before is not None:
            named.append((before.start(1), suffix.end(), _SUFFIX_LEVEL[suffix.group(1).lower()]))
    for start, end, level in named:
        out.append((start, end, Place("", text[start:end], level, None, None, "", 0)))
    return out
