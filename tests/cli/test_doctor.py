"""``annotator doctor`` on real databases: healthy, damaged row by row, and with flipped bytes.

Damage is made with plain sqlite3 (foreign keys off), the way a bug or a crash of another
program would leave it; doctor must find each problem and change no byte.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.store.health import MAX_PROBLEMS_PER_CHECK
from tests.cli.in_process import cli, digest, team_database


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return team_database(tmp_path, capsys)


def damage(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:  # foreign keys are off in a plain connection
        for statement in statements:
            conn.execute(statement)
    conn.close()


def test_a_healthy_database_passes_and_is_not_changed(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(db)
    result = cli(capsys, "doctor", "--db", db)
    assert result.code == 0, result.out + result.err
    assert result.err == ""
    assert "no problems found (2 documents, 3 annotators, 10 spans, 3 relations)" in result.out
    as_json = cli(capsys, "doctor", "--db", db, "--json")
    report = json.loads(as_json.out)
    assert as_json.code == 0 and report["healthy"] is True and report["problems"] == []
    assert "integrity" in report["checks"] and "schema coverage" in report["checks"]
    assert digest(db) == before


# (statements that damage the team database, what doctor must say about it)
DAMAGE: dict[str, tuple[tuple[str, ...], str]] = {
    "span text differs": (
        ("UPDATE span SET text = 'Moscow' WHERE uid = 'a2'",),
        "spans: span a2: text 'Moscow' differs from the document's text[0:4] 'Baku'",
    ),
    "offsets beyond the text": (
        ("UPDATE span SET \"end\" = 100000 WHERE uid = 'a1'",),
        "spans: span a1: offsets 10-100000 outside 0-89",
    ),
    "empty range": (
        ("UPDATE span SET \"end\" = start WHERE uid = 'b1'",),
        "spans: span b1: offsets 10-10 outside",
    ),
    "float offset": (
        ("UPDATE span SET start = 0.5 WHERE uid = 'a2'",),
        "spans: span a2: offsets 0.5-4 are not whole numbers",
    ),
    "attributes not JSON": (
        ("UPDATE span SET attributes = '{\"outcome\": ' WHERE uid = 'a3'",),
        "spans: span a3: attributes are not a JSON object",
    ),
    "document text changed": (
        ("UPDATE document SET text = text || ' More.' WHERE doc_id = 'report-2'",),
        "documents: document report-2: length 62 but text has 68",
    ),
    "NUL in a text": (
        ("UPDATE document SET text = replace(text, 'calm', 'ca' || char(0) || 'm')",),
        "documents: document report-2: text holds a NUL character",
    ),
    "span without document": (
        ("UPDATE span SET document_id = 999 WHERE uid = 'c2'",),
        "orphans: span c2: its document (row 999) does not exist",
    ),
    "span without annotator": (
        ("UPDATE span SET annotator_id = 77 WHERE uid = 'c1'",),
        "orphans: span c1: its annotator (row 77) does not exist",
    ),
    "relation to a deleted span": (
        ("DELETE FROM span WHERE uid = 'a5'",),
        "orphans: relation ar2: its to span",
    ),
    "relation across documents": (
        (
            "UPDATE relation SET document_id = (SELECT id FROM document WHERE doc_id = 'report-1')"
            " WHERE uid = 'ar2'",
        ),
        "orphans: relation ar2: links span a4 of another document",
    ),
    "relation across annotators": (
        (
            "UPDATE relation SET to_span_id = (SELECT id FROM span WHERE uid = 'b2')"
            " WHERE uid = 'ar1'",
        ),
        "orphans: relation ar1: links span b2 of another annotator",
    ),
    "status without document": (
        ("INSERT INTO document_status VALUES (424242, 1, 'done', '2024-01-01T00:00:00Z')",),
        "orphans: status for document row 424242: the document does not exist",
    ),
    "unknown status": (
        ("UPDATE document_status SET status = 'finished' WHERE status = 'skipped'",),
        "'finished' is not a status",
    ),
    "unknown label": (
        ("UPDATE span SET label = 'person', attributes = '{}' WHERE uid = 'c1'",),
        "schema coverage: label person: not in schema 'contested-reports' 1.0; used by 1 span: c1",
    ),
    "unknown attribute": (
        ("UPDATE span SET attributes = '{\"mood\": \"grim\"}' WHERE uid = 'a4'",),
        "schema coverage: attribute claim.mood: not in schema",
    ),
    "unknown enum value": (
        ("UPDATE span SET attributes = '{\"claim_type\": \"rumour\"}' WHERE uid = 'a4'",),
        "schema coverage: enum value claim.claim_type=rumour: not in schema",
    ),
    "value of the wrong type": (
        ("UPDATE span SET attributes = '{\"outcome\": 5}' WHERE uid = 'a3'",),
        "schema coverage: value casualty_figure.outcome: enum, 5 is not one of",
    ),
    "unknown relation type": (
        ("UPDATE relation SET type = 'denies' WHERE uid = 'br1'",),
        "schema coverage: relation type denies: not in schema",
    ),
    "relation between labels it does not allow": (
        ("UPDATE span SET label = 'location', attributes = '{}' WHERE uid = 'a2'",),
        "schema coverage: relation ends attributed_to claim -> location",
    ),
    "stored schema edited behind the store's back": (
        (
            "UPDATE store_meta SET value = replace(value, 'Contested reports', 'Contested')"
            " WHERE key = 'label_schema'",
        ),
        "the stored label schema: its sha256",
    ),
    "stored schema not JSON": (
        ("UPDATE store_meta SET value = '{\"id\": [[[' WHERE key = 'label_schema'",),
        "schema coverage: the stored label schema: line 1",
    ),
    "a column lost from SQLite's own schema": (
        (
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'note VARCHAR', 'nota VARCHAR')"
            " WHERE name = 'span'",
        ),
        "tables: table span: columns missing: note",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_each_kind_of_damage_is_reported_without_changing_a_byte(
    db: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    statements, expected = DAMAGE[case]
    damage(db, *statements)
    before = digest(db)
    result = cli(capsys, "doctor", "--db", db)
    line = result.refused()
    assert expected in result.out, result.out
    problems = result.out.splitlines()
    if len(problems) == 1:
        assert line == f"annotator: error: {db}: 1 problem found: {problems[0]}"
    else:
        assert line == f"annotator: error: {db}: {len(problems)} problems found (above)"
    assert digest(db) == before


def test_json_lists_every_problem_with_its_check(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(
        db,
        "UPDATE span SET text = 'x' WHERE uid = 'b2'",
        "UPDATE span SET document_id = 999 WHERE uid = 'c2'",
        "UPDATE span SET label = 'person' WHERE uid = 'c1'",
    )
    result = cli(capsys, "doctor", "--db", db, "--json")
    result.refused()
    report = json.loads(result.out)
    assert report["healthy"] is False
    found = {(p["check"], p["where"]) for p in report["problems"]}
    assert found == {
        ("spans", "span b2"),
        ("orphans", "span c2"),
        ("schema coverage", "label person"),
    }
    assert report["counts"]["spans"] == 10


def test_many_problems_are_listed_up_to_a_limit_and_counted(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ", ".join(
        f"('x{i}', 999, 1, 'claim', 0, 1, 'B', '{{}}', '', '', '')" for i in range(1200)
    )
    damage(db, f'INSERT INTO span (uid, document_id, annotator_id, label, start, "end", text,'
               f" attributes, note, created_at, updated_at) VALUES {rows}")  # fmt: skip
    result = cli(capsys, "doctor", "--db", db)
    result.refused()
    orphans = [line for line in result.out.splitlines() if line.startswith("orphans:")]
    assert len(orphans) == MAX_PROBLEMS_PER_CHECK + 1
    assert orphans[-1] == f"orphans: {1200 - MAX_PROBLEMS_PER_CHECK} more problems like these"


def test_paths_that_hold_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.sqlite3"
    assert "no database here" in cli(capsys, "doctor", "--db", missing).refused()
    assert not missing.exists()
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database\n", encoding="utf-8")
    assert "not an SQLite database" in cli(capsys, "doctor", "--db", text).refused()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    cli(capsys, "doctor", "--db", empty).refused()
    assert empty.read_bytes() == b""
    assert "folder" in cli(capsys, "doctor", "--db", tmp_path).refused()


def _page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def _flipped(db: Path, target: Path, change: Callable[[bytearray], None]) -> Path:
    data = bytearray(db.read_bytes())
    change(data)
    target.write_bytes(bytes(data))
    return target


def test_a_document_text_damaged_on_disk_is_found(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = db.read_bytes()
    at = data.index(b"the ceasefire is holding")

    def flip(buffer: bytearray) -> None:
        buffer[at] ^= 0x20  # "the" -> "The": still valid UTF-8, a different text

    damaged = _flipped(db, tmp_path / "flipped.sqlite3", flip)
    result = cli(capsys, "doctor", "--db", damaged)
    result.refused()
    assert "documents: document report-2: text_sha256 does not match the text" in result.out


@pytest.mark.parametrize(
    ("replacement", "shown"),
    [
        (b"(\xbad)", "tables: stopped by the database"),  # no longer UTF-8
        (b"(ix)", "table document_status: its foreign keys are declared differently"),
    ],
)
def test_a_damaged_references_clause_is_a_report_not_a_bug(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], replacement: bytes, shown: str
) -> None:
    """SQLite refuses every foreign key check of a table whose REFERENCES clause names a
    column that does not exist; the tables check says why instead of a traceback."""
    data = db.read_bytes()
    clause = b"REFERENCES annotator (id)"
    at = data.index(clause, data.index(b"CREATE TABLE document_status")) + len(clause) - 4

    def garble(buffer: bytearray) -> None:
        buffer[at : at + 4] = replacement.ljust(4, b" ")[:4]

    damaged = _flipped(db, tmp_path / "garbled.sqlite3", garble)
    before = digest(damaged)
    result = cli(capsys, "doctor", "--db", damaged)
    result.refused()
    assert shown in result.out
    assert digest(damaged) == before


def test_a_truncated_database_is_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = db.read_bytes()
    cut = _flipped(
        db, tmp_path / "cut.sqlite3", lambda b: b.__delitem__(slice(len(data) // 2, None))
    )
    before = digest(cut)
    cli(capsys, "doctor", "--db", cut).refused()
    assert digest(cut) == before


def _cells(data: bytes, page: int, size: int) -> range:
    """The byte range of a page where SQLite keeps its cells (from the page header's
    cell content offset to the end of the page)."""
    header = page * size + (100 if page == 0 else 0)
    start = int.from_bytes(data[header + 5 : header + 7], "big") or 65536
    return range(page * size + min(start, size - 1), (page + 1) * size)


def _holds_cells(data: bytes, page: int, size: int) -> bool:
    """Whether a page is a b-tree page with at least one cell (not an empty table's root,
    a free page or an overflow page)."""
    header = page * size + (100 if page == 0 else 0)
    kind, cells = data[header], int.from_bytes(data[header + 3 : header + 5], "big")
    return kind in (2, 5, 10, 13) and cells > 0


@pytest.mark.slow
def test_flipped_bytes_in_every_page_give_a_report_never_a_traceback(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Byte flips where each page keeps its cells, and anywhere in it: doctor exits 0 (the
    flip hit free space or a part no check reads) or 2 with one line, and writes nothing."""
    data = db.read_bytes()
    size = _page_size(data)
    rng = random.Random(8)
    noticed: dict[bool, list[bool]] = {True: [], False: []}
    for page in range(len(data) // size):
        for trial in range(6):
            in_cells = trial < 4
            where = _cells(data, page, size) if in_cells else range(page * size, (page + 1) * size)
            offset, mask = rng.choice(where), rng.randrange(1, 256)

            def flip(buffer: bytearray, offset: int = offset, mask: int = mask) -> None:
                buffer[offset] ^= mask

            damaged = _flipped(db, tmp_path / f"p{page}-{trial}.sqlite3", flip)
            before = digest(damaged)
            result = cli(capsys, "doctor", "--db", damaged)
            assert result.code in (0, 2), (page, offset, mask, result.err)
            assert "Traceback" not in result.err and len(result.err_lines) == result.code // 2
            assert digest(damaged) == before, (page, offset, mask)
            if _holds_cells(data, page, size):  # a flip in an empty page has nothing to break
                noticed[in_cells].append(result.code == 2)
            damaged.unlink()
    cells = noticed[True]
    assert sum(cells) > 0.8 * len(cells), f"{sum(cells)} of {len(cells)} flips in cells noticed"


def test_sqlite_schema_text_that_is_not_utf8_is_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite quotes the garbled CREATE statement in its error, and Python then fails to
    decode the error message itself: still a report, not a traceback."""
    data = db.read_bytes()
    at = data.index(b"\tname VARCHAR NOT NULL")

    def garble(buffer: bytearray) -> None:
        buffer[at + len(b"\tname VARCHAR NOT N")] = 0xFF

    damaged = _flipped(db, tmp_path / "garbled.sqlite3", garble)
    before = digest(damaged)
    line = cli(capsys, "doctor", "--db", damaged).refused()
    assert "1 problem found: open:" in line and "damaged" in line
    assert digest(damaged) == before
