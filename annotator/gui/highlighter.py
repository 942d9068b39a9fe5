"""Painting spans: per text block, overlapping spans blend, the innermost one underlines.

Ranges are kept in Qt's UTF-16 units, sorted by start, so a block finds its spans by binary
search. Only blocks touched by an edit are repainted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from itertools import pairwise

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.schema import LabelSchema
from annotator.gui.labels import UNKNOWN_COLOUR

Range = tuple[int, int, str, str]  # (start, end, label, uid) in UTF-16 units


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, schema: LabelSchema) -> None:
        super().__init__(document)
        self._colours = {label.id: QColor(label.color) for label in schema.labels}
        self._unknown = QColor(UNKNOWN_COLOUR)
        self._ranges: list[Range] = []
        self._starts: list[int] = []
        self._by_uid: dict[str, Range] = {}
        self._longest = 0
        self._flagged: set[str] = set()
        self._format_cache: dict[tuple[tuple[str, ...], bool], QTextCharFormat] = {}

    # ---- the span set -------------------------------------------------------------------

    def reset(self, ranges: list[Range], flagged: set[str]) -> None:
        """Replace every range; the caller repaints (by setting the text or rehighlight())."""
        self._ranges = sorted(ranges)
        self._starts = [r[0] for r in self._ranges]
        self._by_uid = {r[3]: r for r in self._ranges}
        self._longest = max((r[1] - r[0] for r in self._ranges), default=0)
        self._flagged = set(flagged)

    def is_flagged(self, uid: str) -> bool:
        return uid in self._flagged

    def range_of(self, uid: str) -> Range | None:
        return self._by_uid.get(uid)

    def update_range(self, uid: str, new: Range | None, flagged: bool) -> list[tuple[int, int]]:
        """Add, move or remove one span; returns the UTF-16 intervals to repaint."""
        dirty: list[tuple[int, int]] = []
        old = self._by_uid.pop(uid, None)
        if old is not None:
            index = bisect_left(self._ranges, old)
            del self._ranges[index]
            del self._starts[index]
            dirty.append((old[0], old[1]))
        if new is not None:
            insort(self._ranges, new)
            self._starts.insert(bisect_left(self._ranges, new), new[0])
            self._by_uid[uid] = new
            self._longest = max(self._longest, new[1] - new[0])
            dirty.append((new[0], new[1]))
        was_flagged = uid in self._flagged
        if flagged:
            self._flagged.add(uid)
        else:
            self._flagged.discard(uid)
        if was_flagged != flagged and new is not None and (new[0], new[1]) not in dirty:
            dirty.append((new[0], new[1]))
        return dirty

    def covering(self, position: int) -> list[Range]:
        """Ranges that contain a UTF-16 position, innermost (shortest) first."""
        first = bisect_right(self._starts, position - self._longest - 1)
        last = bisect_right(self._starts, position)
        found = [r for r in self._ranges[first:last] if r[0] <= position < r[1]]
        return sorted(found, key=lambda r: (r[0] - r[1], r[0]))[::-1] if found else []

    # ---- painting -----------------------------------------------------------------------

    def _format(self, labels: tuple[str, ...], flagged: bool) -> QTextCharFormat:
        key = (labels, flagged)
        cached = self._format_cache.get(key)
        if cached is not None:
            return cached
        # A label the schema lacks is painted grey rather than left invisible.
        colours = [self._colours.get(label, self._unknown) for label in labels]
        fmt = QTextCharFormat()
        if colours:
            red = sum(c.red() for c in colours) // len(colours)
            green = sum(c.green() for c in colours) // len(colours)
            blue = sum(c.blue() for c in colours) // len(colours)
            # Deeper nesting reads as a darker fill; the innermost label underlines.
            fmt.setBackground(QColor(red, green, blue, min(70 + 45 * (len(colours) - 1), 190)))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colours[-1])
        if flagged:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#d11f1f"))
        self._format_cache[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        if not self._ranges:
            return
        block = self.currentBlock()
        block_start = block.position()
        # ``text`` arrives as a Python str (code points); Qt positions are UTF-16 units.
        block_end = block_start + block.length() - 1
        first = bisect_right(self._starts, block_start - self._longest - 1)
        last = bisect_left(self._starts, block_end)
        inside = [r for r in self._ranges[first:last] if r[1] > block_start]
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
            # Outermost (longest) first, so the innermost label is last.
            covering.sort(key=lambda r: (r[0] - r[1], r[0]))
            labels = tuple(r[2] for r in covering)
            flagged = any(r[3] in self._flagged for r in covering)
            self.setFormat(left - block_start, right - left, self._format(labels, flagged))
