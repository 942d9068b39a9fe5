"""The store's assignment methods (issue 12), mixed into ``Store``: each is one transaction,
or joins the caller's ``Store.unit_of_work()``. The roles and sync work build on these."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from sqlalchemy import Connection

from annotator.core.assignment import Progress
from annotator.store import assignments
from annotator.store.assignments import AssignReport

T = TypeVar("T")


class AssignmentMethods:
    # Store's plumbing.
    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        raise NotImplementedError

    def assignments(self) -> dict[int, tuple[str, ...]]:
        """document id -> the annotators it is assigned to (sorted). Empty: nothing is
        assigned, and every annotator sees every document."""
        return self._run(assignments.assignments, write=False)

    def queue(self, annotator: str) -> list[int]:
        """The ids of the documents assigned to ``annotator``, in import order (empty when
        none are: they see every document)."""
        return self._run(lambda conn: assignments.queue(conn, annotator), write=False)

    def progress(self) -> dict[str, Progress]:
        """Per annotator with assignments, their assigned documents counted by status."""
        return self._run(assignments.progress, write=False)

    def assign(
        self,
        plan: Mapping[int, Collection[str]],
        *,
        actor: str,
        details: Mapping[str, Any] | None = None,
    ) -> AssignReport:
        """Make ``plan`` (document id -> annotators; an empty collection unassigns) the
        assignments of the documents it names, in one transaction with one change-log entry
        (``assignment.set``: the pairs removed and added, and ``details``)."""
        return self._run(
            lambda conn: assignments.assign(conn, plan, actor=actor, details=details), write=True
        )
