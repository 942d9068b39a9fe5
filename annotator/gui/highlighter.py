"""The spans of the open document as the view paints them: fills, lane lines, per text block.

Overlapping spans blend their colours and deeper nesting reads as a darker fill; under each
span runs one line per nesting depth (``SpanIndex`` lanes). ``span_painter`` paints both
from here: the fills before Qt draws the text, the lines after it.

No QSyntaxHighlighter: formatting a block through it makes Qt lay the block out again, and a
labelling action paid that for every block it touched. The pieces of a block are measured
from its layout when the block is first painted and kept until a span in it changes (or the
lines wrap anew), so an action measures one block and opening an article measures only what
is shown.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QTextDocument, QTextLayout

from annotator.core.schema import LabelSchema
from annotator.gui.labels import UNKNOWN_COLOUR
from annotator.gui.span_index import Range, SpanIndex

# A plain text edit has no room between lines (it ignores line height), so the lanes fit
# in the font's descent: three of them, deeper spans share the last (the fill still darkens).
LANE_GAP = 2.0  # pixels between the lines of two nesting depths
LANE_WIDTH = 1.6
MAX_LANES = 3


class Fragment(NamedTuple):
    """The part of a range on one visual line, relative to its block's top (or, from
    ``Geometry``, in viewport coordinates). (Named tuples: a paint makes a few hundred of
    these, and a frozen dataclass is slower to make.)"""

    rect: QRectF
    baseline: float


class Underline(NamedTuple):
    """One span's line on one visual line; ``warning`` adds red dashes."""

    uid: str
    rect: QRectF
    colour: QColor
    warning: bool


class Fill(NamedTuple):
    """A stretch covered by the same spans: ``colour`` blends their labels."""

    start: int  # UTF-16, in the document
    end: int
    colour: QColor


class BlockPieces(NamedTuple):
    """What one block paints, relative to the block's top."""

    fills: list[tuple[QRectF, QColor]]
    lines: list[tuple[int, int, Underline]]  # the span's (start, end) and its line


def x_of(line, position: int) -> float:
    """The x of a text position on its line (PySide6 returns it with the position)."""
    return line.cursorToX(position)[0]


def layout_fragments(
    layout: QTextLayout, position: int, length: int, start: int, end: int, top: float = 0.0
) -> list[Fragment]:
    """The line pieces of the UTF-16 range [start, end) inside one block (which starts at
    ``position`` and is ``length`` long, its final separator included)."""
    found: list[Fragment] = []
    left = max(start, position) - position
    right = min(end, position + length - 1) - position
    if left >= right or not layout.lineCount():
        return found
    count = layout.lineCount()
    number = layout.lineForTextPosition(left).lineNumber()
    while 0 <= number < count:
        line = layout.lineAt(number)
        line_start = line.textStart()
        if line_start >= right:
            break
        a = max(left, line_start)
        b = min(right, line_start + line.textLength())
        if a < b:
            x1 = x_of(line, a)
            x2 = x_of(line, b)
            y = top + line.y()
            rect = QRectF(min(x1, x2), y, abs(x2 - x1), line.height())
            found.append(Fragment(rect, y + line.ascent()))
        number += 1
    return found


