"""The article view (``documentView``): plain text, read-only, spans painted by label colour.

Keyboard first: select text (Shift+arrows or the mouse) and press a label's key to create a
span; with no text selected the key relabels the selected span. Delete removes it and
Alt+arrows move its edges. Clicking a span selects it (the innermost one where spans nest).

QPlainTextEdit met the speed targets in a probe; the span fills are painted under its text
from pieces measured once per block (``highlighter``), not set as character formats, which
made Qt lay a block out again on every edit. Code points are converted to Qt's UTF-16 units
only through ``Utf16Map``.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from annotator.core import commands
from annotator.core.checks import labels_needing_links
from annotator.core.model import Span, Status
from annotator.core.names import find_attribute, value_name
from annotator.core.selection import next_word_edge, snap_to_words, trim
from annotator.core.text import Utf16Map
from annotator.errors import UserError
from annotator.gui.highlighter import Range, SpanHighlighter
from annotator.gui.labels import (
    find_label,
    label_name,
    relation_name,
    unknown_attribute,
    unknown_label,
)
from annotator.gui.plain import tooltip
from annotator.gui.session import Changes, Session
from annotator.gui.span_painter import (
    Geometry,
    LinkShown,
    paint_fills,
    paint_links,
    paint_spans,
)


class Overlay(Protocol):
    """What the view asks of a layer drawn over the article (the suggestions). A protocol,
    not the layer's class, because the layer reads the view: neither module imports the other."""

    def active(self) -> bool: ...

    def paint(self, painter: QPainter, geometry: Geometry, stretch: tuple[int, int]) -> None: ...

    def describe_at(self, u16_position: int) -> str: ...


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DocumentView(QPlainTextEdit):
    """Emits ``message(str)`` for short feedback (shown in the status bar)."""

    message = Signal(str)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.setObjectName("documentView")
        self.setAccessibleName("documentView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        # Keyboard selection (Shift+arrows) is how annotators select without a mouse.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.highlighter = SpanHighlighter(self.document(), self.schema)
        self.mapping = Utf16Map.of("")
        self.snap_to_words = True
        self.labelling_enabled = True  # the adjudication view uses its keys for decisions
        self.zoom_steps = 0
        self.links: list[LinkShown] = []  # of the selected span, as drawn
        self.setPlaceholderText("Pick a document on the left.")
        session.documentOpened.connect(self._show_document)
        session.changed.connect(self._on_changed)
        session.spanSelected.connect(self._show_selection)
        session.spanSelected.connect(self._reveal)
        # Right-click on a span (or the Menu key): the window's span menu at that point.
        self.span_menu: Callable[[QPoint], None] | None = None
        self.suggestion_layer: Overlay | None = None  # the window's suggestions

    # ---- showing -------------------------------------------------------------------------

    def _range(self, span: Span) -> Range:
        return (
            self.mapping.to_utf16(span.start),
            self.mapping.to_utf16(span.end),
            span.label,
            span.uid,
        )

    def _show_document(self, _document_id: int) -> None:
        document = self.session.document
        assert document is not None
        self.mapping = Utf16Map.of(document.text)
        spans = self.session.spans.values()
        # Utf16Map.to_utf16 inlined: 10,000 calls of it were a tenth of the time to open.
        astral = self.mapping.astral_cp
        if not astral:  # no character outside the BMP: the offsets are the same
            ranges = [(s.start, s.end, s.label, s.uid) for s in spans]
        else:
            shift = bisect_left
            ranges = [
                (s.start + shift(astral, s.start), s.end + shift(astral, s.end), s.label, s.uid)
                for s in spans
            ]
        self.highlighter.reset(ranges, set(self.session.warnings))
        self.links = []
        self.setPlainText(document.text)  # blocks are measured as they are painted

    def _on_changed(self, changes: Changes) -> None:
        document = self.session.document
        if document is None or changes.document_id != document.id:
            return
        touched = set(changes.spans)
        if changes.relations:
            # The session rechecked every span whose label needs a link; repaint those whose
            # flag changed.
            needing = labels_needing_links(self.session.schema)
            touched |= {
                uid
                for uid, span in self.session.spans.items()
                if span.label in needing
                and self.highlighter.is_flagged(uid) != (uid in self.session.warnings)
            }
        dirty: list[tuple[int, int]] = []
        for uid in touched:
            span = self.session.spans.get(uid)
            new = self._range(span) if span is not None else None
            dirty += self.highlighter.update_range(uid, new, uid in self.session.warnings)
        self.highlighter.forget(dirty)
        selected = self.session.selected_uid
        drawn = {selected} | {link.other_uid for link in self.links}
        if changes.relations or not drawn.isdisjoint(changes.spans):
            self.links = self.links_of(selected)
        self.viewport().update()

    def _show_selection(self, uid: str) -> None:
        """The frame and the links are drawn in ``paintEvent``; here they are looked up."""
        self.links = self.links_of(uid)
        self.viewport().update()

    def links_of(self, uid: str) -> list[LinkShown]:
        """The links of a span with readable names and texts, as the view draws them."""
        shown: list[LinkShown] = []
        if not uid:
            return shown
        for relation in self.session.relations.values():
            if uid not in (relation.from_uid, relation.to_uid):
                continue
            outgoing = relation.from_uid == uid
            other = self.session.spans.get(relation.to_uid if outgoing else relation.from_uid)
            if other is None:
                continue
            text = f"{label_name(self.schema, other.label)} “{short(other.text)}”"
            name = relation_name(self.schema, relation.type)
            shown.append(LinkShown(name, other.uid, text, outgoing))
        return shown

    def paintEvent(self, event) -> None:
        layer = self.suggestion_layer
        if not self.highlighter.index and (layer is None or not layer.active()):
            super().paintEvent(event)
            return
        self.highlighter.rewrapped(self.viewport().width(), self.font().key())
        geometry = Geometry(self)
        # Only the spans in the repainted stretch (a blinking caret repaints a few pixels).
        area = event.rect()
        stretch = (
            self.cursorForPosition(area.topLeft()).position(),
            self.cursorForPosition(area.bottomRight()).position() + 1,
        )
        selected = self.session.selected_uid
        painter = QPainter(self.viewport())
        try:
            paint_fills(painter, geometry, self.highlighter, stretch)
        finally:
            painter.end()
        super().paintEvent(event)  # the text, over the fills
        painter = QPainter(self.viewport())
        try:
            if layer is not None:
                layer.paint(painter, geometry, stretch)
            paint_spans(painter, geometry, self.highlighter, selected, stretch)
            paint_links(painter, geometry, self.highlighter, selected, self.links)
        finally:
            painter.end()

    def _reveal(self, uid: str) -> None:
        """Scroll a span selected elsewhere (the table, the links) into view."""
        found = self.highlighter.range_of(uid) if uid else None
        if found is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(found[0])
        if self.viewport().rect().contains(self.cursorRect(cursor)):
            return
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # ---- positions -----------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in code points, trimmed (and snapped when snapping is on)."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.session.document is None:
            return None
        text = self.session.document.text
        start = self.mapping.to_code_point(cursor.selectionStart())
        end = self.mapping.to_code_point(cursor.selectionEnd())
        start, end = (
            snap_to_words(text, start, end) if self.snap_to_words else trim(text, start, end)
        )
        return (start, end) if start < end else None

    def span_at(self, u16_position: int) -> str:
        covering = self.highlighter.covering(u16_position)
        return covering[0][3] if covering else ""

    # ---- editing -------------------------------------------------------------------------

    def create_or_relabel(self, label_id: str) -> None:
        session = self.session
        document = session.document
        if document is None:
            return
        selected = self.selected_range()
        try:
            if selected is not None:
                span = commands.make_span(
                    document.text,
                    document_id=document.id,
                    annotator=session.annotator,
                    label=label_id,
                    start=selected[0],
                    end=selected[1],
                    schema=self.schema,
                )
                # What the words say (a casualty figure's outcome, victims, bounds): core's,
                # imported at the first label rather than at start-up.
                from annotator.core.casualty_prefill import prefill

                filled = prefill(self.schema, label_id, document.text, span.start, span.end)
                span = dataclasses.replace(span, attributes=filled)
                create = commands.CreateSpan(span, text=f"Create {label_id}")
                if session.status is Status.TODO:
                    # The first span starts the document; undo takes both back.
                    start_work = commands.SetStatus(
                        document.id, session.annotator, Status.IN_PROGRESS, seen=session.status
                    )
                    session.run_many(create.text, [create, start_work])
                else:
                    session.run(create)
                if span.uid not in session.spans:
                    return  # refused (the session reported why); keep the selection
                session.select_span(span.uid)
                cursor = self.textCursor()
                cursor.setPosition(cursor.selectionEnd())
                self.setTextCursor(cursor)
                self.message.emit(f"{self.schema.label(label_id).name}: {span.text}")
            elif session.selected_span is not None:
                before = session.selected_span
                if before.label == label_id:
                    return
                after = commands.relabelled(before, self.schema, label_id)
                session.run(commands.UpdateSpan(before, after, text=f"Relabel as {label_id}"))
            else:
                self.message.emit("Select some text first, then press the label's key.")
        except UserError as exc:
            self.message.emit(str(exc))

    def delete_selected(self) -> None:
        span = self.session.selected_span
        if span is not None:
            self.session.run(
                commands.DeleteSpan(span.uid, text=f"Delete {span.label}", version=span.version)
            )

    def move_edge(self, edge: str, direction: int) -> None:
        """Move the selected span's start or end one word (or character) left or right."""
        span = self.session.selected_span
        document = self.session.document
        if span is None or document is None:
            return
        text = document.text
        position = span.start if edge == "start" else span.end
        if self.snap_to_words:
            moved = next_word_edge(text, position, direction)
        else:
            moved = max(0, min(len(text), position + direction))
        start, end = (moved, span.end) if edge == "start" else (span.start, moved)
        start, end = trim(text, start, end)
        if start >= end or (start, end) == (span.start, span.end):
            return
        after = commands.with_edges(span, text, start, end)
        self.session.run(commands.UpdateSpan(span, after, text="Move span edge"))

    # ---- events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.labelling_enabled:
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers()
        alt = Qt.KeyboardModifier.AltModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if modifiers & alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            direction = -1 if key == Qt.Key.Key_Left else 1
            self.move_edge("start" if modifiers & shift else "end", direction)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers & ~shift:
            self.delete_selected()
            return
        if key == Qt.Key.Key_Escape:
            self.session.select_span("")
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            return
        typed = event.text()
        if typed and not modifiers & ~(shift | Qt.KeyboardModifier.KeypadModifier):
            label = self.schema.label_for_key(typed)
            if label is not None:
                self.create_or_relabel(label.id)
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.span_menu is None or not self.labelling_enabled:
            super().contextMenuEvent(event)
            return
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            uid = self.session.selected_uid
            found = self.highlighter.range_of(uid) if uid else None
            cursor = QTextCursor(self.document())
            cursor.setPosition(found[0] if found is not None else 0)
            at = self.viewport().mapToGlobal(self.cursorRect(cursor).bottomLeft())
        else:
            uid = self.span_at(self.cursorForPosition(event.pos()).position())
            at = event.globalPos()
        if not uid:
            super().contextMenuEvent(event)
            return
        # The menu acts on the selected span: a text selection would make 1–4 create one.
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.session.select_span(uid)
        self.span_menu(at)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.session.select_span(self.span_at(position))

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            at = event.globalPos()
            position = self.cursorForPosition(self.viewport().mapFromGlobal(at))
            text = self.describe_at(position.position())
            if not text:
                QToolTip.hideText()
            else:
                QToolTip.showText(at, tooltip(text), self)
            return True
        return super().event(event)

    def describe_at(self, u16_position: int) -> str:
        """Every span at a position, innermost first: label and text, then its attributes
        and warnings indented (plain text); "" where there is none."""
        entries = []
        for _start, _end, _label, uid in self.highlighter.covering(u16_position):
            span = self.session.spans.get(uid)
            if span is None:
                continue
            first, *rest = self.describe(span).split("\n")
            indented = (f"   {line}" for line in rest)
            entries.append("\n".join([f"{first}: “{short(span.text)}”", *indented]))
        if self.suggestion_layer is not None:
            entries.append(self.suggestion_layer.describe_at(u16_position))
        return "\n".join(entry for entry in entries if entry)

    def describe(self, span: Span) -> str:
        """The span's label, filled attributes and warnings, one per line (plain text)."""
        label = find_label(self.schema, span.label)
        parts = [f"{label.name} ({label.key})" if label is not None else unknown_label(span.label)]
        for attribute in label.attributes if label is not None else ():
            value = span.attributes.get(attribute.id)
            if value not in (None, ""):
                parts.append(f"{attribute.name}: {value_name(attribute, value)}")
        for key, value in span.attributes.items():
            if find_attribute(label, key) is None:
                parts.append(f"{unknown_attribute(key)}: {value}")
        parts.extend(f"⚠ {w}" for w in self.session.warnings.get(span.uid, []))
        return "\n".join(parts)

    # ---- zoom ----------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        elif steps < 0:
            self.zoomOut(-steps)
        self.zoom_steps += steps
