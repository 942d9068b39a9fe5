"""One action, one transaction; no lost updates between stores, windows or processes."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core import commands
from annotator.core.history import VersionedStore, WrittenVersions
from annotator.core.model import Relation, Span, Status, new_uid
from annotator.errors import StaleEditError
from annotator.store import Store
from tests.helpers import new_document, span_over

TEXT = "The ministry said three soldiers were killed near Kəlbəcər on Monday."


@pytest.fixture
def two(db: Path | str):
    """Two stores on one database: two windows or two processes, as far as the database can
    tell."""
    first = Store.open(db)
    first.import_documents([new_document(TEXT, "d1")], actor="t", source="t")
    second = Store.open(db)
    yield first, second
    first.close()
    second.close()


def doc_id(store: Store) -> int:
    found = store.find_document("d1")
    assert found is not None
    return found.id


def linked_pair(store: Store) -> tuple[Span, Span, Relation]:
    document = doc_id(store)
    claim = store.add_span(span_over(TEXT, "three soldiers were killed", document_id=document))
    source = store.add_span(span_over(TEXT, "The ministry", document_id=document, label="source"))
    link = Relation(new_uid("r"), document, "alice", "attributed_to", claim.uid, source.uid)
    store.add_relation(link)
    return claim, source, link


def test_a_unit_of_work_is_all_or_nothing(two: tuple[Store, Store]) -> None:
    store, _ = two
    claim, _source, _link = linked_pair(store)
    delete = commands.DeleteSpan(claim.uid, version=claim.version)
    with pytest.raises(RuntimeError), store.unit_of_work():
        delete.apply(store)
        assert store.find_span(claim.uid) is None  # visible inside the unit...
        raise RuntimeError("the next step failed")
    assert store.find_span(claim.uid) == claim  # ...and gone with it, links included
    assert len(store.relations(doc_id(store))) == 1


def test_an_edit_from_a_stale_copy_is_refused_and_newer_work_kept(
    two: tuple[Store, Store],
) -> None:
    window_a, window_b = two
    claim, _, _ = linked_pair(window_a)
    stale = window_b.span(claim.uid)
    window_a.update_span(dataclasses.replace(claim, attributes={"claim_type": "event"}))
    with pytest.raises(StaleEditError, match="changed in another window"):
        window_b.update_span(dataclasses.replace(stale, note="from an old copy"))
    kept = window_a.span(claim.uid)
    assert kept.attributes == {"claim_type": "event"} and kept.note == ""
    with pytest.raises(StaleEditError):
        window_b.delete_span(claim.uid, actor="bob", version=stale.version)
    assert window_a.find_span(claim.uid) is not None


def test_undo_never_wipes_another_windows_edit(two: tuple[Store, Store]) -> None:
    window_a, window_b = two
    claim, _, _ = linked_pair(window_a)
    written = WrittenVersions()
    edit = commands.UpdateSpan(
        claim, dataclasses.replace(claim, attributes={"claim_type": "event"})
    )
    with window_a.unit_of_work():
        unit = VersionedStore(window_a, written, history=False)
        edit.apply(unit)
    unit.commit()
    fresh = window_b.span(claim.uid)
    window_b.update_span(dataclasses.replace(fresh, note="bob's note"))
    with pytest.raises(StaleEditError), window_a.unit_of_work():
        edit.revert(VersionedStore(window_a, written, history=True))
    assert window_a.span(claim.uid).note == "bob's note"


def test_undo_of_the_users_own_later_edits_stays_valid(two: tuple[Store, Store]) -> None:
    store, _ = two
    claim, _, _ = linked_pair(store)
    written = WrittenVersions()
    first = commands.UpdateSpan(claim, dataclasses.replace(claim, note="one"))
    steps = [first]

    def run(step: commands.UpdateSpan, *, undo: bool, history: bool) -> None:
        with store.unit_of_work():
            unit = VersionedStore(store, written, history=history)
            (step.revert if undo else step.apply)(unit)
        unit.commit()

    run(first, undo=False, history=False)
    second_base = store.span(claim.uid)
    second = commands.UpdateSpan(second_base, dataclasses.replace(second_base, note="two"))
    steps.append(second)
    run(second, undo=False, history=False)
    run(second, undo=True, history=True)
    run(second, undo=False, history=True)  # redo
    run(second, undo=True, history=True)
    run(first, undo=True, history=True)
    assert store.span(claim.uid).note == ""


def test_undo_of_a_delete_is_refused_whole_when_a_link_cannot_come_back(
    two: tuple[Store, Store],
) -> None:
    window_a, window_b = two
    claim, source, _ = linked_pair(window_a)
    delete = commands.DeleteSpan(claim.uid, version=claim.version)
    with window_a.unit_of_work():
        delete.apply(window_a)
    window_b.delete_span(source.uid, actor="bob")  # the link's other end is gone
    with pytest.raises(StaleEditError), window_a.unit_of_work():
        delete.revert(window_a)
    assert window_a.find_span(claim.uid) is None  # not half restored


def test_status_changes_compare_and_swap(two: tuple[Store, Store]) -> None:
    window_a, window_b = two
    document = doc_id(window_a)
    window_b.set_status(document, "alice", Status.DONE)
    mark = commands.SetStatus(document, "alice", Status.IN_PROGRESS, seen=Status.TODO)
    with pytest.raises(StaleEditError):
        mark.apply(window_a)
    assert window_a.status(document, "alice") is Status.DONE


def test_polling_hears_other_stores_and_not_its_own(two: tuple[Store, Store]) -> None:
    window_a, window_b = two
    assert window_b.poll_changes() is None
    linked_pair(window_a)
    heard = window_b.poll_changes()
    assert heard is not None and heard.document_ids == {doc_id(window_a)}
    assert not heard.reload
    assert window_b.poll_changes() is None  # nothing new since
    assert window_a.poll_changes() is None  # its own writes are not news
    window_b.import_documents([new_document("Another report.", "d2")], actor="t", source="t")
    heard = window_a.poll_changes()
    assert heard is not None and heard.reload


def test_another_process_is_heard_and_its_newer_work_kept(
    db: Path | str, two: tuple[Store, Store]
) -> None:
    window, _ = two
    claim, _, _ = linked_pair(window)
    assert window.poll_changes() is None
    script = textwrap.dedent(
        f"""
        import dataclasses
        from pathlib import Path
        from annotator.store import Store
        with Store.open({str(db)!r}) as store:
            span = store.span({claim.uid!r})
            store.update_span(dataclasses.replace(span, note="other process"))
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    heard = window.poll_changes()
    assert heard is not None and heard.document_ids == {claim.document_id}
    with pytest.raises(StaleEditError):
        window.update_span(dataclasses.replace(claim, note="mine, from before"))
    assert window.span(claim.uid).note == "other process"
