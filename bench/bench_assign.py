"""Assignment benchmark (issue 12): ``annotator assign`` and ``annotator progress`` on 50,000
documents and 20 annotators, as the CLI runs them (in-process), beside a baseline measured in
the same run: ``annotator list --json``, which reads every document and status once.

The plan is pure Python (``core/assignment.py``); writing it is one transaction. No target
in DESIGN section 8 yet: these are figures to compare between runs.

Run: .venv/bin/python bench/bench_assign.py [--documents N] [--db postgresql://...]
(``--db`` names an empty server database; by default a temporary SQLite file.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.cli.main import main as cli  # noqa: E402
from annotator.core.records import NewDocument  # noqa: E402
from annotator.core.text import text_sha256  # noqa: E402
from annotator.store import Store  # noqa: E402

NAMES = [f"annotator{i:02d}" for i in range(20)]


def fill(db: str, documents: int) -> None:
    with Store.open(db) as store:
        batch = []
        for i in range(documents):
            text = f"Report {i}: shelling near the border, officials said."
            batch.append(NewDocument(f"doc-{i}", f"Report {i}", text, text_sha256(text), {}, "b"))
        store.import_documents(batch, actor="bench", source="bench")


def timed(*args: str) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli(list(args))
    if code != 0:
        raise SystemExit(f"annotator {' '.join(args)} failed with {code}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--db")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = options.db or str(Path(folder) / "bench.sqlite3")
        fill(db, options.documents)
        base = timed("list", "--json", "--db", db)
        team = ",".join(NAMES)
        rows = [
            ("assign (20 annotators, overlap 0.2)", timed("assign", "--annotators", team,
             "--overlap", "0.2", "--db", db)),
            ("assign again, unchanged", timed("assign", "--annotators", team, "--overlap",
             "0.2", "--db", db)),
            ("assign with a 21st annotator", timed("assign", "--annotators", f"{team},late",
             "--overlap", "0.2", "--db", db)),
            ("progress", timed("progress", "--db", db)),
        ]  # fmt: skip
    print(f"{options.documents:,} documents, {'PostgreSQL' if options.db else 'SQLite'}")
    print(f"{'task':<40}{'seconds':>9}{'baseline':>10}{'ratio':>7}")
    for name, seconds in rows:
        print(f"{name:<40}{seconds:>9.2f}{base:>10.2f}{seconds / base:>7.1f}")
    print(f"{'(baseline: annotator list --json)':<40}{base:>9.2f}")


if __name__ == "__main__":
    main()
