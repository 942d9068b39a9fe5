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
# the name before may be a single letter ("W National Park"). Found from the facility's
# word back: a pattern trying every space for an adjective costs more than the gazetteer.
_SITE = re.compile(
    r"(?<=[ \u00a0])(?:(hospital|school|market|mosque|church|prison|camp|university|airport)"
    r"|(National Park|Game Reserve|Forest|Hospital|School|Market|Mosque|Prison|University"
    r"|Airport|Stadium|Camp))\b(?!['-])"
)
# Before an unlisted name, only an indefinite one does: "the Mugunga camp" names a camp.
_INDEFINITE = re.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Oo]ne|[Ee]very|[Ee]ach|[Aa]ny|[Ss]ome)" + S + "+$"
)
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w'-])[a-z]+" + S + "$")
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


def _group(name: str) -> str:
    return r"(?<![\w'-])" + NOT_FIRST + f"(?P<{name}>" + NAME_WORDS + ")" + _END


_FACILITY = (
    r"(?:police" + S + r"station|market|camp|mosque|church|school|(?:military" + S + r")?"
    r"(?:base|post)s?|checkpoint|barracks|camps)"
)
_CONTEXT_PLACE = re.compile(
    r"(?:(?:near|outside)"
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
    + r")"
)
# "in Tanougou on Wednesday night": found from the rarer time or relative words back.
_DAY_LEAD = re.compile(r"\b(?:on|late|early|last)" + S + "+$")
_WHICH_LIES = re.compile(r"which" + S + r"+(?:lies|sits|is" + S + r"+(?:located|situated))\b")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIMED_NAME_BEFORE = re.compile(
    r"\b(?:in|at|to|from)" + S + r"+" + _group("timed").replace(_END, "") + ",?" + S + "+$"
)
_GROUPS = ("near", "facility", "of")


def _word_before(text: str, at: int) -> bool:
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "'-")


# Where each pattern can begin, as plain text and how far before it: ``str.find`` skips to
# them far faster than a pattern tried at every word. A word of either case is looked for
# without its first letter.
_SITE_NEEDLES = tuple(
    (needle, 1)
    for needle in (
        *("ospital", "chool", "arket", "osque", "hurch", "rison", "amp", "niversity"),
        *("irport", "ational Park", "ame Reserve", "orest", "tadium"),
    )
)
_CONTEXT_NEEDLES = (
    *((word, 0) for word in ("near", "outside", "police", "market", "camp", "mosque")),
    *((word, 0) for word in ("church", "school", "military", "base", "post", "checkpoint")),
    *((word, 0) for word in ("barracks",)),
    *((word, 1) for word in ("esidents", "illagers", "nhabitants")),
)


def _matches(
    text: str, pattern: re.Pattern[str], needles: tuple[tuple[str, int], ...]
) -> list[re.Match[str]]:
    """``pattern``'s matches where a needle says one may begin, in text order, none
    overlapping (as ``finditer`` gives them)."""
    starts: set[int] = set()
    for needle, back in needles:
        at = text.find(needle)
        while at >= 0:
            starts.add(max(0, at - back))
            at = text.find(needle, at + 1)
    found: list[re.Match[str]] = []
    for start in sorted(starts):
        if found and start < found[-1].end():
            continue
        match = pattern.match(text, start)
        if match is not None:
            found.append(match)
    return found


def _timed(text: str) -> list[int]:
    """Where "on Wednesday", "overnight" or "which lies" begins."""
    found: list[int] = []
    for day in _DAYS:
        at = text.find(day)
        while at >= 0:
            lead = _DAY_LEAD.search(text, max(0, at - 8), at)
            if lead is not None:
                found.append(lead.start())
            at = text.find(day, at + 1)
    for word, pattern in (("overnight", None), ("which", _WHICH_LIES)):
        at = text.find(word)
        while at >= 0:
            if not _word_before(text, at) and (pattern is None or pattern.match(text, at)):
                found.append(at)
            at = text.find(word, at + 1)
    return found


def in_context(text: str, found: gazetteer.Gazetteer) -> list[tuple[int, int, str]]:
    """(start, end, feature level) of each place these words mark, facilities first (a
    facility's span holds the name a context rule would take alone)."""
    named: list[tuple[int, int, str]] = []
    for site in _matches(text, _SITE, _SITE_NEEDLES):
        at = site.start()
        if site.group(1):
            adjective_before = _ADJECTIVE_BEFORE.search(text, max(0, at - 30), at)
            if adjective_before is not None:
                at = adjective_before.start()
        before = _SITE_NAME_BEFORE.search(text, max(0, at - 60), at)
        if before is None or (
            site.group(1) and _INDEFINITE.search(text, max(0, before.start() - 12), before.start())
        ):
            continue
        begin = named_from(*before.span(1), text, found)
        if begin is not None:
            named.append((begin, site.end(), "site"))
    spans = [
        next(context.span(g) for g in _GROUPS if context.group(g))
        for context in _matches(text, _CONTEXT_PLACE, _CONTEXT_NEEDLES)
        if not _word_before(text, context.start())
    ]
    for at in _timed(text):
        before = _TIMED_NAME_BEFORE.search(text, max(0, at - 80), at)
        if before is not None:
            spans.append(before.span("timed"))
    for start, end in spans:
        if not adjective(text[start:end].split()[-1], found):
            named.append((start, end, "locality"))
    return named
