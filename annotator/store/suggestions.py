"""Suggestion outcomes and learned patterns (issue 13): reads and writes on the caller's
connection and transaction. Suggestions themselves are never stored; only what an annotator
decided about one, and the accept/reject tally of each (label, text) pattern."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from annotator.core.model import AttributeValue, Document, utc_now
from annotator.core.suggest.base import LearnedPattern, Suggestion, combine_patterns
from annotator.core.suggest.commands import keys_to_skip
from annotator.core.suggest.outcomes import (
    ANY_OUTCOME,
    OUTCOMES,
    Key,
    OutcomeReceipt,
    OutcomeRecord,
)
from annotator.errors import StaleEditError, UserError
from annotator.store.annotations import annotator_id, annotator_table
from annotator.store.changelog import log_change
from annotator.store.dialect import driver_rows, on_server
from annotator.store.json_columns import to_json
from annotator.store.tables import SUGGESTION_OUTCOME_TABLE, SUGGESTION_PATTERN_TABLE

_outcome = SUGGESTION_OUTCOME_TABLE
_pattern = SUGGESTION_PATTERN_TABLE
RECORD_ACTION = "suggestion.decide"
FORGET_ACTION = "suggestion.forget"
PATTERNS_IMPORT_ACTION = "suggestion_patterns.import"

# Every span text of every annotator, once per (label, text), with the attributes of its
# most recently edited span (SQLite takes bare columns from the row that gave the max;
# PostgreSQL says it with DISTINCT ON).
_SPAN_PATTERNS_SQL = (
    "SELECT label, text, attributes, max(updated_at) FROM span {where} GROUP BY label, text"
)
_SERVER_SPAN_PATTERNS_SQL = (
    "SELECT DISTINCT ON (label, text) label, text, attributes, updated_at FROM span {where}"
    " ORDER BY label, text, updated_at DESC"
)


def _span_patterns_sql(conn: Connection, where: str = "") -> str:
    return (_SERVER_SPAN_PATTERNS_SQL if on_server(conn) else _SPAN_PATTERNS_SQL).format(
        where=where
    )


def _frozen(raw: str, seen: dict[str, MappingProxyType[str, AttributeValue]]) -> Any:
    """Parsed attributes, shared (read-only) between patterns with the same JSON: most
    spans of a label carry one of a few attribute sets, and parsing is the cost here."""
    found = seen.get(raw)
    if found is None:
        found = MappingProxyType(json.loads(raw) if raw != "{}" else {})
        seen[raw] = found
    return found


def pattern_rows(conn: Connection) -> list[LearnedPattern]:
    """The explicit pattern rows (with their tallies), by label and text."""
    query = select(
        _pattern.c.label, _pattern.c.text, _pattern.c.attributes,
        _pattern.c.accepted, _pattern.c.rejected,
    ).order_by(_pattern.c.label, _pattern.c.text)  # fmt: skip
    seen: dict[str, MappingProxyType[str, AttributeValue]] = {}
    return [
        LearnedPattern(
            row.label, row.text, _frozen(row.attributes, seen), row.accepted, row.rejected
        )
        for row in conn.execute(query)
    ]


def _merged(
    rows: Iterable[LearnedPattern], span_rows: Iterable[tuple[str, str, str, Any]]
) -> dict[tuple[str, str], LearnedPattern]:
    """Pattern rows joined with span texts: a span's latest attributes win over the row's;
    tallies come from rows."""
    seen: dict[str, MappingProxyType[str, AttributeValue]] = {}
    merged = {(p.label, p.text): p for p in rows}
    for label, text, attributes, _ in span_rows:
        held = merged.get((label, text))
        accepted, rejected = (held.accepted, held.rejected) if held is not None else (0, 0)
        merged[(label, text)] = LearnedPattern(
            label, text, _frozen(attributes, seen), accepted, rejected
        )
    return merged


class _Driver:
    """Queries straight on the driver (sqlite3 or psycopg), written with ``?``: on 100,000
    spans SQLAlchemy's row wrappers cost more than the query."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        return driver_rows(self._conn, sql, parameters)


def _driver(conn: Connection) -> _Driver:
    return _Driver(conn)


def all_patterns(conn: Connection) -> tuple[LearnedPattern, ...]:
    """Explicit rows plus every stored span text (hand-made and accepted spans are patterns),
    by (label, text)."""
    spans = _driver(conn).execute(_span_patterns_sql(conn)).fetchall()
    merged = _merged(pattern_rows(conn), spans)
    return tuple(merged[key] for key in sorted(merged))


