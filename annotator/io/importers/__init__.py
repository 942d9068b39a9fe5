"""Importers by format name; importing this package registers every built-in format.

Typical use::

    report, errors = import_paths(store, [Path("articles/")], actor="ana")
"""

from annotator.io.importers import (  # other tools
    brat,
    csv,
    doccano,
    html,
    jsonl,
    label_studio,
    native,
    spans_jsonl,
    text,
)
from annotator.io.importers.encodings import ReadOptions, checked_encoding
from annotator.io.importers.files import collect, collect_files
from annotator.io.importers.native import read_native_lines
from annotator.io.importers.registry import (
    ImportCancelled,
    Importer,
    ReadErrors,
    ReadResult,
    detect,
    get,
    names,
    register,
    supported_extensions,
)
from annotator.io.importers.run import import_paths, read_all

__all__ = [
    "ImportCancelled",
    "Importer",
    "ReadErrors",
    "ReadOptions",
    "ReadResult",
    "brat",
    "checked_encoding",
    "collect",
    "collect_files",
    "csv",
    "detect",
    "doccano",
    "get",
    "html",
    "import_paths",
    "jsonl",
    "label_studio",
    "names",
    "native",
    "read_all",
    "read_native_lines",
    "register",
    "spans_jsonl",
    "supported_extensions",
    "text",
]
