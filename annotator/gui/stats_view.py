"""The Statistics dock: four team plots (spans per label, done per day, pairwise agreement,
F1 per label), each savable as PNG.

pyqtgraph costs 0.66 s to import, so this module never imports it: ``annotator.gui.plots`` is
loaded the first time the view is shown, in a worker thread. The plots are rebuilt on Refresh,
after an import (``session.reloaded``), and when the view is shown again after edits
(``session.changed``). The figures (agreement takes seconds at team scale) are computed in a
worker on a store of its own; only drawing them happens on the GUI thread, a piece of a plot
per turn of the event loop (``plots.plot_steps``), the tab on screen first.

Other people's work is shown live: while the view is visible, commits heard from other
processes (annotators marking documents done) rebuild the plots by themselves, at most once
per ``LIVE_DELAY_MS`` however many arrive. This window's own edits wait for Refresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.names import count
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.session import Session
from annotator.gui.workers import Job, Outcome, Progress
from annotator.io.team_data import PLOTS, TeamFigures, team_figures
from annotator.store import Store

if TYPE_CHECKING:
    from annotator.gui.plots import Steps

LIVE_DELAY_MS = 1000


def _compute(store: Store, progress: Progress) -> TeamFigures:
    """In the worker: load pyqtgraph (0.66 s, no widgets made) and read every figure,
    stopping at the next document once cancelled."""
    from annotator.gui import plots  # noqa: F401

    return team_figures(store, check=progress.check)


class _PlotPage(QWidget):
    """One tab: a placeholder until the first build, then the plot (swapped on rebuilds)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.setObjectName(f"{name}Page")
        self.plot: QWidget = QLabel("The plot is drawn when this view is first shown.")
        self.plot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.plot)

    def set_plot(self, plot: QWidget) -> None:
        self.box.replaceWidget(self.plot, plot)
        self.plot.deleteLater()
        self.plot = plot


