"""Reading line-based files one line at a time gives what splitting the whole canonical text
gives: the same lines, numbers and errors (the streaming reader saves memory, nothing else)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import UserError
from annotator.io.importers.common import read_file_text, text_lines

PIECES = st.sampled_from(["a", "{", " ", "\r", "\n", "\r\n", "é", "Գ", "📍", "\x00"])
ENCODED = st.lists(PIECES, max_size=30).map(lambda parts: "".join(parts).encode())
RAW = st.tuples(st.booleans(), ENCODED, st.sampled_from([b"", b"\xff", b"\xe9x"])).map(
    lambda t: (b"\xef\xbb\xbf" if t[0] else b"") + t[1] + t[2]
)


def outcome(read) -> tuple[object, str | None]:
    try:
        return read(), None
    except UserError as exc:
        return None, str(exc)


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_streamed_lines_match_the_whole_text(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(data)
        whole = outcome(lambda: list(enumerate(read_file_text(path).split("\n"), start=1)))
        streamed = outcome(lambda: list(text_lines(path)))
    assert streamed == whole


def test_utf16_files_still_work(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes('{"text": "Kəlbəcər"}\r\n'.encode("utf-16"))
    assert list(text_lines(path)) == [(1, '{"text": "Kəlbəcər"}'), (2, "")]
