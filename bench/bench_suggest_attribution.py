"""The attribution suggester (issue 13) on 2,000-character articles: the bundled samples and
the dev half of the suggestion gold, each cut to its first 2,000 characters.

Target: well under 10 ms per article (all suggesters together: 30 ms). The machine may be
shared: the script also times a fixed pure-Python loop, so that a slow run can be told from a
slow suggester.

Run: .venv/bin/python bench/bench_suggest_attribution.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import timeit
from pathlib import Path

from annotator.core.schema import default_schema
from annotator.core.suggest.attribution import suggest_attribution
from annotator.core.suggest.base import SuggestContext

ROOT = Path(__file__).resolve().parents[1]


def articles() -> list[str]:
    texts = [
        path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("resources/samples/*.txt"))
    ]
    gold = ROOT / "tests" / "data" / "suggest" / "dev" / "gold.annotations.jsonl"
    if gold.exists():
        for line in gold.open(encoding="utf-8"):
            record = json.loads(line)
            if record["kind"] == "document":
                texts.append(record["text"])
    return [text[:2000] for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args().repeat
    context = SuggestContext(default_schema())
    per_article = []
    for text in articles():
        seconds = timeit.timeit(lambda text=text: suggest_attribution(text, context), number=repeat)
        per_article.append(seconds / repeat * 1000)
    loop = timeit.timeit(lambda: sum(range(10_000)), number=repeat) / repeat * 1000
    print(f"{len(per_article)} articles of up to 2,000 characters, {repeat} runs each")
    print(f"median {statistics.median(per_article):.2f} ms, worst {max(per_article):.2f} ms")
    ratio = statistics.median(per_article) / loop
    print(f"reference loop sum(range(10_000)): {loop:.3f} ms; median / loop = {ratio:.1f}")


if __name__ == "__main__":
    main()
