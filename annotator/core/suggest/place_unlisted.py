"""Places the gazetteer's automaton cannot see, found from how the text writes them: an
upper-case dateline, a named border, a name the text calls a village or a district, a name
in apposition ("Khuafo, a village", "Wadi al-Naft, 25km west of"), and later mentions of a
name found so ("the Mbau offices" after "the administrative post of Mbau").
"""

from __future__ import annotations

import re

from annotator.core.suggest import gazetteer
from annotator.core.suggest.gazetteer import Place

# Facilities a place may name in lower case ("Rumonge hospital", "Kintoro primary school").
SITE_WORDS = ("school", "market", "mosque", "church", "prison")
# A word after a name that makes it a division's name ("Kharkiv region", "Chin State"), a
# facility ("Finote Selam Hospital") or a city as such ("Kherson city"), and the feature
# level it gives.
SUFFIX_LEVEL = {
    **dict.fromkeys(
        ("region", "province", "oblast", "governorate", "state", "marz", "prefecture"), "region"
    ),
    **dict.fromkeys(
        ("district", "zone", "county", "raion", "municipality", "department", "territory"),
        "district",
    ),
    **dict.fromkeys(("city", "town", "village"), "locality"),
    **dict.fromkeys(
        ("hospital", "airport", "camp", "refugee camp", "crossing", "checkpoint", "bridge"),
        "site",
    ),
    **dict.fromkeys(SITE_WORDS, "site"),
    **dict.fromkeys(("university", "stadium", "national park", "game reserve"), "site"),
    "river": "area",
}
S = _S = r"[ \u00a0]"
# Capitalised words that open a sentence or a phrase rather than a name.
NOT_FIRST = (
    r"(?!(?:The|In|A|An|On|At|From|Near|To|And|But|As|For|Of|By|With|Since|After|Before|"
    r"While|When|Both|Another|Other|Some|Several|Two|Three|This|That|These|Those|Its|His|"
    r"Each|Every|Which|What|One|No|Any|Federal|National|Capital|Security|Police|"
    r"Her|Their|Our|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b)"
)
# One to three capitalised words, none a possessive ("Ethiopia's"); later words may be an
# Arabic article's ("Wadi al-Naft") or a Romance connector's ("Mocimboa da Praia").
NAME_WORD = r"(?![\w-]+'s\b)[A-Z][\w'-]+"
_TAIL = r"(?:" + NAME_WORD + r"|(?:al|el|an|ar|as|ash|ad|at|az|ed|es|ez)-[A-Z][\w'-]*)"
_CONNECTOR = r"(?:" + _S + r"(?:da|de|do|dos|das|du|des|di|del|la|le))?"
NAME_WORDS = NAME_WORD + r"(?:" + _CONNECTOR + _S + _TAIL + r"){0,2}"
_NAME = r"(?<![\w'-])" + NOT_FIRST + r"(" + NAME_WORDS + r")"
# A dateline: an upper-case place at the start of a line, before "(AP)", a comma, a colon
# or a dash.
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})(?=\s*[(,:—–-])")
_ARTICLED = r"(?:(?:al|el)-[A-Z][\w'-]*|" + NAME_WORDS + r")"  # "the town of al-Dibs"
# "the village of Sadove", "the town of Burie", "the administrative post of Mbau", "the
# villages of Tchombangou and Zaroumdareye".
_PLACE_OF = re.compile(
    r"\b(?:village|town|city|hamlet|settlement|locality|commune|suburb|neighbou?rhood|"
    r"administrative post)s?" + _S + "+of" + _S + "+(" + _ARTICLED + ")"
)
_AND_PLACE = re.compile(r"(?:," + _S + r"+|" + _S + r"+and" + _S + r"+)(" + _ARTICLED + ")")
# "killed in Egbekaw, in the North-West", "in Tillia in the northern part of": a name
# placed inside a larger place.
_IN_PLACE_IN = re.compile(
    r"\b(?:in|at|near|from)"
    + _S
    + _NAME
    + r",?"
    + _S
    + r"+(?:in|near|outside)"
    + _S
    + r"+(?:the"
    + _S
    + r"+(?:(?:north|south|east|west|central)\w*"
    + _S
    + r"+)?(?:part"
    + _S
    + r"+of"
    + _S
    + r"+)?)?[A-Z]"
)
# "Khuafo, a village", "Dioungani, an area in", "Wadi al-Naft, about 25km west of": the
# name is looked for before the comma. The appositive must end as a place's does, not run
# on into a person's title ("Ali, a town official").
_COMMA_PLACE = re.compile(
    r"," + _S + r"+(?:an?" + _S + r"+(?:[\w-]+" + _S + r")?(?:village|town|hamlet|"
    r"settlement|area|locality|commune|suburb|neighbou?rhood|district)"
    r"(?=" + _S + r"+(?:in|of|on|near|close|outside|about|some|north|south|east|west|where|"
    r"bordering|along|located|just|with|which|that)\b|[,.;:)—–])"
    r"|(?:about|some|around|roughly|nearly|almost)?"
    + _S
    + r"*\d+(?:[.,]\d+)?"
    + _S
    + r"*(?:km|kilometres|kilometers|miles)\b)"
)
_NAME_BEFORE_COMMA = re.compile(_NAME + r"$")
# "West Gojam Zone", "Southern Governorate": a division's name, capital suffix and all
# ("State" is left out: "the Islamic State group"). Found from the suffix backwards: a
# search starting at every capital would cost more than the whole gazetteer.
_DIVISION_SUFFIX = re.compile(
    r"(?<=[ \u00a0])(Zone|Province|Region|District|Governorate|Oblast|County|Prefecture)\b"
)
_NAME_BEFORE = re.compile(_NAME + _S + r"$")
# A capitalised word before the name makes it part of a longer one: "Islamic State West
# Africa Province" is a group; "In Borno State" is not.
_LONGER_NAME = re.compile(r"(?<![\w'-])([A-Z][\w-]*)" + _S + "$")
_OPENING_WORDS = frozenset(
    (
        *("The", "In", "On", "At", "From", "Near", "To", "And", "But", "As", "For", "Of", "By"),
        *("With", "Since", "After", "Before", "While", "When", "Across", "Outside", "Inside"),
    )
)
# "Magami village", "Muidumbe district", "Birnin Magaji district": a lower-case designator
# after a name the gazetteer does not list. Plurals ("Sahel states") are not designators.
_DESIGNATED = re.compile(
    r"(?<=[ \u00a0])(village|town|district|province|region|state|county|governorate|"
    r"department|prefecture|municipality|commune|territory|local government area)\b(?!['-])"
)
_OF = re.compile(_S + r"+of" + _S)
_DESIGNATOR_LEVEL = {**SUFFIX_LEVEL, "commune": "district", "local government area": "district"}
# "the Pakistan border", "the porous border", "the border region": a specific border is an
# area, its article included; "the border town of X" is about the town, "borders" are many
# unless the text says with what ("the borders with Iran and Iraq").
BORDER = re.compile(
    r"\b[Tt]he" + _S + r"+(?:(?:" + NAME_WORDS + r"|[a-z][\w-]*)" + _S + r"+)?border"
    r"(?:s(?="
    + _S
    + r"+with\b))?(?:"
    + _S
    + r"+(?:region|area|zone))?\b(?!['-]|"
    + _S
    + r"+(?:town|city|village|crossing|"
    r"post|guards?|police|point|force|wall|fence|closure|security|control)\b)"
)


# A people's or a continent's adjective, or a compound one, before a designator ("the
# northern Mozambican province", "the West African state", "the Hamas-controlled
# territory") is no name.
_ADJECTIVE_END = re.compile(r"(?:ican|ian|ean|ese|ish|ic|phone|Arab|-[a-z]+)$")


def adjective(word: str, found: gazetteer.Gazetteer) -> bool:
    return _ADJECTIVE_END.search(word) is not None or bool(found.countries_named(word))


def named_from(start: int, end: int, text: str, found: gazetteer.Gazetteer) -> int | None:
    """Where the name in ``text[start:end]`` begins once a leading adjective is dropped
    ("Anglophone Northwest"), or None when its last word is one ("West African")."""
    words = text[start:end].split(" ")
    if adjective(words[-1], found):
        return None
    while len(words) > 1 and adjective(words[0], found):
        start += len(words.pop(0)) + 1
    return start


def _unknown(name: str, level: str) -> Place:
    return Place("", name, level, None, None, "", 0)


def unlisted(text: str, found: gazetteer.Gazetteer) -> list[tuple[int, int, Place]]:
    """(start, end, place) of each place the text itself marks as one."""
    out: list[tuple[int, int, Place]] = []
    for dateline in _DATELINE.finditer(text):
        start, end = dateline.span(1)
        place = found.lookup(text[start:end].title())
        if place is not None:
            out.append((start, end, place))
    named: list[tuple[int, int, str]] = []
    for found_name in _PLACE_OF.finditer(text):
        named.append((*found_name.span(1), "locality"))
        plural = found_name.group(0).split()[0].endswith("s")  # "villages of X and Y"
        more = _AND_PLACE.match(text, found_name.end()) if plural else None
        while more is not None:
            named.append((*more.span(1), "locality"))
            more = _AND_PLACE.match(text, more.end())
    for inside in _IN_PLACE_IN.finditer(text):
        if not adjective(inside.group(1).split()[-1], found):
            named.append((*inside.span(1), "locality"))
    for comma in _COMMA_PLACE.finditer(text):
        before = _NAME_BEFORE_COMMA.search(text, max(0, comma.start() - 60), comma.start())
        if before is not None:
            named.append((*before.span(1), "locality"))
    for suffix in _DIVISION_SUFFIX.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, suffix.start() - 60), suffix.start())
        begin = None if before is None else named_from(*before.span(1), text, found)
        longer = before is not None and _LONGER_NAME.search(
            text, max(0, before.start(1) - 40), before.start(1)
        )
        if begin is not None and not (longer and longer.group(1) not in _OPENING_WORDS):
            named.append((begin, suffix.end(), SUFFIX_LEVEL[suffix.group(1).lower()]))
    for word in _DESIGNATED.finditer(text):
        if word.group(1) in ("village", "town", "commune") and _OF.match(text, word.end()):
            continue  # "the Druze town of Majdal Shams": the name comes after
        before = _NAME_BEFORE.search(text, max(0, word.start() - 60), word.start())
        begin = None if before is None else named_from(*before.span(1), text, found)
        if begin is not None:
            named.append((begin, word.end(), _DESIGNATOR_LEVEL[word.group(1)]))
    for start, end, level in named:
        out.append((start, end, _unknown(text[start:end], level)))
    return out


def borders(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) of each named or definite border."""
    return [(m.start(), m.end(), _unknown(m.group(), "area")) for m in BORDER.finditer(text)]


def bare_name(span: str) -> str:
    """The name without a lower-case designator: "Magami village" -> "Magami"."""
    words = span.split()
    while len(words) > 1 and words[-1] in _DESIGNATOR_LEVEL:
        words.pop()
    return " ".join(words)


def mentions(text: str, name: str) -> list[tuple[int, int]]:
    """Whole-word, case-sensitive occurrences of ``name`` not inside a longer capitalised
    name ("Mbau" in "the Mbau offices", not in "Mbau Road")."""
    pattern = re.compile(
        r"(?<![\w'-])" + re.escape(name) + r"(?![\w'-]|" + _S + r"+[A-Z]|" + _S + r"+of\b)"
    )
    return [m.span() for m in pattern.finditer(text)]
