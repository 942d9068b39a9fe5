"""Label schemas (DESIGN section 4): loading, validation, and the attribute checks the
interface shows. A schema is a JSON file checked against ``schemas/label-schema.schema.json``;
this module turns it into frozen dataclasses. No Qt, no SQL."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from annotator.core.json_guard import check_plain_json, strict_loads
from annotator.core.schema_links import link_requirement_errors
from annotator.core.words import humanize
from annotator.errors import AnnotatorError, UserError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

LABEL_SCHEMA_META = "label-schema.schema.json"
NATIVE_FORMAT_SCHEMA = "native-format.schema.json"
DEFAULT_SCHEMA_FILE = "contested-reports.json"
MAX_SCHEMA_BYTES = 5_000_000
MAX_SCHEMA_DEPTH = 32  # a label schema nests about six levels deep

ATTRIBUTE_TYPES = ("enum", "text", "integer", "number", "boolean")

# Integer attributes hold signed 64-bit values: what SQLite, Arrow and most tools read back
# exactly. A value outside is refused, never rounded or wrapped.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_PACKAGED_DIR = Path(__file__).resolve().parents[1] / "_schemas"
_CHECKOUT_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schemas_dir() -> Path:
    """The directory of the bundled JSON files: ``annotator/_schemas`` in an installed package
    if present, else the source checkout's ``schemas/``."""
    for candidate in (_PACKAGED_DIR, _CHECKOUT_DIR):
        if (candidate / LABEL_SCHEMA_META).is_file():
            return candidate
    raise AnnotatorError(f"bundled schemas not found in {_PACKAGED_DIR} or {_CHECKOUT_DIR}")


@functools.cache
def json_schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file name, e.g. ``NATIVE_FORMAT_SCHEMA``. Do not mutate it."""
    with (schemas_dir() / name).open(encoding="utf-8") as f:
        result: dict[str, Any] = json.load(f)
    return result


@functools.cache
def validator(name: str) -> Validator:
    """A draft 2020-12 validator for a bundled JSON Schema (imports jsonschema lazily)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json_schema(name))


@dataclass(frozen=True)
class AttributeDef:
    """One attribute a span of some label may carry."""

    id: str
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    suggest: bool = False
    examples: tuple[str, ...] = ()
    help: str = ""
    # Enum value -> display name, where the schema gives one (see core/names.py).
    value_names: tuple[tuple[str, str], ...] = ()
    example: str = ""  # for the annotation guide: "[span] → value"


@dataclass(frozen=True)
class RequiredLink:
    """A link a span of some label should start (a warning without it), unless one of its
    attributes has a given value: a claim needs ``attributed_to`` unless it is authorial."""

    relation: str
    unless_attribute: str = ""
    unless_value: str = ""

    def waived(self, attributes: Mapping[str, object]) -> bool:
        return bool(self.unless_attribute) and attributes.get(self.unless_attribute) == (
            self.unless_value
        )


@dataclass(frozen=True)
class LabelDef:
    """One span label: its shortcut key, colour, annotator guidance and attributes."""

    id: str
    name: str
    key: str
    color: str
    guidance: str = ""
    attributes: tuple[AttributeDef, ...] = ()
    example: str = ""  # for the annotation guide: a sentence with the [span] bracketed
    requires_link: RequiredLink | None = None

    def attribute(self, attribute_id: str) -> AttributeDef:
        """The attribute with this id; ``KeyError`` if the label has none."""
        for attribute in self.attributes:
            if attribute.id == attribute_id:
                return attribute
        raise KeyError(f"label {self.id!r} has no attribute {attribute_id!r}")


@dataclass(frozen=True)
class RelationDef:
    """One relation type between two spans."""

    id: str
    name: str
    from_labels: frozenset[str]
    to_labels: frozenset[str]
    symmetric: bool = False
    same_label: bool = False
    help: str = ""
    example: str = ""  # for the annotation guide

    def allows(self, from_label: str, to_label: str) -> bool:
        """Whether a span labelled ``from_label`` may point at one labelled ``to_label``.

        A symmetric relation accepts either orientation.
        """
        if self.same_label and from_label != to_label:
            return False
        if from_label in self.from_labels and to_label in self.to_labels:
            return True
        return self.symmetric and to_label in self.from_labels and from_label in self.to_labels


