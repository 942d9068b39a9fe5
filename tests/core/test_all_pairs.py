"""The all-pairs counts of one document (``count_pairs``, what agreement runs) equal the
reference matching (``exact_matches``, ``overlap_matches``) applied pair by pair, on random
versions of two to five annotators: shared, shifted and duplicated spans, relations."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import AnnotatedDoc, RelationItem, SpanItem
from annotator.core.alpha import (
    alpha_from_patterns,
    binary_alpha,
    coverage_counts,
    coverage_patterns,
    held_coverage,
)
from annotator.core.pair_sweep import count_pairs
from tests.core.agreement_reference import exact_matches, overlap_matches

# Few places and lengths, mostly one label, so annotators often share spans exactly or nearly
# and a span often overlaps several of another's (where the greedy order decides).
raw_spans = st.lists(
    st.tuples(st.sampled_from(("claim", "claim", "source")), st.integers(0, 8), st.integers(2, 6)),
    max_size=8,
)
raw_relations = st.lists(
    st.tuples(st.sampled_from(["supports", "contradicts"]), st.integers(0, 7), st.integers(0, 7)),
    max_size=3,
)


def version(name: str, raw: list[tuple[str, int, int]], links: list) -> AnnotatedDoc:
    items = tuple(
        SpanItem(f"{name}{n}", label, start, start + length)
        for n, (label, start, length) in enumerate(raw)
    )
    relations = tuple(
        RelationItem(f"{name}-r{n}", kind, items[f].id, items[t].id)
        for n, (kind, f, t) in enumerate(links)
        if f < len(items) and t < len(items)
    )
    return AnnotatedDoc("0" * 64, "d", 20, name, "done", items, relations)


def relation_keys(work: AnnotatedDoc, symmetric: set[str]) -> Counter:
    key_of = {s.id: s.key for s in work.spans}
    keys: Counter = Counter()
    for r in work.relations:
        ends = (key_of[r.from_id], key_of[r.to_id])
        keys[(r.type, *(sorted(ends) if r.type in symmetric else ends))] += 1
    return keys


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    versions=st.lists(st.tuples(raw_spans, raw_relations), min_size=2, max_size=5),
    threshold=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(1), Fraction(3, 4)]),
)
def test_every_pair_equals_the_reference(versions, threshold) -> None:
    # Annotators often copy one another: that is where groups of equal versions form.
    works = [version(f"a{n}", *versions[n % 3 if n > 2 else n]) for n in range(len(versions))]
    symmetric = {"contradicts"}
    counted = count_pairs(works, symmetric, threshold)
    label_exact: Counter[str] = Counter()
    label_overlap: Counter[str] = Counter()
    label_spans: Counter[str] = Counter()
    for p, (x, y) in enumerate(combinations(works, 2)):
        exact = exact_matches(x.spans, y.spans)
        overlap = Counter(s.label for s, _ in overlap_matches(x.spans, y.spans, threshold))
        assert counted.exact[p] == sum(exact.values())
        assert counted.overlap[p] == sum(overlap.values())
        assert counted.spans[p] == len(x.spans) + len(y.spans)
        rx, ry = relation_keys(x, symmetric), relation_keys(y, symmetric)
        assert counted.relations_matched[p] == sum((rx & ry).values())
        assert counted.relations[p] == len(x.relations) + len(y.relations)
        label_exact.update(exact)
        label_overlap.update(overlap)
        label_spans.update(s.label for s in (*x.spans, *y.spans))
    assert +Counter(counted.label_exact) == label_exact
    assert +Counter(counted.label_overlap) == label_overlap
    assert +Counter(counted.label_spans) == label_spans


intervals = st.lists(st.tuples(st.integers(-2, 30), st.integers(0, 12)), max_size=5)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(coders=st.lists(intervals, min_size=2, max_size=5), length=st.integers(0, 30))
def test_coverage_from_holders_equals_coder_by_coder(coders, length) -> None:
    coverage = [[(start, start + width) for start, width in coder] for coder in coders]
    holders: dict[tuple[int, int], int] = {}
    for c, places in enumerate(coverage):
        for place in places:
            holders[place] = holders.get(place, 0) | 1 << c
    spots = [(start, end, mask) for (start, end), mask in holders.items()]
    counts = held_coverage(length, len(coders), spots)
    assert counts == coverage_counts(length, coverage)
    patterns = coverage_patterns(length, coverage)
    assert binary_alpha(len(coders), counts) == alpha_from_patterns(patterns)
