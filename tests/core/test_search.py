"""The forgiving search behind the link target box: any part, any case, any accents."""

from __future__ import annotations

import pytest

from annotator.core.search import choose, fold, matches, matching, search_key

SOURCE = search_key("Source", "Azerbaijan's defence ministry")
PLACE = search_key("Location", "Gegharkunik province")
KALBAJAR = search_key("Location", "Kəlbəcər")
FRENCH = search_key("Source", "le ministère de la Défense de l’Azerbaïdjan")
ARMENIAN = search_key("Location", "Գեղարքունիք")


@pytest.mark.parametrize(
    ("query", "key", "found"),
    [
        ("Azerb", SOURCE, True),  # the start of a word inside the text
        ("azerb", SOURCE, True),
        ("AZERB", SOURCE, True),
        ("Geg", PLACE, True),
        ("harkun", PLACE, True),  # the middle of a word
        ("source", SOURCE, True),  # the label
        ("location geg", PLACE, True),  # label and text, any order
        ("geg location", PLACE, True),
        ("province gegh", PLACE, True),
        ("azerbaïdjan", FRENCH, True),  # accents typed, accents stored
        ("azerbaidjan", FRENCH, True),  # accents left out
        ("Azerbaïdjan", search_key("Source", "Azerbaidjan"), True),  # accents only typed
        ("defense", FRENCH, True),
        ("kelbecer", KALBAJAR, True),  # ə has no accent to drop: spelled as e
        ("Kəlbəcər", KALBAJAR, True),
        ("Գեղ", ARMENIAN, True),  # other scripts match as they are
        ("azerbaijan's", SOURCE, True),  # punctuation is not part of a word
        ("“Azerbaijan", SOURCE, True),
        ("", SOURCE, True),  # nothing typed: everything
        ("   ", SOURCE, True),
        ("Azerb", PLACE, False),
        ("geg azerb", PLACE, False),  # every word must be found
        ("kalbajar", KALBAJAR, False),  # a different spelling is a different word
        ("ministryx", SOURCE, False),
    ],
)
def test_matches(query: str, key: str, found: bool) -> None:
    assert matches(query, key) is found


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Azerbaïdjan", "azerbaidjan"),
        ("ÉTAT-MAJOR", "etat major"),
        ("Straße", "strasse"),
        ("  two\n lines\t", "two lines"),
        ("Łódź", "lodz"),
        ("ﬁre", "fire"),  # a ligature, split by NFKD
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_matching_keeps_the_candidates_order() -> None:
    keys = [SOURCE, PLACE, FRENCH, KALBAJAR]
    assert matching("azerb", keys) == [0, 2]
    assert matching("location", keys) == [1, 3]
    assert matching("nothing", keys) == []


def test_choose_takes_the_shown_text_then_the_only_match_else_lists_them() -> None:
    keys = [SOURCE, PLACE, FRENCH]
    shown = ["Source “Azerbaijan's defence ministry”", "Location “Gegharkunik province”", "x"]
    assert choose(shown[1], keys, shown) == 1  # the pre-filled text of a candidate
    assert choose("geg", keys, shown) == 1
    assert choose("azerb", keys, shown) == [0, 2]  # several: the caller asks which
    assert choose("nowhere", keys, shown) == []
