"""The places suggester and its gazetteer: spans as the schema's guidance draws them, with
feature level, place id, coordinates and role; what is not a place; the cache on disk.

Building the gazetteer reads GeoNames' city list (seconds), so the module shares one build,
cached in a folder of the session's temporary directory, and is marked slow.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest import gazetteer
from annotator.core.suggest.base import SuggestContext, Suggestion
from annotator.core.suggest.places import suggest_places
from annotator.core.suggest.run import suggest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gazetteer")
    gazetteer.forget()
    gazetteer.load(folder)
    return folder


def places(text: str, cache_dir: Path) -> list[Suggestion]:
    return suggest_places(text, SuggestContext(default_schema(), cache_dir=cache_dir))


def found(text: str, cache_dir: Path) -> list[tuple[str, object, object]]:
    return [
        (item.text, item.attributes["feature_level"], item.attributes.get("place_id"))
        for item in places(text, cache_dir)
    ]


# (sentence, [(span text, feature level, place id)]): ids are ISO codes, GeoNames ids
# (checked against geonames.org) or None for an area without one.
CASES = [
    (  # news style: plain "Congo" is the Democratic Republic; the other is named in full
        "Fighting in eastern Congo displaced thousands who fled to the Republic of Congo.",
        [("Congo", "country", "CD"), ("Republic of Congo", "country", "CG")],
    ),
    (  # Somalia's federal member states, which ISO 3166-2 does not list
        "Fighting spread from Jubaland to Galmudug, officials said.",
        [("Jubaland", "region", None), ("Galmudug", "region", None)],
    ),
    (
        "Russian missiles struck Kharkiv overnight, killing three people, the governor said.",
        [("Kharkiv", "locality", "geonames:706483")],
    ),
    (
        "Shelling in the Kherson region killed two civilians on Tuesday, officials said.",
        [("Kherson region", "region", "UA-65")],
    ),
    (
        "RSF fighters stormed El Fasher, the capital of North Darfur state, activists said.",
        [
            ("El Fasher", "locality", "geonames:379555"),
            ("North Darfur state", "region", "SD-DN"),
        ],
    ),
    (
        "Residents of Sotk in Gegharkunik province heard gunfire until dawn.",
        [("Sotk", "locality", None), ("Gegharkunik province", "region", "AM-GR")],
    ),
    (
        "Syrian government forces shelled villages in Idlib province, monitors said.",
        [("Idlib province", "region", "SY-ID")],
    ),
    # The division, not the city of the same name, when the text says so.
    (
        "Drones struck the province of Idlib and the city of Aleppo.",
        [("Idlib", "region", "SY-ID"), ("Aleppo", "locality", "geonames:170063")],
    ),
    (
        "Israeli strikes on Rafah and Khan Younis in the southern Gaza Strip killed 40 people.",
        [
            ("Rafah", "locality", "geonames:281102"),
            ("Khan Younis", "locality", "geonames:281124"),
            ("Gaza Strip", "region", None),
        ],
    ),
    (
        "Fighting spread to Bahir Dar, the capital of Ethiopia's Amhara region.",
        [
            ("Bahir Dar", "locality", "geonames:342884"),
            ("Ethiopia", "country", "ET"),
            ("Amhara region", "region", "ET-AM"),
        ],
    ),
    (
        "The Arakan Army attacked Sittwe in Rakhine State, in western Burma.",
        [
            ("Sittwe", "locality", "geonames:1295765"),
            ("Rakhine State", "region", "MM-16"),
            ("Burma", "country", "MM"),
        ],
    ),
    # Spellings GeoNames lists as alternates, and a town only known with its country named.
    (
        "Ukrainian troops left Avdiivka and fought near Bakhmut, officials in Kiev said.",
        [
            ("Avdiivka", "locality", "geonames:713122"),
            ("Bakhmut", "locality", "geonames:713174"),
            ("Kiev", "locality", "geonames:703448"),
        ],
    ),
    (
        "Houthi missiles were fired at ships in the Red Sea and toward Israel from Sana'a.",
        [
            ("Red Sea", "area", None),
            ("Israel", "country", "IL"),
            ("Sana'a", "locality", "geonames:71137"),
        ],
    ),
    # English names of cities GeoNames transliterates; a camp named after its town.
    (
        "Government jets bombed Hama and Kobani; troops raided the Jenin refugee camp.",
        [
            ("Hama", "locality", "geonames:170017"),
            ("Kobani", "locality", "geonames:172256"),
            ("Jenin refugee camp", "site", None),
        ],
    ),
    # A country after a direction word is a place; after a full stop, a name is no surname.
    (
        "Rockets fired from southern Lebanon struck a farm. Kinshasa and Rwanda were calm.",
        [
            ("Lebanon", "country", "LB"),
            ("Kinshasa", "locality", "geonames:2314302"),
            ("Rwanda", "country", "RW"),
        ],
    ),
    # A village the gazetteer does not know, and a zone by its capitalised suffix.
    (
        "Two children died in the village of Tal Abyad Sharqi in the West Raqqa Zone.",
        [("Tal Abyad Sharqi", "locality", None), ("West Raqqa Zone", "district", None)],
    ),
    (
        "KYIV, Ukraine (AP) — Drones hit the capital.",
        [("KYIV", "locality", "geonames:703448"), ("Ukraine", "country", "UA")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0][:40] for case in CASES])
def test_place_names_are_spanned_and_identified(
    text: str, expected: list[tuple[str, object, object]], cache_dir: Path
) -> None:
    assert sorted(found(text, cache_dir), key=lambda item: text.index(item[0])) == expected


NOT_PLACES = [
    # Capitalised words that are towns somewhere.
    "Police said the Split decision was Nice, and Mobile operators agreed.",
    # Outlets, bodies and people that carry a place's name.
    "The Kyiv Independent and the Sudan Tribune reported the clashes.",
    "A source told Kurdistan 24 that France 24 and its correspondents were wrong.",
    "The Democratic Forces for the Liberation of Rwanda attacked at dawn.",
    "Voice of America reported that Hassan Nasrallah had spoken.",
    # A state or a force acting, not a place.
    "Israel launched strikes overnight, and Sudan's paramilitary denied it.",
    "Rockets were fired, and Israel responded with artillery.",
    "The Hamas-controlled health ministry said 30 people had died.",
    # Names joined into an event or a pair.
    "Since the Russia-Ukraine war began, pro-Gaza marches grew.",
    # Lower-case words are never names.
    "Prices of turkey and rice rose as the chad of paper piled up.",
    # A small foreign town no country of the text backs: GeoNames' Fano is in Italy.
    "Fighting between federal forces and Fano spread after the deal.",
    # A state's body after its possessive and adjectives, or after the body's kind.
    "Iraq’s federal government and Libya's UN-backed government met.",
    "The commander of Afghanistan's south-eastern police zone and Syria's Kurdish-led forces.",
    "The Gaza health ministry and the Garissa county commissioner gave the toll.",
    # A state pursuing something, or helping: not a place.
    "Mali has been struggling to contain the insurgency.",
    # A capital or a country speaking, doing or blamed for its government.
    "Damascus has intensified its bombardment, and Moscow sent jets.",
    "Kinshasa accused Rwanda of backing the M23, an allegation Rwanda has long denied.",
    # Two states acting together, or backing together.
    "The truce brokered by Russia and Turkey held; Rwanda and Uganda deny backing rebels.",
    "The truce was brokered with help from Egypt and backed by Qatar.",
    # A state as an ally, a backer or what a rebellion opposes.
    "The army and its ally Iran shelled the town, long a pocket opposing Baghdad.",
    "The deal between the rebels' main backers — Egypt and Qatar — held.",
    # A name going on with a lower-case connector: "Sala da Paz" is a coalition.
    'According to "Sala da Paz", the toll rose.',
    # Adjectives before a designator, and a plural: no names.
    "Violence hit the northern Mozambican province and the West African state.",
    "The Hamas-controlled territory and the leaders of Sahel states.",
    "Each district and the Federal state were calm.",
]


@pytest.mark.parametrize("text", NOT_PLACES, ids=[text[:40] for text in NOT_PLACES])
def test_words_bodies_and_actors_are_not_places(text: str, cache_dir: Path) -> None:
    assert found(text, cache_dir) == []


def spans(text: str, cache_dir: Path) -> list[tuple[str, object]]:
    return [(item.text, item.attributes["feature_level"]) for item in places(text, cache_dir)]


def test_a_border_is_an_area_with_its_article_and_no_country_inside(cache_dir: Path) -> None:
    text = (
        "Refugees crossed the Pakistan border and the border with Iran, then the porous "
        "border region; the border town of Chaman was shut."
    )
    assert [item for item in spans(text, cache_dir) if item[0] != "Chaman"] == [
        ("the Pakistan border", "area"),
        ("the border", "area"),
        ("Iran", "country"),
        ("the porous border region", "area"),
    ]


def test_a_lower_case_designator_after_an_unlisted_name_makes_it_a_place(
    cache_dir: Path,
) -> None:
    text = (
        "In Nigeria, gunmen stormed Magami village in Maradun district and Kauru local "
        "government area, then the Anglophone Northwest region."
    )
    assert spans(text, cache_dir)[1:] == [
        ("Magami village", "locality"),
        ("Maradun district", "district"),
        ("Kauru local government area", "district"),
        ("Northwest region", "region"),
    ]


def test_a_listed_name_takes_town_and_territory_after_it(cache_dir: Path) -> None:
    text = "Fighters entered Djenne town in Mali and Rutshuru territory in Congo."
    assert ("Djenne town", "locality") in spans(text, cache_dir)
    assert ("Rutshuru territory", "district") in spans(text, cache_dir)


def test_an_appositive_or_a_distance_after_a_comma_marks_a_place(cache_dir: Path) -> None:
    text = (
        "Soldiers died in Dioungani, an area of central Mali, and in Wadi al-Naft, about "
        "25km west of Kirkuk. Ahmed Ali, a town official, spoke."
    )
    names = [name for name, _ in spans(text, cache_dir)]
    assert names[0] == "Dioungani" and "Wadi al-Naft" in names
    assert not {"Ahmed Ali", "Ahmed", "Ali"} & set(names)


def test_coordinated_and_nested_names_and_articled_names_are_places(cache_dir: Path) -> None:
    text = (
        "In Niger, gunmen raided the villages of Tchombangou and Zaroumdareye, then struck "
        "in Egbekaw, in the North-West, and in Tillia in the northern part of Tahoua, "
        "near the town of al-Dibs."
    )
    names = [name for name, _ in spans(text, cache_dir)]
    assert {"Tchombangou", "Zaroumdareye", "Egbekaw", "Tillia", "al-Dibs"} <= set(names)
    # A people's word before "town of" describes; the name comes after.
    text = "Rockets hit the Druze town of Majdal Shams."
    assert [name for name, _ in spans(text, cache_dir)] == ["Majdal Shams"]


def test_a_name_in_an_office_or_a_body_is_not_repeated_as_a_place(cache_dir: Path) -> None:
    text = (
        "Separatists attacked the village of Bamenyam, in the Bamboutos department of "
        "Cameroon. David Dibango, Prefect of Bamboutos, said the attack was attributed by "
        "Yaoundé to them."
    )
    assert [name for name, _ in spans(text, cache_dir)] == [
        "Bamenyam",
        "Bamboutos department",
        "Cameroon",
    ]


def test_a_name_the_text_made_a_place_is_one_where_it_recurs(cache_dir: Path) -> None:
    text = (
        "Rebels attacked the administrative post of Mbau. They burnt the Mbau offices; "
        "Frelimo's offices in Mbau were destroyed, Mbau said."
    )
    found_spans = [(item.start, item.text) for item in places(text, cache_dir)]
    assert [name for _, name in found_spans] == ["Mbau", "Mbau", "Mbau"]
    assert found_spans[-1][0] < text.rindex("Mbau")  # the speaker is not the place


def test_curly_apostrophes_are_read_as_straight_and_kept_in_the_span(cache_dir: Path) -> None:
    text = "Houthis shelled Ma’rib governorate and Yemen’s government said so."
    assert spans(text, cache_dir) == [("Ma’rib governorate", "region")]


def test_a_dateline_before_a_colon_is_a_place(cache_dir: Path) -> None:
    assert spans("KIRKUK: Three Iraqi soldiers were killed today.", cache_dir) == [
        ("KIRKUK", "locality")
    ]


@pytest.mark.parametrize(
    ("text", "place", "role"),
    [
        (
            "Talks in Geneva between the two sides broke down on Friday.",
            "Geneva",
            "statement_venue",
        ),
        ("The minister said in Jeddah that a ceasefire was near.", "Jeddah", "statement_venue"),
        ("A drone strike on a market in Sumy killed four people.", "Sumy", "event_site"),
        ("Residents of Sumy were preparing for winter.", "Sumy", None),
    ],
)
def test_role_is_filled_only_when_the_sentence_says(
    text: str, place: str, role: str | None, cache_dir: Path
) -> None:
    (only,) = places(text, cache_dir)
    assert (only.text, only.attributes.get("role")) == (place, role)


def test_coordinates_come_with_cities_and_countries_never_invented(cache_dir: Path) -> None:
    kharkiv, ukraine, region = places(
        "Kharkiv, in Ukraine, and the Donetsk region were shelled.", cache_dir
    )
    assert kharkiv.attributes["latitude"] == pytest.approx(49.98, abs=0.01)
    assert kharkiv.attributes["longitude"] == pytest.approx(36.25, abs=0.01)
    # A country's point is its population's centre, derived from GeoNames: inside Ukraine.
    assert 44 < float(ukraine.attributes["latitude"]) < 53  # type: ignore[arg-type]
    assert 22 < float(ukraine.attributes["longitude"]) < 41  # type: ignore[arg-type]
    # ISO 3166-2 has no coordinates: none rather than made up.
    assert region.attributes["place_id"] == "UA-14"
    assert "latitude" not in region.attributes and "longitude" not in region.attributes


def test_the_runner_keeps_what_the_schema_allows(cache_dir: Path) -> None:
    context = SuggestContext(default_schema(), cache_dir=cache_dir)
    text = "Shelling killed two people in Kherson, Ukraine's southern city, on Monday."
    (kherson, ukraine) = suggest(text, context, labels=["location"])
    assert (kherson.text, kherson.suggester, kherson.label) == ("Kherson", "places", "location")
    assert kherson.attributes["role"] == "event_site"
    assert ukraine.attributes["place_id"] == "UA"


def test_a_second_process_loads_the_cache_instead_of_building(cache_dir: Path) -> None:
    (cached,) = cache_dir.glob("gazetteer-*.pickle")
    assert cached.name == gazetteer.cache_key()
    gazetteer.forget()  # what a new process would have: nothing in memory
    loaded = gazetteer.load(cache_dir)
    assert loaded.source == "cache"
    assert loaded.lookup("Gegharkunik") is not None
    assert gazetteer.load(cache_dir) is loaded  # and once per process


def test_a_cache_built_by_other_alias_lists_is_not_read(cache_dir: Path, tmp_path: Path) -> None:
    # Same packages, same format, but built before someone edited our alias lists.
    (cached,) = cache_dir.glob("gazetteer-*.pickle")
    stale_name = cached.name.rsplit("-", 1)[0] + "-000000000000.pickle"
    assert stale_name != gazetteer.cache_key()
    shutil.copyfile(cached, tmp_path / stale_name)
    gazetteer.forget()
    assert gazetteer.load(tmp_path).source == "built"
    assert [path.name for path in tmp_path.glob("gazetteer-*")] == [gazetteer.cache_key()]
    gazetteer.forget()


def test_a_corrupt_cache_is_rebuilt_not_an_error(cache_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / gazetteer.cache_key()
    broken.write_bytes(b"\x80\x05not a pickle at all")
    older = tmp_path / "gazetteer-0-1.0-1.0-1.0.pickle"  # from packages since upgraded
    older.write_bytes(b"")
    abandoned = tmp_path / ".gazetteer-dead"  # a process died writing it an hour ago
    abandoned.write_bytes(b"half")
    os.utime(abandoned, (time.time() - 3600, time.time() - 3600))
    gazetteer.forget()
    rebuilt = gazetteer.load(tmp_path)
    assert rebuilt.source == "built"
    assert [item.text for item in places("Clashes in Taiz.", tmp_path)] == ["Taiz"]
    gazetteer.forget()
    assert gazetteer.load(tmp_path).source == "cache"  # the file was written anew
    assert not older.exists()  # and the one no version will read again is gone
    assert not abandoned.exists()
    gazetteer.forget()