@dataclass(frozen=True)
class LabelSchema:
    """A validated label schema. ``raw`` is the JSON object it was parsed from."""

    id: str
    version: str
    name: str
    description: str
    labels: tuple[LabelDef, ...]
    relations: tuple[RelationDef, ...]
    raw: dict[str, Any] = field(repr=False, hash=False, compare=False)

    @property
    def label_ids(self) -> tuple[str, ...]:
        """Label ids in schema order."""
        return tuple(label.id for label in self.labels)

    def label(self, label_id: str) -> LabelDef:
        """The label with this id; ``KeyError`` if there is none."""
        for label in self.labels:
            if label.id == label_id:
                return label
        raise KeyError(f"schema {self.id!r} has no label {label_id!r}")

    def relation(self, relation_id: str) -> RelationDef:
        """The relation with this id; ``KeyError`` if there is none."""
        for relation in self.relations:
            if relation.id == relation_id:
                return relation
        raise KeyError(f"schema {self.id!r} has no relation {relation_id!r}")

    def label_for_key(self, key: str) -> LabelDef | None:
        """The label whose shortcut is ``key`` (letters compare case-insensitively), or None."""
        folded = key.casefold()
        for label in self.labels:
            if label.key.casefold() == folded:
                return label
        return None

    @cached_property
    def sha256(self) -> str:
        """SHA-256 hex digest of the canonical JSON of ``raw``."""
        return _digest(self.raw)

    def to_json(self) -> dict[str, Any]:
        """The schema as a JSON object (a deep copy of ``raw``, safe to mutate)."""
        return copy.deepcopy(self.raw)


def _digest(obj: object) -> str:
    canonical = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@functools.cache
def bundled_schema_sha256() -> str:
    """``LabelSchema.sha256`` of the bundled schema file as shipped (the tests check it against
    the JSON Schema): ``parse_schema``'s ``validated_sha256`` for merge's file headers."""
    return _digest(json_schema(DEFAULT_SCHEMA_FILE))


def _where(path: Iterable[str | int]) -> str:
    """``['labels', 2, 'values']`` -> ``labels[2].values``; the empty path is ``top level``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "top level"


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _schema_error_message(error: ValidationError) -> str:
    """A readable message for one jsonschema error."""
    if error.validator == "not" and error.validator_value == {}:  # key the type does not take
        return "not allowed for an attribute of this type"
    if error.validator == "pattern":
        value = _shorten(repr(error.instance))
        pattern = error.validator_value
        if pattern == "^[a-z][a-z0-9_]*$":
            return f"{value} is not a valid id (lowercase letters, digits and _, letter first)"
        if pattern == "^#[0-9A-Fa-f]{6}$":
            return f"{value} is not a colour of the form #RRGGBB"
        if pattern == "^\\S$":
            return f"{value} is not a single non-space character"
    return _shorten(error.message)


def _semantic_errors(obj: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(where, message) for rules JSON Schema cannot express; ``obj`` is structurally valid."""
    label_index: dict[str, int] = {}
    key_owner: dict[str, str] = {}
    for i, label in enumerate(obj["labels"]):
        where = f"labels[{i}]"
        if label["id"] in label_index:
            yield f"{where}.id", f"duplicate label id {label['id']!r}"
        label_index.setdefault(label["id"], i)
        folded = label["key"].casefold()
        if folded in key_owner:
            yield f"{where}.key", f"key {label['key']!r} is already used by {key_owner[folded]!r}"
        key_owner.setdefault(folded, label["id"])
        seen: set[str] = set()
        for j, attribute in enumerate(label.get("attributes", [])):
            if attribute["id"] in seen:
                yield f"{where}.attributes[{j}].id", f"duplicate attribute id {attribute['id']!r}"
            seen.add(attribute["id"])
            low, high = attribute.get("minimum"), attribute.get("maximum")
            if low is not None and high is not None and low > high:
                yield f"{where}.attributes[{j}]", f"minimum {low} is greater than maximum {high}"
            for value in attribute.get("value_names", {}):
                if value not in attribute.get("values", ()):
                    where_names = f"{where}.attributes[{j}].value_names"
                    yield where_names, f"{value!r} is not one of the attribute's values"
            if attribute["type"] == "integer":
                for bound in ("minimum", "maximum"):
                    value = attribute.get(bound)
                    if value is not None and not INT64_MIN <= value <= INT64_MAX:
                        yield f"{where}.attributes[{j}].{bound}", f"{_whole(value)} {_NOT_INT64}"
    relation_ids: set[str] = set()
    for i, relation in enumerate(obj.get("relations", [])):
        where = f"relations[{i}]"
        if relation["id"] in relation_ids:
            yield f"{where}.id", f"duplicate relation id {relation['id']!r}"
        relation_ids.add(relation["id"])
        for end in ("from", "to"):
            for j, label_id in enumerate(relation[end]):
                if label_id not in label_index:
                    yield f"{where}.{end}[{j}]", f"unknown label {label_id!r}"
        if relation.get("same_label") and not set(relation["from"]) & set(relation["to"]):
            yield where, "same_label is true but no label appears in both 'from' and 'to'"
    yield from link_requirement_errors(obj)


