"""Label Studio tasks JSON with annotations, and the labeling config XML that matches them.

``PATH`` (e.g. ``tasks.json``) is a JSON array with one task per document: ``data`` holds
``text`` (the canonical text; offsets are code points, as current Label Studio counts them),
``doc_id``, ``title`` and ``text_sha256``; ``annotations`` has one entry per annotator with
``result``: a ``labels`` region per span (``value``: ``start``, ``end``, ``text``,
``labels``), then per-region results with the **same id** for each attribute (``choices`` for
enum and boolean, ``textarea`` for text, ``number`` for numbers) and for the note (a
``textarea`` named ``note``), and relations (``from_id``, ``to_id``, ``type: "relation"``,
``direction: "right"``, ``labels: [type]``). Each annotation also carries ``annotator`` (our
name for who made it; Label Studio assigns its own user on import) and ``was_cancelled`` for
skipped work. ``<stem>.label_config.xml`` beside it is the config to create the project with;
attribute controls are named ``<label>_<attribute>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from annotator.core.model import Status
from annotator.io.exporters.common import (
    AtomicFiles,
    Item,
    Losses,
    finish,
    items,
    report_file,
    split_outputs,
)
from annotator.io.exporters.registry import Exporter, ExportOptions, ExportReport, register

if TYPE_CHECKING:
    from annotator.core.schema import AttributeDef, LabelSchema
    from annotator.store import Store

NAME = "label-studio"
SUFFIX = ".json"
LABELS_CONTROL = "label"
TEXT_OBJECT = "text"
NOTE_CONTROL = "note"


def control_name(label: str, attribute: str) -> str:
    """The per-region control that holds one attribute of one label."""
    return f"{label}_{attribute}"


def config_path(path: Path) -> Path:
    stem = path.name[: -len(SUFFIX)] if path.name.lower().endswith(SUFFIX) else path.name
    return path.with_name(f"{stem}.label_config.xml")


def _attribute_result(
    rid: str, region: dict[str, Any], label: str, attribute: AttributeDef, value: object
) -> dict[str, Any]:
    value_key: dict[str, Any]
    if attribute.type == "enum":
        kind, value_key = "choices", {"choices": [value]}
    elif attribute.type == "boolean":
        kind, value_key = "choices", {"choices": ["true" if value else "false"]}
    elif attribute.type == "text":
        kind, value_key = "textarea", {"text": [value]}
    else:
        kind, value_key = "number", {"number": value}
    return {
        "id": rid,
        "from_name": control_name(label, attribute.id),
        "to_name": TEXT_OBJECT,
        "type": kind,
        "value": {**region, **value_key},
    }


def annotation(item: Item, schema: LabelSchema, losses: Losses) -> dict[str, Any]:
    """One annotator's work on the task as a Label Studio annotation."""
    result: list[dict[str, Any]] = []
    text = item.document.text
    for span in item.spans:
        region = {"start": span.start, "end": span.end}
        result.append(
            {
                "id": span.uid,
                "from_name": LABELS_CONTROL,
                "to_name": TEXT_OBJECT,
                "type": "labels",
                "value": {**region, "text": text[span.start : span.end], "labels": [span.label]},
            }
        )
        label = schema.label(span.label)
        for key, value in span.attributes.items():
            if value is not None:
                result.append(
                    _attribute_result(span.uid, region, span.label, label.attribute(key), value)
                )
        if span.note:
            result.append(
                {
                    "id": span.uid,
                    "from_name": NOTE_CONTROL,
                    "to_name": TEXT_OBJECT,
                    "type": "textarea",
                    "value": {**region, "text": [span.note]},
                }
            )
    for relation in item.relations:
        result.append(
            {
                "from_id": relation.from_uid,
                "to_id": relation.to_uid,
                "type": "relation",
                "direction": "right",
                "labels": [relation.type],
            }
        )
    status = item.work.status
    if status in (Status.TODO, Status.IN_PROGRESS):
        losses.add("status", "unfinished annotation sets (Label Studio has no such state)")
    return {
        "result": result,
        "was_cancelled": status is Status.SKIPPED,
        "ground_truth": False,
        "created_at": min((s.created_at for s in item.spans if s.created_at), default=None),
        "updated_at": item.work.updated_at,
        "annotator": item.annotator,
    }


