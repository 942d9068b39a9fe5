"""Output paths checked by what they are (``annotator.io.outputs``), on real files, links and
mounts; and the names brat files get."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from annotator.errors import UserError
from annotator.io.exporters.common import safe_name
from annotator.io.outputs import check_output, database_files, input_files, output_path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "work.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    return path


def refused(path: Path, protect, *, folder: bool = False) -> str:
    with pytest.raises(UserError) as caught:
        check_output(path, protect, folder=folder)
    message = str(caught.value)
    assert "\n" not in message and "refused" in message
    return message


@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_the_database_and_its_side_files_are_refused_even_before_they_exist(db: Path, side):
    assert "database" in refused(Path(f"{db}{side}"), database_files(db))


def test_other_spellings_of_the_database_are_refused(db: Path, tmp_path: Path) -> None:
    protect = database_files(db)
    (tmp_path / "data" / "sub").mkdir()
    refused(tmp_path / "data" / "sub" / ".." / "work.sqlite3", protect)
    (tmp_path / "file-link").symlink_to(db)
    refused(tmp_path / "file-link", protect)
    (tmp_path / "folder-link").symlink_to(db.parent)
    refused(tmp_path / "folder-link" / "work.sqlite3", protect)
    refused(tmp_path / "folder-link" / "work.sqlite3-wal", protect)
    os.link(db, tmp_path / "hard-link")
    assert "this is the database" in refused(tmp_path / "hard-link", protect)


def test_a_relative_output_is_compared_from_the_working_folder(db: Path, monkeypatch) -> None:
    monkeypatch.chdir(db.parent)
    refused(Path("work.sqlite3"), database_files(db))
    refused(Path("."), database_files(db), folder=True)
    refused(Path(""), database_files(db), folder=True)
    assert output_path(Path(".")) == db.parent


def test_folder_outputs_that_hold_the_database_are_refused(db: Path, tmp_path: Path) -> None:
    protect = database_files(db)
    assert "holds the database" in refused(db.parent, protect, folder=True)
    refused(tmp_path, protect, folder=True)  # any depth
    refused(Path("/"), protect, folder=True)
    (tmp_path / "link").symlink_to(db.parent)
    refused(tmp_path / "link", protect, folder=True)
    # A file output naming an existing folder would replace it too.
    refused(db.parent, protect)
    check_output(tmp_path / "elsewhere", protect, folder=True)  # new folder beside: fine
    check_output(db.parent / "export", protect, folder=True)  # a new folder inside: fine


def test_a_bind_mounted_view_of_the_folder_is_the_same_folder(db: Path, tmp_path: Path) -> None:
    view = tmp_path / "view"
    view.mkdir()
    if subprocess.run(["mount", "--bind", db.parent, view], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        refused(view, database_files(db), folder=True)  # different path, same folder
        refused(view / "work.sqlite3", database_files(db))
    finally:
        subprocess.run(["umount", view], check=True)


def test_inputs_are_protected_and_any_sqlite_file_is_refused(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.annotations.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    assert "input" in refused(source, input_files([source]))
    other = tmp_path / "backup.v1.sqlite3"
    other.write_bytes(db.read_bytes())
    assert "SQLite database" in refused(other, [])
    check_output(tmp_path / "fresh.jsonl", input_files([source]) + database_files(db))


def test_devices_and_pipes_are_never_replaced(tmp_path: Path) -> None:
    refused(Path("/dev/null"), [])
    os.mkfifo(tmp_path / "pipe")
    refused(tmp_path / "pipe", [])
    (tmp_path / "to-pipe").symlink_to(tmp_path / "pipe")
    assert "not a regular file" in refused(tmp_path / "to-pipe", [])


def test_names_too_long_and_symlink_loops_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="File name too long"):
        check_output(tmp_path / ("é" * 200), [])
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(UserError, match="symbolic links"):
        check_output(tmp_path / "a", [], folder=True)


def test_brat_names_fit_255_bytes_and_stay_unique_when_cut() -> None:
    taken: set[str] = set()
    long_cjk = "戰爭報告" * 40  # 480 bytes of UTF-8
    first = safe_name(long_cjk, taken, suffix_bytes=4)
    second = safe_name(long_cjk + "二", taken, suffix_bytes=4)
    third = safe_name(long_cjk, taken, suffix_bytes=4)
    for name in (first, second, third):
        assert len((name + ".txt").encode("utf-8")) <= 255
    assert len({first.casefold(), second.casefold(), third.casefold()}) == 3
    assert second.endswith("-2") and third.endswith("-3")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON", "_CON"),
        ("nul.report", "_nul.report"),
        ("Lpt9", "_Lpt9"),
        ("com¹", "_com¹"),
        ("console", "console"),
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
        ("tab\there\x00nul\x1b[31m", "tab_here_nul__31m"),
        ("trailing. ", "trailing._"),
        ("trailing..", "trailing"),
        ("...", "_"),
        ("Kəlbəcər Գեղարքունիք", "Kəlbəcər_Գեղարքունիք"),
        ("e\u0301", "é"),  # NFC: one name on every system
    ],
)
def test_brat_names_are_safe_on_windows(name: str, expected: str) -> None:
    assert safe_name(name, set()) == expected


def test_brat_names_differing_only_in_case_or_normal_form_get_numbers() -> None:
    taken: set[str] = set()
    names = [safe_name(n, taken) for n in ("Report", "report", "REPORT", "é", "e\u0301")]
    assert names == ["Report", "report-2", "REPORT-3", "é", "é-2"]
