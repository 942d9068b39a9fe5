"""What the statistics plots are made of: colours, fonts, the canvas, text, bars, legends.

pyqtgraph loads with this module (0.66 s): only ``annotator.gui.plots`` imports it, lazily.
"""

from __future__ import annotations

import atexit
import math
import weakref
from collections.abc import Generator, Sequence

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from annotator.gui.plain import escape

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

_widgets: weakref.WeakSet[pg.GraphicsLayoutWidget] = weakref.WeakSet()


@atexit.register
def _delete_widgets() -> None:
    """Delete the plots still alive while Python still runs: left to its shutdown, a window
    with plots drawn over several event-loop turns crashed in PySide at exit."""
    for widget in list(_widgets):
        if shiboken6.isValid(widget):
            shiboken6.delete(widget)


Steps = Generator[pg.GraphicsLayoutWidget, None, pg.GraphicsLayoutWidget]
"""A plot built a piece at a time: each ``next`` does one piece and gives the widget so far
(to delete it if the plot is dropped half-built); the finished widget is the result."""


def font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


# ---- scaffolding -------------------------------------------------------------------------


def built(steps: Steps) -> pg.GraphicsLayoutWidget:
    """Every step at once: the finished widget."""
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value


def canvas(
    title: str,
) -> Generator[pg.GraphicsLayoutWidget, None, tuple[pg.GraphicsLayoutWidget, pg.PlotItem]]:
    """A white layout: title (row 0), room for a legend (row 1), the plot (row 2, column 0)."""
    widget = pg.GraphicsLayoutWidget()
    _widgets.add(widget)
    widget.setBackground("w")
    widget.ci.setContentsMargins(12, 8, 16, 12)
    # pyqtgraph labels are HTML: escape whatever text they get.
    widget.addLabel(escape(title), row=0, col=0, colspan=2, size="14pt", color=INK, bold=True)
    yield widget  # a plot item is the costliest piece of all: a turn of its own
    plot = widget.addPlot(row=2, col=0, enableMenu=False)  # no context menus to build
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    for axis in (plot.getAxis("left"), plot.getAxis("bottom")):
        axis.setPen(pg.mkPen("#555555"))
        axis.setTextPen(pg.mkPen(INK))
        axis.setTickFont(font(10))
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setStyle(hideOverlappingLabels=False)  # keep the 0 at the corner
    yield widget
    return widget, plot


def axis_label(plot: pg.PlotItem, side: str, text: str) -> None:
    plot.setLabel(side, escape(text), color=INK, **{"font-size": "11pt"})


def blend(colour: QColor, alpha: float) -> QColor:
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


def legend(widget: pg.GraphicsLayoutWidget, entries: Sequence[tuple[str, QColor]]) -> None:
    """A one-line legend between the title and the plot, so it never covers the data."""
    widget.addLabel(legend_html(entries), row=1, col=0, size="10pt", color=INK)


def no_data(plot: pg.PlotItem, message: str = NO_DATA) -> None:
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    text(plot, (0.5, 0.5), message, font(16), MUTED, anchor=(0.5, 0.5))
    plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)


def nice_step(top: float, ticks: int = 6) -> float:
    """An integer tick step (1, 2, 5, 10, 20, ...) giving about ``ticks`` ticks up to ``top``."""
    raw = max(top / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def count_axis(plot: pg.PlotItem, top: float) -> None:
    """Integer ticks on the left axis, from 0 to a little above ``top``."""
    step = nice_step(top)
    plot.getAxis("left").setTickSpacing(major=step, minor=step)
    upper = max(top * 1.12, top + 0.5)
    plot.setYRange(0, upper, padding=0)
    grid(plot, [step * k for k in range(1, int(upper // step) + 1)])


def grid(plot: pg.PlotItem, values: Sequence[float]) -> None:
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


def text(
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


def categories(plot: pg.PlotItem, names: Sequence[str]) -> None:
    plot.getAxis("bottom").setTicks([[(i, name) for i, name in enumerate(names)], []])


def grouped_x(group: int, member: int, members: int, span: float = 0.8) -> tuple[float, float]:
    """Centre and width of bar ``member`` of ``members`` in the group centred on ``group``."""
    width = span / members
    return group - span / 2 + (member + 0.5) * width, width * 0.9


def bars(
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
