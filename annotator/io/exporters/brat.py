"""brat standoff: a folder of ``.txt`` + ``.ann`` pairs and a generated ``annotation.conf``.

Layout: ``PATH/[<split>/]<annotator>/<doc_id>.txt`` and ``.ann`` (one folder per annotator, as
bratiaa and brateval pair documents by relative path), ``PATH/annotation.conf`` (brat looks
for it in parent folders), ``PATH/REPORT.txt``. The ``.txt`` is the canonical text, so the
offsets (code points, end exclusive) index it directly.

In the ``.ann``: ``T`` lines for spans (a span across line breaks becomes fragments
``s1 e1;s2 e2`` split at the breaks, its text the fragments joined by a space, as brat
requires); ``A`` lines for attributes (enum, integer and number values as valued attributes,
booleans as binary ones; free-text attributes cannot be declared in brat and are counted as
lost); ``R`` lines for relations (``Arg1`` is the from span); ``#`` AnnotatorNotes lines for
notes (line breaks become spaces). ``annotation.conf`` declares every label, relation (with
its argument types; symmetric ones as ``<REL-TYPE>:symmetric``) and attribute with the values
used, and allows any overlap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import Span
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
    return value if isinstance(value, str) else json.dumps(value)


class _Declarations:
    """What annotation.conf must declare, gathered while the .ann files are written: the
    attribute values used, and labels and relation types the label schema does not define
    (declared too, so that brat opens the files; the report lists them)."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, set[str]]] = {}  # attribute -> label -> values
        self.binary: dict[str, set[str]] = {}  # attribute -> labels
        self.labels: set[str] = set()
        self.relations: set[str] = set()

    def valued(self, attribute: str, label: str, value: str) -> None:
        self.values.setdefault(attribute, {}).setdefault(label, set()).add(value)

    def flag(self, attribute: str, label: str) -> None:
        self.binary.setdefault(attribute, set()).add(label)


def ann_text(item: Item, schema: LabelSchema, seen: _Declarations, losses: Losses) -> str:
    """The .ann of one annotation set."""
    text = item.document.text
    lines: list[str] = []
    ids: dict[str, str] = {}
    attribute_count = note_count = 0
    known = set(schema.label_ids)
    for number, span in enumerate(item.spans, start=1):
        if span.label not in known:
            seen.labels.add(span.label)
        tid = ids[span.uid] = f"T{number}"
        pieces = fragments(text, span.start, span.end)
        where = ";".join(f"{a} {b}" for a, b in pieces)
        quote = " ".join(text[a:b] for a, b in pieces)
        lines.append(f"{tid}\t{span.label} {where}\t{quote}")
        for key, value in span.attributes.items():
            attribute_count = _attribute_line(
                lines, attribute_count, tid, span, key, value, schema, seen, losses
            )
        if span.note:
            note_count += 1
            flat = " ".join(span.note.split())
            if flat != span.note:
                losses.add("note_breaks", "notes whose line breaks or tabs became spaces")
            lines.append(f"#{note_count}\tAnnotatorNotes {tid}\t{flat}")
    types = {relation.id for relation in schema.relations}
    for number, relation in enumerate(item.relations, start=1):
        if relation.type not in types:
            seen.relations.add(relation.type)
        first, second = ids[relation.from_uid], ids[relation.to_uid]
        lines.append(f"R{number}\t{relation.type} Arg1:{first} Arg2:{second}")
    return "".join(line + "\n" for line in lines)


def _attribute_line(
    lines: list[str],
    count: int,
    tid: str,
    span: Span,
    key: str,
    value: object,
    schema: LabelSchema,
    seen: _Declarations,
    losses: Losses,
) -> int:
    if value is None or value is False:
        return count  # absent, as brat shows an unset attribute
    kind = _attribute_type(schema, span.label, key)
    if value is True:
        seen.flag(key, span.label)
        lines.append(f"A{count + 1}\t{key} {tid}")
        return count + 1
    written = attribute_value(value)
    if kind == "text" or not written or any(c.isspace() for c in written):
        losses.add("text_attributes", "free-text attribute values (brat declares values)")
        return count
    seen.valued(key, span.label, written)
    lines.append(f"A{count + 1}\t{key} {tid} {written}")
    return count + 1


def _attribute_type(schema: LabelSchema, label: str, key: str) -> str | None:
    """The schema's type of an attribute; None for one it does not define."""
    try:
        return schema.label(label).attribute(key).type
    except KeyError:
        return None


def annotation_conf(schema: LabelSchema, labels: list[str], seen: _Declarations) -> str:
    lines = ["# Generated by annotator from label schema " + schema.id, "[entities]"]
    lines += labels
    unknown = sorted(seen.labels - set(labels))
    if unknown:
        lines += ["# Not in the label schema (see REPORT.txt):", *unknown]
    lines.append("[relations]")
    for relation in schema.relations:
        first = "|".join(x for x in labels if x in relation.from_labels)
        second = "|".join(x for x in labels if x in relation.to_labels)
        if first and second:
            extra = ", <REL-TYPE>:symmetric" if relation.symmetric else ""
            lines.append(f"{relation.id} Arg1:{first}, Arg2:{second}{extra}")
    if seen.relations:
        lines.append("# Not in the label schema (see REPORT.txt):")
        lines += [f"{kind} Arg1:<ENTITY>, Arg2:<ENTITY>" for kind in sorted(seen.relations)]
    lines += ["<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "[events]"]
    lines.append("[attributes]")
    for attribute, by_label in sorted(seen.values.items()):
        targets = "|".join(sorted(by_label))
        values = "|".join(sorted(set().union(*by_label.values())))
        lines.append(f"{attribute} Arg:{targets}, Value:{values}")
    for attribute, flagged in sorted(seen.binary.items()):
        if attribute not in seen.values:
            lines.append(f"{attribute} Arg:{'|'.join(sorted(flagged))}")
    return "\n".join(lines) + "\n"


def write_brat(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    seen = _Declarations()
    schema = store.schema
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
                names[target] = {REPORT_NAME.casefold(), "annotation.conf"}
            stem = safe_name(item.document.doc_id, names[target], suffix_bytes=len(".txt"))
            (target / f"{stem}.txt").write_text(item.document.text, encoding="utf-8", newline="\n")
            (target / f"{stem}.ann").write_text(
                ann_text(item, schema, seen, losses), encoding="utf-8", newline="\n"
            )
        (folder / "annotation.conf").write_text(
            annotation_conf(schema, labels, seen), encoding="utf-8"
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
