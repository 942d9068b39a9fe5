"""CoNLL-2003-style IOB2 columns: ``token -X- _ TAG``, one token per line.

Each annotation set starts with ``-DOCSTART- -X- -X- O`` and a blank line; a line break in
the text ends a sentence (a blank line). Tokens come from ``annotator.core.tokenize``. One tag
column holds one layer: where spans overlap or nest, the span that starts first (then the
longer one) keeps its tokens and the others are dropped and counted in the report. The hf
export keeps one column per label when nesting matters.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.tokenize import TokenIndex, tokenize
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    file_targets,
    finish,
    items,
    on_tokens,
    protected,
    report_file,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.store import Store

NAME = "conll"
SUFFIX = ".conll"
DOCSTART = "-DOCSTART- -X- -X- O\n\n"


def conll_block(item: Item, losses: Losses) -> str:
    """The lines of one annotation set, -DOCSTART- first."""
    text = item.document.text
    tokens = tokenize(text)
    index = TokenIndex(tokens)
    tags = ["O"] * len(tokens)
    placed = []
    for span, found in on_tokens(index, item.spans, losses):
        placed.append((found.first, found.last, span.label))
    placed.sort(key=lambda p: (p[0], p[0] - p[1]))
    for first, last, label in placed:
        if any(tag != "O" for tag in tags[first : last + 1]):
            losses.add(
                "overlaps",
                "spans overlapping or nested in another span (one tag column): dropped",
            )
            continue
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    lines = [DOCSTART]
    previous_end = 0
    for token, tag in zip(tokens, tags, strict=True):
        if lines[-1] != DOCSTART and "\n" in text[previous_end : token.start]:
            lines.append("\n")
        lines.append(f"{token.text} -X- _ {tag}\n")
        previous_end = token.end
    lines.append("\n")
    attributes = sum(1 for s in item.spans for v in s.attributes.values() if v is not None)
    losses.add("attributes", "attribute values (no column for them)", attributes)
    losses.add("notes", "span notes", sum(1 for s in item.spans if s.note))
    losses.add("relations", "relations (no column for them)", len(item.relations))
    return "".join(lines)


def write_conll(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        for item in items(store, options, report):
            outputs[item.split].write(conll_block(item, losses))
        where = report_file(path)
        text = finish(report, losses, NAME, options, where)
        files.open(where).write(text)
        report.files = files.targets
    return report


CONLL = register(
    Exporter(
        name=NAME,
        description="CoNLL-2003 IOB2 columns (token -X- _ TAG) with -DOCSTART- lines",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_conll,
    )
)
