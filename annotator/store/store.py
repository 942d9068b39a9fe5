"""The store facade: one object per open database; every method is one transaction.

GUI, CLI and core commands call these methods; none of them sees a connection or SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from annotator import __version__
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
from annotator.core.schema import LabelSchema, default_schema, parse_schema
from annotator.errors import UserError
from annotator.store import annotations, bulk, changelog, documents, migrations
from annotator.store.db import make_engine, transaction, translated_errors
from annotator.store.tables import StoreMeta

T = TypeVar("T")
DECISION_ACTION = "adjudication.decision"
_meta = StoreMeta.__table__


@dataclass(frozen=True)
class StoreStats:
    documents: int
    annotators: list[str]
    spans: dict[str, dict[str, int]]  # annotator -> label -> count
    statuses: dict[str, dict[str, int]]  # annotator -> status -> count


class Store:
    """An open annotator database."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        self.path = path
        self.backup_path: Path | None = None
        migrations.check_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{path.parent}: cannot create the data folder ({exc})") from None
        self._engine = make_engine(path)
        try:
            self._open()
        except BaseException:
            self._engine.dispose()
            raise
        self._schema: LabelSchema | None = None

    @classmethod
    def open(cls, path: Path, *, write: bool = True) -> Store:
        """Open for writing (creating or migrating as needed), or read-only: a read-only
        store never writes a byte and refuses a path where no database exists."""
        return cls(path, write=write)

    def _open(self) -> None:
        with translated_errors(self.path):
            old_version = migrations.needs_backup(self._engine)
        if old_version is not None:
            self.backup_path = migrations.backup_copy(self.path, old_version)
        with self._write() as conn:
            created = migrations.prepare(conn, self.path)
            if created:
                self._write_meta(conn, "created_at", utc_now())
                self._write_meta(conn, "created_by", f"annotator {__version__}")
                self._store_schema(conn, default_schema())

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- plumbing ------------------------------------------------------------------------

    def _write(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.path, write=True)

    def _read(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.path, write=False)

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        with transaction(self._engine, self.path, write=write) as conn:
            try:
                return work(conn)
            except IntegrityError as exc:
                raise UserError(f"{self.path}: change refused by the database: {exc.orig}") from exc

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
            with self._read() as conn:
                row = conn.execute(
                    select(_meta.c.value).where(_meta.c.key == "label_schema")
                ).first()
            if row is None:
                raise UserError(f"{self.path}: the database records no label schema")
            self._schema = parse_schema(json.loads(row.value), f"{self.path}: label schema")
        return self._schema

    def set_schema(self, schema: LabelSchema, *, actor: str) -> None:
        """Switch to another label schema; refused if stored spans use labels it lacks."""
        with self._write() as conn:
            used = set(documents.span_label_names(conn))
            missing = sorted(used - {label.id for label in schema.labels})
            if missing:
                raise UserError(
                    f"schema {schema.id!r} lacks labels used by stored spans: {', '.join(missing)}"
                )
            old = self.schema
            self._store_schema(conn, schema)
            changelog.log_change(
                conn,
                annotator=actor,
                action="schema.set",
                before={"id": old.id, "version": old.version, "sha256": old.sha256},
                after={"id": schema.id, "version": schema.version, "sha256": schema.sha256},
            )
        self._schema = schema

    def meta(self) -> dict[str, str]:
        with self._read() as conn:
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
        return self._run(annotations.annotator_names, write=False)

    def spans(self, document_id: int, annotator: str | None = None) -> list[Span]:
        return self._run(
            lambda conn: annotations.spans_of(conn, document_id, annotator), write=False
        )

    def span_totals(self) -> dict[int, int]:
        """document id -> number of spans (all annotators)."""
        return self._run(documents.span_totals, write=False)

    def document_summaries(self, annotator: str) -> dict[int, tuple[dict[str, int], str]]:
        """document id -> (spans per label, last edit) for one annotator."""
        return self._run(lambda conn: documents.summaries(conn, annotator), write=False)

    def span(self, uid: str) -> Span:
        return self._run(lambda conn: annotations.get_span(conn, uid), write=False)

    def find_span(self, uid: str) -> Span | None:
        return self._run(lambda conn: annotations.find_span(conn, uid), write=False)

    def span_count(self, document_id: int, annotator: str | None = None) -> int:
        return self._run(
            lambda conn: annotations.count_spans(conn, document_id, annotator), write=False
        )

    def attribute_values(self, label: str, attribute: str, limit: int = 200) -> list[str]:
        """Text values used before for an attribute, most used first (for completion)."""
        return self._run(
            lambda conn: annotations.used_values(conn, label, attribute, limit), write=False
        )

    def relations(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        return self._run(
            lambda conn: annotations.relations_of(conn, document_id, annotator), write=False
        )

    def add_span(self, span: Span, *, actor: str | None = None) -> Span:
        return self._run(
            lambda conn: annotations.insert_span(conn, span, actor=actor or span.annotator),
            write=True,
        )

    def update_span(self, span: Span, *, actor: str | None = None) -> Span:
        return self._run(
            lambda conn: annotations.replace_span(conn, span, actor=actor or span.annotator),
            write=True,
        )

    def delete_span(self, uid: str, *, actor: str) -> Span:
        return self._run(lambda conn: annotations.remove_span(conn, uid, actor=actor), write=True)

    def add_relation(self, relation: Relation, *, actor: str | None = None) -> Relation:
        return self._run(
            lambda conn: annotations.insert_relation(
                conn, relation, actor=actor or relation.annotator
            ),
            write=True,
        )

    def delete_relation(self, uid: str, *, actor: str) -> None:
        self._run(lambda conn: annotations.remove_relation(conn, uid, actor=actor), write=True)

    def status(self, document_id: int, annotator: str) -> Status:
        return self._run(
            lambda conn: annotations.status_of(conn, document_id, annotator), write=False
        )

    def statuses(self) -> dict[int, dict[str, tuple[Status, str]]]:
        """document id -> annotator -> (status, updated_at) for every recorded status."""
        return self._run(lambda conn: annotations.statuses_of(conn), write=False)

    def set_status(
        self, document_id: int, annotator: str, status: Status, *, actor: str | None = None
    ) -> Status:
        """Returns the previous status."""
        return self._run(
            lambda conn: annotations.write_status(
                conn, document_id, annotator, status, actor=actor or annotator
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
        with self._read() as conn:
            yield from bulk.annotation_sets(conn, annotators=annotators, statuses=statuses)

    def stats(self) -> StoreStats:
        def work(conn: Connection) -> StoreStats:
            return StoreStats(
                documents=documents.document_count(conn),
                annotators=annotations.annotator_names(conn),
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


def open_store(path: Path) -> Store:
    """Open (creating or migrating) the database at ``path``."""
    return Store(path)


__all__ = ["Store", "StoreStats", "open_store"]
