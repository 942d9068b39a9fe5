"""``annotator suggest`` in-process (issue 13, item 5): suggestions per document, as a table or
one JSON object per line, without what the annotator rejected or already annotated; scores
against a gold file; bad input refused in one line; reading never writes."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from annotator.core.model import Span, new_uid
from annotator.core.suggest import run
from annotator.core.suggest.base import Link, SuggestContext, SuggesterInfo, Suggestion
from annotator.core.text import text_sha256
from annotator.store import Store
from tests.cli.in_process import cli
from tests.conftest import FIXTURES
from tests.helpers import native_header, new_document

TEXT = "The ministry said three soldiers were killed near Kalbajar on Monday."
OTHER = "Shelling hit Kalbajar again."


def found(text: str, quote: str, label: str, **attributes: object) -> Suggestion:
    start = text.index(quote)
    return Suggestion(label, start, start + len(quote), quote, attributes, 0.9, "phrases")  # type: ignore[arg-type]


def phrases(text: str, context: SuggestContext) -> list[Suggestion]:
    """A small rule set: a place, a source, and a figure linked to both."""
    out: list[Suggestion] = []
    if "Kalbajar" in text:
        out.append(found(text, "Kalbajar", "location", feature_level="district"))
    if "The ministry said three soldiers" in text:
        out.append(found(text, "The ministry", "source", source_type="government"))
        figure = found(text, "three soldiers were killed", "casualty_figure", outcome="killed")
        links = (Link("attributed_to", len(out) - 1), Link("located_at", 0))
        out.append(dataclasses.replace(figure, links=links))
    return out


@pytest.fixture(autouse=True)
def only_these_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry holds just ``phrases``: the built-in suggesters, whatever they become,
    must not change what these tests expect."""
    labels = ("location", "source", "casualty_figure")
    monkeypatch.setattr(run, "BUILT_IN", ())
    monkeypatch.setattr(run, "SUGGESTERS", {"phrases": SuggesterInfo("phrases", labels, phrases)})
    monkeypatch.setattr(run, "LINKERS", {})


