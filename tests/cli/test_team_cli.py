"""``annotator merge`` and ``annotator agreement`` on native files written by hand, as a team
lead would run them (in this process)."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.core.schema import default_schema, schemas_dir
from annotator.core.suggest.base import LearnedPattern
from annotator.core.text import text_sha256
from annotator.io.exporters.native import dumps_line, header
from annotator.io.importers.native import read_native
from tests.cli.running import run_in_process

TEXT1 = "Baku said Armenian forces shelled the village, killing three soldiers; Yerevan denied it."
TEXT2 = "Yerevan said the ceasefire is holding. Moscow called for calm."
STAMP = "2024-05-01T10:00:00Z"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The CLI in this process, as a subprocess would report it (tests/cli/test_cli.py starts
    real processes in its smoke tests)."""
    return run_in_process(*args)


def span(uid: str, label: str, quote: str, text: str, **attributes: Any) -> dict[str, Any]:
    start = text.index(quote)
    return {
        "id": uid,
        "label": label,
        "start": start,
        "end": start + len(quote),
        "text": quote,
        "attributes": attributes,
        "note": "",
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def document(
    text: str,
    annotator: str,
    spans: list[dict[str, Any]],
    relations: Sequence[dict[str, Any]] = (),
    *,
    status: str = "done",
    doc_id: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": "document",
        "doc_id": doc_id or ("report-1" if text == TEXT1 else "report-2"),
        "title": text.split(" ", 1)[0],
        "text": text,
        "text_sha256": text_sha256(text),
        "meta": {"outlet": "Caspian Wire", "lang": "en"},
        "annotator": annotator,
        "status": status,
        "updated_at": STAMP,
        "spans": spans,
        "relations": list(relations),
    }


def relation(uid: str, kind: str, source: str, target: str) -> dict[str, Any]:
    return {"id": uid, "type": kind, "from_id": source, "to_id": target}


def write(path: Path, lines: list[dict[str, Any]], head: dict[str, Any] | None = None) -> Path:
    head = head or header(default_schema().to_json())
    path.write_text("".join(dumps_line(line) for line in [head, *lines]), encoding="utf-8")
    return path


def team_lines() -> dict[str, list[dict[str, Any]]]:
    claim = "Armenian forces shelled the village"
    return {
        "alice": [
            document(
                TEXT1,
                "alice",
                [
                    span("a1", "claim", claim, TEXT1, claim_type="event", factuality="asserted"),
                    span("a2", "source", "Baku", TEXT1, source_type="government"),
                    span(
                        "a3", "casualty_figure", "killing three soldiers", TEXT1, outcome="killed"
                    ),
                ],
                [relation("ar1", "attributed_to", "a1", "a2")],
            ),
            document(
                TEXT2,
                "alice",
                [
                    span("a4", "claim", "the ceasefire is holding", TEXT2, claim_type="position"),
                    span("a5", "source", "Yerevan", TEXT2),
                ],
                [relation("ar2", "attributed_to", "a4", "a5")],
            ),
        ],
        "bob": [
            document(
                TEXT1,
                "bob",
                [
                    span("b1", "claim", claim, TEXT1, claim_type="event", factuality="asserted"),
                    span("b2", "source", "Baku", TEXT1, source_type="government"),
                    span("b3", "casualty_figure", "three soldiers", TEXT1, outcome="killed"),
                ],
                [relation("br1", "attributed_to", "b1", "b2")],
            ),
            document(TEXT2, "bob", [], status="skipped"),
        ],
        "carol": [
            document(
                TEXT1,
                "carol",
                [span("c1", "claim", claim, TEXT1, claim_type="event", factuality="hedged")],
            ),
            document(TEXT2, "carol", [span("c2", "source", "Moscow", TEXT2)], status="in_progress"),
        ],
    }


@pytest.fixture
def team(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path / f"{name}.annotations.jsonl", lines) for name, lines in team_lines().items()
    ]


def test_help() -> None:
    assert "merge" in run("--help").stdout and "agreement" in run("--help").stdout
    for name in ("merge", "agreement"):
        result = run(name, "--help")
        assert result.returncode == 0 and "--iou" in result.stdout
    assert "--allow-schema-mismatch" in run("merge", "--help").stdout