class SpanHighlighter:
    def __init__(self, document: QTextDocument, schema: LabelSchema) -> None:
        self._document = document
        self._colours = {label.id: QColor(label.color) for label in schema.labels}
        self._unknown = QColor(UNKNOWN_COLOUR)
        self.index = SpanIndex()
        self._flagged: set[str] = set()
        self._fill_cache: dict[tuple[str, ...], QColor] = {}
        self._pieces: dict[int, BlockPieces] = {}  # by block position
        self._wrapped_at: tuple[int, str] = (-1, "")  # the width and font measured at

    # ---- the span set -------------------------------------------------------------------

    def reset(self, ranges: list[Range], flagged: set[str]) -> None:
        """Replace every range; blocks are measured again as they are painted."""
        self.index.reset(ranges)
        self._flagged = set(flagged)
        self._pieces.clear()

    def colour(self, label: str) -> QColor:
        # A label the schema lacks is painted grey rather than left invisible.
        return self._colours.get(label, self._unknown)

    def is_flagged(self, uid: str) -> bool:
        return uid in self._flagged

    def range_of(self, uid: str) -> Range | None:
        return self.index.get(uid)

    def lane_of(self, uid: str) -> int:
        return self.index.lanes.get(uid, 0)

    def update_range(self, uid: str, new: Range | None, flagged: bool) -> list[tuple[int, int]]:
        """Add, move or remove one span; returns the UTF-16 intervals to repaint."""
        dirty = self.index.update(uid, new)
        was_flagged = uid in self._flagged
        if flagged:
            self._flagged.add(uid)
        else:
            self._flagged.discard(uid)
        if was_flagged != flagged and new is not None:
            dirty.append((new[0], new[1]))
        return dirty

    def covering(self, position: int) -> list[Range]:
        """Ranges that contain a UTF-16 position, innermost (shortest) first."""
        return self.index.covering(position)

    # ---- what a block paints --------------------------------------------------------------

    def forget(self, intervals: list[tuple[int, int]]) -> None:
        """Drop the measured pieces of the blocks that touch these UTF-16 intervals."""
        if not self._pieces:
            return
        for start, end in intervals:
            block = self._document.findBlock(start)
            while block.isValid() and block.position() <= end:
                self._pieces.pop(block.position(), None)
                block = block.next()

    def is_measured(self, position: int) -> bool:
        return position in self._pieces

    def rewrapped(self, width: int, font: str) -> None:
        """Lines wrap anew at another width or font (zoom): every measured piece is stale."""
        if (width, font) != self._wrapped_at:
            self._wrapped_at = (width, font)
            self._pieces.clear()

    def fill(self, labels: tuple[str, ...]) -> QColor:
        """The background of a stretch covered by spans of these labels (outermost first)."""
        cached = self._fill_cache.get(labels)
        if cached is not None:
            return cached
        colours = [self.colour(label) for label in labels]
        red = sum(c.red() for c in colours) // len(colours)
        green = sum(c.green() for c in colours) // len(colours)
        blue = sum(c.blue() for c in colours) // len(colours)
        colour = QColor(red, green, blue, min(60 + 40 * (len(colours) - 1), 180))
        self._fill_cache[labels] = colour
        return colour

    def fills(self, low: int, high: int) -> list[Fill]:
        """The filled stretches of the UTF-16 range [low, high), in order."""
        inside = self.index.overlapping(low, high)
        if not inside:
            return []
        edges = sorted(
            {low, high} | {max(r[0], low) for r in inside} | {min(r[1], high) for r in inside}
        )
        found = []
        for left, right in pairwise(edges):
            if left >= right:
                continue
            covering = [r for r in inside if r[0] <= left and r[1] >= right]
            if not covering:
                continue
            # Outermost (longest) first, so blends of the same labels share one colour.
            covering.sort(key=lambda r: (r[0] - r[1], r[0]))
            found.append(Fill(left, right, self.fill(tuple(r[2] for r in covering))))
        return found

    def pieces(self, position: int, length: int, layout: QTextLayout) -> BlockPieces:
        """What the block at ``position`` paints, measured once from its layout."""
        cached = self._pieces.get(position)
        if cached is not None:
            return cached
        end = position + length - 1
        fills = [
            (fragment.rect, fill.colour)
            for fill in self.fills(position, end)
            for fragment in layout_fragments(layout, position, length, fill.start, fill.end)
        ]
        lines = []
        for start, stop, label, uid in self.index.overlapping(position, end):
            lane = min(self.lane_of(uid), MAX_LANES - 1)
            flagged = uid in self._flagged
            colour = self.colour(label)
            for fragment in layout_fragments(layout, position, length, start, stop):
                y = fragment.baseline + 0.5 + lane * LANE_GAP
                # A pixel short at each end, so neighbouring spans of one label stay apart.
                rect = QRectF(fragment.rect.left() + 1, y, fragment.rect.width() - 2, LANE_WIDTH)
                lines.append((start, stop, Underline(uid, rect, colour, flagged)))
        measured = BlockPieces(fills, lines)
        if layout.lineCount():  # a block not laid out yet is measured again when it is
            self._pieces[position] = measured
        return measured


__all__ = [
    "LANE_GAP",
    "LANE_WIDTH",
    "MAX_LANES",
    "BlockPieces",
    "Fill",
    "Fragment",
    "Range",
    "SpanHighlighter",
    "Underline",
    "layout_fragments",
    "x_of",
]
