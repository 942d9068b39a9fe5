"""File > Export: format, output, annotators, statuses, labels and splits, with progress.

The dialog only gathers options; the exporters of ``annotator.io.exporters`` do the work and
report what the chosen format could not hold, which is shown when the export ends.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.core.model import Status
from annotator.core.names import count, humanize
from annotator.core.splits import parse_split_spec
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.no_wheel import guard_wheel
from annotator.io import exporters
from annotator.store import Store

DEFAULT_SPLIT = "train=0.8,validation=0.1,test=0.1"


def _checklist(items: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    widget = QListWidget()
    for value, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(22 * min(len(items), 5) + 8)
    return widget


def _checked(widget: QListWidget) -> set[str]:
    return {
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    }


class ExportDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.report: exporters.ExportReport | None = None

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for name in exporters.names():
            self.format_combo.addItem(f"{name} — {exporters.get(name).description}", name)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.output = QLineEdit()
        self.output.setObjectName("exportOutput")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)

        names = store.annotators()
        self.annotators = _checklist([(n, n) for n in names], set(names))
        self.statuses = _checklist([(s.value, humanize(s.value)) for s in Status], set())
        labels = [(label.id, label.name) for label in store.schema.labels]
        self.labels = _checklist(labels, {label_id for label_id, _ in labels})
        self.split_box = QCheckBox("Split documents:")
        self.split_spec = QLineEdit(DEFAULT_SPLIT)
        self.split_spec.setEnabled(False)
        self.split_box.toggled.connect(self.split_spec.setEnabled)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(13)
        guard_wheel(self.format_combo, self.seed)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_box)
        split_row.addWidget(self.split_spec, 1)
        split_row.addWidget(QLabel("seed"))
        split_row.addWidget(self.seed)

        form = QFormLayout(self)
        form.addRow("&Format", self.format_combo)
        output_label = QLabel("&Output")  # a layout cannot be a buddy: name the line edit
        output_label.setBuddy(self.output)
        form.addRow(output_label, output_row)
        form.addRow("&Annotators", self.annotators)
        form.addRow("&Status", self.statuses)
        form.addRow("&Labels", self.labels)
        form.addRow(split_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._format_changed()

    def exporter(self) -> exporters.Exporter:
        return exporters.get(self.format_combo.currentData())

    def _format_changed(self, _index: int = 0) -> None:
        exporter = self.exporter()
        defaults = {s.value for s in exporter.default_statuses or Status}
        for i in range(self.statuses.count()):
            item = self.statuses.item(i)
            value = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if value in defaults else Qt.CheckState.Unchecked
            )
        current = self.output.text().strip()
        if current:
            stem = Path(current).name.split(".")[0]
            self.output.setText(str(Path(current).with_name(stem + exporter.suffix)))

    def _browse(self) -> None:
        exporter = self.exporter()
        if exporter.folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export into a new folder in…")
            chosen = str(Path(chosen) / f"export{exporter.suffix}") if chosen else ""
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", f"export{exporter.suffix}")
        if chosen:
            self.output.setText(chosen)

    def options(self) -> exporters.ExportOptions:
        annotators = _checked(self.annotators)
        labels = _checked(self.labels)
        statuses = _checked(self.statuses)
        if not statuses:
            raise UserError("choose at least one document status")
        return exporters.ExportOptions(
            # Everyone checked means no filter, so untouched documents are exported too.
            annotators=None
            if len(annotators) == self.annotators.count()
            else frozenset(annotators),
            statuses=frozenset(Status(s) for s in statuses),
            # Every label checked means no filter, so spans of labels the schema no longer
            # defines are exported too (and reported) rather than silently left out.
            labels=None if len(labels) == self.labels.count() else frozenset(labels),
            split=parse_split_spec(self.split_spec.text()) if self.split_box.isChecked() else None,
            seed=self.seed.value(),
        )

    def run_export(self) -> None:
        path_text = self.output.text().strip()
        try:
            if not path_text:
                raise UserError("choose where to write the export")
            options = self.options()
        except UserError as exc:
            plain.warning(self, "Export", str(exc))
            return
        progress = QProgressDialog("Exporting…", "Cancel", 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def report_progress(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        options = exporters.ExportOptions(
            annotators=options.annotators,
            statuses=options.statuses,
            labels=options.labels,
            split=options.split,
            seed=options.seed,
            progress=report_progress,
        )
        try:
            self.report = self.exporter().write(self.store, Path(path_text), options)
        except exporters.ExportCancelled:
            plain.information(self, "Export cancelled", "Nothing was written.")
            return
        except UserError as exc:
            # The message says what happened: refused, nothing written, or written but the
            # disk reported an error.
            plain.warning(self, "Export failed", str(exc))
            return
        finally:
            progress.reset()
            progress.deleteLater()
        self.accept()


def summary(report: exporters.ExportReport) -> str:
    lines = [
        f"Wrote {report.path}",
        f"{count(report.documents, 'document')}, {count(report.spans, 'span')}, "
        f"{count(report.relations, 'relation')}.",
    ]
    if report.splits:
        lines.append("Splits: " + ", ".join(f"{k} {v}" for k, v in report.splits.items()))
    if report.lost:
        lines.append("")
        lines.append("Not kept by this format:")
        lines += [f"• {line}" for line in report.lost]
    if report.unknown:
        lines.append("")
        lines.append("Not in the label schema (written as they are):")
        lines += [f"• {line}" for line in report.unknown]
    if report.notes:  # what to do with the output: Label Studio users, doccano settings
        lines.append("")
        lines += report.notes
    return "\n".join(lines)
