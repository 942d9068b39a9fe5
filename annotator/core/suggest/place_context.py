"""Unlisted places found from the words around them, as any wire report writes them: a
facility or park a place names ("Rumonge hospital", "Pendjari National Park"), and a
capitalised name where only a place fits ("near Bwito", "a police station in Tanougou",
"residents of Kiberet", "in Tanougou on Wednesday night", "to Owach, which lies").
"""

from __future__ import annotations

import re

from annotator.core.suggest import gazetteer
from annotator.core.suggest.place_unlisted import NAME_WORDS, NOT_FIRST, S, adjective, named_from

# A determiner makes a facility a description ("a Gaza hospital", "the Gaza hospital").
DETERMINED = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Aa]nother|[Oo]ne|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|"
    r"[Ee]very|[Ee]ach|[Aa]ny|[Ss]ome|[Oo]ur)" + S + "+$"
)
# Lower case, one adjective may come between ("Ruteme fundamental school"); capitalised,
# the name before may be a single letter ("W National Park").
_SITE = re.compile(
    r"(?<=[ \u00a0])(?:(?:[a-z]+" + S + r")?(hospital|school|market|mosque|church|prison|"
    r"camp|university|airport)|(National Park|Game Reserve|Forest|Hospital|School|Market|"
    r"Mosque|Prison|University|Airport|Stadium|Camp))\b(?!['-])"
)
_SITE_NAME_BEFORE = re.compile(
    r"(?<![\w'-])"
    + NOT_FIRST
    + r"((?![\w-]+'s\b)[A-Z][\w'-]*(?:"
    + S
    + r"[A-Z][\w'-]*){0,2})"
    + S
    + "$"
)
# The name must end there: not a title before a person's name ("near President Kiir's").
_END = r"(?![\w'-]|" + S + r"+[A-Z])"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


def _group(name: str) -> str:
    return r"(?<![\w'-])" + NOT_FIRST + f"(?P<{name}>" + NAME_WORDS + ")" + _END


_FACILITY = (
    r"(?:police" + S + r"station|market|camp|mosque|church|school|(?:military" + S + r")?"
    r"(?:base|post)s?|checkpoint|barracks|camps)"
)
_TIMED = (
    r"(?:on|late|early|last)"
    + S
    + r"+"
    + _WEEKDAY
    + r"|overnight|which"
    + S
    + r"+(?:lies|sits|is"
    + S
    + r"+(?:located|situated))"
)
_CONTEXT_PLACE = re.compile(
    r"\b(?:(?:near|outside)"
    + S
    + r"+"
    + _group("near")
    + r"|"
    + _FACILITY
    + S
    + r"+(?:in|at|near|outside)"
    + S
    + r"+"
    + _group("facility")
    + r"|(?:[Rr]esidents|[Vv]illagers|[Ii]nhabitants)"
    + S
    + r"+of"
    + S
    + r"+"
    + _group("of")
    + r"|(?:in|at|to|from)"
    + S
    + r"+"
    + _group("timed")
    + r"(?=,?"
    + S
    + r"+(?:"
    + _TIMED
    + r")))"
)
_GROUPS = ("near", "facility", "of", "timed")


def in_context(text: str, found: gazetteer.Gazetteer) -> list[tuple[int, int, str]]:
    """(start, end, feature level) of each place these words mark, facilities first (a
    facility's span holds the name a context rule would take alone)."""
    named: list[tuple[int, int, str]] = []
    for site in _SITE.finditer(text):
        before = _SITE_NAME_BEFORE.search(text, max(0, site.start() - 60), site.start())
        if before is None or (
            site.group(1) and DETERMINED.search(text, max(0, before.start() - 12), before.start())
        ):
            continue
        begin = named_from(*before.span(1), text, found)
        if begin is not None:
            named.append((begin, site.end(), "site"))
    for context in _CONTEXT_PLACE.finditer(text):
        start, end = next(context.span(g) for g in _GROUPS if context.group(g))
        if not adjective(text[start:end].split()[-1], found):
            named.append((start, end, "locality"))
    return named
