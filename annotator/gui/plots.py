"""The four statistics plots, built with pyqtgraph, and saving them as PNG.

This module and its parts (``annotator.gui.plot_parts``) are the only ones that import
pyqtgraph (0.66 s): import them lazily, when a plot is first needed, never at start-up.
Builders are pure: data in, a fresh widget out.

Each builder is also a generator of steps (``plot_steps``): the statistics view runs one step
per turn of the event loop, so drawing four plots never freezes the window for long (a whole
plot takes a few hundred milliseconds on a busy machine, most of it pyqtgraph's own set-up).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.agreement import AgreementReport
from annotator.core.schema import LabelSchema
from annotator.errors import UserError
from annotator.gui import plot_parts as parts
from annotator.gui.labels import UNKNOWN_COLOUR, unknown_label
from annotator.gui.plot_parts import (
    INK,
    MIN_DAYS,
    MUTED,
    NO_DATA,
    NULL_CELL,
    OVERLAP_ALPHA,
    Steps,
    colour_map,
)
from annotator.io.team_data import PLOTS, TeamFigures, team_figures
from annotator.store import Store
from annotator.store.store import StoreStats

_app: QCoreApplication | None = None


def ensure_application() -> QCoreApplication:
    """The running QApplication, or a new one (for headless use: set QT_QPA_PLATFORM first)."""
    global _app
    _app = QApplication.instance() or QApplication([])
    return _app


# ---- the four plots ----------------------------------------------------------------------


def spans_per_label_plot(
    stats: StoreStats, schema: LabelSchema, colours: dict[str, QColor] | None = None
) -> pg.GraphicsLayoutWidget:
    """Grouped bars: one group per label (schema order), one bar per annotator."""
    return parts.built(_spans_per_label(stats, schema, colours))


def _spans_per_label(
    stats: StoreStats, schema: LabelSchema, colours: dict[str, QColor] | None
) -> Steps:
    widget, plot = yield from parts.canvas("Spans per label and annotator")
    annotators = [name for name in sorted(stats.spans) if sum(stats.spans[name].values())]
    if not annotators:
        parts.no_data(plot)
        return widget
    colours = colours or colour_map(annotators)
    used = {label for per in stats.spans.values() for label in per}
    labels = list(schema.label_ids) + sorted(used - set(schema.label_ids))
    names = {label.id: label.name for label in schema.labels}
    parts.count_axis(plot, max(max(stats.spans[name].values()) for name in annotators))
    parts.axis_label(plot, "left", "Spans")
    parts.categories(plot, [names.get(label) or unknown_label(label) for label in labels])
    plot.setXRange(-0.6, len(labels) - 0.4, padding=0)
    print_values = len(labels) * len(annotators) <= 24  # more would crowd the labels
    for k, name in enumerate(annotators):
        heights = [stats.spans[name].get(label, 0) for label in labels]
        xs = [parts.grouped_x(i, k, len(annotators)) for i in range(len(labels))]
        parts.bars(plot, [x for x, _ in xs], heights, xs[0][1], colours[name])
        if print_values:
            for (x, _), height in zip(xs, heights, strict=True):
                if height:
                    parts.text(plot, (x, height), str(height), parts.font(9))
    yield widget
    parts.legend(widget, [(name, colours[name]) for name in annotators])
    return widget


def _day_range(per_day: dict[str, dict[str, int]]) -> list[date]:
    """Every calendar day from the first to the last with work, and at least ``MIN_DAYS``."""
    days = sorted({date.fromisoformat(day) for per in per_day.values() for day in per})
    first = min(days[0], days[-1] - timedelta(MIN_DAYS - 1))
    return [first + timedelta(n) for n in range((days[-1] - first).days + 1)]


def done_per_day_plot(
    per_day: dict[str, dict[str, int]], colours: dict[str, QColor] | None = None
) -> pg.GraphicsLayoutWidget:
    """Documents marked done per calendar day (UTC), per annotator: grouped bars for up to a
    month of days, lines with markers beyond that."""
    return parts.built(_done_per_day(per_day, colours))


def _done_per_day(per_day: dict[str, dict[str, int]], colours: dict[str, QColor] | None) -> Steps:
    widget, plot = yield from parts.canvas("Documents marked done per day")
    annotators = [name for name in sorted(per_day) if sum(per_day[name].values())]
    if not annotators:
        parts.no_data(plot)
        return widget
    colours = colours or colour_map(annotators)
    days = _day_range({name: per_day[name] for name in annotators})
    every = max(1, math.ceil(len(days) / 10))
    plot.getAxis("bottom").setTicks(
        [[(i, f"{day:%b} {day.day}") for i, day in enumerate(days) if i % every == 0], []]
    )
    parts.count_axis(plot, max(max(per_day[name].values()) for name in annotators))
    parts.axis_label(plot, "left", "Documents done")
    years = sorted({days[0].year, days[-1].year})
    parts.axis_label(plot, "bottom", f"Day (UTC, {'–'.join(map(str, years))})")
    plot.setXRange(-0.6, len(days) - 0.4, padding=0)
    for k, name in enumerate(annotators):
        colour = colours[name]
        counts = [per_day[name].get(day.isoformat(), 0) for day in days]
        if len(days) <= 31:
            xs = [parts.grouped_x(i, k, len(annotators)) for i in range(len(days))]
            parts.bars(plot, [x for x, _ in xs], counts, xs[0][1], colour)
        else:
            pen = pg.mkPen(colour, width=2)
            plot.plot(counts, pen=pen, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=pen)
    yield widget
    parts.legend(widget, [(name, colours[name]) for name in annotators])
    return widget


_HEATMAP = pg.colormap.get("viridis")


def agreement_heatmap(report: AgreementReport) -> pg.GraphicsLayoutWidget:
    """Pairwise span_f1_exact between annotators, value and document count in every cell;
    grey where the pair shares no document both marked done."""
    return parts.built(_agreement_heatmap(report))


class _Cells(pg.GraphicsObject):
    """The heat map's cells and their texts as one item that paints them all. As 200 items
    (a rectangle and a text per cell) the 10-annotator map took 0.3 s to set up on the GUI
    thread. Cell (row i, column j) covers [j, j+1] x [i, i+1]; texts keep their pixel size
    and stand upright whatever the axes do, as ``_text``'s do."""

    def __init__(self, size: int, cells: list[tuple[QRectF, QColor, list[tuple]]]) -> None:
        super().__init__()
        self._bounds = QRectF(0, 0, size, size)
        self._cells = cells  # (rectangle, fill, [(at, text, font, ink, anchor), ...])
        self._border = pg.mkPen("w", width=2, cosmetic=True)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setPen(self._border)
        for rect, fill, _texts in self._cells:
            painter.setBrush(QBrush(fill))
            painter.drawRect(rect)
        to_device = painter.worldTransform()
        painter.save()
        painter.resetTransform()
        for _rect, _fill, texts in self._cells:
            for at, text, font, ink, (ax, ay) in texts:
                point = to_device.map(QPointF(*at))
                painter.setFont(font)
                painter.setPen(QColor(ink))
                box = painter.boundingRect(QRectF(), Qt.AlignmentFlag.AlignLeft, text)
                box.moveTo(point.x() - ax * box.width(), point.y() - ay * box.height())
                painter.drawText(box, Qt.AlignmentFlag.AlignLeft, text)  # plain text
        painter.restore()


