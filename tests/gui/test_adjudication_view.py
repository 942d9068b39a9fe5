"""Adjudicating three annotators' work with the keyboard, on a real database."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Span, Status, new_uid
from annotator.gui.adjudication_view import AdjudicationView
from annotator.io import exporters
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

# (annotator, quote, label, attributes); document 02-war-toll.
WORK = [
    *[
        (name, "over 6,500 lives", "casualty_figure", {"qualifier": "more_than", "low": 6500})
        for name in ("alice", "bob", "carol")
    ],
    ("alice", "Baku", "location", {}),  # presence conflict: 1 of 3
    ("alice", "the defence ministry", "source", {"source_type": "government"}),
    ("bob", "defence ministry", "source", {"source_type": "media"}),  # boundary + attribute
]


@pytest.fixture
def view(qtbot, store: Store) -> AdjudicationView:
    import_paths(store, [SAMPLES], actor="lead")
    doc = store.find_document("02-war-toll")
    for name, quote, label, attributes in WORK:
        start = doc.text.index(quote)
        store.add_span(
            Span(
                uid=new_uid("s"),
                document_id=doc.id,
                annotator=name,
                label=label,
                start=start,
                end=start + len(quote),
                text=quote,
                attributes=attributes,
            )
        )
    for name in ("alice", "bob", "carol"):
        store.set_status(doc.id, name, Status.DONE)
    widget = AdjudicationView(store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def conflict_index(view: AdjudicationView, kind: str) -> int:
    return next(i for i, c in enumerate(view.merged.conflicts) if c["type"] == kind)


def gold(view: AdjudicationView) -> dict[str, Span]:
    return {s.text: s for s in view.store.spans(view.gold.document.id, "gold")}


def test_queue_lanes_and_decisions_by_keyboard(qtbot, view: AdjudicationView, tmp_path) -> None:
    assert view.documents.count() == 1
    kinds = sorted(c["type"] for c in view.merged.conflicts)
    assert kinds == ["attribute", "boundary", "presence"]
    assert len(view.lanes.lanes) == 4  # three annotators and gold

    qtbot.keyClick(view, Qt.Key.Key_A)  # accept all unanimous
    accepted = gold(view)["over 6,500 lives"]
    assert accepted.provenance == {
        "annotators": ["alice", "bob", "carol"],
        "votes": 3,
        "participants": 3,
    }
    assert accepted.attributes == {"qualifier": "more_than", "low": 6500}

    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # take alice's "Baku"
    baku = gold(view)["Baku"]
    assert baku.label == "location" and baku.provenance["annotators"] == ["alice"]

    view.go_to(conflict_index(view, "boundary"))
    qtbot.keyClick(view, Qt.Key.Key_2)  # bob's shorter boundaries
    assert "defence ministry" in gold(view)
    view.go_to(conflict_index(view, "attribute"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # alice's source_type
    assert gold(view)["defence ministry"].attributes["source_type"] == "government"
    assert "Decided" in view.state.text()

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(view)["defence ministry"].attributes["source_type"] == "media"

    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_X)  # reject: "Baku" leaves gold
    assert "Baku" not in gold(view)
    # The rejection is remembered (it leaves no gold span), after a restart too.
    reopened = AdjudicationView(view.store)
    qtbot.addWidget(reopened)
    reopened.go_to(conflict_index(reopened, "presence"))
    assert reopened.state.text() == "Decided: rejected: nothing in gold"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Baku" in gold(view)
    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_X)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.index == (conflict_index(view, "presence") + 1) % 3

    # The gold set goes out through any exporter; the native file keeps provenance.
    out = tmp_path / "gold.annotations.jsonl"
    exporters.get("native").write(
        view.store, out, exporters.ExportOptions(annotators=frozenset({"gold"}))
    )
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (document,) = [line for line in lines[1:] if line["annotator"] == "gold"]
    spans = {s["text"]: s for s in document["spans"]}
    assert spans["over 6,500 lives"]["provenance"]["votes"] == 3


def test_edit_goes_to_the_form_and_done_marks_gold(qtbot, view: AdjudicationView) -> None:
    view.go_to(conflict_index(view, "boundary"))
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert "accept a variant first" in view.state.text()
    qtbot.keyClick(view, Qt.Key.Key_1)
    view.go_to(conflict_index(view, "boundary"))
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert view.gold.selected_span is not None
    assert view.form.title.text().startswith("Source")
    view.mark_done()
    assert view.store.status(view.gold.document.id, "gold") is Status.DONE


def test_no_finished_work_says_so(qtbot, store: Store) -> None:
    import_paths(store, [SAMPLES], actor="lead")
    widget = AdjudicationView(store)
    qtbot.addWidget(widget)
    assert "No finished work" in widget.summary.text()