# Change-log actions that change patterns only for the (label, text) their values name, and
# those that change none; any other (an import, a schema switch) means reading them all.
_KEYED_ACTIONS = frozenset({"span.create", "span.update", "span.delete"})
_NEUTRAL_ACTIONS = frozenset(
    {
        "relation.create",
        "relation.delete",
        "status.set",
        "adjudication.decision",
        "assignment.set",
    }
)
MAX_INCREMENTAL_CHANGES = 200  # beyond this, one grouped read is as cheap
_KEYS_PER_QUERY = 400  # two parameters each, under SQLite's limit


def changed_keys(conn: Connection, since: int) -> set[tuple[str, str]] | None:
    """The (label, text) keys whose patterns the changes after change-log id ``since`` may
    have changed, or None when only reading every pattern again is safe."""
    rows = (
        _driver(conn)
        .execute(
            "SELECT action, before, after FROM change_log WHERE id > ? ORDER BY id LIMIT ?",
            (since, MAX_INCREMENTAL_CHANGES + 1),
        )
        .fetchall()
    )
    if len(rows) > MAX_INCREMENTAL_CHANGES:
        return None
    keys: set[tuple[str, str]] = set()
    for action, before, after in rows:
        if action in _NEUTRAL_ACTIONS:
            continue
        if action not in _KEYED_ACTIONS and action not in (RECORD_ACTION, FORGET_ACTION):
            return None
        for raw in (before, after):
            if raw is not None:
                values = json.loads(raw)
                keys.add((values["label"], values["text"]))
    return keys


def patterns_of(
    conn: Connection, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], LearnedPattern]:
    """The current patterns of ``keys`` (a key with neither a row nor a span is absent)."""
    driver = _driver(conn)
    ordered = sorted(keys)
    found: dict[tuple[str, str], LearnedPattern] = {}
    for first in range(0, len(ordered), _KEYS_PER_QUERY):
        chunk = ordered[first : first + _KEYS_PER_QUERY]
        values = ",".join("(?,?)" for _ in chunk)
        flat = tuple(part for key in chunk for part in key)
        rows = [
            LearnedPattern(label, text, MappingProxyType(json.loads(raw)), accepted, rejected)
            for label, text, raw, accepted, rejected in driver.execute(
                "SELECT label, text, attributes, accepted, rejected FROM suggestion_pattern "
                f"WHERE (label, text) IN (VALUES {values})",
                flat,
            )
        ]
        spans = driver.execute(
            _span_patterns_sql(conn, f"WHERE (label, text) IN (VALUES {values})"), flat
        ).fetchall()
        found.update(_merged(rows, spans))
    return found


_DOCUMENTS_SQL = (
    "SELECT id, doc_id, title, text, text_sha256, meta, created_at FROM document"
    " {where} ORDER BY id"
)


def documents_to_suggest(
    conn: Connection, annotator: str, document_ids: Collection[int] | None
) -> Iterator[tuple[Document, set[Key]]]:
    """Each document (all, in import order, or those of ``document_ids``) with the keys not to
    propose to ``annotator`` there (``keys_to_skip``). Three reads in all, not three per
    document: the annotator's decisions and span keys first, then the texts one at a time."""
    driver = _driver(conn)
    outcomes: dict[int, dict[Key, str]] = {}
    annotated: dict[int, list[Key]] = {}
    found = annotator_id(conn, annotator, create=False)
    if found is not None:
        for document, label, start, end, outcome in driver.execute(
            'SELECT document_id, label, start, "end", outcome FROM suggestion_outcome'
            " WHERE annotator_id = ?",
            (found,),
        ):
            outcomes.setdefault(document, {})[(label, start, end)] = outcome
        for document, label, start, end in driver.execute(
            'SELECT document_id, label, start, "end" FROM span WHERE annotator_id = ?', (found,)
        ):
            annotated.setdefault(document, []).append((label, start, end))
    if document_ids is None:
        rows: Iterable[tuple[Any, ...]] = driver.execute(_DOCUMENTS_SQL.format(where=""))
    else:
        rows = _documents_by_id(driver, sorted(set(document_ids)))
    for id_, doc_id, title, text, sha, meta, created_at in rows:
        document = Document(id_, doc_id, title, text, sha, json.loads(meta), created_at)
        yield document, keys_to_skip(outcomes.get(id_, {}), annotated.get(id_, ()))


