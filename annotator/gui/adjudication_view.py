"""The adjudication view (``adjudicationView``): from several annotators' work to a gold set.

Per document: one lane per annotator and a gold lane, the article with the gold spans, and a
queue of conflicts. Keys: N / P next and previous conflict, 1-9 accept annotator k's variant,
X reject, E edit the gold span in the form, A accept everything unanimous, Ctrl+Z undo.
Decisions are gold spans and links (annotator ``gold``) with provenance, saved at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core import adjudicate, commands
from annotator.core.merge import GOLD, MergedDocument
from annotator.core.model import Status
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.document_view import DocumentView
from annotator.gui.importing import run_import
from annotator.gui.lanes import Lanes
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.session import Session
from annotator.gui.span_form import SpanForm
from annotator.store import Store

HELP = "N / P next / previous · 1–9 accept a variant · X reject · E edit · A accept unanimous"


class AdjudicationView(QWidget):
    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudicationView")
        self.setAccessibleName("adjudicationView")
        self.setWindowTitle("Adjudication — annotator")
        self.store = store
        self.gold = Session(store, GOLD, self)
        self.merged: MergedDocument | None = None
        self.works: list[adjudicate.Work] = []
        self.index = -1

        self.documents = QComboBox()
        self.documents.setObjectName("adjudicationDocuments")
        guard_wheel(self.documents)
        self.documents.currentIndexChanged.connect(self._document_chosen)
        self.summary = plain.plain_label()
        unanimous = QPushButton("Accept all &unanimous")
        unanimous.clicked.connect(self.accept_all_unanimous)
        open_files = QPushButton("Import exported files…")
        open_files.clicked.connect(self.import_files)
        done = QPushButton("Mark gold &done")
        done.clicked.connect(self.mark_done)
        top = QHBoxLayout()
        top.addWidget(self.documents, 2)
        top.addWidget(self.summary, 1)
        top.addWidget(unanimous)
        top.addWidget(open_files)
        top.addWidget(done)

        self.lanes = Lanes()
        self.lanes.conflictClicked.connect(self.go_to)
        self.view = DocumentView(self.gold)
        self.view.labelling_enabled = False
        self.title = plain.plain_label()
        self.title.setObjectName("conflictTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.state = plain.plain_label()
        self.state.setObjectName("conflictState")
        self.variants = QListWidget()
        self.variants.setObjectName("conflictVariants")
        self.form = SpanForm(self.gold)
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        for widget in (self.title, self.state, self.variants, hint, self.form):
            side_layout.addWidget(widget)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setSizes([700, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        legend = QLabel(
            "<span style='color:#4e9a5a'>■</span> agreed &nbsp; "
            "<span style='color:#e69f00'>■</span> in a conflict &nbsp; "
            "<span style='color:#d1301f'>⬚</span> missing &nbsp; "
            "<span style='color:#0072b2'>■</span> gold &nbsp; "
            "<span style='background:rgba(255,214,0,0.3)'>&nbsp;&nbsp;</span> current conflict"
        )
        layout.addWidget(legend)
        layout.addWidget(self.lanes)
        layout.addWidget(splitter, 1)

        keys = {
            "N": lambda: self.step(1),
            "P": lambda: self.step(-1),
            "X": self.reject_current,
            "E": self.edit_current,
            "A": self.accept_all_unanimous,
            "Ctrl+Z": self.gold.undo,
            "Ctrl+Shift+Z": self.gold.redo,
        }
        for digit in range(1, 10):
            keys[str(digit)] = lambda k=digit: self.accept(k - 1)
        for sequence, slot in keys.items():
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.gold.changed.connect(lambda _changes: self._show_conflict())
        # The annotators' work can change under the view: another window, another process.
        self.gold.hub.changed.connect(self._heard)
        self.gold.hub.external.connect(self._heard_external)
        self.gold.failed.connect(lambda message: plain.warning(self, "Decision not saved", message))
        self.reload_documents()

    # ---- documents ---------------------------------------------------------------------------

    def reload_documents(self) -> None:
        """Documents that at least one annotator has finished."""
        statuses = self.store.statuses()
        current = self.documents.currentData()
        self.documents.blockSignals(True)
        self.documents.clear()
        for info in self.store.list_documents():
            done = [
                n
                for n, (s, _) in statuses.get(info.id, {}).items()
                if s is Status.DONE and n != GOLD
            ]
            if done:
                self.documents.addItem(f"{info.title or info.doc_id}  ({len(done)} done)", info.id)
        self.documents.blockSignals(False)
        index = max(self.documents.findData(current), 0) if self.documents.count() else -1
        self.documents.setCurrentIndex(index)
        self._document_chosen(index)

    def _heard(self, changes, origin) -> None:
        if origin is not self.gold:
            self._changed_elsewhere({changes.document_id}, reload=False)

    def _heard_external(self, found) -> None:
        self._changed_elsewhere(set(found.document_ids), reload=found.reload)

    def _changed_elsewhere(self, document_ids: set[int], *, reload: bool) -> None:
        current = self._document_id()
        if reload or document_ids - {current}:
            self.reload_documents()  # finished work may have appeared or gone
        elif current is not None and current in document_ids:
            self.open_document(current, keep_place=True)

    def _document_chosen(self, _index: int) -> None:
        document_id = self.documents.currentData()
        if document_id is None:
            self.merged = None
            self.summary.setText("No finished work to adjudicate yet.")
            return
        self.open_document(int(document_id), keep_place=document_id == self._document_id())

    def open_document(self, document_id: int, *, keep_place: bool = False) -> None:
        """Merge the annotators' work on a document; ``keep_place`` stays at the current
        conflict when the same document is merged again after changes elsewhere."""
        store = self.store
        document = store.document(document_id)
        statuses = store.statuses().get(document_id, {})
        names = sorted(set(statuses) | {s.annotator for s in store.spans(document_id)})
        self.works = [
            adjudicate.Work(
                name,
                statuses.get(name, (Status.TODO, ""))[0],
                tuple(store.spans(document_id, name)),
                tuple(store.relations(document_id, name)),
            )
            for name in names
            if name != GOLD
        ]
        self.merged = adjudicate.document_merge(document, self.works, store.schema)
        self.gold.document = None  # force a reload of the gold spans
        self.gold.open_document(document_id)
        place = self.index if keep_place else 0
        self.index = min(max(place, 0), len(self.merged.conflicts) - 1)
        self._show_conflict()

    # ---- the queue -------------------------------------------------------------------------------

    def conflict(self) -> dict | None:
        if self.merged is None or not 0 <= self.index < len(self.merged.conflicts):
            return None
        return self.merged.conflicts[self.index]

    def step(self, delta: int) -> None:
        if self.merged and self.merged.conflicts:
            self.go_to((self.index + delta) % len(self.merged.conflicts))

    def go_to(self, index: int) -> None:
        self.index = index
        self._show_conflict()

    def _document_id(self) -> int | None:
        return self.gold.document.id if self.gold.document is not None else None

    def _gold_spans(self) -> list:
        return list(self.gold.spans.values())

    def _show_conflict(self) -> None:
        merged = self.merged
        if merged is None:
            return
        participants = adjudicate.participants(merged)
        gold = self._gold_spans()
        relations = list(self.gold.relations.values())
        document_id = self._document_id()
        decisions = self.store.decisions(document_id) if document_id is not None else {}
        settled = sum(
            1 for c in merged.conflicts if adjudicate.conflict_state(c, gold, relations, decisions)
        )
        self.summary.setText(
            f"{len(participants)} participants · {len(merged.conflicts)} conflicts "
            f"({settled} decided) · gold: {len(gold)} spans"
        )
        works = {w.annotator: w.spans for w in self.works if w.annotator in participants}
        self.lanes.set_data(len(merged.document.text), works, merged.conflicts, gold)
        self.lanes.set_current(self.index)
        self.variants.clear()
        conflict = self.conflict()
        if conflict is None:
            self.title.setText(
                "No conflicts in this document." if not merged.conflicts else "Pick a conflict (N)."
            )
            self.state.setText("")
            return
        what = (
            conflict.get("attribute")
            or conflict.get("relation")
            or "/".join(conflict.get("labels") or [conflict.get("label") or ""])
        )
        self.title.setText(
            f"Conflict {self.index + 1} of {len(merged.conflicts)} · "
            f"{conflict['type']} · {what} · {conflict['votes']} of "
            f"{conflict['participants']} votes"
        )
        state = adjudicate.conflict_state(conflict, gold, relations, decisions)
        self.state.setText(f"Decided: {state}" if state else "Not decided yet.")
        for k, variant in enumerate(conflict["variants"], start=1):
            self.variants.addItem(f"{k}  {variant['annotator']}: {_describe(conflict, variant)}")
        for name in conflict.get("absent", []):
            self.variants.addItem(f"    {name}: (nothing here)")
        self._reveal(conflict)

    def _reveal(self, conflict: dict) -> None:
        start, end = (
            (conflict["start"], conflict["end"])
            if conflict["type"] != "relation"
            else (conflict["from"]["start"], conflict["to"]["end"])
        )
        start, end = min(start, end), max(start, end)
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.mapping.to_utf16(start))
        cursor.setPosition(self.view.mapping.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    # ---- decisions ---------------------------------------------------------------------------

    def _run(self, title: str, made: list) -> None:
        if made:
            self.gold.run_many(title, made)

    def accept(self, index: int) -> None:
        conflict = self.conflict()
        document = self.gold.document
        if conflict is None or document is None:
            return
        try:
            made = adjudicate.accept_variant(
                document,
                conflict,
                index,
                self._gold_spans(),
                list(self.gold.relations.values()),
                self.store.schema,
            )
        except UserError as exc:
            self.state.setText(f"⚠ {exc}")
            return
        self._run(f"Accept variant {index + 1}", made)
        self._advance()

    def _advance(self) -> None:
        """After a decision, move on to the next conflict (stay on the last one)."""
        if self.merged is not None and self.index < len(self.merged.conflicts) - 1:
            self.go_to(self.index + 1)
        else:
            self._show_conflict()

    def reject_current(self) -> None:
        conflict = self.conflict()
        document = self.gold.document
        if conflict is None or document is None:
            return
        made = adjudicate.reject(
            document, conflict, self._gold_spans(), list(self.gold.relations.values())
        )
        self._run("Reject", made)
        self._advance()

    def edit_current(self) -> None:
        conflict = self.conflict()
        if conflict is None or conflict["type"] == "relation":
            return
        span = adjudicate.gold_at(
            self._gold_spans(),
            conflict["start"],
            conflict["end"],
            conflict.get("labels") or [conflict["label"]],
        )
        if span is None:
            self.state.setText("⚠ Nothing in gold here yet: accept a variant first.")
            return
        self.gold.select_span(span.uid)
        self.form.setFocus()
        self.form.focusNextChild()

    def accept_all_unanimous(self) -> None:
        document = self.gold.document
        if self.merged is None or document is None:
            return
        try:
            made = adjudicate.accept_unanimous(
                document,
                self.merged,
                self._gold_spans(),
                list(self.gold.relations.values()),
                self.store.schema,
            )
        except UserError as exc:  # e.g. a link type the schema no longer has
            self.state.setText(f"⚠ {exc}")
            return
        self._run("Accept all unanimous", made)
        self.state.setText(f"Accepted {len(made)} unanimous spans and links.")

    def mark_done(self) -> None:
        document = self.gold.document
        if document is not None:
            self.gold.run(
                commands.SetStatus(
                    document.id, GOLD, Status.DONE, text="Gold done", seen=self.gold.status
                )
            )

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import annotators' exported files", "", "Native files (*.jsonl)"
        )
        if files and run_import(self, self.gold, [Path(f) for f in files]) is not None:
            self.reload_documents()
            plain.information(self, "Imported", "The annotators' work is ready to adjudicate.")


def _describe(conflict: dict, variant: dict) -> str:
    if conflict["type"] == "attribute":
        return f"{conflict['attribute']} = {variant['value']}"
    if conflict["type"] == "relation":
        return f"links {variant['from_id']} → {variant['to_id']}"
    attributes = ", ".join(f"{k}={v}" for k, v in variant["attributes"].items())
    return f"{variant['label']} [{variant['start']}–{variant['end']}] “{variant['text']}”" + (
        f" ({attributes})" if attributes else ""
    )
