"""Label Studio JSON exports: a list of tasks with ``data`` and ``annotations``.

Each task's text is ``data.text`` (or the one string in ``data``); ``data.doc_id`` and
``data.title`` are used when present, other ``data`` keys go to meta. Each annotation becomes
one annotator's work: the name comes from ``annotator`` (annotator's own export, Label
Studio's JSON-MIN), else from the Label Studio user: the email of a ``completed_by`` object or
of ``created_username`` (``"First Last EMAIL, ID"``), mapped back to a name by
``annotator.io.label_studio_users`` (``--ls-user``, ``NAME@annotator.invalid``); a bare user
number ``N`` (Label Studio's plain JSON export) is the name ``--ls-user NAME=N`` gives it,
else ``label-studio-user-N``; no user at all, the importing user. Annotations of
one task by different users stay separate; a second one by the same user is not imported (we
keep one set per annotator and text) and a note says so. ``was_cancelled`` means skipped,
otherwise done. Results: ``labels`` regions become spans (one per label); per-region ``choices``,
``textarea`` and ``number`` results with the same id become attributes (the control named
``<label>_<attribute>`` or after the attribute) or, for a ``textarea`` named ``note``, the
note; ``relation`` results become relations (``direction`` ``left`` swaps the ends, ``bi``
needs a symmetric type). Offsets are code points; every region is checked against
``value.text`` and re-anchored on it if it drifted (older versions counted UTF-16 units).
Predictions and results with no region are not imported, and the notes say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Status, new_uids
from annotator.core.records import NewAnnotationSet, NewDocument, NewRelation, NewSpan
from annotator.errors import UserError
from annotator.io.importers.common import Notes, json_type
from annotator.io.importers.foreign import (
    UNNAMED,
    Anchor,
    ForeignText,
    SchemaNames,
    check_attributes,
    check_relation,
    convert_value,
    foreign_document,
)
from annotator.io.importers.json_stream import json_elements
from annotator.io.importers.registry import Importer, register
from annotator.io.label_studio_users import annotator_of_email

if TYPE_CHECKING:
    from annotator.core.model import AttributeValue
    from annotator.core.schema import LabelDef, LabelSchema

_DATA = re.compile(rb'"data"\s*:\s*\{')
_ANNOTATIONS = re.compile(rb'"(annotations|completions|predictions)"\s*:\s*\[')
_NOTE = "note"


def sniff_label_studio(path: Path, head: bytes) -> bool:
    """A ``.json`` file of tasks with ``data`` and annotations (or predictions)."""
    if not path.name.lower().endswith(".json"):
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{") and bool(
        _DATA.search(head) and _ANNOTATIONS.search(head)
    )


def _created_email(annotation: dict[str, Any]) -> str | None:
    """The email in Label Studio's ``created_username``: ``"First Last EMAIL, ID"``."""
    created = annotation.get("created_username")
    if not isinstance(created, str):
        return None
    words = created.rpartition(",")[0].split()
    return words[-1] if words and "@" in words[-1] else None


def annotator_name(annotation: dict[str, Any], users: dict[str, str] | None = None) -> str:
    """Who made an annotation; ``users`` maps Label Studio emails and user numbers (as
    strings) to annotators."""
    users = users or {}
    named = annotation.get("annotator")
    if isinstance(named, str) and named.strip():
        return named
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        email = who.get("email")
        if isinstance(email, str) and email.strip():
            return annotator_of_email(email.strip(), users)
        username = who.get("username")
        if isinstance(username, str) and username.strip():
            return username
        full = " ".join(str(who.get(k, "")).strip() for k in ("first_name", "last_name")).strip()
        if full:
            return full
        who = who.get("id")
    email = _created_email(annotation)
    if email is not None:
        return annotator_of_email(email, users)
    if isinstance(who, int) and not isinstance(who, bool):
        return users.get(str(who)) or f"label-studio-user-{who}"
    if isinstance(who, str) and who.strip():
        return annotator_of_email(who.strip(), users) if "@" in who else who
    return UNNAMED


class _Draft:
    """A span being read: per-region results fill in its attributes and note before it
    becomes a ``NewSpan`` (built once, not copied per result)."""

    __slots__ = ("attributes", "end", "label", "note", "start")

    def __init__(self, label: LabelDef, start: int, end: int) -> None:
        self.label = label
        self.start = start
        self.end = end
        self.attributes: dict[str, AttributeValue] = {}
        self.note = ""


