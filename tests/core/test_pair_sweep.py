"""The prepared per-pair sweep counts exactly the matches of the reference implementation
(``overlap_matches``, ``exact_matches``) on random spans, ties and duplicates included."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import AnnotatedDoc, SpanItem
from annotator.core.pair_sweep import exact_count, overlap_count, prepare
from tests.core.agreement_reference import exact_matches, overlap_matches

LABELS = ("claim", "source")
spans = st.lists(
    st.tuples(st.sampled_from(LABELS), st.integers(0, 12), st.integers(1, 6)), max_size=9
)


def version(name: str, raw: list[tuple[str, int, int]]) -> AnnotatedDoc:
    items = tuple(
        SpanItem(f"{name}{n}", label, start, start + length)
        for n, (label, start, length) in enumerate(raw)
    )
    return AnnotatedDoc("0" * 64, "d", 20, name, "done", items)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    a=spans,
    b=spans,
    threshold=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(1), Fraction(3, 4)]),
)
def test_counts_equal_the_reference(a, b, threshold) -> None:
    x, y = version("a", a), version("b", b)
    reference = Counter(s.label for s, _ in overlap_matches(x.spans, y.spans, threshold))
    assert overlap_count(prepare(x, ()), prepare(y, ()), threshold) == reference
    assert exact_count(prepare(x, ()), prepare(y, ())) == exact_matches(x.spans, y.spans)
