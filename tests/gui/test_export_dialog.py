"""File > Export through the dialog, on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.core.model import Span, Status, new_uid
from annotator.gui.export_dialog import ExportDialog, summary
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.gui.dialogs import capture_message_boxes


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def finish(qtbot, dialog: ExportDialog) -> None:
    """Export as the Export button does, and wait for the worker's outcome."""
    job = dialog.run_export()
    if job is not None:
        qtbot.waitUntil(lambda: not job.running)


def annotated(store: Store) -> None:
    import_paths(store, [SAMPLES], actor="t")
    doc = store.find_document("02-war-toll")
    quote = "over 6,500 lives"
    start = doc.text.index(quote)
    store.add_span(
        Span(
            uid=new_uid("s"),
            document_id=doc.id,
            annotator="alice",
            label="casualty_figure",
            start=start,
            end=start + len(quote),
            text=quote,
        )
    )
    store.set_status(doc.id, "alice", Status.DONE)


def test_native_export_through_the_dialog(qtbot, store: Store, tmp_path: Path, settings) -> None:
    annotated(store)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("native"))
    out = tmp_path / "all.annotations.jsonl"
    dialog.output.setText(str(out))
    finish(qtbot, dialog)
    assert dialog.report is not None
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["kind"] == "header"
    assert len(lines) == 1 + 4  # every status by default for the lossless format
    assert "4 documents, 1 span," in summary(dialog.report)


def test_status_defaults_follow_the_format_and_split_is_applied(
    qtbot, store: Store, tmp_path: Path, settings
) -> None:
    annotated(store)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("hf"))
    options = dialog.options()
    assert options.statuses == frozenset({Status.DONE})
    dialog.split_box.setChecked(True)
    assert dialog.options().split == {"train": 0.8, "validation": 0.1, "test": 0.1}
    dialog.output.setText(str(tmp_path / "dataset"))
    finish(qtbot, dialog)
    assert dialog.report is not None and dialog.report.documents == 1
    assert sum(dialog.report.splits.values()) == 1


def test_an_output_that_is_or_holds_the_database_is_refused_in_a_box(
    qtbot, monkeypatch, store: Store, db_path: Path, tmp_path: Path, settings
) -> None:
    import hashlib

    annotated(store)
    shown = capture_message_boxes(monkeypatch)  # and checks that each is plain text
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for name, output in (("conll", db_path), ("native", f"{db_path}-wal"), ("hf", tmp_path)):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(name))
        dialog.output.setText(str(output))
        finish(qtbot, dialog)
        assert dialog.report is None and dialog.result() == 0  # the dialog stays open
    assert len(shown) == 3 and all("refused" in text and "database" in text for text in shown)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in [db_path, *db_path.parent.glob(f"{db_path.name}-*")]
    )


def test_every_label_checked_exports_labels_the_schema_lacks(
    qtbot, store: Store, tmp_path: Path, settings
) -> None:
    annotated(store)
    doc = store.find_document("02-war-toll")
    store.add_span(
        Span(uid=new_uid("s"), document_id=doc.id, annotator="alice", label="rumour",
             start=0, end=4, text=doc.text[:4])
    )  # fmt: skip
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("brat"))
    dialog.output.setText(str(tmp_path / "brat"))
    finish(qtbot, dialog)
    assert dialog.report is not None and dialog.report.spans == 2
    assert "Not in the label schema" in summary(dialog.report)
    assert "rumour" in (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")


def test_the_dialog_remembers_the_last_format_and_folder(
    qtbot, store: Store, tmp_path: Path, settings
) -> None:
    annotated(store)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("conll"))
    (tmp_path / "out").mkdir()
    dialog.output.setText(str(tmp_path / "out" / "claims.conll"))
    finish(qtbot, dialog)
    assert dialog.report is not None

    again = ExportDialog(store, settings=settings)
    qtbot.addWidget(again)
    assert again.format_combo.currentData() == "conll"
    assert Path(again.output.text()).parent == tmp_path / "out"
    assert again.output.text().endswith(".conll")


def test_a_format_that_writes_a_folder_says_so_and_shows_the_folder(
    qtbot, store: Store, tmp_path: Path, settings
) -> None:
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert "folder" in dialog.output.placeholderText()
    assert dialog.target.text() == "This format writes a folder of files."
    dialog.output.setText(str(tmp_path / "tables"))
    assert (
        dialog.target.text() == f"Writes the folder {tmp_path / 'tables'}/ with its files inside."
    )
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("conll"))
    # A file format: every file it writes is named (here the loss report beside the data).
    assert dialog.target.text() == (
        f"Writes 2 files in {tmp_path}: tables.conll, tables.conll.report.txt"
    )
    assert "file" in dialog.output.placeholderText()


def test_a_file_name_as_a_folder_target_is_refused_and_nothing_is_created(
    qtbot, monkeypatch, store: Store, tmp_path: Path, settings
) -> None:
    annotated(store)
    shown = capture_message_boxes(monkeypatch)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.output.setText(str(tmp_path / "claims.csv"))
    assert "claims.csv looks like a file name" in dialog.target.text()
    assert dialog.run_export() is None
    assert len(shown) == 1
    assert "claims.csv looks like a file name" in shown[0] and "such as claims" in shown[0]
    assert not (tmp_path / "claims.csv").exists() and dialog.report is None


@pytest.mark.slow
def test_cancelling_an_export_writes_nothing(
    qtbot, monkeypatch, store: Store, tmp_path: Path, settings
) -> None:
    from tests.helpers import write_articles

    import_paths(store, [write_articles(tmp_path / "many.jsonl", 2000)], actor="t")
    shown = capture_message_boxes(monkeypatch)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("native"))
    out = tmp_path / "all.annotations.jsonl"
    dialog.output.setText(str(out))
    job = dialog.run_export()
    assert job is not None and not dialog.export_button.isEnabled()
    job.progressed.connect(lambda *_: job.cancel())
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert shown == ["Nothing was written."]
    assert dialog.report is None and dialog.export_button.isEnabled()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith("all.")
    )


@pytest.mark.slow
def test_closing_the_dialog_during_an_export_cancels_it_quietly(
    qtbot, monkeypatch, store: Store, tmp_path: Path, settings
) -> None:
    from annotator.gui.workers import Outcome
    from tests.helpers import write_articles

    import_paths(store, [write_articles(tmp_path / "many.jsonl", 2000)], actor="t")
    shown = capture_message_boxes(monkeypatch)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("native"))
    out = tmp_path / "all.annotations.jsonl"
    dialog.output.setText(str(out))
    job = dialog.run_export()
    assert job is not None
    with qtbot.waitSignal(job.progressed, timeout=60_000):
        pass  # writing
    dialog.reject()  # Cancel or Escape: stops the export and waits for its thread
    assert job._runnable.ended.is_set()
    qtbot.waitUntil(lambda: not job.running)
    assert job.outcome is Outcome.CANCELLED and shown == [] and not out.exists()


def test_label_studio_export_tells_which_config_and_users_to_create(
    qtbot, store: Store, tmp_path: Path, settings
) -> None:
    annotated(store)
    dialog = ExportDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("label-studio"))
    dialog.output.setText(str(tmp_path / "tasks.json"))
    finish(qtbot, dialog)
    assert dialog.report is not None
    shown = summary(dialog.report)
    assert f"Labeling config: {tmp_path / 'tasks.label_config.xml'}" in shown
    assert "alice = alice@annotator.invalid" in shown
