"""Kill -9 in the middle of work: the database opens, is intact, and keeps every commit."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.core.model import Span, new_uid
    from annotator.store import Store
    from tests.helpers import new_document

    text = "Over 6,500 lives lost, officials in Baku said. " * 20
    store = Store.open(Path(sys.argv[1]))
    store.import_documents([new_document(text, "war")], actor="w", source="writer")
    doc = store.find_document("war")
    i = 0
    while True:
        start = i % (len(text) - 5)
        uid = new_uid("s")
        store.add_span(Span(uid=uid, document_id=doc.id, annotator="writer", label="claim",
                            start=start, end=start + 5, text=text[start:start + 5]))
        print(uid, flush=True)  # printed only after the commit returned
        i += 1
    """
)


def test_sigkill_while_adding_spans_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=repo,
    )
    committed: list[str] = []
    assert proc.stdout is not None
    try:
        while len(committed) < 150:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(
                    f"writer died early: {proc.stderr.read() if proc.stderr else ''}"
                )
            committed.append(line.strip())
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with Store.open(db) as store:
        doc = store.find_document("war")
        assert doc is not None
        stored = {span.uid: span for span in store.spans(doc.id)}
        missing = [uid for uid in committed if uid not in stored]
        assert missing == []
        for span in stored.values():
            assert doc.text[span.start : span.end] == span.text
        logged = {c.entity_uid for c in store.changes(limit=100_000) if c.action == "span.create"}
        assert set(committed) <= logged
