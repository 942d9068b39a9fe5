"""How JSON-valued columns (attributes, meta, provenance, change before/after) are stored:
compact, keys sorted, non-ASCII kept, so equal values are equal strings."""

from __future__ import annotations

import json
from typing import Any


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
