"""brat standoff: a folder of ``.txt`` + ``.ann`` pairs and a generated ``annotation.conf``.

Layout: ``PATH/[<split>/]<annotator>/<doc_id>.txt`` and ``.ann`` (one folder per annotator, as
bratiaa and brateval pair documents by relative path), ``PATH/annotation.conf`` (brat looks
for it in parent folders), ``PATH/REPORT.txt``, and ``PATH/.annotator-brat.json`` (which
folder is whose, and how offsets count: our importer restores every annotator from it). The
``.txt`` is the canonical text, so the offsets (code points, end exclusive) index it
directly; with ``--brat-offsets utf16`` they count UTF-16 code units instead, as brat's web
UI (JavaScript) does: the two differ only after a character beyond U+FFFF, such as an emoji.

In the ``.ann``: ``T`` lines for spans (a span across line breaks becomes fragments
``s1 e1;s2 e2`` split at the breaks, its text the fragments joined by a space, as brat
requires); ``A`` lines for attributes (enum, integer and number values as valued attributes,
booleans as binary ones; free-text attributes cannot be declared in brat and are counted as
lost); ``R`` lines for relations (``Arg1`` is the from span); ``#`` AnnotatorNotes lines for
notes (line breaks become spaces). ``annotation.conf`` declares every label, relation (with
its argument types; symmetric ones as ``<REL-TYPE>:symmetric``) and attribute, per label
(``brat_conf``), and allows any overlap.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from annotator.core.text import Utf16Map
from annotator.io.exporters.brat_conf import AttributeNames, annotation_conf
from annotator.io.exporters.common import (
    REPORT_NAME,
    Item,
    Losses,
    atomic_folder,
    finish,
    items,
    protected,
    safe_name,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.core.schema import LabelSchema
    from annotator.store import Store

NAME = "brat"
# Beside annotation.conf: which folder holds whose work, and how the offsets count. Hidden, as
# brat lists only folders and documents; the importer reads it back.
EXPORT_INFO = ".annotator-brat.json"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks, the breaks left out (brat's rule for spans that
    cross lines); empty pieces are dropped."""
    pieces = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        if stop > position:
            pieces.append((position, stop))
        position = stop + 1
    return pieces or [(start, end)]


def attribute_value(value: object) -> str:
    """An attribute value as brat writes it (JSON numbers, strings as they are)."""
    if isinstance(value, str):
        return value
    return str(value) if type(value) is int else json.dumps(value)


# A value brat cannot hold as a declared value: whitespace (as ``str.isspace`` has it, which
# is what ``\s`` matches in a str pattern) or its separators.
_UNDECLARABLE = re.compile(r"[\s,|]")


class _Written:
    """What the export wrote that annotation.conf must declare: attributes by brat name,
    and labels and relation types the label schema does not define (declared too, so that
    brat opens the files; the report lists them)."""

    def __init__(self, schema: LabelSchema) -> None:
        self.attributes = AttributeNames(schema)
        self.labels: set[str] = set()
        self.relations: set[str] = set()
        self.known_labels = set(schema.label_ids)
        self.known_relations = {relation.id for relation in schema.relations}
        self._types: dict[tuple[str, str], str | None] = {}
        # (label, attribute, type, value) -> its brat name and line tail, None: not holdable
        self.shown: dict[tuple[str, str, type, object], tuple[str, str] | None] = {}

    def attribute_type(self, schema: LabelSchema, label: str, key: str) -> str | None:
        """``_attribute_type``, looked up once per (label, attribute): the schema's lookups
        are linear scans, and an export asks for every attribute value."""
        found = self._types.get((label, key), _UNSEEN)
        if found is _UNSEEN:
            found = self._types[label, key] = _attribute_type(schema, label, key)
        return found  # type: ignore[return-value]


_UNSEEN = object()


