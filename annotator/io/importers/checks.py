"""The characters no imported string may hold, checked once for every importer.

Refused: NUL and the other C0 control characters except tab, line feed, vertical tab, form
feed and carriage return (they break C tools, terminals and XML-based consumers, and no
article has them), and unpaired surrogates (``"\\ud800"`` in JSON), which are not characters
at all: UTF-8 cannot encode them, so SQLite and every export would fail on them later.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from annotator.core.records import NewAnnotationSet, NewDocument
from annotator.core.text import line_column
from annotator.errors import UserError

_BAD = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff]")
_SEARCH = _BAD.search
# Documents a reader built from strings it has already checked under these rules (by id; an
# entry goes when its document does, so an id reused later cannot match).
_PASSED: weakref.WeakValueDictionary[int, NewDocument] = weakref.WeakValueDictionary()


def passed(doc: NewDocument) -> NewDocument:
    """``doc``, recorded as known to pass ``check_document`` (its reader checked every
    string of it under the same rules), so that check costs nothing."""
    _PASSED[id(doc)] = doc
    return doc


def describe(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "NUL character (U+0000)"
    if 0xD800 <= code <= 0xDFFF:
        return f"unpaired surrogate U+{code:04X} (not a character)"
    return f"control character U+{code:04X}"


def check_string(value: str, where: str, what: str) -> None:
    """``UserError("<where>: <what>: <problem>")`` if ``value`` holds a refused character."""
    found = _SEARCH(value)
    if found is None:
        return
    if "\n" in value:
        line, column = line_column(value, found.start())
        what = f"{what}, line {line}, column {column}"
    elif len(value) > 1:
        what = f"{what}, character {found.start() + 1}"
    raise UserError(f"{where}: {what}: {describe(found.group())} is not allowed")


def _check_json(value: Any, where: str, what: str) -> None:
    """Every key and string inside a JSON value (its nesting is already bounded)."""
    stack: list[tuple[Any, str]] = [(value, what)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            check_string(item, where, path)
        elif isinstance(item, dict):
            for key, child in item.items():
                check_string(key, where, f"{path} key")
                stack.append((child, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(item))


def _plain(value: Any) -> bool:
    """A JSON value with no string in it (keys included) that holds a refused character.
    Attributes are almost always flat, so flat ones are searched in one go."""
    if isinstance(value, dict):
        values = value.values()
        if all(type(key) is str for key in value) and all(
            type(item) is not dict and type(item) is not list for item in values
        ):
            strings = [*value, *(item for item in values if type(item) is str)]
            return _SEARCH("\n".join(strings)) is None
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SEARCH(item):
                return False
        elif isinstance(item, dict):
            if any(_SEARCH(key) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _plain_work(work: NewAnnotationSet) -> bool:
    """No string of ``work`` holds a refused character: one search over them all (the line
    feed that joins them is allowed), so a clean set costs little per span."""
    strings = [work.annotator, work.updated_at]
    for span in work.spans:
        strings += (span.uid, span.text, span.note, span.created_at, span.updated_at)
        if span.attributes and not _plain(span.attributes):
            return False
        if span.provenance and not _plain(span.provenance):
            return False
    for relation in work.relations:
        strings += (relation.uid, relation.from_uid, relation.to_uid)
    return _SEARCH("\n".join(strings)) is None


def _check_work(work: NewAnnotationSet, where: str) -> None:
    if not _plain_work(work):
        _check_work_in_detail(work, where)


def _check_work_in_detail(work: NewAnnotationSet, where: str) -> None:
    """Each string in turn, so the message names the first one at fault."""
    check_string(work.annotator, where, "annotator")
    check_string(work.updated_at, where, "updated_at")
    for span in work.spans:
        place = f"span {span.uid}" if not _SEARCH(span.uid) else "span"
        check_string(span.uid, where, "span id")
        for name, value in (
            ("text", span.text),
            ("note", span.note),
            ("created_at", span.created_at),
            ("updated_at", span.updated_at),
        ):
            check_string(value, where, f"{place}: {name}")
        _check_json(span.attributes, where, f"{place}: attributes")
        if span.provenance:
            _check_json(span.provenance, where, f"{place}: provenance")
    for relation in work.relations:
        for name, value in (
            ("id", relation.uid),
            ("from_id", relation.from_uid),
            ("to_id", relation.to_uid),
        ):
            check_string(value, where, f"relation {name}")


def check_document(doc: NewDocument) -> NewDocument:
    """``doc`` unchanged, or ``UserError`` naming its place and the field at fault."""
    if _PASSED.get(id(doc)) is doc:
        return doc
    where = doc.source
    check_string(doc.text, where, "text")
    check_string(doc.doc_id, where, "id")
    check_string(doc.title, where, "title")
    if doc.meta:
        _check_json(doc.meta, where, "meta")
    for work in doc.annotations:
        _check_work(work, where)
    return doc
