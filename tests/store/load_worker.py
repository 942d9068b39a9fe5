"""One of eight annotators labelling at once on one database (see test_load.py).

Usage: python load_worker.py DB SECONDS NAME OUT. Works as the window does, through core's
commands in one unit of work per action and an undo history based on what it wrote
itself: edits the shared spans' attributes (each edit based on the version just read, so
some go stale), adds spans of its own, sets the shared statuses, and undoes. Writes a JSON
report to OUT: every action it committed, in order, and every refusal.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core import commands
from annotator.core.commands import Command
from annotator.core.history import VersionedStore, WrittenVersions
from annotator.core.model import Status, new_uid
from annotator.errors import DatabaseBusyError, StaleEditError, UserError
from annotator.store import Store

SHARED = "shared"
FACTUALITY = ("asserted", "hedged", "denied")


class Annotator:
    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.name = name
        self.rng = random.Random(name)
        self.written = WrittenVersions()
        self.undo: list[Command] = []
        self.committed: list[dict[str, Any]] = []
        self.refused = {"stale": 0, "busy": 0}
        self.other: list[str] = []
        self.count = 0

    def unit(self, command: Command, *, undo: bool) -> bool:
        """Apply (or revert) one command in one unit of work; False if refused."""
        versioned = VersionedStore(self.store, self.written, history=undo)
        saved = dict(vars(command))  # a refused unit must not advance the command
        try:
            with self.store.unit_of_work():
                (command.revert if undo else command.apply)(versioned)
        except UserError as exc:
            vars(command).update(saved)
            if isinstance(exc, StaleEditError):
                self.refused["stale"] += 1
            elif isinstance(exc, DatabaseBusyError):
                self.refused["busy"] += 1
            else:
                self.other.append(str(exc))
            return False
        versioned.commit()
        self.committed.append(self.record(command, undo=undo))
        return True

    def record(self, command: Command, *, undo: bool) -> dict[str, Any]:
        if isinstance(command, commands.UpdateSpan):
            span = command.before if undo else command.after
            return {"kind": "update", "uid": span.uid, "version": self.written.versions[span.uid],
                    "note": span.note, "attributes": span.attributes}  # fmt: skip
        if isinstance(command, commands.CreateSpan):
            uid = command.span.uid
            return {"kind": "delete" if undo else "create", "uid": uid,
                    "version": self.written.versions[uid]}  # fmt: skip
        assert isinstance(command, commands.SetStatus) and command._previous is not None
        before, after = (command.status, command._previous) if undo else (
            command._previous, command.status)  # fmt: skip
        return {"kind": "status", "document": command.document_id,
                "before": before.value, "after": after.value}  # fmt: skip

    def edit_shared(self, documents: list[int]) -> None:
        spans = self.store.spans(self.rng.choice(documents), SHARED)
        seen = self.rng.choice(spans)
        time.sleep(self.rng.random() * 0.01)  # others write meanwhile: some copies go stale
        self.count += 1
        after = replace(
            seen,
            note=f"{self.name}:{self.count}",
            attributes={**seen.attributes, "factuality": self.rng.choice(FACTUALITY)},
        )
        self.act(commands.UpdateSpan(seen, after))

    def add_own(self, documents: list[int]) -> None:
        document = self.store.document(self.rng.choice(documents))
        start = self.rng.randrange(len(document.text) - 10)
        span = commands.make_span(
            document.text,
            document_id=document.id,
            annotator=self.name,
            label="claim",
            start=start,
            end=start + self.rng.randrange(1, 10),
            schema=self.store.schema,
        )
        self.act(commands.CreateSpan(replace(span, uid=new_uid("s"))))

    def set_status(self, documents: list[int]) -> None:
        document = self.rng.choice(documents)
        seen = self.store.status(document, SHARED)
        time.sleep(self.rng.random() * 0.01)
        target = self.rng.choice([s for s in Status if s is not seen])
        self.act(commands.SetStatus(document, SHARED, target, seen=seen))

    def act(self, command: Command) -> None:
        if self.unit(command, undo=False):
            self.undo.append(command)

    def undo_last(self) -> None:
        if self.undo and self.unit(self.undo[-1], undo=True):
            self.undo.pop()


def main() -> None:
    db, seconds, name, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    deadline = time.monotonic() + seconds
    with Store.open(db) as store:
        worker = Annotator(store, name)
        documents = [d.id for d in store.list_documents()]
        while time.monotonic() < deadline:
            roll = worker.rng.random()
            if roll < 0.4:
                worker.edit_shared(documents)
            elif roll < 0.6:
                worker.add_own(documents)
            elif roll < 0.8:
                worker.set_status(documents)
            else:
                worker.undo_last()
    report = {"committed": worker.committed, "refused": worker.refused, "other": worker.other}
    Path(out).write_text(json.dumps(report))


if __name__ == "__main__":
    main()
