"""A team server's corpus for the sync tests, and what two databases hold, compared by
doc_id and uid (numeric ids differ between databases by design)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.model import GOLD, Relation, Span, Status, new_uid
from annotator.core.suggest.base import Suggestion
from annotator.store import Store
from tests.helpers import new_document

TEXTS = [
    f"Report {n}: officials said {n + 2} people were killed in the shelling of the town."
    for n in range(12)
]


def span(store: Store, doc_id: str, annotator: str, quote: str, label: str = "claim") -> Span:
    document = store.find_document(doc_id)
    assert document is not None
    start = document.text.index(quote)
    stored = Span(new_uid("s"), document.id, annotator, label, start, start + len(quote), quote)
    return store.add_span(stored)


def link(store: Store, first: Span, second: Span) -> Relation:
    relation = Relation(
        new_uid("r"), first.document_id, first.annotator, "attributed_to", first.uid, second.uid
    )
    return store.add_relation(relation)


def seed_server(url: str, *, documents: int = 8) -> None:
    """``documents`` articles; gold on the first two; bob's work on the third; alice's
    status and a span on the fourth (work she did in a window on the server)."""
    with Store.open(url) as server:
        server.import_files(
            [
                (
                    "corpus",
                    [new_document(text, f"d{n:02}") for n, text in enumerate(TEXTS[:documents])],
                )
            ],
            actor="lead",
        )
        for doc_id in ("d00", "d01"):
            claim = span(server, doc_id, GOLD, "officials said")
            source = span(server, doc_id, GOLD, "officials", label="source")
            link(server, claim, source)
        span(server, "d02", "bob", "the town")
        found = server.find_document("d03")
        assert found is not None
        span(server, "d03", "alice", "the shelling")
        server.set_status(found.id, "alice", Status.IN_PROGRESS)


def work_offline(path: Path, *, documents: tuple[str, ...] = ("d04", "d05")) -> None:
    """alice's work in her local copy: spans, a link, statuses and a rejected suggestion."""
    with Store.open(path) as local:
        for doc_id in documents:
            claim = span(local, doc_id, "alice", "officials said")
            source = span(local, doc_id, "alice", "officials", label="source")
            link(local, claim, source)
            found = local.find_document(doc_id)
            assert found is not None
            local.set_status(found.id, "alice", Status.DONE)
            rejected = Suggestion("location", 0, 6, "Report", {}, 0.5, "places")
            local.record_suggestion_outcome(found.id, "alice", rejected, "rejected", actor="alice")


def contents(where: Path | str) -> dict[str, Any]:
    """Everything sync moves, keyed by doc_id and uid: documents, every annotator's spans,
    relations, statuses and suggestion outcomes, and the label schema's digest."""
    with Store.open(where, write=False) as store:
        names = {info.id: info.doc_id for info in store.list_documents()}
        spans, relations, outcomes = {}, {}, {}
        for row, doc_id in names.items():
            for found in store.spans(row):
                spans[found.uid] = (
                    doc_id, found.annotator, found.label, found.start, found.end, found.text,
                    found.attributes, found.note, found.provenance, found.version,
                )  # fmt: skip
            for relation in store.relations(row):
                relations[relation.uid] = (
                    doc_id,
                    relation.annotator,
                    relation.type,
                    relation.from_uid,
                    relation.to_uid,
                )
            for annotator in store.annotators():
                for key, outcome in store.suggestion_outcomes(row, annotator).items():
                    outcomes[(doc_id, annotator, *key)] = outcome
        statuses = {
            (names[row], annotator): status.value
            for row, per in store.statuses().items()
            for annotator, (status, _) in per.items()
        }
        return {
            "documents": sorted(names.values()),
            "spans": spans,
            "relations": relations,
            "statuses": statuses,
            "outcomes": outcomes,
            "schema": store.schema.sha256,
        }


def change_actions(where: Path | str) -> list[str]:
    with Store.open(where, write=False) as store:
        return [entry.action for entry in store.changes(limit=100_000)]
