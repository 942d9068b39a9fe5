"""Annotated imports (issue #10): a Label Studio export of N tasks of about 2,000 characters
with 10 spans and 3 relations each (10,000 tasks: 100,000 spans, 30,000 relations), and the
native file our exporter writes from the result, each imported into a new database.

Every task runs in a fresh process that times its own work after its imports; peak memory is
that process's own high-water mark (VmHWM: Linux carries ru_maxrss over from the parent across
fork and exec, so a child of this script, which builds the whole file in memory, reported the
parent's ~480 MB). The baseline parses the same Label Studio JSON with
``json.load`` and ``executemany``s the same documents, spans and relations into bare SQLite
(one transaction, WAL, synchronous=FULL, the same unique indexes), with no checks at all.

Targets at 10,000 tasks: Label Studio import 3 s or less, 300 MB or less, within 2.5x of the
baseline; native import 2.5 s or less.

Run: .venv/bin/python bench/bench_annotated_import.py [--documents N]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

# The same words and the same way to run a timed task in a fresh process as the plain import
# bench (this folder is on sys.path when a bench script runs).
from bench_import import WORDS, run

LABELS = ("claim", "source", "casualty_figure", "location")

PEAK = """
import resource


def peak_kib():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

BASELINE = """
import hashlib, json, resource, sqlite3, sys, time
from pathlib import Path
source, target = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE document (id INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, text TEXT,"
           " text_sha256 TEXT UNIQUE)")
db.execute("CREATE TABLE span (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, document_id INT,"
           " label TEXT, start INT, end INT, text TEXT)")
db.execute("CREATE INDEX ix_span ON span (document_id)")
db.execute("CREATE TABLE relation (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, document_id INT,"
           " type TEXT, from_span_id INT, to_span_id INT)")
with source.open(encoding="utf-8") as f:
    tasks = json.load(f)
documents, spans, relations = [], [], []
for number, task in enumerate(tasks, start=1):
    text = task["data"]["text"]
    documents.append((number, str(task["id"]), text, hashlib.sha256(text.encode()).hexdigest()))
    for annotation in task["annotations"]:
        ids = {}
        for result in annotation["result"]:
            if result["type"] == "labels":
                ids[result["id"]] = len(spans) + 1
                value = result["value"]
                spans.append((len(spans) + 1, f"{task['id']}-{result['id']}", number,
                              value["labels"][0], value["start"], value["end"], value["text"]))
        for result in annotation["result"]:
            if result["type"] == "relation":
                relations.append((len(relations) + 1, f"{task['id']}-r{len(relations)}", number,
                                  result["labels"][0], ids[result["from_id"]],
                                  ids[result["to_id"]]))
db.execute("BEGIN")
db.executemany("INSERT INTO document VALUES (?, ?, ?, ?)", documents)
db.executemany("INSERT INTO span VALUES (?, ?, ?, ?, ?, ?, ?)", spans)
db.executemany("INSERT INTO relation VALUES (?, ?, ?, ?, ?, ?)", relations)
db.execute("COMMIT")
print(time.perf_counter() - started, peak_kib())
"""

OURS = """
import resource, sys, time
from pathlib import Path
from annotator.io.importers import import_paths
from annotator.store import Store
started = time.perf_counter()
with Store.open(Path(sys.argv[2])) as store:
    report, _ = import_paths(store, [Path(sys.argv[1])], actor="bench", format=sys.argv[3])
assert report.spans_added > 0
print(time.perf_counter() - started, peak_kib())
"""


def _region(number: int, text: str, start: int, end: int, label: str) -> dict[str, object]:
    return {
        "id": f"x{number}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def _relation(source: str, target: str, kind: str) -> dict[str, object]:
    return {
        "from_id": source,
        "to_id": target,
        "type": "relation",
        "direction": "right",
        "labels": [kind],
    }


def make_label_studio(path: Path, count: int) -> None:
    """``count`` tasks, each with one annotation of 10 word-aligned spans (labels in turn)
    and 3 relations the bundled schema allows."""
    rng = random.Random(7)
    tasks = []
    for i in range(count):
        words = [rng.choice(WORDS) for _ in range(280)]
        text = " ".join(words)
        starts = [0]
        for word in words[:-1]:
            starts.append(starts[-1] + len(word) + 1)
        picks = sorted(rng.sample(range(0, 280, 2), 10))  # every other word: no overlaps
        regions = [
            _region(n, text, starts[w], starts[w] + len(words[w]), LABELS[n % 4])
            for n, w in enumerate(picks)
        ]
        results: list[dict[str, object]] = list(regions)
        # x0 claim, x1 source, x2 casualty_figure, x3 location, x4 claim, x5 source...
        results += [
            _relation("x0", "x1", "attributed_to"),
            _relation("x2", "x3", "located_at"),
            _relation("x4", "x5", "attributed_to"),
        ]
        tasks.append(
            {
                "id": i + 1,
                "data": {"text": text},
                "annotations": [{"id": i + 1, "completed_by": 1, "result": results}],
            }
        )
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


def export_native(database: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--db", str(database), "-f", "native",
         "-o", str(target)],
        check=True,
        capture_output=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    count = parser.parse_args().documents
    folder = Path(tempfile.mkdtemp(prefix="annotator-annotated-bench-"))
    studio = folder / "tasks.json"
    make_label_studio(studio, count)
    size = studio.stat().st_size / 1024 / 1024
    print(
        f"{count:,} Label Studio tasks of about 2,000 characters, {10 * count:,} spans, "
        f"{3 * count:,} relations ({size:.0f} MB)"
    )
    print(
        f"{'task':<24}{'seconds':>9}{'baseline':>10}{'ratio':>7}{'target s':>10}"
        f"{'peak MB':>9}{'target MB':>11}"
    )
    # Rounds interleave the baseline and ours, so that a busy minute weighs on both alike.
    native = folder / "tasks.annotations.jsonl"
    base, studio_runs, native_runs = [], [], []
    for i in range(3):
        base.append(run(PEAK + BASELINE, str(studio), str(folder / f"base.{i}.db")))
        studio_db = str(folder / f"studio.{i}.sqlite3")
        studio_runs.append(run(PEAK + OURS, str(studio), studio_db, "label-studio"))
        if i == 0:
            export_native(folder / "studio.0.sqlite3", native)
        native_db = str(folder / f"native.{i}.sqlite3")
        native_runs.append(run(PEAK + OURS, str(native), native_db, "native"))
    base_s, base_mb = min(base)
    print(f"{'baseline':<24}{base_s:>9.2f}{'':>10}{'':>7}{'':>10}{base_mb:>9.0f}")
    for name, runs, target_s, target_mb in (
        ("import label-studio", studio_runs, 3.0, "300"),
        ("import native", native_runs, 2.5, ""),
    ):
        ours, ours_mb = min(runs)
        print(
            f"{name:<24}{ours:>9.2f}{base_s:>10.2f}{ours / base_s:>7.2f}"
            f"{target_s * count / 10_000:>10.1f}{ours_mb:>9.0f}{target_mb:>11}"
        )
    database = folder / "studio.0.sqlite3"
    print(
        f"database: {database.stat().st_size / (10 * count):.0f} bytes per span, "
        f"{database.stat().st_size / count:,.0f} bytes per document (text included)"
    )


if __name__ == "__main__":
    main()
