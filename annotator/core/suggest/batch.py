"""Suggestions for many documents at once (``annotator suggest`` over a corpus), on every core.

Documents are independent, so a corpus is cut into windows that worker processes share; the
results come back in the documents' order. The suggesters (and the gazetteer) are loaded in
the calling process before the workers are forked, so each worker starts with them in memory
instead of loading them again. A window at a time keeps memory bounded on any corpus size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from annotator.core.suggest.base import SuggestContext, Suggestion
from annotator.core.suggest.run import Key, suggest

Item = TypeVar("Item")

# Below this many documents a pool costs more than it saves (forking, results pickled back).
MIN_PARALLEL = 64
WINDOW = 512  # documents in flight at once
CHUNK = 16  # documents per message to a worker

_context: SuggestContext | None = None
_labels: Collection[str] | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def suggest_documents(
    documents: Iterable[tuple[Item, str, Collection[Key]]],
    context: SuggestContext,
    *,
    labels: Collection[str] | None = None,
    jobs: int = 1,
) -> Iterator[tuple[Item, list[Suggestion]]]:
    """(item, suggestions) for each (item, text, keys to skip), in the order given, computed in
    ``jobs`` processes (one: in this process)."""
    global _context, _labels
    suggest("", context, labels=labels)  # loads the suggesters and the gazetteer once, here
    stream = iter(documents)
    first = list(islice(stream, MIN_PARALLEL))
    if (
        jobs <= 1
        or len(first) < MIN_PARALLEL
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for item, text, skip in _chained(first, stream):
            yield item, suggest(text, context, labels=labels, skip=skip)
        return
    _context, _labels = context, labels  # what forked workers find in their copy of memory
    fork = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=fork) as pool:
            window = first
            while window:
                work = [(text, skip) for _, text, skip in window]
                found = pool.map(_in_worker, work, chunksize=CHUNK)
                for (item, _, _), suggestions in zip(window, found, strict=True):
                    yield item, suggestions
                window = list(islice(stream, WINDOW))
    finally:
        _context = _labels = None


def _chained(
    first: list[tuple[Item, str, Collection[Key]]],
    rest: Iterator[tuple[Item, str, Collection[Key]]],
) -> Iterator[tuple[Item, str, Collection[Key]]]:
    yield from first
    yield from rest


def _in_worker(work: tuple[str, Collection[Key]]) -> list[Suggestion]:
    assert _context is not None, "a worker forked without a context"
    text, skip = work
    return suggest(text, _context, labels=_labels, skip=skip)


__all__ = ["default_jobs", "suggest_documents"]
