"""``json_line``: the bytes of ``json_text`` and a line break, with the same fallback."""

from __future__ import annotations

import json

from annotator.io.exporters.common import json_line, json_text


def test_json_line_is_json_text_with_a_line_break_in_utf8() -> None:
    value = {"text": 'Kəlbəcər 📍 Գեղարքունիք "q"\n', "n": [1, 2.5, None, True], "e": {}}
    assert json_line(value) == (json_text(value) + "\n").encode("utf-8")
    assert json.loads(json_line(value)) == value


def test_json_line_falls_back_like_json_text_for_what_msgspec_refuses() -> None:
    value = {"low": 2**70}  # beyond 64 bits: msgspec refuses, the json module writes it
    assert json_line(value) == b'{"low":1180591620717411303424}\n'
