"""Krippendorff's alpha for nominal data (DESIGN section 6), computed from counts, and the
unit arithmetic behind the agreement figures: character IoU, label layers, attribute units.

Alpha only depends on how many coders gave each value in each unit, so units with the same
counts are grouped into one *pattern* with a weight (how many units have it). A label layer
over a 10^6-character document then has a handful of patterns, not 10^6 units. The
arithmetic is exact (``Fraction``) and turned into a float once, at the end, so the result
does not depend on the order of the units.

With ``n_uc`` the number of coders who gave value c in unit u, ``m_u = sum_c n_uc`` (units
with ``m_u < 2`` are not pairable and are left out), ``n_c = sum_u n_uc`` and
``n = sum_c n_c``, nominal alpha is::

    alpha = 1 - (n - 1) * sum_u (m_u^2 - sum_c n_uc^2) / (m_u - 1)
                        / (n^2 - sum_c n_c^2)

which is ``1 - D_o / D_e`` written with the coincidence matrix summed out. No variation
(``n^2 == sum_c n_c^2``, including no pairable value at all) gives None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

from annotator.core.annotated import AnnotatedDoc, SpanItem, SpanKey

Pattern = tuple[tuple[Hashable, int], ...]
"""The values of one unit as (value, how many coders gave it), sorted, zero counts left out."""


def _order(item: tuple[Hashable, int]) -> tuple[str, str]:
    return type(item[0]).__name__, repr(item[0])


def pattern_of(values: Iterable[Hashable | None]) -> Pattern:
    """The pattern of one unit; None is a missing value (that coder did not code the unit)."""
    counts = Counter(value for value in values if value is not None)
    return tuple(sorted(counts.items(), key=_order))


def alpha_from_patterns(patterns: Mapping[Pattern, int]) -> float | None:
    """Nominal alpha over units given as ``{pattern: number of units}``; None without
    variation."""
    # Disagreement is a sum of (integer) / (m - 1): summed in integers per m, so only one
    # Fraction per distinct number of coders is made, not one per pattern.
    disagreement_by_m: dict[int, int] = {}
    totals: dict[Hashable, int] = {}
    for pattern, weight in patterns.items():
        m = sum(count for _, count in pattern)
        if m < 2 or weight <= 0:
            continue
        squares = sum(count * count for _, count in pattern)
        disagreement_by_m[m] = disagreement_by_m.get(m, 0) + weight * (m * m - squares)
        for value, count in pattern:
            totals[value] = totals.get(value, 0) + weight * count
    n = sum(totals.values())
    expected = n * n - sum(count * count for count in totals.values())
    if expected == 0:
        return None
    disagreement = sum(
        (Fraction(d, m - 1) for m, d in disagreement_by_m.items()), start=Fraction(0)
    )
    return float(1 - (n - 1) * disagreement / expected)


def nominal_alpha(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Nominal alpha over units, each the values its coders gave (None: missing)."""
    patterns: Counter[Pattern] = Counter(pattern_of(unit) for unit in units)
    return alpha_from_patterns(patterns)


def binary_pattern(coders: int, ones: int) -> Pattern:
    """The pattern of a unit where ``ones`` of ``coders`` gave 1 and the others 0."""
    return tuple((value, count) for value, count in ((0, coders - ones), (1, ones)) if count)


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sweep(length: int, deltas: Mapping[int, int]) -> dict[int, int]:
    """ones -> number of units, from the change in coverage at each interval end."""
    lengths: dict[int, int] = {}
    ones, previous = 0, 0
    for point in sorted(deltas):
        if point > previous:
            lengths[ones] = lengths.get(ones, 0) + point - previous
        ones += deltas[point]
        previous = point
    if length > previous:
        lengths[ones] = lengths.get(ones, 0) + length - previous
    return {ones: units for ones, units in lengths.items() if units > 0}


def coverage_counts(length: int, coverage: Sequence[Iterable[tuple[int, int]]]) -> dict[int, int]:
    """How many of the ``length`` code-point units of one text are covered by how many coders
    (ones -> units), one coder per item of ``coverage`` (the [start, end) intervals that coder
    marked). Found by a sweep over the interval ends, not unit by unit."""
    deltas: dict[int, int] = {}
    for intervals in coverage:
        for start, end in _union((max(0, s), min(length, e)) for s, e in intervals):
            deltas[start] = deltas.get(start, 0) + 1
            deltas[end] = deltas.get(end, 0) - 1
    return _sweep(length, deltas)


def coverage_patterns(
    length: int, coverage: Sequence[Iterable[tuple[int, int]]]
) -> Counter[Pattern]:
    """Patterns of the ``length`` code-point units of one text, one coder per item of
    ``coverage``: a unit is 1 for a coder whose intervals cover it, else 0."""
    coders = len(coverage)
    return Counter(
        {binary_pattern(coders, k): units for k, units in coverage_counts(length, coverage).items()}
    )


