"""``annotator doctor``: check a database and report everything wrong with it (issue #8).

The database is opened read-only and never changed. Problems are listed on stdout, one a line
(or as JSON); a single summary line goes to stderr and the exit code is 2 when there is any.
A database too damaged to open is one problem, not a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from annotator.cli.common import add_db_option, db_name
from annotator.cli.output import print_json
from annotator.core.display import printable
from annotator.core.names import count
from annotator.errors import UserError
from annotator.paths import resolve_db
from annotator.store.health import HealthReport, Problem
from annotator.store.store import Store


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "doctor",
        help="check a database for damage and inconsistencies",
        description="Check a database without changing it: SQLite's integrity and foreign key "
        "checks; every span's text against its document's text at its offsets; spans and "
        "relations whose document, annotator or linked span is missing; and whether the label "
        "schema in use covers every stored label, attribute, value and relation type. Exit "
        "code 2 when anything is wrong.",
    )
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(run=run_doctor)


def _examine(store: Store) -> HealthReport:
    try:
        return store.check_health()
    except UserError as exc:  # the database refused even to start reading
        return HealthReport(["read"], [Problem("read", "", str(exc))])


def _refuse_server(args: argparse.Namespace) -> Path:
    """The SQLite file to check: doctor reads a file's pages and SQLite's own schema, which a
    database on a server does not have (the server checks its own pages)."""
    where = resolve_db(args.db)
    if isinstance(where, str):
        raise UserError(
            f"{db_name(where)}: doctor checks SQLite files; not on PostgreSQL (the server "
            "checks its own pages, keys and text encoding)"
        )
    return where


def examine(args: argparse.Namespace) -> HealthReport:
    """Every check on the database of ``--db``; failing to open it is a problem too."""
    path = _refuse_server(args)
    if not path.exists():
        raise UserError(f"{path}: no database here (check --db or $ANNOTATOR_DB)")
    if path.is_file() and path.stat().st_size == 0:
        return HealthReport(
            ["open"], [Problem("open", "", f"{path}: an empty file, not a database")]
        )
    try:
        store = Store.open(path, write=False)
    except UserError as exc:
        return HealthReport(["open"], [Problem("open", "", str(exc))])
    with store:
        return _examine(store)


def run_doctor(args: argparse.Namespace) -> int:
    path = _refuse_server(args)
    report = examine(args)
    if args.json:
        print_json(
            {
                "database": str(path),
                "healthy": report.healthy,
                "checks": report.checks,
                "counts": report.counts,
                "problems": [
                    {"check": p.check, "where": p.where, "message": p.message}
                    for p in report.problems
                ],
            }
        )
    elif report.healthy:
        # the counts are named by their tables' plural nouns ("documents")
        counts = ", ".join(count(n, name.removesuffix("s")) for name, n in report.counts.items())
        print(f"{printable(str(path))}: no problems found ({counts}).")
        print(f"Checked: {', '.join(report.checks)}.")
    else:
        for problem in report.problems:
            print(printable(problem.line()))
    if report.healthy:
        return 0
    if len(report.problems) == 1:
        raise UserError(f"{path}: 1 problem found: {report.problems[0].line()}")
    where = "in the JSON on stdout" if args.json else "above"
    raise UserError(f"{path}: {len(report.problems)} problems found ({where})")
