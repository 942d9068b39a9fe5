"""``annotator stats --plots DIR`` run as a subprocess: the statistics plots, headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import Span, Status, new_uid
from annotator.io.importers import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

PLOT_FILES = ["agreement_heatmap.png", "done_per_day.png", "label_f1.png", "spans_per_label.png"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the CLI sets it
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def db(db: Path | str) -> Path | str:
    """The samples with two annotators' spans, on each engine (conftest's ``db``)."""
    with Store.open(db) as store:
        import_paths(store, [SAMPLES], actor="lead")
        document = store.find_document("01-border-clash")
        assert document is not None
        start = document.text.index("Sotk")
        for annotator in ("alice", "bob"):
            span = Span(new_uid("s"), document.id, annotator, "location", start, start + 4, "Sotk")
            store.add_span(span)
            store.set_status(document.id, annotator, Status.DONE)
    return db


def load_png(path: Path) -> tuple[int, int]:
    from PySide6.QtGui import QImage  # QImage reads files without a QApplication

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull()
    return image.width(), image.height()


@pytest.mark.slow
def test_stats_plots_writes_four_pngs_and_lists_them(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "plots"
    result = run("stats", "--plots", folder, "--db", db)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == PLOT_FILES
    for name in PLOT_FILES:
        assert load_png(folder / name) == (900, 600)
        assert str(folder / name) in result.stdout
    assert "Spans per label" in result.stdout  # the usual tables are still printed


@pytest.mark.slow
def test_stats_plots_with_json_lists_the_files_and_works_on_an_empty_store(
    db_path: Path, tmp_path: Path
) -> None:
    Store.open(db_path).close()  # a new, empty database
    result = run("stats", "--json", "--plots", tmp_path / "plots", "--db", db_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 0
    assert sorted(Path(p).name for p in report["plots"]) == PLOT_FILES
    for path in report["plots"]:
        assert load_png(Path(path)) == (900, 600)


def test_a_folder_that_cannot_be_made_is_a_one_line_user_error(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("stats", "--plots", blocker / "plots", "--db", db)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("annotator: error: ")
    assert str(blocker / "plots") in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
