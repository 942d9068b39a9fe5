"""Suggestions for many documents at once (``annotator suggest`` over a corpus), on every core.

Documents are independent, so a corpus is cut into chunks that worker processes share; the
results come back in the documents' order. The suggesters (and the gazetteer) are loaded in
the calling process before the workers are forked, so each worker starts with them in memory
instead of loading them again. A bounded number of chunks is in flight at a time, which keeps
memory bounded on any corpus size without the workers ever waiting for each other.

``render_documents`` also turns each document's suggestions into its output in the worker
(the CLI's JSON lines): a string pickles back far cheaper than the list of suggestions, and
the calling process, which shares the cores with the workers, is left with little to do.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from annotator.core.suggest.base import SuggestContext, Suggestion
from annotator.core.suggest.run import Key, suggest

Item = TypeVar("Item")
Out = TypeVar("Out")

# Below this many documents a pool costs more than it saves (forking, results pickled back).
MIN_PARALLEL = 64
CHUNK = 16  # documents per message to a worker
IN_FLIGHT = 32  # chunks submitted and not yet handed back: 512 documents at most

Work = tuple[Any, str, Collection[Key]]
Render = Callable[[Any, list[Suggestion]], Any]

# What a forked worker runs with, set by its initializer (in the worker only).
_job: tuple[SuggestContext, Collection[str] | None, Render] | None = None


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
    ``jobs`` processes (one: in this process). Items stay in this process."""
    held: deque[Item] = deque()

    def texts() -> Iterator[Work]:
        for item, text, skip in documents:
            held.append(item)
            yield None, text, skip

    for found in _run(texts(), context, labels, jobs, _found):
        yield held.popleft(), found


def render_documents(
    documents: Iterable[tuple[Item, str, Collection[Key]]],
    context: SuggestContext,
    render: Callable[[Item, list[Suggestion]], Out],
    *,
    labels: Collection[str] | None = None,
    jobs: int = 1,
) -> Iterator[Out]:
    """``render(item, suggestions)`` for each (item, text, keys to skip), in the order given,
    each computed in the worker that made the suggestions (items are sent to the workers, so
    keep them small: an id, not a whole document)."""
    return _run(iter(documents), context, labels, jobs, render)


def _found(_: object, suggestions: list[Suggestion]) -> list[Suggestion]:
    return suggestions


def _run(
    stream: Iterator[Work],
    context: SuggestContext,
    labels: Collection[str] | None,
    jobs: int,
    render: Render,
) -> Iterator[Any]:
    suggest("", context, labels=labels)  # loads the suggesters and the gazetteer once, here
    first = list(islice(stream, MIN_PARALLEL))
    if (
        jobs <= 1
        or len(first) < MIN_PARALLEL
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for item, text, skip in _chained(first, stream):
            yield render(item, suggest(text, context, labels=labels, skip=skip))
        return
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=fork,
        initializer=_start_worker,
        initargs=(context, labels, render),  # forked, not pickled
    )
    in_flight: deque[Future[list[Any]]] = deque()
    try:
        chunks = _chunks(_chained(first, stream))
        for chunk in chunks:
            in_flight.append(pool.submit(_in_worker, chunk))
            if len(in_flight) >= IN_FLIGHT:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chained(first: list[Work], rest: Iterator[Work]) -> Iterator[Work]:
    yield from first
    yield from rest


def _chunks(works: Iterator[Work]) -> Iterator[list[Work]]:
    while chunk := list(islice(works, CHUNK)):
        yield chunk


def _start_worker(context: SuggestContext, labels: Collection[str] | None, render: Render) -> None:
    global _job
    _job = (context, labels, render)
    # What the worker was forked with (modules, the gazetteer) lives as long as it does: the
    # collector need not walk it again, and leaving it alone keeps those pages shared.
    gc.freeze()


def _in_worker(chunk: list[Work]) -> list[Any]:
    assert _job is not None, "a worker started without its job"
    context, labels, render = _job
    return [
        render(item, suggest(text, context, labels=labels, skip=skip)) for item, text, skip in chunk
    ]


__all__ = ["default_jobs", "render_documents", "suggest_documents"]
