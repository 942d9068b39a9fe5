"""Write a small database for tests/fixtures/db/ with the code of the checkout it runs in.

Usage: PYTHONPATH=CHECKOUT python scripts/fixture_db.py OUT.sqlite3

Every released database version keeps one fixture, written by the commit that introduced the
version (see docs/architecture.md, "Database versions"): check that commit out in a temporary
worktree and run this script there. It uses only the store API that every version has had
(import, spans, a relation, a status) and the parts a version added when present (a gold
span's provenance, a suggestion outcome), so the fixtures hold alike content.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
from pathlib import Path

from annotator.cli import main as cli
from annotator.core.model import Relation, Span, Status
from annotator.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def span(text: str, quote: str, document_id: int, uid: str, label: str, **extra: object) -> Span:
    start = text.index(quote)
    fields = {field.name for field in dataclasses.fields(Span)}
    values = {key: value for key, value in extra.items() if key in fields}
    return Span(
        uid=uid,
        document_id=document_id,
        label=label,
        start=start,
        end=start + len(quote),
        text=quote,
        **values,  # type: ignore[arg-type]
    )


def main(out: Path) -> int:
    samples = [SAMPLES / "01-border-clash.txt", SAMPLES / "02-war-toll.txt"]
    code = cli(["import", *map(str, samples), "--db", str(out)])
    if code != 0:
        return code
    store = Store.open(out)
    try:
        first, second = sorted(store.list_documents(), key=lambda info: info.doc_id)[:2]
        text = store.document(first.id).text
        source = span(
            text, "Azerbaijan's defence ministry", first.id, "s-fixture00001", "source",
            annotator="alice", attributes={"source_type": "military"},
        )  # fmt: skip
        claim = span(
            text, "left three soldiers dead", first.id, "s-fixture00002", "claim",
            annotator="alice", attributes={"claim_type": "event", "factuality": "asserted"},
            note="checked",
        )  # fmt: skip
        store.add_span(source, actor="alice")
        store.add_span(claim, actor="alice")
        store.add_relation(
            Relation("r-fixture00001", first.id, "alice", "attributed_to", claim.uid, source.uid),
            actor="alice",
        )
        store.set_status(first.id, "alice", Status.DONE, actor="alice")
        store.set_status(second.id, "bob", Status.IN_PROGRESS, actor="bob")
        gold = span(
            text, "Azerbaijan's defence ministry", first.id, "s-fixture00003", "source",
            annotator="gold", attributes={"source_type": "military"},
            provenance={"annotators": ["alice"], "participants": 1, "votes": 1},
        )  # fmt: skip
        store.add_span(gold, actor="lead")
        if hasattr(store, "record_suggestion_outcome"):  # database version 6
            from annotator.core.suggest.base import Suggestion

            quote = "Armenia's defence ministry"
            start = text.index(quote)
            suggestion = Suggestion("source", start, start + len(quote), quote, {}, 0.9, "fixture")
            store.record_suggestion_outcome(
                first.id, "alice", suggestion, "rejected", actor="alice"
            )
    finally:
        store.close()
    _assign(out, first.id)
    return 0


def _assign(out: Path, document_id: int) -> None:
    """Database version 7 has the assignment table but no store method writing it yet."""
    raw = sqlite3.connect(out)
    try:
        if raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'assignment'").fetchone():
            with raw:
                raw.execute(
                    "INSERT INTO assignment (document_id, annotator_id, assigned_at) "
                    "SELECT ?, id, '2026-12-01T00:00:00.000Z' FROM annotator WHERE name = 'alice'",
                    (document_id,),
                )
    finally:
        raw.close()


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
