"""The store on a real SQLite file: pragmas, versions, atomic imports, the audit trail."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core import commands
from annotator.core.model import Status
from annotator.errors import UserError
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import FIXTURES
from tests.helpers import new_document, span_over

TEXT = "Baku says 📍 Kəlbəcər was shelled; Yerevan denies it."


def test_new_database_has_pragmas_version_and_schema(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema.id == "contested-reports"
        meta = store.meta()
        assert meta["label_schema_sha256"] == store.schema.sha256
        assert meta["label_schema_id"] == "contested-reports"
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_newer_database_is_refused_and_left_alone(db_path: Path) -> None:
    Store.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="newer annotator"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_older_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    # tests/fixtures/db/v2.sqlite3 was written by the first release (database version 2).
    db_path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v2.sqlite3", db_path)
    with Store.open(db_path) as store:
        assert store.backup_path is not None and store.backup_path.exists()
        doc = store.find_document("d1")
        assert doc is not None and doc.meta == {"outlet": "wire"}
        (span,) = store.spans(doc.id)
        assert (span.uid, span.text, span.provenance) == ("s-v1span", "Kəlbəcər", None)
        assert store.status(doc.id, "alice") is Status.DONE
        gold = dataclasses.replace(
            span,
            uid="s-gold",
            annotator="gold",
            provenance={"annotators": ["alice"], "votes": 1, "participants": 1},
        )
        store.add_span(gold)
        assert store.span("s-gold").provenance == gold.provenance
    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
    assert backup.execute("SELECT count(*) FROM span").fetchone()[0] == 1
    backup.close()
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = {row[1] for row in raw.execute("PRAGMA table_info(span)")}
    assert "provenance" in columns
    raw.close()


def test_migrated_and_new_databases_have_the_same_schema(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v2.sqlite3", old)
    Store.open(old).close()
    Store.open(tmp_path / "new.sqlite3").close()

    def shape(path: Path) -> set[tuple[str, str, str]]:
        raw = sqlite3.connect(path)
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = {
            (table, row[1], row[2].upper())
            for table in tables
            for row in raw.execute(f"PRAGMA table_info({table})")
        }
        extras = {
            (kind, name, "")
            for kind, name in raw.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
            )
        }
        raw.close()
        return columns | extras

    assert shape(old) == shape(tmp_path / "new.sqlite3")


def test_files_that_are_not_our_database_are_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("hello")
    with pytest.raises(UserError, match="not an SQLite database"):
        Store.open(text_file)
    foreign = tmp_path / "other.sqlite3"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE x (y)")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="not an annotator one"):
        Store.open(foreign)


def test_import_is_all_or_nothing_per_call(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="a.jsonl")
    clash = new_document("A different text entirely.", "d1")
    fresh = new_document("Another fresh text.", "d2")
    with pytest.raises(UserError, match="doc_id 'd1' is already used"):
        store.import_documents([fresh, clash], actor="t", source="b.jsonl")
    assert store.document_count() == 1
    report = store.import_documents([new_document(TEXT, "other-id"), fresh], actor="t", source="c")
    assert (report.added, report.skipped) == (1, 1)


def test_span_lifecycle_through_commands_is_logged_and_undoable(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    doc = store.find_document("d1")
    assert doc is not None
    claim = span_over(TEXT, "Kəlbəcər was shelled", document_id=doc.id)
    source = span_over(TEXT, "Baku", document_id=doc.id, label="source")
    create_claim = commands.CreateSpan(claim)
    create_claim.apply(store)
    commands.CreateSpan(source).apply(store)
    link = commands.CreateRelation(
        commands.make_relation(store.schema, "attributed_to", claim, source)
    )
    link.apply(store)
    edited = commands.UpdateSpan(
        claim, commands.with_edges(claim, TEXT, claim.start, claim.end - len(" shelled"))
    )
    edited.apply(store)
    assert store.span(claim.uid).text == "Kəlbəcər was"
    deletion = commands.DeleteSpan(source.uid)
    deletion.apply(store)
    assert store.relations(doc.id) == []
    deletion.revert(store)
    assert [r.uid for r in store.relations(doc.id)] == [link.relation.uid]
    edited.revert(store)
    assert store.span(claim.uid).text == "Kəlbəcər was shelled"
    status = commands.SetStatus(doc.id, "alice", Status.DONE)
    status.apply(store)
    assert store.status(doc.id, "alice") is Status.DONE
    status.revert(store)
    assert store.status(doc.id, "alice") is Status.TODO
    actions = [c.action for c in reversed(store.changes(document_id=doc.id))]
    assert actions[:3] == ["span.create", "span.create", "relation.create"]
    assert "span.delete" in actions and "relation.delete" in actions
    edit, undo = [c for c in reversed(store.changes()) if c.action == "span.update"]
    assert (edit.before["text"], edit.after["text"]) == ("Kəlbəcər was shelled", "Kəlbəcər was")
    assert (undo.before["text"], undo.after["text"]) == ("Kəlbəcər was", "Kəlbəcər was shelled")
    assert edit.annotator == "alice" and edit.entity_uid == claim.uid


def test_relation_endpoints_follow_the_schema(store: Store) -> None:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    doc = store.find_document("d1")
    assert doc is not None
    claim = span_over(TEXT, "Kəlbəcər was shelled", document_id=doc.id)
    place = span_over(TEXT, "Yerevan", document_id=doc.id, label="location")
    with pytest.raises(UserError, match="cannot link a claim to a location"):
        commands.make_relation(store.schema, "attributed_to", claim, place)
    assert commands.make_relation(store.schema, "located_at", claim, place).type == "located_at"


def test_stats_count_spans_and_statuses(store: Store) -> None:
    store.import_documents(
        [new_document(TEXT, "d1"), new_document("Second text.", "d2")], actor="t", source="x"
    )
    doc = store.find_document("d1")
    assert doc is not None
    store.add_span(span_over(TEXT, "Baku", document_id=doc.id, label="source"))
    store.set_status(doc.id, "alice", Status.DONE)
    stats = store.stats()
    assert stats.documents == 2
    assert stats.spans == {"alice": {"source": 1}}
    assert stats.statuses["alice"] == {"todo": 1, "in_progress": 0, "done": 1, "skipped": 0}


def test_a_documents_spans_read_at_once_equal_each_read_alone(store: Store) -> None:
    """Opening a document reads its spans in one fast pass; they are the same values, every
    field included, as a span read on its own."""
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="test")
    doc = store.find_document("d1")
    assert doc is not None
    claim = dataclasses.replace(
        span_over(TEXT, "Kəlbəcər was shelled", document_id=doc.id),
        attributes={"claim_type": "event"},
        note="checked",
        provenance={"annotators": ["alice"], "votes": 1, "participants": 1},
    )
    source = span_over(TEXT, "Baku", document_id=doc.id, label="source")
    for span in (claim, source):
        commands.CreateSpan(span).apply(store)
    together = store.spans(doc.id, "alice")
    assert together == [store.span(s.uid) for s in together]
    assert {s.uid for s in together} == {claim.uid, source.uid}
    read = next(s for s in together if s.uid == claim.uid)
    assert (read.attributes, read.note, read.provenance) == (
        claim.attributes,
        claim.note,
        claim.provenance,
    )
    assert vars(read).keys() == {f.name for f in dataclasses.fields(read)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.text = "changed"  # type: ignore[misc]
