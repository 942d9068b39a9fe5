"""Two spreadsheet tables: casualty figures and claims, with their sources and locations.

``PATH`` is a folder with ``casualty_figures.csv``, ``claims.csv`` and ``REPORT.txt``. One row
per span; the ``sources`` column joins (with `` | ``) the text of the spans it is
``attributed_to``, ``locations`` those it is ``located_at``. With ``--split`` a first column
``split`` says where the document fell. Files are UTF-8 with a BOM (so spreadsheets detect it)
and CRLF row ends (RFC 4180). A cell that a spreadsheet would run as a formula (one starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe.
Sources and locations appear only as columns, and other labels, attributes and relations have
no table: the report counts them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.io.exporters.common import (
    REPORT_NAME,
    Item,
    Losses,
    atomic_folder,
    finish,
    items,
    protected,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.core.model import Span
    from annotator.store import Store

NAME = "csv"
FIGURES = "casualty_figures.csv"
CLAIMS = "claims.csv"
FIGURE_ATTRIBUTES = ("outcome", "victim_type", "victim_side", "qualifier", "low", "high", "scope")
CLAIM_ATTRIBUTES = ("claim_type", "factuality", "status")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_COLUMNS_OF = {"casualty_figure": FIGURE_ATTRIBUTES, "claim": CLAIM_ATTRIBUTES}


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would evaluate as a formula, made literal with an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def _linked(item: Item, span: Span, kind: str, by_uid: dict[str, Span]) -> str:
    texts = [
        by_uid[r.to_uid].text for r in item.relations if r.from_uid == span.uid and r.type == kind
    ]
    return " | ".join(texts)


def rows(item: Item, losses: Losses) -> tuple[list[list[str]], list[list[str]]]:
    """The casualty-figure rows and the claim rows of one annotation set."""
    by_uid = {s.uid: s for s in item.spans}
    figures: list[list[str]] = []
    claims: list[list[str]] = []
    document = item.document
    lead = [item.split] if item.split is not None else []
    for span in item.spans:
        columns = _COLUMNS_OF.get(span.label)
        if columns is None:
            if span.label not in ("source", "location"):
                losses.add("labels", "spans of labels with no table")
            continue
        values = [span.attributes.get(key) for key in columns]
        base = [*lead, document.doc_id, item.annotator or "", str(span.start), str(span.end)]
        cells = [*map(_cell, base), _cell(span.text), *map(_cell, values)]
        cells.append(_cell(_linked(item, span, "attributed_to", by_uid)))
        cells.append(_cell(_linked(item, span, "located_at", by_uid)))
        (figures if span.label == "casualty_figure" else claims).append(cells)
        extra = [k for k, v in span.attributes.items() if k not in columns and v is not None]
        losses.add("attributes", "attribute values with no column (e.g. quote_style)", len(extra))
        losses.add("notes", "span notes", 1 if span.note else 0)
    shown = ("attributed_to", "located_at")
    losses.add(
        "relations",
        "relations other than attributed_to and located_at",
        sum(1 for r in item.relations if r.type not in shown),
    )
    return figures, claims


def write_csv(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    lead = ["split"] if options.split is not None else []
    common = [*lead, "document", "annotator", "start", "end", "text"]
    with atomic_folder(path, NAME, protected(store)) as folder:
        with (
            (folder / FIGURES).open("w", encoding="utf-8-sig", newline="") as figures_file,
            (folder / CLAIMS).open("w", encoding="utf-8-sig", newline="") as claims_file,
        ):
            figures, claims = csv.writer(figures_file), csv.writer(claims_file)
            figures.writerow([*common, *FIGURE_ATTRIBUTES, "sources", "locations"])
            claims.writerow([*common, *CLAIM_ATTRIBUTES, "sources", "locations"])
            for item in items(store, options, report):
                figure_rows, claim_rows = rows(item, losses)
                figures.writerows(figure_rows)
                claims.writerows(claim_rows)
        text = finish(report, losses, NAME, options, path / REPORT_NAME)
        (folder / REPORT_NAME).write_text(text, encoding="utf-8")
    report.files = [path]
    return report


CSV = register(
    Exporter(
        name=NAME,
        description="CSV tables of casualty figures and claims with sources and locations",
        suffix="",
        write=write_csv,
        folder=True,
    )
)
