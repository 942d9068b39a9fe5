"""Opening a large document runs no garbage collection while its spans, index and table rows
are built (all of which live as long as the document is open): at most one, when the collector
resumes at the end, instead of one every 700 objects. The collector is left as it was."""

from __future__ import annotations

import dataclasses
import gc

from annotator.core.model import Status
from annotator.core.records import NewAnnotationSet, NewSpan
from annotator.gui.session import Session
from annotator.store import Store
from tests.helpers import new_document

WORDS = "Shelling near the border killed three soldiers, the ministry said. "


def test_opening_a_large_document_pauses_the_collector_and_restores_it(qtbot, store: Store) -> None:
    text = WORDS * 400
    spans = tuple(
        NewSpan(uid=f"s{i}", label="claim", start=at, end=at + 8, text=text[at : at + 8])
        for i, at in enumerate(range(0, len(text) - 8, 10))
    )
    document = dataclasses.replace(
        new_document(text, "long"),
        annotations=(NewAnnotationSet("alice", Status.IN_PROGRESS, "", spans),),
    )
    store.import_documents([document], actor="alice", source="test")
    found = store.find_document("long")
    assert found is not None and len(spans) > 2_000

    session = Session(store, "alice")
    collections: list[int] = []

    def heard(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(heard)
    try:
        session.open_document(found.id)
    finally:
        gc.callbacks.remove(heard)
    assert len(session.spans) == len(spans)
    assert len(collections) <= 1
    assert gc.isenabled()
