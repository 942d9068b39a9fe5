"""The "learned" suggester: what the team accepted or wrote by hand, proposed again wherever
the same words appear (INCEpTION's string matcher).

Each active ``LearnedPattern`` of the context is matched as a whole-word phrase, with its
label and attributes; case matters unless the pattern is all lower case ("the border"). The
automata are built once per distinct set of patterns and kept, so a document after the
first costs one pass over its text.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from annotator.core.suggest.base import LearnedPattern, SuggestContext, Suggestion, register

NAME = "learned"
# Distinct pattern sets kept built: one per database in practice; a few for tests and tools.
_KEPT = 4

PatternKey = tuple[tuple[str, str], ...]


class _Matcher:
    """Two automata over the active patterns' texts: one matched as written, one over the
    lower-cased text for the all-lower-case patterns. Values are pattern indices."""

    def __init__(self, texts: list[str]) -> None:
        import ahocorasick  # the C module only when patterns exist

        self.exact = ahocorasick.Automaton()
        self.folded = ahocorasick.Automaton()
        for index, written in enumerate(texts):
            text = _plain(written)
            automaton = self.folded if text == text.lower() else self.exact
            held: Any = automaton.get(text, None)
            if held is None:
                automaton.add_word(text, (len(text), [index]))
            else:
                held[1].append(index)
        for automaton in (self.exact, self.folded):
            if len(automaton):
                automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, pattern index) of every whole-word occurrence."""
        found: list[tuple[int, int, int]] = []
        text = _plain(text)
        for automaton, haystack in ((self.exact, text), (self.folded, _lower(text))):
            if not len(automaton):
                continue
            for last, (length, indices) in automaton.iter(haystack):
                start, end = last + 1 - length, last + 1
                if _edge(text, start - 1) and _edge(text, end):
                    found.extend((start, end, index) for index in indices)
        return found


# Curly and straight apostrophes are one character to a reader: "Ukraine’s" is "Ukraine's".
_APOSTROPHE_LIKE = "’‘ʼ`"
_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHE_LIKE, "'"))


def _plain(text: str) -> str:
    if any(mark in text for mark in _APOSTROPHE_LIKE):  # translate is slow: only when needed
        return text.translate(_APOSTROPHES)
    return text


def _lower(text: str) -> str:
    """``text`` lower-cased character for character (offsets must not move: "İ".lower() is
    two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


_MATCHERS: OrderedDict[PatternKey, _Matcher] = OrderedDict()


def _matcher(key: PatternKey) -> _Matcher:
    held = _MATCHERS.get(key)
    if held is None:
        held = _MATCHERS[key] = _Matcher([text for _, text in key])
        while len(_MATCHERS) > _KEPT:
            _MATCHERS.popitem(last=False)
    else:
        _MATCHERS.move_to_end(key)
    return held


def _usable(pattern: LearnedPattern) -> bool:
    text = pattern.text
    return pattern.active and text == text.strip() and any(c.isalnum() for c in text)


def score(pattern: LearnedPattern) -> float:
    """How sure the pattern is, from its tally: (accepted + 1) / (accepted + rejected + 2),
    so a new hand-made pattern starts at one half and each verdict moves it."""
    return (pattern.accepted + 1) / (pattern.accepted + pattern.rejected + 2)


@register(NAME, ())
def suggest_learned(text: str, context: SuggestContext) -> list[Suggestion]:
    patterns = [pattern for pattern in context.patterns if _usable(pattern)]
    if not patterns or not text:
        return []
    key: PatternKey = tuple((pattern.label, pattern.text) for pattern in patterns)
    found = _matcher(key).find(text)
    # Within one label the longest phrase wins where two overlap ("the Kharkiv region" over
    # "Kharkiv"); labels do not compete (a claim may hold a place).
    found.sort(key=lambda item: (item[0] - item[1], item[0], -score(patterns[item[2]])))
    taken: dict[str, list[tuple[int, int]]] = {}
    suggestions: list[Suggestion] = []
    for start, end, index in found:
        pattern = patterns[index]
        spans = taken.setdefault(pattern.label, [])
        if any(start < stop and begin < end for begin, stop in spans):
            continue
        spans.append((start, end))
        suggestions.append(
            Suggestion(
                pattern.label,
                start,
                end,
                text[start:end],
                dict(pattern.attributes),
                score(pattern),
                NAME,
            )
        )
    return suggestions
