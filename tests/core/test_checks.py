"""The DESIGN section 4 warnings, on real Span/Relation objects and the default schema."""

from __future__ import annotations

import pytest

from annotator.core.checks import document_warnings, missing_link, span_warnings
from annotator.core.model import AttributeValue, Relation, Span, new_uid
from annotator.core.schema import default_schema, parse_schema
from annotator.errors import UserError

SCHEMA = default_schema()
NO_SOURCE = missing_link(SCHEMA, SCHEMA.label("claim"))
CLAIM_OK: dict[str, AttributeValue] = {"claim_type": "event", "factuality": "asserted"}
SOURCE_OK: dict[str, AttributeValue] = {"source_type": "military"}
FIGURE_OK: dict[str, AttributeValue] = {
    "outcome": "killed",
    "victim_type": "combatant",
    "qualifier": "exact",
    "low": 3,
    "high": 3,
    "scope": "incident",
}


def span(label: str, attributes: dict[str, AttributeValue], text: str = "x") -> Span:
    return Span(new_uid("s"), 1, "alice", label, 0, len(text), text, dict(attributes))


def relation(kind: str, source: Span, target: Span) -> Relation:
    return Relation(new_uid("r"), 1, "alice", kind, source.uid, target.uid)


def authorial_claim(**changes: AttributeValue) -> Span:
    return span("claim", {**CLAIM_OK, "quote_style": "authorial", **changes})


def figure(**changes: AttributeValue) -> Span:
    return span("casualty_figure", {**FIGURE_OK, **changes}, "three soldiers")


def test_complete_spans_have_no_warnings() -> None:
    assert span_warnings(authorial_claim(), SCHEMA, []) == []
    assert span_warnings(span("source", SOURCE_OK), SCHEMA, []) == []
    assert span_warnings(figure(), SCHEMA, []) == []


# Required attributes.


def test_each_empty_required_attribute_is_named_in_schema_order() -> None:
    claim = span("claim", {"quote_style": "authorial", "factuality": ""})
    assert span_warnings(claim, SCHEMA, []) == ["Claim type is empty.", "Factuality is empty."]


def test_a_figure_with_nothing_filled_in_lists_its_required_attributes() -> None:
    empty = span("casualty_figure", {})
    expected = [f"{a} is empty." for a in ("Outcome", "Victim type", "Qualifier", "Scope")]
    assert span_warnings(empty, SCHEMA, []) == expected


def test_optional_attributes_may_stay_empty() -> None:
    source = span("source", {**SOURCE_OK, "affiliation": None, "role": None})
    assert span_warnings(source, SCHEMA, []) == []


def test_an_empty_string_is_empty_not_a_bad_value() -> None:
    source = span("source", {**SOURCE_OK, "affiliation": "", "role": ""})
    assert span_warnings(source, SCHEMA, []) == []
    located = span("location", {"feature_level": "", "role": "other", "latitude": ""})
    assert span_warnings(located, SCHEMA, []) == ["Feature level is empty."]
    over = figure(qualifier="more_than", low=6500, high="")
    assert span_warnings(over, SCHEMA, []) == []
    exact = figure(qualifier="exact", low=3, high="")
    assert span_warnings(exact, SCHEMA, []) == [
        "Exact needs Low and High both set and equal (“three” is 3 and 3)."
    ]


# Attribution of claims.


@pytest.mark.parametrize("quote_style", ["direct", "indirect", None])
def test_a_claim_without_a_source_warns_unless_authorial(quote_style: str | None) -> None:
    claim = span("claim", {**CLAIM_OK, "quote_style": quote_style})
    assert span_warnings(claim, SCHEMA, []) == [NO_SOURCE]
    assert NO_SOURCE == "No source is linked (attributed to)."


def test_an_attributed_to_relation_from_the_claim_silences_the_warning() -> None:
    claim = span("claim", {**CLAIM_OK, "quote_style": "direct"})
    source = span("source", SOURCE_OK)
    assert span_warnings(claim, SCHEMA, [relation("attributed_to", claim, source)]) == []


