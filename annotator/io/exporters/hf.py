"""Hugging Face ``datasets`` token classification: a folder of JSON Lines, features and a card.

The folder holds ``train.jsonl`` (or one file per split: ``train.jsonl``, ``validation.jsonl``,
``test.jsonl``...), ``features.json`` (``datasets.Features.to_dict()`` form, with the
``ClassLabel`` names), a ``README.md`` dataset card whose YAML header declares the same
features and the data files (so ``load_dataset(folder)`` gives ClassLabel columns), and
``REPORT.txt``. Each row: ``id`` (doc_id), ``annotator``, ``tokens`` (``annotator.core
.tokenize``; whitespace is never a token), one IOB2 column per label, ``<label>_tags``, whose
ints index ``["O", "B-<label>", "I-<label>"]`` (so spans of different labels can nest), and
``ner_tags``, all labels flattened into one column (when spans overlap, the one that starts
first, then the longer, wins there). Every column is strict IOB2: a row is a whole document,
not split into sentences, so a span across a line break stays one entity. Load with
``load_dataset("json", data_files={"train": "train.jsonl", ...})``.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.tokenize import TokenIndex
from annotator.io.exporters.common import (
    REPORT_NAME,
    Losses,
    atomic_folder,
    attribute_value_count,
    document_tokens,
    finish,
    items,
    json_line,
    on_tokens,
    protected,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.core.model import Span
    from annotator.io.exporters.common import Item
    from annotator.store import Store

NAME = "hf"


def flat_column(labels: list[str]) -> str:
    """The flattened column's name (``ner_tags`` unless a label would claim it)."""
    return "flat_ner_tags" if "ner" in labels else "ner_tags"


def tag_rows(
    item: Item, labels: list[str], losses: Losses
) -> tuple[list[str], dict[str, list[int]], list[int]]:
    """Tokens, per-label tag columns and the flattened column of one annotation set."""
    tokens, ends = document_tokens(item.document.text)
    index = TokenIndex.of_arrays(tokens, ends)
    count = len(tokens)
    columns = {label: [0] * count for label in labels}
    flat = [0] * count
    placed: list[tuple[int, int, Span]] = []
    for span, found in on_tokens(index, item.spans, losses):
        placed.append((found.first, found.last, span))
    placed.sort(key=lambda p: (p[0], p[0] - p[1]))
    for first, last, span in placed:
        column = columns[span.label]
        if any(column[first : last + 1]):
            losses.add(
                "same_label_overlaps",
                "spans overlapping or nested in a span of the same label (one IOB2 column "
                "per label holds one layer): dropped",
            )
        else:
            column[first] = 1
            column[first + 1 : last + 1] = [2] * (last - first)
        if any(flat[first : last + 1]):
            losses.add(
                "flat_overlaps",
                "spans overlapping another span, left out of the flattened ner_tags column "
                "(kept in their <label>_tags column)",
            )
        else:
            base = 1 + 2 * labels.index(span.label)
            flat[first] = base
            flat[first + 1 : last + 1] = [base + 1] * (last - first)
    return tokens, columns, flat


