"""What the stored data uses, counted by SQLite, for schema coverage (``schema use``, doctor).

Grouped queries count spans per label, spans per distinct attributes, and relations per
(type, end labels); only the distinct attributes are parsed. ``schema use`` runs this inside
its write transaction, so it has to be quick. Only when something is not covered does one
more pass over the rows concerned collect example ids.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing

from sqlalchemy import Connection

from annotator.core.schema import LabelSchema
from annotator.core.schema_coverage import (
    AttributeTally,
    Coverage,
    RelationUse,
    SpanUse,
    Usage,
    schema_coverage,
)
from annotator.store.rows import json_object, name, rows

_UNREADABLE = "(unreadable)"

_LABELS_SQL = "SELECT CAST(label AS BLOB), count(*) FROM span GROUP BY 1"

# Grouping by the attributes' JSON text is fast (one B-tree over strings) and leaves few
# distinct values to parse in Python; json_each grouped by value took ten times as long.
_ATTRIBUTES_SQL = (
    "SELECT CAST(label AS BLOB), CAST(attributes AS BLOB), count(*) FROM span"
    " WHERE attributes IS NOT '{}' GROUP BY 1, 2"
)

_RELATIONS_SQL = (
    "SELECT CAST(r.type AS BLOB), CAST(f.label AS BLOB), CAST(t.label AS BLOB), count(*)"
    " FROM relation r JOIN span f ON f.id = r.from_span_id JOIN span t ON t.id = r.to_span_id"
    " GROUP BY 1, 2, 3"
)


def usage(conn: Connection) -> Usage:
    with closing(rows(conn, _LABELS_SQL)) as found:
        labels = {name(label, _UNREADABLE): int(count) for label, count in found}
    tally = AttributeTally()
    with closing(rows(conn, _ATTRIBUTES_SQL)) as found:
        for label, attributes, count in found:
            # Attributes that are not a JSON object (damage doctor reports) count as none.
            tally.add(name(label, _UNREADABLE), json_object(attributes) or {}, int(count))
    with closing(rows(conn, _RELATIONS_SQL)) as found:
        relations = [
            (name(kind, _UNREADABLE), name(a, _UNREADABLE), name(b, _UNREADABLE), int(count))
            for kind, a, b, count in found
        ]
    return Usage(labels, tally.items(), relations)


def span_uses(conn: Connection, labels: frozenset[str]) -> Generator[SpanUse, None, None]:
    """The id, label and attributes of every span whose label is in ``labels``."""
    sql = "SELECT id, CAST(uid AS BLOB), CAST(label AS BLOB), CAST(attributes AS BLOB) FROM span"
    with closing(rows(conn, sql)) as found:
        for rowid, uid, label, attributes in found:
            label_id = name(label, _UNREADABLE)
            if label_id in labels:
                parsed = json_object(attributes) or {}
                yield SpanUse(name(uid, f"row {rowid}"), label_id, parsed)


def relation_uses(conn: Connection) -> Generator[RelationUse, None, None]:
    """Every relation whose ends exist, with its type and its ends' labels."""
    sql = (
        "SELECT r.id, CAST(r.uid AS BLOB), CAST(r.type AS BLOB), CAST(f.label AS BLOB),"
        " CAST(t.label AS BLOB) FROM relation r JOIN span f ON f.id = r.from_span_id"
        " JOIN span t ON t.id = r.to_span_id"
    )
    with closing(rows(conn, sql)) as found:
        for rowid, uid, kind, from_label, to_label in found:
            yield RelationUse(
                name(uid, f"row {rowid}"),
                name(kind, _UNREADABLE),
                name(from_label, _UNREADABLE),
                name(to_label, _UNREADABLE),
            )


def coverage(conn: Connection, schema: LabelSchema) -> Coverage:
    """What stored data ``schema`` does not cover, with example ids for each gap."""
    found = schema_coverage(schema, usage(conn))
    if found.covered:
        return found
    labels = found.span_labels_with_gaps
    if labels:
        with closing(span_uses(conn, labels)) as spans:
            for span in spans:
                found.span_example(span)
    if found.wants_relation_examples:
        with closing(relation_uses(conn)) as relations:
            for relation in relations:
                found.relation_example(relation)
    return found


__all__ = ["coverage", "relation_uses", "span_uses", "usage"]
