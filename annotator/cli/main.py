"""The ``annotator`` command: no arguments opens the window, subcommands work headless."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.core.display import printable
from annotator.errors import BugError, UserError
from annotator.paths import is_server_url

if TYPE_CHECKING:
    from annotator.store import Store

WindowOpener = Callable[[str | None, bool], int]
"""Opens the window on a database (None: the default one), optionally with the samples."""
PlotWriter = Callable[["Store", Path], list[Path]]
"""Draws the statistics plots of a store as PNG files into a folder; returns their paths."""


def _add_gui_options(gui: argparse.ArgumentParser) -> None:
    gui.add_argument("--db", metavar="PATH", help="database file or postgresql:// URL")
    gui.add_argument(
        "--samples", action="store_true", help="load the bundled sample articles if empty"
    )


# Each subcommand and the module that registers it. A command line names one of them, and only
# that module loads: merge and agreement read files and need neither the store nor the
# importers. ``--help`` and unknown commands load them all. A test keeps the table complete.
COMMAND_MODULES = {
    "import": "documents_cmds",
    "list": "documents_cmds",
    "stats": "documents_cmds",
    "export": "data_cmds",
    "schema": "data_cmds",
    "merge": "team_cmds",
    "agreement": "team_cmds",
    "doctor": "doctor_cmds",
    "suggest": "suggest_cmds",
    "server": "server_cmds",
    "sync": "sync_cmds",
    "assign": "assign_cmds",
    "progress": "assign_cmds",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known ``command``, only its module is loaded and registered."""
    # The headless commands' modules load the importers, exporters and jsonschema: only here,
    # so that opening the window never pays for them.
    owner = COMMAND_MODULES.get(command or "")
    names = [owner] if owner else list(dict.fromkeys(COMMAND_MODULES.values()))
    modules = [importlib.import_module(f"annotator.cli.{name}") for name in names]
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate contested news reports about armed conflict. Run without "
        "arguments to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    # Also accepted before the subcommand (``annotator --db PATH list``). Its own dest: a
    # subcommand's --db default would overwrite a shared one.
    parser.add_argument(
        "--db",
        dest="global_db",
        metavar="PATH",
        help="database file or postgresql:// URL, for any subcommand",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_gui_options(subparsers.add_parser("gui", help="open the window (the default)"))
    for module in modules:
        module.register(subparsers)
    return parser


def _split_global_db(arguments: list[str]) -> tuple[str | None, list[str]]:
    """A leading ``--db PATH`` or ``--db=PATH``, and the arguments after it."""
    if arguments[:1] == ["--db"] and len(arguments) > 1 and not arguments[1].startswith("-"):
        return arguments[1], arguments[2:]
    if arguments[:1] and arguments[0].startswith("--db="):
        return arguments[0].removeprefix("--db="), arguments[1:]
    return None, arguments


def _window_arguments(arguments: list[str]) -> argparse.Namespace | None:
    """The parsed options when ``arguments`` open the window (nothing, ``gui ...``, either
    after a global ``--db PATH``), else None. The window's options need none of the
    subcommands, whose modules load the importers and exporters: start-up time."""
    global_db, rest = _split_global_db(arguments)
    if rest[:1] not in ([], ["gui"]):
        return None
    gui = argparse.ArgumentParser(prog="annotator gui", description="Open the window.")
    _add_gui_options(gui)
    args = gui.parse_args(rest[1:])
    args.command, args.global_db = "gui", global_db
    return args


def _apply_global_db(args: argparse.Namespace) -> None:
    """Give ``--db`` before the subcommand to the subcommand, as if written after it."""
    given = args.global_db
    if given is None:
        return
    if args.command is None:  # the window
        args.db = given
    elif not hasattr(args, "db"):
        raise UserError(f"--db does not apply to '{args.command}'")
    elif args.db is not None and args.db != given:
        if is_server_url(given) or is_server_url(args.db):  # neither is echoed: secrets
            raise UserError("--db given twice with different databases")
        raise UserError(f"--db given twice with different paths: {given} and {args.db}")
    else:
        args.db = given


def main(
    argv: Sequence[str] | None = None,
    *,
    open_window: WindowOpener | None = None,
    write_plots: PlotWriter | None = None,
) -> int:
    """Run the command in ``argv``. The window and the plots belong to the layer above
    (``annotator.launcher`` passes them in), so this package never imports the gui."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _window_arguments(arguments)
    if args is None:
        rest = _split_global_db(arguments)[1]
        args = build_parser(rest[0] if rest else None).parse_args(arguments)
    args.write_plots = write_plots
    try:
        _apply_global_db(args)
    except UserError as exc:
        print(f"annotator: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    if args.command in (None, "gui"):
        if open_window is None:
            raise BugError("the command line was started without a window to open")
        return open_window(getattr(args, "db", None), getattr(args, "samples", False))
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
