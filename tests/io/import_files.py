"""Valid input files of every import format, built from a text, and CLI helpers to import them.

Each builder writes a small file (or a brat pair) that imports cleanly, so a test can break
one thing in it and know that the break is what gets refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.text import text_sha256
from tests.helpers import native_header

TEXT = "Baku said three soldiers died near Kəlbəcər 📍."


def native_line(text: str = TEXT, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "document",
        "doc_id": "native-1",
        "title": "Native",
        "text": text,
        "text_sha256": text_sha256(text) if "\ud800" not in text else "0" * 64,
        "meta": {},
        "annotator": "ana",
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": [
            {
                "id": "s1",
                "label": "location",
                "start": 0,
                "end": 4,
                "text": text[:4],
                "attributes": {},
                "note": "",
                "created_at": "2024-05-01T10:00:00Z",
                "updated_at": "2024-05-01T10:00:00Z",
            }
        ],
        "relations": [],
    } | changes


def native_file(*lines: dict[str, Any]) -> str:
    header = native_header()
    return "".join(json.dumps(obj) + "\n" for obj in (header, *lines))


def label_studio(text: str = TEXT, value: Any = None) -> str:
    region = {
        "id": "r1",
        "from_name": "ner",
        "to_name": "text",
        "type": "labels",
        "value": value if value is not None else {"start": 0, "end": 4, "labels": ["Location"]},
    }
    return json.dumps([{"id": 1, "data": {"text": text}, "annotations": [{"result": [region]}]}])


def doccano(text: str = TEXT, **changes: Any) -> str:
    record = {"text": text, "entities": [], "relations": []} | changes
    return json.dumps(record) + "\n"


def spans_jsonl(text: str = TEXT, start: Any = 0, end: Any = 4) -> str:
    span = {"start": start, "end": end, "label": "location", "token_start": 0}
    return json.dumps({"text": text, "spans": [span], "answer": "accept"}) + "\n"


def write_brat(folder: Path, ann: str, text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    (folder / "doc.ann").write_text(ann, encoding="utf-8")
    return folder


# format -> (file name, builder of its content from a text): every importer, one record.
BUILDERS: dict[str, tuple[str, Callable[[str], str]]] = {
    "txt": ("doc.txt", lambda text: text),
    "html": ("doc.html", lambda text: f"<html><body><p>{text}</p></body></html>"),
    "jsonl": ("docs.jsonl", lambda text: json.dumps({"id": "j1", "text": text}) + "\n"),
    "json": ("docs.json", lambda text: json.dumps([{"id": "j1", "text": text}])),
    "csv": ("docs.csv", lambda text: 'id,text\nc1,"' + text.replace('"', '""') + '"\n'),
    "native": ("docs.annotations.jsonl", lambda text: native_file(native_line(text))),
    "label-studio": ("tasks.json", label_studio),
    "doccano": ("doccano.jsonl", doccano),
    "spans-jsonl": ("spans.jsonl", spans_jsonl),
}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_unchanged(db: Path, before: bytes) -> None:
    """The database file is byte-identical to ``before``."""
    assert db.read_bytes() == before, "a refused import changed the database file"


def cli_import(
    capsys: pytest.CaptureFixture[str], db: Path, *args: str | Path
) -> tuple[int, list[str], str]:
    """Run ``annotator import ARGS --db DB`` in-process: (exit code, stderr lines, stdout)."""
    code = main(["import", *map(str, args), "--db", str(db), "--as", "tester"])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def seeded_db(folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database that already holds one document (refusals must leave it as it is)."""
    db = folder / "seeded.sqlite3"
    seed = folder / "seed.txt"
    seed.write_text("Seed article: Yerevan said it had no aircraft in the area.", encoding="utf-8")
    code, err, _ = cli_import(capsys, db, seed)
    assert (code, err) == (0, [])
    return db


def assert_refused(
    capsys: pytest.CaptureFixture[str], db: Path, *args: str | Path, names: str
) -> str:
    """Import ARGS into DB and check the refusal: exit 2, exactly one stderr line naming
    ``names`` (a file) and the database byte-identical. Returns the line."""
    before = db.read_bytes()
    code, err, out = cli_import(capsys, db, *args)
    assert code == 2, (out, err)
    assert len(err) == 1, err
    assert err[0].startswith("annotator: error: ") and names in err[0], err[0]
    assert "Traceback" not in err[0]
    assert_unchanged(db, before)
    return err[0]
