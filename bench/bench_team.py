"""Team-lead benchmark (issue 5): merge and agreement over 10 annotators x 1,000 documents x
20 spans, run as the CLI runs them, with wall time and peak memory, beside a baseline measured
in the same run (a bare json reading of the same files).

Run: .venv/bin/python bench/bench_team.py
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.core.schema import default_schema
from annotator.core.text import text_sha256
from annotator.io.exporters.native import dumps_line, header

ANNOTATORS = 10
DOCUMENTS = 1_000
SPANS = 20
LABELS = ("claim", "source", "casualty_figure", "location")
WORDS = [
    "officials",
    "said",
    "shelling",
    "near",
    "Kəlbəcər",
    "killed",
    "over",
    "6,500",
    "soldiers",
    "📍",
    "ceasefire",
]


def make_files(folder: Path, documents: int = DOCUMENTS) -> list[Path]:
    rng = random.Random(5)
    texts = []
    for d in range(documents):
        words = [rng.choice(WORDS) for _ in range(300)]
        texts.append(f"Report {d}\n\n" + " ".join(words))
    paths = []
    for a in range(ANNOTATORS):
        path = folder / f"annotator{a}.annotations.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.write(dumps_line(header(default_schema().to_json())))
            for d, text in enumerate(texts):
                doc_rng = random.Random(d)  # shared layout: annotators mostly agree
                spans = []
                for s in range(SPANS):
                    start = doc_rng.randrange(0, len(text) - 40)
                    end = start + doc_rng.randrange(5, 30)
                    if rng.random() < 0.2:  # this annotator's own boundaries
                        end = min(len(text), end + rng.randrange(1, 6))
                    spans.append(
                        {
                            "id": f"a{a}-d{d}-s{s}",
                            "label": LABELS[s % 4],
                            "start": start,
                            "end": end,
                            "text": text[start:end],
                            "attributes": {},
                            "note": "",
                            "created_at": "",
                            "updated_at": "",
                        }
                    )
                out.write(
                    dumps_line(
                        {
                            "kind": "document",
                            "doc_id": f"doc{d}",
                            "title": f"Report {d}",
                            "text": text,
                            "text_sha256": text_sha256(text),
                            "meta": {},
                            "annotator": f"annotator{a}",
                            "status": "done",
                            "updated_at": None,
                            "spans": spans,
                            "relations": [],
                        }
                    )
                )
        paths.append(path)
    return paths


# Each command runs under its own small wrapper, so the peak memory reported is its own
# (RUSAGE_CHILDREN keeps the largest child seen by a process).
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command."""
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], check=True, capture_output=True, text=True
    )
    seconds, kilobytes = result.stdout.split()
    return float(seconds), int(kilobytes) / 1024


BASELINE = (
    "import json, sys\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, encoding='utf-8') as f:\n"
    "        for line in f: json.loads(line)\n"
)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="annotator-team-bench-"))
    paths = [str(p) for p in make_files(folder)]
    base, base_mb = timed([sys.executable, "-c", BASELINE, *paths])
    merge_s, merge_mb = timed(
        [sys.executable, "-m", "annotator", "merge", *paths, "-o", str(folder / "gold.jsonl")]
    )
    agree_s, agree_mb = timed([sys.executable, "-m", "annotator", "agreement", *paths, "--json"])
    gold_lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    conflicts = sum(len(json.loads(line).get("conflicts", [])) for line in gold_lines[1:])
    print(
        f"{ANNOTATORS} annotators x {DOCUMENTS:,} documents x {SPANS} spans "
        f"({conflicts:,} conflicts in the merged file)"
    )
    print(f"{'task':<36}{'seconds':>9}{'baseline':>10}{'ratio':>7}{'peak MB':>9}")
    for name, seconds, peak in (("merge", merge_s, merge_mb), ("agreement", agree_s, agree_mb)):
        print(f"{name:<36}{seconds:>9.2f}{base:>10.2f}{seconds / base:>7.1f}{peak:>9.0f}")
    print(f"{'(baseline: json.loads of every line)':<36}{base:>9.2f}{'':>10}{'':>7}{base_mb:>9.0f}")


if __name__ == "__main__":
    main()
