"""Property tests: importers either parse or raise UserError, and failed imports write nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.schema import default_schema
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io.importers import detect, get, import_paths
from annotator.store import Store
from tests.helpers import native_header
from tests.io.import_files import BUILDERS, assert_unchanged, cli_import

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTENSIONS = (".txt", ".html", ".jsonl", ".json", ".csv", ".annotations.jsonl")
TEXT = "Baku said Yerevan shelled Kəlbəcər 📍; Yerevan denied it.\nBaku: three dead."

HEADER = native_header()


@contextmanager
def scratch() -> Iterator[Path]:
    # A fresh folder per example: pytest's tmp_path is shared by all examples of one test.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@contextmanager
def fresh_store() -> Iterator[Store]:
    with scratch() as folder:
        store = Store(folder / "t.sqlite3")
        try:
            yield store
        finally:
            store.close()


def snapshot(store: Store) -> tuple[object, ...]:
    stats = store.stats()
    return (store.document_count(), stats.documents, stats.annotators, stats.spans, stats.statuses)


def native_bytes(spans: list[dict[str, Any]] | None = None) -> bytes:
    if spans is None:
        spans = [
            {
                "id": "s1",
                "label": "source",
                "start": 0,
                "end": 4,
                "text": "Baku",
                "attributes": {"source_type": "government"},
                "note": "",
                "created_at": "2024-05-01T10:00:00Z",
                "updated_at": "2024-05-01T10:00:00Z",
            }
        ]
    line = {
        "kind": "document",
        "doc_id": "fuzz",
        "title": "Fuzz",
        "text": TEXT,
        "text_sha256": text_sha256(TEXT),
        "meta": {},
        "annotator": "ana",
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": spans,
        "relations": [],
    }
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in (HEADER, line)).encode()


JSONL_BYTES = (
    '{"id": "a", "title": "A", "text": "Kəlbəcər 📍 line\\r\\ntwo", "meta": {"k": 1}}\n'
    '{"id": 2, "text": "Second record."}\n'
).encode()

junk = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(alphabet='{}[]",:\\ \n\r<>/=ptextid0123456789\ufeff', max_size=200).map(
        lambda s: s.encode("utf-8")
    ),
    st.binary(max_size=200).map(lambda b: json.dumps(HEADER).encode() + b"\n" + b),
    st.binary(max_size=200).map(lambda b: b"\xff\xfe" + b),
)


def assert_user_error_or_documents(path: Path) -> None:
    schema = default_schema()
    try:
        result = detect(path).read(path, schema)
    except UserError as exc:
        assert str(exc).startswith(str(path)), str(exc)
        return
    for doc in result.documents:
        assert doc.text.strip() and "\r" not in doc.text
        assert doc.text_sha256 == text_sha256(doc.text)
        assert isinstance(doc.doc_id, str) and doc.doc_id


@FUZZ
@given(data=junk, extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_parse_or_user_error(data: bytes, extension: str) -> None:
    with scratch() as folder:
        path = folder / f"input{extension}"
        path.write_bytes(data)
        assert_user_error_or_documents(path)


@pytest.mark.slow
@FUZZ
@given(
    source=st.sampled_from(["native", "jsonl"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
)
def test_truncated_files_write_nothing_when_refused(source: str, cut: float) -> None:
    data = native_bytes() if source == "native" else JSONL_BYTES
    data = data[: int(len(data) * cut)]
    suffix = ".annotations.jsonl" if source == "native" else ".jsonl"
    with fresh_store() as store, scratch() as folder:
        path = folder / f"cut{suffix}"
        path.write_bytes(data)
        before = snapshot(store)
        try:
            import_paths(store, [path], actor="fuzz", format=source)
        except UserError:
            assert snapshot(store) == before
            return
        for info in store.list_documents():
            document = store.document(info.id)
            for span in store.spans(info.id):
                assert document.text[span.start : span.end] == span.text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children)
    ),
    max_leaves=6,
)
records = st.dictionaries(
    st.sampled_from(["id", "title", "text", "meta", "extra"]), json_values | st.text(max_size=12)
)


@FUZZ
@given(rows=st.lists(records, min_size=1, max_size=4), as_array=st.booleans())
def test_json_records_with_wrong_types(rows: list[dict[str, Any]], as_array: bool) -> None:
    with scratch() as folder:
        if as_array:
            path = folder / "records.json"
            path.write_text(json.dumps(rows), encoding="utf-8")
        else:
            path = folder / "records.jsonl"
            path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        assert_user_error_or_documents(path)


@pytest.mark.slow
@FUZZ
@given(
    start=st.integers(min_value=-5, max_value=len(TEXT) + 5),
    length=st.integers(min_value=-3, max_value=12),
    quote=st.one_of(
        st.sampled_from(["Baku", "Yerevan", "Kəlbəcər 📍", "three dead", "Moscow", ""]),
        st.builds(
            lambda i, n: TEXT[i : i + n],
            st.integers(0, len(TEXT) - 1),
            st.integers(1, 10),
        ),
    ),
)
def test_native_span_offsets_anchor_or_fail(start: int, length: int, quote: str) -> None:
    span = {
        "id": "s1",
        "label": "location",
        "start": start,
        "end": start + length,
        "text": quote,
        "attributes": {},
        "note": "",
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
    }
    with fresh_store() as store, scratch() as folder:
        path = folder / "spans.annotations.jsonl"
        path.write_bytes(native_bytes([span]))
        before = snapshot(store)
        try:
            import_paths(store, [path], actor="fuzz")
        except UserError as exc:
            assert str(exc).startswith(f"{path}: line 2: ")
            assert snapshot(store) == before
            return
        document = store.find_document("fuzz")
        assert document is not None
        [stored] = store.spans(document.id)
        assert stored.text == quote
        assert document.text[stored.start : stored.end] == quote
        if 0 <= start < start + length <= len(TEXT) and TEXT[start : start + length] == quote:
            assert (stored.start, stored.end) == (start, start + length)


DOC_KEYS = sorted(json.loads(native_bytes().decode().splitlines()[1]))
SPAN_KEYS = [
    "id",
    "label",
    "start",
    "end",
    "text",
    "attributes",
    "note",
    "created_at",
    "provenance",
]
RELATION_KEYS = ["id", "type", "from_id", "to_id"]
values = json_values | st.integers(-2, 2) | st.sampled_from(["", "done", "a" * 64])
mutation = st.tuples(
    st.sampled_from(["document", "span", "relation"]),
    st.sampled_from(sorted({*DOC_KEYS, *SPAN_KEYS, *RELATION_KEYS})),
    st.none() | values,  # None here: delete the key
)


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_fast_shape_check_never_accepts_what_the_schema_refuses(
    mutations: list[tuple[str, str, Any]],
) -> None:
    from annotator.core.schema import NATIVE_FORMAT_SCHEMA, validator
    from annotator.io.importers.native_shape import surely_valid_document

    line = json.loads(native_bytes().decode().splitlines()[1])
    line["relations"] = [{"id": "r1", "type": "cites", "from_id": "s1", "to_id": "s1"}]
    target = {"document": line, "span": line["spans"][0], "relation": line["relations"][0]}
    for where, key, value in mutations:
        obj = target[where]
        if value is None:
            obj.pop(key, None)
        else:
            obj[key] = value
    if surely_valid_document(line):
        assert validator(NATIVE_FORMAT_SCHEMA).is_valid(line)


# ---- every importer through the CLI and a real SQLite store ----------------------------------
#
# The oracle (issue 8): exit 0 or 2; on 2 exactly one stderr line and the database file
# byte-identical; on 0 every document and annotation set the file holds is stored.


# Each example runs the real command on a real database (about 0.2 s): few by default, more
# behind the slow marker.
CLI_FUZZ = settings(FUZZ, max_examples=8)
SLOW_FUZZ = settings(FUZZ, max_examples=150)
NASTY_STRINGS = [
    "", " ", "Baku", "\ud800", "\udfff", "\x00", "\x1b[31m", "\u2028", "📍", "Kəlbəcər",
    "a\r\nb", "٣", "３", "1e400", "9" * 30, "\\", '"', "<a", "&#0;", "\t",
]  # fmt: skip
nasty_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([0, 1, 4, -1, 3.0, 0.5, 1e308])
    | st.sampled_from(NASTY_STRINGS)
    | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children)
    ),
    max_leaves=5,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed JSON value, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    *parents, last = path
    target = value
    for key in parents:
        target = target[key]
    if delete and isinstance(target, dict):
        del target[last]
    else:
        target[last] = new
    return value


@st.composite
def mutated_json(draw: st.DrawFn, lines: list[str]) -> str:
    """One to three values anywhere in a JSON (Lines) file replaced or deleted."""
    values = [json.loads(line) for line in lines]
    for _ in range(draw(st.integers(1, 3))):
        which = draw(st.integers(0, len(values) - 1))
        place = draw(st.sampled_from(_paths(values[which])))
        values[which] = _replace(values[which], place, draw(nasty_values), draw(st.booleans()))
    return "\n".join(json.dumps(value) for value in values) + "\n"


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """Text with pieces cut, or nasty strings inserted, anywhere."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            text = text[:at] + draw(st.sampled_from([*NASTY_STRINGS, "\n", ";", ":"])) + text[at:]
    return text


