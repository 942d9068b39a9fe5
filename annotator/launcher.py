"""The ``annotator`` program: the window, or a headless command.

It sits above both front ends so that neither imports the other: the command line (``cli``)
is told how to open the window and how to draw the statistics plots, and both are imported
only when asked for, so headless commands never load Qt.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.main import main as cli_main

if TYPE_CHECKING:
    from annotator.store import Store


def open_window(db: str | None, load_samples: bool) -> int:
    # No collections while start-up makes its ~90,000 long-lived objects (a tenth of its CPU
    # time, for a few hundred objects of garbage); run_app freezes them and turns the collector
    # back on once the window is shown.
    gc.disable()
    # The store (SQLAlchemy) and the paths are loaded before Qt: once PySide6 is imported, its
    # import hook reads the source of every module imported after it (to look for
    # ``from __feature__``), which made SQLAlchemy's few hundred modules load a fifth slower.
    import annotator.paths
    import annotator.store  # noqa: F401
    from annotator.gui.app import run_app

    return run_app(db=db, load_samples=load_samples)


def write_plots(store: Store, folder: Path) -> list[Path]:
    # `stats --plots` draws offscreen: it must work without a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.plots import write_all_plots

    return write_all_plots(store, folder)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, open_window=open_window, write_plots=write_plots)
