"""The "places" suggester: place names from the offline gazetteer, spanned as the schema's
guidance says (the name as written, with "province" or "region" when the text puts it after
the name) and with feature level, place id and coordinates filled.

The gazetteer is loaded on the first call, never at import (see ``gazetteer.load``).
"""

from __future__ import annotations

import re

from annotator.core.model import AttributeValue
from annotator.core.suggest import gazetteer, place_context, place_unlisted
from annotator.core.suggest.base import SuggestContext, Suggestion, register
from annotator.core.suggest.gazetteer import Match, Place
from annotator.core.suggest.place_index import plain_apostrophes
from annotator.core.suggest.place_unlisted import SITE_WORDS, SUFFIX_LEVEL
from annotator.core.suggest.sentences import sentence_spans

NAME = "places"

_SUFFIX = re.compile(r"[ \u00a0]+(" + "|".join(SUFFIX_LEVEL) + r")\b", re.IGNORECASE)
# "Ruteme fundamental school": a facility word after one lower-case word.
_SITE_AFTER = re.compile(r"[ \u00a0]+[a-z]+[ \u00a0]+(" + "|".join(SITE_WORDS) + r"|hospital)\b")
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
    r"League|Army|Forces|Navy|Times|News|Church|Patriarch|Archbishop|Bishop|Prefect|"
    r"Commissioner|Chief|Head|Minister|Secretary|Chairman|Administrator)"
    r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?$"
)
_CAPITAL_OF = re.compile(r"([A-Z][\w'-]*)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?$")
_PLACE_OF_WORDS = frozenset(
    (
        *("Gulf", "Strait", "Sea", "Bay", "Horn", "Republic", "Isle", "Island", "Islands"),
        *("Lake", "Port", "City", "Province", "Region", "District", "Governorate", "State"),
        *("Kingdom", "Emirate", "Sultanate", "North", "South", "East", "West", "Outskirts"),
        *("Most", "Much", "Parts", "Part", "All", "Rest", "People", "Residents", "Capital"),
    )
)
# The capitalised word before a name (not one ending a sentence: "in Goma. Kinshasa said").
_WORD_BEFORE = re.compile(r"([A-Z](?:[\w'.-]*[\w'])?)[ \u00a0]+$")
_WORD_AFTER = re.compile(r"[ \u00a0]+([A-Z][\w'-]*)")
# A name used for the state, people or force rather than the place: "Sudan's paramilitary",
# "Amhara militia", "Israel launched strikes", "Hamas-controlled".
_ACTOR_NOUNS = (
    r"(?:para)?militar\w*|militias?|forces|army|armed|troops|soldiers|government|authorities|"
    r"officials?|leaders?|leadership|president|prime|ministers?|ministry|police|rebels?|"
    r"fighters|regime|junta|administration|embassy|envoys?|delegation|state media|"
    r"defen[cs]e|foreign|interior|navy|air force|military|intelligence|security|officers?|"
    r"states|countries|nations|residents?|spokes(?:man|woman|person)|commanders?|governors?|"
    r"mayors?|chiefs?|commissioners?|council|committee|commission|authority|agency|"
    r"directorate|command|prosecutors?"
)
# Right after the name, after its possessive and up to two lower-case words ("Iraq's
# federal government", "Afghanistan's south-eastern police zone", "Syria's Kurdish-led
# forces"), or after a body's kind ("the Gaza health ministry").
_ACTOR_AFTER = re.compile(
    r"(?:'s(?:[ \u00a0]+(?:[a-z]|[A-Z]\w*-[a-z])[\w-]*){0,2}|[ \u00a0]+(?:health|regional|"
    r"local|provincial|interim|city|municipal|civil|emergency|rescue))?[ \u00a0]+(?:"
    + _ACTOR_NOUNS
    + r")\b"
)
_ACTOR_VERBS = (
    r"says|said|told|struck|hit|began|sent|took|made|fought|\w+ed|(?!has\b|is\b|was\b)\w+s"
)
# A country that went through something is the place it happened: "Burundi plunged into
# crisis", "Mali slid into conflict", "Niger borders Benin".
_UNDERGOES = (
    r"(?!(?:plunged|descended|slid|slipped|sank|erupted|collapsed|remained|remains|emerged|"
    r"experienced|suffered|witnessed|faced|faces|borders|lies|sits|shares|straddles)\b)"
)
_ACTS = re.compile(r"[ \u00a0]+" + _UNDERGOES + r"(?:" + _ACTOR_VERBS + r")\b")
# A state pursuing something over time ("Mali has been struggling to contain"), not a
# state of affairs ("Myanmar has been in turmoil").
_STRIVES = re.compile(
    r"[ \u00a0]+(?:has|have|had|is|was)[ \u00a0]+(?:been[ \u00a0]+)?(?:struggling|fighting|"
    r"battling|trying|seeking|working|pushing|preparing|planning|negotiating|demanding|"
    r"accusing|denying|calling|urging|threatening|insisting|refusing|backing|supporting)\b"
)
_SPEAKS = re.compile(
    r"[ \u00a0]+(?:said|says|told|tells|added|wrote|claimed|confirmed|denied|announced)\b"
)
# A city or division speaking or acting for its government: "Damascus has intensified",
# "Kinshasa accused Rwanda".
_STATE_VERBS = (
    r"accused|announced|blamed|claimed|condemned|demanded|denied|insisted|intensified|"
    r"launched|ordered|rejected|responded|retaliated|said|says|sent|urged|warned|vowed|"
    r"deployed|accuses|denies|blames|warns|insists"
)
_GOVERNS = re.compile(r"[ \u00a0]+(?:(?:has|have|had)[ \u00a0]+)?(?:" + _STATE_VERBS + r")\b")
# A country that has done what states do ("Rwanda has long denied"), not one that has been
# through something ("Myanmar has been in turmoil", "Sudan has faced famine").
_HAS_DONE = re.compile(
    r"[ \u00a0]+(?:has|have|had)[ \u00a0]+(?:(?:long|repeatedly|previously|also|already|now|"
    r"not)[ \u00a0]+)?(?:" + _STATE_VERBS + r"|told|attacked|bombed|killed|struck|fought|"
    r"signed|agreed|refused|offered|imposed|expelled|recalled|withdrawn|closed|stepped)\b"
)
_WHICH_ACTS = re.compile(
    r",[ \u00a0]+which[ \u00a0]+(?:(?:has|have|had)[ \u00a0]+)?(?:(?:long|repeatedly|"
    r"previously|also|already)[ \u00a0]+)?(?:"
    + _STATE_VERBS
    + r"|invaded|annexed|backs|supports|backed|supported|armed|attacked|bombed)\b"
)
_CAPITALS = r"[A-Z][\w'-]+(?:[ \u00a0][A-Z][\w'-]+)?"
# A state helping, backing, opposed or blamed, not a place: "with help from Egypt", "backed
# by Moscow", "accused Rwanda of", "its ally Russia".
_BACKER_BEFORE = re.compile(
    r"\b(?:(?:help|support|backing|aid|assistance|pressure|mediation)[ \u00a0]+from|"
    r"(?:backed|brokered|mediated|supported|sponsored|funded|armed|condemned|attributed|"
    r"ordered|announced|denied)[ \u00a0]+by|"
    # "designated a terrorist group by Turkey", "listed as a terrorist organisation by"
    r"(?:group|organi[sz]ation|movement|entity)[ \u00a0]+by|"
    # "drones launched by Russia": the agent of an act; not "bordered by Niger"
    r"(?!(?:bordered|surrounded|flanked|separated|ruled|colonised|colonized)\b)[a-z]+ed"
    r"[ \u00a0]+by|"
    r"accus(?:ed|es|ing)|blam(?:ed|es|ing)|urg(?:ed|es|ing)|call(?:ed|s|ing)[ \u00a0]+on|"
    # "its ally Russia", "the rebels' backers — Russia and Turkey", "to oppose Damascus"
    r"(?:ally|allies|backers?|patrons?|sponsors?)(?:[ \u00a0]+[—–-])?|oppos(?:e|es|ed|ing))"
    r"[ \u00a0]+(?:the[ \u00a0]+)?(?:"
    + _CAPITALS
    + r"(?:,|[ \u00a0]+and)[ \u00a0]+(?:the[ \u00a0]+)?)?$"
)
# "Russia and Turkey agreed", "Rwanda and Uganda deny": two names acting together.
_AND_NAME = re.compile(r"[ \u00a0]+and[ \u00a0]+(?:the[ \u00a0]+)?" + _CAPITALS)
_AFTER_PARTNER = re.compile(_CAPITALS + r"[ \u00a0]+and[ \u00a0]+(?:the[ \u00a0]+)?$")
_ACT_TOGETHER = re.compile(
    r"[ \u00a0]+(?:deny|say|accuse|reject|blame|claim|warn|insist|condemn|demand|urge|send|"
    r"launch|agree|back|support)\b"
)
# "France 24", "(Kurdistan 24)", "told Kurdistan 24 that": an outlet, not a count.
_NUMBERED_OUTLET = re.compile(
    r"[ \u00a0]+\d{1,3}(?=[),.;:]|[ \u00a0]+(?:that|and|reported|said|says|quoted|news|TV|"
    r"journalists?|correspondents?)\b)"
)
# "Sala da Paz", "Ould Abdallah": a lower-case connector and a capital go on with a name.
_CONNECTED_AFTER = re.compile(
    r"[ \u00a0]+(?:da|de|do|dos|das|du|des|di|del|della|la|le|bin|ibn|ould|ag)[ \u00a0]+[A-Z]"
)
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
    """Whether the name stands for an actor rather than a place: a body of it follows, or it
    is the subject of an act ("Israel launched", "Damascus has intensified"; not "Myanmar
    has been")."""
    if _COMPOUND.match(text, end):
        return True
    if _ACTOR_AFTER.match(text, end):
        return True
    if _BACKER_BEFORE.search(text, max(0, start - 30), start):
        return True
    if _WHICH_ACTS.match(text, end):
        return True  # "Moscow, which launched its invasion in 2022, has denied"
    if _LOCATIVE.search(text, max(0, start - 30), start):
        return False
    if place.feature_level != "country":
        return _GOVERNS.match(text, end) is not None
    if _AFTER_PARTNER.search(text, max(0, start - 40), start) and _ACT_TOGETHER.match(text, end):
        return True
    partner = _AND_NAME.match(text, end)
    if partner is not None:
        end = partner.end()
        if _ACT_TOGETHER.match(text, end):
            return True
    if _STRIVES.match(text, end) or _HAS_DONE.match(text, end):
        return True
    verb = _ACTS.match(text, end)
    return verb is not None and not text[verb.end() : verb.end() + 1].isalpha()


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


