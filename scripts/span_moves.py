"""How many spans the spans-jsonl export moves to token edges, on the samples and a large corpus.

Run: ``.venv/bin/python scripts/span_moves.py [--documents 2000]``

Two corpora go through the real spans-jsonl export, and each exported span is compared with
the span in the database:

* the bundled samples, marked as ``scripts/check_consumers.py`` marks them (places, sources,
  figures, claims, spans that cross a paragraph break, a few that start inside a word);
* a generated corpus of news-like sentences with possessives (``Azerbaijan's``,
  ``ministry’s``), contractions, hyphenated words, numbers (``6,500``, ``3.5``), quotes,
  parentheses and paragraph breaks, in English, Armenian and Azerbaijani, with spans over
  whole words and phrases (some stop before a possessive ``'s``), and a few that start inside
  a word.

A span "lies on word edges" by ``tests/core/word_edges.py``, which judges without the
tokenizer. The export must move none of those; the others (inside a word) it may widen.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from annotator.store import Store


def moves(store: Store, out: Path) -> dict[str, int]:
    """Export spans-jsonl and count the spans it moved, on and off word edges."""
    from annotator.core.model import Status
    from annotator.io import exporters
    from tests.core.word_edges import on_word_edges

    exporters.get("spans-jsonl").write(
        store, out, exporters.ExportOptions(statuses=frozenset({Status.DONE}))
    )
    counts = dict.fromkeys(("spans", "on_edges", "moved_on_edges", "moved_off_edges"), 0)
    examples: list[str] = []
    for line in out.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        info = store.find_document(task["meta"]["doc_id"])
        assert info is not None
        text = task["text"]
        exported = {s["id"]: (s["start"], s["end"]) for s in task["spans"]}
        for span in store.spans(info.id, task["meta"]["annotator"]):
            counts["spans"] += 1
            edges = on_word_edges(text, span.start, span.end)
            counts["on_edges"] += edges
            if exported.get(span.uid) != (span.start, span.end):
                counts["moved_on_edges" if edges else "moved_off_edges"] += 1
                if edges and len(examples) < 5:
                    examples.append(f"{text[span.start : span.end]!r} -> {exported.get(span.uid)}")
    for example in examples:
        print(f"  moved: {example}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    from annotator.store import Store
    from tests.io.news_corpus import add_generated, mark_samples

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store.open(folder / "samples.sqlite3") as store:
            mark_samples(store)
            print("samples:", moves(store, folder / "samples.jsonl"))
        with Store.open(folder / "generated.sqlite3") as store:
            add_generated(store, args.documents)
            print(f"generated ({args.documents} documents):", moves(store, folder / "gen.jsonl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
