"""Value widgets that the mouse wheel cannot change by passing over them.

Qt lets a combo box, spin box or slider take wheel events whenever the pointer is over it, and
a combo emits ``activated`` (which the span form saves) on every notch: scrolling a form would
rewrite the annotations under the pointer. A guarded widget takes focus only by click or Tab,
and while it lacks focus a wheel event scrolls the scroll area around it (if any) instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QWheelEvent)
            and isinstance(watched, QWidget)
            and not watched.hasFocus()  # follows the focus proxy of an editable combo
        ):
            _scroll_around(watched, event)
            return True
        return False


def _scroll_around(widget: QWidget, event: QWheelEvent) -> None:
    """Hand ``event`` to the viewport of the nearest scroll area holding ``widget``.

    Done here rather than by ignoring the event: Qt passes an ignored wheel event on to the
    parent only when it came from the window system, and the behaviour must not depend on that.
    """
    viewport = widget.parentWidget()
    while viewport is not None:
        area = viewport.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is viewport:
            position = viewport.mapFromGlobal(event.globalPosition())
            forwarded = QWheelEvent(
                position,
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
            )
            QApplication.sendEvent(viewport, forwarded)
            return
        viewport = area


def guard_wheel(*widgets: QWidget) -> None:
    """Let the wheel change each of ``widgets`` only while it has focus, and never give focus."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_WheelGuard(widget))