class _Task:
    """Reads one task; ``where`` is ``<path>: task N``. This runs once per result of a file
    (100,000 regions in a large export), so the common case takes no detour: results are
    sorted in one pass, and a region whose offsets match its quote skips the re-anchoring."""

    def __init__(
        self, names: SchemaNames, anchor: Anchor, notes: Notes, users: dict[str, str]
    ) -> None:
        self.names = names
        self.anchor = anchor
        self.notes = notes
        self.users = users  # Label Studio email or user number -> annotator
        self.span_uids = new_uids("s")
        self.labels = {label.id: label for label in names.schema.labels}  # exact ids, the usual
        self.relation_uids = new_uids("r")

    def annotation(self, where: str, text: ForeignText, annotation: object) -> NewAnnotationSet:
        if not isinstance(annotation, dict):
            raise UserError(f"{where}: expected an object, not {json_type(annotation)}")
        results = annotation.get("result", [])
        if not isinstance(results, list):
            raise UserError(f"{where}: result must be an array")
        spans: dict[str, _Draft] = {}
        regions: dict[str, list[str]] = {}  # region id -> span uids (one per label)
        per_region: list[tuple[int, dict[str, Any]]] = []
        linking: list[tuple[int, dict[str, Any]]] = []
        for number, result in enumerate(results, start=1):
            if not isinstance(result, dict):
                raise UserError(f"{where}: result {number}: expected an object")
            kind = result.get("type")
            value = result.get("value")
            labels = value.get("labels", value) if isinstance(value, dict) else value
            labelled = labels is not value  # the value is an object with "labels"
            if kind == "labels" or (labelled and isinstance(labels, list)):
                self.region(where, number, text, result, spans, regions)
            if kind == "relation":
                linking.append((number, result))
            elif kind != "labels" and not labelled:
                per_region.append((number, result))
        leftover = 0
        for number, result in per_region:
            region = regions.get(str(result.get("id")))
            if region is None:
                leftover += 1
                continue
            for uid in region:
                self.per_region(f"{where}: result {number}", spans[uid], result)
        if leftover:
            self.notes.append(f"{where}: {leftover} results that belong to no region not imported")
        relations = [
            relation
            for number, result in linking
            for relation in self.relations(f"{where}: result {number}", result, regions, spans)
        ]
        made = []
        for uid, draft in spans.items():
            if draft.attributes:  # no attributes: nothing to check
                check_attributes(draft.label, draft.attributes, f"{where}: region {uid}")
            made.append(
                NewSpan(
                    uid, draft.label.id, draft.start, draft.end,
                    text.text[draft.start : draft.end], draft.attributes, draft.note,
                )
            )  # fmt: skip
        updated = annotation.get("updated_at") or annotation.get("created_at") or ""
        return NewAnnotationSet(
            annotator=annotator_name(annotation, self.users),
            status=Status.SKIPPED if annotation.get("was_cancelled") else Status.DONE,
            updated_at=updated if isinstance(updated, str) else "",
            spans=tuple(made),
            relations=tuple(relations),
        )

    def region(
        self,
        where: str,
        number: int,
        text: ForeignText,
        result: dict[str, Any],
        spans: dict[str, _Draft],
        regions: dict[str, list[str]],
    ) -> None:
        """Result ``number`` of an annotation at ``where``, a region: its spans (one per
        label). The place in messages is only spelled out when needed."""
        value = result.get("value")
        if not isinstance(value, dict):
            raise UserError(f"{where}: result {number}: value must be an object")
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            raise UserError(f"{where}: result {number}: a region without labels")
        quote = value.get("text")
        if quote is not None and not isinstance(quote, str):
            raise UserError(f"{where}: result {number}: value.text must be a string")
        start, end = value.get("start"), value.get("end")
        canonical = text.text
        # Equal lengths: no CRLF was folded, so the file's offsets are canonical ones, and a
        # quote equal to its range needs no more checking (``Anchor.place`` would agree).
        if not (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= len(canonical) == len(text.raw)
            and (quote is None or canonical[start:end] == quote)
        ):
            start, end = self.anchor.place(f"{where}: result {number}", text, start, end, quote)
        rid = str(result.get("id") or next(self.span_uids))
        if rid in regions:
            raise UserError(f"{where}: result {number}: region id {rid!r} is used twice")
        uids: list[str] = []
        regions[rid] = uids
        for name in labels:
            label = self.labels.get(name) if name.__class__ is str else None
            if label is None:
                label = self.names.label(name, f"{where}: result {number}")
            uid = rid if not uids and rid not in spans else next(self.span_uids)
            uids.append(uid)
            spans[uid] = _Draft(label, start, end)

    def per_region(self, where: str, span: _Draft, result: dict[str, Any]) -> None:
        label = span.label
        control = str(result.get("from_name", ""))
        value = result.get("value", {})
        if not isinstance(value, dict):
            raise UserError(f"{where}: value must be an object, not {json_type(value)}")
        kind = result.get("type")
        prefix = f"{label.id}_"
        attribute = self.names.attribute(label, control)
        if attribute is None and control.startswith(prefix):
            attribute = self.names.attribute(label, control[len(prefix) :])
        if attribute is None and kind == "textarea" and control == _NOTE:
            span.note = _typed_text(where, value.get("text")) or ""
            return
        if attribute is None:
            known = ", ".join(f"{prefix}{a.id}" for a in label.attributes) or "none"
            raise UserError(
                f"{where}: control {control!r} is not an attribute of {label.id} (expected "
                f"one of {known}, or {_NOTE!r})"
            )
        if kind == "choices":
            picked = value.get("choices")
            raw = picked[0] if isinstance(picked, list) and len(picked) == 1 else picked
        elif kind == "textarea":
            raw = _typed_text(where, value.get("text"))
        elif kind == "number":
            raw = value.get("number")
        else:
            raise UserError(f"{where}: result type {kind!r} cannot hold an attribute")
        span.attributes[attribute.id] = convert_value(attribute, raw, where)

    def relations(
        self,
        where: str,
        result: dict[str, Any],
        regions: dict[str, list[str]],
        spans: dict[str, _Draft],
    ) -> list[NewRelation]:
        ends = []
        for key in ("from_id", "to_id"):
            region = regions.get(str(result.get(key)))
            if region is None:
                raise UserError(f"{where}: {key} {result.get(key)!r} is not a region of it")
            if len(region) != 1:
                raise UserError(f"{where}: {key} points at a region with several labels")
            ends.append(region[0])
        direction = result.get("direction", "right")
        if direction == "left":
            ends.reverse()
        labels = result.get("labels")
        if not isinstance(labels, list) or not labels:
            raise UserError(f"{where}: a relation without a type (labels is empty)")
        found = []
        for name in labels:
            kind = self.names.relation(name, where)
            if direction == "bi" and not kind.symmetric:
                raise UserError(f"{where}: {kind.id} is directed but the relation is 'bi'")
            check_relation(kind, spans[ends[0]].label.id, spans[ends[1]].label.id, where)
            found.append(NewRelation(next(self.relation_uids), kind.id, ends[0], ends[1]))
        return found