def held_coverage(
    length: int, coders: int, spots: Iterable[tuple[int, int, int]]
) -> dict[int, int]:
    """``coverage_counts`` from distinct intervals with a bit mask of the coders holding each
    (start, end, holders): a unit's ones is the sum of its intervals' holders, unless a coder
    holds two overlapping intervals (then that coder's union of them counts instead)."""
    held: dict[tuple[int, int], int] = {}
    for start, end, holders in spots:
        start, end = max(0, start), min(length, end)
        if start < end:
            held[(start, end)] = held.get((start, end), 0) | holders
    items = sorted(held.items())
    overlapping = 0  # the coders holding two overlapping intervals
    for i, ((_, end), holders) in enumerate(items):
        for j in range(i + 1, len(items)):
            (other_start, _), other = items[j]
            if other_start >= end:
                break
            overlapping |= holders & other
    deltas: dict[int, int] = {}
    for (start, end), holders in items:
        count = (holders & ~overlapping).bit_count()
        if count:
            deltas[start] = deltas.get(start, 0) + count
            deltas[end] = deltas.get(end, 0) - count
    for c in range(overlapping.bit_length()):
        if overlapping >> c & 1:
            for start, end in _union(place for place, mask in items if mask >> c & 1):
                deltas[start] = deltas.get(start, 0) + 1
                deltas[end] = deltas.get(end, 0) - 1
    return _sweep(length, deltas)


def binary_alpha(coders: int, counts: Mapping[int, int]) -> float | None:
    """``alpha_from_patterns`` of units where ``ones`` of ``coders`` gave 1 and the rest 0
    (``counts``: ones -> units), in integers: the same exact value, rounded once."""
    if coders < 2:
        return None
    ones = sum(units * k for k, units in counts.items())
    zeros = sum(units * (coders - k) for k, units in counts.items())
    expected = 2 * ones * zeros  # n^2 - ones^2 - zeros^2
    if expected == 0:
        return None
    n = ones + zeros
    disagreement = sum(units * 2 * k * (coders - k) for k, units in counts.items())
    # 1 - (n - 1) * (disagreement / (m - 1)) / expected, as one ratio of integers (int / int
    # is correctly rounded, as float(Fraction) is).
    scale = expected * (coders - 1)
    return (scale - (n - 1) * disagreement) / scale


def iou(a: SpanItem, b: SpanItem) -> Fraction:
    """Character IoU: shared code points / code points in either (exact)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return Fraction(0)
    return Fraction(shared, max(a.end, b.end) - min(a.start, b.start))


def as_fraction(threshold: float | Fraction) -> Fraction:
    """0.5 -> 1/2, 0.3 -> 3/10 (the decimal the user wrote, not its binary neighbour)."""
    return threshold if isinstance(threshold, Fraction) else Fraction(repr(float(threshold)))


class Interval(Protocol):
    """Anything with a [start, end) place: a span, a merged cluster."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def overlap_pairs(
    spans: Sequence[Interval], threshold: float | Fraction
) -> Iterable[tuple[int, int, float]]:
    """(i, j, IoU) with i < j for the spans (sorted by start) whose IoU >= threshold.

    The threshold test is exact (integers); the IoU given is a float, for ordering only
    (equal ratios give equal floats, since integer division is correctly rounded)."""
    theta = as_fraction(threshold)
    num, den = theta.numerator, theta.denominator
    for i, a in enumerate(spans):
        start, end = a.start, a.end
        for j in range(i + 1, len(spans)):
            b = spans[j]
            if b.start >= end:
                break
            shared = min(end, b.end) - b.start  # b.start >= start: the spans are sorted
            union = max(end, b.end) - start
            if shared * den >= num * union:
                yield i, j, shared / union


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None (None if there are none)."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


class _Empty:
    """An attribute left empty (absent, null or ""): a value of its own for agreement."""

    def __repr__(self) -> str:
        return "<empty>"


EMPTY = _Empty()


def attribute_value(value: object) -> Any:
    return EMPTY if value is None or value == "" else value


@dataclass
class AttributeTally:
    """One attribute over its units (matched spans): percent agreement (agreeing pairs of
    coders / pairs, pooled over the units) and nominal alpha."""

    units: int = 0
    agreeing_pairs: int = 0
    pairs: int = 0
    patterns: Counter[Pattern] = field(default_factory=Counter)

    def add(self, values: Sequence[Any]) -> None:
        pattern = pattern_of(values)
        m = len(values)
        self.units += 1
        self.pairs += m * (m - 1) // 2
        self.agreeing_pairs += sum(c * (c - 1) // 2 for _, c in pattern)
        self.patterns[pattern] += 1

    def figures(self) -> dict[str, Any]:
        percent = None if self.pairs == 0 else self.agreeing_pairs / self.pairs
        return {
            "units": self.units,
            "percent": percent,
            "alpha": alpha_from_patterns(self.patterns),
        }


def attribute_units(works: Sequence[AnnotatedDoc]) -> Iterable[tuple[str, str, list[Any]]]:
    """(label, attribute, values) for each attribute of each exactly matched position of one
    document: a position two or more participants marked, an attribute at least one of them
    filled. An empty attribute is the value ``EMPTY`` (filled against empty disagrees)."""
    positions: dict[SpanKey, dict[str, SpanItem]] = defaultdict(dict)
    for work in works:
        for span in sorted(work.spans, key=lambda s: s.id):
            positions[span.key].setdefault(work.annotator, span)
    for key in sorted(positions):
        members = [positions[key][name] for name in sorted(positions[key])]
        if len(members) < 2:
            continue
        filled = {k for s in members for k, v in s.attributes.items() if v not in (None, "")}
        for attribute in sorted(filled):
            yield key[2], attribute, [attribute_value(s.attributes.get(attribute)) for s in members]
