"""Suggestions over a corpus (``batch``): in the documents' order, the same from one process as
from several, with each document's output made where its suggestions were."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest import batch
from annotator.core.suggest.base import LINKERS, SUGGESTERS, SuggestContext, Suggestion, register
from annotator.core.suggest.run import load_built_in

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")


@pytest.fixture
def digits() -> Iterator[None]:
    """One rule only: each digit of the text is a casualty figure."""
    load_built_in()
    saved, saved_linkers = dict(SUGGESTERS), dict(LINKERS)
    SUGGESTERS.clear()
    LINKERS.clear()
    register("digits", ("casualty_figure",))(
        lambda text, context: [
            Suggestion("casualty_figure", at, at + 1, c, {}, 0.5, "digits")
            for at, c in enumerate(text)
            if c.isdigit()
        ]
    )
    yield
    SUGGESTERS.clear()
    SUGGESTERS.update(saved)
    LINKERS.clear()
    LINKERS.update(saved_linkers)


def corpus(size: int) -> list[tuple[str, str, set[tuple[str, int, int]]]]:
    # Every seventh document skips its first digit, as a rejection would.
    return [
        (f"d{n}", f"report {n}", {("casualty_figure", 7, 8)} if n % 7 == 0 else set())
        for n in range(size)
    ]


def rendered(doc_id: str, found: list[Suggestion]) -> str:
    return f"{doc_id}:{os.getpid()}:" + ",".join(s.text for s in found)


def test_many_documents_come_back_in_order_the_same_from_two_processes(digits: None) -> None:
    """More documents than are ever in flight at once: order, skips and output kept."""
    context = SuggestContext(default_schema())
    documents = corpus(batch.CHUNK * batch.IN_FLIGHT * 2 + 5)
    one = list(batch.render_documents(documents, context, rendered, jobs=1))
    two = list(batch.render_documents(documents, context, rendered, jobs=2))
    strip = [line.split(":")[0] + ":" + line.split(":")[2] for line in one]
    assert [line.split(":")[0] + ":" + line.split(":")[2] for line in two] == strip
    assert strip[:2] == ["d0:", "d1:1"]  # d0's only digit is skipped
    assert strip[14] == "d14:4"  # "report 14": the 1 is skipped, the 4 kept
    # Rendered in the workers, not here.
    assert {int(line.split(":")[1]) for line in two}.isdisjoint({os.getpid()})
    assert {int(line.split(":")[1]) for line in one} == {os.getpid()}


def test_the_items_stay_here_and_a_corpus_can_be_left_half_read(digits: None) -> None:
    context = SuggestContext(default_schema())
    documents = [(object(), text, skip) for _, text, skip in corpus(400)]
    results = batch.suggest_documents(iter(documents), context, jobs=2)
    taken = [next(results) for _ in range(100)]
    assert [item for item, _ in taken] == [item for item, _, _ in documents[:100]]
    assert [s.text for s in taken[12][1]] == ["1", "2"]
    assert multiprocessing.active_children()  # the workers, mid-corpus
    results.close()  # the pool is shut down: no worker is left running
    assert multiprocessing.active_children() == []
