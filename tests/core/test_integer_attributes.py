"""Integer attributes hold signed 64-bit values, or refuse (issue #8, item 6): the core check
that importers and the span form share, and the importers that rely on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import (
    INT64_MAX,
    INT64_MIN,
    default_schema,
    integer_range,
    parse_schema,
    validate_attributes,
    value_problem,
)
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.store import Store
from tests.helpers import native_header

TEXT = "Officials said 12 people died."
LOW = default_schema().label("casualty_figure").attribute("low")


def test_the_64_bit_range_and_the_schema_bounds() -> None:
    assert value_problem(LOW, INT64_MAX) is None
    assert value_problem(LOW, 3_000_000_000) is None
    assert value_problem(LOW, None) is None
    assert value_problem(LOW, INT64_MAX + 1) == (
        f"{INT64_MAX + 1} does not fit a 64-bit whole number ({INT64_MIN} to {INT64_MAX})"
    )
    assert value_problem(LOW, -1) == "-1 is below the minimum 0"
    assert value_problem(LOW, True) == "expected a whole number, got True"
    assert value_problem(LOW, 6.5) == "expected a whole number, got 6.5"
    # A number too long for str() is described, not printed (and never raises).
    huge = value_problem(LOW, -(10**5000))
    assert huge is not None and huge.startswith("a negative number of about 5001 digits")
    assert integer_range(LOW) == (0, INT64_MAX)
    label = default_schema().label("casualty_figure")
    assert validate_attributes(label, {"low": 10**30, "high": 5}) == [
        f"low: a number of about 31 digits does not fit a 64-bit whole number "
        f"({INT64_MIN} to {INT64_MAX})"
    ]


def test_a_schema_with_integer_bounds_beyond_64_bits_is_refused() -> None:
    raw = default_schema().to_json()
    casualty = next(i for i, label in enumerate(raw["labels"]) if label["id"] == "casualty_figure")
    attributes = raw["labels"][casualty]["attributes"]
    high = next(j for j, a in enumerate(attributes) if a["id"] == "high")
    attributes[high]["maximum"] = 2**64
    with pytest.raises(UserError, match=rf"attributes\[{high}\]\.maximum: {2**64} does not fit"):
        parse_schema(raw, "wide.json")
    attributes[high]["maximum"] = INT64_MAX
    assert integer_range(parse_schema(raw, "ok").label("casualty_figure").attribute("high")) == (
        0,
        INT64_MAX,
    )


def native_file(path: Path, low: object) -> Path:
    span = {
        "id": "s1",
        "label": "casualty_figure",
        "start": 15,
        "end": 24,
        "text": "12 people",
        "attributes": {"low": low},
    }
    header = native_header()
    document = {
        "kind": "document",
        "doc_id": "d1",
        "title": "t",
        "text": TEXT,
        "text_sha256": text_sha256(TEXT),
        "meta": {},
        "annotator": "ana",
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": [{**span, "note": "", "created_at": "", "updated_at": ""}],
        "relations": [],
    }
    path.write_text(json.dumps(header) + "\n" + json.dumps(document) + "\n", encoding="utf-8")
    return path


def test_import_refuses_a_whole_number_beyond_64_bits_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.sqlite3"
    path = native_file(tmp_path / "big.annotations.jsonl", 2**63)
    assert main(["import", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "line 2" in err[0]
    assert "does not fit a 64-bit whole number" in err[0]
    with Store.open(db) as store:
        assert store.document_count() == 0


def test_whole_numbers_beyond_32_and_53_bits_come_through_exactly(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    native = native_file(tmp_path / "ok.annotations.jsonl", INT64_MAX)
    # Text holding a whole number past 2**53, where float() would round it.
    span = {"start": 15, "end": 24, "label": "casualty_figure", "low": "9007199254740993"}
    task = {"text": TEXT, "_annotator_id": "bo", "spans": [span]}
    prodigy = tmp_path / "p.jsonl"
    prodigy.write_text(json.dumps(task) + "\n", encoding="utf-8")
    assert main(["import", str(native), "--db", str(db)]) == 0
    assert main(["import", str(prodigy), "--format", "spans-jsonl", "--db", str(db)]) == 0
    out = tmp_path / "out.annotations.jsonl"
    assert main(["export", "-f", "native", "-o", str(out), "--db", str(db)]) == 0
    lows = {
        line["annotator"]: line["spans"][0]["attributes"]["low"]
        for line in map(json.loads, out.read_text(encoding="utf-8").splitlines()[1:])
    }
    assert lows == {"ana": INT64_MAX, "bo": 9_007_199_254_740_993}
