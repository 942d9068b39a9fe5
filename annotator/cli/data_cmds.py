"""``annotator export`` and ``annotator schema``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from annotator.cli import schema_report
from annotator.cli.common import (
    actor_for,
    add_annotator_option,
    add_db_option,
    db_files,
    db_name,
    open_db,
)
from annotator.cli.output import print_json, print_table
from annotator.core.display import printable
from annotator.core.model import Status
from annotator.core.names import count
from annotator.core.schema import LabelSchema, load_schema
from annotator.core.schema_coverage import Coverage
from annotator.core.splits import DEFAULT_SEED, parse_split_spec
from annotator.errors import UserError
from annotator.io import exporters
from annotator.io.label_studio_users import parse_user_options
from annotator.paths import resolve_db


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export",
        help="export annotations",
        description="Export documents and annotations. The native format is lossless and "
        "exports every status unless --status is given; the others export documents marked "
        "done by default, and write a report of what the format could not hold beside the "
        "output (PATH.report.txt, or REPORT.txt inside a folder output).",
    )
    p.add_argument("--format", "-f", required=True, choices=exporters.names())
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH")
    p.add_argument(
        "--annotator", action="append", metavar="NAME", help="only this annotator (repeatable)"
    )
    p.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help="only documents in this status (repeatable; default depends on the format)",
    )
    p.add_argument("--labels", metavar="L1,L2", help="only spans of these labels")
    p.add_argument(
        "--split",
        metavar="SPEC",
        help="document-level splits, e.g. train=0.8,validation=0.1,test=0.1 (one file or "
        "folder per split; the same corpus and seed always give the same split)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"seed of the split (default {DEFAULT_SEED})",
    )
    p.add_argument(
        "--ls-user",
        action="append",
        default=[],
        metavar="NAME=EMAIL",
        help="label-studio: the Label Studio user (by email) of annotator NAME, written as "
        "completed_by (repeatable; default NAME@annotator.invalid)",
    )
    p.add_argument(
        "--brat-offsets",
        choices=["code-points", "utf16"],
        default="code-points",
        help="brat: how .ann offsets count; utf16 as brat's web UI does (it differs only on "
        "characters beyond U+FFFF, such as emoji)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_db_option(p)
    p.set_defaults(run=run_export)

    p = subparsers.add_parser("schema", help="show, check or change the label schema")
    schema_sub = p.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    show = schema_sub.add_parser("show", help="the schema the database uses")
    show.add_argument("--json", action="store_true", help="print the whole schema as JSON")
    add_db_option(show)
    show.set_defaults(run=run_schema_show)
    check = schema_sub.add_parser("validate", help="check a label schema file")
    check.add_argument("file", type=Path)
    check.set_defaults(run=run_schema_validate)
    use = schema_sub.add_parser(
        "use",
        help="switch the database to a schema file",
        description="Switch the database to a label schema file. Refused, with the list, when "
        "stored spans or relations use labels, attributes, enum values or relation types the "
        "schema lacks, unless --force: then the data is kept as it is, shown as unknown, and "
        "a report of it is written.",
    )
    use.add_argument("file", type=Path)
    use.add_argument(
        "--force",
        action="store_true",
        help="switch even when the schema does not cover the stored data, and write a report",
    )
    use.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="where --force writes its report (default: beside the database, "
        "NAME.schema-use-TIME.txt)",
    )
    add_db_option(use)
    add_annotator_option(use)
    use.set_defaults(run=run_schema_use)


def run_export(args: argparse.Namespace) -> int:
    exporter = exporters.get(args.format)
    split = parse_split_spec(args.split) if args.split is not None else None
    ls_users = parse_user_options(args.ls_user)
    # Refused before the database is even opened (each file is checked again as it opens).
    protect = db_files(args.db)
    exporter.check_outputs(args.output, protect, exporters.ExportOptions(split=split))
    with open_db(args, write=False) as store:
        labels = None
        if args.labels:
            labels = frozenset(x.strip() for x in args.labels.split(",") if x.strip())
            unknown = sorted(labels - {lab.id for lab in store.schema.labels})
            if unknown:
                raise UserError(f"--labels: unknown label(s) {', '.join(unknown)}")
        statuses = (
            frozenset(Status(s) for s in args.status) if args.status else exporter.default_statuses
        )
        options = exporters.ExportOptions(
            annotators=frozenset(args.annotator) if args.annotator else None,
            statuses=statuses,
            labels=labels,
            split=split,
            seed=args.seed,
            label_studio_users=ls_users,
            brat_offsets=args.brat_offsets,
        )
        report = exporter.write(store, args.output, options)
    if args.json:
        print_json(
            {
                "path": str(report.path),
                "documents": report.documents,
                "spans": report.spans,
                "relations": report.relations,
                "lost": report.lost,
                "losses": report.losses,
                "splits": report.splits,
                "files": [str(path) for path in report.files],
                "report": str(report.report_path) if report.report_path else None,
                "unknown": report.unknown,
                "notes": report.notes,
            }
        )
    else:
        print(
            f"Wrote {printable(str(report.path))}: {count(report.documents, 'document')}, "
            f"{count(report.spans, 'span')}, {count(report.relations, 'relation')}."
        )
        for name, documents in report.splits.items():
            print(f"  split {name}: {count(documents, 'document')}")
        if report.lost:
            print(f"Not kept by {exporter.name}:")
            for line in report.lost:
                print(f"  - {line}")
        elif report.report_path is not None:
            print(f"Nothing was lost: {exporter.name} holds everything exported.")
        if report.unknown:
            print("Not in the label schema (written as they are):")
            for line in report.unknown:
                print(f"  - {printable(line)}")
        for line in report.notes:
            print(printable(line))
        if report.report_path is not None:
            print(f"Report: {printable(str(report.report_path))}")
    return 0


def _describe(schema: LabelSchema) -> None:
    print(f"{schema.name} ({schema.id} {schema.version}, sha256 {schema.sha256[:12]}…)")
    print()
    rows = []
    for label in schema.labels:
        attrs = ", ".join(
            (f"{a.id}*" if a.required else a.id)
            + (f" {{{'|'.join(a.values)}}}" if a.type == "enum" else f" ({a.type})")
            for a in label.attributes
        )
        rows.append([label.key, label.id, label.name, attrs])
    print_table(["KEY", "LABEL", "NAME", "ATTRIBUTES (* required)"], rows)
    print()
    print_table(
        ["RELATION", "FROM", "TO", "SYMMETRIC"],
        [
            [
                r.id,
                ", ".join(sorted(r.from_labels)),
                ", ".join(sorted(r.to_labels)),
                "yes" if r.symmetric else "no",
            ]
            for r in schema.relations
        ],
    )


def run_schema_show(args: argparse.Namespace) -> int:
    with open_db(args, write=False) as store:
        schema = store.schema
    if args.json:
        print_json(schema.to_json())
    else:
        _describe(schema)
    return 0


def run_schema_validate(args: argparse.Namespace) -> int:
    schema = load_schema(args.file)
    print(
        f"{args.file}: valid label schema {schema.id!r} version {schema.version} "
        f"({count(len(schema.labels), 'label')}, {count(len(schema.relations), 'relation type')})"
    )
    return 0


def run_schema_use(args: argparse.Namespace) -> int:
    if args.report is not None and not args.force:
        raise UserError("--report: only used with --force")
    schema = load_schema(args.file)
    db = resolve_db(args.db)
    name = db_name(db)
    report = args.report or schema_report.default_path(db)
    schema_report.check_path(report, db, inputs=[args.file])

    def refuse(found: Coverage) -> None:
        raise UserError(
            f"{args.file}: schema {schema.id!r} {schema.version} does not cover the data in "
            f"{name}: {found.summary()} (nothing changed; --force switches anyway and writes "
            "a report)"
        )

    if isinstance(db, str) or db.exists():
        # Decide on a read-only look first, so that a refusal never opens the file for writing.
        with open_db(args, write=False) as store:
            current = store.readable_schema()
            unchanged = current is not None and current.sha256 == schema.sha256
            found = store.schema_coverage(schema)
        if not found.covered and not args.force:
            refuse(found)
        if unchanged and found.covered:
            print(f"Already using {schema.id!r} version {schema.version}; nothing changed.")
            return 0
    with open_db(args, write=True) as store:
        actor = actor_for(args, store)
        old = store.readable_schema()

        def write_report(found: Coverage) -> None:
            schema_report.write(
                report, found, db=db, old=old, new=schema, file=args.file, actor=actor
            )

        # Checked again inside the write transaction: the data may have changed meanwhile.
        found = store.set_schema(
            schema, actor=actor, accept_gaps=write_report if args.force else refuse
        )
    if old is not None and old.sha256 == schema.sha256:
        print(f"Already using {schema.id!r} version {schema.version}; nothing changed.")
    else:
        print(f"Now using {schema.id!r} version {schema.version}.")
    if not found.covered:
        print(f"Not covered by it, kept and shown as unknown: {found.summary()}.")
        print(f"Report: {printable(str(report))}")
    return 0
