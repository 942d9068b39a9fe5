"""Exporters, registered by format name on import."""

from annotator.io.exporters import native
from annotator.io.exporters.registry import (
    Exporter,
    ExportOptions,
    ExportReport,
    atomic_text_file,
    get,
    names,
    register,
)

__all__ = [
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "atomic_text_file",
    "get",
    "names",
    "native",
    "register",
]
