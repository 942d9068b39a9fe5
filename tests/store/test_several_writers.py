"""Four processes edit the same spans for 20 seconds: no update is lost, every refusal is
reported, and the database stays consistent."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from annotator.store import Store
from tests.conftest import REPO
from tests.helpers import new_document, span_over

WORKERS = 4
SECONDS = 20.0
TEXT = "Baku says Kəlbəcər was shelled overnight; Yerevan denies it and blames Baku."


@pytest.mark.slow
def test_four_processes_editing_the_same_spans_lose_nothing(tmp_path: Path, db: Path | str) -> None:
    with Store.open(db) as store:
        for n in range(3):
            store.import_documents([new_document(f"{TEXT} ({n})", f"d{n}")], actor="t", source="t")
        for document in store.list_documents():
            for quote in ("Baku says", "Kəlbəcər", "Yerevan denies it"):
                store.add_span(span_over(TEXT, quote, document_id=document.id, annotator="shared"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    worker = Path(__file__).with_name("writer_worker.py")
    processes = [
        subprocess.Popen(
            [sys.executable, str(worker), str(db), str(SECONDS), f"w{n}", str(tmp_path / f"{n}")],
            env=env,
        )
        for n in range(WORKERS)
    ]
    for process in processes:
        assert process.wait(timeout=SECONDS + 60) == 0
    reports = [json.loads((tmp_path / f"{n}").read_text()) for n in range(WORKERS)]

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
