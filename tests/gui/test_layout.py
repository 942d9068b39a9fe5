"""The main window's layout: default proportions, Statistics open and closed, saved layouts
that are trusted only when sane, View > Reset Layout, and readable document titles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QScrollArea

from annotator.gui.layout import FORM_MIN, STATE_KEY
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.store import Store
from tests.helpers import new_document, span_over

LONG_TITLE = (
    "Overnight border firefight near Sotk as both defence ministries trade blame <b>again</b>"
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


# The offscreen screen is 800 x 800: a window must fit it for its geometry to come back.
SIZE = (790, 760)


def open_window(qtbot, store: Store, settings: QSettings, size=SIZE) -> MainWindow:
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    if settings.value("geometry") is None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(10)  # the saved layout is checked once the window is laid out
    return window


def sizes(window: MainWindow) -> dict[str, tuple[int, int]]:
    return {
        name: (dock.width(), dock.height())
        for name, dock in window.docks.items()
        if dock.isVisible()
    }


def assert_about(found: dict[str, tuple[int, int]], expected: dict[str, tuple[int, int]]) -> None:
    """The same docks open, each within 2 px of its expected size (splitters round)."""
    assert found.keys() == expected.keys()
    for name, (width, height) in expected.items():
        assert abs(found[name][0] - width) <= 2 and abs(found[name][1] - height) <= 2, (
            name,
            found[name],
            (width, height),
        )


def assert_sane(window: MainWindow) -> None:
    docks, article = window.docks, window.centralWidget()
    assert window.dock_layout.problems() == []
    assert docks["span"].isVisible() and docks["spans"].isVisible()
    # The form gets room: it is taller than the table, which is shorter than the article.
    assert docks["span"].widget().height() >= FORM_MIN[1]
    assert docks["span"].height() > docks["spans"].height()
    assert docks["spans"].height() < article.height()
    # The document list and the form column run the full height, beside the table.
    assert docks["documents"].height() > 0.8 * window.centralWidget().parentWidget().height()
    assert docks["spans"].width() < window.width() * 0.7


@pytest.fixture
def store_with_document(store: Store) -> Store:
    text = f"{LONG_TITLE}\n\nThree soldiers dead and four injured near Sotk, officials said."
    store.import_documents([new_document(text, "sotk", LONG_TITLE)], actor="t", source="t")
    (info,) = store.list_documents()
    store.add_span(
        span_over(text, "Three soldiers dead", document_id=info.id, label="casualty_figure")
    )
    return store


def test_default_layout_gives_the_form_room(qtbot, store_with_document, settings) -> None:
    window = open_window(qtbot, store_with_document, settings)
    assert_sane(window)
    assert not window.docks["stats"].isVisible()


def test_every_form_field_is_reachable_in_a_small_window(
    qtbot, store_with_document, settings
) -> None:
    window = open_window(qtbot, store_with_document, settings, size=(700, 520))
    (span,) = window.session.spans.values()
    window.session.select_span(span.uid)
    settle()  # the form follows in the event loop's next pass
    form = window.span_form
    area = window.docks["span"].widget()
    assert isinstance(area, QScrollArea)
    assert form.fields, "a casualty figure has attributes"
    for widget in [form.label_combo, *form.fields.values(), form.note]:
        area.ensureWidgetVisible(widget)
        qtbot.wait(1)
        assert not widget.visibleRegion().isEmpty(), widget.objectName()


@pytest.mark.slow  # Statistics draws its plots (pyqtgraph) when first shown
def test_closing_statistics_gives_the_table_its_height_back(
    qtbot, store_with_document, settings
) -> None:
    window = open_window(qtbot, store_with_document, settings)
    before = sizes(window)
    toggle = window.docks["stats"].toggleViewAction()
    toggle.trigger()
    qtbot.waitUntil(window.docks["stats"].isVisible)
    qtbot.wait(10)
    assert window.docks["stats"].height() > before["spans"][1]  # room for the plots
    assert window.docks["span"].height() == before["span"][1]  # the form keeps its room
    window.docks["stats"].close()
    qtbot.wait(10)
    after = sizes(window)
    assert_about(after, before)
    assert_sane(window)


def test_the_layout_comes_back_after_a_restart(qtbot, store_with_document, settings) -> None:
    first = open_window(qtbot, store_with_document, settings)
    first.resizeDocks([first.docks["spans"]], [150], Qt.Orientation.Vertical)
    first.docks["relations"].close()
    qtbot.wait(10)
    saved = sizes(first)
    first.close()
    second = open_window(qtbot, store_with_document, settings)
    assert not second.docks["relations"].isVisible()  # the user's choice is kept
    assert_about(sizes(second), saved)


def test_a_saved_layout_with_the_table_dominating_falls_back_to_defaults(
    qtbot, store_with_document, settings
) -> None:
    first = open_window(qtbot, store_with_document, settings)
    defaults = sizes(first)
    first.resizeDocks([first.docks["spans"]], [800], Qt.Orientation.Vertical)
    qtbot.wait(10)
    assert first.dock_layout.problems()  # the break as the issue saw it
    first.close()
    second = open_window(qtbot, store_with_document, settings)
    assert_sane(second)
    assert_about(sizes(second), defaults)
    assert settings.value(STATE_KEY) is None  # forgotten until the window closes again


def test_a_layout_saved_by_an_older_version_is_not_restored(
    qtbot, store_with_document, settings
) -> None:
    first = open_window(qtbot, store_with_document, settings)
    defaults = sizes(first)
    first.docks["span"].close()
    first.close()
    settings.setValue(STATE_KEY, first.saveState())  # version 0, as before layout versions
    second = open_window(qtbot, store_with_document, settings)
    assert second.docks["span"].isVisible()
    assert_about(sizes(second), defaults)
    settings.setValue(STATE_KEY, QByteArray(b"not a state"))
    third = open_window(qtbot, store_with_document, settings)
    assert_about(sizes(third), defaults)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # a floating dock, offscreen
def test_reset_layout_restores_the_defaults_and_forgets_the_saved_one(
    qtbot, store_with_document, settings
) -> None:
    window = open_window(qtbot, store_with_document, settings)
    defaults = sizes(window)
    window.docks["relations"].close()
    window.docks["documents"].setFloating(True)
    window.resizeDocks([window.docks["spans"]], [500], Qt.Orientation.Vertical)
    window.document_list.horizontalHeader().resizeSection(0, 40)
    window.close()
    assert settings.value(STATE_KEY) is not None
    window.show()
    qtbot.wait(10)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    reset = view_menu.actions()[-1]
    assert reset.text() == "Reset &Layout"
    reset.trigger()
    qtbot.wait(10)
    assert_about(sizes(window), defaults)
    assert not window.docks["documents"].isFloating()
    assert settings.value(STATE_KEY) is None
    assert window.document_list.horizontalHeader().sectionSize(0) > 40
    assert_sane(window)


def test_document_titles_are_elided_in_the_middle_with_the_full_title_as_tooltip(
    qtbot, store_with_document, settings
) -> None:
    window = open_window(qtbot, store_with_document, settings)
    documents = window.document_list
    assert documents.textElideMode() == Qt.TextElideMode.ElideMiddle
    index = documents.model().index(0, 0)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    # The whole title, its markup escaped so the tooltip shows it as written.
    assert "again&lt;/b&gt;" in tip and "<b>again" not in tip
    header = documents.horizontalHeader()
    assert header.sectionSize(0) >= documents.fontMetrics().horizontalAdvance("M") * 22
    header.resizeSection(0, 333)
    header.resizeSection(1, 77)
    window.close()
    again = open_window(qtbot, store_with_document, settings)
    header = again.document_list.horizontalHeader()
    assert (header.sectionSize(0), header.sectionSize(1)) == (333, 77)


@pytest.mark.parametrize("name", ["documents", "span", "relations", "spans"])
def test_closing_and_reopening_a_view_keeps_the_layout(
    qtbot, store_with_document, settings, name: str
) -> None:
    window = open_window(qtbot, store_with_document, settings)
    before = sizes(window)
    toggle = window.docks[name].toggleViewAction()
    toggle.trigger()
    qtbot.wait(10)
    assert name not in sizes(window)
    assert window.dock_layout.problems() == []
    toggle.trigger()
    qtbot.wait(10)
    assert_about(sizes(window), before)
