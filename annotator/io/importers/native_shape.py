"""Shape checks of native-format lines against ``schemas/native-format.schema.json``.

The JSON Schema is the reference, but ``jsonschema`` needs about 2 ms per line of ten spans,
which makes a 10,000-document file take seconds. ``surely_valid_document`` is a plain-Python
test that accepts only lines the schema certainly accepts (it may refuse more), so the schema
runs only when it has something to say, and its error message is the one the user sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from annotator.core.schema import NATIVE_FORMAT_SCHEMA, validator
from annotator.errors import UserError

_STATUSES = frozenset({"todo", "in_progress", "done", "skipped"})
_SHA = re.compile(r"[0-9a-f]{64}")
_SCALARS = (str, int, float, bool, type(None))
# A strict subset of the schema's timestamp pattern (which, searched by jsonschema, also
# takes other digits and a final line break).
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
    r"(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def _where(path: Iterable[str | int]) -> str:
    """``['spans', 2, 'start']`` -> ``spans[2].start``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def check_shape(obj: dict[str, Any], place: str) -> None:
    """Raise ``UserError("<place>: <json path>: <problem>")`` for the schema's first error."""
    if surely_valid_document(obj) or surely_valid_header(obj):
        return
    from jsonschema.exceptions import best_match

    error = best_match(validator(NATIVE_FORMAT_SCHEMA).iter_errors(obj))
    if error is not None:
        message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        raise UserError(f"{place}: {_where(error.absolute_path)}: {message}")


def _text(value: object) -> bool:
    return type(value) is str and value != ""


def _whole(value: object) -> bool:
    return type(value) is int and value >= 0


def _optional(obj: dict[str, Any], key: str, kind: type) -> bool:
    return key not in obj or type(obj[key]) is kind


def _span(span: object) -> bool:
    return (
        type(span) is dict
        and "provenance" not in span  # rare (gold files): leave it to the schema
        and _text(span.get("id"))
        and _text(span.get("label"))
        and _whole(span.get("start"))
        and _whole(span.get("end"))
        and type(span.get("text")) is str
        and _optional(span, "note", str)
        and _optional(span, "created_at", str)
        and _optional(span, "updated_at", str)
        and _optional(span, "attributes", dict)
        and all(isinstance(v, _SCALARS) for v in span.get("attributes", {}).values())
    )


def _relation(relation: object) -> bool:
    return type(relation) is dict and all(
        _text(relation.get(key)) for key in ("id", "type", "from_id", "to_id")
    )


def surely_valid_document(obj: dict[str, Any]) -> bool:
    """True only for document lines the JSON Schema accepts; False means "ask the schema"."""
    annotator, updated_at = obj.get("annotator"), obj.get("updated_at")
    sha = obj.get("text_sha256", "0" * 64)
    return (
        obj.get("kind") == "document"
        and _text(obj.get("doc_id"))
        and _optional(obj, "title", str)
        and type(obj.get("text")) is str
        and type(sha) is str
        and _SHA.fullmatch(sha) is not None
        and _optional(obj, "meta", dict)
        and (annotator is None or type(annotator) is str)
        and type(obj.get("status", "todo")) is str
        and obj.get("status", "todo") in _STATUSES
        and (updated_at is None or type(updated_at) is str)
        and _optional(obj, "spans", list)
        and _optional(obj, "relations", list)
        and type(obj.get("conflicts", [])) is list
        and all(_span(span) for span in obj.get("spans", ()))
        and all(_relation(relation) for relation in obj.get("relations", ()))
    )


def surely_valid_header(obj: dict[str, Any]) -> bool:
    """True only for header lines the JSON Schema accepts; False means "ask the schema"."""
    exported_at = obj.get("exported_at")
    return (
        obj.get("kind") == "header"
        and obj.get("format") == "annotator-native"
        and type(obj.get("format_version")) is int
        and obj.get("format_version") == 1
        and type(obj.get("app_version")) is str
        and type(exported_at) is str
        and _TIMESTAMP.fullmatch(exported_at) is not None
        and type(obj.get("schema")) is dict
        and type(obj.get("suggestion_patterns", [])) is list
        and all(_pattern(pattern) for pattern in obj.get("suggestion_patterns", ()))
    )


def _pattern(pattern: object) -> bool:
    return (
        type(pattern) is dict
        and _text(pattern.get("label"))
        and _text(pattern.get("text"))
        and _optional(pattern, "attributes", dict)
        and all(isinstance(v, _SCALARS) for v in pattern.get("attributes", {}).values())
        and _whole(pattern.get("accepted", 0))
        and _whole(pattern.get("rejected", 0))
    )
