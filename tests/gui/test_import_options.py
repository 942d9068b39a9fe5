"""The import dialog carries the reading options of `annotator import` (encoding, main article
only), remembers them, and a guessed encoding is always shown after the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox

from annotator.gui.import_options import chosen_options, import_dialog
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.workers import Outcome
from annotator.io.importers import ReadOptions
from annotator.store import Store
from tests.gui.dialogs import capture_message_boxes

RUSSIAN = "Три солдата погибли возле Кельбаджара, заявило министерство обороны во вторник."


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_options_are_read_and_remembered(qtbot, settings) -> None:
    dialog = import_dialog(None, settings, folder=False)
    qtbot.addWidget(dialog)
    encoding = dialog.findChild(QComboBox, "importEncoding")
    main = dialog.findChild(QCheckBox, "importHtmlMain")
    assert encoding.currentData() is None and not main.isChecked()  # the defaults
    encoding.setCurrentIndex(encoding.findData("cp1251"))
    main.setChecked(True)
    assert chosen_options(dialog, settings) == ReadOptions(encoding="cp1251", html="main")
    again = import_dialog(None, settings, folder=True)
    qtbot.addWidget(again)
    assert again.findChild(QComboBox, "importEncoding").currentData() == "cp1251"
    assert again.findChild(QCheckBox, "importHtmlMain").isChecked()


@pytest.mark.parametrize("encoding", ["cp1251", "auto"])
def test_an_import_reads_in_the_chosen_encoding_and_tells_a_guess(
    qtbot, monkeypatch, store: Store, settings, tmp_path: Path, encoding: str
) -> None:
    shown = capture_message_boxes(monkeypatch)
    window = MainWindow(Session(store, "alice"), settings)
    qtbot.addWidget(window)
    article = tmp_path / "report.txt"
    article.write_bytes((RUSSIAN + " " + RUSSIAN.lower()).encode("cp1251"))
    job = window.import_paths([article], ReadOptions(encoding=encoding))
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.outcome is Outcome.DONE
    with Store.open(store.path, write=False) as fresh:
        (doc,) = fresh.list_documents()
        assert fresh.document(doc.id).text.startswith(RUSSIAN)
    guesses = [text for text in shown if "--encoding auto: read as cp1251" in text]
    assert len(guesses) == (1 if encoding == "auto" else 0)
