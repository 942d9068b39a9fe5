"""Assignments in the store (issue 12), on SQLite and PostgreSQL: a plan written whole with one
change-log entry, each annotator's queue, and progress over what they were given."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.assignment import Progress
from annotator.core.model import Status
from annotator.errors import UserError
from annotator.store import Store
from tests.helpers import new_document


def corpus(store: Store, count: int = 5) -> list[int]:
    docs = [new_document(f"Report number {i}.", doc_id=f"doc-{i}") for i in range(count)]
    store.import_documents(docs, actor="lead", source="test")
    return [info.id for info in store.list_documents()]


def assign_log(store: Store) -> list[tuple[object, object]]:
    return [(c.before, c.after) for c in store.changes() if c.action == "assignment.set"]


def test_nothing_is_assigned_in_a_new_database(store: Store) -> None:
    corpus(store)
    assert store.assignments() == {}
    assert store.queue("alice") == []
    assert store.progress() == {}


def test_a_plan_is_written_whole_with_one_change_log_entry(store: Store) -> None:
    ids = corpus(store)
    plan = {ids[0]: ["bob", "alice"], ids[1]: ["bob"], ids[2]: ["alice"], ids[3]: ["carol"]}

    report = store.assign(plan, actor="lead", details={"seed": 3})

    assert store.assignments() == {
        ids[0]: ("alice", "bob"),
        ids[1]: ("bob",),
        ids[2]: ("alice",),
        ids[3]: ("carol",),
    }
    assert store.queue("alice") == [ids[0], ids[2]]  # in import order
    assert store.queue("bob") == [ids[0], ids[1]]
    assert store.queue("nobody") == []
    assert sorted(report.added) == [
        ("doc-0", "alice"),
        ("doc-0", "bob"),
        ("doc-1", "bob"),
        ("doc-2", "alice"),
        ("doc-3", "carol"),
    ]
    [(before, after)] = assign_log(store)
    assert before == {"removed": []}
    assert after == {"seed": 3, "added": [list(pair) for pair in report.added]}
    assert store.changes()[0].annotator == "lead"


def test_a_new_plan_replaces_only_the_documents_it_names(store: Store) -> None:
    ids = corpus(store)
    store.assign({ids[0]: ["alice"], ids[1]: ["bob"], ids[2]: ["alice", "bob"]}, actor="lead")

    report = store.assign({ids[1]: ["carol"], ids[2]: []}, actor="lead")

    assert store.assignments() == {ids[0]: ("alice",), ids[1]: ("carol",)}
    assert report.added == (("doc-1", "carol"),)
    assert sorted(report.removed) == [("doc-1", "bob"), ("doc-2", "alice"), ("doc-2", "bob")]
    before, after = assign_log(store)[0]  # newest first: the audit trail keeps both plans
    assert before == {"removed": [list(pair) for pair in report.removed]}
    assert after == {"added": [["doc-1", "carol"]]}
    assert len(assign_log(store)) == 2


def test_a_plan_that_changes_nothing_writes_nothing(store: Store) -> None:
    ids = corpus(store)
    store.assign({ids[0]: ["alice"]}, actor="lead")
    entries = len(store.changes())

    report = store.assign({ids[0]: ["alice"]}, actor="lead")

    assert report.added == () and report.removed == ()
    assert len(store.changes()) == entries


def test_a_plan_naming_a_missing_document_is_refused_whole(store: Store) -> None:
    ids = corpus(store)
    with pytest.raises(UserError, match="no document with id 999"):
        store.assign({ids[0]: ["alice"], 999: ["bob"]}, actor="lead")
    assert store.assignments() == {}
    assert assign_log(store) == []


def test_an_assignment_rolls_back_with_its_unit_of_work(store: Store) -> None:
    ids = corpus(store)
    with pytest.raises(RuntimeError), store.unit_of_work():
        store.assign({ids[0]: ["alice"]}, actor="lead")
        assert store.queue("alice") == [ids[0]]  # seen inside the unit
        raise RuntimeError("the action fails later")
    assert store.assignments() == {}
    assert "alice" not in store.annotators()


def test_progress_counts_each_annotators_assigned_documents_by_status(store: Store) -> None:
    ids = corpus(store, 6)
    store.assign(
        {ids[0]: ["alice", "bob"], ids[1]: ["alice"], ids[2]: ["alice"], ids[3]: ["bob"]},
        actor="lead",
    )
    store.set_status(ids[0], "alice", Status.DONE)
    store.set_status(ids[1], "alice", Status.IN_PROGRESS)
    store.set_status(ids[0], "bob", Status.SKIPPED)
    store.set_status(ids[3], "bob", Status.TODO)  # a row saying todo counts as no row
    store.set_status(ids[5], "alice", Status.DONE)  # not assigned to her: not counted
    store.set_status(ids[4], "carol", Status.DONE)  # carol has no assignment at all

    assert store.progress() == {
        "alice": Progress("alice", done=1, in_progress=1, todo=1),
        "bob": Progress("bob", skipped=1, todo=1),
    }
    assert store.progress()["alice"].assigned == 3


def test_other_windows_reload_everything_after_a_new_plan(store: Store, db: Path | str) -> None:
    ids = corpus(store)
    with Store.open(db) as other:
        assert other.poll_changes() is None
        store.assign({ids[0]: ["alice"]}, actor="lead")
        heard = other.poll_changes()
        assert heard is not None and heard.reload


def test_a_read_only_store_reads_assignments(store: Store, db: Path | str) -> None:
    ids = corpus(store)
    store.assign({ids[0]: ["alice"]}, actor="lead")
    with Store.open(db, write=False) as reader:
        assert reader.assignments() == {ids[0]: ("alice",)}
        assert reader.queue("alice") == [ids[0]]
