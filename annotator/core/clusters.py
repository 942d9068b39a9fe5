"""Greedy complete-linkage clusters of one label's spans, as merge defines them (DESIGN
section 6, ``annotator.core.merge``): every pair of spans of different annotators with IoU >=
threshold is an edge; edges are taken by highest IoU (ties: the pair that comes first, spans
ordered by start, end, annotator and id); an edge joins two clusters only if they have no
annotator in common and every cross pair is an edge.

When no annotator marked a place (start, end) twice, which is the usual case, this runs over
places rather than spans: the IoU-1 edges come first and join each place's spans into one
cluster, every later edge joins whole places, and between two places the first edge decides
(later ones meet the same clusters or larger ones, which cannot join either). So ten
annotators who agree cost one place, not 45 pairs. ``_cluster_members`` is the span-by-span
version, used when a place is repeated; a hypothesis test holds the two to each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import chain, groupby, repeat
from operator import attrgetter, itemgetter

from annotator.core.alpha import as_fraction, overlap_pairs
from annotator.core.annotated import AnnotatedDoc, SpanItem

Member = tuple[str, SpanItem]  # (annotator, span)

_NAME, _SPAN = itemgetter(0), itemgetter(1)
_START, _END, _ID, _LABEL = (attrgetter(a) for a in ("start", "end", "id", "label"))


def _cluster_places(
    places: Sequence[tuple[int, int]], marked_by: Sequence[frozenset[str]], threshold: Fraction
) -> list[list[int]]:
    """Clusters of distinct places (sorted), each marked by the annotators ``marked_by``: lists
    of place indexes, each sorted, in the order of their first place."""
    num, den = threshold.numerator, threshold.denominator
    close: list[set[int]] = [set() for _ in places]
    edges: list[tuple[float, int, int]] = []
    for i, (start, end) in enumerate(places):
        for j in range(i + 1, len(places)):
            other_start, other_end = places[j]
            if other_start >= end:
                break
            shared = (end if end < other_end else other_end) - other_start
            union = (other_end if end < other_end else end) - start
            if shared * den >= num * union:
                close[i].add(j)
                close[j].add(i)
                if not marked_by[i] & marked_by[j]:
                    edges.append((-(shared / union), i, j))
    if not edges:
        return [[i] for i in range(len(places))]
    edges.sort()
    owner = list(range(len(places)))
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(places))}
    marked: dict[int, frozenset[str]] = dict(enumerate(marked_by))
    for _, i, j in edges:
        a, b = owner[i], owner[j]
        if a == b or marked[a] & marked[b]:
            continue
        left, right = clusters[a], clusters[b]
        if not all(close[x].issuperset(right) for x in left):
            continue
        keep, drop = (a, b) if a < b else (b, a)
        clusters[keep] = sorted(left + right)
        marked[keep] = marked[a] | marked[b]
        for x in clusters.pop(drop):
            owner[x] = keep
        del marked[drop]
    return [clusters[key] for key in sorted(clusters)]


def _cluster_sorted(
    members: Sequence[Member],
    order: Sequence[int],
    spots: Sequence[tuple[int, int]],
    names: Sequence[str],
    threshold: Fraction,
) -> list[list[Member]]:
    """The clusters of ``members[i] for i in order``, one label's spans sorted by (start, end,
    annotator, id); ``spots`` and ``names`` hold each member's (start, end) and annotator."""
    places: list[tuple[int, int]] = []
    groups: list[list[int]] = []  # the members at each distinct place, in order
    for place, run in groupby(order, key=spots.__getitem__):
        places.append(place)
        groups.append(list(run))
    marked_by = [frozenset(map(names.__getitem__, group)) for group in groups]
    if any(len(marked_by[g]) != len(group) for g, group in enumerate(groups)):
        return _cluster_members([members[i] for i in order], threshold)
    return [
        [members[i] for place in cluster for i in groups[place]]
        for cluster in _cluster_places(places, marked_by, threshold)
    ]


def cluster_spans(members: Sequence[Member], threshold: float | Fraction) -> list[list[Member]]:
    """Greedy complete-linkage clusters of one label's spans (see the module docstring), in
    the order of their first span; each cluster's spans in (start, end, annotator, id) order."""
    names = list(map(_NAME, members))
    spans = list(map(_SPAN, members))
    spots = list(zip(map(_START, spans), map(_END, spans), strict=True))
    keys = list(zip(spots, names, map(_ID, spans), strict=True))
    order = sorted(range(len(members)), key=keys.__getitem__)
    return _cluster_sorted(members, order, spots, names, as_fraction(threshold))


def document_clusters(
    works: Sequence[AnnotatedDoc], threshold: Fraction
) -> list[tuple[str, list[list[Member]]]]:
    """``cluster_spans`` of each label of one document's versions, labels sorted: one sort of
    all the spans instead of one per label."""
    members: list[Member] = list(
        chain.from_iterable(zip(repeat(work.annotator), work.spans) for work in works)
    )
    names = list(map(_NAME, members))
    spans = list(map(_SPAN, members))
    labels = list(map(_LABEL, spans))
    spots = list(zip(map(_START, spans), map(_END, spans), strict=True))
    keys = list(zip(labels, spots, names, map(_ID, spans), strict=True))
    order = sorted(range(len(members)), key=keys.__getitem__)
    return [
        (label, _cluster_sorted(members, list(run), spots, names, threshold))
        for label, run in groupby(order, key=labels.__getitem__)
    ]


def _cluster_members(items: Sequence[Member], threshold: float | Fraction) -> list[list[Member]]:
    """``cluster_spans`` span by span, ``items`` sorted: for when one annotator marked a place
    twice."""
    spans = [span for _, span in items]
    close: set[tuple[int, int]] = set()
    edges: list[tuple[float, int, int]] = []
    for i, j, value in overlap_pairs(spans, threshold):
        if items[i][0] != items[j][0]:
            close.add((i, j))
            edges.append((-value, i, j))
    edges.sort()
    owner = list(range(len(items)))
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for _, i, j in edges:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        left, right = clusters[a], clusters[b]
        if {items[x][0] for x in left} & {items[y][0] for y in right}:
            continue
        if any((min(x, y), max(x, y)) not in close for x in left for y in right):
            continue
        keep, drop = min(a, b), max(a, b)
        clusters[keep] = sorted(left + right)
        for x in clusters.pop(drop):
            owner[x] = keep
    return [[items[x] for x in clusters[key]] for key in sorted(clusters)]
