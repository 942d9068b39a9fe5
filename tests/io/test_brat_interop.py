"""brat exports read back by brat's own rules, and re-imported with every annotator.

``read_conf`` parses ``annotation.conf`` as brat's server does (server/src/projectconfig.py:
``[section]`` lines; ``#`` comments; a line is ``TERMS ARGS`` with terms split on ``|``, args
on ``,``, each arg ``KEY:TYPE1|TYPE2`` with no empty type and no key twice).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.model import Span, Status, new_uid
from annotator.io import exporters, importers
from annotator.store import Store
from tests.io.export_corpus import Corpus, build
from tests.io.test_roundtrips import project, snapshot

DONE = frozenset({Status.DONE})


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    built = build(tmp_path / "source.sqlite3", tmp_path)
    yield built
    built.store.close()


def read_conf(text: str) -> dict[str, dict[str, dict[str, list[str]]]]:
    """section -> first term -> arg key -> types, by brat's grammar; AssertionError where
    brat would refuse the file."""
    sections: dict[str, dict[str, dict[str, list[str]]]] = {}
    section = "general"
    for line in text.split("\n"):
        header = re.match(r"^\s*\[(.*)\]\s*$", line)
        if header:
            section = header.group(1)
            assert section in ("entities", "relations", "events", "attributes"), section
            assert section not in sections, f"[{section}] twice"
            sections[section] = {}
            continue
        if not line.strip() or re.match(r"^\s*#", line):
            continue
        match = re.match(r"^(\s*)(\S+)(?:\s+(.*))?$", line)
        assert match, line
        terms = [t.strip() for t in match.group(2).split("|") if t.strip()]
        assert terms and re.fullmatch(r"[a-zA-Z0-9_<>-]+", terms[0]), line
        args: dict[str, list[str]] = {}
        for arg in (a.strip() for a in (match.group(3) or "").split(",") if a.strip()):
            parsed = re.match(r"^(\S*?):(\S*)$", arg)
            assert parsed, f"cannot parse argument {arg!r} of {line!r}"
            key, types = parsed.groups()
            assert key not in args, f"{key} twice in {line!r}"
            args[key] = types.split("|")
            assert all(t.strip() for t in args[key]), f"empty type in {line!r}"
        assert terms[0] not in sections[section], f"{terms[0]} declared twice"
        sections[section][terms[0]] = args
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    return sections


def ann_lines(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def export_brat(corpus: Corpus, folder: Path, **options) -> exporters.ExportReport:
    return exporters.get("brat").write(
        corpus.store, folder, exporters.ExportOptions(statuses=DONE, **options)
    )


def test_annotation_conf_declares_each_attribute_per_label_by_brats_grammar(
    corpus: Corpus, tmp_path: Path
) -> None:
    export_brat(corpus, tmp_path / "brat")
    conf = read_conf((tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8"))
    schema = corpus.store.schema
    attributes = conf["attributes"]
    # role means different things on a source and on a location: two declarations, each
    # with its own label's values, never one merged list.
    source_role = schema.label("source").attribute("role").values
    location_role = schema.label("location").attribute("role").values
    assert "role" not in attributes
    assert attributes["source_role"] == {"Arg": ["source"], "Value": list(source_role)}
    assert attributes["location_role"] == {"Arg": ["location"], "Value": list(location_role)}
    assert attributes["claim_type"]["Value"] == list(
        schema.label("claim").attribute("claim_type").values
    )
    for name, args in attributes.items():
        for label in args["Arg"]:
            kinds = {_meaning(schema, label, name)}
            assert len(kinds) == 1
    seen = 0
    for ann in sorted((tmp_path / "brat").glob("*/*.ann")):
        labels = {}
        for fields in ann_lines(ann):
            if fields[0].startswith("T"):
                labels[fields[0]] = fields[1].split()[0]
                assert labels[fields[0]] in conf["entities"]
            elif fields[0].startswith("A"):
                name, target, *value = fields[1].split()
                declared = attributes[name]
                assert labels[target] in declared["Arg"]
                assert value == [] if "Value" not in declared else value[0] in declared["Value"]
                seen += 1
            elif fields[0].startswith("R"):
                kind, first, second = fields[1].split()
                args = conf["relations"][kind]
                assert labels[first.split(":")[1]] in args["Arg1"]
                assert labels[second.split(":")[1]] in args["Arg2"]
    assert seen > 5


def _meaning(schema, label: str, name: str) -> str:
    """The attribute a brat name stands for on ``label`` (its id, or ``label_id``)."""
    ids = [a.id for a in schema.label(label).attributes]
    found = name if name in ids else name.removeprefix(f"{label}_")
    assert found in ids, (label, name)
    return found


def test_reimporting_a_brat_export_restores_every_annotator(
    corpus: Corpus, tmp_path: Path, capsys
) -> None:
    export_brat(corpus, tmp_path / "brat")
    again = tmp_path / "again.sqlite3"
    assert main(["import", "--format", "brat", str(tmp_path / "brat"), "--db", str(again)]) == 0
    assert "skipped" not in capsys.readouterr().err
    with Store.open(again) as store:
        expected = project(snapshot(corpus.store), text_attributes=False)
        assert {who for _, who in expected} == {"alice", "bob"}
        assert snapshot(store) == expected


def test_split_export_and_an_unsafe_annotator_name_come_back(
    corpus: Corpus, tmp_path: Path
) -> None:
    # A name that is no safe folder name: the folder is renamed, the name comes back whole.
    who = "Ana María/Field team"
    doc = corpus.store.document(corpus.second_id)
    start = doc.text.index("Stepanakert")
    corpus.store.add_span(
        Span(new_uid("s"), doc.id, who, "location", start, start + 11, "Stepanakert")
    )
    corpus.store.set_status(doc.id, who, Status.DONE)
    export_brat(corpus, tmp_path / "brat", split={"train": 0.5, "test": 0.5})
    top = tmp_path / "brat"
    folders = {p.relative_to(top).as_posix() for p in top.glob("*/*") if p.is_dir()}
    assert {f.split("/")[0] for f in folders} == {"train", "test"}
    assert any(f.endswith("/Ana_María_Field_team") for f in folders)
    with Store.open(tmp_path / "again.sqlite3") as store:
        importers.import_paths(store, [top / "train", top / "test"], actor="x")
        expected = project(snapshot(corpus.store), text_attributes=False)
        assert who in {name for _, name in expected}
        assert snapshot(store) == expected


def test_utf16_offsets_count_as_brats_web_ui_does_and_come_back(
    corpus: Corpus, tmp_path: Path, capsys
) -> None:
    export_brat(corpus, tmp_path / "brat", brat_offsets="utf16")
    astral = 0
    for ann in sorted((tmp_path / "brat").glob("*/*.ann")):
        units = ann.with_suffix(".txt").read_text(encoding="utf-8").encode("utf-16-le")
        for fields in ann_lines(ann):
            if fields[0].startswith("T"):
                spec = fields[1].split(" ", 1)[1]
                pieces = [tuple(map(int, p.split())) for p in spec.split(";")]
                quote = " ".join(units[2 * a : 2 * b].decode("utf-16-le") for a, b in pieces)
                assert quote == fields[2]
                astral += any(
                    ord(c) > 0xFFFF for c in units[: 2 * pieces[0][0]].decode("utf-16-le")
                )
    assert astral > 0  # spans after the emoji, where code points and UTF-16 units differ
    expected = project(snapshot(corpus.store), text_attributes=False)
    again = tmp_path / "again.sqlite3"
    # The export recorded its offsets: no option needed to read them back.
    assert main(["import", "--format", "brat", str(tmp_path / "brat"), "--db", str(again)]) == 0
    with Store.open(again) as store:
        assert snapshot(store) == expected


def test_foreign_brat_folder_with_utf16_offsets_needs_the_option(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    text = "🇦🇲 Yerevan and Baku"
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    # brat's UI counts the flag's two astral characters as four units.
    (folder / "doc.ann").write_text(
        "T1\tlocation 5 12\tYerevan\nT2\tlocation 17 21\tBaku\n", encoding="utf-8"
    )
    db = tmp_path / "x.sqlite3"
    assert (
        main(
            ["import", "--format", "brat", "--brat-offsets", "utf16", str(folder), "--db", str(db)]
        )
        == 0
    )
    with Store.open(db) as store:
        spans = [s for w in store.annotation_sets() for s in w.spans]
        assert sorted((s.start, s.end, s.text) for s in spans) == [
            (3, 10, "Yerevan"),
            (15, 19, "Baku"),
        ]
    capsys.readouterr()
    # Read as code points, the offsets miss their text, and re-anchoring says so.
    other = tmp_path / "y.sqlite3"
    assert main(["import", "--format", "brat", str(folder), "--db", str(other)]) == 0
    assert "moved to 3-10" in capsys.readouterr().err


def test_utf16_offset_inside_a_character_is_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("🇦🇲 Yerevan", encoding="utf-8")
    (folder / "doc.ann").write_text("T1\tlocation 1 12\t\U0001f1e6\n", encoding="utf-8")
    db = tmp_path / "x.sqlite3"
    code = main(
        ["import", "--format", "brat", "--brat-offsets", "utf16", str(folder), "--db", str(db)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "doc.ann: line 1: offset 1 falls inside a character" in err


def test_brat_export_info_is_json_naming_folders_and_offsets(
    corpus: Corpus, tmp_path: Path
) -> None:
    export_brat(corpus, tmp_path / "brat")
    info = json.loads((tmp_path / "brat" / ".annotator-brat.json").read_text(encoding="utf-8"))
    assert info == {"offsets": "code-points", "annotators": {"alice": "alice", "bob": "bob"}}
