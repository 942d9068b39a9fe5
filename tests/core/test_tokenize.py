"""The one tokenizer: offsets in code points, whitespace never a token, words kept whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.tokenize import (
    TokenIndex,
    _whitespace_token_arrays,
    token_arrays,
    token_texts,
    tokenize,
    tokens_for_span,
    whitespace_token_arrays,
    with_whitespace_tokens,
)
from tests.core.word_edges import is_word_edge

# Text drawn from the characters the corpus is made of, plus everything else now and then.
SPECIAL = [
    "s",
    "S",
    "’",
    "Գ",
    "ե",
    "ə",
    "\u0301",
    "😢",
    "👩",
    "\u200d",
    "🚒",
    "\ufe0f",
    "🇦",
    "🇲",
    "𝐀",
    "_",
]
ALPHABET = st.sampled_from([*"ab Z9,.'-\n\t\u00a0", *SPECIAL])
TEXTS = st.one_of(st.text(ALPHABET, max_size=60), st.text(max_size=40))


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_words_numbers_and_symbols() -> None:
    text = "Over 6,500 lives; don't shell Kəlbəcər or Գեղարքունիք with 120mm mortars (3.5 km)."
    assert words(text) == [
        "Over", "6,500", "lives", ";", "don't", "shell", "Kəlbəcər", "or", "Գեղարքունիք",
        "with", "120mm", "mortars", "(", "3.5", "km", ")", ".",
    ]  # fmt: skip


def test_marks_hyphens_and_apostrophes() -> None:
    assert words("de\u0301mining Armenian-Azerbaijani soldiers' a--b x_y") == [
        "de\u0301mining", "Armenian-Azerbaijani", "soldiers", "'", "a", "-", "-", "b",
        "x", "_", "y",
    ]  # fmt: skip


def test_possessive_s_is_split_off_like_spacy_and_conll() -> None:
    text = "Azerbaijan's defence ministry, the OSCE’s monitors, IT'S O'Brien's; let's go"
    assert words(text) == [
        "Azerbaijan", "'s", "defence", "ministry", ",", "the", "OSCE", "’s", "monitors", ",",
        "IT", "'S", "O'Brien", "'s", ";", "let", "'s", "go",
    ]  # fmt: skip
    # Only a clitic that ends the word and follows one: "'s" elsewhere is no possessive.
    assert words("ma'soum 's x'sé soldiers'") == [
        "ma'soum", "'", "s", "x'sé", "soldiers", "'",
    ]  # fmt: skip


def test_emoji_sequences_stay_whole() -> None:
    assert words("📍 👩\u200d🚒 👍🏽 ❤\ufe0f 🇦🇲🇦🇿 #\ufe0f\u20e3 𝐀") == [
        "📍", "👩\u200d🚒", "👍🏽", "❤\ufe0f", "🇦🇲", "🇦🇿", "#\ufe0f\u20e3", "𝐀",
    ]  # fmt: skip


def test_offsets_are_code_points_and_ws_says_whether_space_follows() -> None:
    tokens = tokenize("😢 dead.\n\nNext")
    assert [(t.text, t.start, t.end, t.ws) for t in tokens] == [
        ("😢", 0, 1, True),
        ("dead", 2, 6, False),
        (".", 6, 7, True),
        ("Next", 9, 13, False),
    ]


def test_spans_widen_to_token_edges() -> None:
    text = "in Stepanakert, today"
    tokens = tokenize(text)
    found = tokens_for_span(tokens, text.index("epan"), text.index(","))
    assert found is not None
    assert (found.first, found.last) == (1, 1)
    assert text[found.start : found.end] == "Stepanakert"
    assert tokens_for_span(tokens, 2, 3) is None  # only a space
    spaced = tokens_for_span(tokens, 2, 9)  # " Stepan" -> from the word, out to its end
    assert spaced is not None and text[spaced.start : spaced.end] == "Stepanakert"


def test_spacy_view_keeps_line_breaks_as_tokens() -> None:
    text = "  A b\n\nc  d "
    full, where = with_whitespace_tokens(tokenize(text), text)
    assert [t.text for t in full] == ["  ", "A", "b", "\n\n", "c", " ", "d"]
    assert [full[i].text for i in where] == ["A", "b", "c", "d"]


@given(TEXTS)
def test_tokens_cover_every_non_space_character_exactly_once(text: str) -> None:
    tokens = tokenize(text)
    covered = [False] * len(text)
    previous_end = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end  # in order, never overlapping
        assert token.text and not token.text[0].isspace()
        assert not any(c.isspace() for c in token.text)
        assert token.ws == (token.end < len(text) and text[token.end].isspace())
        for i in range(token.start, token.end):
            covered[i] = True
        previous_end = token.end
    assert all(covered[i] or c.isspace() for i, c in enumerate(text))
    assert token_texts(text) == [t.text for t in tokens]


@given(TEXTS)
def test_spacy_view_rebuilds_the_text(text: str) -> None:
    full, where = with_whitespace_tokens(tokenize(text), text)
    assert "".join(t.text + (" " if t.ws else "") for t in full) == text
    assert all(full[i].text == t.text for i, t in zip(where, tokenize(text), strict=True))


@given(TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_widened_spans_sit_on_token_edges(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    tokens = tokenize(text)
    found = TokenIndex(tokens).span(start, end)
    if found is None:
        assert all(t.end <= start or t.start >= end for t in tokens)
        return
    assert tokens[found.first].start == found.start and tokens[found.last].end == found.end
    inside = [t for t in tokens if t.start < end and t.end > start]
    assert inside == tokens[found.first : found.last + 1]


@given(TEXTS)
def test_no_token_crosses_a_word_edge(text: str) -> None:
    """Whatever lies on word edges (judged without the tokenizer) is on token edges too, so
    a span over whole words is never moved by a token export."""
    inside = {p for t in tokenize(text) for p in range(t.start + 1, t.end)}
    assert [p for p in range(len(text) + 1) if is_word_edge(text, p) and p in inside] == []


def test_word_edges_in_a_news_sentence() -> None:
    text = "Azerbaijan's 6,500 don't (Baku)."
    marked = "".join(("|" if is_word_edge(text, p) else "") + c for p, c in enumerate(text))
    assert marked + "|" == "|Azerbaijan|'s| |6,500| |don't| |(|Baku|).|"


# Mostly single spaces between words, so that the single-spaced fast path is taken often.
SPACED = st.lists(st.text(ALPHABET.filter(lambda c: not c.isspace()), max_size=6), max_size=12)


@given(SPACED, st.sampled_from(["", " ", "\n", " \n", "  ", "\t"]))
def test_spacy_view_of_single_spaced_text_matches_the_general_rule(
    words_: list[str], tail: str
) -> None:
    text = " ".join(words_) + tail
    texts, starts, ends = token_arrays(text)
    assert whitespace_token_arrays(text, texts, starts, ends) == _whitespace_token_arrays(
        text, texts, starts, ends
    )