def ann_text(
    item: Item, schema: LabelSchema, seen: _Written, losses: Losses, utf16: bool = False
) -> str:
    """The .ann of one annotation set; ``utf16``: offsets in UTF-16 code units."""
    text = item.document.text
    units = Utf16Map.of(text) if utf16 else None
    lines: list[str] = []
    append = lines.append
    ids: dict[str, str] = {}
    attribute_count = note_count = 0
    known = seen.known_labels
    shown_before = seen.shown
    for number, span in enumerate(item.spans, start=1):
        label, start, end = span.label, span.start, span.end
        if label not in known:
            seen.labels.add(label)
        tid = ids[span.uid] = f"T{number}"
        if units is None and text.find("\n", start, end) < 0:
            append(f"{tid}\t{label} {start} {end}\t{text[start:end]}")  # one fragment
        else:
            pieces = fragments(text, start, end)
            counted = (
                pieces
                if units is None
                else [(units.to_utf16(a), units.to_utf16(b)) for a, b in pieces]
            )
            where = ";".join(f"{a} {b}" for a, b in counted)
            quote = " ".join(text[a:b] for a, b in pieces)
            append(f"{tid}\t{label} {where}\t{quote}")
        for key, value in span.attributes.items():
            if value is None or value is False:
                continue  # absent, as brat shows an unset attribute
            kind = type(value)
            if kind is int or kind is float:  # numbers seldom repeat: not worth a cache entry
                shown = _shown_number(label, key, cast(float, value), schema, seen)
            else:
                # The same (label, attribute, value) is written the same way every time, and
                # most values repeat (enum values): worked out once. The type is in the key,
                # as True == 1 == 1.0.
                cache_key = (label, key, kind, value)
                try:
                    shown = shown_before[cache_key]
                except KeyError:
                    shown = shown_before[cache_key] = _shown(label, key, value, schema, seen)
                except TypeError:  # an unhashable value: worked out each time
                    shown = _shown(label, key, value, schema, seen)
            if shown is None:
                losses.add("text_attributes", "free-text attribute values (brat declares values)")
                continue
            attribute_count += 1
            append(f"A{attribute_count}\t{shown[0]} {tid}{shown[1]}")
        if span.note:
            note_count += 1
            flat = " ".join(span.note.split())
            if flat != span.note:
                losses.add("note_breaks", "notes whose line breaks or tabs became spaces")
            append(f"#{note_count}\tAnnotatorNotes {tid}\t{flat}")
    types = seen.known_relations
    for number, relation in enumerate(item.relations, start=1):
        if relation.type not in types:
            seen.relations.add(relation.type)
        first, second = ids[relation.from_uid], ids[relation.to_uid]
        append(f"R{number}\t{relation.type} Arg1:{first} Arg2:{second}")
    return "\n".join(lines) + "\n" if lines else ""


def _shown(
    label: str, key: str, value: object, schema: LabelSchema, seen: _Written
) -> tuple[str, str] | None:
    """The brat name of an attribute and what follows the span id on its line (`` VALUE``,
    or nothing for a binary one), noting the use; None for a value brat cannot declare."""
    if value is True:
        return seen.attributes.used(label, key, None), ""
    written = attribute_value(value)
    kind = seen.attribute_type(schema, label, key)
    if kind == "text" or not written or _UNDECLARABLE.search(written):
        return None
    return seen.attributes.used(label, key, written), f" {written}"


def _shown_number(
    label: str, key: str, value: float, schema: LabelSchema, seen: _Written
) -> tuple[str, str] | None:
    """``_shown`` of an int or a float, in fewer steps: a number's text is never empty and
    holds no whitespace, comma or bar."""
    if seen.attribute_type(schema, label, key) == "text":
        return None
    written = repr(value) if type(value) is int or math.isfinite(value) else json.dumps(value)
    return seen.attributes.used(label, key, written), f" {written}"


def _attribute_type(schema: LabelSchema, label: str, key: str) -> str | None:
    """The schema's type of an attribute; None for one it does not define."""
    try:
        return schema.label(label).attribute(key).type
    except KeyError:
        return None


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_new_file(path: str, data: bytes) -> None:
    """``Path(path).write_bytes(data)`` without a file object or a ``Path``: a brat export
    writes two files per annotation set, and those cost more than the writes themselves."""
    descriptor = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def write_brat(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    schema = store.schema
    seen = _Written(schema)
    utf16 = options.brat_offsets == "utf16"
    owners: dict[str, str] = {}  # annotator folder, relative to PATH -> annotator
    labels = [x.id for x in schema.labels if options.labels is None or x.id in options.labels]
    with atomic_folder(path, NAME, protected(store)) as folder:
        folders: dict[tuple[str | None, str | None], Path] = {}
        names: dict[Path, set[str]] = {}
        taken: dict[str | None, set[str]] = {}
        for item in items(store, options, report):
            key = (item.split, item.annotator)
            target = folders.get(key)
            if target is None:
                base = folder / item.split if item.split else folder
                reserved = taken.setdefault(item.split, {"report.txt", "annotation.conf"})
                owner = safe_name(item.annotator or "unannotated", reserved)
                target = folders[key] = base / owner
                target.mkdir(parents=True)
                if item.annotator is not None:
                    owners[target.relative_to(folder).as_posix()] = item.annotator
                names[target] = {REPORT_NAME.casefold(), "annotation.conf"}
            stem = safe_name(item.document.doc_id, names[target], suffix_bytes=len(".txt"))
            where = os.path.join(target, stem)
            write_new_file(f"{where}.txt", item.document.text.encode("utf-8"))
            write_new_file(f"{where}.ann", ann_text(item, schema, seen, losses, utf16).encode())
        conf = annotation_conf(schema, labels, seen.attributes, seen.labels, seen.relations)
        (folder / "annotation.conf").write_text(conf, encoding="utf-8")
        (folder / EXPORT_INFO).write_text(
            json.dumps({"offsets": options.brat_offsets, "annotators": owners}, indent=1),
            encoding="utf-8",
        )
        text = finish(report, losses, NAME, options, path / REPORT_NAME)
        (folder / REPORT_NAME).write_text(text, encoding="utf-8")
    report.files = [path]
    return report


BRAT = register(
    Exporter(
        name=NAME,
        description="brat standoff folder: .txt + .ann per document and annotation.conf",
        suffix="",
        write=write_brat,
        folder=True,
    )
)