def test_other_relations_and_other_spans_attributions_do_not_count() -> None:
    claim = span("claim", {**CLAIM_OK, "quote_style": "indirect"})
    other = span("claim", {**CLAIM_OK, "quote_style": "indirect"})
    source = span("source", SOURCE_OK)
    place = span("location", {"feature_level": "locality", "role": "event_site"})
    relations = [
        relation("located_at", claim, place),
        relation("contradicts", claim, other),
        relation("attributed_to", other, source),
    ]
    assert span_warnings(claim, SCHEMA, relations) == [NO_SOURCE]
    assert span_warnings(other, SCHEMA, relations) == []


def test_figures_and_sources_need_no_attribution() -> None:
    assert NO_SOURCE not in span_warnings(figure(), SCHEMA, [])
    assert NO_SOURCE not in span_warnings(span("source", SOURCE_OK), SCHEMA, [])


def test_a_schema_without_attributed_to_never_asks_for_a_source() -> None:
    raw = SCHEMA.to_json()
    raw["relations"] = [r for r in raw["relations"] if r["id"] != "attributed_to"]
    # A requirement the schema cannot meet is the schema's error, named where it is.
    with pytest.raises(UserError, match=r"labels\[0\]\.requires_link\.relation: no relation"):
        parse_schema(raw, "custom")
    del raw["labels"][0]["requires_link"]
    custom = parse_schema(raw, "custom")
    claim = span("claim", {**CLAIM_OK, "quote_style": "direct"})
    assert span_warnings(claim, custom, []) == []


# Casualty bounds.


@pytest.mark.parametrize(
    ("qualifier", "low", "high"),
    [
        ("exact", 3, 3),
        ("approx", 200, 200),
        ("more_than", 6500, None),
        ("at_least", 12, None),
        ("at_most", None, 15),
        ("less_than", None, 10),
        ("range", 20, 30),
        ("vague", 24, None),
        ("unspecified", None, None),
        (None, 5, 9),
    ],
)
def test_bounds_that_fit_the_qualifier(
    qualifier: str | None, low: int | None, high: int | None
) -> None:
    warnings = span_warnings(figure(qualifier=qualifier, low=low, high=high), SCHEMA, [])
    assert warnings == ([] if qualifier else ["Qualifier is empty."])


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "fragment"),
    [
        ("exact", 3, None, "Exact needs Low and High both set"),
        ("approx", 190, 200, "Approximately needs Low equal to High, not 190 and 200."),
        ("more_than", 6500, 7000, "More than needs Low set and High empty"),
        ("at_least", None, None, "At least needs Low set"),
        ("at_most", 1, 15, "At most needs High set and Low empty"),
        ("less_than", None, None, "Less than needs High set"),
        ("range", 30, 20, "Range needs Low below High, not 30 and 20."),
        ("range", 20, None, "Range needs both Low and High set."),
        ("vague", 30, 20, "Low 30 is greater than High 20."),
        (None, 30, 20, "Low 30 is greater than High 20."),
    ],
)
def test_bounds_that_do_not_fit_the_qualifier(
    qualifier: str | None, low: int | None, high: int | None, fragment: str
) -> None:
    warnings = span_warnings(figure(qualifier=qualifier, low=low, high=high), SCHEMA, [])
    bounds = [w for w in warnings if w != "Qualifier is empty."]
    assert len(bounds) == 1
    assert fragment in bounds[0]


def test_the_design_examples() -> None:
    over = figure(qualifier="more_than", low=6500, high=None)
    assert span_warnings(over, SCHEMA, []) == []
    three = figure(qualifier="exact", low=3, high=None)
    assert len(span_warnings(three, SCHEMA, [])) == 1


# Attribute type errors.


def test_attribute_type_errors_are_reported_without_a_bounds_check() -> None:
    bad = figure(low="six", high=True, qualifier="lots")
    warnings = span_warnings(bad, SCHEMA, [])
    assert warnings[0] == "Qualifier has a value the schema does not list: lots."
    assert warnings[1] == "Low: expected a whole number, got 'six'."
    assert warnings[2].startswith("High: expected a whole number")
    assert len(warnings) == 3


