"""The annotation guide's content, built from the schema without Qt."""

from __future__ import annotations

import pytest

from annotator.core.guide import Guide, build_guide
from annotator.core.schema import default_schema, parse_schema

MINIMAL = {
    "id": "minimal",
    "version": "1",
    "name": "Minimal",
    "labels": [
        {
            "id": "event",
            "name": "Event",
            "key": "e",
            "color": "#112233",
            "attributes": [
                {"id": "confirmed", "name": "Confirmed", "type": "boolean"},
                {"id": "deaths", "name": "Deaths", "type": "integer", "maximum": 100},
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def guide() -> Guide:
    return build_guide(default_schema())


def entries(guide: Guide) -> dict[str, object]:
    return {entry.anchor: entry for section in guide.sections for entry in section.entries}


def test_every_label_attribute_and_link_type_has_guidance_and_an_example(guide) -> None:
    schema = default_schema()
    by_anchor = entries(guide)
    expected = [f"label:{label.id}" for label in schema.labels]
    expected += [f"attribute:{lab.id}.{a.id}" for lab in schema.labels for a in lab.attributes]
    expected += [f"relation:{relation.id}" for relation in schema.relations]
    assert sorted(by_anchor) == sorted(expected)
    for anchor, entry in by_anchor.items():
        assert entry.guidance, anchor
        assert entry.example, anchor
    assert guide.title == "Contested reports"
    assert "Code what each source says" in guide.description


def test_sections_follow_the_schema(guide) -> None:
    titles = [section.title for section in guide.sections]
    assert titles == [
        "Claim (key 1)",
        "Source (key 2)",
        "Casualty figure (key 3)",
        "Location (key 4)",
        "Links",
    ]
    casualty = guide.sections[2]
    assert [e.title for e in casualty.entries][:3] == ["Casualty figure", "Outcome", "Victim type"]


@pytest.mark.parametrize(
    ("anchor", "fact"),
    [
        ("label:casualty_figure", "Key 3 labels the selected text."),
        ("attribute:casualty_figure.qualifier", "Required (left empty, the span gets a warning)."),
        ("attribute:casualty_figure.qualifier", "More than"),
        ("attribute:casualty_figure.low", "A whole number, 0 or more."),
        ("attribute:location.latitude", "A number from -90 to 90."),
        ("attribute:source.affiliation", "For instance: Armenia, Azerbaijan, Russia."),
        ("relation:attributed_to", "From Claim or Casualty figure to Source."),
        ("relation:same_as", "Either direction means the same."),
        ("relation:corroborates", "Both ends carry the same label."),
    ],
)
def test_facts_say_what_the_form_takes(guide, anchor: str, fact: str) -> None:
    assert any(fact in text for text in entries(guide)[anchor].facts)


def test_values_are_shown_readable(guide) -> None:
    facts = " ".join(entries(guide)["attribute:source.source_type"].facts)
    assert "Armed group" in facts and "armed_group" not in facts
    assert "NGO" in facts  # the schema's own display name for the value


@pytest.mark.parametrize(
    ("query", "anchors"),
    [
        # The label's entry lists its form's fields, so it is found with them.
        ("qualifier", {"label:casualty_figure", "attribute:casualty_figure.qualifier"}),
        ("QUALIFIER", {"label:casualty_figure", "attribute:casualty_figure.qualifier"}),
        ("more than", {"label:casualty_figure", "attribute:casualty_figure.qualifier"}),
        (
            "casualty low",  # the label's name and the attribute's, in one query
            {
                "label:casualty_figure",
                "attribute:casualty_figure.qualifier",
                "attribute:casualty_figure.low",
            },
        ),
        ("cites", {"label:source", "relation:cites"}),
        ("latitud", {"label:location", "attribute:location.latitude"}),
        ("Sotk checkpoint", {"attribute:location.feature_level"}),  # in an example
        ("nothing like this", set()),
    ],
)
def test_filtering_finds_entries_by_any_word(guide, query: str, anchors: set[str]) -> None:
    found = guide.filtered(query)
    assert set(entries(found)) == anchors
    assert all(section.entries for section in found.sections)  # no empty sections


def test_filtering_is_accent_insensitive_and_empty_keeps_all(guide) -> None:
    assert guide.filtered("") is guide
    assert guide.filtered("   ").entry_count == guide.entry_count
    assert "label:location" in entries(guide.filtered("gégharkunik"))


def test_a_schema_without_guidance_or_examples_still_gives_a_guide() -> None:
    guide = build_guide(parse_schema(MINIMAL, "minimal.json"))
    (section,) = guide.sections
    assert section.title == "Event (key e)"
    label, confirmed, deaths = section.entries
    assert (label.guidance, label.example) == ("", "")
    assert confirmed.facts == ("Yes or no.",)
    assert deaths.facts == ("A whole number, 100 or less.",)


def test_the_schema_format_takes_an_example_only_as_text() -> None:
    broken = {**MINIMAL, "labels": [{**MINIMAL["labels"][0], "example": 3}]}
    with pytest.raises(Exception, match="example"):
        parse_schema(broken, "broken.json")
