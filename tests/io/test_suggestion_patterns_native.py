"""Learned suggestion patterns in the native header (issue 13): exported with their tallies,
merged idempotently on import; suggestions and their outcomes never exported as annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.schema import NATIVE_FORMAT_SCHEMA, validator
from annotator.core.suggest.base import LearnedPattern, Suggestion
from annotator.io import exporters, importers
from annotator.io.exporters.registry import ExportOptions
from annotator.store import Store
from tests.io.export_corpus import SECOND, Corpus, build


def suggestion(quote: str, label: str, **attributes: object) -> Suggestion:
    start = SECOND.index(quote)
    return Suggestion(label, start, start + len(quote), quote, attributes, 0.75, "rules")  # type: ignore[arg-type]


PLACE = suggestion("Azerbaijan", "location", feature_level="country")
MINISTRY = suggestion("Azerbaijan's ministry", "source", source_type="government")


@pytest.fixture
def corpus(tmp_path: Path):
    built = build(tmp_path / "source.sqlite3", tmp_path)
    yield built
    built.store.close()


def decide(store: Store, document_id: int) -> None:
    store.record_suggestion_outcome(document_id, "alice", PLACE, "rejected", actor="alice")
    store.record_suggestion_outcome(document_id, "bob", PLACE, "accepted", actor="bob")
    store.record_suggestion_outcome(document_id, "alice", MINISTRY, "rejected", actor="alice")


def export_native(store: Store, out: Path) -> list[dict]:
    exporters.get("native").write(store, out, ExportOptions())
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_header_carries_the_patterns_and_every_line_meets_the_schema(
    corpus: Corpus, tmp_path: Path
) -> None:
    decide(corpus.store, corpus.second_id)
    lines = export_native(corpus.store, tmp_path / "out.annotations.jsonl")
    assert lines[0]["suggestion_patterns"] == [
        {"label": "location", "text": "Azerbaijan", "attributes": {"feature_level": "country"},
         "accepted": 1, "rejected": 1},
        {"label": "source", "text": "Azerbaijan's ministry",
         "attributes": {"source_type": "government"}, "accepted": 0, "rejected": 1},
    ]  # fmt: skip
    check = validator(NATIVE_FORMAT_SCHEMA)
    assert all(not list(check.iter_errors(line)) for line in lines)
    texts = {span["text"] for line in lines[1:] for span in line["spans"]}
    assert (
        "Azerbaijan" not in texts and "Azerbaijan's ministry" not in texts
    )  # decided, never annotated


def test_importing_merges_patterns_and_twice_changes_nothing(
    corpus: Corpus, tmp_path: Path
) -> None:
    decide(corpus.store, corpus.second_id)
    out = tmp_path / "shared.annotations.jsonl"
    export_native(corpus.store, out)
    with Store.open(tmp_path / "team.sqlite3") as team:
        # The team already knew Azerbaijan, accepted twice: the larger tallies win.
        team.merge_suggestion_patterns(
            [LearnedPattern("location", "Azerbaijan", {"feature_level": "region"}, 2, 0)],
            actor="carol",
            source="earlier",
        )
        for _ in range(2):
            importers.import_paths(team, [out], actor="carol")
            assert team.suggestion_pattern_rows() == [
                LearnedPattern("location", "Azerbaijan", {"feature_level": "region"}, 2, 1),
                LearnedPattern(
                    "source", "Azerbaijan's ministry", {"source_type": "government"}, 0, 1
                ),
            ]
        # Outcomes are the deciding annotator's and stay in their database.
        document = team.find_document("second")
        assert document is not None
        assert team.suggestion_outcomes(document.id, "alice") == {}


def test_patterns_the_schema_refuses_are_left_out_with_a_note(
    corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "odd.annotations.jsonl"
    lines = export_native(corpus.store, out)
    lines[0]["suggestion_patterns"] = [
        {"label": "rumour", "text": "they say"},
        {"label": "location", "text": "Shusha", "attributes": {"feature_level": "planet"}},
        {"label": "location", "text": "Shusha", "rejected": 3},
    ]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Store.open(tmp_path / "team.sqlite3") as team:
        report, _ = importers.import_paths(team, [out], actor="carol")
        assert team.suggestion_pattern_rows() == [LearnedPattern("location", "Shusha", {}, 0, 3)]
    assert any("2 suggestion pattern(s) not kept" in note for note in report.notes)


def test_a_malformed_pattern_refuses_the_file_in_one_line(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bad.annotations.jsonl"
    lines = export_native(corpus.store, out)
    lines[0]["suggestion_patterns"] = [{"label": "location", "text": "Shusha", "accepted": -1}]
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["import", str(out), "--db", str(tmp_path / "team.sqlite3")]) == 2
    error = capsys.readouterr().err.strip()
    assert "suggestion_patterns[0].accepted" in error and "\n" not in error


def test_an_accepted_suggestions_provenance_survives_a_round_trip(
    corpus: Corpus, tmp_path: Path
) -> None:
    from annotator.core.suggest.commands import accept_commands

    document = corpus.store.document(corpus.second_id)
    commands = accept_commands(corpus.store.schema, document, "alice", [MINISTRY], [0], [])
    with corpus.store.unit_of_work():
        for command in commands:
            command.apply(corpus.store)
    out = tmp_path / "out.annotations.jsonl"
    export_native(corpus.store, out)
    with Store.open(tmp_path / "team.sqlite3") as team:
        importers.import_paths(team, [out], actor="carol")
        second = team.find_document("second")
        assert second is not None
        (ministry,) = [s for s in team.spans(second.id, "alice") if s.text == MINISTRY.text]
        assert ministry.provenance == {"suggester": "rules", "score": 0.75}


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")


def _files(root: Path) -> dict[str, str]:
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    found = {}
    for path in paths:
        text = _STAMP.sub("<time>", path.read_bytes().decode("utf-8", "replace"))
        found[str(path.relative_to(root.parent))] = text
    return found


@pytest.mark.parametrize("name", exporters.names())
def test_no_exporter_writes_suggestions_or_outcomes_as_annotations(
    corpus: Corpus, tmp_path: Path, name: str
) -> None:
    exporter = exporters.get(name)
    store = corpus.store

    def export(folder: str) -> dict[str, str]:
        out = tmp_path / folder / ("out" if exporter.folder else f"out{exporter.suffix}")
        out.parent.mkdir()
        report = exporter.write(store, out, ExportOptions())
        files = {}
        for written in report.files:
            files.update(_files(written))
        where = str(out.parent)  # reports name the output folder
        return {key.split("/", 1)[-1]: v.replace(where, "<out>") for key, v in files.items()}

    before = export("before")
    decide(store, corpus.second_id)
    after = export("after")
    if name == "native":  # only the header changes: it carries the patterns
        (text_before,), (text_after,) = before.values(), after.values()
        assert json.loads(text_after.split("\n", 1)[0])["suggestion_patterns"]
        before, after = text_before.split("\n", 1)[1], text_after.split("\n", 1)[1]
    assert after == before
