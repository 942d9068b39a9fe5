"""The article draws nesting, the selected span and its links; hovering lists every span.

Drawn shapes are checked through the same functions the view paints with (``underlines``,
``frame``, ``link_drawings``), on the real window after a real paint, and the paint itself
through grabbed pixels.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core import commands
from annotator.core.model import Span
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.gui.span_painter import (
    Geometry,
    LinkShown,
    anchor,
    frame,
    link_drawings,
    underlines,
)
from annotator.store import Store
from tests.helpers import new_document

COMPLETE = {  # filled so no warning adds red dashes to a line
    "location": {"feature_level": "district", "role": "event_site"},
    "source": {"source_type": "government", "affiliation": "Azerbaijan"},
}


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.load_samples()
    document = store.find_document("01-border-clash")
    assert document is not None
    win.document_list.select_document(document.id)
    return win


def add(window: MainWindow, quote: str, label: str, after: str = "") -> Span:
    session = window.session
    document = session.document
    assert document is not None
    start = document.text.index(quote, document.text.index(after) if after else 0)
    span = commands.make_span(
        document.text,
        document_id=document.id,
        annotator="alice",
        label=label,
        start=start,
        end=start + len(quote),
        schema=session.schema,
    )
    span = dataclasses.replace(span, attributes=COMPLETE.get(label, {}))
    assert session.run(commands.CreateSpan(span))
    return session.spans[span.uid]


def link(window: MainWindow, type_id: str, source: Span, target: Span) -> None:
    relation = commands.make_relation(window.session.schema, type_id, source, target)
    assert window.session.run(commands.CreateRelation(relation))


def painted(window: MainWindow) -> Geometry:
    view = window.document_view
    view.viewport().repaint()
    return Geometry(view)


def u16(window: MainWindow, offset: int) -> int:
    return window.document_view.mapping.to_utf16(offset)


def test_a_span_inside_another_has_its_own_line_below_the_outer_one(window) -> None:
    outer = add(window, "Kalbajar district", "location")
    inner = add(window, "Kalbajar", "location")
    highlighter = window.document_view.highlighter
    assert (highlighter.lane_of(outer.uid), highlighter.lane_of(inner.uid)) == (0, 1)

    lines = {line.uid: line for line in underlines(painted(window), highlighter)}
    outer_line, inner_line = lines[outer.uid].rect, lines[inner.uid].rect
    assert inner_line.top() > outer_line.bottom()  # stacked, not drawn over each other
    assert outer_line.left() <= inner_line.left() and inner_line.right() < outer_line.right()
    assert lines[inner.uid].colour == highlighter.colour("location")
    assert not lines[inner.uid].warning

    # The nested stretch is filled darker than the outer span alone.
    def alpha_at(offset: int) -> int:
        position = u16(window, offset)
        (fill,) = highlighter.fills(position, position + 1)
        return fill.colour.alpha()

    assert alpha_at(inner.start) > alpha_at(outer.end - 1)

    # Removing the outer span moves the inner one up to the first lane.
    assert window.session.run(commands.DeleteSpan(outer.uid, version=outer.version))
    assert highlighter.lane_of(inner.uid) == 0


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_hovering_lists_every_span_at_that_point_innermost_first(window) -> None:
    outer = add(window, "Kalbajar district", "location")
    add(window, "Kalbajar", "location")
    view = window.document_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(window, outer.start + 2))
    point = view.cursorRect(cursor).center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    shown = QToolTip.text()
    inner_at = shown.index("Location (4): “Kalbajar”")
    outer_at = shown.index("Location (4): “Kalbajar district”")
    assert inner_at < outer_at
    assert "Feature level: District" in shown  # attributes with their display names
    # Past the inner span only the outer one is listed.
    after = view.describe_at(u16(window, outer.end - 2))
    assert after.startswith("Location (4): “Kalbajar district”") and "“Kalbajar”" not in after


def test_the_selected_span_is_framed_not_highlighted_like_a_text_selection(window) -> None:
    claim = add(window, "the ceasefire is holding", "claim")
    view = window.document_view
    highlighter = view.highlighter
    geometry = painted(window)
    assert frame(geometry, highlighter, "") == []
    before = view.viewport().grab().toImage()

    window.session.select_span(claim.uid)
    geometry = painted(window)
    (box,) = frame(geometry, highlighter, claim.uid)
    (piece,) = geometry.fragments(u16(window, claim.start), u16(window, claim.end))
    assert box.contains(piece.rect.center()) and box.width() > piece.rect.width()
    assert view.extraSelections() == []  # no selection-like fill over the span
    after = view.viewport().grab().toImage()
    ratio = after.width() / view.viewport().width()
    edge = QPoint(round(box.left() * ratio), round(box.center().y() * ratio))
    assert after.pixelColor(edge) != before.pixelColor(edge)  # the frame was drawn there

    # A plain text selection draws no frame.
    window.session.select_span("")
    cursor = view.textCursor()
    cursor.setPosition(u16(window, claim.start))
    cursor.setPosition(u16(window, claim.end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert frame(painted(window), highlighter, window.session.selected_uid) == []


def test_the_links_of_the_selected_span_are_drawn_between_the_spans(window) -> None:
    source = add(window, "Azerbaijan's defence ministry", "source")
    claim = add(window, "accused Armenian forces of shelling", "claim")
    place = add(window, "Kalbajar district", "location")
    link(window, "attributed_to", claim, source)
    link(window, "located_at", claim, place)
    view = window.document_view
    window.session.select_span(claim.uid)
    assert sorted(view.links, key=lambda shown: shown.name) == [
        LinkShown("attributed to", source.uid, "Source “Azerbaijan's defence ministry”", True),
        LinkShown("located at", place.uid, "Location “Kalbajar district”", True),
    ]
    geometry = painted(window)
    drawn = {
        d.text: d.path for d in link_drawings(geometry, view.highlighter, claim.uid, view.links)
    }
    assert set(drawn) == {"attributed to", "located at"}
    path = drawn["attributed to"]
    source_top = anchor(geometry, u16(window, source.start), u16(window, source.end))
    assert source_top is not None
    # It leaves the claim and ends (arrow) at the top of its source.
    start = path.pointAtPercent(0.0)
    claim_pieces = geometry.fragments(u16(window, claim.start), u16(window, claim.end))
    assert any(
        piece.rect.left() <= start.x() <= piece.rect.right() and piece.rect.top() == start.y()
        for piece in claim_pieces
    )
    assert path.pointAtPercent(1.0) == source_top
    assert path.boundingRect().top() < min(start.y(), source_top.y())  # an arc above the text
    # The link list says the same in words, with span texts.
    settle()  # the list follows in the event loop's next pass
    items = window.relation_list.list
    texts = sorted(items.item(i).text() for i in range(items.count()))
    assert texts == [
        "→ attributed to Source “Azerbaijan's defence ministry”",
        "→ located at Location “Kalbajar district”",
    ]
    # Selecting the source shows the same link, pointing at it.
    window.session.select_span(source.uid)
    (shown,) = view.links
    assert (shown.other_uid, shown.outgoing) == (claim.uid, False)
    window.session.select_span("")
    assert view.links == []


def test_a_link_to_a_span_out_of_view_points_to_the_edge_and_names_it(
    qtbot, window, store: Store
) -> None:
    text = "Officials in Baku said so.\n\n" + "Filler paragraph.\n\n" * 300 + "Baku officials."
    store.import_documents([new_document(text, "long")], actor="t", source="t")
    window.session.notify_reloaded()
    document = store.find_document("long")
    window.document_list.select_document(document.id)
    claim = add(window, "said so", "claim")
    source = add(window, "Baku officials", "source")
    link(window, "attributed_to", claim, source)
    view = window.document_view
    window.session.select_span(claim.uid)
    geometry = painted(window)
    assert anchor(geometry, u16(window, source.start), u16(window, source.end)) is None
    (drawn,) = link_drawings(geometry, view.highlighter, claim.uid, view.links)
    assert drawn.text == "attributed to ↓ Source “Baku officials”"
    assert drawn.path.pointAtPercent(1.0).y() == geometry.height  # to the bottom edge


def test_only_blocks_in_view_are_measured_and_the_rest_when_scrolled_to(window, store) -> None:
    paragraphs = [f"Paragraph {i} says shelling hit Sotk." for i in range(400)]
    store.import_documents([new_document("\n".join(paragraphs), "many")], actor="t", source="t")
    window.session.notify_reloaded()
    window.document_list.select_document(store.find_document("many").id)
    near = add(window, "Paragraph 1 says", "claim")
    far = add(window, "Paragraph 390 says", "claim")
    view = window.document_view
    highlighter = view.highlighter
    painted(window)
    first = view.document().findBlock(u16(window, near.start))
    last = view.document().findBlock(u16(window, far.start))
    assert highlighter.is_measured(first.position())
    assert not highlighter.is_measured(last.position())  # not shown yet, so not measured
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    geometry = painted(window)
    assert highlighter.is_measured(last.position())
    ((rect, colour),) = highlighter.pieces(last.position(), last.length(), last.layout()).fills
    assert colour.alpha() > 0
    (line,) = [u for u in underlines(geometry, highlighter) if u.uid == far.uid]
    assert rect.left() < line.rect.left() < line.rect.right() < rect.right()

    # A new span measures its block again; the other blocks keep their pieces.
    add(window, "Paragraph 391 says", "source")
    assert not highlighter.is_measured(last.next().position())
    assert highlighter.is_measured(last.position())


def test_lines_and_fills_follow_the_text_after_a_zoom_and_a_resize(window) -> None:
    claim = add(window, "firefight near Sotk", "claim")
    view = window.document_view
    highlighter = view.highlighter

    def drawn_where_the_text_is() -> None:
        geometry = painted(window)
        start, end = highlighter.range_of(claim.uid)[:2]
        (piece,) = geometry.fragments(start, end)
        (line,) = [u for u in underlines(geometry, highlighter) if u.uid == claim.uid]
        assert line.rect.left() == piece.rect.left() + 1
        assert line.rect.right() == piece.rect.right() - 1
        assert piece.baseline < line.rect.top() < piece.rect.bottom()

    drawn_where_the_text_is()
    view.zoom(4)
    drawn_where_the_text_is()
    window.resize(700, 800)
    drawn_where_the_text_is()