def test_merge_writes_a_valid_gold_file_and_a_summary(tmp_path: Path, team: list[Path]) -> None:
    before = [path.read_bytes() for path in team]
    out = tmp_path / "gold.annotations.jsonl"
    result = run("merge", *team, "-o", out)
    assert result.returncode == 0, result.stderr
    assert [path.read_bytes() for path in team] == before  # inputs never change
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    schema = json.loads((schemas_dir() / "native-format.schema.json").read_text())
    for line in lines:
        jsonschema.validate(line, schema)
    head, first, second = lines
    assert head["schema"] == default_schema().to_json()
    assert first["doc_id"] == "report-1" and first["annotator"] == "gold"
    assert first["status"] == "in_progress"
    # claim 3/3 (factuality 2 asserted : 1 hedged), source 2/3, figure 2/3 with a boundary tie
    labels = [(s["label"], s["text"], s["provenance"]["votes"]) for s in first["spans"]]
    assert labels == [
        ("source", "Baku", 2),
        ("claim", "Armenian forces shelled the village", 3),
        ("casualty_figure", "killing three soldiers", 2),
    ]
    assert first["spans"][1]["attributes"] == {"claim_type": "event", "factuality": "asserted"}
    assert [c["type"] for c in first["conflicts"]] == ["boundary"]
    (accepted,) = first["relations"]
    assert (accepted["from_id"], accepted["to_id"]) == (
        first["spans"][1]["id"],
        first["spans"][0]["id"],
    )
    # report-2: only alice finished it
    assert second["status"] == "done" and len(second["spans"]) == 2 and second["conflicts"] == []
    assert "Wrote" in result.stdout and "3 accepted" not in result.stdout
    assert "5 accepted spans, 2 accepted relations" in result.stdout
    assert "boundary 1" in result.stdout and "presence 0" in result.stdout
    assert (
        "skipped report-2" in result.stdout
        and "not finished report-2 (in_progress)" in result.stdout
    )
    # the gold file reads back with the native reader
    documents = read_native(out, default_schema()).documents
    assert [d.annotations[0].annotator for d in documents] == ["gold", "gold"]


def test_merge_shares_the_files_suggestion_patterns_as_an_import_would(
    tmp_path: Path, team: list[Path]
) -> None:
    """The gold file's header carries the team's learned patterns (issue 13): one per label
    and text, the larger tally of each, patterns the written schema refuses left out."""

    def shared(*patterns: LearnedPattern) -> dict[str, Any]:
        return header(default_schema().to_json(), patterns)

    lines = team_lines()
    alice, bob, carol = (tmp_path / f"{name}.annotations.jsonl" for name in lines)
    write(alice, lines["alice"], shared(LearnedPattern("location", "Sotk", {}, 3, 0)))
    write(bob, lines["bob"], shared(
        LearnedPattern("location", "Sotk", {"feature_level": "locality"}, 1, 2),
        LearnedPattern("source", "Baku", {"source_type": "government"}, 1, 0),
    ))  # fmt: skip
    odd = shared()
    odd["suggestion_patterns"] = [{"label": "rumour", "text": "they say", "accepted": 1}]
    write(carol, lines["carol"], odd)
    out = tmp_path / "gold.annotations.jsonl"
    result = run("merge", alice, bob, carol, "-o", out)
    assert result.returncode == 0, result.stderr
    head = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert head["suggestion_patterns"] == [
        {"label": "location", "text": "Sotk", "attributes": {}, "accepted": 3, "rejected": 2},
        {"label": "source", "text": "Baku", "attributes": {"source_type": "government"},
         "accepted": 1, "rejected": 0},
    ]  # fmt: skip
    assert "1 suggestion pattern(s) not kept" in result.stdout + result.stderr
    # Merging the gold file with itself shares the same patterns.
    again = tmp_path / "again.annotations.jsonl"
    assert run("merge", out, "-o", again).returncode == 0
    assert (
        json.loads(again.read_text(encoding="utf-8").splitlines()[0])["suggestion_patterns"]
        == (head["suggestion_patterns"])
    )


