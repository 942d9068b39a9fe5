"""Native files (DESIGN section 5) built by hand: annotations, merging by text, strict checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import Status
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io.importers import detect, import_paths, read_native_lines
from annotator.store import Store
from tests.helpers import native_header

TEXT = "Baku said that Armenian forces shelled the village near Yerevan.\nGegharkunik 📍 calm."
OTHER = "Yerevan denied it. Baku repeated the claim."


@pytest.fixture
def db(tmp_path: Path):
    opened = Store(tmp_path / "t.sqlite3")
    yield opened
    opened.close()


def header(**changes: Any) -> dict[str, Any]:
    return native_header(**changes)


def span(uid: str, label: str, quote: str, text: str = TEXT, **changes: Any) -> dict[str, Any]:
    start = text.index(quote)
    attributes = {
        "claim": {"claim_type": "event", "factuality": "asserted"},
        "source": {"source_type": "government", "affiliation": "Azerbaijan"},
        "location": {"feature_level": "locality", "role": "event_site"},
        "casualty_figure": {"outcome": "killed", "low": 3, "high": 3},
    }[label]
    return {
        "id": uid,
        "label": label,
        "start": start,
        "end": start + len(quote),
        "text": quote,
        "attributes": attributes,
        "note": "",
        "created_at": "2024-05-01T10:00:00Z",
        "updated_at": "2024-05-01T10:00:00Z",
    } | changes


def document(
    annotator: str | None, spans: list[dict[str, Any]], text: str = TEXT, **changes: Any
) -> dict[str, Any]:
    return {
        "kind": "document",
        "doc_id": "baku-report" if text == TEXT else "other",
        "title": text.split("\n")[0][:30],
        "text": text,
        "text_sha256": text_sha256(text),
        "meta": {"outlet": "Caspian Wire"},
        "annotator": annotator,
        "status": "done",
        "updated_at": "2024-05-01T11:00:00Z",
        "spans": spans,
        "relations": [],
    } | changes


def ana_line(prefix: str = "a", *, relations: bool = True) -> dict[str, Any]:
    line = document(
        "ana",
        [
            span(f"{prefix}1", "source", "Baku"),
            span(f"{prefix}2", "claim", "Armenian forces shelled the village"),
            span(f"{prefix}3", "location", "Yerevan"),
            span(f"{prefix}4", "location", "Gegharkunik"),
        ],
    )
    line["relations"] = [
        {
            "id": f"{prefix}r1",
            "type": "attributed_to",
            "from_id": f"{prefix}2",
            "to_id": f"{prefix}1",
        },
        {"id": f"{prefix}r2", "type": "located_at", "from_id": f"{prefix}2", "to_id": f"{prefix}3"},
    ]
    if not relations:
        line["relations"] = []
    return line


def write(path: Path, *lines: dict[str, Any], head: dict[str, Any] | None = None) -> Path:
    rows = [head or header(), *lines]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_spans_and_status_of_one_annotator(tmp_path: Path, db: Store) -> None:
    path = write(tmp_path / "ana.annotations.jsonl", ana_line(relations=False))
    report, errors = import_paths(db, [path], actor="lead")
    assert (report.added, report.annotation_sets_added, report.spans_added, errors) == (1, 1, 4, [])
    doc = db.find_document("baku-report")
    assert doc is not None and doc.text == TEXT and doc.title == TEXT[:30]
    spans = {s.uid: s for s in db.spans(doc.id, "ana")}
    assert sorted(spans) == ["a1", "a2", "a3", "a4"]
    assert spans["a1"].attributes == {"source_type": "government", "affiliation": "Azerbaijan"}
    assert spans["a1"].created_at == "2024-05-01T10:00:00Z"
    assert db.status(doc.id, "ana").value == "done"
    assert db.statuses()[doc.id]["ana"] == (Status.DONE, "2024-05-01T11:00:00Z")


def test_annotations_of_one_annotator(tmp_path: Path, db: Store) -> None:
    path = write(tmp_path / "ana.annotations.jsonl", ana_line())
    report, errors = import_paths(db, [path], actor="lead")
    assert (report.added, report.annotation_sets_added, report.spans_added, errors) == (1, 1, 4, [])
    doc = db.find_document("baku-report")
    assert doc is not None and doc.text == TEXT and doc.meta == {"outlet": "Caspian Wire"}
    spans = db.spans(doc.id, "ana")
    assert sorted(s.uid for s in spans) == ["a1", "a2", "a3", "a4"]
    for s in spans:
        assert doc.text[s.start : s.end] == s.text
    assert {(r.type, r.from_uid, r.to_uid) for r in db.relations(doc.id, "ana")} == {
        ("attributed_to", "a2", "a1"),
        ("located_at", "a2", "a3"),
    }
    assert db.status(doc.id, "ana").value == "done"


def test_two_annotators_on_one_text_make_one_document(tmp_path: Path, db: Store) -> None:
    ben = document("ben", [span("b1", "source", "Baku")], status="in_progress")
    nobody = document(None, [], text=OTHER)
    path = write(
        tmp_path / "team.jsonl", ana_line(relations=False), ben, nobody
    )  # sniffed, not by extension
    assert detect(path).name == "native"
    result = detect(path).read(path, db.schema)
    assert len(result.documents) == 2
    first, second = result.documents
    assert [s.annotator for s in first.annotations] == ["ana", "ben"]
    assert second.annotations == ()
    report, _ = import_paths(db, [path], actor="lead")
    assert (report.added, report.annotation_sets_added) == (2, 2)
    assert db.document_count() == 2
    doc = db.find_document("baku-report")
    assert doc is not None and len(db.spans(doc.id, "ben")) == 1
    assert db.status(doc.id, "ben").value == "in_progress"


def test_span_reanchored_on_its_quote_with_a_note(tmp_path: Path, db: Store) -> None:
    moved = span("a1", "location", "Yerevan", start=3, end=10)
    outside = span("a2", "source", "Baku", start=400, end=404)
    path = write(tmp_path / "x.annotations.jsonl", document("ana", [moved, outside]))
    report, _ = import_paths(db, [path], actor="lead")
    notes = [n for n in report.notes if "moved" in n]
    assert len(notes) == 2
    assert notes[0].startswith(f"{path}: line 2: span a1: offsets 3-10 moved to")
    doc = db.find_document("baku-report")
    assert doc is not None
    for s in db.spans(doc.id):
        assert doc.text[s.start : s.end] == s.text
    assert {s.text: s.start for s in db.spans(doc.id)} == {
        "Yerevan": TEXT.index("Yerevan"),
        "Baku": 0,
    }


def _bad(
    tmp_path: Path, db: Store, *lines: dict[str, Any], head: dict[str, Any] | None = None
) -> str:
    path = write(tmp_path / "bad.annotations.jsonl", ana_line("z"), *lines, head=head)
    with pytest.raises(UserError) as caught:
        import_paths(db, [path], actor="lead")
    assert db.document_count() == 0 and db.stats().spans == {}
    message = str(caught.value)
    assert message.startswith(f"{path}: line ")
    return message.removeprefix(f"{path}: ")


def test_unknown_label(tmp_path: Path, db: Store) -> None:
    bad = span("s3", "source", "tank", text="tank fire", attributes={})
    bad["label"] = "weapon"
    line = document("ben", [bad], text="tank fire")
    message = _bad(tmp_path, db, line)
    assert message.startswith("line 3: span s3: unknown label 'weapon'")


def test_bad_relation_endpoints(tmp_path: Path, db: Store) -> None:
    line = document("ben", [span("b1", "source", "Baku"), span("b2", "claim", "Armenian forces")])
    line["relations"] = [{"id": "r9", "type": "attributed_to", "from_id": "b1", "to_id": "b2"}]
    assert _bad(tmp_path, db, line) == (
        "line 3: relation r9: attributed_to cannot link a source span to a claim span"
    )
    line["relations"] = [{"id": "r9", "type": "attributed_to", "from_id": "b2", "to_id": "a1"}]
    assert _bad(tmp_path, db, line) == "line 3: relation r9: to_id 'a1' is not a span of this line"
    line["relations"] = [{"id": "r9", "type": "blames", "from_id": "b2", "to_id": "b1"}]
    assert _bad(tmp_path, db, line).startswith(
        "line 3: relation r9: unknown relation type 'blames'"
    )


def test_wrong_attribute_type(tmp_path: Path, db: Store) -> None:
    figure = span("c1", "casualty_figure", "Baku", attributes={"low": "three"})
    message = _bad(tmp_path, db, document("ben", [figure]))
    assert message.startswith("line 3: span c1: low: expected a whole number")


def test_bad_sha(tmp_path: Path, db: Store) -> None:
    line = document("ben", [], text=OTHER, text_sha256="0" * 64)
    assert _bad(tmp_path, db, line).startswith("line 3: text_sha256 0000")


def test_crlf_text_is_refused(tmp_path: Path, db: Store) -> None:
    text = "a\r\nb"
    line = document("ben", [], text=text)
    assert _bad(tmp_path, db, line).startswith("line 3: text is not canonical")


def test_unknown_format_version(tmp_path: Path, db: Store) -> None:
    message = _bad(tmp_path, db, head=header(format_version=7))
    assert message == "line 1: format_version 7 is not supported (this annotator reads 1)"


def test_span_id_reused_on_another_line_is_renamed(tmp_path: Path, db: Store) -> None:
    # Pipelines number spans per document (s1, s2...): ids need to be unique within a line
    # only, where relations use them; a reused one is renamed, like an id already stored.
    twice = document("ben", [span("z1", "source", "Baku"), span("z1", "source", "Baku")])
    assert _bad(tmp_path, db, twice) == "line 3: span z1: span id used twice in this line"
    line = document("ben", [span("a1", "source", "Baku")], text=TEXT)
    path = write(tmp_path / "x.annotations.jsonl", ana_line(relations=False), line)
    import_paths(db, [path], actor="lead")
    doc = db.find_document("baku-report")
    assert doc is not None
    [ben] = db.spans(doc.id, "ben")
    assert ben.uid != "a1" and ben.text == "Baku"
    assert "a1" in {s.uid for s in db.spans(doc.id, "ana")}


def test_same_annotator_twice(tmp_path: Path, db: Store) -> None:
    line = document("ana", [])
    assert _bad(tmp_path, db, line).startswith("line 3: annotator 'ana' appears twice")


def test_quote_not_found(tmp_path: Path, db: Store) -> None:
    outside = span("s3", "source", "Baku", start=400, end=405)
    outside["text"] = "Moscow"
    assert _bad(tmp_path, db, document("ben", [outside])) == (
        "line 3: span s3: offsets 400-405 are outside the text and its quote 'Moscow' was not found"
    )
    inside = span("s3", "source", "Baku", start=56, end=60)
    inside["text"] = "Moscow"
    assert _bad(tmp_path, db, document("ben", [inside])) == (
        "line 3: span s3: text 'Moscow' does not match text[56:60] 'Yere' and was not found "
        "elsewhere"
    )


def test_shape_errors_name_the_json_path(tmp_path: Path, db: Store) -> None:
    line = document("ben", [span("b1", "source", "Baku", start=-1)])
    assert _bad(tmp_path, db, line) == "line 3: spans[0].start: -1 is less than the minimum of 0"
    line = document("ben", [], status="finished")
    assert _bad(tmp_path, db, line).startswith("line 3: status: 'finished' is not one of")
    message = _bad(tmp_path, db, head={"kind": "document"})
    assert message.startswith("line 1: not an annotator native file")


def test_present_document_skipped_new_annotator_added(tmp_path: Path, db: Store) -> None:
    first = write(tmp_path / "ana.annotations.jsonl", ana_line(relations=False))
    import_paths(db, [first], actor="lead")
    ben = document("ben", [span("b1", "source", "Baku")])
    second = write(tmp_path / "both.annotations.jsonl", ana_line("c", relations=False), ben)
    report, _ = import_paths(db, [second], actor="lead")
    assert (report.added, report.skipped) == (0, 1)
    assert (report.annotation_sets_added, report.annotation_sets_skipped) == (1, 1)
    assert any("'ana' already has work" in note for note in report.notes)
    doc = db.find_document("baku-report")
    assert doc is not None
    assert sorted(s.uid for s in db.spans(doc.id, "ana")) == ["a1", "a2", "a3", "a4"]
    assert [s.uid for s in db.spans(doc.id, "ben")] == ["b1"]


def test_read_native_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.annotations.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps(header()).encode()
        + b"\n"
        + json.dumps(document(None, [], text=OTHER)).encode()
        + b"\n\n\n"
    )
    head, records = read_native_lines(path)
    assert head["format_version"] == 1
    assert [(n, r["doc_id"]) for n, r in records] == [(2, "other")]
    path.write_text(json.dumps(header()) + '\n{"kind": "document"\n', encoding="utf-8")
    with pytest.raises(UserError, match=re.escape("x.annotations.jsonl: line 2: not valid JSON")):
        read_native_lines(path)


def test_round_trip_with_native_exporter(tmp_path: Path, db: Store) -> None:
    from annotator.io.exporters import registry as exporters

    path = write(tmp_path / "in.annotations.jsonl", ana_line(), document(None, [], text=OTHER))
    import_paths(db, [path], actor="lead")
    exported = tmp_path / "out.annotations.jsonl"
    exporters.get("native").write(db, exported, exporters.ExportOptions())
    other = Store(tmp_path / "second.sqlite3")
    try:
        report, _ = import_paths(other, [exported], actor="lead")
        assert (report.added, report.spans_added) == (2, 4)
    finally:
        other.close()
