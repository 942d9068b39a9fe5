"""Offline sync's store methods on both engines: a set written as its difference from what is
stored, every change logged, and refusals that write nothing (issue 12, item 6)."""

from __future__ import annotations

import dataclasses

from annotator.core.model import Status
from annotator.core.sync import SetContent
from annotator.store import Store
from annotator.store.sync_rows import SetWrite
from tests.helpers import new_document
from tests.sync_corpus import TEXTS, link, span


def _two_documents(store: Store) -> tuple[int, int]:
    store.import_files(
        [("c", [new_document(TEXTS[0], "d00"), new_document(TEXTS[1], "d01")])], actor="lead"
    )
    first, second = store.find_document("d00"), store.find_document("d01")
    assert first is not None and second is not None
    return first.id, second.id


def test_a_set_is_written_as_its_difference_and_each_change_is_logged(store: Store) -> None:
    first, second = _two_documents(store)
    claim = span(store, "d00", "alice", "officials said")
    source = span(store, "d00", "alice", "officials", label="source")
    link(store, claim, source)
    store.set_status(first, "alice", Status.DONE)
    wanted = store.sync_sets("alice", [first])[first]
    # The same work on the second document, then changed: one span edited, one gone.
    moved = SetContent(
        spans=wanted.spans, relations=wanted.relations, status="done", status_updated_at="t"
    )
    store.delete_span(claim.uid, actor="alice")
    store.delete_span(source.uid, actor="alice")
    results = store.sync_write_sets(
        "alice", [SetWrite(second, moved, None, {"n": 1})], actor="alice", action="sync.pull"
    )
    change = results[second]
    assert not isinstance(change, str)
    assert (change.spans, change.relations, change.status) == (2, 1, True)
    assert store.sync_sets("alice", [second])[second].fingerprint() == moved.fingerprint()
    edited = dataclasses.replace(
        moved,
        spans=((moved.spans[0][0], "location", *moved.spans[0][2:]),),
        relations=(),
    )
    before = store.changes(limit=1)[0].id
    change = store.sync_write_sets(
        "alice",
        [SetWrite(second, edited, moved.fingerprint(), {})],
        actor="alice",
        action="sync.pull",
    )[second]
    assert not isinstance(change, str) and (change.spans, change.relations) == (2, 1)
    logged = [entry.action for entry in store.changes(limit=20) if entry.id > before]
    assert sorted(logged) == ["relation.delete", "span.delete", "span.update", "sync.pull"]
    [kept] = store.spans(second, "alice")
    assert kept.label == "location" and kept.version == edited.spans[0][10]


def test_a_set_changed_since_it_was_compared_or_using_taken_uids_is_left_alone(
    store: Store,
) -> None:
    first, second = _two_documents(store)
    mine = span(store, "d00", "bob", "the town")
    bob = store.sync_sets("bob", [first])[first]
    stale = SetWrite(second, bob, "not what is stored", {})
    taken = SetWrite(second, bob, None, {})  # the same uid as bob's span on d00
    before = store.changes(limit=1)[0].id
    results = store.sync_write_sets("bob", [stale], actor="bob", action="sync.pull")
    assert results == {second: "it changed while syncing; run sync again"}
    results = store.sync_write_sets("alice", [taken], actor="alice", action="sync.pull")
    assert results == {second: f"id {mine.uid!r} is used by other work there"}
    assert store.changes(limit=1)[0].id == before
    assert store.spans(second) == []
