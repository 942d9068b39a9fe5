"""Views on data the schema no longer covers (issue #8, item 10): shown as such, no crash.

The data is written through the store: spans, an enum value, an attribute and a link type
that the schema in use then drops (``Store.set_schema`` accepting the gaps, as ``schema use
--force`` does), and a span whose label the schema never had (the store does not check
labels; ``schema use --force`` leaves the same).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from annotator.core.model import Relation, Span, Status, new_uid
from annotator.core.schema import default_schema, parse_schema
from annotator.gui.adjudication_view import AdjudicationView
from annotator.gui.labels import UNKNOWN_COLOUR
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.gui.test_whole_numbers import type_into

DOC = "02-war-toll"


def narrowed_schema():
    """The default schema without casualty_figure.victim_side, qualifier "vague" and the
    located_at link type."""
    raw = default_schema().to_json()
    casualty = next(label for label in raw["labels"] if label["id"] == "casualty_figure")
    casualty["attributes"] = [a for a in casualty["attributes"] if a["id"] != "victim_side"]
    qualifier = next(a for a in casualty["attributes"] if a["id"] == "qualifier")
    qualifier["values"].remove("vague")
    raw["relations"] = [r for r in raw["relations"] if r["id"] != "located_at"]
    return parse_schema(raw, "narrowed")


def add(store: Store, document, annotator: str, label: str, quote: str, **attributes) -> Span:
    start = document.text.index(quote)
    span = Span(
        new_uid("s"), document.id, annotator, label, start, start + len(quote), quote, attributes
    )
    return store.add_span(span)


@pytest.fixture
def drifted(store: Store) -> Store:
    import_paths(store, [SAMPLES], actor="lead")
    document = store.find_document(DOC)
    for name in ("alice", "bob"):
        figure = {"qualifier": "vague", "victim_side": "Armenia", "low": 6500}
        add(store, document, name, "casualty_figure", "over 6,500 lives", **figure)
        claim = add(store, document, name, "claim", "the war is estimated", claim_type="event")
        place = add(store, document, name, "location", "Baku", feature_level="locality")
        store.add_relation(
            Relation(new_uid("r"), document.id, name, "located_at", claim.uid, place.uid)
        )
        store.set_status(document.id, name, Status.DONE)
    gaps = store.set_schema(narrowed_schema(), actor="lead", accept_gaps=lambda found: None)
    assert not gaps.covered  # what `schema use --force` allows
    for name in ("alice", "bob"):  # a label no schema here has
        add(store, document, name, "rumour", "defence ministry", credibility="low")
    return store


@pytest.fixture
def window(qtbot, drifted: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(drifted, "alice"), settings)
    qtbot.addWidget(win)
    win.show()
    win.document_list.select_document(drifted.find_document(DOC).id)
    return win


def span_with(window: MainWindow, label: str) -> Span:
    return next(s for s in window.session.spans.values() if s.label == label)


def test_a_span_with_an_unknown_label_is_shown_as_such(qtbot, window: MainWindow) -> None:
    rumour = span_with(window, "rumour")
    window.session.select_span(rumour.uid)  # crashed the window before
    settle()
    settle()  # the form follows in the event loop's next pass
    form = window.span_form
    assert form.title.text() == "unknown label 'rumour': “defence ministry”"
    assert UNKNOWN_COLOUR in form.title.styleSheet()
    assert form.label_combo.currentText() == "unknown label 'rumour'"
    credibility = form.findChild(QLineEdit, "unknown_credibility")
    assert credibility.isReadOnly() and credibility.text() == "low"
    assert form.fields == {} and "no label 'rumour'" in form.guidance.text()
    assert "The label Rumour is not in the schema" in form.findChild(QLabel, "warnings").text()

    table = window.span_table.model
    row = table.row_of(rumour.uid)
    assert table.index(row, 0).data() == "unknown label 'rumour'"
    assert table.index(row, 0).data(Qt.ItemDataRole.DecorationRole).name() == UNKNOWN_COLOUR
    assert window.relation_list.hint.text() == "Links of unknown label 'rumour' “defence ministry”"
    assert window.document_view.describe(rumour).splitlines()[:2] == [
        "unknown label 'rumour'",
        "unknown attribute 'credibility': low",
    ]
    # The article paints it grey rather than not at all.
    view = window.document_view
    at = view.mapping.to_utf16(rumour.start)
    painted = [fill.colour.name() for fill in view.highlighter.fills(at, at + 1)]
    assert painted == [UNKNOWN_COLOUR]

    # The note can be edited; the unknown label and attribute stay as stored.
    form.note.setText("checked")
    form.note.editingFinished.emit()
    settle()
    after = window.session.store.span(rumour.uid)
    assert (after.label, after.attributes, after.note) == (
        "rumour",
        {"credibility": "low"},
        "checked",
    )
    # Picking a real label relabels it (and undo brings the unknown one back).
    form.label_combo.activated.emit(form.label_combo.findData("source"))
    settle()
    assert window.session.store.span(rumour.uid).label == "source"
    settle()
    assert form.label_combo.count() == len(window.session.schema.labels)
    assert window.session.undo()
    settle()
    assert window.session.store.span(rumour.uid).attributes == {"credibility": "low"}
    assert form.label_combo.currentText() == "unknown label 'rumour'"


def test_unknown_attributes_and_enum_values_are_kept(qtbot, window: MainWindow) -> None:
    figure = span_with(window, "casualty_figure")
    window.session.select_span(figure.uid)
    settle()
    form = window.span_form
    qualifier = form.findChild(QComboBox, "field_qualifier")
    assert qualifier.currentText() == "vague (not in the schema)"
    side = form.findChild(QLineEdit, "unknown_victim_side")
    assert side.isReadOnly() and side.text() == "Armenia"
    type_into(qtbot, form.findChild(QLineEdit, "field_low"), "7000")
    assert window.session.store.span(figure.uid).attributes == {
        "qualifier": "vague",
        "victim_side": "Armenia",
        "low": 7000,
    }
    qualifier.activated.emit(qualifier.currentIndex())  # picked again: nothing to refuse
    settle()
    assert not form.findChild(QLabel, "refusal").isVisible()
    # Choosing a listed value replaces the unknown one, which leaves the list.
    qualifier.setCurrentIndex(qualifier.findData("approx"))
    qualifier.activated.emit(qualifier.currentIndex())
    settle()
    assert window.session.store.span(figure.uid).attributes["qualifier"] == "approx"
    assert qualifier.findText("vague (not in the schema)") == -1


def test_a_link_of_an_unknown_type_is_listed_as_such(qtbot, window: MainWindow) -> None:
    claim = span_with(window, "claim")
    window.session.select_span(claim.uid)  # crashed the links panel before
    settle()
    items = window.relation_list.list
    assert [items.item(i).text() for i in range(items.count())] == [
        "→ unknown link type 'located_at' Location “Baku”"
    ]
    assert items.item(0).foreground().color().name() == UNKNOWN_COLOUR


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_adjudication_and_statistics_show_unknown_data(qtbot, drifted: Store, window) -> None:
    view = AdjudicationView(drifted)
    qtbot.addWidget(view)
    view.show()
    view.accept_all_unanimous()  # the unanimous located_at link cannot be made: said so
    assert view.state.text() == "⚠ unknown relation type 'located_at'"
    document = view.gold.document
    (bobs_link,) = drifted.relations(document.id, "bob")
    drifted.delete_relation(bobs_link.uid, actor="bob")
    view.open_document(document.id)
    view.accept_all_unanimous()
    gold = {s.label: s for s in drifted.spans(document.id, "gold")}
    assert gold["rumour"].attributes == {"credibility": "low"}
    assert gold["casualty_figure"].attributes["qualifier"] == "vague"
    assert len(view.merged.conflicts) == 1  # alice's link, which bob lacks now
    view.go_to(0)
    assert view.title.text().startswith(
        "Conflict 1 of 1 · Link: Located at (not in the schema): “the war is estimated” → “Baku”"
    )
    view.accept(0)
    assert view.state.text() == "⚠ unknown relation type 'located_at'"
    view.gold.select_span(gold["rumour"].uid)
    settle()
    assert view.form.title.text() == "unknown label 'rumour': “defence ministry”"

    window.docks["stats"].show()
    stats = window.docks["stats"].widget()
    stats.rebuild()
    axis = stats.pages["spans_per_label"].plot.ci.getItem(2, 0).getAxis("bottom")
    categories = [text for level in axis._tickLevels for _, text in level]
    assert categories[-1] == "unknown label 'rumour'"
