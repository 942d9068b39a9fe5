"""The span matching of DESIGN section 6 written plainly, on SpanItems: the oracle the
production sweep (``annotator.core.pair_sweep``) is held to, and the definition the hand-computed
agreement tests exercise."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction

from annotator.core.alpha import overlap_pairs
from annotator.core.annotated import SpanItem, SpanKey


def exact_matches(a: Iterable[SpanItem], b: Iterable[SpanItem]) -> Counter[str]:
    """Matched pairs of equal (start, end, label), per label (a multiset intersection)."""
    common = Counter(s.key for s in a) & Counter(s.key for s in b)
    result: Counter[str] = Counter()
    for (_, _, label), count in common.items():
        result[label] += count
    return result


def overlap_matches(
    a: Sequence[SpanItem], b: Sequence[SpanItem], threshold: float | Fraction
) -> list[tuple[SpanItem, SpanItem]]:
    """One-to-one pairs of equal label and IoU >= threshold, taken greedily by highest IoU;
    ties go to the pair whose spans come first (by start, then end, whichever side).

    Pairs of equal (start, end, label) have IoU 1, so the greedy pass takes them first: they
    are paired up front, and only the rest are compared."""
    waiting: dict[SpanKey, list[int]] = defaultdict(list)
    for j in range(len(b) - 1, -1, -1):
        waiting[b[j].key].append(j)
    pairs: list[tuple[SpanItem, SpanItem]] = []
    tagged: list[tuple[SpanItem, int, int]] = []
    for i, span in enumerate(a):
        if waiting.get(span.key):
            pairs.append((span, b[waiting[span.key].pop()]))
        else:
            tagged.append((span, 0, i))
    tagged += [(b[j], 1, j) for js in waiting.values() for j in js]
    tagged.sort(key=lambda t: (t[0].label, t[0].start, t[0].end, t[1], t[2]))
    by_label: dict[str, list[tuple[SpanItem, int, int]]] = defaultdict(list)
    for item in tagged:
        by_label[item[0].label].append(item)
    candidates: list[tuple[float, tuple[int, int], tuple[int, int], int, int]] = []
    for items in by_label.values():
        for x, y, value in overlap_pairs([item[0] for item in items], threshold):
            (sx, side_x, ix), (sy, side_y, iy) = items[x], items[y]
            if side_x != side_y:
                i, j = (ix, iy) if side_x == 0 else (iy, ix)
                first, second = sorted(((sx.start, sx.end), (sy.start, sy.end)))
                candidates.append((-value, first, second, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    return pairs
