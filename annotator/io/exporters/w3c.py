"""W3C Web Annotation JSON-LD: one Annotation per span, relations as linking annotations.

``PATH`` (e.g. ``annotations.jsonld``) is an ``AnnotationCollection`` whose first (and only)
``AnnotationPage`` lists the annotations. A span's annotation targets ``urn:sha256:<text
sha256>`` (the canonical text's identity) with a ``TextPositionSelector`` (code points, end
exclusive, as the model defines it) and a ``TextQuoteSelector`` (``exact`` and up to 32
characters of ``prefix``/``suffix``, to re-anchor on an edited text). Its bodies: the label
(purpose ``tagging``), each attribute as ``"<id>=<value>"`` (``classifying``), the note
(``commenting``). ``creator`` names the annotator; ``created``/``modified`` are the span's
timestamps. A relation is an annotation with motivation ``linking`` whose target is the from
span's annotation and whose body is the to span's annotation plus a ``tagging`` body with the
relation type. Document status and titles have no place here (counted in the report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Span
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    file_targets,
    finish,
    items,
    json_text,
    protected,
    report_file,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.store import Store

NAME = "w3c"
SUFFIX = ".jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32


def annotation_id(uid: str) -> str:
    return f"urn:annotator:{uid}"


def _body(purpose: str, value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": purpose, "value": value}


def _value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def span_annotation(span: Span, text: str, source: str, creator: dict[str, str]) -> dict[str, Any]:
    bodies = [_body("tagging", span.label)]
    bodies += [
        _body("classifying", f"{key}={_value(value)}")
        for key, value in span.attributes.items()
        if value is not None
    ]
    if span.note:
        bodies.append(_body("commenting", span.note))
    result: dict[str, Any] = {
        "id": annotation_id(span.uid),
        "type": "Annotation",
        "motivation": "tagging",
        "creator": creator,
        "body": bodies,
        "target": {
            "source": source,
            "selector": [
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": text[span.start : span.end],
                    "prefix": text[max(0, span.start - QUOTE_CONTEXT) : span.start],
                    "suffix": text[span.end : span.end + QUOTE_CONTEXT],
                },
            ],
        },
    }
    if span.created_at:
        result["created"] = span.created_at
    if span.updated_at:
        result["modified"] = span.updated_at
    return result


def item_annotations(item: Item, losses: Losses) -> list[dict[str, Any]]:
    text = item.document.text
    source = f"urn:sha256:{item.document.text_sha256}"
    creator = {"type": "Person", "name": item.annotator or ""}
    result = [span_annotation(span, text, source, creator) for span in item.spans]
    for relation in item.relations:
        result.append(
            {
                "id": annotation_id(relation.uid),
                "type": "Annotation",
                "motivation": "linking",
                "creator": creator,
                "body": [annotation_id(relation.to_uid), _body("tagging", relation.type)],
                "target": annotation_id(relation.from_uid),
            }
        )
    losses.add("status", "document statuses (no place in Web Annotation)")
    return result


def write_w3c(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        counts = dict.fromkeys(outputs, 0)
        for split, out in outputs.items():
            label = f"annotator export ({split})" if split else "annotator export"
            out.write(
                "{" + f'"@context":"{CONTEXT}","type":"AnnotationCollection",'
                f'"label":{json.dumps(label)},"first":{{"type":"AnnotationPage","items":['
            )
        for item in items(store, options, report):
            out = outputs[item.split]
            for record in item_annotations(item, losses):
                line = json_text(record)
                out.write(("\n" if counts[item.split] == 0 else ",\n") + line)
                counts[item.split] += 1
        for split, out in outputs.items():
            out.write(f'\n]}},"total":{counts[split]}}}\n')
        where = report_file(path)
        text = finish(report, losses, NAME, options, where)
        files.open(where).write(text)
        report.files = files.targets
    return report


W3C = register(
    Exporter(
        name=NAME,
        description="W3C Web Annotation JSON-LD (position and quote selectors)",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX),
        write=write_w3c,
    )
)
