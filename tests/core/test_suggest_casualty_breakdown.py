"""The casualty-figure suggester on breakdowns and elisions any wire report may write: a total
then its parts after a colon or "include", a people's name counted after "including", "N
more" with its loss word, the killing or massacre of a group, the buried, and victim nouns
of schools and farms. Sentences written for this test."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.suggest.casualty import find_figures
from tests.core.test_suggest_casualty_wire import assert_figures

N = None

FIGURES: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    (  # a nominal total, then its breakdown after a colon
        'An officer said there were "six dead: four gendarmes and two herders".',
        [
            ("six dead", {"outcome": "killed", "low": 6}),
            ("four gendarmes", {"outcome": "killed", "low": 4}),
            ("two herders", {"outcome": "killed", "low": 2}),
        ],
    ),
    (  # the list a total includes, with people between that no number counts
        "The four people who died include a nurse, her brother and a shopkeeper's son.",
        [
            ("four people", {"outcome": "killed", "low": 4}),
            ("a nurse", {"outcome": "killed", "low": 1}),
        ],
    ),
    (  # a people's name counted as part of a total
        "Raiders killed 19 villagers, including 11 Tuareg, near the well.",
        [
            ("19 villagers", {"outcome": "killed", "low": 19}),
            ("11 Tuareg", {"outcome": "killed", "low": 11}),
        ],
    ),
    (
        "Observers reported the massacre of 45 farmers in the valley.",
        [("45 farmers", {"outcome": "killed", "low": 45, "victim_type": "civilian"})],
    ),
    (  # more of the same, the loss word after "more"
        "Three guards were killed and 14 more were wounded in the blast.",
        [
            ("Three guards", {"outcome": "killed", "low": 3}),
            ("14 more", {"outcome": "injured", "low": 14}),
        ],
    ),
    (
        "Two were killed and dozens more injured.",
        [
            ("Two", {"outcome": "killed", "low": 2}),
            ("dozens more", {"outcome": "injured", "qualifier": "vague", "low": 24}),
        ],
    ),
    (
        "Gunmen abducted 80 schoolgirls and three teachers overnight.",
        [
            ("80 schoolgirls", {"outcome": "captured", "victim_type": "civilian"}),
            ("three teachers", {"outcome": "captured", "victim_type": "civilian"}),
        ],
    ),
    (  # the buried are dead
        '"We buried 31 people on Sunday," a farmer said.',
        [("31 people", {"outcome": "killed", "low": 31})],
    ),
    (
        "An undisclosed number of vigilantes were killed.",
        [("An undisclosed number of vigilantes", {"outcome": "killed", "qualifier": "vague"})],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), FIGURES, ids=[s[:40] for s, _ in FIGURES])
def test_breakdowns_and_elisions(sentence: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert_figures(sentence, expected)


@pytest.mark.parametrize(
    "sentence",
    [
        "He has 20 more years to serve, including 3 Christmas holidays.",
        "The delegation, including 12 Kenyans, arrived on Monday.",
        "Talks on the killing of the envoy resumed with 30 delegates.",
    ],
)
def test_no_figure_is_read_into_these(sentence: str) -> None:
    assert find_figures(sentence) == []
