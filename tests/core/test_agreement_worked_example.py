"""The worked example of docs/agreement.md, figure by figure. If this fails, fix the code or
the document: they must say the same."""

from __future__ import annotations

from fractions import Fraction

import pytest

from annotator.core.agreement import AnnotatedDoc, RelationItem, SpanItem, compute_agreement

TEXT = "The ministry said three soldiers died near Kalbajar."
SHA = "a" * 64
LABELS = ["claim", "source", "casualty_figure", "location"]


def span(span_id: str, label: str, phrase: str, attributes: dict | None = None) -> SpanItem:
    start = TEXT.index(phrase)
    return SpanItem(span_id, label, start, start + len(phrase), attributes or {})


def work(annotator: str, status: str, spans: tuple, relations: tuple = ()) -> AnnotatedDoc:
    return AnnotatedDoc(SHA, "d1", len(TEXT), annotator, status, spans, relations)


@pytest.fixture(scope="module")
def report():
    alice = work(
        "alice",
        "done",
        (
            span("a1", "source", "The ministry"),
            span(
                "a2",
                "casualty_figure",
                "three soldiers",
                {"outcome": "killed", "victim_type": "combatant"},
            ),
            span("a3", "location", "Kalbajar"),
        ),
        (RelationItem("r1", "located_at", "a2", "a3"),),
    )
    bob = work(
        "bob",
        "done",
        (
            span("b1", "source", "ministry"),
            span("b2", "casualty_figure", "three soldiers", {"outcome": "killed"}),
        ),
    )
    carol = work("carol", "in_progress", (span("c1", "location", "Kalbajar"),))
    return compute_agreement(
        [alice, bob, carol], labels=LABELS, symmetric=["contradicts", "corroborates"]
    )


def test_offsets_in_the_document_are_right() -> None:
    assert len(TEXT) == 52
    assert TEXT[0:12] == "The ministry" and TEXT[4:12] == "ministry"
    assert TEXT[18:32] == "three soldiers" and TEXT[43:51] == "Kalbajar"


def test_who_counts(report) -> None:
    assert report.documents == 1
    (row,) = report.per_document
    assert row.participants == ("alice", "bob")
    assert row.not_participating == (("carol", "in_progress"),)


def test_span_and_relation_figures(report) -> None:
    assert report.overall["span_f1_exact"] == pytest.approx(0.4)
    assert report.overall["span_f1_overlap"] == pytest.approx(0.8)
    assert report.overall["relation_f1"] == 0.0
    assert report.labels["source"]["span_f1_exact"] == 0.0
    assert report.labels["source"]["span_f1_overlap"] == 1.0
    assert report.labels["location"]["span_f1_overlap"] == 0.0
    assert report.labels["claim"]["span_f1_exact"] is None


def test_alphas(report) -> None:
    source = 1 - Fraction(103, 420)
    location = 1 - Fraction(103, 96)
    assert report.labels["source"]["alpha"] == pytest.approx(float(source))
    assert report.labels["location"]["alpha"] == pytest.approx(float(location))
    assert report.labels["casualty_figure"]["alpha"] == 1.0
    assert report.labels["claim"]["alpha"] is None
    assert report.overall["alpha"] == pytest.approx(float((source + 1 + location) / 3))
    assert round(report.overall["alpha"], 4) == 0.5606


def test_attributes(report) -> None:
    outcome = report.attributes["casualty_figure.outcome"]
    victim = report.attributes["casualty_figure.victim_type"]
    assert (outcome["units"], outcome["percent"], outcome["alpha"]) == (1, 1.0, None)
    assert (victim["units"], victim["percent"], victim["alpha"]) == (1, 0.0, 0.0)


def test_pairs_without_shared_documents_are_null(report) -> None:
    pairs = {(p.a, p.b): p for p in report.pairs}
    assert pairs[("alice", "bob")].documents == 1
    assert pairs[("alice", "carol")].documents == 0
    assert pairs[("alice", "carol")].span_f1_exact is None
