"""Adjudicating three annotators' work with the keyboard, on a real database."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import Span, Status, new_uid
from annotator.gui.adjudication_view import AdjudicationView
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.gui.span_table import SpanTable
from annotator.io import exporters
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.gui.dialogs import capture_message_boxes

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
def store(db_store: Store) -> Store:
    """On each engine (conftest's ``db``): adjudication reads and writes the database."""
    return db_store


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
    return next(i for i, c in enumerate(view.merged.conflicts) if c.kind == kind)


def gold(view: AdjudicationView) -> dict[str, Span]:
    return {s.text: s for s in view.store.spans(view.gold.document.id, "gold")}


def test_queue_lanes_and_decisions_by_keyboard(qtbot, view: AdjudicationView, tmp_path) -> None:
    assert view.documents.count() == 1
    kinds = sorted(c.kind for c in view.merged.conflicts)
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


def test_edit_goes_to_the_form(qtbot, view: AdjudicationView) -> None:
    view.go_to(conflict_index(view, "boundary"))
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert "Nothing in gold here yet: take a lane's version first" in view.state.text()
    qtbot.keyClick(view, Qt.Key.Key_1)
    view.go_to(conflict_index(view, "boundary"))
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert view.gold.selected_span is not None
    assert view.form.title.text().startswith("Source")


def test_done_with_open_conflicts_lists_them_and_asks(
    qtbot, view: AdjudicationView, monkeypatch
) -> None:
    document_id = view.gold.document.id
    asked = capture_message_boxes(monkeypatch, QMessageBox.StandardButton.No)
    view.mark_done()
    (question,) = asked
    assert question.startswith("3 conflicts in this document are not decided yet:")
    assert "• Presence: Location “Baku” · 1 of 3 votes" in question
    assert "• Attribute: Source type of Source “the defence ministry” · 2 of 3 votes" in question
    assert question.endswith("Mark the gold set done anyway?")
    assert view.store.status(document_id, "gold") is Status.TODO  # "No" changes nothing

    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_X)
    asked.clear()
    view.mark_done()
    assert asked[0].startswith("2 conflicts in this document are not decided yet:")
    assert "Baku" not in asked[0]

    yes = capture_message_boxes(monkeypatch, QMessageBox.StandardButton.Yes)
    view.mark_done()
    assert len(yes) == 1 and view.store.status(document_id, "gold") is Status.DONE
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.store.status(document_id, "gold") is Status.TODO  # one undoable step


def test_done_without_open_conflicts_does_not_ask(
    qtbot, view: AdjudicationView, monkeypatch
) -> None:
    asked = capture_message_boxes(monkeypatch)
    for kind in ("presence", "boundary", "attribute"):
        view.go_to(conflict_index(view, kind))
        qtbot.keyClick(view, Qt.Key.Key_1)
    assert view.open_conflicts() == []
    view.mark_done()
    assert asked == [] and view.store.status(view.gold.document.id, "gold") is Status.DONE


def test_digit_k_takes_the_kth_lane_as_drawn(qtbot, view: AdjudicationView) -> None:
    assert [name for name, _ in view.lanes.lanes] == ["1  alice", "2  bob", "3  carol", "gold"]
    view.go_to(conflict_index(view, "presence"))  # only alice marked "Baku"
    rows = [view.variants.item(i).text() for i in range(view.variants.count())]
    assert rows == [
        "1  alice: Location “Baku”",
        "2  bob: nothing here (taking it rejects the span)",
        "3  carol: nothing here (taking it rejects the span)",
    ]
    qtbot.keyClick(view, Qt.Key.Key_2)  # bob's lane: nothing there, so nothing in gold
    assert "Baku" not in gold(view)
    view.go_to(conflict_index(view, "presence"))
    assert view.state.text() == "Decided: rejected: nothing in gold"
    qtbot.keyClick(view, Qt.Key.Key_1)  # alice's lane: her span
    assert gold(view)["Baku"].provenance["annotators"] == ["alice"]
    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_4)  # no fourth annotator lane
    assert view.state.text() == "⚠ There is no lane 4."


def test_an_attribute_conflict_takes_its_span_along(qtbot, view: AdjudicationView) -> None:
    view.go_to(conflict_index(view, "attribute"))
    assert view.title.text().endswith(
        "Attribute: Source type of Source “the defence ministry” · 2 of 3 votes"
    )
    rows = [view.variants.item(i).text() for i in range(view.variants.count())]
    assert rows[:2] == ["1  alice: Government", "2  bob: Media"]
    assert "no span here" in rows[2]
    assert "the defence ministry" not in gold(view)
    qtbot.keyClick(view, Qt.Key.Key_2)  # bob's value, and with it the span
    span = gold(view)["the defence ministry"]
    assert span.attributes == {"source_type": "media"}
    assert view.gold.undo_stack.count() == 1  # one decision, one step
    view.go_to(conflict_index(view, "attribute"))
    assert view.state.text() == "Decided: gold Source type: Media"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "the defence ministry" not in gold(view)


def test_accept_all_unanimous_says_what_it_took_and_left(qtbot, view: AdjudicationView) -> None:
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert view.state.text() == (
        "Accepted 1 span and 0 links that every participant agreed on. 3 conflicts still open: "
        "a span with any disagreement, an attribute one included, is left to its conflict."
    )
    assert "1 participant" not in view.summary.text()
    assert view.summary.text().startswith("3 participants · 3 conflicts (0 decided) · gold: 1 span")


def test_gold_decisions_reach_every_other_view_through_the_hub(
    qtbot, view: AdjudicationView
) -> None:
    """A second adjudication view and a span table of the gold set, open at once, show each
    decision and each undo without being told by the first view."""
    other = AdjudicationView(view.store)
    qtbot.addWidget(other)
    gold_session = Session(view.store, "gold")
    table = SpanTable(gold_session)
    qtbot.addWidget(table)
    gold_session.open_document(view.gold.document.id)

    def table_texts() -> list[str]:
        model = table.model
        return sorted(model.index(r, 1).data() for r in range(model.rowCount()))

    def other_gold_lane() -> int:
        return len(other.lanes.lanes[-1][1])

    assert table_texts() == [] and other_gold_lane() == 0
    qtbot.keyClick(view, Qt.Key.Key_A)
    view.go_to(conflict_index(view, "presence"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert other_gold_lane() == 2 and len(gold_session.spans) == 2
    settle()  # the table follows in the event loop's next pass
    assert "Baku" in table_texts()
    other.go_to(conflict_index(other, "presence"))
    assert other.state.text() == "Decided: gold Location “Baku”"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert other_gold_lane() == 1 and "Baku" not in table_texts()
    assert other.state.text() == "Not decided yet."


def test_no_finished_work_says_so(qtbot, store: Store) -> None:
    import_paths(store, [SAMPLES], actor="lead")
    widget = AdjudicationView(store)
    qtbot.addWidget(widget)
    assert "No finished work" in widget.summary.text()
