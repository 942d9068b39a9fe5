"""What a source phrase says about its source for the attribution suggester: source_type
from outlets, organisations, armed groups, titles and head nouns; affiliation from a country,
demonym or capital. Filled only where the words say so.
"""

from __future__ import annotations

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_phrase import Token, bare, name_word


def _contains(lowered: list[str], originals: list[str], names: frozenset[str]) -> bool:
    """Whether a (multi-word) name occurs as whole tokens; short names must be capitalised
    as written ("WHO", "AP"), so that "who" or "ap" never match."""
    for size in (8, 7, 6, 5, 4, 3, 2, 1):
        for at in range(len(lowered) - size + 1):
            candidate = " ".join(lowered[at : at + size])
            if candidate not in names:
                continue
            if size == 1 and len(candidate) <= 4:
                written = originals[at]
                if written != candidate.upper() and written != candidate.title():
                    continue
                if written == candidate.title() and candidate in ("who", "ap", "au", "eu"):
                    continue
            return True
    return False


def classify(phrase: list[Token]) -> tuple[str | None, str | None]:
    """(source_type, affiliation) of a source phrase; None where the words do not say."""
    key = tuple(t.text for t in phrase)
    known = _CLASSIFIED.get(key)
    if known is None:
        if len(_CLASSIFIED) > 4096:  # phrases repeat within and across articles; bound it
            _CLASSIFIED.clear()
        known = _CLASSIFIED[key] = _classify(phrase)
    return known


_MEDIA_HEADS = words.word_set(
    "media press newspaper newspapers outlet outlets broadcaster broadcasters television tv",
    "journalist journalists reporter reporters correspondent correspondents photographer",
)
_CLASSIFIED: dict[tuple[str, ...], tuple[str | None, str | None]] = {}


def _classify(phrase: list[Token]) -> tuple[str | None, str | None]:
    originals = [t.text.removesuffix("'s").removesuffix("’s") for t in phrase]
    lowered = [bare(t) for t in phrase]
    head = lowered[-1] if lowered else ""
    named = any(
        name_word(t)
        and bare(t) not in words.PLACE_AFFILIATION
        and bare(t) not in words.TITLES
        and bare(t) not in words.DETERMINERS
        and bare(t) not in words.HEAD_NOUNS
        and bare(t) not in words.MODIFIERS
        and t.text not in _COUNTRY_ACRONYMS
        for t in phrase
    )
    affiliation = _affiliation(lowered) or next(
        (_COUNTRY_ACRONYMS[t.text] for t in phrase if t.text in _COUNTRY_ACRONYMS), None
    )
    joined = " ".join(lowered)
    kind: str | None = None
    if "general staff" in joined:
        return "military", affiliation
    if (
        any(w in words.UNNAMED_MARKERS for w in lowered)
        or "not to be named" in joined
        or _faceless(phrase, lowered, named)
    ):
        kind = "unnamed"
    elif _contains(lowered, originals, words.NGOS):
        kind = "ngo"
    elif (
        "news agency" in joined
        or "news channel" in joined
        or (head == "reports" and ("media" in lowered or "news" in lowered))
    ):
        kind = "media"  # "the official Palestinian news agency Wafa": no official person
    elif (
        not _institution_first(phrase)
        and any(w in words.TITLES for w in lowered)
        and (
            head in words.TITLES
            or head in ("spokespeople", "spokesmen", "spokespersons")
            or (named and name_word(phrase[-1]) and head not in words.HEAD_NOUNS)
            or _apposed_title(lowered)
            or _title_of(lowered)
        )
    ):
        kind = "official_person"
    elif _contains(lowered, originals, words.INTERNATIONAL_ORGS):
        kind = "international_org"
    elif "human rights" in joined or "rights group" in joined:
        kind = "ngo"  # "a human rights group", "the National Human Rights Defense Network"
    elif _contains(lowered, originals, words.ARMED_GROUPS):
        kind = "armed_group"
        affiliation = affiliation or None
    elif (
        _contains(lowered, originals, words.OUTLETS)
        or (head in words.OUTLET_ENDINGS and phrase[-1].capitalised)
        or head in _MEDIA_HEADS
    ):
        kind = "media"
    elif any(w in words.WITNESS_HEADS for w in lowered):
        kind = "witness"
    elif any(w in words.EXPERT_HEADS for w in lowered):
        kind = "expert"
    elif (
        head in words.GOVERNMENT_WORDS
        and head not in words.MILITARY_WORDS
        and not ("defence" in lowered or "defense" in lowered)
    ):
        kind = "government"  # "Myanmar's military government": the head decides
    elif any(w in words.MILITARY_WORDS for w in lowered) or (
        ("defence" in lowered or "defense" in lowered) and "ministr" in joined
    ):
        kind = "military"
    elif (
        any(w in words.GOVERNMENT_WORDS for w in lowered)
        or head == "officials"
        or "white house" in joined
    ):
        kind = "government"
    elif len(lowered) <= 2 and (
        head in words.GOVERNMENT_PLACES or " ".join(lowered) in words.PLACE_PAIRS
    ):
        kind = "government"  # "Kyiv said", "Russia says"
    return kind, affiliation


