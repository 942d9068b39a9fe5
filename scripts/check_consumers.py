"""Check the token exports against the real consumers: spaCy and Hugging Face ``datasets``.

Neither is a dependency of annotator, so this runs by hand, with a throwaway environment::

    python3 -m venv /tmp/consumers
    /tmp/consumers/bin/pip install spacy datasets
    /tmp/consumers/bin/python scripts/check_consumers.py [--annotator-python .venv/bin/python]

It works in two steps. First it runs itself with annotator's own Python (``--build DIR``):
that imports the bundled sample articles plus the multilingual test corpus
(``tests/io/export_corpus.py``: emoji, Armenian, Azerbaijani, CRLF, nested and crossing
spans) into a temporary database, marks spans in the samples (places, sources, casualty
figures, claims after "said", and some spans that start inside a word), and exports
``spans-jsonl`` and ``hf`` (with ``--split train=0.8,validation=0.1,test=0.1``). Then, with
the consumers' Python, it checks that

* for every spans-jsonl task, ``Doc(vocab, words, spaces)`` rebuilds the text exactly and
  ``doc.char_span(start, end)`` (strict alignment, spaCy's default) finds every span, its
  ``token_start``/``token_end`` agree, and every relation's ``head``/``child`` is its span's
  last token; the spans also go into a ``DocBin`` (as an overlapping span group) and back;
* ``datasets.load_dataset("json", data_files=...)`` loads every split of the hf export, the
  tag columns match the tokens in length, casting to ``features.json`` gives ClassLabel
  columns, and ``load_dataset(<folder>)`` reads the dataset card's YAML to the same features.

Exit code 0 when everything holds; the findings are printed either way.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLACES = r"Armenia|Azerbaijan|Gegharkunik|Kalbajar|Moscow|Baku|Yerevan|Stepanakert|Sotk|Geneva"
SOURCES = r"(?:\w+'s |the )?(?:defence|foreign) ministr(?:y|ies)|state media|[A-Z]\w+ Herald"
FIGURES = r"(?:over |nearly |at least |about )?\b(?:\d[\d,]*|two|three|four|dozens of) \w+"


def build(folder: Path) -> None:
    """Make the database and the two exports (runs under annotator's Python)."""
    sys.path.insert(0, str(REPO))
    from annotator.core.model import Span, Status, new_uid
    from annotator.core.splits import parse_split_spec
    from annotator.io import exporters, importers
    from tests.io.export_corpus import build as build_corpus

    corpus = build_corpus(folder / "db.sqlite3", folder)
    store = corpus.store
    importers.import_paths(store, [REPO / "resources" / "samples"], actor="checker")
    for info in store.list_documents():
        if not info.doc_id[:2].isdigit():
            continue
        text = store.document(info.id).text
        found: set[tuple[int, int]] = set()

        def mark(
            start: int,
            end: int,
            label: str,
            doc: int = info.id,
            text: str = text,
            seen: set[tuple[int, int]] = found,
        ) -> None:
            if (start, end) not in seen and start < end:
                seen.add((start, end))
                store.add_span(
                    Span(new_uid("s"), doc, "checker", label, start, end, text[start:end])
                )

        for pattern, label in (
            (PLACES, "location"),
            (SOURCES, "source"),
            (FIGURES, "casualty_figure"),
        ):
            for match in re.finditer(
                pattern, text, flags=re.IGNORECASE if label == "source" else 0
            ):
                mark(match.start(), match.end(), label)
        for match in re.finditer(r"\bsaid (?:that )?([^.\n]+)", text):
            mark(match.start(1), match.end(1), "claim")
        for match in re.finditer(r"Yerevan|Baku", text):
            mark(match.start() + 1, match.end(), "location")  # starts inside the word
        store.set_status(info.id, "checker", Status.DONE)
    done = frozenset({Status.DONE})
    exporters.get("spans-jsonl").write(
        store, folder / "tasks.jsonl", exporters.ExportOptions(statuses=done)
    )
    exporters.get("hf").write(
        store,
        folder / "hf",
        exporters.ExportOptions(
            statuses=done, split=parse_split_spec("train=0.8,validation=0.1,test=0.1")
        ),
    )
    print((folder / "tasks.jsonl.report.txt").read_text(encoding="utf-8"))
    store.close()


def check_spacy(path: Path) -> list[str]:
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("xx").vocab
    problems: list[str] = []
    spans = relations = docs = 0
    bin_ = DocBin(store_user_data=False)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        task = json.loads(line)
        words = [t["text"] for t in task["tokens"]]
        doc = Doc(vocab, words=words, spaces=[t["ws"] for t in task["tokens"]])
        docs += 1
        if doc.text != task["text"]:
            problems.append(f"line {number}: Doc text differs from the task text")
            continue
        group = []
        for span in task["spans"]:
            spans += 1
            found = doc.char_span(span["start"], span["end"], label=span["label"])
            if found is None:
                problems.append(f"line {number}: char_span({span['start']}, {span['end']}) is None")
                continue
            if (found.start, found.end - 1) != (span["token_start"], span["token_end"]):
                problems.append(f"line {number}: token_start/token_end disagree with spaCy")
            group.append(found)
        for relation in task["relations"]:
            relations += 1
            if relation["head"] != relation["head_span"]["token_end"]:
                problems.append(f"line {number}: relation head is not its span's last token")
        doc.spans["sc"] = group
        bin_.add(doc)
    back = list(DocBin().from_bytes(bin_.to_bytes()).get_docs(vocab))
    kept = sum(len(d.spans["sc"]) for d in back)
    print(f"spaCy {spacy.__version__}: {docs} docs, {spans} spans, {relations} relations; "
          f"char_span found {spans - sum('char_span' in p for p in problems)}; "
          f"DocBin round trip kept {kept} spans")  # fmt: skip
    if kept != spans:
        problems.append(f"DocBin kept {kept} of {spans} spans")
    return problems


def check_datasets(folder: Path) -> list[str]:
    import datasets
    from datasets import ClassLabel, Features, load_dataset

    problems: list[str] = []
    # An empty split file is refused by load_dataset; the export leaves it out of the card.
    files = {p.stem: str(p) for p in sorted(folder.glob("*.jsonl")) if p.stat().st_size}
    loaded = load_dataset("json", data_files=files)
    features = Features.from_dict(json.loads((folder / "features.json").read_text()))
    tag_columns = [name for name in features if name.endswith("_tags")]
    for split, data in loaded.items():
        cast = data.cast(features)
        for row in cast:
            if any(len(row[c]) != len(row["tokens"]) for c in tag_columns):
                problems.append(f"{split} {row['id']}: a tag column's length differs from tokens")
        if not isinstance(cast.features["ner_tags"].feature, ClassLabel):
            problems.append(f"{split}: ner_tags did not cast to ClassLabel")
    from_card = load_dataset(str(folder))
    for split, data in from_card.items():
        if data.features != features:
            problems.append(f"{split}: the card's YAML features differ from features.json")
    sizes = {split: data.num_rows for split, data in loaded.items()}
    label_names = features["ner_tags"].feature.names
    columns = loaded["train"].column_names
    print(f"datasets {datasets.__version__}: splits {sizes}; columns {columns}; "
          f"ner_tags names {label_names}")  # fmt: skip
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--annotator-python", default=str(REPO / ".venv" / "bin" / "python"))
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([args.annotator_python, __file__, "--build", str(folder)], check=True)
        problems = check_spacy(folder / "tasks.jsonl") + check_datasets(folder / "hf")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("all checks passed" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
