"""Help > Annotation Guide: the schema's guidance and an example for every label, attribute
and link type (``core.guide``), filtered as you type, with the keyboard sheet beside it.

Everything shown comes from the schema, which anyone may have written, so the markup is
built here with every text escaped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.guide import Guide, GuideEntry, build_guide
from annotator.core.schema import LabelSchema
from annotator.gui.plain import escape, plain_label
from annotator.gui.shortcuts import shortcut_html

ENTRY_STYLE = (
    "h2 { margin-top: 14px; } h3 { margin: 8px 0 2px 0; } "
    "p.facts { color: palette(placeholder-text); margin: 0; } "
    "p.example { margin: 2px 0 0 12px; font-style: italic; }"
)


def _entry_html(entry: GuideEntry, colour: str) -> str:
    # A swatch in the label's colour: pale colours are unreadable as text.
    return (
        f"<a name='{escape(entry.anchor)}'></a><h3>"
        + (f"<span style='color:{escape(colour)}'>■</span> " if colour else "")
        + f"{escape(entry.title)}</h3><p class='facts'>{escape(' '.join(entry.facts))}</p>"
        + (f"<p>{escape(entry.guidance)}</p>" if entry.guidance else "")
        + (f"<p class='example'>Example: {escape(entry.example)}</p>" if entry.example else "")
    )


def guide_html(guide: Guide, colours: dict[str, str], query: str = "") -> str:
    """The guide as markup; ``colours`` maps a label section's title to its colour."""
    parts = [f"<style>{ENTRY_STYLE}</style><h1>{escape(guide.title)}</h1>"]
    if guide.description:
        parts.append(f"<p>{escape(guide.description)}</p>")
    if not guide.sections:
        parts.append(f"<p><i>Nothing in the guide matches “{escape(query)}”.</i></p>")
    for section in guide.sections:
        colour = colours.get(section.title, "")
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts.extend(
            _entry_html(entry, colour if entry.kind == "label" else "") for entry in section.entries
        )
    return "".join(parts)


def sheet_html(schema: LabelSchema) -> str:
    return shortcut_html(schema)  # escaped where it is built (gui/shortcuts.py)


class GuideDialog(QDialog):
    """The guide (left, filtered by the field above it) and the keyboard sheet (right)."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationGuide")
        self.setWindowTitle("Annotation guide")
        self.guide = build_guide(schema)
        self.schema_sha256 = schema.sha256
        self.colours = {f"{lab.name} (key {lab.key})": lab.color for lab in schema.labels}
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("guideFilter")
        self.filter_edit.setPlaceholderText("Search the guide: a label, field, value or word…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.show_matching)
        self.count = plain_label()
        self.count.setObjectName("guideCount")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)
        self.sheet = QTextBrowser()
        self.sheet.setObjectName("guideShortcuts")
        self.sheet.setHtml(sheet_html(schema))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.browser)
        splitter.addWidget(self.sheet)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1000, 700)
        self.show_matching("")

    def show_matching(self, query: str) -> None:
        shown = self.guide.filtered(query)
        self.browser.setHtml(guide_html(shown, self.colours, query))
        total = self.guide.entry_count
        self.count.setText(
            f"All {total} entries" if shown is self.guide else f"{shown.entry_count} of {total}"
        )


def show_guide(parent: QWidget, schema: LabelSchema, shown: GuideDialog | None) -> GuideDialog:
    """Open the guide, or bring ``shown`` (the one opened before) to the front if it is for
    the same schema. Not modal: it can stay open beside the window while annotating."""
    dialog = shown
    if dialog is None or dialog.schema_sha256 != schema.sha256:
        if dialog is not None:
            dialog.deleteLater()
        dialog = GuideDialog(schema, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.filter_edit.setFocus()
    dialog.filter_edit.selectAll()
    return dialog
