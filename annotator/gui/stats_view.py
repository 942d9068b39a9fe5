"""The Statistics dock: four team plots (spans per label, done per day, pairwise agreement,
F1 per label), each savable as PNG.

pyqtgraph costs 0.66 s to import, so this module never imports it: ``annotator.gui.plots`` is
loaded the first time the view is shown. The plots are rebuilt on Refresh, after an import
(``session.reloaded``), and when the view is shown again after edits (``session.changed``).
"""

from __future__ import annotations

from pathlib import Path

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
from annotator.io.team_data import PLOTS, TeamFigures, team_figures


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
        self._dirty = True
        self._pending = False

        self.summary = plain.plain_label()
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the store again and redraw every plot")
        self.refresh_button.clicked.connect(self.rebuild)
        self.save_all_button = QPushButton("Save all…")
        self.save_all_button.setToolTip("Save the four plots as PNG images in a folder")
        self.save_all_button.setEnabled(False)
        self.save_all_button.clicked.connect(self.ask_save_all)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        session.changed.connect(self._mark_dirty)
        session.reloaded.connect(self._after_reload)

    # ---- building ------------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        return self.figures is not None

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
            self.rebuild()

    def _mark_dirty(self, _changes=None) -> None:
        self._dirty = True
        if self.built:
            self.summary.setText(
                f"{self._summary_text()}\nChanged since these plots were drawn: Refresh to update."
            )

    def _after_reload(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.rebuild()

    def rebuild(self) -> None:
        """Read the store and draw every plot (agreement figures can take a moment)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from annotator.gui import plots  # the first import of pyqtgraph

            figures = team_figures(self.session.store)
            for name, page in self.pages.items():
                page.set_plot(plots.build_plot(name, figures))
        finally:
            QApplication.restoreOverrideCursor()
        self.figures = figures
        self._dirty = False
        self.save_all_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.summary.setText(self._summary_text())

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
