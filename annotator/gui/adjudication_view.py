"""The adjudication view (``adjudicationView``): from several annotators' work to a gold set.

Per document: one numbered lane per participant and a gold lane, the article with the gold
spans, and a queue of conflicts. Keys: N / P next and previous conflict, digit k takes the
version of the k-th lane from the top as drawn (nothing there takes nothing, as X does), X
reject, E edit the gold span in the form, A accept everything unanimous, Ctrl+Z undo.
Decisions are gold spans and links (annotator ``gold``) with provenance; each is one
transaction and one undo step, and reaches every other view through the change hub.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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

from annotator.core import adjudicate, commands, conflict_text
from annotator.core.conflicts import Conflict
from annotator.core.merge import GOLD, MergedDocument
from annotator.core.model import Status
from annotator.core.names import count
from annotator.errors import UserError
from annotator.gui import plain
from annotator.gui.document_view import DocumentView
from annotator.gui.importing import start_import
from annotator.gui.lanes import Lanes
from annotator.gui.no_wheel import guard_wheel
from annotator.gui.session import Session
from annotator.gui.span_form import SpanForm
from annotator.store import Store

HELP = (
    "N / P next / previous conflict · 1–9 take the version of lane 1–9 as drawn above "
    "(a lane with nothing there takes nothing) · X reject · E edit the gold span · "
    "A accept all unanimous · Ctrl+Z undo"
)
UNANIMOUS_TIP = (
    "Accept every span that all participants marked with the same label, boundaries and "
    "attribute values, and the majority links between gold spans. A span with any "
    "disagreement, an attribute one included, is left to its conflict."
)
MAX_LISTED = 12  # open conflicts listed by "Mark gold done" before "and N more"


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
        unanimous.setToolTip(plain.tooltip(UNANIMOUS_TIP))
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
        # A version is a sentence (span text, label, attributes): wrap it, never hide its end.
        self.variants.setWordWrap(True)
        self.variants.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = SpanForm(self.gold)
        hint = QLabel(HELP)
        hint.setObjectName("adjudicationHelp")
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

        keys: dict[str, Callable[[], object]] = {
            "N": lambda: self.step(1),
            "P": lambda: self.step(-1),
            "X": self.reject_current,
            "E": self.edit_current,
            "A": self.accept_all_unanimous,
            "Ctrl+Z": self.gold.undo,
            "Ctrl+Shift+Z": self.gold.redo,
        }
        for digit in range(1, 10):
            keys[str(digit)] = functools.partial(self.accept, digit - 1)  # lane k as drawn
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
                title = info.title or info.doc_id
                self.documents.addItem(f"{title}  ({len(done)} done)", info.id)
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

    def conflict(self) -> Conflict | None:
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

    def _gold_relations(self) -> list:
        return list(self.gold.relations.values())

    def _decisions(self) -> dict[str, str]:
        document_id = self._document_id()
        return self.store.decisions(document_id) if document_id is not None else {}

    def open_conflicts(self) -> list[Conflict]:
        """The conflicts of this document nothing has been decided for yet."""
        if self.merged is None:
            return []
        return adjudicate.open_conflicts(
            self.merged.conflicts,
            self._gold_spans(),
            self._gold_relations(),
            self._decisions(),
            self.store.schema,
        )

    def _show_conflict(self) -> None:
        merged = self.merged
        if merged is None:
            return
        schema = self.store.schema
        participants = adjudicate.participants(merged)
        gold = self._gold_spans()
        relations = self._gold_relations()
        decisions = self._decisions()
        settled = len(merged.conflicts) - len(self.open_conflicts())
        self.summary.setText(
            f"{count(len(participants), 'participant')} · "
            f"{count(len(merged.conflicts), 'conflict')} ({settled} decided) · "
            f"gold: {count(len(gold), 'span')}"
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
        self.title.setText(
            f"Conflict {self.index + 1} of {len(merged.conflicts)} · "
            + conflict_text.title(conflict, schema)
        )
        state = adjudicate.conflict_state(conflict, gold, relations, decisions, schema)
        self.state.setText(f"Decided: {state}" if state else "Not decided yet.")
        for k, name in enumerate(self.lanes.annotators, start=1):
            self.variants.addItem(f"{k}  {conflict_text.choice_text(conflict, name, schema)}")
        self._reveal(conflict)

    def _reveal(self, conflict: Conflict) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.mapping.to_utf16(conflict.start))
        cursor.setPosition(
            self.view.mapping.to_utf16(conflict.end), QTextCursor.MoveMode.KeepAnchor
        )
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    # ---- decisions ---------------------------------------------------------------------------

    def _run(self, title: str, made: list) -> bool:
        """One decision: one transaction, one undo step (nothing to do is no step)."""
        return bool(made) and self.gold.run_many(title, made)

    def accept(self, lane: int) -> None:
        """Take the version of the annotator drawn in lane ``lane`` (0-based, from the top)."""
        conflict = self.conflict()
        document = self.gold.document
        if conflict is None or document is None or self.merged is None:
            return
        if not 0 <= lane < len(self.lanes.annotators):
            self.state.setText(f"⚠ There is no lane {lane + 1}.")
            return
        name = self.lanes.annotators[lane]
        try:
            made = adjudicate.choose(
                document,
                self.merged,
                conflict,
                name,
                self._gold_spans(),
                self._gold_relations(),
                self.store.schema,
            )
        except UserError as exc:
            self.state.setText(f"⚠ {exc}")
            return
        if not made or self._run(f"Take {name}'s version", made):
            self._advance()  # nothing to do: gold already holds this version

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
        made = adjudicate.reject(document, conflict, self._gold_spans(), self._gold_relations())
        if self._run("Reject", made):
            self._advance()

    def edit_current(self) -> None:
        conflict = self.conflict()
        if conflict is None or conflict.kind == "relation":
            return
        span = adjudicate.gold_span_for(conflict, self._gold_spans())
        if span is None:
            self.state.setText("⚠ Nothing in gold here yet: take a lane's version first (1–9).")
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
                self._gold_relations(),
                self.store.schema,
            )
        except UserError as exc:  # e.g. a link type the schema no longer has
            self.state.setText(f"⚠ {exc}")
            return
        if made and not self._run("Accept all unanimous", made):
            return
        spans = sum(isinstance(c, commands.CreateSpan) for c in made)
        links = len(made) - spans
        left = len(self.open_conflicts())
        self.state.setText(
            f"Accepted {count(spans, 'span')} and {count(links, 'link')} that every participant "
            f"agreed on. {count(left, 'conflict')} still open: a span with any disagreement, "
            "an attribute one included, is left to its conflict."
        )

    def mark_done(self) -> None:
        """Gold is done; with conflicts still open, only after listing them and asking."""
        document = self.gold.document
        if document is None:
            return
        open_now = self.open_conflicts()
        if open_now:
            schema = self.store.schema
            lines = [f"• {conflict_text.title(c, schema)}" for c in open_now[:MAX_LISTED]]
            if len(open_now) > MAX_LISTED:
                lines.append(f"… and {len(open_now) - MAX_LISTED} more")
            question = (
                f"{count(len(open_now), 'conflict')} in this document "
                f"{'is' if len(open_now) == 1 else 'are'} not decided yet:\n\n"
                + "\n".join(lines)
                + "\n\nMark the gold set done anyway?"
            )
            if not plain.question(self, "Open conflicts", question):
                return
        self.gold.run(
            commands.SetStatus(
                document.id, GOLD, Status.DONE, text="Gold done", seen=self.gold.status
            )
        )

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import annotators' exported files", "", "Native files (*.jsonl)"
        )
        if files:
            start_import(self, self.gold, [Path(f) for f in files], self._imported)

    def _imported(self, _report) -> None:
        self.reload_documents()
        plain.information(self, "Imported", "The annotators' work is ready to adjudicate.")
