"""Every conflict kind resolved by taking one annotator's version, on a real store; and the
readable texts of conflicts (span texts and display names, never ids)."""

from __future__ import annotations

import pytest

from annotator.core import adjudicate, commands, conflict_text
from annotator.core.conflicts import Conflict
from annotator.core.merge import GOLD, MergedDocument
from annotator.core.model import AttributeValue, Document, Span, Status, new_uid
from annotator.errors import UserError
from annotator.store import Store
from tests.helpers import new_document

TEXT = "Baku said three soldiers died near Kəlbəcər 📍 on Monday."
CLAIM = "three soldiers died near Kəlbəcər"


def add(
    store: Store, doc: Document, name: str, quote: str, label: str, **attributes: AttributeValue
) -> Span:
    start = TEXT.index(quote)
    span = Span(new_uid("s"), doc.id, name, label, start, start + len(quote), quote, attributes)
    return store.add_span(span)


@pytest.fixture
def setup(store: Store) -> tuple[Store, Document, MergedDocument]:
    """alice and bob bound the claim alike but differ on factuality; only alice marks the
    place, only bob the source and a link from the claim to it."""
    store.import_documents([new_document(TEXT, "d")], actor="t", source="t")
    doc = store.find_document("d")
    add(store, doc, "alice", CLAIM, "claim", claim_type="event", factuality="asserted")
    add(store, doc, "alice", "Kəlbəcər 📍", "location")
    claim = add(store, doc, "bob", CLAIM, "claim", claim_type="event", factuality="hedged")
    source = add(store, doc, "bob", "Baku", "source", source_type="armed_group")
    store.add_relation(commands.make_relation(store.schema, "attributed_to", claim, source))
    for name in ("alice", "bob"):
        store.set_status(doc.id, name, Status.DONE)
    works = [
        adjudicate.Work(
            name,
            Status.DONE,
            tuple(store.spans(doc.id, name)),
            tuple(store.relations(doc.id, name)),
        )
        for name in ("alice", "bob")
    ]
    return store, doc, adjudicate.document_merge(doc, works, store.schema)


def find(merged: MergedDocument, kind: str, label: str = "") -> Conflict:
    return next(c for c in merged.conflicts if c.kind == kind and (not label or c.label == label))


def decide(store: Store, doc: Document, made: list[adjudicate.Command]) -> None:
    with store.unit_of_work():
        for command in made:
            command.apply(store)


@pytest.mark.parametrize(
    ("kind", "label", "annotator", "gold_after", "rejected"),
    [
        # an attribute conflict on a span gold lacks: the span goes in with the chosen value
        ("attribute", "claim", "alice", {(CLAIM, "claim", "asserted")}, False),
        ("attribute", "claim", "bob", {(CLAIM, "claim", "hedged")}, False),
        ("presence", "location", "alice", {("Kəlbəcər 📍", "location", None)}, False),
        # bob marked no place: taking his version takes nothing, recorded as a rejection
        ("presence", "location", "bob", set(), True),
        ("presence", "source", "bob", {("Baku", "source", None)}, False),
        ("presence", "source", "alice", set(), True),
        # alice has no link: taking her version rejects bob's
        ("relation", "", "alice", set(), True),
    ],
)
def test_taking_an_annotators_version_settles_every_kind(
    setup: tuple[Store, Document, MergedDocument],
    kind: str,
    label: str,
    annotator: str,
    gold_after: set[tuple[str, str, str | None]],
    rejected: bool,
) -> None:
    store, doc, merged = setup
    conflict = find(merged, kind, label)
    made = adjudicate.choose(doc, merged, conflict, annotator, [], [], store.schema)
    decide(store, doc, made)
    gold = store.spans(doc.id, GOLD)
    assert {(s.text, s.label, s.attributes.get("factuality")) for s in gold} == gold_after
    decisions = store.decisions(doc.id)
    assert (decisions.get(conflict.id) == adjudicate.REJECTED) is rejected
    state = adjudicate.conflict_state(conflict, gold, [], decisions, store.schema)
    assert state  # decided either way
    assert conflict not in adjudicate.open_conflicts(
        merged.conflicts, gold, [], decisions, store.schema
    )


def test_an_attribute_taken_with_its_span_keeps_the_agreed_values(
    setup: tuple[Store, Document, MergedDocument],
) -> None:
    store, doc, merged = setup
    conflict = find(merged, "attribute")
    made = adjudicate.choose(doc, merged, conflict, "bob", [], [], store.schema)
    assert len(made) == 1  # one span, made whole: one undo step even outside a unit
    decide(store, doc, made)
    (span,) = store.spans(doc.id, GOLD)
    assert span.attributes == {"claim_type": "event", "factuality": "hedged"}
    assert span.provenance["annotators"] == ["alice", "bob"]
    state = adjudicate.conflict_state(conflict, [span], [], {}, store.schema)
    assert state == "gold Factuality: Hedged"
    # taking the other value now changes the span gold has
    again = adjudicate.choose(doc, merged, conflict, "alice", [span], [], store.schema)
    assert [type(c) for c in again] == [commands.UpdateSpan]


