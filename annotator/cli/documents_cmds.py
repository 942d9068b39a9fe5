"""``annotator import``, ``list`` and ``stats``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotator.cli.common import (
    actor_for,
    add_annotator_option,
    add_db_option,
    db_files,
    open_db,
)
from annotator.cli.output import print_json, print_table, shorten
from annotator.core.display import printable
from annotator.core.model import Status
from annotator.core.names import count
from annotator.errors import BugError, UserError
from annotator.io import importers
from annotator.io.atomic import new_files_in
from annotator.io.label_studio_users import parse_user_options
from annotator.io.outputs import check_output


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import",
        help="import articles or native annotation files",
        description="Import .txt, .html, .jsonl, .json, .csv and native *.annotations.jsonl "
        "files, or folders of them (recursively). Every file is read and checked before "
        "anything is written; if any file is bad nothing is imported (see --skip-bad). "
        "Documents already stored (same text) are skipped and counted.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    p.add_argument("--format", choices=importers.names(), help="force one importer")
    p.add_argument(
        "--skip-bad", action="store_true", help="import the good files even if some are bad"
    )
    p.add_argument(
        "--encoding",
        metavar="NAME|auto",
        help="read .txt, .html and .csv files in this encoding (e.g. windows-1251) instead of "
        "UTF-8; 'auto' guesses per file and prints each guess with its confidence. A BOM "
        "always wins; without this option an HTML page's declared charset is used",
    )
    p.add_argument(
        "--html",
        choices=("visible", "main"),
        default="visible",
        help="visible: all visible text of a page (default); main: only the main article, "
        "without menus, bylines, related stories or footers (needs annotator[html])",
    )
    p.add_argument(
        "--ls-user",
        action="append",
        default=[],
        metavar="NAME=EMAIL",
        help="label-studio: annotations by the Label Studio user EMAIL (or user number, as "
        "its plain JSON export names users) are annotator NAME's (repeatable; "
        "NAME@annotator.invalid is NAME without it)",
    )
    p.add_argument(
        "--brat-offsets",
        choices=["code-points", "utf16"],
        help="brat: how .ann offsets count; utf16 for files saved by brat's web UI on texts "
        "with characters beyond U+FFFF, such as emoji (default: as annotator's brat export "
        "recorded, else code-points)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_db_option(p)
    add_annotator_option(p)
    p.set_defaults(run=run_import)

    p = subparsers.add_parser("list", help="list documents and their status")
    p.add_argument("--status", choices=[s.value for s in Status], help="only this status")
    p.add_argument("--annotator", metavar="NAME", help="status of this annotator only")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p)
    p.set_defaults(run=run_list)

    p = subparsers.add_parser(
        "stats", help="documents, spans per label and annotator, status counts"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--plots",
        metavar="DIR",
        type=Path,
        help="also write the statistics plots as PNG files into DIR (created if needed): "
        "spans_per_label, done_per_day, agreement_heatmap and label_f1",
    )
    add_db_option(p)
    p.set_defaults(run=run_stats)


def run_import(args: argparse.Namespace) -> int:
    options = importers.ReadOptions(
        encoding=importers.checked_encoding(args.encoding) if args.encoding else None,
        html=args.html,
        label_studio_users=parse_user_options(args.ls_user, numbers=True),
        brat_offsets=args.brat_offsets,
    )
    with open_db(args, write=True) as store:
        try:
            report, errors = importers.import_paths(
                store,
                args.paths,
                actor=actor_for(args, store),
                format=args.format,
                skip_bad=args.skip_bad,
                options=options,
            )
        except importers.ReadErrors as exc:
            # One line per bad file, each escaped: names and quotes come from the files.
            for line in exc.errors:
                print(f"annotator: error: {printable(line)}", file=sys.stderr)
            return 2
    for line in errors:
        print(f"annotator: skipped {printable(line)}", file=sys.stderr)
    for note in report.notes:
        print(f"annotator: note: {printable(note)}", file=sys.stderr)
    if args.json:
        print_json(
            {
                "files": report.files,
                "added": report.added,
                "skipped": report.skipped,
                "annotation_sets_added": report.annotation_sets_added,
                "annotation_sets_skipped": report.annotation_sets_skipped,
                "spans_added": report.spans_added,
                # Escaped like the stderr lines: a name may hold bytes that are not UTF-8.
                "notes": [printable(note) for note in report.notes],
                "errors": [printable(line) for line in errors],
            }
        )
    else:
        print(
            f"Imported {count(report.added, 'document')} from {count(report.files, 'file')} "
            f"({report.skipped} already present, skipped)."
        )
        if report.annotation_sets_added or report.annotation_sets_skipped:
            print(
                f"Annotations: {count(report.annotation_sets_added, 'annotator set')} with "
                f"{count(report.spans_added, 'span')} added, "
                f"{report.annotation_sets_skipped} skipped."
            )
    return 2 if errors else 0


def run_list(args: argparse.Namespace) -> int:
    with open_db(args, write=False) as store:
        docs = store.list_documents()
        statuses = store.statuses()
        span_totals = store.span_totals()
    rows: list[dict[str, Any]] = []
    for doc in docs:
        per_annotator = {name: status for name, (status, _) in statuses.get(doc.id, {}).items()}
        if args.annotator:
            per_annotator = {args.annotator: per_annotator.get(args.annotator, Status.TODO)}
        shown = per_annotator.values() or [Status.TODO]
        if args.status and Status(args.status) not in shown:
            continue
        rows.append(
            {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "length": doc.length,
                "spans": span_totals.get(doc.id, 0),
                "status": {name: s.value for name, s in sorted(per_annotator.items())},
            }
        )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No documents." if not docs else "No documents match.")
        return 0
    print_table(
        ["DOC_ID", "TITLE", "CHARS", "SPANS", "STATUS"],
        [
            [
                shorten(r["doc_id"], 28),
                shorten(r["title"], 50),
                r["length"],
                r["spans"],
                ", ".join(f"{n}: {s}" for n, s in r["status"].items()) or "todo",
            ]
            for r in rows
        ],
        right_align=(2, 3),
    )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    plots: list[Path] = []
    protect = db_files(args.db)
    if args.plots is not None:
        check_output(args.plots, protect, folder=True)
        try:
            args.plots.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"{args.plots}: cannot create the folder ({exc.strerror or exc})"
            ) from None
    with open_db(args, write=False) as store:
        stats = store.stats()
        labels = [label.id for label in store.schema.labels]
        if args.plots is not None:
            if args.write_plots is None:
                raise BugError("stats --plots was run without a plot writer")
            # Drawn into a hidden folder, then renamed over the old plots together.
            with new_files_in(args.plots, protect) as staged:
                plots = [args.plots / path.name for path in args.write_plots(store, staged)]
    if args.json:
        print_json(
            {
                "documents": stats.documents,
                "annotators": stats.annotators,
                "spans": stats.spans,
                "status": stats.statuses,
                **({"plots": [str(path) for path in plots]} if args.plots is not None else {}),
            }
        )
        return 0
    print(f"Documents: {stats.documents}    Annotators: {len(stats.annotators)}")
    if not stats.annotators:
        print("No annotations yet.")
    else:
        extra = sorted({lab for per in stats.spans.values() for lab in per} - set(labels))
        columns = labels + extra
        print("\nSpans per label")
        print_table(
            ["ANNOTATOR", *[c.upper() for c in columns], "TOTAL"],
            [
                [
                    name,
                    *[stats.spans.get(name, {}).get(c, 0) for c in columns],
                    sum(stats.spans.get(name, {}).values()),
                ]
                for name in stats.annotators
            ],
            right_align=range(1, len(columns) + 2),
        )
        print("\nDocument status")
        order = [s.value for s in Status]
        print_table(
            ["ANNOTATOR", *[s.upper() for s in order]],
            [[name, *[stats.statuses[name][s] for s in order]] for name in stats.annotators],
            right_align=range(1, len(order) + 1),
        )
    if plots:
        print("\nPlots")
        for path in plots:
            print(f"  {path}")
    return 0
