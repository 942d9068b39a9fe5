"""Display names and counted nouns (core/names.py), and the schema's optional value_names."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.core import names
from annotator.core.schema import default_schema, parse_schema
from annotator.errors import UserError

SCHEMA = default_schema()


@pytest.mark.parametrize(
    ("identifier", "shown"),
    [
        ("armed_group", "Armed group"),
        ("more_than", "More than"),
        ("killed", "Killed"),
        ("at_least", "At least"),
        ("casualty-figure", "Casualty figure"),
        ("Already a Name", "Already a Name"),  # not an id: left alone
        ("", ""),
    ],
)
def test_humanize(identifier: str, shown: str) -> None:
    assert names.humanize(identifier) == shown


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [
        (0, "document", "0 documents"),
        (1, "document", "1 document"),
        (2, "document", "2 documents"),
        (1, "participant", "1 participant"),
        (3, "participant", "3 participants"),
        (1, "match", "1 match"),
        (2, "match", "2 matches"),
        (2, "entity", "2 entities"),
        (2, "day", "2 days"),
        (6500, "span", "6,500 spans"),
        (1, "accepted span", "1 accepted span"),
        (2, "accepted span", "2 accepted spans"),
    ],
)
def test_count(n: int, noun: str, text: str) -> None:
    assert names.count(n, noun) == text


def test_count_takes_an_irregular_plural() -> None:
    assert names.count(2, "analysis", "analyses") == "2 analyses"
    assert names.count(1, "analysis", "analyses") == "1 analysis"


@pytest.mark.parametrize(
    ("label", "attribute", "value", "shown"),
    [
        ("source", "source_type", "armed_group", "Armed group"),
        ("source", "source_type", "ngo", "NGO"),  # the schema's value_names
        ("casualty_figure", "qualifier", "more_than", "More than"),
        ("casualty_figure", "qualifier", "approx", "Approximately"),
        ("casualty_figure", "low", 6500, "6,500"),
        ("casualty_figure", "low", None, "empty"),
        ("source", "affiliation", "Azerbaijan's MoD", "Azerbaijan's MoD"),  # text as typed
        ("claim", "mood", "very_angry", "Very angry"),  # an attribute the schema lacks
        ("rumour", "kind", "drone_strike", "Drone strike"),  # a label the schema lacks
    ],
)
def test_attribute_values_as_users_read_them(
    label: str, attribute: str, value: object, shown: str
) -> None:
    assert names.attribute_value_name(SCHEMA, label, attribute, value) == shown


@pytest.mark.parametrize(
    ("function", "args", "shown"),
    [
        (names.label_name, ("casualty_figure",), "Casualty figure"),
        (names.label_name, ("armed_unit",), "Armed unit"),
        (names.relation_name, ("attributed_to",), "attributed to"),
        (names.relation_name, ("denies_fully",), "Denies fully"),
        (names.attribute_name, ("source", "source_type"), "Source type"),
        (names.attribute_name, ("source", "hidden_agenda"), "Hidden agenda"),
    ],
)
def test_names_of_labels_links_and_attributes(function: Any, args: tuple, shown: str) -> None:
    assert function(SCHEMA, *args) == shown


def test_quoted_shortens_long_text_in_the_middle() -> None:
    assert names.quoted("Baku") == "“Baku”"
    long = names.quoted("a" * 40 + " and " + "b" * 40, limit=21)
    assert long == "“aaaaaaaaaa…bbbbbbbbbb”"


def _with_value_names(value_names: object, attribute: str = "source_type") -> dict[str, Any]:
    raw = copy.deepcopy(SCHEMA.raw)
    source = next(label for label in raw["labels"] if label["id"] == "source")
    target = next(a for a in source["attributes"] if a["id"] == attribute)
    target["value_names"] = value_names
    return raw


def test_value_names_are_optional_and_checked() -> None:
    old = copy.deepcopy(SCHEMA.raw)
    for label in old["labels"]:
        for attribute in label.get("attributes", []):
            attribute.pop("value_names", None)
    plain = parse_schema(old, "old.json")  # a schema from before value_names: still valid
    source_type = plain.label("source").attribute("source_type")
    assert source_type.value_names == ()
    assert names.value_name(source_type, "ngo") == "Ngo"

    renamed = parse_schema(_with_value_names({"media": "News media"}), "new.json")
    attribute = renamed.label("source").attribute("source_type")
    assert names.value_name(attribute, "media") == "News media"
    assert names.value_name(attribute, "witness") == "Witness"

    with pytest.raises(UserError, match="'press' is not one of the attribute's values"):
        parse_schema(_with_value_names({"press": "Press"}), "bad.json")
    with pytest.raises(UserError, match="value_names"):
        parse_schema(_with_value_names({"media": ""}), "empty.json")
    with pytest.raises(UserError, match="not allowed for an attribute of this type"):
        parse_schema(_with_value_names({"x": "X"}, attribute="affiliation"), "text.json")
