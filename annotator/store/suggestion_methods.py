"""The store's suggestion methods (issue 13), mixed into ``Store``: each is one transaction,
or joins the caller's ``Store.unit_of_work()``; every write is in the change log, so other
windows and processes hear it like any other edit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import Connection

from annotator.core.suggest.base import LearnedPattern, Suggestion
from annotator.core.suggest.outcomes import ANY_OUTCOME, Key, OutcomeReceipt
from annotator.store import changelog, suggestions

T = TypeVar("T")


class SuggestionMethods:
    _local: threading.local
    # (change-log id it was read at, the patterns): valid while nothing was logged since.
    _patterns_cache: tuple[int, tuple[LearnedPattern, ...]] | None = None

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        raise NotImplementedError  # Store's

    def suggestion_patterns(self) -> tuple[LearnedPattern, ...]:
        """Every learned pattern: the explicit rows (with tallies) plus every stored span text
        of every annotator by label, with its latest attributes; sorted by (label, text).
        Read with one grouped query, and cached until the change log moves."""
        inside_unit = getattr(self._local, "conn", None) is not None

        def work(conn: Connection) -> tuple[LearnedPattern, ...]:
            mark = changelog.max_change_id(conn)
            cached = self._patterns_cache
            if cached is not None and cached[0] == mark:
                return cached[1]
            found = suggestions.all_patterns(conn)
            # Inside a unit of work the reads see uncommitted rows that may yet roll back
            # (and their change ids be reused): never cache those.
            if not inside_unit:
                self._patterns_cache = (mark, found)
            return found

        return self._run(work, write=False)

    def suggestion_pattern_rows(self) -> list[LearnedPattern]:
        """Only the explicit pattern rows with their tallies (what the native header shares;
        span texts travel as spans)."""
        return self._run(suggestions.pattern_rows, write=False)

    def suggestion_outcomes(self, document_id: int, annotator: str) -> dict[Key, str]:
        """(label, start, end) -> 'accepted' or 'rejected', for one annotator's document."""
        return self._run(
            lambda conn: suggestions.outcomes_of(conn, document_id, annotator), write=False
        )

    def record_suggestion_outcome(
        self,
        document_id: int,
        annotator: str,
        suggestion: Suggestion,
        outcome: str,
        *,
        actor: str,
        expected: str | None = ANY_OUTCOME,
    ) -> OutcomeReceipt:
        """Store an annotator's decision on a suggestion and bump its (label, text) pattern's
        tally. ``expected``: the outcome the user saw (None: undecided; default: unchecked);
        if another is stored, ``StaleEditError``. Keep the receipt to undo it."""
        return self._run(
            lambda conn: suggestions.record_outcome(
                conn, document_id, annotator, suggestion, outcome, actor=actor, expected=expected
            ),
            write=True,
        )

    def forget_suggestion_outcome(self, receipt: OutcomeReceipt, *, actor: str) -> None:
        """Exactly undo the recording that returned ``receipt`` (the earlier decision and the
        tally come back); ``StaleEditError`` if the stored decision has changed since."""
        self._run(lambda conn: suggestions.forget_outcome(conn, receipt, actor=actor), write=True)

    def merge_suggestion_patterns(
        self, patterns: Iterable[LearnedPattern], *, actor: str, source: str
    ) -> int:
        """Merge shared patterns idempotently (see ``suggestions.merge_patterns``)."""
        return self._run(
            lambda conn: suggestions.merge_patterns(conn, patterns, actor=actor, source=source),
            write=True,
        )