def _agreement_heatmap(report: AgreementReport) -> Steps:
    widget, plot = yield from parts.canvas("Pairwise agreement (span F1, exact match)")
    names = list(report.annotators)
    if len(names) < 2:
        parts.no_data(plot, NO_DATA if not names else "No data yet: only one annotator")
        return widget
    cells = {(p.a, p.b): p for p in report.pairs} | {(p.b, p.a): p for p in report.pairs}
    plot.invertY(True)
    n = len(names)
    font = parts.font(13 if n <= 6 else 9, bold=True)
    small = parts.font(9 if n <= 6 else 7)
    shown = []
    for i, row in enumerate(names):
        for j, column in enumerate(names):
            pair = cells.get((row, column))
            value = None if pair is None else pair.span_f1_exact
            fill = QColor("#ffffff") if i == j else QColor(NULL_CELL)
            if value is not None:
                fill = _HEATMAP.map(value, mode=pg.ColorMap.QCOLOR)
            ink = MUTED if value is None else "#ffffff" if value < 0.6 else INK
            main = "—" if i == j else ("n/a" if value is None else f"{value:.2f}")
            texts = [((j + 0.5, i + 0.45), main, font, ink, (0.5, 0.5))]
            if pair is not None and n <= 6:
                docs = f"{pair.documents} doc{'s' if pair.documents != 1 else ''}"
                texts.append(((j + 0.5, i + 0.62), docs, small, ink, (0.5, 0.0)))
            shown.append((QRectF(j, i, 1, 1), fill, texts))
    plot.addItem(_Cells(n, shown))
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTicks([[(k + 0.5, name) for k, name in enumerate(names)], []])
        plot.getAxis(axis).setStyle(tickLength=0)
    plot.setRange(xRange=(0, n), yRange=(0, n), padding=0.02)
    yield widget
    bar = pg.ColorBarItem(values=(0, 1), colorMap=_HEATMAP, interactive=False, width=18)
    bar.setLabel("right", "span F1 (exact)", color=INK)
    bar.getAxis("right").setTickFont(parts.font(10))
    widget.addItem(bar, row=2, col=1)
    return widget


