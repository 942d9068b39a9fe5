"""``annotator merge`` and ``annotator agreement``: the team lead's commands (DESIGN section 6).

Both read native files with the native reader (every line checked, spans re-anchored or
refused), check the files against each other (label schemas, doc_ids, one line per text and
annotator), and only then compute. Nothing is written unless everything was read.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.cli.agreement_tables import figure, print_overview
from annotator.cli.output import print_json, print_table
from annotator.core.agreement import AgreementReport
from annotator.core.agreement import compute_agreement as compute
from annotator.core.merge import CONFLICT_TYPES, MergeResult, merge
from annotator.core.names import count
from annotator.io.atomic import atomic_text_file
from annotator.io.exporters.native import dumps_line, header
from annotator.io.outputs import check_output, database_files, input_files
from annotator.io.team_files import TeamFiles, load_team_files
from annotator.paths import resolve_db


def _iou(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, not {value}")
    return number


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="native annotation files")
    p.add_argument(
        "--iou", type=_iou, default=0.5, help="IoU at which spans match or cluster (default 0.5)"
    )
    p.add_argument(
        "--allow-schema-mismatch",
        action="store_true",
        help="go on when the files were written with different label schemas (reported)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "merge",
        help="merge annotators' native files into one gold file with conflicts",
        description="Merge native annotation files by text: spans that a strict majority of "
        "the annotators who finished a document agree on are accepted, with provenance; "
        "everything else is written as conflicts to adjudicate. Inputs are never changed.",
    )
    _common_options(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    p.set_defaults(run=run_merge)
    p = subparsers.add_parser(
        "agreement",
        help="inter-annotator agreement of native files",
        description="Pairwise and pooled span F1 (exact and overlap), relation F1, "
        "Krippendorff's alpha per label, attribute agreement, per document.",
    )
    _common_options(p)
    p.set_defaults(run=run_agreement)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading a team's files builds hundreds of thousands of small objects, all kept, none
    in a cycle: the cycle collector would walk them again and again and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _print_notes(loaded: TeamFiles) -> None:
    for note in loaded.notes:
        print(f"annotator: note: {note}", file=sys.stderr)


def _summary(result: MergeResult, output: Path, loaded: TeamFiles) -> dict[str, Any]:
    docs = result.documents
    coverage = result.coverage()
    return {
        "output": str(output),
        "documents": len(docs),
        "participants": [name for name in result.annotators if coverage[name]["done"]],
        "accepted": {
            "spans": sum(len(d.spans) for d in docs),
            "relations": sum(len(d.relations) for d in docs),
        },
        "status": dict(Counter(d.status for d in docs)),
        "conflicts": result.conflict_counts(),
        "coverage": coverage,
        "schema_differences": loaded.differences,
        "notes": loaded.notes,
    }


def run_merge(args: argparse.Namespace) -> int:
    with _cycle_collector_paused():
        return _merge(args)


def _merge(args: argparse.Namespace) -> int:
    output: Path = args.output
    # Inputs are never changed; nor is the user's database, though merge does not open it.
    # (Not through cli.common: merge loads no store.)
    user_db = resolve_db(None)
    protect = input_files(args.files) + database_files(
        None if isinstance(user_db, str) else user_db
    )
    check_output(output, protect)
    loaded = load_team_files(args.files, args.allow_schema_mismatch)
    result = merge(loaded.texts, loaded.work, threshold=args.iou, symmetric=loaded.symmetric)
    unknown = sorted(
        {s["label"] for d in result.documents for s in d.spans} - set(loaded.schema.label_ids)
    )
    if unknown:
        loaded.notes.append(f"labels not in the written schema: {', '.join(unknown)}")
    with atomic_text_file(output, protect) as out:
        out.write(dumps_line(header(loaded.schema.to_json(), loaded.patterns)))
        for document in result.documents:
            out.write(dumps_line(document.record()))
    summary = _summary(result, output, loaded)
    _print_notes(loaded)
    if args.json:
        print_json(summary)
        return 0
    _print_differences(loaded)
    accepted, counts = summary["accepted"], summary["conflicts"]
    print(
        f"Wrote {output}: {count(summary['documents'], 'document')}, "
        f"{count(accepted['spans'], 'accepted span')}, "
        f"{count(accepted['relations'], 'accepted relation')}."
    )
    print(f"Participants: {', '.join(summary['participants']) or 'none'}.")
    status = summary["status"]
    print(
        f"Documents done: {status.get('done', 0)}, with conflicts: "
        f"{status.get('in_progress', 0)}, without participants: {status.get('todo', 0)}."
    )
    print("Conflicts: " + ", ".join(f"{kind} {counts[kind]}" for kind in CONFLICT_TYPES) + ".")
    print()
    rows = []
    for name, entry in summary["coverage"].items():
        unfinished = [f"{doc} ({status})" for doc, status in entry["unfinished"].items()]
        missing = ", ".join(
            [f"skipped {d}" for d in entry["skipped"]]
            + [f"not finished {d}" for d in unfinished]
            + [f"absent {d}" for d in entry["absent"]]
        )
        rows.append([name, entry["done"], missing or "—"])
    print_table(["ANNOTATOR", "DONE", "NOT TAKING PART"], rows, right_align=[1])
    return 0


def _print_differences(loaded: TeamFiles) -> None:
    if loaded.differences:
        print("Label schemas differ (going on as asked):")
        for line in loaded.differences:
            print(f"  {line}")
        print()


def _print_agreement(report: AgreementReport) -> None:
    names = ", ".join(report.annotators) or "none"
    print(
        f"Agreement of {count(len(report.annotators), 'annotator')} ({names}) over "
        f"{count(report.documents, 'document')} with two or more participants."
    )
    print()
    print_overview(report)
    print()
    print_table(
        ["LABEL", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "ALPHA"],
        [
            [label, figure(v["span_f1_exact"]), figure(v["span_f1_overlap"]), figure(v["alpha"])]
            for label, v in report.labels.items()
        ],
        right_align=[1, 2, 3],
    )
    print()
    if report.attributes:
        print_table(
            ["ATTRIBUTE (MATCHED SPANS)", "UNITS", "PERCENT", "ALPHA"],
            [
                [key, v["units"], figure(v["percent"]), figure(v["alpha"])]
                for key, v in report.attributes.items()
            ],
            right_align=[1, 2, 3],
        )
        print()
    rows = []
    for row in report.per_document:
        others = ", ".join(f"{name} {status}" for name, status in row.not_participating)
        rows.append(
            [
                row.doc_id,
                len(row.participants),
                row.spans,
                figure(row.span_f1_exact),
                figure(row.span_f1_overlap),
                figure(row.relation_f1),
                figure(row.alpha),
                others or "—",
            ]
        )
    print_table(
        ["DOCUMENT", "DONE BY", "SPANS", "F1 EXACT", "F1 OVERLAP", "REL F1", "ALPHA", "NOT DONE"],
        rows,
        right_align=[1, 2, 3, 4, 5, 6],
    )


def run_agreement(args: argparse.Namespace) -> int:
    with _cycle_collector_paused():
        return _agreement(args)


def _agreement(args: argparse.Namespace) -> int:
    loaded = load_team_files(args.files, args.allow_schema_mismatch)
    report = compute(
        loaded.work, labels=loaded.labels, symmetric=loaded.symmetric, threshold=args.iou
    )
    _print_notes(loaded)
    if args.json:
        for line in loaded.differences:
            print(f"annotator: note: label schemas differ: {line}", file=sys.stderr)
        print_json(report.to_json())
        return 0
    _print_differences(loaded)
    _print_agreement(report)
    return 0