def _typed_text(where: str, typed: object) -> str | None:
    """A textarea's text: a string, or the lines of an array of strings."""
    if typed is None or isinstance(typed, str):
        return typed
    if isinstance(typed, list) and all(isinstance(line, str) for line in typed):
        return "\n".join(typed)
    raise UserError(f"{where}: value.text must be a string or an array of strings")


def _task_text(where: str, data: object) -> tuple[str, dict[str, Any]]:
    if not isinstance(data, dict):
        raise UserError(f"{where}: data must be an object, not {json_type(data)}")
    text = data.get("text")
    if text is None:
        strings = [v for v in data.values() if isinstance(v, str)]
        text = strings[0] if len(strings) == 1 else None
    if not isinstance(text, str) or not text.strip():
        raise UserError(f'{where}: data has no "text"')
    return text, data


def read_label_studio(path: Path, schema: LabelSchema, notes: Notes) -> Iterator[NewDocument]:
    """Each task's annotations, one document per annotation (a task without any: the
    document alone); the tasks of a top-level array are read one at a time. Users map to
    annotators as ``--ls-user`` (``notes.options.label_studio_users``) says."""
    users = {email: name for name, email in notes.options.label_studio_users.items()}
    reader = _Task(SchemaNames(schema), Anchor(notes), notes, users)
    predictions = 0
    for number, task in json_elements(path, "task"):
        where = f"{path}: task {number}"
        if not isinstance(task, dict):
            raise UserError(f"{where}: expected an object, not {json_type(task)}")
        text, data = _task_text(where, task.get("data"))
        foreign = ForeignText(text)
        meta = {k: v for k, v in data.items() if k not in ("text", "doc_id", "title")}
        if "id" in task:
            meta["label_studio_id"] = task["id"]
        doc_id = data.get("doc_id")
        title = data.get("title")
        annotations = task.get("annotations", task.get("completions", []))
        if not isinstance(annotations, list):
            raise UserError(f"{where}: annotations must be an array, not {json_type(annotations)}")
        found = task.get("predictions", [])
        if not isinstance(found, list):
            raise UserError(f"{where}: predictions must be an array, not {json_type(found)}")
        predictions += len(found)
        common: dict[str, Any] = {
            "doc_id": doc_id if isinstance(doc_id, str) and doc_id.strip() else None,
            "title": title if isinstance(title, str) else None,
            "meta": meta,
        }
        if not annotations:
            yield foreign_document(foreign.text, where, work=None, **common)
        made_by: dict[str, int] = {}  # annotator -> the annotation of theirs that is kept
        for index, annotation in enumerate(annotations, start=1):
            place = f"{where}: annotation {index}"
            work = reader.annotation(place, foreign, annotation)
            first = made_by.setdefault(work.annotator, index)
            if first != index:
                who = work.annotator or "the importing user"
                notes.append(
                    f"{place}: not imported: {who} made annotation {first} of this task too "
                    "(one set per annotator and text; if different people made them, map "
                    "their Label Studio users with --ls-user NAME=EMAIL)"
                )
                continue
            yield foreign_document(foreign.text, place, work=work, **common)
    if predictions:
        notes.append(f"{path}: {predictions} predictions not imported (only annotations are)")


LABEL_STUDIO = register(
    Importer(
        name="label-studio",
        extensions=(".json",),
        description="Label Studio JSON export: tasks with annotations (labels, choices, relations)",
        stream=read_label_studio,
        extension_detects=False,
        sniff=sniff_label_studio,
    )
)