def test_a_link_whose_ends_gold_lacks_brings_them_along(
    setup: tuple[Store, Document, MergedDocument],
) -> None:
    """bob's link from the claim (accepted, factuality disputed) to his source "Baku" (a
    presence conflict): one decision puts the merged claim, his source and the link in gold."""
    store, doc, merged = setup
    conflict = find(merged, "relation")
    made = adjudicate.choose(doc, merged, conflict, "bob", [], [], store.schema)
    assert [type(c) for c in made] == [
        commands.CreateSpan,
        commands.CreateSpan,
        commands.CreateRelation,
    ]
    decide(store, doc, made)
    gold = {s.text: s for s in store.spans(doc.id, GOLD)}
    assert gold[CLAIM].attributes == {"claim_type": "event"}  # the agreed values only
    assert gold[CLAIM].provenance["annotators"] == ["alice", "bob"]
    assert gold["Baku"].attributes == {"source_type": "armed_group"}  # bob's, as he gave them
    assert gold["Baku"].provenance["annotators"] == ["bob"]
    (link,) = store.relations(doc.id, GOLD)
    assert (link.from_uid, link.to_uid) == (gold[CLAIM].uid, gold["Baku"].uid)
    relations = store.relations(doc.id, GOLD)
    spans = list(gold.values())
    decided = adjudicate.conflict_state(conflict, spans, relations, {}, store.schema)
    assert decided == "linked in gold"
    # the source's presence conflict is settled by the same decision
    presence = find(merged, "presence", "source")
    settled = adjudicate.conflict_state(presence, spans, relations, {}, store.schema)
    assert settled == "gold Source “Baku”"
    # taking it again changes nothing
    assert adjudicate.choose(doc, merged, conflict, "bob", spans, relations, store.schema) == []


def test_a_non_participant_has_no_version(setup: tuple[Store, Document, MergedDocument]) -> None:
    store, doc, merged = setup
    with pytest.raises(UserError, match="carol did not finish this document"):
        adjudicate.choose(doc, merged, find(merged, "attribute"), "carol", [], [], store.schema)


def test_unanimous_leaves_spans_with_any_conflict(
    setup: tuple[Store, Document, MergedDocument],
) -> None:
    store, doc, merged = setup
    # the claim is bounded alike by both, but factuality is disputed: left to its conflict
    assert adjudicate.accept_unanimous(doc, merged, [], [], store.schema) == []


@pytest.mark.parametrize(
    ("kind", "label", "title", "choices"),
    [
        (
            "attribute",
            "claim",
            f"Attribute: Factuality of Claim “{CLAIM}” · 2 of 2 votes",
            ["alice: Asserted", "bob: Hedged"],
        ),
        (
            "presence",
            "source",
            "Presence: Source “Baku” · 1 of 2 votes",
            [
                "alice: nothing here (taking it rejects the span)",
                "bob: Source “Baku” (Source type: Armed group)",
            ],
        ),
        (
            "relation",
            "",
            f"Link: attributed to: “{CLAIM}” → “Baku” · 1 of 2 votes",
            ["alice: no link (taking it rejects the link)", f"bob: links “{CLAIM}” → “Baku”"],
        ),
    ],
)
def test_conflicts_read_as_span_texts_and_display_names(
    setup: tuple[Store, Document, MergedDocument],
    kind: str,
    label: str,
    title: str,
    choices: list[str],
) -> None:
    store, _, merged = setup
    conflict = find(merged, kind, label)
    assert conflict_text.title(conflict, store.schema) == title
    shown = [conflict_text.choice_text(conflict, name, store.schema) for name in ("alice", "bob")]
    assert shown == choices
    for text in [title, *shown]:
        assert "s-" not in text and "_" not in text  # no span ids, no schema ids


def test_the_native_record_of_a_conflict_is_unchanged_by_typing(
    setup: tuple[Store, Document, MergedDocument],
) -> None:
    _, _, merged = setup
    record = find(merged, "relation").record()
    assert list(record) == [
        "id", "type", "relation", "from", "to", "reason", "votes", "participants", "variants",
        "absent",
    ]  # fmt: skip
    assert list(record["variants"][0]) == ["annotator", "relation_id", "from_id", "to_id"]
    attribute = find(merged, "attribute").record()
    assert "absent" not in attribute and attribute["variants"][0]["value"] == "asserted"