@pytest.fixture
def db(db: Path | str) -> Path | str:
    """Two documents, on each engine (conftest's ``db``)."""
    path = db
    with Store.open(path) as store:
        store.import_documents(
            [new_document(TEXT, "d1"), new_document(OTHER, "d2")], actor="t", source="t"
        )
    return path


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_is_one_object_per_suggestion_with_relations_as_line_indices(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    result = cli(capsys, "suggest", "--db", db, "--json")
    assert result.code == 0, result.err
    records = lines(result.out)
    first = [r for r in records if r["doc_id"] == "d1"]
    assert [(r["label"], r["text"]) for r in first] == [
        ("source", "The ministry"),
        ("casualty_figure", "three soldiers were killed"),
        ("location", "Kalbajar"),
    ]
    figure = first[1]
    assert figure == {
        "doc_id": "d1",
        "label": "casualty_figure",
        "start": 18,
        "end": 44,
        "text": "three soldiers were killed",
        "attributes": {"outcome": "killed"},
        "score": 0.9,
        "suggester": "phrases",
        "relations": [{"type": "attributed_to", "to": 0}, {"type": "located_at", "to": 2}],
    }
    assert [(r["doc_id"], r["text"]) for r in records if r["doc_id"] == "d2"] == [
        ("d2", "Kalbajar")
    ]


def test_rejected_and_annotated_spans_are_left_out_for_that_annotator_only(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    with Store.open(db) as store:
        document = store.find_document("d1")
        assert document is not None
        place = found(TEXT, "Kalbajar", "location")
        store.record_suggestion_outcome(document.id, "tester", place, "rejected", actor="tester")
        start = TEXT.index("The ministry")
        store.add_span(
            Span(new_uid("s"), document.id, "tester", "source", start, start + 12, "The ministry")
        )
    mine = lines(cli(capsys, "suggest", "--db", db, "--json", "--doc", "d1").out)
    assert [r["text"] for r in mine] == ["three soldiers were killed"]
    assert mine[0]["relations"] == []  # its link targets are not suggestions any more
    theirs = lines(
        cli(capsys, "suggest", "--db", db, "--json", "--doc", "d1", "--annotator", "bob").out
    )
    assert len(theirs) == 3


def test_labels_and_docs_select_and_the_table_reads_plainly(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    result = cli(capsys, "suggest", "--db", db, "--labels", "location, source", "--doc", "d1")
    assert result.code == 0
    out = result.out.splitlines()
    assert out[0] == "d1  (2 suggestions)"
    assert out[1].split() == [
        "#",
        "span",
        "label",
        "score",
        "suggester",
        "text",
        "attributes",
        "links",
    ]
    assert out[3].split() == [
        "0",
        "0-12",
        "source",
        "0.90",
        "phrases",
        "The",
        "ministry",
        "source_type=government",
    ]
    assert "d2" not in result.out


def test_reading_never_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # An older database would be upgraded (and backed up) by any writing open.
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v2.sqlite3", old)
    before = old.read_bytes()
    assert cli(capsys, "suggest", "--db", old).code == 0
    result = cli(capsys, "suggest", "--db", old, "--json", "--annotator", "nobody")
    assert result.code == 0 and result.out == ""  # its one text has no phrase the rules know
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite3"]


def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    assert (
        "no document 'nope'" in cli(capsys, "suggest", "--db", db, "--doc", "d1", "nope").refused()
    )
    assert (
        "unknown label 'rumour'"
        in cli(capsys, "suggest", "--db", db, "--labels", "claim,rumour").refused()
    )
    missing = tmp_path / "gold.annotations.jsonl"
    assert "no such gold file" in cli(capsys, "suggest", "--evaluate", missing).refused()
    missing.write_text("not json\n", encoding="utf-8")
    assert str(missing) in cli(capsys, "suggest", "--evaluate", missing).refused()
    with pytest.raises(SystemExit) as exited:  # argparse: its usage, then one error line
        cli(capsys, "suggest", "--db", db, "--jobs", "0")
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith("from 1 to 256, not '0'")


def gold_file(path: Path) -> Path:
    """Two gold texts: d1 with its figure ending one word later than the rule's, d2 with
    a place the rules find and one they miss."""
    text2 = "Shelling hit Kalbajar and Shusha again."

    def span(text: str, quote: str, label: str, n: int) -> dict:
        start = text.index(quote)
        return {
            "id": f"g{n}",
            "label": label,
            "start": start,
            "end": start + len(quote),
            "text": quote,
        }

    documents = [
        (TEXT, "d1", [span(TEXT, "The ministry", "source", 1),
                      span(TEXT, "three soldiers were killed near", "casualty_figure", 2),
                      span(TEXT, "Kalbajar", "location", 3)]),
        (text2, "d2", [span(text2, "Kalbajar", "location", 4),
                       span(text2, "Shusha", "location", 5)]),
    ]  # fmt: skip
    rows = [native_header()] + [
        {"kind": "document", "doc_id": doc_id, "text": text, "text_sha256": text_sha256(text),
         "annotator": "gold", "status": "done", "spans": spans}
        for text, doc_id, spans in documents
    ]  # fmt: skip
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_evaluate_scores_each_label_exact_and_overlap(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gold = gold_file(tmp_path / "gold.annotations.jsonl")
    result = cli(capsys, "suggest", "--evaluate", gold, "--json")
    assert result.code == 0, result.err
    scores = json.loads(result.out)
    # Locations: 3 gold, 2 suggested, both exact. The figure: 26 of 31 characters, IoU 0.84.
    assert scores["location"]["exact"]["precision"] == 1.0
    assert scores["location"]["exact"]["recall"] == pytest.approx(2 / 3)
    assert scores["casualty_figure"]["exact"]["f1"] == 0.0
    assert scores["casualty_figure"]["overlap"]["f1"] == 1.0
    assert (scores["source"]["gold"], scores["source"]["suggested"]) == (1, 1)
    table = cli(capsys, "suggest", "--evaluate", gold, "--labels", "location")
    assert table.out.splitlines()[0] == f"2 gold texts from {gold}"
    assert [row.split()[0] for row in table.out.splitlines()[2:]] == ["location"]


def test_a_large_corpus_runs_on_several_processes_with_the_same_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Past a few dozen documents the work is shared by worker processes (each forked with
    the suggesters loaded); the lines, their order and each annotator's rejections are what
    one process gives."""
    path = tmp_path / "corpus.sqlite3"
    texts = [f"Report {n}. " + (TEXT if n % 3 else OTHER) for n in range(150)]
    with Store.open(path) as store:
        store.import_documents(
            [new_document(text, f"r{n:03}") for n, text in enumerate(texts)], actor="t", source="t"
        )
        document = store.find_document("r001")
        assert document is not None
        start = texts[1].index("Kalbajar")
        place = Suggestion("location", start, start + 8, "Kalbajar", {}, 0.9, "phrases")
        store.record_suggestion_outcome(document.id, "tester", place, "rejected", actor="tester")
    one = cli(capsys, "suggest", "--db", path, "--json", "--jobs", "1")
    two = cli(capsys, "suggest", "--db", path, "--json", "--jobs", "2")
    assert one.code == two.code == 0, two.err
    assert two.out == one.out
    records = lines(two.out)
    assert [r["doc_id"] for r in records] == sorted(r["doc_id"] for r in records)
    assert len({r["doc_id"] for r in records}) == 150
    assert "Kalbajar" not in [r["text"] for r in records if r["doc_id"] == "r001"]
    assert "Kalbajar" in [r["text"] for r in records if r["doc_id"] == "r002"]
    # The table people read is made in the workers too: the same text as one process prints.
    table_one = cli(capsys, "suggest", "--db", path, "--jobs", "1")
    table_two = cli(capsys, "suggest", "--db", path, "--jobs", "2")
    assert table_one.code == table_two.code == 0, table_two.err
    assert table_two.out == table_one.out
    assert table_two.out.splitlines()[0] == "r000  (1 suggestion)"
