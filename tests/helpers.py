"""Small builders shared by tests (real objects, no mocks)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import Span, new_uid
from annotator.core.records import NewDocument
from annotator.core.schema import default_schema
from annotator.core.text import text_sha256
from annotator.store import Store


def new_document(text: str, doc_id: str | None = None, title: str = "") -> NewDocument:
    digest = text_sha256(text)
    return NewDocument(
        doc_id=doc_id or f"doc-{digest[:8]}",
        title=title or text.split("\n", 1)[0],
        text=text,
        text_sha256=digest,
        meta={},
        source="test",
    )


def span_over(
    text: str, quote: str, *, document_id: int, annotator: str = "alice", label: str = "claim"
) -> Span:
    start = text.index(quote)
    return Span(
        uid=new_uid("s"),
        document_id=document_id,
        annotator=annotator,
        label=label,
        start=start,
        end=start + len(quote),
        text=quote,
    )


def new_db_and_renamed_schema(db: Path, folder: Path) -> Path:
    """Create a database at ``db`` and write its schema, renamed "renamed-schema", to a file
    in ``folder`` (a schema `schema use` accepts, so its effect is easy to see)."""
    with Store.open(db) as store:
        schema = store.schema.to_json()
    schema["id"] = "renamed-schema"
    schema_file = folder / "schema.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    return schema_file


def mount_tmpfs(folder: Path, options: str) -> None:
    """Mount a fresh tmpfs (root only; the test is skipped elsewhere): a real small disk to
    fill, or one to remount read-only."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


def native_header(**changes: Any) -> dict[str, Any]:
    """Line 1 of a native file with the default schema (``changes`` override keys)."""
    return {
        "kind": "header",
        "format": "annotator-native",
        "format_version": 1,
        "app_version": "0.1.0",
        "exported_at": "2024-05-01T12:00:00Z",
        "schema": default_schema().to_json(),
    } | changes


def write_articles(path: Path, count: int, *, first: int = 0) -> Path:
    """A JSON Lines file of ``count`` distinct plain articles (ids ``a{first}``...): enough
    of them makes an import that runs for a while."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(first, first + count):
            text = f"Report {i}\n\n" + " ".join(
                f"shelling near village {i} killed {j}" for j in range(40)
            )
            out.write(json.dumps({"id": f"a{i}", "title": f"Report {i}", "text": text}) + "\n")
    return path
