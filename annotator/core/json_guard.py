"""Strict JSON for small trusted-shape documents (label schemas): what ``json`` accepts but
annotator must refuse, found before anything recursive (jsonschema, deepcopy, dumps) sees it.

``json.loads`` takes ``NaN``, ``1e400`` (infinity), duplicate keys, lone surrogate escapes
(``"\\ud800"``, which cannot be written back as UTF-8), ``"\\u0000"``, and nesting deep enough
to overflow the stack of any later recursive walk. Each is refused here with its place.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.errors import UserError

MAX_NUMBER_CHARACTERS = 100  # longer number literals are garbage, never a real bound


def json_path(path: Iterable[str | int]) -> str:
    """``['labels', 2, 'values']`` -> ``labels[2].values``; the empty path is ``top level``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "top level"


@dataclass(frozen=True)
class _LongNumber:
    """A number literal too long to be meant; reported with its place by the walk."""

    characters: int


def _parse_int(literal: str) -> int | _LongNumber:
    # int() of a literal over 4300 digits fails with advice about sys.set_int_max_str_digits.
    return _LongNumber(len(literal)) if len(literal) > MAX_NUMBER_CHARACTERS else int(literal)


def _parse_float(literal: str) -> float | _LongNumber:
    return _LongNumber(len(literal)) if len(literal) > MAX_NUMBER_CHARACTERS else float(literal)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in one object")
        result[key] = value
    return result


def strict_loads(text: str, source: str) -> object:
    """``json.loads`` refusing NaN/Infinity and duplicate keys; every failure (deep nesting
    included) is a one-line ``UserError`` naming ``source`` and the line and column. Long
    number literals come back as placeholders that ``check_plain_json`` reports."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        raise UserError(f"{source}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{source}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise UserError(f"{source}: {exc}") from None


def string_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored or written as UTF-8 text, or None."""
    if "\x00" in text:
        return "holds a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate \\u{ord(text[exc.start]):04x} (not text)"
    return None


def check_plain_json(obj: object, source: str, *, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth``, lone surrogates or NUL in strings and keys,
    and numbers that are infinite (``1e400``) or absurdly long, naming the JSON path of the
    first one in document order. Iterative, so any depth is safe."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(obj, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > max_depth:
            raise UserError(f"{source}: {json_path(path[:3])}...: nested deeper than {max_depth}")
        problem: str | None = None
        children: list[tuple[object, tuple[str | int, ...]]] = []
        if isinstance(value, str):
            problem = string_problem(value)
        elif isinstance(value, _LongNumber):
            problem = f"a number {value.characters} characters long"
        elif isinstance(value, float) and not math.isfinite(value):
            problem = "a number too large to hold"
        elif isinstance(value, dict):
            for key, item in value.items():
                key_problem = string_problem(key) if isinstance(key, str) else "is not a string"
                if key_problem is not None:
                    raise UserError(f"{source}: {json_path(path)}: a key {key_problem}")
                children.append((item, (*path, key)))
        elif isinstance(value, list):
            children = [(item, (*path, i)) for i, item in enumerate(value)]
        if problem is not None:
            raise UserError(f"{source}: {json_path(path)}: {problem}")
        stack.extend(reversed(children))


__all__ = ["check_plain_json", "json_path", "strict_loads", "string_problem"]
