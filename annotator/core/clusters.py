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
version, used when a place is repeated; a hypothesis test holds the two to each other. When
each part the edges link is a clique (a place and its variants, usually), the parts are the
clusters and the greedy pass is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import chain, groupby, repeat
from operator import attrgetter, itemgetter
from typing import Any

from annotator.core.alpha import as_fraction, overlap_pairs
from annotator.core.annotated import AnnotatedDoc, SpanItem

Member = tuple[str, SpanItem]  # (annotator, span)

_NAME, _SPAN = itemgetter(0), itemgetter(1)
_ANNOTATOR = attrgetter("annotator")


def _cluster_places(
    places: Sequence[tuple[int, int]], marked_by: Sequence[int], threshold: Fraction
) -> list[list[int]]:
    """Clusters of distinct places (sorted), each marked by the annotators ``marked_by`` (a bit
    per annotator): lists of place indexes, each sorted, in the order of their first place."""
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
    quick = _cliques(len(places), edges)
    if quick is not None:
        return quick
    edges.sort()
    owner = list(range(len(places)))
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(places))}
    marked: dict[int, int] = dict(enumerate(marked_by))
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


Voted = tuple[list[Member], int, int, int]
"""A cluster of one document (members in annotator order), with the place most of its members
marked (ties: earliest start, then shortest) and how many marked it."""


def _vote(members: list[Member]) -> Voted:
    """``Voted`` from a cluster's members, one per annotator."""
    members = sorted(members, key=_NAME)
    places = [(span.start, span.end) for _, span in members]
    votes = {place: places.count(place) for place in set(places)}
    count = max(votes.values())
    start, end = min(place for place, n in votes.items() if n == count)
    return members, start, end, count


def _cliques(size: int, edges: list[tuple[float, int, int]]) -> list[list[int]] | None:
    """The greedy pass never joins places that no chain of edges links, and a part whose
    places are all pairwise edges (close, no annotator in common) ends as one cluster,
    whatever the order its edges come in. So when every part is such a clique (the usual
    case: one place and its variants), the parts are the clusters; otherwise None."""
    owner = list(range(size))
    parts: dict[int, list[int]] = {}
    for _, i, j in edges:
        a, b = owner[i], owner[j]
        if a != b:  # join b's part into a's
            joined = parts.setdefault(a, [a])
            for x in parts.pop(b, [b]):
                owner[x] = a
                joined.append(x)
    inside: dict[int, int] = dict.fromkeys(parts, 0)
    for _, i, _ in edges:
        inside[owner[i]] += 1
    for top, members in parts.items():
        if inside[top] != len(members) * (len(members) - 1) // 2:
            return None
    found = [sorted(members) for members in parts.values()]
    found += [[i] for i in range(size) if owner[i] == i and i not in parts]
    found.sort()
    return found


def _cluster_by_place(
    members: Sequence[Member], threshold: Fraction, *, per_label: bool, voted: bool
) -> list[tuple[str, list[Any]]]:
    """(label, its clusters) for each label of ``members``, labels sorted; with ``per_label``
    false all the members are clustered together, under the label "". Each cluster is the
    list of its members in (start, end, annotator, id) order, or with ``voted`` (members
    given in annotator order) a ``Voted``."""
    names = list(map(_NAME, members))
    spans = list(map(_SPAN, members))
    bit_of = {name: 1 << n for n, name in enumerate(dict.fromkeys(names))}
    bits = list(map(bit_of.__getitem__, names))
    place_keys = (
        [(s.label, s.start, s.end) for s in spans]
        if per_label
        else [("", s.start, s.end) for s in spans]
    )
    by_place: dict[tuple[str, int, int], list[int]] = {}  # (label, start, end) -> members
    for i, key in enumerate(place_keys):
        group = by_place.get(key)
        if group is None:
            by_place[key] = [i]
        else:
            group.append(i)
    result: list[tuple[str, list[Any]]] = []
    for label, keys in groupby(sorted(by_place), key=_NAME):
        keyed = list(keys)
        groups = list(map(by_place.__getitem__, keyed))
        places = [(start, end) for _, start, end in keyed]
        marked_by: list[int] = []
        repeated = False
        for group in groups:
            if len(group) == 1:
                marked_by.append(bits[group[0]])
                continue
            if not voted:  # members in annotator order already: so is each group
                group.sort(key=names.__getitem__)  # by (annotator, id) when none repeats
            marked = 0
            for i in group:
                marked |= bits[i]
            repeated = repeated or marked.bit_count() != len(group)
            marked_by.append(marked)
        if repeated:
            order = sorted(
                (i for group in groups for i in group),
                key=lambda i: (spans[i].start, spans[i].end, names[i], spans[i].id),
            )
            clusters = _cluster_members([members[i] for i in order], threshold)
            result.append((label, [_vote(c) for c in clusters] if voted else clusters))
        elif voted:
            found: list[Voted] = []
            for cluster in _cluster_places(places, marked_by, threshold):
                if len(cluster) == 1:
                    group = groups[cluster[0]]
                    start, end = places[cluster[0]]
                    found.append(([members[i] for i in group], start, end, len(group)))
                    continue
                counts = [len(groups[place]) for place in cluster]
                count = max(counts)  # places are sorted: the first of the most is the least
                start, end = places[cluster[counts.index(count)]]
                order = sorted([i for place in cluster for i in groups[place]])
                found.append(([members[i] for i in order], start, end, count))
            result.append((label, found))
        else:
            clusters = [
                [members[i] for place in cluster for i in groups[place]]
                for cluster in _cluster_places(places, marked_by, threshold)
            ]
            result.append((label, clusters))
    return result


def cluster_spans(members: Sequence[Member], threshold: float | Fraction) -> list[list[Member]]:
    """Greedy complete-linkage clusters of one label's spans (see the module docstring), in
    the order of their first span; each cluster's spans in (start, end, annotator, id) order."""
    found = _cluster_by_place(members, as_fraction(threshold), per_label=False, voted=False)
    return found[0][1] if found else []


def document_clusters(
    works: Sequence[AnnotatedDoc], threshold: Fraction
) -> list[tuple[str, list[Voted]]]:
    """``cluster_spans`` of each label of one document's versions, labels sorted, each
    cluster as ``Voted``."""
    ordered = sorted(works, key=_ANNOTATOR)
    members: list[Member] = list(
        chain.from_iterable(zip(repeat(work.annotator), work.spans) for work in ordered)
    )
    return _cluster_by_place(members, threshold, per_label=True, voted=True)


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