def labeling_config(schema: LabelSchema, labels: list[str]) -> str:
    """The project's labeling config: span labels, relations, per-region attribute controls
    shown for the selected region's label, and a note box."""
    lines = ["<View>", f'  <Labels name="{LABELS_CONTROL}" toName="{TEXT_OBJECT}">']
    for label in schema.labels:
        if label.id in labels:
            lines.append(
                f"    <Label value={quoteattr(label.id)} background={quoteattr(label.color)}/>"
            )
    lines += ["  </Labels>", f'  <Text name="{TEXT_OBJECT}" value="$text"/>', "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(r.id)}/>" for r in schema.relations]
    lines.append("  </Relations>")
    for label in schema.labels:
        if label.id not in labels or not label.attributes:
            continue
        lines.append(
            f'  <View visibleWhen="region-selected" whenTagName="{LABELS_CONTROL}" '
            f"whenLabelValue={quoteattr(label.id)}>"
        )
        for attribute in label.attributes:
            name = quoteattr(control_name(label.id, attribute.id))
            common = f'name={name} toName="{TEXT_OBJECT}" perRegion="true"'
            lines.append(f"    <Header value={quoteattr(attribute.name)}/>")
            if attribute.type in ("enum", "boolean"):
                values = attribute.values if attribute.type == "enum" else ("true", "false")
                lines.append(f'    <Choices {common} choice="single-radio">')
                lines += [f"      <Choice value={quoteattr(v)}/>" for v in values]
                lines.append("    </Choices>")
            elif attribute.type == "text":
                lines.append(f'    <TextArea {common} editable="true" maxSubmissions="1"/>')
            else:
                bounds = "".join(
                    f' {key}="{bound}"'
                    for key, bound in (("min", attribute.minimum), ("max", attribute.maximum))
                    if bound is not None
                )
                step = ' step="1"' if attribute.type == "integer" else ' step="any"'
                lines.append(f"    <Number {common}{bounds}{step}/>")
        lines.append("  </View>")
    lines += [
        '  <View visibleWhen="region-selected">',
        '    <Header value="Note"/>',
        f'    <TextArea name="{NOTE_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" '
        'editable="true" maxSubmissions="1"/>',
        "  </View>",
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def _task(group: list[Item], schema: LabelSchema, losses: Losses) -> dict[str, Any]:
    document = group[0].document
    return {
        "data": {
            "text": document.text,
            "doc_id": document.doc_id,
            "title": document.title,
            "text_sha256": document.text_sha256,
        },
        "annotations": [annotation(i, schema, losses) for i in group if i.annotator is not None],
    }


def write_label_studio(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    schema = store.schema
    labels = [x.id for x in schema.labels if options.labels is None or x.id in options.labels]
    with AtomicFiles() as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        first = dict.fromkeys(outputs, True)

        def flush(group: list[Item]) -> None:
            split = group[0].split
            line = json.dumps(_task(group, schema, losses), ensure_ascii=False)
            outputs[split].write(("[\n" if first[split] else ",\n") + line)
            first[split] = False

        group: list[Item] = []
        for item in items(store, options, report):
            if group and group[0].document.id != item.document.id:
                flush(group)
                group = []
            group.append(item)
        if group:
            flush(group)
        for split, out in outputs.items():
            out.write("[]\n" if first[split] else "\n]\n")
        files.open(config_path(path)).write(labeling_config(schema, labels))
        where = report_file(path)
        text = finish(report, losses, NAME, options, where)
        files.open(where).write(text)
        report.files = files.targets
    return report


LABEL_STUDIO = register(
    Exporter(
        name=NAME,
        description="Label Studio tasks JSON with annotations, and its labeling config XML",
        suffix=SUFFIX,
        write=write_label_studio,
    )
)
