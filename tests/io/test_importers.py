"""Every importer on the fixture files (tests/fixtures/README.md), through the store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io.importers import (
    ImportCancelled,
    ReadErrors,
    collect_files,
    detect,
    get,
    import_paths,
    names,
    read_all,
)
from annotator.io.importers.html import visible_text
from annotator.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIXED = FIXTURES / "mixed"
BAD = FIXTURES / "bad"

# file or record -> (title or None, code points, sha256) from tests/fixtures/README.md
EXPECTED_TXT = {
    "bom-crlf": (
        "Observers report quiet night at Gegharkunik crossing",
        257,
        "8e6870b19e05ff83edb62f4ab5e7e90ae65bef881f926e590c974df84f3ce0f1",
    ),
    "utf16": (
        "Road to Kəlbəcər reopened to aid convoys",
        195,
        "a704f4e9fec6b77bd14c7131132ee7dc071729ff44ebd95172f1bc06bcb3486b",
    ),
    "old-mac": (
        "Ministry says prisoner exchange list is complete",
        202,
        "833c3d486295e1668446fce24867674a1945ffc0c572e6b293815f0fdc9cdc50",
    ),
    "brief": (
        "Weekly brief: quiet week on the northern sector",
        267,
        "638f50f2402ce7ba10800f7f70bceb7de1e6304d6fe0a398eb36b73e6aca0fea",
    ),
}
EXPECTED_RECORDS = {
    "feed-001": (104, "545fbd0ba136060073b3d6d009cf0778e0fd393327e5539920df04de0489a291"),
    "feed-002": (107, "f96565457e7b09e2066524083293bf4d6bd78adefbabd030f915a62ee875a628"),
    "feed-003": (118, "1d4ef9ee990d2e09bf6cf2d290f66ec1ffe3e90d5d5caa1f96a58ef7dd4f6bdc"),
    "batch-001": (106, "55a2bbd468c7802fd7b15c3a5c8855f8365615df88bd8e697d1ebe7b539793cb"),
    None: (100, "301e22e222b42c5dbc5690b556044784fd21cc836a35741407ba1cfd30856e30"),
    "csv-001": (124, "ad6a8ce444c497325cff19a6065dc99a91e9f930c6744d5a2702e805751042ce"),
    "csv-002": (83, "4eda32a6aca44225343541cfe7ae9d3adb04bae79d86ac2e96e5a6cfa56effb6"),
}
HTML_SHA = "e1668d6c029d3cd24573b984ddeb87e2b6d03dc253bdea9a741dc5d41f27273c"  # h1 kept


@pytest.fixture
def db(tmp_path: Path):
    opened = Store(tmp_path / "t.sqlite3")
    yield opened
    opened.close()


def _read(path: Path, db: Store):
    return detect(path).read(path, db.schema)


def test_registry_names_and_detection() -> None:
    assert names() == [
        "brat",
        "csv",
        "doccano",
        "html",
        "json",
        "jsonl",
        "label-studio",
        "native",
        "spans-jsonl",
        "txt",
    ]
    assert detect(MIXED / "report.html").name == "html"
    assert detect(MIXED / "feed.jsonl").name == "jsonl"
    assert detect(MIXED / "batch.json").name == "json"
    assert detect(MIXED / "table.csv").name == "csv"
    with pytest.raises(UserError, match=r"unknown import format 'docx' \(known: brat, csv"):
        get("docx")


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("Headline\n\nBody.\n", encoding="utf-8")
    assert detect(path).name == "txt"
    (tmp_path / "x.Annotations.JSONL").write_text("{}\n", encoding="utf-8")
    assert detect(tmp_path / "x.Annotations.JSONL").name == "native"


@pytest.mark.parametrize("stem", sorted(EXPECTED_TXT))
def test_text_files_are_canonical(stem: str, db: Store) -> None:
    path = next(MIXED.rglob(f"{stem}.txt"))
    [doc] = _read(path, db).documents
    title, length, sha = EXPECTED_TXT[stem]
    assert (doc.title, len(doc.text), doc.text_sha256) == (title, length, sha)
    assert doc.doc_id == stem and doc.meta == {"source_file": path.name}
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert text_sha256(doc.text) == sha


def test_bom_crlf_keeps_astral_and_armenian(db: Store) -> None:
    [doc] = _read(MIXED / "bom-crlf.txt", db).documents
    assert "📍" in doc.text and "Գեղարքունիք" in doc.text
    [doc] = _read(MIXED / "utf16.txt", db).documents
    assert doc.text.count("Kəlbəcər") == 2


def test_json_and_csv_records(db: Store) -> None:
    seen = {}
    for name in ("feed.jsonl", "batch.json", "table.csv"):
        for doc in _read(MIXED / name, db).documents:
            key = None if doc.doc_id.startswith("sha256:") else doc.doc_id
            seen[key] = doc
            assert (len(doc.text), doc.text_sha256) == EXPECTED_RECORDS[key]
            assert "\r" not in doc.text
    assert set(seen) == set(EXPECTED_RECORDS)
    nameless = seen[None]
    assert nameless.doc_id == "sha256:" + EXPECTED_RECORDS[None][1][:16]
    assert nameless.title.startswith("Farmers near the line")
    assert seen["feed-001"].meta == {"outlet": "Steppe Observer", "date": "2024-02-05"}
    assert seen["csv-001"].meta == {"outlet": "Lake Sevan Herald", "date": "2024-04-10"}
    assert "\n" in seen["csv-001"].text
    assert seen["csv-002"].meta["outlet"] == '=HYPERLINK("http://example.invalid/","Caspian Wire")'


def test_html_visible_text_and_title(db: Store) -> None:
    [doc] = _read(MIXED / "report.html", db).documents
    assert doc.title == "Drone sighting over reservoir prompts complaint — Caspian Wire"
    assert doc.text_sha256 == HTML_SHA and len(doc.text) == 435
    assert "MUST NOT APPEAR" not in doc.text and "comment" not in doc.text
    assert "World" not in doc.text  # the nav menu is chrome, not the report
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Drone sighting over reservoir prompts formal complaint"
    assert paragraphs[2].index("📍") == 100
    assert 'complaint & called the flight "a deliberate provocation"' in paragraphs[2]


def test_html_details() -> None:
    text, title = visible_text(
        "<h1>First  heading</h1><div>a<br>b<br><br>c</div><pre>  x\n   y\n</pre>"
        "<svg><title>icon</title></svg><p>no&nbsp;break&#13;here</p>"
    )
    assert title == "First heading"
    assert text == "First heading\n\na\nb\n\nc\n\n  x\n   y\n\nno\u00a0break here"
    text, title = visible_text("<p>Only a paragraph</p>")
    assert (text, title) == ("Only a paragraph", "Only a paragraph")


def test_folder_import_is_recursive_and_idempotent(db: Store) -> None:
    files = collect_files([MIXED], None)
    assert [p.name for p, _ in files][-1] == "utf16.txt"
    assert any(p.name == "brief.txt" for p, _ in files)
    report, errors = import_paths(db, [MIXED], actor="tester")
    assert (report.added, report.skipped, report.files, errors) == (12, 0, 8, [])
    assert db.document_count() == 12
    again, _ = import_paths(db, [MIXED], actor="tester")
    assert (again.added, again.skipped) == (0, 12)
    assert db.document_count() == 12
    csv_doc = db.find_document("csv-002")
    assert csv_doc is not None and csv_doc.meta["outlet"].startswith("=HYPERLINK(")


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("binary.txt", "byte 3"),
        ("empty.txt", "empty file"),
        ("latin1.txt", "byte 9"),
        ("notext.csv", "line 1"),
        ("truncated.jsonl", "line 2"),
        ("wrongtype.jsonl", "line 2"),
    ],
)
def test_bad_files_fail_naming_file_and_place(name: str, place: str, db: Store) -> None:
    path = BAD / name
    with pytest.raises(UserError) as caught:
        import_paths(db, [path], actor="tester")
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and place in message
    assert "\n" not in message
    assert db.document_count() == 0
    assert db.stats().documents == 0


def test_bad_file_messages() -> None:
    with pytest.raises(UserError, match=r'no "text" column \(columns found: .*body'):
        read_all([BAD / "notext.csv"], None)  # type: ignore[arg-type]
    with pytest.raises(UserError, match=re.escape('line 2: "text" must be a string, not number')):
        read_all([BAD / "wrongtype.jsonl"], None)  # type: ignore[arg-type]


def test_all_bad_files_reported_together(db: Store) -> None:
    with pytest.raises(ReadErrors) as caught:
        import_paths(db, [BAD], actor="tester")
    assert len(caught.value.errors) == 6
    assert len(str(caught.value).splitlines()) == 6
    assert db.document_count() == 0


def test_one_bad_file_in_a_folder_writes_nothing(tmp_path: Path, db: Store) -> None:
    folder = tmp_path / "in"
    shutil.copytree(MIXED, folder)
    shutil.copy(BAD / "truncated.jsonl", folder / "nested" / "truncated.jsonl")
    with pytest.raises(UserError, match=re.escape("truncated.jsonl: line 2")):
        import_paths(db, [folder], actor="tester")
    assert db.document_count() == 0
    report, errors = import_paths(db, [folder], actor="tester", skip_bad=True)
    assert report.added == 12 and len(errors) == 1 and "truncated.jsonl: line 2" in errors[0]
    assert db.find_document("trunc-001") is None  # all-or-nothing per file


def test_collect_files_rules(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("h", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    files = collect_files([tmp_path, tmp_path / "a.txt"], None)
    assert [p.relative_to(tmp_path).as_posix() for p, _ in files] == ["a.txt", "b/z.txt"]
    with pytest.raises(UserError, match=r"notes\.docx: unknown file type \(supported: .*\.txt"):
        collect_files([tmp_path / "notes.docx"], None)
    assert collect_files([tmp_path / "notes.docx"], "txt")[0][1].name == "txt"
    with pytest.raises(UserError, match=re.escape("missing.txt: no such file or folder")):
        collect_files([tmp_path / "missing.txt"], None)
    only_csv = tmp_path / "only"
    only_csv.mkdir()
    with pytest.raises(UserError, match=re.escape("no files to import")):
        collect_files([only_csv], None)


def test_jsonl_record_errors(tmp_path: Path, db: Store) -> None:
    cases = {
        '{"text": "ok"}\n{"text": "a", "id": [1]}': 'line 2: "id" must be a string or an integer',
        '{"text": "a", "title": 3}': 'line 1: "title" must be a string, not number',
        '{"text": "a", "meta": "x"}': 'line 1: "meta" must be an object, not string',
        '{"title": "a"}': 'line 1: missing "text"',
        '{"text": " \\r\\n "}': 'line 1: "text" is empty',
        "[1]": "line 1: expected a JSON object, not array",
        '{"text": "a", "n": NaN}': "line 1: not valid JSON (NaN is not allowed)",
        '{"text": "a", "id": 1}\n\n{"text": "b", "id": "1"}': (
            "line 3: doc_id '1' is already used earlier in this import for a different text"
        ),
        '{"text": "a" "id": 1}': "line 1: not valid JSON (Expecting ',' delimiter at column 14)",
    }
    for number, (content, expected) in enumerate(cases.items()):
        path = tmp_path / f"case{number}.jsonl"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UserError) as caught:
            import_paths(db, [path], actor="tester")
        assert str(caught.value).startswith(f"{path}: {expected}"), str(caught.value)
    json_path = tmp_path / "list.json"
    json_path.write_text('[{"text": "a"}, {"text": "b"}, {"text": null}]', encoding="utf-8")
    with pytest.raises(
        UserError, match=re.escape('list.json: record 3: "text" must be a string, not null')
    ):
        import_paths(db, [json_path], actor="tester")
    assert db.document_count() == 0


def test_jsonl_extra_keys_go_to_meta_and_int_ids(tmp_path: Path, db: Store) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": 7, "text": "T\\r\\nbody", "lang": "en", "meta": {"a": 1}}\n\n')
    [doc] = _read(path, db).documents
    assert (doc.doc_id, doc.title, doc.text) == ("7", "T", "T\nbody")
    assert doc.meta == {"lang": "en", "a": 1}
    single = tmp_path / "one.json"
    single.write_text('{"text": "Only one"}', encoding="utf-8")
    assert len(_read(single, db).documents) == 1


def test_csv_details(tmp_path: Path, db: Store) -> None:
    path = tmp_path / "t.csv"
    path.write_text('Text,Note,\r\nfirst,=1+1\r\n\r\n"multi\r\nline",x,\r\n', encoding="utf-8")
    docs = _read(path, db).documents
    assert [d.text for d in docs] == ["first", "multi\nline"]
    assert docs[0].meta == {"Note": "=1+1", "column 3": ""}
    assert docs[1].source == f"{path}: line 4"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,ok\n2,\n", encoding="utf-8")
    with pytest.raises(UserError, match=re.escape("bad.csv: line 3: the text cell is empty")):
        _read(bad, db)
    wide = tmp_path / "wide.csv"
    wide.write_text("id,text\n1,ok,surprise\n", encoding="utf-8")
    with pytest.raises(
        UserError, match=re.escape("wide.csv: line 2: 3 cells, but the header has 2")
    ):
        _read(wide, db)


def test_doc_id_clash_across_files_writes_nothing(tmp_path: Path, db: Store) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text("One text", encoding="utf-8")
    (tmp_path / "b" / "report.txt").write_text("Another text", encoding="utf-8")
    with pytest.raises(
        UserError, match=re.escape("doc_id 'report' is already used earlier in this import for")
    ):
        import_paths(db, [tmp_path], actor="tester")
    assert db.document_count() == 0
    import_paths(db, [tmp_path / "a"], actor="tester")
    with pytest.raises(UserError, match=re.escape("already used by a stored document")):
        import_paths(db, [tmp_path / "b"], actor="tester")


def test_progress_and_cancel(db: Store) -> None:
    calls = []
    import_paths(
        db,
        [MIXED / "feed.jsonl", MIXED / "utf16.txt"],
        actor="t",
        progress=lambda *a: calls.append(a),
    )
    assert [(done, total) for done, total, _ in calls] == [(1, 2), (2, 2)]
    with pytest.raises(ImportCancelled, match=re.escape("nothing was stored")):
        import_paths(db, [MIXED / "table.csv"], actor="t", progress=lambda *_: False)
    assert db.find_document("csv-001") is None
    # The whole run is one transaction: a cancel after the first file keeps nothing either.
    with pytest.raises(ImportCancelled, match=re.escape("nothing was stored")) as caught:
        import_paths(
            db,
            [MIXED / "table.csv", MIXED / "batch.json"],
            actor="t",
            progress=lambda done, total, path: done < 2,
        )
    assert caught.value.report.added == 0
    assert db.find_document("csv-001") is None and db.find_document("batch-001") is None
