"""The four statistics plots, built with pyqtgraph, and saving them as PNG.

This is the only module that imports pyqtgraph (0.66 s): import it lazily, when a plot is
first needed, never at start-up. Builders are pure: data in, a fresh widget out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QWidget,
)

from annotator.core.agreement import AgreementReport
from annotator.core.schema import LabelSchema
from annotator.errors import UserError
from annotator.gui.labels import UNKNOWN_COLOUR, unknown_label
from annotator.gui.plain import escape
from annotator.io.team_data import PLOTS, TeamFigures, team_figures
from annotator.store import Store
from annotator.store.store import StoreStats

pg.setConfigOptions(antialias=True, background="w", foreground="#222222")

INK = "#222222"
MUTED = "#777777"
NULL_CELL = "#d9d9d9"
# Okabe-Ito, reordered so that neighbours differ in lightness too (safe for colour blindness).
ANNOTATOR_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#666666", "#000000",
)  # fmt: skip
NO_DATA = "No data yet"
OVERLAP_ALPHA = 0.45
MIN_DAYS = 7  # the done-per-day plot shows at least a week, ending on the last day

_app: QCoreApplication | None = None


def ensure_application() -> QCoreApplication:
    """The running QApplication, or a new one (for headless use: set QT_QPA_PLATFORM first)."""
    global _app
    _app = QApplication.instance() or QApplication([])
    return _app


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


# ---- scaffolding -------------------------------------------------------------------------


def _canvas(title: str) -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem]:
    """A white layout: title (row 0), room for a legend (row 1), the plot (row 2, column 0)."""
    widget = pg.GraphicsLayoutWidget()
    widget.setBackground("w")
    widget.ci.setContentsMargins(12, 8, 16, 12)
    # pyqtgraph labels are HTML: escape whatever text they get.
    widget.addLabel(escape(title), row=0, col=0, colspan=2, size="14pt", color=INK, bold=True)
    plot = widget.addPlot(row=2, col=0)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    for axis in (plot.getAxis("left"), plot.getAxis("bottom")):
        axis.setPen(pg.mkPen("#555555"))
        axis.setTextPen(pg.mkPen(INK))
        axis.setTickFont(_font(10))
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setStyle(hideOverlappingLabels=False)  # keep the 0 at the corner
    return widget, plot


def _axis_label(plot: pg.PlotItem, side: str, text: str) -> None:
    plot.setLabel(side, escape(text), color=INK, **{"font-size": "11pt"})


def _blend(colour: QColor, alpha: float) -> QColor:
    """``colour`` at opacity ``alpha`` over white, as an opaque colour (grid lines stay hidden)."""
    red, green, blue = colour.red(), colour.green(), colour.blue()
    r, g, b = (round(alpha * c + (1 - alpha) * 255) for c in (red, green, blue))
    return QColor(r, g, b)


def legend_html(entries: Sequence[tuple[str, QColor]]) -> str:
    """Colour squares and names, six to a line; names (annotators') are escaped."""
    parts = [
        f'<span style="color:{escape(colour.name())}; font-size:15pt">&#9632;</span>'
        f"&nbsp;{escape(name)}"
        for name, colour in entries
    ]
    lines = ["&nbsp;&nbsp;&nbsp;&nbsp;".join(parts[i : i + 6]) for i in range(0, len(parts), 6)]
    return "<br>".join(lines)


def _legend(widget: pg.GraphicsLayoutWidget, entries: Sequence[tuple[str, QColor]]) -> None:
    """A one-line legend between the title and the plot, so it never covers the data."""
    widget.addLabel(legend_html(entries), row=1, col=0, size="10pt", color=INK)


def _no_data(plot: pg.PlotItem, message: str = NO_DATA) -> None:
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    _text(plot, (0.5, 0.5), message, _font(16), MUTED, anchor=(0.5, 0.5))
    plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)


