"""Four processes edit the same spans for 20 seconds: no update is lost, every refusal is
reported, and the database stays consistent."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from annotator.store import Store
from tests.store.workers import run_workers, shared_spans

WORKERS = 4
SECONDS = 20.0


@pytest.mark.slow
def test_four_processes_editing_the_same_spans_lose_nothing(tmp_path: Path, db: Path | str) -> None:
    shared_spans(db, 3)
    reports = run_workers("writer_worker.py", db, SECONDS, WORKERS, tmp_path)

    committed = Counter(uid for report in reports for uid, _ in report["committed"])
    versions_written = [
        (uid, version) for report in reports for uid, version in report["committed"]
    ]
    # Each version of a span was written by exactly one process: nobody wrote over anyone.
    assert len(versions_written) == len(set(versions_written))
    assert sum(report["stale"] for report in reports) > 0  # the test did make stale copies
    assert all(not report["other"] for report in reports), [r["other"] for r in reports]
    with Store.open(db, write=False) as store:
        for document in store.list_documents():
            for span in store.spans(document.id):
                # Every committed update bumped the version by one, and no other write did.
                assert span.version == 1 + committed[span.uid]
                assert span.text == document_text(store, document.id)[span.start : span.end]
        updates = Counter(
            change.entity_uid
            for change in store.changes(limit=10**6)
            if change.action == "span.update"
        )
        assert updates == committed
    if isinstance(db, Path):  # the file itself (a server checks its own pages and keys)
        raw = sqlite3.connect(db)
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        raw.close()


def document_text(store: Store, document_id: int) -> str:
    return store.document(document_id).text