def _attribute(a: dict[str, Any]) -> AttributeDef:
    values, examples = tuple(a.get("values", ())), tuple(a.get("examples", ()))
    flags = (a.get("required", False), values, a.get("minimum"), a.get("maximum"))
    hints = (a.get("suggest", False), examples, a.get("help", ""))
    given = a.get("value_names", {})
    names = tuple((value, given[value]) for value in values if value in given)
    example = a.get("example", "")
    return AttributeDef(a["id"], a["name"], a["type"], *flags, *hints, names, example=example)


def _label(d: dict[str, Any]) -> LabelDef:
    attributes = tuple(_attribute(a) for a in d.get("attributes", []))
    head = (d["id"], d["name"], d["key"], d["color"], d.get("guidance", ""))
    link = d.get("requires_link")
    required = None
    if link is not None:
        unless = link.get("unless", {})
        required = RequiredLink(
            link["relation"], unless.get("attribute", ""), unless.get("value", "")
        )
    return LabelDef(*head, attributes, example=d.get("example", ""), requires_link=required)


def _relation(d: dict[str, Any]) -> RelationDef:
    ends = (frozenset(d["from"]), frozenset(d["to"]))
    flags = (d.get("symmetric", False), d.get("same_label", False), d.get("help", ""))
    return RelationDef(d["id"], d["name"], *ends, *flags, example=d.get("example", ""))


def parse_schema(obj: object, source: str, *, validated_sha256: str = "") -> LabelSchema:
    """Validate a label schema object and build a ``LabelSchema``.

    Raises ``UserError("{source}: {where}: {message}")`` for the first problem found, where
    ``where`` is a path such as ``labels[2].attributes[0].values``.

    ``validated_sha256`` is the digest recorded when this schema was validated and stored: an
    object that still has it skips the JSON Schema check, whose import and run are a tenth of
    the window's start-up. The other checks run all the same.
    """
    check_plain_json(obj, source, max_depth=MAX_SCHEMA_DEPTH)
    if not validated_sha256 or _digest(obj) != validated_sha256:
        from jsonschema.exceptions import best_match

        error = best_match(validator(LABEL_SCHEMA_META).iter_errors(cast(Any, obj)))  # any JSON
        if error is not None:
            where = _where(error.absolute_path)
            raise UserError(f"{source}: {where}: {_schema_error_message(error)}")
    assert isinstance(obj, dict)  # guaranteed by the JSON Schema
    problem = next(iter(_semantic_errors(obj)), None)
    if problem is not None:
        where, message = problem
        raise UserError(f"{source}: {where}: {message}")
    raw = copy.deepcopy(obj)
    labels = tuple(_label(d) for d in raw["labels"])
    relations = tuple(_relation(d) for d in raw.get("relations", []))
    head = (raw["id"], raw["version"], raw["name"], raw.get("description", ""))
    return LabelSchema(*head, labels, relations, raw)


def loads_schema(text: str, source: str, *, validated_sha256: str = "") -> LabelSchema:
    """Parse and validate a label schema from JSON text; every problem is a ``UserError``
    naming ``source`` and the place (line and column, or the JSON path). For
    ``validated_sha256`` see ``parse_schema``."""
    return parse_schema(strict_loads(text, source), source, validated_sha256=validated_sha256)


