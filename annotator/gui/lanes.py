"""One lane per annotator and a gold lane: where each marked spans, coloured by agreement.

Green: the span is in a cluster the majority agreed on. Orange: it is part of a conflict.
Red outline: the annotator marked nothing where a conflict is (missing). Blue: gold.
The x axis is the document, start to end; the current conflict is a yellow band. Annotator
lanes are numbered from the top: digit k in the adjudication view takes lane k's version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.conflicts import Conflict
from annotator.core.model import Span

AGREE = QColor("#4e9a5a")
DISAGREE = QColor("#e69f00")
MISSING = QColor("#d1301f")
GOLD_COLOUR = QColor("#0072b2")
BAND = QColor(255, 214, 0, 70)
LANE_HEIGHT = 22
NAME_WIDTH = 110


class Lanes(QWidget):
    """Emits ``conflictClicked(index)`` for the conflict nearest to a click."""

    conflictClicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudicationLanes")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.length = 1
        self.lanes: list[tuple[str, list[tuple[int, int, QColor, bool]]]] = []
        self.conflict_ranges: list[tuple[int, int]] = []
        self.annotators: list[str] = []  # the annotator lanes, top to bottom (gold not included)
        self.current = -1

    def set_data(
        self,
        length: int,
        works: Mapping[str, Sequence[Span]],
        conflicts: Sequence[Conflict],
        gold: Sequence[Span],
    ) -> None:
        """``works``: each annotator's spans, in the order their lanes are drawn."""
        self.length = max(length, 1)
        disputed = {v.span_id for c in conflicts for v in c.variants if v.span_id}
        self.conflict_ranges = [(c.start, c.end) for c in conflicts]
        self.annotators = list(works)
        self.lanes = []
        for number, (name, spans) in enumerate(works.items(), start=1):
            marks = [
                (s.start, s.end, DISAGREE if s.uid in disputed else AGREE, False) for s in spans
            ]
            for conflict in conflicts:
                if name in conflict.absent:
                    marks.append((conflict.start, conflict.end, MISSING, True))
            self.lanes.append((f"{number}  {name}", marks))
        self.lanes.append(("gold", [(s.start, s.end, GOLD_COLOUR, False) for s in gold]))
        self.setFixedHeight(LANE_HEIGHT * len(self.lanes) + 8)
        self.update()

    def set_current(self, index: int) -> None:
        self.current = index
        self.update()

    def _x(self, offset: int) -> float:
        width = max(self.width() - NAME_WIDTH - 8, 1)
        return NAME_WIDTH + width * offset / self.length

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(self.backgroundRole())
        painter.fillRect(self.rect(), base)
        if 0 <= self.current < len(self.conflict_ranges):
            start, end = self.conflict_ranges[self.current]
            left = self._x(start) - 3
            painter.fillRect(QRectF(left, 0, max(self._x(end) - left + 3, 6), self.height()), BAND)
        for row, (name, marks) in enumerate(self.lanes):
            top = 4 + row * LANE_HEIGHT
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                QRectF(4, top, NAME_WIDTH - 8, LANE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, name
            )
            painter.setPen(QPen(QColor(128, 128, 128, 60)))
            painter.drawLine(
                NAME_WIDTH, top + LANE_HEIGHT // 2, self.width() - 8, top + LANE_HEIGHT // 2
            )
            for start, end, colour, hollow in marks:
                rect = QRectF(
                    self._x(start), top + 4, max(self._x(end) - self._x(start), 3), LANE_HEIGHT - 8
                )
                if hollow:
                    painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(colour)
                painter.drawRect(rect)
        painter.end()

    def mousePressEvent(self, event) -> None:
        if not self.conflict_ranges:
            return
        x = event.position().x()
        nearest = min(
            range(len(self.conflict_ranges)),
            key=lambda i: abs(
                (self._x(self.conflict_ranges[i][0]) + self._x(self.conflict_ranges[i][1])) / 2 - x
            ),
        )
        self.conflictClicked.emit(nearest)
