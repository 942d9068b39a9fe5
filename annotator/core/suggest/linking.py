"""Linkers (issue 13): relations across what the suggesters proposed, within one sentence.

- ``located_at``: a casualty figure or a claim to the place it concerns. A claim is linked
  to the one place inside it, or of several to the one a preposition governs, never to one
  of a list ("in Maryinka, Avdiivka and Bakhmut"). A figure is linked to a place of its
  sentence, inside its claim when it sits in one: the place after 'in', 'near', 'at', 'on'
  (or 'the village of') first, then the nearest; of "Ethiopia's Amhara region", the inner.
  Datelines ("KYIV (Reuters) —"), places inside a source's name
  ("Kherson city's military administration") and places told by another speaker (a source
  stands between them) are never linked; nor are statement venues.
- ``attributed_to``: a casualty figure with no source yet, to the sources of the claim it sits
  in, else to the nearest source of its sentence that a reporting cue governs ("X said",
  "according to X", "X, citing") with the sources coordinated with it ("according to A, B
  and C"). A source named after "told" is the listener, never linked. A pronoun ("he
  added") is no source: the figure goes to the last source named shortly before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from annotator.core.suggest.base import Link, Suggestion, register_linker
from annotator.core.suggest.sentences import sentence_at

FIGURE, CLAIM, SOURCE, LOCATION = "casualty_figure", "claim", "source", "location"
LOCATED_AT, ATTRIBUTED_TO = "located_at", "attributed_to"

_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|at|on|outside|inside|around|across|into|(?:village|town|city|region"
    r"|province|district|state|area|camp|neighbou?rhood|governorate|oblast)\s+of)"
    r"(?:\s+(?:the|an?))?(?:\s+(?:northern|southern|eastern|western|central|northwest|northeast"
    r"|southwest|southeast|north|south|east|west|besieged|occupied|frontline|border))?\s+$",
    re.IGNORECASE,
)
_DATELINE_AFTER = re.compile(r"(?:\s*,\s*[\w ]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?[—–-]")
_CUE_AFTER = re.compile(
    r"\s*(?:\([^)]{1,40}\)\s*)?,?\s*(?:(?:has|have|had|also|later|then|on\s+\w+)\s+)*"
    r"(?:said|says|say|saying|reported|reports|reporting|announced|announces|stated|states"
    r"|told|tells|added|adds|claimed|claims|wrote|writes|counted|confirmed|confirms"
    r"|estimated|estimates|tallied|recorded|documented|put|puts|cited|quoted|accused|denied"
    r"|according)\b",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:\baccording\s+to|\bciting|\bcited\s+by|\bquoted\s+by|\bquoting"
    r"|\b(?:shared|published|released|provided|posted|issued|compiled|counted|reported"
    r"|recorded|documented|confirmed)\s+by|[,”\"]\s*(?:said|says|added|reported|wrote))\s+$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+)", re.IGNORECASE)
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
_POSSESSIVE = re.compile(r"['’]s\s+")
_PRONOUN_CUE = re.compile(
    r"\b(?:he|she|they|it)\s+(?:also\s+|later\s+)?(?:said|says|added|adds|told|wrote"
    r"|stated|explained|recalled)\b",
    re.IGNORECASE,
)
_SPEAKER_REACH = 600  # characters back to the last named speaker
_TOLD = re.compile(r"\b(?:told|tells)\s+$", re.IGNORECASE)


def _inside(inner: Suggestion, outer: Suggestion) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner is not outer


def _gap(a: Suggestion, b: Suggestion) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _is_dateline(text: str, place: Suggestion) -> bool:
    line_start = text.rfind("\n", 0, place.start) + 1
    opening = text[line_start : place.start].strip(" \t(")
    return not opening and _DATELINE_AFTER.match(text, place.end) is not None


def _between(items: Sequence[Suggestion], a: Suggestion, b: Suggestion) -> bool:
    """Whether one of ``items`` lies wholly between ``a`` and ``b``."""
    low, high = min(a.end, b.end), max(a.start, b.start)
    return any(low <= item.start and item.end <= high for item in items)


@register_linker(LOCATED_AT)
def link_places(text: str, suggestions: list[Suggestion]) -> list[tuple[int, Link]]:
    sources = [s for s in suggestions if s.label == SOURCE]
    claims = [s for s in suggestions if s.label == CLAIM]
    places = [
        (index, s)
        for index, s in enumerate(suggestions)
        if s.label == LOCATION
        and s.attributes.get("role") != "statement_venue"
        and not any(_inside(s, source) for source in sources)
        and not _is_dateline(text, s)
    ]
    # "Ethiopia's Amhara region": the place named inside another is the one meant.
    containers = {
        index
        for (index, place), (_, inner) in pairwise(places)
        if _POSSESSIVE.fullmatch(text, place.end, inner.start)
    }
    places = [(index, place) for index, place in places if index not in containers]
    found: list[tuple[int, Link]] = []
    for index, item in enumerate(suggestions):
        if item.label not in (FIGURE, CLAIM) or any(link.type == LOCATED_AT for link in item.links):
            continue
        if item.label == CLAIM:
            target = _place_of_claim(text, item, places)
            if target is not None:
                found.append((index, Link(LOCATED_AT, target)))
            continue
        target = _place_of_figure(text, item, places, sources, claims)
        if target is not None:
            found.append((index, Link(LOCATED_AT, target)))
    return found


def _place_of_claim(
    text: str, claim: Suggestion, places: list[tuple[int, Suggestion]]
) -> int | None:
    """The one place inside the claim; of several, the one place a preposition governs
    ("Israel launched strikes in [the Gaza Strip]"), unless they form a list ("in Maryinka,
    Avdiivka and Bakhmut": no one of them is the claim's place)."""
    inside = [(i, p) for i, p in places if _inside(p, claim)]
    if len(inside) <= 1:
        return inside[0][0] if inside else None
    if any(_LISTED.fullmatch(text, a.end, b.start) for (_, a), (_, b) in pairwise(inside)):
        return None
    governed = [i for i, p in inside if _governs(text, p)]
    return governed[0] if len(governed) == 1 else None


def _governs(text: str, place: Suggestion) -> bool:
    return _PLACE_BEFORE.search(text, max(0, place.start - 40), place.start) is not None


def _place_of_figure(
    text: str,
    figure: Suggestion,
    places: list[tuple[int, Suggestion]],
    sources: list[Suggestion],
    claims: list[Suggestion],
) -> int | None:
    first, last = sentence_at(text, figure.start)
    holder = next((c for c in claims if _inside(figure, c)), None)
    low, high = (holder.start, holder.end) if holder else (first, last)
    candidates = [
        (i, p)
        for i, p in places
        if low <= p.start and p.end <= high and not _between(sources, figure, p)
    ]
    if not candidates:
        return None

    def rank(entry: tuple[int, Suggestion]) -> tuple[bool, int]:
        return (not _governs(text, entry[1]), _gap(figure, entry[1]))

    return min(candidates, key=rank)[0]


@register_linker(ATTRIBUTED_TO)
def link_sources(text: str, suggestions: list[Suggestion]) -> list[tuple[int, Link]]:
    sources = [(index, s) for index, s in enumerate(suggestions) if s.label == SOURCE]
    if not sources:
        return []
    found: list[tuple[int, Link]] = []
    for index, item in enumerate(suggestions):
        if item.label != FIGURE or any(link.type == ATTRIBUTED_TO for link in item.links):
            continue
        holder = next(
            (c for c in suggestions if c.label == CLAIM and _inside(item, c) and c.links), None
        )
        targets = [link.to for link in holder.links if link.type == ATTRIBUTED_TO] if holder else []
        if not targets:
            targets = _reporting_sources(text, item, sources)
        found.extend((index, Link(ATTRIBUTED_TO, target)) for target in targets)
    return found


def _governed(text: str, source: Suggestion) -> bool:
    if _TOLD.search(text, max(0, source.start - 10), source.start):
        return False
    return bool(
        _CUE_AFTER.match(text, source.end)
        or _CUE_BEFORE.search(text, max(0, source.start - 40), source.start)
    )


def _reporting_sources(
    text: str, figure: Suggestion, sources: list[tuple[int, Suggestion]]
) -> list[int]:
    first, last = sentence_at(text, figure.start)
    mine = [
        (i, s) for i, s in sources if first <= s.start and s.end <= last and not _inside(figure, s)
    ]
    mine.sort(key=lambda entry: entry[1].start)
    # A coordinated list shares the cue of its first or last member ("according to A, B and
    # C"; "A, B and C reported").
    groups: list[list[tuple[int, Suggestion]]] = []
    for entry in mine:
        if groups and _COORDINATED.fullmatch(text, groups[-1][-1][1].end, entry[1].start):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    governed = [
        group
        for group in groups
        if not _TOLD.search(text, max(0, group[0][1].start - 10), group[0][1].start)
        and (_governed(text, group[0][1]) or _governed(text, group[-1][1]))
    ]
    if not governed:
        return _speaker_before(text, first, last, sources)
    nearest = min(governed, key=lambda group: min(_gap(figure, s) for _, s in group))
    return [i for i, _ in nearest]


def _speaker_before(
    text: str, first: int, last: int, sources: list[tuple[int, Suggestion]]
) -> list[int]:
    """'"... around 26 people," he added': a pronoun is no source; the figure is the last
    named speaker's, when one was named shortly before."""
    if _PRONOUN_CUE.search(text, first, last) is None:
        return []
    earlier = [(i, s) for i, s in sources if s.end <= first and first - s.end <= _SPEAKER_REACH]
    return [max(earlier, key=lambda entry: entry[1].end)[0]] if earlier else []
