"""Property tests: importers either parse or raise UserError, and failed imports write nothing."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.schema import default_schema
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io.importers import detect, import_paths
from annotator.store import Store

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTENSIONS = (".txt", ".html", ".jsonl", ".json", ".csv", ".annotations.jsonl")
TEXT = "Baku said Yerevan shelled Kəlbəcər 📍; Yerevan denied it.\nBaku: three dead."

HEADER = {
    "kind": "header",
    "format": "annotator-native",
    "format_version": 1,
    "app_version": "0.1.0",
    "exported_at": "2024-05-01T12:00:00Z",
    "schema": default_schema().to_json(),
}


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
