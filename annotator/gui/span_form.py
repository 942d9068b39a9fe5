"""The span form (``spanForm``): widgets generated from the label schema for the selected span.

enum -> combo box (type a letter to pick), integer -> whole-number field (64 bits), number ->
line edit, text -> line edit completing from values used before, boolean -> check box, plus the
note. Every committed field is one undoable command; a value the attribute cannot hold is
refused with a message and nothing is written (``annotator.gui.fields``).

Data the schema does not describe (``schema use --force``) is shown as such: a span whose label
the schema lacks says "unknown label 'x'" in grey, and attributes the label lacks are listed
read-only, so they are kept as stored.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core import commands
from annotator.core.model import Span
from annotator.core.schema import AttributeDef, LabelDef
from annotator.gui import fields
from annotator.gui.labels import (
    UNKNOWN_COLOUR,
    UNKNOWN_STYLE,
    find_label,
    unknown_attribute,
    unknown_label,
)
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.plain import plain_label, tooltip
from annotator.gui.session import Changes, Session

REFUSED_STYLE = "QLineEdit[refused='true'] { border: 1px solid #c62828; }"


def _with_mnemonic(name: str, used: set[str]) -> str:
    """``name`` for a buddy label: its first unused letter gets the Alt shortcut."""
    at = next((i for i, ch in enumerate(name) if ch.isalpha() and ch.lower() not in used), None)
    if at is None:
        return name.replace("&", "&&")  # a literal & in a schema name is not a mnemonic
    used.add(name[at].lower())
    return name[:at].replace("&", "&&") + "&" + name[at:].replace("&", "&&")


def _restyle(widget: QWidget) -> None:
    """Apply the style sheet again after a property it selects on changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class SpanForm(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.setObjectName("spanForm")
        self.setAccessibleName("spanForm")
        self.setStyleSheet(REFUSED_STYLE)
        self.fields: dict[str, QWidget] = {}
        self.extra_fields: dict[str, QLineEdit] = {}  # attributes the schema lacks, read-only
        self._span: Span | None = None
        self._shown: tuple[str, tuple[str, ...]] | None = None  # label and extra attributes

        layout = QVBoxLayout(self)
        self.title = plain_label()
        self.title.setObjectName("spanTitle")
        self.title.setWordWrap(True)
        self.guidance = plain_label()
        self.guidance.setWordWrap(True)
        self.guidance.setObjectName("guidance")
        self.guidance.setStyleSheet("color: palette(placeholder-text);")
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelCombo")
        guard_wheel(self.label_combo)
        for label in self.schema.labels:
            self.label_combo.addItem(f"{label.key}  {label.name}", label.id)
        self.label_combo.activated.connect(self._relabel)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.refusal = plain_label()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #c62828; font-weight: bold;")
        self.refusal.hide()
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("Free-text note")
        self.note.editingFinished.connect(self._commit_note)
        self.warnings = plain_label()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #c62828;")
        self.empty = plain_label("Select a span to edit it, or select text and press 1–4.")
        self.empty.setWordWrap(True)
        for widget in (self.empty, self.title, self.label_combo, self.guidance, self.form_host):
            layout.addWidget(widget)
        layout.addWidget(self.refusal)
        note_row = QFormLayout()
        note_label = plain_label("N&ote")
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
        session.spanSelected.connect(self._on_selected)
        session.changed.connect(self._on_changed)
        self.refresh()

    # ---- building ------------------------------------------------------------------------

    def _build(self, label: LabelDef | None, label_id: str, extras: tuple[str, ...]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self.extra_fields = {}
        if label is None:
            self.guidance.setText(
                f"The schema in use has no label {label_id!r}. The span's attributes are kept "
                "as stored and shown read-only; pick a label above to relabel it."
            )
        else:
            self.guidance.setText(label.guidance)
        used_mnemonics = {"o"}  # N&ote
        for attribute in label.attributes if label is not None else ():
            widget = self._field_for(attribute)
            widget.setObjectName(f"field_{attribute.id}")
            widget.setAccessibleName(attribute.name)
            if attribute.help:
                widget.setToolTip(tooltip(attribute.help))
            name = attribute.name + (" *" if attribute.required else "")
            caption = plain_label(_with_mnemonic(name, used_mnemonics))
            caption.setBuddy(widget)
            self._add_row(caption, widget)
            self.fields[attribute.id] = widget
        for attribute_id in extras:
            caption = plain_label(unknown_attribute(attribute_id))
            caption.setStyleSheet(UNKNOWN_STYLE)
            caption.setWordWrap(True)
            shown = fields.read_only_field()
            shown.setObjectName(f"unknown_{attribute_id}")
            shown.setToolTip(tooltip("Not in the schema: kept as stored, read-only."))
            self._add_row(caption, shown)
            self.extra_fields[attribute_id] = shown
        self._shown = (label_id, extras)

    def _add_row(self, caption: QWidget, widget: QWidget) -> None:
        self.form.addRow(caption, widget)
        # Shown now rather than on the next event-loop pass, so Tab can reach them at once.
        caption.show()
        widget.show()

    def _field_for(self, attribute: AttributeDef) -> QWidget:
        widget = fields.make_field(attribute)
        if isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i, a=attribute: self._commit(a))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on, a=attribute: self._commit(a))
        elif isinstance(widget, QLineEdit):
            widget.editingFinished.connect(lambda a=attribute: self._commit(a))
            if attribute.type == "text" and attribute.suggest:
                widget.setProperty("suggestFor", attribute.id)
                widget.installEventFilter(self)
        return widget

    def eventFilter(self, watched, event) -> bool:
        # Completions come from every span in the store, so they are read when the field
        # is entered rather than on every selection.
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            span = self.session.selected_span
            attribute_id = watched.property("suggestFor")
            label = find_label(self.schema, span.label) if span is not None else None
            if span is not None and label is not None and attribute_id:
                attribute = label.attribute(attribute_id)
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

    def _on_selected(self, _uid: str) -> None:
        self._clear_refusal()
        self.refresh()

    def refresh(self) -> None:
        span = self.session.selected_span
        self._span = span
        self.empty.setVisible(span is None)
        for widget in self._editing_widgets:
            widget.setVisible(span is not None)
        if span is None:
            return
        label = find_label(self.schema, span.label)
        known = {a.id for a in label.attributes} if label is not None else set()
        extras = tuple(key for key in span.attributes if key not in known)
        if self._shown != (span.label, extras):
            self._build(label, span.label, extras)
        name = label.name if label is not None else unknown_label(span.label)
        self.title.setText(f"{name}: “{span.text}”")
        self.title.setStyleSheet("" if label is not None else UNKNOWN_STYLE)
        self._show_label_choice(span.label, known=label is not None)
        for attribute_id, widget in self.fields.items():
            fields.load(widget, span.attributes.get(attribute_id))
        for attribute_id, shown in self.extra_fields.items():
            fields.load(shown, span.attributes.get(attribute_id))
        with QSignalBlocker(self.note):
            self.note.setText(span.note)
        problems = self.session.warnings.get(span.uid, [])
        self.warnings.setText("\n".join(f"⚠ {p}" for p in problems))
        self.warnings.setVisible(bool(problems))

    def _show_label_choice(self, label_id: str, *, known: bool) -> None:
        """Select the span's label; a label the schema lacks gets a grey entry of its own."""
        with QSignalBlocker(self.label_combo):
            if self.label_combo.count() > len(self.schema.labels):
                self.label_combo.removeItem(0)  # the entry of the last unknown label
            if not known:
                self.label_combo.insertItem(0, unknown_label(label_id), label_id)
                grey = QColor(UNKNOWN_COLOUR)
                self.label_combo.setItemData(0, grey, Qt.ItemDataRole.ForegroundRole)
            self.label_combo.setCurrentIndex(self.label_combo.findData(label_id))

    def _on_changed(self, changes: Changes) -> None:
        if self.session.selected_uid and (
            self.session.selected_uid in changes.spans or changes.relations
        ):
            self.refresh()

    # ---- committing ----------------------------------------------------------------------

    def commit_pending(self) -> bool:
        """Commit the text field being typed in, through its own commit path (Ctrl+Z does
        this first, so the typed value becomes an undo step of its own). A value the field
        refuses is reverted to the stored one instead; returns True then: the undo is spent."""
        focus = QApplication.focusWidget()
        if not isinstance(focus, QLineEdit) or focus.isReadOnly() or not self.isAncestorOf(focus):
            return False
        focus.editingFinished.emit()
        if not focus.property("refused"):
            return False
        self._clear_refusal()
        self.refresh()
        return True

    def _commit(self, attribute: AttributeDef) -> None:
        span = self.session.selected_span
        if span is None or attribute.id not in self.fields:
            return
        widget = self.fields[attribute.id]
        try:
            value = fields.read(widget, attribute)
        except fields.Refused as refused:
            self._refuse(attribute, widget, str(refused))
            return
        self._clear_refusal(widget)
        if value is fields.UNCHANGED or span.attributes.get(attribute.id) == value:
            return
        attributes = {**span.attributes, attribute.id: value}
        if value is None:
            attributes.pop(attribute.id)
        after = dataclasses.replace(span, attributes=attributes)
        self.session.run(commands.UpdateSpan(span, after, text=f"Set {attribute.name}"))

    def _refuse(self, attribute: AttributeDef, widget: QWidget, problem: str) -> None:
        """Say why the typed value was not saved; the field keeps it, to be corrected."""
        self.refusal.setText(f"{attribute.name}: {problem}. Not saved.")
        self.refusal.show()
        self.refusal.setProperty("field", widget.objectName())
        widget.setProperty("refused", True)
        _restyle(widget)

    def _clear_refusal(self, widget: QWidget | None = None) -> None:
        """Hide the refusal message (only ``widget``'s, when given)."""
        if widget is not None and self.refusal.property("field") != widget.objectName():
            return
        self.refusal.hide()
        self.refusal.setProperty("field", "")
        for field in self.fields.values():
            if field.property("refused"):
                field.setProperty("refused", False)
                _restyle(field)

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
