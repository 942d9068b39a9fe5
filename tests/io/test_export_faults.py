"""Exports under failing I/O and SIGKILL (issue 8, items 11 and 13): every open, write, fsync
and rename fails in turn, and the process is killed at chosen points. After each: exit 2 and
one line (or exit 0 where the failure was never reached), the old output or the new one
whole, never a mix, and no temporary file or folder left behind (after a kill: once the next
run in that folder has finished)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.io import atomic, exporters
from tests.conftest import REPO
from tests.faults import KINDS, Faults, KillServer
from tests.helpers import mount_tmpfs
from tests.io.export_corpus import build

SPLIT = ["--split", "train=0.5,test=0.5"]
ERRORS = {"open": errno.ENOSPC, "write": errno.ENOSPC, "fsync": errno.EIO, "rename": errno.EIO}
_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_LEFTOVER = re.compile(r"~annotator-\d+-[0-9a-f]+\.(tmp|old|commit)$")


def output_name(name: str) -> str:
    exporter = exporters.get(name)
    return "out" if exporter.folder else f"out{exporter.suffix}"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under ``folder`` (hidden ones too), timestamps and the folder's
    own path blanked so that two runs of the same export compare equal."""
    state: dict[str, bytes] = {}
    # Reports name the output's path; copies of the old output name the folder it came from.
    run = re.compile(re.escape(os.fsencode(folder.parent)) + rb"/[^/\s\"]+")
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_dir():
            state[key + "/"] = b""
        else:
            data = _TIME.sub(b"<time>", path.read_bytes())
            state[key] = run.sub(b"<run>", data)
    return state


def visible(state: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in state.items() if not any(_LEFTOVER.search(p) for p in k.split("/"))}


def export(db: Path, name: str, folder: Path, *extra: str) -> list[str]:
    return ["export", "-f", name, "-o", str(folder / output_name(name)), "--db", str(db), *extra]


def _memory_folder(fallback: Path) -> Iterator[Path]:
    """A folder in /dev/shm where there is one: the sweeps run hundreds of exports, and real
    fsyncs would only make them slow (the harness fails them before they happen anyway)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    with tempfile.TemporaryDirectory(dir=shm, prefix="annotator-faults-") as folder:
        yield Path(folder)


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    yield from _memory_folder(tmp_path)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    for folder in _memory_folder(tmp_path_factory.mktemp("corpus")):
        build(folder / "corpus.sqlite3", folder).store.close()
        yield folder / "corpus.sqlite3"


def outputs(db: Path, name: str, tmp_path: Path, capsys, extra: list[str]):
    """A folder holding the old output (alice only), and the new output's snapshot."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    assert main(export(db, name, old, "--annotator", "alice", *extra)) == 0
    assert main(export(db, name, new, *extra)) == 0
    capsys.readouterr()
    return old, snapshot(old), snapshot(new)


def count(db: Path, name: str, old: Path, folder: Path, extra: list[str]) -> Faults:
    """The operations of one export over a copy of the old output."""
    shutil.copytree(old, folder)
    with Faults(root=folder) as counted:
        assert main(export(db, name, folder, *extra)) == 0
    shutil.rmtree(folder)
    return counted


def sweep(
    db: Path, name: str, tmp_path: Path, capsys, extra: list[str], *, previous=True, kinds=KINDS
) -> int:
    """Fail every operation of every kind in turn; check the invariants after each."""
    old, old_state, new_state = outputs(db, name, tmp_path, capsys, extra)
    assert old_state != new_state
    if not previous:
        shutil.rmtree(old)
        old.mkdir()
        old_state = {}
    runs = 0
    for kind in kinds:
        counted = count(db, name, old, tmp_path / "count", extra)
        capsys.readouterr()
        assert counted.counts[kind] > 0, kind
        for n in range(1, counted.counts[kind] + 2):
            folder = tmp_path / f"{kind}-{n}"
            shutil.copytree(old, folder)
            with Faults(kind, n, error=ERRORS[kind], root=folder) as faults:
                code = main(export(db, name, folder, *extra))
            err = capsys.readouterr().err
            where = f"{name}: {kind} #{n}"
            if faults.fired:
                assert code == 2, f"{where}: {err}"
                assert len(err.strip().splitlines()) == 1, f"{where}: {err}"
                assert err.startswith("annotator: error: ") and os.strerror(ERRORS[kind]) in err
            else:
                assert code == 0 and n == counted.counts[kind] + 1, f"{where}: {err}"
            state = snapshot(folder)
            assert state in (old_state, new_state), f"{where}: {sorted(state)}"
            shutil.rmtree(folder)
            runs += 1
    return runs


def test_native_export_survives_every_failing_operation(db: Path, work: Path, capsys):
    assert sweep(db, "native", work, capsys, []) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("name", exporters.names())
def test_every_export_with_splits_survives_every_failing_operation(
    db: Path, work: Path, capsys, name: str
) -> None:
    sweep(db, name, work, capsys, SPLIT)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "kinds"), [("conll", KINDS), ("brat", ("fsync", "rename"))])