class StatsView(QWidget):
    """Team statistics for the whole store; built lazily, the first time it is shown."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("statsView")
        self.setAccessibleName("statsView")
        self.figures: TeamFigures | None = None
        self.job: Job | None = None
        self._dirty = True
        self._pending = False
        self._again = False  # a refresh asked for while one was running
        self._undrawn: list[str] = []  # plots still to draw, the next first
        # The plot being drawn piece by piece: its name, its steps, the widget so far.
        self._drawing: tuple[str, Steps, QWidget | None] | None = None
        # One piece of a plot per turn of the event loop, so the window repaints and takes
        # input in between. A timer rather than a posted call: posted calls all run in the
        # same turn as the painting they cause.
        self._step_timer = QTimer(self)
        self._step_timer.setSingleShot(True)
        self._step_timer.timeout.connect(self._draw_next)
        # Others' commits arrive in bursts: one rebuild for all of a burst.
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_DELAY_MS)
        self._live_timer.timeout.connect(self._live_refresh)

        self.summary = plain.plain_label()
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the store again and redraw every plot")
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop computing the statistics")
        self.cancel_button.hide()
        self.save_all_button = QPushButton("Save all…")
        self.save_all_button.setToolTip("Save the four plots as PNG images in a folder")
        self.save_all_button.setEnabled(False)
        self.save_all_button.clicked.connect(self.ask_save_all)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.save_all_button)

        self.save_button = QPushButton("Save PNG…")
        self.save_button.setObjectName("statsSavePlot")
        self.save_button.setToolTip("Save the plot shown as a 900×600 PNG image")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.ask_save_plot(self.current_plot))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statsTabs")
        self.tabs.setCornerWidget(self.save_button, Qt.Corner.TopRightCorner)
        self.pages = {name: _PlotPage(name) for name in PLOTS}
        for name, title in PLOTS.items():
            self.tabs.addTab(self.pages[name], title)
        self.tabs.currentChanged.connect(self._tab_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        session.changed.connect(self._mark_dirty)
        session.reloaded.connect(self._after_reload)
        session.othersChanged.connect(self._others_changed)

    # ---- building ------------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        """Every plot is drawn."""
        return self.figures is not None and not self._undrawn

    @property
    def current_plot(self) -> str:
        """The name (file stem) of the plot in the current tab."""
        return list(PLOTS)[self.tabs.currentIndex()]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty and not self._pending:
            # Let the window paint first: the first build imports pyqtgraph.
            self._pending = True
            QTimer.singleShot(0, self, self._build_if_needed)

    def _build_if_needed(self) -> None:
        self._pending = False
        if self._dirty and self.isVisible():
            self.refresh()

    def _mark_dirty(self, _changes=None) -> None:
        self._dirty = True
        if self.built:
            self.summary.setText(
                f"{self._summary_text()}\nChanged since these plots were drawn: Refresh to update."
            )

    def _others_changed(self) -> None:
        if self.isVisible() and not self._live_timer.isActive():
            self._live_timer.start()

    def _live_refresh(self) -> None:
        if self._dirty and self.isVisible():
            self.refresh()

    def _after_reload(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> Job:
        """Compute the figures in a worker and draw them when they arrive; the window stays
        usable meanwhile, and Cancel stops waiting for them."""
        if self.job is not None and self.job.running:
            self._again = True
            return self.job
        self._again = False
        self._dirty = False  # edits from now on make these figures stale again
        self.refresh_button.setEnabled(False)
        self.cancel_button.show()
        self.summary.setText("Computing the statistics…")
        job = Job(
            "Statistics",
            self.session.store,
            _compute,
            write=False,
            owner=self,
            done=self._draw,
            dialog=False,
            cancelled_text=None,
        )
        self.cancel_button.clicked.connect(job.cancel)
        job.finished.connect(lambda: self._job_ended(job))
        self.job = job
        return job.start()

    def _job_ended(self, job: Job) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the figures were computed
        self.cancel_button.clicked.disconnect(job.cancel)
        self.cancel_button.hide()
        self.refresh_button.setEnabled(True)
        if job.outcome is not Outcome.DONE:
            self._dirty = True
            why = "Cancelled" if job.outcome is Outcome.CANCELLED else "Not computed"
            note = f"{why}: Refresh to compute the statistics."
            self.summary.setText("\n".join(filter(None, [self._summary_text(), note])))
        if self._again:
            self.refresh()

    def rebuild(self) -> None:
        """Read the store and draw every plot at once, on this thread (for saving, and for
        callers that need the plots now)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._draw(team_figures(self.session.store), at_once=True)
        finally:
            QApplication.restoreOverrideCursor()
        self._dirty = False

    def _draw(self, figures: TeamFigures, *, at_once: bool = False) -> None:
        """Draw every plot, the tab on screen first, a piece per turn of the event loop (a
        whole plot can take a few hundred milliseconds), or all of them now if ``at_once``."""
        self.figures = figures
        current = self.current_plot
        self._undrawn = [current] + [name for name in self.pages if name != current]
        self._drop_half_drawn()  # drawn from older figures
        if at_once:
            self._step_timer.stop()
            while self._undrawn:
                self._draw_next()
            self._step_timer.stop()
        else:
            self._step_timer.start(0)
        self.save_all_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.summary.setText(self._summary_text())

    def _draw_next(self) -> None:
        """One piece of the next plot; the plot goes on its page once it is whole."""
        if not self._undrawn or self.figures is None:
            return
        from annotator.gui import plots  # the first import of pyqtgraph, unless a worker did

        if self._drawing is None:
            name = self._undrawn[0]
            self._drawing = name, plots.plot_steps(name, self.figures), None
        name, steps, _widget = self._drawing
        try:
            self._drawing = name, steps, next(steps)
        except StopIteration as finished:
            self._drawing = None
            self._undrawn.remove(name)
            self.pages[name].set_plot(finished.value)
        if self._undrawn:
            self._step_timer.start(0)

    def _drop_half_drawn(self) -> None:
        if self._drawing is not None:
            _name, steps, so_far = self._drawing
            self._drawing = None
            steps.close()
            if so_far is not None:  # deleted now, not by Python's collector at exit
                so_far.deleteLater()

    def _tab_chosen(self, index: int) -> None:
        name = list(PLOTS)[index] if index >= 0 else ""
        drawing = self._drawing[0] if self._drawing is not None else None
        if name in self._undrawn and name != drawing:  # the tab just chosen is drawn next
            self._undrawn.remove(name)
            self._undrawn.insert(0 if drawing is None else 1, name)

    def _summary_text(self) -> str:
        if self.figures is None:
            return ""
        report = self.figures.report
        exact = report.overall.get("span_f1_exact")
        agreement = "no agreement figures yet" if exact is None else f"overall F1 {exact:.2f}"
        return (
            f"{count(self.figures.stats.documents, 'document')} · "
            f"{count(len(report.annotators), 'annotator')} · "
            f"{count(report.documents, 'document')} done by two or more · {agreement}"
        )

    # ---- saving --------------------------------------------------------------------------------

    def save_plot(self, name: str, path: Path) -> Path:
        """Draw plot ``name`` afresh at 900×600 (not the on-screen size) and save it as PNG."""
        from annotator.gui import plots

        if self.figures is None:
            self.rebuild()
        assert self.figures is not None
        widget = plots.build_plot(name, self.figures)
        try:
            return plots.save_png(widget, path)
        finally:
            widget.close()
            widget.deleteLater()

    def save_all(self, folder: Path) -> list[Path]:
        from annotator.gui import plots

        if self.figures is None:
            self.rebuild()
        assert self.figures is not None
        return plots.write_plots(self.figures, folder)

    def ask_save_plot(self, name: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save plot as PNG", f"{name}.png", "PNG images (*.png)"
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != ".png":
                target = target.with_name(target.name + ".png")
            self._report(lambda: [self.save_plot(name, target)])

    def ask_save_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save all plots as PNG into a folder")
        if folder:
            self._report(lambda: self.save_all(Path(folder)))

    def _report(self, work) -> None:
        try:
            paths = work()
        except (UserError, OSError) as exc:
            plain.warning(self, "Cannot save the plot", str(exc))
            return
        saved = (
            f"Saved {paths[0]}"
            if len(paths) == 1
            else f"Saved {count(len(paths), 'PNG')} in {paths[0].parent}"
        )
        self.summary.setText(f"{self._summary_text()}\n{saved}")


def add_stats_dock(window: QMainWindow, session: Session, beside: QDockWidget) -> QDockWidget:
    """The Statistics dock, hidden, in a tab next to ``beside``; its toggle action (for the
    View menu) has Ctrl+Shift+T and brings the tab to the front."""
    dock = QDockWidget("Statistics", window)
    dock.setObjectName("statisticsDock")
    dock.setWidget(StatsView(session))
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(beside, dock)
    dock.hide()
    action = dock.toggleViewAction()
    action.setShortcut(QKeySequence("Ctrl+Shift+T"))

    def shown(on: bool) -> None:
        if on:
            dock.raise_()
            if dock.height() < 360 and not dock.isFloating():
                window.resizeDocks([dock], [420], Qt.Orientation.Vertical)

    action.triggered.connect(shown)
    return dock
