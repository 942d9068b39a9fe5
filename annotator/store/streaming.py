"""Streaming imports: a whole import run in one write transaction, documents in batches.

Importers hand over documents one at a time, so memory grows with a batch, never with a file.
Checks that span records (a doc_id given to two texts, one annotator twice on one text) are
asked of the database, which holds everything this run has added so far. The caller decides
what a failure undoes: without isolation any error rolls back the whole run; with it
(``--skip-bad``) each file runs in a savepoint, and a bad file is rolled back alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from annotator.core.model import utc_now
from annotator.core.records import ImportReport, NewAnnotationSet, NewDocument
from annotator.errors import UserError
from annotator.store import annotation_sets
from annotator.store.changelog import log_changes
from annotator.store.dialect import on_server, run
from annotator.store.json_columns import to_json

# A batch is flushed at this many documents or characters of text, whichever comes first.
BATCH_DOCUMENTS = 500
BATCH_CHARACTERS = 4_000_000
NOTES_LIMIT = 200
CACHE_KIB = 64 * 1024
DEFAULT_CACHE = -2000  # SQLite's default: 2,000 KiB
_IN_CHUNK = 900  # under SQLite's bound-parameter limit


@dataclass
class _Pending:
    doc: NewDocument
    file: int  # index of the file it came from, in this run


def _max_id(conn: Connection, table: str) -> int:
    return int(run(conn, f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one())


def _rows(conn: Connection, column: str, values: list[str]) -> list[tuple[Any, ...]]:
    """(value, id, other) of the stored documents whose ``column`` is one of ``values``, where
    ``other`` is the doc_id when looking up by text_sha256 and the text_sha256 otherwise."""
    other = "doc_id" if column == "text_sha256" else "text_sha256"
    found: list[tuple[Any, ...]] = []
    unique = list(dict.fromkeys(values))
    for first in range(0, len(unique), _IN_CHUNK):
        chunk = unique[first : first + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {column}, id, {other} FROM document WHERE {column} IN ({marks})"
        found.extend(run(conn, sql, tuple(chunk)).all())
    return found


class ImportSession:
    """One import run. Use ``file(source)`` for each file and ``add`` for its documents."""

    def __init__(self, conn: Connection, *, actor: str, isolate_files: bool) -> None:
        self.conn = conn
        self.actor = actor
        self.isolate_files = isolate_files
        self.report = ImportReport()
        # A large import touches index pages all over the file; SQLite's default cache (2 MB)
        # would keep re-reading them. Bounded, and only for this connection's session.
        if not on_server(conn):  # the server's buffers are its own to size
            run(conn, f"PRAGMA cache_size = -{CACHE_KIB}")
        self._first_new_doc = _max_id(conn, "document") + 1  # rows from here are this run's
        self._batch: list[_Pending] = []
        self._batch_characters = 0
        self._file = -1
        self._sources: list[str] = []
        self._file_changes = 0  # change_log ids above this belong to the current file
        self._file_has_annotations = False
        self._previous_sha = ""
        self._more_notes = 0

    def _note(self, note: str) -> None:
        # Bounded: re-importing a large file could otherwise keep a note per record.
        if len(self.report.notes) < NOTES_LIMIT:
            self.report.notes.append(note)
        else:
            self._more_notes += 1

    @contextmanager
    def file(self, source: str) -> Iterator[None]:
        """The documents added inside belong to ``source``: with ``isolate_files`` they are
        stored whole or, if anything raises, not at all (the rest of the run goes on)."""
        if self.isolate_files:
            self._flush()  # earlier files' documents are not part of this savepoint
            run(self.conn, "SAVEPOINT import_file")
        self._file += 1
        self._sources.append(source)
        self._file_has_annotations = False
        mark = (self.report.added, self.report.skipped, len(self.report.notes))
        counts = (
            self.report.annotation_sets_added,
            self.report.annotation_sets_skipped,
            self.report.spans_added,
        )
        try:
            yield
            # Annotation sets are checked against what this file added before: flush them
            # before the next file starts. Plain documents may share a batch across files.
            if self.isolate_files or self._file_has_annotations:
                self._flush()
        except BaseException:
            if self.isolate_files:
                self._batch.clear()
                self._batch_characters = 0
                run(self.conn, "ROLLBACK TO SAVEPOINT import_file")
                run(self.conn, "RELEASE SAVEPOINT import_file")
                self.report.added, self.report.skipped = mark[0], mark[1]
                del self.report.notes[mark[2] :]
                (
                    self.report.annotation_sets_added,
                    self.report.annotation_sets_skipped,
                    self.report.spans_added,
                ) = counts
            raise
        if self.isolate_files:
            run(self.conn, "RELEASE SAVEPOINT import_file")
        self.report.files += 1

    def add(self, doc: NewDocument) -> None:
        """Queue one checked document of the current file; stored when the batch fills."""
        if doc.annotations and not self._file_has_annotations:
            # Taken before this file's first annotation set is stored (earlier files' sets
            # were stored when they ended): change_log ids above it are this file's.
            self._file_changes = _max_id(self.conn, "change_log")
            self._file_has_annotations = True
        self._batch.append(_Pending(doc, self._file))
        self._batch_characters += len(doc.text)
        if len(self._batch) >= BATCH_DOCUMENTS or self._batch_characters >= BATCH_CHARACTERS:
            self._flush()

    def close(self) -> None:
        """Give the pooled connection its default page cache back."""
        if not on_server(self.conn):
            run(self.conn, f"PRAGMA cache_size = {DEFAULT_CACHE}")

    def finish(self) -> ImportReport:
        """Store what is still queued; the caller's transaction then commits."""
        self._flush()
        if self._more_notes:
            self.report.notes.append(f"... and {self._more_notes} more notes like these")
        return self.report

    # ---- storing a batch ---------------------------------------------------------------------

    def _flush(self) -> None:
        batch, self._batch, self._batch_characters = self._batch, [], 0
        if not batch:
            return
        try:
            row_ids = self._insert_documents(batch)
            self._add_sets(
                [
                    (pending.doc, row_ids[pending.doc.text_sha256], work)
                    for pending in batch
                    for work in pending.doc.annotations
                ]
            )
        except IntegrityError as exc:
            raise UserError(f"{batch[0].doc.source}: refused by the database: {exc.orig}") from exc

    def _insert_documents(self, batch: list[_Pending]) -> dict[str, int]:
        """Insert the new documents of ``batch``; text_sha256 -> row id of every document."""
        docs = [pending.doc for pending in batch]
        shas = [doc.text_sha256 for doc in docs]
        by_sha = {sha: (row, doc_id) for sha, row, doc_id in _rows(self.conn, "text_sha256", shas)}
        ids = [doc.doc_id for doc in docs]
        by_id = {doc_id: (row, sha) for doc_id, row, sha in _rows(self.conn, "doc_id", ids)}
        new: list[_Pending] = []
        pending_sha: dict[str, str] = {}  # sha -> doc_id of this batch's new documents
        pending_id: dict[str, str] = {}  # doc_id -> sha of the same
        now = utc_now()
        for item in batch:
            doc = item.doc
            stored = by_sha.get(doc.text_sha256)
            kept = stored[1] if stored is not None else pending_sha.get(doc.text_sha256)
            previous, self._previous_sha = self._previous_sha, doc.text_sha256
            if kept is not None:
                this_run = stored is None or stored[0] >= self._first_new_doc
                # Another annotator's record of a text just added or just counted joins it;
                # anything else is a document already present.
                joins = bool(doc.annotations) and (this_run or previous == doc.text_sha256)
                self.report.skipped += not joins
                if kept != doc.doc_id and this_run:
                    self._note(
                        f"{doc.source}: same text as doc_id {kept!r} earlier in this import; "
                        f"kept {kept!r}"
                    )
                continue
            owner = by_id.get(doc.doc_id)
            if owner is not None or doc.doc_id in pending_id:
                earlier = owner is None or owner[0] >= self._first_new_doc
                where = "earlier in this import for" if earlier else "by a stored document with"
                raise UserError(
                    f"{doc.source}: doc_id {doc.doc_id!r} is already used {where} a different text"
                )
            pending_sha[doc.text_sha256] = doc.doc_id
            pending_id[doc.doc_id] = doc.text_sha256
            new.append(item)
        if new:
            run(
                self.conn,
                "INSERT INTO document (doc_id, title, text, text_sha256, length, meta, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.doc.doc_id,
                        p.doc.title,
                        p.doc.text,
                        p.doc.text_sha256,
                        len(p.doc.text),
                        to_json(p.doc.meta) if p.doc.meta else "{}",
                        now,
                    )
                    for p in new
                ],
            )
            self.report.added += len(new)
            per_file: dict[int, int] = {}
            for p in new:
                per_file[p.file] = per_file.get(p.file, 0) + 1
            log_changes(
                self.conn,
                annotator=self.actor,
                action="documents.import",
                afters=[
                    {"source": self._sources[index], "documents": count}
                    for index, count in per_file.items()
                ],
            )
        if any(doc.annotations for doc in docs):
            fresh = [p.doc.text_sha256 for p in new]
            by_sha.update({sha: (row, d) for sha, row, d in _rows(self.conn, "text_sha256", fresh)})
        return {sha: row for sha, (row, _) in by_sha.items()}

    def _add_sets(self, sets: list[tuple[NewDocument, int, NewAnnotationSet]]) -> None:
        """Store the batch's annotation sets, skipping (with a note) those whose annotator
        already has work on the text. Every set of a batch comes from the current file (a
        file with sets is flushed when it ends), so a repeat inside the batch, or of a set
        this file stored in an earlier batch, is the same annotator twice in one file."""
        if not sets:
            return
        known = annotation_sets.annotator_ids(
            self.conn, (work.annotator for _, _, work in sets), create=False
        )
        stored = annotation_sets.pairs_with_work(
            self.conn,
            [(row, known[work.annotator]) for _, row, work in sets if work.annotator in known],
        )
        chosen: list[annotation_sets.SetToStore] = []
        in_batch: set[tuple[int, str]] = set()
        for doc, row_id, work in sets:
            key = (row_id, work.annotator)
            owner = known.get(work.annotator)
            earlier = owner is not None and (row_id, owner) in stored
            if key in in_batch or (earlier and self._added_by_this_file(row_id, work.annotator)):
                raise UserError(
                    f"{doc.source}: annotator {work.annotator!r} appears twice for this text in "
                    "this file"
                )
            if earlier:
                self.report.annotation_sets_skipped += 1
                self._note(
                    f"{doc.source}: {work.annotator!r} already has work on {doc.doc_id!r}; kept "
                    "the stored version"
                )
                continue
            in_batch.add(key)
            chosen.append(annotation_sets.SetToStore(row_id, work, doc.source))
        added = annotation_sets.store_annotation_sets(
            self.conn, chosen, actor=self.actor, known=known
        )
        self.report.annotation_sets_added += len(added)
        self.report.spans_added += sum(added)

    def _added_by_this_file(self, row_id: int, annotator: str) -> bool:
        found = run(
            self.conn,
            "SELECT 1 FROM change_log WHERE id > ? AND document_id = ? AND action = ? "
            "AND entity_uid = ? LIMIT 1",
            (self._file_changes, row_id, "annotations.import", annotator),
        ).first()
        return found is not None
