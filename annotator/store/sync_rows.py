"""Offline sync's reads and writes on the caller's connection and transaction (issue 12).

Rows are matched across databases by ``doc_id`` and by span and relation ``uid``, never by
numeric id: two databases number their rows independently (and a server may hand them out
from sequences). An annotator's work on a document is written as the difference from what is
stored, each span, relation, status and outcome change logged like a hand-made one, so the
audit trail keeps every value a sync replaced and open windows hear the documents change.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from annotator.core.model import Document, utc_now
from annotator.core.sync import (
    Base,
    OutcomeValues,
    RelationValues,
    SetChange,
    SetContent,
    SpanValues,
    span_changed,
)
from annotator.store.annotation_sets import annotator_ids
from annotator.store.changelog import log_change
from annotator.store.dialect import run
from annotator.store.json_columns import to_json
from annotator.store.suggestions import FORGET_ACTION, RECORD_ACTION

BASE_ACTION = "sync.base"
_IN_CHUNK = 900  # under SQLite's bound-parameter limit


def _in_chunks(
    conn: Connection, sql: str, first: tuple[Any, ...], values: Collection[Any]
) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (holding one ``IN ({})`` after the parameters ``first``) for every
    value, asked in chunks."""
    found: list[tuple[Any, ...]] = []
    unique = list(dict.fromkeys(values))
    for at in range(0, len(unique), _IN_CHUNK):
        chunk = tuple(unique[at : at + _IN_CHUNK])
        marks = ",".join("?" * len(chunk))
        found.extend(tuple(row) for row in run(conn, sql.format(marks), first + chunk))
    return found


def document_keys(conn: Connection) -> dict[str, tuple[int, str]]:
    """doc_id -> (row id, text_sha256) of every document."""
    rows: Any = run(conn, "SELECT doc_id, id, text_sha256 FROM document")
    return {str(doc_id): (int(row_id), str(sha)) for doc_id, row_id, sha in rows}


def assigned_doc_ids(conn: Connection, annotator: str) -> set[str] | None:
    """The doc_ids handed to ``annotator``; None when nothing is assigned to anyone (then
    every annotator works on every document)."""
    if run(conn, "SELECT 1 FROM assignment LIMIT 1").first() is None:
        return None
    rows = run(
        conn,
        "SELECT d.doc_id FROM assignment s JOIN document d ON d.id = s.document_id "
        "JOIN annotator a ON a.id = s.annotator_id WHERE a.name = ?",
        (annotator,),
    )
    return {str(doc_id) for (doc_id,) in rows}


def documents(conn: Connection, row_ids: Collection[int]) -> list[Document]:
    """The documents of ``row_ids``, in row order."""
    sql = (
        "SELECT id, doc_id, title, text, text_sha256, meta, created_at FROM document "
        "WHERE id IN ({}) ORDER BY id"
    )
    return [
        Document(row_id, doc_id, title, text, sha, json.loads(meta), created_at)
        for row_id, doc_id, title, text, sha, meta, created_at in _in_chunks(conn, sql, (), row_ids)
    ]


_SPANS = (
    'SELECT document_id, uid, label, start, "end", text, attributes, note, created_at, '
    "updated_at, provenance, version FROM span WHERE annotator_id = ? AND document_id IN ({})"
)
_RELATIONS = (
    "SELECT r.document_id, r.uid, r.type, f.uid, t.uid FROM relation r "
    "JOIN span f ON f.id = r.from_span_id JOIN span t ON t.id = r.to_span_id "
    "WHERE r.annotator_id = ? AND r.document_id IN ({})"
)
_STATUSES = (
    "SELECT document_id, status, updated_at FROM document_status "
    "WHERE annotator_id = ? AND document_id IN ({})"
)
_OUTCOMES = (
    'SELECT document_id, label, start, "end", text, attributes, suggester, score, outcome, '
    "decided_at FROM suggestion_outcome WHERE annotator_id = ? AND document_id IN ({})"
)


