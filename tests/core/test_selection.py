"""Selections become span edges on word boundaries, whatever the script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.selection import next_word_edge, snap_to_words, trim

TEXT = "Azerbaijan's defence ministry said Kəlbəcər (Գեղարքունիք) was hit 📍 twice; 6,500 died."


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("baijan's def", "Azerbaijan's defence"),
        (" defence ", "defence"),
        ("lbəc", "Kəlbəcər"),
        ("ղարք", "Գեղարքունիք"),
        ("was hit 📍", "was hit 📍"),
        ("ry sa", "ministry said"),
        ("6,5", "6,500"),
    ],
)
def test_snap_widens_to_whole_words(fragment: str, expected: str) -> None:
    start = TEXT.index(fragment)
    s, e = snap_to_words(TEXT, start, start + len(fragment))
    assert TEXT[s:e] == expected


def test_combining_marks_stay_with_their_letter() -> None:
    text = "Cafe\u0301 closed"
    s, e = snap_to_words(text, 0, 4)
    assert text[s:e] == "Cafe\u0301"


def test_trim_and_word_steps() -> None:
    assert trim("  ab  ", 0, 6) == (2, 4)
    assert trim("   ", 0, 3)[0] == trim("   ", 0, 3)[1]
    text = "over 6,500 lives lost"
    assert text[: next_word_edge(text, 0, +1)] == "over"
    assert text[: next_word_edge(text, 4, +1)] == "over 6,500"
    assert next_word_edge(text, len(text), -1) == text.index("lost")


@given(st.text(max_size=60), st.data())
def test_snapping_stays_inside_the_text_and_covers_the_selection(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    trimmed = trim(text, start, end)
    if trimmed[0] < trimmed[1]:
        assert s <= trimmed[0] and e >= trimmed[1]
