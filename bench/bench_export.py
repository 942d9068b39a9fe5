"""Export benchmark: every export format on 10,000 documents with 100,000 spans and 30,000
relations, against one bare baseline measured in the same run.

Run: ``.venv/bin/python bench/bench_export.py`` (``--documents N`` for a smaller run, ``--only
native,hf`` for some formats, ``--keep DIR`` to build the database there once and reuse it).

It builds a temporary database through the store's import API (native-like annotation sets:
about 2,000 characters per document with Armenian, Azerbaijani and emoji among the words, ten
spans with attributes and three relations each, status done), then times each task in a fresh
process of its own, so that each peak memory (``ru_maxrss``) is that task's alone:

* ``baseline``: bare ``sqlite3`` reading the same documents, spans, relations and statuses,
  and the stdlib ``json`` writing one line per document (no schema, no checks, no atomic
  rename);
* every format of the exporter registry, as ``annotator --db DB export -f FORMAT -o OUT`` run
  in process (modules loaded before the clock starts, as the baseline's are).

The table gives each task's wall and CPU seconds, its peak memory, the ratio to the baseline
and the verdict against issue 10's target (2 s or less, within 2x the baseline). Ratio and
verdict use CPU seconds: on a shared machine, wall time mostly measures the other processes.
Then the tokenizer alone, beside the simplest regex tokenizer.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# One string split on spaces reads better than a list of 43 words.
WORDS = (  # noqa: SIM905
    "the ministry said that forces shelled positions near border village overnight "
    "officials reported soldiers were killed and injured in clashes according to statements "
    "ceasefire holding talks Moscow Baku Yerevan Kəlbəcər Gegharkunik Գեղարքունիք "
    "Stepanakert 120mm mortars over 6,500 lives 📍 👩\u200d🚒 denied accused responsibility"
).split()
LABELS = ("claim", "source", "casualty_figure", "location")
BASELINE = "baseline"
TARGET_SECONDS = 2.0
TARGET_RATIO = 2.0


def make_text(rng: random.Random, length: int = 2000) -> tuple[str, list[tuple[int, int]]]:
    """A text of about ``length`` characters and the (start, end) of each word."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    position = 0
    while position < length:
        word = rng.choice(WORDS)
        words.append((position, position + len(word)))
        parts.append(word)
        position += len(word) + 1
        if rng.random() < 0.05:
            parts[-1] += "."
            position += 1
    return " ".join(parts) + "\n", words


def varied_attributes(rng: random.Random, label: str) -> dict[str, object]:
    """Attributes as annotators leave them: enum values drawn at random, numbers that vary."""
    if label == "claim":
        return {
            "claim_type": rng.choice(["event", "responsibility", "casualties", "denial"]),
            "factuality": rng.choice(["asserted", "hedged", "denied"]),
            "quote_style": rng.choice(["direct", "indirect", "authorial"]),
        }
    if label == "source":
        return {
            "source_type": rng.choice(["government", "military", "media", "witness"]),
            "affiliation": rng.choice(["Armenia", "Azerbaijan", "Russia", "OSCE", ""]),
        }
    if label == "casualty_figure":
        low = rng.randrange(1, 7000)
        return {
            "outcome": rng.choice(["killed", "injured", "missing"]),
            "victim_type": rng.choice(["combatant", "civilian", "mixed"]),
            "qualifier": "exact",
            "low": low,
            "high": low,
            "scope": "incident",
        }
    return {
        "feature_level": rng.choice(["country", "region", "locality"]),
        "role": rng.choice(["event_site", "statement_venue"]),
        "latitude": round(rng.uniform(38, 42), 4),
        "longitude": round(rng.uniform(44, 50), 4),
    }


