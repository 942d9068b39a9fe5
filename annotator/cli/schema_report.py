"""The report ``annotator schema use --force`` writes: what the new schema does not cover."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from annotator import __version__
from annotator.core.display import printable, printable_path
from annotator.core.names import count
from annotator.core.schema import LabelSchema
from annotator.core.schema_coverage import Coverage
from annotator.errors import UserError
from annotator.io.atomic import atomic_text_file
from annotator.io.outputs import Protected, check_output, database_files, input_files


def default_path(db: Path | str) -> Path:
    """``<db stem>.schema-use-<UTC time>.txt`` beside the database file (in the current
    folder for a database on a server, ``str``), never an existing file."""
    if isinstance(db, str):
        db = Path("server.sqlite3").absolute()  # only its folder and stem are used
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = db.with_name(f"{db.stem}.schema-use-{stamp}.txt")
    number = 1
    while candidate.exists():
        number += 1
        candidate = db.with_name(f"{db.stem}.schema-use-{stamp}-{number}.txt")
    return candidate


def check_path(report: Path, db: Path | str, *, inputs: Sequence[Path]) -> None:
    """Refuse, before anything is changed, a report path that would overwrite the database,
    its journal files or an input, or that names a folder."""
    try:
        is_folder = stat.S_ISDIR(report.stat().st_mode)
    except FileNotFoundError:
        is_folder = False
    except OSError as exc:  # a name too long, a loop of links...
        raise UserError(f"{report}: cannot write a report there ({exc.strerror or exc})") from None
    if is_folder:
        raise UserError(f"{report}: is a folder; --report takes a file name")
    check_output(report, [*_files(db), *input_files(inputs)])
    if not report.parent.is_dir():
        raise UserError(f"{report}: folder {report.parent} does not exist")


def write(
    path: Path,
    found: Coverage,
    *,
    db: Path | str,
    old: LabelSchema | None,
    new: LabelSchema,
    file: Path,
    actor: str,
) -> None:
    """Write the report whole or not at all; an error here (a one-line ``UserError``)
    cancels the switch: the caller's transaction is still open."""
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"annotator {__version__}: schema use --force",
        f"database: {db if isinstance(db, str) else printable_path(db)}",
        f"switched: {at} by {printable(actor)}",
        "from schema: "
        + (f"{old.id} {old.version} (sha256 {old.sha256})" if old else "unreadable (damaged)"),
        f"to schema: {new.id} {new.version} (sha256 {new.sha256}), from {printable_path(file)}",
        f"checked: {count(found.spans, 'span')}, {count(found.relations, 'relation')}",
        "",
        "The new schema does not cover this stored data. It is kept unchanged and shown as",
        "unknown; using a schema that covers it again makes it known again.",
        "",
        *(f"- {gap.line()}" for gap in found.ordered()),
    ]
    with atomic_text_file(path, [*_files(db), *input_files([file])]) as out:
        out.write("\n".join(lines) + "\n")


def _files(db: Path | str) -> list[Protected]:
    return [] if isinstance(db, str) else database_files(db)


__all__ = ["check_path", "default_path", "write"]
