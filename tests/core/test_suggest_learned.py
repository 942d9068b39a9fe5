"""The learned suggester: what the team accepted or wrote, proposed again where the same
words appear, with its label, attributes and a score from its tally."""

from __future__ import annotations

import pytest

from annotator.core.model import AttributeValue
from annotator.core.schema import default_schema
from annotator.core.suggest import learned
from annotator.core.suggest.base import LearnedPattern, SuggestContext
from annotator.core.suggest.run import suggest

TEXT = (
    "Ukraine's Air Force said 14 drones were downed overnight. Near the border, the "
    "Sudanese Armed Forces said the RSF shelled El Obeid; the Air Force did not comment. "
    "Along The Border, Air Forces of two states met."
)


def pattern(
    label: str,
    text: str,
    accepted: int = 0,
    rejected: int = 0,
    **attributes: AttributeValue,
) -> LearnedPattern:
    return LearnedPattern(label, text, attributes, accepted, rejected)


def found(*patterns: LearnedPattern, text: str = TEXT) -> list[tuple[str, str, float]]:
    context = SuggestContext(default_schema(), patterns=patterns)
    return [
        (item.label, item.text, round(item.score, 2))
        for item in sorted(learned.suggest_learned(text, context), key=lambda s: s.start)
    ]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        # Whole words, as written: "Air Forces" is not "Air Force".
        (
            [pattern("source", "Air Force", 2, 0)],
            [("source", "Air Force", 0.75), ("source", "Air Force", 0.75)],
        ),
        # The longest phrase wins within a label.
        (
            [pattern("source", "Air Force"), pattern("source", "Ukraine's Air Force", 1)],
            [("source", "Ukraine's Air Force", 0.67), ("source", "Air Force", 0.5)],
        ),
        # All lower case: any case matches ("The Border"); capitals: only as written.
        (
            [pattern("location", "the border", 3, 1), pattern("location", "Near", 0, 0)],
            [
                ("location", "Near", 0.5),
                ("location", "the border", 0.67),
                ("location", "The Border", 0.67),
            ],
        ),
        # Mostly rejected patterns stop; one stray rejection does not silence a pattern.
        (
            [pattern("location", "El Obeid", 0, 2), pattern("source", "RSF", 0, 1)],
            [("source", "RSF", 0.33)],
        ),
        # Labels do not compete for the same words.
        (
            [pattern("source", "Sudanese Armed Forces"), pattern("claim", "Armed Forces")],
            [("source", "Sudanese Armed Forces", 0.5), ("claim", "Armed Forces", 0.5)],
        ),
        # A curly apostrophe in the pattern is the straight one in the text.
        ([pattern("source", "Ukraine’s Air Force")], [("source", "Ukraine's Air Force", 0.5)]),
        # Blank or punctuation-only patterns propose nothing.
        ([pattern("source", " "), pattern("source", "--")], []),
        ([], []),
    ],
)
def test_patterns_are_matched_as_whole_phrases(
    patterns: list[LearnedPattern], expected: list[tuple[str, str, float]]
) -> None:
    assert found(*patterns) == expected


def test_attributes_come_with_the_pattern_and_the_runner_checks_them() -> None:
    context = SuggestContext(
        default_schema(),
        patterns=(
            pattern("source", "Air Force", 4, 0, source_type="military", colour="blue"),
            pattern("weather", "drones"),  # a label the schema does not have
        ),
    )
    # Other suggesters may propose sources too: only the learned ones are looked at.
    mine = [
        item
        for item in suggest(TEXT, context, labels=["source", "weather"])
        if item.suggester == "learned"
    ]
    assert [(item.label, item.text) for item in mine] == [("source", "Air Force")] * 2
    assert mine[0].attributes == {"source_type": "military"}
    assert mine[0].score == pytest.approx(5 / 6)


def test_text_that_changes_length_in_lower_case_keeps_offsets() -> None:
    text = "İstanbul talks: the border stayed shut."
    (only,) = learned.suggest_learned(
        text, SuggestContext(default_schema(), patterns=(pattern("location", "the border"),))
    )
    assert text[only.start : only.end] == "the border"


def test_the_same_patterns_reuse_one_matcher() -> None:
    patterns = (pattern("source", "Air Force"), pattern("location", "the border"))
    key = tuple((item.label, item.text) for item in patterns)
    found(*patterns)
    held = learned._MATCHERS[key]
    found(*patterns, text="The Air Force said nothing.")
    assert learned._MATCHERS[key] is held
    found(pattern("source", "RSF"))
    assert learned._MATCHERS[key] is held  # a few sets are kept, not only the last