def test_unknown_attributes_and_bad_enum_values_are_reported() -> None:
    claim = authorial_claim(factuality="certain", mood="angry")
    warnings = span_warnings(claim, SCHEMA, [])
    assert warnings[0] == "Factuality has a value the schema does not list: certain."
    assert warnings[1] == "Mood is not an attribute of Claim."
    assert len(warnings) == 2


def test_a_span_with_an_unknown_label_gets_one_warning() -> None:
    odd = span("weapon", {"kind": "drone"})
    assert span_warnings(odd, SCHEMA, []) == [
        "The label Weapon is not in the schema Contested reports."
    ]


def test_warnings_come_in_a_stable_order() -> None:
    claim = span("claim", {"factuality": "maybe", "quote_style": "direct"})
    assert span_warnings(claim, SCHEMA, []) == [
        "Claim type is empty.",
        "Factuality has a value the schema does not list: maybe.",
        NO_SOURCE,
    ]


# Whole documents.


def test_document_warnings_lists_only_spans_with_warnings() -> None:
    claim = span("claim", {**CLAIM_OK, "quote_style": "direct"})
    lonely = span("claim", {**CLAIM_OK, "quote_style": "indirect"})
    source = span("source", {})
    good = figure()
    bad = figure(qualifier="more_than", low=6500, high=6500)
    relations = [relation("attributed_to", claim, source), relation("attributed_to", good, source)]
    result = document_warnings([claim, lonely, source, good, bad], relations, SCHEMA)
    assert list(result) == [lonely.uid, source.uid, bad.uid]
    assert result[lonely.uid] == [NO_SOURCE]
    assert result[source.uid] == ["Source type is empty."]
    assert len(result[bad.uid]) == 1
    assert "More than needs Low set" in result[bad.uid][0]


def test_document_warnings_match_span_warnings() -> None:
    spans = [authorial_claim(), span("claim", {}), figure(low=1), span("location", {})]
    relations = [relation("attributed_to", spans[1], spans[0])]
    expected = {
        s.uid: span_warnings(s, SCHEMA, relations)
        for s in spans
        if span_warnings(s, SCHEMA, relations)
    }
    assert document_warnings(spans, relations, SCHEMA) == expected
    assert document_warnings([], [], SCHEMA) == {}


def test_warnings_are_sentences_in_display_names_with_no_ids() -> None:
    claim = span("claim", {"factuality": "asserted", "quote_style": "direct"})
    figure_ = figure(victim_type=None, qualifier="at_least", low=None, high=4)
    everything = span_warnings(claim, SCHEMA, []) + span_warnings(figure_, SCHEMA, [])
    assert everything == [
        "Claim type is empty.",
        "No source is linked (attributed to).",
        "Victim type is empty.",
        "At least needs Low set and High empty (“over 6,500” is Low 6,500).",
    ]
    for warning in everything:
        assert warning[0].isupper() and warning.endswith(".")
        assert "_" not in warning


def test_document_warnings_of_spans_alike_match_each_span_checked_alone() -> None:
    """Spans with the same label and values share one check: the sharing must not mix up a
    linked claim with an unlinked one, or values that are equal but of another type."""
    linked, unlinked = span("claim", CLAIM_OK), span("claim", CLAIM_OK)
    source = span("source", SOURCE_OK)
    spans = [
        linked,
        unlinked,
        source,
        figure(low=1, high=1),
        figure(low=True, high=1),
        figure(low=1.0, high=1),
        figure(low=1, high=1),
        span("claim", {**CLAIM_OK, "factuality": ["asserted"]}),  # a list is no key
        span("claim", {**CLAIM_OK, "factuality": ["asserted"]}),
    ]
    relations = [relation("attributed_to", linked, source)]
    expected = {
        s.uid: span_warnings(s, SCHEMA, [r for r in relations if r.from_uid == s.uid])
        for s in spans
    }
    assert document_warnings(spans, relations, SCHEMA) == {
        uid: warnings for uid, warnings in expected.items() if warnings
    }
    assert expected[unlinked.uid] == [NO_SOURCE] and expected[linked.uid] == []
    assert expected[spans[4].uid] != expected[spans[3].uid]  # True is not a whole number
