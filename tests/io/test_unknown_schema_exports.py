"""Stored data the label schema no longer covers (possible after ``schema use --force``):
every exporter writes it with its ids as they are and lists it, and none crashes (issue 8,
items 8 and 10)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.model import Relation, Span, new_uid
from annotator.io import exporters
from tests.io.export_corpus import Corpus, build


def _add(corpus: Corpus, quote: str, label: str, **attributes) -> Span:
    text = corpus.store.document(corpus.second_id).text
    start = text.index(quote)
    span = Span(new_uid("s"), corpus.second_id, "alice", label, start, start + len(quote), quote)
    return corpus.store.add_span(Span(**{**span.__dict__, "attributes": attributes}))


@pytest.fixture
def corpus(tmp_path: Path):
    built = build(tmp_path / "source.sqlite3", tmp_path)
    # A label, an attribute and a relation type that the schema in use does not define.
    rumour = _add(built, "about twenty", "rumour", grade=3, vetted=True)
    claim = _add(built, "12 people died", "claim", claim_type="event", confidence="high")
    built.store.add_relation(
        Relation(new_uid("r"), built.second_id, "alice", "echoes", rumour.uid, claim.uid)
    )
    yield built
    built.store.close()


UNKNOWN = [
    "1 spans labelled 'rumour', which the label schema does not define",
    "1 values of attribute 'confidence' of 'claim', which the label schema does not define",
    "1 relations of type 'echoes', which the label schema does not define",
]


@pytest.mark.parametrize("name", exporters.names())
def test_every_exporter_writes_and_lists_what_the_schema_lacks(
    corpus: Corpus, tmp_path: Path, capsys, name: str
) -> None:
    exporter = exporters.get(name)
    out = tmp_path / ("out" if exporter.folder else f"out{exporter.suffix}")
    db = str(corpus.store.path)
    assert main(["export", "-f", name, "-o", str(out), "--db", db, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unknown"] == UNKNOWN
    if report["report"] is not None:
        text = Path(report["report"]).read_text(encoding="utf-8")
        assert "Not in the label schema (written as they are):" in text
        assert all(line in text for line in UNKNOWN)
    assert main(["export", "-f", name, "-o", str(tmp_path / "again"), "--db", db]) == 0
    assert "Not in the label schema" in capsys.readouterr().out


def test_brat_declares_them_so_that_brat_opens_the_files(corpus: Corpus, tmp_path: Path):
    exporters.get("brat").write(corpus.store, tmp_path / "b", exporters.ExportOptions())
    conf = (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n")[1].split("[relations]")[0].splitlines()
    assert "rumour" in entities
    assert "echoes Arg1:<ENTITY>, Arg2:<ENTITY>" in conf
    ann = (tmp_path / "b" / "alice" / "second.ann").read_text(encoding="utf-8")
    rumour = next(line for line in ann.splitlines() if "\trumour " in line)
    tid = rumour.split("\t")[0]
    assert f"grade {tid} 3" in ann and f"vetted {tid}" in ann
    assert "\techoes Arg1:" in ann


def test_label_studio_config_declares_every_control_the_tasks_use(
    corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.json"
    exporters.get("label-studio").write(corpus.store, path, exporters.ExportOptions())
    config = ET.parse(tmp_path / "tasks.label_config.xml").getroot()
    declared = {node.get("name") for node in config.iter() if node.get("name")}
    labels = {node.get("value") for node in config.iter("Label")}
    relations = {node.get("value") for node in config.iter("Relation")}
    assert "rumour" in labels and "echoes" in relations
    used = set()
    for task in json.loads(path.read_text(encoding="utf-8")):
        for annotation in task["annotations"]:
            for result in annotation["result"]:
                if "from_name" in result:
                    used.add(result["from_name"])
                    if result["type"] == "labels":
                        assert set(result["value"]["labels"]) <= labels
                else:
                    assert set(result["labels"]) <= relations
    assert {"rumour_grade", "rumour_vetted", "claim_confidence"} <= used <= declared


def test_hf_gives_an_unknown_label_its_own_column(corpus: Corpus, tmp_path: Path) -> None:
    exporters.get("hf").write(corpus.store, tmp_path / "hf", exporters.ExportOptions())
    features = json.loads((tmp_path / "hf" / "features.json").read_text(encoding="utf-8"))
    assert features["rumour_tags"]["feature"]["names"] == ["O", "B-rumour", "I-rumour"]
    assert "B-rumour" in features["ner_tags"]["feature"]["names"]
    rows = [json.loads(x) for x in (tmp_path / "hf" / "train.jsonl").read_text().splitlines()]
    assert sum(row["rumour_tags"].count(1) for row in rows) == 1