def _file_for(format: str, data: st.DataObject) -> tuple[str, bytes]:
    name, build = BUILDERS[format]
    content = build(TEXT)
    if format in ("jsonl", "native", "doccano", "spans-jsonl"):
        mutated = data.draw(mutated_json(content.splitlines()))
    elif format in ("json", "label-studio"):
        mutated = data.draw(mutated_json([content])).rstrip("\n")
    else:
        mutated = data.draw(mutated_text(content))
    return name, mutated.encode("utf-8", "surrogatepass")


@contextmanager
def _seeded_copy(template: Path) -> Iterator[tuple[Path, Path]]:
    with scratch() as folder:
        db = folder / "db.sqlite3"
        shutil.copy(template, db)
        yield folder, db


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from annotator.cli import main

    folder = tmp_path_factory.mktemp("template")
    seed = folder / "seed.txt"
    seed.write_text("Seed article: Yerevan said it had no aircraft in the area.", encoding="utf-8")
    db = folder / "seeded.sqlite3"
    assert main(["import", str(seed), "--db", str(db), "--as", "tester"]) == 0
    yield db


def _check_oracle(capsys: pytest.CaptureFixture[str], db: Path, path: Path, *args: str) -> None:
    before = db.read_bytes()
    code, err, _ = cli_import(capsys, db, *args, path)
    assert code in (0, 2), err
    if code == 2:
        assert len(err) == 1 and err[0].startswith("annotator: error: "), err
        assert "Traceback" not in err[0]
        assert_unchanged(db, before)
        return
    assert all(line.startswith("annotator: note: ") for line in err), err
    importer = get(args[1]) if args else detect(path)
    result = importer.read(path, default_schema())
    with Store.open(db) as store:
        sets = {(w.document.text_sha256, w.annotator): w for w in store.annotation_sets()}
        stored = {sha for sha, _ in sets}
    for doc in result.documents:
        assert doc.text_sha256 in stored
        for work in doc.annotations:
            kept = sets[(doc.text_sha256, work.annotator or "tester")]
            assert len(kept.spans) == len(work.spans)
            assert len(kept.relations) == len(work.relations)


