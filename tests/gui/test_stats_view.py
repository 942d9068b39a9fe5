"""The Statistics view on a real store with two annotators' work, driven by qtbot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget, QFileDialog, QTabWidget

from annotator.core import commands
from annotator.core.model import Span, Status, new_uid
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.stats_view import StatsView
from annotator.io.importers import import_paths
from annotator.io.team_data import PLOTS
from annotator.store import Store
from tests.conftest import REPO, SAMPLES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUOTES = {
    "01-border-clash": [("location", "Sotk"), ("claim", "three soldiers dead")],
    "02-war-toll": [("casualty_figure", "over 6,500 lives"), ("location", "BAKU")],
    "03-ceasefire-talks": [("claim", "ceasefire")],
}


@pytest.fixture
def store(db_store: Store) -> Store:
    """On each engine (conftest's ``db``): the view reads its figures from the database."""
    return db_store


def span(store: Store, doc_id: str, annotator: str, label: str, quote: str, shift: int) -> Span:
    document = store.find_document(doc_id)
    assert document is not None
    start = document.text.index(quote) + shift
    end = start + len(quote)
    text = document.text[start:end]
    return Span(new_uid("s"), document.id, annotator, label, start, end, text)


@pytest.fixture
def team(store: Store) -> Store:
    """alice and bob annotate three samples (bob's claims shifted by one); both finish 01
    and 02, alice also 03."""
    import_paths(store, [SAMPLES], actor="lead")
    for doc_id, quotes in QUOTES.items():
        for annotator in ("alice", "bob"):
            for label, quote in quotes:
                shift = 1 if annotator == "bob" and label == "claim" else 0
                store.add_span(span(store, doc_id, annotator, label, quote, shift))
    for doc_id, annotators in {
        "01-border-clash": ("alice", "bob"),
        "02-war-toll": ("alice", "bob"),
        "03-ceasefire-talks": ("alice",),
    }.items():
        document = store.find_document(doc_id)
        assert document is not None
        for annotator in annotators:
            store.set_status(document.id, annotator, Status.DONE)
    return store


@pytest.fixture
def view(qtbot, team: Store) -> StatsView:
    widget = StatsView(Session(team, "alice"))
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    return widget


def shown(qtbot, view: StatsView) -> StatsView:
    view.show()
    qtbot.waitUntil(lambda: view.built, timeout=10_000)
    return view


def check_png(path: Path, size: tuple[int, int] = (900, 600)) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == size


def test_the_view_builds_its_four_plots_when_first_shown(qtbot, view: StatsView) -> None:
    import pyqtgraph as pg

    assert view.objectName() == view.accessibleName() == "statsView"
    assert not view.built
    shown(qtbot, view)
    assert view.tabs.count() == 4
    assert [view.tabs.tabText(i) for i in range(4)] == list(PLOTS.values())
    for page in view.pages.values():
        assert isinstance(page.plot, pg.GraphicsLayoutWidget)
    report = view.figures.report
    assert report.annotators == ("alice", "bob")
    assert report.documents == 2
    (pair,) = report.pairs
    assert pair.span_f1_exact == pytest.approx(2 * 3 / 8)  # the claims differ by one char
    assert "overall F1 0.75" in view.summary.text()


def test_saving_one_plot_and_all_plots_writes_valid_pngs(
    qtbot, view: StatsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown(qtbot, view)
    check_png(view.save_plot("agreement_heatmap", tmp_path / "heatmap.png"))

    view.tabs.setCurrentIndex(list(PLOTS).index("label_f1"))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "f1"), "")
    )
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    check_png(tmp_path / "f1.png")  # the suffix is added
    assert "Saved" in view.summary.text()

    folder = tmp_path / "all" / "plots"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    qtbot.mouseClick(view.save_all_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.png" for n in PLOTS)
    for path in folder.iterdir():
        check_png(path)


def test_edits_mark_the_plots_stale_and_showing_again_redraws(qtbot, view: StatsView) -> None:
    shown(qtbot, view)
    first = view.figures
    session = view.session
    document = session.store.find_document("03-ceasefire-talks")
    assert document is not None
    session.run(commands.SetStatus(document.id, "bob", Status.DONE))
    assert view.figures is first  # not redrawn while visible: that waits for Refresh
    assert "Refresh" in view.summary.text()
    view.hide()
    view.show()
    qtbot.waitUntil(lambda: view.figures is not first, timeout=10_000)
    assert view.figures.report.documents == 3
    assert sum(view.figures.per_day["bob"].values()) == 3

    second = view.figures
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.figures is not second, timeout=10_000)

    third = view.figures
    session.notify_reloaded()  # an import: redrawn when visible, without being asked
    qtbot.waitUntil(lambda: view.figures is not third, timeout=10_000)


