"""The import file dialog with the reading options of ``annotator import``: the text encoding
(``--encoding``) and, for web pages, only the main article (``--html main``).

The choices are remembered. A guessed encoding is always shown to the user after the import
(``guessed_encodings``): a wrong guess garbles text quietly, so it is never applied silently.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from annotator.io.importers import ReadOptions

IMPORT_FILTER = "Articles and annotations (*.txt *.html *.htm *.jsonl *.json *.csv);;All files (*)"
# (codec name for --encoding, what the user reads); None: UTF-8, a BOM or the page's own charset.
ENCODINGS: tuple[tuple[str | None, str], ...] = (
    (None, "UTF-8 (or the page's declared charset)"),
    ("auto", "Guess for each file (you will be told the guess)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8_r", "Cyrillic (KOI8-R)"),
    ("cp1252", "Western (Windows-1252)"),
    ("cp1256", "Arabic (Windows-1256)"),
    ("iso8859_6", "Arabic (ISO-8859-6)"),
    ("cp1254", "Turkish and Azerbaijani Latin (Windows-1254)"),
    ("armscii8", "Armenian (ARMSCII-8)"),
    ("utf_16", "UTF-16"),
)
_ENCODING_KEY = "import/encoding"
_MAIN_KEY = "import/htmlMain"


def import_dialog(parent: QWidget | None, settings: QSettings, *, folder: bool) -> QFileDialog:
    """A file (or folder) dialog with the reading options under its file list. Qt's own
    dialog is used (not the platform's), since only it can carry extra widgets."""
    title = "Import a folder of articles" if folder else "Import articles"
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(IMPORT_FILTER)
    options = QWidget(dialog)
    row = QHBoxLayout(options)
    row.setContentsMargins(0, 0, 0, 0)
    encoding = QComboBox(options)
    encoding.setObjectName("importEncoding")
    for codec, text in ENCODINGS:
        encoding.addItem(text, codec)
    remembered = settings.value(_ENCODING_KEY, "", type=str)
    found = encoding.findData(remembered or None)
    encoding.setCurrentIndex(max(found, 0))
    main = QCheckBox("Web pages: only the main article (no menus, bylines or footers)", options)
    main.setObjectName("importHtmlMain")
    main.setChecked(bool(settings.value(_MAIN_KEY, False, type=bool)))
    label = QLabel("&Text encoding:", options)
    label.setBuddy(encoding)
    row.addWidget(label)
    row.addWidget(encoding, 1)
    row.addWidget(main)
    grid = dialog.layout()
    if grid is not None:
        grid.addWidget(options)  # Qt's dialog lays itself out in a grid: one more row
    return dialog


def chosen_options(dialog: QFileDialog, settings: QSettings) -> ReadOptions:
    """The dialog's reading options, remembered for next time."""
    encoding = dialog.findChild(QComboBox, "importEncoding")
    main = dialog.findChild(QCheckBox, "importHtmlMain")
    codec = encoding.currentData() if encoding is not None else None
    keep_main = main is not None and main.isChecked()
    settings.setValue(_ENCODING_KEY, codec or "")
    settings.setValue(_MAIN_KEY, keep_main)
    return ReadOptions(encoding=codec or None, html="main" if keep_main else "visible")


def ask_import(
    parent: QWidget | None, settings: QSettings, *, folder: bool
) -> tuple[list[Path], ReadOptions] | None:
    """Ask for files (or a folder) and how to read them; None when the user cancels."""
    dialog = import_dialog(parent, settings, folder=folder)
    if not dialog.exec():
        return None
    paths = [Path(name) for name in dialog.selectedFiles()]
    return (paths, chosen_options(dialog, settings)) if paths else None


def guessed_encodings(notes: list[str]) -> list[str]:
    """The notes that tell which encoding was guessed for which file."""
    return [note for note in notes if "--encoding auto: read as" in note]