def build(db: Path | str, documents: int) -> None:
    from annotator.core.model import Status
    from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
    from annotator.core.text import text_sha256
    from annotator.store import Store

    rng = random.Random(13)
    labels = list(LABELS)
    # One streaming import session: annotation sets stored in batches (on PostgreSQL, a few
    # round trips per 500 documents rather than several per document).
    with (
        Store.open(db) as store,
        store.import_session(actor="bench") as session,
        session.file("bench"),
    ):
        for number in range(documents):
            text, words = make_text(rng)
            spans = []
            for k in range(10):
                first = rng.randrange(len(words) - 8)
                start, end = words[first][0], words[first + rng.randrange(1, 8)][1]
                label = labels[k % 4]
                attributes = varied_attributes(rng, label)
                spans.append(
                    NewSpan(
                        f"s{number}-{k}",
                        label,
                        start,
                        end,
                        text[start:end],
                        attributes,
                        "",
                        "2025-01-01T00:00:00Z",
                        "2025-01-01T00:00:00Z",
                    )
                )
            relations = tuple(
                NewRelation(f"r{number}-{k}", "attributed_to", f"s{number}-{k}", f"s{number}-1")
                for k in (0, 4, 8)
            )
            when = "2025-01-02T00:00:00Z"
            work = NewAnnotationSet("ana", Status.DONE, when, tuple(spans), relations)
            sha = text_sha256(text)
            session.add(
                NewDocument(f"doc-{number:05}", f"Report {number}", text, sha, {}, "bench", (work,))
            )


def _rows(db: Path) -> tuple[sqlite3.Connection, dict, dict, dict]:
    """Spans, relations and statuses grouped by document, read with bare sqlite3."""
    conn = sqlite3.connect(db)
    spans: dict[int, list] = defaultdict(list)
    for row in conn.execute(
        "SELECT s.document_id, a.name, s.uid, s.label, s.start, s.[end], s.text, s.attributes, "
        "s.note, s.created_at, s.updated_at FROM span s JOIN annotator a ON a.id = s.annotator_id "
        "ORDER BY s.document_id, s.start"
    ):
        spans[row[0]].append(row)
    relations: dict[int, list] = defaultdict(list)
    for row in conn.execute(
        "SELECT r.document_id, r.uid, r.type, f.uid, t.uid FROM relation r "
        "JOIN span f ON f.id = r.from_span_id JOIN span t ON t.id = r.to_span_id"
    ):
        relations[row[0]].append(row)
    statuses = {
        row[0]: row
        for row in conn.execute(
            "SELECT st.document_id, a.name, st.status, st.updated_at FROM document_status st "
            "JOIN annotator a ON a.id = st.annotator_id"
        )
    }
    return conn, spans, relations, statuses


