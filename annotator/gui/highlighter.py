"""Span backgrounds, per text block, painted only for blocks that are shown.

Overlapping spans blend their colours and deeper nesting reads as a darker fill; the lines
under each span (one lane per depth), the selected span's frame and the links are drawn over
the text by ``span_painter``. Opening a long article formats nothing: Qt calls
``highlightBlock`` for every block, and each returns at once until the view is about to paint
it (``ensure_formatted``). An edit reformats only the blocks it touched that were already
formatted; the others are formatted when they scroll into view.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from annotator.core.schema import LabelSchema
from annotator.gui.labels import UNKNOWN_COLOUR
from annotator.gui.span_index import Range, SpanIndex


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, schema: LabelSchema) -> None:
        super().__init__(document)
        self._colours = {label.id: QColor(label.color) for label in schema.labels}
        self._unknown = QColor(UNKNOWN_COLOUR)
        self.index = SpanIndex()
        self._flagged: set[str] = set()
        self._format_cache: dict[tuple[str, ...], QTextCharFormat] = {}
        self._formatted = bytearray()  # per block number: 1 once formatted for the current spans
        self._formatting = False

    # ---- the span set -------------------------------------------------------------------

    def reset(self, ranges: list[Range], flagged: set[str]) -> None:
        """Replace every range; blocks are formatted again as they are painted."""
        self.index.reset(ranges)
        self._flagged = set(flagged)
        self._formatted = bytearray()

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

    # ---- formatting blocks ----------------------------------------------------------------

    def is_formatted(self, block: QTextBlock) -> bool:
        number = block.blockNumber()
        return number < len(self._formatted) and self._formatted[number] == 1

    def ensure_formatted(self, block: QTextBlock) -> None:
        """Format one block now unless it already shows the current spans."""
        if not self.is_formatted(block):
            self.format_block(block)

    def format_block(self, block: QTextBlock) -> None:
        number = block.blockNumber()
        if number >= len(self._formatted):
            self._formatted.extend(bytes(number + 1 - len(self._formatted)))
        self._formatting = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._formatting = False
        self._formatted[number] = 1

    def refresh(self, intervals: list[tuple[int, int]]) -> None:
        """Reformat the formatted blocks that touch these UTF-16 intervals."""
        document = self.document()
        for start, end in intervals:
            block = document.findBlock(start)
            while block.isValid() and block.position() <= end:
                if self.is_formatted(block):
                    self.format_block(block)
                block = block.next()

    def _format(self, labels: tuple[str, ...]) -> QTextCharFormat:
        cached = self._format_cache.get(labels)
        if cached is not None:
            return cached
        colours = [self.colour(label) for label in labels]
        red = sum(c.red() for c in colours) // len(colours)
        green = sum(c.green() for c in colours) // len(colours)
        blue = sum(c.blue() for c in colours) // len(colours)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(red, green, blue, min(60 + 40 * (len(colours) - 1), 180)))
        self._format_cache[labels] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        if not self._formatting or not self.index:
            return  # formatted when it is about to be shown
        block = self.currentBlock()
        block_start = block.position()
        # ``text`` arrives as a Python str (code points); Qt positions are UTF-16 units.
        block_end = block_start + block.length() - 1
        inside = self.index.overlapping(block_start, block_end)
        if not inside:
            return
        edges = sorted(
            {block_start, block_end}
            | {max(r[0], block_start) for r in inside}
            | {min(r[1], block_end) for r in inside}
        )
        for left, right in pairwise(edges):
            if left >= right:
                continue
            covering = [r for r in inside if r[0] <= left and r[1] >= right]
            if not covering:
                continue
            # Outermost (longest) first, so blends of the same labels share one format.
            covering.sort(key=lambda r: (r[0] - r[1], r[0]))
            labels = tuple(r[2] for r in covering)
            self.setFormat(left - block_start, right - left, self._format(labels))


__all__ = ["Range", "SpanHighlighter"]
