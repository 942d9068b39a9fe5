"""No id, raw enum value, wrong plural or stray mnemonic ampersand reaches the screen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QWidget

from annotator.gui.adjudication_view import AdjudicationView
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.gui.span_form import SpanForm
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.helpers import new_document

# "&O" shows as an underlined O only on a buddied label; "&&" is a literal "&"; "&nbsp;" is
# an entity of a rich-text label.
MNEMONIC = re.compile(r"(?<!&)&(?!&)(?![a-z]+;|#\d+;)\w")


def stray_mnemonics(root: QWidget) -> list[str]:
    """Texts of labels and group boxes whose "&x" would show as a literal ampersand."""
    found = []
    for label in root.findChildren(QLabel):
        if MNEMONIC.search(label.text()) and label.buddy() is None:
            found.append(label.text())
    for box in root.findChildren(QGroupBox):
        if MNEMONIC.search(box.title()) and not box.isCheckable():
            found.append(box.title())
    return found


def test_no_mnemonic_ampersand_leaks_anywhere(qtbot, window: MainWindow, store: Store) -> None:
    window.load_samples()
    dialog = ExportDialog(store, window)
    qtbot.addWidget(dialog)
    output = next(label for label in dialog.findChildren(QLabel) if "Output" in label.text())
    assert output.buddy() is dialog.output  # Alt+O reaches the path field
    adjudication = AdjudicationView(store, window)
    for root in (window, dialog, adjudication):
        assert stray_mnemonics(root) == [], root.objectName()


def test_the_check_catches_a_label_without_a_buddy(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    QLabel("&Output", host)
    QLabel("a &amp;&nbsp;b and &&", host)
    assert stray_mnemonics(host) == ["&Output"]


def test_enum_values_show_display_names_and_keep_their_ids(qtbot, store: Store) -> None:
    session = Session(store, "alice")
    form = SpanForm(session)
    qtbot.addWidget(form)
    store.import_documents([new_document("Militants said it.", "d")], actor="t", source="t")
    session.open_document(store.find_document("d").id)
    from annotator.core import commands

    span = commands.make_span(
        session.document.text,
        document_id=session.document.id,
        annotator="alice",
        label="source",
        start=0,
        end=9,
        schema=store.schema,
    )
    session.run(commands.CreateSpan(span, text="Create"))
    settle()
    session.select_span(span.uid)
    settle()
    settle()  # the form follows in the event loop's next pass
    combo = form.findChild(QComboBox, "field_source_type")
    shown = [combo.itemText(i) for i in range(combo.count())]
    assert "Armed group" in shown and "NGO" in shown and "International organisation" in shown
    assert not [text for text in shown if "_" in text]
    chosen = combo.findText("Armed group")
    combo.setCurrentIndex(chosen)
    combo.activated.emit(chosen)  # as a click on the item does
    assert store.span(span.uid).attributes["source_type"] == "armed_group"  # the id is stored


def test_counts_in_the_status_bar_are_singular_for_one(qtbot, window: MainWindow) -> None:
    store = window.session.store
    store.import_documents([new_document("One article.", "one")], actor="t", source="t")
    window.session.notify_reloaded()
    assert window.status_label.text().startswith("1 document · ")
    import_paths(store, [SAMPLES], actor="t")
    window.session.notify_reloaded()
    assert window.status_label.text().startswith("5 documents · ")


def test_adjudication_documents_and_warnings_read_as_sentences(qtbot, window: MainWindow) -> None:
    """The form's warnings use display names and end with a full stop."""
    window.load_samples()
    session = window.session
    document = session.document
    assert document is not None
    from annotator.core import commands

    quote = document.text.split()[0]
    figure = commands.make_span(
        document.text,
        document_id=document.id,
        annotator="alice",
        label="casualty_figure",
        start=0,
        end=len(quote),
        schema=session.store.schema,
    )
    session.run(commands.CreateSpan(figure, text="Create"))
    settle()
    session.select_span(figure.uid)
    settle()
    warnings = window.findChild(QLabel, "warnings").text()
    assert "Victim type is empty." in warnings and "victim_type" not in warnings
    assert Qt.TextFormat.PlainText == window.findChild(QLabel, "warnings").textFormat()
