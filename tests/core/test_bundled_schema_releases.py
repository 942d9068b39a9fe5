"""A database or file that stored an earlier release of the bundled schema is read with the
current one (display names, examples, link requirements), without a byte written, and only
when the two define the same labels, attributes, values and relations."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from annotator.core.bundled import EARLIER_RELEASES, as_current
from annotator.core.schema import default_schema, parse_schema
from annotator.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIRST_RELEASE = FIXTURES / "schemas" / "contested-reports-1.0-first-release.json"


def structure(raw: dict[str, Any]) -> object:
    """What stored data depends on: ids, types, allowed values and relation ends."""
    labels = [
        (label["id"], [(a["id"], a["type"], a.get("values")) for a in label.get("attributes", [])])
        for label in raw["labels"]
    ]
    relations = [
        (r["id"], sorted(r["from"]), sorted(r["to"]), r.get("symmetric", False))
        for r in raw.get("relations", [])
    ]
    return raw["id"], raw["version"], labels, relations


def test_every_earlier_release_defines_what_the_current_one_does() -> None:
    first = parse_schema(json.loads(FIRST_RELEASE.read_text(encoding="utf-8")), "first")
    assert first.sha256 in EARLIER_RELEASES
    assert first.sha256 != default_schema().sha256
    assert structure(first.to_json()) == structure(default_schema().to_json())
    assert as_current(first) == default_schema()


def test_a_custom_schema_is_left_as_it_is() -> None:
    raw = default_schema().to_json()
    raw["labels"][0]["name"] = "Assertion"
    custom = parse_schema(raw, "custom")
    assert as_current(custom) is custom


def test_an_old_database_reads_the_current_bundled_schema_and_stays_unchanged(
    tmp_path: Path,
) -> None:
    db = tmp_path / "v3.sqlite3"
    shutil.copy(FIXTURES / "db" / "v3.sqlite3", db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with Store.open(db, write=False) as store:
        schema = store.schema
        assert schema == default_schema()
        assert schema.label("claim").requires_link is not None
        assert schema.label("claim").example
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
