"""Suggestions in the main window (issue 13): drawn, walked with Tab, accepted with Enter
(span, attributes, provenance and the source link in the database), rejected with X
(remembered), accepted per label with Shift+Enter, toggled per label in View > Suggestions;
every decision one undo step. Through real widgets, keys and a real SQLite file; the
suggester is a small rule one registered for the test (``suggest_fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.suggest.base import Suggestion
from annotator.gui.hub import hub_for
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle as settle_panels
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes
from tests.gui.suggest_fixtures import ARTICLE, article_window, rule_suggesters, settle
from tests.gui.test_annotation_window import open_doc
from tests.helpers import new_document

pytestmark = pytest.mark.usefixtures(rule_suggesters.__name__)


@pytest.fixture
def window(qtbot, store: Store, window_settings: QSettings) -> MainWindow:
    return article_window(qtbot, store, window_settings)


def shown_texts(window: MainWindow) -> list[str]:
    return [item.text for _i, item in window.suggestion_keys.suggestions.shown_items()]


def current_text(window: MainWindow) -> str:
    suggestions = window.suggestion_keys.suggestions
    return suggestions.items[suggestions.current].text if suggestions.current >= 0 else ""


def key(qtbot, window: MainWindow, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.document_view, k, modifiers)


def walk_to(qtbot, window: MainWindow, text: str) -> None:
    window.document_view.setFocus()
    for _ in range(len(shown_texts(window)) + 1):
        if current_text(window) == text:
            return
        key(qtbot, window, Qt.Key.Key_Tab)
    raise AssertionError(f"no suggestion {text!r} in {shown_texts(window)}")


def test_suggestions_are_shown_and_tab_walks_them(qtbot, window: MainWindow) -> None:
    assert shown_texts(window) == [
        "The Defence Ministry",
        "three soldiers were killed",
        "Officials in <b>Baku</b>",
        "two civilians were wounded",
        "the ministry",
        "five soldiers were killed",
    ]
    view = window.document_view
    assert view.suggestion_layer is not None and view.suggestion_layer.active()
    preview = window.suggestion_keys.preview
    assert not preview.isVisible()

    view.setFocus()
    key(qtbot, window, Qt.Key.Key_Tab)
    assert current_text(window) == "The Defence Ministry"
    assert view.hasFocus()  # Tab walked; it did not move the focus to the form
    key(qtbot, window, Qt.Key.Key_Tab)
    assert current_text(window) == "three soldiers were killed"
    # The caret went there, and the preview line says what accepting would fill.
    assert view.textCursor().position() == ARTICLE.index("three soldiers")
    assert preview.isVisible()
    assert "Outcome: Killed" in preview.text.text()
    assert "Attributed to → Source “The Defence Ministry”" in preview.text.text()
    key(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert current_text(window) == "The Defence Ministry"
    key(qtbot, window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert current_text(window) == "five soldiers were killed"  # wraps around
    key(qtbot, window, Qt.Key.Key_Escape)
    assert current_text(window) == ""
    assert not preview.isVisible()


def test_tab_goes_on_to_the_form_while_a_picked_span_is_selected(qtbot, window: MainWindow) -> None:
    view = window.document_view
    cursor = view.textCursor()
    start = ARTICLE.index("Kalbajar")
    cursor.setPosition(start)
    cursor.setPosition(start + len("Kalbajar"), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    key(qtbot, window, Qt.Key.Key_4)  # a location, picked by hand: selected
    assert window.session.selected_span is not None
    key(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "labelCombo"
    assert current_text(window) == ""


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_tooltip_names_label_suggester_and_attributes_in_plain_text(
    qtbot, window: MainWindow
) -> None:
    view = window.document_view
    position = view.mapping.to_utf16(ARTICLE.index("two civilians") + 2)
    said = view.describe_at(position)
    assert said.split("\n") == [
        "Suggested Casualty figure: “two civilians were wounded”",
        "Outcome: Injured",
        "Victim type: Civilian",
        "Qualifier: Exact",
        "Low: 2",
        "High: 2",
        "Attributed to → Source “Officials in <b>Baku</b>”",
        "from the test-rules suggester",
    ]
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.mapping.to_utf16(ARTICLE.index("<b>Baku") + 4))
    point = view.cursorRect(cursor).center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    shown = QToolTip.text()
    assert "Suggested Source: “Officials in &lt;b&gt;Baku&lt;/b&gt;”" in shown
    assert "<b>" not in shown


def test_keys_do_nothing_with_the_focus_in_a_field(qtbot, window: MainWindow) -> None:
    walk_to(qtbot, window, "three soldiers were killed")
    field = window.filter_edit
    field.setFocus()
    for k in (Qt.Key.Key_Return, Qt.Key.Key_X, Qt.Key.Key_Tab):
        qtbot.keyClick(field, k)
    assert field.text() == "x"
    assert window.session.spans == {}
    assert current_text(window) == "three soldiers were killed"


def test_menus_show_the_keys(window: MainWindow) -> None:
    keys = window.suggestion_keys
    texts = [action.text() for action in keys.menu.actions() if not action.isSeparator()]
    assert texts == [
        "&Next Suggestion\tTab",
        "&Previous Suggestion\tShift+Tab",
        "&Accept Suggestion\tEnter",
        "Accept All of This &Label\tShift+Enter",
        "&Reject Suggestion\tX",
    ]
    assert keys.menu.menuAction() in window.menuBar().actions()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert keys.view_menu.menuAction() in view_menu.actions()
    assert not keys.accept.isEnabled()  # nothing looked at yet


def test_label_toggles_hide_and_are_remembered(
    qtbot, store: Store, window: MainWindow, window_settings: QSettings
) -> None:
    keys = window.suggestion_keys
    keys.label_toggles["casualty_figure"].trigger()
    assert shown_texts(window) == [
        "The Defence Ministry",
        "Officials in <b>Baku</b>",
        "the ministry",
    ]
    worker = keys.suggestions._worker
    window.close()
    # Closing ends the suggestions' thread, its store closed on it.
    assert worker is not None and worker.closed and worker._store is None
    again = article_window(qtbot, store, window_settings)
    assert not again.suggestion_keys.label_toggles["casualty_figure"].isChecked()
    assert len(shown_texts(again)) == 3
    again.suggestion_keys.show_all.trigger()  # all off: nothing drawn or computed
    assert shown_texts(again) == []
    assert not again.document_view.suggestion_layer.active()
    assert not again.suggestion_keys.suggestions.busy
    again.suggestion_keys.show_all.trigger()
    settle(qtbot, again)
    assert len(shown_texts(again)) == 3


def stored(db_path: Path) -> tuple[dict, list, dict]:
    """alice's spans by (label, text), relations and decisions, read from the file anew."""
    with Store.open(db_path, write=False) as reader:
        document = reader.find_document("article")
        assert document is not None
        spans = {(s.label, s.text): s for s in reader.spans(document.id, "alice")}
        relations = reader.relations(document.id, "alice")
        outcomes = reader.suggestion_outcomes(document.id, "alice")
    return spans, relations, outcomes


