"""How cost grows (issue 10, items 5 and 6): import, native export, merge and agreement at
several sizes, each run as the CLI runs it, with wall time and peak memory.

* import label-studio: a Label Studio file of N tasks of about 2,000 characters with 10 spans
  and 3 relations each (bench_annotated_import's generator), into a new database;
* export native: that database, written as a native file;
* merge, agreement: N document versions, that is 10 annotators x N/10 documents x 20 spans
  (bench_team's generator; N = 10,000 is bench_team's own size).

Each step is ``python -m annotator ...`` under bench_team's wrapper, so the time includes the
interpreter's start-up and the peak memory is the command's own. Growth is judged on CPU time
(user + system), which other work on shared cores disturbs far less than wall time, net of the
command's start-up (``annotator COMMAND --help``: the interpreter and the modules that command
loads, as merge loads no store): the time ratio over the size ratio from the previous
size, 1.0 linear, below better, above worse. After each import the database's size is divided
by its spans and its documents.

Not named bench_*.py: ``make bench`` does not run it; ``make bench-scale`` does.

Run: .venv/bin/python bench/scale.py [--sizes 10000,30000,100000] [--quick] [--markdown]
"""

from __future__ import annotations

import argparse
import itertools
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# This folder is on sys.path when a bench script runs.
from bench_annotated_import import make_label_studio
from bench_team import ANNOTATORS, make_files, timed

SIZES = (10_000, 30_000, 100_000)
QUICK_SIZES = (100, 200)
# Each step's fixed cost: the interpreter and the modules its command loads, without the work.
STARTUP = {
    "import label-studio": ("import", "--help"),
    "export native": ("export", "--help"),
    "merge": ("merge", "--help"),
    "agreement": ("agreement", "--help"),
}
STEPS = {
    "import label-studio": "documents",
    "export native": "documents",
    "merge": "versions",
    "agreement": "versions",
}


@dataclass(frozen=True)
class Measure:
    step: str
    size: int
    seconds: float  # wall
    cpu_seconds: float  # user + system: what growth is judged on, as others share the cores
    peak_mb: float


@dataclass(frozen=True)
class DatabaseSize:
    documents: int
    spans: int
    file_bytes: int
    text_bytes: int  # the documents' texts in UTF-8, which any store must hold


