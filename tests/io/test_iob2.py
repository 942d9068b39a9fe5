"""CoNLL and hf exports are strict IOB2 with entity counts that match the report, and
spans-jsonl moves no span that lies on word edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import Status
from annotator.io import exporters
from annotator.store import Store
from tests.core.word_edges import on_word_edges
from tests.helpers import new_document, span_over
from tests.io import iob2
from tests.io.news_corpus import add_generated, mark_samples

DONE = frozenset({Status.DONE})


def export(store: Store, name: str, path: Path) -> exporters.ExportReport:
    return exporters.get(name).write(store, path, exporters.ExportOptions(statuses=DONE))


def test_the_validator_refuses_what_strict_iob2_refuses() -> None:
    assert iob2.problems(["B-claim", "I-claim", "O", "B-source", "B-source"]) == []
    assert iob2.problems(["I-claim"]) == ["tag 0 'I-claim' follows 'O'"]
    assert iob2.problems(["B-claim", "O", "I-claim"]) == ["tag 2 'I-claim' follows 'O'"]
    assert iob2.problems(["B-claim", "I-source"]) == ["tag 1 'I-source' follows 'B-claim'"]
    assert iob2.problems(["X-claim", "B-"]) == [
        "tag 0 'X-claim' is not O, B-X or I-X",
        "tag 1 'B-' is not O, B-X or I-X",
    ]
    assert iob2.entities(["B-a", "I-a", "B-a", "O", "B-b"]) == [
        ("a", 0, 1),
        ("a", 2, 2),
        ("b", 4, 4),
    ]


def test_a_span_across_a_blank_line_restarts_with_b_and_is_reported(store, tmp_path) -> None:
    text = "Talks resumed in\n\nMoscow on Monday."
    store.import_documents([new_document(text, doc_id="talks")], actor="t", source="t")
    doc = store.find_document("talks")
    store.add_span(span_over(text, "resumed in\n\nMoscow on", document_id=doc.id))
    store.set_status(doc.id, "alice", Status.DONE)
    path = tmp_path / "talks.conll"
    report = export(store, "conll", path)
    assert path.read_text(encoding="utf-8").split("\n\n")[1:3] == [
        "Talks -X- _ O\nresumed -X- _ B-claim\nin -X- _ I-claim",
        "Moscow -X- _ B-claim\non -X- _ I-claim\nMonday -X- _ O\n. -X- _ O",
    ]
    assert report.losses["split_at_breaks"] == 1 and report.losses["split_parts"] == 2
    written = path.with_name("talks.conll.report.txt").read_text(encoding="utf-8")
    assert "1 spans that cross a line break (a sentence break in CoNLL): split there" in written
    assert "2 entities written for those split spans" in written


def check_conll(path: Path, report: exporters.ExportReport) -> None:
    """Every sentence is strict IOB2, and the entities are the spans the report says were
    written: all of them but the dropped ones, a split span once per part."""
    sentences = iob2.conll_sentences(path)
    assert [p for s in sentences for p in iob2.problems(s)] == []
    losses = report.losses
    written = report.spans - losses.get("overlaps", 0) - losses.get("empty_spans", 0)
    written += losses.get("split_parts", 0) - losses.get("split_at_breaks", 0)
    assert sum(len(iob2.entities(s)) for s in sentences) == written


def check_hf(folder: Path, report: exporters.ExportReport) -> None:
    """Every tag column of every row is strict IOB2; the per-label columns hold every span
    but the dropped ones, and so does the flattened column."""
    features = json.loads((folder / "features.json").read_text(encoding="utf-8"))
    columns = [name for name in features if name.endswith("_tags")]
    found = dict.fromkeys(columns, 0)
    for line in (folder / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for column in columns:
            names = features[column]["feature"]["names"]
            tags = [names[i] for i in row[column]]
            assert len(tags) == len(row["tokens"])
            assert iob2.problems(tags) == []
            found[column] += len(iob2.entities(tags))
    losses = report.losses
    kept = report.spans - losses.get("empty_spans", 0)
    assert found["ner_tags"] == kept - losses.get("flat_overlaps", 0)
    per_label = sum(n for column, n in found.items() if column != "ner_tags")
    assert per_label == kept - losses.get("same_label_overlaps", 0)


@pytest.mark.slow
def test_conll_and_hf_of_the_samples_are_strict_iob2(store, tmp_path) -> None:
    mark_samples(store)
    conll = export(store, "conll", tmp_path / "samples.conll")
    assert conll.losses["split_at_breaks"] >= 4  # the claims across paragraph breaks
    check_conll(tmp_path / "samples.conll", conll)
    check_hf(tmp_path / "hf", export(store, "hf", tmp_path / "hf"))


@pytest.mark.slow
def test_conll_and_hf_of_a_generated_corpus_are_strict_iob2(store, tmp_path) -> None:
    add_generated(store, 60)
    conll = export(store, "conll", tmp_path / "gen.conll")
    assert conll.losses["split_at_breaks"] > 10
    check_conll(tmp_path / "gen.conll", conll)
    check_hf(tmp_path / "hf", export(store, "hf", tmp_path / "hf"))


@pytest.mark.slow
def test_spans_jsonl_moves_no_span_that_lies_on_word_edges(store, tmp_path) -> None:
    """Names before a possessive ("Azerbaijan's") used to grow by the "'s"; now only spans
    with an edge inside a word move."""
    mark_samples(store)
    add_generated(store, 40)
    path = tmp_path / "tasks.jsonl"
    report = export(store, "spans-jsonl", path)
    moved_on_edges, moved = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        text = task["text"]
        exported = {s["id"]: (s["start"], s["end"]) for s in task["spans"]}
        document = store.find_document(task["meta"]["doc_id"])
        for span in store.spans(document.id, task["meta"]["annotator"]):
            if exported[span.uid] != (span.start, span.end):
                moved += 1
                if on_word_edges(text, span.start, span.end):
                    moved_on_edges.append(text[span.start : span.end])
    assert moved_on_edges == []
    assert moved == report.losses["widened"] > 0  # the spans that start inside a word
