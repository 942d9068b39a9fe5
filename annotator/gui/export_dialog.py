"""File > Export: format, output, annotators, statuses, labels and splits, with progress.

The dialog only gathers options; the exporters of ``annotator.io.exporters`` do the work, in
a worker thread, and report what the chosen format could not hold, which is shown when the
export ends. The last format and folder are remembered; the line under the output names
exactly what will be written, a file or a folder.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
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
from annotator.gui.workers import Job, Progress, stop_jobs
from annotator.io import exporters
from annotator.store import Store

DEFAULT_SPLIT = "train=0.8,validation=0.1,test=0.1"
FORMAT_KEY = "export/format"
FOLDER_KEY = "export/folder"
# Endings that name a file: typed as the target of a format that writes a folder, they are
# refused rather than silently made into a folder called "claims.csv".
FILE_ENDINGS = frozenset(
    {".csv", ".tsv", ".txt", ".json", ".jsonl", ".jsonld", ".conll", ".xml", ".zip", ".ann"}
)


def folder_target_problem(exporter: exporters.Exporter, path: Path) -> str | None:
    """Why ``path`` cannot be the folder ``exporter`` writes, or None."""
    if exporter.folder and path.suffix.lower() in FILE_ENDINGS:
        return (
            f"{path.name} looks like a file name, but {exporter.name} writes a folder of "
            f"files; choose a folder name, such as {path.name[: -len(path.suffix)] or 'export'}"
        )
    return None


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
    def __init__(
        self, store: Store, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.report: exporters.ExportReport | None = None
        self.job: Job | None = None

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for name in exporters.names():
            self.format_combo.addItem(f"{name} — {exporters.get(name).description}", name)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.output = QLineEdit()
        self.output.setObjectName("exportOutput")
        self.output.textChanged.connect(self._show_target)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        self.target = plain.plain_label()
        self.target.setObjectName("exportTarget")
        self.target.setWordWrap(True)

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
        form.addRow("", self.target)
        form.addRow("&Annotators", self.annotators)
        form.addRow("&Status", self.statuses)
        form.addRow("&Labels", self.labels)
        form.addRow(split_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._remembered()
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
        self.output.setPlaceholderText(
            "a new folder for the files, e.g. …/dataset"
            if exporter.folder
            else f"a file, e.g. …/export{exporter.suffix}"
        )
        self._show_target()

    def _remembered(self) -> None:
        """The format and folder of the last export made from this dialog."""
        index = self.format_combo.findData(self.settings.value(FORMAT_KEY, "", type=str))
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        folder = str(self.settings.value(FOLDER_KEY, "", type=str))
        if folder and Path(folder).is_dir():
            self.output.setText(str(Path(folder) / f"export{self.exporter().suffix}"))

    def _remember(self, path: Path) -> None:
        self.settings.setValue(FORMAT_KEY, self.exporter().name)
        self.settings.setValue(FOLDER_KEY, str(path.absolute().parent))

    def _show_target(self, _text: str = "") -> None:
        """Say exactly what the export writes: a folder (with a trailing separator) or files."""
        text = self.output.text().strip()
        exporter = self.exporter()
        if not text:
            kind = "a folder of files" if exporter.folder else "one file"
            self.target.setText(f"This format writes {kind}.")
            return
        path = Path(text).absolute()
        problem = folder_target_problem(exporter, path)
        if problem is not None:
            self.target.setText(f"⚠ {problem}.")
        elif exporter.folder:
            self.target.setText(f"Writes the folder {path}/ with its files inside.")
        else:
            files = exporter.targets(path, self._preview_options()) if exporter.targets else []
            names = ", ".join(f.name for f in files) if len(files) > 1 else ""
            self.target.setText(
                f"Writes {len(files)} files in {path.parent}: {names}"
                if names
                else f"Writes the file {path}"
            )

    def _preview_options(self) -> exporters.ExportOptions:
        try:
            return self.options()
        except UserError:
            return exporters.ExportOptions()

    def _browse(self) -> None:
        exporter = self.exporter()
        current = self.output.text().strip()
        start = (
            str(Path(current).parent)
            if current
            else str(self.settings.value(FOLDER_KEY, "", type=str))
        )
        if exporter.folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export into a new folder in…", start)
            chosen = str(Path(chosen) / f"export{exporter.suffix}") if chosen else ""
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to", str(Path(start or ".") / f"export{exporter.suffix}")
            )
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

    def run_export(self) -> Job | None:
        """Check the options, then export in a worker; the dialog closes when it is written
        and stays open, saying why, when it is not. Returns the running job, if any."""
        path_text = self.output.text().strip()
        exporter = self.exporter()
        try:
            if not path_text:
                raise UserError("choose where to write the export")
            path = Path(path_text)
            problem = folder_target_problem(exporter, path)
            if problem is not None:
                raise UserError(problem)
            options = self.options()
        except UserError as exc:
            plain.warning(self, "Export", str(exc))
            return None

        def work(store: Store, progress: Progress) -> exporters.ExportReport:
            def step(done: int, total: int) -> bool:
                return progress.update(done, total, f"Exported {done} of {total} documents")

            return exporter.write(store, path, replace(options, progress=step))

        self.export_button.setEnabled(False)
        self.job = Job(
            "Export",
            self.store,
            work,
            write=False,
            owner=self,
            done=lambda report: self._exported(path, report),
            cancelled_text="Nothing was written.",
        )
        # The message says what happened: refused, nothing written, or written but the disk
        # reported an error.
        self.job.finished.connect(lambda: self.export_button.setEnabled(True))
        return self.job.start()

    def _exported(self, path: Path, report: exporters.ExportReport) -> None:
        self.report = report
        self._remember(path)
        self.accept()

    def reject(self) -> None:
        stop_jobs(self)  # closing the dialog cancels its export: nothing is written
        super().reject()


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