def _documents_by_id(driver: _Driver, ids: list[int]) -> Iterator[tuple[Any, ...]]:
    for first in range(0, len(ids), _KEYS_PER_QUERY):
        chunk = tuple(ids[first : first + _KEYS_PER_QUERY])
        where = f"WHERE id IN ({','.join('?' * len(chunk))})"
        yield from driver.execute(_DOCUMENTS_SQL.format(where=where), chunk)


def outcomes_of(conn: Connection, document_id: int, annotator: str) -> dict[Key, str]:
    query = (
        select(_outcome.c.label, _outcome.c.start, _outcome.c.end, _outcome.c.outcome)
        .join(annotator_table, annotator_table.c.id == _outcome.c.annotator_id)
        .where(_outcome.c.document_id == document_id, annotator_table.c.name == annotator)
    )
    return {(row.label, row.start, row.end): row.outcome for row in conn.execute(query)}


def _where_key(document_id: int, annotator: int, key: Key) -> Any:
    label, start, end = key
    return and_(
        _outcome.c.document_id == document_id,
        _outcome.c.annotator_id == annotator,
        _outcome.c.label == label,
        _outcome.c.start == start,
        _outcome.c.end == end,
    )


def _read_record(
    conn: Connection, document_id: int, annotator: str, key: Key
) -> OutcomeRecord | None:
    found = annotator_id(conn, annotator, create=False)
    if found is None:
        return None
    row = conn.execute(select(_outcome).where(_where_key(document_id, found, key))).first()
    if row is None:
        return None
    return OutcomeRecord(
        document_id=row.document_id,
        annotator=annotator,
        label=row.label,
        start=row.start,
        end=row.end,
        text=row.text,
        attributes=json.loads(row.attributes),
        suggester=row.suggester,
        score=row.score,
        outcome=row.outcome,
        decided_at=row.decided_at,
    )


def _write_record(conn: Connection, record: OutcomeRecord) -> None:
    conn.execute(
        insert(_outcome).values(
            document_id=record.document_id,
            annotator_id=annotator_id(conn, record.annotator),
            label=record.label,
            start=record.start,
            end=record.end,
            text=record.text,
            attributes=to_json(dict(record.attributes)),
            suggester=record.suggester,
            score=record.score,
            outcome=record.outcome,
            decided_at=record.decided_at,
        )
    )


def _delete_record(conn: Connection, record: OutcomeRecord) -> None:
    found = annotator_id(conn, record.annotator, create=False)
    assert found is not None  # the record was read through it
    conn.execute(delete(_outcome).where(_where_key(record.document_id, found, record.key)))


def _stale(key: Key) -> StaleEditError:
    label, start, end = key
    return StaleEditError(
        f"the {label} suggestion at {start}-{end} was decided in another window or program "
        "since you saw it; nothing was written, and the document shows its current state"
    )


def _values(record: OutcomeRecord) -> dict[str, Any]:
    return {
        "annotator": record.annotator, "label": record.label, "start": record.start,
        "end": record.end, "text": record.text, "attributes": dict(record.attributes),
        "suggester": record.suggester, "score": record.score, "outcome": record.outcome,
    }  # fmt: skip


def _stored_pattern(conn: Connection, label: str, text: str) -> LearnedPattern | None:
    row = conn.execute(
        select(_pattern.c.attributes, _pattern.c.accepted, _pattern.c.rejected).where(
            _pattern.c.label == label, _pattern.c.text == text
        )
    ).first()
    if row is None:
        return None
    attributes = MappingProxyType(json.loads(row.attributes))
    return LearnedPattern(label, text, attributes, row.accepted, row.rejected)


def _add_pattern(conn: Connection, pattern: LearnedPattern) -> None:
    conn.execute(
        insert(_pattern).values(
            label=pattern.label,
            text=pattern.text,
            attributes=to_json(dict(pattern.attributes)),
            accepted=pattern.accepted,
            rejected=pattern.rejected,
        )
    )


def _tally(conn: Connection, label: str, text: str, column: str, step: int) -> None:
    conn.execute(
        update(_pattern)
        .where(_pattern.c.label == label, _pattern.c.text == text)
        .values({column: _pattern.c[column] + step})
    )


