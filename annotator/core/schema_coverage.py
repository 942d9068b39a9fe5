"""Does a label schema cover the stored data? (issue #8: ``schema use`` and ``doctor``)

Every stored span's label, each of its attributes and their values, and every relation's type
and ends must be known to the schema in use, or views and exporters meet ids they cannot
resolve. The store counts what the data uses (``Usage``: a few grouped queries, however large
the corpus); ``schema_coverage`` turns the counts into gaps (one per missing label, attribute,
enum value, relation type...), and only when there are gaps does a pass over the rows collect a
few example ids for each. No Qt, no SQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.core.display import printable
from annotator.core.schema import LabelDef, LabelSchema, validate_attributes

EXAMPLES_KEPT = 20
"""Example ids kept per gap (the report lists them; the count is always exact)."""

GAP_KINDS = ("label", "attribute", "enum value", "value", "relation type", "relation ends")
"""In report order: a missing label hides its attributes, so it comes first."""


@dataclass(frozen=True)
class Usage:
    """What the stored data uses, counted: spans per label, spans per (label, attribute,
    value), relations per (type, from label, to label)."""

    labels: Mapping[str, int]
    attributes: Iterable[tuple[str, str, object, int]]
    relations: Iterable[tuple[str, str, str, int]]


@dataclass(frozen=True)
class SpanUse:
    """What coverage needs of one stored span."""

    uid: str
    label: str
    attributes: Mapping[str, object]


@dataclass(frozen=True)
class RelationUse:
    """What coverage needs of one stored relation: its type and its ends' labels."""

    uid: str
    type: str
    from_label: str
    to_label: str


@dataclass
class Gap:
    """One thing the data uses and the schema lacks, e.g. kind ``label``, name ``location``."""

    kind: str
    name: str
    unit: str  # "span" or "relation"
    detail: str = ""
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def example(self, uid: str) -> None:
        if len(self.examples) < EXAMPLES_KEPT:
            self.examples.append(uid)

    @property
    def counted(self) -> str:
        """``location (3 spans)``."""
        plural = "" if self.count == 1 else "s"
        return f"{self.name} ({self.count} {self.unit}{plural})"

    def used_by(self) -> str:
        """``3 spans: s-1, s-2, s-3`` (the examples kept, then how many more)."""
        plural = "" if self.count == 1 else "s"
        if not self.examples:
            return f"{self.count} {self.unit}{plural}"
        extra = self.count - len(self.examples)
        more = f" and {extra} more" if extra > 0 else ""
        return f"{self.count} {self.unit}{plural}: {', '.join(self.examples)}{more}"

    def line(self) -> str:
        """The gap on one line for a report: what, why, and which spans or relations."""
        detail = f" ({self.detail})" if self.detail else ""
        return printable(f"{self.kind} {self.name}{detail}, used by {self.used_by()}")


@dataclass
class Coverage:
    """What stored data a schema does not cover, as gaps keyed by (kind, name)."""

    schema: LabelSchema
    gaps: dict[tuple[str, str], Gap] = field(default_factory=dict)
    spans: int = 0
    relations: int = 0

    def __post_init__(self) -> None:
        self._judge = _Judge(self.schema)

    @property
    def covered(self) -> bool:
        return not self.gaps

    def _tally(self, kind: str, name: str, unit: str, count: int, detail: str = "") -> None:
        gap = self.gaps.get((kind, name))
        if gap is None:
            gap = self.gaps[(kind, name)] = Gap(kind, name, unit, detail)
        gap.count += count

    def _example(self, kind: str, name: str, uid: str) -> None:
        gap = self.gaps.get((kind, name))
        if gap is not None:
            gap.example(uid)

    @property
    def span_labels_with_gaps(self) -> frozenset[str]:
        """Labels of the spans that examples can come from."""
        kinds = ("label", "attribute", "enum value", "value")
        return frozenset(
            g.name if g.kind == "label" else g.name.split(".", 1)[0]
            for g in self.gaps.values()
            if g.kind in kinds
        )

    @property
    def wants_relation_examples(self) -> bool:
        return any(g.unit == "relation" for g in self.gaps.values())

    def span_example(self, span: SpanUse) -> None:
        """Keep ``span``'s id as an example of each gap it falls in."""
        label = self._judge.labels.get(span.label)
        if label is None:
            self._example("label", span.label, span.uid)
            return
        for key, value in span.attributes.items():
            verdict = self._judge.attribute(label, key, value)
            if verdict is not None:
                self._example(verdict[0], verdict[1], span.uid)

    def relation_example(self, relation: RelationUse) -> None:
        verdict = self._judge.relation(relation.type, relation.from_label, relation.to_label)
        if verdict is not None:
            self._example(verdict[0], verdict[1], relation.uid)

    def ordered(self) -> list[Gap]:
        return sorted(self.gaps.values(), key=lambda g: (GAP_KINDS.index(g.kind), g.name))

    def summary(self, limit: int = 8) -> str:
        """One line: ``labels location (3 spans); relation types located_at (2 relations)``,
        at most ``limit`` names per kind."""
        parts = []
        for kind in GAP_KINDS:
            gaps = [g for g in self.ordered() if g.kind == kind]
            if not gaps:
                continue
            shown = ", ".join(g.counted for g in gaps[:limit])
            more = f" and {len(gaps) - limit} more" if len(gaps) > limit else ""
            parts.append(f"{_plural(kind)} {shown}{more}")
        return printable("; ".join(parts))