def read_sets(conn: Connection, annotator: str, row_ids: Collection[int]) -> dict[int, SetContent]:
    """row id -> ``annotator``'s work on that document (empty sets for documents without)."""
    owner = annotator_ids(conn, [annotator], create=False).get(annotator)
    if owner is None or not row_ids:
        return {row_id: SetContent() for row_id in row_ids}
    spans: dict[int, list[SpanValues]] = defaultdict(list)
    for row in _in_chunks(conn, _SPANS, (owner,), row_ids):
        spans[int(row[0])].append(row[1:])
    relations: dict[int, list[RelationValues]] = defaultdict(list)
    for row in _in_chunks(conn, _RELATIONS, (owner,), row_ids):
        relations[int(row[0])].append(row[1:])
    statuses = {
        int(row[0]): (str(row[1]), str(row[2]))
        for row in _in_chunks(conn, _STATUSES, (owner,), row_ids)
    }
    outcomes: dict[int, list[OutcomeValues]] = defaultdict(list)
    for row in _in_chunks(conn, _OUTCOMES, (owner,), row_ids):
        outcomes[int(row[0])].append(row[1:])
    # Sorted here, in code-point order: the engines' collations differ.
    return {
        row_id: SetContent(
            spans=tuple(sorted(spans.get(row_id, ()))),
            relations=tuple(sorted(relations.get(row_id, ()))),
            status=statuses[row_id][0] if row_id in statuses else None,
            status_updated_at=statuses[row_id][1] if row_id in statuses else "",
            outcomes=tuple(sorted(outcomes.get(row_id, ()), key=lambda o: o[:3])),
        )
        for row_id in row_ids
    }


def _taken_uids(conn: Connection, table: str, uids: Collection[str]) -> set[str]:
    sql = f"SELECT uid FROM {table} WHERE uid IN ({{}})"
    return {str(uid) for (uid,) in _in_chunks(conn, sql, (), uids)}


def _span_log(values: SpanValues) -> dict[str, Any]:
    """A span's values as the change log holds them (as ``annotations`` logs an edit)."""
    return {
        "label": values[1], "start": values[2], "end": values[3], "text": values[4],
        "attributes": json.loads(values[5]), "note": values[6],
        "provenance": json.loads(values[9]) if values[9] else None,
    }  # fmt: skip


def _outcome_log(annotator: str, values: OutcomeValues) -> dict[str, Any]:
    return {
        "annotator": annotator, "label": values[0], "start": values[1], "end": values[2],
        "text": values[3], "attributes": json.loads(values[4]), "suggester": values[5],
        "score": values[6], "outcome": values[7],
    }  # fmt: skip


_INSERT_SPAN = (
    'INSERT INTO span (uid, label, start, "end", text, attributes, note, created_at, '
    "updated_at, provenance, version, document_id, annotator_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE_SPAN = (
    'UPDATE span SET label = ?, start = ?, "end" = ?, text = ?, attributes = ?, note = ?, '
    "created_at = ?, updated_at = ?, provenance = ?, version = ? WHERE uid = ?"
)
_INSERT_RELATION = (
    "INSERT INTO relation (uid, type, from_span_id, to_span_id, document_id, annotator_id) "
    "SELECT ?, ?, f.id, t.id, ?, ? FROM span f, span t WHERE f.uid = ? AND t.uid = ?"
)
_INSERT_OUTCOME = (
    'INSERT INTO suggestion_outcome (label, start, "end", text, attributes, suggester, score, '
    "outcome, decided_at, document_id, annotator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_DELETE_OUTCOME = (
    "DELETE FROM suggestion_outcome WHERE document_id = ? AND annotator_id = ? AND label = ? "
    'AND start = ? AND "end" = ?'
)


