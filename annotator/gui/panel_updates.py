"""Side panels catch up after the text view has painted, and always before the next input.

A label key changes the text view, and with it the span form (often another page of fields),
the span table, the link list, the document list and the status bar. Painted in the same
pass, the panels made the new span wait for them: about half of the time a labelling action
took. So panels hear the session through ``follow``: their slots are queued here and run from
a zero timer, which fires once the event loop has painted the text view, a frame later.

Queued work must never let input meet an older state (a value typed into the form landing on
the span selected before). So the queue is also run before any key, mouse, wheel or focus
event is delivered, whoever receives it: a user's input, as a test's simulated input, always
finds every panel showing what the session holds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, SignalInstance

Slot = Callable[..., object]

# What a user does: each of these first brings every panel up to date. A key acts on its
# press (its release, a few tens of milliseconds later, changes nothing), a click on its
# release as well.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.InputMethod,
        QEvent.Type.FocusIn,
        QEvent.Type.DragEnter,
        QEvent.Type.Drop,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class PanelUpdates(QObject):
    """The application's queue of panel updates (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: deque[tuple[Slot, tuple[object, ...]]] = deque()
        self._running = False
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.run)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def post(self, slot: Slot, args: tuple[object, ...]) -> None:
        self._pending.append((slot, args))
        if not self._watching:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._watching = True
        if not self._timer.isActive():
            self._timer.start()

    def run(self) -> None:
        """Run every queued update now, in the order the session's signals were emitted
        (and those they queue in turn)."""
        if self._running:
            return  # a nested event loop inside an update: the outer run goes on
        self._running = True
        try:
            while self._pending:
                slot, args = self._pending.popleft()
                owner = getattr(slot, "__self__", None)
                if isinstance(owner, QObject) and not shiboken6.isValid(owner):
                    continue  # the panel was deleted meanwhile
                slot(*args)
        finally:
            self._running = False
            if not self._pending:
                self._stop_watching()

    def _stop_watching(self) -> None:
        self._timer.stop()
        if self._watching:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._watching = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if self._pending and not self._running and event.type() in INPUT_EVENTS:
            self.run()
        return False


_queue: PanelUpdates | None = None


def panel_updates() -> PanelUpdates:
    """The application's one queue, made on first use."""
    global _queue
    if _queue is None or not shiboken6.isValid(_queue):
        _queue = PanelUpdates()
    return _queue


def follow(signal: SignalInstance, slot: Slot) -> None:
    """Connect a side panel's ``slot`` (a method of the panel) to a session ``signal``,
    through the queue: it runs after the text view has painted, and before the next input."""
    signal.connect(lambda *args: panel_updates().post(slot, args))


def settle() -> None:
    """Bring every panel up to date now (for code that reads a panel right after an edit)."""
    panel_updates().run()
