"""Where the spans of the open document are, and on which lane each one is drawn.

Ranges are in Qt's UTF-16 units, sorted by start, so a block or a visible stretch finds its
spans by binary search. Overlapping spans get different *lanes* (0 is the outermost): lane k
underlines at depth k, so "Kalbajar" inside "Kalbajar region" shows a second line. Lanes are a
greedy interval colouring of each group of mutually overlapping spans (a *cluster*); an edit
recolours only the clusters it touches, so it costs the same on a 10,000-span article as on a
10-span one. No Qt here: it is plain bookkeeping, tested on its own.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right

Range = tuple[int, int, str, str]  # (start, end, label, uid) in UTF-16 units


def assign_lanes(ranges: list[Range]) -> dict[str, int]:
    """Uid -> lane for ranges sorted by start: the smallest lane free at each start, longer
    spans first where several start together, so an enclosing span sits outside."""
    lanes: dict[str, int] = {}
    busy: list[tuple[int, int]] = []  # (end, lane) of spans still open
    free: list[int] = []
    next_lane = 0
    reach = -1  # the furthest end so far: a start at or past it overlaps nothing before it
    count = len(ranges)
    i = 0
    while i < count:
        start, end = ranges[i][0], ranges[i][1]
        if start >= reach:
            if i + 1 == count or ranges[i + 1][0] >= end:
                lanes[ranges[i][3]] = 0  # most spans overlap nothing: no bookkeeping
                reach = end
                i += 1
                continue
            busy, free, next_lane = [], [], 0
        j = i + 1
        while j < count and ranges[j][0] == start:
            j += 1
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        # Sorted by (start, end): the longest of those starting here comes last; take it first.
        for k in range(j - 1, i - 1, -1):
            if free:
                lane = heapq.heappop(free)
            else:
                lane, next_lane = next_lane, next_lane + 1
            end = ranges[k][1]
            lanes[ranges[k][3]] = lane
            heapq.heappush(busy, (end, lane))
            reach = max(reach, end)
        i = j
    return lanes


class SpanIndex:
    def __init__(self) -> None:
        self.ranges: list[Range] = []
        self._starts: list[int] = []
        self._by_uid: dict[str, Range] = {}
        self._longest = 0
        self.lanes: dict[str, int] = {}

    def reset(self, ranges: list[Range]) -> None:
        self.ranges = sorted(ranges)
        self._starts = [r[0] for r in self.ranges]
        self._by_uid = {r[3]: r for r in self.ranges}
        self._longest = max((r[1] - r[0] for r in self.ranges), default=0)
        self.lanes = assign_lanes(self.ranges)

    def __len__(self) -> int:
        return len(self.ranges)

    def get(self, uid: str) -> Range | None:
        return self._by_uid.get(uid)

    def overlapping(self, start: int, end: int) -> list[Range]:
        """Ranges that share at least one unit with [start, end), in start order; an empty
        interval finds the ranges around that position."""
        first = bisect_right(self._starts, start - self._longest - 1)
        last = bisect_left(self._starts, max(end, start + 1))
        return [r for r in self.ranges[first:last] if r[1] > start]

    def covering(self, position: int) -> list[Range]:
        """Ranges that contain a UTF-16 position, innermost (shortest) first."""
        found = [r for r in self.overlapping(position, position + 1) if r[0] <= position]
        return sorted(found, key=lambda r: (r[1] - r[0], -r[0]))

    def cluster(self, start: int, end: int) -> list[Range]:
        """The group of spans chained by overlaps around [start, end), in no order."""
        members: dict[str, Range] = {}
        low, high = start, end
        while True:
            found = self.overlapping(low, high)
            grown = False
            for r in found:
                if r[3] not in members:
                    members[r[3]] = r
                    if r[0] < low or r[1] > high:
                        low, high = min(low, r[0]), max(high, r[1])
                        grown = True
            if not grown:
                return list(members.values())

    def update(self, uid: str, new: Range | None) -> list[tuple[int, int]]:
        """Add, move or remove one span; returns the UTF-16 intervals whose look changed
        (the span's old and new place, and any neighbour whose lane moved)."""
        dirty: list[tuple[int, int]] = []
        old = self._by_uid.pop(uid, None)
        if old is not None:
            index = bisect_left(self.ranges, old)
            del self.ranges[index]
            del self._starts[index]
            self.lanes.pop(uid, None)
            dirty.append((old[0], old[1]))
        if new is not None:
            index = bisect_left(self.ranges, new)
            self.ranges.insert(index, new)
            self._starts.insert(index, new[0])
            self._by_uid[uid] = new
            self._longest = max(self._longest, new[1] - new[0])
            dirty.append((new[0], new[1]))
        for start, end in list(dirty):
            members = self.cluster(start, end)
            for member, lane in assign_lanes(sorted(members)).items():
                if self.lanes.get(member) != lane:
                    self.lanes[member] = lane
                    moved = self._by_uid[member]
                    dirty.append((moved[0], moved[1]))
        return dirty


__all__ = ["Range", "SpanIndex", "assign_lanes"]