def _role(
    text: str, start: int, sentence: tuple[int, int], harm: dict[tuple[int, int], bool]
) -> str | None:
    """statement_venue after "talks in", "said in"; event_site when the sentence reports
    harm or fighting; else None (the annotator decides). ``harm`` keeps what each sentence
    was found to report: several places share one."""
    if _VENUE.search(text, max(sentence[0], start - 40), start):
        return "statement_venue"
    if sentence not in harm:
        harm[sentence] = _HARM.search(text, sentence[0], sentence[1]) is not None
    return "event_site" if harm[sentence] else None


def _named_of(text: str, start: int) -> bool:
    """Whether a capitalised word and "of" inside a sentence open a longer name ("the
    Liberation of Rwanda", "Rebirth of Cameroon"); not a place's word ("Gulf of Aden") nor a
    sentence's first ("Residents of Sumy")."""
    before = _CAPITAL_OF.search(text, max(0, start - 40), start)
    if before is None or before.group(1) in _PLACE_OF_WORDS:
        return False
    return text[: before.start()].rstrip()[-1:] not in ("", ".", "!", "?", ":", "\n", '"', "“")


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
    if _CONNECTED_AFTER.match(text, end) or _NUMBERED_OUTLET.match(text, end):
        return True
    if _ORGANISATION_OF.search(text, max(0, match.start - 40), match.start):
        return True
    if _named_of(text, match.start):
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
    suffix = _SUFFIX.match(text, end) or _SITE_AFTER.match(text, end)
    if suffix is None:
        return end, place, level
    word = suffix.group(1)
    kind = SUFFIX_LEVEL[word.casefold()]
    if (
        kind in ("site", "area")
        and word[0].islower()
        and not word.startswith("refugee")
        and place_context.DETERMINED.search(text, max(0, match.start - 12), match.start)
    ):
        return end, place, level  # "a Gaza hospital" describes; "Rumonge hospital" names
    if kind == "region" and match.division is not None:
        return suffix.end(), match.division, match.division.feature_level
    if kind == "region" and level == "region":
        return suffix.end(), place, level
    if kind == "locality" and level == "locality":
        return suffix.end(), place, level
    # A named district, facility or water by a place's name: the place's id would be wrong.
    return suffix.end(), Place("", text[match.start : suffix.end()], kind, None, None, "", 0), kind