def _plural(kind: str) -> str:
    return {"relation ends": "relation ends", "value": "values"}.get(kind, kind + "s")


def _short(value: object, limit: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_Verdict = tuple[str, str, str] | None  # (kind, name, detail) of a gap, or None if covered


class _Judge:
    """Decides whether one attribute value or relation is covered, remembering the answers
    for attribute values: the same few recur across a corpus of any size."""

    def __init__(self, schema: LabelSchema) -> None:
        self.labels = {label.id: label for label in schema.labels}
        self.relations = {relation.id: relation for relation in schema.relations}
        self.known: dict[tuple[str, str, object], _Verdict] = {}

    def attribute(self, label: LabelDef, key: str, value: object) -> _Verdict:
        scalar = value is None or isinstance(value, str | int | float)  # hashable JSON values
        cache_key = (label.id, key, (type(value), value) if scalar else None)
        if scalar and cache_key in self.known:
            return self.known[cache_key]
        verdict = self._judge(label, key, value)
        if scalar:
            self.known[cache_key] = verdict
        return verdict

    @staticmethod
    def _judge(label: LabelDef, key: str, value: object) -> _Verdict:
        name = f"{label.id}.{key}"
        attribute = next((a for a in label.attributes if a.id == key), None)
        if attribute is None:
            return ("attribute", name, "")
        if value is None:
            return None
        if attribute.type == "enum" and isinstance(value, str):
            return (
                None if value in attribute.values else ("enum value", f"{name}={_short(value)}", "")
            )
        problems = validate_attributes(label, {key: value})
        if not problems:
            return None
        return ("value", name, f"{attribute.type}, {problems[0].split(': ', 1)[-1]}")

    def relation(self, kind: str, from_label: str, to_label: str) -> _Verdict:
        relation = self.relations.get(kind)
        if relation is None:
            return ("relation type", kind, "")
        if from_label not in self.labels or to_label not in self.labels:
            return None  # counted under its span's label
        if relation.allows(from_label, to_label):
            return None
        return ("relation ends", f"{kind} {from_label} -> {to_label}", "")


def schema_coverage(schema: LabelSchema, usage: Usage) -> Coverage:
    """Every label, attribute, attribute value and relation in ``usage`` that ``schema`` does
    not know or allow, with counts (no examples yet: see ``Coverage.span_example``). Empty
    attributes (None) are always covered; required attributes left empty are warnings of the
    window, not gaps."""
    coverage = Coverage(schema)
    judge = coverage._judge
    for label_id, count in usage.labels.items():
        coverage.spans += count
        if label_id not in judge.labels:
            coverage._tally("label", label_id, "span", count)
    for label_id, key, value, count in usage.attributes:
        label = judge.labels.get(label_id)
        verdict = judge.attribute(label, key, value) if label is not None else None
        if verdict is not None:
            coverage._tally(verdict[0], verdict[1], "span", count, detail=verdict[2])
    for kind, from_label, to_label, count in usage.relations:
        coverage.relations += count
        verdict = judge.relation(kind, from_label, to_label)
        if verdict is not None:
            coverage._tally(verdict[0], verdict[1], "relation", count)
    return coverage


class AttributeTally:
    """Spans per (label, attribute, value), keyed by the value's type too (``True == 1`` in
    Python, yet a boolean is not an integer here); values that cannot be keys (arrays and
    objects, never valid) are kept one by one."""

    _KEYABLE = frozenset({str, int, float, bool, type(None)})

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str, type, object], int] = {}
        self._odd: list[tuple[str, str, object, int]] = []

    def add(self, label: str, attributes: Mapping[str, object], count: int = 1) -> None:
        counts, keyable = self._counts, self._KEYABLE
        for key, value in attributes.items():
            kind = type(value)
            if kind in keyable:
                entry = (label, key, kind, value)
                counts[entry] = counts.get(entry, 0) + count
            else:
                self._odd.append((label, key, value, count))

    def items(self) -> list[tuple[str, str, object, int]]:
        counted = [(label, key, value, n) for (label, key, _, value), n in self._counts.items()]
        return counted + self._odd


def usage_of(spans: Iterable[SpanUse], relations: Iterable[RelationUse]) -> Usage:
    """Count what rows already in memory use (the store counts with SQL instead)."""
    labels: Counter[str] = Counter()
    tally = AttributeTally()
    for span in spans:
        labels[span.label] += 1
        tally.add(span.label, span.attributes)
    ends: Counter[tuple[str, str, str]] = Counter(
        (r.type, r.from_label, r.to_label) for r in relations
    )
    return Usage(dict(labels), tally.items(), [(*key, n) for key, n in ends.items()])


def coverage_of(
    schema: LabelSchema, spans: Iterable[SpanUse], relations: Iterable[RelationUse]
) -> Coverage:
    """``schema_coverage`` of rows in memory, with examples."""
    spans, relations = list(spans), list(relations)
    found = schema_coverage(schema, usage_of(spans, relations))
    for span in spans:
        found.span_example(span)
    for relation in relations:
        found.relation_example(relation)
    return found


__all__ = [
    "AttributeTally",
    "Coverage",
    "Gap",
    "RelationUse",
    "SpanUse",
    "Usage",
    "coverage_of",
    "schema_coverage",
    "usage_of",
]
