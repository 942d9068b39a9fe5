"""User text is plain text (issue #8, item 7), checked on screen.

A native file whose title, doc_id, text, span text, note, text attributes and annotator name
all hold ``<img src=x><b>t</b>`` is imported; every view is opened and every span selected,
tooltips are hovered, and each time every widget is walked: a label, tooltip or item that
Qt would render as rich text must hold the payload only escaped, so that it shows literally.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSettings, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QMessageBox,
    QToolTip,
)

from annotator.core.text import text_sha256
from annotator.gui import crash
from annotator.gui.adjudication_view import AdjudicationView
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.plain import tooltip
from annotator.gui.session import Session
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes
from tests.helpers import native_header

PAYLOAD = "<img src=x><b>t</b>"
TEXT = f"{PAYLOAD} said that the army shelled the village.\nThe ministry denied it."
CLAIM = "the army shelled the village"
might_be_rich = QtGui.Qt.mightBeRichText  # Qt's own guess, as QLabel and QToolTip make it
# Qt renders these as markup when they are taken for rich text.
RAW_TAGS = ("<img", "<b>t</b>")


def _span(uid: str, label: str, quote: str, attributes: dict) -> dict:
    start = TEXT.index(quote)
    return {
        "id": uid,
        "label": label,
        "start": start,
        "end": start + len(quote),
        "text": quote,
        "attributes": attributes,
        "note": PAYLOAD,
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
    }


def _document(annotator: str, spans: list[dict], relations: list[dict]) -> dict:
    return {
        "kind": "document",
        "doc_id": PAYLOAD,
        "title": PAYLOAD,
        "text": TEXT,
        "text_sha256": text_sha256(TEXT),
        "meta": {"outlet": PAYLOAD},
        "annotator": annotator,
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": spans,
        "relations": relations,
    }


def write_payload_file(path: Path) -> Path:
    source = {"source_type": "media", "affiliation": PAYLOAD, "canonical_name": PAYLOAD}
    claim = {"claim_type": "event", "factuality": "asserted"}
    lines = [
        native_header(),
        _document(
            PAYLOAD,
            [_span("p1", "source", PAYLOAD, source), _span("p2", "claim", CLAIM, claim)],
            [{"id": "pr", "type": "attributed_to", "from_id": "p2", "to_id": "p1"}],
        ),
        # A second annotator who disagrees on the source's affiliation and misses the claim.
        _document("bob", [_span("b1", "source", PAYLOAD, {**source, "affiliation": "x"})], []),
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


class Screen:
    """Collects what the widgets show and fails on user markup that Qt would render."""

    def __init__(self) -> None:
        self.shown: dict[str, list[str]] = {}

    def check(self, where: str, text: str, text_format: Qt.TextFormat) -> None:
        if not text:
            return
        rich = text_format == Qt.TextFormat.RichText or (
            text_format == Qt.TextFormat.AutoText and might_be_rich(text)
        )
        if rich:
            assert not any(tag in text for tag in RAW_TAGS), f"{where} renders {text!r}"
            document = QTextDocument()
            document.setHtml(text)
            text = document.toPlainText()
        self.shown.setdefault(where, []).append(text)

    def walk(self) -> None:
        for widget in QApplication.allWidgets():
            name = widget.objectName() or type(widget).__name__
            if isinstance(widget, QLabel):
                self.check(name, widget.text(), widget.textFormat())
            self.check(f"{name} tooltip", widget.toolTip(), Qt.TextFormat.AutoText)
            if isinstance(widget, QComboBox):  # items are always plain: record them
                for i in range(widget.count()):
                    self.check(name, widget.itemText(i), Qt.TextFormat.PlainText)
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                self._walk_model(name, widget)
            if isinstance(widget, QGraphicsView) and widget.scene() is not None:
                for item in widget.scene().items():  # pyqtgraph labels hold HTML
                    if isinstance(item, QGraphicsTextItem):
                        self.check(f"{name} plot", item.toHtml(), Qt.TextFormat.RichText)

    def _walk_model(self, name: str, view: QAbstractItemView) -> None:
        model = view.model()
        for row in range(model.rowCount(QModelIndex())):
            # List models hide columnCount(); walk columns until the index runs out.
            for column in range(100):
                index = model.index(row, column)
                if not index.isValid():
                    break
                display = index.data(Qt.ItemDataRole.DisplayRole)
                self.check(name, "" if display is None else str(display), Qt.TextFormat.PlainText)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                self.check(f"{name} tooltip", tip or "", Qt.TextFormat.AutoText)

    def showing_payload(self) -> set[str]:
        return {where for where, texts in self.shown.items() if any(PAYLOAD in t for t in texts)}


def hover(widget, position: QPoint, screen: Screen) -> str:
    """Ask ``widget`` for its tooltip at ``position`` as a mouse rest would; return the text."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, position, widget.mapToGlobal(position))
    QApplication.sendEvent(widget, event)
    screen.walk()  # includes the tooltip's own label while it is up
    return QToolTip.text()


