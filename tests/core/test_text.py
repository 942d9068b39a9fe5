"""Canonical text and offsets, property-tested over arbitrary Unicode (DESIGN section 3)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import (
    TITLE_LIMIT,
    Utf16Map,
    canonicalize,
    decode_bytes,
    fallback_doc_id,
    find_quote,
    line_column,
    text_sha256,
    title_from_text,
)
from annotator.errors import UserError

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(ANY_TEXT)
def test_utf16_round_trip_at_every_code_point_boundary(text: str) -> None:
    mapping = Utf16Map.of(text)
    assert mapping.utf16_length == utf16_units(text)
    for cp in range(len(text) + 1):
        u16 = mapping.to_utf16(cp)
        assert u16 == utf16_units(text[:cp])
        assert mapping.to_code_point(u16) == cp


@given(ANY_TEXT)
def test_utf16_offset_inside_a_surrogate_pair_snaps_to_the_character_start(text: str) -> None:
    mapping = Utf16Map.of(text)
    for cp, char in enumerate(text):
        if ord(char) > 0xFFFF:
            inside = mapping.to_utf16(cp) + 1
            assert mapping.to_code_point(inside) == cp


def test_utf16_known_values() -> None:
    text = "📍 Գեղարքունիք 𝐀 Kəlbəcər e\u0301"
    mapping = Utf16Map.of(text)
    assert mapping.to_utf16(1) == 2  # after the pin emoji
    assert mapping.to_utf16(text.index("𝐀") + 1) == text.index("𝐀") + 1 + 2
    assert text[mapping.to_code_point(mapping.to_utf16(3)) :].startswith("եղ")
    with pytest.raises(ValueError):
        mapping.to_utf16(len(text) + 1)


@given(ANY_TEXT)
def test_canonicalize_only_touches_line_ends(text: str) -> None:
    result = canonicalize(text)
    assert "\r" not in result
    assert result.replace("\n", "") == text.replace("\r", "").replace("\n", "")
    assert canonicalize(result) == result


# A text starting with U+FEFF is, as bytes, a text behind a BOM: the BOM is dropped, rightly.
@given(ANY_TEXT.filter(lambda t: "\x00" not in t and not t.startswith("\ufeff")))
def test_decode_accepts_utf8_with_and_without_bom_and_utf16_with_bom(text: str) -> None:
    expected = canonicalize(text)
    assert decode_bytes(text.encode("utf-8"), "f") == expected
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "f") == expected
    assert decode_bytes(text.encode("utf-16"), "f") == expected  # Python writes a BOM


def test_decode_names_the_bad_byte() -> None:
    with pytest.raises(UserError, match=r"^report.txt: byte 3: not valid UTF-8"):
        decode_bytes(b"abc\xe9def", "report.txt")
    with pytest.raises(UserError, match=r"^b.bin: line 2, column 2: NUL character"):
        decode_bytes(b"ok\nx\x00y", "b.bin")


def test_crlf_and_cr_become_lf_and_nothing_else_changes() -> None:
    text = "Title\r\n\r\nLine one\rline two\u00a0 e\u0301 \t"
    assert decode_bytes(text.encode(), "f") == "Title\n\nLine one\nline two\u00a0 e\u0301 \t"


def test_identity_helpers() -> None:
    digest = text_sha256("Kəlbəcər 📍")
    assert digest == hashlib.sha256("Kəlbəcər 📍".encode()).hexdigest()
    assert fallback_doc_id(digest) == "sha256:" + digest[:16]
    assert title_from_text("\n\n  Headline here  \nbody") == "Headline here"
    assert line_column("ab\ncd", 4) == (2, 2)


def test_a_title_is_the_first_line_cut_short_at_a_word() -> None:
    assert title_from_text("") == title_from_text(" \n \n") == ""
    assert title_from_text("only line") == "only line"
    long_line = " ".join(["casualties"] * 60)  # 659 characters, one line
    title = title_from_text(long_line + "\nbody")
    assert len(title) <= TITLE_LIMIT and title.endswith("casualties\u2026")
    unbroken = "x" * 500
    assert title_from_text(unbroken) == "x" * (TITLE_LIMIT - 1) + "\u2026"


def test_find_quote_prefers_the_nearest_occurrence() -> None:
    text = "Baku said. Later Baku said again. Baku."
    assert find_quote(text, "Baku", 20) == 17
    assert find_quote(text, "Yerevan", 0) is None
