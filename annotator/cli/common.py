"""Options and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from annotator.core.display import printable, printable_path
from annotator.errors import UserError
from annotator.io.outputs import Protected, database_files
from annotator.paths import resolve_db
from annotator.store import Store, server_url

ANNOTATOR_ENV_VAR = "ANNOTATOR_NAME"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file, or postgresql://USER@HOST:PORT/DBNAME (password from ~/.pgpass, "
        "PGPASSWORD or a service file) (default: $ANNOTATOR_DB, else the user data folder)",
    )


def add_annotator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        help="who is making the change, for the audit trail (default: $ANNOTATOR_NAME or "
        "the login name)",
    )


def open_db(args: argparse.Namespace, *, write: bool) -> Store:
    """The command's database: read-only (never a byte written) unless ``write``."""
    return Store.open(resolve_db(args.db), write=write)


def db_name(where: Path | str) -> str:
    """A resolved ``--db`` fit to print: a server URL is parsed (and refused if it holds a
    password) and printed without secrets."""
    if isinstance(where, str):
        return str(server_url.parse(where))
    return printable_path(where)


def db_files(db: str | None) -> list[Protected]:
    """The files of the database ``--db`` names, which no output may be (none on a server)."""
    where = resolve_db(db)
    return [] if isinstance(where, str) else database_files(where)


def actor_for(args: argparse.Namespace, store: Store) -> str:
    """Who writes: on a team server the role connected (the database checks it), refusing
    ``--as`` anyone else; elsewhere ``actor_name``."""
    role = store.team_role
    if role is None:
        return actor_name(args)
    explicit = getattr(args, "actor", None)
    if explicit and explicit != role:
        raise UserError(
            f"--as {printable(explicit)}: on this team server you write as the role you "
            f"connect as, {printable(role)}"
        )
    return role


def actor_name(args: argparse.Namespace) -> str:
    explicit = getattr(args, "actor", None)
    if explicit:
        return str(explicit)
    from_env = os.environ.get(ANNOTATOR_ENV_VAR)
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
