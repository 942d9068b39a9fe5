"""The document list in the real window: its filters, and a long list read in a worker."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.gui import document_list, main_window
from annotator.gui.main_window import MainWindow
from annotator.gui.panel_updates import settle
from annotator.paths import samples_dir


def listed(window: MainWindow) -> list[str]:
    proxy = window.document_list.proxy
    model = window.document_list.model_
    return sorted(
        model.document_at(proxy.mapToSource(proxy.index(row, 0)).row()).doc_id
        for row in range(proxy.rowCount())
    )


def test_the_filters_match_title_or_id_literally_and_combine_with_the_status(
    qtbot, sample_window: MainWindow
) -> None:
    window = sample_window
    window.document_list.select_document(
        window.session.store.find_document("03-ceasefire-talks").id
    )
    window.set_status(Status.IN_PROGRESS)
    settle()  # the list follows in the event loop's next pass

    def shown(text: str, status: str | None = None) -> list[str]:
        window.status_filter.setCurrentIndex(window.status_filter.findData(status))
        window.filter_edit.setText(text)
        return listed(window)

    everything = ["01-border-clash", "02-war-toll", "03-ceasefire-talks", "04-village-shelling"]
    assert shown("") == everything
    assert shown("MOSCOW") == ["03-ceasefire-talks"]  # in the title only, any case
    assert shown("04-vill") == ["04-village-shelling"]  # in the doc_id only
    assert shown("  border ") == ["01-border-clash", "04-village-shelling"]
    assert shown("blame01") == []  # never across the end of the title and the doc_id
    assert shown("0.-") == [] and shown("(") == []  # the text is taken literally
    assert shown("", "in_progress") == ["03-ceasefire-talks"]
    assert shown("moscow", "in_progress") == ["03-ceasefire-talks"]
    assert shown("border", "in_progress") == []
    assert shown("", "done") == []
    assert shown("", None) == everything


def test_a_long_list_is_read_in_a_worker_and_its_document_opened_in_a_later_turn(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four sample documents count as a long list here.
    monkeypatch.setattr(document_list, "READ_IN_WORKER_FROM", 2)
    monkeypatch.setattr(main_window, "READ_IN_WORKER_FROM", 2)
    window.settings.setValue("lastDocument", "03-ceasefire-talks")
    model = window.document_list.model_
    at_reset: list[tuple[int, bool]] = []  # (rows, a document open) when the list was reset
    model.modelReset.connect(
        lambda: at_reset.append((model.rowCount(), window.session.document is not None))
    )
    assert window.list_stack.currentWidget() is window.empty_state

    with qtbot.waitSignal(window.import_paths([samples_dir()]).finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: window.session.document is not None, timeout=20_000)

    assert model.job is not None and not model.job.running  # read in a worker
    assert at_reset == [(4, False)]  # reset first, the document opened in a later turn
    assert window.list_stack.currentWidget() is not window.empty_state
    assert window.session.document.doc_id == "03-ceasefire-talks"  # as last time
    current = window.document_list.currentIndex()
    assert current.data(Qt.ItemDataRole.UserRole) == window.session.document.id
