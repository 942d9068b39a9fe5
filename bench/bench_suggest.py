"""All the suggesters together (issue 13, item 7): per 2,000-character article, and for
10,000 articles through ``annotator suggest``, each beside a baseline from the same run.

Targets: 30 ms or less per article; 30 s or less for 10,000 articles; the gazetteer's load
adds at most 0.2 s to the first suggestion (``bench_places.py`` measures that alone).

* Per article: every real report we hold (the bundled samples and both halves of the gold,
  cut at the last sentence end before 2,000 characters), every suggester and linker through
  ``suggest()``, best of 5 runs per article, each with a first line of its own (caches keyed by
  the text would make a repeat cheaper than any new article). Baseline: one regex word pass
  over the same text, the least any text tool does.
* 10,000 articles: a temporary database of 10,000 documents (those reports again and again,
  each with a line of its own so that no two texts are the same), then ``annotator suggest
  --json`` as a user runs it, in a fresh process: with a fresh cache folder (the gazetteer
  built from the packages, as a user's very first run), again with that cache (every later
  run), and once more with ``--jobs 1``. Every run uses every core unless told otherwise;
  the outputs of one and of every core must be the same bytes. Baseline: a fresh process
  that reads the same texts with ``sqlite3`` and runs the regex word pass over each, writing
  one JSON line per document.

The per-article verdict uses CPU time; the corpus verdict uses wall-clock time with every core,
which is what the user waits for (the load average is printed beside it: on a shared machine
wall time also measures the others).

Run: ``.venv/bin/python bench/bench_suggest.py [--documents N]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PER_ARTICLE_MS = 30.0
CORPUS_SECONDS = 30.0

BASELINE = """
import json, re, sqlite3, sys
word = re.compile(r"\\w+")
connection = sqlite3.connect(sys.argv[1])
out = sys.stdout
for doc_id, text in connection.execute("SELECT doc_id, text FROM document ORDER BY id"):
    out.write(json.dumps({"doc_id": doc_id, "words": len(word.findall(text))}) + "\\n")
"""


def reports() -> list[str]:
    texts = [
        path.read_text(encoding="utf-8") for path in sorted(REPO.glob("resources/samples/*.txt"))
    ]
    for half in ("dev", "held_out"):
        gold = REPO / "tests" / "data" / "suggest" / half / "gold.annotations.jsonl"
        for line in gold.open(encoding="utf-8"):
            record = json.loads(line)
            if record["kind"] == "document":
                texts.append(record["text"])
    return [_cut(text) for text in texts]


def _cut(text: str, limit: int = 2000) -> str:
    if len(text) <= limit:
        return text
    end = text.rfind(". ", 0, limit)
    return text[: end + 1] if end > 0 else text[:limit]


def per_article(texts: list[str], cache: Path) -> None:
    import re

    from annotator.core.schema import default_schema
    from annotator.core.suggest.base import SuggestContext
    from annotator.core.suggest.run import suggest

    context = SuggestContext(default_schema(), cache_dir=cache)
    suggest(texts[0], context)  # loads the suggesters and builds the gazetteer: not timed
    word = re.compile(r"\w+")

    def best(work: object, text: str) -> float:
        times = []
        for run in range(5):
            # A line of its own each run: a text seen before would be served from the
            # suggesters' caches (sentences, phrases), which a corpus of new articles never is.
            fresh = f"Run {run}.\n\n{text}"
            start = time.process_time()
            work(fresh, context) if work is suggest else word.findall(fresh)  # type: ignore[operator]
            times.append(time.process_time() - start)
        return min(times) * 1000

    ours = [best(suggest, text) for text in texts]
    base = [best(None, text) for text in texts]
    median, worst = statistics.median(ours), max(ours)
    ratio = median / statistics.median(base)
    verdict = "met" if worst <= PER_ARTICLE_MS else "MISSED"
    print(f"{len(texts)} real reports of up to 2,000 characters, every suggester, best of 5 (CPU)")
    print(
        f"  suggest(): median {median:.1f} ms, worst {worst:.1f} ms"
        f" (target {PER_ARTICLE_MS:.0f} ms: {verdict})"
    )
    print(
        f"  baseline regex word pass: median {statistics.median(base):.3f} ms; ratio {ratio:.0f}x"
    )


def build(db: Path, texts: list[str], documents: int) -> None:
    source = db.with_suffix(".jsonl")
    with source.open("w", encoding="utf-8") as out:
        for number in range(documents):
            text = f"Report {number}.\n\n{texts[number % len(texts)]}"
            out.write(json.dumps({"doc_id": f"d{number}", "text": text}) + "\n")
    run([sys.executable, "-m", "annotator", "--db", str(db), "import", str(source)], {})
    source.unlink()


def run(command: list[str], env: dict[str, str], output: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of a child process (its workers included), its output written to
    ``output`` or thrown away."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with output.open("wb") if output is not None else open(os.devnull, "wb") as out:
        subprocess.run(command, check=True, cwd=REPO, stdout=out, env={**os.environ, **env})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def corpus(texts: list[str], documents: int, folder: Path) -> None:
    db = folder / "bench.sqlite3"
    build(db, texts, documents)
    cache = folder / "cache"
    env = {"XDG_CACHE_HOME": str(cache), "ANNOTATOR_NAME": "bench"}
    suggest = [sys.executable, "-m", "annotator", "--db", str(db), "suggest", "--json"]
    every, one = folder / "every.jsonl", folder / "one.jsonl"
    load = os.getloadavg()[0]
    rows = [
        ("baseline", run([sys.executable, "-c", BASELINE, str(db)], env)),
        ("suggest, first run", run(suggest, env)),
        ("suggest, cached gazetteer", run(suggest, env, every)),
        ("suggest --jobs 1", run([*suggest, "--jobs", "1"], env, one)),
    ]
    base_cpu = rows[0][1][1]
    cores = len(os.sched_getaffinity(0))
    print(f"\n{documents:,} documents through `annotator suggest --json` (fresh process each)")
    print(f"  {'task':28} {'wall s':>7} {'cpu s':>7} {'ratio':>6}  verdict (wall, {cores} cores)")
    for name, (wall, cpu) in rows:
        scaled = wall * 10_000 / documents
        verdict = (
            "" if "suggest," not in name else ("met" if scaled <= CORPUS_SECONDS else "MISSED")
        )
        print(f"  {name:28} {wall:7.2f} {cpu:7.2f} {cpu / base_cpu:6.1f}  {verdict}")
    same = every.read_bytes() == one.read_bytes()
    print(f"  target {CORPUS_SECONDS:.0f} s wall per 10,000 (scaled from {documents:,});", end=" ")
    print(f"load average {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"  output of --jobs 1 and of every core: {'the same bytes' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    documents = parser.parse_args().documents
    texts = reports()
    with tempfile.TemporaryDirectory() as folder:
        per_article(texts, Path(folder) / "cache")
    with tempfile.TemporaryDirectory() as folder:
        corpus(texts, documents, Path(folder))


if __name__ == "__main__":
    main()
