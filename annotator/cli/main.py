"""The ``annotator`` command: no arguments opens the window, subcommands work headless."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from annotator import __version__
from annotator.cli import data_cmds, doctor_cmds, documents_cmds, team_cmds
from annotator.core.display import printable
from annotator.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate contested news reports about armed conflict. Run without "
        "arguments to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = subparsers.add_parser("gui", help="open the window (the default)")
    gui.add_argument("--db", metavar="PATH", help="database file")
    gui.add_argument(
        "--samples", action="store_true", help="load the bundled sample articles if empty"
    )
    documents_cmds.register(subparsers)
    data_cmds.register(subparsers)
    team_cmds.register(subparsers)
    doctor_cmds.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command in (None, "gui"):
        # Imported here so that the headless commands never load Qt.
        from annotator.gui.app import run_app

        return run_app(db=getattr(args, "db", None), load_samples=getattr(args, "samples", False))
    try:
        return int(args.run(args))
    except UserError as exc:
        # One line, whatever the message quotes from files or names.
        print(f"annotator: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`).
        sys.stderr.close()
        return 0
    except Exception:
        # Not the user's input: a defect of ours (BugError or anything unforeseen).
        traceback.print_exc()
        print(
            f"annotator {__version__}: this is a bug in annotator, not a problem with your "
            "input. Please report it with the lines above.",
            file=sys.stderr,
        )
        return 1