def test_a_failing_first_export_leaves_nothing(db: Path, work: Path, capsys, name, kinds):
    sweep(db, name, work, capsys, SPLIT, previous=False, kinds=kinds)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["brat", "csv"])
def test_folder_swap_through_the_journal_where_exchange_is_missing(
    db: Path, work: Path, capsys, monkeypatch, name: str
) -> None:
    monkeypatch.setattr(atomic, "exchange", lambda _first, _second: False)
    sweep(db, name, work, capsys, [], kinds=("open", "fsync", "rename"))


@pytest.mark.slow
def test_many_files_are_flushed_with_one_syncfs_that_may_fail_too(
    db: Path, work: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(atomic, "_SYNCFS_FROM", 1)
    sweep(db, "brat", work, capsys, [], kinds=("fsync",))


# ---- real file systems: full and read-only ---------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    folder = tmp_path / "disk"
    mount_tmpfs(folder, "size=256k")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("name", ["hf", "conll", "native"])
def test_export_onto_a_full_disk_is_one_line_and_leaves_the_old_output(
    db: Path, small_disk: Path, capsys, name: str
) -> None:
    assert main(export(db, name, small_disk, "--annotator", "alice")) == 0
    capsys.readouterr()
    before = snapshot(small_disk)
    filler = small_disk / "filler"
    with pytest.raises(OSError) as full, filler.open("wb", buffering=0) as handle:
        while True:  # fill the disk to the last block
            handle.write(bytes(4096))
    assert full.value.errno == errno.ENOSPC
    assert main(export(db, name, small_disk, *SPLIT)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "No space left on device" in err
    filler.unlink()
    assert snapshot(small_disk) == before


def test_export_into_a_read_only_folder_is_one_line_and_changes_nothing(
    db: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "ro"
    mount_tmpfs(folder, "size=1m")
    try:
        assert main(export(db, "brat", folder, "--annotator", "alice")) == 0
        capsys.readouterr()
        before = snapshot(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        for name in ("brat", "conll"):
            assert main(export(db, name, folder)) == 2
            err = capsys.readouterr().err
            assert len(err.strip().splitlines()) == 1 and "Read-only file system" in err
        assert snapshot(folder) == before
    finally:
        subprocess.run(["umount", str(folder)], check=True)


# ---- SIGKILL ----------------------------------------------------------------------------------


def _points(count: int, kind: str) -> list[int]:
    """Every rename; the first and the last three of the others (around the swap). The
    in-process sweeps above fail every single operation."""
    if kind == "rename":
        return list(range(1, count + 1))
    return sorted({1, *range(max(1, count - 2), count + 1)})


@pytest.fixture(scope="module")
def killer(db: Path, tmp_path_factory: pytest.TempPathFactory):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork()")
    folder = tmp_path_factory.mktemp("killer")
    server = KillServer(REPO, log=folder / "log.txt")
    for name in ("brat", "label-studio"):  # loads what every fork would load again
        assert server.run(None, 0, folder, export(db, name, folder)) == 0
    yield server
    server.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "extra", "no_exchange"),
    [
        ("brat", [], False),
        ("brat", [], True),
        ("conll", SPLIT, False),
        ("label-studio", [], False),
    ],
)
def test_a_kill_at_any_point_leaves_old_or_new_and_the_next_run_cleans_up(
    db: Path, work: Path, capsys, killer, name: str, extra: list[str], no_exchange: bool
) -> None:
    old, old_state, new_state = outputs(db, name, work, capsys, extra)
    with pytest.MonkeyPatch.context() as patch:
        if no_exchange:  # count as the killed run will run
            patch.setattr(atomic, "exchange", lambda _first, _second: False)
        counted = count(db, name, old, work / "count", extra)
    capsys.readouterr()
    # One exchange puts a folder in place whole at every instant; otherwise a kill between
    # renames leaves a mix (or no folder) until the next run finishes the journal.
    whole_at_every_instant = exporters.get(name).folder and not no_exchange
    finished_by_the_next_run = 0
    for kind in KINDS:
        for n in _points(counted.counts[kind], kind):
            folder = work / f"kill-{kind}-{n}"
            shutil.copytree(old, folder)
            code = killer.run(kind, n, folder, export(db, name, folder, *extra), no_exchange)
            where = f"{name} (exchange: {not no_exchange}): kill at {kind} #{n}"
            assert code == -signal.SIGKILL, where
            state = visible(snapshot(folder))
            assert all(state[k] in (old_state.get(k), new_state.get(k)) for k in state), where
            if whole_at_every_instant:
                assert state in (old_state, new_state), where
            finished_by_the_next_run += state not in (old_state, new_state)
            other = folder / "other.annotations.jsonl"  # the next run, into the same folder
            assert main(["export", "-f", "native", "-o", str(other), "--db", str(db)]) == 0
            capsys.readouterr()
            other.unlink()
            assert snapshot(folder) in (old_state, new_state), where  # and nothing hidden
            shutil.rmtree(folder)
    # The kills did reach the window between renames where the journal is needed.
    assert finished_by_the_next_run > 0 or whole_at_every_instant
