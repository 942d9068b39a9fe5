"""The span form (``spanForm``): widgets generated from the label schema for the selected span.

enum -> combo box (type a letter to pick), integer -> spin box ("—" is empty), number -> line
edit, text -> line edit completing from values used before, boolean -> check box, plus the
note. Every committed field is one undoable command.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core import commands
from annotator.core.model import AttributeValue, Span
from annotator.core.schema import AttributeDef
from annotator.gui.session import Changes, Session

EMPTY = "—"
INT_EMPTY = -1


class SpanForm(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.setObjectName("spanForm")
        self.setAccessibleName("spanForm")
        self.fields: dict[str, QWidget] = {}
        self._span: Span | None = None
        self._label_shown: str | None = None

        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setObjectName("guidance")
        self.guidance.setStyleSheet("color: palette(placeholder-text);")
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelCombo")
        for label in self.schema.labels:
            self.label_combo.addItem(f"{label.key}  {label.name}", label.id)
        self.label_combo.activated.connect(self._relabel)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("Free-text note")
        self.note.editingFinished.connect(self._commit_note)
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #c62828;")
        self.empty = QLabel("Select a span to edit it, or select text and press 1–4.")
        self.empty.setWordWrap(True)
        for widget in (self.empty, self.title, self.label_combo, self.guidance, self.form_host):
            layout.addWidget(widget)
        note_row = QFormLayout()
        note_label = QLabel("N&ote")
        note_label.setBuddy(self.note)
        note_row.addRow(note_label, self.note)
        layout.addLayout(note_row)
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        self._editing_widgets = [
            self.title,
            self.label_combo,
            self.guidance,
            self.form_host,
            self.note,
            note_label,
            self.warnings,
        ]
        session.spanSelected.connect(lambda _uid: self.refresh())
        session.changed.connect(self._on_changed)
        self.refresh()

    # ---- building ------------------------------------------------------------------------

    def _build(self, label_id: str) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        label = self.schema.label(label_id)
        self.guidance.setText(label.guidance)
        used_mnemonics = {"o"}  # N&ote
        for attribute in label.attributes:
            widget = self._widget_for(attribute)
            widget.setObjectName(f"field_{attribute.id}")
            widget.setAccessibleName(attribute.name)
            if attribute.help:
                widget.setToolTip(attribute.help)
            name = attribute.name + (" *" if attribute.required else "")
            mnemonic = next(
                (
                    i
                    for i, ch in enumerate(name)
                    if ch.isalpha() and ch.lower() not in used_mnemonics
                ),
                None,
            )
            if mnemonic is not None:
                used_mnemonics.add(name[mnemonic].lower())
                name = name[:mnemonic] + "&" + name[mnemonic:]
            caption = QLabel(name)
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
            # Shown now rather than on the next event-loop pass, so Tab can reach them at once.
            caption.show()
            widget.show()
            self.fields[attribute.id] = widget
        self._label_shown = label_id

    def _widget_for(self, attribute: AttributeDef) -> QWidget:
        if attribute.type == "enum":
            combo = QComboBox()
            combo.addItem(EMPTY, None)
            for value in attribute.values:
                combo.addItem(value, value)
            combo.activated.connect(lambda _i, a=attribute: self._commit(a))
            return combo
        if attribute.type == "integer":
            spin = QSpinBox()
            spin.setRange(INT_EMPTY, 2_000_000_000)
            spin.setSpecialValueText(EMPTY)
            spin.setGroupSeparatorShown(True)
            spin.editingFinished.connect(lambda a=attribute: self._commit(a))
            return spin
        if attribute.type == "boolean":
            box = QCheckBox()
            box.toggled.connect(lambda _on, a=attribute: self._commit(a))
            return box
        edit = QLineEdit()
        if attribute.type == "number":
            validator = QDoubleValidator(edit)
            if attribute.minimum is not None and attribute.maximum is not None:
                validator.setRange(attribute.minimum, attribute.maximum, 6)
            edit.setValidator(validator)
        edit.editingFinished.connect(lambda a=attribute: self._commit(a))
        if attribute.type == "text" and attribute.suggest:
            edit.setProperty("suggestFor", attribute.id)
            edit.installEventFilter(self)
        return edit

    def eventFilter(self, watched, event) -> bool:
        # Completions come from every span in the store, so they are read when the field
        # is entered rather than on every selection.
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            span = self.session.selected_span
            attribute_id = watched.property("suggestFor")
            if span is not None and attribute_id:
                attribute = self.schema.label(span.label).attribute(attribute_id)
                used = self.session.store.attribute_values(span.label, attribute_id)
                choices = list(dict.fromkeys([*used, *attribute.examples]))
                completer = QCompleter(choices, watched)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                watched.setCompleter(completer)
        return False

    def focus_chain(self) -> list[QWidget]:
        """The form's editable widgets in Tab order (empty when no span is selected)."""
        if self.session.selected_span is None:
            return []
        return [self.label_combo, *self.fields.values(), self.note]

    # ---- showing -------------------------------------------------------------------------

    def refresh(self) -> None:
        span = self.session.selected_span
        self._span = span
        self.empty.setVisible(span is None)
        for widget in self._editing_widgets:
            widget.setVisible(span is not None)
        if span is None:
            return
        if span.label != self._label_shown:
            self._build(span.label)
        label = self.schema.label(span.label)
        self.title.setText(f"{label.name}: “{span.text}”")
        with QSignalBlocker(self.label_combo):
            self.label_combo.setCurrentIndex(self.label_combo.findData(span.label))
        for attribute in label.attributes:
            self._load(attribute, self.fields[attribute.id], span.attributes.get(attribute.id))
        with QSignalBlocker(self.note):
            self.note.setText(span.note)
        problems = self.session.warnings.get(span.uid, [])
        self.warnings.setText("\n".join(f"⚠ {p}" for p in problems))
        self.warnings.setVisible(bool(problems))

    def _load(self, attribute: AttributeDef, widget: QWidget, value: AttributeValue) -> None:
        with QSignalBlocker(widget):
            if isinstance(widget, QComboBox):
                index = widget.findData(value) if value is not None else 0
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value) if isinstance(value, int) else INT_EMPTY)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def _on_changed(self, changes: Changes) -> None:
        if self.session.selected_uid and (
            self.session.selected_uid in changes.spans or changes.relations
        ):
            self.refresh()

    # ---- committing ----------------------------------------------------------------------

    def _value(self, attribute: AttributeDef, widget: QWidget) -> Any:
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return None if widget.value() == INT_EMPTY else widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if not text:
            return None
        if attribute.type == "number":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return None
        return text

    def _commit(self, attribute: AttributeDef) -> None:
        span = self.session.selected_span
        if span is None:
            return
        value = self._value(attribute, self.fields[attribute.id])
        if span.attributes.get(attribute.id) == value:
            return
        attributes = {**span.attributes, attribute.id: value}
        if value is None:
            attributes.pop(attribute.id)
        after = dataclasses.replace(span, attributes=attributes)
        self.session.run(commands.UpdateSpan(span, after, text=f"Set {attribute.name}"))

    def _commit_note(self) -> None:
        span = self.session.selected_span
        if span is None or self.note.text() == span.note:
            return
        after = dataclasses.replace(span, note=self.note.text())
        self.session.run(commands.UpdateSpan(span, after, text="Edit note"))

    def _relabel(self, index: int) -> None:
        span = self.session.selected_span
        label_id = self.label_combo.itemData(index)
        if span is None or label_id == span.label:
            return
        after = commands.relabelled(span, self.schema, label_id)
        self.session.run(commands.UpdateSpan(span, after, text=f"Relabel as {label_id}"))