def features(labels: list[str]) -> dict[str, Any]:
    """``datasets.Features.to_dict()`` of the rows (``Sequence`` as older versions read it)."""
    string = {"dtype": "string", "_type": "Value"}

    def tags(names: list[str]) -> dict[str, Any]:
        return {"feature": {"names": names, "_type": "ClassLabel"}, "_type": "Sequence"}

    result: dict[str, Any] = {
        "id": string,
        "annotator": string,
        "tokens": {"feature": string, "_type": "Sequence"},
    }
    for label in labels:
        result[f"{label}_tags"] = tags(["O", f"B-{label}", f"I-{label}"])
    result[flat_column(labels)] = tags(
        ["O", *(f"{p}-{label}" for label in labels for p in ("B", "I"))]
    )
    return result


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def card(
    labels: list[str],
    counts: dict[str, int],
    spans: dict[str, dict[str, int]],
    store: Store,
    sizes: dict[str, int],
) -> str:
    """README.md: YAML header (features, splits, data files) and a short description."""
    lines = ["---", "dataset_info:", "  features:"]
    for name, feature in features(labels).items():
        lines.append(f"  - name: {name}")
        if feature["_type"] == "Value":
            lines.append("    dtype: string")
        elif feature["feature"]["_type"] == "Value":
            lines.append("    sequence: string")
        else:
            lines += ["    sequence:", "      class_label:", "        names:"]
            for number, tag in enumerate(feature["feature"]["names"]):
                lines.append(f"          '{number}': {_yaml_string(tag)}")
    # An empty file makes load_dataset fail ("corresponds to no data"), so the card's config
    # names only the splits that have rows; the empty files stay for pipelines that list them.
    filled = [split for split, count in counts.items() if count]
    lines.append("  splits:")
    for split in filled:
        lines += [f"  - name: {split}", f"    num_bytes: {sizes[split]}"]
        lines.append(f"    num_examples: {counts[split]}")
    lines += ["configs:", "- config_name: default", "  data_files:"]
    for split in filled:
        lines += [f"  - split: {split}", f"    path: {split}.jsonl"]
    lines += ["---", "", f"# {store.schema.name}: token classification", ""]
    lines.append(
        f"Exported by annotator from label schema `{store.schema.id}` version "
        f"{store.schema.version}. One row per document and annotator; tokens from annotator's "
        "Unicode tokenizer; IOB2 tags, one column per label (`<label>_tags`) so nested spans "
        f"of different labels survive, plus `{flat_column(labels)}` with every label in one "
        "column. `features.json` has the class names; `REPORT.txt` says what the format "
        "could not hold."
    )
    lines += ["", "| split | rows | " + " | ".join(labels) + " |"]
    lines.append("|---" * (len(labels) + 2) + "|")
    for split, count in counts.items():
        cells = [str(spans[split].get(label, 0)) for label in labels]
        lines.append(f"| {split} | {count} | " + " | ".join(cells) + " |")
    lines += ["", "Span counts are of the spans written to the `<label>_tags` columns.", ""]
    return "\n".join(lines)


def write_hf(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    selected = options.labels
    labels = [lab.id for lab in store.schema.labels if selected is None or lab.id in selected]
    if selected is None:  # labels the schema no longer defines get columns too (reported)
        used = {label for per in store.stats().spans.values() for label in per}
        labels += sorted(used - set(labels))
    flat = flat_column(labels)
    splits = list(options.split) if options.split is not None else ["train"]
    counts = dict.fromkeys(splits, 0)
    span_counts: dict[str, dict[str, int]] = {split: {} for split in splits}
    with atomic_folder(path, NAME, protected(store)) as folder, ExitStack() as opened:
        outputs = {
            split: opened.enter_context((folder / f"{split}.jsonl").open("wb")) for split in splits
        }
        for item in items(store, options, report):
            split = item.split or "train"
            tokens, columns, flat_tags = tag_rows(item, labels, losses)
            row: dict[str, Any] = {
                "id": item.document.doc_id,
                "annotator": item.annotator or "",
                "tokens": tokens,
            }
            per_split = span_counts[split]
            for label, column in columns.items():
                row[f"{label}_tags"] = column
                per_split[label] = per_split.get(label, 0) + column.count(1)
            row[flat] = flat_tags
            outputs[split].write(json_line(row))
            counts[split] += 1
            if item.spans and any(s.attributes or s.note for s in item.spans):
                with_values = attribute_value_count(item.spans)
                losses.add("attributes", "attribute values (no place in IOB2 tags)", with_values)
                losses.add("notes", "span notes", sum(1 for s in item.spans if s.note))
            losses.add("relations", "relations (no place in IOB2 tags)", len(item.relations))
        opened.close()  # before the card reads their sizes
        (folder / "features.json").write_text(
            json.dumps(features(labels), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        sizes = {split: (folder / f"{split}.jsonl").stat().st_size for split in splits}
        (folder / "README.md").write_text(
            card(labels, counts, span_counts, store, sizes), encoding="utf-8"
        )
        empty = [
            f"split {split} has no rows: {split}.jsonl is empty and README.md leaves it out"
            for split, count in counts.items()
            if not count
        ]
        text = finish(report, losses, NAME, options, path / REPORT_NAME, empty)
        (folder / REPORT_NAME).write_text(text, encoding="utf-8")
    report.files = [path]
    return report


HF = register(
    Exporter(
        name=NAME,
        description="Hugging Face datasets folder: tokens, IOB2 tag columns per label, card",
        suffix="",
        write=write_hf,
        folder=True,
    )
)
