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
from annotator.gui.panel_updates import follow
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


class _LabelPage(QWidget):
    """One label's attribute rows, built the first time a span of that label is shown and
    kept: switching labels shows another page instead of building widgets (issue 9, item 12).

    Only the page on show carries the ``field_<attribute>`` object names; a parked page's
    fields are renamed, so ``findChild(..., "field_role")`` finds the role on screen (source
    and location both have one)."""

    def __init__(self, form: SpanForm, label: LabelDef | None) -> None:
        super().__init__(form.form_host)
        self.label_id = label.id if label is not None else None
        self.fields: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Its patterns compile on import: when the first page is built, not at start-up.
        from annotator.core.casualty_prefill import attribute_help

        used_mnemonics = {"o"}  # N&ote
        for attribute in label.attributes if label is not None else ():
            widget = form._field_for(attribute)
            widget.setAccessibleName(attribute.name)
            help_text = attribute_help(label.id, attribute) if label is not None else ""
            if help_text:
                widget.setToolTip(tooltip(help_text))
            name = attribute.name + (" *" if attribute.required else "")
            caption = plain_label(_with_mnemonic(name, used_mnemonics))
            caption.setBuddy(widget)
            layout.addRow(caption, widget)
            self.fields[attribute.id] = widget
        self.set_live(False)

    def set_live(self, live: bool) -> None:
        """Show or park the page; only a live page's fields have their ``field_`` names."""
        parked = "" if live else f"parked_{self.label_id}_"
        for attribute_id, widget in self.fields.items():
            widget.setObjectName(f"{parked}field_{attribute_id}")
        self.setVisible(live)


class SpanForm(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.store.schema
        self.setObjectName("spanForm")
        self.setAccessibleName("spanForm")
        self.setStyleSheet(REFUSED_STYLE)
        self.fields: dict[str, QWidget] = {}  # the live page's fields by attribute id
        self.extra_fields: dict[str, QLineEdit] = {}  # attributes the schema lacks, read-only
        self._span: Span | None = None
        self._shown: tuple[str, tuple[str, ...]] | None = None  # label and extra attributes
        self._pages: dict[str | None, _LabelPage] = {}  # by label id; None: unknown labels
        self._page: _LabelPage | None = None

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
        # The pages, one shown at a time; a hidden page takes no room.
        self.form_host = QWidget()
        self.pages_layout = QVBoxLayout(self.form_host)
        self.pages_layout.setContentsMargins(0, 0, 0, 0)
        self.extras_host = QWidget()
        self.extras_form = QFormLayout(self.extras_host)
        self.extras_form.setContentsMargins(0, 0, 0, 0)
        self.extras_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pages_layout.addWidget(self.extras_host)
        self.extras_host.hide()
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
        follow(session.spanSelected, self._on_selected)
        follow(session.changed, self._on_changed)
        self.refresh()

    # ---- building ------------------------------------------------------------------------

    def _show_page(self, label: LabelDef | None, label_id: str, extras: tuple[str, ...]) -> None:
        """Show the page of ``label`` (built on first use) and rows for ``extras``."""
        key = label.id if label is not None else None
        page = self._pages.get(key)
        if page is None:
            page = self._pages[key] = _LabelPage(self, label)
            self.pages_layout.insertWidget(self.pages_layout.count() - 1, page)
        if page is not self._page:
            if self._page is not None:
                self._page.set_live(False)
            page.set_live(True)
            self._page = page
            self.fields = page.fields
        if label is None:
            self.guidance.setText(
                f"The schema in use has no label {label_id!r}. The span's attributes are kept "
                "as stored and shown read-only; pick a label above to relabel it."
            )
        else:
            self.guidance.setText(label.guidance)
        if self._shown is None or self._shown[1] != extras:
            self._show_extras(extras)
        self._shown = (label_id, extras)

    def _show_extras(self, extras: tuple[str, ...]) -> None:
        """Read-only rows for attributes the label lacks (rare: rebuilt when they change)."""
        while self.extras_form.rowCount():
            self.extras_form.removeRow(0)
        self.extra_fields = {}
        for attribute_id in extras:
            caption = plain_label(unknown_attribute(attribute_id))
            caption.setStyleSheet(UNKNOWN_STYLE)
            caption.setWordWrap(True)
            shown = fields.read_only_field()
            shown.setObjectName(f"unknown_{attribute_id}")
            shown.setToolTip(tooltip("Not in the schema: kept as stored, read-only."))
            self.extras_form.addRow(caption, shown)
            self.extra_fields[attribute_id] = shown
        self.extras_host.setVisible(bool(extras))

    def _field_for(self, attribute: AttributeDef) -> QWidget:
        widget = fields.make_field(attribute)
        # Each field commits itself: a parked page's field (losing focus as its page is
        # hidden) is told apart from the live page's field of the same attribute id.
        if isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i, a=attribute, w=widget: self._commit(a, w))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on, a=attribute, w=widget: self._commit(a, w))
        elif isinstance(widget, QLineEdit):
            widget.editingFinished.connect(lambda a=attribute, w=widget: self._commit(a, w))
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
            self._show_page(label, span.label, extras)
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

    def _commit(self, attribute: AttributeDef, widget: QWidget) -> None:
        """Write ``widget``'s value of ``attribute`` to the selected span, if the widget is
        on the page of that span's label."""
        span = self.session.selected_span
        page = self._page
        if span is None or page is None or page.label_id != span.label:
            return
        if page.fields.get(attribute.id) is not widget:
            return
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
        for field in (f for page in self._pages.values() for f in page.fields.values()):
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
