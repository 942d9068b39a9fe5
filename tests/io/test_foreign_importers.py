"""Files as Label Studio, doccano, Prodigy and brat write them, read by our importers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import Status
from annotator.errors import UserError
from annotator.io import importers
from annotator.store import Store

TEXT = "Officials said 12 people died in Kharkiv 🕯 and Kəlbəcər."


def spans_of(store: Store) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for work in store.annotation_sets():
        out.setdefault(work.annotator or "", []).extend(
            (s.label, s.text, dict(s.attributes), s.note) for s in work.spans
        )
    return out


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_label_studio_export_with_users_predictions_and_drifted_offsets(store, tmp_path):
    kolb = TEXT.index("Kəlbəcər")
    tasks = [
        {
            "id": 7,
            "data": {"text": TEXT, "outlet": "Wire"},
            "predictions": [{"result": []}],
            "annotations": [
                {
                    "completed_by": 3,
                    "was_cancelled": False,
                    "result": [
                        {"id": "a", "from_name": "ner", "to_name": "text", "type": "labels",
                         "value": {"start": 0, "end": 9, "text": "Officials",
                                   "labels": ["SOURCE"]}},
                        {"id": "a", "from_name": "source_type", "to_name": "text",
                         "type": "choices", "value": {"start": 0, "end": 9,
                                                      "choices": ["Government"]}},
                        # Counted in UTF-16 units, as old Label Studio did: one too far.
                        {"id": "b", "from_name": "ner", "to_name": "text", "type": "labels",
                         "value": {"start": kolb + 1, "end": kolb + 9, "text": "Kəlbəcər",
                                   "labels": ["Location"]}},
                        {"id": "c", "from_name": "ner", "to_name": "text", "type": "labels",
                         "value": {"start": 15, "end": 24, "text": "12 people",
                                   "labels": ["casualty_figure"]}},
                        {"from_id": "c", "to_id": "a", "type": "relation", "direction": "right",
                         "labels": ["ATTRIBUTED_TO"]},
                    ],
                },
                {"completed_by": {"id": 4, "email": "bea@example.org"}, "was_cancelled": True,
                 "result": []},
            ],
        }
    ]  # fmt: skip
    path = write(tmp_path / "project-1.json", json.dumps(tasks))
    assert importers.detect(path).name == "label-studio"  # sniffed, though it is .json
    report, errors = importers.import_paths(store, [path], actor="me")
    assert errors == [] and report.added == 1
    assert any("moved to" in note for note in report.notes)
    assert any("1 predictions not imported" in note for note in report.notes)
    found = spans_of(store)
    assert sorted(found["label-studio-user-3"]) == [
        ("casualty_figure", "12 people", {}, ""),
        ("location", "Kəlbəcər", {}, ""),
        ("source", "Officials", {"source_type": "government"}, ""),
    ]
    statuses = {w.annotator: w.status for w in store.annotation_sets()}
    assert statuses == {"label-studio-user-3": Status.DONE, "bea@example.org": Status.SKIPPED}
    [work] = [w for w in store.annotation_sets() if w.relations]
    assert [r.type for r in work.relations] == ["attributed_to"]


def test_label_studio_unknown_label_names_the_task_and_imports_nothing(store, tmp_path):
    tasks = [
        {"data": {"text": TEXT}, "annotations": []},
        {"data": {"text": "Second text."}, "annotations": [{"result": [
            {"id": "x", "from_name": "ner", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 6, "text": "Second", "labels": ["PERSON"]}}]}]},
    ]  # fmt: skip
    path = write(tmp_path / "ls.json", json.dumps(tasks))
    with pytest.raises(UserError, match=r"ls.json: task 2: annotation 1: result 1: unknown label"):
        importers.import_paths(store, [path], actor="me", format="label-studio")
    assert store.document_count() == 0


def test_doccano_both_layouts_with_utf16_offsets(store, tmp_path):
    units = TEXT.encode("utf-16-le")
    kolb = len(TEXT[: TEXT.index("Kəlbəcər")].encode("utf-16-le")) // 2
    assert kolb == TEXT.index("Kəlbəcər") + 1  # the candle emoji takes two units
    lines = [
        {"id": 1, "text": TEXT, "label": [[0, 9, "source"], [kolb, kolb + 8, "LOCATION"]]},
        {"id": 2, "text": "Baku said 3 died.\r\nNo more.", "entities": [
            {"id": 10, "label": "Source", "start_offset": 0, "end_offset": 4},
            {"id": 11, "label": "casualty_figure", "start_offset": 10, "end_offset": 16}],
         "relations": [{"id": 1, "from_id": 11, "to_id": 10, "type": "attributed_to"}]},
    ]  # fmt: skip
    assert len(units) // 2 > len(TEXT)
    path = write(tmp_path / "all.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    assert importers.detect(path).name == "doccano"
    report, _ = importers.import_paths(store, [path], actor="dora")
    assert report.added == 2
    assert sorted(spans_of(store)["dora"]) == [
        ("casualty_figure", "3 died", {}, ""),
        ("location", "Kəlbəcər", {}, ""),
        ("source", "Baku", {}, ""),
        ("source", "Officials", {}, ""),
    ]


def test_doccano_offset_inside_a_surrogate_pair_is_an_error(store, tmp_path):
    candle = len(TEXT[: TEXT.index("🕯")].encode("utf-16-le")) // 2
    line = {"text": TEXT, "label": [[candle + 1, candle + 6, "claim"]]}
    path = write(tmp_path / "bad.jsonl", json.dumps(line) + "\n")
    with pytest.raises(UserError, match=r"bad.jsonl: line 1: entity #1: start_offset \d+ falls"):
        importers.import_paths(store, [path], actor="me", format="doccano")


def test_prodigy_tasks_with_sessions_token_relations_and_answers(store, tmp_path):
    lines = [
        {"text": TEXT, "_session_id": "news-ann", "answer": "accept", "_input_hash": 1,
         "spans": [{"start": 0, "end": 9, "label": "SOURCE", "token_start": 0, "token_end": 0,
                    "source_type": "GOVERNMENT", "source": "core_web_sm"},
                   {"start": 15, "end": 24, "label": "CASUALTY_FIGURE", "token_start": 2,
                    "token_end": 3, "low": "12", "confidence": 0.5}],
         "relations": [{"head": 3, "child": 0, "label": "attributed_to"}]},
        {"text": "Nothing here.", "_annotator_id": "news-bo", "answer": "ignore", "spans": []},
    ]  # fmt: skip
    path = write(tmp_path / "prodigy.jsonl", "\n".join(json.dumps(x) for x in lines))
    assert importers.detect(path).name == "spans-jsonl"
    report, _ = importers.import_paths(store, [path], actor="me")
    assert any("confidence" in note for note in report.notes)  # unknown key, said so
    assert sorted(spans_of(store)["news-ann"]) == [
        ("casualty_figure", "12 people", {"low": 12}, ""),
        ("source", "Officials", {"source_type": "government"}, ""),
    ]
    statuses = {w.annotator: w.status for w in store.annotation_sets()}
    assert statuses == {"news-ann": Status.DONE, "news-bo": Status.SKIPPED}


def test_prodigy_quote_that_is_nowhere_is_refused(store, tmp_path):
    line = {"text": TEXT, "spans": [{"start": 0, "end": 9, "label": "source", "text": "Nobody"}]}
    path = write(tmp_path / "p.jsonl", json.dumps(line) + "\n")
    with pytest.raises(UserError, match=r"p\.jsonl: line 1: span 1: text 'Nobody' does not match"):
        importers.import_paths(store, [path], actor="me", format="spans-jsonl")


def test_brat_folder_with_crlf_text_fragments_and_events(store, tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    raw = "Officials said\r\n12 people died in Kharkiv.\r\n"
    write(folder / "doc1.txt", raw.encode("utf-8"))
    city = raw.index("Kharkiv")
    assert raw[16:].startswith("12 people")
    write(folder / "doc1.ann", (
        "T1\tSource 0 9\tOfficials\n"
        f"T2\tclaim 10 14;16 {city + 7}\tsaid 12 people died in Kharkiv\n"
        f"T3\tLocation {city} {city + 7}\tKharkiv\n"
        "A1\tfactuality T2 Asserted\n"
        "R1\tattributed_to Arg1:T2 Arg2:T1\n"
        "#1\tAnnotatorNotes T3\tcity in Ukraine\n"
        "E1\tAttack:T2\n"
    ))  # fmt: skip
    write(folder / "annotation.conf", "[entities]\nSource\n")
    write(folder / "notes.txt", "A text with no .ann is not a brat document.\n")
    report, _ = importers.import_paths(store, [folder], actor="bratty", format="brat")
    assert report.added == 1 and any("1 events" in note for note in report.notes)
    assert sorted(spans_of(store)["bratty"]) == [
        ("claim", "said\n12 people died in Kharkiv", {"factuality": "asserted"}, ""),
        ("location", "Kharkiv", {}, "city in Ukraine"),
        ("source", "Officials", {}, ""),
    ]


def test_brat_bad_offsets_name_the_line_and_import_nothing(store, tmp_path):
    write(tmp_path / "d.txt", "Officials said so.\n")
    write(tmp_path / "d.ann", "T1\tsource 0 9\tOfficials\nT2\tclaim 10 99\tsaid no\n")
    with pytest.raises(UserError, match=r"d.ann: line 2: .*not a range"):
        importers.import_paths(store, [tmp_path / "d.ann"], actor="me")
    assert store.document_count() == 0
