"""Several processes writing one database at once (test_several_writers, test_load): the
documents they share, and the processes run side by side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from annotator.store import Store
from tests.conftest import REPO
from tests.helpers import new_document, span_over

SHARED = "shared"
TEXT = "Baku says Kəlbəcər was shelled overnight; Yerevan denies it and blames Baku."
QUOTES = ("Baku says", "Kəlbəcər", "Yerevan denies it")


def shared_spans(db: Path | str, documents: int) -> None:
    """``documents`` documents, each with one span of ``SHARED`` on every quote."""
    with Store.open(db) as store:
        for n in range(documents):
            store.import_documents([new_document(f"{TEXT} ({n})", f"d{n}")], actor="t", source="t")
        for document in store.list_documents():
            for quote in QUOTES:
                store.add_span(span_over(TEXT, quote, document_id=document.id, annotator=SHARED))


def run_workers(
    script: str, db: Path | str, seconds: float, count: int, folder: Path
) -> list[dict[str, Any]]:
    """``count`` processes of ``script`` (beside this module; arguments DB SECONDS NAME OUT)
    at once, named w0, w1...; their JSON reports, in that order."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    worker = Path(__file__).with_name(script)
    names = [f"w{n}" for n in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(worker), str(db), str(seconds), name, str(folder / name)],
            env=env,
        )
        for name in names
    ]
    for process in processes:
        assert process.wait(timeout=seconds + 120) == 0
    return [json.loads((folder / name).read_text()) for name in names]
