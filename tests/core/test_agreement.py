"""Agreement figures of DESIGN section 6, computed by hand on small cases and cross-checked
against the ``krippendorff`` package on random data."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import (
    AnnotatedDoc,
    RelationItem,
    SpanItem,
    compute_agreement,
)
from annotator.core.alpha import alpha_from_patterns, coverage_patterns, nominal_alpha
from tests.core.agreement_reference import overlap_matches

LABELS = ("claim", "source", "casualty_figure", "location")
SHA1, SHA2, SHA3 = "1" * 64, "2" * 64, "3" * 64


def work(
    annotator: str,
    spans: Sequence[tuple] = (),
    *,
    status: str = "done",
    relations: Sequence[tuple[str, str, str]] = (),
    sha: str = SHA1,
    length: int = 20,
) -> AnnotatedDoc:
    """spans: (label, start, end) or (label, start, end, attributes); ids are annotator + n."""
    items = tuple(
        SpanItem(f"{annotator}{i}", s[0], s[1], s[2], s[3] if len(s) > 3 else {})
        for i, s in enumerate(spans)
    )
    rels = tuple(RelationItem(f"{annotator}-r{i}", *r) for i, r in enumerate(relations))
    return AnnotatedDoc(sha, f"doc-{sha[0]}", length, annotator, status, items, rels)


def kripp(rows: list[list[float]]) -> float:
    data = np.array(rows, dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_two_annotators_every_figure() -> None:
    alice = work("alice", [("claim", 0, 10), ("source", 12, 15), ("location", 16, 20)])
    bob = work("bob", [("claim", 0, 10), ("source", 12, 16)])
    report = compute_agreement([bob, alice], labels=LABELS)
    assert report.annotators == ("alice", "bob") and report.documents == 1
    (pair,) = report.pairs
    # exact: only the claim pairs; M = 1, |A| + |B| = 3 + 2 -> 2*1/5
    assert pair.span_f1_exact == 2 * 1 / 5
    # overlap: claim (IoU 1) and source (IoU 3/4 >= 0.5); M = 2 -> 2*2/5
    assert pair.span_f1_overlap == 2 * 2 / 5
    assert pair.relation_f1 is None  # no relations at all: 0 denominator
    assert report.labels["claim"]["span_f1_exact"] == 1.0
    assert report.labels["source"]["span_f1_exact"] == 0.0
    assert report.labels["source"]["span_f1_overlap"] == 1.0
    assert report.labels["location"]["span_f1_overlap"] == 0.0  # 0 matched of 1
    assert report.labels["casualty_figure"] == {
        "span_f1_exact": None,
        "span_f1_overlap": None,
        "alpha": None,  # every unit 0 for both: no variation
    }
    # claim alpha: 10 units (1,1), 10 units (0,0): no disagreement -> 1
    assert report.labels["claim"]["alpha"] == 1.0
    # source: units 12-14 (1,1), unit 15 (0,1), 16 units (0,0). n = 40, n1 = 7, n0 = 33.
    # D_o sum = unit 15: (2^2 - 1 - 1)/(2 - 1) = 2; D_e sum = 40^2 - 7^2 - 33^2 = 462.
    # alpha = 1 - 39 * 2 / 462 = 64/77
    assert report.labels["source"]["alpha"] == 64 / 77
    # location: 4 units (1,0), 16 units (0,0): n1 = 4, n0 = 36; D_o = 4 * 2 = 8;
    # D_e = 1600 - 16 - 1296 = 288; alpha = 1 - 39 * 8 / 288 = -1/12
    assert report.labels["location"]["alpha"] == pytest.approx(-1 / 12, abs=1e-15)
    assert report.labels["source"]["alpha"] == pytest.approx(
        kripp([[0] * 12 + [1] * 3 + [0] * 5, [0] * 12 + [1] * 4 + [0] * 4]), abs=1e-12
    )
    overall = report.overall
    assert overall["span_f1_exact"] == 0.4 and overall["span_f1_overlap"] == 0.8
    assert overall["relation_f1"] is None
    # mean of the defined per-label alphas (casualty_figure is undefined)
    assert overall["alpha"] == pytest.approx((1 + 64 / 77 - 1 / 12) / 3, abs=1e-15)
    (row,) = report.per_document
    assert row.participants == ("alice", "bob") and row.spans == 5
    assert row.span_f1_exact == 0.4 and row.alpha == overall["alpha"]


def test_skipped_and_unfinished_documents_take_no_part() -> None:
    docs = [
        work("alice", [("claim", 0, 4)], sha=SHA1),
        work("bob", [("claim", 0, 4)], sha=SHA1),
        # doc 2: bob skipped; alice's spans must not count against him
        work("alice", [("claim", 0, 4), ("source", 5, 9)], sha=SHA2),
        work("bob", [], status="skipped", sha=SHA2),
        # doc 3: alice did not finish
        work("alice", [], status="in_progress", sha=SHA3),
        work("bob", [("claim", 0, 4)], sha=SHA3),
    ]
    report = compute_agreement(docs, labels=LABELS)
    assert report.documents == 1
    (pair,) = report.pairs
    assert pair.documents == 1
    assert pair.span_f1_exact == 1.0  # 2*1/(1+1) on doc 1 only
    rows = {row.text_sha256: row for row in report.per_document}
    assert rows[SHA2].participants == ("alice",) and rows[SHA2].span_f1_exact is None
    assert rows[SHA2].not_participating == (("bob", "skipped"),)
    assert rows[SHA3].not_participating == (("alice", "in_progress"),)
    assert report.to_json()["per_document"][1]["not_participating"] == {"bob": "skipped"}


def test_nested_spans() -> None:
    # a casualty figure nested in a claim, and alice's extra claim nested in her own claim
    alice = work("alice", [("claim", 0, 20), ("claim", 2, 6), ("casualty_figure", 5, 8)], length=30)
    bob = work("bob", [("claim", 0, 20), ("casualty_figure", 5, 9)], length=30)
    report = compute_agreement([alice, bob], labels=LABELS)
    (pair,) = report.pairs
    # exact: claim [0,20) only; M = 1, |A| + |B| = 3 + 2 -> 2/5
    assert pair.span_f1_exact == 2 / 5
    # overlap: claims (IoU 1), figures (IoU 3/4); alice's [2,6) has IoU 4/20 with bob's claim
    assert pair.span_f1_overlap == 4 / 5
    # claim alpha: a unit is 1 if any claim covers it: units 0-19 (1,1), 20-29 (0,0) -> 1
    assert report.labels["claim"]["alpha"] == 1.0
    # figure: units 5-7 (1,1), unit 8 (0,1), 26 units (0,0): n = 60, n1 = 7, n0 = 53
    # D_o = 2, D_e = 3600 - 49 - 2809 = 742; alpha = 1 - 59 * 2 / 742 = 624/742
    assert report.labels["casualty_figure"]["alpha"] == 624 / 742
    assert report.labels["casualty_figure"]["span_f1_overlap"] == 1.0


def test_an_annotator_with_no_spans() -> None:
    report = compute_agreement([work("alice", [("claim", 0, 10)]), work("bob")], labels=LABELS)
    (pair,) = report.pairs
    assert pair.span_f1_exact == 0.0 and pair.span_f1_overlap == 0.0  # 0 / (1 + 0)
    assert pair.relation_f1 is None
    # claim: 10 units (1,0), 10 units (0,0): n1 = 10, n0 = 30, D_o = 10 * 2 = 20,
    # D_e = 1600 - 100 - 900 = 600, alpha = 1 - 39 * 20 / 600 = -0.3
    assert report.labels["claim"]["alpha"] == pytest.approx(-0.3, abs=1e-15)
    assert report.overall["alpha"] == report.labels["claim"]["alpha"]
    nobody = compute_agreement([work("alice"), work("bob")], labels=LABELS)
    assert nobody.documents == 1
    assert nobody.overall == {
        "span_f1_exact": None,
        "span_f1_overlap": None,
        "relation_f1": None,
        "alpha": None,
    }


def test_a_single_participant_gives_no_figures() -> None:
    docs = [work("alice", [("claim", 0, 4)]), work("bob", [("claim", 0, 4)], status="skipped")]
    report = compute_agreement(docs, labels=LABELS)
    assert report.documents == 0
    assert report.pairs[0].documents == 0 and report.pairs[0].span_f1_exact is None
    assert all(v is None for v in report.overall.values())
    assert all(v["alpha"] is None for v in report.labels.values())
    (row,) = report.per_document
    assert row.participants == ("alice",) and row.alpha is None and row.spans == 1


def test_three_annotators() -> None:
    docs = [
        work("alice", [("claim", 0, 4)], length=10),
        work("bob", [("claim", 0, 4)], length=10),
        work("carol", [("claim", 0, 5)], length=10),
    ]
    report = compute_agreement(docs, labels=LABELS)
    pairs = {(p.a, p.b): p for p in report.pairs}
    assert pairs[("alice", "bob")].span_f1_exact == 1.0
    assert pairs[("alice", "carol")].span_f1_exact == 0.0
    assert pairs[("alice", "carol")].span_f1_overlap == 1.0  # IoU 4/5
    # pooled over the 3 pairs: exact M = 1 + 0 + 0, totals 2 + 2 + 2 -> 2/6
    assert report.overall["span_f1_exact"] == 2 / 6
    assert report.overall["span_f1_overlap"] == 1.0
    # units 0-3: three 1s; unit 4: one 1, two 0s; units 5-9: three 0s. n = 30, n1 = 13, n0 = 17
    # D_o = unit 4: (3^2 - 1 - 4)/(3 - 1) = 2; D_e = 900 - 169 - 289 = 442
    # alpha = 1 - 29 * 2 / 442 = 384/442
    assert report.labels["claim"]["alpha"] == 384 / 442
    rows = [[1] * 4 + [0] * 6, [1] * 4 + [0] * 6, [1] * 5 + [0] * 5]
    assert report.labels["claim"]["alpha"] == pytest.approx(kripp(rows), abs=1e-12)


def test_pooled_figures_are_micro_averages() -> None:
    docs = [
        work("alice", [("claim", 0, 4)], sha=SHA1),
        work("bob", [("claim", 0, 4)], sha=SHA1),
        work("alice", [("claim", 0, 2), ("claim", 3, 5), ("claim", 6, 8)], sha=SHA2),
        work("bob", [("claim", 10, 14)], sha=SHA2),
    ]
    report = compute_agreement(docs, labels=LABELS)
    rows = {row.text_sha256: row for row in report.per_document}
    assert rows[SHA1].span_f1_exact == 1.0 and rows[SHA2].span_f1_exact == 0.0
    # (2*1 + 2*0) / ((1 + 1) + (3 + 1)) = 2/6, not the mean of 1 and 0
    assert report.overall["span_f1_exact"] == 2 / 6
    assert report.pairs[0].documents == 2


def test_relations_exact_endpoints_and_symmetric_types() -> None:
    spans = [("claim", 0, 4), ("claim", 5, 9), ("source", 10, 14), ("source", 15, 19)]
    alice = work(
        "alice",
        spans,
        relations=[("contradicts", "alice0", "alice1"), ("cites", "alice2", "alice3")],
    )
    bob = work("bob", spans, relations=[("contradicts", "bob1", "bob0"), ("cites", "bob3", "bob2")])
    symmetric = compute_agreement([alice, bob], labels=LABELS, symmetric={"contradicts"})
    # contradicts matches as an unordered pair; cites is directed and reversed: M = 1 of 2 + 2
    assert symmetric.pairs[0].relation_f1 == 2 * 1 / 4
    directed = compute_agreement([alice, bob], labels=LABELS)
    assert directed.pairs[0].relation_f1 == 0.0
    # endpoints must be exactly matched spans: move bob's first claim by one character
    moved = work(
        "bob",
        [("claim", 0, 5), *spans[1:]],
        relations=[("contradicts", "bob1", "bob0"), ("cites", "bob2", "bob3")],
    )
    report = compute_agreement([alice, moved], labels=LABELS, symmetric={"contradicts"})
    assert report.overall["relation_f1"] == 2 * 1 / 4  # only cites matches now


def test_attribute_agreement_on_exactly_matched_spans() -> None:
    alice = work(
        "alice",
        [
            (
                "claim",
                0,
                4,
                {"factuality": "asserted", "quote_style": "direct", "claim_type": "event"},
            ),
            ("claim", 10, 14, {"factuality": "hedged"}),
            ("source", 5, 9, {"source_type": "government"}),
        ],
    )
    bob = work(
        "bob",
        [
            ("claim", 0, 4, {"factuality": "asserted", "quote_style": None, "claim_type": "event"}),
            ("claim", 10, 14, {"factuality": "hedged"}),
            ("source", 5, 9, {"source_type": "government"}),
        ],
    )
    carol = work(
        "carol",
        [
            ("claim", 0, 4, {"factuality": "hedged", "claim_type": "event"}),
            ("claim", 10, 15, {"factuality": "asserted"}),  # not an exact match: not a unit
        ],
    )
    report = compute_agreement([alice, bob, carol], labels=LABELS)
    attributes = report.attributes
    assert list(attributes) == [
        "claim.claim_type",
        "claim.factuality",
        "claim.quote_style",
        "source.source_type",
    ]
    # factuality: unit 1 (asserted, asserted, hedged), unit 2 (hedged, hedged)
    # percent: agreeing pairs 1 + 1 of 3 + 1 pairs = 0.5
    # alpha: n = 5 (asserted 2, hedged 3); D_o = (9 - 4 - 1)/2 + 0 = 2; D_e = 25 - 4 - 9 = 12
    # alpha = 1 - 4 * 2 / 12 = 1/3
    factuality = attributes["claim.factuality"]
    assert factuality["units"] == 2 and factuality["percent"] == 0.5
    assert factuality["alpha"] == pytest.approx(1 / 3, abs=1e-15)
    assert factuality["alpha"] == pytest.approx(kripp([[0, 1], [0, 1], [1, np.nan]]), abs=1e-12)
    # quote_style: (direct, empty, empty): one agreeing pair of 3; an empty value is a value
    # n = 3 (direct 1, empty 2): D_o = (9 - 1 - 4)/2 = 2, D_e = 9 - 1 - 4 = 4, alpha = 1 - 2*2/4
    assert attributes["claim.quote_style"]["percent"] == 1 / 3
    assert attributes["claim.quote_style"]["alpha"] == 0.0
    # claim_type all "event": full agreement, no variation
    assert attributes["claim.claim_type"] == {
        "label": "claim",
        "attribute": "claim_type",
        "units": 1,
        "percent": 1.0,
        "alpha": None,
    }
    assert attributes["source.source_type"]["percent"] == 1.0


def test_overlap_matching_is_one_to_one_and_greedy_by_iou() -> None:
    a = [SpanItem("a1", "claim", 0, 10), SpanItem("a2", "claim", 0, 12)]
    b = [SpanItem("b1", "claim", 0, 11)]
    # IoU(a1, b1) = 10/11, IoU(a2, b1) = 11/12 (higher): b1 pairs with a2 only
    assert [(x.id, y.id) for x, y in overlap_matches(a, b, Fraction(1, 2))] == [("a2", "b1")]
    # ties (equal IoU) go to the pair that comes first by position
    a = [SpanItem("a1", "claim", 2, 6), SpanItem("a2", "claim", 0, 4)]
    b = [SpanItem("b1", "claim", 1, 5)]
    assert [(x.id, y.id) for x, y in overlap_matches(a, b, Fraction(1, 2))] == [("a2", "b1")]
    # different labels never pair; the threshold is inclusive (IoU exactly 1/2)
    assert (
        overlap_matches([SpanItem("x", "claim", 0, 4)], [SpanItem("y", "source", 0, 4)], 0.5) == []
    )
    assert (
        len(
            overlap_matches(
                [SpanItem("x", "claim", 0, 4)], [SpanItem("y", "claim", 0, 2)], Fraction(1, 2)
            )
        )
        == 1
    )


def test_json_has_the_issue_keys() -> None:
    report = compute_agreement([work("alice", [("claim", 0, 4)]), work("bob")], labels=LABELS)
    data = report.to_json()
    assert list(data) == [
        "annotators",
        "documents",
        "pairs",
        "labels",
        "attributes",
        "overall",
        "per_document",
    ]
    assert list(data["pairs"][0]) == [
        "a",
        "b",
        "documents",
        "span_f1_exact",
        "span_f1_overlap",
        "relation_f1",
    ]
    assert list(data["overall"]) == ["span_f1_exact", "span_f1_overlap", "relation_f1", "alpha"]
    assert list(data["labels"]["claim"]) == ["span_f1_exact", "span_f1_overlap", "alpha"]


# --- cross-checks against the krippendorff package ---------------------------------------

values = st.one_of(st.none(), st.integers(min_value=0, max_value=3))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda c: st.lists(st.lists(values, min_size=c, max_size=c), min_size=1, max_size=25)
    )
)
def test_nominal_alpha_matches_krippendorff(units: list[list[int | None]]) -> None:
    ours = nominal_alpha(units)
    pairable = [
        v for unit in units if sum(x is not None for x in unit) >= 2 for v in unit if v is not None
    ]
    if ours is None:
        assert len(set(pairable)) <= 1
        return
    rows = [
        [math.nan if unit[c] is None else unit[c] for unit in units] for c in range(len(units[0]))
    ]
    assert ours == pytest.approx(kripp(rows), abs=1e-9)


intervals = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 10)).map(lambda t: (t[0], min(30, t[0] + t[1]))),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(intervals, min_size=2, max_size=4))
def test_coverage_patterns_equal_unit_by_unit_alpha(coders: list[list[tuple[int, int]]]) -> None:
    length = 30
    patterns = coverage_patterns(length, coders)
    assert sum(patterns.values()) == length
    units = [[int(any(s <= u < e for s, e in coder)) for coder in coders] for u in range(length)]
    assert alpha_from_patterns(patterns) == nominal_alpha(units)


documents = st.lists(
    st.tuples(
        st.integers(5, 25),  # text length
        st.lists(  # one entry per annotator: status and spans
            st.tuples(
                st.sampled_from(["done", "done", "skipped", "in_progress"]),
                st.lists(
                    st.tuples(
                        st.sampled_from(["claim", "source"]), st.integers(0, 24), st.integers(1, 8)
                    ),
                    max_size=4,
                ),
            ),
            min_size=3,
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_per_label_alpha_matches_krippendorff_over_documents(
    docs: list[tuple[int, list[tuple[str, list[tuple[str, int, int]]]]]],
) -> None:
    names = ["alice", "bob", "carol"]
    work_items: list[AnnotatedDoc] = []
    rows = {label: [[] for _ in names] for label in ("claim", "source")}
    for d, (length, entries) in enumerate(docs):
        sha = f"{d:064x}"
        spans_by = []
        for name, (status, spans) in zip(names, entries, strict=True):
            clipped = [(lab, min(s, length - 1), min(length, s + w)) for lab, s, w in spans]
            spans_by.append((status, clipped))
            work_items.append(work(name, clipped, status=status, sha=sha, length=length))
        if sum(status == "done" for status, _ in spans_by) < 2:
            continue
        for label in rows:
            for c, (status, spans) in enumerate(spans_by):
                for u in range(length):
                    covered = any(lab == label and s <= u < e for lab, s, e in spans)
                    rows[label][c].append(float(covered) if status == "done" else math.nan)
    report = compute_agreement(work_items, labels=("claim", "source"))
    for label, data in rows.items():
        ours = report.labels[label]["alpha"]
        columns = [[row[u] for row in data if not math.isnan(row[u])] for u in range(len(data[0]))]
        pairable = {v for column in columns if len(column) >= 2 for v in column}
        if ours is None:
            assert len(pairable) <= 1  # no variation
        else:
            assert ours == pytest.approx(kripp(data), abs=1e-9)
