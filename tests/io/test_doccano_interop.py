"""doccano exports read by doccano's own import rules (doccano 1.8, backend/data_import).

* The JSONL sequence-labelling import reads the ``text`` column and the ``label`` column
  (``ArgColumn`` defaults); each label goes through ``SpanLabel.parse``: a list is zipped with
  ``start_offset, end_offset, label``.
* Without "Allow overlapping entity", ``SpanCleaner`` sorts the spans by start offset and
  keeps one only if it starts at or after the end of the last one kept.
* ``JSONL(Relation)`` reads ``entities`` (``id``, ``start_offset``, ``end_offset``,
  ``label``) and ``relations`` (``from_id``, ``to_id``, ``type``) whose ends are entity ids.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from tests.io.export_corpus import Corpus, build


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    built = build(tmp_path / "source.sqlite3", tmp_path)
    built.store.close()
    return built


def span_label(obj: object) -> dict:
    """doccano's SpanLabel.parse for a list, with pydantic's int/str checks."""
    assert isinstance(obj, list)
    parsed = dict(zip(["start_offset", "end_offset", "label"], obj, strict=True))
    assert type(parsed["start_offset"]) is int and type(parsed["end_offset"]) is int
    assert isinstance(parsed["label"], str)
    return parsed


def span_cleaner(labels: list[dict]) -> list[dict]:
    """doccano's SpanCleaner.clean for a project without overlapping entities."""
    kept, last = [], -1
    for label in sorted(labels, key=lambda x: x["start_offset"]):
        if label["start_offset"] >= last:
            last = label["end_offset"]
            kept.append(label)
    return kept


def export(capsys, tmp_path: Path, name: str) -> tuple[list[dict], str, str]:
    path = tmp_path / f"{name}.jsonl"
    capsys.readouterr()
    code = main(["export", "-f", name, "-o", str(path), "--db", str(tmp_path / "source.sqlite3")])
    out = capsys.readouterr().out
    assert code == 0
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    report = (tmp_path / f"{name}.jsonl.report.txt").read_text(encoding="utf-8")
    return lines, out, report


def test_default_project_file_imports_whole_into_a_default_doccano_project(
    corpus: Corpus, tmp_path: Path, capsys
) -> None:
    lines, out, report = export(capsys, tmp_path, "doccano")
    _, _, with_relations = export(capsys, tmp_path, "doccano-relations")
    kept = 0
    for line in lines:
        assert isinstance(line["text"], str) and line["text"]
        assert "entities" not in line and "relations" not in line
        labels = [span_label(x) for x in line["label"]]
        assert span_cleaner(labels) == sorted(labels, key=lambda x: x["start_offset"])
        kept += len(labels)
    every = sum(
        len(json.loads(x)["entities"]) for x in _lines(tmp_path / "doccano-relations.jsonl")
    )
    left_out = every - kept
    assert left_out > 0
    assert f"{left_out} spans overlapping a span kept before them: left out" in report
    assert "relations (a default doccano project has no relation labeling" in report
    settings = "doccano project: Sequence Labeling with its default settings"
    assert settings in report and settings in out
    assert "Nothing was lost" not in with_relations


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_relation_file_names_the_project_settings_it_needs(
    corpus: Corpus, tmp_path: Path, capsys
) -> None:
    lines, out, report = export(capsys, tmp_path, "doccano-relations")
    overlapping = 0
    for line in lines:
        ids = {e["id"] for e in line["entities"]}
        assert len(ids) == len(line["entities"])
        labels = [
            span_label([e["start_offset"], e["end_offset"], e["label"]]) for e in line["entities"]
        ]
        overlapping += len(span_cleaner(labels)) < len(labels)
        for relation in line["relations"]:
            assert relation["from_id"] in ids and relation["to_id"] in ids
            assert isinstance(relation["type"], str)
    assert overlapping == 1  # alice on the report: sources and figures inside claims
    needs = (
        "Sequence Labeling with 'Use relation labeling' on; 'Allow overlapping entity' on: "
        "1 annotation set holds overlapping spans"
    )
    assert needs in report and needs in out
    assert "Import the file as 'JSONL(Relation)'" in out


def test_relation_file_without_overlaps_says_the_overlap_setting_is_not_needed(
    corpus: Corpus, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "r.jsonl"
    args = ["export", "-f", "doccano-relations", "-o", str(path), "--labels", "location"]
    assert main([*args, "--db", str(tmp_path / "source.sqlite3")]) == 0
    assert "'Allow overlapping entity' not needed" in capsys.readouterr().out
