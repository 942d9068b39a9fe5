"""PostgreSQL beside SQLite (issue 12): the bulk import of 10,000 documents and every export,
on both engines in the same run, with the ratio (target: PostgreSQL within 2x of SQLite).

It starts a throwaway server of its own (``tests/pg_server.py``: initdb in a temporary
folder, a free localhost port), durable as a real one (fsync on, as SQLite's
``synchronous=FULL``), and stops it at the end. Without PostgreSQL binaries or psycopg it
says so in one line and measures nothing.

* imports: ``bench_import``'s JSON Lines file and folder of .txt files, each into a new
  database (a new file; a new, empty database on the server), best of three;
* exports: ``bench_export``'s corpus (10,000 documents, 100,000 spans, 30,000 relations) built
  once per engine (on the server then vacuumed, analyzed and checkpointed, as a server soon
  is after a bulk load), then every format as ``annotator --db DB export`` in a fresh
  process, best of two.

Times are wall seconds: on PostgreSQL part of the work is the server's, in another process,
which the client's CPU time would leave out. On a shared machine run it at a quiet moment.

Run: .venv/bin/python bench/bench_server.py [--documents N] [--only native,hf]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import bench_export
import bench_import

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pg_server import PgServer, find_binaries, why_missing  # noqa: E402

TARGET_RATIO = 2.0
ENGINES = ("SQLite", "PostgreSQL")


def best(runs: int, once: Callable[[int], float]) -> float:
    return min(once(i) for i in range(runs))


def import_seconds(source: Path, place: Callable[[int], str]) -> float:
    """The best of three imports of ``source``, each into the new database ``place(i)``."""
    return best(3, lambda i: bench_import.run(bench_import.OURS, str(source), place(i))[0])


def export_seconds(task: str, db: Path | str, folder: Path) -> float:
    return best(2, lambda _i: bench_export.measure(task, db, folder)["seconds"])


def settle(url: str) -> None:
    """What a server does by itself soon after a bulk load (statistics, a checkpoint), done
    now: otherwise the first export timed pays for it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


def row(name: str, sqlite: float, server: float) -> str:
    ratio = server / sqlite
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    return f"{name:<26}{sqlite:>9.2f}{server:>12.2f}{ratio:>7.2f}x  {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--only", help="these export formats only (comma-separated)")
    args = parser.parse_args()
    missing = why_missing()
    if missing is not None:
        print(f"skipped: {missing}")
        return 0
    binaries = find_binaries()
    assert binaries is not None
    from annotator.io import exporters

    formats = args.only.split(",") if args.only else exporters.names()
    server = PgServer(binaries, durable=True)
    rows: list[str] = []
    try:
        server.start()
        with tempfile.TemporaryDirectory(prefix="annotator-server-bench-") as tmp:
            folder = Path(tmp)
            jsonl, texts = bench_import.make_inputs(folder, args.documents)
            for name, source in (("import jsonl", jsonl), ("import folder", texts)):
                on_file = import_seconds(source, lambda i, n=name: str(folder / f"{n}.{i}.sqlite3"))
                on_server = import_seconds(
                    source, lambda _i: server.url(server.new_database(empty=True))
                )
                rows.append(row(name, on_file, on_server))
            places: list[Path | str] = [
                folder / "export.sqlite3",
                server.url(server.new_database(empty=True)),
            ]
            for engine, place in zip(ENGINES, places, strict=True):
                started = time.perf_counter()
                bench_export.build(place, args.documents)
                print(f"{engine}: export corpus built in {time.perf_counter() - started:.1f} s")
            settle(str(places[1]))
            for task in formats:
                file_s, server_s = (export_seconds(task, place, folder) for place in places)
                rows.append(row(f"export {task}", file_s, server_s))
    finally:
        server.stop()
    print(f"{args.documents:,} documents; wall seconds, best of 3 (imports) or 2 (exports)")
    header = f"{'task':<26}{'SQLite':>9}{'PostgreSQL':>12}{'ratio':>8}  target ({TARGET_RATIO}x)"
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    missed = [line.split()[0:2] for line in rows if line.endswith("NOT met")]
    print(
        "every target met"
        if not missed
        else "targets NOT met: " + ", ".join(" ".join(m) for m in missed)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
