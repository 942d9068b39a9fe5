"""Label schemas: the bundled files, validation errors, attribute checks (no Qt)."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from annotator.core import schema as sch
from annotator.core.schema import (
    LabelSchema,
    check_casualty_bounds,
    default_schema,
    load_schema,
    missing_required,
    parse_schema,
    validate_attributes,
)
from annotator.errors import UserError

SCHEMAS = sch.schemas_dir()


def label_schema_files() -> list[Path]:
    return sorted(p for p in SCHEMAS.glob("*.json") if not p.name.endswith(".schema.json"))


def raw_default() -> dict[str, Any]:
    return default_schema().to_json()


# --------------------------------------------------------------------------- bundled files


def test_json_schemas_are_valid_draft_2020_12() -> None:
    for name in (sch.LABEL_SCHEMA_META, sch.NATIVE_FORMAT_SCHEMA):
        Draft202012Validator.check_schema(sch.json_schema(name))


def test_default_schema_passes_and_matches_design() -> None:
    s = default_schema()
    assert s.id == "contested-reports"
    assert s.version == "1.0"
    assert s.label_ids == ("claim", "source", "casualty_figure", "location")
    assert [label.key for label in s.labels] == ["1", "2", "3", "4"]
    colors = [label.color.lower() for label in s.labels]
    assert len(set(colors)) == 4
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors)
    assert all(label.guidance.strip() for label in s.labels)
    required = {
        label.id: sorted(a.id for a in label.attributes if a.required) for label in s.labels
    }
    assert required == {
        "claim": ["claim_type", "factuality"],
        "source": ["source_type"],
        "casualty_figure": ["outcome", "qualifier", "scope", "victim_type"],
        "location": ["feature_level", "role"],
    }
    cf = s.label("casualty_figure")
    assert cf.attribute("qualifier").values == (
        "exact", "approx", "at_least", "more_than", "at_most", "less_than", "range", "vague",
        "unspecified",
    )  # fmt: skip
    assert cf.attribute("low").type == "integer"
    assert cf.attribute("low").minimum == 0
    assert s.label("source").attribute("affiliation").suggest
    assert "Armenia" in s.label("source").attribute("affiliation").examples
    assert s.label("location").attribute("latitude").maximum == 90


def test_default_relations() -> None:
    s = default_schema()
    assert [r.id for r in s.relations] == [
        "attributed_to", "cites", "located_at", "contradicts", "corroborates", "same_as",
    ]  # fmt: skip
    symmetric = {r.id for r in s.relations if r.symmetric}
    assert symmetric == {"contradicts", "corroborates", "same_as"}
    assert {r.id for r in s.relations if r.same_label} == {"corroborates"}
    assert s.relation("corroborates").from_labels == {"claim", "casualty_figure"}


@pytest.mark.parametrize(
    ("relation", "from_label", "to_label", "allowed"),
    [
        ("attributed_to", "claim", "source", True),
        ("attributed_to", "casualty_figure", "source", True),
        ("attributed_to", "source", "claim", False),
        ("cites", "source", "source", True),
        ("located_at", "claim", "location", True),
        ("located_at", "location", "claim", False),
        ("contradicts", "claim", "claim", True),
        ("contradicts", "casualty_figure", "casualty_figure", False),
        ("corroborates", "claim", "claim", True),
        ("corroborates", "casualty_figure", "casualty_figure", True),
        ("corroborates", "claim", "casualty_figure", False),
        ("corroborates", "casualty_figure", "claim", False),
        ("same_as", "casualty_figure", "casualty_figure", True),
        ("same_as", "claim", "claim", False),
    ],
)
def test_relation_allows(relation: str, from_label: str, to_label: str, allowed: bool) -> None:
    assert default_schema().relation(relation).allows(from_label, to_label) is allowed


def test_lookups() -> None:
    s = default_schema()
    assert s.label_for_key("4") is s.label("location")
    assert s.label_for_key("9") is None
    with pytest.raises(KeyError, match="sorce"):
        s.label("sorce")
    with pytest.raises(KeyError, match="cited_by"):
        s.relation("cited_by")
    with pytest.raises(KeyError, match="nope"):
        s.label("claim").attribute("nope")


@pytest.mark.parametrize("path", label_schema_files(), ids=lambda p: p.name)
def test_every_bundled_label_schema_passes(path: Path) -> None:
    assert isinstance(load_schema(path), LabelSchema)


def test_bundled_label_schemas_exist() -> None:
    assert SCHEMAS / sch.DEFAULT_SCHEMA_FILE in label_schema_files()


# --------------------------------------------------------------------------- broken schemas


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``a.b[0].c`` (pass ``value=KeyError`` to delete the key)."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]

    def mutate(obj: dict[str, Any]) -> None:
        target: Any = obj
        for part in parts[:-1]:
            target = target[part]
        if value is KeyError:
            del target[parts[-1]]
        else:
            target[parts[-1]] = copy.deepcopy(value)

    return mutate


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("duplicate key", _set("labels[1].key", "1"), "labels[1].key: key '1' is already used"),
    (
        "duplicate key, other case",
        lambda o: (_set("labels[0].key", "a")(o), _set("labels[1].key", "A")(o)),
        "labels[1].key:",
    ),
    ("relation to unknown label", _set("relations[0].to", ["sorce"]), "relations[0].to[0]:"),
    ("enum without values", _set("labels[0].attributes[0].values", KeyError), "'values'"),
    ("enum with empty values", _set("labels[0].attributes[0].values", []), "attributes[0].values"),
    ("enum repeated value", _set("labels[0].attributes[0].values", ["a", "a"]), "non-unique"),
    ("bad colour", _set("labels[2].color", "orange"), "labels[2].color: 'orange' is not a colour"),
    ("short colour", _set("labels[2].color", "#fff"), "labels[2].color:"),
    ("unknown key", _set("labels[2].colour", "#ffffff"), "labels[2]: Additional properties"),
    ("bad label id", _set("labels[3].id", "Location"), "labels[3].id: 'Location' is not a valid"),
    ("long shortcut", _set("labels[3].key", "ab"), "labels[3].key:"),
    ("duplicate label id", _set("labels[1].id", "claim"), "labels[1].id: duplicate label id"),
    ("duplicate attribute", _set("labels[1].attributes[1].id", "source_type"), "attributes[1].id"),
    ("min above max", _set("labels[3].attributes[3].minimum", 91), "labels[3].attributes[3]: min"),
    ("values on integer", _set("labels[2].attributes[4].values", ["a"]), "[4].values: not allowed"),
    ("float bound on integer", _set("labels[2].attributes[4].minimum", 0.5), "[4].minimum:"),
    ("unknown type", _set("labels[0].attributes[0].type", "date"), "attributes[0].type:"),
    ("no labels", _set("labels", []), "labels:"),
    ("missing name", _set("name", KeyError), "top level: 'name' is a required property"),
    ("same_label with no shared label", _set("relations[4].to", ["source"]), "relations[4]:"),
    ("unknown relation end", _set("relations[1].from[0]", "person"), "relations[1].from[0]"),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_schema_is_rejected_with_its_place(
    case: str, mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    obj = raw_default()
    mutate(obj)
    with pytest.raises(UserError) as info:
        parse_schema(obj, "my.json")
    message = str(info.value)
    assert message.startswith("my.json: "), message
    assert expected in message, message


@pytest.mark.parametrize("obj", [[], "schema", None, 3])
def test_not_an_object(obj: object) -> None:
    with pytest.raises(UserError, match=r"^x\.json: top level: "):
        parse_schema(obj, "x.json")


def test_minimal_schema_and_parse_does_not_alias_input() -> None:
    obj = {
        "id": "mini",
        "version": "1",
        "name": "Mini",
        "labels": [{"id": "thing", "name": "Thing", "key": "t", "color": "#000000"}],
    }
    s = parse_schema(obj, "mini.json")
    assert s.relations == ()
    assert s.label("thing").attributes == ()
    assert s.label_for_key("T") is s.label("thing")
    obj["name"] = "Changed"
    assert s.raw["name"] == "Mini"


def test_load_schema_reports_bad_json_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "id": "x",\n  "labels": [,]\n}\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"bad\.json: line 3, column 14: "):
        load_schema(bad)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"id": "a", "id": "b"}', "duplicate key 'id'"),
        (b'{"x": NaN}', "NaN"),
        (b"", "line 1, column 1"),
    ],
)
def test_load_schema_rejects_bad_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(UserError, match=re.escape(expected)) as info:
        load_schema(path)
    assert str(info.value).startswith(str(path))


def test_load_schema_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read"):
        load_schema(tmp_path / "absent.json")


def test_load_schema_semantic_error_names_the_file(tmp_path: Path) -> None:
    obj = raw_default()
    obj["relations"][0]["from"] = ["claim", "rumour"]
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(UserError, match=r"custom\.json: relations\[0\]\.from\[1\]: .*'rumour'"):
        load_schema(path)


# --------------------------------------------------------------------------- sha256


def test_sha256_is_the_canonical_json_digest_and_stable(tmp_path: Path) -> None:
    s = default_schema()
    canonical = json.dumps(s.raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert s.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    again = load_schema(SCHEMAS / sch.DEFAULT_SCHEMA_FILE)
    assert again.sha256 == s.sha256
    # Formatting and key order do not matter.
    path = tmp_path / "reformatted.json"
    reordered = dict(reversed(list(s.to_json().items())))
    path.write_text(json.dumps(reordered, indent=1, ensure_ascii=True), encoding="utf-8")
    assert load_schema(path).sha256 == s.sha256


def test_sha256_changes_when_the_schema_changes() -> None:
    base = default_schema().sha256
    for mutate in (
        _set("version", "1.1"),
        _set("labels[0].guidance", "Select claims."),
        _set("labels[2].attributes[4].minimum", 1),
    ):
        obj = raw_default()
        mutate(obj)
        assert parse_schema(obj, "x").sha256 != base


def test_to_json_is_a_copy() -> None:
    s = default_schema()
    before = s.sha256
    s.to_json()["labels"].clear()
    assert parse_schema(s.to_json(), "x").sha256 == before


# --------------------------------------------------------------------------- attribute checks


def _label(label_id: str) -> sch.LabelDef:
    return default_schema().label(label_id)


CF_OK: list[dict[str, object]] = [
    {},
    {"outcome": "killed", "qualifier": "more_than", "low": 6500, "high": None},  # over 6,500
    {"outcome": "killed", "qualifier": "exact", "low": 3, "high": 3},  # three
    {"victim_side": "Armenia", "victim_type": "combatant", "scope": "incident"},
    {"victim_side": "", "low": 0},
    {name: None for name in ("outcome", "victim_type", "victim_side", "low", "high", "scope")},
]


@pytest.mark.parametrize("attributes", CF_OK)
def test_valid_casualty_attributes(attributes: dict[str, object]) -> None:
    assert validate_attributes(_label("casualty_figure"), attributes) == []


@pytest.mark.parametrize(
    ("label", "attributes", "expected"),
    [
        ("casualty_figure", {"outcome": "dead"},
         "outcome: 'dead' is not one of killed, injured, missing, captured, unspecified"),
        ("casualty_figure", {"outcome": ""}, "outcome: '' is not one of"),
        ("casualty_figure", {"outcome": 1}, "outcome: 1 is not one of"),
        ("casualty_figure", {"count": 3}, "count: not an attribute of label casualty_figure"),
        ("casualty_figure", {"low": "6500"}, "low: expected a whole number, got '6500'"),
        ("casualty_figure", {"low": 3.0}, "low: expected a whole number"),
        ("casualty_figure", {"low": True}, "low: expected a whole number"),
        ("casualty_figure", {"high": -1}, "high: -1 is below the minimum 0"),
        ("casualty_figure", {"victim_side": 7}, "victim_side: expected text"),
        ("location", {"latitude": 91.5}, "latitude: 91.5 is above the maximum 90"),
        ("location", {"longitude": -180.5}, "longitude: -180.5 is below the minimum -180"),
        ("location", {"latitude": "40.1"}, "latitude: expected a number"),
        ("location", {"latitude": False}, "latitude: expected a number"),
        ("location", {"latitude": float("nan")}, "latitude: expected a finite number"),
        ("claim", {"claim_type": "Event"}, "claim_type: 'Event' is not one of event,"),
    ],
)  # fmt: skip
def test_invalid_attributes(label: str, attributes: dict[str, object], expected: str) -> None:
    problems = validate_attributes(_label(label), attributes)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems


def test_number_accepts_int_and_float_and_every_problem_is_reported() -> None:
    loc = _label("location")
    assert validate_attributes(loc, {"latitude": 40, "longitude": 45.5, "place_id": "AM-GR"}) == []
    problems = validate_attributes(loc, {"latitude": 100, "role": "venue", "x": 1})
    assert [p.split(":")[0] for p in problems] == ["latitude", "role", "x"]


def test_boolean_attribute() -> None:
    obj = {"id": "b", "version": "1", "name": "B", "labels": [{
        "id": "l", "name": "L", "key": "l", "color": "#123456",
        "attributes": [{"id": "flag", "name": "Flag", "type": "boolean"}]}]}  # fmt: skip
    label = parse_schema(obj, "b.json").label("l")
    assert validate_attributes(label, {"flag": True}) == []
    assert validate_attributes(label, {"flag": None}) == []
    assert validate_attributes(label, {"flag": 1}) == ["flag: expected true or false, got 1"]
    assert validate_attributes(label, {"flag": "true"}) == [
        "flag: expected true or false, got 'true'"
    ]


@pytest.mark.parametrize(
    ("label", "attributes", "missing"),
    [
        ("claim", {}, ["claim_type", "factuality"]),
        ("claim", {"claim_type": "event", "factuality": None}, ["factuality"]),
        ("claim", {"claim_type": "", "factuality": "hedged"}, ["claim_type"]),
        ("claim", {"claim_type": "event", "factuality": "asserted"}, []),
        ("source", {"affiliation": "Armenia"}, ["source_type"]),
        ("casualty_figure", {"outcome": "killed", "victim_type": "civilian",
                             "qualifier": "exact", "scope": "incident"}, []),
        ("casualty_figure", {"low": 3, "high": 3}, ["outcome", "victim_type", "qualifier",
                                                    "scope"]),
        ("location", {"feature_level": "locality", "role": 0}, []),
    ],
)  # fmt: skip
def test_missing_required(label: str, attributes: dict[str, object], missing: list[str]) -> None:
    assert missing_required(_label(label), attributes) == missing


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "flagged"),
    [
        ("more_than", 6500, None, False),  # "over 6,500 lives"
        ("exact", 3, 3, False),  # "three soldiers"
        ("exact", 3, 5, True),
        ("exact", 3, None, True),
        ("exact", None, None, True),
        ("approx", 50, 50, False),
        ("approx", 40, 60, True),
        ("at_least", 10, None, False),
        ("at_least", None, None, True),
        ("at_least", 10, 20, True),
        ("more_than", 6500, 7000, True),
        ("at_most", None, 20, False),
        ("less_than", None, 100, False),
        ("at_most", 5, 20, True),
        ("less_than", None, None, True),
        ("range", 10, 20, False),
        ("range", 10, 10, True),
        ("range", 20, 10, True),
        ("range", 10, None, True),
        ("vague", 12, None, False),
        ("vague", None, None, False),
        ("vague", 12, 100, False),
        ("vague", 100, 12, True),
        ("unspecified", None, None, False),
        ("unspecified", 5, 3, True),
        (None, None, None, False),
        (None, 7, 2, True),
        ("", 1, 1, False),
    ],
)
def test_check_casualty_bounds(
    qualifier: str | None, low: int | None, high: int | None, flagged: bool
) -> None:
    message = check_casualty_bounds(qualifier, low, high)
    if flagged:
        assert isinstance(message, str)
        assert message.strip()
    else:
        assert message is None


def test_casualty_bounds_messages_name_the_problem() -> None:
    assert "not 3 and 5" in (check_casualty_bounds("exact", 3, 5) or "")
    assert "greater than High" in (check_casualty_bounds("vague", 100, 12) or "")
    assert "More than needs" in (check_casualty_bounds("more_than", None, 10) or "")
    assert "Over needs" in (check_casualty_bounds("more_than", None, 10, "Over") or "")


# --------------------------------------------------------------------------- native format


def _native_lines() -> tuple[dict[str, Any], dict[str, Any]]:
    text = "Three soldiers were killed."
    header = {
        "kind": "header", "format": "annotator-native", "format_version": 1,
        "app_version": "0.1.0", "exported_at": "2024-05-01T12:00:00Z",
        "schema": default_schema().to_json(),
    }  # fmt: skip
    span = {
        "id": "s1", "label": "casualty_figure", "start": 0, "end": 14, "text": text[0:14],
        "attributes": {"outcome": "killed", "low": 3, "high": 3, "latitude": 40.2, "x": None,
                       "flag": True},
        "note": "", "created_at": "2024-05-01T11:00:00Z", "updated_at": "2024-05-01T11:00:00Z",
    }  # fmt: skip
    doc = {
        "kind": "document", "doc_id": "a1", "title": "A", "text": text,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "meta": {},
        "annotator": "ann", "status": "done", "updated_at": "2024-05-01T11:00:00Z",
        "spans": [span], "relations": [{"id": "r1", "type": "same_as", "from_id": "s1",
                                        "to_id": "s1"}],
    }  # fmt: skip
    return header, doc


def _native_errors(line: dict[str, Any]) -> list[str]:
    return [e.message for e in sch.validator(sch.NATIVE_FORMAT_SCHEMA).iter_errors(line)]


def test_native_format_accepts_header_and_document_lines() -> None:
    header, doc = _native_lines()
    assert _native_errors(header) == []
    assert _native_errors(doc) == []
    doc.update(annotator=None, status="todo", updated_at=None, spans=[], relations=[])
    doc["future_key"] = {"anything": 1}  # readers ignore unknown keys
    assert _native_errors(doc) == []
    doc["spans"] = [
        dict(
            _native_lines()[1]["spans"][0],
            provenance={"annotators": ["a", "b"], "votes": 2, "participants": 3},
        )
    ]
    doc["conflicts"] = [{"kind": "label"}]
    assert _native_errors(doc) == []


@pytest.mark.parametrize(
    ("which", "mutate"),
    [
        ("header", _set("format_version", 2)),
        ("header", _set("format", "other")),
        ("header", _set("schema", KeyError)),
        ("document", _set("kind", "doc")),
        ("document", _set("text_sha256", "ABC")),
        ("document", _set("status", "finished")),
        ("document", _set("annotator", 3)),
        ("document", _set("spans[0].start", -1)),
        ("document", _set("spans[0].attributes", {"a": [1]})),
        ("document", _set("spans[0].provenance", {"annotators": [], "votes": "2",
                                                  "participants": 1})),
        ("document", _set("relations[0].to_id", KeyError)),
        # Only kind, doc_id and text are required to read a document line (issue 8).
        ("document", _set("text", KeyError)),
        ("document", _set("doc_id", KeyError)),
        ("document", _set("meta", "not an object")),
        ("document", _set("spans[0].text", KeyError)),
    ],
)  # fmt: skip
def test_native_format_rejects_bad_lines(
    which: str, mutate: Callable[[dict[str, Any]], None]
) -> None:
    header, doc = _native_lines()
    line = header if which == "header" else doc
    mutate(line)
    assert _native_errors(line)
