"""The open document's suggestions (issue 13): computed off the GUI thread, filtered for the
window, walked, accepted and rejected.

The suggesters run in a worker (``gui/workers.py``) on a store of their own, which reads the
team's learned patterns and this annotator's decisions for the document. They run again,
debounced, whenever the document's spans or decisions change (the session's ``changed``),
so typing in the form never waits for them. Suggestions are never stored: accepting one runs
core's ``accept_commands`` through ``Session.run_many`` (one transaction, one undo step);
rejecting one records the decision, so it is never proposed again for that document.

What is shown leaves out labels turned off in View > Suggestions, rejected suggestions (the
store remembers them), and those overlapping a span of the same label this annotator has
already made, an accepted one's included (one suggestion a little wider than a hand-made span
is noise, not help). Those are hidden, not skipped: another suggestion may link to one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from annotator.core import names
from annotator.core.commands import Changes, Command, CreateSpan, SetStatus
from annotator.core.model import Status
from annotator.core.schema import LabelSchema
from annotator.core.suggest.base import Suggestion
from annotator.errors import UserError
from annotator.gui import crash
from annotator.gui.labels import find_label, label_name, relation_name
from annotator.gui.session import Session
from annotator.gui.suggestion_worker import SuggestionWorker
from annotator.store import Store

Key = tuple[str, int, int]

OPEN_DELAY_MS = 50  # after a document's first paint
CHANGE_DELAY_MS = 300  # after an edit: a burst of edits (a pause of 0.3 s) costs one run
# Past this length (a book, not an article) suggestions are not computed as you go: the
# suggesters take about 15 ms per 1,000 characters.
MAX_TEXT = 100_000

SHOWN_KEY = "suggestions/shown"
HIDDEN_LABELS_KEY = "suggestions/hiddenLabels"


@dataclass(frozen=True)
class Computed:
    """What a worker found for one document, as of one generation of its edits."""

    document_id: int
    generation: int
    items: list[Suggestion]
    outcomes: dict[Key, str]
    covered: frozenset[int] = field(default_factory=frozenset)  # indices overlapping a span


@dataclass(frozen=True)
class Failed:
    """A run that raised: shown once, and the document gets no further runs."""

    document_id: int
    error: Exception


def covered_by_spans(items: list[Suggestion], spans: Iterable[Key]) -> frozenset[int]:
    """Indices of the suggestions that overlap a span of the same label."""
    by_label: dict[str, list[tuple[int, int]]] = {}
    for label, start, end in spans:
        by_label.setdefault(label, []).append((start, end))
    longest: dict[str, int] = {}
    for label, ranges in by_label.items():
        ranges.sort()
        longest[label] = max(end - start for start, end in ranges)
    found = set()
    for index, item in enumerate(items):
        same = by_label.get(item.label)
        if not same:
            continue
        # Only spans starting within the longest span's length before it can reach it.
        at = bisect_left(same, (item.start - longest[item.label], -1))
        while at < len(same) and same[at][0] < item.end:
            if same[at][1] > item.start:
                found.add(index)
                break
            at += 1
    return frozenset(found)


def compute(
    store: Store,
    schema: LabelSchema,
    document_id: int,
    annotator: str,
    text: str,
    spans: list[Key],
    generation: int,
) -> Computed:
    """Run in the worker: every suggestion for the text, minus the rejected ones."""
    # Loaded here, in the worker, on first use: never at start-up.
    from annotator.core.suggest.base import SuggestContext
    from annotator.core.suggest.commands import keys_to_skip
    from annotator.core.suggest.run import suggest
    from annotator.paths import cache_dir

    outcomes = store.suggestion_outcomes(document_id, annotator)
    patterns = store.suggestion_patterns()
    context = SuggestContext(schema, patterns=patterns, cache_dir=cache_dir())
    # The spans already made are not skipped here but hidden (``covered``): a suggestion
    # may still link to one, and accepting it then links the existing span.
    items = suggest(text, context, skip=keys_to_skip(outcomes, ()))
    return Computed(document_id, generation, items, outcomes, covered_by_spans(items, spans))


def describe(schema: LabelSchema, items: list[Suggestion], index: int) -> str:
    """A suggestion as the tooltip and the preview line say it (plain text): label, text and
    suggester, then each attribute it would fill and each link it would make."""
    item = items[index]
    label = find_label(schema, item.label)
    lines = [f"Suggested {label_name(schema, item.label)}: “{short(item.text)}”"]
    for attribute in label.attributes if label is not None else ():
        value = item.attributes.get(attribute.id)
        if value not in (None, ""):
            lines.append(f"{attribute.name}: {names.value_name(attribute, value)}")
    for link in item.links:
        if 0 <= link.to < len(items):
            other = items[link.to]
            name = relation_name(schema, link.type)
            lines.append(
                f"{name[:1].upper()}{name[1:]} → "
                f"{label_name(schema, other.label)} “{short(other.text, 40)}”"
            )
    lines.append(f"from the {item.suggester} suggester")
    return "\n".join(lines)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SuggestionSet(QObject):
    """Signals: ``updated()`` when what is shown changed; ``currentChanged()`` when the
    suggestion being looked at changed; ``message(str)`` for the status bar."""

    updated = Signal()
    currentChanged = Signal()
    message = Signal(str)

    def __init__(self, session: Session, settings: QSettings, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.items: list[Suggestion] = []  # the document's whole list (links index into it)
        self.outcomes: dict[Key, str] = {}
        self.shown: list[int] = []  # indices into ``items``, in text order
        self.current = -1  # index into ``items`` of the suggestion looked at, or -1
        self.last_key: Key | None = None  # where the walk was, after the current one went
        self.enabled = bool(settings.value(SHOWN_KEY, True, type=bool))
        hidden = str(settings.value(HIDDEN_LABELS_KEY, "") or "")
        self.hidden_labels = {label for label in hidden.split(",") if label}
        self._covered: frozenset[int] = frozenset()
        self._gone: set[Key] = set()  # accepted or rejected here, until the next result
        self._generation = 0
        self._worker: SuggestionWorker | None = None  # made at the first run
        self._pending = False
        self._failed_on = -1  # the document whose suggesters failed: not run again for it
        self._reported = False  # a suggester's defect was shown (once a window)
        self.awaiting_paint = False  # a document was opened and is not painted yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_changed)
        session.reloaded.connect(lambda: self.schedule(CHANGE_DELAY_MS))

    # ---- computing -------------------------------------------------------------------------

    def _on_opened(self, _document_id: int) -> None:
        self.items, self.outcomes, self.shown, self._covered = [], {}, [], frozenset()
        self._gone.clear()
        self._failed_on = -1
        self.last_key = None
        self._set_current(-1)
        self.updated.emit()
        self._generation += 1
        self._timer.stop()
        self.awaiting_paint = True

    def painted(self) -> None:
        """The article was painted (the view's layer says so): the first run may start."""
        self.awaiting_paint = False
        document = self.session.document
        if self.enabled and document is not None and len(document.text) > MAX_TEXT:
            self.message.emit("No suggestions: this document is too long to suggest as you go.")
        self.schedule(OPEN_DELAY_MS)

    def _on_changed(self, changes: Changes) -> None:
        document = self.session.document
        if document is not None and changes.document_id == document.id:
            self.schedule(CHANGE_DELAY_MS)

    def schedule(self, delay_ms: int) -> None:
        """Compute again after ``delay_ms``; results of earlier runs are dropped."""
        self._generation += 1
        if self.enabled and self.session.document is not None and not self.awaiting_paint:
            self._timer.start(delay_ms)

    @property
    def busy(self) -> bool:
        """A run is waiting, under way, or due again: the list shown may still change."""
        running = self._worker is not None and self._worker.running
        return self.awaiting_paint or self._timer.isActive() or running or self._pending

    def stop(self) -> None:
        """The window is closing: no further run; the thread ends with its store closed."""
        self.enabled = False  # not remembered: the setting stays as the annotator left it
        self._timer.stop()
        self._pending = False
        if self._worker is not None:
            self._worker.close()

    def _start(self) -> None:
        document = self.session.document
        if document is None or not self.enabled or document.id == self._failed_on:
            return
        if self._worker is not None and self._worker.running:
            self._pending = True  # one run at a time; the next starts when this one ends
            return
        if len(document.text) > MAX_TEXT:
            return  # said once, when the document was opened
        session = self.session
        spans = [(s.label, s.start, s.end) for s in session.spans.values()]
        schema, annotator, generation = session.schema, session.annotator, self._generation
        text, document_id = document.text, document.id

        def work(store: Store) -> Computed | Failed:
            try:
                return compute(store, schema, document_id, annotator, text, spans, generation)
            except Exception as exc:  # reported once per document, not after every edit
                return Failed(document_id, exc)

        if self._worker is None:
            self._worker = SuggestionWorker(session.store.location, self)
            self._worker.ended.connect(self._ended)
        self._worker.run(work)

    def _ended(self, found: object) -> None:
        document = self.session.document
        if isinstance(found, Exception) and document is not None:
            found = Failed(document.id, found)  # the store could not be opened
        if isinstance(found, Computed | Failed):
            self._computed(found)
        if self._pending:
            self._pending = False
            self._start()

    def _computed(self, found: Computed | Failed) -> None:
        document = self.session.document
        if document is None or found.document_id != document.id:
            return
        if isinstance(found, Failed):
            self._failed_on = document.id
            self._pending = False
            if isinstance(found.error, UserError):
                self.message.emit(f"No suggestions for this document: {found.error}")
            elif not self._reported:
                self._reported = True  # one dialog a window: the same defect comes back
                crash.show_bug(found.error)  # a suggester's bug: the annotator's work is safe
            else:
                self.message.emit("No suggestions for this document: a suggester failed.")
            return
        if found.generation != self._generation:
            self._pending = True  # edited meanwhile: this list is already out of date
            return
        key = self.items[self.current].key if self.current >= 0 else None
        self.items, self.outcomes, self._covered = found.items, found.outcomes, found.covered
        self._gone.clear()
        self._refilter()
        kept = [i for i in self.shown if self.items[i].key == key]
        self._set_current(kept[0] if kept else -1)
        self.updated.emit()

    def _refilter(self) -> None:
        self.shown = [
            index
            for index, item in enumerate(self.items)
            if item.label not in self.hidden_labels
            and index not in self._covered
            and item.key not in self._gone
        ]

    # ---- what is shown ---------------------------------------------------------------------

    def set_enabled(self, on: bool) -> None:
        """Show suggestions or none at all (nothing is computed while off)."""
        self.enabled = on
        self.settings.setValue(SHOWN_KEY, on)
        if on:
            self.schedule(0)
        else:
            self._timer.stop()
            self.items, self.shown = [], []
            self._set_current(-1)
            self.updated.emit()

    def set_label_shown(self, label: str, on: bool) -> None:
        if on:
            self.hidden_labels.discard(label)
        else:
            self.hidden_labels.add(label)
        self.settings.setValue(HIDDEN_LABELS_KEY, ",".join(sorted(self.hidden_labels)))
        self._refilter()
        if self.current >= 0 and self.current not in self.shown:
            self._set_current(-1)
        self.updated.emit()

    def shown_items(self) -> list[tuple[int, Suggestion]]:
        return [(index, self.items[index]) for index in self.shown]

    def describe(self, index: int) -> str:
        return describe(self.session.schema, self.items, index)

    # ---- walking ---------------------------------------------------------------------------

    def _set_current(self, index: int) -> None:
        if index != self.current:
            self.current = index
            if index >= 0:
                self.last_key = self.items[index].key
            self.currentChanged.emit()

    def step(self, forward: bool, caret: int) -> int:
        """Make the next (or previous) shown suggestion current, after the current one, or
        where the walk last was, or the caret (code points); wraps around. Returns its index,
        or -1 when none is shown."""
        if not self.shown:
            self._set_current(-1)
            return -1
        if self.current >= 0:
            here = self.items[self.current].key
        elif self.last_key is not None:
            here = self.last_key
            # The one looked at last went (accepted, rejected): the next is the one after it.
        else:
            here = ("", caret, caret) if forward else ("\uffff", caret, caret)
        keys = [(self.items[i].start, self.items[i].end, self.items[i].label) for i in self.shown]
        mark = (here[1], here[2], here[0])
        if forward:
            after = [n for n, key in enumerate(keys) if key > mark]
            chosen = after[0] if after else 0
        else:
            before = [n for n, key in enumerate(keys) if key < mark]
            chosen = before[-1] if before else len(keys) - 1
        self._set_current(self.shown[chosen])
        return self.current

    def clear_current(self) -> None:
        self.last_key = None
        self._set_current(-1)

    # ---- deciding --------------------------------------------------------------------------

    def accept(self, indices: list[int]) -> str:
        """Accept these suggestions in one step (spans with their attributes and provenance,
        their links and the spans those point at); returns the uid of the first one's span,
        or "" when nothing was written."""
        from annotator.core.suggest.commands import accept_commands, title

        session, document = self.session, self.session.document
        if document is None or not indices:
            return ""
        try:
            commands = accept_commands(
                session.schema,
                document,
                session.annotator,
                self.items,
                indices,
                session.spans.values(),
                existing_relations=session.relations.values(),
                outcomes=self.outcomes,
            )
        except UserError as exc:
            self.message.emit(str(exc))
            return ""
        if not self._run(title(commands), commands):
            return ""
        linked = {link.to for i in indices for link in self.items[i].links}
        self._leave({self.items[i].key for i in (*indices, *linked) if 0 <= i < len(self.items)})
        first = self.items[indices[0]].key
        for uid, span in session.spans.items():
            if (span.label, span.start, span.end) == first:
                return uid
        return ""

    def reject(self, indices: list[int]) -> bool:
        """Reject these suggestions: remembered, never proposed again for this document."""
        from annotator.core.suggest.commands import reject_commands, title

        document = self.session.document
        if document is None or not indices:
            return False
        commands = reject_commands(
            document, self.session.annotator, self.items, indices, outcomes=self.outcomes
        )
        if not self._run(title(commands), commands):
            return False
        self._leave({self.items[i].key for i in indices})
        return True

    def _run(self, title: str, commands: list[Command]) -> bool:
        session = self.session
        document = session.document
        assert document is not None
        if session.status is Status.TODO and any(isinstance(c, CreateSpan) for c in commands):
            # The first span starts the document, as a hand-made one does; undo takes both.
            commands = [
                *commands,
                SetStatus(document.id, session.annotator, Status.IN_PROGRESS, seen=session.status),
            ]
        return session.run_many(title, commands)

    def _leave(self, keys: set[Key]) -> None:
        """Hide what was just decided at once; the next computed list confirms it."""
        self._gone |= keys
        self._refilter()
        self._set_current(-1)
        self.updated.emit()

    def indices_of_label(self, label: str) -> list[int]:
        return [index for index in self.shown if self.items[index].label == label]


__all__ = [
    "Computed",
    "SuggestionSet",
    "compute",
    "covered_by_spans",
    "describe",
]
