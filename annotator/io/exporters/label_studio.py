"""Label Studio tasks JSON with annotations, and the labeling config XML that matches them.

``PATH`` (e.g. ``tasks.json``) is a JSON array with one task per document: ``data`` holds
``text`` (the canonical text; offsets are code points, as current Label Studio counts them),
``doc_id``, ``title`` and ``text_sha256``; ``annotations`` has one entry per annotator with
``result``: a ``labels`` region per span (``value``: ``start``, ``end``, ``text``,
``labels``), then per-region results with the **same id** for each attribute (``choices`` for
enum and boolean, ``textarea`` for text, ``number`` for numbers) and for the note (a
``textarea`` named ``note``), and relations (``from_id``, ``to_id``, ``type: "relation"``,
``direction: "right"``, ``labels: [type]``). Each annotation names its Label Studio user,
``completed_by: {"email": ...}`` (``annotator.io.label_studio_users``: ``--ls-user`` or
``NAME@annotator.invalid``; Label Studio refuses the import unless those users exist, and the
report lists them), and also carries ``annotator`` (our name for who made it, which Label
Studio drops), ``created_at``/``updated_at`` (which it replaces by the import time) and
``was_cancelled`` for skipped work. ``<stem>.label_config.xml`` beside it is the config to
create the project with; attribute controls are named ``<label>_<attribute>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Status
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
from annotator.io.label_studio_users import UserEmails

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


def _type_of(value: object) -> str:
    """The attribute type a value suggests, for an attribute the schema does not define."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return "number" if isinstance(value, float) else "text"


class _Unknown:
    """Labels, attributes (with the type their values suggest) and relation types that the
    label schema does not define, met while writing: the config declares them too, so that
    Label Studio accepts the tasks (the report lists them)."""

    def __init__(self, schema: LabelSchema) -> None:
        self.schema = schema
        self._known_labels = set(schema.label_ids)
        self._known_relations = {relation.id for relation in schema.relations}
        self.labels: list[str] = []
        self.attributes: dict[str, dict[str, str]] = {}  # label -> attribute -> type
        self.relations: list[str] = []
        # The schema's types by (label, attribute), looked up once: asked for every value.
        self._types = {
            (label.id, attribute.id): attribute.type
            for label in schema.labels
            for attribute in label.attributes
        }

    def attribute_type(self, label: str, key: str, value: object) -> str:
        known = self._types.get((label, key))
        if known is not None:
            return known
        return self.attributes.setdefault(label, {}).setdefault(key, _type_of(value))

    def label(self, label: str) -> None:
        if label not in self._known_labels and label not in self.labels:
            self.labels.append(label)

    def relation(self, kind: str) -> None:
        if kind not in self._known_relations and kind not in self.relations:
            self.relations.append(kind)


def _attribute_result(
    rid: str, region: dict[str, Any], label: str, key: str, kind: str, value: object
) -> dict[str, Any]:
    value_key: dict[str, Any]
    if kind == "enum":
        kind, value_key = "choices", {"choices": [value]}
    elif kind == "boolean":
        kind, value_key = "choices", {"choices": ["true" if value else "false"]}
    elif kind == "text":
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        kind, value_key = "textarea", {"text": [shown]}
    else:
        kind, value_key = "number", {"number": value}
    return {
        "id": rid,
        "from_name": control_name(label, key),
        "to_name": TEXT_OBJECT,
        "type": kind,
        "value": {**region, **value_key},
    }


def annotation(item: Item, unknown: _Unknown, losses: Losses, users: UserEmails) -> dict[str, Any]:
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
        unknown.label(span.label)
        for key, value in span.attributes.items():
            if value is not None:
                kind = unknown.attribute_type(span.label, key, value)
                result.append(_attribute_result(span.uid, region, span.label, key, kind, value))
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
        unknown.relation(relation.type)
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
    losses.add(
        "annotator_key",
        "annotation sets whose annotator key Label Studio drops on import (it keeps only the "
        "completed_by user, by email: see the users below)",
    )
    losses.add(
        "timestamps",
        "annotation sets whose created_at and updated_at Label Studio replaces by the time "
        "of its import",
    )
    assert item.annotator is not None
    return {
        "completed_by": {"email": users.email(item.annotator)},
        "result": result,
        "was_cancelled": status is Status.SKIPPED,
        "ground_truth": False,
        "created_at": min((s.created_at for s in item.spans if s.created_at), default=None),
        "updated_at": item.work.updated_at,
        "annotator": item.annotator,
    }


def quoteattr(value: str) -> str:
    """``xml.sax.saxutils.quoteattr``, imported when a config is written: that module pulls in
    urllib, http and email, a tenth of a second at the start of every command."""
    from xml.sax.saxutils import quoteattr as quote

    return quote(value)


