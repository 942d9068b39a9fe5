"""Options and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import getpass
import os

from annotator.paths import resolve_db_path
from annotator.store import Store

ANNOTATOR_ENV_VAR = "ANNOTATOR_NAME"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $ANNOTATOR_DB, else the user data folder)",
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
    return Store.open(resolve_db_path(args.db), write=write)


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
