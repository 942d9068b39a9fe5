"""File > Export through the dialog, on a real database."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.model import Span, Status, new_uid
from annotator.gui.export_dialog import ExportDialog, summary
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.gui.dialogs import capture_message_boxes


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


def test_native_export_through_the_dialog(qtbot, store: Store, tmp_path: Path) -> None:
    annotated(store)
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("native"))
    out = tmp_path / "all.annotations.jsonl"
    dialog.output.setText(str(out))
    dialog.run_export()
    assert dialog.report is not None
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["kind"] == "header"
    assert len(lines) == 1 + 4  # every status by default for the lossless format
    assert "4 documents, 1 span," in summary(dialog.report)


def test_status_defaults_follow_the_format_and_split_is_applied(
    qtbot, store: Store, tmp_path: Path
) -> None:
    annotated(store)
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("hf"))
    options = dialog.options()
    assert options.statuses == frozenset({Status.DONE})
    dialog.split_box.setChecked(True)
    assert dialog.options().split == {"train": 0.8, "validation": 0.1, "test": 0.1}
    dialog.output.setText(str(tmp_path / "dataset"))
    dialog.run_export()
    assert dialog.report is not None and dialog.report.documents == 1
    assert sum(dialog.report.splits.values()) == 1


def test_an_output_that_is_or_holds_the_database_is_refused_in_a_box(
    qtbot, monkeypatch, store: Store, db_path: Path, tmp_path: Path
) -> None:
    import hashlib

    annotated(store)
    shown = capture_message_boxes(monkeypatch)  # and checks that each is plain text
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for name, output in (("conll", db_path), ("native", f"{db_path}-wal"), ("hf", tmp_path)):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(name))
        dialog.output.setText(str(output))
        dialog.run_export()
        assert dialog.report is None and dialog.result() == 0  # the dialog stays open
    assert len(shown) == 3 and all("refused" in text and "database" in text for text in shown)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in [db_path, *db_path.parent.glob(f"{db_path.name}-*")]
    )


def test_every_label_checked_exports_labels_the_schema_lacks(
    qtbot, store: Store, tmp_path: Path
) -> None:
    annotated(store)
    doc = store.find_document("02-war-toll")
    store.add_span(
        Span(uid=new_uid("s"), document_id=doc.id, annotator="alice", label="rumour",
             start=0, end=4, text=doc.text[:4])
    )  # fmt: skip
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("brat"))
    dialog.output.setText(str(tmp_path / "brat"))
    dialog.run_export()
    assert dialog.report is not None and dialog.report.spans == 2
    assert "Not in the label schema" in summary(dialog.report)
    assert "rumour" in (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")


def test_label_studio_export_tells_which_config_and_users_to_create(
    qtbot, store: Store, tmp_path: Path
) -> None:
    annotated(store)
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("label-studio"))
    dialog.output.setText(str(tmp_path / "tasks.json"))
    dialog.run_export()
    assert dialog.report is not None
    shown = summary(dialog.report)
    assert f"Labeling config: {tmp_path / 'tasks.label_config.xml'}" in shown
    assert "alice = alice@annotator.invalid" in shown
