"""``annotator sync``: a local SQLite file and a team server brought level (issue 12)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from annotator.cli.common import actor_for, add_annotator_option
from annotator.cli.output import print_json
from annotator.core.display import printable_path
from annotator.errors import UserError
from annotator.io.sync import PREFER, SERVER_ENV_VAR, open_server, sync
from annotator.paths import resolve_db
from annotator.store import Store, server_url

# Exit status when the sync ran but left documents alone (conflicts, or changed meanwhile).
EXIT_LEFT_ALONE = 3


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "sync",
        help="sync a local database file with a team server",
        description="Pull the documents assigned to you, the label schema and gold from the "
        "server into a local file, and push your own spans, relations, statuses and "
        "suggestion outcomes to it. Run it again at any time: it moves only what changed, and "
        "finishes a sync that was cut short. Work of yours changed on both sides since the "
        f"last sync is left alone and reported (exit {EXIT_LEFT_ALONE}) unless --prefer says "
        "which side to keep.",
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help="the local SQLite file (default: $ANNOTATOR_DB, else the user data folder)",
    )
    p.add_argument(
        "--server",
        metavar="URL",
        help="postgresql://USER@HOST:PORT/DBNAME (password from ~/.pgpass, PGPASSWORD or a "
        f"service file) (default: ${SERVER_ENV_VAR})",
    )
    p.add_argument(
        "--new", action="store_true", help="create the local file if it does not exist yet"
    )
    p.add_argument(
        "--prefer",
        choices=PREFER,
        help="for your work changed on both sides: keep this side's (the other side's "
        "version stays in its change log)",
    )
    add_annotator_option(p)
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(run=run_sync)


def _server(args: argparse.Namespace) -> server_url.ServerUrl:
    raw = args.server or os.environ.get(SERVER_ENV_VAR, "")
    if not raw:
        raise UserError(f"sync: name the server with --server URL or ${SERVER_ENV_VAR}")
    if not server_url.is_server_url(raw):
        raise UserError("--server: not a postgresql:// URL (postgresql://USER@HOST:PORT/DBNAME)")
    try:
        return server_url.parse(raw)
    except UserError as exc:  # its message names --db, the option it was written for
        raise UserError(str(exc).replace("--db:", "--server:", 1)) from None


def _local(args: argparse.Namespace) -> Path:
    where = resolve_db(args.db)
    if isinstance(where, str):
        raise UserError("sync: --db is the local SQLite file; the server goes in --server")
    if not args.new and not where.exists():
        raise UserError(
            f"{printable_path(where)}: no such file; to start a new local copy, add --new"
        )
    return where


def run_sync(args: argparse.Namespace) -> int:
    server = _server(args)
    path = _local(args)
    # The server first: a --new file is created only once the server has answered.
    with open_server(server) as reader, Store.open(path) as local:
        # On a team server, the connected role (refusing --as anyone else).
        report = sync(local, reader, actor_for(args, reader), prefer=args.prefer)
    if args.json:
        print_json(report.to_json())
    else:
        for line in report.lines():
            print(line)
    return EXIT_LEFT_ALONE if report.conflicts or report.left_alone else 0