@dataclass(frozen=True)
class SetWrite:
    """Make an annotator's work on document ``row_id`` equal ``content``, if what is stored
    still has the fingerprint ``expected`` (None: unchecked). ``summary`` goes into the one
    change-log entry naming the set's sync."""

    row_id: int
    content: SetContent
    expected: str | None
    summary: Mapping[str, Any]


def write_sets(
    conn: Connection, annotator: str, writes: Sequence[SetWrite], *, actor: str, action: str
) -> dict[int, SetChange | str]:
    """Write each set as its difference from what is stored; row id -> what changed, or why
    that set was left alone before any of its writes (the stored work moved on since it was
    compared, or a uid it adds is another's here). What is stored, and which added uids are
    taken, is read for all the sets at once: a push is a few round trips per batch."""
    if not writes:
        return {}
    current = read_sets(conn, annotator, [item.row_id for item in writes])
    added_spans, added_relations = set(), set()
    for item in writes:
        stored = current[item.row_id]
        added_spans |= {span[0] for span in item.content.spans} - {s[0] for s in stored.spans}
        added_relations |= {r[0] for r in item.content.relations} - {r[0] for r in stored.relations}
    taken = _taken_uids(conn, "span", added_spans) | _taken_uids(conn, "relation", added_relations)
    owner = annotator_ids(conn, [annotator], create=True)[annotator]
    results: dict[int, SetChange | str] = {}
    for item in writes:
        stored = current[item.row_id]
        if item.expected is not None and stored.fingerprint() != item.expected:
            results[item.row_id] = "it changed while syncing; run sync again"
            continue
        clash = taken & (
            {span[0] for span in item.content.spans}
            | {relation[0] for relation in item.content.relations}
        )
        if clash:
            results[item.row_id] = f"id {min(clash)!r} is used by other work there"
            continue
        log = _Log(conn, actor, item.row_id, owner, annotator)
        results[item.row_id] = _write_set(log, stored, item.content)
        log.add(action, annotator, after=item.summary)
        log.flush()
    return results


def _write_set(log: _Log, current: SetContent, content: SetContent) -> SetChange:
    conn, row_id, owner = log.conn, log.row_id, log.owner
    old_spans = {span[0]: span for span in current.spans}
    new_spans = {span[0]: span for span in content.spans}
    old_relations = {relation[0]: relation for relation in current.relations}
    new_relations = {relation[0]: relation for relation in content.relations}
    added_spans = [uid for uid in new_spans if uid not in old_spans]
    gone_relations = [uid for uid, old in old_relations.items() if new_relations.get(uid) != old]
    for uid in gone_relations:
        run(conn, "DELETE FROM relation WHERE uid = ?", (uid,))
        log.add("relation.delete", uid, before={"type": old_relations[uid][1]})
    for uid, old in old_spans.items():
        if uid not in new_spans:
            run(conn, "DELETE FROM span WHERE uid = ?", (uid,))
            log.add("span.delete", uid, before=_span_log(old))
    changed = 0
    for uid, new in new_spans.items():
        old_span = old_spans.get(uid)
        if old_span is not None and span_changed(old_span, new):
            run(conn, _UPDATE_SPAN, (*new[1:], uid))
            log.add("span.update", uid, before=_span_log(old_span), after=_span_log(new))
            changed += 1
    if added_spans:
        run(conn, _INSERT_SPAN, [(*new_spans[uid], row_id, owner) for uid in added_spans])
        for uid in added_spans:
            log.add("span.create", uid, after=_span_log(new_spans[uid]))
    fresh_relations = [uid for uid, new in new_relations.items() if old_relations.get(uid) != new]
    for uid in fresh_relations:
        _, kind, source, target = new_relations[uid]
        run(conn, _INSERT_RELATION, (uid, kind, row_id, owner, source, target))
        log.add("relation.create", uid, after={"type": kind, "from": source, "to": target})
    status_moved = _write_status(log, current, content)
    outcomes = _write_outcomes(log, current, content)
    return SetChange(
        spans=len(added_spans) + changed + len(old_spans.keys() - new_spans.keys()),
        relations=len(gone_relations) + len(fresh_relations),
        status=status_moved,
        outcomes=outcomes,
    )