def load_schema(path: Path) -> LabelSchema:
    """Read and validate a label schema file (UTF-8 JSON). Problems raise ``UserError``."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{path}: is a folder, not a label schema file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise UserError(f"{path}: not a regular file")
        if info.st_size > MAX_SCHEMA_BYTES:
            raise UserError(f"{path}: file too large for a label schema")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_SCHEMA_BYTES:  # grew since stat
        raise UserError(f"{path}: file too large for a label schema")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UserError(
            f"{path}: byte {nul}: NUL byte (a binary or UTF-16 file; label schemas are UTF-8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: byte {exc.start}: not UTF-8 text") from None
    return loads_schema(text, str(path))


@functools.cache
def default_schema() -> LabelSchema:
    """The bundled ``contested-reports`` schema (loaded once)."""
    return load_schema(schemas_dir() / DEFAULT_SCHEMA_FILE)


_NOT_INT64 = f"does not fit a 64-bit whole number ({INT64_MIN} to {INT64_MAX})"


def _whole(value: int | float) -> str:
    """A number for a message; a huge int as its size (``str`` refuses over 4,300 digits)."""
    if isinstance(value, int) and abs(value) >= 10**30:
        digits = int(abs(value).bit_length() * math.log10(2)) + 1
        return f"a {'negative ' if value < 0 else ''}number of about {digits} digits"
    return str(value)


def integer_range(attribute: AttributeDef) -> tuple[int, int]:
    """The lowest and highest value an integer attribute may hold: its schema bounds, within
    the signed 64-bit range."""
    low, high = attribute.minimum, attribute.maximum
    return (
        INT64_MIN if low is None else max(INT64_MIN, math.ceil(low)),
        INT64_MAX if high is None else min(INT64_MAX, math.floor(high)),
    )


def value_problem(attribute: AttributeDef, value: object) -> str | None:
    """Why ``value`` cannot be stored in ``attribute`` (wrong type, out of bounds, a whole
    number beyond 64 bits), or None if it can. None (empty) always can."""
    return None if value is None else _value_error(attribute, value)


def _value_error(attribute: AttributeDef, value: object) -> str | None:
    """Why ``value`` (not None) does not fit ``attribute``, or None if it does."""
    kind = attribute.type
    if kind == "enum":
        if not isinstance(value, str) or value not in attribute.values:
            return f"{_shorten(repr(value), 60)} is not one of {', '.join(attribute.values)}"
        return None
    if kind == "text":
        return None if isinstance(value, str) else f"expected text, got {_shorten(repr(value))}"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    wanted = "a whole number" if kind == "integer" else "a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected {wanted}, got {_shorten(repr(value), 60)}"
    if kind == "integer" and not isinstance(value, int):
        return f"expected {wanted}, got {value!r}"
    if kind == "integer" and not INT64_MIN <= value <= INT64_MAX:
        return f"{_whole(value)} {_NOT_INT64}"
    if not math.isfinite(value):
        return f"expected a finite number, got {value!r}"
    if attribute.minimum is not None and value < attribute.minimum:
        return f"{_whole(value)} is below the minimum {attribute.minimum}"
    if attribute.maximum is not None and value > attribute.maximum:
        return f"{_whole(value)} is above the maximum {attribute.maximum}"
    return None


def validate_attributes(label: LabelDef, attributes: Mapping[str, object]) -> list[str]:
    """Hard type errors in a span's attributes, as ``"<attribute id>: <problem>"`` messages.

    None means empty and is always allowed. Empty required attributes are not errors here:
    see ``missing_required``.
    """
    known = {attribute.id: attribute for attribute in label.attributes}
    problems: list[str] = []
    for attribute_id, value in attributes.items():
        attribute = known.get(attribute_id)
        if attribute is None:
            problems.append(f"{attribute_id}: not an attribute of label {label.id}")
            continue
        if value is None:
            continue
        message = _value_error(attribute, value)
        if message is not None:
            problems.append(f"{attribute_id}: {message}")
    return problems


def missing_required(label: LabelDef, attributes: Mapping[str, object]) -> list[str]:
    """Ids of required attributes that are absent, None or "" (a warning, never a block)."""
    required = (attribute.id for attribute in label.attributes if attribute.required)
    return [key for key in required if attributes.get(key) in (None, "")]


_BOTH_EQUAL = frozenset({"exact", "approx"})
_LOW_ONLY = frozenset({"at_least", "more_than"})
_HIGH_ONLY = frozenset({"at_most", "less_than"})


def _grouped(value: int) -> str:
    return f"{value:,}" if abs(value) < 10**30 else _whole(value)


def check_casualty_bounds(
    qualifier: str | None, low: int | None, high: int | None, qualifier_name: str = ""
) -> str | None:
    """The DESIGN section 4 warning, as a sentence, when ``low``/``high`` do not fit
    ``qualifier`` (shown as ``qualifier_name``, else humanized), or None.

    exact/approx: low == high, both set; at_least/more_than: low only; at_most/less_than: high
    only; range: low < high; anything else: free. Whenever both are set, low <= high."""
    name = qualifier_name or humanize(qualifier or "")
    if qualifier in _BOTH_EQUAL:
        if low is None or high is None:
            return f"{name} needs Low and High both set and equal (“three” is 3 and 3)."
        if low != high:
            return f"{name} needs Low equal to High, not {_grouped(low)} and {_grouped(high)}."
    elif qualifier in _LOW_ONLY:
        if low is None or high is not None:
            return f"{name} needs Low set and High empty (“over 6,500” is Low 6,500)."
    elif qualifier in _HIGH_ONLY:
        if high is None or low is not None:
            return f"{name} needs High set and Low empty (“up to 20” is High 20)."
    elif qualifier == "range":
        if low is None or high is None:
            return f"{name} needs both Low and High set."
        if low >= high:
            return f"{name} needs Low below High, not {_grouped(low)} and {_grouped(high)}."
    if low is not None and high is not None and low > high:
        return f"Low {_grouped(low)} is greater than High {_grouped(high)}."
    return None
