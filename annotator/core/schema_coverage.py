"""Does a label schema cover the stored data? (issue #8: ``schema use`` and ``doctor``)

Every stored span's label, each of its attributes and their values, and every relation's type
and ends must be known to the schema in use, or views and exporters meet ids they cannot
resolve. ``schema_coverage`` streams over the data once and groups what is not covered into
gaps (one per missing label, attribute, enum value, relation type...), with counts and a few
example ids, so that a database of any size gives a short answer. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.core.display import printable
from annotator.core.schema import LabelSchema, validate_attributes

EXAMPLES_KEPT = 20
"""Example ids kept per gap (the report lists them; the count is always exact)."""

GAP_KINDS = ("label", "attribute", "enum value", "value", "relation type", "relation ends")
"""In report order: a missing label hides its attributes, so it comes first."""


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

    def add(self, uid: str) -> None:
        self.count += 1
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

    schema_id: str
    schema_version: str
    gaps: dict[tuple[str, str], Gap] = field(default_factory=dict)
    spans: int = 0
    relations: int = 0

    @property
    def covered(self) -> bool:
        return not self.gaps

    def note(self, kind: str, name: str, unit: str, uid: str, detail: str = "") -> None:
        gap = self.gaps.get((kind, name))
        if gap is None:
            gap = self.gaps[(kind, name)] = Gap(kind, name, unit, detail)
        gap.add(uid)

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


def _span_gaps(coverage: Coverage, schema: LabelSchema, span: SpanUse) -> None:
    try:
        label = schema.label(span.label)
    except KeyError:
        coverage.note("label", span.label, "span", span.uid)
        return  # its attributes are unknown along with it
    known = {attribute.id: attribute for attribute in label.attributes}
    for key, value in span.attributes.items():
        attribute = known.get(key)
        name = f"{label.id}.{key}"
        if attribute is None:
            coverage.note("attribute", name, "span", span.uid)
        elif value is None:
            continue
        elif attribute.type == "enum" and isinstance(value, str):
            if value not in attribute.values:
                coverage.note("enum value", f"{name}={_short(value)}", "span", span.uid)
        else:
            problems = validate_attributes(label, {key: value})
            if problems:
                detail = problems[0].split(": ", 1)[-1]
                coverage.note("value", name, "span", span.uid, detail=f"{attribute.type}, {detail}")


def _relation_gaps(coverage: Coverage, schema: LabelSchema, relation: RelationUse) -> None:
    try:
        kind = schema.relation(relation.type)
    except KeyError:
        coverage.note("relation type", relation.type, "relation", relation.uid)
        return
    ends = (relation.from_label, relation.to_label)
    if not all(label in schema.label_ids for label in ends):
        return  # counted under its span's label
    if not kind.allows(*ends):
        name = f"{kind.id} {ends[0]} -> {ends[1]}"
        coverage.note("relation ends", name, "relation", relation.uid)


def schema_coverage(
    schema: LabelSchema, spans: Iterable[SpanUse], relations: Iterable[RelationUse]
) -> Coverage:
    """Every label, attribute, attribute value and relation in the data that ``schema`` does
    not know or allow. Empty attributes (None) are always covered; required attributes left
    empty are warnings of the window, not gaps."""
    coverage = Coverage(schema.id, schema.version)
    for span in spans:
        coverage.spans += 1
        _span_gaps(coverage, schema, span)
    for relation in relations:
        coverage.relations += 1
        _relation_gaps(coverage, schema, relation)
    return coverage


__all__ = ["Coverage", "Gap", "RelationUse", "SpanUse", "schema_coverage"]
