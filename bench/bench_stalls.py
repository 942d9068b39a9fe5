"""Event-loop stalls (issue 9, item 9): the longest gap between ticks of a 10 ms QTimer while
the window imports 10,000 documents, and while the statistics view computes and draws the
team figures. Each is measured beside a baseline from the same run: the same work done on
the GUI thread as before workers (import with processEvents after each file; statistics
computed and drawn synchronously). Every measurement runs in a fresh process, so none pays
for another's imports or caches.

Run: .venv/bin/python bench/bench_stalls.py [--docs N] [--team-docs N] [--team-db PATH]
     [--only import|stats] [--trace]
Target: the longest stall 100 ms or less. ``--trace`` samples the GUI thread's Python stack
every 2 ms and prints, for the three longest stalls of each worker run, where it was: a
stack ending in the event loop itself means Qt (painting, layout) or a wait for the GIL.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

TARGET_MS = 100
TICK_MS = 10
SETTLE_MS = 500


def write_articles(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = " ".join(f"shelling near village {i} killed {j} soldiers" for j in range(40))
            record = {"id": f"r{i}", "title": f"Report {i}", "text": f"Report {i}\n\n{body}"}
            out.write(json.dumps(record) + "\n")
    return path


def team_db(folder: Path, documents: int) -> Path:
    """10 annotators' native files of ``documents`` documents (bench_team's data), imported."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_team

    from annotator.io.importers import import_paths
    from annotator.store import Store

    bench_team.DOCUMENTS = documents
    db = folder / "team.sqlite3"
    with Store.open(db) as store:
        import_paths(store, bench_team.make_files(folder), actor="lead")
    return db


# ---- one measurement, in its own process -------------------------------------------------------


class StackSampler:
    """The GUI thread's Python stack every 2 ms, from a thread of its own."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self._main = threading.get_ident()
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            frame = sys._current_frames().get(self._main)
            stack = []
            while frame is not None and len(stack) < 8:
                stack.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), tuple(stack)))

    def report(self, gaps: list[tuple[float, float]], count: int = 3) -> None:
        self._stop.set()
        for end, gap in sorted(gaps, key=lambda pair: -pair[1])[:count]:
            inside = Counter(s for when, s in self.samples if end - gap <= when <= end)
            print(f"stall {gap * 1000:.0f} ms, GUI thread's stack (innermost first, samples):")
            for stack, times in inside.most_common(4):
                print(f"  {times:3d}  {' < '.join(stack)}")


def measure(mode: str, db: Path, source: Path | None, trace: bool = False) -> dict[str, float]:
    """Run ``mode`` in a window on ``db``; the longest gap between timer ticks, split into
    the part while the work ran and the part after it (views redrawing its result)."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.io import importers
    from annotator.store import Store

    app = QApplication.instance() or QApplication([])
    store = Store.open(db)
    settings = QSettings(str(db.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "bench"), settings)
    window.show()
    stats = window.docks["stats"].widget()
    for _ in range(20):
        app.processEvents()
    gc.freeze()  # as run_app does once the window is shown

    expected = sum(1 for _ in source.open(encoding="utf-8")) if source is not None else 0
    gaps: list[tuple[float, float]] = []  # (when, gap)
    last = [time.perf_counter()]
    marks: dict[str, float] = {}
    done = [lambda: False]  # the measured work has ended (checked at each tick)

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now, now - last[0]))
        last[0] = now
        if "start" in marks and "done" not in marks and done[0]():
            marks["done"] = now
            # Half a second more, so the painting that follows is measured too.
            QTimer.singleShot(SETTLE_MS, app.quit)

    def start() -> None:
        marks["start"] = time.perf_counter()
        if mode == "import-worker":
            assert source is not None
            job = window.import_paths([source])
            model = window.document_list.model_
            # Done when the list, read again in a worker of its own, is on screen too.
            done[0] = lambda: (
                not job.running
                and model.rowCount() == expected
                and not (model.job is not None and model.job.running)
            )
        elif mode == "import-baseline":
            assert source is not None

            def progress(_done: int, _total: int, _path: Path | None) -> bool:
                app.processEvents()
                return True

            importers.import_paths(store, [source], actor="bench", progress=progress)
            window.session.notify_reloaded()
            done[0] = lambda: True
        elif mode == "stats-worker":
            window.docks["stats"].show()  # the view computes in a worker when shown
            done[0] = lambda: stats.built and stats.job is not None and not stats.job.running
        elif mode == "stats-baseline":
            stats._dirty = False  # as before workers: drawn right here, on this thread
            window.docks["stats"].show()
            stats.rebuild()
            done[0] = lambda: True

    sampler = StackSampler() if trace else None
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(50, start)
    app.exec()
    timer.stop()
    window.close()
    store.close()
    during = [gap for when, gap in gaps if marks["start"] <= when]
    if sampler is not None:
        sampler.report([(when, gap) for when, gap in gaps if marks["start"] <= when])
    return {
        "max_gap_ms": max(during) * 1000,
        "seconds": marks["done"] - marks["start"],  # until the work is in, not the settling
        "documents": float(Store.open(db, write=False).document_count()),
    }


def run_one(mode: str, db: Path, source: Path | None, trace: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", mode, "--db", str(db)]
    if trace:
        command.append("--trace")
    if source is not None:
        command += ["--source", str(source)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    *traced, last = result.stdout.strip().splitlines()
    if traced:
        print(f"{mode}:", *traced, sep="\n")
    return json.loads(last)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--team-docs", type=int, default=300)
    parser.add_argument("--team-db", type=Path)
    parser.add_argument("--only", choices=("import", "stats"))
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--one")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.db, args.source, args.trace)))
        return

    folder = Path(tempfile.mkdtemp(prefix="annotator-stall-bench-"))
    source = write_articles(folder / "articles.jsonl", args.docs)
    rows = []
    team = "not measured"
    if args.only != "stats":
        for mode in ("import-baseline", "import-worker"):
            traced = args.trace and mode.endswith("worker")
            rows.append((mode, run_one(mode, folder / f"{mode}.sqlite3", source, traced)))
    if args.only != "import":
        if args.team_db is not None:
            db, team = args.team_db, f"{args.team_db.name}"
        else:
            db = team_db(folder, args.team_docs)
            team = f"10 annotators x {args.team_docs:,} documents"
        for mode in ("stats-baseline", "stats-worker"):
            rows.append((mode, run_one(mode, db, None, args.trace and mode.endswith("worker"))))

    print(f"Longest event-loop stall (QTimer every {TICK_MS} ms); target {TARGET_MS} ms or less")
    print(f"import: {args.docs:,} documents in one JSON Lines file; statistics: {team}")
    print(f"{'task':<18}{'max stall ms':>14}{'seconds':>10}  target")
    for mode, row in rows:
        verdict = (
            ""
            if mode.endswith("baseline")
            else ("met" if row["max_gap_ms"] <= TARGET_MS else "MISSED")
        )
        print(f"{mode:<18}{row['max_gap_ms']:>14.0f}{row['seconds']:>10.2f}  {verdict}")


if __name__ == "__main__":
    main()
