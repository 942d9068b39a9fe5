from __future__ import annotations

import pytest

from annotator.core.suggest.sentences import sentence_at, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two!  Three?", ["One.", "Two!", "Three?"]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        (
            "Gen. Smith said U.S. troops left. Mr. Lee agreed.",
            ["Gen. Smith said U.S. troops left.", "Mr. Lee agreed."],
        ),
        (
            "According to R.F.E./R.L. the toll rose. It was 12.",
            ["According to R.F.E./R.L. the toll rose.", "It was 12."],
        ),
        ("The toll was 6.5 per cent. Next\nline", ["The toll was 6.5 per cent.", "Next", "line"]),
        ("J. K. Doe spoke.", ["J. K. Doe spoke."]),
        ("", []),
        ("   ", []),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_at_an_index() -> None:
    text = "One. Two."
    assert sentence_at(text, 6) == (5, 9)
    assert sentence_at(text, 4) == (0, 9)  # the space between sentences: the whole text