def undo(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)


def redo(qtbot, window: MainWindow) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.document_view, Qt.Key.Key_Z, modifiers)
    settle(qtbot, window)


def test_enter_accepts_a_figure_with_its_form_filled_and_its_source_linked(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    walk_to(qtbot, window, "three soldiers were killed")
    key(qtbot, window, Qt.Key.Key_Return)

    spans, relations, outcomes = stored(db_path)
    figure = spans[("casualty_figure", "three soldiers were killed")]
    source = spans[("source", "The Defence Ministry")]
    assert figure.attributes == {
        "outcome": "killed",
        "victim_type": "combatant",
        "qualifier": "exact",
        "low": 3,
        "high": 3,
    }
    assert figure.provenance == {"suggester": "test-rules", "score": 0.9}
    assert source.attributes == {"source_type": "government"}
    assert [(r.type, r.from_uid, r.to_uid) for r in relations] == [
        ("attributed_to", figure.uid, source.uid)
    ]
    assert outcomes == {("casualty_figure", figure.start, figure.end): "accepted"}
    # The new span is selected: its form shows what was filled, its link is drawn.
    assert window.session.selected_uid == figure.uid
    settle_panels()  # the form follows in the event loop's next pass
    assert window.span_form.fields["outcome"].currentData() == "killed"
    assert window.session.warnings[figure.uid] == ["Scope is empty."]  # but a source is linked
    assert [link.other_uid for link in window.document_view.links] == [source.uid]
    settle(qtbot, window)
    assert "three soldiers were killed" not in shown_texts(window)
    assert "The Defence Ministry" not in shown_texts(window)  # now a span of its own
    # Tab goes on to the next suggestion rather than into the form.
    key(qtbot, window, Qt.Key.Key_Tab)
    assert current_text(window) == "Officials in <b>Baku</b>"

    undo(qtbot, window)  # one step: both spans, the link and the decision
    assert stored(db_path) == ({}, [], {})
    assert "three soldiers were killed" in shown_texts(window)
    redo(qtbot, window)
    spans, relations, outcomes = stored(db_path)
    assert set(spans) == {
        ("casualty_figure", "three soldiers were killed"),
        ("source", "The Defence Ministry"),
    }
    assert len(relations) == 1 and len(outcomes) == 1
    assert "three soldiers were killed" not in shown_texts(window)


def test_x_rejects_for_good_and_undo_brings_it_back(
    qtbot, store: Store, window: MainWindow, window_settings: QSettings, db_path: Path
) -> None:
    walk_to(qtbot, window, "two civilians were wounded")
    key(qtbot, window, Qt.Key.Key_X)
    assert "two civilians were wounded" not in shown_texts(window)
    _spans, _relations, outcomes = stored(db_path)
    start = ARTICLE.index("two civilians")
    assert outcomes == {("casualty_figure", start, start + 26): "rejected"}
    assert window.session.spans == {}
    # Computed again (after an edit elsewhere in the document), it is not proposed.
    walk_to(qtbot, window, "The Defence Ministry")
    key(qtbot, window, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert "two civilians were wounded" not in shown_texts(window)
    # Nor in a window opened later.
    window.close()
    again = article_window(qtbot, store, window_settings)
    assert "two civilians were wounded" not in shown_texts(again)
    assert "Officials in <b>Baku</b>" in shown_texts(again)

    undo(qtbot, again)  # this window's own history is empty: nothing happens
    assert "two civilians were wounded" not in shown_texts(again)


def test_undo_of_a_rejection_proposes_it_again(qtbot, window: MainWindow, db_path: Path) -> None:
    walk_to(qtbot, window, "two civilians were wounded")
    key(qtbot, window, Qt.Key.Key_X)
    # The walk goes on from where the rejected one was.
    key(qtbot, window, Qt.Key.Key_Tab)
    assert current_text(window) == "the ministry"
    undo(qtbot, window)
    assert stored(db_path)[2] == {}
    assert "two civilians were wounded" in shown_texts(window)


def test_shift_enter_accepts_every_suggestion_of_that_label_in_one_step(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    walk_to(qtbot, window, "two civilians were wounded")
    key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    spans, relations, outcomes = stored(db_path)
    figures = sorted(text for label, text in spans if label == "casualty_figure")
    assert figures == [
        "five soldiers were killed",
        "three soldiers were killed",
        "two civilians were wounded",
    ]
    # Each with the source it names, and no source twice.
    assert sorted(text for label, text in spans if label == "source") == [
        "Officials in <b>Baku</b>",
        "The Defence Ministry",
        "the ministry",
    ]
    assert len(relations) == 3
    assert set(outcomes.values()) == {"accepted"} and len(outcomes) == 3
    settle(qtbot, window)
    assert shown_texts(window) == []
    assert window.session.undo_stack.count() == 1
    undo(qtbot, window)
    assert stored(db_path) == ({}, [], {})
    assert len(shown_texts(window)) == 6


def test_a_failing_suggester_is_reported_once_not_after_every_edit(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.core.suggest.base import SUGGESTERS, SuggesterInfo

    shown = capture_message_boxes(monkeypatch)

    def broken(_text, _context):
        raise RuntimeError("suggester defect")

    SUGGESTERS["broken"] = SuggesterInfo("broken", ("location",), broken)
    walk_to(qtbot, window, "The Defence Ministry")
    key(qtbot, window, Qt.Key.Key_Return)  # an edit: computed again, and it fails
    settle(qtbot, window)
    walk_to(qtbot, window, "three soldiers were killed")
    key(qtbot, window, Qt.Key.Key_Return)  # another edit: not run again
    settle(qtbot, window)
    assert len(shown) == 1 and "suggester defect" in shown[0]
    # The work is saved all the same.
    assert len(window.session.spans) == 2
    # Nor for the next document: the same defect is said in the status bar only.
    window.session.store.import_documents(
        [new_document("Another report: two soldiers were killed.", "second")],
        actor="test",
        source="test",
    )
    window.session.notify_reloaded()
    open_doc(window, "second")
    settle(qtbot, window)
    assert len(shown) == 1
    assert window.statusBar().currentMessage() == (
        "No suggestions for this document: a suggester failed."
    )


def test_a_hand_made_span_hides_the_suggestions_of_its_label_it_overlaps(
    qtbot, window: MainWindow
) -> None:
    view = window.document_view
    cursor = view.textCursor()
    start = ARTICLE.index("three soldiers")
    cursor.setPosition(start)
    cursor.setPosition(start + len("three soldiers"), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    key(qtbot, window, Qt.Key.Key_3)
    settle(qtbot, window)
    assert "three soldiers were killed" not in shown_texts(window)
    assert "The Defence Ministry" in shown_texts(window)  # another label: still proposed
    key(qtbot, window, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert "three soldiers were killed" in shown_texts(window)


def test_a_figure_whose_source_is_already_annotated_links_that_span(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    walk_to(qtbot, window, "The Defence Ministry")
    key(qtbot, window, Qt.Key.Key_Return)
    settle(qtbot, window)
    walk_to(qtbot, window, "three soldiers were killed")
    key(qtbot, window, Qt.Key.Key_Return)
    spans, relations, _outcomes = stored(db_path)
    source = spans[("source", "The Defence Ministry")]
    figure = spans[("casualty_figure", "three soldiers were killed")]
    assert len(spans) == 2  # the source was not made twice
    assert [(r.type, r.from_uid, r.to_uid) for r in relations] == [
        ("attributed_to", figure.uid, source.uid)
    ]


def test_a_rejection_made_in_another_process_is_heard(
    qtbot, window: MainWindow, db_path: Path
) -> None:
    """The same annotator in another window of another process rejects a suggestion: this
    window stops proposing it at its next poll, without an edit of its own."""
    assert "two civilians were wounded" in shown_texts(window)
    document = window.session.document
    assert document is not None
    start = ARTICLE.index("two civilians")
    rejected = Suggestion(
        "casualty_figure", start, start + 26, ARTICLE[start : start + 26], {}, 0.9, "test-rules"
    )
    with Store.open(db_path) as elsewhere:  # its own connection: SQLite sees another process
        elsewhere.record_suggestion_outcome(
            document.id, window.session.annotator, rejected, "rejected", actor="alice"
        )
    hub_for(window.session.store).poll()
    settle(qtbot, window)
    assert "two civilians were wounded" not in shown_texts(window)
    assert "The Defence Ministry" in shown_texts(window)
