"""Printing for the CLI: aligned tables for people, JSON for pipelines."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def print_json(value: Any, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    json.dump(value, stream, ensure_ascii=False, indent=2, sort_keys=False)
    stream.write("\n")


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    right_align: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    """A plain table with a header rule; numeric columns listed in ``right_align``."""
    stream = out or sys.stdout
    cells = [[str(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if i in right_align else v.ljust(widths[i])
            for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    stream.write(line(list(headers)) + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write(line(row) + "\n")
