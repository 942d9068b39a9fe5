"""Span matching between two annotators' versions of a document, on plain tuples prepared
once per version (DESIGN section 6). With ten annotators each version meets nine others, so
its keys, label counts and sorted spans are computed once, not per pair.

``overlap_count`` counts exactly the pairs of DESIGN section 6's matching (one to one,
equal label, IoU at or above the threshold, greedily by highest IoU, ties to the pair that
comes first in the text), per label; ``tests/core/agreement_reference.py`` holds the plain
version it is tested against.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction

from annotator.core.annotated import AnnotatedDoc, RelationKey, SpanKey

Placed = tuple[int, int, int]  # (start, end, index in the version's spans)


@dataclass(frozen=True)
class PreparedVersion:
    """What every pair needs from one annotator's version of one document."""

    keys: Counter[SpanKey]
    labels: Counter[str]
    relations: Counter[RelationKey]
    by_key: dict[SpanKey, list[int]]  # key -> indexes of the spans with it, in order
    by_label: dict[str, list[Placed]]  # label -> its spans sorted by (start, end, index)


def prepare(work: AnnotatedDoc, symmetric: Collection[str]) -> PreparedVersion:
    keys: Counter[SpanKey] = Counter()
    labels: Counter[str] = Counter()
    by_key: dict[SpanKey, list[int]] = defaultdict(list)
    by_label: dict[str, list[Placed]] = defaultdict(list)
    key_of: dict[str, SpanKey] = {}
    for index, span in enumerate(work.spans):
        key = (span.start, span.end, span.label)
        key_of[span.id] = key
        keys[key] += 1
        labels[span.label] += 1
        by_key[key].append(index)
        by_label[span.label].append((span.start, span.end, index))
    for placed in by_label.values():
        placed.sort()
    relations: Counter[RelationKey] = Counter()
    for relation in work.relations:
        ends = (key_of[relation.from_id], key_of[relation.to_id])
        if relation.type in symmetric:
            ends = (min(ends), max(ends))
        relations[(relation.type, *ends)] += 1
    return PreparedVersion(keys, labels, relations, dict(by_key), dict(by_label))


def exact_count(a: PreparedVersion, b: PreparedVersion) -> Counter[str]:
    """Pairs of equal (start, end, label), one to one, per label."""
    result: Counter[str] = Counter()
    small, large = (a, b) if len(a.keys) <= len(b.keys) else (b, a)
    for key, count in small.keys.items():
        other = large.keys.get(key)
        if other:
            result[key[2]] += min(count, other)
    return result


def overlap_count(a: PreparedVersion, b: PreparedVersion, threshold: Fraction) -> Counter[str]:
    """Pairs of equal label and IoU >= ``threshold``, one to one, taken greedily, per label.

    Equal (start, end, label) has IoU 1, so those pair first: the first spans of a key in
    ``a`` with the first of the same key in ``b``. The rest are swept per label."""
    num, den = threshold.numerator, threshold.denominator
    result: Counter[str] = Counter()
    paired_a: set[int] = set()
    paired_b: set[int] = set()
    for key, indexes in a.by_key.items():
        others = b.by_key.get(key)
        if others:
            n = min(len(indexes), len(others))
            paired_a.update(indexes[:n])
            paired_b.update(others[:n])
            result[key[2]] += n
    for label, placed_a in a.by_label.items():
        placed_b = b.by_label.get(label)
        if not placed_b:
            continue
        # (start, end, side, index): spans in text order, a before b at equal places.
        items = sorted(
            [(s, e, 0, i) for s, e, i in placed_a if i not in paired_a]
            + [(s, e, 1, j) for s, e, j in placed_b if j not in paired_b]
        )
        candidates: list[tuple[float, tuple[int, int], tuple[int, int], int, int]] = []
        for x, (start, end, side, index) in enumerate(items):
            for y in range(x + 1, len(items)):
                other_start, other_end, other_side, other_index = items[y]
                if other_start >= end:
                    break
                if other_side == side:
                    continue
                shared = min(end, other_end) - other_start
                union = max(end, other_end) - start
                if shared * den >= num * union:
                    i, j = (index, other_index) if side == 0 else (other_index, index)
                    first, second = sorted(((start, end), (other_start, other_end)))
                    candidates.append((-(shared / union), first, second, i, j))
        candidates.sort()
        used_a: set[int] = set()
        used_b: set[int] = set()
        for _, _, _, i, j in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                result[label] += 1
    return result
