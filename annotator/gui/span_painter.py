"""Drawing the spans on the article: their fills under the text, the rest over it.

- One line under each span in its label colour, one lane per nesting depth (``SpanIndex``
  lanes), so a span inside another shows a line of its own: "Kalbajar" inside "Kalbajar
  region" is underlined twice. A span with a warning has red dashes over its line: a wave
  would not fit between the lines of the lanes, and the label colour stays visible.
- The selected span gets a frame: a text selection is a filled highlight and other spans are
  tinted, so a frame reads as neither.
- The selected span's links as arcs between the two spans, arrow at the link's target, with
  the link type on a plate; a linked span out of view gets a line to the edge of the view and
  a plate saying what and where it is.

Only what is in view is measured, so the cost does not grow with the article; the fills and
lines of a block are measured once (``SpanHighlighter.pieces``), not on every paint.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTextBlock,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit

from annotator.gui.highlighter import (
    LANE_GAP,
    MAX_LANES,
    Fragment,
    SpanHighlighter,
    Underline,
    layout_fragments,
)

WARNING = QColor("#d11f1f")
ARC_LIFT = 22.0  # how far an arc rises above the higher of its two spans


@dataclass(frozen=True)
class LinkShown:
    """One link of the selected span, as the view draws it."""

    name: str  # the link type, readable
    other_uid: str
    other_text: str  # "Label “text”", for a plate when the other span is out of view
    outgoing: bool  # the selected span is the link's source


class Geometry:
    """Where the visible text is in this paint: the visible blocks, their layouts and tops."""

    def __init__(self, view: QPlainTextEdit) -> None:
        self.view = view
        self.height = view.viewport().height()
        self.width = view.viewport().width()
        self.visible: list[tuple[int, int, float, QTextLayout]] = []  # position, length, top
        self.blocks: list[QTextBlock] = []
        self._positions: list[int] = []
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        self.start = block.position() if block.isValid() else 0
        self.end = self.start
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > self.height:
                break
            if block.isVisible():
                self.blocks.append(block)
                self.visible.append((block.position(), block.length(), top, block.layout()))
                self._positions.append(block.position())
            self.end = block.position() + block.length()
            block = block.next()

    def fragments(self, start: int, end: int) -> list[Fragment]:
        """The visible line pieces of the UTF-16 range [start, end)."""
        found: list[Fragment] = []
        start, end = max(start, self.start), min(end, self.end)
        index = max(bisect_right(self._positions, start) - 1, 0)
        while start < end and index < len(self.visible):
            position, length, top, layout = self.visible[index]
            index += 1
            if position >= end:
                break
            found += layout_fragments(layout, position, length, start, end, top)
        return found


def underlines(
    geometry: Geometry, highlighter: SpanHighlighter, stretch: tuple[int, int] | None = None
) -> list[Underline]:
    """The lane lines of every visible span (or of those in the UTF-16 ``stretch`` being
    repainted): lane k sits k steps below the text."""
    found: list[Underline] = []
    low, high = stretch if stretch is not None else (geometry.start, geometry.end)
    for position, length, top, layout in geometry.visible:
        if position + length <= low or position >= high:
            continue
        for start, end, line in highlighter.pieces(position, length, layout).lines:
            if start < high and end > low:
                found.append(line._replace(rect=line.rect.translated(0, top)))
    return found


def paint_fills(
    painter: QPainter,
    geometry: Geometry,
    highlighter: SpanHighlighter,
    stretch: tuple[int, int] | None = None,
) -> None:
    """The span backgrounds, painted before the text (which Qt draws over them)."""
    low, high = stretch if stretch is not None else (geometry.start, geometry.end)
    for position, length, top, layout in geometry.visible:
        if position + length <= low or position >= high:
            continue
        # The pieces are kept relative to their block: moved there rather than copied.
        painter.translate(0, top)
        for rect, colour in highlighter.pieces(position, length, layout).fills:
            painter.fillRect(rect, colour)
        painter.translate(0, -top)


def frame(geometry: Geometry, highlighter: SpanHighlighter, selected: str) -> list[QRectF]:
    """The boxes around the selected span's visible pieces, tall enough to hold its line."""
    found = highlighter.range_of(selected) if selected else None
    if found is None:
        return []
    depth = min(highlighter.lane_of(selected), MAX_LANES - 1)
    boxes = []
    for fragment in geometry.fragments(found[0], found[1]):
        box = fragment.rect.adjusted(-2, 0, 2, 0)
        box.setBottom(max(fragment.baseline + 3.0 + depth * LANE_GAP, fragment.rect.bottom()))
        boxes.append(box)
    return boxes


