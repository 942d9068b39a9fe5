"""The store's team figures in the agreement core's shapes, from a real store."""

from __future__ import annotations

import pytest

from annotator.core.model import Relation, Span, Status, new_uid
from annotator.core.schema import default_schema
from annotator.io.importers import import_paths
from annotator.io.team_data import (
    agreement_docs,
    agreement_report,
    done_per_day,
    symmetric_relations,
    team_figures,
)
from annotator.store import Store
from tests.conftest import SAMPLES


@pytest.fixture
def store(db_store: Store) -> Store:
    """On each engine (``db``): the statistics view and `annotator stats` read a database."""
    return db_store


def add_span(store: Store, doc_id: str, annotator: str, label: str, quote: str, shift: int = 0):
    document = store.find_document(doc_id)
    assert document is not None
    start = document.text.index(quote) + shift
    end = start + len(quote)
    return store.add_span(
        Span(
            uid=new_uid("s"),
            document_id=document.id,
            annotator=annotator,
            label=label,
            start=start,
            end=end,
            text=document.text[start:end],
        )
    )


def set_status(store: Store, doc_id: str, annotator: str, status: Status) -> None:
    document = store.find_document(doc_id)
    assert document is not None
    store.set_status(document.id, annotator, status)


@pytest.fixture
def team(store: Store) -> Store:
    """alice and bob both finish 01 (one exact match, one shifted span); alice finishes 02,
    bob is still on it; 03 and 04 are untouched; gold adjudicated 01."""
    import_paths(store, [SAMPLES], actor="lead")
    add_span(store, "01-border-clash", "alice", "location", "Sotk")
    add_span(store, "01-border-clash", "bob", "location", "Sotk")
    claim = add_span(store, "01-border-clash", "alice", "claim", "three soldiers dead")
    add_span(store, "01-border-clash", "bob", "claim", "three soldiers dead", shift=1)
    source = add_span(store, "01-border-clash", "alice", "source", "Armenia's defence ministry")
    store.add_relation(
        Relation(
            uid=new_uid("r"),
            document_id=claim.document_id,
            annotator="alice",
            type="attributed_to",
            from_uid=claim.uid,
            to_uid=source.uid,
        )
    )
    add_span(store, "02-war-toll", "alice", "casualty_figure", "Two years")
    add_span(store, "02-war-toll", "bob", "casualty_figure", "Two years")
    add_span(store, "01-border-clash", "gold", "location", "Sotk")
    for annotator in ("alice", "bob", "gold"):
        set_status(store, "01-border-clash", annotator, Status.DONE)
    set_status(store, "02-war-toll", "alice", Status.DONE)
    set_status(store, "02-war-toll", "bob", Status.IN_PROGRESS)
    return store


def test_symmetric_relations_come_from_the_schema() -> None:
    assert symmetric_relations(default_schema()) == {"contradicts", "corroborates", "same_as"}


def test_agreement_docs_carry_every_annotators_work_but_not_gold(team: Store) -> None:
    docs = agreement_docs(team)
    assert [(d.doc_id, d.annotator, d.status) for d in docs] == [
        ("01-border-clash", "alice", "done"),
        ("01-border-clash", "bob", "done"),
        ("02-war-toll", "alice", "done"),
        ("02-war-toll", "bob", "in_progress"),
    ]
    alice = docs[0]
    document = team.find_document("01-border-clash")
    assert document is not None
    assert alice.text_sha256 == document.text_sha256
    assert alice.text_length == len(document.text)
    assert sorted(s.label for s in alice.spans) == ["claim", "location", "source"]
    by_id = {s.id: s for s in alice.spans}
    (relation,) = alice.relations
    assert (by_id[relation.from_id].label, by_id[relation.to_id].label) == ("claim", "source")
    assert relation.type == "attributed_to"
    assert {d.annotator for d in agreement_docs(team, exclude=())} == {"alice", "bob", "gold"}


def test_the_report_compares_only_documents_both_finished(team: Store) -> None:
    report = agreement_report(team)
    assert report.annotators == ("alice", "bob")
    assert report.documents == 1  # 02: bob is not done
    (pair,) = report.pairs
    # 01: alice 3 spans, bob 2; "Sotk" matches exactly, the shifted claim only by overlap.
    assert pair.span_f1_exact == pytest.approx(2 * 1 / 5)
    assert pair.span_f1_overlap == pytest.approx(2 * 2 / 5)
    assert pair.relation_f1 == 0.0  # alice's one relation, bob has none
    assert list(report.labels) == list(default_schema().label_ids)
    assert report.labels["location"]["span_f1_exact"] == 1.0
    assert report.labels["casualty_figure"]["span_f1_exact"] is None


def test_done_per_day_counts_done_statuses_by_their_day(
    team: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotator.store.annotations as annotations

    stamps = {updated for rows in team.statuses().values() for _, updated in rows.values()}
    (today,) = {stamp[:10] for stamp in stamps}
    assert done_per_day(team) == {"alice": {today: 2}, "bob": {today: 1}, "gold": {today: 1}}
    monkeypatch.setattr(annotations, "utc_now", lambda: "2024-03-01T23:59:59.000Z")
    set_status(team, "03-ceasefire-talks", "bob", Status.DONE)
    set_status(team, "04-village-shelling", "bob", Status.DONE)
    set_status(team, "04-village-shelling", "carol", Status.SKIPPED)
    per_day = done_per_day(team)
    assert set(per_day) == {"alice", "bob", "gold"}  # carol has nothing done
    assert list(per_day["bob"].items()) == [("2024-03-01", 2), (today, 1)]  # dates sorted
    assert set(done_per_day(team, exclude={"gold"})) == {"alice", "bob"}


def test_an_empty_store_has_no_figures(store: Store) -> None:
    figures = team_figures(store)
    assert figures.per_day == {}
    assert figures.report.pairs == ()
    assert figures.report.documents == 0
    assert figures.stats.documents == 0
    assert figures.schema.id == default_schema().id
