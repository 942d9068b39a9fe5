"""Adjudication decisions applied to a real store: unanimous spans, links, rejections."""

from __future__ import annotations

from annotator.core import adjudicate, commands
from annotator.core.model import Relation, Span, Status, new_uid
from annotator.store import Store
from tests.helpers import new_document

TEXT = "Baku said three soldiers died near Kəlbəcər 📍 on Monday."


def add(store: Store, doc_id: int, name: str, quote: str, label: str) -> Span:
    start = TEXT.index(quote)
    span = Span(
        uid=new_uid("s"),
        document_id=doc_id,
        annotator=name,
        label=label,
        start=start,
        end=start + len(quote),
        text=quote,
    )
    return store.add_span(span)


def works(store: Store, doc_id: int, names: list[str]) -> list[adjudicate.Work]:
    return [
        adjudicate.Work(
            name,
            Status.DONE,
            tuple(store.spans(doc_id, name)),
            tuple(store.relations(doc_id, name)),
        )
        for name in names
    ]


def test_unanimous_spans_and_majority_links_go_to_gold_once(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d")], actor="t", source="t")
    doc = store.find_document("d")
    for name in ("alice", "bob"):
        claim = add(store, doc.id, name, "three soldiers died near Kəlbəcər", "claim")
        source = add(store, doc.id, name, "Baku", "source")
        store.add_relation(commands.make_relation(store.schema, "attributed_to", claim, source))
        store.set_status(doc.id, name, Status.DONE)
    merged = adjudicate.document_merge(doc, works(store, doc.id, ["alice", "bob"]), store.schema)
    assert merged.conflicts == ()
    made = adjudicate.accept_unanimous(doc, merged, [], [], store.schema)
    for command in made:
        command.apply(store)
    gold = store.spans(doc.id, "gold")
    assert sorted(s.text for s in gold) == ["Baku", "three soldiers died near Kəlbəcər"]
    (link,) = store.relations(doc.id, "gold")
    assert link.type == "attributed_to"
    again = adjudicate.accept_unanimous(
        doc, merged, gold, store.relations(doc.id, "gold"), store.schema
    )
    assert again == []


def test_relation_conflict_links_gold_endpoints_and_rejects(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d")], actor="t", source="t")
    doc = store.find_document("d")
    for name in ("alice", "bob"):
        claim = add(store, doc.id, name, "three soldiers died near Kəlbəcər", "claim")
        place = add(store, doc.id, name, "Kəlbəcər 📍", "location")
        if name == "alice":
            store.add_relation(commands.make_relation(store.schema, "located_at", claim, place))
        store.set_status(doc.id, name, Status.DONE)
    merged = adjudicate.document_merge(doc, works(store, doc.id, ["alice", "bob"]), store.schema)
    (conflict,) = merged.conflicts
    assert conflict.kind == "relation"
    for command in adjudicate.accept_unanimous(doc, merged, [], [], store.schema):
        command.apply(store)
    gold = store.spans(doc.id, "gold")
    made = adjudicate.choose(doc, merged, conflict, "alice", gold, [], store.schema)
    assert [type(c) for c in made] == [commands.CreateRelation]  # both ends are in gold
    for command in made:
        command.apply(store)
    links: list[Relation] = store.relations(doc.id, "gold")
    assert adjudicate.conflict_state(conflict, gold, links, {}, store.schema) == "linked in gold"
    for command in adjudicate.reject(doc, conflict, gold, links):
        command.apply(store)
    assert store.relations(doc.id, "gold") == []