def baseline(db: Path, out: Path) -> None:
    """The bare baseline: the same documents, spans, relations and statuses read with sqlite3,
    one JSON line per document written with the stdlib ``json`` (no schema, no checks, no
    atomic rename)."""
    conn, spans, relations, statuses = _rows(db)
    with out.open("w", encoding="utf-8") as f:
        for doc_id, title, text, sha, meta, rowid in conn.execute(
            "SELECT doc_id, title, text, text_sha256, meta, id FROM document ORDER BY id"
        ):
            status = statuses.get(rowid)
            record = {
                "doc_id": doc_id,
                "title": title,
                "text": text,
                "text_sha256": sha,
                "meta": json.loads(meta),
                "annotator": status[1],
                "status": status[2],
                "updated_at": status[3],
                "spans": [
                    {
                        "id": s[2],
                        "label": s[3],
                        "start": s[4],
                        "end": s[5],
                        "text": s[6],
                        "attributes": json.loads(s[7]),
                        "note": s[8],
                        "created_at": s[9],
                        "updated_at": s[10],
                    }
                    for s in spans[rowid]
                ],
                "relations": [
                    {"id": r[1], "type": r[2], "from_id": r[3], "to_id": r[4]}
                    for r in relations[rowid]
                ],
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_task(task: str, db: Path | str, out: Path) -> None:
    """One task in this process: prints seconds and peak memory as JSON.

    An export runs as ``annotator --db DB export -f FORMAT -o OUT`` in process (argument
    parsing, opening the database, the report file: all that a user waits for). Imports are
    not timed (the baseline's sqlite3 and json are loaded already)."""
    import contextlib
    import io

    # What the command would load on its way (the exporters, the store, SQLAlchemy), loaded
    # before the clock starts, as the baseline's sqlite3 and json are.
    from annotator.cli import data_cmds  # noqa: F401
    from annotator.cli.main import main as cli_main
    from annotator.store import bulk  # noqa: F401

    started, cpu_started = time.perf_counter(), time.process_time()
    if task == BASELINE:
        baseline(db, out)
    else:
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli_main(["--db", str(db), "export", "-f", task, "-o", str(out)])
        if code:
            raise SystemExit(f"export {task} failed with exit code {code}")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


def measure(task: str, db: Path | str, folder: Path) -> dict[str, float]:
    target = folder / f"{task}.out"
    command = [sys.executable, __file__, "--task", task, "--db", str(db), "--out", str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_tokenizer(documents: int) -> None:
    """The tokenizer alone over the same texts, beside the simplest regex tokenizer (the
    baseline: ``\\w+|[^\\w\\s]`` with offsets), each the best of three runs."""
    from annotator.core.tokenize import token_arrays, tokenize

    rng = random.Random(13)
    texts = [make_text(rng)[0] for _ in range(documents)]
    simple = re.compile(r"\w+|[^\w\s]")

    def baseline(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in simple.finditer(text)]

    def best(tokenizer: Callable[[str], object]) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            for text in texts:
                tokenizer(text)
            times.append(time.perf_counter() - started)
        return min(times)

    base = best(baseline)
    print(f"tokenizer over {documents} texts ({sum(map(len, texts)) / 1e6:.1f} M characters):")
    print(f"  baseline regex {base:.2f} s")
    for name, tokenizer in (("token_arrays", token_arrays), ("tokenize", tokenize)):
        seconds = best(tokenizer)
        print(f"  {name:<14} {seconds:.2f} s  {seconds / base:.2f}x the baseline")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--keep", type=Path, help="build the database in this folder, or reuse the one there"
    )
    parser.add_argument("--only", help="these formats only (comma-separated)")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)  # a file, or a postgresql:// URL
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        run_task(args.task, args.db, args.out)
        return 0
    from annotator.io import exporters

    formats = args.only.split(",") if args.only else exporters.names()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = (args.keep or folder) / f"bench-{args.documents}.sqlite3"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.documents)
            print(f"built in {time.perf_counter() - started:.1f} s")
        conn = sqlite3.connect(db)
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("document", "span", "relation")
        ]
        conn.close()
        print("{} documents, {} spans, {} relations".format(*counts))
        base = measure(BASELINE, db, folder)
        results = {name: measure(name, db, folder) for name in formats}
    header = (
        f"{'format':<18} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'ratio':>6}  target (2 s, 2.0x)"
    )
    print(header)
    print("-" * len(header))
    print(
        f"{BASELINE:<18} {base['seconds']:>7.2f} {base['cpu']:>7.2f} {base['peak_mb']:>8.0f} "
        f"{1:>5.2f}x"
    )
    missed = []
    for name, mine in results.items():
        ratio = mine["cpu"] / base["cpu"]
        met = mine["cpu"] <= TARGET_SECONDS and ratio <= TARGET_RATIO
        missed += [] if met else [name]
        print(
            f"{name:<18} {mine['seconds']:>7.2f} {mine['cpu']:>7.2f} {mine['peak_mb']:>8.0f} "
            f"{ratio:>5.2f}x  {'met' if met else 'NOT met'}"
        )
    print(
        "(ratio and verdict on CPU seconds, which a busy machine disturbs less than wall time; "
        "on a quiet machine the two agree)"
    )
    print("every target met" if not missed else f"targets NOT met: {', '.join(missed)}")
    bench_tokenizer(args.documents)
    return 0


if __name__ == "__main__":
    sys.exit(main())
