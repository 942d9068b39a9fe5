"""Where the main window's docks go, how big they are, and which saved layout is trusted.

The default: the document list down the left and the span form with its links down the
right, both the window's full height; the span table (and Statistics, tabbed with it) only
under the article, a quarter of the height. So a tall table or plot never squeezes the form.

A saved layout is restored only if it was saved by this layout version and still looks sane
once shown (the article keeps more room than the table; the form is not squeezed; no dock
floats off every screen); otherwise the defaults apply and the saved one is forgotten, so a
broken layout cannot survive a restart. View > Reset Layout applies the defaults at any time.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

# Bump when the docks or their defaults change: a state saved by another version is dropped.
LAYOUT_VERSION = 2
STATE_KEY = "windowState"

Area = Qt.DockWidgetArea
# Minimum sizes: the form shows several fields (and scrolls to the rest), the lists a few rows.
FORM_MIN = (250, 220)
LINKS_MIN = (250, 130)
DOCUMENTS_MIN = (170, 160)
TABLE_MIN_HEIGHT = 100
ARTICLE_MIN = (240, 200)


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


class DockLayout(QObject):
    """Places ``docks`` (keys ``documents``, ``span``, ``relations``, ``spans``, ``stats``) in
    ``window``, restores and saves their state in ``settings``, and resets them."""

    def __init__(
        self, window: QMainWindow, docks: dict[str, QDockWidget], settings: QSettings
    ) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.settings = settings
        self._table_height = 0  # the span table's height before Statistics grew the area
        self._first_show = True
        self._sizes_pending = False  # defaults placed before the window had its size
        window.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        window.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        window.setDockNestingEnabled(True)
        minimums = {"span": FORM_MIN, "relations": LINKS_MIN, "documents": DOCUMENTS_MIN}
        for name, (width, height) in minimums.items():
            docks[name].widget().setMinimumSize(width, height)
        docks["spans"].widget().setMinimumHeight(TABLE_MIN_HEIGHT)
        central = window.centralWidget()
        if central is not None:
            central.setMinimumSize(*ARTICLE_MIN)
        stats = docks["stats"].toggleViewAction()
        stats.toggled.connect(self._statistics_toggled)
        window.installEventFilter(self)

    # ---- defaults ------------------------------------------------------------------------

    def place_defaults(self) -> None:
        """Every dock docked in its default area and order, Statistics hidden in a tab
        beside the span table, then the default proportions."""
        window, docks = self.window, self.docks
        for dock in docks.values():
            dock.setFloating(False)
        window.addDockWidget(Area.LeftDockWidgetArea, docks["documents"])
        window.addDockWidget(Area.RightDockWidgetArea, docks["span"])
        window.splitDockWidget(docks["span"], docks["relations"], Qt.Orientation.Vertical)
        window.addDockWidget(Area.BottomDockWidgetArea, docks["spans"])
        window.tabifyDockWidget(docks["spans"], docks["stats"])
        for name, dock in docks.items():
            dock.setVisible(name != "stats")
        docks["spans"].raise_()
        if self.window.isVisible():
            # Lay the moved docks out first: sizes only apply to docks in place.
            self._relayout()
            self.apply_default_sizes()
        else:
            self._sizes_pending = True

    def _relayout(self) -> None:
        layout = self.window.layout()
        if layout is not None:
            layout.activate()

    def default_sizes(self) -> dict[str, int]:
        """Default widths (documents, right column) and heights (form, links, table) for
        the window's current size."""
        width, height = self.window.width(), self.window.height()
        right_column = height - 80  # below the menu bar, above the status bar
        form = _clamp(right_column * 0.64, FORM_MIN[1], 900)
        return {
            "documents": _clamp(width * 0.24, DOCUMENTS_MIN[0], 440),
            "right": _clamp(width * 0.27, FORM_MIN[0], 480),
            "form": form,
            "links": max(LINKS_MIN[1], right_column - form),
            "table": _clamp(height * 0.24, TABLE_MIN_HEIGHT, 260),
        }

    def apply_default_sizes(self) -> None:
        sizes, docks = self.default_sizes(), self.docks
        self.window.resizeDocks(
            [docks["documents"], docks["span"]],
            [sizes["documents"], sizes["right"]],
            Qt.Orientation.Horizontal,
        )
        self.window.resizeDocks(
            [docks["span"], docks["relations"]],
            [sizes["form"], sizes["links"]],
            Qt.Orientation.Vertical,
        )
        self.window.resizeDocks([docks["spans"]], [sizes["table"]], Qt.Orientation.Vertical)
        self._table_height = sizes["table"]
        self._relayout()  # now, not at the next layout request

    def reset(self) -> None:
        """View > Reset Layout: the defaults now, and no saved state to bring a break back."""
        self.settings.remove(STATE_KEY)
        self.place_defaults()

    # ---- saved state ---------------------------------------------------------------------

    def restore(self) -> bool:
        """Restore the saved dock state if it is of this version; else place the defaults.
        Whether it still looks sane is checked when the window is first shown."""
        state = self.settings.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes) and self.window.restoreState(
            QByteArray(state), LAYOUT_VERSION
        ):
            return True
        self.settings.remove(STATE_KEY)
        self.place_defaults()
        return False

    def save(self) -> None:
        self.settings.setValue(STATE_KEY, self.window.saveState(LAYOUT_VERSION))

    def problems(self) -> list[str]:
        """What is wrong with the layout as shown (empty when it is sane)."""
        found: list[str] = []
        docks = self.docks
        central = self.window.centralWidget()
        bottom = [d for d in (docks["spans"], docks["stats"]) if _docked_and_shown(d)]
        table = max((d.height() for d in bottom if d.isVisible()), default=0)
        if central is not None and table > central.height() > 0:
            found.append(f"the table area ({table} px) is taller than the article")
        form = docks["span"]
        if _docked_and_shown(form) and form.widget().height() < FORM_MIN[1]:
            found.append(f"the span form is squeezed to {form.widget().height()} px")
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        for dock in docks.values():
            floating = dock.isFloating() and dock.isVisible()
            if floating and not any(a.intersects(dock.frameGeometry()) for a in screens):
                found.append(f"{dock.windowTitle()} floats off screen")
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show and self._first_show:
            self._first_show = False
            self.window.removeEventFilter(self)  # only the first show matters
            self._relayout()  # laid out at the size it is shown at
            self._after_first_show()
        return False

    def _after_first_show(self) -> None:
        if self._sizes_pending:  # proportions of the size the window is shown at
            self._sizes_pending = False
            self.apply_default_sizes()
        elif self.problems():  # a saved state that does not fit (another screen, a bug)
            self.reset()

    # ---- Statistics ----------------------------------------------------------------------

    def _statistics_toggled(self, on: bool) -> None:
        """Statistics grows the table area while it is open; closing it gives the table
        its own height back, so the plots never leave a table that dominates the window."""
        spans = self.docks["spans"]
        if on:
            if _docked_and_shown(spans):
                self._table_height = spans.height()
            return
        if not _docked_and_shown(spans):
            return
        height = self._table_height or self.default_sizes()["table"]
        self.window.resizeDocks([spans], [height], Qt.Orientation.Vertical)


def _docked_and_shown(dock: QWidget) -> bool:
    """Docked and open (a tab behind another counts as open: the user has not closed it)."""
    return (
        isinstance(dock, QDockWidget)
        and not dock.isFloating()
        and dock.toggleViewAction().isChecked()
    )
