"""Span matching between annotators' versions of a document (DESIGN section 6).

``count_pairs`` (what agreement runs) counts every pair of a document's participants at once;
see the comment above it. It counts exactly the pairs of DESIGN section 6's matching (one to
one, equal label, IoU at or above the threshold, greedily by highest IoU, ties to the pair that
comes first in the text), per label. ``tests/core/agreement_reference.py`` holds the plain
version it is tested against, pair by pair.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from operator import add, or_
from typing import TypeVar

from annotator.core.annotated import AnnotatedDoc, RelationKey, SpanKey

# --- every pair of a document at once ------------------------------------------------------
#
# With ten annotators a document has 45 pairs, but their spans mostly coincide. So:
# - exact matches of a pair are a bit count: each (key, copy) of the document gets a bit, and
#   ``(bits[x] & bits[y]).bit_count()`` is the multiset intersection;
# - overlap matching only concerns the spans a pair did not match exactly, and decomposes over
#   the connected parts of the "IoU >= threshold" graph between a label's distinct positions
#   (the greedy pass never crosses them). Within a part, annotators who marked the same
#   positions the same number of times behave alike, so each pair of such groups is matched
#   once, not each pair of annotators. Parts of one position (most, in real data) need nothing;
#   in a part where nobody holds two positions (most of the others), a pair's leftovers are one
#   position each, matched exactly when an edge joins them, so the edges give the counts.

_K = TypeVar("_K", bound=Hashable)


@dataclass
class DocumentPairs:
    """Counts over every pair ``(x, y)``, ``x < y``, of one document's participants, pairs in
    ``itertools.combinations`` order; per-label figures are summed over all the pairs."""

    exact: list[int]
    overlap: list[int]
    spans: list[int]  # |A| + |B|
    relations_matched: list[int]
    relations: list[int]
    label_exact: dict[str, int]
    label_overlap: dict[str, int]
    label_spans: dict[str, int]
    holders: dict[SpanKey, int]  # span key -> bit mask of the participants who marked it


@functools.lru_cache(maxsize=64)
def _pair_index(k: int) -> list[list[int]]:
    """index[x][y] (x < y): the position of pair (x, y) in combinations(range(k), 2)
    (shared: do not change the lists)."""
    index = [[-1] * k for _ in range(k)]
    n = 0
    for x in range(k):
        for y in range(x + 1, k):
            index[x][y] = n
            n += 1
    return index


def _multiset_bits(counters: Sequence[Mapping[_K, int]]) -> list[int]:
    """One int per counter, with a bit per (key, copy): popcount(a & b) = sum of min counts."""
    width: dict[_K, int] = {}
    for counts in counters:
        for key, count in counts.items():
            if count > width.get(key, 0):
                width[key] = count
    offset: dict[_K, int] = {}
    position = 0
    for key, count in width.items():
        offset[key] = position
        position += count
    result = []
    for counts in counters:
        bits = 0
        for key, count in counts.items():
            bits |= ((1 << count) - 1) << offset[key]
        result.append(bits)
    return result


def _relation_keys(work: AnnotatedDoc, symmetric: Collection[str]) -> Counter[RelationKey]:
    key_of = {span.id: (span.start, span.end, span.label) for span in work.spans}
    relations: Counter[RelationKey] = Counter()
    for relation in work.relations:
        ends = (key_of[relation.from_id], key_of[relation.to_id])
        if relation.type in symmetric:
            ends = (min(ends), max(ends))
        relations[(relation.type, *ends)] += 1
    return relations


def _parts(
    positions: list[tuple[int, int]], num: int, den: int
) -> list[tuple[list[int], list[tuple[int, int]]]]:
    """The connected parts with an edge of the IoU graph over distinct positions (sorted):
    (positions of the part, its edges (p, q) as part-local indexes in greedy order)."""
    edges: list[tuple[float, int, int]] = []
    owner = list(range(len(positions)))
    parts: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(positions):
        for j in range(i + 1, len(positions)):
            other_start, other_end = positions[j]
            if other_start >= end:
                break
            shared = (end if end < other_end else other_end) - other_start
            union = (other_end if end < other_end else end) - start
            if shared * den >= num * union:
                edges.append((-(shared / union), i, j))
                a, b = owner[i], owner[j]
                if a != b:  # join b's part into a's
                    joined = parts.setdefault(a, [a])
                    for x in parts.pop(b, [b]):
                        owner[x] = a
                        joined.append(x)
    if not edges:
        return []
    # (-IoU, first, second): positions are sorted, so i < j orders the pair as the text does.
    edges.sort()
    local: dict[int, int] = {}
    found: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
    for top, members in parts.items():
        members.sort()
        found[top] = (members, [])
        for n, i in enumerate(members):
            local[i] = n
    for _, i, j in edges:
        found[owner[i]][1].append((local[i], local[j]))
    return list(found.values())


def _leftover_matches(a: Sequence[int], b: Sequence[int], edges: Sequence[tuple[int, int]]) -> int:
    """Overlap matches beyond the exact ones between two count vectors over one part."""
    rest = [x - y for x, y in zip(a, b, strict=True)]  # > 0: a's surplus, < 0: b's
    matched = 0
    for p, q in edges:
        rp, rq = rest[p], rest[q]
        if (rp > 0 > rq) or (rp < 0 < rq):
            take = min(abs(rp), abs(rq))
            rest[p] = rp - take if rp > 0 else rp + take
            rest[q] = rq - take if rq > 0 else rq + take
            matched += take
    return matched


@functools.lru_cache(maxsize=1 << 14)
def _part_overlap(
    masks: tuple[int, ...], edges: tuple[tuple[int, int], ...], k: int
) -> tuple[list[int], int]:
    """The overlap matches beyond the exact ones in one part whose positions nobody marked
    twice (``masks``: each position's holders), per pair of the ``k`` participants
    (combinations order), and their sum. Parts recur from document to document (a position
    most marked, one or two others that some marked instead): each is counted once."""
    index = _pair_index(k)
    per_pair = [0] * (k * (k - 1) // 2)
    total = 0
    if sum(map(int.bit_count, masks)) == functools.reduce(or_, masks).bit_count():
        # Nobody holds two of the positions (the usual case): two holders' leftovers are one
        # position each, matched exactly when an edge joins the two positions.
        for p, q in edges:
            xs, ys = _members(masks[p]), _members(masks[q])
            total += len(xs) * len(ys)
            for x in xs:
                row = index[x]
                for y in ys:
                    per_pair[row[y] if x < y else index[y][x]] += 1
        return per_pair, total
    found = _groups_by_holders(masks)
    for g, (sig_a, xs) in enumerate(found):
        for sig_b, ys in found[g + 1 :]:
            extra = _leftover_matches(sig_a, sig_b, edges)
            if not extra:
                continue
            total += extra * len(xs) * len(ys)
            for x in xs:
                for y in ys:
                    per_pair[index[x][y] if x < y else index[y][x]] += extra
    return per_pair, total


Groups = list[tuple[tuple[int, ...], list[int]]]
"""Participants who marked a part's positions alike: (count per position, participants), in
the order of each group's first participant; those who marked none of them are left out."""


def _groups_by_counts(rows: Sequence[Sequence[int]]) -> Groups:
    """``Groups`` from each position's count per participant."""
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for x, signature in enumerate(zip(*rows, strict=True)):
        groups[signature].append(x)
    groups.pop((0,) * len(rows), None)
    return list(groups.items())


def _groups_by_holders(masks: Sequence[int]) -> Groups:
    """``Groups`` from each position's bit mask of holders (each holds it once); for when
    someone holds two of the positions (``_part_overlap`` counts the other case directly)."""
    everyone = functools.reduce(or_, masks)
    groups = [everyone]  # split by each mask in turn
    for mask in masks:
        split = []
        for group in groups:
            if group & mask:
                split.append(group & mask)
            if group & ~mask:
                split.append(group & ~mask)
        groups = split
    groups.sort(key=lambda group: group & -group)  # by the first participant
    return [
        (tuple(1 if group & mask else 0 for mask in masks), _members(group)) for group in groups
    ]


@functools.lru_cache(maxsize=1 << 12)
def _members(mask: int) -> list[int]:
    """The bits set in ``mask``, lowest first (shared: do not change the list)."""
    return [x for x in range(mask.bit_length()) if mask >> x & 1]


def count_pairs(
    works: Sequence[AnnotatedDoc], symmetric: Collection[str], threshold: Fraction
) -> DocumentPairs:
    """Every pair's exact and overlap matches, relation matches and sizes, for one document's
    participants ``works``; the same counts ``exact_count`` and ``overlap_count`` give."""
    k = len(works)
    num, den = threshold.numerator, threshold.denominator
    # A comprehension builds the key tuples faster than a three-field attrgetter does.
    marked_keys = [[(s.start, s.end, s.label) for s in work.spans] for work in works]
    # key -> count, per participant; when nobody marked a place twice (the usual case) every
    # count is 1 and the holders' bit masks say everything: no table of counts is built.
    keys: list[Mapping[SpanKey, int]] = [dict.fromkeys(marked, 1) for marked in marked_keys]
    repeats = any(
        len(counts) != len(marked) for counts, marked in zip(keys, marked_keys, strict=True)
    )
    table: dict[SpanKey, list[int]] = {}  # key -> count per participant (with repeats)
    holders: dict[SpanKey, int] = {}  # key -> bit mask of the participants with it
    if repeats:
        keys = [Counter(marked) for marked in marked_keys]
        for x, counts in enumerate(keys):
            own = 1 << x
            for key, count in counts.items():
                row = table.get(key)
                if row is None:
                    row = table[key] = [0] * k
                    holders[key] = own
                else:
                    holders[key] |= own
                row[x] = count
    else:
        held = holders.get
        for x, counts in enumerate(keys):
            own = 1 << x
            for key in counts:
                holders[key] = held(key, 0) | own
    label_exact: dict[str, int] = defaultdict(int)
    label_marked: dict[str, int] = defaultdict(int)
    by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
    first_bit: dict[SpanKey, int] = {}  # a bit per (key, copy): popcount(a & b) = sum of mins
    width = 0
    for key, mask in holders.items():
        label = key[2]
        first_bit[key] = 1 << width
        top = max(table[key]) if repeats else 1
        if top == 1:
            marked = mask.bit_count()
            label_marked[label] += marked
            label_exact[label] += marked * (marked - 1) // 2
            width += 1
        else:
            row = table[key]
            label_marked[label] += sum(row)
            for copy in range(1, top + 1):
                marked = sum(1 for count in row if count >= copy)
                label_exact[label] += marked * (marked - 1) // 2
            width += top
        if not (top == 1 and marked == k):  # held once by everyone: never left unmatched
            by_label[label].append((key[0], key[1]))
    bits = []
    for counts in keys:
        if not repeats:  # distinct bits: their sum is their union
            bits.append(sum(map(first_bit.__getitem__, counts)))
            continue
        mine = 0
        for key, count in counts.items():
            mine |= first_bit[key] if count == 1 else first_bit[key] * ((1 << count) - 1)
        bits.append(mine)
    index = _pair_index(k)
    pairs = k * (k - 1) // 2
    sizes = [len(work.spans) for work in works]
    exact = [0] * pairs
    spans = [0] * pairs
    for x in range(k - 1):
        bx, sx, row_index = bits[x], sizes[x], index[x]
        for y in range(x + 1, k):
            p = row_index[y]
            exact[p] = (bx & bits[y]).bit_count()
            spans[p] = sx + sizes[y]
    overlap = exact[:]
    label_overlap = dict(label_exact)
    for label, positions in by_label.items():
        if len(positions) < 2:
            continue
        positions.sort()
        for part, edges in _parts(positions, num, den):
            if not repeats:
                masks = tuple([holders[(*positions[i], label)] for i in part])
                per_pair, extra = _part_overlap(masks, tuple(edges), k)
                if extra:
                    label_overlap[label] += extra
                    overlap = list(map(add, overlap, per_pair))
                continue
            found = _groups_by_counts([table[(*positions[i], label)] for i in part])
            for g, (sig_a, xs) in enumerate(found):
                for sig_b, ys in found[g + 1 :]:
                    extra = _leftover_matches(sig_a, sig_b, edges)
                    if not extra:
                        continue
                    label_overlap[label] += extra * len(xs) * len(ys)
                    for x in xs:
                        for y in ys:
                            overlap[index[x][y] if x < y else index[y][x]] += extra
    relations_matched = [0] * pairs
    relations = [0] * pairs
    if any(work.relations for work in works):
        relation_keys = [_relation_keys(work, symmetric) for work in works]
        relation_bits = _multiset_bits(relation_keys)
        relation_counts = [len(work.relations) for work in works]
        for x in range(k - 1):
            for y in range(x + 1, k):
                p = index[x][y]
                relations_matched[p] = (relation_bits[x] & relation_bits[y]).bit_count()
                relations[p] = relation_counts[x] + relation_counts[y]
    label_spans = {label: (k - 1) * marked for label, marked in label_marked.items()}
    return DocumentPairs(
        exact,
        overlap,
        spans,
        relations_matched,
        relations,
        dict(label_exact),
        label_overlap,
        label_spans,
        holders,
    )
