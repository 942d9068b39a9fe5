"""Edit commands wherever the focus is: undo and redo from every widget (a field being typed
in commits first), Delete in the article and the table, the span context menu, and every
command in the menu bar with its shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMenu, QWidget

from annotator.core import commands
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from tests.gui.test_annotation_window import open_doc, select_by_keyboard

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def label_span(qtbot, window: MainWindow, quote: str, key: Qt.Key) -> str:
    select_by_keyboard(qtbot, window, quote)
    qtbot.keyClick(window.document_view, key)
    settle()  # the form shows the new span in the event loop's next pass
    return window.session.selected_uid


def focus(qtbot, widget: QWidget) -> QWidget:
    """Give ``widget`` the focus; returns the widget that has it (an editable combo's line
    edit, for one)."""
    widget.setFocus()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())
        )
    )
    return QApplication.focusWidget()


def undo_key(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    settle()  # the event loop's next pass: the form shows the undone value


def redo_key(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL | SHIFT)
    settle()


def test_ctrl_z_in_a_field_being_typed_in_commits_it_then_undoes_it(qtbot, window) -> None:
    open_doc(window, "02-war-toll")
    figure = label_span(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    store = window.session.store
    low = focus(qtbot, window.span_form.findChild(QLineEdit, "field_low"))
    low.selectAll()
    qtbot.keyClicks(low, "6600")  # typed, not committed (no Enter, focus stays)
    assert store.span(figure).attributes["low"] == 6500
    steps = window.session.undo_stack.count()

    undo_key(qtbot, low)
    # The typed value became its own step, and that step was undone: the field's own text
    # undo did not take the key.
    assert window.session.undo_stack.count() == steps + 1
    assert store.span(figure).attributes["low"] == 6500
    assert low.text() == "6,500"
    redo_key(qtbot, low)
    assert store.span(figure).attributes["low"] == 6600
    # A value the field refuses is taken back by Ctrl+Z, and the history is left alone.
    steps = window.session.undo_stack.index()
    low.selectAll()
    qtbot.keyClicks(low, "-5")  # a count cannot be negative
    undo_key(qtbot, low)
    assert low.text() == "6,600" and not window.span_form.refusal.isVisibleTo(window.span_form)
    assert window.session.undo_stack.index() == steps
    assert store.span(figure).attributes["low"] == 6600
    undo_key(qtbot, low)
    undo_key(qtbot, low)  # and on, through the annotation history: the span goes
    assert store.find_span(figure) is None

    # The note field, with nothing typed: Ctrl+Z undoes the last step (redo the span).
    redo_key(qtbot, window.document_view)
    assert store.find_span(figure) is not None
    window.session.select_span(figure)
    settle()
    note = focus(qtbot, window.span_form.note)
    qtbot.keyClicks(note, "check the ministry's figure")
    undo_key(qtbot, note)
    assert store.span(figure).note == ""
    redo_key(qtbot, note)
    assert store.span(figure).note == "check the ministry's figure"


def test_ctrl_z_undoes_the_annotation_history_from_any_widget(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    store = window.session.store
    document_id = window.session.document.id

    def spans() -> int:
        return len(store.spans(document_id, "alice"))

    quotes = [
        "Azerbaijan's defence ministry",
        "the ceasefire is holding along the Gegharkunik section",
        "left three soldiers dead",
    ]
    for quote in quotes:
        label_span(qtbot, window, quote, Qt.Key.Key_2)
    window.session.select_span(window.session.store.spans(document_id, "alice")[0].uid)
    window.find_bar.open_bar()
    widgets = [
        window.span_table.view,
        window.relation_list.list,
        window.relation_list.target_combo,  # an editable combo: its line edit claims Ctrl+Z
        window.document_list,
        window.filter_edit,
        window.find_bar.edit,
        window.span_form.findChild(QComboBox, "labelCombo"),
        window.document_view,
    ]
    first = window.session.selected_uid
    for widget in widgets:
        window.session.select_span(first)  # the link boxes are enabled with a selection
        settle()
        focused = focus(qtbot, widget)
        undo_key(qtbot, focused)
        assert spans() == 2, widget.objectName()
        redo_key(qtbot, focused)
        assert spans() == 3, widget.objectName()
        if isinstance(focused, QLineEdit):
            assert focused.text() == "" or widget is window.find_bar.edit


def test_delete_in_the_article_removes_the_span_and_its_links_in_one_step(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    source = label_span(qtbot, window, "Azerbaijan's defence ministry", Qt.Key.Key_2)
    claim = label_span(
        qtbot, window, "the ceasefire is holding along the Gegharkunik section", Qt.Key.Key_1
    )
    session = window.session
    relation = commands.make_relation(
        session.schema, "attributed_to", session.spans[claim], session.spans[source]
    )
    session.run(commands.CreateRelation(relation, text="Link"))
    document_id = session.document.id
    window.session.select_span(source)
    qtbot.keyClick(focus(qtbot, window.document_view), Qt.Key.Key_Delete)
    assert session.store.find_span(source) is None
    assert session.store.relations(document_id, "alice") == []
    undo_key(qtbot, window.document_view)
    assert session.store.find_span(source) is not None
    assert [r.uid for r in session.store.relations(document_id, "alice")] == [relation.uid]


def open_menu_on_text(qtbot, window: MainWindow, uid: str) -> QMenu:
    """Right-click the middle of span ``uid`` in the article."""
    view = window.document_view
    span = window.session.spans[uid]
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_utf16((span.start + span.end) // 2))
    point = view.cursorRect(cursor).center()
    global_point = view.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_point)
    QApplication.sendEvent(view.viewport(), event)
    menu = window.span_actions.last_menu
    assert menu is not None and menu.isVisible()
    return menu


def open_menu_on_row(qtbot, window: MainWindow, uid: str) -> QMenu:
    table = window.span_table.view
    row = window.span_table.model.row_of(uid)
    point = table.visualRect(window.span_table.model.index(row, 1)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, table.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(table.viewport(), event)
    menu = window.span_actions.last_menu
    assert menu is not None and menu.isVisible()
    return menu


def pick(menu: QMenu, text: str) -> None:
    """Trigger the item whose text (without mnemonics) starts with ``text``, and close."""
    for action in menu.actions():
        if action.text().replace("&", "").startswith(text):
            assert action.isEnabled(), text
            menu.close()
            action.trigger()
            return
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def item_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


# The menus are popups, which the offscreen platform cannot raise or grab the keyboard for.
POPUP_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


@POPUP_NOISE
def test_context_menu_on_text_and_table(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    store = window.session.store
    claim = label_span(
        qtbot, window, "the ceasefire is holding along the Gegharkunik section", Qt.Key.Key_1
    )
    source = label_span(qtbot, window, "Azerbaijan's defence ministry", Qt.Key.Key_1)
    window.session.select_span("")

    # In the article: right-click selects the span, and the menu lists every command.
    menu = open_menu_on_text(qtbot, window, source)
    assert window.session.selected_uid == source
    texts = item_texts(menu)
    for wanted in ("Claim", "Source", "Casualty figure", "Location", "Delete Span"):
        assert wanted in texts
    for wanted in ("Link from Here", "Link to Here", "Copy Span Text", "Find Other Occurrences"):
        assert wanted in texts
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["Source"] == "2" and shortcuts["Delete Span"] == "Del"
    pick(menu, "Source")  # relabel
    assert store.span(source).label == "source"

    # Link from the claim (in the table) to the source (in the article).
    menu = open_menu_on_row(qtbot, window, claim)
    assert window.session.selected_uid == claim
    pick(menu, "Link from Here")
    menu = open_menu_on_text(qtbot, window, source)
    link_to = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == "Link to Here")
    assert link_to.isEnabled()
    types = [a.data() for a in link_to.actions()]
    assert types == ["attributed_to"]
    menu.close()
    link_to.actions()[0].trigger()
    (relation,) = store.relations(window.session.document.id, "alice")
    assert (relation.type, relation.from_uid, relation.to_uid) == ("attributed_to", claim, source)
    assert window.session.selected_uid == source

    # Copy the text; find other occurrences with the find bar.
    menu = open_menu_on_row(qtbot, window, claim)
    pick(menu, "Copy Span Text")
    claim_text = store.span(claim).text
    assert QGuiApplication.clipboard().text() == claim_text
    menu = open_menu_on_text(qtbot, window, source)
    pick(menu, "Find Other Occurrences")
    assert window.find_bar.isVisible() and window.find_bar.edit.text() == store.span(source).text
    text = window.session.document.text
    others = text.casefold().count(store.span(source).text.casefold()) - 1
    expected = f"{others} other occurrence" if others else "no other occurrence"
    assert window.find_bar.status.text().startswith(expected)

    # Delete from the table's menu, and undo: one step with its link.
    menu = open_menu_on_row(qtbot, window, claim)
    pick(menu, "Delete Span")
    assert store.find_span(claim) is None
    assert store.relations(window.session.document.id, "alice") == []
    window.undo_action.trigger()
    assert store.find_span(claim) is not None
    assert len(store.relations(window.session.document.id, "alice")) == 1


@POPUP_NOISE
def test_right_click_outside_spans_keeps_the_text_menu(qtbot, window) -> None:
    open_doc(window, "01-border-clash")
    view = window.document_view
    point = QPoint(view.viewport().width() // 2, view.viewport().height() - 5)
    assert view.span_at(view.cursorForPosition(point).position()) == ""
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    shown = QApplication.activePopupWidget()
    assert isinstance(shown, QMenu) and shown.objectName() != "spanMenu"
    assert any(a.text().replace("&", "").startswith("Copy") for a in shown.actions())
    shown.close()
    assert window.span_actions.last_menu is None


def menu_named(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return action.menu()
    raise AssertionError(title)


def test_every_span_command_is_in_the_menu_bar_with_its_shortcut(qtbot, window) -> None:
    edit = {
        a.text().replace("&", "").split(" ")[0]: a for a in menu_named(window, "Edit").actions()
    }
    assert edit["Undo"].shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in edit["Redo"].shortcuts()
    annotate = menu_named(window, "Annotate")
    entries = {
        a.text().replace("&", ""): a.shortcut().toString()
        for menu in (menu_named(window, "Edit"), annotate)
        for a in menu.actions()
        if not a.isSeparator()
    }
    assert entries["Delete Span"] == "Del"
    assert entries["Copy Span Text"] == "Ctrl+Shift+C"
    assert entries["Find Other Occurrences"] == "Ctrl+Shift+F"
    for label in window.session.schema.labels:
        assert entries[label.name] == label.key
    assert entries["Link Selected Span…"] == "Ctrl+L"
    assert entries["Move End Right"] == "Alt+Right"
    assert entries["Move Start Left"] == "Alt+Shift+Left"
    assert entries["Select No Span"] == "Esc"
    assert "Link from Here" in entries and "Link to Here" in entries


def test_menu_bar_and_table_keys_act_on_the_selected_span(qtbot, window) -> None:
    open_doc(window, "02-war-toll")
    store = window.session.store
    figure = label_span(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    # Digits in the span table relabel (no text selection involved).
    table = focus(qtbot, window.span_table.view)
    qtbot.keyClick(table, Qt.Key.Key_1)
    assert store.span(figure).label == "claim"
    # Alt+Right in the table moves the end, as in the article.
    end = store.span(figure).end
    qtbot.keyClick(table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert store.span(figure).end > end
    # From the menu bar, with the focus in a form field: relabel, then delete.
    focus(qtbot, window.span_form.note)
    annotate = menu_named(window, "Annotate")
    next(a for a in annotate.actions() if a.data() == "location").trigger()
    assert store.span(figure).label == "location"
    # Digits typed in a form field stay text in that field.
    qtbot.keyClicks(window.span_form.note, "12")
    assert window.span_form.note.text() == "12"
    assert store.span(figure).label == "location"
    window.span_form.note.clear()
    next(a for a in menu_named(window, "Edit").actions() if a.text() == "&Delete Span").trigger()
    assert store.find_span(figure) is None
    assert not window.span_actions.delete.isEnabled()


@POPUP_NOISE
def test_the_menu_key_opens_the_menu_of_the_selected_span(qtbot, window) -> None:
    open_doc(window, "02-war-toll")
    store = window.session.store
    figure = label_span(qtbot, window, "over 6,500 lives", Qt.Key.Key_3)
    text = window.session.document.text
    claim = label_span(qtbot, window, text[: text.index(" ", 30)], Qt.Key.Key_1)
    window.session.select_span(figure)

    def menu_key(widget: QWidget) -> QMenu:
        window.span_actions.last_menu = None
        point = QPoint(5, 5)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, point, widget.mapToGlobal(point)
        )
        QApplication.sendEvent(widget, event)
        menu = window.span_actions.last_menu
        assert menu is not None and menu.isVisible()
        return menu

    # In the article: the selected span's menu, wherever the caret is.
    pick(menu_key(focus(qtbot, window.document_view)), "Location")
    assert store.span(figure).label == "location"
    # In the table: the current row's span.
    table = focus(qtbot, window.span_table.view)
    qtbot.keyClick(table, Qt.Key.Key_Home, CTRL)
    assert window.session.selected_uid == claim
    pick(menu_key(table), "Delete Span")
    assert store.find_span(claim) is None
    assert store.find_span(figure) is not None
