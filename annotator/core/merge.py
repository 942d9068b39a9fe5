"""Merging several annotators' work into one gold set (DESIGN section 6). Pure functions.

Per document, only participants (status ``done``) vote; n is their number.

- **Clusters.** Spans of one label are clustered by greedy complete linkage: every pair of
  spans of different annotators with IoU >= threshold is an edge; edges are taken by highest
  IoU (ties: earlier start, then earlier end of the pair, then annotator and span id); an edge
  joins two clusters only if they have no annotator in common and every cross pair is an edge.
  So a cluster holds at most one span per annotator and all its spans overlap pairwise.
- **Spans.** A cluster is accepted when 2 * members > n. Its boundaries are the most common
  among its members (ties: earliest start, then shortest); a *boundary* conflict when no
  boundaries have a strict majority of the members. Per attribute, the strict-majority value
  among the members (empty is a value: if most left it empty it stays empty), else an
  *attribute* conflict. A cluster that is not accepted is a *presence* conflict, or part of a
  *label* conflict when a cluster of another label, marked by other annotators, has IoU >=
  threshold with it (such clusters are joined into one conflict).
- **Relations.** Each participant's relation becomes (type, cluster, cluster), unordered for
  symmetric types. It is accepted when 2 * annotators having it > n and both clusters are
  accepted; otherwise it is a *relation* conflict.
- Ids derive from content and everything is sorted: inputs in any order give the same result.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from operator import attrgetter, itemgetter
from typing import Any

from annotator.core.agreement import AnnotatedDoc, SpanItem, group_by_document
from annotator.core.alpha import as_fraction, overlap_pairs
from annotator.core.clusters import Member, Voted, document_clusters
from annotator.core.conflicts import Conflict, Endpoint, Variant
from annotator.core.model import GOLD as GOLD  # defined with the model, named here too
from annotator.core.model import AttributeValue

CONFLICT_TYPES = ("presence", "boundary", "label", "attribute", "relation")


@dataclass(frozen=True)
class DocumentText:
    text_sha256: str
    doc_id: str
    title: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MergedDocument:
    document: DocumentText
    status: str  # done without conflicts, in_progress with some, todo without participants
    updated_at: str | None
    statuses: tuple[tuple[str, str], ...]  # every annotator: status, or "absent"
    spans: tuple[dict[str, Any], ...]  # native span records with provenance
    relations: tuple[dict[str, Any], ...]  # native relation records
    conflicts: tuple[Conflict, ...]

    def record(self) -> dict[str, Any]:
        """The gold document line of the native format."""
        doc = self.document
        return {
            "kind": "document",
            "doc_id": doc.doc_id,
            "title": doc.title,
            "text": doc.text,
            "text_sha256": doc.text_sha256,
            "meta": dict(doc.meta),
            "annotator": GOLD,
            "status": self.status,
            "updated_at": self.updated_at,
            "spans": list(self.spans),
            "relations": list(self.relations),
            "conflicts": [conflict.record() for conflict in self.conflicts],
        }


@dataclass(frozen=True)
class MergeResult:
    annotators: tuple[str, ...]
    documents: tuple[MergedDocument, ...]

    def conflict_counts(self) -> dict[str, int]:
        counts = Counter(c.kind for doc in self.documents for c in doc.conflicts)
        return {kind: counts[kind] for kind in CONFLICT_TYPES}

    def coverage(self) -> dict[str, dict[str, Any]]:
        """Per annotator: documents done, and the doc_ids skipped, unfinished (todo or
        in_progress, with the status) and absent (no line for that text)."""
        result: dict[str, dict[str, Any]] = {
            name: {"done": 0, "skipped": [], "unfinished": {}, "absent": []}
            for name in self.annotators
        }
        for doc in self.documents:
            doc_id = doc.document.doc_id
            for name, status in doc.statuses:
                entry = result[name]
                if status == "done":
                    entry["done"] += 1
                elif status in ("skipped", "absent"):
                    entry[status].append(doc_id)
                else:
                    entry["unfinished"][doc_id] = status
        return result


def content_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


def _unique(candidate: str, used: set[str]) -> str:
    result, n = candidate, 1
    while result in used:
        n += 1
        result = f"{candidate}-{n}"
    used.add(result)
    return result


@dataclass
class _Cluster:
    label: str
    members: list[Member]  # sorted by annotator
    start: int
    end: int
    boundary_votes: int
    accepted: bool
    annotators: tuple[str, ...]
    spans: list[SpanItem]  # the members' spans, in the same order
    span_id: str | None = None

    def order(self) -> tuple[int, int, str, list[tuple[str, str]]]:
        """Where the cluster sorts: by place and label, then (annotator, span id) of each
        member."""
        return (self.start, self.end, self.label, [(n, s.id) for n, s in self.members])

    def place(self) -> tuple[int, int, str]:
        """``order`` without the members, which only break ties (rare)."""
        return (self.start, self.end, self.label)


_NAME, _SPAN = itemgetter(0), itemgetter(1)
_ATTRIBUTES = attrgetter("attributes")
_CREATED, _UPDATED = attrgetter("created_at"), attrgetter("updated_at")


def _make_cluster(label: str, voted: Voted, n: int) -> _Cluster:
    # A cluster holds one span per annotator: in annotator order it is in (annotator, id) order.
    members, start, end, count = voted
    spans = list(map(_SPAN, members))
    names = tuple(map(_NAME, members))
    return _Cluster(label, members, start, end, count, 2 * len(members) > n, names, spans)


def _variant(name: str, span: SpanItem, text: str) -> Variant:
    return Variant(
        annotator=name,
        span_id=span.id,
        label=span.label,
        start=span.start,
        end=span.end,
        text=text[span.start : span.end],
        attributes=dict(sorted(span.attributes.items())),
        note=span.note,
    )


def _clean(value: AttributeValue) -> AttributeValue:
    return None if value == "" else value


def _vote_attributes(
    cluster: _Cluster,
) -> tuple[dict[str, AttributeValue], list[tuple[str, list[tuple[str, str, Any]]]]]:
    """The strict-majority value of each attribute, and the attributes without one."""
    values: dict[str, AttributeValue] = {}
    disputed: list[tuple[str, list[tuple[str, str, Any]]]] = []
    if not any(map(_ATTRIBUTES, cluster.spans)):
        return values, disputed
    keys = {k for _, s in cluster.members for k, v in s.attributes.items() if _clean(v) is not None}
    for key in sorted(keys):
        given = [(name, s.id, _clean(s.attributes.get(key))) for name, s in cluster.members]
        value, count = Counter(v for _, _, v in given).most_common(1)[0]
        if 2 * count <= len(given):
            disputed.append((key, given))
        elif value is not None:
            values[key] = value
    return values, disputed


def _span_conflict(
    kind: str, sha: str, clusters: Sequence[_Cluster], participants: Sequence[str], text: str
) -> Conflict:
    first = clusters[0]
    variants = [_variant(n, s, text) for c in clusters for n, s in c.members]
    variants.sort(key=lambda v: (v.annotator, v.start, v.end, v.label, v.span_id or ""))
    present = {v.annotator for v in variants}
    labels = sorted({c.label for c in clusters})
    return Conflict(
        id=content_id("c", sha, kind, *labels, *[(v.annotator, v.span_id) for v in variants]),
        kind=kind,
        label=first.label if kind != "label" else None,
        labels=tuple(labels),
        start=first.start,
        end=first.end,
        text=text[first.start : first.end],
        span_ids=tuple(c.span_id for c in clusters if c.span_id),
        votes=len(first.members) if kind != "label" else len(variants),
        participants=len(participants),
        variants=tuple(variants),
        absent=tuple(name for name in participants if name not in present),
    )


def _attribute_conflict(
    sha: str,
    cluster: _Cluster,
    key: str,
    given: list[tuple[str, str, Any]],
    participants: Sequence[str],
    text: str,
) -> Conflict:
    assert cluster.span_id is not None  # only accepted clusters have attribute conflicts
    return Conflict(
        id=content_id("c", sha, "attribute", cluster.span_id, key),
        kind="attribute",
        label=cluster.label,
        labels=(cluster.label,),
        start=cluster.start,
        end=cluster.end,
        text=text[cluster.start : cluster.end],
        span_ids=(cluster.span_id,),
        attribute=key,
        votes=len(cluster.members),
        participants=len(participants),
        variants=tuple(Variant(annotator=a, span_id=uid, value=v) for a, uid, v in given),
        absent=tuple(name for name in participants if name not in cluster.annotators),
    )


def _endpoint(cluster: _Cluster, text: str) -> Endpoint:
    c = cluster
    return Endpoint(c.span_id, c.label, c.start, c.end, text[c.start : c.end])


def _label_groups(clusters: Sequence[_Cluster], threshold: Fraction) -> list[list[int]]:
    """Indices of clusters in one label conflict (two or more clusters each)."""
    if all(c.accepted for c in clusters):  # a label conflict joins an unaccepted cluster
        return []
    parent = list(range(len(clusters)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in overlap_pairs(clusters, threshold):  # clusters are sorted by start
        a, b = clusters[i], clusters[j]
        if a.label == b.label or (a.accepted and b.accepted):
            continue
        if not set(a.annotators) & set(b.annotators):
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        groups[root(i)].append(i)
    return [group for group in groups.values() if len(group) > 1]


def _relations(
    document: DocumentText,
    works: Sequence[AnnotatedDoc],
    clusters: Sequence[_Cluster],
    symmetric: Collection[str],
) -> tuple[list[dict[str, Any]], list[tuple[tuple[Any, ...], Conflict]]]:
    if not any(work.relations for work in works):
        return [], []
    sha, text = document.text_sha256, document.text
    n = len(works)
    where = {(n_, s.id): i for i, c in enumerate(clusters) for n_, s in c.members}
    spans = {(n_, s.id): s for c in clusters for n_, s in c.members}
    votes: dict[tuple[str, int, int], dict[str, Any]] = defaultdict(dict)
    for work in works:
        for relation in sorted(work.relations, key=lambda r: r.id):
            ends = (
                where[(work.annotator, relation.from_id)],
                where[(work.annotator, relation.to_id)],
            )
            if relation.type in symmetric:
                ends = (min(ends), max(ends))
            votes[(relation.type, *ends)].setdefault(work.annotator, relation)

    def own(annotator: str, span_id: str) -> Endpoint:
        span = spans[(annotator, span_id)]
        return Endpoint(span_id, span.label, span.start, span.end, text[span.start : span.end])

    accepted: list[dict[str, Any]] = []
    conflicts: list[tuple[tuple[Any, ...], Conflict]] = []
    used: set[str] = set()
    for kind, f, t in sorted(votes):
        voters = votes[(kind, f, t)]
        source, target = clusters[f], clusters[t]
        if 2 * len(voters) > n and source.span_id and target.span_id:
            uid = _unique(content_id("mr", sha, kind, source.span_id, target.span_id), used)
            accepted.append(
                {"id": uid, "type": kind, "from_id": source.span_id, "to_id": target.span_id}
            )
            continue
        variants = tuple(
            Variant(
                annotator=a,
                relation_id=r.id,
                source=own(a, r.from_id),
                target=own(a, r.to_id),
            )
            for a, r in sorted(voters.items())
        )
        conflict = Conflict(
            id=content_id(
                "c", sha, "relation", kind, *[(v.annotator, v.relation_id) for v in variants]
            ),
            kind="relation",
            start=min(source.start, target.start),
            end=max(source.end, target.end),
            relation=kind,
            labels=tuple(sorted({source.label, target.label})),
            source=_endpoint(source, text),
            target=_endpoint(target, text),
            reason="minority" if 2 * len(voters) <= n else "endpoint not accepted",
            votes=len(voters),
            participants=n,
            variants=variants,
            absent=tuple(w.annotator for w in works if w.annotator not in voters),
        )
        conflicts.append(((source.start, source.end, 4, kind, conflict.id), conflict))
    return accepted, conflicts


def merge_document(
    document: DocumentText,
    works: Mapping[str, AnnotatedDoc],
    annotators: Sequence[str],
    threshold: Fraction,
    symmetric: Collection[str],
) -> MergedDocument:
    """Merge one text's lines (``works``: annotator -> line) into its gold line."""
    sha, text = document.text_sha256, document.text
    voters = [works[name] for name in sorted(works) if works[name].participates]
    names = [work.annotator for work in voters]
    n = len(voters)
    clusters = [
        _make_cluster(label, voted, n)
        for label, found in document_clusters(voters, threshold)
        for voted in found
    ]
    clusters.sort(key=_Cluster.place)
    places = [c.place() for c in clusters]
    if len(set(places)) != len(places):  # clusters at one place: their members decide
        clusters.sort(key=_Cluster.order)
    used: set[str] = set()
    spans: list[dict[str, Any]] = []
    conflicts: list[tuple[tuple[Any, ...], Conflict]] = []
    for c in clusters:
        if not c.accepted:
            continue
        c.span_id = _unique(content_id("m", sha, c.label, c.start, c.end), used)
        values, disputed = _vote_attributes(c)
        members = c.spans
        votes = {"annotators": list(c.annotators), "votes": len(members), "participants": n}
        spans.append(
            {
                "id": c.span_id,
                "label": c.label,
                "start": c.start,
                "end": c.end,
                "text": text[c.start : c.end],
                "attributes": values,
                "note": "",
                "created_at": min(filter(None, map(_CREATED, members)), default=""),
                "updated_at": max(map(_UPDATED, members), default=""),
                "provenance": votes,
            }
        )
        if 2 * c.boundary_votes <= len(c.members):
            conflict = _span_conflict("boundary", sha, [c], names, text)
            conflicts.append(((c.start, c.end, 1, c.label, conflict.id), conflict))
        for key, given in disputed:
            conflict = _attribute_conflict(sha, c, key, given, names, text)
            conflicts.append(((c.start, c.end, 3, f"{c.label}.{key}", conflict.id), conflict))
    grouped: set[int] = set()
    for group in _label_groups(clusters, threshold):
        grouped.update(group)
        conflict = _span_conflict("label", sha, [clusters[i] for i in group], names, text)
        conflicts.append(((conflict.start, conflict.end, 2, "", conflict.id), conflict))
    for i, c in enumerate(clusters):
        if not c.accepted and i not in grouped:
            conflict = _span_conflict("presence", sha, [c], names, text)
            conflicts.append(((c.start, c.end, 0, c.label, conflict.id), conflict))
    relations, relation_conflicts = _relations(document, voters, clusters, symmetric)
    conflicts.extend(relation_conflicts)
    conflicts.sort(key=lambda item: item[0])
    status = "todo" if n == 0 else ("in_progress" if conflicts else "done")
    stamps = [work.updated_at for work in voters if work.updated_at]
    return MergedDocument(
        document=document,
        status=status,
        updated_at=max(stamps) if stamps else None,
        statuses=tuple((a, works[a].status if a in works else "absent") for a in annotators),
        spans=tuple(spans),
        relations=tuple(relations),
        conflicts=tuple(conflict for _, conflict in conflicts),
    )


def merge(
    texts: Mapping[str, DocumentText],
    work: Iterable[AnnotatedDoc],
    *,
    threshold: float | Fraction = 0.5,
    symmetric: Collection[str] = (),
) -> MergeResult:
    """Merge every text of ``texts`` (by text_sha256) from the annotators' lines in ``work``."""
    theta = as_fraction(threshold)
    grouped = group_by_document(work)
    annotators = tuple(sorted({name for works in grouped.values() for name in works}))
    documents = [
        merge_document(texts[sha], grouped.get(sha, {}), annotators, theta, symmetric)
        for sha in texts
    ]
    documents.sort(key=lambda d: (d.document.doc_id, d.document.text_sha256))
    return MergeResult(annotators, tuple(documents))