def test_merge_json_summary(tmp_path: Path, team: list[Path]) -> None:
    result = run("merge", *team, "-o", tmp_path / "gold.annotations.jsonl", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 2
    assert summary["participants"] == ["alice", "bob", "carol"]
    assert summary["accepted"] == {"spans": 5, "relations": 2}
    assert summary["conflicts"] == {
        "presence": 0,
        "boundary": 1,
        "label": 0,
        "attribute": 0,
        "relation": 0,
    }
    assert summary["coverage"]["bob"] == {
        "done": 1,
        "skipped": ["report-2"],
        "unfinished": {},
        "absent": [],
    }
    assert summary["coverage"]["carol"]["unfinished"] == {"report-2": "in_progress"}
    # a stricter IoU splits the two figures: two presence conflicts instead
    strict = run(
        "merge", *team, "-o", tmp_path / "strict.annotations.jsonl", "--json", "--iou", "0.9"
    )
    assert json.loads(strict.stdout)["conflicts"]["presence"] == 2


def test_merge_output_does_not_depend_on_input_order(tmp_path: Path) -> None:
    outputs = []
    rng = random.Random(7)
    for attempt in range(4):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        files = []
        for name, lines in team_lines().items():
            lines = [
                dict(line, spans=rng.sample(line["spans"], len(line["spans"]))) for line in lines
            ]
            rng.shuffle(lines)
            files.append(write(folder / f"{name}.annotations.jsonl", lines))
        rng.shuffle(files)
        out = folder / "gold.annotations.jsonl"
        assert run("merge", *files, "-o", out).returncode == 0
        head, *rest = out.read_text(encoding="utf-8").splitlines(keepends=True)
        outputs.append((json.loads(head) | {"exported_at": None}, "".join(rest)))
    assert all(output == outputs[0] for output in outputs)


def test_agreement_json_and_tables(team: list[Path]) -> None:
    result = run("agreement", *team, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "annotators",
        "documents",
        "pairs",
        "labels",
        "attributes",
        "overall",
        "per_document",
    ]
    assert data["annotators"] == ["alice", "bob", "carol"] and data["documents"] == 1
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    # alice/bob on report-1: claim and source equal, figures differ; M = 2 of 3 + 3 spans
    assert pairs[("alice", "bob")]["span_f1_exact"] == 4 / 6
    assert pairs[("alice", "bob")]["span_f1_overlap"] == 1.0  # figures IoU 14/22
    assert pairs[("alice", "bob")]["relation_f1"] == 1.0
    assert pairs[("alice", "carol")]["span_f1_exact"] == 2 / 4  # claim only, 3 + 1 spans
    assert pairs[("alice", "carol")]["relation_f1"] == 0.0  # 0 of 1 + 0
    # pooled: exact 2*(2 + 1 + 1) / (6 + 4 + 4); relations 2*1 / (2 + 1 + 1)
    assert data["overall"]["span_f1_exact"] == 8 / 14
    assert data["overall"]["relation_f1"] == 2 / 4
    assert data["labels"]["location"] == {
        "span_f1_exact": None,
        "span_f1_overlap": None,
        "alpha": None,
    }
    # factuality on the claim all three marked: asserted, asserted, hedged -> 1 of 3 pairs
    assert data["attributes"]["claim.factuality"]["percent"] == 1 / 3
    rows = {row["doc_id"]: row for row in data["per_document"]}
    assert rows["report-2"]["participants"] == ["alice"]
    assert rows["report-2"]["not_participating"] == {"bob": "skipped", "carol": "in_progress"}
    human = run("agreement", *team)
    assert human.returncode == 0, human.stderr
    assert "alice / bob" in human.stdout and "0.571" in human.stdout and "—" in human.stdout
    assert "claim.factuality" in human.stdout and "carol in_progress" in human.stdout


def test_doc_id_naming_two_texts_is_an_error(tmp_path: Path) -> None:
    one = write(tmp_path / "one.annotations.jsonl", [document(TEXT1, "alice", [], doc_id="x")])
    two = write(tmp_path / "two.annotations.jsonl", [document(TEXT2, "bob", [], doc_id="x")])
    out = tmp_path / "gold.annotations.jsonl"
    result = run("merge", one, two, "-o", out)
    assert result.returncode == 2
    assert str(one) in result.stderr and str(two) in result.stderr and "'x'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_the_same_annotator_twice_for_one_text_is_an_error(tmp_path: Path) -> None:
    one = write(tmp_path / "one.annotations.jsonl", [document(TEXT1, "alice", [])])
    two = write(tmp_path / "two.annotations.jsonl", [document(TEXT1, "alice", [])])
    result = run("agreement", one, two)
    assert result.returncode == 2 and str(one) in result.stderr and str(two) in result.stderr


def bad_file(tmp_path: Path, kind: str) -> tuple[Path, str]:
    good = team_lines()["alice"]
    path = tmp_path / f"{kind}.annotations.jsonl"
    if kind == "truncated":
        write(path, good)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 40])
        return path, "line 3"
    if kind == "corrupt":
        write(path, good)
        path.write_text(path.read_text(encoding="utf-8").replace('"spans"', '"spans" 7', 1))
        return path, "line 2"
    if kind == "version":
        write(path, good, header(default_schema().to_json()) | {"format_version": 2})
        return path, "line 1: format_version 2"
    if kind == "mismatch":
        line = document(TEXT1, "alice", [span("a1", "claim", "Baku", TEXT1) | {"text": "Moscow"}])
        write(path, [line])
        return path, "line 2: span a1"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["truncated", "corrupt", "version", "mismatch"])
