"""The suggesters' gold corpus (tests/data/suggest) is valid native data and matches its markup.

It must import with ``annotator import``, come back unchanged through ``export -f native``,
and be exactly what ``scripts/suggest_gold.py`` makes of the markup files beside it (so an
edit to one without the other is caught).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli.main import main
from annotator.core.schema import NATIVE_FORMAT_SCHEMA, validator

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "suggest"
HALVES = ("dev", "held_out")


def documents(path: Path) -> dict[str, Any]:
    """text -> (meta, spans, relations by span keys), free of ids, times and order."""
    result = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["kind"] != "document":
            continue
        keys = {s["id"]: (s["label"], s["start"], s["end"]) for s in record["spans"]}
        spans = sorted(
            (
                s["label"],
                s["start"],
                s["end"],
                s["text"],
                json.dumps(s["attributes"], sort_keys=True),
            )
            for s in record["spans"]
        )
        relations = sorted(
            (r["type"], keys[r["from_id"]], keys[r["to_id"]]) for r in record["relations"]
        )
        result[record["text"]] = (record["meta"], record["status"], spans, relations)
    return result


@pytest.mark.parametrize("half", HALVES)
def test_each_line_follows_the_native_schema(half: str) -> None:
    lines = (GOLD / half / "gold.annotations.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 5  # a header and at least four reports
    for line in lines:
        errors = list(validator(NATIVE_FORMAT_SCHEMA).iter_errors(json.loads(line)))
        assert not errors, errors[0].message
    for text, (meta, _, spans, _) in documents(GOLD / half / "gold.annotations.jsonl").items():
        assert meta["url"].startswith("https://")
        assert 900 <= len(text) <= 3000
        assert {s[0] for s in spans} == {"claim", "source", "casualty_figure", "location"}


@pytest.mark.parametrize("half", HALVES)
def test_gold_imports_and_round_trips_through_the_native_export(
    half: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = GOLD / half / "gold.annotations.jsonl"
    db = str(tmp_path / "gold.sqlite3")
    assert main(["--db", db, "import", str(source)]) == 0
    count = len(documents(source))
    assert f"Imported {count} documents" in capsys.readouterr().out
    out = tmp_path / "out.annotations.jsonl"
    assert main(["--db", db, "export", "-f", "native", "-o", str(out)]) == 0
    assert documents(out) == documents(source)


@pytest.mark.parametrize("half", HALVES)
def test_gold_file_is_what_the_markup_makes(half: str) -> None:
    spec = importlib.util.spec_from_file_location(
        "suggest_gold", ROOT / "scripts" / "suggest_gold.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = GOLD / half / "gold.annotations.jsonl"
    expected = [json.loads(line) for line in module.render(GOLD / half).splitlines()]
    committed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # The header's app_version follows the package; everything else must be identical.
    for lines in (expected, committed):
        lines[0].pop("app_version")
    assert committed == expected, f"regenerate {path} with scripts/suggest_gold.py"
