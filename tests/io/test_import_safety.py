"""Hostile inputs: each is refused with exit 2 and one line naming the file and place, and the
database file is byte-identical afterwards (issue 8). One repro per case, through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.io.import_files import (
    BUILDERS,
    TEXT,
    assert_refused,
    assert_unchanged,
    cli_import,
    doccano,
    label_studio,
    native_file,
    native_line,
    seeded_db,
    sha256_of,
    spans_jsonl,
    write_brat,
)

JSON_FORMATS = ["jsonl", "json", "native", "label-studio", "doccano", "spans-jsonl"]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return seeded_db(tmp_path, capsys)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("format", sorted(BUILDERS))
def test_every_builder_imports_cleanly(format: str, tmp_path: Path, capsys, db: Path) -> None:
    # The baseline the refusals below depart from: the same files, unbroken, import.
    name, build = BUILDERS[format]
    path = write(tmp_path / name, build(TEXT))
    code, err, out = cli_import(capsys, db, path)
    assert (code, err) == (0, []), out
    assert "Imported 1 document " in out


@pytest.mark.parametrize("format", JSON_FORMATS)
def test_lone_surrogate_escape_is_refused(format: str, tmp_path: Path, capsys, db: Path) -> None:
    name, build = BUILDERS[format]
    content = build("Baku \ud800 said")  # json.dumps writes it as the escape "\ud800"
    assert "\\ud800" in content
    path = write(tmp_path / name, content)
    line = assert_refused(capsys, db, path, names=name)
    assert "unpaired surrogate U+D800" in line


def test_lone_surrogate_in_meta_and_note_is_refused(tmp_path: Path, capsys, db: Path) -> None:
    meta = write(tmp_path / "meta.jsonl", '{"text": "ok text", "meta": {"k\\udc00": 1}}\n')
    assert "meta key" in assert_refused(capsys, db, meta, names="meta.jsonl")
    noted = native_line()
    noted["spans"][0]["note"] = "see \udfff"
    path = write(tmp_path / "n.annotations.jsonl", native_file(noted))
    assert "span s1: note" in assert_refused(capsys, db, path, names="n.annotations.jsonl")


@pytest.mark.parametrize("format", sorted(BUILDERS))
def test_nul_is_refused_in_every_importer(format: str, tmp_path: Path, capsys, db: Path) -> None:
    name, build = BUILDERS[format]
    path = write(tmp_path / name, build("Baku \x00 said"))  # JSON writes it as \u0000
    line = assert_refused(capsys, db, path, names=name)
    assert "NUL" in line


@pytest.mark.parametrize("format", JSON_FORMATS)
def test_escape_characters_in_text_are_refused(format: str, tmp_path, capsys, db) -> None:
    name, build = BUILDERS[format]
    path = write(tmp_path / name, build("Baku \x1b[31m said"))
    assert "control character U+001B" in assert_refused(capsys, db, path, names=name)


def test_tabs_newlines_and_form_feeds_are_kept(tmp_path: Path, capsys, db: Path) -> None:
    path = write(tmp_path / "ok.jsonl", json.dumps({"text": "a\tb\nc\x0cd\re"}) + "\n")
    code, err, _ = cli_import(capsys, db, path)
    assert (code, err) == (0, [])


@pytest.mark.parametrize("offset", [0.0, 4.5, True, "0"])
def test_offsets_must_be_true_integers_in_native(offset, tmp_path: Path, capsys, db) -> None:
    line = native_line()
    line["spans"][0]["start"] = offset
    path = write(tmp_path / "f.annotations.jsonl", native_file(line))
    message = assert_refused(capsys, db, path, names="f.annotations.jsonl: line 2")
    assert "start" in message


@pytest.mark.parametrize("offset", [0.0, True, "0"])
def test_offsets_must_be_true_integers_in_foreign_formats(offset, tmp_path, capsys, db) -> None:
    cases = {
        "tasks.json": label_studio(value={"start": offset, "end": 4, "labels": ["Location"]}),
        "doccano.jsonl": doccano(label=[[offset, 4, "location"]], entities=None),
        "spans.jsonl": spans_jsonl(start=offset),
    }
    for name, content in cases.items():
        if name == "doccano.jsonl":
            content = json.dumps({"text": TEXT, "label": [[offset, 4, "location"]]}) + "\n"
        path = write(tmp_path / name, content)
        message = assert_refused(capsys, db, path, names=name)
        assert "is not a whole number" in message, message


def test_brat_relation_without_arguments(tmp_path: Path, capsys, db: Path) -> None:
    folder = write_brat(tmp_path / "brat", "T1\tlocation 0 4\tBaku\nR1\t\n")
    message = assert_refused(capsys, db, "--format", "brat", folder, names="doc.ann: line 2")
    assert "expected 'TYPE Arg1:ID Arg2:ID'" in message
    write_brat(folder, "T1\tlocation 0 4\tBaku\nR1\tlocated_at Arg1:T1\n")
    assert_refused(capsys, db, "--format", "brat", folder, names="doc.ann: line 2")


@pytest.mark.parametrize("digits", ["٠ ٤", "0 ４", "0 ⁴", "0 " + "9" * 5000])
def test_brat_offsets_are_ascii_digits(digits: str, tmp_path: Path, capsys, db: Path) -> None:
    folder = write_brat(tmp_path / "brat", f"T1\tlocation {digits}\tBaku\n")
    message = assert_refused(capsys, db, "--format", "brat", folder, names="doc.ann: line 1")
    assert "ASCII digits" in message


def test_doccano_wrong_types(tmp_path: Path, capsys, db: Path) -> None:
    cases = {
        "relations.jsonl": doccano(relations=5),
        "entities.jsonl": doccano(entities="x"),
        "entity.jsonl": doccano(entities=[5]),
        "label.jsonl": json.dumps({"text": TEXT, "label": [[0, 4]]}) + "\n",
    }
    for name, content in cases.items():
        path = write(tmp_path / name, content)
        assert_refused(capsys, db, "--format", "doccano", path, names=f"{name}: line 1")


def test_label_studio_wrong_types(tmp_path: Path, capsys, db: Path) -> None:
    choice = {"id": "r1", "type": "choices", "from_name": "location_role", "value": "x"}
    region = {"id": "r1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["Location"]}}
    note = {"id": "r1", "type": "textarea", "from_name": "note", "value": {"text": [1, {}]}}

    def tasks(*results: object, **task: object) -> str:
        base = {"data": {"text": TEXT}, "annotations": [{"result": list(results)}]}
        return json.dumps([base | task])

    cases = {
        "value.json": label_studio(value="x"),
        "choice.json": tasks(region, choice),
        "note.json": tasks(region, note),
        "predictions.json": tasks(region, predictions=5),
        "annotations.json": tasks(annotations={"result": []}),
        "data.json": json.dumps([{"data": 5, "annotations": []}]),
        "task.json": json.dumps([5]),
    }
    for name, content in cases.items():
        path = write(tmp_path / name, content)
        assert_refused(capsys, db, "--format", "label-studio", path, names=f"{name}: task 1")


def test_spans_jsonl_wrong_types(tmp_path: Path, capsys, db: Path) -> None:
    cases = {
        "meta.jsonl": json.dumps({"text": TEXT, "spans": [], "meta": "x"}) + "\n",
        "spans.jsonl": json.dumps({"text": TEXT, "spans": 5, "answer": "accept"}) + "\n",
        "span.jsonl": json.dumps({"text": TEXT, "spans": [5], "answer": "accept"}) + "\n",
    }
    for name, content in cases.items():
        path = write(tmp_path / name, content)
        assert_refused(capsys, db, "--format", "spans-jsonl", path, names=f"{name}: line 1")


def test_symlink_loop_in_a_folder(tmp_path: Path, capsys, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "good.txt", "A good article about Kəlbəcər.")
    os.symlink("self.txt", folder / "self.txt")
    message = assert_refused(capsys, db, folder, names="self.txt")
    assert "cannot follow the symbolic link" in message
    os.remove(folder / "self.txt")
    os.symlink("b.txt", folder / "a.txt")
    os.symlink("a.txt", folder / "b.txt")
    code, err, out = cli_import(capsys, db, "--skip-bad", folder)
    assert code == 2 and len(err) == 2 and all("skipped" in line for line in err)
    assert "Imported 1 document " in out


def test_symlink_to_a_parent_folder(tmp_path: Path, capsys, db: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder / "sub" / "x.txt", "An article in a sub folder.")
    os.symlink("..", folder / "sub" / "up")
    message = assert_refused(capsys, db, folder, names=str(folder / "sub" / "up"))
    assert "loop" in message


def test_symlinked_folder_elsewhere_is_followed(tmp_path: Path, capsys, db: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere / "x.txt", "An article reached through a link.")
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(elsewhere, folder / "linked")
    os.symlink(elsewhere / "x.txt", folder / "same.txt")  # the same file twice: once
    code, err, out = cli_import(capsys, db, folder)
    assert (code, err) == (0, []) and "Imported 1 document from 1 file" in out


def test_file_name_that_is_not_utf8(tmp_path: Path, capsys, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "good.txt", "A good article about Kəlbəcər.")
    with open(os.path.join(os.fsencode(folder), b"\xff bad.txt"), "wb") as handle:
        handle.write(b"Text behind a name that is not UTF-8.")
    message = assert_refused(capsys, db, folder, names="\\xff bad.txt")
    assert "not valid UTF-8" in message
    code, err, out = cli_import(capsys, db, "--skip-bad", folder)
    assert code == 2
    assert len(err) == 1 and err[0].startswith("annotator: skipped ") and "\\xff" in err[0]
    assert "Imported 1 document " in out


def test_names_with_newlines_and_escapes_cannot_forge_lines(tmp_path, capsys, db) -> None:
    nasty = tmp_path / "x\nannotator: error: forged \x1b[31mred.txt"
    write(nasty, "")
    message = assert_refused(capsys, db, nasty, names="x\\nannotator: error: forged \\x1b[31m")
    assert "\x1b" not in message
    # Notes and skipped lines are escaped too.
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "bad\n.jsonl", "{")
    write(folder / "ok.jsonl", '{"text": "fine"}\n{"text": "fine", "id": "again\\u001b"}\n')
    code, err, _ = cli_import(capsys, db, "--skip-bad", folder)
    assert code == 2 and len(err) == 2 and "bad\\n.jsonl" in err[0]


def test_several_bad_files_one_line_each(tmp_path: Path, capsys, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.jsonl", "{")
    write(folder / "b.jsonl", '{"text": "b\\u0000"}\n')
    write(folder / "c.txt", "A good one.")
    before = db.read_bytes()
    code, err, _ = cli_import(capsys, db, folder)
    assert code == 2 and [line.split(": ")[2].rsplit("/", 1)[1] for line in err] == [
        "a.jsonl",
        "b.jsonl",
    ]
    assert_unchanged(db, before)


def test_doc_id_clash_in_a_later_file_rolls_back_the_earlier_ones(tmp_path, capsys, db) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.jsonl", '{"id": "x", "text": "first text"}\n')
    write(folder / "b.jsonl", '{"id": "x", "text": "second text"}\n')
    message = assert_refused(capsys, db, folder, names="b.jsonl: line 1")
    assert "doc_id 'x' is already used earlier in this import" in message


def test_refused_import_leaves_every_byte(tmp_path: Path, capsys, db: Path) -> None:
    path = write(tmp_path / "bad.jsonl", "{")
    before = sha256_of(db)
    code, _, _ = cli_import(capsys, db, path)
    assert code == 2 and sha256_of(db) == before
