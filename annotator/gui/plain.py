"""User text on screen is plain text, never markup (DESIGN section 9).

Titles, span text, notes, attribute values, annotator and file names come from files that
anyone may have written. Qt renders a QLabel, a tooltip or a message box as rich text as soon
as the text merely looks like HTML (``Qt.mightBeRichText``), so ``<img src=...>`` in a title
would load an image. Every widget that shows such text goes through this module: a label or
message box in PlainText format, or markup built with ``escape``. ``tests/test_plain_text_lint``
knows these names and flags any other way of putting non-constant text on screen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

PLAIN = Qt.TextFormat.PlainText


def escape(value: object) -> str:
    """``value`` as text that markup shows literally (for rich labels, tooltips, plots)."""
    return html.escape(str(value))


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` character for character, line breaks and runs of spaces
    included. Tooltips have no plain-text switch, so the text is escaped and wrapped in
    markup that Qt always takes for rich text."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(PLAIN)
    label.setText(text)
    return label


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box whose text is plain (QMessageBox's own statics guess the format)."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(PLAIN)
    box.setText(text)
    return box


def warning(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def information(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Information, title, text).exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Critical, title, text).exec()


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask yes or no; True for yes."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = message_box(parent, QMessageBox.Icon.Question, title, text, buttons)
    return box.exec() == QMessageBox.StandardButton.Yes


def progress_dialog(text: str, cancel: str, parent: QWidget | None) -> QProgressDialog:
    """A busy progress dialog whose label (``setLabelText``) is plain text."""
    dialog = QProgressDialog(parent)
    dialog.setLabel(plain_label(text))
    dialog.setCancelButtonText(cancel)
    dialog.setRange(0, 0)
    return dialog


__all__ = [
    "PLAIN",
    "critical",
    "escape",
    "information",
    "message_box",
    "plain_label",
    "progress_dialog",
    "question",
    "tooltip",
    "warning",
]
