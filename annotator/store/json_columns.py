"""How JSON-valued columns (attributes, meta, provenance, change before/after) are stored:
compact, keys sorted, non-ASCII kept, so equal values are equal strings."""

from __future__ import annotations

import json
from typing import Any

import msgspec

# msgspec writes the same text as the json call below for flat objects of strings, whole
# numbers, booleans and nulls (same escapes, keys sorted by code point), five times faster;
# a bulk import encodes one object per span. Floats differ (``1e16`` against ``1e+16``), so
# any other value takes the standard encoder.
_FAST = msgspec.json.Encoder(order="sorted")
_FAST_TYPES = frozenset((str, int, bool, type(None)))


def to_json(value: Any) -> str:
    if value.__class__ is dict:
        if not value:
            return "{}"
        if all(item.__class__ in _FAST_TYPES for item in value.values()) and all(
            key.__class__ is str for key in value
        ):
            try:
                return _FAST.encode(value).decode()
            except UnicodeEncodeError:  # a lone surrogate: the standard encoder keeps it
                pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
