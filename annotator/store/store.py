"""The store facade: one object per open database; every method is one transaction.

GUI, CLI and core commands call these methods; none of them sees a connection or SQL.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.pool import StaticPool

from annotator import __version__
from annotator.core.bundled import as_current
from annotator.core.display import printable_path
from annotator.core.model import (
    ChangeEntry,
    Document,
    DocumentInfo,
    Relation,
    Span,
    Status,
    utc_now,
)
from annotator.core.records import ImportReport, NewDocument
from annotator.core.schema import LabelSchema, default_schema, loads_schema
from annotator.errors import BugError, UserError
from annotator.store import annotations as span_rows
from annotator.store import changelog, documents, opening, server_url
from annotator.store.assignment_methods import AssignmentMethods
from annotator.store.db import damaged_message, transaction
from annotator.store.server_url import Location, ServerUrl
from annotator.store.suggestion_methods import SuggestionMethods
from annotator.store.sync_methods import SyncMethods
from annotator.store.tables import META_TABLE
from annotator.store.watch import ChangeWatcher, WatchMethods

if TYPE_CHECKING:
    from annotator.core.schema_coverage import Coverage
    from annotator.store import bulk, health, streaming

# Exports, imports, doctor and schema switches load their modules when first used: the
# window opens without them (issue 9, item 12).

T = TypeVar("T")
DECISION_ACTION = "adjudication.decision"
_meta = META_TABLE


@dataclass(frozen=True)
class StoreStats:
    documents: int
    annotators: list[str]
    spans: dict[str, dict[str, int]]  # annotator -> label -> count
    statuses: dict[str, dict[str, int]]  # annotator -> status -> count


class Store(SuggestionMethods, SyncMethods, AssignmentMethods, WatchMethods):
    """An open annotator database."""

    def __init__(self, location: Path | str | ServerUrl, *, write: bool = True) -> None:
        """``location``: an SQLite file, or a ``postgresql://`` URL (see ``server_url``)."""
        self.location: Location = server_url.location(location)
        self.read_only = not write
        self._closed = False
        opened = opening.open_location(self.location, write=write)
        self._engine = opened.engine
        self.backup_path = opened.backup_path
        # On a team server (see server_roles): who this store writes as, and whether as the lead.
        self.team_role, self.team_lead = opened.team_role, opened.team_lead
        self._local = threading.local()
        # How long a write waits for another connection's lock (None: BUSY_TIMEOUT_MS).
        self.write_wait_ms: int | None = None
        self._schema: LabelSchema | None = None
        try:
            if opened.created:
                with self._write() as conn:
                    self._write_meta(conn, "created_at", utc_now())
                    self._write_meta(conn, "created_by", f"annotator {__version__}")
                    self._store_schema(conn, default_schema())
            self._watcher = ChangeWatcher(
                self.location,
                self._engine,
                seen_change_id=self._run(changelog.max_change_id, write=False),
                enabled=not opened.immutable and not isinstance(self._engine.pool, StaticPool),
            )
        except BaseException:
            self._engine.dispose()
            raise

    @classmethod
    def open(cls, location: Path | str | ServerUrl, *, write: bool = True) -> Store:
        """Open for writing (creating or migrating as needed), or read-only: a read-only
        store never writes a byte and refuses a place where no database exists.
        ``location`` is a file path or a ``postgresql://USER@HOST:PORT/DBNAME`` URL."""
        return cls(location, write=write)

    @property
    def file(self) -> Path | None:
        """The SQLite file, or None for a database on a server."""
        return self.location if isinstance(self.location, Path) else None

    @property
    def path(self) -> Path:
        """The SQLite file (a store on a server has none: see ``file`` and ``name``)."""
        if not isinstance(self.location, Path):
            raise BugError(f"{self.location}: a database on a server has no file")
        return self.location

    @property
    def name(self) -> str:
        """Where the database is, fit to print (a server URL without any password)."""
        return (
            printable_path(self.location) if isinstance(self.location, Path) else str(self.location)
        )

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        self._watcher.close()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- plumbing ------------------------------------------------------------------------

    def _write(self) -> AbstractContextManager[Connection]:
        if self.read_only:
            raise BugError(f"{self.name}: a write through a read-only store")
        return transaction(self._engine, self.location, write=True, wait_ms=self.write_wait_ms)

    def _read(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.location, write=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Every store call inside shares one write transaction: one user action (or one
        undo or redo of it) is written whole or, on any error, not at all. Nests."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._write() as conn:
            low = changelog.max_change_id(conn)
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None
            high = changelog.max_change_id(conn)
        self._watcher.own(low, high)

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            return work(current)
        if write:
            with self.unit_of_work():
                return work(self._local.conn)
        with self._read() as conn, self._readable():
            return work(conn)

    @contextmanager
    def _readable(self) -> Iterator[None]:
        # Stored JSON or enum values that do not parse can only come from damage (or another
        # program's writes): say so, with the way to a backup, rather than crash.
        try:
            yield
        except ValueError as exc:
            raise UserError(
                damaged_message(self.location, f"unreadable stored value: {exc}")
            ) from exc

    @staticmethod
    def _write_meta(conn: Connection, key: str, value: str) -> None:
        conn.execute(_meta.delete().where(_meta.c.key == key))
        conn.execute(_meta.insert().values(key=key, value=value))

    # ---- label schema ----------------------------------------------------------------------

    def _store_schema(self, conn: Connection, schema: LabelSchema) -> None:
        raw = json.dumps(schema.to_json(), ensure_ascii=False, sort_keys=True)
        self._write_meta(conn, "label_schema", raw)
        self._write_meta(conn, "label_schema_id", schema.id)
        self._write_meta(conn, "label_schema_version", schema.version)
        self._write_meta(conn, "label_schema_sha256", schema.sha256)

    @property
    def schema(self) -> LabelSchema:
        """The label schema this database uses (recorded in the database itself)."""
        if self._schema is None:
            with self._read() as conn, self._readable():
                keys = ("label_schema", "label_schema_sha256")
                rows = conn.execute(select(_meta).where(_meta.c.key.in_(keys))).all()
            found = {row.key: row.value for row in rows}
            if "label_schema" not in found:
                raise UserError(f"{self.name}: the database records no label schema")
            try:
                # Validated when stored: unchanged since (same digest), it is not again.
                stored = loads_schema(
                    found["label_schema"],
                    "the stored label schema",
                    validated_sha256=found.get("label_schema_sha256", ""),
                )
            except UserError as exc:  # it was valid when stored: this is damage
                raise UserError(damaged_message(self.location, str(exc))) from exc
            self._schema = as_current(stored)  # an earlier release of the bundled schema
        return self._schema

    def refresh_schema(self) -> LabelSchema:
        """Read the schema again if another process switched it (a reload after every
        import must not parse and validate an unchanged schema again)."""
        if self._schema is not None:
            with self._read() as conn:
                digest = conn.execute(
                    select(_meta.c.value).where(_meta.c.key == "label_schema_sha256")
                ).scalar()
            if digest == self._schema.sha256:
                return self._schema
        self._schema = None
        return self.schema

    def set_schema(
        self,
        schema: LabelSchema,
        *,
        actor: str,
        accept_gaps: Callable[[Coverage], None] | None = None,
    ) -> Coverage:
        """Switch to another label schema, in one transaction. If stored data uses labels,
        attributes, values or relation types ``schema`` lacks, the switch is refused with
        the list, unless ``accept_gaps`` is given: it is called with them (to write a report)
        before the switch commits, and a failure there cancels the switch."""
        with self._write() as conn:
            from annotator.store import usage

            found = usage.coverage(conn, schema)
            if not found.covered:
                if accept_gaps is None:
                    raise UserError(
                        f"schema {schema.id!r} {schema.version} does not cover the data in "
                        f"{self.name}: {found.summary()}"
                    )
                accept_gaps(found)
            old = self.readable_schema()  # a damaged one is replaced (and logged as null)
            if old is None or old.sha256 != schema.sha256:
                self._store_schema(conn, schema)
                changelog.log_change(
                    conn,
                    annotator=actor,
                    action="schema.set",
                    before=old and {"id": old.id, "version": old.version, "sha256": old.sha256},
                    after={"id": schema.id, "version": schema.version, "sha256": schema.sha256},
                )
        self._schema = schema
        return found

    def meta(self) -> dict[str, str]:
        with self._read() as conn, self._readable():
            rows = conn.execute(select(_meta.c.key, _meta.c.value)).all()
        return {row.key: row.value for row in rows if row.key != "label_schema"}

    # ---- documents ---------------------------------------------------------------------------

    def import_documents(
        self, docs: Sequence[NewDocument], *, actor: str, source: str
    ) -> ImportReport:
        """Add one file's documents atomically: all of them or, on any error, none."""
        return self._run(
            lambda conn: documents.import_documents(conn, docs, actor=actor, source=source),
            write=True,
        )

    def import_files(
        self, files: Sequence[tuple[str, Sequence[NewDocument]]], *, actor: str
    ) -> ImportReport:
        """Add several checked files in one transaction (one fsync for a folder of small
        files); each file is still whole or absent, since the batch is all or nothing."""

        return self._run(lambda conn: documents.import_files(conn, files, actor=actor), write=True)

    @contextmanager
    def import_session(
        self, *, actor: str, isolate_files: bool = False
    ) -> Iterator[streaming.ImportSession]:
        """A streaming import run in one write transaction (see ``store.streaming``):
        committed when the block ends normally, rolled back whole if it raises."""
        with self.unit_of_work():
            conn = self._local.conn
            from annotator.store import streaming

            session = streaming.ImportSession(conn, actor=actor, isolate_files=isolate_files)
            try:
                yield session
                session.finish()
            finally:
                session.close()

    def document_count(self) -> int:
        return self._run(documents.document_count, write=False)

    def list_documents(self) -> list[DocumentInfo]:
        return self._run(documents.list_documents, write=False)

    def document(self, document_id: int) -> Document:
        return self._run(lambda conn: documents.get_document(conn, document_id), write=False)

    def find_document(self, key: str) -> Document | None:
        """By doc_id or text_sha256."""
        return self._run(lambda conn: documents.find_document(conn, key), write=False)

    # ---- annotations -------------------------------------------------------------------------

    def annotators(self) -> list[str]:
        return self._run(span_rows.annotator_names, write=False)

    def spans(self, document_id: int, annotator: str | None = None) -> list[Span]:
        return self._run(lambda conn: span_rows.spans_of(conn, document_id, annotator), write=False)

    def span_totals(self) -> dict[int, int]:
        """document id -> number of spans (all annotators)."""
        return self._run(documents.span_totals, write=False)

    def document_summaries(self, annotator: str) -> dict[int, tuple[dict[str, int], str]]:
        """document id -> (spans per label, last edit) for one annotator."""
        return self._run(lambda conn: documents.summaries(conn, annotator), write=False)

    def span(self, uid: str) -> Span:
        return self._run(lambda conn: span_rows.get_span(conn, uid), write=False)

    def find_span(self, uid: str) -> Span | None:
        return self._run(lambda conn: span_rows.find_span(conn, uid), write=False)

    def attribute_values(self, label: str, attribute: str, limit: int = 200) -> list[str]:
        """Text values used before for an attribute, most used first (for completion)."""
        return self._run(
            lambda conn: span_rows.used_values(conn, label, attribute, limit), write=False
        )

    def relations(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        return self._run(
            lambda conn: span_rows.relations_of(conn, document_id, annotator), write=False
        )

    def add_span(self, span: Span, *, actor: str | None = None) -> Span:
        return self._run(
            lambda conn: span_rows.insert_span(conn, span, actor=actor or span.annotator),
            write=True,
        )

    def update_span(self, span: Span, *, actor: str | None = None) -> Span:
        return self._run(
            lambda conn: span_rows.replace_span(conn, span, actor=actor or span.annotator),
            write=True,
        )

    def delete_span(self, uid: str, *, actor: str, version: int = 0) -> Span:
        """Delete a span still at ``version`` (0: whatever is stored) with its links."""
        return self._run(
            lambda conn: span_rows.remove_span(conn, uid, actor=actor, version=version),
            write=True,
        )

    def add_relation(self, relation: Relation, *, actor: str | None = None) -> Relation:
        return self._run(
            lambda conn: span_rows.insert_relation(
                conn, relation, actor=actor or relation.annotator
            ),
            write=True,
        )

    def delete_relation(self, uid: str, *, actor: str) -> None:
        self._run(lambda conn: span_rows.remove_relation(conn, uid, actor=actor), write=True)

    def status(self, document_id: int, annotator: str) -> Status:
        return self._run(
            lambda conn: span_rows.status_of(conn, document_id, annotator), write=False
        )

    def statuses(self) -> dict[int, dict[str, tuple[Status, str]]]:
        """document id -> annotator -> (status, updated_at) for every recorded status."""
        return self._run(lambda conn: span_rows.statuses_of(conn), write=False)

    def set_status(
        self,
        document_id: int,
        annotator: str,
        status: Status,
        *,
        actor: str | None = None,
        expected: Status | None = None,
    ) -> Status:
        """Returns the previous status; refused if it is not ``expected`` (when given)."""
        return self._run(
            lambda conn: span_rows.write_status(
                conn, document_id, annotator, status, actor=actor or annotator, expected=expected
            ),
            write=True,
        )

    # ---- whole-corpus reads ----------------------------------------------------------------------

    def annotation_sets(
        self,
        *,
        annotators: Collection[str] | None = None,
        statuses: Collection[Status] | None = None,
    ) -> Iterator[bulk.AnnotationSet]:
        with self._read() as conn, self._readable():
            from annotator.store import bulk

            yield from bulk.annotation_sets(conn, annotators=annotators, statuses=statuses)

    def stats(self) -> StoreStats:
        def work(conn: Connection) -> StoreStats:
            return StoreStats(
                documents=documents.document_count(conn),
                annotators=span_rows.annotator_names(conn),
                spans=documents.span_counts(conn),
                statuses=documents.status_counts(conn),
            )

        return self._run(work, write=False)

    def record_decision(
        self, document_id: int, conflict_id: str, decision: str | None, *, actor: str
    ) -> None:
        """Note an adjudication decision that leaves no span behind (a rejection) in the
        audit trail; ``None`` withdraws it (undo). The latest entry per conflict counts."""
        self._run(
            lambda conn: changelog.log_change(
                conn,
                annotator=actor,
                action=DECISION_ACTION,
                document_id=document_id,
                entity_uid=conflict_id,
                after=decision,
            ),
            write=True,
        )

    def decisions(self, document_id: int) -> dict[str, str]:
        """conflict id -> the latest recorded decision for one document."""
        return self._run(
            lambda conn: changelog.latest_by_entity(conn, document_id, DECISION_ACTION),
            write=False,
        )

    def changes(self, *, document_id: int | None = None, limit: int = 100) -> list[ChangeEntry]:
        return self._run(
            lambda conn: changelog.read_changes(conn, document_id=document_id, limit=limit),
            write=False,
        )

    # ---- health (annotator doctor) ---------------------------------------------------------

    def check_health(self) -> health.HealthReport:
        """Every check of ``annotator doctor``, in one read transaction (SQLite files only)."""
        if self.file is None:
            raise UserError(f"{self.name}: doctor checks SQLite files; not on PostgreSQL")
        with self._read() as conn:
            from annotator.store import health

            return health.check_database(conn)

    def readable_schema(self) -> LabelSchema | None:
        """The label schema in use, or None when what is stored cannot be read (damage that
        doctor reports, and that switching to a schema file repairs)."""
        try:
            return self.schema
        except UserError:
            return None

    def schema_coverage(self, schema: LabelSchema) -> Coverage:
        """What stored data ``schema`` does not cover (labels, attributes, relation types)."""
        with self._read() as conn:
            from annotator.store import usage

            return usage.coverage(conn, schema)


__all__ = ["Store", "StoreStats"]
