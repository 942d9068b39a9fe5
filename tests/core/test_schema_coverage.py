"""``schema_coverage``: which stored labels, attributes, values and relations a schema lacks."""

from __future__ import annotations

from annotator.core.schema import default_schema, parse_schema
from annotator.core.schema_coverage import (
    EXAMPLES_KEPT,
    RelationUse,
    SpanUse,
    Usage,
    coverage_of,
    schema_coverage,
)


def test_data_the_default_schema_knows_is_covered() -> None:
    spans = [
        SpanUse("s1", "claim", {"claim_type": "event", "status": None}),
        SpanUse("s2", "source", {"source_type": "ngo", "affiliation": "any text"}),
        SpanUse("s3", "casualty_figure", {"low": 3, "high": 3, "qualifier": "exact"}),
    ]
    relations = [RelationUse("r1", "attributed_to", "claim", "source")]
    found = coverage_of(default_schema(), spans, relations)
    assert found.covered and found.summary() == ""
    assert (found.spans, found.relations) == (3, 1)


def test_every_kind_of_gap_is_grouped_counted_and_ordered() -> None:
    spans = [
        SpanUse("s1", "person", {"name": "x"}),  # unknown label: its attributes are not listed
        SpanUse("s2", "person", {}),
        SpanUse("s3", "claim", {"mood": "grim", "claim_type": "rumour"}),
        SpanUse("s4", "casualty_figure", {"low": "three", "outcome": 7}),
    ]
    relations = [
        RelationUse("r1", "denies", "claim", "claim"),
        RelationUse("r2", "attributed_to", "claim", "location"),
        RelationUse("r3", "attributed_to", "person", "source"),  # counted under the label
    ]
    found = coverage_of(default_schema(), spans, relations)
    assert [(g.kind, g.name, g.count) for g in found.ordered()] == [
        ("label", "person", 2),
        ("attribute", "claim.mood", 1),
        ("enum value", "claim.claim_type=rumour", 1),
        ("value", "casualty_figure.low", 1),
        ("value", "casualty_figure.outcome", 1),
        ("relation type", "denies", 1),
        ("relation ends", "attributed_to claim -> location", 1),
    ]
    assert found.summary() == (
        "labels person (2 spans); attributes claim.mood (1 span); enum values "
        "claim.claim_type=rumour (1 span); values casualty_figure.low (1 span), "
        "casualty_figure.outcome (1 span); relation types denies (1 relation); relation ends "
        "attributed_to claim -> location (1 relation)"
    )
    low = next(g for g in found.ordered() if g.name == "casualty_figure.low")
    assert low.line() == (
        "value casualty_figure.low (integer, expected a whole number, got 'three'), "
        "used by 1 span: s4"
    )


def test_many_uses_keep_a_few_examples_and_the_exact_count() -> None:
    spans = [SpanUse(f"s{i}", "person", {}) for i in range(1000)]
    (gap,) = coverage_of(default_schema(), spans, []).ordered()
    assert gap.count == 1000 and len(gap.examples) == EXAMPLES_KEPT
    assert gap.used_by().endswith(f"and {1000 - EXAMPLES_KEPT} more")


def test_summary_caps_names_per_kind_and_escapes_control_characters() -> None:
    spans = [SpanUse(f"s{i}", f"label{i}", {}) for i in range(12)]
    spans.append(SpanUse("s-evil", "evil\nlabel\x1b[31m", {}))
    found = coverage_of(default_schema(), spans, [])
    summary = found.summary(limit=3)
    assert summary.endswith("and 10 more") and "\n" not in summary
    assert "evil\\nlabel\\x1b[31m" in coverage_of(default_schema(), spans[-1:], []).summary()


def test_a_minimal_schema_and_bounds() -> None:
    schema = parse_schema(
        {
            "id": "mini",
            "version": "1",
            "name": "Mini",
            "labels": [
                {
                    "id": "n",
                    "name": "N",
                    "key": "n",
                    "color": "#000000",
                    "attributes": [{"id": "k", "name": "K", "type": "integer", "maximum": 10}],
                }
            ],
        },
        "mini.json",
    )
    found = coverage_of(schema, [SpanUse("a", "n", {"k": 11}), SpanUse("b", "n", {"k": 9})], [])
    assert [(g.name, g.examples) for g in found.ordered()] == [("n.k", ["a"])]


def test_counts_come_from_usage_and_examples_only_from_rows() -> None:
    usage = Usage(
        labels={"claim": 500, "person": 7},
        attributes=[("claim", "claim_type", "event", 400), ("claim", "claim_type", "rumour", 3)],
        relations=[("attributed_to", "claim", "source", 9), ("denies", "claim", "claim", 2)],
    )
    found = schema_coverage(default_schema(), usage)
    assert (found.spans, found.relations) == (507, 11)
    assert [(g.name, g.count, g.examples) for g in found.ordered()] == [
        ("person", 7, []),
        ("claim.claim_type=rumour", 3, []),
        ("denies", 2, []),
    ]
    assert found.span_labels_with_gaps == {"person", "claim"} and found.wants_relation_examples
    found.span_example(SpanUse("s9", "claim", {"claim_type": "rumour"}))
    found.span_example(SpanUse("s1", "claim", {"claim_type": "event"}))
    found.relation_example(RelationUse("r4", "denies", "claim", "claim"))
    assert [g.used_by() for g in found.ordered()] == [
        "7 spans",
        "3 spans: s9 and 2 more",
        "2 relations: r4 and 1 more",
    ]
