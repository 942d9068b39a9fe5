"""Import benchmark: 10,000 articles of about 2,000 characters, as one JSON Lines file and as
a folder of .txt files, against bare sqlite3 + json baselines run the same way in the same
run (target: within 2x, DESIGN section 8).

Every task runs in a fresh process that times its own work after its imports (Python and
library start-up is the same whatever is imported, and is shown separately as the wall time
of the real ``annotator import`` command). Peak memory (ru_maxrss) is each process's own.

* ``jsonl``: ``annotator.io.importers.import_paths`` on the file, into a new database (every
  record checked, canonical text, doc_id checks, the audit trail);
* ``folder``: the same on a folder of 10,000 .txt files;
* the baselines read the same inputs with ``json`` or plain file reads, hash the text, and
  insert with bare ``sqlite3`` (``executemany``, one transaction, WAL, synchronous=FULL,
  unique indexes), with no checks at all.

Run: .venv/bin/python bench/bench_import.py [--documents N]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (  # noqa: SIM905 - one string reads better than a list of words
    "the ministry said forces shelled positions near the border village overnight officials "
    "reported soldiers killed injured clashes ceasefire talks Moscow Baku Yerevan Kəlbəcər "
    "Գեղարքունիք 120mm mortars over 6,500 lives 📍 denied accused"
).split()

BASELINE = """
import hashlib, json, resource, sqlite3, sys, time
from pathlib import Path
source, target = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE document (id INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, title TEXT,"
           " text TEXT, text_sha256 TEXT UNIQUE, length INT, meta TEXT)")
rows = []
if source.is_dir():
    for path in sorted(source.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows.append((path.stem, text.split("\\n", 1)[0], text,
                     hashlib.sha256(text.encode()).hexdigest(), len(text), "{}"))
else:
    with source.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            rows.append((record["id"], record["title"], text,
                         hashlib.sha256(text.encode()).hexdigest(), len(text), "{}"))
db.execute("BEGIN")
db.executemany("INSERT INTO document (doc_id, title, text, text_sha256, length, meta)"
               " VALUES (?, ?, ?, ?, ?, ?)", rows)
db.execute("COMMIT")
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

OURS = """
import resource, sys, time
from pathlib import Path
from annotator.io.importers import import_paths
from annotator.store import Store
started = time.perf_counter()
with Store.open(sys.argv[2]) as store:  # a file, or a postgresql:// URL
    report, _ = import_paths(store, [Path(sys.argv[1])], actor="bench")
assert report.added > 0
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def make_inputs(folder: Path, count: int) -> tuple[Path, Path]:
    rng = random.Random(3)
    jsonl = folder / "articles.jsonl"
    texts = folder / "texts"
    texts.mkdir()
    with jsonl.open("w", encoding="utf-8") as out:
        for i in range(count):
            words = [rng.choice(WORDS) for _ in range(280)]
            title = f"Report {i}: " + " ".join(words[:6])
            body = "\n\n".join(" ".join(words[j : j + 70]) for j in range(0, 280, 70))
            text = f"{title}\n\n{body}"
            record = {"id": f"r{i}", "title": title, "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            (texts / f"r{i}.txt").write_text(text, encoding="utf-8")
    return jsonl, texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    count = parser.parse_args().documents
    folder = Path(tempfile.mkdtemp(prefix="annotator-import-bench-"))
    jsonl, texts = make_inputs(folder, count)
    print(f"{count:,} articles of about 2,000 characters")
    header = f"{'task':<16}{'seconds':>9}{'baseline':>10}{'ratio':>7}{'target':>8}"
    print(header + f"{'peak MB':>9}{'base MB':>9}{'CLI wall s':>12}")
    for name, source in (("import jsonl", jsonl), ("import folder", texts)):
        # Best of three, each into a new database, so one slow disk flush does not decide.
        ours, ours_mb = min(
            run(OURS, str(source), str(folder / f"{name}.{i}.sqlite3")) for i in range(3)
        )
        base, base_mb = min(
            run(BASELINE, str(source), str(folder / f"{name}.{i}.baseline.db")) for i in range(3)
        )
        cli = wall(
            [
                sys.executable,
                "-m",
                "annotator",
                "import",
                str(source),
                "--db",
                str(folder / f"{name}.cli.sqlite3"),
            ]
        )
        print(
            f"{name:<16}{ours:>9.2f}{base:>10.2f}{ours / base:>7.2f}{2.0:>8.1f}"
            f"{ours_mb:>9.0f}{base_mb:>9.0f}{cli:>12.2f}"
        )


if __name__ == "__main__":
    main()
