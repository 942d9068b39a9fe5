"""The msgspec fast path for native lines against the slow path it stands in for: every line
gives the same documents, the same notes, or the same one-line error, whichever path reads it.

The oracle is the slow path alone (``native_lines``, which never takes the fast path, then
the reader's checks and ``check_document``), read from the same real file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Status
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.core.schema import default_schema
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io.importers import checks
from annotator.io.importers.common import Notes, text_lines
from annotator.io.importers.native import NATIVE, _Reader, native_lines, read_native
from annotator.io.importers.native_fast import FastChecker, raw_lines
from tests.helpers import native_header

TEXT = "Baku said Yerevan shelled Kəlbəcər 📍; Yerevan denied it.\nBaku: three dead."
SCHEMA = default_schema()
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def good_line() -> dict[str, Any]:
    return {
        "kind": "document",
        "doc_id": "d1",
        "title": "Fuzz",
        "text": TEXT,
        "text_sha256": text_sha256(TEXT),
        "meta": {"outlet": "wire"},
        "annotator": "ana",
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": [
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
            },
            {"id": "s2", "label": "claim", "start": 18, "end": 25, "text": "shelled"},
        ],
        "relations": [{"id": "r1", "type": "attributed_to", "from_id": "s2", "to_id": "s1"}],
    }


def slow_read(path: Path) -> tuple[list[NewDocument], list[str]]:
    notes = Notes()
    lines = native_lines(path)
    reader = _Reader(path, SCHEMA, notes)
    reader.header(next(lines)[1])
    docs = [checks.check_document(reader.document(number, rec)) for number, rec in lines]
    reader.finish()
    return docs, notes.lines()


def fast_read(path: Path) -> tuple[list[NewDocument], list[str]]:
    notes = Notes()
    docs = list(NATIVE.documents(path, SCHEMA, notes))
    return docs, notes.lines()


def held(path: Path) -> tuple[list[NewDocument], list[str]]:
    """read_native (merge, agreement) holds a one-line file as the same document."""
    result = read_native(path, SCHEMA)
    return result.documents, result.notes


def outcome(read: Any, path: Path) -> tuple[str, Any]:
    try:
        return ("read", read(path))
    except UserError as exc:
        return ("error", str(exc))


def write(path: Path, *lines: str) -> Path:
    path.write_text(json.dumps(native_header()) + "\n" + "\n".join(lines) + "\n", "utf-8")
    return path


def assert_same(path: Path) -> tuple[str, Any]:
    slow = outcome(slow_read, path)
    assert outcome(fast_read, path) == slow
    assert outcome(held, path) == slow
    return slow


def changed(where: str, key: str, value: Any) -> str:
    line = good_line()
    target = {"document": line, "span": line["spans"][0], "relation": line["relations"][0]}
    if value is DELETE:
        target[where].pop(key, None)
    else:
        target[where][key] = value
    return dumps(line, ensure_ascii=False)


def dumps(line: dict[str, Any], *, ensure_ascii: bool) -> str:
    """The line as JSON; escaped when it holds what UTF-8 cannot encode (a lone surrogate)."""
    raw = json.dumps(line, ensure_ascii=ensure_ascii)
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(line)
    return raw


DELETE = object()

# Each case: what changes, and a piece of the message the slow path gives for it.
CASES = [
    (("span", "start", True), "True is not of type 'integer'"),
    (("span", "start", 0.0), "start 0.0 is not a whole number"),
    (("span", "start", -1), "-1 is less than the minimum of 0"),
    (("span", "end", 99), None),  # out of range: re-anchored on its quote, with a note
    (("span", "end", "4"), "'4' is not of type 'integer'"),
    (("span", "label", "rumour"), "unknown label 'rumour'"),
    (("span", "label", ""), "should be non-empty"),
    (("span", "id", None), "None is not of type 'string'"),
    (("span", "text", DELETE), "'text' is a required property"),
    (("span", "attributes", {"source_type": ["a"]}), "is not of type"),
    (("span", "attributes", {"nope": 1}), "nope: not an attribute of label source"),
    (("span", "created_at", "g\x00v"), "NUL character (U+0000) is not allowed"),
    (("span", "note", "a\ud800"), "unpaired surrogate U+D800"),
    (("span", "provenance", {"annotators": ["a"], "votes": 1}), "'participants' is a required"),
    (("span", "extra", [[[]]]), None),  # unknown keys are allowed
    (("relation", "type", "caused"), "unknown relation type 'caused'"),
    (("relation", "from_id", "s9"), "from_id 's9' is not a span of this line"),
    (("relation", "to_id", "s2"), "links span 's2' to itself"),
    (("document", "status", "finished"), "'finished' is not one of"),
    (("document", "annotator", " "), "annotator is empty"),
    (("document", "annotator", None), "spans or relations without an annotator"),
    (("document", "annotator", DELETE), None),  # the importing user's work
    (("document", "title", None), "None is not of type 'string'"),
    (("document", "title", DELETE), None),  # the first line of the text
    (("document", "text_sha256", "0" * 64), "does not match the text"),
    (("document", "text_sha256", "A" * 64), "does not match"),
    (("document", "text", "a\r\nb"), "it has CR characters"),
    (("document", "text", " "), "text is empty"),
    (("document", "meta", {"k": "\x07"}), "control character U+0007"),
    (("document", "meta", {"deep": json.loads("[" * 70 + "]" * 70)}), "nested deeper than 64"),
    (("document", "meta", {"big": 10**30, "e": 1e300}), None),
    (("document", "conflicts", [{"kind": "span"}]), None),  # a note: not kept
    (("document", "kind", "header"), "a second header"),
    (("document", "doc_id", ""), "should be non-empty"),
    (("document", "surprise", {"a": 1}), None),
]


@pytest.mark.parametrize(("change", "message"), CASES, ids=[f"{c[0][0]}.{c[0][1]}" for c in CASES])
def test_each_malformed_line_gets_the_slow_paths_message(
    tmp_path: Path, change: tuple[str, str, Any], message: str | None
) -> None:
    path = write(tmp_path / "a.annotations.jsonl", changed(*change))
    kind, result = assert_same(path)
    if message is None:
        assert kind == "read", result
    else:
        assert kind == "error"
        assert result.startswith(f"{path}: line 2: ") and message in result, result
        assert "\n" not in result


@pytest.mark.parametrize(
    "raw",
    [
        '{"kind": "document", "doc_id": "d", "text": "x", "meta": {"n": NaN}}',
        '{"kind": "document", "doc_id": "d", "text": "x", "meta": {"n": 1e400}}',
        '{"kind": "document", "doc_id": "d", "text": "x", "text": "y"}',
        '{"kind": "document", "doc_id": "d", "text": "x", "status": "no", "status": "done"}',
        '{"kind": "document", "doc_id": "d", "text": "x", "status": "done", "status": "no"}',
        '{"kind": "document", "doc_id": "d", "text": "x", "spans": 1, "spans": []}',
        '{"kind": "document", "doc_id": "d", "text": "x\\ud83d\\udccd"}',
        '{"kind": "document", "doc_id": "d", "text": "x\\b"}',
        '{"kind": "document", "doc_id": "d", "text": "x\\u001f"}',
        '{"kind": "document", "doc_id": "d", "text": "x", "meta": {"n": ' + "9" * 5000 + "}}",
        '["kind", "document"]',
        '{"kind": "document", "doc_id": "d", "text": "x"',
    ],
)
def test_raw_json_oddities_read_the_same(tmp_path: Path, raw: str) -> None:
    assert_same(write(tmp_path / "a.annotations.jsonl", raw))


def test_a_moved_span_gets_the_slow_paths_note(tmp_path: Path) -> None:
    line = good_line()
    line["spans"][0].update(start=40, end=44)  # "Baku" is at 0 and after the line break
    kind, (docs, notes) = assert_same(write(tmp_path / "a.annotations.jsonl", json.dumps(line)))
    assert kind == "read"
    moved = TEXT.index("Baku", 5)
    assert docs[0].annotations[0].spans[0].start == moved
    assert any(f"offsets 40-44 moved to {moved}-{moved + 4}" in note for note in notes)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([0, 1, 4, -1, 3.0, 0.5, 1e308, float("inf")])
    | st.sampled_from(["", " ", "Baku", "\ud800", "\x00", "\x08", "\t", "📍", "source", "done"])
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children)
    ),
    max_leaves=5,
)
KEYS = [
    *good_line(),
    *good_line()["spans"][0],
    "provenance",
    "conflicts",
    "type",
    "from_id",
    "to_id",
    "other",
]
mutation = st.tuples(
    st.sampled_from(["document", "span", "relation"]),
    st.sampled_from(KEYS),
    st.just(DELETE) | json_values | st.integers(-2, 80),
)


@FUZZ
@given(mutations=st.lists(mutation, max_size=3), ascii_only=st.booleans())
def test_any_line_reads_the_same_on_both_paths(
    tmp_path: Path, mutations: list[tuple[str, str, Any]], ascii_only: bool
) -> None:
    line = good_line()
    target = {"document": line, "span": line["spans"][0], "relation": line["relations"][0]}
    for where, key, value in mutations:
        if value is DELETE:
            target[where].pop(key, None)
        else:
            target[where][key] = value
    raw = dumps(line, ensure_ascii=ascii_only)  # inf is written as Infinity: not JSON
    assert_same(write(tmp_path / "fuzz.annotations.jsonl", raw))


def test_the_fast_path_takes_the_lines_our_writer_writes() -> None:
    # Otherwise every test above would compare the slow path with itself.
    fast = FastChecker(SCHEMA)
    for ascii_only in (True, False):
        checked = fast.check(json.dumps(good_line(), ensure_ascii=ascii_only).encode())
        assert checked is not None and checked.annotator == "ana"
    refused = good_line() | {"status": "finished"}
    assert fast.check(json.dumps(refused)) is None


@pytest.mark.parametrize(
    "data",
    [
        b'\xef\xbb\xbf{"a": 1}\r\n\r\n{"b": 2}\rx\n',
        b"one\ntwo\xff\nthree",
        b"one\n\x00two\n",
        "\ufeffone\r\ntwo\n".encode("utf-16"),
        b"",
        b"\n\n",
    ],
)
def test_raw_lines_are_text_lines_undecoded(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(data)

    def decoded() -> list[tuple[int, str]]:
        return [(line.number, line.text(path)) for line in raw_lines(path)]

    assert outcome(lambda _: decoded(), path) == outcome(lambda p: list(text_lines(p)), path)


def detailed_check(work: NewAnnotationSet) -> str:
    try:
        checks._check_work_in_detail(work, "here")
    except UserError as exc:
        return str(exc)
    return ""


strings = st.sampled_from(["", "ok", "Kəlbəcər 📍", "a\x00", "\ud800", "\x1f", "\t\n"])


@FUZZ
@given(
    values=st.lists(strings, min_size=8, max_size=8),
    attributes=st.dictionaries(strings, strings | st.integers() | st.lists(strings, max_size=2)),
)
def test_the_one_search_over_a_set_finds_what_the_detailed_check_finds(
    values: list[str], attributes: dict[str, Any]
) -> None:
    span = NewSpan(values[0], "claim", 0, 1, values[1], attributes, *values[2:5])
    relation = NewRelation(values[5], "cites", values[6], values[7])
    work = NewAnnotationSet("ana", Status.DONE, "", (span,), (relation,))
    message = detailed_check(work)
    if message:
        with pytest.raises(UserError) as caught:
            checks._check_work(work, "here")
        assert str(caught.value) == message
    else:
        checks._check_work(work, "here")
