"""One selection everywhere: the article, the span table, the form and the links always show
the same span, through edits, re-sorting, deletes, undo and other windows' changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from annotator.core import commands
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.gui.span_painter import Geometry, frame
from tests.gui.test_annotation_window import open_doc, select_by_keyboard


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def label_span(qtbot, window: MainWindow, quote: str, key: Qt.Key) -> str:
    select_by_keyboard(qtbot, window, quote)
    qtbot.keyClick(window.document_view, key)
    settle()  # the panels follow in the event loop's next pass
    return window.session.selected_uid


def table_rows(window: MainWindow) -> list[str]:
    """The spans whose rows the table highlights."""
    rows = window.span_table.view.selectionModel().selectedRows()
    return [window.span_table.model.uid_at(index.row()) for index in rows]


def assert_everywhere(window: MainWindow, uid: str) -> None:
    """Every view shows ``uid`` as the selected span ("" for none), once the panels have
    followed (the event loop's next pass, or the next key or click)."""
    settle()
    session = window.session
    assert session.selected_uid == uid
    assert table_rows(window) == ([uid] if uid else [])
    view = window.document_view
    span = session.spans.get(uid)
    if span is None:
        assert window.span_form.empty.isVisibleTo(window.span_form)
        assert not window.relation_list.type_combo.isEnabled()
        return
    assert window.span_form.title.text().endswith(f"“{span.text}”")
    assert window.relation_list.hint.text().startswith("Links of")
    # The article frames it (in view: a span picked elsewhere is scrolled to).
    view.viewport().repaint()
    geometry = Geometry(view)
    boxes = frame(geometry, view.highlighter, uid)
    pieces = geometry.fragments(view.mapping.to_utf16(span.start), view.mapping.to_utf16(span.end))
    assert boxes and len(boxes) == len(pieces)


def test_editing_the_selected_span_keeps_its_row_highlighted(qtbot, window) -> None:
    """The reported bug: the table highlighted another span than the form's after an edit
    (the edited row was removed and re-inserted, and the view moved to its neighbour)."""
    open_doc(window, "02-war-toll")
    figure = label_span(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    text = window.session.document.text
    label_span(qtbot, window, text[: text.index(" ", 30)], Qt.Key.Key_1)
    window.span_table.view.setFocus()
    window.session.select_span(figure)
    assert_everywhere(window, figure)

    low = window.span_form.findChild(QLineEdit, "field_low")
    low.setText("6600")
    low.editingFinished.emit()
    assert window.session.store.span(figure).attributes["low"] == 6600
    assert_everywhere(window, figure)

    # An edit that moves the row (sorted by end, the edge moves past the claim's end).
    window.span_table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by label
    assert_everywhere(window, figure)
    qtbot.keyClick(window.span_table.view, Qt.Key.Key_1)  # relabel: the row moves to the top
    assert window.session.store.span(figure).label == "claim"
    assert_everywhere(window, figure)
    window.undo_action.trigger()
    assert_everywhere(window, figure)


def test_arrow_keys_and_clicks_in_the_table_move_every_view(qtbot, window) -> None:
    open_doc(window, "03-ceasefire-talks")
    outer = label_span(qtbot, window, "Gegharkunik (Գեղարքունիք) province", Qt.Key.Key_4)
    inner = label_span(qtbot, window, "Գեղարքունիք", Qt.Key.Key_4)
    table = window.span_table.view
    # Sorted by start, the outer span (same start... earlier) comes first.
    model = window.span_table.model
    assert [model.uid_at(0), model.uid_at(1)] == [outer, inner]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert_everywhere(window, outer)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert_everywhere(window, inner)
    rect = table.visualRect(model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert_everywhere(window, outer)


def test_the_link_list_and_the_article_move_every_view(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    source = label_span(qtbot, window, "Azerbaijan's defence ministry", Qt.Key.Key_2)
    claim = label_span(
        qtbot, window, "the ceasefire is holding along the Gegharkunik section", Qt.Key.Key_1
    )
    session = window.session
    relation = commands.make_relation(
        session.schema, "attributed_to", session.spans[claim], session.spans[source]
    )
    session.run(commands.CreateRelation(relation, text="Link"))
    assert_everywhere(window, claim)
    links = window.relation_list.list
    assert links.count() == 1
    links.setFocus()
    links.setCurrentRow(0)
    qtbot.keyClick(links, Qt.Key.Key_Return)  # activates the item: jump to the source
    assert_everywhere(window, source)
    # A click on the claim in the article selects it everywhere again.
    view = window.document_view
    span = session.spans[claim]
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_utf16(span.start + 3))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert_everywhere(window, claim)


def test_deleting_undoing_and_other_windows_leave_no_stale_row(qtbot, window) -> None:
    open_doc(window, "02-war-toll")
    figure = label_span(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    text = window.session.document.text
    claim = label_span(qtbot, window, text[: text.index(" ", 30)], Qt.Key.Key_1)
    window.session.select_span(figure)
    table = window.span_table.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.session.store.find_span(figure) is None
    assert_everywhere(window, "")  # not the neighbouring claim
    window.undo_action.trigger()
    assert window.session.store.find_span(figure) is not None
    assert_everywhere(window, "")
    window.session.select_span(claim)
    assert_everywhere(window, claim)

    # Another window on the same database deletes the selected span.
    other = Session(window.session.store, "alice")
    other.open_document(window.session.document.id)
    span = other.spans[claim]
    other.run(commands.DeleteSpan(span.uid, text="Delete", version=span.version))
    assert claim not in window.session.spans
    assert_everywhere(window, "")
    # ... and changes the figure the user then selects.
    window.session.select_span(figure)
    before = other.spans[figure]
    other.run(commands.UpdateSpan(before, commands.relabelled(before, other.schema, "claim")))
    assert_everywhere(window, figure)


def test_a_span_selected_in_the_table_is_scrolled_into_the_article(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    text = window.session.document.text
    first = label_span(qtbot, window, text.split("\n")[0], Qt.Key.Key_1)
    last_line = text.rstrip().split("\n")[-1]
    last = label_span(qtbot, window, last_line[: last_line.index(" ", 20)], Qt.Key.Key_1)
    view = window.document_view
    view.zoom(12)  # the article no longer fits: only part of it is in view

    def in_view(uid: str) -> bool:
        span = window.session.spans[uid]
        cursor = view.textCursor()
        cursor.setPosition(view.mapping.to_utf16(span.start))
        return view.viewport().rect().contains(view.cursorRect(cursor))

    table = window.span_table.view
    table.setFocus()
    for uid in (first, last, first):
        row = window.span_table.model.row_of(uid)
        rect = table.visualRect(window.span_table.model.index(row, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.session.selected_uid == uid
        assert in_view(uid)
    assert not in_view(last)
