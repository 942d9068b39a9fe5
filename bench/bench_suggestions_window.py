"""What suggestions cost the window (issue 13): each figure with suggestions on, beside the
same run with them off (View > Suggestions > Show Suggestions unchecked), each in a fresh
process so that the first run pays for loading the suggesters, as an annotator's first does.

- the first suggestions: from showing the window to the suggestions drawn, and the longest
  event-loop stall (gap between ticks of a 10 ms timer) meanwhile, the suggesters' loading
  included: they run in a worker, but hold the GIL;
- open another sample article until painted (the computation must not slow it), the time
  until its suggestions are drawn, and the longest stall until 0.5 s after that;
- a labelling action (key to stored span and repaint), p95 of 25 made 0.4 s apart, so that
  each one's recomputation runs between them; and the longest stall over all of that.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_suggestions_window.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10


def measure(on: bool, folder: Path) -> dict[str, float]:
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.io.importers import import_paths
    from annotator.paths import samples_dir
    from annotator.store import Store

    app = QApplication.instance() or QApplication(sys.argv)
    store = Store.open(folder / "bench.sqlite3")
    import_paths(store, [samples_dir()], actor="bench")
    first = store.find_document("01-border-clash")
    second = store.find_document("02-war-toll")
    assert first is not None and second is not None
    settings = QSettings(str(folder / f"bench-{on}.ini"), QSettings.Format.IniFormat)
    settings.setValue("suggestions/shown", on)
    settings.setValue("lastDocument", "01-border-clash")
    session = Session(store, "bench")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    window = MainWindow(session, settings)
    window.resize(1400, 900)
    suggestions = window.suggestion_keys.suggestions

    def settle() -> None:
        while suggestions.busy:
            app.processEvents()
            time.sleep(0.001)

    began = time.perf_counter()
    window.show()
    last[0] = time.perf_counter()
    timer.start()
    QTest.qWait(100)  # the first paint, then the first run
    settle()
    first = time.perf_counter() - began
    timer.stop()
    first_stall = max(gaps)
    gaps.clear()

    began = time.perf_counter()
    session.open_document(second.id)
    window.document_view.viewport().repaint()
    app.processEvents()
    opened = time.perf_counter() - began
    last[0] = time.perf_counter()
    timer.start()
    while suggestions.busy:
        app.processEvents()
        time.sleep(0.001)
    shown = time.perf_counter() - began
    QTest.qWait(500)
    timer.stop()
    stall = max(gaps) if gaps else 0.0
    gaps.clear()

    view = window.document_view
    view.snap_to_words = True
    text = session.document.text
    words = [i for i in range(1, len(text) - 12) if text[i - 1] == " " and text[i].isalpha()]
    actions = []
    last[0] = time.perf_counter()
    timer.start()
    for i in range(25):
        start = words[(i * 7) % len(words)]
        cursor = view.textCursor()
        cursor.setPosition(view.mapping.to_utf16(start))
        cursor.setPosition(view.mapping.to_utf16(start + 6), cursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        app.processEvents()
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1 + (i % 4))
        view.viewport().repaint()
        actions.append(time.perf_counter() - t)
        QTest.qWait(400)  # the recomputation this edit causes runs meanwhile
    settle()
    timer.stop()
    count = len(suggestions.items)
    window.close()
    store.close()
    return {
        "first": first,
        "first_stall": first_stall,
        "open": opened,
        "shown": shown,
        "stall": stall,
        "action_p95": statistics.quantiles(actions, n=20)[18],
        "action_stall": max(gaps),
        "suggestions": count,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
        print(json.dumps(measure(sys.argv[2] == "on", folder)))
        return
    rows: dict[str, list[dict[str, float]]] = {"off": [], "on": []}
    for _ in range(3):
        for mode in ("off", "on"):
            done = subprocess.run(
                [sys.executable, __file__, "--one", mode],
                check=True,
                capture_output=True,
                text=True,
            )
            rows[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))
    columns = {
        "first": "first s",
        "first_stall": "stall ms",
        "open": "open s",
        "shown": "shown s",
        "stall": "stall ms",
        "action_p95": "act p95 ms",
        "action_stall": "stall ms",
    }
    print(f"{'suggestions':<12}" + "".join(f"{name:>11}" for name in columns.values()))
    for mode, runs in rows.items():
        best = {key: min(run[key] for run in runs) for key in runs[0]}
        cells = [
            f"{best[key] * 1000:>11.0f}" if "ms" in name else f"{best[key]:>11.3f}"
            for key, name in columns.items()
        ]
        print(f"{mode:<12}" + "".join(cells) + f"   ({best['suggestions']:.0f} suggestions)")
    print(f"(best of 3 fresh processes each; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
