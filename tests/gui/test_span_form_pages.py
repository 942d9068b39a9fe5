"""The span form keeps one page of fields per label and switches between them (issue 9,
item 12): after relabelling back and forth it shows exactly the label's fields, reuses its
widgets, writes to the right attribute, and pre-fills a casualty figure's words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from tests.gui.test_annotation_window import open_doc, select_by_keyboard


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


KEYS = {"claim": Qt.Key.Key_1, "source": Qt.Key.Key_2, "casualty_figure": Qt.Key.Key_3}
KEYS["location"] = Qt.Key.Key_4


def shown_fields(window: MainWindow) -> list[str]:
    """Object names of the form's visible ``field_`` widgets, top to bottom."""
    form = window.span_form
    found = [
        w
        for w in form.findChildren(QWidget)
        if w.objectName().startswith("field_") and w.isVisible()
    ]
    found.sort(key=lambda w: w.mapTo(form, w.rect().topLeft()).y())
    return [w.objectName() for w in found]


def expected_fields(window: MainWindow, label_id: str) -> list[str]:
    label = window.session.schema.label(label_id)
    return [f"field_{attribute.id}" for attribute in label.attributes]


def relabel(qtbot, window: MainWindow, label_id: str) -> None:
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, KEYS[label_id])
    settle()
    assert window.session.selected_span.label == label_id


def test_fields_follow_the_label_back_and_forth(qtbot, window: MainWindow) -> None:
    open_doc(window, "01-border-clash")
    select_by_keyboard(qtbot, window, "left three soldiers dead")
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    settle()
    form = window.span_form
    assert shown_fields(window) == expected_fields(window, "casualty_figure")
    # The words were read into the form: killed, combatant, exact 3.
    outcome = form.findChild(QComboBox, "field_outcome")
    victims = form.findChild(QComboBox, "field_victim_type")
    assert (outcome.currentData(), victims.currentData()) == ("killed", "combatant")
    assert form.findChild(QLineEdit, "field_low").text() == "3"

    for label_id in ("source", "location", "claim", "casualty_figure", "location", "source"):
        relabel(qtbot, window, label_id)
        assert shown_fields(window) == expected_fields(window, label_id), label_id
        assert list(form.fields) == [a.id for a in window.session.schema.label(label_id).attributes]
        assert form.focus_chain()[1:-1] == list(form.fields.values())
    # Source and location both have a "role": the lookup finds the one on screen.
    role = form.findChild(QComboBox, "field_role")
    assert role.isVisible() and role.findData("publisher") >= 0 and role.findData("event_site") < 0
    relabel(qtbot, window, "location")
    role = form.findChild(QComboBox, "field_role")
    assert role.isVisible() and role.findData("event_site") >= 0

    # Back to a casualty figure: the same widgets as the first time, not new ones.
    relabel(qtbot, window, "casualty_figure")
    assert form.findChild(QComboBox, "field_outcome") is outcome
    assert shown_fields(window) == expected_fields(window, "casualty_figure")


def test_a_field_writes_its_own_attribute_and_a_parked_one_nothing(
    qtbot, window: MainWindow
) -> None:
    open_doc(window, "01-border-clash")
    select_by_keyboard(qtbot, window, "Sotk")
    qtbot.keyClick(window.document_view, Qt.Key.Key_4)
    settle()
    span = window.session.selected_span
    form = window.span_form
    place = form.findChild(QLineEdit, "field_place_id")
    place.setText("AM-GR")
    place.editingFinished.emit()
    settle()
    assert window.session.store.span(span.uid).attributes["place_id"] == "AM-GR"

    relabel(qtbot, window, "source")
    source_role = form.findChild(QComboBox, "field_role")
    source_role.setCurrentIndex(source_role.findData("original"))
    source_role.activated.emit(source_role.currentIndex())
    settle()
    assert window.session.store.span(span.uid).attributes.get("role") == "original"

    # The location page is parked: its fields are renamed, and a late signal from one
    # (it lost focus as its page was hidden) does not write to the source span.
    assert place.objectName() != "field_place_id" and not place.isVisible()
    place.setText("AM-SU")
    place.editingFinished.emit()
    settle()
    assert "place_id" not in window.session.store.span(span.uid).attributes
    assert window.session.undo_stack.count() == 4  # create, place id, relabel, role
