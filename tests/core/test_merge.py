"""Merge of DESIGN section 6: clusters, strict-majority votes, conflicts, determinism."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from annotator.core.agreement import AnnotatedDoc, RelationItem, SpanItem, cluster_spans
from annotator.core.merge import DocumentText, MergedDocument, content_id, merge
from annotator.core.text import text_sha256

TEXT = "Baku said Armenian forces shelled the village, killing three soldiers; Yerevan denied it."
SHA = text_sha256(TEXT)
DOC = DocumentText(SHA, "report-1", "Report", TEXT, {})
CLAIM = (10, 45)  # "Armenian forces shelled the village"
FIGURE = (47, 69)  # "killing three soldiers"
SOURCE = (0, 4)  # "Baku"
SYMMETRIC = frozenset({"contradicts", "corroborates", "same_as"})


def work(
    annotator: str,
    spans: Sequence[tuple[Any, ...]] = (),
    *,
    status: str = "done",
    relations: Sequence[tuple[str, int, int]] = (),
    sha: str = SHA,
) -> AnnotatedDoc:
    """spans: (label, (start, end)[, attributes]); relations: (type, from index, to index)."""
    items = tuple(
        SpanItem(f"{annotator}-s{i}", s[0], s[1][0], s[1][1], s[2] if len(s) > 2 else {})
        for i, s in enumerate(spans)
    )
    rels = tuple(
        RelationItem(f"{annotator}-r{i}", kind, items[a].id, items[b].id)
        for i, (kind, a, b) in enumerate(relations)
    )
    return AnnotatedDoc(
        sha, "report-1", len(TEXT), annotator, status, items, rels, "2024-05-01T10:00:00Z"
    )


def merged(*works: AnnotatedDoc, threshold: float = 0.5) -> MergedDocument:
    result = merge({SHA: DOC}, works, threshold=threshold, symmetric=SYMMETRIC)
    (document,) = result.documents
    return document


def kinds(document: MergedDocument) -> list[str]:
    return [c.kind for c in document.conflicts]


def records(document: MergedDocument) -> list[dict[str, Any]]:
    """The conflicts as the native format writes them."""
    return [c.record() for c in document.conflicts]


def test_three_annotators_strict_majority() -> None:
    doc = merged(
        work("alice", [("claim", CLAIM), ("source", SOURCE)]),
        work("bob", [("claim", CLAIM)]),
        work("carol", []),
    )
    # claim: 2 of 3 participants -> accepted; source: 1 of 3 -> presence conflict
    (span,) = doc.spans
    assert (span["label"], span["start"], span["end"]) == ("claim", *CLAIM)
    assert span["text"] == "Armenian forces shelled the village"
    assert span["provenance"] == {"annotators": ["alice", "bob"], "votes": 2, "participants": 3}
    assert span["id"] == content_id("m", SHA, "claim", *CLAIM)
    assert (
        span["id"] == "m-" + hashlib.sha256(f"{SHA}\x1fclaim\x1f10\x1f45".encode()).hexdigest()[:12]
    )
    (conflict,) = records(doc)
    assert conflict["type"] == "presence" and conflict["label"] == "source"
    assert (conflict["votes"], conflict["participants"]) == (1, 3)
    assert conflict["variants"][0]["annotator"] == "alice"
    assert conflict["variants"][0]["span_id"] == "alice-s1"
    assert conflict["absent"] == ["bob", "carol"]
    assert doc.status == "in_progress"
    record = doc.record()
    assert record["annotator"] == "gold" and record["conflicts"] == records(doc)


def test_five_annotators_boundaries_and_majority() -> None:
    wider = (10, 46)
    doc = merged(
        work("a1", [("claim", CLAIM), ("casualty_figure", FIGURE)]),
        work("a2", [("claim", CLAIM), ("casualty_figure", FIGURE)]),
        work("a3", [("claim", wider)]),
        work("a4", []),
        work("a5", []),
    )
    # claim: 3 of 5 -> accepted; boundaries CLAIM twice, wider once: CLAIM has 2 of 3 members
    (span,) = doc.spans
    assert (span["start"], span["end"]) == CLAIM
    assert span["provenance"]["votes"] == 3 and span["provenance"]["participants"] == 5
    # figure: 2 of 5 is no majority
    assert kinds(doc) == ["presence"]
    assert doc.conflicts[0].votes == 2 and doc.conflicts[0].absent == ("a3", "a4", "a5")


def test_boundary_tie_takes_earliest_start_then_shortest_and_is_a_conflict() -> None:
    doc = merged(
        work("a1", [("claim", (10, 45))]),
        work("a2", [("claim", (10, 47))]),
        work("a3", [("claim", (9, 45))]),
        work("a4", []),
        work("a5", []),
    )
    # 3 of 5 with three different boundaries, one vote each: earliest start wins (9, 45)
    (span,) = doc.spans
    assert (span["start"], span["end"]) == (9, 45)
    (conflict,) = records(doc)
    assert conflict["type"] == "boundary" and conflict["span_ids"] == [span["id"]]
    assert [v["annotator"] for v in conflict["variants"]] == ["a1", "a2", "a3"]
    assert [(v["start"], v["end"]) for v in conflict["variants"]] == [(10, 45), (10, 47), (9, 45)]
    # same start: the shortest wins
    doc = merged(work("a", [("claim", (10, 47))]), work("b", [("claim", (10, 45))]))
    assert (doc.spans[0]["start"], doc.spans[0]["end"]) == (10, 45)
    assert kinds(doc) == ["boundary"]


def test_label_conflicts() -> None:
    # two of three say claim, one says source on the same text: claim accepted, label conflict
    doc = merged(
        work("alice", [("claim", CLAIM)]),
        work("bob", [("claim", CLAIM)]),
        work("carol", [("source", CLAIM)]),
    )
    assert [s["label"] for s in doc.spans] == ["claim"]
    (conflict,) = records(doc)
    assert conflict["type"] == "label" and conflict["labels"] == ["claim", "source"]
    assert conflict["span_ids"] == [doc.spans[0]["id"]]
    assert [(v["annotator"], v["label"]) for v in conflict["variants"]] == [
        ("alice", "claim"),
        ("bob", "claim"),
        ("carol", "source"),
    ]
    # two annotators, two labels: nothing accepted, one label conflict (not two presence ones)
    doc = merged(work("alice", [("claim", CLAIM)]), work("bob", [("location", CLAIM)]))
    assert doc.spans == () and kinds(doc) == ["label"]
    assert doc.conflicts[0].span_ids == () and doc.conflicts[0].absent == ()
    # the same annotator marking both labels is not a label disagreement
    doc = merged(
        work("alice", [("claim", CLAIM), ("source", CLAIM)]), work("bob", [("claim", CLAIM)])
    )
    assert kinds(doc) == ["presence"]


def test_attribute_votes() -> None:
    def claim(**attributes: Any) -> tuple[Any, ...]:
        return ("claim", CLAIM, attributes)

    # two annotators disagree on factuality: an attribute conflict, the rest agreed
    doc = merged(
        work("alice", [claim(claim_type="event", factuality="asserted")]),
        work("bob", [claim(claim_type="event", factuality="hedged")]),
    )
    assert doc.spans[0]["attributes"] == {"claim_type": "event"}
    (conflict,) = records(doc)
    assert conflict["type"] == "attribute" and conflict["attribute"] == "factuality"
    assert conflict["variants"] == [
        {"annotator": "alice", "span_id": "alice-s0", "value": "asserted"},
        {"annotator": "bob", "span_id": "bob-s0", "value": "hedged"},
    ]
    # three: 2 asserted + 1 empty -> asserted; 1 asserted + 2 empty -> stays empty; no conflicts
    doc = merged(
        work("a", [claim(factuality="asserted", status="contested")]),
        work("b", [claim(factuality="asserted", status="")]),
        work("c", [claim()]),
    )
    assert doc.spans[0]["attributes"] == {"factuality": "asserted"} and doc.conflicts == ()
    assert doc.status == "done"
    # 1 asserted, 1 hedged, 1 empty: no strict majority
    doc = merged(
        work("a", [claim(factuality="asserted")]),
        work("b", [claim(factuality="hedged")]),
        work("c", [claim()]),
    )
    assert kinds(doc) == ["attribute"]
    assert [v.value for v in doc.conflicts[0].variants] == ["asserted", "hedged", None]


def test_presence_with_two_annotators_needs_both() -> None:
    doc = merged(work("alice", [("claim", CLAIM)]), work("bob", []))
    assert doc.spans == () and kinds(doc) == ["presence"]
    assert doc.conflicts[0].absent == ("bob",)


def test_relations() -> None:
    spans = [("claim", CLAIM), ("source", SOURCE)]
    doc = merged(
        work("alice", spans, relations=[("attributed_to", 0, 1)]),
        work("bob", spans, relations=[("attributed_to", 0, 1)]),
        work("carol", spans),
    )
    claim, source = doc.spans[1], doc.spans[0]  # sorted by position: Baku first
    (relation,) = doc.relations
    assert relation["from_id"] == claim["id"] and relation["to_id"] == source["id"]
    assert relation["type"] == "attributed_to" and relation["id"].startswith("mr-")
    assert doc.conflicts == ()


def test_symmetric_relations_are_unordered() -> None:
    spans = [("claim", CLAIM), ("claim", (71, 88))]
    doc = merged(
        work("alice", spans, relations=[("contradicts", 0, 1)]),
        work("bob", spans, relations=[("contradicts", 1, 0)]),
        work("carol", spans),
    )
    (relation,) = doc.relations
    assert (relation["from_id"], relation["to_id"]) == (doc.spans[0]["id"], doc.spans[1]["id"])
    # a directed type reversed is two different relations, each a minority
    directed = merge(
        {SHA: DOC},
        [
            work("alice", spans, relations=[("contradicts", 0, 1)]),
            work("bob", spans, relations=[("contradicts", 1, 0)]),
            work("carol", spans),
        ],
    ).documents[0]
    assert directed.relations == ()
    assert kinds(directed) == ["relation", "relation"]
    assert {c.reason for c in directed.conflicts} == {"minority"}


def test_relation_to_a_span_not_accepted_is_a_conflict() -> None:
    doc = merged(
        work("alice", [("claim", CLAIM), ("source", SOURCE)], relations=[("attributed_to", 0, 1)]),
        work("bob", [("claim", CLAIM), ("source", (0, 9))], relations=[("attributed_to", 0, 1)]),
        work("carol", [("claim", CLAIM)]),
    )
    # "Baku" and "Baku said" have IoU 4/9: two sources, one vote each -> not accepted
    assert [s["label"] for s in doc.spans] == ["claim"]
    relation_conflicts = [c for c in records(doc) if c["type"] == "relation"]
    assert len(relation_conflicts) == 2
    assert all(c["reason"] == "minority" for c in relation_conflicts)
    assert relation_conflicts[0]["from"]["span_id"] == doc.spans[0]["id"]
    assert relation_conflicts[0]["to"]["span_id"] is None
    doc = merged(
        work("alice", [("claim", CLAIM), ("source", SOURCE)], relations=[("attributed_to", 0, 1)]),
        work("bob", [("claim", CLAIM), ("source", SOURCE)], relations=[("attributed_to", 0, 1)]),
        work("carol", [("claim", CLAIM)]),
        work("dave", [("claim", CLAIM)]),
    )
    # 2 of 4 marked the source: not accepted, so the relation (also 2 of 4) is a minority
    assert kinds(doc) == ["presence", "relation"]


def test_skipped_unfinished_and_absent_annotators_do_not_vote() -> None:
    other = text_sha256("A second report.")
    texts = {SHA: DOC, other: DocumentText(other, "report-2", "", "A second report.", {})}
    result = merge(
        texts,
        [
            work("alice", [("claim", CLAIM)]),
            work("bob", [("claim", FIGURE)], status="skipped"),
            work("carol", [], status="in_progress"),
            AnnotatedDoc(other, "report-2", 16, "alice", "skipped"),
        ],
    )
    first, second = result.documents
    # only alice takes part in report-1: 1 of 1 is a strict majority
    assert [s["provenance"]["participants"] for s in first.spans] == [1]
    assert first.status == "done" and first.conflicts == ()
    assert first.statuses == (("alice", "done"), ("bob", "skipped"), ("carol", "in_progress"))
    assert second.status == "todo" and second.spans == ()
    assert second.statuses == (("alice", "skipped"), ("bob", "absent"), ("carol", "absent"))
    assert result.coverage() == {
        "alice": {"done": 1, "skipped": ["report-2"], "unfinished": {}, "absent": []},
        "bob": {"done": 0, "skipped": ["report-1"], "unfinished": {}, "absent": ["report-2"]},
        "carol": {
            "done": 0,
            "skipped": [],
            "unfinished": {"report-1": "in_progress"},
            "absent": ["report-2"],
        },
    }
    assert result.conflict_counts() == dict.fromkeys(
        ("presence", "boundary", "label", "attribute", "relation"), 0
    )


def test_clusters_are_complete_linkage_one_span_per_annotator() -> None:
    def member(name: str, uid: str, start: int, end: int) -> tuple[str, SpanItem]:
        return name, SpanItem(uid, "claim", start, end)

    # alice-bob IoU 10/14, bob-carol IoU 10/14, alice-carol IoU 6/14 < 1/2: no chain
    clusters = cluster_spans(
        [member("carol", "c", 4, 14), member("bob", "b", 0, 14), member("alice", "a", 0, 10)], 0.5
    )
    assert [[s.id for _, s in c] for c in clusters] == [["a", "b"], ["c"]]
    # alice's two spans both overlap bob's: the better one (IoU 1) joins him
    clusters = cluster_spans(
        [member("alice", "a1", 0, 9), member("alice", "a2", 0, 10), member("bob", "b", 0, 10)], 0.5
    )
    assert sorted(sorted(s.id for _, s in c) for c in clusters) == [["a1"], ["a2", "b"]]
    # the IoU threshold is a parameter: at 0.8 "Baku" and "Baku said" (4/9) stay apart
    assert len(cluster_spans([member("a", "x", 0, 4), member("b", "y", 0, 9)], 0.4)) == 1
    assert len(cluster_spans([member("a", "x", 0, 4), member("b", "y", 0, 9)], 0.8)) == 2


def test_same_inputs_in_any_order_give_the_same_output() -> None:
    def everything() -> list[AnnotatedDoc]:
        spans = [
            ("claim", CLAIM, {"factuality": "asserted"}),
            ("source", SOURCE, {"source_type": "government"}),
            ("casualty_figure", FIGURE),
            ("claim", (71, 88)),
        ]
        return [
            work("alice", spans, relations=[("attributed_to", 0, 1), ("contradicts", 0, 3)]),
            work(
                "bob",
                [*spans[:2], ("casualty_figure", (55, 69))],
                relations=[("attributed_to", 0, 1)],
            ),
            work("carol", [("source", CLAIM), ("claim", (71, 89), {"factuality": "hedged"})]),
            work("dave", spans[1:], status="skipped"),
        ]

    reference = [d.record() for d in merge({SHA: DOC}, everything(), symmetric=SYMMETRIC).documents]
    rng = random.Random(5)
    for _ in range(10):
        shuffled = []
        for item in everything():
            spans, relations = list(item.spans), list(item.relations)
            rng.shuffle(spans)
            rng.shuffle(relations)
            shuffled.append(replace(item, spans=tuple(spans), relations=tuple(relations)))
        rng.shuffle(shuffled)
        result = merge({SHA: DOC}, shuffled, symmetric=SYMMETRIC)
        assert json.dumps([d.record() for d in result.documents]) == json.dumps(reference)