def _fuzz_one(format: str, data: st.DataObject, capsys, template: Path) -> None:
    with _seeded_copy(template) as (folder, db):
        name, content = _file_for(format, data)
        path = folder / name
        path.write_bytes(content)
        _check_oracle(capsys, db, path, "--format", format)


@pytest.mark.parametrize("format", sorted(BUILDERS))
@CLI_FUZZ
@given(data=st.data())
def test_cli_import_fuzz(format: str, data: st.DataObject, capsys, template: Path) -> None:
    _fuzz_one(format, data, capsys, template)


@pytest.mark.slow
@pytest.mark.parametrize("format", sorted(BUILDERS))
@SLOW_FUZZ
@given(data=st.data())
def test_cli_import_fuzz_long(format: str, data: st.DataObject, capsys, template: Path) -> None:
    _fuzz_one(format, data, capsys, template)


brat_lines = st.lists(
    st.sampled_from(
        [
            "T1\tlocation 0 4\tBaku",
            "T2\tsource 0 4\tBaku",
            "T3\tlocation 0 4;5 9\tBaku said",
            "T4\tlocation 43 44\t📍",
            "T5\tlocation 0 ٤\tBaku",
            "T6\tlocation 0.0 4\tBaku",
            "T7\tlocation 99 104\tBaku",
            "T8\tLOCATION 0 4",
            "A1\tfeature_level T1 locality",
            "A2\trole T1",
            "A3\tnonsense T9 x",
            "R1\t",
            "R2\tlocated_at Arg1:T2 Arg2:T1",
            "R3\tlocated_at Arg1:T1",
            "R4\tcites Arg1:T2 Arg2:T2",
            "#1\tAnnotatorNotes T1\tnote \x1b",
            "#2\tAnnotatorNotes T9\tx",
            "E1\tx",
            "T9",
            "\ud800",
            "X1\ty",
        ]
    ),
    max_size=6,
)


@settings(CLI_FUZZ, max_examples=15)
@given(lines=brat_lines)
def test_cli_brat_fuzz(lines: list[str], capsys, template: Path) -> None:
    with _seeded_copy(template) as (folder, db):
        brat = folder / "brat"
        brat.mkdir()
        (brat / "doc.txt").write_text(TEXT, encoding="utf-8")
        (brat / "doc.ann").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        before = db.read_bytes()
        code, err, _ = cli_import(capsys, db, "--format", "brat", brat)
        assert code in (0, 2), err
        if code == 2:
            assert len(err) == 1 and "doc." in err[0], err
            assert_unchanged(db, before)
        else:
            with Store.open(db) as store:
                assert store.find_document("doc") is not None