def paint_spans(
    painter: QPainter,
    geometry: Geometry,
    highlighter: SpanHighlighter,
    selected: str,
    stretch: tuple[int, int] | None = None,
) -> None:
    """Lane lines (red-dashed for a warning) under every visible span, and the selected
    span's frame."""
    boxes = frame(geometry, highlighter, selected)
    if boxes:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = geometry.view.palette().color(QPalette.ColorRole.Base)
        painter.setPen(QPen(frame_colour(highlighter, selected, base.lightness() < 128), 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in boxes:
            painter.drawRoundedRect(box, 3, 3)
    # Filled rectangles and a tiled pattern: a screen holds hundreds of these, and paths
    # with antialiasing cost a labelling action several milliseconds.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    dashes = warning_brush()
    low, high = stretch if stretch is not None else (geometry.start, geometry.end)
    for position, length, top, layout in geometry.visible:
        if position + length <= low or position >= high:
            continue
        painter.translate(0, top)
        for start, end, line in highlighter.pieces(position, length, layout).lines:
            if start < high and end > low:
                painter.fillRect(line.rect, line.colour)
                if line.warning:
                    painter.setBrushOrigin(line.rect.topLeft())
                    painter.fillRect(line.rect, dashes)
        painter.translate(0, -top)


def frame_colour(highlighter: SpanHighlighter, selected: str, dark: bool) -> QColor:
    found = highlighter.range_of(selected)
    colour = highlighter.colour(found[2] if found else "")
    return colour.lighter(160) if dark else colour.darker(170)


_warning_brush: list[QBrush] = []


def warning_brush() -> QBrush:
    """Red dashes, tiled over the line of a span with a warning."""
    if not _warning_brush:
        tile = QPixmap(6, 4)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        painter.fillRect(0, 0, 4, 4, WARNING)
        painter.end()
        _warning_brush.append(QBrush(tile))
    return _warning_brush[0]


def anchor(geometry: Geometry, start: int, end: int, toward: float = -1.0) -> QPointF | None:
    """The top middle of a span's visible piece nearest to the height ``toward`` (the first
    piece by default), or None when the span is out of view."""
    pieces = geometry.fragments(start, end)
    if not pieces:
        return None
    piece = min(pieces, key=lambda p: abs(p.rect.top() - toward)) if toward >= 0 else pieces[0]
    return QPointF(piece.rect.center().x(), piece.rect.top())


def arc(source: QPointF, target: QPointF) -> QPainterPath:
    """A curve from ``source`` to ``target`` rising above both, so it crosses no text of
    their lines and two spans on one line still get a visible bow."""
    lift = ARC_LIFT + min(abs(target.x() - source.x()) * 0.08, 18.0)
    top = min(source.y(), target.y()) - lift
    path = QPainterPath(source)
    path.cubicTo(QPointF(source.x(), top), QPointF(target.x(), top), target)
    return path


def edge_line(inside: QPointF, height: float, above: bool) -> QPainterPath:
    """A line from a visible span to the top or bottom edge, toward a span out of view."""
    path = QPainterPath(inside)
    edge = QPointF(inside.x() + 24.0, 0.0 if above else float(height))
    path.cubicTo(QPointF(inside.x(), inside.y() - ARC_LIFT), QPointF(edge.x(), edge.y()), edge)
    return path


@dataclass(frozen=True)
class LinkDrawing:
    """A link as drawn: the path (ending at the link's target), and the plate's text."""

    path: QPainterPath
    text: str
    plate_at: float  # where on the path the plate goes: near the other span, so the plates
    # of several links of one span do not pile up where their arcs leave it


def link_drawings(
    geometry: Geometry, highlighter: SpanHighlighter, selected: str, links: list[LinkShown]
) -> list[LinkDrawing]:
    found = highlighter.range_of(selected) if selected else None
    here = anchor(geometry, found[0], found[1]) if found is not None else None
    if found is None or here is None:
        return []  # the selected span is out of view: nothing to point from
    drawn = []
    for link in links:
        other = highlighter.range_of(link.other_uid)
        if other is None:
            continue
        there = anchor(geometry, other[0], other[1], here.y())
        if there is not None:
            # Every arc leaves from the top of the selected span's first line: a span inside
            # it then gets a real bow over that line instead of a loop in place.
            source, target = (here, there) if link.outgoing else (there, here)
            drawn.append(LinkDrawing(arc(source, target), link.name, 0.7 if link.outgoing else 0.3))
        else:
            above = other[0] < geometry.start
            path = edge_line(here, geometry.height, above)
            if not link.outgoing:
                path = path.toReversed()  # the arrow points at the selected span
            text = f"{link.name} {'↑' if above else '↓'} {link.other_text}"
            drawn.append(LinkDrawing(path, text, 0.85 if link.outgoing else 0.15))
    return drawn


def paint_links(
    painter: QPainter,
    geometry: Geometry,
    highlighter: SpanHighlighter,
    selected: str,
    links: list[LinkShown],
) -> None:
    drawn = link_drawings(geometry, highlighter, selected, links) if links else []
    if not drawn:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette = geometry.view.palette()
    ink = QColor(palette.color(QPalette.ColorRole.Text))
    ink.setAlpha(200)
    plate = QColor(palette.color(QPalette.ColorRole.Base))
    plate.setAlpha(235)
    font = QFont(geometry.view.font())
    font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    placed: list[QRectF] = []
    for link in drawn:
        painter.setPen(QPen(ink, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(link.path)
        painter.setBrush(ink)
        painter.setPen(Qt.PenStyle.NoPen)
        tip = link.path.pointAtPercent(1.0)
        painter.drawPath(arrow_head(tip, link.path.angleAtPercent(1.0)))
        # Along its own arc first; only if every place there is taken, moved off it.
        spots = [link.plate_at, 0.5, 0.9, 0.3, 0.1]
        centres = [link.path.pointAtPercent(t) for t in spots]
        placed.append(
            draw_plate(painter, metrics, link.text, centres, geometry, ink, plate, placed)
        )


def arrow_head(tip: QPointF, angle_degrees: float, size: float = 7.0) -> QPainterPath:
    """A filled triangle at ``tip`` pointing along ``angle_degrees`` (Qt's path angles:
    counter-clockwise, y up)."""
    back = math.radians(angle_degrees + 180.0)
    path = QPainterPath(tip)
    for turn in (-0.45, 0.45):
        path.lineTo(
            QPointF(tip.x() + size * math.cos(back + turn), tip.y() - size * math.sin(back + turn))
        )
    path.closeSubpath()
    return path


def draw_plate(
    painter: QPainter,
    metrics: QFontMetricsF,
    text: str,
    centres: list[QPointF],
    geometry: Geometry,
    ink: QColor,
    plate: QColor,
    taken: list[QRectF],
) -> QRectF:
    """A rounded plate with ``text`` at the first of ``centres`` where it overlaps no plate
    already drawn, else at the first, moved up past the others."""
    text = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, max(geometry.width - 16, 40))
    width = metrics.horizontalAdvance(text) + 10
    height = metrics.height() + 4

    def box_at(centre: QPointF) -> QRectF:
        # Kept inside the view, so a link to a span far away is still readable.
        x = min(max(centre.x() - width / 2, 4.0), max(geometry.width - width - 4, 4.0))
        y = min(max(centre.y() - height / 2, 2.0), max(geometry.height - height - 2, 2.0))
        return QRectF(x, y, width, height)

    boxes = [box_at(centre) for centre in centres]
    free = [b for b in boxes if not any(b.intersects(other) for other in taken)]
    box = free[0] if free else boxes[0]
    while any(box.intersects(other) for other in taken):
        clash = max(other.bottom() for other in taken if box.intersects(other))
        box.moveTop(clash + 2 if box.top() - height < 2 else box.top() - height - 2)
        if box.bottom() > geometry.height + height:
            break
    painter.setPen(QPen(ink, 1.0))
    painter.setBrush(plate)
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(ink)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    return box
