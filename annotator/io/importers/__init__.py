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
from annotator.io.importers.native import read_native_lines
from annotator.io.importers.registry import (
    ImportCancelled,
    Importer,
    ReadErrors,
    ReadResult,
    collect_files,
    detect,
    get,
    import_paths,
    names,
    read_all,
    register,
    supported_extensions,
)

__all__ = [
    "ImportCancelled",
    "Importer",
    "ReadErrors",
    "ReadResult",
    "brat",
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
