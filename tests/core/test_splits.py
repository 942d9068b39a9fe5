"""Deterministic document-level splits."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.core.splits import assign_splits, parse_split_spec, split_sizes
from annotator.core.text import text_sha256
from annotator.errors import UserError
from annotator.io import exporters, importers
from annotator.store import Store

SPEC = "train=0.8,validation=0.1,test=0.1"


def test_parse_keeps_order() -> None:
    assert parse_split_spec(SPEC) == {"train": 0.8, "validation": 0.1, "test": 0.1}
    assert list(parse_split_spec(" test = 0.5 , train=0.5 ")) == ["test", "train"]


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("", "empty"),
        ("train=0.8,test=0.1", "add up to 0.9"),
        ("train=0.5,train=0.5", "given twice"),
        ("train", "not NAME=FRACTION"),
        ("train=x,test=1", "not a number"),
        ("train=1.5,test=-0.5", "above 0"),
        ("9lives=1", "not a split name"),
        ("a/b=1", "not a split name"),
        ("train=nan", "above 0"),
    ],
)
def test_bad_specs_are_user_errors(spec: str, problem: str) -> None:
    with pytest.raises(UserError, match=problem):
        parse_split_spec(spec)


def test_proportions_are_exact_and_everything_is_assigned() -> None:
    shas = [text_sha256(f"document {i}") for i in range(1000)]
    assignment = assign_splits(shas, parse_split_spec(SPEC), seed=13)
    assert split_sizes(assignment, parse_split_spec(SPEC)) == {
        "train": 800,
        "validation": 100,
        "test": 100,
    }
    odd = assign_splits(shas[:7], {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert sorted(split_sizes(odd, {"a": 0, "b": 0, "c": 0}).values()) == [2, 2, 3]


def test_same_seed_same_split_whatever_the_order() -> None:
    shas = [text_sha256(f"document {i}") for i in range(200)]
    shuffled = shas[:]
    random.Random(5).shuffle(shuffled)
    fractions = parse_split_spec(SPEC)
    assert assign_splits(shas, fractions, 13) == assign_splits(shuffled, fractions, 13)
    assert assign_splits(shas, fractions, 13) != assign_splits(shas, fractions, 14)


def test_export_split_is_independent_of_import_order(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(40):
        (folder / f"t{i:02}.txt").write_text(f"Report number {i}.\n", encoding="utf-8")
    files = sorted(folder.iterdir())
    members = []
    for number, order in enumerate((files, files[::-1])):
        with Store.open(tmp_path / f"{number}.sqlite3") as store:
            for path in order:  # one import per file: database ids follow this order
                importers.import_paths(store, [path], actor="x")
            out = tmp_path / f"out{number}.jsonl"
            exporters.get("doccano").write(
                store,
                out,
                exporters.ExportOptions(split=parse_split_spec(SPEC), seed=13),
            )
            members.append(
                {
                    split: sorted(
                        json.loads(line)["doc_id"]
                        for line in out.with_name(f"out{number}.{split}.jsonl")
                        .read_text(encoding="utf-8")
                        .splitlines()
                    )
                    for split in ("train", "validation", "test")
                }
            )
    assert members[0] == members[1]
    assert [len(members[0][s]) for s in ("train", "validation", "test")] == [32, 4, 4]
