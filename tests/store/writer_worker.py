"""One of several processes editing the same spans at once (see test_several_writers.py).

Usage: python writer_worker.py DB SECONDS NAME OUT. Prints nothing; writes a JSON report to
OUT: every update it committed (span uid and the version it wrote) and every refusal.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from annotator.core.model import Status
from annotator.errors import StaleEditError, UserError
from annotator.store import Store


def main() -> None:
    db, seconds, name, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(name)
    committed: list[tuple[str, int]] = []
    stale = 0
    other: list[str] = []
    statuses = 0
    deadline = time.monotonic() + seconds
    with Store.open(db) as store:
        documents = [d.id for d in store.list_documents()]
        while time.monotonic() < deadline:
            document = rng.choice(documents)
            spans = store.spans(document)
            if not spans:
                continue
            span = rng.choice(spans)
            time.sleep(rng.random() * 0.01)  # others write in between: some copies go stale
            try:
                if rng.random() < 0.1:
                    seen = store.status(document, "shared")
                    target = Status.DONE if seen is not Status.DONE else Status.IN_PROGRESS
                    store.set_status(document, "shared", target, expected=seen, actor=name)
                    statuses += 1
                    continue
                written = store.update_span(
                    dataclasses.replace(span, note=f"{span.note}|{name}"[-200:]), actor=name
                )
                committed.append((span.uid, written.version))
            except StaleEditError:
                stale += 1
            except UserError as exc:
                other.append(str(exc))
    Path(out).write_text(
        json.dumps({"committed": committed, "stale": stale, "other": other, "statuses": statuses})
    )


if __name__ == "__main__":
    main()