@pytest.mark.parametrize("command", ["merge", "agreement"])
def test_bad_input_one_clear_error_and_nothing_written(
    tmp_path: Path, team: list[Path], kind: str, command: str
) -> None:
    bad, place = bad_file(tmp_path, kind)
    out = tmp_path / "gold.annotations.jsonl"
    extra = ["-o", out] if command == "merge" else []
    result = run(command, *team, bad, *extra)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(bad) in lines[0] and place in lines[0]
    assert not out.exists() and list(tmp_path.glob(".gold*")) == []
    assert result.stdout == ""


def test_schema_mismatch_is_an_error_unless_allowed(tmp_path: Path, team: list[Path]) -> None:
    changed = default_schema().to_json()
    changed["version"] = "1.1"
    claim = next(label for label in changed["labels"] if label["id"] == "claim")
    status = next(a for a in claim["attributes"] if a["id"] == "status")
    status["values"].append("retracted")
    changed["labels"] = [label for label in changed["labels"] if label["id"] != "location"]
    changed["relations"] = [r for r in changed["relations"] if r["id"] != "located_at"]
    dave = write(
        tmp_path / "dave.annotations.jsonl",
        [document(TEXT1, "dave", [span("d1", "claim", "Baku", TEXT1, status="retracted")])],
        header(changed),
    )
    out = tmp_path / "gold.annotations.jsonl"
    refused = run("merge", *team, dave, "-o", out)
    assert refused.returncode == 2 and not out.exists()
    message = refused.stderr.strip()
    assert str(dave) in message and str(team[0]) in message and "--allow-schema-mismatch" in message
    assert "location" in message and "claim.status" in message
    allowed = run("merge", *team, dave, "-o", out, "--allow-schema-mismatch")
    assert allowed.returncode == 0, allowed.stderr
    assert "Label schemas differ" in allowed.stdout and "claim.status" in allowed.stdout
    # three files use the default schema, so the merged file keeps it
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["schema"]["version"] == "1.0"
    agreement = run("agreement", *team, dave, "--allow-schema-mismatch", "--json")
    assert agreement.returncode == 0 and "dave" in json.loads(agreement.stdout)["annotators"]


def test_bad_options_and_paths(tmp_path: Path, team: list[Path]) -> None:
    same = run("merge", *team, "-o", team[0])
    assert same.returncode == 2 and "input" in same.stderr
    for value in ("0", "1.5", "half"):
        result = run("agreement", *team, "--iou", value)
        assert result.returncode == 2 and "--iou" in result.stderr
    missing = run("merge", *team, "-o", tmp_path / "nope" / "gold.annotations.jsonl")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    absent = run("agreement", tmp_path / "absent.annotations.jsonl")
    assert absent.returncode == 2 and "absent.annotations.jsonl" in absent.stderr