def annotator(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(step: str, size: int, command: list[str]) -> Measure:
    """bench_team's wrapper gives wall time and peak memory; the CPU time is this process's
    children's (the wrapper and, once it has waited for it, the command) before and after."""
    cpu_before = children_cpu()
    seconds, peak_mb = timed(command)
    cpu = children_cpu() - cpu_before
    label = f"{step} {size:,}" if size else step
    progress(f"  {label}: {seconds:.2f} s, {cpu:.2f} s CPU, {peak_mb:.0f} MB")
    return Measure(step, size, seconds, cpu, peak_mb)


def database_size(path: Path) -> DatabaseSize:
    wal = path.with_name(path.name + "-wal")  # empty or gone once the CLI has closed it
    file_bytes = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        documents, text_bytes = db.execute(
            "SELECT count(*), sum(length(CAST(text AS BLOB))) FROM document"
        ).fetchone()
        (spans,) = db.execute("SELECT count(*) FROM span").fetchone()
    db.close()
    return DatabaseSize(documents, spans, file_bytes, text_bytes)


def line_count(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def documents_steps(folder: Path, size: int) -> tuple[list[Measure], DatabaseSize]:
    studio = folder / f"tasks-{size}.json"
    database = folder / f"scale-{size}.sqlite3"
    exported = folder / f"scale-{size}.annotations.jsonl"
    started = time.perf_counter()
    make_label_studio(studio, size)
    progress(f"  {size:,} Label Studio tasks written in {time.perf_counter() - started:.0f} s")
    measures = [
        measure(
            "import label-studio",
            size,
            annotator(
                "import", "--db", database, "--format", "label-studio", "--as", "bench", studio
            ),
        )
    ]
    stored = database_size(database)
    if (stored.documents, stored.spans) != (size, 10 * size):
        raise SystemExit(f"import stored {stored.documents} documents, {stored.spans} spans")
    measures.append(
        measure(
            "export native",
            size,
            annotator("export", "--db", database, "-f", "native", "-o", exported),
        )
    )
    if line_count(exported) != size + 1:  # the header, then one line per document
        raise SystemExit(f"the native export of {size:,} documents has the wrong line count")
    for path in (studio, database, exported):
        path.unlink()
    return measures, stored


def team_steps(folder: Path, size: int) -> list[Measure]:
    team = folder / f"team-{size}"
    team.mkdir()
    started = time.perf_counter()
    paths = make_files(team, documents=size // ANNOTATORS)
    progress(f"  {len(paths)} annotators' files written in {time.perf_counter() - started:.0f} s")
    gold = folder / f"gold-{size}.annotations.jsonl"
    measures = [
        measure("merge", size, annotator("merge", *paths, "-o", gold)),
        measure("agreement", size, annotator("agreement", *paths, "--json")),
    ]
    if line_count(gold) != size // ANNOTATORS + 1:
        raise SystemExit(f"the merge of {size:,} versions has the wrong line count")
    gold.unlink()
    shutil.rmtree(team)
    return measures


def net(row: Measure, startup: Measure) -> float:
    """The command's CPU seconds less the interpreter's start-up, so that a fixed cost does
    not pass for sublinear growth."""
    return row.cpu_seconds - startup.cpu_seconds


def per_thousand(row: Measure, startup: Measure) -> str:
    return f"{1000 * net(row, startup) / row.size:.3f}" if net(row, startup) > 0 else "-"


def growth(rows: list[Measure], startup: Measure) -> list[str]:
    """Net CPU time ratio over size ratio from the previous size ('' for the first, '-' when
    a time is within the start-up)."""
    out = [""]
    for before, after in itertools.pairwise(rows):
        if min(net(before, startup), net(after, startup)) <= 0:
            out.append("-")
            continue
        ratio = net(after, startup) / net(before, startup)
        out.append(f"{ratio / (after.size / before.size):.2f}")
    return out


def text_tables(
    measures: list[Measure], sizes: list[DatabaseSize], startups: dict[str, Measure]
) -> str:
    lines = []
    for step, unit in STEPS.items():
        rows = [m for m in measures if m.step == step]
        startup = startups[step]
        lines.append(
            f"{step} (start-up, `annotator {' '.join(STARTUP[step])}`: "
            f"{startup.cpu_seconds:.2f} s CPU, {startup.peak_mb:.0f} MB)"
        )
        lines.append(
            f"{unit:>12}{'seconds':>10}{'CPU s':>9}{'peak MB':>9}{'net CPU s/1,000':>17}"
            f"{'growth':>8}"
        )
        for row, grew in zip(rows, growth(rows, startup), strict=True):
            lines.append(
                f"{row.size:>12,}{row.seconds:>10.2f}{row.cpu_seconds:>9.2f}{row.peak_mb:>9.0f}"
                f"{per_thousand(row, startup):>17}{grew:>8}"
            )
        lines.append("")
    lines.append("database after import")
    lines.append(
        f"{'documents':>12}{'spans':>10}{'MB':>8}{'bytes/span':>12}{'bytes/doc':>11}"
        f"{'text bytes/doc':>16}"
    )
    for db in sizes:
        lines.append(
            f"{db.documents:>12,}{db.spans:>10,}{db.file_bytes / 2**20:>8.1f}"
            f"{db.file_bytes / db.spans:>12,.0f}{db.file_bytes / db.documents:>11,.0f}"
            f"{db.text_bytes / db.documents:>16,.0f}"
        )
    return "\n".join(lines)


def markdown_tables(
    measures: list[Measure], sizes: list[DatabaseSize], startups: dict[str, Measure]
) -> str:
    lines = [
        "| step | size | seconds | CPU seconds | peak MB | net CPU seconds per 1,000 | growth |",
        "|---|---|---|---|---|---|---|",
    ]
    for step, unit in STEPS.items():
        rows = [m for m in measures if m.step == step]
        startup = startups[step]
        lines.append(
            f"| {step}: start-up, `annotator {' '.join(STARTUP[step])}` | | "
            f"{startup.seconds:.2f} | {startup.cpu_seconds:.2f} | {startup.peak_mb:.0f} | | |"
        )
        for row, grew in zip(rows, growth(rows, startup), strict=True):
            lines.append(
                f"| {step} | {row.size:,} {unit} | {row.seconds:.2f} | {row.cpu_seconds:.2f} "
                f"| {row.peak_mb:.0f} | {per_thousand(row, startup)} | {grew} |"
            )
    lines += [
        "",
        "| documents | spans | database | bytes per span | bytes per document | of which text |",
        "|---|---|---|---|---|---|",
    ]
    for db in sizes:
        lines.append(
            f"| {db.documents:,} | {db.spans:,} | {db.file_bytes / 2**20:.0f} MB "
            f"| {db.file_bytes / db.spans:,.0f} | {db.file_bytes / db.documents:,.0f} "
            f"| {db.text_bytes / db.documents:,.0f} |"
        )
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text}") from None
    if any(size < ANNOTATORS or size % ANNOTATORS for size in sizes):
        raise argparse.ArgumentTypeError(f"each size must be a multiple of {ANNOTATORS}")
    return sorted(set(sizes))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=parse_sizes, default=list(SIZES), help="e.g. 1000,3000 (documents)"
    )
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} (tests)")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    args = parser.parse_args(argv)
    sizes: list[int] = list(QUICK_SIZES) if args.quick else args.sizes
    started = time.perf_counter()
    measures: list[Measure] = []
    stored: list[DatabaseSize] = []
    # Per step, the least of three: the fixed cost in that command's time.
    startups = {
        step: min(
            (measure("start-up", 0, annotator(*command)) for _ in range(3)),
            key=lambda m: m.cpu_seconds,
        )
        for step, command in STARTUP.items()
    }
    with tempfile.TemporaryDirectory(prefix="annotator-scale-bench-") as name:
        folder = Path(name)
        for size in sizes:
            progress(f"import and native export, {size:,} documents")
            done, database = documents_steps(folder, size)
            measures += done
            stored.append(database)
        for size in sizes:
            progress(f"merge and agreement, {size:,} versions ({ANNOTATORS} annotators)")
            measures += team_steps(folder, size)
    print(
        "How cost grows: wall seconds, CPU seconds and peak memory of each CLI command "
        "(interpreter start-up included); growth = CPU time ratio / size ratio from the "
        "previous size, both times net of the start-up (1.0 = linear, below is better)\n"
    )
    print(text_tables(measures, stored, startups))
    if args.markdown:
        print()
        print(markdown_tables(measures, stored, startups))
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
