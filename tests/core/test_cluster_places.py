"""Clustering place by place (``cluster_spans``, what merge runs) gives exactly the clusters of
the span-by-span greedy complete linkage it replaces, on random spans of a few annotators."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import SpanItem
from annotator.core.clusters import _cluster_members, cluster_spans

NAMES = ("alice", "bob", "carol", "dan")
# Few places and lengths, so annotators often mark the same place or nearly; one annotator
# marks a place once (twice goes span by span, the code compared against).
members = st.lists(
    st.tuples(st.sampled_from(NAMES), st.integers(0, 8), st.integers(1, 6)),
    max_size=12,
    unique_by=lambda member: member,
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(
    raw=members,
    threshold=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(1), Fraction(3, 4)]),
)
def test_places_cluster_like_spans(raw, threshold) -> None:
    spans = [
        (name, SpanItem(f"{name}{n}", "claim", start, start + length))
        for n, (name, start, length) in enumerate(raw)
    ]
    items = sorted(spans, key=lambda m: (m[1].start, m[1].end, m[0], m[1].id))
    assert cluster_spans(spans, threshold) == _cluster_members(items, threshold)
