"""Integer attributes in the span form hold 64-bit values, or refuse (issue #8, item 6).

Through the real widget: typed with the keyboard, committed by leaving the field, read back
from the database. A refused value leaves a visible message and writes nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from annotator.core.model import Span, new_uid
from annotator.core.schema import INT64_MAX, INT64_MIN, default_schema, parse_schema
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.gui.session import Session
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

QUOTE = "over 6,500 lives"


@pytest.fixture
def setup(qtbot, store: Store, tmp_path: Path):
    """The main window on the samples, with a casualty figure over QUOTE selected."""
    import_paths(store, [SAMPLES], actor="alice")
    document = store.find_document("02-war-toll")
    start = document.text.index(QUOTE)
    span = Span(
        uid=new_uid("s"),
        document_id=document.id,
        annotator="alice",
        label="casualty_figure",
        start=start,
        end=start + len(QUOTE),
        text=QUOTE,
        attributes={"qualifier": "more_than", "low": 6500},
    )
    store.add_span(span)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    window.show()
    window.document_list.select_document(document.id)
    window.session.select_span(span.uid)
    settle()
    return window, span


def field(window: MainWindow, attribute: str) -> QLineEdit:
    edit = window.span_form.findChild(QLineEdit, f"field_{attribute}")
    assert edit is not None and edit.isVisible()
    return edit


def focus(qtbot, edit: QLineEdit) -> None:
    window = edit.window()
    if not window.isActiveWindow():  # focus, and so editingFinished, needs an active window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    edit.setFocus()


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace the field's text from the keyboard and leave it with Tab, as a user does."""
    focus(qtbot, edit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not edit.hasFocus()


def stored(window: MainWindow, span: Span) -> dict:
    return window.session.store.span(span.uid).attributes


def database_digest(window: MainWindow) -> tuple[str, int]:
    store = window.session.store
    path = store.path
    wal = path.with_name(path.name + "-wal")
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest(), len(store.changes(limit=100_000))


def refusal(window: MainWindow) -> QLabel:
    return window.span_form.findChild(QLabel, "refusal")


def test_values_beyond_32_bits_are_stored_and_shown_exactly(qtbot, setup) -> None:
    window, span = setup
    low = field(window, "low")
    assert low.text() == "6,500"
    type_into(qtbot, low, "3000000000")
    assert stored(window, span)["low"] == 3_000_000_000
    # Shown again after selecting another span and coming back (a QSpinBox showed 0).
    window.session.select_span("")
    settle()
    window.session.select_span(span.uid)
    settle()
    assert field(window, "low").text() == "3,000,000,000"
    type_into(qtbot, field(window, "low"), str(INT64_MAX))
    assert stored(window, span)["low"] == INT64_MAX
    assert field(window, "low").text() == f"{INT64_MAX:,}"
    type_into(qtbot, field(window, "high"), "9 223 372 036 854 775 807")  # spaces group
    assert stored(window, span)["high"] == INT64_MAX
    type_into(qtbot, field(window, "high"), "")
    assert "high" not in stored(window, span)
    assert not refusal(window).isVisible()


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        (str(INT64_MAX + 1), "does not fit a 64-bit whole number"),
        (str(10**30), "does not fit a 64-bit whole number"),
        ("-5", "below the minimum 0"),
        ("-", "is not a whole number"),
    ],
)
def test_a_value_that_does_not_fit_is_refused_with_a_message(qtbot, setup, typed, why) -> None:
    window, span = setup
    before = database_digest(window)
    low = field(window, "low")
    type_into(qtbot, low, typed)
    message = refusal(window)
    assert message.isVisible() and why in message.text() and "Not saved" in message.text()
    assert message.text().startswith("Low:")
    assert low.text() == typed  # kept for correcting, never silently changed
    assert stored(window, span)["low"] == 6500
    assert database_digest(window) == before
    assert window.session.undo_stack.count() == 0
    type_into(qtbot, field(window, "low"), "7000")  # corrected: saved, message gone
    assert stored(window, span)["low"] == 7000 and not message.isVisible()


def test_letters_cannot_be_typed_into_a_whole_number(qtbot, setup) -> None:
    window, span = setup
    low = field(window, "low")
    type_into(qtbot, low, "")
    focus(qtbot, low)
    qtbot.keyClicks(low, "12abc3.5e")
    assert low.text() == "1235"
    qtbot.keyClick(low, Qt.Key.Key_Tab)
    assert stored(window, span)["low"] == 1235


def test_a_stored_value_beyond_64_bits_is_shown_and_kept(qtbot, setup) -> None:
    window, span = setup
    store = window.session.store
    huge = Span(**{**span.__dict__, "uid": new_uid("s"), "attributes": {"low": 10**30}})
    store.add_span(huge)
    window.session.document = None  # reopen: the span was added behind the session's back
    window.session.open_document(span.document_id)
    window.session.select_span(huge.uid)
    settle()
    settle()  # the form follows in the event loop's next pass
    low = field(window, "low")
    assert low.text() == f"{10**30:,}"
    warnings = window.span_form.findChild(QLabel, "warnings")
    assert warnings.isVisible() and "does not fit a 64-bit whole number" in warnings.text()
    before = database_digest(window)
    focus(qtbot, low)
    with qtbot.waitSignal(low.editingFinished, timeout=1000):  # committing, untouched
        qtbot.keyClick(low, Qt.Key.Key_Return)
    qtbot.keyClick(low, Qt.Key.Key_Tab)
    assert not low.hasFocus()
    assert store.span(huge.uid).attributes == {"low": 10**30}
    assert database_digest(window) == before
    assert not refusal(window).isVisible()


def test_the_form_holds_the_schema_bounds(qtbot, store: Store, tmp_path: Path) -> None:
    raw = default_schema().to_json()
    casualty = next(label for label in raw["labels"] if label["id"] == "casualty_figure")
    low = next(a for a in casualty["attributes"] if a["id"] == "low")
    low["minimum"], low["maximum"] = INT64_MIN, 100
    store.set_schema(parse_schema(raw, "bounded"), actor="lead")
    import_paths(store, [SAMPLES], actor="alice")
    document = store.find_document("02-war-toll")
    span = Span(new_uid("s"), document.id, "alice", "casualty_figure", 0, 4, document.text[:4])
    store.add_span(span)
    window = MainWindow(Session(store, "alice"), QSettings(str(tmp_path / "s.ini")))
    qtbot.addWidget(window)
    window.show()
    window.document_list.select_document(document.id)
    window.session.select_span(span.uid)
    settle()
    type_into(qtbot, field(window, "low"), str(INT64_MIN))
    assert stored(window, span)["low"] == INT64_MIN
    type_into(qtbot, field(window, "low"), "101")
    assert "above the maximum 100" in refusal(window).text()
    assert stored(window, span)["low"] == INT64_MIN
