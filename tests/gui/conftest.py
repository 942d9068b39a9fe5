"""The main window as most GUI tests open it: alice's session on the test database, with its
settings in a temporary ini file (never the user's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.gui.main_window import MainWindow
from annotator.store import Store
from tests.gui.test_annotation_window import open_window


@pytest.fixture
def window_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store: Store, window_settings: QSettings) -> MainWindow:
    """The main window, shown, on an empty database (a module may override it)."""
    return open_window(qtbot, store, window_settings)


@pytest.fixture
def sample_window(window: MainWindow) -> MainWindow:
    """The main window with the bundled sample articles imported."""
    window.load_samples()
    return window
