"""The screenshot script's team data, imported through the native importer, gives the
adjudication view every kind of conflict it shows in the README picture."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from annotator.core import adjudicate
from annotator.core.model import Status
from annotator.store import Store
from tests.conftest import REPO


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshot", REPO / "scripts" / "screenshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_team_data_has_conflicts_of_every_shown_kind(store: Store, tmp_path: Path) -> None:
    load_script().build_team(store, tmp_path)
    document = store.find_document("01-border-clash")
    assert document is not None
    statuses = store.statuses()[document.id]
    works = [
        adjudicate.Work(
            name,
            statuses[name][0],
            tuple(store.spans(document.id, name)),
            tuple(store.relations(document.id, name)),
        )
        for name in ("alice", "bob", "carol")
    ]
    assert all(work.status == Status.DONE for work in works)
    merged = adjudicate.document_merge(document, works, store.schema)
    kinds = sorted(conflict.kind for conflict in merged.conflicts)
    assert kinds == ["attribute", "boundary", "presence", "relation"]
    # Fixed ids and dates: the same pictures on every run.
    assert {span.uid for span in works[0].spans} >= {"s-alice-shelling", "s-alice-kalbajar"}
    assert statuses["alice"][1].startswith("2026-03-02")
