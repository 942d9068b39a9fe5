"""Which version each edit is based on, for a session with an undo history.

A new action is based on what the user sees: the span versions the command carries. An undo
or redo is based on what this session itself last wrote: the user's later edits of the same
span (undone in turn before it) do not make it stale, but another window's or process's edit
in between does, so undo never wipes someone else's work.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from annotator.core.commands import AnnotationStore
from annotator.core.model import Span


class WrittenVersions:
    """span uid -> the version this session last wrote (or deleted)."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = {}


class VersionedStore:
    """The store as one unit of a session's commands sees it (see the module docstring).

    ``history`` is True for undo and redo. Within one unit, a span written by an earlier
    command is always based on that write. Call ``commit`` once the unit's transaction has
    committed, so a rolled-back unit leaves ``written`` as it was."""

    def __init__(self, store: AnnotationStore, written: WrittenVersions, *, history: bool) -> None:
        self._store = store
        self._written = written
        self._history = history
        self._unit: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _base(self, uid: str, given: int) -> int:
        if uid in self._unit:
            return self._unit[uid]
        if self._history and uid in self._written.versions:
            return self._written.versions[uid]
        return given

    def add_span(self, span: Span, *, actor: str | None = None) -> Span:
        # Brought back by undo or redo: one version above the one deleted.
        above = self._base(span.uid, 0) + 1
        stored = self._store.add_span(
            dataclasses.replace(span, version=max(span.version, above)), actor=actor
        )
        self._unit[span.uid] = stored.version
        return stored

    def update_span(self, span: Span, *, actor: str | None = None) -> Span:
        based = dataclasses.replace(span, version=self._base(span.uid, span.version))
        written = self._store.update_span(based, actor=actor)
        self._unit[span.uid] = written.version
        return written

    def delete_span(self, uid: str, *, actor: str, version: int = 0) -> Span:
        removed = self._store.delete_span(uid, actor=actor, version=self._base(uid, version))
        self._unit[uid] = removed.version
        return removed

    def commit(self) -> None:
        self._written.versions.update(self._unit)
