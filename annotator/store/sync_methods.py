"""The store's methods for offline sync (issue 12), mixed into ``Store``: the reads that
compare two databases, and writes of whole annotators' sets, each call one transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import Connection

from annotator.core.model import Document
from annotator.core.records import NewDocument
from annotator.core.sync import Base, SetChange, SetContent
from annotator.store import documents, sync_rows
from annotator.store.sync_rows import SetWrite

T = TypeVar("T")


class SyncMethods:
    # Store's plumbing.
    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        raise NotImplementedError

    def sync_document_keys(self) -> dict[str, tuple[int, str]]:
        """doc_id -> (row id, text_sha256) of every document."""
        return self._run(sync_rows.document_keys, write=False)

    def sync_assigned(self, annotator: str) -> set[str] | None:
        """The doc_ids assigned to ``annotator``; None when nothing is assigned to anyone."""
        return self._run(lambda conn: sync_rows.assigned_doc_ids(conn, annotator), write=False)

    def sync_documents(self, row_ids: Collection[int]) -> list[Document]:
        return self._run(lambda conn: sync_rows.documents(conn, row_ids), write=False)

    def sync_sets(self, annotator: str, row_ids: Collection[int]) -> dict[int, SetContent]:
        """row id -> ``annotator``'s work there, all read in one snapshot."""
        return self._run(lambda conn: sync_rows.read_sets(conn, annotator, row_ids), write=False)

    def sync_bases(self, annotator: str, server: str) -> dict[int, Base]:
        return self._run(lambda conn: sync_rows.bases(conn, annotator, server), write=False)

    def sync_add_documents(self, docs: Sequence[Document], *, actor: str, source: str) -> int:
        """Add documents read from another database (already checked not to clash)."""
        new = [
            NewDocument(doc.doc_id, doc.title, doc.text, doc.text_sha256, doc.meta, source)
            for doc in docs
        ]
        report = self._run(
            lambda conn: documents.import_files(conn, [(source, new)], actor=actor), write=True
        )
        return report.added

    def sync_write_sets(
        self,
        annotator: str,
        writes: Sequence[SetWrite],
        *,
        actor: str,
        action: str,
        record: tuple[str, Mapping[int, Base]] | None = None,
    ) -> dict[int, SetChange | str]:
        """Write every set in one transaction; row id -> what changed, or why that set was
        left alone (the others are written all the same). ``record``: (server, bases) to
        note in the same transaction."""

        def work(conn: Connection) -> dict[int, SetChange | str]:
            results = sync_rows.write_sets(conn, annotator, writes, actor=actor, action=action)
            if record is not None:
                server, bases = record
                kept = {
                    row: base
                    for row, base in bases.items()
                    if not isinstance(results.get(row), str)
                }
                sync_rows.record_bases(conn, annotator, server, kept, actor=actor)
            return results

        return self._run(work, write=True)

    def sync_record_bases(
        self, annotator: str, server: str, bases: Mapping[int, Base], *, actor: str
    ) -> None:
        if bases:
            self._run(
                lambda conn: sync_rows.record_bases(conn, annotator, server, bases, actor=actor),
                write=True,
            )
