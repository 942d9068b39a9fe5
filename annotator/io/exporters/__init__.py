"""Exporters, registered by format name on import."""

from annotator.io.atomic import atomic_text_file
from annotator.io.exporters import (
    brat,
    conll,
    csv_tables,
    doccano,
    hf,
    label_studio,
    native,
    spans_jsonl,
    w3c,
)
from annotator.io.exporters.registry import (
    ExportCancelled,
    Exporter,
    ExportOptions,
    ExportReport,
    get,
    names,
    register,
)

__all__ = [
    "ExportCancelled",
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "atomic_text_file",
    "brat",
    "conll",
    "csv_tables",
    "doccano",
    "get",
    "hf",
    "label_studio",
    "names",
    "native",
    "register",
    "spans_jsonl",
    "w3c",
]
