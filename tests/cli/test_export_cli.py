"""``annotator export`` with every format, splits and the lost-information report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.io import exporters
from tests.cli.test_cli import run
from tests.conftest import ENGINES, engine_database
from tests.io.export_corpus import build


@pytest.fixture(scope="module", params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """The export corpus, once per engine for the module."""
    folder = tmp_path_factory.mktemp("corpus")
    where = engine_database(request, request.param, folder)
    corpus = build(where, folder)
    corpus.store.close()
    return where


@pytest.mark.parametrize("name", exporters.names())
def test_every_format_exports_with_a_split(db: Path, tmp_path: Path, name: str) -> None:
    exporter = exporters.get(name)
    out = tmp_path / ("out" if exporter.folder else f"out{exporter.suffix}")
    result = run(
        "export", "--format", name, "-o", out, "--split", "train=0.5,test=0.5", "--seed", "7",
        "--json", db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    documents = 3 if name == "native" else 2  # native exports every status by default
    assert list(report["splits"]) == ["train", "test"]
    assert sum(report["splits"].values()) == documents and all(report["splits"].values())
    assert all(Path(path).exists() for path in report["files"])
    if name != "native":
        assert Path(report["report"]).is_file()
        assert Path(report["report"]) in [Path(p) for p in report["files"]] or exporter.folder


def test_human_output_prints_what_was_lost(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "data.conll"
    result = run("export", "-f", "conll", "-o", out, "--annotator", "alice", db=db)
    assert result.returncode == 0, result.stderr
    assert "Not kept by conll:" in result.stdout
    assert "spans overlapping or nested in another span" in result.stdout
    assert f"Report: {out}.report.txt" in result.stdout
    text = (tmp_path / "data.conll.report.txt").read_text(encoding="utf-8")
    assert "annotators: alice" in text and "statuses: done" in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [("train=0.7,test=0.2", "add up to 0.9"), ("train=1.5,test=-0.5", "above 0")],
)
def test_bad_split_is_one_line_exit_2(db: Path, tmp_path: Path, spec: str, message: str):
    result = run("export", "-f", "hf", "-o", tmp_path / "hf", "--split", spec, db=db)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "hf").exists()


def test_import_format_lists_the_other_tools(tmp_path: Path) -> None:
    result = run("import", "--help")
    for name in ("brat", "doccano", "label-studio", "spans-jsonl"):
        assert name in result.stdout


def test_brat_export_imports_back_through_the_cli(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert run("export", "-f", "brat", "-o", out, "--annotator", "alice", db=db).returncode == 0
    target = tmp_path / "again.sqlite3"
    result = run("import", "--format", "brat", out, "--as", "alice", "--json", db=target)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["files"], report["added"], report["spans_added"]) == (2, 2, 16)


def test_a_report_beside_an_export_is_not_imported_as_an_article(db: Path, tmp_path: Path):
    folder = tmp_path / "exports"
    folder.mkdir()
    assert run("export", "-f", "doccano", "-o", folder / "d.jsonl", db=db).returncode == 0
    assert (folder / "d.jsonl.report.txt").is_file()
    result = run("import", folder, "--json", db=tmp_path / "again.sqlite3")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"] == 1  # d.jsonl (sniffed as doccano) only