# Written in capitals only ("us" is a pronoun): "US officials", "UK defence ministry".
_COUNTRY_ACRONYMS = {"US": "United States", "UK": "United Kingdom", "UAE": "United Arab Emirates"}


_INSTITUTIONS = words.word_set(
    "office ministry department agency council commission committee mission secretariat"
)


def name_across(phrase: list[Token], at: int) -> bool:
    """Whether a listed organisation, outlet or group name runs over word ``at`` of the
    phrase (the "and" of "Armed Conflict Location and Event Data Project")."""
    lowered = [bare(t) for t in phrase]
    for size in range(2, 9):
        for first in range(max(0, at - size + 1), min(at, len(lowered) - size) + 1):
            candidate = " ".join(lowered[first : first + size])
            if (
                any(
                    candidate in names
                    for names in (words.NGOS, words.INTERNATIONAL_ORGS, words.OUTLETS)
                )
                or candidate in words.ARMED_GROUPS
            ):
                return True
    return False


def _title_of(lowered: list[str]) -> bool:
    """ "The governor of Russia's Belgorod region": a title, then whose it is."""
    at = next((i for i, w in enumerate(lowered) if w not in words.DETERMINERS), None)
    return (
        at is not None
        and at + 1 < len(lowered)
        and lowered[at] in words.TITLES
        and lowered[at + 1] in ("of", "for")
    )


def _institution_first(phrase: list[Token]) -> bool:
    """ "The Office of the UN High Commissioner for Human Rights": a body named after an
    official is still a body; "the ministry's spokesman" is a person."""
    at = next((i for i, t in enumerate(phrase) if t.lower not in words.DETERMINERS), None)
    # "a ministry spokesman": a person; "the Office of the High Commissioner": a body
    return (
        at is not None
        and phrase[at].lower in _INSTITUTIONS
        and (at + 1 >= len(phrase) or phrase[at + 1].lower in words.BRIDGES)
    )


def _affiliation(lowered: list[str]) -> str | None:
    for at in range(len(lowered) - 1):
        pair = f"{lowered[at]} {lowered[at + 1]}"
        if pair in words.PLACE_PAIRS:
            return words.PLACE_PAIRS[pair]
    for word in lowered:
        if word in words.PLACE_AFFILIATION:
            return words.PLACE_AFFILIATION[word]
    return None


# Officials or workers the text names by neither name nor office: "Ukrainian officials",
# "an army official", "health workers" (the gold's convention; "a regional governor" is an
# office, so an official person).
_FACELESS = words.word_set("official officials workers worker staff staffers medics doctors")


def _faceless(phrase: list[Token], lowered: list[str], named: bool) -> bool:
    if named or not lowered or lowered[-1] not in _FACELESS:
        return False
    return not any(w in words.TITLES and w not in ("official", "officer") for w in lowered)


def _apposed_title(lowered: list[str]) -> bool:
    """ "Nadav Shoshani, a spokesman for the army": a name with a title after a comma."""
    if "," not in lowered:
        return False
    after = lowered[lowered.index(",") + 1 :]
    return any(w in words.TITLES for w in after[:4]) or any(
        w in words.TITLES for w in lowered[: lowered.index(",")]
    )
