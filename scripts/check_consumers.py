"""Check the token exports against the real consumers: spaCy, Hugging Face ``datasets`` and
seqeval.

None is a dependency of annotator, so this runs by hand, with a throwaway environment::

    python3 -m venv /tmp/consumers
    /tmp/consumers/bin/pip install spacy datasets seqeval
    /tmp/consumers/bin/python scripts/check_consumers.py [--annotator-python .venv/bin/python]

It works in two steps. First it runs itself with annotator's own Python (``--build DIR``):
that imports the bundled sample articles plus the multilingual test corpus
(``tests/io/export_corpus.py``: emoji, Armenian, Azerbaijani, CRLF, nested and crossing
spans) into a temporary database, marks spans in the samples (places, sources, casualty
figures, claims after "said", claims across paragraph breaks, and some spans that start
inside a word; ``tests/io/news_corpus.py``), adds 200 generated news-like documents from the
same module, and exports ``spans-jsonl``, ``conll`` and ``hf`` (with ``--split
train=0.8,validation=0.1,test=0.1``). Then, with the consumers' Python, it checks that

* for every spans-jsonl task, ``Doc(vocab, words, spaces)`` rebuilds the text exactly and
  ``doc.char_span(start, end)`` (strict alignment, spaCy's default) finds every span, its
  ``token_start``/``token_end`` agree, and every relation's ``head``/``child`` is its span's
  last token; the spans also go into a ``DocBin`` (as an overlapping span group) and back;
* ``datasets.load_dataset("json", data_files=...)`` loads every split of the hf export, the
  tag columns match the tokens in length, casting to ``features.json`` gives ClassLabel
  columns, and ``load_dataset(<folder>)`` reads the dataset card's YAML to the same features;
* seqeval finds, in strict IOB2 mode, as many entities in the CoNLL file and in every hf tag
  column as annotator's export reports it wrote (exported spans less the dropped ones, a span
  split at a line break once per part), and its lenient reader finds the same number (they
  differ only on invalid IOB2).

Exit code 0 when everything holds; the findings are printed either way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(folder: Path) -> None:
    """Make the database and the two exports (runs under annotator's Python)."""
    sys.path.insert(0, str(REPO))
    from annotator.core.model import Status
    from annotator.core.splits import parse_split_spec
    from annotator.io import exporters
    from tests.io.export_corpus import build as build_corpus
    from tests.io.news_corpus import add_generated, mark_samples

    corpus = build_corpus(folder / "db.sqlite3", folder)
    store = corpus.store
    mark_samples(store)
    add_generated(store, 200)
    done = frozenset({Status.DONE})
    exporters.get("spans-jsonl").write(
        store, folder / "tasks.jsonl", exporters.ExportOptions(statuses=done)
    )
    conll = exporters.get("conll").write(
        store, folder / "data.conll", exporters.ExportOptions(statuses=done)
    )
    hf = exporters.get("hf").write(
        store,
        folder / "hf",
        exporters.ExportOptions(
            statuses=done, split=parse_split_spec("train=0.8,validation=0.1,test=0.1")
        ),
    )
    print((folder / "tasks.jsonl.report.txt").read_text(encoding="utf-8"))
    print((folder / "data.conll.report.txt").read_text(encoding="utf-8"))
    # What each export says it wrote, for the seqeval check (run under the other Python).
    reports = {"conll": (conll.spans, conll.losses), "hf": (hf.spans, hf.losses)}
    (folder / "reports.json").write_text(json.dumps(reports), encoding="utf-8")
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


def conll_sentences(path: Path) -> list[list[str]]:
    """The tag column of a CoNLL file, one list per sentence (as seqeval takes it)."""
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("-DOCSTART-"):
            if sentences[-1]:
                sentences.append([])
        else:
            sentences[-1].append(line.rsplit(" ", 1)[1])
    return [s for s in sentences if s]


def check_seqeval(folder: Path) -> list[str]:
    """Strict IOB2 entity counts against the counts the exports report."""
    from importlib.metadata import version

    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, Entities

    problems: list[str] = []
    reports = json.loads((folder / "reports.json").read_text(encoding="utf-8"))

    def compare(what: str, sentences: list[list[str]], expected: int) -> None:
        strict = sum(len(e) for e in Entities(sentences, IOB2, suffix=False).entities)
        lenient = len(get_entities(sentences))
        print(f"seqeval {what}: strict {strict}, lenient {lenient}, export says {expected}")
        if not strict == lenient == expected:
            problems.append(f"{what}: seqeval strict {strict}, lenient {lenient}, ours {expected}")

    spans, losses = reports["conll"]
    expected = spans - losses.get("overlaps", 0) - losses.get("empty_spans", 0)
    expected += losses.get("split_parts", 0) - losses.get("split_at_breaks", 0)
    compare("conll", conll_sentences(folder / "data.conll"), expected)

    spans, losses = reports["hf"]
    kept = spans - losses.get("empty_spans", 0)
    features = json.loads((folder / "hf" / "features.json").read_text(encoding="utf-8"))
    flat = [name for name in features if name.endswith("ner_tags")]
    columns: dict[str, list[list[str]]] = {n: [] for n in features if n.endswith("_tags")}
    for path in sorted((folder / "hf").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for name, rows in columns.items():
                names = features[name]["feature"]["names"]
                rows.append([names[i] for i in row[name]])
    compare("hf flattened", columns.pop(flat[0]), kept - losses.get("flat_overlaps", 0))
    per_label = [tags for rows in columns.values() for tags in rows]
    compare("hf per label", per_label, kept - losses.get("same_label_overlaps", 0))
    print(f"seqeval {version('seqeval')}: strict IOB2 counts checked")
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
        problems += check_seqeval(folder)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("all checks passed" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
