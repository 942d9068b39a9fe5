"""Each export checked against its own format's rules, on the multilingual corpus."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from annotator.core.model import Status
from annotator.core.schema import NATIVE_FORMAT_SCHEMA, json_schema
from annotator.io import exporters
from tests.io.export_corpus import Corpus, build

DONE = frozenset({Status.DONE})


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    built = build(tmp_path / "source.sqlite3", tmp_path)
    yield built
    built.store.close()


def export(corpus: Corpus, name: str, path: Path, **options) -> exporters.ExportReport:
    exporter = exporters.get(name)
    options.setdefault("statuses", exporter.default_statuses)
    return exporter.write(corpus.store, path, exporters.ExportOptions(**options))


def texts(corpus: Corpus) -> dict[str, str]:
    return {d.doc_id: corpus.store.document(d.id).text for d in corpus.store.list_documents()}


def test_native_passes_its_json_schema(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "all.annotations.jsonl"
    report = export(corpus, "native", path)
    schema = json_schema(NATIVE_FORMAT_SCHEMA)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        jsonschema.validate(line, schema)
    assert len(lines) == 1 + report.documents == 6  # header, 2 x alice, 2 x bob, pending
    assert report.lost == [] and report.report_path is None  # lossless: nothing to report


def test_brat_offsets_index_the_txt_and_the_conf_declares_everything(
    corpus: Corpus, tmp_path: Path
) -> None:
    report = export(corpus, "brat", tmp_path / "brat")
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    attributes = {
        line.split()[0]: line.split("Value:")[1].split("|") if "Value:" in line else []
        for line in conf.split("[attributes]\n")[1].splitlines()
    }
    fragments_seen = 0
    for ann in sorted((tmp_path / "brat").glob("*/*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        assert text in texts(corpus).values()  # the canonical text, byte for byte
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T"):
                label, spec = fields[1].split(" ", 1)
                pieces = [tuple(map(int, p.split())) for p in spec.split(";")]
                fragments_seen += len(pieces) > 1
                assert " ".join(text[a:b] for a, b in pieces) == fields[2]
                assert all("\n" not in text[a:b] for a, b in pieces)
                assert f"\n{label}\n" in conf
            elif line.startswith("A"):
                name, _tid, *value = fields[1].split()
                assert value and value[0] in attributes[name]
            elif line.startswith("R"):
                assert fields[1].split()[0] in conf
    assert fragments_seen == 1  # the claim across a line break
    assert (tmp_path / "brat" / "REPORT.txt").read_text(encoding="utf-8").count("free-text") == 1
    assert report.losses["text_attributes"] == 5


@pytest.mark.parametrize("name", ["doccano", "doccano-relations"])
def test_doccano_offsets_are_utf16_code_units(corpus: Corpus, tmp_path: Path, name: str) -> None:
    path = tmp_path / "doccano.jsonl"
    report = export(corpus, name, path)
    quotes = {
        (s.start, s.end): s.text
        for work in corpus.store.annotation_sets(statuses=DONE)
        for s in work.spans
    }
    astral_shift = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        units = record["text"].encode("utf-16-le")
        # doccano's SpanLabel: [start_offset, end_offset, label] lists, or objects
        found = record.get("label") or [
            [e["start_offset"], e["end_offset"], e["label"]] for e in record["entities"]
        ]
        for start, end, _label in found:
            quote = units[2 * start : 2 * end].decode("utf-16-le")
            assert quote in quotes.values()
            astral_shift += quote not in record["text"][start:end]
    assert astral_shift > 0  # the emoji and 𝐀 really shift later offsets
    assert report.losses["attributes"] > 0 and report.losses["notes"] == 2


def test_label_studio_value_text_is_the_text_at_its_offsets(corpus: Corpus, tmp_path: Path):
    path = tmp_path / "tasks.json"
    export(corpus, "label-studio", path)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    config = ET.fromstring((tmp_path / "tasks.label_config.xml").read_text(encoding="utf-8"))
    controls = {element.get("name") for element in config.iter() if element.get("name")}
    regions = 0
    for task in tasks:
        text = task["data"]["text"]
        for annotation in task["annotations"]:
            ids = set()
            for result in annotation["result"]:
                if result["type"] == "relation":
                    assert {result["from_id"], result["to_id"]} <= ids
                    continue
                value = result["value"]
                assert result["from_name"] in controls and result["to_name"] == "text"
                if result["type"] == "labels":
                    regions += 1
                    ids.add(result["id"])
                    assert value["text"] == text[value["start"] : value["end"]]
                else:
                    assert result["id"] in ids  # per-region result of a region seen before
    assert regions == 19


def test_csv_tables_neutralise_formulas_and_read_back(corpus: Corpus, tmp_path: Path) -> None:
    export(corpus, "csv", tmp_path / "tables")
    with (tmp_path / "tables" / "casualty_figures.csv").open(encoding="utf-8-sig", newline="") as f:
        figures = list(csv.DictReader(f))
    with (tmp_path / "tables" / "claims.csv").open(encoding="utf-8-sig", newline="") as f:
        claims = list(csv.DictReader(f))
    assert len(figures) == 4 and len(claims) == 5
    twelve = next(row for row in figures if row["text"] == "12 people")
    assert twelve["victim_side"] == '\'=HYPERLINK("http://example.invalid")'
    assert (twelve["sources"], twelve["locations"]) == ("the OSCE", "Stepanakert")
    toll = next(row for row in figures if row["text"] == "over 6,500 lives")
    assert (toll["qualifier"], toll["low"], toll["high"]) == ("more_than", "6500", "")
    crossing = next(row for row in claims if row["text"].startswith("dead"))
    assert "\n" in crossing["text"] and crossing["sources"] == "Baku's ministry"
    for row in figures + claims:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_hf_rows_have_consistent_tag_lengths_and_valid_iob2(corpus: Corpus, tmp_path: Path):
    report = export(corpus, "hf", tmp_path / "hf")
    features = json.loads((tmp_path / "hf" / "features.json").read_text(encoding="utf-8"))
    tag_columns = [name for name in features if name.endswith("_tags")]
    assert "ner_tags" in tag_columns and "claim_tags" in tag_columns
    rows = [json.loads(x) for x in (tmp_path / "hf" / "train.jsonl").read_text().splitlines()]
    assert len(rows) == report.documents == 4
    for row in rows:
        for column in tag_columns:
            names = features[column]["feature"]["names"]
            tags = [names[i] for i in row[column]]
            assert len(tags) == len(row["tokens"])
            for previous, tag in zip(["O", *tags], tags, strict=False):
                if tag.startswith("I-"):
                    assert previous[2:] == tag[2:]
    alice = next(r for r in rows if r["id"] == "crlf-report" and r["annotator"] == "alice")
    located = [t for t, tag in zip(alice["tokens"], alice["location_tags"], strict=True) if tag]
    assert "Գեղարքունիք" in located  # nested in a claim, still tagged in its own column
    assert "dataset_info" in (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert report.losses["same_label_overlaps"] == 1 and report.losses["widened"] == 1


def test_w3c_selectors_agree(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "annotations.jsonld"
    export(corpus, "w3c", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    by_sha = {t.encode and __import__("hashlib").sha256(t.encode()).hexdigest(): t
              for t in texts(corpus).values()}  # fmt: skip
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 19 + 13
    ids = {item["id"] for item in items}
    for item in items:
        if item["motivation"] == "linking":
            assert item["target"] in ids and item["body"][0] in ids
            continue
        text = by_sha[item["target"]["source"].removeprefix("urn:sha256:")]
        position, quote = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert quote["exact"] == text[start:end]
        assert quote["prefix"] == text[max(0, start - 32) : start]
        assert quote["suffix"] == text[end : end + 32]


def test_spans_jsonl_tokens_rebuild_the_text_and_spans_sit_on_tokens(corpus, tmp_path):
    path = tmp_path / "tasks.jsonl"
    export(corpus, "spans-jsonl", path)
    for line in path.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        tokens = task["tokens"]
        assert "".join(t["text"] + " " * t["ws"] for t in tokens) == task["text"]
        for t in tokens:
            assert task["text"][t["start"] : t["end"]] == t["text"]
        for span in task["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
            assert task["text"][span["start"] : span["end"]] == span["text"]
        for relation in task["relations"]:
            assert relation["head"] == relation["head_span"]["token_end"]
            assert relation["child"] == relation["child_span"]["token_end"]


def test_conll_has_a_docstart_per_record_and_one_layer(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "data.conll"
    report = export(corpus, "conll", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines.count("-DOCSTART- -X- -X- O") == report.documents == 4
    for line in lines:
        if line and not line.startswith("-DOCSTART-"):
            _token, x, underscore, tag = line.split(" ")
            assert (x, underscore) == ("-X-", "_") and tag[:2] in ("O", "B-", "I-")
    assert report.losses["overlaps"] == 4
    assert "4 spans overlapping" in path.with_name("data.conll.report.txt").read_text()


def test_labels_filter_drops_spans_and_their_relations(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "only.jsonl"
    report = export(corpus, "spans-jsonl", path, labels=frozenset({"casualty_figure", "source"}))
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    labels = {s["label"] for t in tasks for s in t["spans"]}
    assert labels == {"casualty_figure", "source"}
    kinds = {r["label"] for t in tasks for r in t["relations"]}
    assert kinds == {"attributed_to", "corroborates"} and report.relations == 4


@pytest.mark.parametrize("name", ["spans-jsonl", "conll", "doccano", "label-studio", "w3c"])
def test_file_formats_write_one_file_per_split(corpus: Corpus, tmp_path: Path, name: str):
    exporter = exporters.get(name)
    path = tmp_path / f"out{exporter.suffix}"
    report = export(corpus, name, path, split={"train": 0.5, "test": 0.5}, seed=1)
    assert report.splits == {"train": 1, "test": 1}
    stem = f"out.{{}}{exporter.suffix}"
    assert (tmp_path / stem.format("train")).is_file() and (
        tmp_path / stem.format("test")
    ).is_file()
    assert not path.exists() and report.report_path == path.with_name(path.name + ".report.txt")
    assert "split train: 1 document" in report.report_path.read_text(encoding="utf-8")


def test_folder_export_refuses_a_folder_of_other_files(corpus: Corpus, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("do not delete", encoding="utf-8")
    with pytest.raises(exporters.registry.UserError, match="not empty"):
        export(corpus, "hf", mine)
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "do not delete"
    export(corpus, "hf", tmp_path / "hf")
    export(corpus, "hf", tmp_path / "hf", split={"train": 0.5, "test": 0.5})  # replaces it
    assert sorted(p.name for p in (tmp_path / "hf").glob("*.jsonl")) == [
        "test.jsonl",
        "train.jsonl",
    ]


def test_cancelled_export_leaves_nothing(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    with pytest.raises(exporters.ExportCancelled):
        export(corpus, "spans-jsonl", path, progress=lambda done, total: False)
    assert list(tmp_path.glob("x.*")) == [] and not list(tmp_path.glob(".x.*"))
    calls = []
    export(corpus, "spans-jsonl", path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2, 3)
