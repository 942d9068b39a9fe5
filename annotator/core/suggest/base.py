"""What a suggester proposes, and the registry suggesters join (issue 13).

A suggestion is not an annotation: it is what a rule or a learned pattern proposes for a
stretch of text, with the attributes it would fill and the links it would make. Only the
annotator's accepting one turns it into a span. Suggesters are pure functions of the text and
a ``SuggestContext``: no network, no model downloads, no SQL, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import AttributeValue
from annotator.core.schema import LabelSchema


@dataclass(frozen=True, slots=True, order=True)
class Link:
    """A relation a suggestion proposes: ``type`` to the suggestion at index ``to``.

    In what a suggester returns, ``to`` indexes that suggester's own list; ``run.suggest``
    renumbers it to the final list of the document."""

    type: str
    to: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span ``text[start:end]`` (code points) with its label and attributes."""

    label: str
    start: int
    end: int
    text: str
    attributes: Mapping[str, AttributeValue]
    score: float  # 0..1: how sure the suggester is; the window may order by it
    suggester: str  # the registry name, stored as the accepted span's provenance
    links: tuple[Link, ...] = ()

    @property
    def key(self) -> tuple[str, int, int]:
        """What identifies a suggestion within a document (and what a rejection remembers)."""
        return (self.label, self.start, self.end)


@dataclass(frozen=True, slots=True)
class LearnedPattern:
    """A span text the team accepted or wrote by hand, with its label and attributes, and how
    often suggestions from it were accepted and rejected (INCEpTION's string matcher)."""

    label: str
    text: str
    attributes: Mapping[str, AttributeValue]
    accepted: int = 0
    rejected: int = 0

    @property
    def active(self) -> bool:
        """Mostly rejected patterns stop being proposed: two rejections more than acceptances
        (one stray rejection of a good pattern does not silence it)."""
        return self.rejected < self.accepted + 2


def combine_patterns(shared: Iterable[Iterable[LearnedPattern]]) -> list[LearnedPattern]:
    """Several files' shared patterns as one list, by the rule a database merges them with:
    one pattern per (label, text), the first one's attributes, per tally the largest count.
    Merging a file with itself changes nothing."""
    combined: dict[tuple[str, str], LearnedPattern] = {}
    for patterns in shared:
        for pattern in patterns:
            key = (pattern.label, pattern.text)
            known = combined.get(key)
            if known is None:
                combined[key] = pattern
            else:
                combined[key] = LearnedPattern(
                    known.label,
                    known.text,
                    known.attributes,
                    max(known.accepted, pattern.accepted),
                    max(known.rejected, pattern.rejected),
                )
    return list(combined.values())


@dataclass(frozen=True, slots=True)
class SuggestContext:
    """What every suggester may read besides the text."""

    schema: LabelSchema
    patterns: tuple[LearnedPattern, ...] = ()
    # Where a suggester may keep derived data between runs (the gazetteer's automaton); None:
    # build in memory each process.
    cache_dir: Path | None = None


SuggestFunction = Callable[[str, SuggestContext], list[Suggestion]]
LinkFunction = Callable[[str, list[Suggestion]], list[tuple[int, Link]]]


@dataclass(frozen=True, slots=True)
class SuggesterInfo:
    name: str
    # The labels it can propose; skipped when none is wanted. Empty: any label (the learned
    # suggester proposes whatever the team taught it).
    labels: tuple[str, ...]
    run: SuggestFunction


SUGGESTERS: dict[str, SuggesterInfo] = {}
# Linkers add relations across suggesters' results (a figure located at a place in the same
# sentence): each gets the final, sorted list and returns (from index, link) pairs.
LINKERS: dict[str, LinkFunction] = {}


def register(name: str, labels: tuple[str, ...]) -> Callable[[SuggestFunction], SuggestFunction]:
    def add(function: SuggestFunction) -> SuggestFunction:
        SUGGESTERS[name] = SuggesterInfo(name, labels, function)
        return function

    return add


def register_linker(name: str) -> Callable[[LinkFunction], LinkFunction]:
    def add(function: LinkFunction) -> LinkFunction:
        LINKERS[name] = function
        return function

    return add
