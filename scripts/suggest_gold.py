"""Turn bracket-markup gold files into one native annotations file (issue 13, item 6).

Usage: python scripts/suggest_gold.py tests/data/suggest/dev  (writes dev/gold.annotations.jsonl)

A markup file ``*.gold.txt`` has three parts separated by lines of ``===``:

1. ``key: value`` lines: ``doc_id``, ``title``, ``url``, ``outlet``.
2. The report's text, with each span written ``⟦ID text⟧`` (spans may nest). The first letter
   of ID gives the label: s source, k claim, c casualty_figure, l location.
3. One line per span: ``ID key=value ...``. Keys are attribute ids or their short forms
   (SHORT below); ``to=ID[,ID]`` adds attributed_to, ``at=ID[,ID]`` located_at, ``cites=ID``
   cites. Values with spaces are quoted (shlex). For exact/approx figures ``low`` alone also
   sets ``high``; a claim's factuality defaults to asserted.

Every attribute is checked against the bundled schema and every required one must be there,
so the committed gold cannot drift from the schema's enums.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.schema import default_schema, missing_required, validate_attributes

OPEN, CLOSE = "⟦", "⟧"
LABELS = {"s": "source", "k": "claim", "c": "casualty_figure", "l": "location"}
SHORT = {
    "o": "outcome",
    "v": "victim_type",
    "side": "victim_side",
    "q": "qualifier",
    "sc": "scope",
    "ft": "feature_level",
    "r": "role",
    "st": "source_type",
    "af": "affiliation",
    "ct": "claim_type",
    "f": "factuality",
    "qs": "quote_style",
}
RELATIONS = {"to": "attributed_to", "at": "located_at", "cites": "cites"}
INTEGER = {"low", "high"}
STAMP = "2026-12-01T00:00:00Z"
TARGET = "gold.annotations.jsonl"


def parse_text(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The plain text and each span id's (start, end) in it."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    spans: dict[str, tuple[int, int]] = {}
    size = 0
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == OPEN:
            j = marked.index(" ", i)
            stack.append((marked[i + 1 : j], size))
            i = j + 1
            continue
        if ch == CLOSE:
            ident, start = stack.pop()
            if ident in spans:
                raise SystemExit(f"span id {ident} used twice")
            spans[ident] = (start, size)
            i += 1
            continue
        out.append(ch)
        size += 1
        i += 1
    if stack:
        raise SystemExit(f"unclosed spans: {stack}")
    return "".join(out), spans


def parse_file(path: Path) -> dict[str, Any]:
    head, marked, table = path.read_text(encoding="utf-8").split("\n===\n")
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    text, offsets = parse_text(marked.strip("\n"))
    schema = default_schema()
    doc_id = meta["doc_id"]
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in table.strip().splitlines():
        ident, *pairs = shlex.split(line)
        label = schema.label(LABELS[ident[0]])
        attributes: dict[str, Any] = {}
        for pair in pairs:
            key, value = pair.split("=", 1)
            if key in RELATIONS:
                for target in value.split(","):
                    relations.append({"type": RELATIONS[key], "from": ident, "to": target})
                continue
            key = SHORT.get(key, key)
            attributes[key] = int(value) if key in INTEGER else value
        if label.id == "claim":
            attributes.setdefault("factuality", "asserted")
        if attributes.get("qualifier") in ("exact", "approx") and "high" not in attributes:
            attributes["high"] = attributes["low"]
        problems = validate_attributes(label, attributes) + missing_required(label, attributes)
        if problems:
            raise SystemExit(f"{path.name}: {ident}: {'; '.join(problems)}")
        if ident not in offsets:
            raise SystemExit(f"{path.name}: {ident} has attributes but no span")
        start, end = offsets[ident]
        seen.add(ident)
        spans.append(
            {
                "id": f"{doc_id}:{ident}",
                "label": label.id,
                "start": start,
                "end": end,
                "text": text[start:end],
                "attributes": attributes,
                "note": "",
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    missing = set(offsets) - seen
    if missing:
        raise SystemExit(f"{path.name}: spans without an attribute line: {sorted(missing)}")
    for relation in relations:
        if relation["to"] not in offsets:
            raise SystemExit(f"{path.name}: {relation['from']} links to unknown {relation['to']}")
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return {
        "kind": "document",
        "doc_id": doc_id,
        "title": meta.get("title") or text.split("\n", 1)[0][:200],
        "text": text,
        "meta": {"url": meta["url"], "outlet": meta["outlet"]},
        "annotator": "gold",
        "status": "done",
        "updated_at": STAMP,
        "spans": spans,
        "relations": [
            {
                "id": f"{doc_id}:r{n}",
                "type": r["type"],
                "from_id": f"{doc_id}:{r['from']}",
                "to_id": f"{doc_id}:{r['to']}",
            }
            for n, r in enumerate(relations, 1)
        ],
    }


def render(root: Path) -> str:
    """The native file for every markup file in ``root``, as text."""
    header = {
        "kind": "header",
        "format": "annotator-native",
        "format_version": 1,
        "app_version": __version__,
        "exported_at": STAMP,
        "schema": default_schema().to_json(),
    }
    lines = [header] + [parse_file(p) for p in sorted(root.glob("*.gold.txt"))]
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


def main(folder: str) -> None:
    target = Path(folder) / TARGET
    text = render(Path(folder))
    target.write_text(text, encoding="utf-8")
    print(f"{target}: {text.count(chr(10)) - 1} documents")


if __name__ == "__main__":
    main(sys.argv[1])
