"""The mouse wheel over a value widget the user has not focused scrolls, and changes nothing
(issue 9, item 1): real wheel events, the real window, a real database."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollArea,
    QWidget,
)

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from tests.gui.test_annotation_window import open_doc, select_by_keyboard

NOTCH = 120  # one wheel notch, in eighths of a degree


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the wheel ``notches`` times over the centre of ``widget`` (negative: down)."""
    centre = QPointF(widget.rect().center())
    for _ in range(abs(notches)):
        step = NOTCH if notches > 0 else -NOTCH
        event = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre)),
            QPoint(),
            QPoint(0, step),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    assert isinstance(widget, QAbstractSlider)
    return widget.value()


def value_widgets(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for kind in (QComboBox, QAbstractSpinBox, QAbstractSlider):
        found += [w for w in root.findChildren(kind) if w.isVisible()]
    return found


def database_digest(window: MainWindow) -> str:
    path = window.session.store.path
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(
        path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    ).hexdigest()


def casualty_selected(qtbot, window: MainWindow):
    open_doc(window, "02-war-toll")
    select_by_keyboard(qtbot, window, "over 6,500 lives")
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    settle()
    span = window.session.selected_span
    assert span is not None and span.label == "casualty_figure"
    return span


def form_scroll_area(window: MainWindow) -> QScrollArea:
    area = window.span_form.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    return area


def test_wheel_over_unfocused_form_fields_scrolls_and_changes_nothing(qtbot, window) -> None:
    span = casualty_selected(qtbot, window)
    area = form_scroll_area(window)
    area.setFixedHeight(150)  # a short dock: the form must scroll
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    widgets = value_widgets(window.span_form)
    names = {w.objectName() for w in widgets}
    assert {"labelCombo", "field_outcome", "field_qualifier"} <= names
    window.document_view.setFocus()
    before = ([value_of(w) for w in widgets], window.session.store.span(span.uid))
    digest = database_digest(window)

    for widget in widgets:
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
        bar = area.verticalScrollBar()
        bar.setValue(0)
        area.ensureWidgetVisible(widget)
        top = bar.value()
        wheel(widget, -4)  # the four notches that once made Outcome "captured"
        assert bar.value() > top or top == bar.maximum(), widget.objectName()
        scrolled_down = bar.value()
        wheel(widget, 4)
        assert bar.value() < scrolled_down or scrolled_down == 0, widget.objectName()
        assert not widget.hasFocus()

    # The rest of the window: link type and target, the list filters.
    others = [w for w in value_widgets(window) if w not in widgets]
    assert {"relationType", "relationTarget", "statusFilter", "spanLabelFilter"} <= {
        w.objectName() for w in others
    }
    shown = [value_of(w) for w in others]
    for widget in others:
        wheel(widget, -4)
        wheel(widget, 1)
    assert [value_of(w) for w in others] == shown

    after = ([value_of(w) for w in widgets], window.session.store.span(span.uid))
    assert after == before
    assert database_digest(window) == digest
    assert window.session.undo_stack.count() == 1  # only the labelling itself


# The click opens the combo's list, a popup the offscreen platform cannot raise or grab for.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
def test_clicked_combo_takes_keyboard_and_wheel(qtbot, window) -> None:
    span = casualty_selected(qtbot, window)
    outcome = window.span_form.findChild(QComboBox, "field_outcome")
    shown = outcome.currentIndex()  # "lives" pre-filled killed
    assert outcome.itemData(shown) == "killed"
    qtbot.mouseClick(outcome, Qt.MouseButton.LeftButton)  # focuses it and opens its list
    outcome.hidePopup()
    qtbot.waitUntil(outcome.hasFocus)
    qtbot.keyClick(outcome, Qt.Key.Key_Down)
    settle()
    chosen = outcome.itemData(shown + 1)
    assert window.session.store.span(span.uid).attributes["outcome"] == chosen
    # Focused by the user's click, the combo takes the wheel as Qt's combos do.
    wheel(outcome, -1)
    after = outcome.itemData(shown + 2)
    assert window.session.store.span(span.uid).attributes["outcome"] == after


def test_export_dialog_options_ignore_the_wheel_until_focused(qtbot, store) -> None:
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.output.setFocus()
    qtbot.waitUntil(dialog.output.hasFocus)
    before = (dialog.format_combo.currentIndex(), dialog.seed.value())
    wheel(dialog.format_combo, -3)
    wheel(dialog.seed, 3)
    assert (dialog.format_combo.currentIndex(), dialog.seed.value()) == before
    dialog.seed.setFocus()  # as Tab or a click would
    qtbot.waitUntil(dialog.seed.hasFocus)
    wheel(dialog.seed, 3)
    assert dialog.seed.value() == before[1] + 3