def _nice_step(top: float, ticks: int = 6) -> float:
    """An integer tick step (1, 2, 5, 10, 20, ...) giving about ``ticks`` ticks up to ``top``."""
    raw = max(top / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _count_axis(plot: pg.PlotItem, top: float) -> None:
    """Integer ticks on the left axis, from 0 to a little above ``top``."""
    step = _nice_step(top)
    plot.getAxis("left").setTickSpacing(major=step, minor=step)
    upper = max(top * 1.12, top + 0.5)
    plot.setYRange(0, upper, padding=0)
    _grid(plot, [step * k for k in range(1, int(upper // step) + 1)])


def _grid(plot: pg.PlotItem, values: Sequence[float]) -> None:
    """Horizontal grid lines drawn as items: the axis's own grid would hide the 0 label."""
    for value in values:
        line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen("#dddddd", width=1))
        line.setZValue(-10)
        plot.addItem(line, ignoreBounds=True)


class _Anchor(QGraphicsRectItem):
    """An empty item at a data point, holding text that keeps its pixel size and stands
    upright whatever the axes do. For the plot's range it counts as its point alone, as
    pyqtgraph's TextItem does, at a fraction of its cost (the 10-annotator heatmap's 100
    labels: 0.6 s instead of 1.0 s on a busy 2-core machine, on the GUI thread)."""

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None) -> list[float]:
        return [0.0, 0.0]


def _text(
    plot: pg.PlotItem,
    at: tuple[float, float],
    text: str,
    font: QFont,
    colour: str = INK,
    anchor: tuple[float, float] = (0.5, 1.0),
) -> None:
    """Text at a data position; the default anchor puts it just above a bar's top."""
    holder = _Anchor(QRectF())
    holder.setPen(QPen(Qt.PenStyle.NoPen))
    holder.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    item = QGraphicsSimpleTextItem(text, holder)  # plain text, never markup
    item.setFont(font)
    item.setBrush(QColor(colour))
    box = item.boundingRect()
    item.setPos(-anchor[0] * box.width(), -anchor[1] * box.height())
    holder.setPos(*at)
    plot.addItem(holder)


def _categories(plot: pg.PlotItem, names: Sequence[str]) -> None:
    plot.getAxis("bottom").setTicks([[(i, name) for i, name in enumerate(names)], []])


def _grouped_x(group: int, member: int, members: int, span: float = 0.8) -> tuple[float, float]:
    """Centre and width of bar ``member`` of ``members`` in the group centred on ``group``."""
    width = span / members
    return group - span / 2 + (member + 0.5) * width, width * 0.9


# ---- the four plots ----------------------------------------------------------------------


def _bars(
    plot: pg.PlotItem, xs: Sequence[float], heights: Sequence[float], width: float, fill: QColor
) -> None:
    """Bars of one colour; zero-height bars are left out (no stray outline on the axis)."""
    shown = [(x, h) for x, h in zip(xs, heights, strict=True) if h]
    if shown:
        plot.addItem(
            pg.BarGraphItem(
                x=[x for x, _ in shown],
                height=[h for _, h in shown],
                width=width,
                brush=QBrush(fill),
                pen=pg.mkPen(fill.darker(135)),
            )
        )


def colour_map(names: Sequence[str]) -> dict[str, QColor]:
    """One fixed colour per annotator (by sorted name), so every plot agrees."""
    palette = ANNOTATOR_COLOURS
    return {name: QColor(palette[k % len(palette)]) for k, name in enumerate(sorted(set(names)))}


def spans_per_label_plot(
    stats: StoreStats, schema: LabelSchema, colours: dict[str, QColor] | None = None
) -> pg.GraphicsLayoutWidget:
    """Grouped bars: one group per label (schema order), one bar per annotator."""
    widget, plot = _canvas("Spans per label and annotator")
    annotators = [name for name in sorted(stats.spans) if sum(stats.spans[name].values())]
    if not annotators:
        _no_data(plot)
        return widget
    colours = colours or colour_map(annotators)
    used = {label for per in stats.spans.values() for label in per}
    labels = list(schema.label_ids) + sorted(used - set(schema.label_ids))
    names = {label.id: label.name for label in schema.labels}
    _count_axis(plot, max(max(stats.spans[name].values()) for name in annotators))
    _axis_label(plot, "left", "Spans")
    _categories(plot, [names.get(label) or unknown_label(label) for label in labels])
    plot.setXRange(-0.6, len(labels) - 0.4, padding=0)
    print_values = len(labels) * len(annotators) <= 24  # more would crowd the labels
    for k, name in enumerate(annotators):
        heights = [stats.spans[name].get(label, 0) for label in labels]
        xs = [_grouped_x(i, k, len(annotators)) for i in range(len(labels))]
        _bars(plot, [x for x, _ in xs], heights, xs[0][1], colours[name])
        if print_values:
            for (x, _), height in zip(xs, heights, strict=True):
                if height:
                    _text(plot, (x, height), str(height), _font(9))
    _legend(widget, [(name, colours[name]) for name in annotators])
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
    widget, plot = _canvas("Documents marked done per day")
    annotators = [name for name in sorted(per_day) if sum(per_day[name].values())]
    if not annotators:
        _no_data(plot)
        return widget
    colours = colours or colour_map(annotators)
    days = _day_range({name: per_day[name] for name in annotators})
    every = max(1, math.ceil(len(days) / 10))
    plot.getAxis("bottom").setTicks(
        [[(i, f"{day:%b} {day.day}") for i, day in enumerate(days) if i % every == 0], []]
    )
    _count_axis(plot, max(max(per_day[name].values()) for name in annotators))
    _axis_label(plot, "left", "Documents done")
    years = sorted({days[0].year, days[-1].year})
    _axis_label(plot, "bottom", f"Day (UTC, {'–'.join(map(str, years))})")
    plot.setXRange(-0.6, len(days) - 0.4, padding=0)
    for k, name in enumerate(annotators):
        colour = colours[name]
        counts = [per_day[name].get(day.isoformat(), 0) for day in days]
        if len(days) <= 31:
            xs = [_grouped_x(i, k, len(annotators)) for i in range(len(days))]
            _bars(plot, [x for x, _ in xs], counts, xs[0][1], colour)
        else:
            pen = pg.mkPen(colour, width=2)
            plot.plot(counts, pen=pen, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=pen)
    _legend(widget, [(name, colours[name]) for name in annotators])
    return widget


_HEATMAP = pg.colormap.get("viridis")


def agreement_heatmap(report: AgreementReport) -> pg.GraphicsLayoutWidget:
    """Pairwise span_f1_exact between annotators, value and document count in every cell;
    grey where the pair shares no document both marked done."""
    widget, plot = _canvas("Pairwise agreement (span F1, exact match)")
    names = list(report.annotators)
    if len(names) < 2:
        _no_data(plot, NO_DATA if not names else "No data yet: only one annotator")
        return widget
    cells = {(p.a, p.b): p for p in report.pairs} | {(p.b, p.a): p for p in report.pairs}
    plot.invertY(True)
    n = len(names)
    font = _font(13 if n <= 6 else 9, bold=True)
    small = _font(9 if n <= 6 else 7)
    for i, row in enumerate(names):
        for j, column in enumerate(names):
            pair = cells.get((row, column))
            value = None if pair is None else pair.span_f1_exact
            fill = QColor("#ffffff") if i == j else QColor(NULL_CELL)
            if value is not None:
                fill = _HEATMAP.map(value, mode=pg.ColorMap.QCOLOR)
            rect = QGraphicsRectItem(QRectF(j, i, 1, 1))
            rect.setBrush(QBrush(fill))
            rect.setPen(pg.mkPen("w", width=2, cosmetic=True))
            plot.addItem(rect)
            ink = MUTED if value is None else "#ffffff" if value < 0.6 else INK
            main = "—" if i == j else ("n/a" if value is None else f"{value:.2f}")
            _text(plot, (j + 0.5, i + 0.45), main, font, ink, anchor=(0.5, 0.5))
            if pair is not None and n <= 6:
                docs = f"{pair.documents} doc{'s' if pair.documents != 1 else ''}"
                _text(plot, (j + 0.5, i + 0.62), docs, small, ink, anchor=(0.5, 0.0))
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTicks([[(k + 0.5, name) for k, name in enumerate(names)], []])
        plot.getAxis(axis).setStyle(tickLength=0)
    plot.setRange(xRange=(0, n), yRange=(0, n), padding=0.02)
    bar = pg.ColorBarItem(values=(0, 1), colorMap=_HEATMAP, interactive=False, width=18)
    bar.setLabel("right", "span F1 (exact)", color=INK)
    bar.getAxis("right").setTickFont(_font(10))
    widget.addItem(bar, row=2, col=1)
    return widget


def label_f1_plot(
    report: AgreementReport, schema: LabelSchema | None = None
) -> pg.GraphicsLayoutWidget:
    """Per label, pooled span_f1_exact (solid) and span_f1_overlap (light) in the label's
    colour; "n/a" where no participant made a span of that label."""
    overall = report.overall
    title = "Agreement per label (span F1)"
    if overall.get("span_f1_exact") is not None:
        title += (
            f"  ·  overall exact {overall['span_f1_exact']:.2f},"
            f" overlap {overall['span_f1_overlap']:.2f}"
        )
    widget, plot = _canvas(title)
    labels = list(report.labels)
    if not any(figures.get("span_f1_exact") is not None for figures in report.labels.values()):
        _no_data(plot)
        return widget
    defs = schema.labels if schema is not None else ()
    names = {label.id: label.name for label in defs}
    colours = {label.id: label.color for label in defs}
    shown = [
        label if schema is None else names.get(label) or unknown_label(label) for label in labels
    ]
    _categories(plot, shown)
    plot.setXRange(-0.6, len(labels) - 0.4, padding=0)
    plot.setYRange(0, 1.12, padding=0)
    plot.getAxis("left").setTicks([[(v / 5, f"{v / 5:.1f}") for v in range(6)], []])
    _grid(plot, [v / 5 for v in range(1, 6)])
    _axis_label(plot, "left", "F1")
    kinds = (("span_f1_exact", 1.0), ("span_f1_overlap", OVERLAP_ALPHA))
    for i, label in enumerate(labels):
        base = QColor(colours.get(label, UNKNOWN_COLOUR))
        for k, (key, alpha) in enumerate(kinds):
            value = report.labels[label].get(key)
            x, width = _grouped_x(i, k, 2, span=0.7)
            if value is None:
                if k == 0:
                    _text(plot, (i, 0.08), "n/a", _font(10), MUTED)
                continue
            _bars(plot, [x], [value], width, _blend(base, alpha))
            _text(plot, (x, value), f"{value:.2f}", _font(9))
    grey = QColor("#777777")
    _legend(widget, [("exact match", grey), ("overlap, IoU ≥ 0.5", _blend(grey, OVERLAP_ALPHA))])
    return widget


# ---- building and saving -----------------------------------------------------------------


def build_plot(name: str, figures: TeamFigures) -> pg.GraphicsLayoutWidget:
    """The plot called ``name`` (a key of ``PLOTS``) from already-read figures."""
    colours = colour_map([*figures.stats.annotators, *figures.per_day])
    builders: dict[str, Callable[[], pg.GraphicsLayoutWidget]] = {
        "spans_per_label": lambda: spans_per_label_plot(figures.stats, figures.schema, colours),
        "done_per_day": lambda: done_per_day_plot(figures.per_day, colours),
        "agreement_heatmap": lambda: agreement_heatmap(figures.report),
        "label_f1": lambda: label_f1_plot(figures.report, figures.schema),
    }
    widget = builders[name]()
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
