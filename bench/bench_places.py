"""Places and learned-pattern suggesters: the gazetteer's cold build, its warm load, and the
time per article once loaded (issue 13: loading adds at most 0.2 s to the first suggestion;
all suggesters together 30 ms or less for a 2,000-character article).

Run: ``.venv/bin/python bench/bench_places.py``. Build and load each run in a fresh process
with a temporary cache folder, as a user's first and later sessions would; the per-article
figures are the best of 20 runs over each dev gold report (``tests/data/suggest/dev``), with
every gold span of those reports as a learned pattern. Timings on a shared machine are noisy:
run it twice and compare within one run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEV = REPO / "tests" / "data" / "suggest" / "dev" / "gold.annotations.jsonl"

# A fresh process with what the window or CLI has loaded before any suggestion (the schema,
# the runner), then the first suggestion of places (which loads the gazetteer) and a second.
LOAD = """
import sys, time
from pathlib import Path
from annotator.core.schema import default_schema
from annotator.core.suggest.base import SuggestContext
from annotator.core.suggest.run import suggest
context = SuggestContext(default_schema(), cache_dir=Path(sys.argv[1]))
text = "Shelling in the Kherson region killed two civilians, Ukraine's military said."
timings = []
for _ in range(2):
    wall, cpu = time.perf_counter(), time.process_time()
    suggest(text, context, labels=["location"])
    timings.append((time.perf_counter() - wall, time.process_time() - cpu))
from annotator.core.suggest import gazetteer
loaded = gazetteer.load(Path(sys.argv[1]))
(first_wall, first_cpu), (second_wall, second_cpu) = timings
print(first_wall - second_wall, first_cpu - second_cpu, loaded.source, len(loaded))
"""


def in_fresh_process(cache: Path) -> tuple[float, float, str, int]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(cache)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    wall, cpu, source, places = done.stdout.split()
    return float(wall), float(cpu), source, int(places)


def per_article() -> None:
    from annotator.core.schema import default_schema
    from annotator.core.suggest.base import LearnedPattern, SuggestContext
    from annotator.core.suggest.learned import suggest_learned
    from annotator.core.suggest.places import suggest_places

    records = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    documents = [record for record in records if record["kind"] == "document"]
    patterns = tuple(
        LearnedPattern(span["label"], span["text"], span["attributes"], 1, 0)
        for document in documents
        for span in document["spans"]
    )
    with tempfile.TemporaryDirectory() as folder:
        context = SuggestContext(default_schema(), patterns=patterns, cache_dir=Path(folder))
        suggest_places("", context)  # build (not timed here)
        suggest_learned("", context)
        print(f"{'report':32} {'chars':>6} {'places ms':>10} {'learned ms':>11}")
        for document in documents:
            text = document["text"]
            figures = []
            for function in (suggest_places, suggest_learned):
                runs = []
                for _ in range(20):
                    started = time.perf_counter()
                    function(text, context)
                    runs.append(time.perf_counter() - started)
                figures.append(min(runs) * 1000)
            name = document["doc_id"]
            print(f"{name:32} {len(text):>6} {figures[0]:>10.2f} {figures[1]:>11.2f}")
        print(f"({len(patterns)} learned patterns)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        wall, cpu, source, places = in_fresh_process(cache)
        assert source == "built"
        (written,) = cache.glob("gazetteer-*.pickle")
        size = written.stat().st_size / 1e6
        print(f"cold build (first suggestion): {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"gazetteer: {places} places, cache file {size:.1f} MB")
        for _ in range(3):
            wall, cpu, source, _places = in_fresh_process(cache)
            assert source == "cache"
            print(
                f"first suggestion from the warm cache, over the second: "
                f"+{wall:.3f} s wall, +{cpu:.3f} s CPU"
            )
    per_article()


if __name__ == "__main__":
    main()
