"""Casualty-figure pre-fill: a table of phrases plus properties over arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.core.figures import (
    QUALIFIERS,
    VAGUE_FLOORS,
    FigureGuess,
    _parse,
    parse_casualty_figure,
)
from annotator.core.schema import check_casualty_bounds, default_schema

N = None
CASES: list[tuple[str, str, int | None, int | None]] = [
    # From the bundled samples.
    ("left three soldiers dead", "exact", 3, 3),
    ("injured four others", "exact", 4, 4),
    ("two soldiers were captured", "exact", 2, 2),
    ("over 6,500 lives", "more_than", 6500, N),
    ("dozens", "vague", 24, N),
    ("dozens of servicemen", "vague", 24, N),
    ("nearly 200", "approx", 200, 200),
    ("between 20 and 30 people were injured", "range", 20, 30),
    ("at least a dozen civilians", "at_least", 12, N),
    ("two of them were in serious condition", "exact", 2, 2),
    ("left three soldiers dead and injured four others", "exact", 3, 3),
    # Approximators keep low == high.
    ("about 40", "approx", 40, 40),
    ("some 1,200", "approx", 1200, 1200),
    ("around 3,000 soldiers", "approx", 3000, 3000),
    ("approximately 15", "approx", 15, 15),
    ("roughly 30", "approx", 30, 30),
    ("almost 50", "approx", 50, 50),
    ("an estimated 6,500", "approx", 6500, 6500),
    ("close to 70", "approx", 70, 70),
    ("~200", "approx", 200, 200),
    ("20 or so", "approx", 20, 20),
    ("20-odd", "approx", 20, 20),
    ("a couple of soldiers", "approx", 2, 2),
    # One-sided bounds.
    ("at least 5", "at_least", 5, N),
    ("no fewer than 10", "at_least", 10, N),
    ("a minimum of 3", "at_least", 3, N),
    ("20 or more", "at_least", 20, N),
    ("more than 100", "more_than", 100, N),
    ("above 30", "more_than", 30, N),
    ("in excess of 1,000", "more_than", 1000, N),
    ("upwards of 50", "more_than", 50, N),
    ("6,500+", "more_than", 6500, N),
    ("6,500-plus", "more_than", 6500, N),
    ("more than 2 dozen", "more_than", 24, N),
    ("up to 15", "at_most", N, 15),
    ("at most 5", "at_most", N, 5),
    ("as many as 40", "at_most", N, 40),
    ("a maximum of 8", "at_most", N, 8),
    ("no more than 4", "at_most", N, 4),
    ("fewer than ten", "less_than", N, 10),
    ("less than 5", "less_than", N, 5),
    ("under 10", "less_than", N, 10),
    ("below 100", "less_than", N, 100),
    # Ranges.
    ("20-30", "range", 20, 30),
    ("20 to 30", "range", 20, 30),
    ("20–30", "range", 20, 30),
    ("20 — 30", "range", 20, 30),
    ("30-20", "range", 20, 30),
    ("20 or 30", "range", 20, 30),
    ("one or two", "range", 1, 2),
    ("between twenty and thirty", "range", 20, 30),
    ("between one hundred and two hundred", "range", 100, 200),
    ("1 to 2 million", "range", 1_000_000, 2_000_000),
    ("three to four thousand", "range", 3000, 4000),
    ("five to two thousand", "range", 5, 2000),
    ("5-5", "exact", 5, 5),
    ("3 soldiers and 4 civilians", "exact", 3, 3),
    # Vague quantity words.
    ("hundreds", "vague", 200, N),
    ("scores", "vague", 40, N),
    ("tens", "vague", 20, N),
    ("tens of thousands", "vague", 20_000, N),
    ("hundreds of thousands", "vague", 200_000, N),
    ("thousands", "vague", 2000, N),
    ("several", "vague", 3, N),
    ("several hundred", "vague", 300, N),
    ("a few", "vague", 2, N),
    ("a handful", "vague", 2, N),
    ("many civilians", "vague", N, N),
    ("many thousands", "vague", 2000, N),
    ("as many as dozens", "vague", 24, N),
    # Number words.
    ("one", "exact", 1, 1),
    ("twenty-one", "exact", 21, 21),
    ("twenty one", "exact", 21, 21),
    ("one hundred and twelve", "exact", 112, 112),
    ("two hundred twelve", "exact", 212, 212),
    ("two thousand", "exact", 2000, 2000),
    ("one thousand two hundred", "exact", 1200, 1200),
    ("ninety-nine thousand nine hundred and ninety-nine", "exact", 99_999, 99_999),
    ("a hundred", "exact", 100, 100),
    ("a dozen", "exact", 12, 12),
    ("two dozen", "exact", 24, 24),
    ("half a dozen", "exact", 6, 6),
    ("around half a million people", "approx", 500_000, 500_000),
    ("half a hundred", "exact", 50, 50),
    ("more than half a million lives", "more_than", 500_000, None),
    ("Thirteen", "exact", 13, 13),
    # Singular nouns and zero.
    ("a soldier", "exact", 1, 1),
    ("killed an elderly man", "exact", 1, 1),
    ("a 19-year-old conscript was killed", "exact", 1, 1),
    ("no one was killed", "exact", 0, 0),
    ("not a single soldier", "exact", 0, 0),
    ("none of the 20", "exact", 0, 0),
    # Digits and separators.
    ("6.500", "exact", 6500, 6500),
    ("6 500", "exact", 6500, 6500),
    ("6\u202f500", "exact", 6500, 6500),
    ("6\u00a0500", "exact", 6500, 6500),
    ("6\u2009500", "exact", 6500, 6500),
    ("6'500", "exact", 6500, 6500),
    ("1,234,567", "exact", 1_234_567, 1_234_567),
    ("1.2 million", "exact", 1_200_000, 1_200_000),
    ("1,5 million", "exact", 1_500_000, 1_500_000),
    ("3m", "exact", 3_000_000, 3_000_000),
    ("5k", "exact", 5000, 5000),
    ("٣٠", "exact", 30, 30),
    ("３０", "exact", 30, 30),
    ("६५", "exact", 65, 65),
    ("killed 40 people in 2020", "exact", 40, 40),
    # Not counts.
    ("soldiers were killed", "unspecified", N, N),
    ("", "unspecified", N, N),
    ("T-72 tank", "unspecified", N, N),
    ("2nd battalion", "unspecified", N, N),
    ("on 27 September", "unspecified", N, N),
    ("on September 27", "unspecified", N, N),
    ("a 10 km stretch", "unspecified", N, N),
    ("two days of shelling", "unspecified", N, N),
    ("at 10:30", "unspecified", N, N),
    ("1.5", "unspecified", N, N),
]


def test_the_table_is_large_and_its_phrases_are_distinct() -> None:
    phrases = [phrase for phrase, *_ in CASES]
    assert len(phrases) >= 45
    assert len(set(phrases)) == len(phrases)


@pytest.mark.parametrize(("phrase", "qualifier", "low", "high"), CASES)
def test_phrase(phrase: str, qualifier: str, low: int | None, high: int | None) -> None:
    assert parse_casualty_figure(phrase) == FigureGuess(qualifier, low, high)


@pytest.mark.parametrize(("phrase", "qualifier", "low", "high"), CASES)
def test_every_expected_guess_passes_the_bounds_check(
    phrase: str, qualifier: str, low: int | None, high: int | None
) -> None:
    assert check_casualty_bounds(qualifier, low, high) is None, phrase


def test_qualifiers_match_the_default_schema() -> None:
    attribute = default_schema().label("casualty_figure").attribute("qualifier")
    assert attribute.values == QUALIFIERS


def test_vague_floors_are_documented_values() -> None:
    assert VAGUE_FLOORS["dozens"] == 24
    assert VAGUE_FLOORS["hundreds"] == 200
    assert VAGUE_FLOORS["many"] is None


def test_guess_is_frozen() -> None:
    guess = parse_casualty_figure("three")
    with pytest.raises(AttributeError):
        guess.low = 4  # type: ignore[misc]


NUMBERISH = st.lists(
    st.sampled_from(
        [
            *"0123456789 ,.-–+~'\u202f\u00a0",
            *(" and ", " to ", " or ", "over ", "about ", "up to ", "at least ", "between "),
            *("dozen", "hundred", "thousand", "million", "m", "twenty", "one", "a ", "no "),
            *("several", "tens of ", "scores", " soldiers", "-year", "september ", ":"),
        ]
    ),
    max_size=15,
).map("".join)


def _valid(guess: FigureGuess) -> None:
    assert guess.qualifier in QUALIFIERS
    for bound in (guess.low, guess.high):
        assert bound is None or (type(bound) is int and bound >= 0)
    if guess.low is not None and guess.high is not None:
        assert guess.low <= guess.high
    assert check_casualty_bounds(guess.qualifier, guess.low, guess.high) is None


@given(st.text(max_size=200))
@example("9" * 5000)
@example("1" + ",000" * 2000)
@example("0." + "1" * 100 + " million")
def test_any_text_gives_a_valid_guess(text: str) -> None:
    _valid(_parse(text))  # the inner parser: a bug would surface here, not be swallowed
    _valid(parse_casualty_figure(text))


@given(NUMBERISH)
def test_number_like_text_gives_a_valid_guess(text: str) -> None:
    _valid(_parse(text))
