"""``annotator.io.atomic`` on real folders: files put in place together or not at all, and what
killed runs leave behind finished or removed by the next one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from annotator.errors import UserError
from annotator.io import atomic
from tests.faults import Faults


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def write_three(folder: Path, text: str) -> None:
    with atomic.new_files_in(folder) as staged:
        for name in ("a.png", "b.png", "c.png"):
            (staged / name).write_text(f"{name} {text}", encoding="utf-8")


def test_new_files_replace_theirs_and_keep_the_others(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    write_three(tmp_path, "old")
    write_three(tmp_path, "new")
    assert listing(tmp_path) == {
        "a.png": "a.png new",
        "b.png": "b.png new",
        "c.png": "c.png new",
        "notes.txt": "mine",
    }


def test_every_failing_operation_leaves_old_or_new_and_nothing_hidden(tmp_path: Path):
    write_three(tmp_path, "new")
    new = listing(tmp_path)
    write_three(tmp_path, "old")
    old = listing(tmp_path)
    with Faults(root=tmp_path) as counted:
        write_three(tmp_path, "old")
    for kind, count in counted.counts.items():
        for n in range(1, count + 1):
            write_three(tmp_path, "old")
            with Faults(kind, n, root=tmp_path) as faults, pytest.raises(UserError) as caught:
                write_three(tmp_path, "new")
            assert faults.fired and "\n" not in str(caught.value)
            assert listing(tmp_path) in (old, new), (kind, n)


def test_a_dead_runs_journal_is_finished_and_its_names_removed(tmp_path: Path) -> None:
    pid = dead_pid()
    for name in ("a", "b"):
        (tmp_path / name).write_text("old", encoding="utf-8")
        (tmp_path / f".{name}.~annotator-{pid}-00ff.tmp").write_text("new", encoding="utf-8")
    moves = [[f".{n}.~annotator-{pid}-00ff.tmp", n] for n in ("a", "b")]
    journal = tmp_path / f".a.~annotator-{pid}-0a0a.commit"
    journal.write_text(json.dumps({"moves": moves}), encoding="utf-8")
    (tmp_path / f".x.~annotator-{pid}-0b0b.tmp").mkdir()  # a half-written folder
    (tmp_path / "x.~annotator-1-0c0c.tmp").write_text("not hidden: not ours", encoding="utf-8")
    atomic.clean_leftovers(tmp_path)
    assert listing(tmp_path) == {
        "a": "new",
        "b": "new",
        "x.~annotator-1-0c0c.tmp": "not hidden: not ours",
    }


def test_names_of_a_live_process_are_left_alone(tmp_path: Path) -> None:
    with subprocess.Popen(["sleep", "30"]) as running:
        try:
            leftover = tmp_path / f".out.~annotator-{running.pid}-0d0d.tmp"
            leftover.mkdir()
            atomic.clean_leftovers(tmp_path)
            assert leftover.is_dir()  # another export writing there right now
        finally:
            running.kill()
    atomic.clean_leftovers(tmp_path)
    assert not leftover.exists()


def test_plots_are_not_written_over_a_folder_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "a.png").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        write_three(tmp_path, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]
