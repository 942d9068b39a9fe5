"""Bounded cost: streamed JSON, linear HTML, stated size limits refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.errors import UserError
from annotator.io.importers import common, csv, json_stream
from annotator.io.importers.html import visible_text
from annotator.io.importers.json_stream import json_elements
from annotator.store import streaming
from tests.io.import_files import assert_refused, native_file, native_line, seeded_db


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return seeded_db(tmp_path, capsys)


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


# ---- JSON arrays, one element at a time ------------------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    values=st.lists(json_values, max_size=6),
    chunk=st.integers(1, 40),
    indent=st.sampled_from([None, 1]),
)
# Chunks ending inside a number, right after its "." or "e": "[-0." once parsed as -0.
@example(values=[-0.0], chunk=1, indent=None)
@example(values=[-0.5, 1e25, 2.5e-07], chunk=3, indent=None)
def test_streamed_array_equals_json_loads(values: list[Any], chunk: int, indent: int | None):
    # Tiny chunks cut every element, number and escape somewhere: the result must not change.
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        path.write_text(json.dumps(values, indent=indent, ensure_ascii=False), encoding="utf-8")
        original = json_stream._CHUNK
        json_stream._CHUNK = chunk
        try:
            found = [value for _, value in json_elements(path, "record")]
        finally:
            json_stream._CHUNK = original
    assert found == values


def test_streamed_array_errors_name_line_and_column(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", 5)
    cases = {
        '[{"text": "a"},\n {"text": "b" "x": 1}]': "line 2, column 14: record 2: not valid JSON",
        '[{"text": "a"} {"text": "b"}]': "line 1, column 15: not valid JSON (expected ','",
        '[{"text": "a"},': "the file ends inside the array",
        "[1, NaN]": "record 2: not valid JSON (NaN is not allowed)",
        "[1] [2]": "more data after the end",
        "[" * 70 + "]" * 70: "record 1: nested deeper than 64 levels",
    }
    for content, expected in cases.items():
        path = write(tmp_path / "bad.json", content)
        with pytest.raises(UserError) as caught:
            list(json_elements(path, "record"))
        assert expected in str(caught.value), str(caught.value)
        assert str(caught.value).startswith(str(path))


# ---- HTML in linear time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    ["<a" * 200_000, "<div>" * 100_000 + "x", "<a b='" * 80_000, "&" * 400_000, "<!--" * 100_000],
    ids=["open-tags", "nested", "attributes", "ampersands", "comments"],
)
def test_pathological_html_parses_in_linear_time(markup: str) -> None:
    started = time.perf_counter()
    try:
        visible_text(markup, "page.html")
    except UserError as exc:
        assert "nested too deeply" in str(exc)  # libxml2's depth limit, reported as such
    # The standard library's parser needed over 120 s for 400 kB of '<a'; lxml about 0.01 s.
    assert time.perf_counter() - started < 3.0


def test_html_of_400_kb_of_open_tags_imports(tmp_path: Path, capsys, db: Path) -> None:
    from tests.io.import_files import cli_import

    page = write(tmp_path / "tags.html", "<p>Report from Kəlbəcər</p>" + "<a" * 200_000)
    started = time.perf_counter()
    code, err, _ = cli_import(capsys, db, page)
    assert (code, err) == (0, [])
    assert time.perf_counter() - started < 5.0


def test_deeply_nested_html_is_refused_in_one_line(tmp_path: Path, capsys, db: Path) -> None:
    page = write(tmp_path / "deep.html", "<div>" * 5000 + "text")
    assert "nested too deeply" in assert_refused(capsys, db, page, names="deep.html")


# ---- stated limits ---------------------------------------------------------------------------


def test_text_over_the_limit(tmp_path: Path, capsys, db: Path, monkeypatch) -> None:
    monkeypatch.setattr(common, "MAX_TEXT_CHARACTERS", 20)
    path = write(tmp_path / "long.jsonl", json.dumps({"text": "x" * 21}) + "\n")
    message = assert_refused(capsys, db, path, names="long.jsonl: line 1")
    assert "the limit for one document is 20" in message


def test_record_over_the_limit(tmp_path: Path, capsys, db: Path, monkeypatch) -> None:
    for module in (common, json_stream, csv):
        monkeypatch.setattr(module, "MAX_RECORD_BYTES", 100)
    record = {"text": "y" * 200}
    cases = {
        "big.jsonl": json.dumps(record) + "\n",
        "big.json": json.dumps([{"text": "ok"}, record]),
        "big.annotations.jsonl": native_file(native_line("z" * 200)),
    }
    for name, content in cases.items():
        message = assert_refused(capsys, db, write(tmp_path / name, content), names=name)
        assert "the limit for one record" in message, message
    path = write(tmp_path / "big.csv", "id,text\n1," + "w" * 200 + "\n")
    assert "line 2" in assert_refused(capsys, db, path, names="big.csv")


def test_nesting_over_the_limit(tmp_path: Path, capsys, db: Path) -> None:
    deep: Any = "x"
    for _ in range(70):
        deep = [deep]
    cases = {
        "deep.jsonl": json.dumps({"text": "t", "meta": {"d": deep}}) + "\n",
        "deep.json": json.dumps([{"text": "t", "meta": {"d": deep}}]),
        "deep.annotations.jsonl": native_file(native_line(meta={"d": deep})),
        "deeper.jsonl": "[" * 100_000 + "]" * 100_000 + "\n",
    }
    for name, content in cases.items():
        message = assert_refused(capsys, db, write(tmp_path / name, content), names=name)
        assert "nested deeper than 64 levels" in message, message


def test_whole_file_over_the_limit(tmp_path: Path, capsys, db: Path, monkeypatch) -> None:
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 10)
    path = write(tmp_path / "big.txt", "An article longer than ten bytes.")
    assert "files read whole" in assert_refused(capsys, db, path, names="big.txt")


# ---- memory grows with the record, not with the file -----------------------------------------

# The peak is read from /proc (VmHWM belongs to this program's memory): ru_maxrss would also
# count the pytest process it was forked from, which Linux carries across exec.
MEASURE = """
import sys
from pathlib import Path
from annotator.io.importers import import_paths
from annotator.store import Store
with Store.open(Path(sys.argv[2])) as store:
    report, _ = import_paths(store, [Path(sys.argv[1])], actor="bench")
assert report.added == int(sys.argv[3]), report
lines = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) for line in lines if line.startswith("VmHWM")) // 1024)
"""


def _peak_mb(tmp_path: Path, records: int) -> int:
    source = tmp_path / f"{records}.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for number in range(records):
            out.write(f'{{"text": "r{number} x"}}\n')
    db = tmp_path / f"{records}.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(source), str(db), str(records)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip())


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_import_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small, large = _peak_mb(tmp_path, 20_000), _peak_mb(tmp_path, 200_000)
    # Ten times the records: the peak grows by SQLite's page cache at most, which the import
    # session bounds (before streaming, memory grew about 1.1 kB per record, 200 MB here;
    # 2 million tiny records needed 2.2 GB, and now about 150 MB).
    cache_mb = streaming.CACHE_KIB // 1024
    assert large < 300 and large - small < cache_mb + 30, (small, large)
