"""Suggestions drawn on the article: a dashed box in the label's colour around each one.

Spans are a fill with a solid line under it and the selected span a solid rounded frame; a
suggestion is neither filled nor underlined, so it never reads as an annotation, and its
dashes keep it apart from the selected span's frame. The suggestion being looked at (Tab) has
thicker, closer dashes and a light tint. The boxes are drawn over the text, before the span
lines and the frame, so those stay on top where they meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

from annotator.gui.suggestions import SuggestionSet

if TYPE_CHECKING:
    from annotator.gui.document_view import DocumentView
    from annotator.gui.span_painter import Geometry

# (dash, gap) in pen widths: long dashes for the others, short ones for the current.
DASHES = [4.0, 3.0]
CURRENT_DASHES = [2.0, 1.5]


class SuggestionLayer(QObject):
    """What the document view paints and says about the suggestions on show. It also tells
    the suggestions when the article has been painted: a document's first computation waits
    for that, so opening a document (or the window) never waits for the suggesters."""

    def __init__(self, view: DocumentView, suggestions: SuggestionSet) -> None:
        super().__init__(view)
        self.view = view
        self.suggestions = suggestions
        # (start, end, label, index into suggestions.items), UTF-16, in text order
        self.ranges: list[tuple[int, int, str, int]] = []
        suggestions.updated.connect(self._rebuild)
        suggestions.currentChanged.connect(lambda: self.view.viewport().update())
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.suggestions.awaiting_paint:
            self.suggestions.painted()
        return False

    def _rebuild(self) -> None:
        to_utf16 = self.view.mapping.to_utf16
        self.ranges = [
            (to_utf16(item.start), to_utf16(item.end), item.label, index)
            for index, item in self.suggestions.shown_items()
        ]
        self.view.viewport().update()

    def active(self) -> bool:
        return bool(self.ranges)

    def range_of(self, index: int) -> tuple[int, int] | None:
        for start, end, _label, at in self.ranges:
            if at == index:
                return start, end
        return None

    def paint(self, painter: QPainter, geometry: Geometry, stretch: tuple[int, int]) -> None:
        low, high = max(stretch[0], geometry.start), min(stretch[1], geometry.end)
        inside = [r for r in self.ranges if r[0] < high and r[1] > low]
        if not inside:
            return
        dark = geometry.view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        current = self.suggestions.current
        for start, end, label, index in inside:
            colour = QColor(self.view.highlighter.colour(label))
            colour = colour.lighter(140) if dark else colour.darker(135)
            here = index == current
            pen = QPen(colour, 2.4 if here else 1.3)
            pen.setDashPattern(CURRENT_DASHES if here else DASHES)
            painter.setPen(pen)
            tint = QColor(colour)
            tint.setAlpha(40)  # the one looked at is tinted too, lighter than a span's fill
            for fragment in geometry.fragments(start, end):
                # Inside the line's height: the selected span's frame sits just outside it.
                box = fragment.rect.adjusted(0.5, 1.5, -0.5, -1.0)
                if here:
                    painter.fillRect(box, tint)
                painter.drawRect(box)

    def describe_at(self, u16_position: int) -> str:
        """The suggestions at a position (plain text), "" where there is none."""
        found = [r for r in self.ranges if r[0] <= u16_position < r[1]]
        found.sort(key=lambda r: r[1] - r[0])  # innermost first, as for spans
        return "\n".join(self.suggestions.describe(index) for *_rest, index in found)


__all__ = ["SuggestionLayer"]