def test_an_empty_store_draws_no_data_plots_and_saves_them(
    qtbot, store: Store, tmp_path: Path
) -> None:
    empty = StatsView(Session(store, "alice"))
    qtbot.addWidget(empty)
    shown(qtbot, empty)
    assert "no agreement figures yet" in empty.summary.text()
    paths = empty.save_all(tmp_path)
    assert len(paths) == 4
    for path in paths:
        check_png(path)


def test_view_statistics_opens_a_dock_tabbed_with_the_spans(
    qtbot, team: Store, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(team, "alice"), settings)
    qtbot.addWidget(window)
    window.show()
    dock = window.findChild(QDockWidget, "statisticsDock")
    view = window.findChild(StatsView, "statsView")
    assert dock is not None and view is not None
    assert not dock.isVisible() and not view.built
    action = dock.toggleViewAction()
    assert action.shortcut().toString() == "Ctrl+Shift+T"
    assert action in window.menuBar().actions()[2].menu().actions()  # the View menu
    action.trigger()
    assert dock.isVisible()
    qtbot.waitUntil(lambda: view.built, timeout=10_000)
    assert window.tabifiedDockWidgets(dock) == [window.docks["spans"]]
    assert view.findChild(QTabWidget, "statsTabs").count() == 4
    action.trigger()
    assert not dock.isVisible()


@pytest.mark.slow
def test_the_main_window_does_not_load_pyqtgraph_until_statistics_is_opened(
    tmp_path: Path,
) -> None:
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store
store = Store.open(Path({str(tmp_path / "db.sqlite3")!r}))
settings = QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat)
window = MainWindow(Session(store, "alice"), settings)
window.show()
for _ in range(5):
    app.processEvents()
print("before", "pyqtgraph" in sys.modules)
window.docks["stats"].toggleViewAction().trigger()
view = window.docks["stats"].widget()
while not view.built:  # computed in a worker, which loads pyqtgraph
    app.processEvents()
print("after", "pyqtgraph" in sys.modules)
window.close()
store.close()
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["before False", "after True"]


def test_the_figures_are_computed_in_a_worker_and_can_be_cancelled(qtbot, view: StatsView) -> None:
    from annotator.gui.workers import Outcome

    view.show()
    qtbot.waitUntil(lambda: view.job is not None)
    first = view.job
    # While it runs: said in place, Cancel offered, Refresh not.
    assert first.running and first.dialog is None
    assert view.summary.text() == "Computing the statistics…"
    assert view.cancel_button.isVisible() and not view.refresh_button.isEnabled()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not first.running)
    assert first.outcome is Outcome.CANCELLED and view.figures is None
    assert view.summary.text() == "Cancelled: Refresh to compute the statistics."
    assert not view.cancel_button.isVisible() and view.refresh_button.isEnabled()

    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.built, timeout=10_000)
    assert view.job is not first and view.job.outcome is Outcome.DONE
    assert view.figures.report.documents == 2


def test_the_plot_on_screen_is_drawn_first_and_the_others_after(qtbot, view: StatsView) -> None:
    import pyqtgraph as pg

    shown(qtbot, view)
    view.tabs.setCurrentIndex(2)
    plots_before = {name: page.plot for name, page in view.pages.items()}
    names = list(PLOTS)
    swapped: list[str] = []  # plot names, in the order their new plots went on their pages

    def watch() -> None:
        swapped.extend(
            name
            for name, page in view.pages.items()
            if page.plot is not plots_before[name] and name not in swapped
        )

    view._draw(view.figures)  # as when new figures arrive from the worker
    # Drawn a piece per turn of the event loop: nothing is swapped in the same turn.
    assert swapped == [] and not view.built
    while not swapped:
        qtbot.wait(1)
        watch()
    assert swapped == [names[2]] and not view.built
    # The tab chosen is drawn next, after the plot already half drawn, if any.
    half_drawn = [view._drawing[0]] if view._drawing is not None else []
    view.tabs.setCurrentIndex(3)
    while not view.built:
        qtbot.wait(1)
        watch()
    expected = [names[2], *half_drawn, names[3]]
    assert swapped[: len(expected)] == expected and sorted(swapped) == sorted(names)
    assert all(isinstance(page.plot, pg.GraphicsLayoutWidget) for page in view.pages.values())
