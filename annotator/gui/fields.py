"""The span form's field widgets: one per attribute type, loading a stored value and reading
back what the user typed.

A field never changes a value behind the user's back: a value it cannot hold exactly is shown
as stored, and reading a field the user left untouched gives ``UNCHANGED``. What does not fit
the attribute (wrong type, outside the schema's bounds, a whole number beyond 64 bits) raises
``Refused`` with the reason, and nothing is written. Integers use a line edit, not QSpinBox:
a spin box holds 32 bits, and QDoubleSpinBox loses whole numbers beyond 2**53.
"""

from __future__ import annotations

import enum
import json
import re

from PySide6.QtCore import QRegularExpression, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from annotator.core.model import AttributeValue
from annotator.core.names import value_name
from annotator.core.schema import AttributeDef, integer_range, value_problem
from annotator.gui.labels import UNKNOWN_COLOUR
from annotator.gui.no_wheel import guard_wheel

EMPTY = "—"


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"  # the user left the field as it was loaded


UNCHANGED = Unchanged.UNCHANGED
_LOADED = "loadedText"  # property: the text a line edit showed after loading
_UNKNOWN_ROLE = Qt.ItemDataRole.UserRole + 1  # marks a combo item for a value not in the schema
# What may be typed into a whole-number field: a sign, digits, and group separators.
_WHOLE_TYPING = QRegularExpression(r"\s*[+\-−]?[0-9,_'\s\x{00a0}\x{202f}]*")
_SEPARATORS = re.compile(r"[\s,_'\u00a0\u202f]")
_MAX_DIGITS = 4000  # int() refuses longer digit strings; any such number is far beyond 64 bits


class Refused(Exception):
    """A typed value the attribute cannot hold; the message says why."""


class WholeNumberEdit(QLineEdit):
    """A whole number of any size the attribute allows, shown with group separators."""

    def __init__(self, attribute: AttributeDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high = integer_range(attribute)
        self.setValidator(QRegularExpressionValidator(_WHOLE_TYPING, self))
        self.setPlaceholderText(EMPTY)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def make_field(attribute: AttributeDef) -> QWidget:
    """An empty widget for ``attribute`` (its signals are connected by the form)."""
    if attribute.type == "enum":
        combo = QComboBox()
        guard_wheel(combo)
        combo.addItem(EMPTY, None)
        for value in attribute.values:
            combo.addItem(value_name(attribute, value), value)
        return combo
    if attribute.type == "integer":
        return WholeNumberEdit(attribute)
    if attribute.type == "boolean":
        return QCheckBox()
    edit = QLineEdit()
    if attribute.type == "number":
        edit.setPlaceholderText(EMPTY)
    return edit


def show_value(value: object, *, grouped: bool = True) -> str:
    """A stored value as text: strings as they are, numbers exactly (whole ones grouped in
    thousands unless ``grouped`` is false), the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return f"{value:,}" if grouped else str(value)
        except ValueError:  # more digits than Python will print
            return f"(a whole number of {value.bit_length()} bits)"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    return json.dumps(value, ensure_ascii=False)


def read_only_field() -> QLineEdit:
    """For a value the schema does not describe: shown as stored, selectable, not editable."""
    edit = QLineEdit()
    edit.setReadOnly(True)
    edit.setStyleSheet("background: palette(window);")  # plainly not an input
    return edit


def load(widget: QWidget, value: AttributeValue) -> None:
    """Show a stored value, without emitting the widget's signals."""
    with QSignalBlocker(widget):
        if isinstance(widget, QComboBox):
            _load_choice(widget, value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value is True)
        elif isinstance(widget, QLineEdit):
            # Only whole-number fields group digits: "6,500" in a number field would read back
            # as 6.5 (a decimal comma).
            text = show_value(value, grouped=isinstance(widget, WholeNumberEdit))
            widget.setText(text)
            widget.setCursorPosition(0)
            widget.setProperty(_LOADED, text)


def _load_choice(combo: QComboBox, value: AttributeValue) -> None:
    for index in reversed(range(combo.count())):
        if combo.itemData(index, _UNKNOWN_ROLE):
            combo.removeItem(index)
    index = combo.findData(value) if value is not None else 0
    if index < 0:
        # A value the schema does not list is shown as stored, and kept unless changed.
        combo.addItem(f"{show_value(value)} (not in the schema)", value)
        index = combo.count() - 1
        combo.setItemData(index, True, _UNKNOWN_ROLE)
        combo.setItemData(index, QColor(UNKNOWN_COLOUR), Qt.ItemDataRole.ForegroundRole)
    combo.setCurrentIndex(index)


def read(widget: QWidget, attribute: AttributeDef) -> AttributeValue | Unchanged:
    """The value the field now holds, ``UNCHANGED``, or ``Refused``."""
    if isinstance(widget, QComboBox):
        if widget.currentData(_UNKNOWN_ROLE):
            return UNCHANGED  # the stored value the schema does not list, picked again
        value = widget.currentData()
    elif isinstance(widget, QCheckBox):
        value = widget.isChecked()
    elif isinstance(widget, QLineEdit):
        if widget.text() == widget.property(_LOADED):
            return UNCHANGED
        value = _parse(widget.text(), attribute)
    else:
        raise TypeError(f"not a field widget: {widget!r}")
    problem = value_problem(attribute, value)
    if problem is not None:
        raise Refused(problem)
    return value


def _parse(text: str, attribute: AttributeDef) -> AttributeValue:
    text = text.strip()
    if not text:
        return None
    if attribute.type == "integer":
        digits = _SEPARATORS.sub("", text).replace("−", "-")
        if not re.fullmatch(r"[+-]?[0-9]+", digits):
            raise Refused(f"{text!r} is not a whole number")
        if len(digits) > _MAX_DIGITS:
            raise Refused(f"a number of {len(digits)} digits does not fit a 64-bit whole number")
        return int(digits)
    if attribute.type == "number":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise Refused(f"{text!r} is not a number") from None
    return text
