"""Places the gazetteer does not list, found from the words around them, and places read
right where a state acts or goes through something: rules written so that they hold on any
wire report, each checked on sentences written for this test.

Building the gazetteer reads GeoNames' city list (seconds): one build per module, in the
session's temporary directory, marked slow as ``test_suggest_places`` is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest import gazetteer
from annotator.core.suggest.base import SuggestContext
from annotator.core.suggest.place_index import fold
from annotator.core.suggest.places import suggest_places

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gazetteer")
    gazetteer.forget()
    gazetteer.load(folder)
    return folder


def spans(text: str, cache_dir: Path) -> list[tuple[str, object]]:
    found = suggest_places(text, SuggestContext(default_schema(), cache_dir=cache_dir))
    return [(item.text, item.attributes["feature_level"]) for item in found]


# (sentence, the places proposed in it): invented villages the gazetteer cannot know.
CONTEXT_CASES = [
    (
        "Gunmen killed four traders near Kpelebo, police in Mali said.",
        [("Kpelebo", "locality"), ("Mali", "country")],
    ),
    (
        "Two soldiers died when militants stormed an army post outside Dabolo.",
        [("Dabolo", "locality")],
    ),
    (
        "A grenade went off at a police station in Sagbadou during the night.",
        [("Sagbadou", "locality")],
    ),
    (
        "Fighting broke out in Makutu on Friday and spread to the hills.",
        [("Makutu", "locality")],
    ),
    (
        "Residents of Kiberet fled to Lomayo, which lies on the main road.",
        [("Kiberet", "locality"), ("Lomayo", "locality")],
    ),
    (  # found once, a name is a place where it recurs
        "Troops returned to Lomayo on Sunday. Lomayo was calm by evening.",
        [("Lomayo", "locality"), ("Lomayo", "locality")],
    ),
    (  # a facility or a park named by a place, listed or not
        "Shells fell near Kintoro primary school and in the Sabou National Park.",
        [("Kintoro primary school", "site"), ("Sabou National Park", "site")],
    ),
    (
        "The wounded were taken to Goma hospital, and others to the W Game Reserve.",
        [("Goma hospital", "site"), ("W Game Reserve", "site")],
    ),
    (  # "the" before an unlisted name: the facility is named, not described
        "Shells hit the Kanyaruchinya camp at dawn.",
        [("Kanyaruchinya camp", "site")],
    ),
    (  # several borders, once the text says which
        "The camp lies near the borders with Iran and Iraq.",
        [("the borders", "area"), ("Iran", "country"), ("Iraq", "country")],
    ),
    (  # a listed name ("Kone") inside a longer village name does not block it
        "The junta bombed Let Yet Kone village on Thursday.",
        [("Let Yet Kone village", "locality")],
    ),
    (  # a country that went through something is the place it happened
        "Burundi plunged into crisis in 2015, and Mali slid into war.",
        [("Burundi", "country"), ("Mali", "country")],
    ),
    (  # bordered by a country: a place
        "Chad is bordered by Niger to the west.",
        [("Chad", "country"), ("Niger", "country")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), CONTEXT_CASES, ids=[case[0][:40] for case in CONTEXT_CASES]
)
def test_context_marks_an_unlisted_name_as_a_place(
    text: str, expected: list[tuple[str, str]], cache_dir: Path
) -> None:
    assert spans(text, cache_dir) == expected


NOT_PLACES = [
    # a description, not a facility's name; a person near whom something happened
    "A Goma hospital said the toll had risen.",
    "Protesters gathered near President Kiir's residence.",
    # days, months, peoples and bodies after the same words
    "Talks resumed in December on Monday near Ugandan positions.",
    # a division's word at the end of a group's longer name
    "Fighters of the Islamic State West Africa Province fled.",
    # states that list a group or back it are actors, not places
    "The group, listed as a terrorist organisation by Canada and Britain, denies it.",
    # the agent of an act, and a state acting in a relative clause
    "Drones launched by Russia hit the port.",
    "Moscow, which launched the war in 2022, denies it.",
]


@pytest.mark.parametrize("text", NOT_PLACES, ids=[text[:40] for text in NOT_PLACES])
def test_no_place_is_read_into_these(text: str, cache_dir: Path) -> None:
    assert [name for name, _ in spans(text, cache_dir) if name != "Goma"] == []


def test_letters_without_a_separate_mark_are_folded_as_copy_writes_them() -> None:
    assert fold("Diyarbakır") == "Diyarbakir"
    assert fold("Łódź") == "Lodz"
    assert fold("Tromsø") == "Tromso"


def test_a_name_written_without_its_letters_marks_is_found(cache_dir: Path) -> None:
    text = "DIYARBAKIR, Turkey (Reuters) - Clashes were reported near Diyarbakir."
    assert spans(text, cache_dir) == [
        ("DIYARBAKIR", "locality"),
        ("Turkey", "country"),
        ("Diyarbakir", "locality"),
    ]