def label_f1_plot(
    report: AgreementReport, schema: LabelSchema | None = None
) -> pg.GraphicsLayoutWidget:
    """Per label, pooled span_f1_exact (solid) and span_f1_overlap (light) in the label's
    colour; "n/a" where no participant made a span of that label."""
    return parts.built(_label_f1(report, schema))


def _label_f1(report: AgreementReport, schema: LabelSchema | None) -> Steps:
    overall = report.overall
    title = "Agreement per label (span F1)"
    if overall.get("span_f1_exact") is not None:
        title += (
            f"  ·  overall exact {overall['span_f1_exact']:.2f},"
            f" overlap {overall['span_f1_overlap']:.2f}"
        )
    widget, plot = yield from parts.canvas(title)
    labels = list(report.labels)
    if not any(figures.get("span_f1_exact") is not None for figures in report.labels.values()):
        parts.no_data(plot)
        return widget
    defs = schema.labels if schema is not None else ()
    names = {label.id: label.name for label in defs}
    colours = {label.id: label.color for label in defs}
    shown = [
        label if schema is None else names.get(label) or unknown_label(label) for label in labels
    ]
    parts.categories(plot, shown)
    plot.setXRange(-0.6, len(labels) - 0.4, padding=0)
    plot.setYRange(0, 1.12, padding=0)
    plot.getAxis("left").setTicks([[(v / 5, f"{v / 5:.1f}") for v in range(6)], []])
    parts.grid(plot, [v / 5 for v in range(1, 6)])
    parts.axis_label(plot, "left", "F1")
    kinds = (("span_f1_exact", 1.0), ("span_f1_overlap", OVERLAP_ALPHA))
    for i, label in enumerate(labels):
        base = QColor(colours.get(label, UNKNOWN_COLOUR))
        for k, (key, alpha) in enumerate(kinds):
            value = report.labels[label].get(key)
            x, width = parts.grouped_x(i, k, 2, span=0.7)
            if value is None:
                if k == 0:
                    parts.text(plot, (i, 0.08), "n/a", parts.font(10), MUTED)
                continue
            parts.bars(plot, [x], [value], width, parts.blend(base, alpha))
            parts.text(plot, (x, value), f"{value:.2f}", parts.font(9))
    yield widget
    grey = QColor("#777777")
    parts.legend(
        widget, [("exact match", grey), ("overlap, IoU ≥ 0.5", parts.blend(grey, OVERLAP_ALPHA))]
    )
    return widget


# ---- building and saving -----------------------------------------------------------------


def build_plot(name: str, figures: TeamFigures) -> pg.GraphicsLayoutWidget:
    """The plot called ``name`` (a key of ``PLOTS``) from already-read figures."""
    return parts.built(plot_steps(name, figures))


def plot_steps(name: str, figures: TeamFigures) -> Steps:
    """``build_plot`` a piece at a time, for drawing between other events (see the top)."""
    colours = colour_map([*figures.stats.annotators, *figures.per_day])
    builders: dict[str, Callable[[], Steps]] = {
        "spans_per_label": lambda: _spans_per_label(figures.stats, figures.schema, colours),
        "done_per_day": lambda: _done_per_day(figures.per_day, colours),
        "agreement_heatmap": lambda: _agreement_heatmap(figures.report),
        "label_f1": lambda: _label_f1(figures.report, figures.schema),
    }
    widget = yield from builders[name]()
    widget.setObjectName(f"{name}Plot")
    return widget


def save_png(widget: QWidget, path: Path, size: tuple[int, int] = (900, 600)) -> Path:
    """Render a widget that is not on screen into a PNG of exactly ``size`` pixels."""
    widget.resize(*size)
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.show()  # lays out the scene at this size without showing a window
    QApplication.processEvents()
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    # A pyqtgraph view renders its scene through QGraphicsView.render(painter), which the
    # QWidget stubs do not know.
    widget.render(painter)  # type: ignore[call-overload]
    painter.end()
    widget.hide()
    # PySide6 takes the format as str at run time, though its stubs say bytes.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise UserError(f"{path}: cannot write the image")
    return path


def write_plots(
    figures: TeamFigures, folder: Path, size: tuple[int, int] = (900, 600)
) -> list[Path]:
    """Every plot as ``folder/<name>.png``; the folder is created if needed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None
    paths = []
    for name in PLOTS:
        widget = build_plot(name, figures)
        try:
            paths.append(save_png(widget, folder / f"{name}.png", size))
        finally:
            widget.close()
            widget.deleteLater()
    return paths


def write_all_plots(store: Store, folder: Path) -> list[Path]:
    """The four statistics plots of ``store`` as PNG files in ``folder``."""
    ensure_application()
    return write_plots(team_figures(store), folder)