@pytest.fixture
def payload_window(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "<img src=x>.sqlite3")
    import_paths(store, [write_payload_file(tmp_path / "payload.annotations.jsonl")], actor="x")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, PAYLOAD), settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    store.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen docks and windows
def test_user_text_is_shown_as_plain_text_everywhere(
    qtbot, payload_window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    window = payload_window
    screen = Screen()
    session = window.session
    assert session.document is not None and session.document.title == PAYLOAD
    assert window.windowTitle().startswith(PAYLOAD)
    screen.walk()

    # Every span selected in turn; the span table, form, links and the article's tooltips.
    view = window.document_view
    for span in list(session.spans.values()):
        session.select_span(span.uid)
        settle()
        screen.walk()
        cursor = view.textCursor()
        cursor.setPosition(view.mapping.to_utf16(span.start + 1))
        shown = hover(view.viewport(), view.cursorRect(cursor).center(), screen)
        # The hover showed the tooltip listing the spans there, this one among them.
        assert shown == tooltip(view.describe_at(cursor.position()))
        assert tooltip(view.describe(span).split("\n")[0]).removesuffix("</p>") in shown
    for table in (window.span_table.view, window.document_list):
        hover(table.viewport(), table.visualRect(table.model().index(0, 1)).center(), screen)
        hover(table.viewport(), table.visualRect(table.model().index(0, 0)).center(), screen)

    # Dialogs: a refused change, a failed import naming the file, an unexpected error.
    def inspect(_box: QMessageBox) -> None:
        screen.walk()

    boxes = capture_message_boxes(monkeypatch, inspect=inspect)
    session.failed.emit(f"{PAYLOAD} is locked")
    bad = tmp_path / "<img src=x>.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00binary")
    job = window.import_paths([bad])
    assert job.dialog is not None
    job.dialog.show()
    with qtbot.waitSignal(job.progressed):  # the progress label names the file read
        pass
    screen.walk()
    qtbot.waitUntil(lambda: not job.running)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install()
    try:
        raise RuntimeError(PAYLOAD)
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(boxes) == 3 and all(PAYLOAD in text or "<img src=x>" in text for text in boxes)

    # The import's progress label named the file, as plain text.
    shown = [text for texts in screen.shown.values() for text in texts]
    assert "Read <img src=x>.txt" in shown

    export = ExportDialog(session.store, window)
    export.show()
    screen.walk()
    export.close()
    window.show_shortcuts()
    screen.walk()

    # Adjudication: the annotator called PAYLOAD against bob; decide, edit the gold span.
    window.open_adjudication()
    adjudication = window.adjudication
    assert isinstance(adjudication, AdjudicationView)
    for _ in adjudication.merged.conflicts:
        screen.walk()
        adjudication.accept(0)
    adjudication.edit_current()
    screen.walk()
    adjudication.close()

    # Statistics: annotator names in legends and axes of the plots.
    window.docks["stats"].show()
    window.docks["stats"].widget().rebuild()
    screen.walk()
    settle()  # the panels follow in the event loop's next pass

    window.grab().save(str(tmp_path / "payload-window.png"))
    showing = screen.showing_payload()
    for where in (
        "spanTitle",  # the span form
        "relationHint",  # the link hint label (was rendered as HTML)
        "relationItems",
        "documentList",
        "documentList tooltip",  # was rendered as HTML
        "spanTable tooltip",  # was rendered as HTML
        "qtooltip_label",  # a tooltip on screen
        "qt_msgbox_label",
        "conflictVariants",
        "adjudicationDocuments",
        "spans_per_labelPlot plot",  # annotator names in the legend (HTML)
        "done_per_dayPlot plot",
    ):
        assert any(w.startswith(where) for w in showing), (where, sorted(showing))


def test_tooltip_shows_its_text_character_for_character(qapp) -> None:
    for text in (PAYLOAD, "a  b\nc & d", "&lt;i&gt; not a tag", "‹›<>"):
        markup = tooltip(text)
        assert might_be_rich(markup)
        document = QTextDocument()
        document.setHtml(markup)
        assert document.toPlainText() == text
