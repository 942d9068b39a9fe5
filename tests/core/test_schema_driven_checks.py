"""Warnings follow the label schema, which is user data: no label id is written in the checks.
A team's own schema gets the same "needs a link" and "bounds fit the qualifier" warnings for
its own labels, and a schema that asks for nothing gets none."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.core.checks import document_warnings, labels_needing_links, span_warnings
from annotator.core.model import Relation, Span, new_uid
from annotator.core.schema import default_schema, parse_schema
from annotator.errors import UserError

EVENTS: dict[str, Any] = {
    "id": "events",
    "version": "1",
    "name": "Events",
    "labels": [
        {
            "id": "incident",
            "name": "Incident",
            "key": "i",
            "color": "#112233",
            "requires_link": {
                "relation": "reported_by",
                "unless": {"attribute": "seen_by", "value": "reporter"},
            },
            "attributes": [
                {
                    "id": "seen_by",
                    "name": "Seen by",
                    "type": "enum",
                    "values": ["reporter", "other"],
                },
                {
                    "id": "qualifier",
                    "name": "Qualifier",
                    "type": "enum",
                    "values": ["exact", "at_least", "range"],
                },
                {"id": "low", "name": "Low", "type": "integer"},
                {"id": "high", "name": "High", "type": "integer"},
            ],
        },
        {"id": "outlet", "name": "Outlet", "key": "o", "color": "#445566"},
        {"id": "claim", "name": "Claim", "key": "c", "color": "#778899"},
    ],
    "relations": [
        {"id": "reported_by", "name": "reported by", "from": ["incident"], "to": ["outlet"]}
    ],
}
SCHEMA = parse_schema(EVENTS, "events.json")


def span(label: str, **attributes: Any) -> Span:
    return Span(new_uid("s"), 1, "ana", label, 0, 4, "text", dict(attributes))


def test_a_custom_label_that_needs_a_link_is_warned_in_the_schemas_words() -> None:
    incident = span("incident")
    assert span_warnings(incident, SCHEMA, []) == ["No outlet is linked (reported by)."]
    outlet = span("outlet")
    link = Relation(new_uid("r"), 1, "ana", "reported_by", incident.uid, outlet.uid)
    assert span_warnings(incident, SCHEMA, [link]) == []
    assert labels_needing_links(SCHEMA) == {"incident"}


def test_the_schemas_exception_waives_the_link() -> None:
    assert span_warnings(span("incident", seen_by="reporter"), SCHEMA, []) == []
    assert span_warnings(span("incident", seen_by="other"), SCHEMA, []) != []


def test_a_label_called_claim_needs_nothing_unless_its_schema_says_so() -> None:
    assert document_warnings([span("claim")], [], SCHEMA) == {}
    # The bundled schema does say so.
    assert labels_needing_links(default_schema()) == {"claim"}


def test_bounds_are_checked_for_any_label_with_qualifier_low_and_high() -> None:
    warnings = span_warnings(
        span("incident", seen_by="reporter", qualifier="exact", low=3, high=5), SCHEMA, []
    )
    assert len(warnings) == 1 and "3" in warnings[0] and "5" in warnings[0]
    fine = span("incident", seen_by="reporter", qualifier="exact", low=3, high=3)
    assert span_warnings(fine, SCHEMA, []) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"relation": "nowhere"}, "labels[0].requires_link.relation"),
        ({"relation": "reported_by", "unless": {"attribute": "colour", "value": "x"}},
         "labels[0].requires_link.unless.attribute"),
        ({"relation": "reported_by", "unless": {"attribute": "seen_by", "value": "nobody"}},
         "labels[0].requires_link.unless.value"),
    ],
)  # fmt: skip
def test_a_requirement_the_schema_cannot_meet_is_refused_with_its_place(change, where) -> None:
    broken = copy.deepcopy(EVENTS)
    broken["labels"][0]["requires_link"] = change
    with pytest.raises(UserError) as refused:
        parse_schema(broken, "events.json")
    assert str(refused.value).startswith(f"events.json: {where}: ")


def test_a_link_that_cannot_start_at_the_label_is_refused() -> None:
    broken = copy.deepcopy(EVENTS)
    broken["labels"][1]["requires_link"] = {"relation": "reported_by"}  # outlet -> ?
    with pytest.raises(UserError, match=r"labels\[1\]\.requires_link\.relation: no relation"):
        parse_schema(broken, "events.json")
