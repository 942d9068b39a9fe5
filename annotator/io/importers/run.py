"""A whole import run: every file streamed into the store in one transaction.

Each file is read one document at a time; every document is checked and handed to the
store's import session (``Store.import_session``), which stores them in batches. Without
``skip_bad``, the first bad file makes the run fail: the other files are still read (not
stored), so the user sees every bad file at once, and then the transaction is rolled back,
leaving the database as it was. With ``skip_bad``, each file is all-or-nothing (a savepoint)
and the good ones are kept.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.records import ImportReport, NewDocument
from annotator.errors import UserError
from annotator.io.importers.common import Notes
from annotator.io.importers.encodings import ReadOptions
from annotator.io.importers.files import collect
from annotator.io.importers.registry import (
    ImportCancelled,
    Progress,
    ReadErrors,
    ReadResult,
)

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.store import Store


def _cancel_if_asked(progress: Progress | None, done: int, total: int, path: Path) -> bool:
    # None (a callback that returns nothing) means "go on"; only a false value cancels.
    if progress is None:
        return False
    answer = progress(done, total, path)
    return answer is not None and not answer


def _until(
    documents: Iterable[NewDocument], cancelled: Callable[[], bool] | None
) -> Iterator[NewDocument]:
    """The documents, stopping early once ``cancelled()`` says so (a window's Cancel button
    must not wait for the end of a 10,000-document file)."""
    for doc in documents:
        if cancelled is not None and cancelled():
            return
        yield doc


def _named(doc: NewDocument, actor: str) -> NewDocument:
    """Give annotation sets whose file named no annotator (annotator "") the actor's name."""
    if all(work.annotator for work in doc.annotations):
        return doc
    sets = tuple(
        work if work.annotator else replace(work, annotator=actor) for work in doc.annotations
    )
    return replace(doc, annotations=sets)


@contextmanager
def _collector_set_for_bulk() -> Iterator[None]:
    """A large import makes millions of small containers, none of them in a cycle, and the
    cyclic collector ran ~700 times on one of 10,000 documents, its full passes walking every
    object the program holds (about 7% of the import). For the run, collections are spaced
    out; the thresholds are put back after. (No ``gc.freeze`` here: the window froze its
    start-up objects for good, and a matching ``gc.unfreeze`` would undo that.)"""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    actor: str,
    format: str | None = None,
    skip_bad: bool = False,
    progress: Progress | None = None,
    options: ReadOptions | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[ImportReport, list[str]]:
    """Import files and folders; returns the report and, with ``skip_bad``, one error line
    per file left out. ``options`` say how text-like files are read (``--encoding``,
    ``--html``).

    Without ``skip_bad``, any bad file raises ``ReadErrors`` (one line per bad file) and
    nothing is stored. ``progress(done, total, path)`` is called after each file; a false
    answer raises ``ImportCancelled`` and nothing is stored.
    """
    files, errors = collect(paths, format)
    failed = bool(errors) and not skip_bad
    schema = store.schema
    notes: list[str] = []
    with (
        _collector_set_for_bulk(),
        store.import_session(actor=actor, isolate_files=skip_bad) as session,
    ):
        for done, (path, importer) in enumerate(files, start=1):
            file_notes = Notes(options)
            try:
                documents = _until(importer.documents(path, schema, file_notes), cancelled)
                if failed:
                    for _ in documents:  # only read: the run is refused anyway
                        pass
                else:
                    with session.file(str(path)):
                        for doc in documents:
                            session.add(_named(doc, actor))
                        if importer.patterns is not None:
                            shared = importer.patterns(path, schema, file_notes)
                            store.merge_suggestion_patterns(shared, actor=actor, source=str(path))
            except UserError as exc:
                errors.append(str(exc))
                failed = failed or not skip_bad
            else:
                notes.extend(file_notes.lines())
            if _cancel_if_asked(progress, done, len(files), path) or (
                cancelled is not None and cancelled()
            ):
                raise ImportCancelled(f"import cancelled while reading {path}; nothing was stored")
        if failed:
            raise ReadErrors(errors)  # leaves the session's transaction: rolled back
    report = session.report
    report.notes[:0] = notes
    return report, errors


def read_all(
    paths: Sequence[Path],
    schema: LabelSchema,
    format: str | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, ReadResult]]:
    """Parse every file whole, storing nothing (for tools and tests: it holds every
    document). Raises ``ReadErrors`` if any file is bad, ``ImportCancelled`` if ``progress``
    returns a false value."""
    files, errors = collect(paths, format)
    results: list[tuple[Path, ReadResult]] = []
    for done, (path, importer) in enumerate(files, start=1):
        try:
            results.append((path, importer.read(path, schema)))
        except UserError as exc:
            errors.append(str(exc))
        if _cancel_if_asked(progress, done, len(files), path):
            raise ImportCancelled(f"import cancelled while reading {path}; nothing was stored")
    if errors:
        raise ReadErrors(errors)
    return results
