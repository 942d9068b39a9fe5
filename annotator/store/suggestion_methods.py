"""The store's suggestion methods (issue 13), mixed into ``Store``: each is one transaction,
or joins the caller's ``Store.unit_of_work()``; every write is in the change log, so other
windows and processes hear it like any other edit."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection

from annotator.core.model import Document
from annotator.core.suggest.base import LearnedPattern, Suggestion
from annotator.core.suggest.outcomes import ANY_OUTCOME, Key, OutcomeReceipt
from annotator.store import changelog, suggestions

T = TypeVar("T")


@dataclass
class _PatternCache:
    """The patterns as of change-log id ``mark``, sorted by (label, text)."""

    mark: int
    keys: list[tuple[str, str]]
    patterns: list[LearnedPattern]
    result: tuple[LearnedPattern, ...]

    @classmethod
    def of(cls, mark: int, patterns: tuple[LearnedPattern, ...]) -> _PatternCache:
        return cls(mark, [(p.label, p.text) for p in patterns], list(patterns), patterns)

    def updated(
        self, mark: int, fresh: dict[tuple[str, str], LearnedPattern], keys: set[tuple[str, str]]
    ) -> _PatternCache:
        """A copy with ``keys`` set to their ``fresh`` patterns (absent: removed)."""
        sorted_keys, patterns = list(self.keys), list(self.patterns)
        for key in sorted(keys):
            at = bisect.bisect_left(sorted_keys, key)
            present = at < len(sorted_keys) and sorted_keys[at] == key
            pattern = fresh.get(key)
            if pattern is not None and present:
                patterns[at] = pattern
            elif pattern is not None:
                sorted_keys.insert(at, key)
                patterns.insert(at, pattern)
            elif present:
                del sorted_keys[at], patterns[at]
        return _PatternCache(mark, sorted_keys, patterns, tuple(patterns))


class SuggestionMethods:
    _local: threading.local
    _patterns_cache: _PatternCache | None = None

    # Store's plumbing.
    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _readable(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def suggestion_patterns(self) -> tuple[LearnedPattern, ...]:
        """Every learned pattern: the explicit rows (with tallies) plus every stored span text
        of every annotator by label, with its latest attributes; sorted by (label, text).

        Read with one grouped query, then kept: while the change log stands still it is
        returned as is, and after a few span edits or decisions only the (label, text) keys
        they name are read again (an accept costs no full read on 100,000 spans)."""
        inside_unit = getattr(self._local, "conn", None) is not None

        def work(conn: Connection) -> tuple[LearnedPattern, ...]:
            mark = changelog.max_change_id(conn)
            cached = self._patterns_cache
            if cached is not None and cached.mark == mark:
                return cached.result
            keys = suggestions.changed_keys(conn, cached.mark) if cached is not None else None
            if cached is not None and keys is not None:
                fresh = cached.updated(mark, suggestions.patterns_of(conn, keys), keys)
            else:
                fresh = _PatternCache.of(mark, suggestions.all_patterns(conn))
            # Inside a unit of work the reads see uncommitted rows that may yet roll back
            # (and their change ids be reused): never keep those.
            if not inside_unit:
                self._patterns_cache = fresh
            return fresh.result

        return self._run(work, write=False)

    def suggestion_pattern_rows(self) -> list[LearnedPattern]:
        """Only the explicit pattern rows with their tallies (what the native header shares;
        span texts travel as spans)."""
        return self._run(suggestions.pattern_rows, write=False)

    def documents_to_suggest(
        self, annotator: str, document_ids: Collection[int] | None = None
    ) -> Iterator[tuple[Document, set[Key]]]:
        """Every document (or those of ``document_ids``), in import order, with the keys not
        to propose to ``annotator`` in it: rejected ones and their spans'. One read
        transaction for the whole run (``annotator suggest`` over 10,000 articles)."""
        with self._read() as conn, self._readable():
            yield from suggestions.documents_to_suggest(conn, annotator, document_ids)

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
