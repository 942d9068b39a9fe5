"""File > Export through the dialog, on a real database."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.model import Span, Status, new_uid
from annotator.gui.export_dialog import ExportDialog, summary
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES


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
    assert "4 documents, 1 spans" in summary(dialog.report)


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