def _control(
    label: str, key: str, title: str, kind: str, attribute: AttributeDef | None
) -> list[str]:
    """The lines of one per-region attribute control."""
    name = quoteattr(control_name(label, key))
    common = f'name={name} toName="{TEXT_OBJECT}" perRegion="true"'
    lines = [f"    <Header value={quoteattr(title)}/>"]
    if kind in ("enum", "boolean"):
        values = attribute.values if attribute is not None and kind == "enum" else ()
        lines.append(f'    <Choices {common} choice="single-radio">')
        lines += [f"      <Choice value={quoteattr(v)}/>" for v in values or ("true", "false")]
        lines.append("    </Choices>")
    elif kind == "text":
        lines.append(f'    <TextArea {common} editable="true" maxSubmissions="1"/>')
    else:
        bounds = "".join(
            f' {key}="{bound}"'
            for key, bound in (
                ("min", attribute.minimum if attribute else None),
                ("max", attribute.maximum if attribute else None),
            )
            if bound is not None
        )
        step = ' step="1"' if kind == "integer" else ' step="any"'
        lines.append(f"    <Number {common}{bounds}{step}/>")
    return lines


def labeling_config(schema: LabelSchema, labels: list[str], unknown: _Unknown | None = None) -> str:
    """The project's labeling config: span labels, relations, per-region attribute controls
    shown for the selected region's label, and a note box. ``unknown`` adds what the data
    holds beyond the schema."""
    unknown = unknown or _Unknown(schema)
    lines = ["<View>", f'  <Labels name="{LABELS_CONTROL}" toName="{TEXT_OBJECT}">']
    for label in schema.labels:
        if label.id in labels:
            lines.append(
                f"    <Label value={quoteattr(label.id)} background={quoteattr(label.color)}/>"
            )
    lines += [f"    <Label value={quoteattr(label)}/>" for label in unknown.labels]
    lines += ["  </Labels>", f'  <Text name="{TEXT_OBJECT}" value="$text"/>', "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(r.id)}/>" for r in schema.relations]
    lines += [f"    <Relation value={quoteattr(kind)}/>" for kind in unknown.relations]
    lines.append("  </Relations>")
    for label_id in [x for x in schema.label_ids if x in labels] + unknown.labels:
        controls: list[str] = []
        if label_id in schema.label_ids:
            for attribute in schema.label(label_id).attributes:
                controls += _control(
                    label_id, attribute.id, attribute.name, attribute.type, attribute
                )
        for key, kind in unknown.attributes.get(label_id, {}).items():
            controls += _control(label_id, key, key, kind, None)
        if not controls:
            continue
        lines.append(
            f'  <View visibleWhen="region-selected" whenTagName="{LABELS_CONTROL}" '
            f"whenLabelValue={quoteattr(label_id)}>"
        )
        lines += controls
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


def _task(
    group: list[Item], unknown: _Unknown, losses: Losses, users: UserEmails
) -> dict[str, Any]:
    document = group[0].document
    return {
        "data": {
            "text": document.text,
            "doc_id": document.doc_id,
            "title": document.title,
            "text_sha256": document.text_sha256,
        },
        "annotations": [
            annotation(i, unknown, losses, users) for i in group if i.annotator is not None
        ],
    }


def write_label_studio(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    report = ExportReport(path=path)
    losses = Losses()
    schema = store.schema
    labels = [x.id for x in schema.labels if options.labels is None or x.id in options.labels]
    unknown = _Unknown(schema)
    users = UserEmails(options.label_studio_users)
    with AtomicFiles(protected(store)) as files:
        outputs = split_outputs(files, path, SUFFIX, options)
        first = dict.fromkeys(outputs, True)

        def flush(group: list[Item]) -> None:
            split = group[0].split
            line = json_text(_task(group, unknown, losses, users))
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
        config = config_path(path)
        files.open(config).write(labeling_config(schema, labels, unknown))
        report.notes = next_steps(config, users.used)
        where = report_file(path)
        text = finish(report, losses, NAME, options, where, notes=report.notes)
        files.open(where).write(text)
        report.files = files.targets
    return report


def next_steps(config: Path, users: dict[str, str]) -> list[str]:
    """What to do with the export in Label Studio, for the report and the command line."""
    lines = [
        f"Labeling config: {config} (create the project with it: Settings > Labeling "
        "Interface > Code).",
    ]
    if users:
        lines.append(
            "Label Studio users to create before importing the tasks (it refuses an "
            "annotation whose completed_by email is no user of the server; the annotator "
            "import maps these emails back to the names):"
        )
        lines += [f"  {name} = {email}" for name, email in users.items()]
        lines.append(
            "  e.g. curl -X POST URL/api/users/ -H 'Authorization: Token TOKEN' -H "
            '\'Content-Type: application/json\' -d \'{"email": "EMAIL", "username": '
            '"EMAIL"}\' for each; other emails: --ls-user NAME=EMAIL.'
        )
        lines.append(
            "To import Label Studio's export back: annotator import --format label-studio "
            "FILE, with the same --ls-user options; its plain JSON export names users by "
            "number only, so add --ls-user NAME=NUMBER for each (GET /api/users/ lists them)."
        )
    return lines


LABEL_STUDIO = register(
    Exporter(
        name=NAME,
        description="Label Studio tasks JSON with annotations, and its labeling config XML",
        suffix=SUFFIX,
        targets=file_targets(SUFFIX, extra=config_path),
        write=write_label_studio,
    )
)
