"""bench/scale.py (``make bench-scale``): its table names every step at every size, and its
growth figures are the CPU time ratio, net of the start-up, over the size ratio."""

from __future__ import annotations

import argparse
import importlib
import re
import subprocess
import sys
from types import ModuleType

import pytest

from tests.conftest import REPO

STEPS = ("import label-studio", "export native", "merge", "agreement")


@pytest.fixture
def scale(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(REPO / "bench"))  # as when the script runs
    return importlib.import_module("scale")


@pytest.mark.slow
def test_the_quick_run_prints_every_step_at_every_size() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "scale.py"), "--quick", "--markdown"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    text, markdown = done.stdout.split("\n| step |")
    for step in STEPS:
        block = text.split(f"\n{step} (start-up, `annotator ", 1)[1].split("\n\n", 1)[0]
        sizes = [int(line.split()[0]) for line in block.splitlines()[2:]]
        assert sizes == [100, 200], block
        for size in (100, 200):
            unit = "documents" if step in STEPS[:2] else "versions"
            assert re.search(
                rf"^\| {step} \| {size} {unit} \| [\d.]+ \| [\d.]+ \| \d+ \|", markdown, re.M
            )
    database = text.split("database after import\n", 1)[1].splitlines()[1:3]
    assert [line.split()[:2] for line in database] == [["100", "1,000"], ["200", "2,000"]]
    assert re.search(
        r"^\| 200 \| 2,000 \| \d+ MB \| [\d,]+ \| [\d,]+ \| [\d,]+ \|$", markdown, re.M
    )


def test_growth_is_the_net_time_ratio_over_the_size_ratio(scale: ModuleType) -> None:
    def cpu(size: int, seconds: float):
        return scale.Measure("merge", size, seconds=99.0, cpu_seconds=seconds, peak_mb=100)

    startup = cpu(0, 1.0)
    # Net of the start-up: 2 s, then 6 s (linear), then 30 s (1.5 times linear), then none.
    rows = [cpu(10_000, 3.0), cpu(30_000, 7.0), cpu(100_000, 31.0), cpu(200_000, 0.5)]
    assert scale.growth(rows, startup) == ["", "1.00", "1.50", "-"]
    assert scale.per_thousand(rows[2], startup) == "0.300"
    assert scale.per_thousand(rows[3], startup) == "-"


def test_sizes_must_be_whole_multiples_of_the_team(scale: ModuleType) -> None:
    assert scale.parse_sizes("3000,1000,3000") == [1000, 3000]
    for bad in ("1000,15", "5", "1e3", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=r"multiple of 10|whole numbers"):
            scale.parse_sizes(bad)