def _write_status(log: _Log, current: SetContent, content: SetContent) -> bool:
    before, after = current.status or "todo", content.status or "todo"
    if before == after:
        return False
    conn, row_id, owner = log.conn, log.row_id, log.owner
    run(
        conn,
        "DELETE FROM document_status WHERE document_id = ? AND annotator_id = ?",
        (row_id, owner),
    )
    if content.status is not None:
        run(
            conn,
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (row_id, owner, content.status, content.status_updated_at),
        )
    log.add("status.set", log.annotator, before=before, after=after)
    return True


def _write_outcomes(log: _Log, current: SetContent, content: SetContent) -> int:
    conn, row_id, owner, annotator = log.conn, log.row_id, log.owner, log.annotator
    old = {outcome[:3]: outcome for outcome in current.outcomes}
    new = {outcome[:3]: outcome for outcome in content.outcomes}
    moved = 0
    for key, values in old.items():
        if new.get(key) != values:
            run(conn, _DELETE_OUTCOME, (row_id, owner, *key))
            if key not in new:
                log.add(FORGET_ACTION, _entity(key), before=_outcome_log(annotator, values))
                moved += 1
    for key, values in new.items():
        if old.get(key) != values:
            run(conn, _INSERT_OUTCOME, (*values, row_id, owner))
            previous = old.get(key)
            log.add(
                RECORD_ACTION,
                _entity(key),
                before=_outcome_log(annotator, previous) if previous else None,
                after=_outcome_log(annotator, values),
            )
            moved += 1
    return moved


def _entity(key: tuple[str, int, int]) -> str:
    label, start, end = key
    return f"suggestion:{label}:{start}-{end}"


class _Log:
    """Where one set is written (connection, document, owner), and its change-log entries,
    written together at the end."""

    def __init__(
        self, conn: Connection, actor: str, row_id: int, owner: int, annotator: str
    ) -> None:
        self.conn, self.row_id, self.owner, self.annotator = conn, row_id, owner, annotator
        self._actor = actor
        self._entries: list[tuple[str, str, Any, Any]] = []

    def add(self, action: str, uid: str, *, before: Any = None, after: Any = None) -> None:
        self._entries.append((action, uid, before, after))

    def flush(self) -> None:
        # One statement for the lot: a first push of a large set logs one entry per span.
        now = utc_now()
        rows = [
            (now, self._actor, action, self.row_id, uid, _json(before), _json(after))
            for action, uid, before, after in self._entries
        ]
        if rows:
            run(conn=self.conn, sql=_INSERT_CHANGE, parameters=rows)


def _json(value: Any) -> str | None:
    return None if value is None else to_json(value)


_INSERT_CHANGE = (
    "INSERT INTO change_log (at, annotator, action, document_id, entity_uid, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def bases(conn: Connection, annotator: str, server: str) -> dict[int, Base]:
    """row id -> the latest base recorded for ``annotator``'s work with ``server``."""
    rows: Any = run(
        conn,
        "SELECT document_id, after FROM change_log WHERE action = ? AND entity_uid = ? ORDER BY id",
        (BASE_ACTION, annotator),
    )
    found: dict[int, Base] = {}
    for row_id, after in rows:
        values = json.loads(after)
        if values.get("server") == server:
            found[int(row_id)] = Base(values["agreed"], values.get("pending"))
    return found


def record_bases(
    conn: Connection, annotator: str, server: str, items: Mapping[int, Base], *, actor: str
) -> None:
    for row_id, base in items.items():
        log_change(
            conn,
            annotator=actor,
            action=BASE_ACTION,
            document_id=row_id,
            entity_uid=annotator,
            after={"server": server, "agreed": base.agreed, "pending": base.pending},
        )
