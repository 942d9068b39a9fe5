"""The keyboard sheet shown by Help > Keyboard Shortcuts (F1)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.schema import LabelSchema
from annotator.gui.plain import escape

GENERAL = [
    ("Shift+arrows, or drag", "select text in the article"),
    ("Tab / Shift+Tab", "move between the article, the form and the lists"),
    ("Delete", "remove the selected span (its links go with it), in the article or the table"),
    ("Alt+Left / Alt+Right", "move the selected span's end one word"),
    ("Alt+Shift+Left / Alt+Shift+Right", "move the selected span's start one word"),
    ("Esc", "deselect the span"),
    ("Ctrl+L", "link the selected span: choose type, Tab, choose target, Enter"),
    ("Tab / Shift+Tab (no span picked)", "walk the suggestions drawn dashed in the article"),
    ("Enter / X", "accept the suggestion (its attributes and links too) / reject it for good"),
    ("Shift+Enter", "accept every suggestion of that label in the document"),
    ("Right-click a span or row, Menu key", "relabel, delete, link, copy, find other occurrences"),
    ("Ctrl+Shift+C / Ctrl+Shift+F", "copy the span's text / find its other occurrences"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo any edit, from any field"),
    ("Ctrl+Enter", "mark the document done and open the next to-do document"),
    ("Ctrl+Page Down / Ctrl+Page Up", "next / previous document"),
    ("Ctrl+F, then Enter / Shift+Enter", "find in the article"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "zoom in / out / reset"),
    ("Ctrl+I", "import files"),
    ("Ctrl+E", "export (all formats, with splits)"),
    ("Ctrl+Shift+A", "adjudicate: N / P, 1–9 the lane as drawn, X reject, E edit, A unanimous"),
    ("Ctrl+Shift+T", "statistics plots"),
    ("F1", "this sheet"),
    ("Ctrl+F1", "the annotation guide: every label, attribute and link, with examples"),
]


def shortcut_html(schema: LabelSchema) -> str:
    rows = [
        f"<tr><td><b>{escape(label.key)}</b></td><td>create a <b>{escape(label.name)}</b> "
        "span from the selection, or relabel the selected span</td></tr>"
        for label in schema.labels
    ]
    rows += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in GENERAL]
    return (
        "<h3>Keyboard shortcuts</h3><table cellspacing='4'>" + "".join(rows) + "</table>"
        "<p>Every change is saved the moment you make it. In the span form, Alt plus the "
        "underlined letter jumps to a field.</p>"
    )


def show_shortcuts(parent: QWidget, schema: LabelSchema) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setObjectName("shortcutSheet")
    browser = QTextBrowser()
    browser.setHtml(shortcut_html(schema))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(560, 560)
    dialog.open()