def _inside_a_title(text: str, start: int, end: int) -> bool:
    """A name of a body or an office ("Zamfara state police", "Prefect of Bamboutos")."""
    return (
        _ACTOR_AFTER.match(text, end) is not None
        or _ORGANISATION_OF.search(text, max(0, start - 40), start) is not None
    )


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(begin < end and start < stop for begin, stop in spans)


@register(NAME, ("location",))
def suggest_places(original: str, context: SuggestContext) -> list[Suggestion]:
    found = gazetteer.load(context.cache_dir)
    # The rules read curly apostrophes as straight ones (offsets stay: one for one), so
    # that no pattern needs a non-ASCII class, the costliest part of compiling them.
    text = plain_apostrophes(original)
    sentences = sentence_spans(text)
    suggestions: list[Suggestion] = []

    def add(start: int, end: int, place: Place, level: str, role: str | None, score: float) -> None:
        covered.append((start, end))
        suggestions.append(
            Suggestion(
                "location",
                start,
                end,
                original[start:end],
                _attributes(place, level, role),
                score,
                NAME,
            )
        )

    harm: dict[tuple[int, int], bool] = {}

    def role_at(start: int) -> str | None:
        sentence = next((s for s in sentences if s[0] <= start < s[1]), (0, len(text)))
        return _role(text, start, sentence, harm)

    border_spans = place_unlisted.borders(text)
    covered: list[tuple[int, int]] = []
    # Names read as an actor or a longer name: no other rule may propose them either.
    rejected: list[tuple[int, int]] = []
    # Names read as part of a longer name: a longer place found from the text may hold them.
    inside_names: list[tuple[int, int]] = []
    matches = found.find(text)
    named = found.countries_named(text) | {
        match.place.country
        for match in matches
        if match.place.feature_level != "locality" or match.place.population >= _NEEDS_COUNTRY_BELOW
    }
    for start, end, place in border_spans:
        add(start, end, place, "area", role_at(start), 0.6)
    for match in matches:
        end, place, level = _extend(text, match)
        if (
            match.division is not None
            and level == "locality"
            and end == match.end
            and _DIVISION_OF.search(text, max(0, match.start - 30), match.start)
        ):
            place, level = match.division, match.division.feature_level  # "province of Idlib"
        if _overlaps(match.start, end, covered):
            continue  # "Pakistan" in "the Pakistan border"
        if _part_of_other_name(text, match, end):
            inside_names.append((match.start, end))
            continue
        if _actor(text, match.start, end, place):
            rejected.append((match.start, end))
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
        add(start, end, place, level, role_at(start), 0.8 if place.place_id else 0.6)
    unknown: dict[str, str] = {}
    by_context = [
        (start, end, Place("", text[start:end], level, None, None, "", 0))
        for start, end, level in place_context.in_context(text, found)
    ]
    for start, end, place in place_unlisted.unlisted(text, found) + by_context:
        if _overlaps(start, end, covered + rejected) or _inside_a_title(text, start, end):
            continue
        if any(
            begin < end and start < stop and not (start <= begin and stop <= end)
            for begin, stop in inside_names
        ):
            continue  # a listed name inside a longer one ("Yet Kone village") is no obstacle
        role = None if place.place_id else role_at(start)
        add(start, end, place, place.feature_level, role, 0.7 if place.place_id else 0.5)
        if not place.place_id:
            unknown.setdefault(place_unlisted.bare_name(text[start:end]), place.feature_level)
    # One sense per report: a name the text called a village is a place wherever it recurs.
    for name, level in unknown.items():
        for start, end in place_unlisted.mentions(text, name):
            place = Place("", name, level, None, None, "", 0)
            if _overlaps(start, end, covered + rejected + inside_names) or _inside_a_title(
                text, start, end
            ):
                continue
            if _SPEAKS.match(text, end):
                continue  # "Abdi said": a person named like the village
            if not _actor(text, start, end, place):
                add(start, end, place, level, role_at(start), 0.5)
    suggestions.sort(key=lambda suggestion: suggestion.start)
    return suggestions
