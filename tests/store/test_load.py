"""Eight annotators label on one database for 20 seconds (``load_worker.py``, each a process
of its own): edits of shared spans based on what each just read, spans of their own, shared
statuses, and undo. Afterwards every action a worker says it committed is in the database and
its change log, nothing else is, and no update was lost: each span's versions form one chain
in which every committed edit has its own place, and the stored values are the last edit's."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

from annotator.core.model import ChangeEntry, Status
from annotator.store import Store
from tests.store.workers import QUOTES, SHARED, run_workers, shared_spans

WORKERS = 8
SECONDS = 20.0


@pytest.mark.slow
def test_eight_annotators_for_twenty_seconds_lose_nothing(tmp_path: Path, db: Path | str) -> None:
    shared_spans(db, 4)
    with Store.open(db, write=False) as store:
        before_load = store.changes(limit=1)[0].id

    reports = run_workers("load_worker.py", db, SECONDS, WORKERS, tmp_path)
    assert [r["other"] for r in reports] == [[]] * WORKERS  # only stale or busy refusals
    assert sum(r["refused"]["stale"] for r in reports) > 0  # they got in each other's way
    committed = [action for report in reports for action in report["committed"]]
    kinds = Counter(action["kind"] for action in committed)
    assert all(kinds[kind] > 0 for kind in ("update", "create", "delete", "status")), kinds

    with Store.open(db, write=False) as store:
        changes = sorted(
            (c for c in store.changes(limit=10**7) if c.id > before_load), key=lambda c: c.id
        )
        check_shared_spans(store, committed, changes)
        check_own_spans(store, committed, changes)
        check_statuses(store, committed, changes)


def check_shared_spans(store: Store, committed: list[dict], changes: list[ChangeEntry]) -> None:
    updates: dict[str, list[dict]] = defaultdict(list)
    for action in committed:
        if action["kind"] == "update":
            updates[action["uid"]].append(action)
    shared = [s for d in store.list_documents() for s in store.spans(d.id, SHARED)]
    assert len(shared) == 4 * len(QUOTES)
    for span in shared:
        chain = sorted(updates[span.uid], key=lambda a: a["version"])
        # Each committed edit wrote its own version, one above the last: none overwrote
        # another without having read it.
        assert [a["version"] for a in chain] == list(range(2, 2 + len(chain)))
        assert span.version == 1 + len(chain)
        if chain:
            assert (span.note, span.attributes) == (chain[-1]["note"], chain[-1]["attributes"])
        logged = [
            c.after["note"]
            for c in changes
            if c.action == "span.update" and c.entity_uid == span.uid
        ]
        assert logged == [a["note"] for a in chain]


def check_own_spans(store: Store, committed: list[dict], changes: list[ChangeEntry]) -> None:
    events: dict[str, list[dict]] = defaultdict(list)
    for action in committed:
        if action["kind"] in ("create", "delete"):
            events[action["uid"]].append(action)
    stored = {
        s.uid: s for d in store.list_documents() for s in store.spans(d.id) if s.annotator != SHARED
    }
    assert set(stored) == {uid for uid, done in events.items() if done[-1]["kind"] == "create"}
    for uid, span in stored.items():
        assert span.version == events[uid][-1]["version"]
    logged: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        if change.action in ("span.create", "span.delete"):
            logged[change.entity_uid or ""].append(change.action.removeprefix("span."))
    assert logged == {uid: [a["kind"] for a in done] for uid, done in events.items()}


def check_statuses(store: Store, committed: list[dict], changes: list[ChangeEntry]) -> None:
    reported = Counter(
        (a["document"], a["before"], a["after"]) for a in committed if a["kind"] == "status"
    )
    entries = [c for c in changes if c.action == "status.set"]
    assert Counter((c.document_id, c.before, c.after) for c in entries) == reported
    for document in store.list_documents():
        # Each change started from the status the one before it left: none was based on a
        # status someone else had already changed.
        chain = [c for c in entries if c.document_id == document.id]
        assert all(a.after == b.before for a, b in pairwise(chain))
        if chain:
            assert chain[0].before == Status.TODO.value
            assert store.status(document.id, SHARED).value == chain[-1].after
