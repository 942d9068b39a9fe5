"""CoNLL-2003-style IOB2 columns: ``token -X- _ TAG``, one token per line.

Each annotation set starts with ``-DOCSTART- -X- -X- O`` and a blank line; a line break in
the text ends a sentence (a blank line). Tokens come from ``annotator.core.tokenize``. The tags
are strict IOB2: a span that crosses a line break is split into one entity per sentence (each
starts with ``B-``), counted in the report. One tag column holds one layer: where spans
overlap or nest, the span that starts first (then the longer one) keeps its tokens and the
others are dropped and counted in the report. The hf export keeps one column per label when
nesting matters.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.tokenize import TokenIndex
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    attribute_value_count,
    document_tokens,
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


class _Endings(dict[str, str]):
    """Tag -> the end of a token line with that tag, made on first use."""

    def __missing__(self, tag: str) -> str:
        ending = self[tag] = f" -X- _ {tag}\n"
        return ending


_ENDINGS = _Endings()
_OUTSIDE = _ENDINGS["O"]


def sentence_starts(text: str, ends: list[int]) -> list[bool]:
    """For each token, whether a line break comes before it (after an earlier token): there
    the CoNLL file has a blank line, so a new sentence starts.

    A step per line break, not per token: a token holds no whitespace, so each break lies
    between two tokens, and the token after it (the first that ends after it) is found by
    binary search."""
    breaks = [False] * len(ends)
    position = text.find("\n")
    while position >= 0:
        after = bisect_right(ends, position)
        if 0 < after < len(ends):
            breaks[after] = True
        position = text.find("\n", position + 1)
    return breaks


def conll_block(item: Item, losses: Losses) -> str:
    """The lines of one annotation set, -DOCSTART- first.

    The tags are strict IOB2 in every sentence: a span that crosses a line break is split
    there, and each part starts with ``B-`` (an ``I-`` after a blank line would be invalid,
    and readers disagree on what it means). The report counts the split spans and parts.
    """
    text = item.document.text
    words, ends = document_tokens(text)
    index = TokenIndex.of_arrays(words, ends)
    new_sentence = sentence_starts(text, ends)
    # Each token's line ending, " -X- _ TAG\n", as the tag column (one string per tag,
    # shared): the block is then the words and these interleaved.
    tags = [_OUTSIDE] * len(words)
    placed = []
    for span, found in on_tokens(index, item.spans, losses):
        placed.append((found.first, found.last, span.label))
    placed.sort(key=lambda p: (p[0], p[0] - p[1]))
    for first, last, label in placed:
        stop = last + 1
        if tags[first:stop].count(_OUTSIDE) != stop - first:
            losses.add(
                "overlaps",
                "spans overlapping or nested in another span (one tag column): dropped",
            )
            continue
        begin, inside = _ENDINGS[f"B-{label}"], _ENDINGS[f"I-{label}"]
        tags[first] = begin
        tags[first + 1 : stop] = [inside] * (last - first)
        if True in new_sentence[first + 1 : stop]:
            parts = 1
            for i in compress(range(first + 1, stop), new_sentence[first + 1 : stop]):
                parts += 1
                tags[i] = begin
            losses.add(
                "split_at_breaks",
                "spans that cross a line break (a sentence break in CoNLL): split there, "
                "each part starts with B-",
            )
            losses.add("split_parts", "entities written for those split spans", parts)
    # The blank line before each sentence but the first ends the line before it.
    for first_of_sentence in compress(range(len(words)), new_sentence):
        tags[first_of_sentence - 1] += "\n"
    # Words and line endings interleaved, joined once: no string made per line.
    lines: list[str] = [""] * (2 * len(words))
    lines[0::2] = words
    lines[1::2] = tags
    attributes = attribute_value_count(item.spans)
    losses.add("attributes", "attribute values (no column for them)", attributes)
    losses.add("notes", "span notes", sum(1 for s in item.spans if s.note))
    losses.add("relations", "relations (no column for them)", len(item.relations))
    return DOCSTART + "".join(lines) + "\n"


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
