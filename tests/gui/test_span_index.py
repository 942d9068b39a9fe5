"""Lanes of nested and overlapping spans: computed once per document, kept up to date by edits."""

from __future__ import annotations

import random

from annotator.gui.span_index import Range, SpanIndex, assign_lanes


def overlap(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_enclosing_spans_sit_outside_and_overlapping_spans_never_share_a_lane() -> None:
    ranges = sorted(
        [
            (10, 40, "claim", "claim"),  # "... in the Kalbajar region ..."
            (20, 35, "location", "region"),  # "Kalbajar region"
            (20, 28, "location", "kalbajar"),  # "Kalbajar"
            (38, 50, "source", "crossing"),  # overlaps the claim's end only
            (60, 70, "claim", "alone"),
        ]
    )
    lanes = assign_lanes(ranges)
    assert lanes == {"claim": 0, "region": 1, "kalbajar": 2, "crossing": 1, "alone": 0}


def test_edits_keep_the_same_lanes_as_computing_them_afresh() -> None:
    rng = random.Random(5)
    for _ in range(200):
        ranges: list[Range] = []
        for i in range(rng.randrange(2, 30)):
            start = rng.randrange(0, 150)
            ranges.append((start, start + rng.randrange(1, 40), "claim", f"s{i}"))
        ranges.sort()
        index = SpanIndex()
        index.reset(ranges[::2])
        kept = list(ranges[::2])
        for added in ranges[1::2]:
            dirty = index.update(added[3], added)
            assert (added[0], added[1]) in dirty
            kept.append(added)
        for removed in ranges[:4]:
            index.update(removed[3], None)
            kept.remove(removed)
        fresh = SpanIndex()
        fresh.reset(kept)
        assert index.lanes == fresh.lanes
        for a in kept:
            for b in kept:
                if a != b and overlap(a, b):
                    assert index.lanes[a[3]] != index.lanes[b[3]]


def test_covering_lists_the_spans_at_a_position_innermost_first() -> None:
    index = SpanIndex()
    index.reset([(0, 30, "claim", "outer"), (5, 12, "location", "inner"), (40, 45, "x", "far")])
    assert [r[3] for r in index.covering(6)] == ["inner", "outer"]
    assert [r[3] for r in index.covering(12)] == ["outer"]
    assert index.covering(35) == []