def record_outcome(
    conn: Connection,
    document_id: int,
    annotator: str,
    suggestion: Suggestion,
    outcome: str,
    *,
    actor: str,
    expected: str | None = ANY_OUTCOME,
) -> OutcomeReceipt:
    """Store a decision, replacing an earlier one of the same key, and bump the tally of the
    suggestion's (label, text) pattern (created at 1 if new). ``expected`` is the outcome the
    user saw (None: undecided); if another is stored, the decision is refused as stale."""
    if outcome not in OUTCOMES:
        raise UserError(f"unknown suggestion outcome {outcome!r} (known: {', '.join(OUTCOMES)})")
    replaced = _read_record(conn, document_id, annotator, suggestion.key)
    if expected != ANY_OUTCOME and (replaced.outcome if replaced else None) != expected:
        raise _stale(suggestion.key)
    if replaced is not None:
        _delete_record(conn, replaced)
    stored = OutcomeRecord(
        document_id=document_id,
        annotator=annotator,
        label=suggestion.label,
        start=suggestion.start,
        end=suggestion.end,
        text=suggestion.text,
        attributes=dict(suggestion.attributes),
        suggester=suggestion.suggester,
        score=float(suggestion.score),
        outcome=outcome,  # type: ignore[arg-type]  # checked against OUTCOMES above
        decided_at=utc_now(),
    )
    _write_record(conn, stored)
    exists = _stored_pattern(conn, stored.label, stored.text)
    if exists is None:
        _add_pattern(conn, LearnedPattern(stored.label, stored.text, stored.attributes))
    _tally(conn, stored.label, stored.text, outcome, 1)
    log_change(
        conn,
        annotator=actor,
        action=RECORD_ACTION,
        document_id=document_id,
        entity_uid=_entity(stored.key),
        before=_values(replaced) if replaced else None,
        after=_values(stored),
    )
    return OutcomeReceipt(stored, replaced, pattern_created=exists is None)


def _entity(key: Key) -> str:
    label, start, end = key
    return f"suggestion:{label}:{start}-{end}"


def forget_outcome(conn: Connection, receipt: OutcomeReceipt, *, actor: str) -> None:
    """The exact inverse of the recording that returned ``receipt`` (undo): refused as stale
    if the stored decision is no longer the one it wrote."""
    stored = receipt.stored
    current = _read_record(conn, stored.document_id, stored.annotator, stored.key)
    if current is None or (current.outcome, current.decided_at) != (
        stored.outcome,
        stored.decided_at,
    ):
        raise _stale(stored.key)
    _delete_record(conn, current)
    if receipt.replaced is not None:
        _write_record(conn, receipt.replaced)
    _tally(conn, stored.label, stored.text, stored.outcome, -1)
    if receipt.pattern_created:
        conn.execute(
            delete(_pattern).where(
                _pattern.c.label == stored.label,
                _pattern.c.text == stored.text,
                _pattern.c.accepted <= 0,
                _pattern.c.rejected <= 0,
            )
        )
    log_change(
        conn,
        annotator=actor,
        action=FORGET_ACTION,
        document_id=stored.document_id,
        entity_uid=_entity(stored.key),
        before=_values(stored),
        after=_values(receipt.replaced) if receipt.replaced else None,
    )


def merge_patterns(
    conn: Connection, patterns: Iterable[LearnedPattern], *, actor: str, source: str
) -> int:
    """Merge shared patterns (a native file's header) idempotently: a new (label, text) is
    added as given; a known one keeps its attributes and takes, per tally, the larger of the
    stored and the given count. Importing the same file twice changes nothing the second
    time. Returns how many rows were added or raised."""
    changed = 0
    for pattern in patterns:
        stored = _stored_pattern(conn, pattern.label, pattern.text)
        if stored is None:
            _add_pattern(conn, pattern)
            changed += 1
            continue
        (merged,) = combine_patterns([[stored], [pattern]])  # the rule merge files follow too
        if merged != stored:
            conn.execute(
                update(_pattern)
                .where(_pattern.c.label == pattern.label, _pattern.c.text == pattern.text)
                .values(accepted=merged.accepted, rejected=merged.rejected)
            )
            changed += 1
    if changed:
        log_change(
            conn,
            annotator=actor,
            action=PATTERNS_IMPORT_ACTION,
            after={"source": source, "patterns": changed},
        )
    return changed
